/*
 * tests/user/mm_brk.c - brk and sbrk: current break, grow and shrink, unaligned breaks, limits (start, next mapping, RLIMIT_DATA), [heap] in maps.
 */
#include "mmtest.h"

/* The raw system call: returns the break now in force. */
static char *sys_brk(void *addr)
{
	return (char *)syscall(SYS_brk, addr);
}

static char *page_up(char *p)
{
	return (char *)(((uintptr_t)p + PG - 1) & ~(PG - 1));
}

static void brk_current(void)
{
	char *b = sys_brk(NULL);

	printf("brk(0) == sbrk(0): %d\n", b == sbrk(0));
	printf("brk(0) again unchanged: %d\n", sys_brk(NULL) == b);
	printf("page aligned: %d\n", ((uintptr_t)b & (PG - 1)) == 0);
	printf("brk(1) leaves it: %d\n", sys_brk((void *)1) == b);
	printf("brk(-PG) leaves it: %d\n", sys_brk((void *)-PG) == b);
	printf("brk(1<<47) leaves it: %d\n", sys_brk((void *)(1UL << 47)) == b);
	printf("above the program: %d\n", (uintptr_t)b > (uintptr_t)&brk_current);
}

static void brk_grow_shrink(void)
{
	char *b = page_up(sys_brk(NULL));

	sys_brk(b);
	printf("grow 10 pages: %d\n", sys_brk(b + 10 * PG) == b + 10 * PG);
	memset(b, 'h', 10 * PG);
	printf("shrink to 5 pages: %d\n", sys_brk(b + 5 * PG) == b + 5 * PG);
	probe("read page 7 after shrink", b + 7 * PG, 'r', 0);
	printf("grow to 10 again: %d\n", sys_brk(b + 10 * PG) == b + 10 * PG);
	long nz = 0;
	for (size_t i = 5 * PG; i < 10 * PG; i++)
		nz += b[i] != 0;
	printf("regrown pages: %ld nonzero bytes; kept pages: %c %c\n", nz, b[0], b[5 * PG - 1]);
	show_mincore("mincore", b, 10);
	printf("shrink to start: %d\n", sys_brk(b) == b);
	probe("read first heap page after shrink", b, 'r', 0);
}

static void brk_unaligned(void)
{
	char *b = page_up(sys_brk(NULL));

	sys_brk(b);
	printf("brk(b+100) returns exactly it: %d\n", sys_brk(b + 100) == b + 100);
	printf("brk(0) says b+100: %d\n", sys_brk(NULL) == b + 100);
	probe("write last byte of the page", b + PG - 1, 'w', 'u');
	probe("write next page", b + PG, 'w', 'u');
	printf("brk(b+PG+1): %d\n", sys_brk(b + PG + 1) == b + PG + 1);
	b[PG + 200] = 't';
	/* shrinking within the same page keeps the page and its data */
	printf("brk(b+PG+50): %d\n", sys_brk(b + PG + 50) == b + PG + 50);
	probe("read byte 200 of that page", b + PG + 200, 'r', 0);
	printf("brk(b+PG): %d\n", sys_brk(b + PG) == b + PG);
	probe("read it after shrinking to the page boundary", b + PG + 200, 'r', 0);
}

static void brk_below_start(void)
{
	/* the program text lies below the heap's start in both kernels */
	char *b = sys_brk(NULL);
	char *text = (char *)((uintptr_t)&brk_current & ~(PG - 1));
	char *r = sys_brk(text);

	printf("brk(program text) returns the old break: %d\n", r == b);
	printf("break unchanged: %d\n", sys_brk(NULL) == b);
	/* libc's brk() and sbrk(), like glibc's, see no error in a refused shrink */
	printf("brk() to below start: %d\n", brk(text));
	printf("sbrk(to the text) returns the old break: %d\n", sbrk(-(b - text)) == b);
	printf("break unchanged: %d\n", sys_brk(NULL) == b);
}

static void brk_sbrk(void)
{
	char *b = sbrk(0);
	char *a = sbrk(3 * PG);

	printf("sbrk returns old break: %d\n", a == b);
	printf("new break: %d\n", sbrk(0) == b + 3 * PG);
	memset(a, 's', 3 * PG);
	a = sbrk(-PG);
	printf("sbrk(-PG) returns old: %d, now: %d\n", a == b + 3 * PG, sbrk(0) == b + 2 * PG);
	printf("data: %c %c\n", b[0], b[2 * PG - 1]);
	printf("sbrk(0) matches the system call: %d\n", sbrk(0) == sys_brk(NULL));
	SHOW("brk(sbrk(0) + PG)", brk(b + 3 * PG));
	printf("now: %d\n", sbrk(0) == b + 3 * PG);
}

static void brk_data_survives_fork(void)
{
	char *b = page_up(sys_brk(NULL));

	sys_brk(b + 4 * PG);
	for (size_t i = 0; i < 4 * PG; i++)
		b[i] = (char)(i * 7);
	unsigned long sum = checksum(b, 4 * PG);
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child: same data %d, same break %d\n", checksum(b, 4 * PG) == sum,
		       sys_brk(NULL) == b + 4 * PG);
		memset(b, 0, 4 * PG);
		sys_brk(b);
		printf("child: shrunk %d\n", sys_brk(NULL) == b);
		child_exit();
	}
	reap(pid);
	printf("parent: data intact %d, break %d\n", checksum(b, 4 * PG) == sum,
	       sys_brk(NULL) == b + 4 * PG);
}

