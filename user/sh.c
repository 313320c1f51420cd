/*
 * user/sh.c - Pagoda's shell, small enough to read in one sitting.
 *
 * It reads command lines from the terminal (with editing and history,
 * sh/edit.c), a script file (sh FILE) or its argument (sh -c LINE), runs
 * their lists and compound commands (for, while, if: sh/compound.c), and
 * here splits each pipeline into words with '...' and "..." quoting,
 * $NAME / $? expansion and globbing (sh/glob.c), and runs it with
 * < > >> 2> 2>&1 redirections, in the foreground or in the background (&).
 * On a terminal every job gets a process group of its own and, while it
 * runs in the foreground, the terminal: ^C then kills the job, not the
 * shell.  docs/shell.md describes the grammar and what is left out.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh/sh.h"

#define MAXLINE		4096	/* bytes in a command line */
#define MAXWORDS	512	/* words (and command ends) in a pipeline */
#define MAXCMDS		64	/* commands in a pipeline */
#define MAXREDIRS	32	/* redirections in a pipeline */

/* Tokens of the command language. */
enum { T_END, T_WORD, T_PIPE, T_AMP, T_SEMI, T_AND, T_OR, T_REDIR, T_ERR };

/* One redirection: fd < path (mode '<'), > ('>'), >> ('a'), or >& ('&'). */
struct redir {
	int cmd;		/* which command of the pipeline */
	int fd;
	int mode;
	char *path;		/* the file, or the fd number for '&' */
};

/* A parsed pipeline: cmd i's argv is &words[start[i]], NULL-terminated. */
struct pipeline {
	char *words[MAXWORDS];
	int start[MAXCMDS];
	int ncmd;
	struct redir redirs[MAXREDIRS];
	int nredir;
};

static int status;		/* $?: the last pipeline's exit status */
static bool interactive;	/* reading a terminal: prompt, job control */
static char **posv;		/* $0 $1 ... $9 */
static int posc;
static char arena[2 * MAXLINE + 8192];	/* the words of the current pipeline */
static size_t arena_used;
static const char *lex_p;	/* the lexer's position in the line */
static bool lex_glob;		/* the last word had an unquoted * ? or [ */

static int syntax_error(const char *what)
{
	fprintf(stderr, "sh: syntax error: %s\n", what);
	return T_ERR;
}

/* Append c to the word being built in the arena; false when full. */
static bool put(char c)
{
	if (arena_used >= sizeof(arena))
		return false;
	arena[arena_used++] = c;
	return true;
}

static bool put_str(const char *s)
{
	while (*s)
		if (!put(*s++))
			return false;
	return true;
}

static bool is_name_char(char c, bool first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (!first && c >= '0' && c <= '9');
}

/* Expand the $ at lex_p: $? $$ $# $0..$9 $NAME ${NAME}; a lone $ stays. */
static bool expand(void)
{
	const char *p = lex_p + 1, *v;
	char name[256], num[16];
	size_t n = 0;
	bool braced = *p == '{';

	if (*p == '?' || *p == '$' || *p == '#') {
		snprintf(num, sizeof(num), "%d", *p == '?' ? status :
			 *p == '$' ? getpid() : posc - 1);
		lex_p = p + 1;
		return put_str(num);
	}
	if (*p >= '0' && *p <= '9') {
		lex_p = p + 1;
		return put_str(*p - '0' < posc ? posv[*p - '0'] : "");
	}
	p += braced;
	while (is_name_char(p[n], n == 0) && n < sizeof(name) - 1)
		n++;
	if (n == 0 || (braced && p[n] != '}')) {
		lex_p++;
		return put('$');
	}
	memcpy(name, p, n);
	name[n] = '\0';
	lex_p = p + n + braced;
	v = getenv(name);
	return put_str(v ? v : "");
}

/* Lex one word at lex_p into the arena, removing quotes and expanding $.
 * Returns T_WORD with *out set (NULL for an unquoted empty expansion),
 * or T_ERR. */
static int lex_word(char **out)
{
	size_t start = arena_used;
	bool quoted = false, ok = true;
	char q = 0, c;

	lex_glob = false;
	while (ok && (c = *lex_p) != '\0') {
		if (!q && (c == ' ' || c == '\t' || strchr("|&;<>\n", c)))
			break;
		if (c == '$' && q != '\'') {
			ok = expand();
		} else if ((c == '\'' || c == '"') && (!q || q == c)) {
			q = q ? 0 : c;
			quoted = true;
			lex_p++;
		} else if (c == '\\' && !q && lex_p[1]) {
			ok = put(lex_p[1]);
			lex_p += 2;
		} else if (c == '\\' && q == '"' && strchr("\\\"$", lex_p[1])) {
			ok = put(lex_p[1]);
			lex_p += 2;
		} else {
			lex_glob |= !q && strchr("*?[", c);
			ok = put(c);
			lex_p++;
		}
	}
	if (q || !ok || !put('\0')) {
		fprintf(stderr, "sh: %s\n", q ? "unterminated quote" : "line too long");
		return T_ERR;
	}
	*out = arena_used - start > 1 || quoted ? arena + start : NULL;
	return T_WORD;
}

