/*
 * user/sh/sh.h - the parts of Pagoda's shell (user/sh.c and user/sh/),
 * grouped by the file that defines them.
 */
#ifndef USER_SH_SH_H
#define USER_SH_SH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* sh.c: words, pipelines, and the shell's state. */

/* Run one line of pipelines joined by ; & && || (no compound commands). */
void run_line(const char *line);

/* The words of text after quote removal, $ expansion and globbing, as a
 * NULL-terminated array of strings of their own (free_words frees it);
 * NULL after a syntax error. */
char **expand_words(const char *text);
void free_words(char **words);

/* $? and setting it. */
int last_status(void);
void set_status(int st);

/* builtin.c: :, cd, exit, export, help, unset, wait. */

typedef int (*builtin_fn)(char **argv);

/* The builtin called name, or NULL. */
builtin_fn find_builtin(const char *name);

/* jobs.c: job control on a terminal. */

/* Make process group pg the terminal's foreground group (tcsetpgrp). */
void give_terminal(pid_t pg);

/* Own process group and the terminal; ^C interrupts only the line being
 * typed; tcsetpgrp from the background is allowed. */
void init_terminal(void);

/* Collect finished background jobs, announcing them if interactive. */
void reap_jobs(bool interactive);

/* compound.c: lists and compound commands (for, while, until, if). */

/* Run a command list: and-or items separated by ; newlines and &, each a
 * pipeline or a compound command. */
void run_list(const char *text);

/* Does text leave a for/while/until/if open (more lines needed)? */
bool sh_incomplete(const char *text);

/* glob.c: pathname expansion. */

/* Does word have a *, ? or [ that globbing would expand? */
bool has_glob(const char *word);

/* The paths that pattern matches, sorted, as a NULL-terminated array of
 * strings of their own (free_words frees it); NULL if none matches. */
char **glob_paths(const char *pattern);

/* edit.c: reading command lines, with editing and history on a terminal. */

/* Read one command line of at most size - 1 bytes from fd into line,
 * without its newline; on a terminal (interactive) with line editing,
 * history and tab completion after printing prompt.  Returns its length,
 * -1 at end of input, -2 when ^C cancelled it. */
int read_command_line(int fd, char *line, size_t size, bool interactive,
		      const char *prompt);

#endif
