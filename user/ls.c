/*
 * user/ls.c - list directory contents.
 *
 *   ls [-a] [-l] [FILE]...
 *
 * -a shows names starting with '.', -l the long form: mode, links, size,
 * name (and a symbolic link's target).  Names are sorted by strcmp; on a
 * terminal the short form is laid out in columns, one name a line
 * otherwise.  Exit status 2 if an operand could not be listed, like GNU.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

struct entry {
	char *name;		/* as shown */
	char *path;		/* for lstat and readlink */
	struct stat st;
};

static bool all, longform;
static int status;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

/* "drwxr-xr-x": the file type letter and the nine permission bits. */
static void mode_string(mode_t m, char *s)
{
	static const char types[] = "?pc?d?b?-?l?s???";

	s[0] = types[(m >> 12) & 15];
	for (int i = 0; i < 9; i++)
		s[1 + i] = m & (0400 >> i) ? "rwx"[i % 3] : '-';
	if (m & S_ISUID)
		s[3] = s[3] == 'x' ? 's' : 'S';
	if (m & S_ISGID)
		s[6] = s[6] == 'x' ? 's' : 'S';
	if (m & S_ISVTX)
		s[9] = s[9] == 'x' ? 't' : 'T';
	s[10] = '\0';
}

static int digits(unsigned long v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* The long form, with the links and size columns as wide as needed. */
static void print_long(struct entry *e, int n)
{
	int wl = 1, ws = 1;
	char mode[11], target[256];

	for (int i = 0; i < n; i++) {
		if (digits(e[i].st.st_nlink) > wl)
			wl = digits(e[i].st.st_nlink);
		if (digits(e[i].st.st_size) > ws)
			ws = digits(e[i].st.st_size);
	}
	for (int i = 0; i < n; i++) {
		mode_string(e[i].st.st_mode, mode);
		printf("%s %*lu %*ld %s", mode, wl, (unsigned long)e[i].st.st_nlink,
		       ws, (long)e[i].st.st_size, e[i].name);
		ssize_t len;
		if (S_ISLNK(e[i].st.st_mode) &&
		    (len = readlink(e[i].path, target, sizeof(target) - 1)) >= 0) {
			target[len] = '\0';
			printf(" -> %s", target);
		}
		putchar('\n');
	}
}

/* The short form: columns filled top to bottom on a terminal. */
static void print_short(struct entry *e, int n)
{
	struct winsize ws;
	int width = 0, cols = 80;

	if (!isatty(STDOUT_FILENO)) {
		for (int i = 0; i < n; i++)
			puts(e[i].name);
		return;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	for (int i = 0; i < n; i++)
		if ((int)strlen(e[i].name) > width)
			width = strlen(e[i].name);
	width += 2;
	int ncols = cols / width > 0 ? cols / width : 1;
	int nrows = (n + ncols - 1) / ncols;
	for (int r = 0; r < nrows; r++) {
		for (int c = 0; c < ncols && c * nrows + r < n; c++) {
			int i = c * nrows + r;
			bool last = c == ncols - 1 || i + nrows >= n;
			printf("%-*s", last ? 0 : width, e[i].name);
		}
		putchar('\n');
	}
}

static void print_entries(struct entry *e, int n)
{
	qsort(e, n, sizeof(*e), by_name);
	if (longform)
		print_long(e, n);
	else
		print_short(e, n);
}

/* List the directory at path; the entries live until the next call. */
static void list_dir(const char *path)
{
	static struct entry *e;
	static int cap;
	int n = 0;
	DIR *d = opendir(path);
	struct dirent *de;

	if (!d) {
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", path,
			strerror(errno));
		status = 2;
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && !all)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			e = realloc(e, cap * sizeof(*e));
		}
		e[n].name = strdup(de->d_name);
		e[n].path = malloc(strlen(path) + strlen(de->d_name) + 2);
		sprintf(e[n].path, "%s/%s", path, de->d_name);
		if (longform && lstat(e[n].path, &e[n].st) < 0) {
			fprintf(stderr, "ls: cannot access '%s': %s\n", e[n].path,
				strerror(errno));
			status = 1;
			continue;
		}
		n++;
	}
	closedir(d);
	print_entries(e, n);
	for (int i = 0; i < n; i++) {
		free(e[i].name);
		free(e[i].path);
	}
}

int main(int argc, char **argv)
{
	int opt, nfiles = 0, ndirs = 0;

	while ((opt = getopt(argc, argv, "al")) != -1) {
		if (opt == 'a')
			all = true;
		else if (opt == 'l')
			longform = true;
		else
			return 2;
	}
	char *dot[] = { ".", NULL };
	char **ops = optind < argc ? argv + optind : dot;
	int nops = optind < argc ? argc - optind : 1;
	struct entry *files = calloc(nops, sizeof(*files));
	char **dirs = calloc(nops, sizeof(*dirs));

	/* Operands: files are listed first, together; then each directory. */
	for (int i = 0; i < nops; i++) {
		struct entry *f = &files[nfiles];
		/* -l shows a symbolic link itself; otherwise what it points to. */
		if ((longform || stat(ops[i], &f->st) < 0) &&
		    lstat(ops[i], &f->st) < 0) {
			fprintf(stderr, "ls: cannot access '%s': %s\n", ops[i],
				strerror(errno));
			status = 2;
		} else if (S_ISDIR(f->st.st_mode)) {
			dirs[ndirs++] = ops[i];
		} else {
			f->name = f->path = ops[i];
			nfiles++;
		}
	}
	print_entries(files, nfiles);
	for (int i = 0; i < ndirs; i++) {
		if (nops > 1)
			printf("%s%s:\n", nfiles || i ? "\n" : "", dirs[i]);
		list_dir(dirs[i]);
	}
	return status;
}
