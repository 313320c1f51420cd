/*
 * user/abifuzz.c - random system calls over the whole table, with edge
 * arguments (drawn by user/abifuzz/args.c).  Usage:
 * abifuzz [-s SEED] [-k SEEDS] [-n CALLS] [-v]: seeds SEED..SEED+SEEDS-1,
 * CALLS calls each; -v prints every call and its result.  Runs in Pagoda
 * only (random calls would harm the host); docs/abifuzz.md.
 *
 * Every call runs in a worker: a forked child that makes calls i, i+1, ...
 * and writes the number of the current one into a shared page.  When a
 * worker dies (its own munmap, a signal, exit, execve) the parent starts a
 * new one at the next call; a call that blocks for CALL_MS is killed with
 * SIGKILL (counted as "blocked").  A worker that SIGKILL cannot remove
 * within HANG_S is a kernel hang: the run stops with exit status 2.  Call i
 * of a seed draws its arguments from its own random stream, so a seed
 * replays the same calls.  The run happens in a child of main, in the
 * scratch directory SCRATCH; at the end that is removed, and the free
 * frames, page-table pages and kmalloc objects must be what they were
 * before (exit status 1 if not).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <uapi/ipc.h>
#include <unistd.h>

#include "abifuzz/abifuzz.h"
#include "lib/ulib.h"

#define CALL_MS		500	/* a call blocked this long is killed */
#define HANG_S		20	/* a killed worker not gone by then: a hang */
#define LOG_FD		99	/* the worker's copy of stdout, for -v */
#define SCRATCH		"/tmp/abifuzz"

/* Shared between the parent and its workers (a MAP_SHARED page). */
struct shared {
	volatile int cur;		/* the call the worker is making */
	int made, failed, skipped;	/* counted by the workers */
};

static struct shared *sh;
static int verbose;

/* Make system call nr.  After fork, vfork, clone and clone3 the child
 * exits at once, in the same asm (it may have no usable stack): it would
 * otherwise go on fuzzing beside its parent. */
