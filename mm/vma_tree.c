/*
 * mm/vma_tree.c - the VMA set of an mm: an rbtree, a sorted list, and gaps.
 *
 * Every VMA of an mm is in two structures at once, as in Linux 4.x:
 *
 *   - mm->mmap, a list sorted by address (vm_next / vm_prev), for walks
 *     over a range (munmap, mprotect, fork, /proc/pid/maps);
 *   - mm->mm_rb, a red-black tree keyed by address (mm/rbtree.c), for
 *     O(log n) lookup of the VMA at an address (find_vma, every page fault).
 *
 * Free space.  The "gap" of a VMA is the free space just below it:
 *
 *	gap(v) = v->vm_start - (v->vm_prev ? v->vm_prev->vm_end : 0)
 *
 * and each node also stores rb_subtree_gap, the largest gap in its subtree.
 * The tree is "augmented" with this value: rbtree.c calls vma_gap_recompute()
 * on every node whose subtree changes.  Example (addresses in pages):
 *
 *	VMAs:  [2,4)  [5,6)  [16,20)  [21,22)  [40,41)   highest_vm_end = 41
 *	gaps:    2      1       10       1       18
 *
 *	                [16,20) gap 10
 *	                subtree max 18
 *	               /              \
 *	      [2,4) gap 2          [40,41) gap 18
 *	      max 2                max 18
 *	             \             /
 *	       [5,6) gap 1    [21,22) gap 1
 *	       max 1          max 1
 *
 * To place a mapping of len pages (get_unmapped_area), unmapped_area_topdown
 * walks down from the root and never enters a subtree whose rb_subtree_gap
 * is < len: with len = 5 and high = 41 it goes right to [40,41), whose
 * subtree holds a big enough gap, finds gap [22,40) there and returns
 * 40 - 5 = 35, having looked at two nodes, not five.  The only subtrees it can enter and leave empty-
 * handed are those whose big gaps are cut off by the [low, high) window; at
 * each depth at most one subtree straddles high (and the walk stops at the
 * first gap that ends below low), so the search is O(height) = O(log n).
 * The gap above the highest VMA, [highest_vm_end, high), is below no node
 * and is checked separately.
 *
 * No locking (one CPU, a non-preemptible kernel); nothing here allocates
 * or sleeps.
 */
#include "mm.h"
#include "../include/uapi/errno.h"

#ifdef HOST_TEST
/* Nodes visited by lookups and searches, so the host test can check that
 * they are O(log n).  Not part of the kernel. */
uint64_t vma_tree_steps;
#define STEP()	(vma_tree_steps++)
#else
#define STEP()	do { } while (0)
#endif

#define vma_of(node)	rb_entry(node, struct vm_area_struct, vm_rb)

/* Where the free space below vma starts. */
static inline uint64_t vma_gap_start(const struct vm_area_struct *vma)
{
	return vma->vm_prev ? vma->vm_prev->vm_end : 0;
}

static inline uint64_t subtree_gap(const struct rb_node *node)
{
	return node ? vma_of(node)->rb_subtree_gap : 0;
}

/* The largest gap in node's subtree, from its own gap and its children. */
static uint64_t compute_subtree_gap(struct rb_node *node)
{
	struct vm_area_struct *vma = vma_of(node);
	uint64_t gap = vma->vm_start - vma_gap_start(vma);

	gap = MAX(gap, subtree_gap(node->rb_left));
	return MAX(gap, subtree_gap(node->rb_right));
}

/* The rbtree augmentation callback: refresh rb_subtree_gap of one node. */
static bool vma_gap_recompute(struct rb_node *node)
{
	uint64_t gap = compute_subtree_gap(node);

	if (vma_of(node)->rb_subtree_gap == gap)
		return false;
	vma_of(node)->rb_subtree_gap = gap;
	return true;
}

/* vma's own gap changed (its vm_start or its predecessor's vm_end moved). */
static void vma_gap_update(struct vm_area_struct *vma)
{
	rb_augment_propagate(&vma->vm_rb, vma_gap_recompute);
}

void mm_vma_init(struct mm_struct *mm)
{
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->vmacache = NULL;
	mm->map_count = 0;
	mm->highest_vm_end = 0;
}

/* The first VMA with vm_end > addr (it may start above addr), or NULL.
 * The VMA last found holding an address is tried first (Linux's
 * vmacache, one entry): faults come in runs within one VMA.  VMAs never
 * overlap, so a hit is the answer whatever has moved since; vma_link
 * caches the new VMA, vma_unlink forgets one that leaves the tree. */
