/*
 * mm/pgtable_bits.h - the bits of an x86-64 page-table entry, for the two
 * files that may know them: pgtable.c (tables and PTEs) and pgtable_pmd.c
 * (2 MiB leaf entries of transparent huge pages).
 */
#ifndef MM_PGTABLE_BITS_H
#define MM_PGTABLE_BITS_H

#define PTE_P		(1ull << 0)
#define PTE_W		(1ull << 1)
#define PTE_U		(1ull << 2)
#define PTE_PCD		(1ull << 4)
#define PTE_A		(1ull << 5)
#define PTE_D		(1ull << 6)
#define PTE_PS		(1ull << 7)
#define PTE_G		(1ull << 8)
#define PTE_PROTNONE	(1ull << 9)	/* software bit: PROT_NONE, frame kept */
#define PTE_NX		(1ull << 63)
#define PTE_ADDR	0x000ffffffffff000ull

#define USER_HALF_END	0x0000800000000000ull
#define PML4_KERNEL	256
#define INDEX(va, level) (((va) >> (12 + 9 * (level))) & 511)

#endif
