/*
 * user/sh/glob.c - pathname expansion: a word with *, ? or [...] becomes
 * the sorted list of existing paths it matches, one component at a time
 * (`/bin/s*`, `d/` then `*.c`).  As POSIX says, `*` and `?` do not match
 * a leading `.` of a name, a word that matches nothing stays as it is, and
 * quoted characters are not special (sh.c calls this only for words that
 * had an unquoted one).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sh.h"

bool has_glob(const char *word)
{
	return strpbrk(word, "*?[") != NULL;
}

/* Has [p, end) a glob character? */
static bool has_glob_n(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p == '*' || *p == '?' || *p == '[')
			return true;
	return false;
}

/* Does name match pattern [p, end) (one component)? */
static bool match(const char *p, const char *end, const char *name)
{
	for (; p < end; p++, name++) {
		if (*p == '*') {
			for (const char *n = name + strlen(name); n >= name; n--)
				if (match(p + 1, end, n))
					return true;
			return false;
		}
		if (!*name)
			return false;
		if (*p == '?')
			continue;
		if (*p == '[') {
			const char *q = p + 1;
			bool negate = *q == '!' || *q == '^', found = false;
			q += negate;
			for (bool first = true; q < end && (*q != ']' || first); q++, first = false) {
				if (q + 2 < end && q[1] == '-' && q[2] != ']') {
					found |= *name >= q[0] && *name <= q[2];
					q += 2;
				} else {
					found |= *name == *q;
				}
			}
			if (q < end) {		/* a closed set */
				if (found == negate)
					return false;
				p = q;
				continue;
			}
		}
		if (*p != *name)
			return false;
	}
	return !*name;
}

struct list { char **v; int n, cap; };

static void add(struct list *l, const char *dir, const char *name, size_t dirlen)
{
	if (l->n + 2 > l->cap)
		l->v = realloc(l->v, (l->cap = l->cap ? 2 * l->cap : 16) * sizeof(char *));
	char *s = malloc(dirlen + strlen(name) + 2);
	memcpy(s, dir, dirlen);
	strcpy(s + dirlen, name);
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

/* Expand the components from pat on, below the path prefix (its first
 * len bytes, ending in '/' or empty), adding every match to l. */
static void expand(struct list *l, char *prefix, size_t len, const char *pat)
{
	const char *end = strchr(pat, '/'), *comp_end = end ? end : pat + strlen(pat);

	if (!has_glob_n(pat, comp_end)) {
		size_t n = comp_end - pat;
		struct stat st;
		memcpy(prefix + len, pat, n);
		prefix[len + n] = '\0';
		if (lstat(prefix, &st) < 0)
			return;
		if (!end)
			add(l, prefix, "", len + n);
		else
			prefix[len + n] = '/', expand(l, prefix, len + n + 1, end + 1);
		return;
	}
	prefix[len] = '\0';
	DIR *d = opendir(len ? prefix : ".");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' && *pat != '.')
			continue;
		if (!match(pat, comp_end, e->d_name))
			continue;
		size_t n = strlen(e->d_name);
		if (len + n + 2 >= 4096)
			continue;
		memcpy(prefix + len, e->d_name, n + 1);
		if (!end) {
			add(l, prefix, "", len + n);
		} else {
			prefix[len + n] = '/';
			expand(l, prefix, len + n + 1, end + 1);
		}
	}
	if (d)
		closedir(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **glob_paths(const char *pattern)
{
	static char prefix[4096];
	struct list l = { 0 };
	size_t len = 0;

	if (*pattern == '/') {		/* absolute: start at the root */
		prefix[0] = '/';
		len = 1;
		pattern++;
	}
	expand(&l, prefix, len, pattern);
	if (l.n)
		qsort(l.v, l.n, sizeof(char *), by_name);
	return l.v;
}
