/*
 * bench/linux_init.c - /init of the Linux initramfs that tools/bench boots.
 *
 * Not a benchmark: it is the whole user space of the Linux side of the
 * comparison.  It mounts /proc (filemap reads /proc/vmstat, mmap reads
 * /proc/self/maps; nothing else is mounted, so nothing else runs), then
 * runs every program in /bench in name order, each framed by
 *
 *     bench-begin NAME
 *     ... the program's output ...
 *     bench-end NAME STATUS
 *
 * and powers the machine off (QEMU runs with -no-reboot, so it exits).
 * STATUS is the exit status, or 128 + the signal that killed the program.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BENCH_DIR "/bench"
#define MAX_PROGS 64

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the programs in BENCH_DIR, sorted; returns how many. */
static int list_programs(char *names[], int max)
{
	DIR *d = opendir(BENCH_DIR);
	struct dirent *e;
	int n = 0;

	if (!d) {
		perror("init: " BENCH_DIR);
		return 0;
	}
	while ((e = readdir(d)) && n < max)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), compare);
	return n;
}

/* Run BENCH_DIR/name with no arguments; returns its status as a shell would. */
static int run(const char *name)
{
	char path[256];
	int status;

	snprintf(path, sizeof(path), "%s/%s", BENCH_DIR, name);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("init: fork");
		return 125;
	}
	if (pid == 0) {
		char *argv[] = { path, NULL };
		char *envp[] = { "PATH=/bench", "BENCH_DIR=/tmp", NULL };

		execve(path, argv, envp);
		perror(path);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 125;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(void)
{
	char *names[MAX_PROGS];

	mkdir("/proc", 0555);
	if (mount("proc", "/proc", "proc", 0, NULL))
		perror("init: mount /proc");
	int n = list_programs(names, MAX_PROGS);
	for (int i = 0; i < n; i++) {
		printf("bench-begin %s\n", names[i]);
		int status = run(names[i]);
		printf("bench-end %s %d\n", names[i], status);
	}
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;	/* not reached: init exiting would panic the kernel */
}
