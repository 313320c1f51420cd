/*
 * user/sh/edit.c - reading command lines, with line editing, history and
 * tab completion when the shell reads a terminal.
 *
 * On a terminal the line is read in raw mode (no ICANON, no ECHO, one
 * byte at a time) and redrawn after each key: the prompt, the line, an
 * erase to the end of the screen line, and the cursor moved back to where
 * it is in the line.  Keys as readline's defaults: printable characters
 * insert, Backspace deletes before the cursor, Left/Right (or ^B/^F)
 * move, Home/End (or ^A/^E) jump, Up/Down (or ^P/^N) walk the history of
 * the last 64 lines, Tab completes the word before the cursor (a command
 * from the builtins and $PATH for the first word, else a path; on several
 * matches their common prefix, and a second Tab lists them), ^U kills to
 * the start, ^C cancels the line, ^D on an empty line ends input.  Not on
 * a terminal, a line is read up to its newline.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include "sh.h"

#define HISTORY 64

static char *history[HISTORY];
static int nhistory;			/* lines ever added */

struct line { char *buf; size_t size, len, pos; const char *prompt; };

/* Read one line up to its newline, from a file or pipe. */
static int read_plain(int fd, char *line, size_t size)
{
	size_t n = 0;
	char c;

	for (;;) {
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			return -2;
		if (r <= 0 && n == 0)
			return -1;
		if (r <= 0 || c == '\n')
			break;
		if (n < size - 1)
			line[n++] = c;
	}
	line[n] = '\0';
	if (n == size - 1)
		fprintf(stderr, "sh: line too long, cut to %zu bytes\n", n);
	return n;
}

/* Draw the prompt and the line, and put the cursor at l->pos. */
static void redraw(const struct line *l)
{
	fprintf(stderr, "\r\033[K%s%.*s", l->prompt, (int)l->len, l->buf);
	if (l->len > l->pos)
		fprintf(stderr, "\033[%zuD", l->len - l->pos);
}

static void insert(struct line *l, const char *s, size_t n)
{
	if (l->len + n >= l->size)
		return;
	memmove(l->buf + l->pos + n, l->buf + l->pos, l->len - l->pos);
	memcpy(l->buf + l->pos, s, n);
	l->len += n;
	l->pos += n;
}

static void set_text(struct line *l, const char *s)
{
	l->len = l->pos = 0;
	insert(l, s, strlen(s));
}

/* The last '/' of [w, w + n), or NULL. */
static const char *last_slash(const char *w, size_t n)
{
	while (n-- > 0)
		if (w[n] == '/')
			return w + n;
	return NULL;
}

/* Add the candidates for word [w, w + n) to names: a command name when
 * first, else a path (directories get a '/'). */
static int candidates(const char *w, size_t n, bool first, char **names, int max)
{
	static const char *const builtins[] = { "cd", "exit", "export", "unset", "wait", NULL };
	const char *slash = last_slash(w, n);
	char dir[512] = ".", path[1024];
	int count = 0;

	if (first && !slash)
		for (int i = 0; builtins[i] && count < max; i++)
			if (!strncmp(builtins[i], w, n))
				names[count++] = strcat(strcpy(malloc(strlen(builtins[i]) + 2),
								 builtins[i]), " ");
	if (slash)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - w + 1), w);
	else if (first)
		snprintf(dir, sizeof(dir), "/bin");
	const char *base = slash ? slash + 1 : w;
	size_t blen = w + n - base;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) && count < max) {
		if (strncmp(e->d_name, base, blen) || (e->d_name[0] == '.' && !blen))
			continue;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		bool is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
		snprintf(path, sizeof(path), "%s%s", e->d_name, is_dir ? "/" : " ");
		names[count++] = strdup(path);
	}
	if (d)
		closedir(d);
	return count;
}

/* Tab: complete the word before the cursor; list the candidates when
 * there is nothing to add and this is the second Tab in a row. */
