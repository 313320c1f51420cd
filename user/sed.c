/*
 * user/sed.c - a small stream editor.
 *
 *   sed [-n] [-e SCRIPT]... [SCRIPT] [FILE]...
 *
 * A script is commands separated by `;` or newlines, each with up to two
 * addresses (a line number, `$` for the last line, or /RE/; two make a
 * range) and one of: s/RE/REPLACEMENT/[g][p] (`&` in REPLACEMENT is the
 * match, `\n` a newline, `\c` a literal c; any delimiter may replace `/`),
 * p (print), d (delete, next cycle), q (print, then quit), = (print the
 * line number).  -n: no automatic print.  REs are basic regular
 * expressions (user/lib/regex.c).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/ulib.h"

struct addr { long line; bool last; char *re; };	/* line 0: none */
struct cmd {
	struct addr a1, a2;
	bool in_range;
	char op;
	char *re, *rep;		/* s */
	bool global, print;	/* s's flags */
};

static struct cmd cmds[64];
static int ncmds;
static bool no_print;

static void die(const char *what)
{
	fprintf(stderr, "sed: -e expression: %s\n", what);
	exit(1);
}

/* Copy the text up to delimiter d at *p into a new string, taking "\d"
 * as d; *p ends after the delimiter. */
static char *delimited(const char **p, char d)
{
	char *out = malloc(strlen(*p) + 1), *o = out;

	for (; **p && **p != d; (*p)++) {
		if (**p == '\\' && (*p)[1] == d)
			(*p)++;
		else if (**p == '\\' && (*p)[1])
			*o++ = *(*p)++;
		*o++ = **p;
	}
	if (**p != d)
		die("unterminated address regex or `s' command");
	(*p)++;
	*o = '\0';
	return out;
}

static const char *parse_addr(const char *p, struct addr *a)
{
	if (*p >= '0' && *p <= '9')
		a->line = strtol(p, (char **)&p, 10);
	else if (*p == '$')
		a->last = true, p++;
	else if (*p == '/')
		p++, a->re = delimited(&p, '/');
	return p;
}

/* Parse one command at p into c; returns where the next one starts. */
static const char *parse_cmd(const char *p, struct cmd *c)
{
	p = parse_addr(p, &c->a1);
	if (*p == ',')
		p = parse_addr(p + 1, &c->a2);
	while (*p == ' ')
		p++;
	c->op = *p ? *p++ : 0;
	if (c->op == 's') {
		char d = *p++;
		if (!d || d == '\n' || d == '\\')
			die("unterminated `s' command");
		c->re = delimited(&p, d);
		c->rep = delimited(&p, d);
		for (; *p == 'g' || *p == 'p'; p++)
			*p == 'g' ? (c->global = true) : (c->print = true);
	} else if (!strchr("pdq=", c->op) || !c->op) {
		die("unknown command");
	}
	while (*p == ' ' || *p == ';' || *p == '\n')
		p++;
	return p;
}

static void parse_script(const char *p)
{
	while (*p == ' ' || *p == ';' || *p == '\n')
		p++;
	while (*p) {
		if (ncmds == (int)(sizeof(cmds) / sizeof(cmds[0])))
			die("too many commands");
		p = parse_cmd(p, &cmds[ncmds++]);
	}
}

static bool addr_matches(const struct addr *a, const char *line, long n, bool last)
{
	size_t s, e;

	if (a->re)
		return re_search(a->re, line, 0, false, &s, &e);
	return a->last ? last : a->line == n;
}

/* Does command c apply to line n?  Tracks c's range. */
static bool selected(struct cmd *c, const char *line, long n, bool last)
{
	bool has1 = c->a1.line || c->a1.last || c->a1.re;
	bool has2 = c->a2.line || c->a2.last || c->a2.re;

	if (!has1)
		return true;
	if (!has2)
		return addr_matches(&c->a1, line, n, last);
	if (c->in_range) {
		if (addr_matches(&c->a2, line, n, last) || (c->a2.line && n >= c->a2.line))
			c->in_range = false;
		return true;
	}
	if (!addr_matches(&c->a1, line, n, last))
		return false;
	c->in_range = !(c->a2.line && c->a2.line <= n) && !(c->a2.last && last);
	return true;
}

