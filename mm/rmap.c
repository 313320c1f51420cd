/*
 * mm/rmap.c - the reverse map: from a page to the VMAs that may map it.
 *
 * Page tables map an address to a page; some work needs the way back -
 * truncate and MADV_REMOVE unmap a file's pages from every process,
 * writeback write-protects every shared PTE of a file page it cleans
 * (folio_mkclean), and reclaim must find every PTE of a page it evicts
 * (try_to_unmap in mm/vmscan.c for anonymous pages, try_to_unmap_file
 * here for file and shmem pages).
 * page->mapping and page->index name where a page belongs, and that owner
 * keeps the list of the VMAs that may map it:
 *
 *   file and shmem pages  page->mapping is the address_space (the inode's
 *                         i_data; shmem has a file of its own), and
 *                         mapping->i_mmap lists every VMA whose vm_file
 *                         maps it, in any process (vma->shared).  A page
 *                         at index i is mapped by a VMA of the list at
 *                         vm_start + (i - vm_pgoff) pages, if that lies
 *                         inside the VMA.
 *   private anonymous     page->mapping is the VMA's anon_vma with the low
 *                         bit PAGE_MAPPING_ANON set (Linux's tag), index
 *                         the page's linear index vma_index(vma, addr).
 *                         anon_vma->head lists the VMAs that may map pages
 *                         of it, found at an address the same way.
 *
 * The anon_vma design is Linux's first one (2.6.9 - 2.6.33): one anon_vma
 * shared by a mapping, the pieces it is split into, and its copies in
 * forked children (COW keeps the pages shared, so the child's VMA must be
 * found from them), and freed with its last VMA; a VMA's first private
 * page may also take a compatible neighbour's, so that the two can merge
 * again later (find_mergeable_anon_vma).  Linux today gives each
 * child an anon_vma of its own chained to the parent's (anon_vma_chain),
 * so that a walk visits fewer unrelated VMAs after many forks; the
 * questions a walk answers are the same.  Merging needs the same object:
 * two VMAs merge only when their anon_vmas are equal or one has none.
 *
 * i_mmap is a list (Linux: an interval tree, vma_interval_tree, that skips
 * the VMAs outside the range; i_mmap_foreach skips them one by one).
 *
 * Upkeep, O(1) per VMA and nothing that walks per page: vma_link_file when a VMA
 * gets its file (mmap_region, vm_area_dup for split and fork),
 * __anon_vma_prepare at the first private page, anon_vma_link on dup and
 * merge, and both unlinked by vm_area_free (munmap, merge, exit).  A new
 * private page gets mapping and index (__page_set_anon_rmap).
 * rmap_validate checks all of it in debug builds.
 */
#include "mm.h"
#include "../fs/fs.h"

/* Put a VMA that has a file on the file's mapping->i_mmap. */
void vma_link_file(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		list_add_tail(&vma->shared, &vma->vm_file->f_mapping->i_mmap);
}

/* Take it off again (the VMA is going away). */
void unlink_file_vma(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		list_del(&vma->shared);
}

/* The first VMA after vma (or from the start if NULL) on mapping->i_mmap
 * that maps some page in [first, last]; NULL if none. */
struct vm_area_struct *i_mmap_next(struct address_space *mapping,
				   struct vm_area_struct *vma,
				   uint64_t first, uint64_t last)
{
	struct list_head *pos = vma ? vma->shared.next : mapping->i_mmap.next;

	for (; pos != &mapping->i_mmap; pos = pos->next) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct,
						      shared);
		if (v->vm_pgoff <= last && v->vm_pgoff + vma_pages(v) > first)
			return v;
	}
	return NULL;
}

/*
 * Writeback is about to clean page, a page of a file: write-protect it and
 * clear the Dirty bit in every shared mapping, in every process, so that
 * the next write faults and dirties it again (Linux's folio_mkclean).
 * Private mappings map it read-only already.  Returns the PTEs changed.
 */
int folio_mkclean(struct page *page)
{
	struct address_space *mapping = page_mapping(page);
	struct vm_area_struct *v;
	int cleaned = 0;

	if (!mapping || !page_mapcount(page))
		return 0;
	i_mmap_foreach(v, mapping, page->index, page->index) {
		if (!(v->vm_flags & VM_SHARED))
			continue;
		uint64_t va = v->vm_start + ((page->index - v->vm_pgoff) << PAGE_SHIFT);
		pte_t *ptep = pgtable_walk(v->vm_mm->pml4, va, false);
		if (!ptep || !pte_present(*ptep) || pte_page(*ptep) != page ||
		    !ptep_mkclean(ptep))
			continue;
		flush_tlb_mm_page(v->vm_mm, va);
		cleaned++;
	}
	return cleaned;
}

