/*
 * libc/newlib/spawn.c - posix_spawn and posix_spawnp (newlib declares
 * them in <spawn.h> but builds them only for Cygwin and RTEMS), their
 * file actions and attributes, and system().
 *
 * The child is a fork: it runs the file actions in order, applies the
 * attributes (process group, signal mask, default dispositions, real
 * ids), and execs.  A failure there is reported back through a pipe
 * that closes on exec: the parent reads either nothing (the exec
 * happened) or the child's errno, which posix_spawn returns after
 * reaping the child, as glibc does.  The scheduling attributes
 * (POSIX_SPAWN_SETSCHEDPARAM, POSIX_SPAWN_SETSCHEDULER) are ENOSYS:
 * Pagoda has one scheduling policy.
 */
#include "pagoda_sys.h"
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* One file action: open, close or dup2, in the order they were added. */
struct spawn_action {
	struct spawn_action *next;
	enum { ACT_OPEN, ACT_CLOSE, ACT_DUP2 } op;
	int fd, newfd, oflag;
	mode_t mode;
	char *path;
};

struct __posix_spawn_file_actions {
	struct spawn_action *first, **tail;
};

struct __posix_spawnattr {
	short flags;
	pid_t pgroup;
	sigset_t mask, sigdefault;
};

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa)
{
	if (!(*fa = calloc(1, sizeof(**fa))))
		return ENOMEM;
	(*fa)->tail = &(*fa)->first;
	return 0;
}

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa)
{
	for (struct spawn_action *a = (*fa)->first, *next; a; a = next) {
		next = a->next;
		free(a->path);
		free(a);
	}
	free(*fa);
	return 0;
}

/* Append one action; returns 0, EBADF for a negative fd, or ENOMEM. */
static int add_action(posix_spawn_file_actions_t *fa, int op, int fd, int newfd,
		      const char *path, int oflag, mode_t mode)
{
	struct spawn_action *a;

	if (fd < 0 || newfd < 0)
		return EBADF;
	if (!(a = calloc(1, sizeof(*a))) || (path && !(a->path = strdup(path)))) {
		free(a);
		return ENOMEM;
	}
	*a = (struct spawn_action){ NULL, op, fd, newfd, oflag, mode, a->path };
	*(*fa)->tail = a;
	(*fa)->tail = &a->next;
	return 0;
}

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *__restrict fa, int fd,
				     const char *__restrict path, int oflag, mode_t mode)
{
	return add_action(fa, ACT_OPEN, fd, 0, path, oflag, mode);
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fa, int fd)
{
	return add_action(fa, ACT_CLOSE, fd, 0, NULL, 0, 0);
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa, int fd, int newfd)
{
	return add_action(fa, ACT_DUP2, fd, newfd, NULL, 0, 0);
}

int posix_spawnattr_init(posix_spawnattr_t *attr)
{
	return (*attr = calloc(1, sizeof(**attr))) ? 0 : ENOMEM;
}

int posix_spawnattr_destroy(posix_spawnattr_t *attr)
{
	free(*attr);
	return 0;
}

