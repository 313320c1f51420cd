/*
 * mm/radix.h - a radix tree from a 64-bit index to a pointer (radix.c):
 * the page index of an address_space (i_pages) and the blocks of a file in
 * the store.  Plain C, so that tests/host/radix.c can build radix.c alone.
 */
#ifndef MM_RADIX_H
#define MM_RADIX_H

#include <stdint.h>

struct radix_node;
struct radix_root {
	struct radix_node *node;	/* NULL when empty */
	unsigned height;		/* levels below the root pointer */
};
void *radix_lookup(const struct radix_root *root, uint64_t index);
int radix_insert(struct radix_root *root, uint64_t index, void *item);
void *radix_delete(struct radix_root *root, uint64_t index);
unsigned radix_gang_lookup(const struct radix_root *root, uint64_t first,
			   void **items, uint64_t *indices, unsigned max);

#endif
