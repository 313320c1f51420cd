/*
 * tests/user/mm_munmap.c - munmap: error cases, holes, splitting areas, unmapping across areas, file offsets.
 */
#include "mmtest.h"

static void munmap_unaligned(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	SHOW("munmap(p+1, PG)", munmap(p + 1, PG));
	SHOW("munmap(p+PG-1, PG)", munmap(p + PG - 1, PG));
	show_maps("unchanged", p, 4 * PG);
	/* an unaligned length is rounded up */
	SHOW("munmap(p, 1)", munmap(p, 1));
	SHOW("munmap(p+2PG, PG+1)", munmap(p + 2 * PG, PG + 1));
	show_maps("after", p, 4 * PG);
}

static void munmap_len0(void)
{
	char *p = anon(PG, PROT_READ);

	SHOW("munmap(p, 0)", munmap(p, 0));
	SHOW("munmap(NULL, 0)", munmap(NULL, 0));
	show_maps("still mapped", p, PG);
}

static void munmap_bad_range(void)
{
	char *p = anon(PG, PROT_READ);

	SHOW("munmap(p, -PG)", munmap(p, (size_t)-PG));
	SHOW("munmap(p, 1<<47)", munmap(p, 1UL << 47));
	SHOW("munmap(1<<47 - PG, 2 pages)", munmap((void *)((1UL << 47) - PG), 2 * PG));
	SHOW("munmap(1<<47, PG)", munmap((void *)(1UL << 47), PG));
	SHOW("munmap(kernel address)", munmap((void *)0xffffffff80000000UL, PG));
	SHOW("munmap(NULL, PG)", munmap(NULL, PG));
	SHOW("munmap(64 KiB, PG)", munmap((void *)0x10000, PG));
	show_maps("still mapped", p, PG);
}

static void munmap_hole(void)
{
	char *base = reserve(8);

	SHOW("munmap(pages 2-3)", munmap(base + 2 * PG, 2 * PG));
	SHOW("munmap(pages 2-3) again", munmap(base + 2 * PG, 2 * PG));
	SHOW("munmap(page 2)", munmap(base + 2 * PG, PG));
	show_maps("maps", base, 8 * PG);
	SHOW("munmap(all, across the hole)", munmap(base, 8 * PG));
	show_maps("after", base, 8 * PG);
	SHOW("munmap(all) again", munmap(base, 8 * PG));
}

static void munmap_split_middle(void)
{
	char *base = reserve(8);
	char *p = fixed_anon(base + 2 * PG, 3 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'm', 3 * PG);
	SHOW("munmap(middle page)", munmap(p + PG, PG));
	show_maps("maps", base, 8 * PG);
	printf("areas: %d\n", count_vmas(p, 3 * PG));
	probe("read page before", p, 'r', 0);
	probe("read hole", p + PG, 'r', 0);
	probe("write hole", p + 2 * PG - 1, 'w', 1);
	probe("read page after", p + 2 * PG + 17, 'r', 0);
	show_mincore("mincore around the hole", p, 1);
	show_mincore("mincore of the hole", p + PG, 1);
}

static void munmap_head_tail(void)
{
	char *base = reserve(10);
	char *p = fixed_anon(base + PG, 8 * PG, PROT_READ | PROT_WRITE);

	for (int i = 0; i < 8; i++)
		p[i * PG] = (char)('0' + i);
	SHOW("munmap(head 2 pages)", munmap(p, 2 * PG));
	SHOW("munmap(tail 3 pages)", munmap(p + 5 * PG, 3 * PG));
	show_maps("maps", base, 10 * PG);
	printf("left: %c %c %c\n", p[2 * PG], p[3 * PG], p[4 * PG]);
	probe("read former head", p + PG, 'r', 0);
	probe("read former tail", p + 5 * PG, 'r', 0);
}

static void munmap_across(void)
{
	char *base = reserve(16);

	fixed_anon(base + 1 * PG, 3 * PG, PROT_READ | PROT_WRITE);
	fixed_anon(base + 4 * PG, 2 * PG, PROT_READ);
	munmap(base + 6 * PG, PG);
	fixed_anon(base + 7 * PG, 4 * PG, PROT_READ | PROT_WRITE | PROT_EXEC);
	int fd = mkfile("f", 8 * PG);
	xmmap(base + 11 * PG, 4 * PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 2 * PG);
	show_maps("before", base, 16 * PG);
	SHOW("munmap(pages 2..12)", munmap(base + 2 * PG, 11 * PG));
	show_maps("after", base, 16 * PG);
	printf("file page left: %c\n", base[13 * PG]);
	close(fd);
	unlink("f");
}

