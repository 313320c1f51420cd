/*
 * tests/user/mm_madvise.c - madvise: bad advice and ranges, MADV_DONTNEED on every kind of memory, holes, locked pages, hints, DONTFORK.
 */
#include "mmtest.h"

static void madvise_bad_advice(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	SHOW("advice 5", madvise(p, PG, 5));
	SHOW("advice 6", madvise(p, PG, 6));
	SHOW("advice 7", madvise(p, PG, 7));
	SHOW("advice 999", madvise(p, PG, 999));
	SHOW("advice -1", madvise(p, PG, -1));
	SHOW("advice 999, len 0", madvise(p, 0, 999));
}

static void madvise_unaligned(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	SHOW("madvise(p+1, DONTNEED)", madvise(p + 1, PG, MADV_DONTNEED));
	SHOW("madvise(p+1, NORMAL)", madvise(p + 1, PG, MADV_NORMAL));
	SHOW("madvise(p, len 0, DONTNEED)", madvise(p, 0, MADV_DONTNEED));
	SHOW("madvise(p, 1, DONTNEED)", madvise(p, 1, MADV_DONTNEED));
	SHOW("madvise(p, -PG, NORMAL)", madvise(p, (size_t)-PG, MADV_NORMAL));
	SHOW("madvise(1<<47 - PG, 2 pages)", madvise((void *)((1UL << 47) - PG), 2 * PG, MADV_NORMAL));
}

static void madvise_dontneed_anon(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'z', 4 * PG);
	show_mincore("before", p, 4);
	SHOW("DONTNEED pages 1-2", madvise(p + PG, 2 * PG, MADV_DONTNEED));
	show_mincore("after", p, 4);
	printf("bytes: %d %d %d %d\n", p[0], p[PG], p[2 * PG + 5], p[3 * PG]);
	show_mincore("after reading", p, 4);
	p[PG] = 'n';
	printf("writable again: %c\n", p[PG]);
	show_maps("maps unchanged", p, 4 * PG);
}

static void madvise_dontneed_file_private(void)
{
	int fd = mkfile("f", 3 * PG);
	char *p = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	memset(p, 'X', 3 * PG);
	printf("private copies: %c %c %c, file %c\n", p[0], p[PG], p[2 * PG], file_byte(fd, PG));
	SHOW("DONTNEED", madvise(p, 2 * PG, MADV_DONTNEED));
	printf("file contents back: %c %c, still private copy: %c\n", p[0], p[PG], p[2 * PG]);
	pwrite(fd, "Y", 1, 0);
	printf("a later write() is seen: %c\n", p[0]);
	close(fd);
	unlink("f");
}

static void madvise_dontneed_shared(void)
{
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	memset(s, 'S', 2 * PG);
	SHOW("DONTNEED shared anon", madvise(s, 2 * PG, MADV_DONTNEED));
	printf("data kept: %c %c\n", s[0], s[2 * PG - 1]);
	int fd = mkfile("f", 2 * PG);
	char *f = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	f[0] = 'F';
	SHOW("DONTNEED shared file", madvise(f, 2 * PG, MADV_DONTNEED));
	printf("data kept: %c %c, file %c\n", f[0], f[PG], file_byte(fd, 0));
	close(fd);
	unlink("f");
}

static void madvise_hole(void)
{
	char *base = reserve(6);

	munmap(base + 2 * PG, PG);
	fixed_anon(base, 2 * PG, PROT_READ | PROT_WRITE);
	fixed_anon(base + 3 * PG, 2 * PG, PROT_READ | PROT_WRITE);
	memset(base, 'a', 2 * PG);
	memset(base + 3 * PG, 'b', 2 * PG);
	/* the advice is applied around the hole, then ENOMEM */
	SHOW("DONTNEED across a hole", madvise(base, 5 * PG, MADV_DONTNEED));
	printf("bytes: %d %d %d %d\n", base[0], base[PG], base[3 * PG], base[4 * PG]);
	SHOW("NORMAL across a hole", madvise(base, 5 * PG, MADV_NORMAL));
	SHOW("WILLNEED across a hole", madvise(base, 5 * PG, MADV_WILLNEED));
	SHOW("DONTNEED of the hole only", madvise(base + 2 * PG, PG, MADV_DONTNEED));
	SHOW("DONTNEED starting in the hole", madvise(base + 2 * PG, 2 * PG, MADV_DONTNEED));
	munmap(base, 6 * PG);
	SHOW("DONTNEED of unmapped memory", madvise(base, 6 * PG, MADV_DONTNEED));
	SHOW("NORMAL of unmapped memory", madvise(base, 6 * PG, MADV_NORMAL));
}

static void madvise_mlocked(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	p[0] = 'L';
	SHOW("mlock", mlock(p, 2 * PG));
	SHOW("DONTNEED on locked", madvise(p, 2 * PG, MADV_DONTNEED));
	SHOW("DONTNEED on one locked page", madvise(p + PG, PG, MADV_DONTNEED));
	printf("data kept: %c\n", p[0]);
	SHOW("WILLNEED on locked", madvise(p, 2 * PG, MADV_WILLNEED));
	SHOW("munlock", munlock(p, 2 * PG));
	SHOW("DONTNEED after munlock", madvise(p, 2 * PG, MADV_DONTNEED));
	printf("zero now: %d\n", p[0]);
}

