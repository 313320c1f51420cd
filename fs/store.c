/*
 * fs/store.c - the ramdisk store: the "disk" under the ramfs.
 *
 * A regular file's contents live in blocks of the store: one frame each,
 * allocated per file with alloc_page(PU_STORE) and indexed by block number
 * in inode->i_blocks.  The store is kept apart from the page cache on
 * purpose: read and write go through cache pages, a cache miss copies a
 * block into a fresh cache page, and writeback copies dirty cache pages
 * back into blocks.  So the page cache can be dropped and re-read like a
 * disk-backed one.  A missing block is a hole and reads as zeros.
 *
 * The store has a fixed capacity, a quarter of RAM by default or
 * store_kb=N from the kernel command line; when every block is in use,
 * allocation fails with -ENOSPC.  write() reserves the blocks of the
 * pages it dirties, so a full store fails the write itself rather than a
 * later writeback.
 */
#include "fs.h"

static uint64_t capacity;		/* blocks */
static uint64_t used;

/* Size the store: store_kb= from the command line, else a quarter of RAM. */
void store_init(void)
{
	const char *arg = cmdline_get("store_kb");
	uint64_t kb;

	capacity = nr_total_pages() / 4;
	if (arg && !kstrtou64(arg, &kb))
		capacity = kb / (PAGE_SIZE / 1024);
	else if (arg)
		printk("store: bad store_kb=%s ignored\n", arg);
}

uint64_t store_capacity(void)
{
	return capacity;
}

uint64_t store_used(void)
{
	return used;
}

/* Allocate a zeroed block for inode at index; NULL with *err set. */
static struct page *store_alloc(struct inode *inode, uint64_t index, int *err)
{
	if (used >= capacity) {
		*err = -ENOSPC;
		return NULL;
	}
	struct page *blk = alloc_zeroed_page(PU_STORE);
	if (!blk) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = radix_insert(&inode->i_blocks, index, blk);
	if (*err) {
		put_page(blk);
		return NULL;
	}
	used++;
	inode->i_nrblocks++;
	return blk;
}

/*
 * Make sure block index of inode exists (a new one is zeroed); *fresh
 * tells whether it was just made.  Returns 0, -ENOSPC or -ENOMEM.
 */
int store_reserve(struct inode *inode, uint64_t index, bool *fresh)
{
	int err = 0;

	*fresh = false;
	if (radix_lookup(&inode->i_blocks, index))
		return 0;
	if (!store_alloc(inode, index, &err))
		return err;
	*fresh = true;
	return 0;
}

/* Copy block index into dst, or zeros for a hole; true if a block was read. */
bool store_read(struct inode *inode, uint64_t index, void *dst)
{
	struct page *blk = radix_lookup(&inode->i_blocks, index);

	if (!blk) {
		memset(dst, 0, PAGE_SIZE);
		return false;
	}
	memcpy(dst, page_address(blk), PAGE_SIZE);
	return true;
}

/*
 * Write len bytes of src to block index (allocating it) and zero the rest
 * of the block.  Returns 0, -ENOSPC or -ENOMEM.
 */
int store_write(struct inode *inode, uint64_t index, const void *src,
		size_t len)
{
	struct page *blk = radix_lookup(&inode->i_blocks, index);
	int err = 0;

	if (!blk && !(blk = store_alloc(inode, index, &err)))
		return err;
	memcpy(page_address(blk), src, len);
	memset((char *)page_address(blk) + len, 0, PAGE_SIZE - len);
	return 0;
}

/* Zero block index from byte `from` to its end, if the block exists. */
void store_zero_tail(struct inode *inode, uint64_t index, size_t from)
{
	struct page *blk = radix_lookup(&inode->i_blocks, index);

	if (blk)
		memset((char *)page_address(blk) + from, 0, PAGE_SIZE - from);
}

/* Free every block of inode at or beyond block first. */
void store_truncate(struct inode *inode, uint64_t first)
{
	void *batch[16];
	uint64_t idx[16];
	unsigned n;

	while ((n = radix_gang_lookup(&inode->i_blocks, first, batch, idx, 16))) {
		for (unsigned i = 0; i < n; i++) {
			radix_delete(&inode->i_blocks, idx[i]);
			put_page(batch[i]);
			used--;
			inode->i_nrblocks--;
		}
		first = idx[n - 1] + 1;
	}
}
