/*
 * tests/user/mm_mremap.c - mremap: every flag and error case, shrink,
 * grow in place, move when blocked, MREMAP_FIXED (also over several VMAs),
 * MREMAP_DONTUNMAP, file and shared mappings, locked mappings, the
 * counters a move leaves alone, and /proc/self/maps after each step.
 * Destinations the kernel chooses are never printed: only whether the
 * mapping moved, and its shape relative to where it is.
 */
#include "mmtest.h"

/* Fault in the next 16 KiB of stack, so that no call between two status
 * reads adds a stack page: on Linux the stack starts at a random offset
 * in its page, and a deeper call crosses into a new page in some runs. */
static void __attribute__((noinline)) touch_stack(void)
{
	volatile char deep[16384];
	for (size_t i = 0; i < sizeof(deep); i += 512)
		deep[i] = 0;
}

/* A /proc/self/status value in kB ("RssAnon", "VmLck", ...), or -1.
 * Resident counts are RssAnon, not VmRSS: VmRSS also counts the program's
 * text, which the first call of a function faults in (fault-around maps
 * what the page cache holds, which depends on the machine's load). */
static long status_kb(const char *key)
{
	touch_stack();
	static char buf[4096];
	memset(buf, 0, sizeof(buf));	/* fault it in before the kernel counts */
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	size_t klen = strlen(key);
	for (char *p = buf; (p = strstr(p, key)); p++)
		if ((p == buf || p[-1] == '\n') && p[klen] == ':')
			return atol(p + klen + 1);
	return -1;
}

/* mremap printed as "what = same|moved|-1 ERRNO"; returns the result. */
static char *remap(const char *what, void *old, size_t old_len, size_t new_len,
		   int flags, void *new_addr)
{
	errno = 0;
	char *r = mremap(old, old_len, new_len, flags, new_addr);
	if (r == MAP_FAILED)
		printf("%s = -1 %s\n", what, errname(errno));
	else if (r == old)
		printf("%s = same place\n", what);
	else if ((flags & MREMAP_FIXED) && r == new_addr)
		printf("%s = new_addr\n", what);
	else
		printf("%s = moved\n", what);
	return r;
}

/* Fill npages at p with page i = c + i. */
static void fill(char *p, size_t npages, int c)
{
	for (size_t i = 0; i < npages; i++)
		memset(p + i * PG, c + (int)i, PG);
}

/* Print the first byte of each page and whether the page is uniform. */
static void show_data(const char *what, char *p, size_t npages)
{
	printf("%s:", what);
	for (size_t i = 0; i < npages; i++) {
		char c = p[i * PG];
		int same = 1;
		for (size_t j = 1; j < PG; j++)
			if (p[i * PG + j] != c) {
				same = 0;
				break;
			}
		printf(" %d%s", c, same ? "" : "!");
	}
	printf("\n");
}