static void brk_into_mapping(void)
{
	char *b = page_up(sys_brk(NULL));

	sys_brk(b);
	char *m = mmap(b + 8 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	printf("mapping placed after the break: %d\n", m == b + 8 * PG);
	printf("grow over it fails, returns old: %d\n", sys_brk(b + 16 * PG) == b);
	printf("grow to its start fails: %d\n", sys_brk(b + 8 * PG) == b);
	printf("grow to one page below it: %d\n", sys_brk(b + 7 * PG) == b + 7 * PG);
	printf("grow by one byte more: %d\n", sys_brk(b + 7 * PG + 1) == b + 7 * PG);
	show_maps("maps", b, 9 * PG);
	munmap(m, PG);
	printf("after munmap, grow: %d\n", sys_brk(b + 16 * PG) == b + 16 * PG);
	SHOW("sbrk(1<<46)", sbrk(1L << 46) == (void *)-1 ? -1 : 0);
}

static void brk_rlimit_data(void)
{
	/* the limit covers all private writable memory (about 1 MiB here) */
	struct rlimit old, rl;
	char *b = sys_brk(NULL);

	getrlimit(RLIMIT_DATA, &old);
	rl.rlim_cur = 4UL << 20;
	rl.rlim_max = old.rlim_max;
	SHOW("setrlimit(RLIMIT_DATA, 4 MiB)", setrlimit(RLIMIT_DATA, &rl));
	SHOW("sbrk(8 MiB)", sbrk(8L << 20) == (void *)-1 ? -1 : 0);
	printf("break unchanged: %d\n", sys_brk(NULL) == b);
	printf("brk(+8 MiB) returns the old break: %d\n", sys_brk(b + (8UL << 20)) == b);
	printf("sbrk(PG) works: %d\n", sbrk(PG) == b);
	SHOW("mmap(8 MiB rw private)", mmap(NULL, 8UL << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
	SHOW("mmap(8 MiB read-only private)", mmap(NULL, 8UL << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
	SHOW("mmap(8 MiB rw shared)", mmap(NULL, 8UL << 20, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
	SHOW("setrlimit(RLIMIT_DATA, old)", setrlimit(RLIMIT_DATA, &old));
	printf("sbrk(8 MiB) now: %d\n", sbrk(8L << 20) != (void *)-1);
}

static void brk_heap_in_maps(void)
{
	char *b = page_up(sys_brk(NULL));

	sys_brk(b + 3 * PG);
	b[0] = 1;
	read_maps();
	char *line = strstr(maps_buf, "[heap]");
	printf("[heap] present: %d\n", line != NULL);
	while (line && line > maps_buf && line[-1] != '\n')
		line--;
	unsigned long start, end;
	char perms[8];
	if (line && sscanf(line, "%lx-%lx %7s", &start, &end, perms) == 3)
		printf("[heap] %s, ends at the break: %d\n", perms, end == (uintptr_t)(b + 3 * PG));
	show_maps("last heap pages", b, 4 * PG);
	sys_brk(b + 3 * PG + 10);
	show_maps("grown by 10 bytes", b, 5 * PG);
}

static void brk_segv_above(void)
{
	char *b = page_up(sys_brk(NULL));

	sys_brk(b + 2 * PG);
	b[PG] = 'x';
	sys_brk(b + PG);
	probe("read freed heap page", b + PG, 'r', 0);
	probe("read below the break", b + PG - 1, 'r', 0);
}

static void brk_malloc_small(void)
{
	/* Pagoda's (and glibc's) malloc takes small blocks from the heap */
	char *b = sys_brk(NULL);
	char *p = malloc(100 * 1024);

	printf("malloc(100 KiB) inside the heap: %d\n", p >= b - (1L << 20) && p < (char *)sys_brk(NULL));
	memset(p, 1, 100 * 1024);
	char *q = malloc(1 << 20);
	printf("malloc(1 MiB) outside the heap: %d\n", q < b || q > (char *)sys_brk(NULL));
	free(q);
	free(p);
}

static void brk_zero_after_regrow(void)
{
	/* many rounds of grow, dirty, shrink: new pages always read zero */
	char *b = page_up(sys_brk(NULL));
	long nz = 0;

	for (int round = 0; round < 20; round++) {
		size_t n = (size_t)(1 + round % 7) * PG;
		if (sys_brk(b + n) != b + n) {
			printf("grow failed in round %d\n", round);
			return;
		}
		for (size_t i = 0; i < n; i++)
			nz += b[i] != 0;
		memset(b, 0xee, n);
		sys_brk(b);
	}
	printf("nonzero bytes seen after regrowth: %ld\n", nz);
}

static const struct utest tests[] = {
	{ "brk_current", brk_current },
	{ "brk_grow_shrink", brk_grow_shrink },
	{ "brk_unaligned", brk_unaligned },
	{ "brk_below_start", brk_below_start },
	{ "brk_sbrk", brk_sbrk },
	{ "brk_data_survives_fork", brk_data_survives_fork },
	{ "brk_into_mapping", brk_into_mapping },
	{ "brk_rlimit_data", brk_rlimit_data },
	{ "brk_heap_in_maps", brk_heap_in_maps },
	{ "brk_segv_above", brk_segv_above },
	{ "brk_malloc_small", brk_malloc_small },
	{ "brk_zero_after_regrow", brk_zero_after_regrow },
};

UTEST_MAIN(tests)
