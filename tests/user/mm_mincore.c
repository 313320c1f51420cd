/*
 * tests/user/mm_mincore.c - mincore and mlock/munlock/mlockall/munlockall: error cases, residency of anonymous, shared and file pages.
 */
#include "mmtest.h"

static void mincore_unaligned(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	unsigned char vec[4];

	SHOW("mincore(p+1)", mincore(p + 1, PG, vec));
	SHOW("mincore(p+PG-1, 1)", mincore(p + PG - 1, 1, vec));
	SHOW("mincore(p, 1)", mincore(p, 1, vec));
	SHOW("mincore(p, 0)", mincore(p, 0, vec));
	SHOW("mincore(p+1, 0)", mincore(p + 1, 0, vec));
}

static void mincore_unmapped(void)
{
	char *base = reserve(4);
	unsigned char vec[4];

	munmap(base + 2 * PG, 2 * PG);
	SHOW("mincore(unmapped)", mincore(base + 2 * PG, 2 * PG, vec));
	SHOW("mincore(mapped then unmapped)", mincore(base, 4 * PG, vec));
	SHOW("mincore(NULL)", mincore(NULL, PG, vec));
	SHOW("mincore(1<<47 - PG, 2 pages)", mincore((void *)((1UL << 47) - PG), 2 * PG, vec));
	SHOW("mincore(kernel address)", mincore((void *)0xffffffff80000000UL, PG, vec));
	SHOW("mincore(p, -PG)", mincore(base, (size_t)-PG, vec));
	munmap(base + PG, PG);
	SHOW("mincore(across a hole)", mincore(base, 3 * PG, vec));
}

static void mincore_bad_vec(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);
	char *ro = anon(PG, PROT_READ);
	char *none = anon(PG, PROT_NONE);

	SHOW("vec NULL", mincore(p, 4 * PG, NULL));
	SHOW("vec 0x1000", mincore(p, 4 * PG, (unsigned char *)0x1000));
	SHOW("vec read-only page", mincore(p, 4 * PG, (unsigned char *)ro));
	SHOW("vec PROT_NONE page", mincore(p, 4 * PG, (unsigned char *)none));
	SHOW("vec kernel address", mincore(p, 4 * PG, (unsigned char *)0xffffffff80000000UL));
	SHOW("vec crossing into an unmapped page", mincore(p, 4 * PG, (unsigned char *)p - 2));
	/* the vector crossing from a mapped into an unmapped page */
	char *v = anon(2 * PG, PROT_READ | PROT_WRITE);
	munmap(v + PG, PG);
	SHOW("vec ending 2 bytes into an unmapped page", mincore(p, 4 * PG, (unsigned char *)v + PG - 2));
	SHOW("vec NULL, len 0", mincore(p, 0, NULL));
}

static void mincore_anon(void)
{
	char *p = anon(8 * PG, PROT_READ | PROT_WRITE);

	show_mincore("untouched", p, 8);
	p[0] = 1;
	p[2 * PG] = 1;
	show_mincore("pages 0, 2 written", p, 8);
	(void)*(volatile char *)(p + 5 * PG);
	show_mincore("page 5 read", p, 8);
	SHOW("DONTNEED 0-3", madvise(p, 4 * PG, MADV_DONTNEED));
	show_mincore("after DONTNEED", p, 8);
	munmap(p + 7 * PG, PG);
	show_mincore("after munmap of page 7", p, 7);
}

static void mincore_prot_none(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	p[PG] = 1;
	mprotect(p, 4 * PG, PROT_NONE);
	show_mincore("PROT_NONE, page 1 written before", p, 4);
	mprotect(p, 4 * PG, PROT_READ);
	show_mincore("READ again", p, 4);
}

