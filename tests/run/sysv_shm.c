/*
 * tests/run/sysv_shm.c - System V shared memory as Linux's ipc/shm.c:
 * shmget (IPC_PRIVATE, keys, IPC_CREAT|IPC_EXCL, the size rules: EINVAL,
 * ENOENT, EEXIST), shmat (anywhere, at an address, SHM_RND, SHM_REMAP,
 * SHM_RDONLY, EINVAL), shmdt (EINVAL where nothing is attached, the
 * pieces of a split attach), shmctl (IPC_STAT's nattch, segsz, cpid,
 * lpid; IPC_SET; IPC_RMID while attached: SHM_DEST, a private key, still
 * attachable, gone at the last detach; IPC_INFO), attaches shared with
 * and inherited by fork, dropped at exec and exit, segments outliving
 * their creator, /proc/self/maps and /proc/sysvipc/shm.  Every segment it
 * makes is removed before it exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define SZ	(3 * 4096 + 100)

static const char *err_name(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EPERM: return "EPERM";
	case ENOSPC: return "ENOSPC";
	default: return "other";
	}
}

static void show(const char *what, long r)
{
	printf("%s = %s%s\n", what, r == -1 ? "-1 " : r >= 0 ? "ok" : "?",
	       r == -1 ? err_name(errno) : "");
	fflush(stdout);
}

static void showp(const char *what, void *p)
{
	show(what, p == (void *)-1 ? -1 : 0);
}

static unsigned long nattch(int id)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds))
		return 999;
	return ds.shm_nattch;
}

static void stat_line(const char *what, int id, pid_t me)
{
	struct shmid_ds ds;

	if (shmctl(id, IPC_STAT, &ds)) {
		show(what, -1);
		return;
	}
	printf("%s: segsz %zu nattch %lu mode %o key %s cpid %s lpid %s "
	       "atime %s dtime %s ctime %s uid %s\n", what, ds.shm_segsz,
	       (unsigned long)ds.shm_nattch, ds.shm_perm.mode,
	       ds.shm_perm.__key == 0 ? "private" : "ours",
	       ds.shm_cpid == me ? "me" : "other",
	       ds.shm_lpid == 0 ? "0" : ds.shm_lpid == me ? "me" : "other",
	       ds.shm_atime ? "set" : "0", ds.shm_dtime ? "set" : "0",
	       ds.shm_ctime ? "set" : "0", ds.shm_perm.uid == geteuid() ? "me" : "other");
	fflush(stdout);
}

/* The line of /proc/self/maps at addr ends with "/SYSV<key> (deleted)"? */
static int maps_names(void *addr, int key)
{
	char line[512], want[64], start[32];
	FILE *f = fopen("/proc/self/maps", "r");
	int found = 0;

	snprintf(start, sizeof(start), "%lx-", (unsigned long)addr);
	snprintf(want, sizeof(want), "/SYSV%08x (deleted)\n", key);
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, start, strlen(start)) &&
		    strlen(line) > strlen(want) &&
		    !strcmp(line + strlen(line) - strlen(want), want))
			found = 1;
	if (f)
		fclose(f);
	return found;
}

/* /proc/sysvipc/shm: the header, and our segment's line parsed. */
static void proc_sysvipc(int id, int key, pid_t me)
{
	char line[512];
	FILE *f = fopen("/proc/sysvipc/shm", "r");

	if (!f) {
		printf("no /proc/sysvipc/shm\n");
		return;
	}
	if (fgets(line, sizeof(line), f))
		printf("header: %s", line);
	while (fgets(line, sizeof(line), f)) {
		int k, i, perms, cpid, lpid;
		unsigned long size, natt;
		if (sscanf(line, "%d %d %o %lu %d %d %lu", &k, &i, &perms, &size,
			   &cpid, &lpid, &natt) == 7 && i == id)
			printf("line: key %s perms %o size %lu cpid %s lpid %s nattch %lu\n",
			       k == key ? "ours" : "other", perms, size,
			       cpid == me ? "me" : "other", lpid == me ? "me" : "other", natt);
	}
	fclose(f);
}

