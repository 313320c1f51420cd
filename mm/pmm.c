/*
 * mm/pmm.c - physical memory: struct page for every frame, and the frame
 * allocator the rest of the kernel uses.
 *
 * Boot order (see mm_init.c): the early allocator hands out frames one by
 * one from low memory for mem_map and the kernel's page tables, before any
 * struct page exists.  pmm_init() then marks every frame reserved and gives
 * the usable ones - all of the memory map's RAM except the first MiB, the
 * kernel image, the boot modules, the boot information and the early
 * frames - to the buddy allocator.
 *
 * Each allocation names its use (enum page_use); the counters of each use
 * are what /proc/meminfo reports and what the leak checks compare.
 * Kernel objects (kmalloc's slabs, kernel stacks) reclaim below the min
 * watermark before they fail (alloc_pages_slowpath); user pages and page
 * tables do not, since their callers hold PTE pointers that reclaim could
 * change: do_page_fault and fork reclaim for them at safe points.
 * The kernel is not preemptible and runs on one CPU, so no lock is needed.
 */
#include "mm.h"

struct page *mem_map;
uint64_t max_pfn;

static struct buddy buddy;
static uint64_t use_count[PU_NR];

struct range {
	uint64_t start, end;
};
static uint64_t total_pages;

#define LOW_RESERVED	0x100000ull	/* the first MiB: BIOS, VGA, etc. */
#define EARLY_LIMIT	0x40000000ull	/* boot.S maps only the first GiB */
#define POISON_FREE	0x6b		/* junk for freed frames (debug) */

static uint64_t early_start, early_next;
static struct range mem_map_range;
static bool pmm_ready;

/* Ranges no allocator may hand out: image, boot info, modules. */
static int reserved_ranges(struct range *r, int max)
{
	int n = 0;

	r[n++] = (struct range){ (uint64_t)_kernel_phys_start,
				 virt_to_phys(_kernel_end) };
	r[n++] = (struct range){ boot_info.info_start, boot_info.info_end };
	if (mem_map_range.end)
		r[n++] = mem_map_range;
	for (int i = 0; i < boot_info.nmodules && n < max; i++)
		r[n++] = (struct range){ boot_info.modules[i].start,
					 boot_info.modules[i].end };
	return n;
}

/* Returns the end of the reserved range containing phys, or 0. */
static uint64_t in_reserved(uint64_t phys)
{
	struct range r[MAX_BOOT_MODULES + 3];
	int n = reserved_ranges(r, ARRAY_SIZE(r));

	for (int i = 0; i < n; i++)
		if (phys >= ALIGN_DOWN(r[i].start, PAGE_SIZE) && phys < r[i].end)
			return PAGE_ALIGN(r[i].end);
	return 0;
}

static bool usable(uint64_t phys)
{
	for (int i = 0; i < boot_info.nmmap; i++) {
		const struct mb_mmap_entry *e = &boot_info.mmap[i];
		if (e->type == 1 && phys >= e->addr &&
		    phys + PAGE_SIZE <= e->addr + e->len)
			return true;
	}
	return false;
}

/*
 * A zeroed frame before the buddy allocator exists: a bump pointer over
 * usable RAM above the kernel, below the first GiB.  Returns its physical
 * address; panics when low memory is exhausted (nothing can run then).
 */
uint64_t early_alloc_frame(void)
{
	if (pmm_ready)
		panic("early_alloc_frame: called after pmm_init");
	if (!early_start)
		early_start = early_next = PAGE_ALIGN(virt_to_phys(_kernel_end));
	for (;;) {
		uint64_t skip = in_reserved(early_next);
		if (skip) {
			early_next = skip;
			continue;
		}
		if (early_next >= EARLY_LIMIT)
			panic("early_alloc_frame: no free frame below 1 GiB");
		uint64_t phys = early_next;
		early_next += PAGE_SIZE;
		if (!usable(phys))
			continue;
		memset(phys_to_virt(phys), 0, PAGE_SIZE);
		return phys;
	}
}

/* Highest usable frame number + 1, from the memory map. */
static uint64_t find_max_pfn(void)
{
	uint64_t max = 0;

	for (int i = 0; i < boot_info.nmmap; i++) {
		const struct mb_mmap_entry *e = &boot_info.mmap[i];
		if (e->type == 1 && e->addr + e->len > max)
			max = e->addr + e->len;
	}
	return max >> PAGE_SHIFT;
}

/* True if [start, end) is usable RAM touching no reserved range. */
static bool range_free(uint64_t start, uint64_t end)
{
	for (uint64_t a = start; a < end; a += PAGE_SIZE)
		if (!usable(a) || in_reserved(a))
			return false;
	return true;
}

/*
 * Place mem_map in the first free run of low memory above the kernel that
 * is large enough; from then on it counts as a reserved range.
 */
void pmm_alloc_mem_map(void)
{
	max_pfn = find_max_pfn();
	uint64_t bytes = PAGE_ALIGN(max_pfn * sizeof(struct page));
	uint64_t start = PAGE_ALIGN(virt_to_phys(_kernel_end));

	while (!range_free(start, start + bytes)) {
		start += PAGE_SIZE;
		if (start + bytes > EARLY_LIMIT)
			panic("pmm_alloc_mem_map: no room for %lu KiB", bytes / 1024);
	}
	mem_map_range = (struct range){ start, start + bytes };
	mem_map = phys_to_virt(start);
}

