/*
 * tests/pagoda/swapload.c - Pintos-style swap loads: more memory than RAM,
 * each byte checked (tools/test runs it with PAGODA_MEM=32M
 * PAGODA_SWAP=128M; it also runs on the Linux host, and stdout must be the
 * same there).
 *
 *   linear MIB          write MIB MiB sequentially, read it back, checksum
 *   parallel N MIB      N children at once, each writing and checking MIB
 *   merge-seq MIB K     sort MIB MiB of random bytes in K chunks, each
 *   merge-par MIB K     sorted by a child through a file (one at a time, or
 *                       all at once), then merged in memory and checked
 *   shuffle MIB SWAPS   random swaps over an array of MIB MiB; it must stay
 *                       a permutation, with a fixed checksum
 *   churn MIB ROUNDS    children forked and exiting (or killed) over a
 *                       partly swapped-out parent, which stays intact
 *   full MIB            a child touching MIB MiB, more than RAM and swap
 *                       together: it is killed (SIGKILL, out of memory,
 *                       on Pagoda; on the host it just finishes) and the
 *                       parent's own 4 MiB stay intact; its status goes
 *                       to stderr ("swapload full child ...")
 *   shmem MIB           a MAP_SHARED|MAP_ANONYMOUS region written by a
 *                       child, checked by the parent: shmem pages swap
 *   sysv MIB            the same with a SysV segment, and MIB MiB of the
 *                       parent's own as pressure
 *   swapoff             swapoff /dev/vda must bring every page back
 *   swapoff-shmem MIB   a shared region and a SysV segment of MIB MiB
 *                       each pushed out by MADV_PAGEOUT, then swapoff:
 *                       both come back intact (Pagoda only)
 *
 * Tests are run in the order given, e.g. "linear 48 shuffle 32 20000".
 * After each, stderr gets "swapload NAME pswpout N pswpin N orphans A B":
 * the pages swapped out and in during it, and the swap slots in use that
 * no live process's swap entry names (nr_swap_used less the VmSwap of
 * every process), before and after; a slot leaked makes B larger than A.
 * Shmem's slots are such slots while its pages are out (VmSwap counts
 * page-table entries only, as Linux's): shmem and sysv print "swapload
 * NAME swapped N smaps-swap K", the slots their object held after the
 * writing and the smaps Swap: kB of the shared region.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_value.h"

#define PAGE 4096ul
#define MIB (1ul << 20)
#define WORDS_PER_PAGE (PAGE / 8)

static unsigned long rng;

/* xorshift64: the same sequence on every system. */
static unsigned long next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The pattern word i of a region seeded with seed holds. */
static unsigned long word(unsigned long i, unsigned long seed)
{
	return (i * 0x9e3779b97f4a7c15ul) ^ (seed * 0xbf58476d1ce4e5b9ul);
}

static void *map_anon(unsigned long bytes)
{
	void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return m;
}

/* Write the pattern to words [first, last) of m. */
static void fill(unsigned long *m, unsigned long first, unsigned long last,
		 unsigned long seed)
{
	for (unsigned long i = first; i < last; i++)
		m[i] = word(i, seed);
}

/* Words of [first, last) that differ from the pattern. */
static unsigned long check(const unsigned long *m, unsigned long first,
			   unsigned long last, unsigned long seed)
{
	unsigned long bad = 0;

	for (unsigned long i = first; i < last; i++)
		bad += m[i] != word(i, seed);
	return bad;
}

/* Swap slots in use that no process's swap entry names: nr_swap_used
 * (Pagoda's /proc/vmstat) less the VmSwap pages of every process, read
 * again until no page moved while it was read. */
static long orphan_slots(void)
{
	long before, used, after = proc_swap_pages();

	for (int i = 0; i < 10; i++) {
		before = after;
		used = proc_value("/proc/vmstat", "nr_swap_used");
		if ((after = proc_swap_pages()) == before)
			break;
	}
	return used - after;
}