struct vm_area_struct *find_vma(struct mm_struct *mm, uint64_t addr)
{
	struct rb_node *node = mm->mm_rb.rb_node;
	struct vm_area_struct *found = mm->vmacache;

	if (found && found->vm_start <= addr && addr < found->vm_end)
		return found;
	found = NULL;
	while (node) {
		struct vm_area_struct *vma = vma_of(node);

		STEP();
		if (vma->vm_end > addr) {
			found = vma;
			if (vma->vm_start <= addr) {
				mm->vmacache = vma;
				break;
			}
			node = node->rb_left;
		} else {
			node = node->rb_right;
		}
	}
	return found;
}

/* find_vma(), and in *pprev the VMA before the result (the last VMA of the
 * mm when the result is NULL; NULL when there is none). */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, uint64_t addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (vma) {
		*pprev = vma->vm_prev;
	} else {
		struct rb_node *last = rb_last(&mm->mm_rb);
		*pprev = last ? vma_of(last) : NULL;
	}
	return vma;
}

/* The first VMA overlapping [start, end), or NULL. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     uint64_t start, uint64_t end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma && end <= vma->vm_start)
		vma = NULL;
	return vma;
}

/*
 * Insert vma (vm_start/vm_end set, not yet in the set) into the list and
 * the tree.  The caller guarantees it overlaps no VMA; an overlap is a kernel
 * bug and panics.  The successor's gap shrinks, so it is updated first.
 */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;
	struct vm_area_struct *prev = NULL, *next;

	while (*link) {
		parent = *link;
		if (vma->vm_start < vma_of(parent)->vm_start) {
			link = &parent->rb_left;
		} else {
			prev = vma_of(parent);
			link = &parent->rb_right;
		}
	}
	next = prev ? prev->vm_next : mm->mmap;
	if ((prev && prev->vm_end > vma->vm_start) ||
	    (next && next->vm_start < vma->vm_end) || vma->vm_start >= vma->vm_end)
		panic("vma_link: [%lx, %lx) overlaps or is empty",
		      vma->vm_start, vma->vm_end);

	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next) {
		next->vm_prev = vma;
		vma_gap_update(next);
	} else {
		mm->highest_vm_end = vma->vm_end;
	}
	rb_link_node(&vma->vm_rb, parent, link);
	rb_insert(&vma->vm_rb, &mm->mm_rb, vma_gap_recompute);
	mm->map_count++;
	mm->vmacache = vma;		/* the next lookup is most likely in it */
}

/*
 * Remove vma from the list and the tree (it is not freed).  vma->vm_next
 * and vm_prev are left pointing at the old neighbours.  The tree goes first,
 * while the list still matches it; then the successor's gap grows.
 */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;

	rb_erase(&vma->vm_rb, &mm->mm_rb, vma_gap_recompute);
	if (mm->vmacache == vma)
		mm->vmacache = NULL;
	if (prev)
		prev->vm_next = next;
	else
		mm->mmap = next;
	if (next) {
		next->vm_prev = prev;
		vma_gap_update(next);
	} else {
		mm->highest_vm_end = prev ? prev->vm_end : 0;
	}
	mm->map_count--;
}

/*
 * The caller moved vma->vm_start and/or vm_end in place, keeping it between
 * its neighbours (split, merge, brk, stack growth): refresh vma's own gap,
 * its successor's gap and highest_vm_end.
 */
void vma_gap_update_bounds(struct mm_struct *mm, struct vm_area_struct *vma)
{
	vma_gap_update(vma);
	if (vma->vm_next)
		vma_gap_update(vma->vm_next);
	else
		mm->highest_vm_end = vma->vm_end;
}

/*
 * Page-align the request (len and low up, high down) and cap high at 2^63,
 * so that every answer is a non-negative int64_t; false if no range of len
 * bytes fits in [low, high) at all.
 */
static bool search_limits(uint64_t *len, uint64_t *low, uint64_t *high)
{
	*len = PAGE_ALIGN(*len);		/* a huge len wraps to 0 */
	*high = MIN(*high, 1ull << 63) & PAGE_MASK;
	*low = MIN(*low, *high);		/* and PAGE_ALIGN cannot wrap */
	*low = PAGE_ALIGN(*low);
	return *len && *low < *high && *len <= *high - *low;
}

/* Does [gap_start, gap_end), cut to [low, high), still hold len bytes? */
static bool gap_fits(uint64_t gap_start, uint64_t gap_end, uint64_t len,
		     uint64_t low, uint64_t high)
{
	gap_start = MAX(gap_start, low);
	gap_end = MIN(gap_end, high);
	return gap_end > gap_start && gap_end - gap_start >= len;
}

