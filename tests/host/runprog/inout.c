/* Reads the files PAGODA_FILES put in its working directory and leaves
 * files for PAGODA_OUT to bring back. */
#include <stdio.h>
#include <sys/stat.h>

int main(void)
{
	char line[100];
	FILE *f = fopen("data.txt", "r"), *g = fopen("indir/sub.txt", "r");

	if (!f || !g) {
		perror("fopen");
		return 1;
	}
	while (fgets(line, sizeof(line), f))
		printf("data: %s", line);
	while (fgets(line, sizeof(line), g))
		printf("sub: %s", line);
	fclose(f);
	fclose(g);
	mkdir("outdir", 0755);
	f = fopen("outdir/result.txt", "w");
	fprintf(f, "result 42\n");
	fclose(f);
	return 3;
}