/* linear: MIB MiB written in order, read back, summed. */
static int linear(char **argv)
{
	unsigned long mib = strtoul(argv[0], NULL, 0), words = mib * MIB / 8;
	unsigned long *m = map_anon(mib * MIB), sum = 0;

	fill(m, 0, words, 1);
	unsigned long bad = check(m, 0, words, 1);
	for (unsigned long i = 0; i < words; i++)
		sum += m[i] * (i | 1);
	printf("linear: %lu MiB, %lu bad words, checksum %016lx\n", mib, bad, sum);
	munmap(m, mib * MIB);
	return 1;
}

/* parallel: N children at once, each with its own MIB MiB, written and
 * checked twice (their working sets together exceed RAM). */
static int parallel(char **argv)
{
	unsigned long n = strtoul(argv[0], NULL, 0);
	unsigned long mib = strtoul(argv[1], NULL, 0), words = mib * MIB / 8;
	pid_t pids[16];

	for (unsigned long c = 0; c < n && c < 16; c++)
		if ((pids[c] = fork()) == 0) {
			unsigned long *m = map_anon(mib * MIB);
			fill(m, 0, words, c + 10);
			unsigned long bad = check(m, 0, words, c + 10);
			bad += check(m, 0, words, c + 10);
			_exit(bad != 0);
		}
	for (unsigned long c = 0; c < n && c < 16; c++) {
		int status;
		waitpid(pids[c], &status, 0);
		printf("parallel: child %lu of %lu (%lu MiB): exit status %d\n", c, n,
		       mib, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	return 2;
}

/* Write all of buf to path, and to its store (fsync): its pages become
 * clean page cache, which reclaim may drop.  Exits on an error. */
static void write_file(const char *path, const void *buf, unsigned long len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	long n = 1;

	for (unsigned long at = 0; fd >= 0 && n > 0 && at < len; at += n)
		n = write(fd, (const char *)buf + at, len - at);
	if (fd < 0 || n <= 0 || fsync(fd)) {
		fprintf(stderr, "%s: %s: %s\n", path, fd < 0 ? "open" : n <= 0 ?
			"write" : "fsync", strerror(errno));
		exit(1);
	}
	close(fd);
}

/* Read len bytes of path into buf; exits on an error or a short file. */
static void read_file(const char *path, void *buf, unsigned long len)
{
	int fd = open(path, O_RDONLY);
	long n = 1;

	for (unsigned long at = 0; fd >= 0 && n > 0 && at < len; at += n)
		n = read(fd, (char *)buf + at, len - at);
	if (fd < 0 || n <= 0) {
		fprintf(stderr, "%s: %s: %s\n", path, fd < 0 ? "open" : "read",
			n ? strerror(errno) : "short");
		exit(1);
	}
	close(fd);
}

/* The child of merge: a counting sort of the bytes of chunk file path. */
static void sort_chunk(const char *path, unsigned long len)
{
	unsigned char *b = malloc(len);
	unsigned long count[256] = { 0 }, at = 0;

	read_file(path, b, len);
	for (unsigned long i = 0; i < len; i++)
		count[b[i]]++;
	for (int v = 0; v < 256; v++)
		for (unsigned long i = 0; i < count[v]; i++)
			b[at++] = v;
	write_file(path, b, len);
	_exit(0);
}

/* Merge the k sorted runs of len bytes each in in into out: the smallest
 * value at any run's head, then every run's block of that value. */
static void merge_runs(const unsigned char *in, unsigned char *out,
		       unsigned long k, unsigned long len)
{
	unsigned long head[64], at = 0;

	for (unsigned long r = 0; r < k; r++)
		head[r] = 0;
	while (at < k * len) {
		int min = 256;
		for (unsigned long r = 0; r < k; r++)
			if (head[r] < len && in[r * len + head[r]] < min)
				min = in[r * len + head[r]];
		for (unsigned long r = 0; r < k; r++) {
			const unsigned char *run = in + r * len;
			unsigned long h = head[r];
			while (h < len && run[h] == min)
				h++;
			memcpy(out + at, run + head[r], h - head[r]);
			at += h - head[r];
			head[r] = h;
		}
	}
}

/* merge-seq / merge-par MIB K: MIB MiB of random bytes, sorted in K chunks
 * by children through files (one at a time, each file read back and
 * removed before the next; or all at once), merged into a second buffer; it must be in order with the same
 * count of each value. */
static int merge(char **argv, int par)
{
	unsigned long mib = strtoul(argv[0], NULL, 0), k = strtoul(argv[1], NULL, 0);
	unsigned long total = mib * MIB, len = total / k, count[256] = { 0 };
	unsigned char *buf = map_anon(total), *out = map_anon(total);
	char path[64];
	int bad = 0;

	for (unsigned long i = 0; i < total; i += 8)
		*(unsigned long *)(buf + i) = next_random();
	for (unsigned long i = 0; i < total; i++)
		count[buf[i]]++;
	for (unsigned long c = 0, done = 0; c < k; c++) {
		snprintf(path, sizeof(path), "chunk%lu", c);
		write_file(path, buf + c * len, len);
		if (fork() == 0)
			sort_chunk(path, len);
		if (par && c < k - 1)
			continue;
		while (wait(NULL) > 0)
			;
		for (; done <= c; done++) {	/* the sorted chunks come back */
			snprintf(path, sizeof(path), "chunk%lu", done);
			read_file(path, buf + done * len, len);
			unlink(path);
		}
	}
	merge_runs(buf, out, k, len);
	for (unsigned long i = 0; i < total; i++) {
		bad += i && out[i] < out[i - 1];
		count[out[i]]--;
	}
	for (int v = 0; v < 256; v++)
		bad += count[v] != 0;
	printf("merge-%s: %lu MiB in %lu chunks, %d errors, out[%lu] = %u\n",
	       par ? "par" : "seq", mib, k, bad, total / 3, out[total / 3]);
	munmap(buf, total);
	munmap(out, total);
	return 2;
}

/* shuffle MIB SWAPS: random swaps of words of an array that starts as
 * 0, 1, 2, ...; it must still be a permutation, with a fixed checksum. */
static int shuffle(char **argv)
{
	unsigned long mib = strtoul(argv[0], NULL, 0), n = mib * MIB / 8;
	unsigned long swaps = strtoul(argv[1], NULL, 0), sum = 0, bad = 0;
	unsigned long *a = map_anon(mib * MIB);
	unsigned char *seen = calloc(n / 8 + 1, 1);

	for (unsigned long i = 0; i < n; i++)
		a[i] = i;
	for (unsigned long s = 0; s < swaps; s++) {
		unsigned long i = next_random() % n, j = next_random() % n;
		unsigned long t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
	for (unsigned long i = 0; i < n; i++) {
		unsigned long v = a[i];
		if (v >= n || (seen[v / 8] & (1 << (v % 8))))
			bad++;
		else
			seen[v / 8] |= 1 << (v % 8);
		sum += v * (i + 1);
	}
	printf("shuffle: %lu MiB, %lu swaps, %lu not a permutation, checksum %016lx\n",
	       mib, swaps, bad, sum);
	free(seen);
	munmap(a, mib * MIB);
	return 2;
}

/* Child c of a churn round: check every word, write its own pattern over
 * the pages p with p % 3 == c and check them; children 0 and 1 exit with
 * the count of bad words, child 2 is killed by SIGKILL (its slots go too). */
static void churn_child(unsigned long *m, unsigned long pages, int c)
{
	unsigned long bad = check(m, 0, pages * WORDS_PER_PAGE, 1);

	for (unsigned long p = c; p < pages; p += 3)
		fill(m, p * WORDS_PER_PAGE, (p + 1) * WORDS_PER_PAGE, 20 + c);
	for (unsigned long p = c; p < pages; p += 3)
		bad += check(m, p * WORDS_PER_PAGE, (p + 1) * WORDS_PER_PAGE, 20 + c);
	if (c == 2 && !bad)
		raise(SIGKILL);
	_exit(bad != 0);
}

/* churn MIB ROUNDS: a parent with MIB MiB (more than fits) forks three
 * children per round, which share its swapped-out pages, copy some (COW)
 * and exit or are killed; the parent's data stays as it was. */
static int churn(char **argv)
{
	unsigned long mib = strtoul(argv[0], NULL, 0), rounds = strtoul(argv[1], NULL, 0);
	unsigned long pages = mib * MIB / PAGE, words = pages * WORDS_PER_PAGE;
	unsigned long *m = map_anon(mib * MIB);
	int st[3];

	fill(m, 0, words, 1);
	for (unsigned long r = 0; r < rounds; r++) {
		pid_t pids[3];
		fflush(stdout);
		for (int c = 0; c < 3; c++)
			if ((pids[c] = fork()) == 0)
				churn_child(m, pages, c);
		for (int c = 0; c < 3; c++)
			waitpid(pids[c], &st[c], 0);
		printf("churn: round %lu: exit %d, exit %d, signal %d\n", r,
		       WIFEXITED(st[0]) ? WEXITSTATUS(st[0]) : -1,
		       WIFEXITED(st[1]) ? WEXITSTATUS(st[1]) : -1,
		       WIFSIGNALED(st[2]) ? WTERMSIG(st[2]) : -1);
	}
	printf("churn: parent %lu MiB: %lu bad words\n", mib, check(m, 0, words, 1));
	munmap(m, mib * MIB);
	return 2;
}

static void *map_shared(unsigned long bytes)
{
	void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return m == MAP_FAILED ? (perror("mmap"), exit(1), NULL) : m;
}

/* A new SysV segment of bytes, attached; its id in *id.  Exits on error. */
static unsigned long *shm_new(unsigned long bytes, int *id)
{
	*id = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0600);
	void *m = *id < 0 ? (void *)-1 : shmat(*id, NULL, 0);

	if (m == (void *)-1) {
		perror("shmget/shmat");
		exit(1);
	}
	return m;
}

/* A child writes words [0, words) of m with seed and exits. */
static void child_fill(unsigned long *m, unsigned long words, unsigned long seed)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		fill(m, 0, words, seed);
		_exit(0);
	}
	waitpid(pid, &status, 0);
}

