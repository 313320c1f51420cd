/*
 * tests/run/thread_abi.c - the process-wide rules of credentials, limits
 * and core dumps when a process has several threads: setuid in one thread
 * reaches all of them (glibc and musl broadcast it with a signal to every
 * thread, each making the system call), RLIMIT_NPROC counts threads, and
 * a thread that aborts dumps the whole process once, with WCOREDUMP and
 * an NT_PRSTATUS for each of its threads.
 * Run as root, as tests/run/creds.c; the host's core_pattern is "core".
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOBODY	65534
#define NPROC_UIDS	40000	/* uids 40000 + pid % 4096: none that another
				 * process on the host has (RLIMIT_NPROC
				 * counts every task of the user, and other
				 * tests, this one's other builds among them,
				 * run at the same time) */

static pthread_barrier_t barrier;

struct ids {
	long uid, euid, gid, egid;
};

/* The credentials this thread sees, straight from the kernel. */
static struct ids get_ids(void)
{
	return (struct ids){ syscall(SYS_getuid), syscall(SYS_geteuid),
			     syscall(SYS_getgid), syscall(SYS_getegid) };
}

static void print_ids(const char *who, const struct ids *i)
{
	printf("%s: uid %ld euid %ld gid %ld egid %ld\n", who, i->uid,
	       i->euid, i->gid, i->egid);
}

static void *waiter(void *ids)
{
	pthread_barrier_wait(&barrier);	/* main drops root meanwhile */
	pthread_barrier_wait(&barrier);
	*(struct ids *)ids = get_ids();
	return NULL;
}

/* Two threads wait while main gives up root for nobody; all three then
 * have nobody's ids, read with raw system calls. */
static void setuid_reaches_threads(void)
{
	pthread_t t[2];
	struct ids ids[3];

	pthread_barrier_init(&barrier, NULL, 3);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, waiter, &ids[i + 1]);
	pthread_barrier_wait(&barrier);
	int g = setgid(NOBODY), u = setuid(NOBODY);
	printf("setgid %d, setuid %d\n", g, u);
	pthread_barrier_wait(&barrier);
	ids[0] = get_ids();
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	print_ids("main", &ids[0]);
	print_ids("thread 1", &ids[1]);
	print_ids("thread 2", &ids[2]);
}

static void *idle_thread(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

/* As a user of its own with RLIMIT_NPROC 3, the process (one task) may
 * start two threads; the third is EAGAIN: threads are tasks of the user. */
static void nproc_counts_threads(void)
{
	struct rlimit r = { 3, 3 };
	pthread_t t;

	uid_t own = NPROC_UIDS + getpid() % 4096;

	setrlimit(RLIMIT_NPROC, &r);
	setgid(own);
	setuid(own);
	for (int i = 1; i <= 3; i++) {
		int err = pthread_create(&t, NULL, idle_thread, NULL);
		printf("thread %d: %s\n", i, err == EAGAIN ? "EAGAIN" :
		       err ? strerror(err) : "started");
	}
}

static void *aborting_thread(void *arg)
{
	(void)arg;
	abort();
}

/* A thread aborts while two others wait: the process dies of SIGABRT
 * with a core file, written once. */
static void thread_abort(void)
{
	struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };
	pthread_t t;

	setrlimit(RLIMIT_CORE, &r);
	pthread_create(&t, NULL, idle_thread, NULL);
	pthread_create(&t, NULL, idle_thread, NULL);
	pthread_create(&t, NULL, aborting_thread, NULL);
	pause();
}

/* The core file's NT_PRSTATUS notes: how many, of how many threads
 * (distinct pids), and is the first the aborting thread's (SIGABRT). */
static void count_prstatus(void)
{
	struct stat st;
	int fd = open("core", O_RDONLY), n = 0, first_sig = 0;
	pid_t pids[8];

	if (fd < 0 || fstat(fd, &st))
		return;
	char *c = malloc(st.st_size);
	read(fd, c, st.st_size);
	close(fd);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)c;
	Elf64_Phdr *ph = (Elf64_Phdr *)(c + eh->e_phoff);
	for (; ph->p_type != PT_NOTE; ph++)
		;
	for (size_t off = 0; off < ph->p_filesz;) {
		Elf64_Nhdr *nh = (Elf64_Nhdr *)(c + ph->p_offset + off);
		char *desc = (char *)(nh + 1) + ((nh->n_namesz + 3) & ~3u);
		if (nh->n_type == NT_PRSTATUS && n < 8) {
			if (n == 0)
				first_sig = *(short *)(desc + 12);	/* pr_cursig */
			pids[n++] = *(pid_t *)(desc + 32);	/* pr_pid */
		}
		off = desc + ((nh->n_descsz + 3) & ~3u) - (c + ph->p_offset);
	}
	int distinct = 0;
	for (int i = 0; i < n; i++) {
		int j = 0;
		while (j < i && pids[j] != pids[i])
			j++;
		distinct += j == i;
	}
	printf("NT_PRSTATUS notes %d, threads %d, first signal %d\n", n,
	       distinct, first_sig);
	free(c);
}

/* Run fn in a child; print how the child ended. */
static void in_child(const char *name, void (*fn)(void))
{
	int status;

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFEXITED(status))
		printf("%s: exit %d\n", name, WEXITSTATUS(status));
	else
		printf("%s: signal %d, core dumped %d\n", name, WTERMSIG(status),
		       WCOREDUMP(status) != 0);
}

int main(void)
{
	struct stat st;

	in_child("setuid", setuid_reaches_threads);
	in_child("nproc", nproc_counts_threads);
	mkdir("thread-dump", 0755);
	chdir("thread-dump");
	in_child("abort", thread_abort);
	printf("core file %d\n", stat("core", &st) == 0 && st.st_size > 0);
	count_prstatus();
	unlink("core");
	chdir("..");
	rmdir("thread-dump");
	return 0;
}