int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)
{
	if (flags & (POSIX_SPAWN_SETSCHEDPARAM | POSIX_SPAWN_SETSCHEDULER))
		return ENOSYS;
	if (flags & ~(POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP |
		      POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
		return EINVAL;
	(*attr)->flags = flags;
	return 0;
}

int posix_spawnattr_getflags(const posix_spawnattr_t *__restrict attr, short *__restrict flags)
{
	*flags = (*attr)->flags;
	return 0;
}

int posix_spawnattr_setpgroup(posix_spawnattr_t *attr, pid_t pgroup)
{
	(*attr)->pgroup = pgroup;
	return 0;
}

int posix_spawnattr_getpgroup(const posix_spawnattr_t *__restrict attr, pid_t *__restrict pgroup)
{
	*pgroup = (*attr)->pgroup;
	return 0;
}

int posix_spawnattr_setsigmask(posix_spawnattr_t *__restrict attr, const sigset_t *__restrict mask)
{
	(*attr)->mask = *mask;
	return 0;
}

int posix_spawnattr_getsigmask(const posix_spawnattr_t *__restrict attr, sigset_t *__restrict mask)
{
	*mask = (*attr)->mask;
	return 0;
}

int posix_spawnattr_setsigdefault(posix_spawnattr_t *__restrict attr, const sigset_t *__restrict set)
{
	(*attr)->sigdefault = *set;
	return 0;
}

int posix_spawnattr_getsigdefault(const posix_spawnattr_t *__restrict attr, sigset_t *__restrict set)
{
	*set = (*attr)->sigdefault;
	return 0;
}

/* In the child: the file actions, in order; returns 0 or -1 (errno). */
static int run_actions(const struct __posix_spawn_file_actions *fa)
{
	for (const struct spawn_action *a = fa ? fa->first : NULL; a; a = a->next) {
		int fd;
		if (a->op == ACT_CLOSE) {
			if (close(a->fd) && errno != EBADF)
				return -1;
		} else if (a->op == ACT_DUP2) {
			if (dup2(a->fd, a->newfd) < 0)
				return -1;
		} else if ((fd = open(a->path, a->oflag, a->mode)) < 0) {
			return -1;
		} else if (fd != a->fd) {
			if (dup2(fd, a->fd) < 0)
				return -1;
			close(fd);
		}
	}
	return 0;
}

/* In the child: the attributes; returns 0 or -1 (errno). */
static int apply_attr(const struct __posix_spawnattr *at)
{
	short fl = at ? at->flags : 0;
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	if ((fl & POSIX_SPAWN_SETPGROUP) && setpgid(0, at->pgroup))
		return -1;
	if (fl & POSIX_SPAWN_SETSIGDEF)
		for (int sig = 1; sig < NSIG; sig++)
			if (sigismember(&at->sigdefault, sig) && sig != SIGKILL && sig != SIGSTOP)
				sigaction(sig, &dfl, NULL);
	if ((fl & POSIX_SPAWN_SETSIGMASK) && sigprocmask(SIG_SETMASK, &at->mask, NULL))
		return -1;
	if ((fl & POSIX_SPAWN_RESETIDS) && (setgid(getgid()) || setuid(getuid())))
		return -1;
	return 0;
}

/* fork, set the child up, exec path (searched in $PATH if search);
 * returns 0 with *pid set, or the error number. */
static int spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		 const posix_spawnattr_t *attr, char *const argv[], char *const envp[],
		 int search)
{
	int p[2], err = 0;

	if (pipe(p))
		return errno;
	fcntl(p[1], F_SETFD, FD_CLOEXEC);
	pid_t child = fork();
	if (child == 0) {
		close(p[0]);
		if (!run_actions(fa ? *fa : NULL) && !apply_attr(attr ? *attr : NULL)) {
			environ = (char **)envp;
			(search ? execvp : execv)(path, argv);
		}
		err = errno;
		write(p[1], &err, sizeof(err));
		_exit(127);
	}
	close(p[1]);
	if (child < 0)
		err = errno;
	else if (read(p[0], &err, sizeof(err)) == sizeof(err))
		waitpid(child, NULL, 0);
	else if (pid)
		*pid = child;
	close(p[0]);
	return err;
}

int posix_spawn(pid_t *__restrict pid, const char *__restrict path,
		const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *__restrict attr,
		char *const argv[], char *const envp[])
{
	return spawn(pid, path, fa, attr, argv, envp, 0);
}

int posix_spawnp(pid_t *__restrict pid, const char *__restrict file,
		 const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *__restrict attr,
		 char *const argv[], char *const envp[])
{
	return spawn(pid, file, fa, attr, argv, envp, 1);
}

/* sh -c command, with SIGINT and SIGQUIT ignored and SIGCHLD blocked in
 * the caller meanwhile (POSIX); returns the wait status, or for a NULL
 * command whether a shell exists. */
int system(const char *command)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, oint, oquit;
	sigset_t chld, omask;
	int st = -1;

	if (!command)
		return access("/bin/sh", X_OK) == 0;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &omask);
	sigaction(SIGINT, &ign, &oint);
	sigaction(SIGQUIT, &ign, &oquit);
	pid_t pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &oint, NULL);
		sigaction(SIGQUIT, &oquit, NULL);
		sigprocmask(SIG_SETMASK, &omask, NULL);
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &oint, NULL);
	sigaction(SIGQUIT, &oquit, NULL);
	sigprocmask(SIG_SETMASK, &omask, NULL);
	return st;
}