/*
 * The highest page-aligned a with [a, a + len) free and low <= a,
 * a + len <= high; or -ENOMEM.  In-order from the right: a node's right
 * subtree (higher gaps), then its own gap, then its left subtree, entering
 * only subtrees that hold a gap >= len.  Climbing back to a parent from its
 * right child means the parent's own gap is next.
 */
int64_t unmapped_area_topdown(struct mm_struct *mm, uint64_t len,
			      uint64_t low, uint64_t high)
{
	struct rb_node *node = mm->mm_rb.rb_node, *from;
	bool right_done = false;

	if (!search_limits(&len, &low, &high))
		return -ENOMEM;
	if (gap_fits(mm->highest_vm_end, high, len, low, high))
		return high - len;
	if (!node || subtree_gap(node) < len)
		return -ENOMEM;
	for (;;) {
		struct vm_area_struct *vma = vma_of(node);

		STEP();
		/* Right subtree gaps all start at or above vma->vm_end. */
		if (!right_done && subtree_gap(node->rb_right) >= len &&
		    vma->vm_end <= high - len) {
			node = node->rb_right;
			continue;
		}
		right_done = false;
		if (vma->vm_start < low + len)
			return -ENOMEM;		/* this gap and all below end too low */
		if (gap_fits(vma_gap_start(vma), vma->vm_start, len, low, high))
			return MIN(vma->vm_start, high) - len;
		if (subtree_gap(node->rb_left) >= len) {
			node = node->rb_left;
			continue;
		}
		do {			/* climb to the first parent we left rightwards */
			from = node;
			node = rb_parent(node);
			if (!node)
				return -ENOMEM;
			STEP();
		} while (from == node->rb_left);
		right_done = true;
	}
}

/*
 * The lowest page-aligned a with [a, a + len) free and low <= a,
 * a + len <= high; or -ENOMEM.  The mirror image of unmapped_area_topdown():
 * left subtree, own gap, right subtree, and the gap above the highest VMA
 * last.
 */
int64_t unmapped_area(struct mm_struct *mm, uint64_t len,
		      uint64_t low, uint64_t high)
{
	struct rb_node *node = mm->mm_rb.rb_node, *from;
	bool left_done = false;

	if (!search_limits(&len, &low, &high))
		return -ENOMEM;
	if (!node || subtree_gap(node) < len)
		goto highest;
	for (;;) {
		struct vm_area_struct *vma = vma_of(node);
		uint64_t gap_start = vma_gap_start(vma);

		STEP();
		/* Left subtree gaps all end at or below vma->vm_prev->vm_start. */
		if (!left_done && subtree_gap(node->rb_left) >= len &&
		    vma->vm_prev->vm_start >= low + len) {
			node = node->rb_left;
			continue;
		}
		left_done = false;
		if (gap_start > high - len)
			return -ENOMEM;		/* this gap and all above start too high */
		if (gap_fits(gap_start, vma->vm_start, len, low, high))
			return MAX(gap_start, low);
		if (subtree_gap(node->rb_right) >= len) {
			node = node->rb_right;
			continue;
		}
		do {			/* climb to the first parent we left leftwards */
			from = node;
			node = rb_parent(node);
			if (!node)
				goto highest;
			STEP();
		} while (from == node->rb_right);
		left_done = true;
	}
highest:
	if (gap_fits(mm->highest_vm_end, high, len, low, high))
		return MAX(mm->highest_vm_end, low);
	return -ENOMEM;
}

/* Check colours, parent links and black heights below node; count nodes.
 * Returns the black height, or -1 after printing the problem. */
static int validate_rb(struct rb_node *node, struct rb_node *parent, int *count)
{
	int lh, rh;

	if (!node)
		return 1;
	if (rb_parent(node) != parent) {
		printk("vma_tree_validate: bad parent link at %lx\n",
		       vma_of(node)->vm_start);
		return -1;
	}
	if (rb_is_red(node) && (rb_is_red(node->rb_left) ||
				rb_is_red(node->rb_right))) {
		printk("vma_tree_validate: red node %lx has a red child\n",
		       vma_of(node)->vm_start);
		return -1;
	}
	(*count)++;
	lh = validate_rb(node->rb_left, node, count);
	rh = validate_rb(node->rb_right, node, count);
	if (lh < 0 || rh < 0)
		return -1;
	if (lh != rh) {
		printk("vma_tree_validate: black heights %d != %d below %lx\n",
		       lh, rh, vma_of(node)->vm_start);
		return -1;
	}
	return lh + !rb_is_red(node);
}