/* The s command on *line (reallocated); true if it replaced anything. */
static bool substitute(const struct cmd *c, char **line)
{
	size_t cap = 256, len = 0, from = 0, s, e;
	char *out = malloc(cap);
	const char *in = *line;
	bool done = false;

	size_t last_end = (size_t)-1;	/* end of the previous non-empty match */

	while (from <= strlen(in) && re_search(c->re, in, from, false, &s, &e)) {
		if (e == s && s == last_end) {	/* empty, right after a match */
			if (!in[s])
				break;
			if (len + (s - from) + 2 >= cap)
				out = realloc(out, cap = 2 * (len + (s - from) + 2));
			memcpy(out + len, in + from, s - from + 1);
			len += s - from + 1;
			from = s + 1;
			continue;
		}
		if (e > s)
			last_end = e;
		size_t need = len + (s - from) + strlen(c->rep) * (e - s + 1) + 2;
		if (need >= cap)
			out = realloc(out, cap = 2 * need);
		memcpy(out + len, in + from, s - from);
		len += s - from;
		for (const char *r = c->rep; *r; r++) {
			if (*r == '&') {
				memcpy(out + len, in + s, e - s);
				len += e - s;
			} else if (*r == '\\' && r[1]) {
				r++;
				out[len++] = *r == 'n' ? '\n' : *r;
			} else {
				out[len++] = *r;
			}
		}
		done = true;
		if (e == s) {		/* an empty match: keep one character */
			if (in[e])
				out[len++] = in[e];
			e++;
		}
		from = e;
		if (!c->global)
			break;
	}
	if (!done) {
		free(out);
		return false;
	}
	size_t rest = from <= strlen(in) ? strlen(in + from) : 0;
	out = realloc(out, len + rest + 1);
	memcpy(out + len, in + from, rest);
	out[len + rest] = '\0';
	free(*line);
	*line = out;
	return true;
}

/* Run the script on one line; false when q says to stop. */
static bool cycle(char **line, long n, bool last)
{
	for (int i = 0; i < ncmds; i++) {
		struct cmd *c = &cmds[i];
		if (!selected(c, *line, n, last))
			continue;
		switch (c->op) {
		case 's':
			if (substitute(c, line) && c->print)
				printf("%s\n", *line);
			break;
		case 'p': printf("%s\n", *line); break;
		case '=': printf("%ld\n", n); break;
		case 'd': return true;
		case 'q':
			if (!no_print)
				printf("%s\n", *line);
			return false;
		}
	}
	if (!no_print)
		printf("%s\n", *line);
	return true;
}

static char **inputs;		/* the files still to read; NULL: stdin */
static int ninputs, status;

/* The next line of the input files read as one stream (without its
 * newline), in storage of its own; NULL at the end. */
static char *read_line(void)
{
	static FILE *f;
	static bool stdin_used;

	for (;;) {
		if (!f && !inputs) {
			if (stdin_used)
				return NULL;
			f = stdin;
			stdin_used = true;
		}
		if (!f) {
			if (!ninputs)
				return NULL;
			if (!(f = fopen(*inputs, "r"))) {
				fprintf(stderr, "sed: can't read %s: %s\n", *inputs, strerror(errno));
				status = 2;
			}
			inputs++, ninputs--;
			continue;
		}
		char *line = NULL;
		size_t cap = 0;
		ssize_t len = getline(&line, &cap, f);
		if (len >= 0) {
			if (len && line[len - 1] == '\n')
				line[len - 1] = '\0';
			return line;
		}
		free(line);
		if (f != stdin)
			fclose(f);
		f = NULL;
	}
}

int main(int argc, char **argv)
{
	int i = 1;
	bool scripted = false;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-n"))
			no_print = true;
		else if (!strcmp(argv[i], "-e") && i + 1 < argc)
			parse_script(argv[++i]), scripted = true;
		else
			die("unknown option");
	}
	if (!scripted) {
		if (i == argc)
			die("no script");
		parse_script(argv[i++]);
	}
	if (i < argc) {
		inputs = argv + i;
		ninputs = argc - i;
	}
	long n = 0;
	char *cur = read_line();
	while (cur) {
		char *next = read_line();
		bool go_on = cycle(&cur, ++n, !next);
		free(cur);
		cur = next;
		if (!go_on)
			break;
	}
	return status;
}
