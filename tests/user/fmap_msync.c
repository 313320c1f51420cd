/*
 * tests/user/fmap_msync.c - msync: every error case (EINVAL, ENOMEM, EBUSY), success on private and anonymous memory, data reaching the file.
 */
#include "mmtest.h"

static void msync_unaligned(void)
{
	int fd = mkfile("f", 2 * PG);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	SHOW("msync(s+1, MS_SYNC)", msync(s + 1, PG, MS_SYNC));
	SHOW("msync(s+PG/2, MS_ASYNC)", msync(s + PG / 2, PG, MS_ASYNC));
	SHOW("msync(s+1, len 0)", msync(s + 1, 0, MS_SYNC));
	SHOW("msync(s, 1): length rounded up", msync(s, 1, MS_SYNC));
	SHOW("msync(s, PG+1)", msync(s, PG + 1, MS_SYNC));
	close(fd);
	unlink("f");
}

static void msync_bad_flags(void)
{
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	SHOW("flags 8", msync(s, PG, 8));
	SHOW("flags 0x10|MS_SYNC", msync(s, PG, 0x10 | MS_SYNC));
	SHOW("flags -1", msync(s, PG, -1));
	SHOW("MS_SYNC|MS_ASYNC", msync(s, PG, MS_SYNC | MS_ASYNC));
	SHOW("MS_SYNC|MS_ASYNC|MS_INVALIDATE", msync(s, PG, MS_SYNC | MS_ASYNC | MS_INVALIDATE));
	SHOW("flags 0", msync(s, PG, 0));
	SHOW("MS_INVALIDATE alone", msync(s, PG, MS_INVALIDATE));
	SHOW("MS_SYNC|MS_INVALIDATE", msync(s, PG, MS_SYNC | MS_INVALIDATE));
	SHOW("MS_ASYNC|MS_INVALIDATE", msync(s, PG, MS_ASYNC | MS_INVALIDATE));
	SHOW("bad flags on unmapped memory", msync((void *)0x10000, PG, 8));
	SHOW("bad flags, unaligned", msync(s + 1, PG, 8));
	close(fd);
	unlink("f");
}

static void msync_unmapped(void)
{
	char *base = reserve(4);

	munmap(base + PG, PG);
	SHOW("msync(hole)", msync(base + PG, PG, MS_SYNC));
	SHOW("msync(across the hole)", msync(base, 4 * PG, MS_SYNC));
	SHOW("msync(across the hole, MS_ASYNC)", msync(base, 4 * PG, MS_ASYNC));
	SHOW("msync(starting in the hole)", msync(base + PG, 2 * PG, MS_SYNC));
	SHOW("msync(NULL)", msync(NULL, PG, MS_SYNC));
	SHOW("msync(1<<47 - PG, 2 pages)", msync((void *)((1UL << 47) - PG), 2 * PG, MS_SYNC));
	SHOW("msync(p, -PG)", msync(base, (size_t)-PG, MS_SYNC));
	SHOW("msync(kernel address)", msync((void *)0xffffffff80000000UL, PG, MS_SYNC));
}

static void msync_locked(void)
{
	int fd = mkfile("f", 2 * PG);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	SHOW("mlock shared file", mlock(s, 2 * PG));
	SHOW("mlock anon", mlock(p, 2 * PG));
	SHOW("MS_INVALIDATE on locked file", msync(s, 2 * PG, MS_INVALIDATE));
	SHOW("MS_SYNC|MS_INVALIDATE on locked file", msync(s, 2 * PG, MS_SYNC | MS_INVALIDATE));
	SHOW("MS_INVALIDATE on locked anon", msync(p, 2 * PG, MS_INVALIDATE));
	SHOW("MS_SYNC on locked file", msync(s, 2 * PG, MS_SYNC));
	SHOW("MS_ASYNC on locked anon", msync(p, 2 * PG, MS_ASYNC));
	SHOW("munlock page 1", munlock(s + PG, PG));
	SHOW("MS_INVALIDATE on page 1", msync(s + PG, PG, MS_INVALIDATE));
	SHOW("MS_INVALIDATE on both", msync(s, 2 * PG, MS_INVALIDATE));
	close(fd);
	unlink("f");
}

static void msync_len0(void)
{
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	SHOW("msync(s, 0, MS_SYNC)", msync(s, 0, MS_SYNC));
	SHOW("msync(unmapped, 0)", msync((void *)0x10000, 0, MS_SYNC));
	SHOW("msync(NULL, 0)", msync(NULL, 0, MS_ASYNC));
	close(fd);
	unlink("f");
}

