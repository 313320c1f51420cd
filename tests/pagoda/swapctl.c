/*
 * tests/pagoda/swapctl.c - swapon and swapoff on Pagoda's swap disk
 * (/dev/vda, swapped on at boot by tools/test's PAGODA_SWAP), with the
 * errors Linux gives: a path that is not a block device, a device already
 * on, a device not on, unknown flags; swapoff that cannot bring every page
 * back (ENOMEM, swap stays on) and one that can (every byte checked);
 * shmem is unevictable (meminfo Unevictable) while swap is off, and
 * swapon makes it evictable again; a SHM_LOCKed segment stays in memory
 * through MADV_PAGEOUT, and goes once unlocked (SHM_INFO's shm_swp);
 * sizes are in terms of MemAvailable, which the initial files' page cache
 * and store take from MemTotal.
 * "swapctl notswap": the disk has no swap signature: swapon gives EINVAL.
 * Prints PASS or the first failure.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/swap.h>
#include <unistd.h>

#define PAGE 4096ul
#define DISK "/dev/vda"

static int failures;

static void expect(const char *what, long got, int want_errno)
{
	int ok = want_errno ? got == -1 && errno == want_errno : got == 0;

	if (!ok) {
		printf("FAIL %s: returned %ld errno %d, want %s\n", what, got,
		       got == -1 ? errno : 0, want_errno ? strerror(want_errno) : "0");
		failures++;
	}
}

/* A /proc/meminfo value in kB. */
static long meminfo(const char *key)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			v = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return v;
}

static unsigned long bad_pages(const unsigned long *m, unsigned long pages)
{
	unsigned long bad = 0;

	for (unsigned long p = 0; p < pages; p++)
		bad += m[p * (PAGE / 8)] != p * 7 + 1;
	return bad;
}

/* Pages of the 1 MiB at m that mincore says are resident. */
static int resident(void *m)
{
	unsigned char vec[256];
	int n = 0;

	if (mincore(m, 1 << 20, vec))
		return -1;
	for (int i = 0; i < 256; i++)
		n += vec[i] & 1;
	return n;
}

/* A 1 MiB segment, locked: MADV_PAGEOUT leaves it (on the unevictable
 * list); unlocked, it goes. */
static void shm_lock_stays(void)
{
	int id = shmget(IPC_PRIVATE, 1 << 20, IPC_CREAT | 0600);
	char *m = shmat(id, NULL, 0);
	long unevictable = meminfo("Unevictable");

	expect("shmctl SHM_LOCK", shmctl(id, SHM_LOCK, NULL), 0);
	memset(m, 2, 1 << 20);
	madvise(m, 1 << 20, MADV_PAGEOUT);
	if (resident(m) != 256 || meminfo("Unevictable") - unevictable != 1024)
		printf("FAIL SHM_LOCK then MADV_PAGEOUT: %d pages resident, Unevictable %+ld kB\n",
		       resident(m), meminfo("Unevictable") - unevictable), failures++;
	expect("shmctl SHM_UNLOCK", shmctl(id, SHM_UNLOCK, NULL), 0);
	madvise(m, 1 << 20, MADV_PAGEOUT);
	struct shm_info info = { 0 };
	shmctl(0, SHM_INFO, (struct shmid_ds *)&info);
	if (resident(m) != 0 || meminfo("Unevictable") != unevictable || info.shm_swp != 256)
		printf("FAIL SHM_UNLOCK then MADV_PAGEOUT: %d pages resident, Unevictable "
		       "%+ld kB, SHM_INFO shm_swp %lu\n", resident(m),
		       meminfo("Unevictable") - unevictable, info.shm_swp), failures++;
	for (int i = 0; i < 1 << 20; i += PAGE)
		if (m[i] != 2)
			printf("FAIL segment byte %d is %d after swap-in\n", i, m[i]), failures++;
	shmdt(m);
	shmctl(id, IPC_RMID, NULL);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "notswap")) {
		expect("swapon of a disk without a swap signature", swapon(DISK, 0), EINVAL);
		printf(failures ? "FAILED\n" : "PASS\n");
		return failures != 0;
	}
	expect("swapon of a character device", swapon("/dev/null", 0), EINVAL);
	expect("swapon of a missing path", swapon("/no/such", 0), ENOENT);
	expect("swapon of an area already on", swapon(DISK, 0), EBUSY);
	expect("swapon with unknown flags", swapon(DISK, 0x100000), EINVAL);
	expect("swapoff of a path not swapped on", swapoff("/dev/null"), EINVAL);
	long ram = meminfo("MemAvailable") * 1024;	/* free + clean cache */
	unsigned long pages = (ram + ram / 2) / PAGE;	/* 1.5 x that */
	unsigned long *m = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		printf("FAIL mmap: %s\n", strerror(errno));
		return 1;
	}
	for (unsigned long p = 0; p < pages; p++)
		m[p * (PAGE / 8)] = p * 7 + 1;
	if (meminfo("SwapFree") >= meminfo("SwapTotal"))
		printf("FAIL nothing was swapped out\n"), failures++;
	expect("swapoff with more in swap than fits in RAM", swapoff(DISK), ENOMEM);
	if (meminfo("SwapTotal") <= 0)
		printf("FAIL swap went off after a failed swapoff\n"), failures++;
	munmap(m + pages / 2 * (PAGE / 8), (pages - pages / 2) * PAGE);
	pages /= 2;				/* 0.75 x stays */
	munmap(m + pages * 3 / 4 * (PAGE / 8), (pages - pages * 3 / 4) * PAGE);
	pages = pages * 3 / 4;
	expect("swapoff", swapoff(DISK), 0);
	if (meminfo("SwapTotal") != 0)
		printf("FAIL SwapTotal %ld after swapoff\n", meminfo("SwapTotal")), failures++;
	if (bad_pages(m, pages))
		printf("FAIL %lu pages differ after swapoff\n", bad_pages(m, pages)), failures++;
	expect("swapoff again", swapoff(DISK), EINVAL);
	long unevictable = meminfo("Unevictable"), shmem = meminfo("Shmem");
	char *s = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(s, 1, 1 << 20);
	if (meminfo("Unevictable") - unevictable != 1024 || meminfo("Shmem") - shmem != 1024)
		printf("FAIL 1 MiB of shmem without swap: Unevictable %+ld kB, Shmem %+ld kB\n",
		       meminfo("Unevictable") - unevictable, meminfo("Shmem") - shmem), failures++;
	expect("swapon again", swapon(DISK, 0), 0);
	if (meminfo("Unevictable") != unevictable)
		printf("FAIL swapon left shmem unevictable: %+ld kB\n",
		       meminfo("Unevictable") - unevictable), failures++;
	shm_lock_stays();
	printf(failures ? "FAILED\n" : "PASS\n");
	return failures != 0;
}
