/*
 * tests/run/mmap_min_addr.c - mappings below vm.mmap_min_addr (read from
 * /proc/sys/vm/mmap_min_addr: 64 KiB on Pagoda and Debian, often 4 KiB
 * elsewhere): root (CAP_SYS_RAWIO) may make them with MAP_FIXED, even at
 * address 0; a hint below it is raised to it; after setuid(nobody)
 * MAP_FIXED just below it is EPERM and at it allowed.  Run as root, as
 * the other credential tests.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static uintptr_t min_addr = 65536;

static void try_fixed(const char *who, const char *where, uintptr_t addr)
{
	char *p = mmap((void *)addr, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (p == MAP_FAILED) {
		printf("%s: MAP_FIXED %s: %s\n", who, where,
		       errno == EPERM ? "EPERM" : "other error");
		return;
	}
	p[100] = 42;
	printf("%s: MAP_FIXED %s: mapped at its address %d, reads back %d\n",
	       who, where, (uintptr_t)p == addr, p[100]);
	munmap(p, 4096);
}

int main(void)
{
	FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
	unsigned long v;

	if (f && fscanf(f, "%lu", &v) == 1)
		min_addr = v;
	if (f)
		fclose(f);
	if (geteuid() != 0 || min_addr < 4096) {
		printf("needs root and an mmap_min_addr of a page or more\n");
		return 0;
	}
	try_fixed("root", "at 0", 0);
	try_fixed("root", "a page below mmap_min_addr", min_addr - 4096);
	char *h = mmap((void *)(min_addr - 4096), 4096, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("root: a hint below mmap_min_addr gives an address at or above it: %d\n",
	       h != MAP_FAILED && (uintptr_t)h >= min_addr);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534) < 0)
			_exit(1);
		try_fixed("nobody", "a page below mmap_min_addr", min_addr - 4096);
		try_fixed("nobody", "at mmap_min_addr", min_addr);
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("child exit %d\n", WEXITSTATUS(status));
	return 0;
}
