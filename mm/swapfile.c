/*
 * mm/swapfile.c - swap areas: swapon/swapoff, the swap map, /proc/swaps.
 *
 * A swap area is a block device formatted by mkswap in Linux's format:
 * page 0 is the header (the signature "SWAPSPACE2" in its last 10 bytes,
 * version 1, last_page, and a list of bad pages), and every other page up
 * to last_page is a slot that can hold one swapped-out page.  The swap map
 * has one count per slot: how many swap entries (non-present PTEs, in any
 * process, and shmem's page-cache value entries, mm/shmem.c) name the
 * slot; 0 is free, SWAP_MAP_BAD is the header or a bad page.  fork copies
 * entries (swap_duplicate), munmap and exit drop them (swap_free), and
 * swap-in drops the faulting process's (Pagoda has no swap cache: each
 * process that faults a shared slot in reads its own copy,
 * which is right for private pages, whose copies never need to agree).
 *
 * Slots are given out next-fit from a moving hand, as Linux's
 * scan_swap_map_slots without clusters.  swapoff reads every page of the
 * area back into the shmem objects and processes that still name it
 * (try_to_unuse), or fails with ENOMEM and stays on.  The areas are
 * tried by priority: the first swapon gets -2, each later one one less,
 * as Linux's.
 */
#include "mm.h"
#include "../fs/fs.h"
#include "../drivers/drivers.h"
#include "../kernel/syscalls.h"
#include <uapi/errno.h>

#define SWAP_MAP_BAD	0xffff		/* never given out */
#define SWAP_MAP_MAX	0xfffe		/* most entries one slot can have */
#define SWAP_MAGIC	"SWAPSPACE2"
#define SWAP_MAGIC_LEN	10
#define SWAP_FLAG_PREFER	0x8000
#define SWAP_FLAG_PRIO_MASK	0x7fff
#define SWAP_FLAGS_VALID	0x7ffff		/* PREFER, PRIO_MASK and the DISCARD flags */

/* The header page's fields after 1024 bytes of boot code (Linux's
 * union swap_header, info part). */
struct swap_header_info {
	uint32_t version;
	uint32_t last_page;
	uint32_t nr_badpages;
	uint8_t sws_uuid[16];
	uint8_t sws_volume[16];
	uint32_t padding[117];
	uint32_t badpages[];
};
#define SWAP_INFO_OFFSET	1024
#define MAX_SWAP_BADPAGES	((PAGE_SIZE - SWAP_INFO_OFFSET - SWAP_MAGIC_LEN - \
				  sizeof(struct swap_header_info)) / 4)

struct swap_info_struct {
	bool used, writeok;		/* on; may take new pages */
	struct block_device *bdev;
	char name[64];			/* the path swapon was given */
	int prio;
	uint64_t max;			/* slots, header included */
	uint64_t pages;			/* usable slots */
	uint64_t inuse_pages;
	uint64_t next;			/* where the slot search goes on */
	uint16_t *swap_map;		/* a count per slot */
	unsigned map_order;		/* frames of swap_map: 2^map_order */
};

static struct swap_info_struct swap_info[MAX_SWAPFILES];
static int least_priority = -1;

/* Slots in use in all areas (the leak check counts them). */
uint64_t nr_swap_used(void)
{
	uint64_t n = 0;

	for (int i = 0; i < MAX_SWAPFILES; i++)
		if (swap_info[i].used)
			n += swap_info[i].inuse_pages;
	return n;
}

/* Usable slots in all areas (SwapTotal), kept by swapon and swapoff as
 * Linux's total_swap_pages: every mmap's overcommit check reads it. */
static uint64_t swap_pages_total;

uint64_t total_swap_pages(void)
{
	return swap_pages_total;
}

/* The area an entry names, or NULL with a warning for a bad entry. */
static struct swap_info_struct *swap_info_get(swp_entry_t entry)
{
	unsigned type = swp_type(entry);

	if (type < MAX_SWAPFILES && swap_info[type].used &&
	    swp_offset(entry) < swap_info[type].max)
		return &swap_info[type];
	printk("swap: bad entry %lx\n", entry.val);
	return NULL;
}

/* A free slot in si from its hand on, or 0 (slot 0 is the header). */
static uint64_t scan_swap_map(struct swap_info_struct *si)
{
	for (uint64_t n = 0; n < si->max; n++) {
		uint64_t off = (si->next + n) % si->max;
		if (!si->swap_map[off]) {
			si->next = off + 1;
			return off;
		}
	}
	return 0;
}

/* A free slot in the writable area of highest priority, with a count of
 * 0 (the caller's swap_duplicate for each PTE makes it used); its entry,
 * or val 0 when every area is full or none is on. */
