/*
 * user/hexdump.c - show bytes in hex and ASCII, like `hexdump -C`.
 *
 *   hexdump [-C] [FILE]...
 *
 * 16 bytes a line: the offset, the bytes in two groups of 8, and the
 * printable ones between bars.  A run of lines equal to the one above is
 * shown as a single "*".  The files are dumped as one stream.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned char line[16], prev[16];
static size_t fill;		/* bytes in line */
static unsigned long offset;	/* of line[0] */
static bool squeezing;		/* a "*" stands for the lines since prev */

/* Print line[0..fill), or "*" for a repeat of the previous full line. */
static void flush_line(void)
{
	if (fill == 16 && offset > 0 && !memcmp(line, prev, 16)) {
		if (!squeezing)
			puts("*");
		squeezing = true;
	} else {
		squeezing = false;
		printf("%08lx ", offset);
		for (size_t i = 0; i < 16; i++)
			printf(i < fill ? "%s %02x" : "%s   ", i == 8 ? " " : "", line[i]);
		printf("  |");
		for (size_t i = 0; i < fill; i++)
			putchar(line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '.');
		printf("|\n");
	}
	memcpy(prev, line, 16);
	offset += fill;
	fill = 0;
}

/* Feed fd's bytes through the line buffer; 0, or -1 on a read error. */
static int dump(int fd)
{
	unsigned char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			line[fill++] = buf[i];
			if (fill == 16)
				flush_line();
		}
	}
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	int status = 0, i = 1;

	if (i < argc && !strcmp(argv[i], "-C"))
		i++;
	if (i == argc && dump(STDIN_FILENO) < 0) {
		perror("hexdump: stdin");
		status = 1;
	}
	for (; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0 || dump(fd) < 0) {
			fprintf(stderr, "hexdump: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	if (fill)
		flush_line();
	if (offset)
		printf("%08lx\n", offset);
	return status;
}