static void msync_private_and_anon(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	char *sa = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fd = mkfile("f", 2 * PG);
	char *fp = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *none = anon(PG, PROT_NONE);

	p[0] = sa[0] = fp[0] = 'x';
	SHOW("MS_SYNC private anon", msync(p, 2 * PG, MS_SYNC));
	SHOW("MS_ASYNC private anon", msync(p, 2 * PG, MS_ASYNC));
	SHOW("MS_INVALIDATE private anon", msync(p, 2 * PG, MS_INVALIDATE));
	SHOW("MS_SYNC shared anon", msync(sa, 2 * PG, MS_SYNC));
	SHOW("MS_SYNC private file", msync(fp, 2 * PG, MS_SYNC));
	SHOW("MS_SYNC|MS_INVALIDATE private file", msync(fp, 2 * PG, MS_SYNC | MS_INVALIDATE));
	SHOW("MS_SYNC PROT_NONE", msync(none, PG, MS_SYNC));
	printf("data kept: %c %c %c, file %c\n", p[0], sa[0], fp[0], file_byte(fd, 0));
	close(fd);
	unlink("f");
}

static void msync_shared_data(void)
{
	int fd = mkfile("f", 4 * PG);
	char *s = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 4; i++)
			s[i * PG + round] = (char)('A' + round * 4 + i);
		SHOW("msync(MS_SYNC)", msync(s, 4 * PG, MS_SYNC));
		char buf[5];
		for (int i = 0; i < 4; i++)
			buf[i] = (char)file_byte(fd, i * PG + round);
		buf[4] = 0;
		printf("round %d: %s\n", round, buf);
	}
	SHOW("fsync", fsync(fd));
	SHOW("msync again (nothing dirty)", msync(s, 4 * PG, MS_SYNC));
	SHOW("msync of one page in the middle", msync(s + PG, PG, MS_SYNC));
	munmap(s, 4 * PG);
	close(fd);
	fd = open("f", O_RDONLY);
	char *r = xmmap(NULL, 4 * PG, PROT_READ, MAP_SHARED, fd, 0);
	printf("reopened and remapped: %c%c%c %c%c%c\n", r[0], r[1], r[2], r[3 * PG], r[3 * PG + 1], r[3 * PG + 2]);
	close(fd);
	unlink("f");
}

static void msync_across_areas(void)
{
	/* several file areas and an anonymous one in one msync */
	int fd = mkfile("f", 4 * PG);
	char *base = reserve(6);
	char *s = xmmap(base, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	xmmap(base + 2 * PG, 2 * PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 2 * PG);
	fixed_anon(base + 4 * PG, 2 * PG, PROT_READ | PROT_WRITE);

	s[0] = 'm';
	SHOW("msync(all 6 pages)", msync(base, 6 * PG, MS_SYNC));
	SHOW("msync(all 6 pages, MS_INVALIDATE)", msync(base, 6 * PG, MS_INVALIDATE));
	printf("file: %c, map: %c %c\n", file_byte(fd, 0), s[0], base[2 * PG]);
	close(fd);
	unlink("f");
}

static void msync_invalidate_sees_write(void)
{
	/* after MS_INVALIDATE a mapping shows what write() put in the file */
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	s[0] = 'm';
	pwrite(fd, "w", 1, 1);
	SHOW("msync(MS_INVALIDATE)", msync(s, PG, MS_INVALIDATE));
	printf("map: %c %c, file: %c %c\n", s[0], s[1], file_byte(fd, 0), file_byte(fd, 1));
	close(fd);
	unlink("f");
}

static void msync_after_child_writes(void)
{
	int fd = mkfile("f", 2 * PG);
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pid_t pid = xfork();

	if (pid == 0) {
		s[PG] = 'k';
		SHOW("child msync", msync(s, 2 * PG, MS_SYNC));
		child_exit();
	}
	reap(pid);
	SHOW("parent msync", msync(s, 2 * PG, MS_SYNC));
	printf("file: %c, map: %c\n", file_byte(fd, PG), s[PG]);
	close(fd);
	unlink("f");
}

static void msync_unlinked(void)
{
	int fd = mkfile("f", PG);
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	unlink("f");
	s[0] = 'u';
	SHOW("msync of an unlinked file", msync(s, PG, MS_SYNC));
	printf("through the fd: %c\n", file_byte(fd, 0));
	close(fd);
	SHOW("msync after close too", msync(s, PG, MS_SYNC));
}

static const struct utest tests[] = {
	{ "msync_unaligned", msync_unaligned },
	{ "msync_bad_flags", msync_bad_flags },
	{ "msync_unmapped", msync_unmapped },
	{ "msync_locked", msync_locked },
	{ "msync_len0", msync_len0 },
	{ "msync_private_and_anon", msync_private_and_anon },
	{ "msync_shared_data", msync_shared_data },
	{ "msync_across_areas", msync_across_areas },
	{ "msync_invalidate_sees_write", msync_invalidate_sees_write },
	{ "msync_after_child_writes", msync_after_child_writes },
	{ "msync_unlinked", msync_unlinked },
};

UTEST_MAIN(tests)
