/*
 * mm/rbtree.c - a red-black tree with an augmentation callback.
 *
 * A red-black tree is a binary search tree whose nodes are coloured so that
 * no path is more than twice as long as any other:
 *
 *   1. every node is red or black;
 *   2. the root is black (and NULL leaves count as black);
 *   3. a red node has no red child;
 *   4. every path from a node down to a NULL leaf crosses the same number
 *      of black nodes (its "black height").
 *
 * By 3 and 4 the longest path (alternating red/black) is at most twice the
 * shortest (all black), so the height is at most 2 log2(n + 1) and lookup,
 * insert and erase are O(log n).  Insert adds a red leaf, which can only
 * break rule 3; erase removes a node, which can only break rule 4 (a path
 * lost a black).  Each is repaired by recolouring up the tree and at most
 * two (insert) or three (erase) rotations:
 *
 *	    x                  y           rotate(x, LEFT): y comes up,
 *	   / \                / \          x goes down to the left.  The
 *	  a   y     ==>      x   c         in-order sequence a x b y c is
 *	     / \            / \            unchanged, and only x and y have
 *	    b   c          a   b           new subtrees.
 *
 * Augmentation.  A node may keep a value that summarises its subtree (for
 * VMAs: the largest gap, see vma_tree.c).  Such a value depends only on the
 * node and its two children, so it must be recomputed exactly where a
 * subtree changes: at the two nodes of a rotation (lower one first), along
 * the path from a new leaf up, and along the path from the place where erase
 * unhooked a node up.  The owner's rb_augment_fn does the recomputation.
 *
 * The fixup code is written once for both mirror images: `dir` is the side
 * (RB_LEFT or RB_RIGHT) and !dir the other side.  Linux spells out both
 * mirrors instead; read them side by side with this.
 */
#include "mm.h"

enum { RB_LEFT = 0, RB_RIGHT = 1 };

/* The child link of n on side dir. */
static inline struct rb_node **child(struct rb_node *n, int dir)
{
	return dir == RB_LEFT ? &n->rb_left : &n->rb_right;
}

static inline void set_parent(struct rb_node *n, struct rb_node *p)
{
	n->__rb_parent_color = (uintptr_t)p | (n->__rb_parent_color & 1);
}

static inline void set_color(struct rb_node *n, int color)
{
	n->__rb_parent_color = (n->__rb_parent_color & ~(uintptr_t)1) | color;
}

