/*
 * user/lib/regex.c - a small regular-expression matcher for grep and sed.
 *
 * POSIX basic regular expressions, the part scripts use: a literal
 * character, `.` (any), `[abc]`, `[a-z]`, `[^...]` (a set), `*` after any
 * of those (zero or more), `^` at the start and `$` at the end (anchors),
 * and `\` before a character to take it literally.  No groups, no `\{m,n\}`
 * and no back-references.  The matcher is Kernighan and Pike's: try every
 * starting place from the left; `*` takes as many as it can and gives back
 * one at a time until the rest matches, so the match found is the leftmost,
 * and the longest from there, as POSIX wants for these patterns.
 */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include "ulib.h"

/* The length of the one-character item at re (a literal, `.`, `\c` or a
 * [set]); 0 at the end of the pattern. */
static size_t item_len(const char *re)
{
	if (!*re)
		return 0;
	if (*re == '\\' && re[1])
		return 2;
	if (*re != '[')
		return 1;
	const char *p = re + 1;
	if (*p == '^')
		p++;
	if (*p == ']')			/* a ']' first is a member */
		p++;
	while (*p && *p != ']')
		p++;
	return *p ? (size_t)(p - re + 1) : 1;	/* an unclosed '[' is literal */
}

static bool same(char a, char b, bool icase)
{
	return icase ? tolower((unsigned char)a) == tolower((unsigned char)b) : a == b;
}

/* Does character c match the item at re (item_len(re) bytes long)? */
static bool item_matches(const char *re, size_t len, char c, bool icase)
{
	if (len == 2 && re[0] == '\\')
		return same(re[1], c, icase);
	if (len == 1)
		return *re == '.' || same(*re, c, icase);
	bool negate = re[1] == '^', found = false;
	const char *p = re + 1 + negate, *end = re + len - 1;
	for (bool first = true; p < end; p++, first = false) {
		if (*p == ']' && !first)
			break;
		if (p + 2 < end && p[1] == '-') {
			char lo = p[0], hi = p[2];
			unsigned char u = c, l = tolower(u), up = toupper(u);
			found |= (u >= (unsigned char)lo && u <= (unsigned char)hi) ||
				 (icase && ((l >= (unsigned char)lo && l <= (unsigned char)hi) ||
					    (up >= (unsigned char)lo && up <= (unsigned char)hi)));
			p += 2;
		} else {
			found |= same(*p, c, icase);
		}
	}
	return found != negate;
}

/* Does re match the text starting at s?  On success *end is where the
 * match stops. */
static bool match_here(const char *re, const char *s, bool icase, const char **end)
{
	for (;;) {
		if (!*re) {
			*end = s;
			return true;
		}
		if (re[0] == '$' && !re[1]) {
			*end = s;
			return !*s;
		}
		size_t len = item_len(re);
		if (re[len] == '*') {
			const char *t = s;
			while (*t && item_matches(re, len, *t, icase))
				t++;
			for (; t >= s; t--)		/* longest first */
				if (match_here(re + len + 1, t, icase, end))
					return true;
			return false;
		}
		if (!*s || !item_matches(re, len, *s, icase))
			return false;
		re += len;
		s++;
	}
}

/* Find the leftmost (then longest) match of re in text, from text + from;
 * true with [*start, *end) its offsets, false if there is none. */
bool re_search(const char *re, const char *text, size_t from, bool icase,
	       size_t *start, size_t *end)
{
	const char *e;

	if (re[0] == '^') {
		if (from || !match_here(re + 1, text, icase, &e))
			return false;
		*start = 0;
		*end = e - text;
		return true;
	}
	for (const char *s = text + from;; s++) {
		if (match_here(re, s, icase, &e)) {
			*start = s - text;
			*end = e - text;
			return true;
		}
		if (!*s)
			return false;
	}
}