swp_entry_t get_swap_page(void)
{
	struct swap_info_struct *best = NULL;

	for (int i = 0; i < MAX_SWAPFILES; i++) {
		struct swap_info_struct *si = &swap_info[i];
		if (si->used && si->writeok && si->inuse_pages < si->pages &&
		    (!best || si->prio > best->prio))
			best = si;
	}
	uint64_t off = best ? scan_swap_map(best) : 0;
	return off ? swp_entry(best - swap_info, off) : (swp_entry_t){ 0 };
}

/* One more swap entry names the slot (a PTE set to it, or fork's copy);
 * 0, or -ENOMEM when the slot's count is at its maximum. */
int swap_duplicate(swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info_get(entry);
	uint16_t *count = si ? &si->swap_map[swp_offset(entry)] : NULL;

	if (!count || *count == SWAP_MAP_BAD)
		return -EINVAL;
	if (*count == SWAP_MAP_MAX)
		return -ENOMEM;
	if (!(*count)++)
		si->inuse_pages++;
	return 0;
}

/* One swap entry of the slot is gone; the slot is free after the last. */
void swap_free(swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info_get(entry);
	uint16_t *count = si ? &si->swap_map[swp_offset(entry)] : NULL;

	if (!count || !*count || *count == SWAP_MAP_BAD) {
		printk("swap: free of unused entry %lx\n", entry.val);
		return;
	}
	if (!--(*count)) {
		si->inuse_pages--;
		clear_shadow_from_swap_cache(entry);
	}
}

/* How many entries name the slot (0 for a bad entry). */
int swap_count(swp_entry_t entry)
{
	struct swap_info_struct *si = swap_info_get(entry);

	return si ? si->swap_map[swp_offset(entry)] : 0;
}

/* The device of an entry, and the sector of its slot. */
struct block_device *swap_bdev(swp_entry_t entry, uint64_t *sector)
{
	struct swap_info_struct *si = swap_info_get(entry);

	*sector = swp_offset(entry) * (PAGE_SIZE / SECTOR_SIZE);
	return si ? si->bdev : NULL;
}

/* Check the header page of a new area (Linux's read_swap_header) and set
 * si->max and si->pages; mark the header and bad pages in swap_map, which
 * the caller allocates for max slots.  0, or -EINVAL for a device that is
 * not a swap area or is smaller than its header says. */
static int read_swap_header(struct swap_info_struct *si, const char *page,
			    uint64_t dev_pages)
{
	const struct swap_header_info *h =
		(const void *)(page + SWAP_INFO_OFFSET);

	if (memcmp(page + PAGE_SIZE - SWAP_MAGIC_LEN, SWAP_MAGIC, SWAP_MAGIC_LEN))
		return -EINVAL;		/* "Unable to find swap-space signature" */
	if (h->version != 1 || h->nr_badpages > MAX_SWAP_BADPAGES ||
	    !h->last_page || h->last_page >= dev_pages)
		return -EINVAL;		/* includes "shorter than signature" */
	si->max = (uint64_t)h->last_page + 1;
	for (uint32_t i = 0; i < h->nr_badpages; i++)
		if (!h->badpages[i] || h->badpages[i] > h->last_page)
			return -EINVAL;
	return 0;
}

/* Mark the unusable slots: the header, and the header's bad pages. */
static void mark_bad_pages(struct swap_info_struct *si, const char *page)
{
	const struct swap_header_info *h =
		(const void *)(page + SWAP_INFO_OFFSET);

	si->pages = si->max - 1;
	si->swap_map[0] = SWAP_MAP_BAD;
	for (uint32_t i = 0; i < h->nr_badpages; i++) {
		if (si->swap_map[h->badpages[i]] != SWAP_MAP_BAD)
			si->pages--;
		si->swap_map[h->badpages[i]] = SWAP_MAP_BAD;
	}
}

/* Read and check the header of bdev, then give si its swap map; 0 or
 * -errno (EINVAL: not a swap area; EIO; ENOMEM). */
static int setup_swap_map(struct swap_info_struct *si, struct block_device *bdev)
{
	struct page *hp = alloc_page(PU_KERNEL);

	if (!hp)
		return -ENOMEM;
	int err = bdev_rw(bdev, 0, page_address(hp), PAGE_SIZE, false);
	if (!err)
		err = read_swap_header(si, page_address(hp),
				       bdev->nr_sectors / (PAGE_SIZE / SECTOR_SIZE));
	si->map_order = 0;
	while (!err && (PAGE_SIZE << si->map_order) < si->max * sizeof(uint16_t))
		si->map_order++;
	struct page *mp = err ? NULL : alloc_pages(si->map_order, PU_KERNEL);
	if (!err && !mp)
		err = -ENOMEM;
	if (!err) {
		si->swap_map = page_address(mp);
		memset(si->swap_map, 0, PAGE_SIZE << si->map_order);
		mark_bad_pages(si, page_address(hp));
		if (!si->pages)
			err = -EINVAL;
	}
	if (err && mp)
		free_pages(mp, si->map_order);
	put_page(hp);
	return err;
}

