/*
 * tests/run/status_counters.c - the memory counters of /proc/self/status
 * as Linux keeps them (compared with the host's output):
 *  - the Vm / Rss / Hugetlb keys, in Linux's order (VmPin, RssShmem and
 *    HugetlbPages among them), VmPin 0 (nothing pins pages);
 *  - VmRSS = RssAnon + RssFile + RssShmem; statm's shared is RssFile +
 *    RssShmem;
 *  - VmExe + VmLib is exec_vm, the executable, not writable mappings of
 *    maps; for a static program VmLib is the [vdso], and grows with an
 *    anonymous PROT_EXEC mapping (mmap, mremap), which mprotect to
 *    read-write moves to VmData;
 *  - shared anonymous pages count in RssShmem when touched, and leave it
 *    with MADV_DONTNEED and munmap.
 * Figures that differ between kernels (the [vdso] and stack sizes) are
 * printed only as relations or changes.
 */
#define _GNU_SOURCE		/* mremap */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG	4096

static char buf[1 << 16];

static const char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* A /proc/self/status value in kB, or -1. */
static long kb(const char *key)
{
	size_t len = strlen(key);

	slurp("/proc/self/status");
	for (char *p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, len) && p[len] == ':')
			return atol(p + len + 1);
	return -1;
}

/* The memory keys of status, in order, on one line. */
static void show_keys(void)
{
	printf("keys:");
	slurp("/proc/self/status");
	for (char *p = buf; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		char *colon = strchr(p, ':');
		if (colon && (!strncmp(p, "Vm", 2) || !strncmp(p, "Rss", 3) ||
			      !strncmp(p, "Hugetlb", 7)))
			printf(" %.*s", (int)(colon - p), p);
	}
	printf("\n");
}

/* kB of maps lines that are executable and not writable, and of the
 * [vdso] ([vsyscall] is no VMA: it counts in no counter). */
static void exec_maps(long *exec, long *vdso)
{
	*exec = *vdso = 0;
	slurp("/proc/self/maps");
	for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		unsigned long lo, hi;
		char perms[5];
		if (sscanf(p, "%lx-%lx %4s", &lo, &hi, perms) != 3)
			continue;
		char *eol = strchr(p, '\n');
		char *vs = strstr(p, "[vsyscall]"), *vd = strstr(p, "[vdso]");
		if (vs && (!eol || vs < eol))
			continue;
		if (perms[2] == 'x' && perms[1] != 'w')
			*exec += (hi - lo) / 1024;
		if (vd && (!eol || vd < eol))
			*vdso += (hi - lo) / 1024;
	}
}

/* The RSS sums, printed after "when:"; NULL only runs the code (Pagoda
 * has no fault-around: the first run faults its own text in). */
static void show_sums(const char *when)
{
	long rss = kb("VmRSS"), anon = kb("RssAnon"), shmem = kb("RssShmem");
	long size, resident, shared;

	slurp("/proc/self/statm");
	sscanf(buf, "%ld %ld %ld", &size, &resident, &shared);
	long file = kb("RssFile");
	if (when)
			printf("%s: VmRSS is the sum: %d, statm shared is RssFile + "
		       "RssShmem: %d\n", when, rss == anon + file + shmem,
		       shared * (PG / 1024) == file + kb("RssShmem"));
}

static void show_exec(const char *when, long lib0, long exe0)
{
	long exec, vdso;

	exec_maps(&exec, &vdso);
	long exe = kb("VmExe"), lib = kb("VmLib");
	printf("%s: VmExe + VmLib is the exec maps: %d, VmExe grew %ld kB, "
	       "VmLib grew %ld kB\n", when, exe + lib == exec, exe - exe0, lib - lib0);
}

int main(void)
{
	show_keys();
	show_sums(NULL);
	show_sums("start");
	printf("VmPin: %ld kB\n", kb("VmPin"));
	long exec, vdso;
	exec_maps(&exec, &vdso);
	long exe0 = kb("VmExe"), lib0 = kb("VmLib"), data0 = kb("VmData");
	printf("static: VmLib is the [vdso]: %d\n", lib0 == vdso);
	show_exec("start", lib0, exe0);

	char *x = mmap(NULL, 3 * PG, PROT_READ | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	show_exec("PROT_EXEC 3 pages", lib0, exe0);
	x = mremap(x, 3 * PG, 5 * PG, MREMAP_MAYMOVE);
	show_exec("mremap to 5 pages", lib0, exe0);
	mprotect(x, 5 * PG, PROT_READ | PROT_WRITE);
	show_exec("mprotect read-write", lib0, exe0);
	printf("VmData grew %ld kB\n", kb("VmData") - data0);
	munmap(x, 5 * PG);
	show_exec("munmap", lib0, exe0);

	long shmem0 = kb("RssShmem");
	char *s = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 10; i++)
		s[i * PG] = 1;
	printf("shared anonymous, 10 pages touched: RssShmem grew %ld kB\n",
	       kb("RssShmem") - shmem0);
	show_sums("shmem");
	s = mremap(s, 16 * PG, 32 * PG, MREMAP_MAYMOVE);
	printf("mremap: RssShmem grew %ld kB\n", kb("RssShmem") - shmem0);
	madvise(s, 4 * PG, MADV_DONTNEED);
	printf("MADV_DONTNEED of 4: RssShmem grew %ld kB\n", kb("RssShmem") - shmem0);
	munmap(s, 32 * PG);
	printf("munmap: RssShmem grew %ld kB\n", kb("RssShmem") - shmem0);
	show_sums("end");
	return 0;
}