static void madvise_hints(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);
	int fd = mkfile("f", 4 * PG);
	char *f = xmmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
	static const struct { const char *name; int advice; } adv[] = {
		{ "NORMAL", MADV_NORMAL }, { "RANDOM", MADV_RANDOM },
		{ "SEQUENTIAL", MADV_SEQUENTIAL }, { "WILLNEED", MADV_WILLNEED },
		{ "DONTFORK", MADV_DONTFORK }, { "DOFORK", MADV_DOFORK },
	};

	p[0] = 'h';
	for (unsigned i = 0; i < sizeof(adv) / sizeof(adv[0]); i++) {
		char what[64];
		snprintf(what, sizeof(what), "%s on anon", adv[i].name);
		SHOW(what, madvise(p, 4 * PG, adv[i].advice));
		snprintf(what, sizeof(what), "%s on file", adv[i].name);
		SHOW(what, madvise(f, 4 * PG, adv[i].advice));
	}
	printf("data kept: %c %c\n", p[0], f[0]);
	show_maps("one area", p, 4 * PG);
	close(fd);
	unlink("f");
}

static void madvise_hint_maps(void)
{
	/* advice that sets area flags splits areas as mprotect does */
	char *base = reserve(5);
	char *p = fixed_anon(base + PG, 3 * PG, PROT_READ | PROT_WRITE);

	SHOW("RANDOM on the middle page", madvise(p + PG, PG, MADV_RANDOM));
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	SHOW("NORMAL on the middle page", madvise(p + PG, PG, MADV_NORMAL));
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	SHOW("DONTFORK on the last page", madvise(p + 2 * PG, PG, MADV_DONTFORK));
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	SHOW("DOFORK on it", madvise(p + 2 * PG, PG, MADV_DOFORK));
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	show_maps("maps", base, 5 * PG);
}

static void madvise_dontfork(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	char *q = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = 'p';
	q[0] = 'q';
	SHOW("DONTFORK", madvise(p, 2 * PG, MADV_DONTFORK));
	pid_t pid = xfork();
	if (pid == 0) {
		probe("child reads DONTFORK area", p, 'r', 0);
		probe("child reads other area", q, 'r', 0);
		printf("child areas at p: %d\n", count_vmas(p, 2 * PG));
		child_exit();
	}
	reap(pid);
	printf("parent still has it: %c\n", p[0]);
	SHOW("DOFORK", madvise(p, 2 * PG, MADV_DOFORK));
	pid = xfork();
	if (pid == 0) {
		probe("child reads it after DOFORK", p, 'r', 0);
		child_exit();
	}
	reap(pid);
}

static void madvise_free(void)
{
	/* MADV_FREE frees lazily on Linux, at once on Pagoda: check results only */
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fd = mkfile("f", PG);
	char *f = xmmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 0);

	p[0] = 1;
	SHOW("FREE private anon", madvise(p, 2 * PG, MADV_FREE));
	SHOW("FREE shared anon", madvise(s, PG, MADV_FREE));
	SHOW("FREE private file", madvise(f, PG, MADV_FREE));
	SHOW("FREE unaligned", madvise(p + 1, PG, MADV_FREE));
	p[0] = 2;
	printf("written after FREE: %d\n", p[0]);
	close(fd);
	unlink("f");
}

static void madvise_dontneed_cow(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'c', 2 * PG);
	pid_t pid = xfork();
	if (pid == 0) {
		SHOW("child DONTNEED", madvise(p, 2 * PG, MADV_DONTNEED));
		printf("child reads %d %d\n", p[0], p[PG]);
		p[0] = 'k';
		child_exit();
	}
	reap(pid);
	printf("parent reads %c %c\n", p[0], p[PG]);
	SHOW("parent DONTNEED page 1", madvise(p + PG, PG, MADV_DONTNEED));
	printf("parent reads %c %d\n", p[0], p[PG]);
}

static void madvise_dontneed_prot_none(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	p[0] = 'r';
	mprotect(p, 2 * PG, PROT_NONE);
	SHOW("DONTNEED on PROT_NONE", madvise(p, 2 * PG, MADV_DONTNEED));
	mprotect(p, 2 * PG, PROT_READ);
	printf("data gone: %d\n", p[0]);
	SHOW("DONTNEED on read-only", madvise(p, 2 * PG, MADV_DONTNEED));
}

static void madvise_willneed_file(void)
{
	int fd = mkfile("f", 4 * PG);
	char *f = xmmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);

	SHOW("WILLNEED file", madvise(f, 4 * PG, MADV_WILLNEED));
	show_mincore("in the page cache", f, 4);
	printf("bytes: %c %c\n", f[0], f[3 * PG]);
	SHOW("WILLNEED beyond EOF part", madvise(f, 4 * PG, MADV_WILLNEED));
	close(fd);
	unlink("f");
}

static void madvise_remove(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	SHOW("REMOVE private anon", madvise(p, PG, MADV_REMOVE));
	memset(s, 'r', 2 * PG);
	SHOW("REMOVE shared anon page 0", madvise(s, PG, MADV_REMOVE));
	printf("bytes: %d %c\n", s[0], s[PG]);
}

static const struct utest tests[] = {
	{ "madvise_bad_advice", madvise_bad_advice },
	{ "madvise_unaligned", madvise_unaligned },
	{ "madvise_dontneed_anon", madvise_dontneed_anon },
	{ "madvise_dontneed_file_private", madvise_dontneed_file_private },
	{ "madvise_dontneed_shared", madvise_dontneed_shared },
	{ "madvise_hole", madvise_hole },
	{ "madvise_mlocked", madvise_mlocked },
	{ "madvise_hints", madvise_hints },
	{ "madvise_hint_maps", madvise_hint_maps },
	{ "madvise_dontfork", madvise_dontfork },
	{ "madvise_free", madvise_free },
	{ "madvise_dontneed_cow", madvise_dontneed_cow },
	{ "madvise_dontneed_prot_none", madvise_dontneed_prot_none },
	{ "madvise_willneed_file", madvise_willneed_file },
	{ "madvise_remove", madvise_remove },
};

UTEST_MAIN(tests)
