/*
 * mm/radix.h - a radix tree from a 64-bit index to a pointer (radix.c):
 * the page index of an address_space (i_pages) and the blocks of a file in
 * the store.  Each item may carry up to RADIX_TAG_MAX tags (the page
 * cache's dirty and towrite marks), found in order without visiting the
 * untagged ones.  Plain C, so that tests/host/radix.c can build radix.c
 * alone.
 */
#ifndef MM_RADIX_H
#define MM_RADIX_H

#include <stdbool.h>
#include <stdint.h>

#define RADIX_TAG_MAX	2

struct radix_node;
struct radix_root {
	struct radix_node *node;	/* NULL when empty */
	unsigned height;		/* levels below the root pointer */
};
void *radix_lookup(const struct radix_root *root, uint64_t index);
int radix_insert(struct radix_root *root, uint64_t index, void *item);
void *radix_delete(struct radix_root *root, uint64_t index);
void *radix_replace(struct radix_root *root, uint64_t index, void *item);
unsigned radix_gang_lookup(const struct radix_root *root, uint64_t first,
			   void **items, uint64_t *indices, unsigned max);
void *radix_tag_set(struct radix_root *root, uint64_t index, unsigned tag);
void *radix_tag_clear(struct radix_root *root, uint64_t index, unsigned tag);
bool radix_tag_get(const struct radix_root *root, uint64_t index, unsigned tag);
bool radix_tagged(const struct radix_root *root, unsigned tag);
unsigned radix_gang_lookup_tag(const struct radix_root *root, uint64_t first,
			       void **items, uint64_t *indices, unsigned max,
			       unsigned tag);

/* Value entries (Linux's XArray ones): an integer stored as an item, told
 * from a pointer by its low bit (the page cache's shadow entries). */
static inline void *xa_mk_value(uint64_t v)
{
	return (void *)(uintptr_t)(v << 1 | 1);
}

static inline bool xa_is_value(const void *entry)
{
	return (uintptr_t)entry & 1;
}

static inline uint64_t xa_to_value(const void *entry)
{
	return (uintptr_t)entry >> 1;
}

#endif