/* Turn swap on on the block device at path (a kernel string); the policy
 * of swapon(2) without its permission check, also used at boot
 * (swapon= on the command line).  0 or -errno. */
int do_swapon(const char *path, int flags)
{
	struct dentry *d = path_lookupat(AT_FDCWD, path, LOOKUP_FOLLOW);

	if (IS_ERR(d))
		return PTR_ERR(d);
	struct inode *inode = d->d_inode;
	int err = S_ISBLK(inode->i_mode) ? 0 : -EINVAL;	/* no swap files */
	struct block_device *bdev = err ? NULL : lookup_bdev(inode->i_rdev);
	dput(d);
	if (!err && !bdev)
		err = -ENXIO;
	struct swap_info_struct *si = NULL;
	for (int i = 0; !err && i < MAX_SWAPFILES; i++) {
		if (swap_info[i].used && swap_info[i].bdev == bdev)
			err = -EBUSY;
		if (!swap_info[i].used && !si)
			si = &swap_info[i];
	}
	if (!err && !si)
		err = -EPERM;		/* MAX_SWAPFILES areas are on */
	if (!err)
		err = setup_swap_map(si, bdev);
	if (err)
		return err;
	si->bdev = bdev;
	strlcpy(si->name, path, sizeof(si->name));
	si->prio = (flags & SWAP_FLAG_PREFER) ? (flags & SWAP_FLAG_PRIO_MASK)
					       : --least_priority;
	si->inuse_pages = 0;
	si->next = 1;
	si->used = si->writeok = true;
	swap_pages_total += si->pages;
	printk("Adding %luk swap on %s.  Priority:%d extents:1 across:%luk\n",
	       si->pages * (PAGE_SIZE / 1024), si->name, si->prio,
	       si->pages * (PAGE_SIZE / 1024));
	setup_per_zone_wmarks();	/* and kswapd may find work again */
	check_move_unevictable_pages();	/* shmem may go to swap now */
	return 0;
}

SYSCALL_DEFINE2(swapon, const char *, specialfile, int, swap_flags)
{
	if (!capable())
		return -EPERM;
	if (swap_flags & ~SWAP_FLAGS_VALID)
		return -EINVAL;
	char *path = getname(specialfile, false);
	if (IS_ERR(path))
		return PTR_ERR(path);
	int err = do_swapon(path, swap_flags);
	putname(path);
	return err;
}

/* Take the area off: every page still in it back into memory first
 * (try_to_unuse), else -ENOMEM and the area stays on.  0 or -errno. */
static int do_swapoff(struct swap_info_struct *si)
{
	si->writeok = false;		/* no new pages while it empties */
	int err = try_to_unuse(si - swap_info, si->inuse_pages);
	if (err) {
		si->writeok = true;
		return err;
	}
	if (si->prio < 0)
		least_priority++;
	free_pages(virt_to_page(si->swap_map), si->map_order);
	swap_pages_total -= si->pages;
	*si = (struct swap_info_struct){ 0 };
	return 0;
}

SYSCALL_DEFINE1(swapoff, const char *, specialfile)
{
	if (!capable())
		return -EPERM;
	struct dentry *d = user_path_at(AT_FDCWD, specialfile, LOOKUP_FOLLOW);
	if (IS_ERR(d))
		return PTR_ERR(d);
	struct block_device *bdev = S_ISBLK(d->d_inode->i_mode)
				    ? lookup_bdev(d->d_inode->i_rdev) : NULL;
	dput(d);
	for (int i = 0; bdev && i < MAX_SWAPFILES; i++)
		if (swap_info[i].used && swap_info[i].bdev == bdev)
			return do_swapoff(&swap_info[i]);
	return -EINVAL;
}

/* /proc/swaps, in Linux's columns (sizes in KiB). */
int swaps_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	for (int i = 0; i < MAX_SWAPFILES; i++) {
		struct swap_info_struct *si = &swap_info[i];
		if (!si->used)
			continue;
		uint64_t size = si->pages * (PAGE_SIZE / 1024);
		uint64_t used = si->inuse_pages * (PAGE_SIZE / 1024);
		int len = strlen(si->name);
		seq_printf(m, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", si->name,
			   len < 40 ? 40 - len : 1, " ", "partition", size,
			   size < 10000000 ? "\t" : "", used,
			   used < 10000000 ? "\t" : "", si->prio);
	}
	return 0;
}