static void mincore_file(void)
{
	int fd = mkfile("f", 4 * PG);
	char *f = xmmap(NULL, 6 * PG, PROT_READ, MAP_SHARED, fd, 0);

	/* written with write(): in the page cache before any access */
	show_mincore("file pages, untouched map", f, 4);
	show_mincore("beyond EOF", f + 4 * PG, 2);
	char *q = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	show_mincore("private map, untouched", q, 4);
	q[PG] = 'w';
	show_mincore("private map, page 1 copied", q, 4);
	SHOW("DONTNEED private map", madvise(q, 4 * PG, MADV_DONTNEED));
	show_mincore("private map after DONTNEED (page cache)", q, 4);
	close(fd);
	unlink("f");
}

static void mincore_shared_anon(void)
{
	char *s = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	show_mincore("untouched", s, 4);
	s[PG] = 1;
	s[3 * PG] = 1;
	show_mincore("pages 1, 3 written", s, 4);
	madvise(s, 4 * PG, MADV_DONTNEED);
	show_mincore("after DONTNEED (still in the object)", s, 4);
	printf("data: %d %d\n", s[PG], s[3 * PG]);
	pid_t pid = xfork();
	if (pid == 0) {
		show_mincore("child", s, 4);
		s[0] = 1;
		child_exit();
	}
	reap(pid);
	show_mincore("parent after the child wrote page 0", s, 4);
}

static void mincore_fork(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	p[0] = 1;
	p[3 * PG] = 1;
	pid_t pid = xfork();
	if (pid == 0) {
		show_mincore("child sees the parent's pages", p, 4);
		p[PG] = 1;
		show_mincore("child after writing page 1", p, 4);
		child_exit();
	}
	reap(pid);
	show_mincore("parent", p, 4);
}

static void mincore_stack_and_text(void)
{
	char local[64];
	char *sp = (char *)((uintptr_t)local & ~(PG - 1));
	char *text = (char *)((uintptr_t)&mincore_stack_and_text & ~(PG - 1));

	local[0] = 1;
	show_mincore("current stack page", sp, 1);
	show_mincore("current text page", text, 1);
}

static void mlock_basic(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	show_mincore("before", p, 4);
	SHOW("mlock(pages 1-2)", mlock(p + PG, 2 * PG));
	show_mincore("after mlock", p, 4);
	printf("zero: %d\n", p[PG]);
	SHOW("munlock", munlock(p + PG, 2 * PG));
	show_mincore("after munlock", p, 4);
	SHOW("mlock(p+100, 10): rounded to the page", mlock(p + 3 * PG + 100, 10));
	show_mincore("after", p, 4);
	SHOW("munlock(p+100, 10)", munlock(p + 3 * PG + 100, 10));
	SHOW("mlock(len 0)", mlock(p, 0));
	SHOW("munlock(len 0)", munlock(p, 0));
	SHOW("munlock of unlocked memory", munlock(p, 4 * PG));
}

static void mlock_maps_split(void)
{
	char *base = reserve(5);
	char *p = fixed_anon(base + PG, 3 * PG, PROT_READ | PROT_WRITE);

	SHOW("mlock(middle)", mlock(p + PG, PG));
	show_maps("locked middle", base, 5 * PG);
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	SHOW("munlock(middle)", munlock(p + PG, PG));
	printf("areas: %d\n", count_vmas(p, 3 * PG));
}

static void mlock_hole(void)
{
	char *base = reserve(4);
	unsigned char vec[4];

	munmap(base + PG, PG);
	fixed_anon(base, PG, PROT_READ | PROT_WRITE);
	fixed_anon(base + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE);
	SHOW("mlock across a hole", mlock(base, 4 * PG));
	mincore(base, PG, vec);
	printf("page before the hole resident: %d\n", vec[0] & 1);
	SHOW("munlock across a hole", munlock(base, 4 * PG));
	SHOW("mlock of the hole", mlock(base + PG, PG));
	SHOW("mlock(1<<47 - PG, 2 pages)", mlock((void *)((1UL << 47) - PG), 2 * PG));
	SHOW("mlock(p, -PG)", mlock(base, (size_t)-PG));
}

