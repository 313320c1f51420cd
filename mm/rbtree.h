/*
 * mm/rbtree.h - an augmented red-black tree, after Linux's
 * include/linux/rbtree.h and rbtree_augmented.h (simplified).
 *
 * The tree is intrusive: embed a struct rb_node in your object and get the
 * object back with rb_entry().  The tree never compares keys itself; the
 * caller walks down to find where a new node goes, then links and balances:
 *
 *	struct rb_node **link = &root->rb_node, *parent = NULL;
 *	while (*link) {
 *		parent = *link;
 *		link = key < rb_entry(parent, struct thing, rb)->key ?
 *			&parent->rb_left : &parent->rb_right;
 *	}
 *	rb_link_node(&thing->rb, parent, link);
 *	rb_insert(&thing->rb, root, augment);	(augment may be NULL)
 *
 * Augmentation: a tree can keep a per-node summary of its subtree (mm/ keeps
 * the largest free gap below any VMA in the subtree).  The owner supplies
 * one callback, rb_augment_fn, that recomputes a node's summary from the node
 * itself and its children and says whether the value changed.  rb_insert(),
 * rb_erase() and their rotations call it wherever a subtree changes shape;
 * when the owner changes a node's own data in place it calls
 * rb_augment_propagate() to refresh the node and its ancestors.
 */
#ifndef MM_RBTREE_H
#define MM_RBTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Nodes are at least 4-byte aligned, so bit 0 of the parent pointer is
 * free to hold the colour. */
struct rb_node {
	uintptr_t __rb_parent_color;	/* parent address | colour (bit 0) */
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_RED		0
#define RB_BLACK	1

#define RB_ROOT		((struct rb_root){ NULL })
#define RB_EMPTY_ROOT(root)	((root)->rb_node == NULL)

#define rb_entry(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
/* rb_entry() of a pointer that may be NULL. */
#define rb_entry_safe(ptr, type, member) \
	({ struct rb_node *__p = (ptr); __p ? rb_entry(__p, type, member) : NULL; })

static inline struct rb_node *rb_parent(const struct rb_node *n)
{
	return (struct rb_node *)(n->__rb_parent_color & ~(uintptr_t)3);
}

static inline int rb_color(const struct rb_node *n)
{
	return n->__rb_parent_color & 1;
}

/* NULL leaves count as black. */
static inline bool rb_is_red(const struct rb_node *n)
{
	return n && rb_color(n) == RB_RED;
}

/*
 * Recompute node's augmented value from the node and its (already correct)
 * children; return true if the stored value changed.
 */
typedef bool (*rb_augment_fn)(struct rb_node *node);

/* Hang a fresh node (red, no children) at *link under parent. */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->__rb_parent_color = (uintptr_t)parent | RB_RED;
	node->rb_left = node->rb_right = NULL;
	*link = node;
}

/* Balance the tree after rb_link_node(); augment may be NULL. */
void rb_insert(struct rb_node *node, struct rb_root *root, rb_augment_fn augment);
/* Remove node from the tree and rebalance; augment may be NULL. */
void rb_erase(struct rb_node *node, struct rb_root *root, rb_augment_fn augment);
/* After node's own data changed: recompute it and its ancestors, stopping
 * early at the first one whose value did not change. */
void rb_augment_propagate(struct rb_node *node, rb_augment_fn augment);

/* In-order walks: O(log n) worst case, O(1) amortised over a full walk. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

#endif