/* shmem MIB: a shared anonymous region, written by a child; the parent
 * checks every word, then unmaps it with pages still out. */
static int shmem(char **argv)
{
	unsigned long mib = strtoul(argv[0], NULL, 0), words = mib * MIB / 8;
	unsigned long *m = map_shared(mib * MIB);
	long orphans = orphan_slots();

	child_fill(m, words, 5);
	fprintf(stderr, "swapload shmem swapped %ld smaps-swap %ld\n",
		orphan_slots() - orphans, smaps_value(m, "Swap"));
	printf("shmem: %lu MiB from a child: %lu bad words\n", mib,
	       check(m, 0, words, 5));
	munmap(m, mib * MIB);
	return 1;
}

/* sysv MIB: the same with a SysV segment, under the pressure of the
 * parent's own MIB MiB, which are checked again before the segment is
 * removed. */
static int sysv(char **argv)
{
	unsigned long mib = strtoul(argv[0], NULL, 0), words = mib * MIB / 8;
	int id;
	unsigned long *seg = shm_new(mib * MIB, &id), *own = map_anon(mib * MIB);
	long orphans = orphan_slots();

	child_fill(seg, words, 6);
	fill(own, 0, words, 7);
	fprintf(stderr, "swapload sysv swapped %ld smaps-swap %ld\n",
		orphan_slots() - orphans, smaps_value(seg, "Swap"));
	unsigned long bad = check(seg, 0, words, 6);
	unsigned long own_bad = check(own, 0, words, 7);
	shmdt(seg);
	shmctl(id, IPC_RMID, NULL);
	printf("sysv: %lu MiB segment from a child: %lu bad words, own: %lu\n",
	       mib, bad, own_bad);
	munmap(own, mib * MIB);
	return 1;
}