/* Give every usable, unreserved frame to the buddy allocator. */
void pmm_init(void)
{
	pmm_ready = true;
	buddy_init(&buddy, mem_map, max_pfn);
	for (uint64_t pfn = 0; pfn < max_pfn; pfn++) {
		mem_map[pfn] = (struct page){ .use = PU_RESERVED, .refcount = 1 };
		list_init(&mem_map[pfn].list);
	}
	uint64_t run = 0, run_start = 0;
	for (uint64_t pfn = 0; pfn <= max_pfn; pfn++) {
		uint64_t phys = pfn << PAGE_SHIFT;
		bool ram = pfn < max_pfn && usable(phys) && !in_reserved(phys);
		bool early = phys >= early_start && phys < early_next;
		if (ram && !early && phys >= LOW_RESERVED) {
			if (!run++)
				run_start = pfn;
			mem_map[pfn] = (struct page){ .use = PU_FREE };
			continue;
		}
		if (run)
			buddy_free_range(&buddy, run_start, run);
		total_pages += run;
		run = 0;
		if (ram && early) {	/* mem_map and the kernel's first tables */
			mem_map[pfn].use = PU_KERNEL;
			use_count[PU_KERNEL]++;
			total_pages++;
		}
	}
	setup_per_zone_wmarks();	/* min/low/high from the memory found */
}

#define PAGE_ALLOC_COSTLY_ORDER	3	/* larger blocks do not reclaim */
#define MAX_RECLAIM_RETRIES	16

/* May this allocation enter direct reclaim (Linux's __GFP_DIRECT_RECLAIM
 * without PF_MEMALLOC)?  Kernel objects up to the costly order, from a
 * task outside a no-reclaim scope. */
static bool may_direct_reclaim(unsigned order, enum page_use use)
{
	return use == PU_KERNEL && order <= PAGE_ALLOC_COSTLY_ORDER && current &&
	       !current->memalloc_noreclaim;
}

/*
 * Below the min watermark, or with no block free (Linux's
 * __alloc_pages_slowpath): reclaim and try again, until the block can be
 * had above min, reclaim frees nothing or MAX_RECLAIM_RETRIES rounds
 * have gone; then take it from the reserve if it is there.  Unlike
 * Linux's, it calls no OOM killer: it could not wait here for the victim
 * to go (the caller may hold state), so NULL is -ENOMEM.
 */
static struct page *alloc_pages_slowpath(unsigned order)
{
	uint64_t want = wmark_pages(WMARK_MIN) + (1ull << order);
	struct page *p;

	for (int tries = 0; tries < MAX_RECLAIM_RETRIES; tries++) {
		if (!try_to_free_pages(SWAP_CLUSTER_MAX))
			break;
		if (nr_free_pages() >= want && (p = buddy_alloc(&buddy, order)))
			return p;
	}
	return buddy_alloc(&buddy, order);
}

/* Allocate 2^order frames for the given use; NULL when memory is out. */
struct page *alloc_pages(unsigned order, enum page_use use)
{
	bool reclaim = may_direct_reclaim(order, use);
	struct page *p = NULL;

	if (!reclaim || nr_free_pages() >= wmark_pages(WMARK_MIN) + (1ull << order))
		p = buddy_alloc(&buddy, order);
	if (!p && reclaim)
		p = alloc_pages_slowpath(order);
	if (!p)
		return NULL;
	for (uint64_t i = 0; i < (1ull << order); i++) {
		p[i].flags = 0;
		p[i].use = use;
		p[i].refcount = i ? 0 : 1;
		p[i].mapcount = 0;
		p[i].mapping = NULL;
		p[i].index = 0;
	}
	use_count[use] += 1ull << order;
	if (unlikely(nr_free_pages() < low_wmark_pages()))
		wakeup_kswapd();
	return p;
}

struct page *alloc_page(enum page_use use)
{
	return alloc_pages(0, use);
}

struct page *alloc_zeroed_page(enum page_use use)
{
	struct page *p = alloc_pages(0, use);

	if (p)
		memset(page_address(p), 0, PAGE_SIZE);
	return p;
}

/* Return 2^order frames; debug builds fill them with junk first. */
void free_pages(struct page *p, unsigned order)
{
	if (p->use == PU_FREE || p->use == PU_RESERVED)
		panic("free_pages: pfn %lu is %s", page_to_pfn(p),
		      p->use == PU_FREE ? "already free" : "reserved");
	if (p->flags & (PG_lru | PG_mlocked))
		__page_cache_release(p);
	if (DEBUG)
		memset(page_address(p), POISON_FREE, PAGE_SIZE << order);
	use_count[p->use] -= 1ull << order;
	for (uint64_t i = 0; i < (1ull << order); i++) {
		p[i].use = PU_FREE;
		p[i].refcount = 0;
		p[i].mapping = NULL;
	}
	buddy_free(&buddy, p, order);
}

/* Drop a reference to an order-0 page; frees it on the last one (a frame
 * of a transparent huge page still mapped by a PMD is freed by the
 * PMD's last unmap, thp_remove_map). */
void put_page(struct page *p)
{
	if (p->refcount <= 0)
		panic("put_page: pfn %lu refcount %d", page_to_pfn(p), p->refcount);
	if (p->refcount == INT32_MAX)
		return;
	if (--p->refcount == 0 && !page_count(p))
		free_pages(p, 0);	/* not while PMDs map its block */
}

uint64_t nr_free_pages(void)
{
	return buddy.free_pages;
}

uint64_t nr_total_pages(void)
{
	return total_pages;
}

uint64_t nr_pages_used_for(enum page_use use)
{
	return use < PU_NR ? use_count[use] : 0;
}
