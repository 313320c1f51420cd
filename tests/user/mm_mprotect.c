/*
 * tests/user/mm_mprotect.c - mprotect: error cases, holes, split and merge in /proc/self/maps (also of written areas), access checks, file mappings, PROT_GROWSDOWN.
 */
#include "mmtest.h"

static void mprotect_unaligned(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	SHOW("mprotect(p+1)", mprotect(p + 1, PG, PROT_READ));
	SHOW("mprotect(p+PG-1)", mprotect(p + PG - 1, 1, PROT_READ));
	show_maps("unchanged", p, 2 * PG);
	/* an unaligned length is rounded up */
	SHOW("mprotect(p, 1, PROT_READ)", mprotect(p, 1, PROT_READ));
	show_maps("after", p, 2 * PG);
}

static void mprotect_bad_prot(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	SHOW("prot 0x8", mprotect(p, PG, 0x8));
	SHOW("prot 0x10", mprotect(p, PG, 0x10 | PROT_READ));
	SHOW("prot 0x80000000", mprotect(p, PG, (int)0x80000000));
	SHOW("GROWSDOWN|GROWSUP", mprotect(p, PG, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP));
	SHOW("GROWSDOWN on a plain area", mprotect(p, PG, PROT_READ | PROT_GROWSDOWN));
	SHOW("GROWSUP on x86-64", mprotect(p, PG, PROT_READ | PROT_GROWSUP));
	SHOW("prot 0x8 with len 0", mprotect(p, 0, 0x8));
	show_maps("unchanged", p, PG);
}

static void mprotect_len0(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	SHOW("mprotect(p, 0, PROT_NONE)", mprotect(p, 0, PROT_NONE));
	SHOW("mprotect(unmapped, 0)", mprotect((void *)0x10000, 0, PROT_READ));
	show_maps("unchanged", p, PG);
}

static void mprotect_unmapped(void)
{
	char *base = reserve(4);

	munmap(base, 4 * PG);
	SHOW("mprotect(unmapped)", mprotect(base, 4 * PG, PROT_READ));
	SHOW("mprotect(NULL)", mprotect(NULL, PG, PROT_READ));
	SHOW("mprotect(1<<47 - PG, 2 pages)", mprotect((void *)((1UL << 47) - PG), 2 * PG, PROT_READ));
	SHOW("mprotect(p, -PG)", mprotect(base, (size_t)-PG, PROT_READ));
	SHOW("mprotect(kernel address)", mprotect((void *)0xffffffff80000000UL, PG, PROT_READ));
}

static void mprotect_hole(void)
{
	char *base = reserve(8);

	munmap(base + 3 * PG, PG);
	fixed_anon(base + PG, 2 * PG, PROT_READ | PROT_WRITE);
	fixed_anon(base + 4 * PG, 2 * PG, PROT_READ | PROT_WRITE);
	base[PG] = 'a';
	base[4 * PG] = 'b';
	show_maps("before", base, 8 * PG);
	/* Linux changes what lies before the hole, then fails */
	SHOW("mprotect(pages 1-5, hole at 3)", mprotect(base + PG, 5 * PG, PROT_READ));
	show_maps("after", base, 8 * PG);
	probe("write page 1", base + PG, 'w', 'x');
	probe("write page 4", base + 4 * PG, 'w', 'y');
	/* starting in the hole changes nothing */
	SHOW("mprotect(pages 3-5)", mprotect(base + 3 * PG, 3 * PG, PROT_NONE));
	show_maps("after starting in the hole", base, 8 * PG);
	/* ending in the hole */
	SHOW("mprotect(pages 2-3)", mprotect(base + 2 * PG, 2 * PG, PROT_NONE));
	show_maps("after ending in the hole", base, 8 * PG);
}

static void mprotect_split_merge(void)
{
	char *base = reserve(5);
	char *p = fixed_anon(base + PG, 3 * PG, PROT_READ | PROT_WRITE);

	SHOW("mprotect(middle, READ)", mprotect(p + PG, PG, PROT_READ));
	show_maps("split", base, 5 * PG);
	SHOW("mprotect(middle, READ|WRITE)", mprotect(p + PG, PG, PROT_READ | PROT_WRITE));
	show_maps("merged", base, 5 * PG);
	/* the same with data in every page */
	memset(p, 'd', 3 * PG);
	SHOW("mprotect(middle, NONE)", mprotect(p + PG, PG, PROT_NONE));
	show_maps("split", base, 5 * PG);
	probe("read middle", p + PG, 'r', 0);
	SHOW("mprotect(middle, READ|WRITE)", mprotect(p + PG, PG, PROT_READ | PROT_WRITE));
	show_maps("merged", base, 5 * PG);
	printf("data: %c %c %c\n", p[0], p[PG], p[2 * PG]);
	/* head and tail */
	SHOW("mprotect(head, READ)", mprotect(p, PG, PROT_READ));
	SHOW("mprotect(tail, READ)", mprotect(p + 2 * PG, PG, PROT_READ));
	show_maps("head and tail", base, 5 * PG);
	SHOW("mprotect(all, READ)", mprotect(p, 3 * PG, PROT_READ));
	show_maps("one again", base, 5 * PG);
	/* reservation pieces rejoin the reservation when made PROT_NONE */
	SHOW("mprotect(all, NONE)", mprotect(p, 3 * PG, PROT_NONE));
	show_maps("whole reservation", base, 5 * PG);
}

