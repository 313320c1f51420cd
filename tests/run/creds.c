/*
 * tests/run/creds.c - credentials and what follows from them: the set*id
 * family and getgroups/setgroups, file owners and the chown family, and
 * the permission checks of open, access, truncate, exec, chmod, kill,
 * setrlimit and RLIMIT_NPROC for a process that has given up root for
 * nobody (65534).
 * Run as root (the harness runs Linux's side as root too); /etc/passwd
 * and /etc/group name root and nobody.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOBODY	65534

static const char *errname(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
		{ EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { EACCES, "EACCES" },
		{ EFAULT, "EFAULT" }, { EINVAL, "EINVAL" },
	};
	static char buf[16];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(buf, sizeof(buf), "errno%d", e);
	return buf;
}

static void show(const char *what, long r)
{
	if (r == -1)
		printf("%s = -1 %s\n", what, errname(errno));
	else
		printf("%s = %ld\n", what, r);
}

static void ids(const char *when)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("%s: uid %u %u %u fsuid %d, gid %u %u %u fsgid %d\n", when,
	       r, e, s, setfsuid(-1), gr, ge, gs, setfsgid(-1));
}

static void stat_of(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		printf("stat %s = -1 %s\n", path, errname(errno));
	else
		printf("%s: owner %u group %u mode %o\n", path, st.st_uid,
		       st.st_gid, st.st_mode & 07777);
}

static void make(const char *path, int mode)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	char buf[65536];
	ssize_t n;

	if (mode & 0111) {
		int in = open("/proc/self/exe", O_RDONLY);
		while ((n = read(in, buf, sizeof(buf))) > 0)
			write(fd, buf, n);
		close(in);
	} else {
		write(fd, "data\n", 5);
	}
	close(fd);
	chmod(path, mode);
}

static void run(const char *what, const char *path)
{
	int status;

	fflush(stdout);
	if (fork() == 0) {
		execl(path, path, "--exit7", (char *)NULL);
		printf("%s: exec = -1 %s\n", what, errname(errno));
		fflush(stdout);
		_exit(0);
	}
	wait(&status);
	printf("%s: exit %d\n", what, WEXITSTATUS(status));
}

static void owners(void)
{
	make("f", 04755);
	stat_of("f");
	show("chown f nobody:nobody", chown("f", NOBODY, NOBODY));
	stat_of("f");
	chmod("f", 06755);
	show("chown f -1:-1", chown("f", -1, -1));
	stat_of("f");
	int fd = open("f", O_RDONLY);
	show("fchown f 0:5", fchown(fd, 0, 5));
	close(fd);
	stat_of("f");
	show("fchownat bad flags", fchownat(AT_FDCWD, "f", 0, 0, 0x4000));
	show("chown missing", chown("missing", 0, 0));
	show("lchown f 7:7", lchown("f", 7, 7));
	stat_of("f");
	unlink("f");
}

static void changes(void)
{
	gid_t g[4] = { 50, 3, 7 }, got[4];

	show("setgroups 3", setgroups(3, g));
	show("getgroups 0", getgroups(0, got));
	show("getgroups 1", getgroups(1, got));
	int n = getgroups(4, got);
	printf("groups:");
	for (int i = 0; i < n; i++)
		printf(" %u", got[i]);
	printf("\n");
	show("setresgid nobody", setresgid(NOBODY, NOBODY, NOBODY));
	show("setresuid 1000 nobody 0", setresuid(1000, NOBODY, 0));
	ids("unprivileged, saved root");
	show("setgroups now", setgroups(0, NULL));
	show("setfsuid 0, returns the old", setfsuid(0));
	show("setuid 0 (the saved uid)", setuid(0));
	ids("root again");
	show("setuid nobody", setuid(NOBODY));
	ids("nobody for good");
	show("setuid 0", setuid(0));
	show("seteuid 0", seteuid(0));
	show("setreuid -1 nobody", setreuid(-1, NOBODY));
	show("setresuid 1000 -1 -1", setresuid(1000, -1, -1));
	show("setgid 0", setgid(0));
	show("setfsuid 0 (no change)", setfsuid(0));
	show("setfsuid again", setfsuid(-1));
	show("kill parent", kill(getppid(), 0));
	show("kill self", kill(getpid(), 0));
}

/* Run fn in a child, as nobody if asked; print how it ended. */
static void in_child(const char *name, void (*fn)(void), bool nobody)
{
	int status;

	printf("--- %s\n", name);
	fflush(stdout);
	if (fork() == 0) {
		if (nobody) {
			setgroups(0, NULL);
			setgid(NOBODY);
			setuid(NOBODY);
		}
		fn();
		fflush(stdout);
		_exit(0);
	}
	wait(&status);
	if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", name, WTERMSIG(status));
}