static void munmap_remap_zero(void)
{
	char *base = reserve(4);
	char *p = fixed_anon(base, 4 * PG, PROT_READ | PROT_WRITE);

	memset(p, 0x77, 4 * PG);
	munmap(p + PG, 2 * PG);
	char *q = fixed_anon(p + PG, 2 * PG, PROT_READ | PROT_WRITE);
	printf("remapped pages read zero: %d %d, neighbours kept: %d %d\n",
	       q[0], q[2 * PG - 1], p[0], p[4 * PG - 1]);
	show_maps("maps", base, 4 * PG);
}

static void munmap_shared_anon(void)
{
	char *s = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	memset(s, 's', 4 * PG);
	SHOW("munmap(page 1 of shared anon)", munmap(s + PG, PG));
	show_maps("maps", s, 4 * PG);
	printf("others kept: %c %c %c\n", s[0], s[2 * PG], s[3 * PG]);
	pid_t pid = xfork();
	if (pid == 0) {
		s[2 * PG] = 'c';
		child_exit();
	}
	reap(pid);
	printf("child's write seen: %c\n", s[2 * PG]);
}

static void munmap_file_pgoff(void)
{
	int fd = mkfile("f", 6 * PG);
	char *p = xmmap(NULL, 6 * PG, PROT_READ, MAP_PRIVATE, fd, 0);

	SHOW("munmap(page 0)", munmap(p, PG));
	SHOW("munmap(page 3)", munmap(p + 3 * PG, PG));
	show_maps("maps", p, 6 * PG);
	printf("pages 1 2 4 5: %c %c %c %c\n", p[PG], p[2 * PG], p[4 * PG], p[5 * PG]);
	close(fd);
	unlink("f");
}

static void munmap_then_fault_kills(void)
{
	/* without a handler, touching an unmapped page kills with SIGSEGV */
	char *p = anon(PG, PROT_READ | PROT_WRITE);
	munmap(p, PG);
	pid_t pid = xfork();
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		*(volatile char *)p = 1;
		printf("not reached\n");
		child_exit();
	}
	int st;
	waitpid(pid, &st, 0);
	printf("signaled %d, signal %d\n", WIFSIGNALED(st), WTERMSIG(st));
}

static void munmap_whole_reservation_pieces(void)
{
	/* many small areas, then one munmap over all of them */
	char *base = reserve(64);

	for (int i = 0; i < 64; i += 4)
		fixed_anon(base + i * PG, 2 * PG, i % 8 ? PROT_READ : PROT_READ | PROT_WRITE);
	printf("areas before: %d\n", count_vmas(base, 64 * PG));
	SHOW("munmap(pages 3..60)", munmap(base + 3 * PG, 58 * PG));
	show_maps("after", base, 64 * PG);
}

static void munmap_stack_guard(void)
{
	/* unmapping the brk area's neighbourhood or a piece far away is fine */
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);
	char *q = anon(2 * PG, PROT_READ | PROT_WRITE);
	SHOW("munmap(p) and q together", munmap(p < q ? p : q, 2 * PG) | munmap(p < q ? q : p, 2 * PG));
	printf("areas left: %d %d\n", count_vmas(p, 2 * PG), count_vmas(q, 2 * PG));
}

static const struct utest tests[] = {
	{ "munmap_unaligned", munmap_unaligned },
	{ "munmap_len0", munmap_len0 },
	{ "munmap_bad_range", munmap_bad_range },
	{ "munmap_hole", munmap_hole },
	{ "munmap_split_middle", munmap_split_middle },
	{ "munmap_head_tail", munmap_head_tail },
	{ "munmap_across", munmap_across },
	{ "munmap_remap_zero", munmap_remap_zero },
	{ "munmap_shared_anon", munmap_shared_anon },
	{ "munmap_file_pgoff", munmap_file_pgoff },
	{ "munmap_then_fault_kills", munmap_then_fault_kills },
	{ "munmap_many_pieces", munmap_whole_reservation_pieces },
	{ "munmap_two_areas", munmap_stack_guard },
};

UTEST_MAIN(tests)
