/*
 * user/sh/compound.c - the shell's statements: lists of and-or items
 * separated by `;`, newlines and `&`, where an item is a simple pipeline
 * (run by sh.c's run_line) or a compound command:
 *
 *   for NAME in WORD...; do LIST; done
 *   while LIST; do LIST; done        until LIST; do LIST; done
 *   if LIST; then LIST; [elif LIST; then LIST;]... [else LIST;] fi
 *
 * A compound command is kept as text and cut into its parts by scanning
 * raw tokens (words with their quotes, and operators), counting nested
 * for/while/until/if against done/fi; each part is run again through
 * run_list when its turn comes, so $NAME in a loop body is expanded on
 * every pass, as in any POSIX shell.  Keywords count only where a command
 * starts.  Not supported: a compound command inside a pipeline, break,
 * continue, case, functions and subshells.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

enum { R_END, R_WORD, R_SEP, R_AND, R_OR, R_AMP, R_PIPE };

/* The raw token at *p: its kind, with [*start, *p) its text after the
 * call.  Quotes and backslashes are kept in words; a # comment is skipped. */
static int raw_token(const char **p, const char **start)
{
	const char *s = *p;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '#')
		s += strcspn(s, "\n");
	*start = s;
	if (!*s) {
		*p = s;
		return R_END;
	}
	if (*s == ';' || *s == '\n') {
		*p = s + 1;
		return R_SEP;
	}
	if (*s == '&' || *s == '|') {
		bool twice = s[1] == *s;
		*p = s + 1 + twice;
		return *s == '&' ? (twice ? R_AND : R_AMP) : (twice ? R_OR : R_PIPE);
	}
	char q = 0;
	for (; *s && (q || !strchr(" \t;\n&|", *s) ||
		      (*s == '&' && s > *start && strchr("<>", s[-1]))); s++) {
		if (*s == '\\' && s[1] && q != '\'')
			s++;
		else if ((*s == '\'' || *s == '"') && (!q || q == *s))
			q = q ? 0 : *s;
	}
	*p = s;
	return R_WORD;
}

static bool word_is(const char *start, const char *end, const char *kw)
{
	return (size_t)(end - start) == strlen(kw) && !strncmp(start, kw, end - start);
}

/* Is the word [s, e) one after which a command starts? */
static bool leads_command(const char *s, const char *e)
{
	static const char *const kws[] = { "do", "then", "else", "elif", "if",
					   "while", "until", "!", NULL };

	for (int i = 0; kws[i]; i++)
		if (word_is(s, e, kws[i]))
			return true;
	return false;
}

static bool opens(const char *s, const char *e)
{
	return word_is(s, e, "for") || word_is(s, e, "while") ||
	       word_is(s, e, "until") || word_is(s, e, "if");
}

static bool closes(const char *s, const char *e)
{
	return word_is(s, e, "done") || word_is(s, e, "fi");
}

/* Scan from p for the first keyword of set (NULL-terminated) where a
 * command starts, at nesting depth 0; returns its start (*after: the text
 * after it), or NULL if the text ends first. */
static const char *find_keyword(const char *p, const char *const *set,
				const char **after)
{
	int depth = 0;
	bool at_command = true;
	const char *s;
	int t;

	while ((t = raw_token(&p, &s)) != R_END) {
		if (t != R_WORD) {
			at_command = true;
			continue;
		}
		if (at_command && depth == 0)
			for (int i = 0; set[i]; i++)
				if (word_is(s, p, set[i])) {
					*after = p;
					return s;
				}
		if (at_command && opens(s, p))
			depth++;
		else if (at_command && closes(s, p) && depth > 0)
			depth--;
		at_command = at_command && leads_command(s, p);
	}
	return NULL;
}

/* Does text leave a compound command open (so that more lines must be
 * read before it can run)? */
bool sh_incomplete(const char *text)
{
	static const char *const ends[] = { "done", "fi", NULL };
	const char *p = text, *s, *after;
	bool at_command = true;
	int t;

	while ((t = raw_token(&p, &s)) != R_END) {
		if (t != R_WORD) {
			at_command = true;
			continue;
		}
		if (at_command && opens(s, p)) {
			if (!find_keyword(p, ends, &after))
				return true;
			p = after;
			at_command = false;
			continue;
		}
		at_command = leads_command(s, p);
	}
	return false;
}

/* Run the text [s, e) as a list. */
static void run_part(const char *s, const char *e)
{
	char *text = strndup(s, e - s);

	run_list(text);
	free(text);
}

/* for NAME in WORD...; do BODY done, p after "for"; returns the text
 * after "done", or NULL after a syntax error. */