/* swapoff-shmem MIB: a shared region and a segment paged out, then
 * swapoff; stderr "swapload swapoff-shmem R swapped N smaps-swap K
 * resident P bad B nr_swap_used U" (P: pages mincore says resident after
 * MADV_PAGEOUT). */
static int swapoff_shmem(char **argv)
{
	unsigned long mib = strtoul(argv[0], NULL, 0), words = mib * MIB / 8;
	unsigned long *m = map_shared(mib * MIB), resident = 0;
	int id;
	unsigned long *seg = shm_new(mib * MIB, &id);
	long orphans = orphan_slots();
	unsigned char vec;

	fill(m, 0, words, 8);
	fill(seg, 0, words, 9);
	madvise(m, mib * MIB, MADV_PAGEOUT);
	madvise(seg, mib * MIB, MADV_PAGEOUT);
	long swapped = orphan_slots() - orphans, kb = smaps_value(m, "Swap");
	for (unsigned long a = 0; a < mib * MIB && !mincore((char *)m + a, PAGE, &vec); a += PAGE)
		resident += vec & 1;
	int r = swapoff("/dev/vda");
	unsigned long bad = check(m, 0, words, 8) + check(seg, 0, words, 9);
	fprintf(stderr, "swapload swapoff-shmem %d swapped %ld smaps-swap %ld resident %lu "
		"bad %lu nr_swap_used %ld\n", r, swapped, kb, resident, bad,
		proc_value("/proc/vmstat", "nr_swap_used"));
	shmdt(seg);
	shmctl(id, IPC_RMID, NULL);
	munmap(m, mib * MIB);
	return 1;
}

