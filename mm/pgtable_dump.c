/*
 * mm/pgtable_dump.c - /proc/PID/pagetables: the user half of an address
 * space's page tables as the hardware sees them, one line per present
 * entry, in the style of xv6's vmprint:
 *
 *   page table 0x1234000
 *    ..0: pte 0x0000000001235027 pa 0x1235000
 *    .. ..0: pte 0x0000000001236027 pa 0x1236000
 *    .. .. ..2: pte 0x0000000001237067 pa 0x1237000
 *    .. .. .. ..16: pte 0x8000000001238867 pa 0x1238000
 *
 * The number of " .." is the depth below the PML4 (1: a PML4 entry, 4: a
 * PTE), then the entry's index in its table, its raw value and the
 * physical address it holds.  A 2 MiB leaf (Page-Size at depth 3) ends its
 * branch.  Entries that are not present (swap entries, PROT_NONE) are not
 * shown.  The kernel half (PML4 entries 256-511) is every process's and is
 * left out.
 */
#include "mm.h"
#include "../fs/fs.h"

#define USER_PML4_ENTRIES	256

/* LAB pgtable BEGIN: the vmprint dump, a recursive four-level walk */
/* Print the present entries of table (at depth, 1 = the PML4's entries)
 * and, below each that points at a table, that table's. */
static void dump_table(struct seqbuf *m, const uint64_t *table, int depth)
{
	int n = depth == 1 ? USER_PML4_ENTRIES : PTRS_PER_TABLE;

	for (int i = 0; i < n; i++) {
		uint64_t e = table[i];
		if (!(e & PTE_P))
			continue;
		for (int d = 0; d < depth; d++)
			seq_printf(m, " ..");
		seq_printf(m, "%d: pte 0x%016lx pa 0x%lx\n", i, e, (uint64_t)(e & PTE_ADDR));
		if (depth < 4 && !(depth > 1 && (e & PTE_PS)))
			dump_table(m, phys_to_virt(e & PTE_ADDR), depth + 1);
	}
}

/* Write the dump of the page tables rooted at pml4 into m. */
void pgtable_dump(struct seqbuf *m, uint64_t *pml4)
{
	seq_printf(m, "page table 0x%lx\n", virt_to_phys(pml4));
	dump_table(m, pml4, 1);
}
/* LAB pgtable STUB BEGIN
void pgtable_dump(struct seqbuf *m, uint64_t *pml4)
{
	(void)m;
	(void)pml4;
}
   LAB pgtable STUB END */
/* LAB pgtable END */
