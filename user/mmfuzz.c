/*
 * user/mmfuzz.c - a seeded random walk over mmap, munmap, mprotect, brk,
 * madvise, msync, fork and memory accesses, checked after every step
 * against a shadow model.  Usage: mmfuzz [-s SEED] [-k SEEDS] [-n STEPS]
 * [-v] [-H [-P]]: seeds SEED..SEED+SEEDS-1, STEPS steps each; -v prints
 * every step; -H is the huge-page mode (user/mmfuzz/huge.c), -P adds
 * MAP_HUGETLB pages from a pool it sets (root; user/mmfuzz/hugetlb.c).
 * Runs on Linux (which validates the model) and in Pagoda;
 * docs/mmfuzz.md.
 *
 * The model.  Everything happens in an arena of ARENA_PAGES pages reserved
 * by one PROT_NONE mmap (later mappings are MAP_FIXED inside it, so page
 * numbers mean the same on both kernels) and in the heap [base, brk).  One
 * struct vpage per page says what maps it (nothing, private anonymous
 * memory, shared anonymous object N, a private or shared view of page K of
 * the fuzz file), its protection, the hidden VMA flags that decide merging
 * (VM_ACCOUNT, VM_SEQ_READ, VM_RAND_READ, VM_DONTCOPY, and with -H
 * VM_HUGEPAGE and VM_NOHUGEPAGE), and its content
 * {head, stamp}: word 0 is head, word i > 0 is mix(stamp, i), zero if stamp
 * is 0.  Shared pages (file pages, shared anonymous objects) index a table
 * of contents kept in a MAP_SHARED mapping, so that what a forked child
 * writes reaches the parent's model as it reaches the parent's memory.  A
 * private file page shows the file until a write fault copies it.
 *
 * The checks after every step:
 *  maps    each arena and heap page has the model's permissions (or is
 *          unmapped); adjacent arena pages the model tells apart are in two
 *          VMAs, and those that must merge are in one.  Linux does not merge
 *          VMAs with different anon_vmas, so "must" leaves out pages that
 *          may have one: a private page is tainted once written, and taint
 *          spreads over the pages that may share its VMA.  Linux also drops
 *          VM_ACCOUNT when mprotect makes an anonymous VMA without anon_vma
 *          read-only; for a tainted page that leaves VM_ACCOUNT unknown.
 *  mincore written or populated pages are resident; private anonymous
 *          pages untouched since mmap, brk or MADV_DONTNEED are not (-H:
 *          unless a huge page may back them, see huge.c).
 *  memory  readable pages hold what the model says: 4 words of each, the
 *          whole page for the pages the step changed (untouched private
 *          anonymous pages are not read: that would fault them in).  For
 *          those pages and a rotating window, probes through a SIGSEGV
 *          handler check that forbidden reads and writes fault, with the
 *          right si_code.  After a fork and at the end, every page in full.
 *          (-H: of a long run, FULL_MAX pages and those at 2 MiB edges.)
 *
 * A run happens in a forked child, so that a failing run can be repeated
 * with shorter prefixes (bisection) to find the shortest that fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "mmfuzz/mmfuzz.h"

int main(int argc, char **argv)
{
	unsigned long s = 1;
	int n = 2000, seeds = 1, flags = 0, failed = 0, c;

	while ((c = getopt(argc, argv, "s:k:n:vHP")) != -1 && c != '?') {
		switch (c) {
		case 's': s = strtoul(optarg, NULL, 0); break;
		case 'k': seeds = atoi(optarg); break;
		case 'n': n = atoi(optarg); break;
		case 'v': flags |= MMFUZZ_VERBOSE; break;
		case 'H': flags |= MMFUZZ_HUGE; break;
		default: flags |= MMFUZZ_HUGETLB; break;
		}
	}
	if (c != -1 || optind < argc || n < 0 || seeds < 1) {
		dprintf(2, "usage: mmfuzz [-s SEED] [-k SEEDS] [-n STEPS] [-v] "
			"[-H [-P]]\n");
		return 2;
	}
	for (int i = 0; i < seeds; i++)
		failed |= mmfuzz(s + i, n, flags);
	return failed;
}