/* Make parent (or the root, if parent is NULL) point to new instead of old. */
static void change_child(struct rb_node *parent, struct rb_node *old,
			 struct rb_node *new, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Rotate around x towards dir: x's child on the other side (y) takes x's
 * place and x becomes y's dir child.  Colours stay with the nodes.
 */
static void rotate(struct rb_node *x, int dir, struct rb_root *root,
		   rb_augment_fn augment)
{
	struct rb_node *y = *child(x, !dir);
	struct rb_node *b = *child(y, dir);
	struct rb_node *p = rb_parent(x);

	*child(x, !dir) = b;
	if (b)
		set_parent(b, x);
	*child(y, dir) = x;
	set_parent(x, y);
	set_parent(y, p);
	change_child(p, x, y, root);
	if (augment) {
		augment(x);		/* x is now below y */
		augment(y);
	}
}

void rb_augment_propagate(struct rb_node *node, rb_augment_fn augment)
{
	for (; node; node = rb_parent(node))
		if (!augment(node))
			break;
}

/* Recompute node and every ancestor, without stopping early. */
static void augment_path(struct rb_node *node, rb_augment_fn augment)
{
	for (; node; node = rb_parent(node))
		augment(node);
}

/*
 * Restore rule 3 after a red leaf was linked.  While node and its parent are
 * both red: a red uncle means "push the blackness down from the grandparent"
 * (recolour, continue two levels up); a black uncle means one or two
 * rotations at the grandparent end it.
 */
static void insert_fixup(struct rb_node *node, struct rb_root *root,
			 rb_augment_fn augment)
{
	struct rb_node *parent, *gparent, *uncle;

	while ((parent = rb_parent(node)) && rb_is_red(parent)) {
		gparent = rb_parent(parent);	/* exists: the root is black */
		int dir = parent == gparent->rb_left ? RB_LEFT : RB_RIGHT;

		uncle = *child(gparent, !dir);
		if (rb_is_red(uncle)) {
			set_color(parent, RB_BLACK);
			set_color(uncle, RB_BLACK);
			set_color(gparent, RB_RED);
			node = gparent;
			continue;
		}
		if (node == *child(parent, !dir)) {
			/* inner grandchild: turn it into an outer one */
			rotate(parent, dir, root, augment);
			parent = node;
		}
		set_color(parent, RB_BLACK);
		set_color(gparent, RB_RED);
		rotate(gparent, !dir, root, augment);
		break;
	}
	set_color(root->rb_node, RB_BLACK);
}

void rb_insert(struct rb_node *node, struct rb_root *root, rb_augment_fn augment)
{
	/* The new leaf's value is computed outright (its old contents are
	 * garbage); above it, stop at the first unchanged ancestor. */
	if (augment) {
		augment(node);
		rb_augment_propagate(rb_parent(node), augment);
	}
	insert_fixup(node, root, augment);
}

/*
 * Restore rule 4 after a black node was removed above x (x may be NULL; its
 * parent is given).  x's side is one black short.  A red x is simply made
 * black.  Otherwise, look at x's sibling s (which exists, since the other
 * side has black height >= 1): make s black by a rotation if it is red; if
 * both of s's children are black, make s red (now both sides are short) and
 * move the problem up; else one or two rotations move a black to x's side.
 */
static void erase_fixup(struct rb_node *x, struct rb_node *parent,
			struct rb_root *root, rb_augment_fn augment)
{
	struct rb_node *s;

	while (x != root->rb_node && !rb_is_red(x)) {
		int dir = x == parent->rb_left ? RB_LEFT : RB_RIGHT;

		s = *child(parent, !dir);
		if (rb_is_red(s)) {
			set_color(s, RB_BLACK);
			set_color(parent, RB_RED);
			rotate(parent, dir, root, augment);
			s = *child(parent, !dir);
		}
		if (!rb_is_red(s->rb_left) && !rb_is_red(s->rb_right)) {
			set_color(s, RB_RED);
			x = parent;
			parent = rb_parent(x);
			continue;
		}
		if (!rb_is_red(*child(s, !dir))) {
			/* the near child is red: rotate it to the far side */
			set_color(*child(s, dir), RB_BLACK);
			set_color(s, RB_RED);
			rotate(s, !dir, root, augment);
			s = *child(parent, !dir);
		}
		set_color(s, rb_color(parent));
		set_color(parent, RB_BLACK);
		set_color(*child(s, !dir), RB_BLACK);
		rotate(parent, dir, root, augment);
		x = root->rb_node;
	}
	if (x)
		set_color(x, RB_BLACK);
}

/*
 * Unhook node.  With at most one child, the child takes its place.  With
 * two, its in-order successor (leftmost of the right subtree, which has no
 * left child) is unhooked instead and then put in node's place and colour.
 * The colour that really left the tree is the successor's in that case.
 */
void rb_erase(struct rb_node *node, struct rb_root *root, rb_augment_fn augment)
{
	struct rb_node *x, *parent;	/* what fills the hole, and its parent */
	int color;

	if (!node->rb_left || !node->rb_right) {
		x = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		color = rb_color(node);
		change_child(parent, node, x, root);
		if (x)
			set_parent(x, parent);
	} else {
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		x = succ->rb_right;
		color = rb_color(succ);
		if (rb_parent(succ) == node) {
			parent = succ;
		} else {
			parent = rb_parent(succ);
			parent->rb_left = x;
			if (x)
				set_parent(x, parent);
			succ->rb_right = node->rb_right;
			set_parent(succ->rb_right, succ);
		}
		succ->rb_left = node->rb_left;
		set_parent(succ->rb_left, succ);
		change_child(rb_parent(node), node, succ, root);
		succ->__rb_parent_color = node->__rb_parent_color;
	}
	/* Every subtree from the hole up to the root lost node (and the
	 * successor moved up through it): recompute the whole path. */
	if (augment)
		augment_path(parent, augment);
	if (color == RB_BLACK)
		erase_fixup(x, parent, root, augment);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_right)
		n = n->rb_right;
	return n;
}

/* The in-order successor: leftmost of the right subtree, else the first
 * ancestor we reach from its left side. */
struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *p;

	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((p = rb_parent(node)) && node == p->rb_right)
		node = p;
	return p;
}

/* The in-order predecessor: the mirror image of rb_next(). */
struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *p;

	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((p = rb_parent(node)) && node == p->rb_left)
		node = p;
	return p;
}
