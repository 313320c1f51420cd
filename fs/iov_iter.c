/*
 * fs/iov_iter.c - a cursor over the buffers of one read or write.
 *
 * As Linux's iov_iter: the file operations copy to and from an iterator
 * and never see whether the bytes come from user memory (read, readv) or
 * from the kernel (kernel_read for exec, the boot-time unpacking and the
 * self-tests).  User copies go through raw_copy_to/from_user, so a bad
 * address ends the copy early, at the first byte that faults, instead of
 * crashing: the copy functions return the bytes done, and the caller
 * turns a short count into -EFAULT when nothing was done at all - the
 * short reads and writes Linux gives for a buffer that runs into an
 * unmapped page.
 */
#include "fs.h"

void iov_iter_init(struct iov_iter *i, bool user, const struct kvec *iov,
		   unsigned long nr_segs, size_t count)
{
	*i = (struct iov_iter){ .user = user, .iov = iov, .nr_segs = nr_segs,
				.count = count };
	while (i->nr_segs && i->iov->iov_len == 0) {
		i->iov++;
		i->nr_segs--;
	}
}

/* Step over n bytes (n <= count). */
void iov_iter_advance(struct iov_iter *i, size_t n)
{
	i->count -= n;
	while (n && i->nr_segs) {
		size_t left = i->iov->iov_len - i->iov_offset;
		size_t step = MIN(left, n);
		i->iov_offset += step;
		n -= step;
		if (i->iov_offset == i->iov->iov_len) {
			i->iov++;
			i->nr_segs--;
			i->iov_offset = 0;
		}
	}
	while (i->nr_segs && i->iov->iov_len == 0) {
		i->iov++;
		i->nr_segs--;
	}
}

enum dir { TO_ITER, FROM_ITER, ZERO_ITER };

/* Copy one contiguous piece; returns the bytes copied (all of n, or
 * fewer if a user address faulted). */
static size_t copy_piece(struct iov_iter *i, char *seg, char *kbuf, size_t n,
			 enum dir dir)
{
	if (dir == ZERO_ITER)
		return !i->user ? (memset(seg, 0, n), n) : clear_user(seg, n) ? 0 : n;
	if (!i->user) {
		if (dir == TO_ITER)
			memcpy(seg, kbuf, n);
		else
			memcpy(kbuf, seg, n);
		return n;
	}
	return n - (dir == TO_ITER ? raw_copy_to_user(seg, kbuf, n)
				   : raw_copy_from_user(kbuf, seg, n));
}

/* Move up to n bytes between kbuf and the iterator; returns bytes moved. */
static size_t iterate(struct iov_iter *i, char *kbuf, size_t n, enum dir dir)
{
	size_t done = 0;

	n = MIN(n, i->count);
	while (done < n && i->nr_segs) {
		char *seg = (char *)i->iov->iov_base + i->iov_offset;
		size_t step = MIN(i->iov->iov_len - i->iov_offset, n - done);
		size_t got = copy_piece(i, seg, kbuf ? kbuf + done : NULL, step, dir);
		iov_iter_advance(i, got);
		done += got;
		if (got < step)
			break;
	}
	return done;
}

size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i)
{
	return iterate(i, (char *)src, n, TO_ITER);
}

size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i)
{
	return iterate(i, dst, n, FROM_ITER);
}

/* Fill n bytes of the iterator with zeros (reads of /dev/zero). */
size_t iov_iter_zero(size_t n, struct iov_iter *i)
{
	return iterate(i, NULL, n, ZERO_ITER);
}
