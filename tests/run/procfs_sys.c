/*
 * tests/run/procfs_sys.c - /proc/self/fd, fdinfo, cmdline, environ, exe,
 * cwd, mounts, and the system-wide /proc/uptime, loadavg, stat, cpuinfo
 * and /proc/sys/kernel files, parsed the way procps and busybox parse
 * them (sscanf of fixed formats, getmntent, "key\t: value" lines).  Prints
 * only facts that hold on any Linux: formats, and agreement with the
 * system calls (readlink of an fd is the path opened, fdinfo's pos is the
 * lseek offset, cmdline is argv, osrelease is uname's release).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

extern char **environ;

static char buf[1 << 16];

/* The whole of a /proc file into buf; its length, or -1. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return n;
}

static const char *link_of(const char *path)
{
	static char target[4096];
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	target[n > 0 ? n : 0] = '\0';
	return target;
}

static const char *fd_link(int fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return link_of(path);
}

/* Is fd listed in /proc/self/fd? */
static int listed(int fd)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int found = 0;

	while (d && (e = readdir(d)))
		found |= atoi(e->d_name) == fd && e->d_name[0] != '.';
	if (d)
		closedir(d);
	return found;
}

static void check_fds(void)
{
	char cwd[4096], want[4200], info[64];
	int fds[2];
	struct stat st;

	getcwd(cwd, sizeof(cwd));
	snprintf(want, sizeof(want), "%s/f", strcmp(cwd, "/") ? cwd : "");
	int first = open("f", O_RDWR | O_CREAT | O_APPEND, 0644);
	int fd = fcntl(first, F_DUPFD_CLOEXEC, 40);	/* above opendir's fd */
	close(first);
	write(fd, "hello", 5);
	lseek(fd, 3, SEEK_SET);
	printf("fd: readlink is the path opened: %d, listed %d\n",
	       !strcmp(fd_link(fd), want), listed(fd));
	snprintf(info, sizeof(info), "/proc/self/fdinfo/%d", fd);
	slurp(info);
	long pos = -1, mnt = -1;
	unsigned flags = 0;
	unsigned long ino = 0;
	fstat(fd, &st);
	int k = sscanf(buf, "pos:\t%ld\nflags:\t%o\nmnt_id:\t%ld\nino:\t%lu",
		       &pos, &flags, &mnt, &ino);
	printf("fdinfo: %d fields, pos %ld, flags 0%o, mnt_id set %d, ino is "
	       "st_ino %d\n", k, pos, flags, mnt >= 0, ino == st.st_ino);
	close(fd);
	unlink("f");
	errno = 0;
	printf("fd: closed fd listed %d, readlink fails with ENOENT %d\n",
	       listed(fd), readlink("/proc/self/fd/40", want, 1) < 0 &&
	       errno == ENOENT);
	pipe(fds);
	fstat(fds[0], &st);
	snprintf(want, sizeof(want), "pipe:[%lu]", (unsigned long)st.st_ino);
	printf("fd: pipe is %s %d\n", "pipe:[st_ino]", !strcmp(fd_link(fds[0]), want));
	int null = open("/dev/null", O_WRONLY);
	printf("fd: /dev/null is %s, 0 1 2 listed %d%d%d\n", fd_link(null),
	       listed(0), listed(1), listed(2));
	printf("cwd: readlink is getcwd: %d\n", !strcmp(link_of("/proc/self/cwd"), cwd));
}

/* cmdline is argv, environ is environ, each string with its NUL. */
static void check_cmdline(int argc, char **argv)
{
	char want[8192];
	size_t n = 0;

	for (int i = 0; i < argc; i++) {
		memcpy(want + n, argv[i], strlen(argv[i]) + 1);
		n += strlen(argv[i]) + 1;
	}
	long got = slurp("/proc/self/cmdline");
	printf("cmdline: is argv: %d\n", got == (long)n && !memcmp(buf, want, n));
	n = 0;
	for (char **e = environ; *e && n < sizeof(want) - 1024; e++) {
		memcpy(want + n, *e, strlen(*e) + 1);
		n += strlen(*e) + 1;
	}
	got = slurp("/proc/self/environ");
	printf("environ: is environ: %d\n", got == (long)n && !memcmp(buf, want, n));
	const char *exe = link_of("/proc/self/exe");
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	printf("exe: ends in argv[0]'s name: %d, absolute %d\n",
	       strlen(exe) >= strlen(base) &&
	       !strcmp(exe + strlen(exe) - strlen(base), base), exe[0] == '/');
}