/* Lex an operator; for redirections fill r (fd, mode).  [n]< [n]> [n]>>
 * [n]>& | || & && ; and newline (as ;). */
static int lex_op(struct redir *r)
{
	const char *p = lex_p;
	int fd = -1;

	if (*p >= '0' && *p <= '9' && (p[1] == '<' || p[1] == '>'))
		fd = *p++ - '0';
	char c = *p++;
	bool twice = *p == c;

	if (c == '<' || c == '>') {
		r->fd = fd >= 0 ? fd : c == '>';
		r->mode = c;
		if (c == '>' && (twice || *p == '&'))
			r->mode = *p++ == '&' ? '&' : 'a';
		lex_p = p;
		return T_REDIR;
	}
	lex_p = p + twice;
	if (c == '|')
		return twice ? T_OR : T_PIPE;
	if (c == '&')
		return twice ? T_AND : T_AMP;
	return T_SEMI;
}

/* The next token of the line; words go to *word, redirections to *r. */
static int lex(char **word, struct redir *r)
{
	for (;;) {
		while (*lex_p == ' ' || *lex_p == '\t')
			lex_p++;
		if (*lex_p == '#')		/* a comment, to the end of the line */
			lex_p += strcspn(lex_p, "\n");
		if (*lex_p == '\0')
			return T_END;
		if (strchr("|&;<>\n", *lex_p) || (*lex_p >= '0' && *lex_p <= '9' &&
						  (lex_p[1] == '<' || lex_p[1] == '>')))
			return lex_op(r);
		int t = lex_word(word);
		if (t != T_WORD || *word)
			return t;
	}
}

/* Add a redirection whose target word follows; returns 0 or T_ERR. */
static int parse_redir(struct pipeline *pl, struct redir *r)
{
	char *w = NULL;

	if (lex(&w, r) != T_WORD)
		return syntax_error("no file after a redirection");
	if (pl->nredir == MAXREDIRS)
		return syntax_error("too many redirections");
	if (r->mode == '&' && (w[0] < '0' || w[0] > '9' || w[1]))
		return syntax_error(">& needs a file descriptor digit");
	r->cmd = pl->ncmd;
	r->path = w;
	pl->redirs[pl->nredir++] = *r;
	return 0;
}

/* Add word w (just lexed) at pl->words[nw], or the paths it matches if
 * it has an unquoted glob character; returns the new count, or -1 if the
 * words do not fit. */
static int add_word(struct pipeline *pl, int nw, char *w)
{
	char **paths = lex_glob && has_glob(w) ? glob_paths(w) : NULL;

	if (!paths) {
		pl->words[nw] = w;
		return nw + 2 < MAXWORDS ? nw + 1 : -1;
	}
	for (int i = 0; paths[i]; i++) {
		char *start = arena + arena_used;
		if (nw + 2 >= MAXWORDS || !put_str(paths[i]) || !put('\0')) {
			free_words(paths);
			return -1;
		}
		pl->words[nw++] = start;
	}
	free_words(paths);
	return nw;
}

/* Parse the next pipeline of the line into pl.  Returns the token that
 * ended it (T_END, T_AMP, T_SEMI, T_AND, T_OR) or T_ERR. */
static int parse_pipeline(struct pipeline *pl)
{
	int nw = 0, t;
	bool empty = true;	/* the current command has no word or redirection */

	arena_used = 0;
	pl->ncmd = pl->nredir = 0;
	pl->start[0] = 0;
	for (;;) {
		char *w = NULL;
		struct redir r;

		t = lex(&w, &r);
		if (t == T_ERR || (t == T_REDIR && parse_redir(pl, &r) == T_ERR))
			return T_ERR;
		if (t == T_WORD || t == T_REDIR) {
			if (t == T_WORD && (nw = add_word(pl, nw, w)) < 0)
				return syntax_error("too many words");
			empty = false;
			continue;
		}
		if (empty && (pl->ncmd > 0 || (t != T_END && t != T_SEMI)))
			return syntax_error("missing command");
		if (empty)
			return t;
		pl->words[nw++] = NULL;
		pl->ncmd++;
		if (t != T_PIPE)
			return t;
		if (pl->ncmd == MAXCMDS)
			return syntax_error("pipeline too long");
		pl->start[pl->ncmd] = nw;
		empty = true;
	}
}