/* full MIB: the swap area fills; only the child that filled it dies. */
static int full(char **argv)
{
	unsigned long mib = strtoul(argv[0], NULL, 0), words = 4 * MIB / 8;
	unsigned long *mine = map_anon(4 * MIB);
	int status;

	fill(mine, 0, words, 3);
	pid_t pid = fork();
	if (pid == 0) {
		unsigned long *m = map_anon(mib * MIB);
		fill(m, 0, mib * MIB / 8, 4);
		_exit(check(m, 0, mib * MIB / 8, 4) != 0);
	}
	waitpid(pid, &status, 0);
	fprintf(stderr, "swapload full child %s %d\n", WIFSIGNALED(status) ?
		"signal" : "exit", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	printf("full: parent 4 MiB: %lu bad words\n", check(mine, 0, words, 3));
	munmap(mine, 4 * MIB);
	return 1;
}

/* swapoff: every page comes back into memory; stderr only (it needs
 * root and a swap area: on the host it is not run). */
static int swapoff_all(void)
{
	int r = swapoff("/dev/vda");

	fprintf(stderr, "swapload swapoff %d nr_swap_used %ld SwapTotal %ld\n", r,
		proc_value("/proc/vmstat", "nr_swap_used"),
		proc_value("/proc/meminfo", "SwapTotal"));
	return 0;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc;) {
		const char *name = argv[i++];
		long out = proc_value("/proc/vmstat", "pswpout");
		long in = proc_value("/proc/vmstat", "pswpin");
		long orphans = orphan_slots();
		int used;

		rng = 0x2545f4914f6cdd1dul;	/* each test alone gives the same */
		fflush(stdout);
		if (!strcmp(name, "linear") && i + 1 <= argc)
			used = linear(argv + i);
		else if (!strcmp(name, "parallel") && i + 2 <= argc)
			used = parallel(argv + i);
		else if (!strncmp(name, "merge-", 6) && i + 2 <= argc)
			used = merge(argv + i, !strcmp(name, "merge-par"));
		else if (!strcmp(name, "shuffle") && i + 2 <= argc)
			used = shuffle(argv + i);
		else if (!strcmp(name, "churn") && i + 2 <= argc)
			used = churn(argv + i);
		else if (!strcmp(name, "full") && i + 1 <= argc)
			used = full(argv + i);
		else if (!strcmp(name, "shmem") && i + 1 <= argc)
			used = shmem(argv + i);
		else if (!strcmp(name, "sysv") && i + 1 <= argc)
			used = sysv(argv + i);
		else if (!strcmp(name, "swapoff"))
			used = swapoff_all();
		else if (!strcmp(name, "swapoff-shmem") && i + 1 <= argc)
			used = swapoff_shmem(argv + i);
		else {
			fprintf(stderr, "swapload: bad test %s\n", name);
			return 2;
		}
		i += used;
		fflush(stdout);
		fprintf(stderr, "swapload %s pswpout %ld pswpin %ld orphans %ld %ld\n", name,
			proc_value("/proc/vmstat", "pswpout") - out,
			proc_value("/proc/vmstat", "pswpin") - in, orphans, orphan_slots());
	}
	return 0;
}