static const char *run_for(const char *p)
{
	static const char *const do_kw[] = { "do", NULL }, *const done_kw[] = { "done", NULL };
	const char *s, *name_s, *name_e, *words_s, *body, *after_body, *end;
	int t = raw_token(&p, &name_s);

	name_e = p;
	if (t != R_WORD)
		return NULL;
	words_s = p;
	if (raw_token(&p, &s) == R_WORD && word_is(s, p, "in"))
		words_s = p;
	else
		p = words_s;
	const char *dos = find_keyword(p, do_kw, &body);
	if (!dos || !(end = find_keyword(body, done_kw, &after_body)))
		return NULL;
	char *name = strndup(name_s, name_e - name_s);
	const char *list_end = dos;
	while (list_end > words_s && strchr(" \t;\n", list_end[-1]))
		list_end--;
	char *list = strndup(words_s, list_end - words_s);
	char **words = expand_words(list);
	set_status(0);
	for (int i = 0; words && words[i]; i++) {
		setenv(name, words[i], 1);
		run_part(body, end);
	}
	free_words(words);
	free(list);
	free(name);
	return after_body;
}

/* while/until COND; do BODY done, p after the keyword; until if until. */
static const char *run_while(const char *p, bool until)
{
	static const char *const do_kw[] = { "do", NULL }, *const done_kw[] = { "done", NULL };
	const char *body, *after, *dos = find_keyword(p, do_kw, &body), *end;
	int st = 0;

	if (!dos || !(end = find_keyword(body, done_kw, &after)))
		return NULL;
	for (;;) {
		run_part(p, dos);
		if ((last_status() == 0) == until)
			break;
		run_part(body, end);
		st = last_status();
	}
	set_status(st);
	return after;
}

/* if COND; then LIST [elif COND; then LIST]... [else LIST] fi, p after
 * "if". */
static const char *run_if(const char *p)
{
	static const char *const then_kw[] = { "then", NULL },
			  *const branch_end[] = { "elif", "else", "fi", NULL },
			  *const fi_kw[] = { "fi", NULL };
	const char *body, *next, *kw, *after;

	for (;;) {
		const char *then = find_keyword(p, then_kw, &body);
		if (!then || !(kw = find_keyword(body, branch_end, &next)))
			return NULL;
		run_part(p, then);
		bool taken = last_status() == 0;
		if (taken)
			run_part(body, kw);
		if (taken || word_is(kw, next, "fi")) {
			if (!taken)
				set_status(0);
			if (!word_is(kw, next, "fi") && !find_keyword(next, fi_kw, &next))
				return NULL;
			return next;
		}
		if (word_is(kw, next, "else")) {
			const char *fi = find_keyword(next, fi_kw, &after);
			if (!fi)
				return NULL;
			run_part(next, fi);
			return after;
		}
		p = next;		/* elif */
	}
}

/* Run the compound command at s (its keyword [s, p)); returns the text
 * after it, or NULL after a syntax error (reported here). */
static const char *run_compound(const char *s, const char *p)
{
	const char *after = word_is(s, p, "for") ? run_for(p) :
			    word_is(s, p, "if") ? run_if(p) :
			    run_while(p, word_is(s, p, "until"));

	if (!after) {
		fprintf(stderr, "sh: syntax error: unfinished %.*s\n", (int)(p - s), s);
		set_status(2);
	}
	return after;
}

/* The end of the simple item starting at p: the first ; newline && || or
 * & outside quotes (raw tokens); *kind is that operator (R_END at the end). */
static const char *item_end(const char *p, int *kind)
{
	const char *s, *q = p;
	int t;

	while ((t = raw_token(&q, &s)) == R_WORD || t == R_PIPE)
		;
	*kind = t;
	return s;
}

/* Run a command list: and-or items separated by ; newline and &; each
 * item a compound command or a pipeline (run_line).  && and || skip the
 * next item by the last status, as POSIX says. */
void run_list(const char *text)
{
	const char *p = text, *s, *q;
	bool skip = false;
	int t;

	for (;;) {
		q = p;
		t = raw_token(&q, &s);
		if (t == R_END)
			return;
		if (t == R_SEP) {
			p = q;
			continue;
		}
		if (t == R_WORD && opens(s, q)) {
			const char *after = skip ? NULL : run_compound(s, q);
			static const char *const ends[] = { "done", "fi", NULL };
			if (skip && !find_keyword(q, ends, &after))
				return;
			if (!after)
				return;
			q = after;
			t = raw_token(&q, &s);
			if (t == R_WORD || t == R_AMP) {
				fprintf(stderr, "sh: syntax error: %s after done or fi\n",
					t == R_AMP ? "&" : "a word");
				set_status(2);
				return;
			}
		} else {
			const char *e = item_end(p, &t);
			char *item = strndup(p, e - p + (t == R_AMP));
			if (!skip)
				run_line(item);
			free(item);
			q = e;
			raw_token(&q, &s);
		}
		if (t == R_PIPE) {
			fprintf(stderr, "sh: a compound command in a pipeline is not supported\n");
			set_status(2);
			return;
		}
		if (t == R_END)
			return;
		if (t == R_AND || t == R_OR)
			skip = (t == R_AND) != (last_status() == 0);
		else
			skip = false;
		p = q;
	}
}
