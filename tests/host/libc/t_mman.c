/*
 * Memory wrappers: anonymous and file mappings (shared and private),
 * mprotect, mincore, madvise(DONTNEED), msync, mremap, mlock, and the
 * program break with brk and sbrk.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

#define PG 4096

static void test_anon(void)
{
	unsigned char vec[4];
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *q;

	CHECK(p != MAP_FAILED);
	CHECK_EQ((uintptr_t)p % PG, 0);
	CHECK_EQ(p[0] | p[4 * PG - 1], 0);	/* zero-filled */
	memset(p, 0x5a, 2 * PG);
	CHECK_EQ(mincore(p, 4 * PG, vec), 0);
	CHECK((vec[0] & 1) && (vec[1] & 1));
	CHECK(!(vec[2] & 1));			/* never touched */
	CHECK_EQ(madvise(p, PG, MADV_DONTNEED), 0);
	CHECK_EQ(p[0], 0);			/* anon: back as zeros */
	CHECK_EQ(p[PG], 0x5a);
	CHECK_EQ(mprotect(p, PG, PROT_READ), 0);
	CHECK_EQ(mprotect(p, PG, PROT_READ | PROT_WRITE), 0);
	p[0] = 1;
	q = mmap(p + PG, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + PG);
	CHECK_EQ(q[0], 0);			/* replaced by a fresh page */
	q = mremap(p, 4 * PG, 64 * PG, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED);
	CHECK_EQ(q[0], 1);			/* contents moved along */
	q[63 * PG] = 2;
	CHECK_EQ(mlock(q, PG) == 0 || errno == EPERM || errno == ENOMEM, 1);
	munlock(q, PG);
	CHECK_EQ(munmap(q, 64 * PG), 0);
}

static void test_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char *shared, *private, buf[8];

	CHECK(fd >= 0);
	CHECK_EQ(ftruncate(fd, 2 * PG), 0);
	shared = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	private = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(shared != MAP_FAILED && private != MAP_FAILED);
	memcpy(shared + PG, "shared", 6);
	CHECK_EQ(msync(shared, 2 * PG, MS_SYNC), 0);
	CHECK_EQ(pread(fd, buf, 6, PG), 6);
	CHECK(!memcmp(buf, "shared", 6));
	CHECK(!memcmp(private + PG, "shared", 6));	/* not yet copied */
	memcpy(private + PG, "privat", 6);		/* copy on write */
	CHECK_EQ(pread(fd, buf, 6, PG), 6);
	CHECK(!memcmp(buf, "shared", 6));
	CHECK_EQ(pwrite(fd, "file", 4, 0), 4);
	CHECK(!memcmp(shared, "file", 4));
	munmap(shared, 2 * PG);
	munmap(private, 2 * PG);
	close(fd);
	unlink(path);
}

static void test_brk(void)
{
	char *start = sbrk(0), *p;

	CHECK(start != (void *)-1);
	p = sbrk(3 * PG);
	CHECK(p == start);
	CHECK(sbrk(0) == start + 3 * PG);
	memset(p, 7, 3 * PG);			/* the new memory is usable */
	CHECK(sbrk(-PG) == start + 3 * PG);
	CHECK(sbrk(0) == start + 2 * PG);
	CHECK_EQ(brk(start + PG), 0);
	CHECK(sbrk(0) == start + PG);		/* sbrk follows brk */
	CHECK_EQ(brk(start), 0);
	errno = 0;
	CHECK(sbrk(INTPTR_MIN + 1) == (void *)-1);
	CHECK_EQ(errno, ENOMEM);
	CHECK(sbrk(0) == start);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[64];

	snprintf(path, sizeof(path), "%s/mman.%d", tmp ? tmp : "/tmp", getpid());
	test_anon();
	test_file(path);
	test_brk();
	return check_done();
}
