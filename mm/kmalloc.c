/*
 * mm/kmalloc.c - allocation of kernel objects.
 *
 * Small objects (up to 1 KiB) come from slabs: a slab is one page holding
 * objects of one power-of-two size class, with a header at the start of
 * the page (class, count, and a bitmap of objects in use).  Slabs with a
 * free object are on their class's partial list; an empty slab goes back
 * to the page allocator at once, so leaks show up in the frame counters.
 * Larger requests get whole pages (a power-of-two run).
 *
 * The bitmap makes misuse detectable: kfree() of a pointer that is not an
 * object start, or of an object already free, panics with a clear message.
 * Debug builds fill freed objects with junk (0x6b) to catch use-after-free.
 */
#include "mm.h"

#define SLAB_MIN_SHIFT	4		/* 16 bytes */
#define SLAB_MAX_SHIFT	10		/* 1 KiB */
#define NCLASSES	(SLAB_MAX_SHIFT - SLAB_MIN_SHIFT + 1)
#define SLAB_MAGIC	0x51ab
#define POISON_FREE	0x6b

struct slab {
	uint16_t magic;
	uint16_t shift;			/* object size = 1 << shift */
	uint16_t inuse, nobjs;
	uint16_t first;			/* offset of object 0 */
	struct list_head partial;
	uint64_t bitmap[4];		/* up to 256 objects */
};

static struct list_head partial[NCLASSES];
static uint64_t live_objects;

void kmalloc_init(void)
{
	for (int i = 0; i < NCLASSES; i++)
		list_init(&partial[i]);
}

/* A fresh slab page for objects of 1 << shift bytes; NULL if out of memory. */
static struct slab *slab_new(unsigned shift)
{
	struct page *pg = alloc_page(PU_KERNEL);

	if (!pg)
		return NULL;
	struct slab *s = page_address(pg);
	uint16_t size = 1u << shift;
	uint16_t first = ALIGN_UP(sizeof(*s), size < 64 ? size : 64);
	*s = (struct slab){ .magic = SLAB_MAGIC, .shift = shift, .first = first,
			    .nobjs = (PAGE_SIZE - first) / size };
	list_add(&s->partial, &partial[shift - SLAB_MIN_SHIFT]);
	return s;
}

static void *slab_alloc(unsigned shift)
{
	struct list_head *head = &partial[shift - SLAB_MIN_SHIFT];
	struct slab *s = list_empty(head) ? slab_new(shift)
			 : list_entry(head->next, struct slab, partial);

	if (!s)
		return NULL;
	for (int w = 0; w * 64 < s->nobjs; w++) {
		if (s->bitmap[w] == ~0ull)
			continue;
		int i = w * 64 + __builtin_ctzll(~s->bitmap[w]);
		if (i >= s->nobjs)
			break;
		s->bitmap[w] |= 1ull << (i % 64);
		if (++s->inuse == s->nobjs)
			list_del(&s->partial);
		live_objects++;
		return (char *)s + s->first + ((size_t)i << shift);
	}
	panic("slab_alloc: partial slab %p has no free object", s);
}

/* Allocate size bytes (not zeroed); NULL if out of memory or size is 0. */
void *kmalloc(size_t size)
{
	if (!size)
		return NULL;
	if (size <= (1u << SLAB_MAX_SHIFT)) {
		unsigned shift = SLAB_MIN_SHIFT;
		while ((1ul << shift) < size)
			shift++;
		return slab_alloc(shift);
	}
	unsigned order = 0;
	while ((PAGE_SIZE << order) < size)
		order++;
	struct page *pg = alloc_pages(order, PU_KERNEL);
	if (!pg)
		return NULL;
	pg->order = order;
	pg->index = size;		/* marks a large allocation */
	live_objects++;
	return page_address(pg);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

static void slab_free(struct slab *s, void *p)
{
	uint64_t off = (uint64_t)p - (uint64_t)s - s->first;
	uint64_t i = off >> s->shift;

	if ((uint64_t)p < (uint64_t)s + s->first || (off & ((1u << s->shift) - 1)) ||
	    i >= s->nobjs)
		panic("kfree: bad pointer %p (not an object start)", p);
	if (!(s->bitmap[i / 64] & (1ull << (i % 64))))
		panic("kfree: double free of %p", p);
	s->bitmap[i / 64] &= ~(1ull << (i % 64));
	if (DEBUG)
		memset(p, POISON_FREE, 1u << s->shift);
	if (s->inuse-- == s->nobjs)
		list_add(&s->partial, &partial[s->shift - SLAB_MIN_SHIFT]);
	live_objects--;
	if (s->inuse == 0) {
		list_del(&s->partial);
		s->magic = 0;
		free_pages(virt_to_page(s), 0);
	}
}

/* Free an object from kmalloc; kfree(NULL) does nothing. */
void kfree(void *p)
{
	uint64_t a = (uint64_t)p;

	if (!p)
		return;
	if (a < DIRECT_MAP_BASE || virt_to_phys(p) >= (max_pfn << PAGE_SHIFT))
		panic("kfree: bad pointer %p (not in the direct map)", p);
	struct page *pg = virt_to_page(p);
	if (pg->use == PU_FREE)
		panic("kfree: double free of %p (its page is free)", p);
	if (pg->use != PU_KERNEL)
		panic("kfree: bad pointer %p (page is not kernel memory)", p);
	struct slab *s = (struct slab *)ALIGN_DOWN(a, PAGE_SIZE);
	if ((a & (PAGE_SIZE - 1)) == 0 && pg->index) {
		pg->index = 0;
		live_objects--;
		free_pages(pg, pg->order);
		return;
	}
	if (s->magic != SLAB_MAGIC)
		panic("kfree: bad pointer %p (not from kmalloc)", p);
	slab_free(s, p);
}

uint64_t kmalloc_live_objects(void)
{
	return live_objects;
}
