/*
 * tests/pagoda/oom.c - touch anonymous memory until the machine runs out.
 * Overcommit lets the mappings succeed; the page fault that finds no free
 * frame must kill this process (SIGKILL, "Out of memory" in the kernel
 * log) and leave the kernel running.  Not run on Linux: it would take the
 * host down with it.
 */
#include <stdio.h>
#include <sys/mman.h>

int main(void)
{
	for (int i = 0;; i++) {
		char *p = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			printf("mmap failed after %d MiB\n", i * 16);
			return 1;
		}
		for (long off = 0; off < (16 << 20); off += 4096)
			p[off] = 1;
	}
}
