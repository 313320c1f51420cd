/*
 * user/pmap.c - the memory map of a process, like procps pmap.
 *
 *   pmap PID...      (PID may be "self": pmap's own map)
 *
 * One line per VMA from /proc/PID/maps: start address, size in KiB, mode
 * (r, w, x, then s for a shared mapping) and what is mapped - a file's
 * name, [ stack ], [ heap ] or [ anon ].  The last line is the total.
 * Unlike procps, which shows the heap as [ anon ], pmap names it here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The label of a maps line's path column, as pmap prints it. */
static const char *label(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!strcmp(path, "[stack]"))
		return "  [ stack ]";
	if (!strcmp(path, "[heap]"))
		return "  [ heap ]";
	if (path[0] != '/')
		return "  [ anon ]";
	return slash + 1;
}

/* Print "PID:   command line" from /proc/PID/cmdline. */
static void header(const char *pid)
{
	char path[64], cmd[512];
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	if ((f = fopen(path, "r"))) {
		n = fread(cmd, 1, sizeof(cmd) - 1, f);
		fclose(f);
	}
	for (size_t i = 0; i + 1 < n; i++)
		if (cmd[i] == '\0')
			cmd[i] = ' ';
	cmd[n] = '\0';
	if (!strcmp(pid, "self"))
		printf("%d:   %s\n", getpid(), cmd);
	else
		printf("%s:   %s\n", pid, cmd);
}

/* Show the map of one process; 0, or -1 if it has none to read. */
static int pmap(const char *pid)
{
	char path[64], line[512], perms[8], name[400];
	unsigned long start, end, total = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "pmap: %s: %s\n", pid, strerror(errno));
		return -1;
	}
	header(pid);
	while (fgets(line, sizeof(line), f)) {
		name[0] = '\0';
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %399[^\n]", &start, &end,
			   perms, name) < 3)
			continue;
		char mode[6] = { perms[0], perms[1], perms[2],
				 perms[3] == 's' ? 's' : '-', '-', '\0' };
		printf("%016lx %6luK %s %s\n", start, (end - start) >> 10, mode,
		       label(name));
		total += end - start;
	}
	fclose(f);
	printf(" total %16luK\n", total >> 10);
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: pmap PID...\n");
		return 1;
	}
	for (int i = 1; i < argc; i++)
		if (pmap(argv[i]) < 0)
			status = 1;
	return status;
}
