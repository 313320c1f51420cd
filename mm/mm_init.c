/*
 * mm/mm_init.c - bring up memory management, in this order:
 *   1. CPU protections: NX (already on from boot.S), SMEP, SMAP, global pages
 *   2. mem_map[]: one struct page per frame, from the early allocator
 *   3. the kernel's own page tables (direct map + least-privilege image)
 *   4. the buddy allocator takes every remaining free frame
 *   5. kmalloc
 * It first reads mm's words of the command line (trace=mm, fork=eager).
 */
#include "mm.h"
#include "../kernel/x86.h"

#define CR4_PGE		(1ull << 7)

static void enable_protections(void)
{
	uint32_t a, b, c, d;
	uint64_t cr4 = read_cr4() | CR4_PGE;

	cpuid(7, 0, &a, &b, &c, &d);
	if (b & (1u << 7))
		cr4 |= CR4_SMEP;	/* the kernel never runs user code */
	if (b & (1u << 20))
		cr4 |= CR4_SMAP;	/* nor touches user memory outside uaccess */
	write_cr4(cr4);
}

/* trace=mm (and trace=all, which adds every other syscall) logs every mm
 * syscall and page fault; fork=eager makes fork copy private pages at once
 * instead of sharing them copy-on-write; mm_debug=full (debug builds)
 * validates the address space after every mm syscall, however large;
 * fault_around_bytes=N sets the fault-around window (0 or 4096: off);
 * reclaim=lru|clock|fifo|random the page-replacement policy. */
static void mm_parse_cmdline(void)
{
	const char *trace = cmdline_get("trace");
	const char *fork = cmdline_get("fork");
	const char *debug = cmdline_get("mm_debug");
	const char *around = cmdline_get("fault_around_bytes");
	const char *reclaim = cmdline_get("reclaim");
	uint64_t bytes;

	trace_parse(trace);
	fork_eager_copy = fork && !strcmp(fork, "eager");
	mm_debug_full = debug && !strcmp(debug, "full");
	if (around && (kstrtou64(around, &bytes) || set_fault_around_bytes(bytes)))
		printk("mm: bad fault_around_bytes=%s ignored\n", around);
	if (reclaim && set_reclaim_policy(reclaim))
		printk("mm: bad reclaim=%s ignored\n", reclaim);
}

void mm_init(void)
{
	mm_parse_cmdline();
	enable_protections();
	pmm_alloc_mem_map();
	pgtable_init_kernel();
	pmm_init();
	kmalloc_init();
	thp_init();
	printk("mm: %s%s%s, %lu KiB RAM managed, %lu KiB free\n",
	       (rdmsr(MSR_EFER) & EFER_NXE) ? "NX" : "no NX",
	       (read_cr4() & CR4_SMEP) ? " SMEP" : "",
	       (read_cr4() & CR4_SMAP) ? " SMAP" : "",
	       nr_total_pages() * 4, nr_free_pages() * 4);
}