static void complete(struct line *l, bool again)
{
	char *names[128];
	size_t w = l->pos;

	while (w > 0 && l->buf[w - 1] != ' ')
		w--;
	size_t b = w;
	while (b > 0 && l->buf[b - 1] == ' ')
		b--;
	bool first = b == 0 || strchr("|;&", l->buf[b - 1]);
	int n = candidates(l->buf + w, l->pos - w, first, names, 128);
	size_t typed = l->pos - w, common = n ? strlen(names[0]) : 0;
	for (int i = 1; i < n; i++)
		for (size_t j = 0; j < common; j++)
			if (names[i][j] != names[0][j]) {
				common = j;
				break;
			}
	const char *base = last_slash(l->buf + w, typed);
	size_t have = base ? (size_t)(l->buf + l->pos - base - 1) : typed;
	if (n == 1 || common > have)
		insert(l, names[0] + have, common - have);
	else if (n > 1 && again) {
		fputc('\n', stderr);
		for (int i = 0; i < n; i++)
			fprintf(stderr, "%s%s", names[i], i + 1 < n ? "  " : "\n");
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
}

/* An escape sequence after ESC: the key it stands for, as a control
 * character (^B ^F ^A ^E ^P ^N), or 0. */
static int escape_key(int fd)
{
	char c[3] = { 0 };

	if (read(fd, &c[0], 1) != 1 || (c[0] != '[' && c[0] != 'O'))
		return 0;
	if (read(fd, &c[1], 1) != 1)
		return 0;
	if (c[1] >= '0' && c[1] <= '9' && (read(fd, &c[2], 1) != 1 || c[2] != '~'))
		return 0;
	switch (c[1]) {
	case 'A': return 'P' - 64;
	case 'B': return 'N' - 64;
	case 'C': return 'F' - 64;
	case 'D': return 'B' - 64;
	case 'H': case '1': case '7': return 'A' - 64;
	case 'F': case '4': case '8': return 'E' - 64;
	case '3': return 127 + 1;	/* Delete: the character under the cursor */
	}
	return 0;
}

/* Apply key c to l; returns 1 when the line is done, -1 at end of input,
 * -2 on ^C, else 0.  *h is the history entry shown (nhistory: the line
 * being typed, kept in saved). */
static int key(int fd, struct line *l, int c, int *h, char *saved, bool *tabbed)
{
	bool tab = false;

	if (c == 27)
		c = escape_key(fd);
	switch (c) {
	case '\r': case '\n': return 1;
	case 'C' - 64: return -2;
	case 'D' - 64:
		if (!l->len)
			return -1;
		/* fall through */
	case 128:		/* Delete, or ^D in a line: as readline */
		if (l->pos < l->len)
			memmove(l->buf + l->pos, l->buf + l->pos + 1, l->len-- - l->pos - 1);
		break;
	case 127: case 'H' - 64:
		if (l->pos > 0) {
			memmove(l->buf + l->pos - 1, l->buf + l->pos, l->len - l->pos);
			l->pos--, l->len--;
		}
		break;
	case 'B' - 64: l->pos -= l->pos > 0; break;
	case 'F' - 64: l->pos += l->pos < l->len; break;
	case 'A' - 64: l->pos = 0; break;
	case 'E' - 64: l->pos = l->len; break;
	case 'U' - 64:
		memmove(l->buf, l->buf + l->pos, l->len - l->pos);
		l->len -= l->pos, l->pos = 0;
		break;
	case 'P' - 64: case 'N' - 64: {
		int oldest = nhistory > HISTORY ? nhistory - HISTORY : 0;
		int to = *h + (c == 'P' - 64 ? -1 : 1);
		if (to < oldest || to > nhistory)
			break;
		if (*h == nhistory)
			snprintf(saved, l->size, "%.*s", (int)l->len, l->buf);
		*h = to;
		set_text(l, to == nhistory ? saved : history[to % HISTORY]);
		break;
	}
	case '\t':
		complete(l, *tabbed);
		tab = true;
		break;
	default:
		if (c >= 32 && c < 127) {
			char ch = c;
			insert(l, &ch, 1);
		}
	}
	*tabbed = tab;
	return 0;
}

/* Remember line in the history (not empty lines or a repeat). */
static void remember(const char *line)
{
	if (!*line || (nhistory && !strcmp(history[(nhistory - 1) % HISTORY], line)))
		return;
	free(history[nhistory % HISTORY]);
	history[nhistory++ % HISTORY] = strdup(line);
}

int read_command_line(int fd, char *line, size_t size, bool interactive,
		      const char *prompt)
{
	struct termios saved_tty, raw;

	if (!interactive || tcgetattr(fd, &saved_tty) < 0) {
		if (interactive)
			fputs(prompt, stderr);
		return read_plain(fd, line, size);
	}
	raw = saved_tty;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG);
	raw.c_cc[VMIN] = 1;
	tcsetattr(fd, TCSANOW, &raw);
	char *saved = calloc(1, size);
	struct line l = { line, size, 0, 0, prompt };
	int h = nhistory, r = 0;
	bool tabbed = false;
	redraw(&l);
	while (!r) {
		unsigned char c;
		ssize_t n = read(fd, &c, 1);
		if (n <= 0) {
			r = n < 0 && errno == EINTR ? -2 : -1;
			break;
		}
		size_t len = l.len, pos = l.pos;
		r = key(fd, &l, c, &h, saved, &tabbed);
		if (r)
			break;
		if (pos == len && l.pos == l.len && l.len == len + 1)
			fputc(l.buf[len], stderr);	/* typed at the end: echo it */
		else if (l.len != len || l.pos != pos || c == '\t')
			redraw(&l);
	}
	free(saved);
	tcsetattr(fd, TCSANOW, &saved_tty);
	line[l.len] = '\0';
	fputs(r == -2 ? "^C\n" : "\n", stderr);
	if (r == -1 && l.len)
		r = 1;
	if (r != 1)
		return r;
	remember(line);
	return l.len;
}