/* Perform cmd's redirections in this process; 0, or -1 after a message. */
static int apply_redirs(struct pipeline *pl, int cmd)
{
	for (int i = 0; i < pl->nredir; i++) {
		struct redir *r = &pl->redirs[i];
		int fd, flags = r->mode == '<' ? O_RDONLY :
			O_WRONLY | O_CREAT | (r->mode == 'a' ? O_APPEND : O_TRUNC);

		if (r->cmd != cmd)
			continue;
		if (r->mode == '&') {
			if (dup2(r->path[0] - '0', r->fd) < 0) {
				fprintf(stderr, "sh: %s: %s\n", r->path, strerror(errno));
				return -1;
			}
			continue;
		}
		if ((fd = open(r->path, flags, 0666)) < 0) {
			fprintf(stderr, "sh: %s: %s\n", r->path, strerror(errno));
			return -1;
		}
		if (fd != r->fd) {
			dup2(fd, r->fd);
			close(fd);
		}
	}
	return 0;
}

/* The number of leading NAME=VALUE words of argv. */
static int assignments(char **argv)
{
	int n = 0;

	for (; argv[n]; n++) {
		const char *p = argv[n];
		while (is_name_char(*p, p == argv[n]))
			p++;
		if (*p != '=' || p == argv[n])
			break;
	}
	return n;
}

/* Run a builtin, or a line of assignments, in the shell itself, with
 * its redirections in force meanwhile. */
