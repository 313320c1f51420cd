/*
 * fs/proc_page.c - /proc/kpagecount and /proc/kpageflags, as Linux's
 * fs/proc/page.c: one 64-bit entry per physical frame at offset pfn * 8.
 *
 *   kpagecount  how many PTEs map the frame (its mapcount; the zero page
 *               and unmapped frames 0)
 *   kpageflags  the KPF_* bits of include/uapi/linux/kernel-page-flags.h
 *               that Pagoda's struct page can tell: REFERENCED, UPTODATE,
 *               DIRTY, LRU, ACTIVE, BUDDY, MMAP, ANON, SWAPBACKED (all
 *               anonymous memory), UNEVICTABLE, ZERO_PAGE, PGTABLE,
 *               RESERVED, MLOCKED, and for the 512 frames of a transparent
 *               huge page (or of the huge zero page) THP with
 *               COMPOUND_HEAD on the first, COMPOUND_TAIL on the others.
 *               Pagoda has no slab flags, so those bits are never set.
 */
#include "fs.h"

#define KPF_REFERENCED	2
#define KPF_UPTODATE	3
#define KPF_DIRTY	4
#define KPF_LRU		5
#define KPF_ACTIVE	6
#define KPF_BUDDY	10
#define KPF_MMAP	11
#define KPF_ANON	12
#define KPF_SWAPBACKED	14
#define KPF_COMPOUND_HEAD	15
#define KPF_COMPOUND_TAIL	16
#define KPF_UNEVICTABLE	18
#define KPF_THP		22
#define KPF_ZERO_PAGE	24
#define KPF_PGTABLE	26
#define KPF_RESERVED	32
#define KPF_MLOCKED	33

#define KPF_BIT(n)	(1ull << (n))

/* The KPF_* flags of one frame (Linux's stable_page_flags). */
static uint64_t stable_page_flags(const struct page *page)
{
	uint64_t u = 0;

	if (page->flags & PG_buddy)
		return KPF_BIT(KPF_BUDDY);
	if (page->flags & PG_zero)
		u |= KPF_BIT(KPF_ZERO_PAGE);
	if (page_mapcount(page) > 0)
		u |= KPF_BIT(KPF_MMAP);
	if (page->use == PU_ANON)
		u |= KPF_BIT(KPF_SWAPBACKED) | KPF_BIT(KPF_UPTODATE);
	if (PageAnon(page))
		u |= KPF_BIT(KPF_ANON);
	if (page->flags & PG_uptodate)
		u |= KPF_BIT(KPF_UPTODATE);
	if (page->flags & PG_dirty)
		u |= KPF_BIT(KPF_DIRTY);
	if (page->use == PU_PGTABLE)
		u |= KPF_BIT(KPF_PGTABLE);
	if (page->use == PU_RESERVED)
		u |= KPF_BIT(KPF_RESERVED);
	static const struct { uint32_t pg; int kpf; } lru_bits[] = {
		{ PG_referenced, KPF_REFERENCED }, { PG_lru, KPF_LRU },
		{ PG_active, KPF_ACTIVE }, { PG_unevictable, KPF_UNEVICTABLE },
		{ PG_mlocked, KPF_MLOCKED },
	};
	for (size_t i = 0; i < ARRAY_SIZE(lru_bits); i++)
		if (page->flags & lru_bits[i].pg)
			u |= KPF_BIT(lru_bits[i].kpf);
	const struct page *head = page - page_to_pfn(page) % HPAGE_PMD_NR;
	if (head->pmd_maps || is_huge_zero_page(page))
		u |= KPF_BIT(KPF_THP) | KPF_BIT(page == head ? KPF_COMPOUND_HEAD
						: KPF_COMPOUND_TAIL);
	return u;
}

/* Fill buf with the entries of frames pos/8 on; bytes put, 0 past the last
 * frame, -EINVAL for a position or size not a multiple of 8. */
static long kpage_read(char *buf, size_t n, uint64_t pos, bool flags)
{
	uint64_t *out = (uint64_t *)buf;

	if (pos % 8 || n % 8)
		return -EINVAL;
	uint64_t pfn = pos / 8;
	if (pfn >= max_pfn)
		return 0;
	size_t count = MIN(n / 8, max_pfn - pfn);
	for (size_t i = 0; i < count; i++) {
		const struct page *page = pfn_to_page(pfn + i);
		out[i] = flags ? stable_page_flags(page)
			 : (uint64_t)MAX(page_mapcount(page), 0);
	}
	return (long)(count * 8);
}

long kpagecount_read(struct task *t, char *buf, size_t n, uint64_t pos)
{
	(void)t;
	return kpage_read(buf, n, pos, false);
}

long kpageflags_read(struct task *t, char *buf, size_t n, uint64_t pos)
{
	(void)t;
	return kpage_read(buf, n, pos, true);
}