/*
 * Reclaim is about to evict page, a page of a file that processes map
 * (Linux's folio_referenced, then try_to_unmap, for file pages): if a PTE
 * that maps it has the Accessed bit set, those bits are cleared and 1 is
 * returned (used lately: a second chance); if a VM_LOCKED VMA maps it,
 * -1; else every PTE that maps it is cleared, a Dirty bit passed on to
 * the page, and 0 is returned (-1 if a mapping was not found: mapcount
 * is not 0).  Safe points only.
 */
int try_to_unmap_file(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct vm_area_struct *v;
	int referenced = 0;

	i_mmap_foreach(v, mapping, page->index, page->index) {
		uint64_t va = v->vm_start + ((page->index - v->vm_pgoff) << PAGE_SHIFT);
		pte_t *ptep = pgtable_walk(v->vm_mm->pml4, va, false);
		if (!ptep || !pte_present(*ptep) || pte_page(*ptep) != page)
			continue;
		if (v->vm_flags & VM_LOCKED)
			return -1;
		if (ptep_test_and_clear_young(ptep)) {
			flush_tlb_mm_page(v->vm_mm, va);
			referenced = 1;
		}
	}
	if (referenced)
		return 1;
	i_mmap_foreach(v, mapping, page->index, page->index) {
		uint64_t va = v->vm_start + ((page->index - v->vm_pgoff) << PAGE_SHIFT);
		pte_t *ptep = pgtable_walk(v->vm_mm->pml4, va, false);
		if (!ptep || !pte_present(*ptep) || pte_page(*ptep) != page)
			continue;
		pte_t pte = *ptep;
		set_pte(ptep, 0);
		flush_tlb_mm_page(v->vm_mm, va);
		if ((v->vm_flags & VM_SHARED) && pte_dirty(pte))
			set_page_dirty(page);	/* a write through the PTE is kept */
		update_hiwater_rss(v->vm_mm);
		page_remove_map(v->vm_mm, page);
		put_page(page);
	}
	return page_mapcount(page) ? -1 : 0;	/* a mapping not found: it stays */
}

/* vma has just been given an existing anon_vma (a new one, a neighbour's,
 * a copy's for a split or fork, or a merge survivor's): put it on the anon_vma's list. */
void anon_vma_link(struct vm_area_struct *vma)
{
	list_add_tail(&vma->anon_vma_node, &vma->anon_vma->head);
}

/* Could b, which follows a, merge with it once their protections agree
 * (Linux's anon_vma_compatible)? */
static bool anon_vma_compatible(struct vm_area_struct *a,
				struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_file == b->vm_file &&
	       a->vm_ops == b->vm_ops &&
	       !((a->vm_flags ^ b->vm_flags) & ~(VM_READ | VM_WRITE | VM_EXEC)) &&
	       a->vm_pgoff + vma_pages(a) == b->vm_pgoff;
}

/* A neighbour's anon_vma that vma may share, so that the two can still
 * merge after both have private pages (Linux's find_mergeable_anon_vma):
 * e.g. the two halves of a mapping split by mprotect and written apart. */
static struct anon_vma *find_mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct vm_area_struct *next = vma->vm_next, *prev = vma->vm_prev;

	if (next && next->anon_vma && anon_vma_compatible(vma, next))
		return next->anon_vma;
	if (prev && prev->anon_vma && anon_vma_compatible(prev, vma))
		return prev->anon_vma;
	return NULL;
}

/* vma's first private page is coming: give it a neighbour's anon_vma, or
 * a new one.  Returns 0 or -ENOMEM. */
int __anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av = find_mergeable_anon_vma(vma);

	if (!av) {
		av = kzalloc(sizeof(*av));
		if (!av)
			return -ENOMEM;
		list_init(&av->head);
	}
	vma->anon_vma = av;
	anon_vma_link(vma);
	return 0;
}

/* vma leaves its anon_vma (freed, or wiped at fork); the last VMA to leave
 * frees it - its pages were unmapped from all of them, so none is left. */
void unlink_anon_vmas(struct vm_area_struct *vma)
{
	struct anon_vma *av = vma->anon_vma;

	if (!av)
		return;
	list_del(&vma->anon_vma_node);
	vma->anon_vma = NULL;
	if (list_empty(&av->head))
		kfree(av);
}

/* Is v a VMA its mm still has? */
static bool vma_live(struct vm_area_struct *v)
{
	return find_vma(v->vm_mm, v->vm_start) == v;
}

