/*
 * user/init.c - the first process.
 *
 * PAGODA_MODE (from mode= on the kernel command line) says what to do:
 *   shell  run /bin/sh on the console, again whenever it exits (default);
 *   run    run the program named by init's arguments (or /run/argv) once,
 *          with stdout
 *          and stderr on the raw serial ports /dev/ttyS0 and /dev/ttyS1 and
 *          stdin from /run/stdin if present; then send the files /run/out
 *          names as a cpio on /dev/ttyS3 and exit with the program's
 *          status (tools/run-prog reads it from the kernel log);
 *   test   run every program in /t, each in a fresh directory /tmp/NAME,
 *          framing each one's output for tools/test.
 * In every mode init also reaps orphaned processes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/ulib.h"

/* Point fd at path (opened with flags); keeps going on failure. */
static void redirect(int fd, const char *path, int flags)
{
	int f = open(path, flags);

	if (f < 0) {
		dprintf(2, "init: %s: %s\n", path, strerror(errno));
		return;
	}
	if (f != fd) {
		dup2(f, fd);
		close(f);
	}
}

/* fork + exec argv and wait for it (reaping orphans meanwhile);
 * returns its status as a shell would show it (128 + signal if killed). */
static int run(char *const argv[])
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return 127;
	if (pid == 0) {
		execve(argv[0], argv, environ);
		dprintf(2, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	for (;;) {
		pid_t w = waitpid(-1, &status, 0);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return 127;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* tools/run-prog puts the program's argv and environment in /run/argv
 * and /run/env, NUL-separated, so that any string survives (the kernel
 * command line splits at spaces).  Returns a NULL-terminated array in
 * storage of its own, or NULL if the file is missing. */
static char **read_list(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY), n = 0;

	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	char *buf = malloc(st.st_size + 1);
	char **list = malloc((st.st_size + 1) * sizeof(char *));
	ssize_t len = read(fd, buf, st.st_size);
	close(fd);
	for (ssize_t i = 0; i < len; i += strlen(buf + i) + 1)
		list[n++] = buf + i;
	buf[len > 0 ? len : 0] = '\0';
	list[n] = NULL;
	return list;
}

/* The paths /run/out names (PAGODA_OUT of tools/run-prog), written as
 * one cpio archive on /dev/ttyS3 once the program has exited. */
static void send_files_out(char **paths)
{
	int fd;

	if (!paths || (fd = open("/dev/ttyS3", O_WRONLY)) < 0)
		return;
	for (int i = 0; paths[i]; i++)
		if (cpio_write_tree(fd, paths[i]) < 0)
			dprintf(2, "run-prog: PAGODA_OUT: cannot copy out %s\n", paths[i]);
	cpio_write_trailer(fd);
	close(fd);
}

static int mode_run(int argc, char **argv)
{
	char **args = argc > 1 ? argv + 1 : read_list("/run/argv");
	char **env = read_list("/run/env");

	if (env)
		environ = env;
	else
		unsetenv("PAGODA_MODE");
	if (!args || !args[0]) {
		dprintf(2, "init: mode=run needs a program\n");
		return 127;
	}
	redirect(0, access("/run/stdin", F_OK) == 0 ? "/run/stdin" : "/dev/console",
		 O_RDONLY);
	redirect(1, "/dev/ttyS0", O_WRONLY);
	redirect(2, "/dev/ttyS1", O_WRONLY);
	int status = run(args);
	send_files_out(read_list("/run/out"));
	return status;
}

/* A value from /proc/vmstat, or -1. */
static long vmstat(const char *name)
{
	char line[128];
	long v = -1;
	size_t n = strlen(name);
	FILE *f = fopen("/proc/vmstat", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ' ')
			v = atol(line + n + 1);
	if (f)
		fclose(f);
	return v;
}

/* A number from /proc/meminfo ("Key:   N"), or -1. */
static long meminfo(const char *key)
{
	char line[128];
	long v = -1;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = atol(line + n + 1);
	if (f)
		fclose(f);
	return v;
}

/* Print the memory in use, with caches written back and dropped, so
 * that tools/test can see any frame a test run leaked.  Free pages of
 * the hugetlb pool count as free (a test may leave nr_hugepages set);
 * its pages in use and its reservations are counted apart. */
static void report_frames(const char *when)
{
	int fd;
	long hfree = meminfo("HugePages_Free");

	sync();
	if ((fd = open("/proc/sys/vm/drop_caches", O_WRONLY)) >= 0) {
		write(fd, "3\n", 2);
		close(fd);
	}
	printf("=== frames %s free %ld pagetables %ld kmalloc %ld swap %ld thp %ld "
	       "hugetlb %ld rsvd %ld ===\n",
	       when, vmstat("nr_free_pages") + hfree * 512,
	       vmstat("nr_page_table_pages"), vmstat("nr_kmalloc_objects"),
	       vmstat("nr_swap_used"), vmstat("nr_anon_transparent_hugepages"),
	       meminfo("HugePages_Total") - hfree, meminfo("HugePages_Rsvd"));
	fflush(stdout);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run /t/NAME for every NAME (or only those given), each in /tmp/NAME. */
static int mode_test(int argc, char **argv)
{
	static char *names[1024];
	static char *test_env[] = { "HOME=/", "PATH=/bin:/usr/bin", "LANG=C",
				    "PAGODA_TEST=1", NULL };
	int n = 0;
	struct dirent *e;

	environ = test_env;		/* the same as tools/test gives on Linux */
	redirect(0, "/dev/null", O_RDONLY);
	redirect(1, "/dev/ttyS0", O_WRONLY);
	redirect(2, "/dev/ttyS0", O_WRONLY);
	DIR *d = opendir("/t");
	while (d && (e = readdir(d)) && n < 1024)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	if (d)
		closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	/* Warm up: let init's own heap and stack reach the size this loop
	 * needs, so that the counts below see only what the tests leave. */
	mkdir("/tmp/warmup", 0755);
	close(open("/tmp/warmup/f", O_CREAT | O_WRONLY, 0644));
	remove_tree("/tmp/warmup");
	report_frames("warmup");
	report_frames("before");
	for (int i = 0; i < n; i++) {
		bool chosen = argc < 2;
		for (int j = 1; j < argc; j++)
			chosen |= !strcmp(argv[j], names[i]);
		if (!chosen)
			continue;
		char path[300], dir[300];
		snprintf(path, sizeof(path), "/t/%s", names[i]);
		snprintf(dir, sizeof(dir), "/tmp/%s", names[i]);
		mkdir(dir, 0755);
		chdir(dir);
		printf("=== begin %s ===\n", names[i]);
		fflush(stdout);
		char *args[] = { path, NULL };
		int status = run(args);
		printf("=== end %s status %d ===\n", names[i], status);
		fflush(stdout);
		chdir("/");
		if (fork() == 0) {	/* in a child: init's memory stays put */
			remove_tree(dir);
			_exit(0);
		}
		wait(NULL);
		report_frames(names[i]);
	}
	report_frames("after");
	printf("=== all done ===\n");
	return 0;
}

static int mode_shell(void)
{
	char *sh[] = { "/bin/sh", NULL };

	redirect(0, "/dev/console", O_RDONLY);
	redirect(1, "/dev/console", O_WRONLY);
	redirect(2, "/dev/console", O_WRONLY);
	if (access(sh[0], X_OK) != 0) {
		printf("init: no /bin/sh in the initial files\n");
		return 1;
	}
	for (;;) {
		run(sh);
		printf("init: the shell exited; starting a new one\n");
	}
}

int main(int argc, char **argv)
{
	const char *mode = getenv("PAGODA_MODE");

	if (fcntl(0, F_GETFD) < 0) {	/* as Linux gives init: the console */
		open("/dev/console", O_RDWR);
		dup(0);
		dup(0);
	}
	if (mode && !strcmp(mode, "run"))
		return mode_run(argc, argv);
	if (mode && !strcmp(mode, "test"))
		return mode_test(argc, argv);
	return mode_shell();
}