static void check_mounts(void)
{
	FILE *f = setmntent("/proc/mounts", "r");
	struct mntent *m;
	int root = 0, proc = 0, n = 0;

	while (f && (m = getmntent(f))) {
		n++;
		root |= !strcmp(m->mnt_dir, "/");
		proc |= !strcmp(m->mnt_dir, "/proc") && !strcmp(m->mnt_type, "proc");
	}
	if (f)
		endmntent(f);
	printf("mounts: some %d, / %d, proc on /proc %d, /proc/mounts -> %s\n",
	       n > 0, root, proc, link_of("/proc/mounts"));
	slurp("/proc/self/mounts");
	int bad = 0;
	for (char *p = buf; *p; p = strchr(p, '\n') + 1) {
		char dev[256], dir[256], type[64], opts[512];
		int freq, pass;
		bad += sscanf(p, "%255s %255s %63s %511s %d %d", dev, dir, type,
			      opts, &freq, &pass) != 6;
	}
	printf("mounts: lines without 6 fields %d\n", bad);
}

static void check_system(void)
{
	double up, idle, l1, l5, l15;
	int running, total, last;
	char tail;

	slurp("/proc/uptime");
	int k = sscanf(buf, "%lf %lf%c", &up, &idle, &tail);
	printf("uptime: %d fields, positive %d\n", k, up > 0);
	slurp("/proc/loadavg");
	k = sscanf(buf, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &running,
		       &total, &last);
	printf("loadavg: %d fields, 1 <= running <= total %d, last pid set %d\n",
	       k, 1 <= running && running <= total, last > 0);
	slurp("/proc/stat");
	unsigned long long user, nice, sys, idl;
	k = sscanf(buf, "cpu  %llu %llu %llu %llu", &user, &nice, &sys, &idl);
	printf("stat: cpu line has %d times, btime %d processes %d procs_running %d\n",
	       k, strstr(buf, "\nbtime ") != NULL, strstr(buf, "\nprocesses ") != NULL,
	       strstr(buf, "\nprocs_running ") != NULL);
}

/* cpuinfo as busybox and procps read it: "key\t: value" lines. */
static void check_cpuinfo(void)
{
	int cpus = 0, vendor = 0, family = 0, model = 0, name = 0, flags = 0;
	int fpu = 0, bad = 0;

	slurp("/proc/cpuinfo");
	for (char *p = buf; *p; p = strchr(p, '\n') + 1) {
		char key[64];
		if (*p == '\n')
			continue;
		if (sscanf(p, "%63[^\t:]", key) != 1 || !strstr(p, ":")) {
			bad++;
			continue;
		}
		cpus += !strcmp(key, "processor");
		vendor += !strcmp(key, "vendor_id");
		family += !strcmp(key, "cpu family");
		model += !strcmp(key, "model");
		name += !strcmp(key, "model name");
		if (!strcmp(key, "flags")) {
			flags++;
			fpu += strstr(p, ": fpu ") != NULL;
		}
	}
	printf("cpuinfo: cpus %d, each with vendor_id, cpu family, model, model "
	       "name, flags: %d, flags start with fpu %d, bad lines %d\n",
	       cpus > 0, vendor == cpus && family == cpus && model == cpus &&
	       name == cpus && flags == cpus, fpu == cpus, bad);
}

static void check_sysctl(void)
{
	struct utsname u;

	uname(&u);
	slurp("/proc/sys/kernel/ostype");
	printf("ostype is uname's sysname: %d\n", !strncmp(buf, u.sysname,
	       strlen(u.sysname)) && buf[strlen(u.sysname)] == '\n');
	slurp("/proc/sys/kernel/osrelease");
	printf("osrelease is uname's release: %d\n", !strncmp(buf, u.release,
	       strlen(u.release)) && buf[strlen(u.release)] == '\n');
	slurp("/proc/sys/kernel/pid_max");
	printf("pid_max > pid: %d\n", atoi(buf) > getpid());
	slurp("/proc/sys/kernel/tainted");
	printf("tainted is a number: %d\n", buf[0] >= '0' && buf[0] <= '9');
	printf("core_pattern is a line: %d\n",
	       slurp("/proc/sys/kernel/core_pattern") > 1 && strchr(buf, '\n'));
}

int main(int argc, char **argv)
{
	check_fds();
	check_cmdline(argc, argv);
	check_mounts();
	check_system();
	check_cpuinfo();
	check_sysctl();
	return 0;
}