/*
 * Written pieces merge again only if their private pages can share one
 * reverse-map object (Linux's anon_vma): a page written next to a
 * compatible written area joins it, but the two ends of a mapping written
 * on either side of an untouched middle each got their own.
 */
static void mprotect_merge_written(void)
{
	char *base = reserve(8);
	char *p = fixed_anon(base + PG, PG, PROT_READ | PROT_WRITE);
	char *q = fixed_anon(base + 2 * PG, PG, PROT_READ | PROT_WRITE | PROT_EXEC);

	p[0] = 'p';
	q[0] = 'q';
	show_maps("written apart", base, 4 * PG);
	SHOW("mprotect(q, READ|WRITE)", mprotect(q, PG, PROT_READ | PROT_WRITE));
	show_maps("merged", base, 4 * PG);
	char *r = fixed_anon(base + 4 * PG, 3 * PG, PROT_READ | PROT_WRITE);
	SHOW("mprotect(middle, READ)", mprotect(r + PG, PG, PROT_READ));
	r[0] = 'a';
	r[2 * PG] = 'b';
	SHOW("mprotect(middle, READ|WRITE)", mprotect(r + PG, PG, PROT_READ | PROT_WRITE));
	show_maps("ends written apart", base + 4 * PG, 3 * PG);
	printf("data: %c %c %c %c\n", p[0], q[0], r[0], r[2 * PG]);
}

static void mprotect_access(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[10] = 'v';
	mprotect(p, PG, PROT_READ);
	probe("READ: read", p + 10, 'r', 0);
	probe("READ: write", p + 10, 'w', 'w');
	mprotect(p, PG, PROT_NONE);
	probe("NONE: read", p + 10, 'r', 0);
	mprotect(p, PG, PROT_WRITE);
	probe("WRITE: write", p + 11, 'w', 'z');
	probe("WRITE: read (x86 cannot forbid it)", p + 10, 'r', 0);
	mprotect(p, PG, PROT_READ | PROT_WRITE);
	printf("data: %c %c\n", p[10], p[11]);
}

static void mprotect_maps_perms(void)
{
	char *p = anon(PG, PROT_NONE);
	static const char *names[] = { "NONE", "READ", "WRITE", "READ|WRITE", "EXEC",
				       "READ|EXEC", "WRITE|EXEC", "READ|WRITE|EXEC" };

	for (int prot = 0; prot < 8; prot++) {
		SHOW(names[prot], mprotect(p, PG, prot));
		show_maps("  maps", p, PG);
	}
}

static void mprotect_file_shared(void)
{
	int fd = mkfile("f", 2 * PG);
	close(fd);
	int ro = open("f", O_RDONLY);
	char *s = xmmap(NULL, 2 * PG, PROT_READ, MAP_SHARED, ro, 0);
	char *q = xmmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE, ro, 0);

	SHOW("shared, O_RDONLY: add WRITE", mprotect(s, 2 * PG, PROT_READ | PROT_WRITE));
	SHOW("shared, O_RDONLY: second page only", mprotect(s + PG, PG, PROT_WRITE));
	SHOW("shared, O_RDONLY: NONE", mprotect(s, PG, PROT_NONE));
	SHOW("shared, O_RDONLY: back to READ", mprotect(s, PG, PROT_READ));
	show_maps("shared", s, 2 * PG);
	SHOW("private, O_RDONLY: add WRITE", mprotect(q, 2 * PG, PROT_READ | PROT_WRITE));
	q[0] = 'Q';
	printf("private write: %c, file: %c\n", q[0], file_byte(ro, 0));
	show_maps("private", q, 2 * PG);
	close(ro);
	/* after close the open mode still rules */
	SHOW("shared, after close: add WRITE", mprotect(s, PG, PROT_READ | PROT_WRITE));
	int rw = open("f", O_RDWR);
	char *w = xmmap(NULL, PG, PROT_READ, MAP_SHARED, rw, 0);
	close(rw);
	SHOW("shared, O_RDWR, after close: add WRITE", mprotect(w, PG, PROT_READ | PROT_WRITE));
	w[1] = 'W';
	rw = open("f", O_RDONLY);
	printf("file byte 1: %c\n", file_byte(rw, 1));
	close(rw);
	unlink("f");
}