static long raw_call(long nr, const uint64_t *a, int forks)
{
	register uint64_t r10 asm("r10") = a[3];
	register uint64_t r8 asm("r8") = a[4];
	register uint64_t r9 asm("r9") = a[5];
	long ret;

	if (forks)
		asm volatile("syscall\n\ttest %%rax, %%rax\n\tjnz 1f\n\t"
			     "mov %[exit], %%eax\n\txor %%edi, %%edi\n\t"
			     "syscall\n1:"
			     : "=a"(ret)
			     : "a"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]),
			       "r"(r10), "r"(r8), "r"(r9), [exit] "i"(SYS_exit)
			     : "rcx", "r11", "memory");
	else
		asm volatile("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]),
			       "r"(r10), "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}

static int forks(const struct call *c)
{
	return c->nr == SYS_fork || c->nr == SYS_vfork || c->nr == SYS_clone ||
	       c->nr == SYS_clone3;
}

static void log_call(int i, const struct call *c, const uint64_t *a,
		     const char *why)
{
	char line[300];
	int n = snprintf(line, sizeof(line), "abifuzz: %d: %s(", i, c->name);

	for (int k = 0; k < c->nargs; k++)
		n += snprintf(line + n, sizeof(line) - n, "%s%#lx", k ? ", " : "",
			      (unsigned long)a[k]);
	n += snprintf(line + n, sizeof(line) - n, why ? ") skipped: %s\n" : ")\n",
		      why);
	write(LOG_FD, line, n);
}

/* Call number i of seed: draw it, make it, count it. */
static void one_call(unsigned long seed, int i)
{
	uint64_t a[6];
	const struct call *c = draw_call(seed, i, a);
	const char *why = veto(c, a);
	long r;

	if (verbose)
		log_call(i, c, a, why);
	if (why) {
		__atomic_fetch_add(&sh->skipped, 1, __ATOMIC_RELAXED);
		return;
	}
	__atomic_fetch_add(&sh->made, 1, __ATOMIC_RELAXED);
	r = raw_call(c->nr, a, forks(c));
	if (r < 0 && r > -4096)
		__atomic_fetch_add(&sh->failed, 1, __ATOMIC_RELAXED);
	if (verbose)
		dprintf(LOG_FD, "abifuzz: %d: = %ld\n", i, r);
}

/* Move fd (closed) to the lowest free number from 50 + n, out of the way
 * of the numbers the descriptors go to; returns that number, or -1. */
static int park(int fd, int n)
{
	int hi = fd < 0 ? -1 : fcntl(fd, F_DUPFD, 50 + n);

	if (fd >= 0)
		close(fd);
	return hi;
}

/* A worker's descriptors: /dev/null as 0-2, then FD_FILE..FD_MAPS. */
static void worker_fds(void)
{
	int p[2] = { -1, -1 }, fds[6];

	if (verbose)
		dup2(1, LOG_FD);
	for (int i = 0; i < 3; i++)
		dup2(open("/dev/null", O_RDWR), i);
	fds[0] = park(open("f", O_RDWR | O_CREAT, 0644), 0);
	fds[1] = park(open(".", O_RDONLY | O_DIRECTORY), 1);
	pipe(p);
	write(p[1], "abifuzz", 7);
	fds[2] = park(p[0], 2);
	fds[3] = park(p[1], 3);
	fds[4] = park(open("/dev/zero", O_RDWR), 4);
	fds[5] = park(open("/proc/self/maps", O_RDONLY), 5);
	for (int i = 3; i < 50; i++)
		if (i != LOG_FD || !verbose)
			close(i);
	for (int i = 0; i < 6; i++)
		if (fds[i] >= 0) {
			dup2(fds[i], FD_FILE + i);
			close(fds[i]);
		}
}

/* A worker: calls first..n-1 of seed, then exit. */
static void worker(unsigned long seed, int first, int n)
{
	setpgid(0, 0);
	worker_fds();
	for (int i = first; i < n; i++) {
		sh->cur = i;
		one_call(seed, i);
	}
	sh->cur = n;
	_exit(0);
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Wait for worker pid, reaping any child it gave us (CLONE_PARENT); kill
 * it if its call makes no progress for CALL_MS.  Returns 1 if it was
 * killed, 0 if it ended by itself, -1 if it outlived SIGKILL (a hang). */
static int watch(pid_t pid)
{
	const struct timespec tick = { 0, 2000000 };
	int last = sh->cur, killed = 0, st;
	long t = now_ms();
	pid_t r;

	for (;;) {
		while ((r = waitpid(-1, &st, WNOHANG)) > 0)
			if (r == pid) {
				kill(-pid, SIGKILL);	/* what it forked */
				return killed;
			}
		if (sh->cur != last) {
			last = sh->cur;
			t = now_ms();
		}
		if (!killed && now_ms() - t > CALL_MS) {
			kill(pid, SIGKILL);
			killed = 1;
			t = now_ms();
		} else if (killed && now_ms() - t > HANG_S * 1000) {
			return -1;
		}
		nanosleep(&tick, NULL);
	}
}

/* n calls of seed, in as many workers as it takes.  Returns 0, or -1
 * after a hang. */
static int fuzz_seed(unsigned long seed, int n)
{
	int workers = 0, blocked = 0, w;

	memset(sh, 0, sizeof(*sh));
	for (int i = 0; i < n; i = sh->cur + 1 > i ? sh->cur + 1 : i + 1) {
		sh->cur = i;
		pid_t pid = fork();
		if (pid == 0)
			worker(seed, i, n);
		if (pid < 0) {
			printf("abifuzz: seed %lu: fork: %s\n", seed, strerror(errno));
			return -1;
		}
		workers++;
		if ((w = watch(pid)) < 0) {
			printf("abifuzz: seed %lu, call %d: HANG: the worker "
			       "outlived SIGKILL by %d s\n", seed, sh->cur, HANG_S);
			return -1;
		}
		blocked += w;
	}
	printf("abifuzz: seed %lu: %d calls made, %d failed, %d skipped, "
	       "%d blocked and killed, %d workers\n", seed, sh->made,
	       sh->failed, sh->skipped, blocked, workers);
	fflush(stdout);
	return 0;
}

/* The page the workers count in. */
static void setup(void)
{
	sh = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		  -1, 0);
	if (sh == MAP_FAILED) {
		perror("abifuzz: mmap");
		exit(1);
	}
	memset(sh, 0, sizeof(*sh));	/* its page, before the first count */
	args_setup();
}

/* Free frames, page-table pages and kmalloc objects, with the caches
 * written back and dropped (as init's leak check); false if unreadable. */
static bool counters(unsigned long v[3])
{
	static char text[8192];	/* not on the stack: its depth differs */
	int fd;

	sync();
	if ((fd = open("/proc/sys/vm/drop_caches", O_WRONLY)) >= 0) {
		write(fd, "3\n", 2);
		close(fd);
	}
	return read_file("/proc/vmstat", text, sizeof(text)) > 0 &&
	       proc_lookup(text, "nr_free_pages", &v[0]) &&
	       proc_lookup(text, "nr_page_table_pages", &v[1]) &&
	       proc_lookup(text, "nr_kmalloc_objects", &v[2]);
}

/* Run fn in a child in the scratch directory; its exit status. */
static int in_child(int (*fn)(void *), void *arg)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		chdir(SCRATCH);
		int status = fn(arg);
		fflush(stdout);
		_exit(status);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return 1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int run_seeds(void *arg)
{
	const unsigned long *s = arg;	/* first seed, seeds, calls */

	for (unsigned long i = 0; i < s[1]; i++)
		if (fuzz_seed(s[0] + i, (int)s[2]) < 0)
			return 2;
	return 0;
}

/* Remove the scratch directory, and what a worker that went to / or /tmp
 * (chdir, or a descriptor of those for openat) made there: the names of
 * user/abifuzz/args.c's paths; and the System V shared memory segments
 * the workers made (they outlive their creators, as on Linux), found by
 * slot with SHM_STAT_ANY as ipcrm -a does. */
static int empty_scratch(void *arg)
{
	static const char *const strays[] = {
		SCRATCH, "/f", "/d", "/l", "/tmp/f", "/tmp/d", "/tmp/l",
	};
	struct shmid64_ds ds;

	(void)arg;
	for (size_t i = 0; i < sizeof(strays) / sizeof(strays[0]); i++)
		remove_tree(strays[i]);
	for (long slot = 0; slot < SHMMNI; slot++) {
		long id = syscall(SYS_shmctl, slot, SHM_STAT_ANY, &ds);
		if (id >= 0)
			syscall(SYS_shmctl, id, IPC_RMID, NULL);
	}
	return 0;
}

/* The counters after the run must come back to those before it: other
 * processes (the workers' children, reparented to init) may still be
 * ending, so look again for a while before calling it a leak. */
static int leak_check(const unsigned long before[3])
{
	const struct timespec pause = { 0, 100000000 };
	unsigned long after[3] = { 0 };

	for (int tries = 0; tries < 50; tries++) {
		if (counters(after) && !memcmp(before, after, sizeof(after))) {
			printf("abifuzz: leak check ok: free %lu pagetables %lu "
			       "kmalloc %lu\n", after[0], after[1], after[2]);
			return 0;
		}
		nanosleep(&pause, NULL);
	}
	printf("abifuzz: LEAK: before free %lu pagetables %lu kmalloc %lu, "
	       "after free %lu pagetables %lu kmalloc %lu\n", before[0],
	       before[1], before[2], after[0], after[1], after[2]);
	return 1;
}

int main(int argc, char **argv)
{
	unsigned long s[3] = { 1, 1, 2000 }, before[3];
	int opt, status;

	while ((opt = getopt(argc, argv, "s:k:n:v")) != -1) {
		if (opt == 'v')
			verbose = 1;
		else if (opt == 's' || opt == 'k' || opt == 'n')
			s[opt == 's' ? 0 : opt == 'k' ? 1 : 2] = strtoul(optarg, NULL, 0);
		else {
			fprintf(stderr, "usage: abifuzz [-s SEED] [-k SEEDS] "
				"[-n CALLS] [-v]\n");
			return 1;
		}
	}
	setup();
	printf("abifuzz: seeds %lu..%lu, %lu calls each, %d system calls\n",
	       s[0], s[0] + s[1] - 1, s[2], ncalls);
	fflush(stdout);
	mkdir(SCRATCH, 0755);
	in_child(empty_scratch, NULL);		/* warm up, as the end does */
	if (!counters(before) || !counters(before)) {
		printf("abifuzz: cannot read /proc/vmstat\n");
		return 1;
	}
	mkdir(SCRATCH, 0755);
	status = in_child(run_seeds, s);
	in_child(empty_scratch, NULL);
	return status ? status : leak_check(before);
}