static int run_here(struct pipeline *pl)
{
	char **argv = pl->words;
	int saved[3], n = assignments(argv), st = 1;

	for (int fd = 0; fd < 3; fd++)
		saved[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (apply_redirs(pl, 0) == 0) {
		fflush(stdout);
		for (int i = 0; i < n; i++)
			putenv(strdup(argv[i]));
		st = argv[n] ? find_builtin(argv[n])(argv + n) : 0;
	}
	fflush(stdout);
	for (int fd = 0; fd < 3; fd++) {
		if (saved[fd] >= 0) {
			dup2(saved[fd], fd);
			close(saved[fd]);
		}
	}
	return st;
}

/* In the child: join the job's group, wire up the pipes and redirections,
 * then exec command i (or run it if it is a builtin). */
static _Noreturn void child(struct pipeline *pl, int i, int in, int out,
			    pid_t pgid, bool bg)
{
	char **argv = pl->words + pl->start[i];

	if (interactive) {
		setpgid(0, pgid);
		if (!bg)
			give_terminal(pgid ? pgid : getpid());
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTTOU, SIG_DFL);
		signal(SIGTTIN, SIG_DFL);
	}
	if (in != STDIN_FILENO) {
		dup2(in, STDIN_FILENO);
		close(in);
	}
	if (out != STDOUT_FILENO) {
		dup2(out, STDOUT_FILENO);
		close(out);
	}
	if (apply_redirs(pl, i) < 0)
		_exit(1);
	for (int n = assignments(argv); n > 0; n--)
		putenv(*argv++);
	if (!argv[0])
		_exit(0);
	if (find_builtin(argv[0]))
		exit(find_builtin(argv[0])(argv));	/* exit: flush stdout */
	execvp(argv[0], argv);
	int err = errno;
	bool path = strchr(argv[0], '/');
	fprintf(stderr, "sh: %s: %s\n", argv[0],
		err == ENOENT && !path ? "command not found" : strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

/* Wait for the n processes of a foreground job; returns $? for it. */
static int wait_job(pid_t *pids, int n, pid_t pgid)
{
	int st = 0;

	if (interactive)
		give_terminal(pgid);
	for (int i = 0; i < n; i++)
		while (pids[i] > 0 && waitpid(pids[i], &st, 0) < 0 && errno == EINTR)
			;
	if (interactive)
		give_terminal(getpgrp());
	if (!WIFSIGNALED(st))
		return WEXITSTATUS(st);
	if (WTERMSIG(st) != SIGINT && WTERMSIG(st) != SIGPIPE)
		fprintf(stderr, "%s\n", strsignal(WTERMSIG(st)));
	else if (WTERMSIG(st) == SIGINT && interactive)
		fputc('\n', stderr);
	return 128 + WTERMSIG(st);
}

/* Start the commands of pl, connected by pipes, in one process group;
 * wait for them unless bg.  Returns the exit status of the last one. */
static int run_pipeline(struct pipeline *pl, bool bg)
{
	pid_t pids[MAXCMDS], pgid = 0;
	int in = STDIN_FILENO, i, nassign = assignments(pl->words);

	if (pl->ncmd == 1 && !bg && (!pl->words[nassign] ||
				     find_builtin(pl->words[nassign])))
		return run_here(pl);
	fflush(stdout);
	for (i = 0; i < pl->ncmd; i++) {
		int fds[2] = { -1, STDOUT_FILENO };

		if (i + 1 < pl->ncmd && pipe2(fds, O_CLOEXEC) < 0) {
			perror("sh: pipe");
			break;
		}
		if ((pids[i] = fork()) == 0)
			child(pl, i, in, fds[1], pgid, bg);
		if (pids[i] < 0)
			perror("sh: fork");
		else if (interactive)
			setpgid(pids[i], pgid ? pgid : pids[i]);
		if (!pgid && pids[i] > 0)
			pgid = pids[i];
		if (in != STDIN_FILENO)
			close(in);
		if (fds[1] != STDOUT_FILENO)
			close(fds[1]);
		in = fds[0];
	}
	if (!bg)
		return wait_job(pids, i, pgid);
	if (interactive && i > 0)
		fprintf(stderr, "[%d]\n", pids[i - 1]);
	return 0;
}

/* Run each pipeline of a command line in turn: ; & && ||. */
void run_line(const char *line)
{
	static struct pipeline pl;
	bool skip = false;
	int t = T_SEMI;

	lex_p = line;
	for (;;) {
		bool need = t == T_AND || t == T_OR;	/* a command must follow */
		t = parse_pipeline(&pl);
		if (t == T_ERR || (need && !pl.ncmd)) {
			if (t != T_ERR)
				syntax_error("missing command after && or ||");
			status = 2;
			return;
		}
		if (pl.ncmd && !skip)
			status = run_pipeline(&pl, t == T_AMP);
		if (t == T_END)
			return;
		skip = (t == T_AND && status != 0) || (t == T_OR && status == 0);
	}
}

int last_status(void)
{
	return status;
}

void set_status(int st)
{
	status = st;
}

void free_words(char **words)
{
	for (int i = 0; words && words[i]; i++)
		free(words[i]);
	free(words);
}

char **expand_words(const char *text)
{
	static struct pipeline pl;
	char **words;
	int t;

	lex_p = text;
	if ((t = parse_pipeline(&pl)) == T_ERR)
		return NULL;
	if (t != T_END || pl.ncmd > 1 || pl.nredir) {
		syntax_error("for: only words may follow in");
		return NULL;
	}
	int n = 0;
	while (pl.ncmd && pl.words[n])
		n++;
	words = calloc(n + 1, sizeof(char *));
	for (int i = 0; i < n; i++)
		words[i] = strdup(pl.words[i]);
	return words;
}

int main(int argc, char **argv)
{
	static char text[4 * MAXLINE];
	int fd = STDIN_FILENO, n;
	char cwd[4096], prompt[4200];

	if (!getenv("PATH"))
		setenv("PATH", "/bin", 1);
	posv = argv;
	posc = argc;
	if (argc > 2 && !strcmp(argv[1], "-c")) {
		posv = argc > 3 ? argv + 3 : argv;
		posc = argc > 3 ? argc - 3 : 1;
		run_list(argv[2]);
		return status;
	}
	if (argc > 1) {
		if ((fd = open(argv[1], O_RDONLY | O_CLOEXEC)) < 0) {
			fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		posv = argv + 1;
		posc = argc - 1;
	}
	interactive = fd == STDIN_FILENO && isatty(fd);
	if (interactive)
		init_terminal();
	for (;;) {
		reap_jobs(interactive);
		snprintf(prompt, sizeof(prompt), "pagoda:%s$ ",
			 getcwd(cwd, sizeof(cwd)) ? cwd : "?");
		if ((n = read_command_line(fd, text, sizeof(text), interactive, prompt)) == -1)
			break;
		/* A for/while/if goes on over the lines that follow. */
		while (n >= 0 && sh_incomplete(text) && strlen(text) + 2 < sizeof(text)) {
			size_t len = strlen(text);
			text[len] = '\n';
			n = read_command_line(fd, text + len + 1, sizeof(text) - len - 1,
					      interactive, "> ");
		}
		if (n != -2)
			run_list(text);
		if (n == -1)
			break;
	}
	if (interactive)
		fprintf(stderr, "exit\n");
	return status;
}
