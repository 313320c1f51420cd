/*
 * mm/radix.c - a radix tree from a 64-bit index to a pointer.
 *
 * The page index of an address_space (page number -> struct page) and a
 * file's blocks in the store (block number -> struct page) are both kept
 * in one, as Linux keeps its page cache in a radix tree (today the XArray).  Each node has
 * 64 slots, one per 6 bits of the index; a tree of height h holds indices
 * below 64^h.  Lookup walks h nodes: a 256 KiB file needs one level, a
 * 1 GiB file three.  The tree grows taller when a larger index is inserted,
 * and frees every node that becomes empty on delete, so an empty tree owns
 * no memory.
 *
 * Tags (Linux's radix-tree tags, the XArray's marks): each node keeps, per
 * tag, a 64-bit word whose bit i says that slot i holds a tagged item (a
 * leaf) or a subtree with at least one (an inner node).  Setting a tag
 * sets the bit on the whole path; clearing it clears bits upwards while a
 * node has no tagged slot left; a tagged gang lookup descends only into
 * set bits, so it costs O(height) per item found, whatever the number of
 * untagged items around them.  Deleting an item clears its tags.
 */
#ifdef HOST_TEST
#include "radix.h"
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#else
#include "mm.h"
#include <uapi/errno.h>
#endif

#define RADIX_SHIFT	6
#define RADIX_SLOTS	(1u << RADIX_SHIFT)
#define RADIX_MASK	(RADIX_SLOTS - 1)
#define RADIX_MAX_HEIGHT ((64 + RADIX_SHIFT - 1) / RADIX_SHIFT)

struct radix_node {
	void *slots[RADIX_SLOTS];
	uint64_t tags[RADIX_TAG_MAX];	/* bit i: slot i is (or holds) tagged */
};
#define NO_TAG	RADIX_TAG_MAX		/* gang_walk: every item */

/* The largest index a tree of this height can hold. */
static uint64_t max_index(unsigned height)
{
	unsigned bits = height * RADIX_SHIFT;

	return bits >= 64 ? UINT64_MAX : (1ull << bits) - 1;
}

static unsigned slot_of(uint64_t index, unsigned level)
{
	return (index >> ((level - 1) * RADIX_SHIFT)) & RADIX_MASK;
}

static bool node_empty(const struct radix_node *n)
{
	for (unsigned i = 0; i < RADIX_SLOTS; i++)
		if (n->slots[i])
			return false;
	return true;
}

void *radix_lookup(const struct radix_root *root, uint64_t index)
{
	struct radix_node *node = root->node;

	if (!node || index > max_index(root->height))
		return NULL;
	for (unsigned h = root->height; h > 1; h--) {
		node = node->slots[slot_of(index, h)];
		if (!node)
			return NULL;
	}
	return node->slots[index & RADIX_MASK];
}

/*
 * Free the empty nodes on the path to index, bottom up, then lower the
 * tree while its root holds nothing but slot 0.
 */
static void radix_prune(struct radix_root *root, uint64_t index)
{
	struct radix_node *path[RADIX_MAX_HEIGHT + 1];
	unsigned depth = 0;
	struct radix_node *node = index <= max_index(root->height) ? root->node
								    : NULL;

	for (unsigned h = root->height; node; h--) {
		path[depth++] = node;
		if (h == 1)
			break;
		node = node->slots[slot_of(index, h)];
	}
	while (depth > 0 && node_empty(path[depth - 1])) {
		kfree(path[--depth]);
		if (depth == 0) {
			root->node = NULL;
			root->height = 0;
			return;
		}
		path[depth - 1]->slots[slot_of(index, root->height - depth + 1)] = NULL;
	}
	while (root->height > 1) {
		struct radix_node *top = root->node;
		bool only_first = true;
		for (unsigned i = 1; i < RADIX_SLOTS; i++)
			if (top->slots[i])
				only_first = false;
		if (!only_first || !top->slots[0])
			break;
		root->node = top->slots[0];
		root->height--;
		kfree(top);
	}
}

/* Store item at index; returns 0, -EEXIST if taken, or -ENOMEM. */
int radix_insert(struct radix_root *root, uint64_t index, void *item)
{
	if (!root->node) {
		unsigned h = 1;
		while (index > max_index(h))
			h++;
		if (!(root->node = kzalloc(sizeof(struct radix_node))))
			return -ENOMEM;
		root->height = h;
	}
	while (index > max_index(root->height)) {
		struct radix_node *top = kzalloc(sizeof(*top));
		if (!top) {
			radix_prune(root, index);
			return -ENOMEM;
		}
		top->slots[0] = root->node;
		for (unsigned t = 0; t < RADIX_TAG_MAX; t++)
			top->tags[t] = root->node->tags[t] != 0;
		root->node = top;
		root->height++;
	}
	struct radix_node *node = root->node;
	for (unsigned h = root->height; h > 1; h--) {
		void **slot = &node->slots[slot_of(index, h)];
		if (!*slot && !(*slot = kzalloc(sizeof(struct radix_node)))) {
			radix_prune(root, index);
			return -ENOMEM;
		}
		node = *slot;
	}
	void **slot = &node->slots[index & RADIX_MASK];
	if (*slot)
		return -EEXIST;
	*slot = item;
	return 0;
}

/* Remove and return the item at index (NULL if there was none), with its
 * tags. */
