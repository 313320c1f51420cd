/*
 * user/mmfuzz/hugetlb.c - MAP_HUGETLB in the mm fuzzer (-H -P).  The run
 * sets the hugetlb pool to HTLB_POOL pages (nr_hugepages, under the flock
 * that tests/run/hugetlb.c takes, put back at the end), and the arena gets
 * a window of HTLB_PAGES after the pages the other operations use: two
 * 2 MiB slots, each unmapped, PROT_NONE reserve, or one private or shared
 * MAP_HUGETLB page.  The window is outside every other operation's ranges
 * (hugetlb VMAs take only whole huge pages), but touch, fork and every
 * check see it: contents, copy-on-write of private pages in the forked
 * child (which has no reservations: HTLB_POOL leaves it free pages),
 * shared pages seen by both, mincore, and maps (each mapping its own VMA).
 * Linux's fork does not copy the page table of a shared hugetlb mapping
 * (vma_needs_copy: faults fill it), and its mincore of hugetlb reads only
 * the page table: in the child a shared page need not be resident.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mmfuzz.h"

#define NR_HUGEPAGES	"/proc/sys/vm/nr_hugepages"
#define LOCK_EX		2	/* flock(2); Pagoda's libc has no <sys/file.h> */

static int pool_fd = -1;
static long pool_saved;

static long read_pool(void)
{
	char buf[32] = "";
	int f = open(NR_HUGEPAGES, O_RDONLY);

	if (f >= 0 && read(f, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	if (f >= 0)
		close(f);
	return strtol(buf, NULL, 10);
}

static void write_pool(long n)
{
	int f = open(NR_HUGEPAGES, O_WRONLY);

	if (f >= 0 && dprintf(f, "%ld\n", n) < 0)
		n = 0;
	if (f >= 0)
		close(f);
}

/* Lock the pool and make it HTLB_POOL pages; 0, or -1 if that cannot be
 * had (then the run has no window). */
int hugetlb_pool_take(void)
{
	pool_fd = open(NR_HUGEPAGES, O_RDONLY);
	if (pool_fd < 0 || syscall(SYS_flock, pool_fd, LOCK_EX)) {
		if (pool_fd >= 0)
			close(pool_fd);
		return pool_fd = -1;
	}
	pool_saved = read_pool();
	write_pool(HTLB_POOL);
	if (read_pool() == HTLB_POOL)
		return 0;
	hugetlb_pool_put();
	return -1;
}

/* Put the pool back as it was, and unlock it. */
void hugetlb_pool_put(void)
{
	write_pool(pool_saved);
	close(pool_fd);
	pool_fd = -1;
}

/* Map slot lo of the window: a private or shared MAP_HUGETLB page of a
 * random protection, sometimes populated. */
static void map_slot(int lo)
{
	int shared = rnd(2) && sh->next_slot + HPAGE <= HUGE_SLOTS;
	int prot = rnd(2) ? PROT_READ | PROT_WRITE : prots[rnd(6)], pop = !rnd(3);
	int kind = shared ? K_HTLBS : K_HTLBP;

	note("hugetlb map pages %d+%d %s %s%s", lo, HPAGE, kind_name[kind],
	     prot_name(prot), pop ? " populate" : "");
	int flags = MAP_FIXED | MAP_ANONYMOUS | MAP_HUGETLB |
		    (shared ? MAP_SHARED : MAP_PRIVATE) | (pop ? MAP_POPULATE : 0);
	if (mmap(addr(lo), (size_t)HPAGE * PAGE, prot, flags, -1, 0) != addr(lo))
		fail("mmap(MAP_HUGETLB): %s", strerror(errno));
	uint32_t obj = ++sh->next_obj, slot = shared ? sh->next_slot : 0;
	sh->next_slot += shared ? HPAGE : 0;
	for (int k = 0; k < HPAGE; k++) {
		pg[lo + k] = (struct vpage){ .kind = kind, .prot = prot, .obj = obj,
					     .slot = slot + k,
					     .state = shared ? 0 : S_OWN };
		if (pop)
			populate(&pg[lo + k]);
	}
}

/* One of the window's slots: map it, or (if it is a hugetlb page) change
 * its protection or unmap it. */
void op_htlb(void)
{
	int lo = op_pages + (int)rnd(HTLB_PAGES / HPAGE) * HPAGE, what = rnd(4);
	struct vpage *v = &pg[lo];
	size_t len = (size_t)HPAGE * PAGE;

	focus(lo, HPAGE);
	if (what < 2 || v->kind < K_HTLBP) {
		map_slot(lo);
	} else if (what == 2) {
		int prot = prots[rnd(6)];
		note("hugetlb mprotect pages %d+%d %s", lo, HPAGE, prot_name(prot));
		if (mprotect(addr(lo), len, prot))
			fail("mprotect: %s", strerror(errno));
		for (int k = 0; k < HPAGE; k++)
			v[k].prot = prot;
	} else {
		note("hugetlb munmap pages %d+%d", lo, HPAGE);
		if (munmap(addr(lo), len))
			fail("munmap: %s", strerror(errno));
		memset(v, 0, HPAGE * sizeof(*v));
	}
}
