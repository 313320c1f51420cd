/*
 * user/wc.c - count lines, words and bytes.
 *
 *   wc [-l] [-w] [-c] [FILE]...
 *
 * Without options all three are shown.  Columns are as wide as the
 * total byte count (at least 7 if an input is not a regular file),
 * like GNU wc.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct counts {
	unsigned long lines, words, bytes;
};

static bool show_lines, show_words, show_bytes;

/* Count fd into c; 0, or -1 on a read error. */
static int count(int fd, struct counts *c)
{
	static char buf[8192];
	bool in_word = false;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += n;
		for (ssize_t i = 0; i < n; i++) {
			bool space = buf[i] == ' ' || (buf[i] >= '\t' && buf[i] <= '\r');
			c->lines += buf[i] == '\n';
			c->words += in_word && space;
			in_word = !space;
		}
	}
	c->words += in_word;
	return n < 0 ? -1 : 0;
}

static void print(const struct counts *c, int width, const char *name)
{
	const char *sep = "";

	if (show_lines) {
		printf("%*lu", width, c->lines);
		sep = " ";
	}
	if (show_words) {
		printf("%s%*lu", sep, width, c->words);
		sep = " ";
	}
	if (show_bytes)
		printf("%s%*lu", sep, width, c->bytes);
	printf(name ? " %s\n" : "\n", name);
}

int main(int argc, char **argv)
{
	int opt, status = 0, width = 1;

	while ((opt = getopt(argc, argv, "lwc")) != -1) {
		if (opt == 'l')
			show_lines = true;
		else if (opt == 'w')
			show_words = true;
		else if (opt == 'c')
			show_bytes = true;
		else
			return 1;
	}
	if (!show_lines && !show_words && !show_bytes)
		show_lines = show_words = show_bytes = true;
	int nfiles = argc - optind, ninputs = nfiles ? nfiles : 1;
	struct counts *c = calloc(ninputs, sizeof(*c)), total = { 0, 0, 0 };
	bool *ok = calloc(ninputs, sizeof(*ok)), irregular = false;
	for (int i = 0; i < ninputs; i++) {
		const char *name = nfiles ? argv[optind + i] : "-";
		int fd = nfiles ? open(name, O_RDONLY) : STDIN_FILENO;
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0 || count(fd, &c[i]) < 0) {
			fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
			status = 1;
		} else {
			ok[i] = true;
			irregular |= !S_ISREG(st.st_mode);
		}
		if (fd > STDIN_FILENO)
			close(fd);
		total.lines += c[i].lines;
		total.words += c[i].words;
		total.bytes += c[i].bytes;
	}
	/* One number alone needs no padding; else GNU's width rule. */
	for (unsigned long b = total.bytes; b >= 10; b /= 10)
		width++;
	if (irregular && width < 7)
		width = 7;
	if (ninputs == 1 && show_lines + show_words + show_bytes == 1)
		width = 1;
	for (int i = 0; i < ninputs; i++)
		if (ok[i])
			print(&c[i], width, nfiles ? argv[optind + i] : NULL);
	if (nfiles > 1)
		print(&total, width, "total");
	return status;
}
