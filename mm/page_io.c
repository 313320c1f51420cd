/*
 * mm/page_io.c - moving one page between memory and its swap slot (Linux's
 * swap_writepage / swap_readpage), synchronously on the area's disk.
 */
#include "mm.h"
#include "../drivers/drivers.h"
#include <uapi/errno.h>

/* Read or write page at the slot of entry; 0 or -EIO, logged on the
 * console as Linux's end_swap_bio_write/read do. */
static int swap_rw(struct page *page, swp_entry_t entry, bool write)
{
	uint64_t sector;
	struct block_device *bdev = swap_bdev(entry, &sector);

	if (bdev && !bdev_rw(bdev, sector, page_address(page), PAGE_SIZE, write))
		return 0;
	printk("%s-error on swap-device (%u:%u:%lu)\n", write ? "Write" : "Read",
	       bdev ? bdev->bd_dev >> 8 : 0, bdev ? bdev->bd_dev & 0xff : 0, sector);
	return -EIO;
}

/* Write page to the slot of entry (counted in pswpout); 0 or -EIO. */
int swap_writepage(struct page *page, swp_entry_t entry)
{
	int err = swap_rw(page, entry, true);

	if (!err)
		count_vm_event(PSWPOUT);
	return err;
}

/* Fill page from the slot of entry (counted in pswpin); 0 or -EIO. */
int swap_readpage(struct page *page, swp_entry_t entry)
{
	int err = swap_rw(page, entry, false);

	if (!err)
		count_vm_event(PSWPIN);
	return err;
}
