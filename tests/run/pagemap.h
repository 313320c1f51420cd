/*
 * tests/run/pagemap.h - /proc/self/pagemap for the run/ tests that compare
 * frame numbers with each other (cow_share, mremap_move, zeropage; never
 * printed, as they differ between systems).  main opens it into pagemap.
 */
#ifndef PAGODA_TESTS_PAGEMAP_H
#define PAGODA_TESTS_PAGEMAP_H

#include <stdint.h>
#include <sys/types.h>
#include <unistd.h>

#define PM_PRESENT(e)	((int)((e) >> 63))
#define PM_EXCLUSIVE(e)	((int)((e) >> 56 & 1))

static int pagemap;

/* The pagemap entry of the page at p; 0 if it cannot be read. */
static inline uint64_t pagemap_entry(const volatile void *p)
{
	uint64_t e = 0;

	if (pread(pagemap, &e, 8, (off_t)((uintptr_t)p / 4096 * 8)) != 8)
		return 0;
	return e;
}

/* The frame number behind p, 0 if no page is present there. */
static inline uint64_t pagemap_pfn(const volatile void *p)
{
	uint64_t e = pagemap_entry(p);

	return PM_PRESENT(e) ? e & ((1ull << 55) - 1) : 0;
}

#endif