static void errors(void)
{
	char *base = reserve(16);
	char *p = fixed_anon(base, 4 * PG, PROT_READ | PROT_WRITE);

	fixed_anon(base + 4 * PG, 2 * PG, PROT_READ);
	munmap(base + 8 * PG, 8 * PG);
	p[0] = 'x';
	remap("unknown flag 8", p, PG, PG, 8, NULL);
	remap("flags -1", p, PG, PG, -1, NULL);
	remap("unaligned old address", p + 1, PG, PG, 0, NULL);
	remap("new_len 0", p, PG, 0, MREMAP_MAYMOVE, NULL);
	remap("new_len -1", p, PG, (size_t)-1, MREMAP_MAYMOVE, NULL);
	remap("new_len 1 << 47", p, PG, 1UL << 47, MREMAP_MAYMOVE, NULL);
	remap("FIXED without MAYMOVE", p, PG, PG, MREMAP_FIXED, base + 8 * PG);
	remap("DONTUNMAP without MAYMOVE", p, PG, PG, MREMAP_DONTUNMAP, NULL);
	remap("DONTUNMAP resizing", p, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	remap("FIXED unaligned new_addr", p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED,
	      base + 8 * PG + 1);
	remap("DONTUNMAP unaligned hint", p, PG, PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP,
	      base + 8 * PG + 1);
	remap("FIXED overlapping", p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + PG);
	remap("FIXED overlapping, growing", p, 2 * PG, 3 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
	      p + PG);
	remap("FIXED past user space", p, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
	      (void *)((1UL << 47) - PG));
	remap("old range unmapped", base + 8 * PG, PG, 2 * PG, MREMAP_MAYMOVE, NULL);
	remap("old range unmapped, FIXED", base + 8 * PG, PG, PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, base + 12 * PG);
	remap("kernel address", (void *)0xffffffff80000000UL, PG, 2 * PG, MREMAP_MAYMOVE, NULL);
	remap("NULL", NULL, PG, 2 * PG, MREMAP_MAYMOVE, NULL);
	remap("old range spans two VMAs, growing", p, 6 * PG, 7 * PG, MREMAP_MAYMOVE, NULL);
	remap("old range spans two VMAs, same size", p, 6 * PG, 6 * PG, 0, NULL);
	remap("old range past the VMA, growing", p + 2 * PG, 4 * PG, 5 * PG, MREMAP_MAYMOVE, NULL);
	remap("grow blocked, no MAYMOVE", p, 4 * PG, 5 * PG, 0, NULL);
	remap("grow a middle part, no MAYMOVE", p, 2 * PG, 3 * PG, 0, NULL);
	remap("old_len 0 of a private mapping", p, 0, PG, MREMAP_MAYMOVE, NULL);
	remap("grow by 1 TiB (overcommit)", p, 4 * PG, 1UL << 40, MREMAP_MAYMOVE, NULL);
	show_maps("unchanged", base, 16 * PG);
	printf("data: %d\n", p[0]);
}

static void shrink(void)
{
	char *base = reserve(12);
	char *p = fixed_anon(base, 8 * PG, PROT_READ | PROT_WRITE);

	fill(p, 8, 1);
	remap("shrink 8 -> 5 pages", p, 8 * PG, 5 * PG, 0, NULL);
	show_maps("after", base, 12 * PG);
	show_data("data", p, 5);
	probe("read page 5", p + 5 * PG, 'r', 0);
	remap("shrink 5 -> 3 pages, unaligned length", p, 5 * PG, 3 * PG - 100, 0, NULL);
	show_maps("after", base, 12 * PG);
	remap("shrink with MAYMOVE stays", p, 3 * PG, 2 * PG, MREMAP_MAYMOVE, NULL);
	show_maps("after", base, 12 * PG);
	/* a shrink is an unmap of the tail: it may span VMAs */
	fixed_anon(base + 2 * PG, 2 * PG, PROT_READ);
	remap("shrink over two VMAs", p, 4 * PG, 3 * PG, 0, NULL);
	show_maps("after", base, 12 * PG);
	show_data("data", p, 2);
}

static void grow_in_place(void)
{
	char *base = reserve(16);
	char *p = fixed_anon(base, 4 * PG, PROT_READ | PROT_WRITE);

	munmap(base + 4 * PG, 12 * PG);
	fill(p, 4, 1);
	long rss = status_kb("RssAnon"), size = status_kb("VmSize");
	remap("grow 4 -> 6 pages", p, 4 * PG, 6 * PG, 0, NULL);
	show_maps("after", base, 16 * PG);
	printf("VmSize grew by %ld kB, RssAnon by %ld kB\n", status_kb("VmSize") - size,
	       status_kb("RssAnon") - rss);
	show_data("data", p, 6);
	p[5 * PG] = 9;
	/* growing up to a VMA with the same flags merges with it */
	fixed_anon(base + 8 * PG, 2 * PG, PROT_READ | PROT_WRITE);
	remap("grow 6 -> 8 pages, up to a like VMA", p, 6 * PG, 8 * PG, MREMAP_MAYMOVE, NULL);
	show_maps("after", base, 16 * PG);
	/* a different neighbour stays apart */
	fixed_anon(base + 12 * PG, 2 * PG, PROT_READ);
	remap("grow 10 -> 12 pages, up to a read-only VMA", p, 10 * PG, 12 * PG, 0, NULL);
	show_maps("after", base, 16 * PG);
	remap("grow 12 -> 13 pages, blocked", p, 12 * PG, 13 * PG, 0, NULL);
	/* the last pages of a VMA grow in place too */
	munmap(base + 12 * PG, 2 * PG);
	remap("grow the last 2 pages to 4", p + 10 * PG, 2 * PG, 4 * PG, 0, NULL);
	show_maps("after", base, 16 * PG);
}

static void grow_move(void)
{
	char *base = reserve(12);
	char *p = fixed_anon(base, 4 * PG, PROT_READ | PROT_WRITE);

	fixed_anon(base + 4 * PG, PG, PROT_READ);
	fill(p, 4, 1);
	long rss = status_kb("RssAnon"), size = status_kb("VmSize");
	char *q = remap("grow 4 -> 8 pages past a VMA", p, 4 * PG, 8 * PG, MREMAP_MAYMOVE, NULL);
	if (q == MAP_FAILED)
		return;
	printf("VmSize grew by %ld kB, RssAnon by %ld kB\n", status_kb("VmSize") - size,
	       status_kb("RssAnon") - rss);
	show_maps("old place", base, 12 * PG);
	show_maps("new place", q, 8 * PG);
	show_data("data", q, 8);
	probe("read the old place", p, 'r', 0);
	probe("write the new tail", q + 7 * PG, 'w', 7);
	/* a moved VMA's pages are still copy-on-write with a child's */
	pid_t pid = xfork();
	if (pid == 0) {
		q[0] = 'c';
		printf("child wrote %c, reads page 1 %d\n", q[0], q[PG]);
		char *r = remap("child moves it to the old place", q, 8 * PG, 8 * PG,
				MREMAP_MAYMOVE | MREMAP_FIXED, p);
		if (r != MAP_FAILED)
			show_data("child data", r, 2);
		child_exit();
	}
	reap(pid);
	show_data("parent data", q, 2);
}

static void fixed(void)
{
	char *base = reserve(24);
	char *p = fixed_anon(base, 4 * PG, PROT_READ | PROT_WRITE);

	fill(p, 4, 1);
	char *q = remap("FIXED to page 8", p, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
			base + 8 * PG);
	show_maps("after", base, 24 * PG);
	show_data("data", q, 4);
	probe("read the old place", p, 'r', 0);
	/* over a mapping that is there: it is replaced */
	char *o = fixed_anon(base + 16 * PG, 4 * PG, PROT_READ);
	remap("FIXED over a read-only VMA, growing to 6", q, 4 * PG, 6 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, o);
	show_maps("after", base, 24 * PG);
	show_data("data", o, 6);
	remap("FIXED and shrinking 6 -> 2, to page 0", o, 6 * PG, 2 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, base);
	show_maps("after", base, 24 * PG);
	show_data("data", base, 2);
	/* a part of a VMA, to a place inside the same VMA */
	char *v = fixed_anon(base + 8 * PG, 8 * PG, PROT_READ | PROT_WRITE);
	fill(v, 8, 10);
	remap("FIXED pages 0-1 of a VMA to its pages 6-7", v, 2 * PG, 2 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, v + 6 * PG);
	show_maps("after", base, 24 * PG);
	show_data("data", v + 2 * PG, 6);
}

static void fixed_many(void)
{
	char *base = reserve(32);

	fixed_anon(base, 2 * PG, PROT_READ | PROT_WRITE);
	fixed_anon(base + 2 * PG, 2 * PG, PROT_READ);
	munmap(base + 4 * PG, PG);
	fixed_anon(base + 5 * PG, 2 * PG, PROT_READ | PROT_WRITE);
	base[0] = 1;
	base[5 * PG] = 5;
	show_maps("before", base, 32 * PG);
	/* MREMAP_FIXED without a resize moves every VMA, gaps kept */
	remap("FIXED 7 pages, 3 VMAs and a hole, to page 16", base, 7 * PG, 7 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, base + 16 * PG);
	show_maps("after", base, 32 * PG);
	printf("data: %d %d\n", base[16 * PG], base[21 * PG]);
	remap("FIXED starting in a hole", base + 5 * PG, 3 * PG, 3 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, base);
	remap("FIXED from the middle, ending in a VMA", base + 17 * PG, 5 * PG, 5 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, base + 8 * PG);
	show_maps("after", base, 32 * PG);
	remap("the same, growing", base + 22 * PG, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
	      base);
	remap("several VMAs, growing", base + 8 * PG, 5 * PG, 6 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, base + 24 * PG);
	show_maps("after", base, 32 * PG);
}

static void merge(void)
{
	char *base = reserve(12);
	char *a = fixed_anon(base, 4 * PG, PROT_READ | PROT_WRITE);

	fixed_anon(base + 6 * PG, 2 * PG, PROT_READ | PROT_WRITE);
	/* never touched: it takes the offsets of its new place and merges */
	remap("untouched pages 2-3 next to the VMA at 6", a + 2 * PG, 2 * PG, 2 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, base + 4 * PG);
	show_maps("after", base, 12 * PG);
	/* touched: it keeps its offsets and stays apart */
	a[0] = 1;
	remap("touched pages 0-1 next to the VMA at 4", a, 2 * PG, 2 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, base + 2 * PG);
	show_maps("after", base, 12 * PG);
	/* and rejoins where its offsets line up again */
	char *t = fixed_anon(base + 8 * PG, 4 * PG, PROT_READ | PROT_WRITE);
	t[0] = 2;
	t[3 * PG] = 3;
	remap("touched pages 10-11 to 6", t + 2 * PG, 2 * PG, 2 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, base + 6 * PG);
	show_maps("after", base, 12 * PG);
	remap("and back to 10", base + 6 * PG, 2 * PG, 2 * PG,
	      MREMAP_MAYMOVE | MREMAP_FIXED, t + 2 * PG);
	show_maps("after", base, 12 * PG);
	printf("data: %d %d\n", t[0], t[3 * PG]);
}

static void dontunmap(void)
{
	char *base = reserve(16);
	char *p = fixed_anon(base, 4 * PG, PROT_READ | PROT_WRITE);

	munmap(base + 8 * PG, 4 * PG);
	fill(p, 4, 1);
	long rss = status_kb("RssAnon"), size = status_kb("VmSize");
	char *q = remap("DONTUNMAP, hint page 8", p, 4 * PG, 4 * PG,
			MREMAP_MAYMOVE | MREMAP_DONTUNMAP, base + 8 * PG);
	printf("went to the hint: %s\n", q == base + 8 * PG ? "yes" : "no");
	printf("VmSize grew by %ld kB, RssAnon by %ld kB\n", status_kb("VmSize") - size,
	       status_kb("RssAnon") - rss);
	show_maps("after", base, 16 * PG);
	show_mincore("old range resident", p, 4);
	show_data("new data", q, 4);
	show_data("old range reads", p, 4);
	p[0] = 'n';
	printf("old range writable: %c, new still %d\n", p[0], q[0]);
	remap("DONTUNMAP FIXED to page 12", q, 2 * PG, 2 * PG,
	      MREMAP_MAYMOVE | MREMAP_DONTUNMAP | MREMAP_FIXED, base + 12 * PG);
	show_maps("after", base, 16 * PG);
	show_data("moved part", base + 12 * PG, 2);
	show_data("left behind", q, 4);
}

static void file_mapping(void)
{
	int fd = mkfile("f", 8 * PG);
	char *base = reserve(24);
	char *s = xmmap(base, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd,
			2 * PG);

	s[0] = 'S';
	s[PG] = 'T';
	char *n = remap("shared file, FIXED to page 8", s, 4 * PG, 4 * PG,
			MREMAP_MAYMOVE | MREMAP_FIXED, base + 8 * PG);
	show_maps("after", base, 24 * PG);
	printf("new: %c %c %c; file: %c %c\n", n[0], n[PG], n[2 * PG],
	       file_byte(fd, 2 * PG), file_byte(fd, 3 * PG));
	n[2 * PG] = 'U';
	SHOW("msync", msync(n, 4 * PG, MS_SYNC));
	printf("file after a write at the new place: %c\n", file_byte(fd, 4 * PG));
	munmap(base + 12 * PG, 4 * PG);
	remap("grow 4 -> 6 pages in place", n, 4 * PG, 6 * PG, 0, NULL);
	show_maps("after", base, 24 * PG);
	printf("pages 4-5 map file pages 6-7: %c %c\n", n[4 * PG], n[5 * PG]);
	remap("grow 6 -> 8 pages, past the end of the file", n, 6 * PG, 8 * PG, 0, NULL);
	probe("read page 6 (past EOF)", n + 6 * PG, 'r', 0);
	/* private file mapping: the private copies move, the rest is the file's */
	char *q = xmmap(base + 16 * PG, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED,
			fd, 0);
	q[PG] = 'P';
	char *m = remap("private file, grow to 5 with MAYMOVE", q, 4 * PG, 5 * PG,
			MREMAP_MAYMOVE, NULL);
	show_maps("new place", m, 5 * PG);
	printf("private: %c %c %c %c; file page 1: %c\n", m[0], m[PG], m[2 * PG], m[4 * PG],
	       file_byte(fd, PG));
	char *d = remap("private file, DONTUNMAP", m, 2 * PG, 2 * PG,
			MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	printf("moved: %c %c; left behind reads the file again: %c %c\n", d[0], d[PG],
	       m[0], m[PG]);
	close(fd);
	unlink("f");
}

static void shared_anon(void)
{
	char *base = reserve(8);
	char *s = xmmap(base, 4 * PG, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	int to_child[2], to_parent[2];
	char c;

	s[0] = 'a';
	if (pipe(to_child) || pipe(to_parent))
		die("pipe");
	pid_t pid = xfork();
	if (pid == 0) {
		read(to_child[0], &c, 1);	/* the parent has moved it */
		printf("child sees the parent's write: %c\n", s[PG]);
		s[2 * PG] = 'c';
		write(to_parent[1], "x", 1);
		child_exit();
	}
	char *n = remap("shared anonymous, grow 4 -> 6 with MAYMOVE past a VMA", s, 4 * PG,
			6 * PG, MREMAP_MAYMOVE, NULL);
	n[PG] = 'p';
	write(to_child[1], "x", 1);
	read(to_parent[0], &c, 1);
	reap(pid);
	printf("parent sees the child's write at the new place: %c %c\n", n[0], n[2 * PG]);
	show_maps("new place", n, 6 * PG);
	probe("read page 4 (past the object's end)", n + 4 * PG, 'r', 0);
	/* old_len 0 duplicates a shared mapping */
	char *d = remap("old_len 0: a second mapping of the same pages", n, 0, 2 * PG,
			MREMAP_MAYMOVE, NULL);
	if (d == MAP_FAILED)
		return;
	d[0] = 'd';
	printf("through the original: %c %c\n", n[0], n[PG]);
	show_maps("original", n, 2 * PG);
	show_maps("duplicate", d, 2 * PG);
	remap("old_len 0, no MAYMOVE", n, 0, 2 * PG, 0, NULL);
	char *u = remap("shared DONTUNMAP", n, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP,
			NULL);
	u[PG] = 'u';
	printf("left behind still shares: %c %c\n", n[0], n[PG]);
}

/* Moved VMAs stay on the file's reverse map (i_mmap, and the anon_vma of
 * the private copies): a truncate reaches them at the new place, also the
 * pieces an mprotect split off there, and a forked child's copy.  Every
 * page past the new end, private copies included, gets SIGBUS. */
static void reverse_map(void)
{
	int fd = mkfile("r", 8 * PG);
	char *base = reserve(24);
	char *s = xmmap(base, 6 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	char *q = xmmap(base + 8 * PG, 4 * PG, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_FIXED, fd, 0);
	int to_child[2], to_parent[2];
	char c;

	for (int i = 0; i < 6; i++)
		s[i * PG] = (char)('a' + i);
	q[0] = 'P';
	q[3 * PG] = 'Q';
	char *n = remap("shared file, FIXED to page 16", s, 6 * PG, 6 * PG,
			MREMAP_MAYMOVE | MREMAP_FIXED, base + 16 * PG);
	SHOW("mprotect its middle read-only", mprotect(n + 2 * PG, 2 * PG, PROT_READ));
	char *m = remap("private file, FIXED to page 0", q, 4 * PG, 4 * PG,
			MREMAP_MAYMOVE | MREMAP_FIXED, base);
	show_maps("after", base, 24 * PG);
	if (pipe(to_child) || pipe(to_parent))
		die("pipe");
	pid_t pid = xfork();
	if (pid == 0) {
		read(to_child[0], &c, 1);	/* the parent has truncated */
		probe("child: shared page 1", n + PG, 'r', 0);
		probe("child: shared page 2", n + 2 * PG, 'r', 0);
		probe("child: private page 0", m, 'r', 0);
		probe("child: private page 3", m + 3 * PG, 'r', 0);
		write(to_parent[1], "x", 1);
		child_exit();
	}
	SHOW("ftruncate to 2 pages", ftruncate(fd, 2 * PG));
	write(to_child[1], "x", 1);
	read(to_parent[0], &c, 1);
	reap(pid);
	probe("shared page 1", n + PG, 'r', 0);
	probe("shared page 2 (read-only piece)", n + 2 * PG, 'r', 0);
	probe("shared page 5", n + 5 * PG, 'r', 0);
	probe("private page 0 (a copy)", m, 'r', 0);
	probe("private page 3 (a copy past the end)", m + 3 * PG, 'r', 0);
	close(fd);
	unlink("r");
}

static void locked(void)
{
	char *base = reserve(24);
	char *p = fixed_anon(base, 4 * PG, PROT_READ | PROT_WRITE);

	munmap(base + 4 * PG, 4 * PG);
	fill(p, 4, 1);
	SHOW("mlock", mlock(p, 4 * PG));
	printf("VmLck %ld kB\n", status_kb("VmLck"));
	remap("locked, grow 4 -> 6 in place", p, 4 * PG, 6 * PG, 0, NULL);
	printf("VmLck %ld kB\n", status_kb("VmLck"));
	show_mincore("resident", p, 6);
	fixed_anon(base + 6 * PG, PG, PROT_READ);
	char *q = remap("locked, grow 6 -> 8 with MAYMOVE", p, 6 * PG, 8 * PG, MREMAP_MAYMOVE,
			NULL);
	printf("VmLck %ld kB\n", status_kb("VmLck"));
	show_mincore("resident", q, 8);
	show_maps("new place", q, 8 * PG);
	remap("locked, shrink 8 -> 5", q, 8 * PG, 5 * PG, 0, NULL);
	printf("VmLck %ld kB\n", status_kb("VmLck"));
	char *d = remap("locked, DONTUNMAP to page 16", q, 5 * PG, 5 * PG,
			MREMAP_MAYMOVE | MREMAP_DONTUNMAP | MREMAP_FIXED, base + 16 * PG);
	/* Linux's VmLck goes on counting the old range: docs/divergences.md */
	show_data("moved", d, 5);
	show_mincore("moved, resident", d, 5);
	show_data("the old range reads", q, 5);
	SHOW("munlock the new range", munlock(d, 5 * PG));
}

static void counts(void)
{
	size_t n = 256;
	char *p = anon(n * PG, PROT_READ | PROT_WRITE);

	fill(p, n, 0);
	long size = status_kb("VmSize");
	long anon_kb = status_kb("RssAnon"), data = status_kb("VmData");
	char *base = reserve(n + 1);
	long size2 = status_kb("VmSize");
	char *q = remap("1 MiB, FIXED", p, n * PG, n * PG, MREMAP_MAYMOVE | MREMAP_FIXED, base);
	printf("VmSize %+ld kB (the reservation went), RssAnon %+ld kB, "
	       "VmData %+ld kB\n", status_kb("VmSize") - size2,
	       status_kb("RssAnon") - anon_kb, status_kb("VmData") - data);
	printf("VmSize against before the reservation: %+ld kB\n", status_kb("VmSize") - size);
	unsigned long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (unsigned char)q[i * PG] == (i & 0xff);
	printf("pages with their data: %lu of %zu\n", sum, n);
	show_mincore("resident (first 16)", q, 16);
}

static void sparse(void)
{
	size_t len = 4UL << 30;		/* 4 GiB, three pages of it used */
	char *p = xmmap(NULL, len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char *dst = xmmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			  -1, 0);
	size_t at[] = { 0, (1UL << 30) + 5 * PG, len - PG };

	for (int i = 0; i < 3; i++)
		p[at[i]] = (char)('A' + i);
	remap("4 GiB, 3 pages touched, FIXED", p, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	show_maps("new place", dst, len);
	for (int i = 0; i < 3; i++)
		printf("page %zu: %c\n", at[i] / PG, dst[at[i]]);
	probe("read the old place", p + at[1], 'r', 0);
}

static const struct utest tests[] = {
	{ "errors", errors },
	{ "shrink", shrink },
	{ "grow_in_place", grow_in_place },
	{ "grow_move", grow_move },
	{ "fixed", fixed },
	{ "fixed_many", fixed_many },
	{ "merge", merge },
	{ "dontunmap", dontunmap },
	{ "file_mapping", file_mapping },
	{ "shared_anon", shared_anon },
	{ "reverse_map", reverse_map },
	{ "locked", locked },
	{ "counts", counts },
	{ "sparse", sparse },
};

UTEST_MAIN(tests)