static void permissions(void)
{
	int fd;

	ids("nobody");
	show("open rootfile r", fd = open("rootfile", O_RDONLY));
	show("open pub r", (fd = open("pub", O_RDONLY)) >= 0);
	close(fd);
	show("open pub w", open("pub", O_WRONLY));
	show("open pub r, O_TRUNC", open("pub", O_RDONLY | O_TRUNC));
	show("open shared rw", (fd = open("shared", O_RDWR)) >= 0);
	close(fd);
	show("create in root's directory", open("new", O_CREAT | O_WRONLY, 0644));
	show("access rootfile R_OK", access("rootfile", R_OK));
	show("access pub W_OK", access("pub", W_OK));
	show("access pub R_OK", access("pub", R_OK));
	show("access rootexec X_OK", access("rootexec", X_OK));
	show("truncate pub", truncate("pub", 0));
	show("chmod pub", chmod("pub", 0777));
	show("chown pub to nobody", chown("pub", NOBODY, -1));
	show("open private/x", open("private/x", O_RDONLY));
	stat_of("private/x");
	run("exec rootexec", "./rootexec");
	run("exec pubexec", "./pubexec");
	show("create in open/", (fd = open("open/mine", O_CREAT | O_WRONLY, 0640)) >= 0);
	close(fd);
	stat_of("open/mine");
	show("chown mine to nobody:nobody", chown("open/mine", NOBODY, NOBODY));
	show("chgrp mine to 0", chown("open/mine", -1, 0));
	show("chmod mine", chmod("open/mine", 0604));
	stat_of("open/mine");
	show("kill init", kill(1, 0));
	struct rlimit r = { 100, 100 };
	show("lower NOFILE to 100", setrlimit(RLIMIT_NOFILE, &r));
	r.rlim_max = 200;
	show("raise its max again", setrlimit(RLIMIT_NOFILE, &r));
}

/* RLIMIT_NPROC counts every task of the user, so this runs as a uid of
 * its own (40000 + pid % 4096), not nobody: other tests, this one's other
 * builds among them, run as nobody on the host at the same time. */
static void nproc(void)
{
	struct rlimit r = { 3, 3 };
	int p[2], n = 0;
	pid_t pid;
	uid_t own = 40000 + getpid() % 4096;

	setgroups(0, NULL);
	setgid(own);
	setuid(own);
	pipe(p);
	setrlimit(RLIMIT_NPROC, &r);
	while (n < 10 && (pid = fork()) > 0)
		n++;
	if (pid == 0) {
		char c;
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	int err = errno;
	close(p[1]);
	while (wait(NULL) > 0)
		;
	printf("forked %d, then %s\n", n, errname(err));
}

/* /etc/passwd and /etc/group know root and nobody. */
static void names(void)
{
	struct passwd *pw = getpwnam("root");
	struct group *gr;

	printf("root: uid %d gid %d\n", pw ? (int)pw->pw_uid : -1,
	       pw ? (int)pw->pw_gid : -1);
	pw = getpwnam("nobody");
	printf("nobody: uid %d gid %d home %s\n", pw ? (int)pw->pw_uid : -1,
	       pw ? (int)pw->pw_gid : -1, pw ? pw->pw_dir : "?");
	pw = getpwuid(NOBODY);
	printf("uid 65534 is %s\n", pw ? pw->pw_name : "?");
	gr = getgrgid(0);
	printf("gid 0 is %s\n", gr ? gr->gr_name : "?");
	gr = getgrgid(NOBODY);
	printf("gid 65534 is %s\n", gr ? gr->gr_name : "?");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--exit7"))
		return 7;
	setgroups(0, NULL);
	ids("start");
	names();
	mkdir("perm", 0755);
	chdir("perm");
	make("rootfile", 0600);
	make("pub", 0644);
	make("shared", 0666);
	make("rootexec", 0700);
	make("pubexec", 0755);
	mkdir("private", 0700);
	make("private/x", 0644);
	mkdir("open", 0777);
	chmod("open", 0777);
	printf("--- owners\n");
	owners();
	in_child("changes", changes, false);
	in_child("permissions", permissions, true);
	in_child("nproc", nproc, false);
	stat_of("open/mine");
	return 0;
}