void *radix_delete(struct radix_root *root, uint64_t index)
{
	struct radix_node *node = root->node;

	if (!node || index > max_index(root->height))
		return NULL;
	for (unsigned t = 0; t < RADIX_TAG_MAX; t++)
		radix_tag_clear(root, index, t);
	for (unsigned h = root->height; h > 1 && node; h--)
		node = node->slots[slot_of(index, h)];
	if (!node)
		return NULL;
	void *item = node->slots[index & RADIX_MASK];
	node->slots[index & RADIX_MASK] = NULL;
	radix_prune(root, index);
	return item;
}

struct gang {
	uint64_t first;
	void **items;
	uint64_t *indices;
	unsigned max, n;
	unsigned tag;			/* NO_TAG, or only items with this tag */
};

/* Collect items of the subtree at node (height h, first index base),
 * visiting only the slots whose bit is set in the tag word when g->tag
 * names one. */
static void gang_walk(struct radix_node *node, unsigned h, uint64_t base,
		      struct gang *g)
{
	unsigned shift = (h - 1) * RADIX_SHIFT;
	unsigned i = g->first > base ? (g->first - base) >> shift : 0;
	uint64_t live = g->tag == NO_TAG ? ~0ull : node->tags[g->tag];

	for (live &= ~0ull << i; live && g->n < g->max; live &= live - 1) {
		i = (unsigned)__builtin_ctzll(live);
		void *s = node->slots[i];
		if (!s)
			continue;
		uint64_t b = base + ((uint64_t)i << shift);
		if (h > 1) {
			gang_walk(s, h - 1, b, g);
			continue;
		}
		g->items[g->n] = s;
		if (g->indices)
			g->indices[g->n] = b;
		g->n++;
	}
}

/*
 * Fill items (and indices, if not NULL) with up to max items whose index
 * is at least first, in index order; returns how many were found.
 */
unsigned radix_gang_lookup(const struct radix_root *root, uint64_t first,
			   void **items, uint64_t *indices, unsigned max)
{
	struct gang g = { first, items, indices, max, 0, NO_TAG };

	if (root->node && first <= max_index(root->height))
		gang_walk(root->node, root->height, 0, &g);
	return g.n;
}

/* radix_gang_lookup of the items that carry tag only. */
unsigned radix_gang_lookup_tag(const struct radix_root *root, uint64_t first,
			       void **items, uint64_t *indices, unsigned max,
			       unsigned tag)
{
	struct gang g = { first, items, indices, max, 0, tag };

	if (root->node && first <= max_index(root->height))
		gang_walk(root->node, root->height, 0, &g);
	return g.n;
}

/*
 * The nodes on the path to index, root first, in path[0 .. height-1];
 * returns the leaf node, or NULL if index is beyond the tree or some node
 * on the way is missing.
 */
static struct radix_node *radix_path(const struct radix_root *root,
				     uint64_t index,
				     struct radix_node **path)
{
	struct radix_node *node = root->node;

	if (!node || index > max_index(root->height))
		return NULL;
	for (unsigned h = root->height, d = 0;; h--, d++) {
		path[d] = node;
		if (h == 1)
			return node;
		node = node->slots[slot_of(index, h)];
		if (!node)
			return NULL;
	}
}

/* Tag the item at index (and the path to it); returns the item, or NULL
 * if there is none (nothing is tagged then). */
void *radix_tag_set(struct radix_root *root, uint64_t index, unsigned tag)
{
	struct radix_node *path[RADIX_MAX_HEIGHT];
	struct radix_node *leaf = radix_path(root, index, path);

	if (!leaf || !leaf->slots[index & RADIX_MASK])
		return NULL;
	for (unsigned d = 0, h = root->height; h >= 1; d++, h--)
		path[d]->tags[tag] |= 1ull << slot_of(index, h);
	return leaf->slots[index & RADIX_MASK];
}

/* Take tag off the item at index, and off the path above it as far as no
 * other tagged item is below; returns the item, or NULL if none. */
void *radix_tag_clear(struct radix_root *root, uint64_t index, unsigned tag)
{
	struct radix_node *path[RADIX_MAX_HEIGHT];
	struct radix_node *leaf = radix_path(root, index, path);

	if (!leaf || !leaf->slots[index & RADIX_MASK])
		return NULL;
	for (unsigned d = root->height, h = 1; d-- > 0; h++) {
		path[d]->tags[tag] &= ~(1ull << slot_of(index, h));
		if (path[d]->tags[tag])
			break;
	}
	return leaf->slots[index & RADIX_MASK];
}

/* Put item in the place of the item at index, without its tags; returns
 * the old item, or NULL (then nothing is stored). */
void *radix_replace(struct radix_root *root, uint64_t index, void *item)
{
	struct radix_node *path[RADIX_MAX_HEIGHT];
	struct radix_node *leaf = radix_path(root, index, path);
	void *old = leaf ? leaf->slots[index & RADIX_MASK] : NULL;

	if (!old)
		return NULL;
	for (unsigned t = 0; t < RADIX_TAG_MAX; t++)
		radix_tag_clear(root, index, t);
	leaf->slots[index & RADIX_MASK] = item;
	return old;
}

/* Does the item at index carry tag? */
bool radix_tag_get(const struct radix_root *root, uint64_t index, unsigned tag)
{
	struct radix_node *path[RADIX_MAX_HEIGHT];
	struct radix_node *leaf = radix_path(root, index, path);

	return leaf && (leaf->tags[tag] >> (index & RADIX_MASK) & 1);
}

/* Does any item of the tree carry tag? */
bool radix_tagged(const struct radix_root *root, unsigned tag)
{
	return root->node && root->node->tags[tag];
}
