/*
 * kernel/ksyms.c - address-to-name lookup for backtraces.
 *
 * The table is made from the linked kernel by tools/mkksyms (sorted
 * addresses of text symbols, then their names) and linked into the .ksyms
 * section in a second link; see linker.ld and the Makefile.
 */
#include "kernel.h"

struct ksym {
	uint64_t addr;
	uint64_t name;			/* offset from ksyms_table */
};

extern const uint64_t ksyms_table[];	/* count, then struct ksym[count] */

/* Returns the name of the function containing addr, or NULL. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
	uint64_t n = ksyms_table[0];
	const struct ksym *syms = (const struct ksym *)&ksyms_table[1];
	uint64_t lo = 0, hi = n;

	if (!n || addr < syms[0].addr || addr >= (uint64_t)_etext)
		return NULL;
	while (hi - lo > 1) {
		uint64_t mid = (lo + hi) / 2;
		if (syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - syms[lo].addr;
	return (const char *)ksyms_table + syms[lo].name;
}
