/*
 * tests/kernel/workingset.c - boot-time tests of shadow entries
 * (mm/workingset.c): an evicted cache page leaves one that no lookup takes
 * for a page, its refault is counted and activated as its distance says,
 * and truncation, drop_caches 2 and a swap-in take them away again with
 * their radix nodes.
 */
#include "../../fs/fs.h"

/* Evict the cached page at index as reclaim does, leaving a shadow;
 * 0, or -1 if it is not cached. */
static int evict(struct address_space *mapping, uint64_t index)
{
	struct page *page = find_get_page(mapping, index);

	if (!page)
		return ktest_fail("page %lu is not in the cache", index);
	put_page(page);
	__delete_from_page_cache(page, workingset_eviction(page));
	return 0;
}

/* A three-page file: page 1 evicted, once active (PG_workingset), leaves
 * a shadow that find_get_page does not return; reading it is a refault,
 * recent since page 0 is active, so activated and restored. */
static int refault_file(struct file *f, char *buf)
{
	struct address_space *mapping = f->f_mapping;
	uint64_t refault = vm_events[WORKINGSET_REFAULT_FILE];
	uint64_t activate = vm_events[WORKINGSET_ACTIVATE_FILE];
	uint64_t restore = vm_events[WORKINGSET_RESTORE_FILE];

	kernel_read(f, buf, 1, 0);	/* page 0 read twice: active */
	kernel_read(f, buf, 1, 0);
	struct page *page = find_get_page(mapping, 1);
	if (!page)
		return ktest_fail("page 1 is not in the cache (%lu pages)", mapping->nrpages);
	page->flags |= PG_workingset;
	put_page(page);
	if (evict(mapping, 1))
		return -1;
	if (find_get_page(mapping, 1) || mapping->nrpages != 2 ||
	    !xa_is_value(radix_lookup(&mapping->i_pages, 1)))
		return ktest_fail("no shadow in place of the evicted page");
	if (reclaim_policy != RECLAIM_LRU)
		return ktest_fail("boot policy is not lru");
	if (kernel_read(f, buf, PAGE_SIZE, PAGE_SIZE) != (long)PAGE_SIZE || buf[0] != 'b')
		return ktest_fail("re-read of the evicted page failed");
	if (vm_events[WORKINGSET_REFAULT_FILE] != refault + 1 ||
	    vm_events[WORKINGSET_ACTIVATE_FILE] != activate + 1 ||
	    vm_events[WORKINGSET_RESTORE_FILE] != restore + 1)
		return ktest_fail("refault/activate/restore +%lu +%lu +%lu, want +1 each",
				  vm_events[WORKINGSET_REFAULT_FILE] - refault,
				  vm_events[WORKINGSET_ACTIVATE_FILE] - activate,
				  vm_events[WORKINGSET_RESTORE_FILE] - restore);
	page = find_get_page(mapping, 1);
	if (!page)
		return ktest_fail("the refaulted page is not in the cache");
	int flags = page->flags;
	put_page(page);
	if ((flags & (PG_active | PG_workingset)) != (PG_active | PG_workingset))
		return ktest_fail("refaulted page flags %x: not active and workingset", flags);
	return 0;
}

static int test_shadow_file(void)
{
	uint64_t objects = kmalloc_live_objects(), cache = nr_pages_used_for(PU_CACHE);
	struct file *f = filp_open("/tmp/ktest-shadow", O_CREAT | O_EXCL | O_RDWR, 0644);
	char *buf = kmalloc(PAGE_SIZE);
	int err;

	if (IS_ERR(f) || !buf)
		return ktest_fail("create: %ld", PTR_ERR(f));
	for (int i = 0; i < 3; i++) {
		memset(buf, 'a' + i, PAGE_SIZE);
		if (kernel_write(f, buf, PAGE_SIZE, i * PAGE_SIZE) != (long)PAGE_SIZE)
			return ktest_fail("write of page %d failed", i);
	}
	sync_all();
	if ((err = refault_file(f, buf)))
		return err;
	if (evict(f->f_mapping, 2))
		return -1;
	drop_shadow_entries();
	if (radix_lookup(&f->f_mapping->i_pages, 2))
		return ktest_fail("drop_caches 2 kept the shadow");
	kernel_read(f, buf, 1, 2 * PAGE_SIZE);
	if (evict(f->f_mapping, 2))	/* left for the unlink to free */
		return -1;
	kfree(buf);
	do_unlinkat(AT_FDCWD, "/tmp/ktest-shadow");
	fput(f);
	if (kmalloc_live_objects() != objects || nr_pages_used_for(PU_CACHE) != cache)
		return ktest_fail("after delete: objects %lu -> %lu, cache %lu -> %lu",
				  objects, kmalloc_live_objects(), cache,
				  nr_pages_used_for(PU_CACHE));
	return 0;
}
KTEST("mm/workingset-shadow-file", test_shadow_file);

/* A swap slot's shadow: a swap-in takes it (a refault), a freed slot's
 * goes, and their radix nodes with them. */
static int test_shadow_swap(void)
{
	uint64_t objects = kmalloc_live_objects();
	uint64_t refault = vm_events[WORKINGSET_REFAULT_ANON];
	struct page *page = alloc_page(PU_ANON);

	if (!page)
		return ktest_fail("out of memory");
	swap_cache_set_shadow(swp_entry(0, 77), workingset_eviction(page));
	swap_cache_set_shadow(swp_entry(1, 5000), workingset_eviction(page));
	workingset_refault_swap(page, swp_entry(0, 77));
	workingset_refault_swap(page, swp_entry(0, 77));
	put_page(page);
	if (vm_events[WORKINGSET_REFAULT_ANON] != refault + 1)
		return ktest_fail("refault_anon +%lu, want +1",
				  vm_events[WORKINGSET_REFAULT_ANON] - refault);
	clear_shadow_from_swap_cache(swp_entry(1, 5000));
	if (kmalloc_live_objects() != objects)
		return ktest_fail("objects %lu -> %lu", objects, kmalloc_live_objects());
	return 0;
}
KTEST("mm/workingset-shadow-swap", test_shadow_swap);