static void mprotect_growsdown(void)
{
	char *base = reserve(1024);
	char *top = base + 1016 * PG;

	munmap(base, 1016 * PG);
	char *s = xmmap(top, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0);
	(void)s;
	SHOW("mprotect(page 2, READ|GROWSDOWN)", mprotect(top + 2 * PG, PG, PROT_READ | PROT_GROWSDOWN));
	show_maps("pages 0-2 read-only", base + 1016 * PG, 8 * PG);
	SHOW("mprotect(page 5, READ|WRITE|GROWSDOWN)", mprotect(top + 5 * PG, PG, PROT_READ | PROT_WRITE | PROT_GROWSDOWN));
	show_maps("now", base + 1016 * PG, 8 * PG);
	SHOW("GROWSDOWN starting below the area", mprotect(top - PG, PG, PROT_READ | PROT_GROWSDOWN));
	SHOW("GROWSDOWN|GROWSUP", mprotect(top + PG, PG, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP));
	SHOW("GROWSUP", mprotect(top + PG, PG, PROT_READ | PROT_GROWSUP));
	probe("grow by touching below", top - PG, 'w', 1);
	show_maps("grown", base + 1008 * PG, 16 * PG);
}

static void mprotect_exec(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = (char)0xc3;
	probe("call rw- page", p, 'x', 0);
	SHOW("mprotect(READ|EXEC)", mprotect(p, PG, PROT_READ | PROT_EXEC));
	probe("call r-x page", p, 'x', 0);
	probe("write r-x page", p, 'w', 0);
	SHOW("mprotect(READ|WRITE|EXEC)", mprotect(p, PG, PROT_READ | PROT_WRITE | PROT_EXEC));
	p[1] = (char)0xc3;
	probe("call rwx page", p + 1, 'x', 0);
}

static void mprotect_cow_private(void)
{
	/* a page shared with a child after fork, made read-only and back */
	char *p = anon(PG, PROT_READ | PROT_WRITE);
	p[0] = 'P';
	pid_t pid = xfork();
	if (pid == 0) {
		mprotect(p, PG, PROT_READ);
		probe("child write read-only", p, 'w', 'C');
		mprotect(p, PG, PROT_READ | PROT_WRITE);
		p[0] = 'C';
		printf("child sees %c\n", p[0]);
		child_exit();
	}
	reap(pid);
	printf("parent sees %c\n", p[0]);
	p[0] = 'Q';
	printf("parent wrote %c\n", p[0]);
}

static void mprotect_shared_anon(void)
{
	char *s = xmmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	s[PG] = 'x';
	SHOW("mprotect(middle, READ)", mprotect(s + PG, PG, PROT_READ));
	show_maps("split", s, 3 * PG);
	probe("write middle", s + PG, 'w', 'y');
	SHOW("mprotect(middle, READ|WRITE)", mprotect(s + PG, PG, PROT_READ | PROT_WRITE));
	show_maps("merged", s, 3 * PG);
	printf("data %c\n", s[PG]);
}

static void mprotect_many_pages(void)
{
	/* every other page read-only: 2n-1 areas, then all back: 1 */
	char *base = reserve(66);
	char *p = fixed_anon(base + PG, 64 * PG, PROT_READ | PROT_WRITE);

	for (int i = 0; i < 64; i++)
		p[i * PG] = (char)i;
	for (int i = 0; i < 64; i += 2)
		mprotect(p + i * PG, PG, PROT_READ);
	printf("areas: %d\n", count_vmas(p, 64 * PG));
	int sig = 0;
	for (int i = 0; i < 64; i++)
		sig += touch_sig(p + i * PG, 'w') != 0;
	printf("pages refusing writes: %d\n", sig);
	SHOW("mprotect(all, READ|WRITE)", mprotect(p, 64 * PG, PROT_READ | PROT_WRITE));
	printf("areas: %d\n", count_vmas(p, 64 * PG));
	long sum = 0;
	for (int i = 0; i < 64; i++)
		sum += p[i * PG];
	printf("sum %ld\n", sum);
}

static const struct utest tests[] = {
	{ "mprotect_unaligned", mprotect_unaligned },
	{ "mprotect_bad_prot", mprotect_bad_prot },
	{ "mprotect_len0", mprotect_len0 },
	{ "mprotect_unmapped", mprotect_unmapped },
	{ "mprotect_hole", mprotect_hole },
	{ "mprotect_split_merge", mprotect_split_merge },
	{ "mprotect_merge_written", mprotect_merge_written },
	{ "mprotect_access", mprotect_access },
	{ "mprotect_maps_perms", mprotect_maps_perms },
	{ "mprotect_file_shared", mprotect_file_shared },
	{ "mprotect_growsdown", mprotect_growsdown },
	{ "mprotect_exec", mprotect_exec },
	{ "mprotect_cow_private", mprotect_cow_private },
	{ "mprotect_shared_anon", mprotect_shared_anon },
	{ "mprotect_many_pages", mprotect_many_pages },
};

UTEST_MAIN(tests)