static void shmget_rules(int key)
{
	show("shmget(IPC_PRIVATE, 0)", shmget(IPC_PRIVATE, 0, 0600));
	show("shmget(IPC_PRIVATE, ~0ul)", shmget(IPC_PRIVATE, ~0ul, 0600));
	show("shmget(key) that does not exist", shmget(key, SZ, 0600));
	int id = shmget(key, SZ, IPC_CREAT | IPC_EXCL | 0600);
	show("shmget(key, IPC_CREAT|IPC_EXCL)", id);
	show("again with IPC_EXCL", shmget(key, SZ, IPC_CREAT | IPC_EXCL | 0600));
	printf("again without: same id %d\n", shmget(key, SZ, IPC_CREAT | 0600) == id);
	printf("size 0 finds it: %d\n", shmget(key, 0, 0) == id);
	printf("a smaller size finds it: %d\n", shmget(key, 100, 0) == id);
	show("a larger size", shmget(key, SZ + 1, 0));
	show("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	show("IPC_STAT after IPC_RMID", shmctl(id, IPC_STAT, &(struct shmid_ds){ 0 }));
	show("shmget(key) after IPC_RMID", shmget(key, SZ, 0600));
	int a = shmget(IPC_PRIVATE, 4096, 0600), b = shmget(IPC_PRIVATE, 4096, 0600);
	printf("IPC_PRIVATE gives new ids: %d\n", a >= 0 && b >= 0 && a != b);
	shmctl(a, IPC_RMID, NULL);
	shmctl(b, IPC_RMID, NULL);
}

static sigjmp_buf jb;

static void on_segv(int sig)
{
	siglongjmp(jb, sig);
}

static void attach_rules(int id, int key, pid_t me)
{
	char *p = shmat(id, NULL, 0), *q;

	showp("shmat(NULL)", p);
	stat_line("after shmat", id, me);
	printf("fresh segment reads zero: %d\n", p[0] == 0 && p[SZ - 1] == 0);
	strcpy(p, "hello");
	p[SZ - 1] = 'z';
	printf("maps names /SYSV<key> (deleted): %d\n", maps_names(p, key));
	q = shmat(id, NULL, SHM_RDONLY);
	showp("second attach, SHM_RDONLY", q);
	printf("the same memory: %s %c, nattch %lu\n", q, q[SZ - 1], nattch(id));
	show("mprotect(PROT_WRITE) of the read-only attach",
	     mprotect(q, 4096, PROT_READ | PROT_WRITE));
	struct sigaction sa = { .sa_handler = on_segv }, old;
	sigaction(SIGSEGV, &sa, &old);
	int sig = sigsetjmp(jb, 1);
	if (!sig)
		*(volatile char *)q = 'x';
	printf("writing the read-only attach: %s\n", sig == SIGSEGV ? "SIGSEGV" : "no signal");
	sigaction(SIGSEGV, &old, NULL);
	show("shmdt(q)", shmdt(q));
	show("shmdt(q) again", shmdt(q));
	show("shmdt(unaligned)", shmdt(p + 1));
	show("shmdt(not an attach)", shmdt((void *)0x10000));

	/* at a chosen address */
	char *hole = mmap(NULL, 16 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	show("shmat over a mapping", (long)shmat(id, hole, 0) == -1 ? -1 : 0);
	q = shmat(id, hole, SHM_REMAP);
	printf("SHM_REMAP there: %d, sees %s\n", q == hole, q == hole ? q : "-");
	shmdt(q);
	munmap(hole, 16 * 4096);
	q = shmat(id, hole + 4096, 0);
	printf("at an aligned address: %d\n", q == hole + 4096);
	shmdt(q);
	show("at an unaligned address", (long)shmat(id, hole + 100, 0) == -1 ? -1 : 0);
	q = shmat(id, hole + 100, SHM_RND);
	printf("SHM_RND rounds down: %d\n", q == hole);
	show("SHM_REMAP without an address", (long)shmat(id, NULL, SHM_REMAP) == -1 ? -1 : 0);
	show("shmat of a bad id", (long)shmat(id + 1, NULL, 0) == -1 ? -1 : 0);
	show("shmat of id -1", (long)shmat(-1, NULL, 0) == -1 ? -1 : 0);

	/* a split attach counts twice, and shmdt takes both pieces */
	mprotect(q + 4096, 4096, PROT_READ);
	printf("split by mprotect: nattch %lu\n", nattch(id));
	show("shmdt of the split attach", shmdt(q));
	printf("then nattch %lu\n", nattch(id));
	show("shmdt(p)", shmdt(p));
	stat_line("after the detaches", id, me);
}

static void fork_exec(int id, char *self)
{
	char *p = shmat(id, NULL, 0);
	pid_t child;

	fflush(stdout);
	if ((child = fork()) == 0) {
		printf("child sees %s, nattch %lu\n", p, nattch(id));
		strcpy(p, "from the child");
		fflush(stdout);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	printf("parent sees %s, nattch %lu, lpid is the child: %d\n", p,
	       (unsigned long)ds.shm_nattch, ds.shm_lpid == child);
	char arg[32];
	snprintf(arg, sizeof(arg), "%d", id);
	fflush(stdout);
	if (fork() == 0) {
		execl(self, self, "exec", arg, (char *)NULL);
		_exit(127);
	}
	wait(NULL);
	shmdt(p);
}

/* Removal while attached: SHM_DEST and a private key, still attachable
 * by id, gone with the last detach; a segment outlives its creator. */
static void removal(int key, pid_t me)
{
	int id = shmget(key, SZ, IPC_CREAT | 0600);
	char *p = shmat(id, NULL, 0);

	show("IPC_RMID while attached", shmctl(id, IPC_RMID, NULL));
	stat_line("removed but attached", id, me);
	show("shmget(key) now", shmget(key, SZ, 0600));
	char *q = shmat(id, NULL, 0);
	showp("shmat by id after IPC_RMID", q);
	printf("nattch %lu\n", nattch(id));
	show("shmdt the last but one", shmdt(q));
	printf("still there: nattch %lu\n", nattch(id));
	shmdt(p);
	show("IPC_STAT after the last shmdt", shmctl(id, IPC_STAT, &(struct shmid_ds){ 0 }));

	fflush(stdout);
	if (fork() == 0) {
		int cid = shmget(key, SZ, IPC_CREAT | 0640);
		char *c = shmat(cid, NULL, 0);
		strcpy(c, "left by the child");
		_exit(0);		/* no IPC_RMID: the segment stays */
	}
	wait(NULL);
	id = shmget(key, 0, 0);
	show("shmget(key) after the creator exited", id);
	p = shmat(id, NULL, SHM_RDONLY);
	struct shmid_ds ds;
	shmctl(id, IPC_STAT, &ds);
	printf("it holds: %s; mode %o, nattch %lu, cpid is me: %d\n", p,
	       ds.shm_perm.mode, (unsigned long)ds.shm_nattch, ds.shm_cpid == me);
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

static void control(int id, int key, pid_t me)
{
	struct shmid_ds ds;

	shmctl(id, IPC_STAT, &ds);
	ds.shm_perm.mode = 0640 | 01000;
	show("IPC_SET mode 0640", shmctl(id, IPC_SET, &ds));
	stat_line("after IPC_SET", id, me);
	show("IPC_SET from a bad pointer", shmctl(id, IPC_SET, (void *)16));
	show("IPC_STAT to a bad pointer", shmctl(id, IPC_STAT, (void *)16));
	show("shmctl(bad command)", shmctl(id, 99, &ds));
	show("shmctl(-1, IPC_STAT)", shmctl(-1, IPC_STAT, &ds));
	show("shmctl(bad id, IPC_RMID)", shmctl(id + 1, IPC_RMID, NULL));
	struct shminfo info;
	int r = shmctl(0, IPC_INFO, (struct shmid_ds *)&info);
	printf("IPC_INFO: %s shmmax %lu shmmin %lu shmmni %lu shmseg %lu shmall %lu\n",
	       r >= 0 ? "ok" : "fails", info.shmmax, info.shmmin, info.shmmni,
	       info.shmseg, info.shmall);
	char *p = shmat(id, NULL, 0);
	proc_sysvipc(id, key, me);
	shmdt(p);
	fflush(stdout);
	if (fork() == 0) {
		setgid(65534);
		setuid(65534);
		show("IPC_STAT as nobody", shmctl(id, IPC_STAT, &ds));
		show("shmat as nobody", (long)shmat(id, NULL, 0) == -1 ? -1 : 0);
		show("IPC_RMID as nobody", shmctl(id, IPC_RMID, NULL));
		show("shmget(key) as nobody", shmget(key, 0, 0));
		_exit(0);
	}
	wait(NULL);
}

int main(int argc, char **argv)
{
	pid_t me = getpid();
	int key = 0x50000000 | (me & 0xfffff);

	if (argc == 3 && !strcmp(argv[1], "exec")) {
		printf("after exec: nattch %lu\n", nattch(atoi(argv[2])));
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	shmget_rules(key);
	int id = shmget(key, SZ, IPC_CREAT | IPC_EXCL | 0600);
	stat_line("new segment", id, me);
	attach_rules(id, key, me);
	fork_exec(id, "/proc/self/exe");
	control(id, key, me);
	show("IPC_RMID", shmctl(id, IPC_RMID, NULL));
	removal(key, me);
	return 0;
}
