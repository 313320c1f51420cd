/*
 * tests/pagoda/lru.c - the LRU lists as a program sees them (Pagoda only:
 * Linux batches LRU additions per CPU, so its counts lag), with 16 MiB of
 * RAM and a swap disk (pagoda/lru):
 *   - a page just written is on an LRU list (kpageflags LRU), not active;
 *   - mlock moves 64 pages to the unevictable list: Mlocked and
 *     Unevictable grow by 256 kB, kpageflags MLOCKED and UNEVICTABLE;
 *     munlock and munmap take them back off;
 *   - /proc/sys/vm/swappiness takes 0..200 and refuses others with EINVAL
 *     (as Linux); /proc/sys/vm/reclaim takes the four policy names;
 *   - swappiness 0 with clean page cache to drop: anonymous memory that
 *     does not fit pushes out cache, not anon (pswpout unchanged);
 *     swappiness 200: anon goes to swap (pswpout grows).
 * Prints one line per check, then PASS (exit 0) or FAIL (exit 1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "proc_value.h"

#define PAGE		4096ul
#define KPF_LRU		5
#define KPF_ACTIVE	6
#define KPF_UNEVICTABLE	18
#define KPF_MLOCKED	33

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAIL");
	failures += !ok;
}

/* The kpageflags of the frame behind addr (through pagemap). */
static uint64_t kpageflags(void *addr)
{
	uint64_t pme = 0, flags = 0;
	int pm = open("/proc/self/pagemap", O_RDONLY);
	int kf = open("/proc/kpageflags", O_RDONLY);

	pread(pm, &pme, 8, (uintptr_t)addr / PAGE * 8);
	pread(kf, &flags, 8, (pme & ((1ull << 55) - 1)) * 8);
	close(pm);
	close(kf);
	return flags;
}

/* The number in a /proc/sys/vm file. */
static long sysctl_read(const char *name)
{
	char path[64], buf[32] = "";
	snprintf(path, sizeof(path), "/proc/sys/vm/%s", name);
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	return atol(buf);
}

#define HAS(f, bit)	(((f) >> (bit)) & 1)

/* Write s to a /proc/sys/vm file: 0 or the errno. */
static int sysctl_write(const char *name, const char *s)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/sys/vm/%s", name);
	int fd = open(path, O_WRONLY), err = 0;

	if (fd < 0 || write(fd, s, strlen(s)) < 0)
		err = errno;
	if (fd >= 0)
		close(fd);
	return err;
}

static void mlock_checks(void)
{
	char *m = mmap(NULL, 64 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(m, 1, 64 * PAGE);
	uint64_t f = kpageflags(m);
	check("new page on an inactive LRU list", HAS(f, KPF_LRU) && !HAS(f, KPF_ACTIVE));
	long locked = proc_value("/proc/meminfo", "Mlocked");
	long unevictable = proc_value("/proc/meminfo", "Unevictable");
	mlock(m, 64 * PAGE);
	f = kpageflags(m + 5 * PAGE);
	check("mlock: Mlocked +256 kB",
	      proc_value("/proc/meminfo", "Mlocked") - locked == 256);
	check("mlock: Unevictable +256 kB",
	      proc_value("/proc/meminfo", "Unevictable") - unevictable == 256);
	check("mlock: kpageflags MLOCKED UNEVICTABLE LRU",
	      HAS(f, KPF_MLOCKED) && HAS(f, KPF_UNEVICTABLE) && HAS(f, KPF_LRU));
	munlock(m, 32 * PAGE);
	check("munlock half: Mlocked +128 kB",
	      proc_value("/proc/meminfo", "Mlocked") - locked == 128);
	f = kpageflags(m);
	check("munlock: evictable again", !HAS(f, KPF_MLOCKED) &&
	      !HAS(f, KPF_UNEVICTABLE) && HAS(f, KPF_LRU));
	munmap(m, 64 * PAGE);
	check("munmap: Mlocked and Unevictable back",
	      proc_value("/proc/meminfo", "Mlocked") == locked &&
	      proc_value("/proc/meminfo", "Unevictable") == unevictable);
}

static void sysctl_checks(void)
{
	check("swappiness 201: EINVAL", sysctl_write("swappiness", "201\n") == EINVAL);
	check("swappiness -1: EINVAL", sysctl_write("swappiness", "-1\n") == EINVAL);
	check("swappiness x: EINVAL", sysctl_write("swappiness", "x\n") == EINVAL);
	check("swappiness 200, 0", !sysctl_write("swappiness", "200\n") &&
	      sysctl_read("swappiness") == 200 &&
	      !sysctl_write("swappiness", "0") &&
	      sysctl_read("swappiness") == 0);
	check("reclaim lifo: EINVAL", sysctl_write("reclaim", "lifo\n") == EINVAL);
	check("reclaim fifo then lru", !sysctl_write("reclaim", "fifo\n") &&
	      !sysctl_write("reclaim", "lru\n"));
}

/* Touch kb of new anonymous memory at swappiness s; returns pswpout's
 * growth (the memory stays mapped). */
static long pressure(const char *s, long kb)
{
	long out = proc_value("/proc/vmstat", "pswpout");
	char *m = mmap(NULL, kb * 1024, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	sysctl_write("swappiness", s);
	for (long i = 0; i < kb * 1024; i += PAGE)
		m[i] = 1;
	return proc_value("/proc/vmstat", "pswpout") - out;
}

int main(void)
{
	mlock_checks();
	sysctl_checks();
	long cache = proc_value("/proc/meminfo", "Inactive(file)");
	long kb = proc_value("/proc/meminfo", "MemFree") + cache / 2;
	check("swappiness 0: cache dropped, no anon out", pressure("0", kb) == 0 &&
	      proc_value("/proc/meminfo", "Inactive(file)") < cache);
	check("swappiness 200: anon out", pressure("200", kb) > 0);
	sysctl_write("swappiness", "60");
	printf("%s\n", failures ? "FAIL" : "PASS");
	return failures != 0;
}