/*
 * Walk one list of VMAs (an i_mmap or an anon_vma's) and check that each
 * is live and points back at the owner (is_owner); returns how many of
 * them belong to mm, or -1.
 */
static int validate_list(struct list_head *head, size_t node_offset,
			 bool (*is_owner)(struct vm_area_struct *, void *),
			 void *owner, struct mm_struct *mm)
{
	int n = 0;

	for (struct list_head *pos = head->next; pos != head; pos = pos->next) {
		struct vm_area_struct *v = (void *)((char *)pos - node_offset);
		if (!vma_live(v) || !is_owner(v, owner)) {
			printk("rmap_validate: vma %lx-%lx is freed, or on a "
			       "list it does not belong to\n", v->vm_start, v->vm_end);
			return -1;
		}
		n += v->vm_mm == mm;
	}
	return n;
}

static bool maps_mapping(struct vm_area_struct *v, void *mapping)
{
	return v->vm_file && v->vm_file->f_mapping == mapping;
}

static bool has_anon_vma(struct vm_area_struct *v, void *av)
{
	return v->anon_vma == av;
}

/*
 * Debug check of the reverse map of mm: every VMA with a file is on its
 * mapping's i_mmap and every VMA with an anon_vma on its list (counted:
 * each list, walked once, must hold as many of mm's VMAs as point at it),
 * and every entry of those lists is a live VMA that points back.  The
 * pages are checked by mm_validate (check_pte).  Returns 0 or -1.
 */
int rmap_validate(struct mm_struct *mm)
{
	static uint64_t seq;
	int files = 0, anons = 0, listed_files = 0, listed_anons = 0;

	seq++;
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		struct address_space *mapping = v->vm_file ? v->vm_file->f_mapping
							   : NULL;
		struct anon_vma *av = v->anon_vma;
		int n;
		files += mapping != NULL;
		anons += av != NULL;
		if (mapping && mapping->validate_seq != seq) {
			mapping->validate_seq = seq;
			n = validate_list(&mapping->i_mmap,
					  offsetof(struct vm_area_struct, shared),
					  maps_mapping, mapping, mm);
			if (n < 0)
				return -1;
			listed_files += n;
		}
		if (av && av->validate_seq != seq) {
			av->validate_seq = seq;
			n = validate_list(&av->head,
					  offsetof(struct vm_area_struct, anon_vma_node),
					  has_anon_vma, av, mm);
			if (n < 0)
				return -1;
			listed_anons += n;
		}
	}
	if (files == listed_files && anons == listed_anons)
		return 0;
	printk("rmap_validate: %d file vmas, %d on i_mmap; %d with anon_vma, "
	       "%d on their lists\n", files, listed_files, anons, listed_anons);
	return -1;
}

/* One node of a reverse-map list, for rmap_validate_vma: linked both
 * ways, and its neighbours on the list (the head aside) are live VMAs of
 * the same owner.  Returns 0 or -1. */
static int validate_node(struct list_head *head, struct list_head *node,
			 size_t node_offset,
			 bool (*is_owner)(struct vm_area_struct *, void *),
			 void *owner)
{
	if (node->next->prev != node || node->prev->next != node)
		return -1;
	struct list_head *near[] = { node->next, node->prev };
	for (int i = 0; i < 2; i++) {
		struct vm_area_struct *v = (void *)((char *)near[i] - node_offset);
		if (near[i] != head && (!vma_live(v) || !is_owner(v, owner)))
			return -1;
	}
	return 0;
}

/* rmap_validate's check of one VMA, in O(log n) (debug builds, after a
 * syscall that changed only a few VMAs): its nodes on i_mmap and on its
 * anon_vma's list are linked, among VMAs of the same object.  Whether
 * each list holds all of its VMAs is rmap_validate's to count.
 * Returns 0 or -1 after printing. */
int rmap_validate_vma(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file ? vma->vm_file->f_mapping
						     : NULL;
	struct anon_vma *av = vma->anon_vma;

	if ((!mapping || !validate_node(&mapping->i_mmap, &vma->shared,
					offsetof(struct vm_area_struct, shared),
					maps_mapping, mapping)) &&
	    (!av || !validate_node(&av->head, &vma->anon_vma_node,
				   offsetof(struct vm_area_struct, anon_vma_node),
				   has_anon_vma, av)))
		return 0;
	printk("rmap_validate: vma %lx-%lx is badly linked on its reverse map\n",
	       vma->vm_start, vma->vm_end);
	return -1;
}