static void mlock_prot_none(void)
{
	char *p = anon(2 * PG, PROT_NONE);
	char *r = anon(2 * PG, PROT_READ);

	SHOW("mlock(PROT_NONE)", mlock(p, 2 * PG));
	show_mincore("PROT_NONE locked", p, 2);
	SHOW("mlock(PROT_READ)", mlock(r, 2 * PG));
	show_mincore("PROT_READ locked", r, 2);
	printf("zero: %d\n", r[PG]);
}

static void mlock_file(void)
{
	int fd = mkfile("f", 3 * PG);
	char *f = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	SHOW("mlock shared file", mlock(f, 3 * PG));
	show_mincore("resident", f, 3);
	f[0] = 'M';
	printf("file: %c\n", file_byte(fd, 0));
	SHOW("munlock", munlock(f, 3 * PG));
	close(fd);
	unlink("f");
}

static void mlockall_flags(void)
{
	SHOW("mlockall(0)", mlockall(0));
	SHOW("mlockall(8)", mlockall(8));
	SHOW("mlockall(MCL_ONFAULT)", mlockall(MCL_ONFAULT));
	SHOW("mlockall(CURRENT|0x10)", mlockall(MCL_CURRENT | 0x10));
	SHOW("munlockall()", munlockall());
}

static void mlockall_current(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	show_mincore("before", p, 4);
	SHOW("mlockall(MCL_CURRENT)", mlockall(MCL_CURRENT));
	show_mincore("after", p, 4);
	char *q = anon(4 * PG, PROT_READ | PROT_WRITE);
	show_mincore("a new mapping", q, 4);
	SHOW("DONTNEED on locked", madvise(p, 4 * PG, MADV_DONTNEED));
	SHOW("munlockall()", munlockall());
	SHOW("DONTNEED after munlockall", madvise(p, 4 * PG, MADV_DONTNEED));
	show_mincore("after DONTNEED", p, 4);
}

static void mlockall_future(void)
{
	SHOW("mlockall(MCL_FUTURE)", mlockall(MCL_FUTURE));
	char *q = anon(4 * PG, PROT_READ | PROT_WRITE);
	show_mincore("new mapping", q, 4);
	SHOW("DONTNEED on it", madvise(q, 4 * PG, MADV_DONTNEED));
	char *b = sbrk(0);
	char *bb = (char *)(((uintptr_t)b + PG - 1) & ~(PG - 1));
	if (brk(bb + 2 * PG) == 0)
		show_mincore("new heap pages", bb, 2);
	SHOW("munlockall()", munlockall());
	char *r = anon(4 * PG, PROT_READ | PROT_WRITE);
	show_mincore("mapping after munlockall", r, 4);
}

static void mlock_fork(void)
{
	/* locks are not inherited: the child may DONTNEED */
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	mlock(p, 2 * PG);
	p[0] = 'f';
	pid_t pid = xfork();
	if (pid == 0) {
		SHOW("child DONTNEED", madvise(p, 2 * PG, MADV_DONTNEED));
		printf("child reads %d\n", p[0]);
		child_exit();
	}
	reap(pid);
	SHOW("parent DONTNEED", madvise(p, 2 * PG, MADV_DONTNEED));
	printf("parent reads %c\n", p[0]);
}

static const struct utest tests[] = {
	{ "mincore_unaligned", mincore_unaligned },
	{ "mincore_unmapped", mincore_unmapped },
	{ "mincore_bad_vec", mincore_bad_vec },
	{ "mincore_anon", mincore_anon },
	{ "mincore_prot_none", mincore_prot_none },
	{ "mincore_file", mincore_file },
	{ "mincore_shared_anon", mincore_shared_anon },
	{ "mincore_fork", mincore_fork },
	{ "mincore_stack_and_text", mincore_stack_and_text },
	{ "mlock_basic", mlock_basic },
	{ "mlock_maps_split", mlock_maps_split },
	{ "mlock_hole", mlock_hole },
	{ "mlock_prot_none", mlock_prot_none },
	{ "mlock_file", mlock_file },
	{ "mlockall_flags", mlockall_flags },
	{ "mlockall_current", mlockall_current },
	{ "mlockall_future", mlockall_future },
	{ "mlock_fork", mlock_fork },
};

UTEST_MAIN(tests)
