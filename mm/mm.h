/*
 * mm/mm.h - the public API of mm/, grouped by file.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "../kernel/kernel.h"

#define PAGE_SIZE	4096ull
#define PAGE_SHIFT	12
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	ALIGN_UP((uint64_t)(x), PAGE_SIZE)

/* The direct map: all physical memory at DIRECT_MAP_BASE + phys. */
#define DIRECT_MAP_BASE	0xffff800000000000ull

static inline void *phys_to_virt(uint64_t phys)
{
	return (void *)(phys + DIRECT_MAP_BASE);
}

static inline uint64_t virt_to_phys(const void *v)
{
	uint64_t a = (uint64_t)v;

	return a >= KERNEL_VMA ? a - KERNEL_VMA : a - DIRECT_MAP_BASE;
}

#endif