/* Check every rb_subtree_gap below node (bottom-up). */
static int validate_gaps(struct rb_node *node)
{
	if (!node)
		return 0;
	if (validate_gaps(node->rb_left) || validate_gaps(node->rb_right))
		return -1;
	if (vma_of(node)->rb_subtree_gap != compute_subtree_gap(node)) {
		printk("vma_tree_validate: rb_subtree_gap of %lx is %lx, not %lx\n",
		       vma_of(node)->vm_start, vma_of(node)->rb_subtree_gap,
		       compute_subtree_gap(node));
		return -1;
	}
	return 0;
}

/* Walk the list beside the tree's in-order walk; check order and bounds,
 * and that find_vma's cache is one of the VMAs. */
static int validate_list(struct mm_struct *mm, int count)
{
	struct vm_area_struct *vma = mm->mmap, *prev = NULL;
	struct rb_node *node = rb_first(&mm->mm_rb);
	bool cached = !mm->vmacache;
	int n = 0;

	for (; vma || node; prev = vma, vma = vma->vm_next, node = rb_next(node)) {
		if (++n > count || !vma || node != &vma->vm_rb) {
			printk("vma_tree_validate: list and tree differ at #%d\n", n);
			return -1;
		}
		if (vma->vm_prev != prev) {
			printk("vma_tree_validate: bad vm_prev at %lx\n", vma->vm_start);
			return -1;
		}
		if (vma->vm_start >= vma->vm_end || (vma->vm_start & ~PAGE_MASK) ||
		    (vma->vm_end & ~PAGE_MASK) ||
		    (prev && prev->vm_end > vma->vm_start)) {
			printk("vma_tree_validate: bad or overlapping [%lx, %lx)\n",
			       vma->vm_start, vma->vm_end);
			return -1;
		}
		cached |= vma == mm->vmacache;
	}
	if (!cached) {
		printk("vma_tree_validate: vmacache is not a VMA of the mm\n");
		return -1;
	}
	if (mm->highest_vm_end != (prev ? prev->vm_end : 0)) {
		printk("vma_tree_validate: highest_vm_end %lx, last VMA ends at %lx\n",
		       mm->highest_vm_end, prev ? prev->vm_end : 0);
		return -1;
	}
	return 0;
}

/* 0 if the VMA set is consistent; otherwise print the first problem found
 * and return -1.  The tree's shape is checked first, so that the later
 * walks are finite. */
int vma_tree_validate(struct mm_struct *mm)
{
	struct rb_node *root = mm->mm_rb.rb_node;
	int count = 0;

	if (rb_is_red(root)) {
		printk("vma_tree_validate: red root\n");
		return -1;
	}
	if (validate_rb(root, NULL, &count) < 0)
		return -1;
	if (count != mm->map_count) {
		printk("vma_tree_validate: %d nodes, map_count %d\n",
		       count, mm->map_count);
		return -1;
	}
	if (validate_list(mm, count) < 0)
		return -1;
	return validate_gaps(root);
}

/* The part of vma_tree_validate that concerns one VMA, in O(log n): the
 * tree finds it, its list neighbours point back and do not overlap it,
 * and on its path to the root no red node is the root or has a red
 * parent, and every rb_subtree_gap is what its children say.
 * Returns 0, or -1 after printing the problem. */
int vma_tree_validate_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;

	if (find_vma(mm, vma->vm_start) != vma ||
	    (prev ? prev->vm_next != vma : mm->mmap != vma) ||
	    (next ? next->vm_prev != vma : mm->highest_vm_end != vma->vm_end) ||
	    vma->vm_start >= vma->vm_end || (prev && prev->vm_end > vma->vm_start) ||
	    (next && vma->vm_end > next->vm_start)) {
		printk("vma_tree_validate: [%lx, %lx) is not where the tree and "
		       "list say\n", vma->vm_start, vma->vm_end);
		return -1;
	}
	for (struct rb_node *node = &vma->vm_rb; node; node = rb_parent(node)) {
		struct rb_node *parent = rb_parent(node);
		if (rb_is_red(node) && (!parent || rb_is_red(parent))) {
			printk("vma_tree_validate: red node %lx is the root or "
			       "has a red parent\n", vma_of(node)->vm_start);
			return -1;
		}
		if (vma_of(node)->rb_subtree_gap != compute_subtree_gap(node)) {
			printk("vma_tree_validate: rb_subtree_gap of %lx is %lx, not %lx\n",
			       vma_of(node)->vm_start, vma_of(node)->rb_subtree_gap,
			       compute_subtree_gap(node));
			return -1;
		}
	}
	return 0;
}
