/*
 * tests/user/cow_fork.c - fork and copy-on-write: each side sees its own writes only, across three generations, with shared, file, zero, read-only, heap, stack and big (8 MiB) memory.
 */
#include "mmtest.h"

/* A pipe to order parent and child: wait_for(fd) blocks until signal(fd). */
static int sync_pipe[2][2];

static void sync_init(void)
{
	pipe(sync_pipe[0]);
	pipe(sync_pipe[1]);
}

/* side 0 is the parent, 1 the child */
static void sync_signal(int to)
{
	write(sync_pipe[to][1], "x", 1);
}

static void sync_wait(int me)
{
	char c;

	read(sync_pipe[me][0], &c, 1);
}

static void cow_basic(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	sync_init();
	p[0] = 'P';
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child sees %c\n", p[0]);
		fflush(stdout);
		sync_signal(0);
		sync_wait(1);		/* the parent has written Q */
		printf("child still sees %c\n", p[0]);
		p[0] = 'C';
		printf("child wrote, sees %c\n", p[0]);
		child_exit();
	}
	sync_wait(0);
	p[0] = 'Q';
	sync_signal(1);
	reap(pid);
	printf("parent sees %c\n", p[0]);
}

static void cow_both_write(void)
{
	/* 16 pages, parent and child write alternate pages, then compare */
	char *p = anon(16 * PG, PROT_READ | PROT_WRITE);

	for (int i = 0; i < 16; i++)
		memset(p + i * PG, 'a' + i, PG);
	sync_init();
	pid_t pid = xfork();
	if (pid == 0) {
		for (int i = 1; i < 16; i += 2)
			memset(p + i * PG, 'C', PG);
		sync_signal(0);
		sync_wait(1);
		char s[17];
		for (int i = 0; i < 16; i++)
			s[i] = p[i * PG + 100];
		s[16] = 0;
		printf("child:  %s\n", s);
		child_exit();
	}
	sync_wait(0);
	for (int i = 0; i < 16; i += 2)
		memset(p + i * PG, 'P', PG);
	sync_signal(1);
	reap(pid);
	char s[17];
	for (int i = 0; i < 16; i++)
		s[i] = p[i * PG + 100];
	s[16] = 0;
	printf("parent: %s\n", s);
}

static void cow_three_generations(void)
{
	char *p = anon(3 * PG, PROT_READ | PROT_WRITE);

	memset(p, '0', 3 * PG);
	p[0] = 'G';
	pid_t pid = xfork();
	if (pid == 0) {
		printf("parent gen sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
		p[PG] = 'P';
		pid_t pid2 = xfork();
		if (pid2 == 0) {
			printf("child gen sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
			p[2 * PG] = 'C';
			p[0] = 'c';
			printf("child gen wrote, sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
			child_exit();
		}
		reap(pid2);
		p[0] = 'p';
		printf("parent gen sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
		child_exit();
	}
	reap(pid);
	printf("grandparent sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
	p[2 * PG] = 'g';
	printf("grandparent wrote, sees %c%c%c\n", p[0], p[PG], p[2 * PG]);
}

static void cow_shared_anon(void)
{
	char *s = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	sync_init();
	s[0] = 'P';
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child sees %c\n", s[0]);
		s[0] = 'C';
		s[PG] = 'c';
		fflush(stdout);
		sync_signal(0);
		sync_wait(1);
		printf("child sees the parent's write: %c\n", s[0]);
		child_exit();
	}
	sync_wait(0);
	printf("parent sees the child's writes: %c %c\n", s[0], s[PG]);
	s[0] = 'Q';
	fflush(stdout);
	sync_signal(1);
	reap(pid);
}

static void cow_shared_anon_grandchild(void)
{
	char *s = xmmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid = xfork();

	if (pid == 0) {
		pid_t pid2 = xfork();
		if (pid2 == 0) {
			s[0] = 'g';
			child_exit();
		}
		reap(pid2);
		s[1] = 'c';
		child_exit();
	}
	reap(pid);
	printf("parent sees %c %c\n", s[0], s[1]);
	/* shared pages untouched before fork are shared too */
	char *t = xmmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid = xfork();
	if (pid == 0) {
		t[3 * PG] = 'u';
		child_exit();
	}
	reap(pid);
	printf("untouched shared page written by the child: %c\n", t[3 * PG]);
}

static void cow_private_file(void)
{
	int fd = mkfile("f", 2 * PG);
	char *f = xmmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	f[0] = 'P';
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child sees %c %c\n", f[0], f[PG]);
		f[0] = 'C';
		f[PG] = 'C';
		printf("child wrote, sees %c %c\n", f[0], f[PG]);
		child_exit();
	}
	reap(pid);
	printf("parent sees %c %c, file %c %c\n", f[0], f[PG], file_byte(fd, 0), file_byte(fd, PG));
	close(fd);
	unlink("f");
}

static void cow_private_after_fork(void)
{
	/* mappings made after fork belong to one side only */
	pid_t pid = xfork();
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = pid == 0 ? 'C' : 'P';
	if (pid == 0) {
		printf("child's own mapping: %c\n", p[0]);
		child_exit();
	}
	reap(pid);
	printf("parent's own mapping: %c\n", p[0]);
}

static void cow_after_sharer_exit(void)
{
	char *p = anon(4 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'a', 4 * PG);
	pid_t pid = xfork();
	if (pid == 0)
		child_exit();
	reap(pid);
	/* the child is gone: writing reuses or copies, the data is right */
	p[0] = 'b';
	p[PG] = 'c';
	printf("parent: %c %c %c\n", p[0], p[PG], p[2 * PG]);
	pid = xfork();
	if (pid == 0) {
		printf("second child: %c %c %c\n", p[0], p[PG], p[2 * PG]);
		p[2 * PG] = 'd';
		child_exit();
	}
	reap(pid);
	printf("parent: %c %c %c\n", p[0], p[PG], p[2 * PG]);
}

static void cow_child_outlives(void)
{
	/* the parent writes and exits first; the child still sees the old data */
	char *p = anon(PG, PROT_READ | PROT_WRITE);
	int res[2];

	pipe(res);
	p[0] = 'o';
	pid_t pid = xfork();
	if (pid == 0) {
		sync_init();
		pid_t pid2 = xfork();
		if (pid2 == 0) {
			sync_wait(1);
			char buf[2] = { p[0], 0 };
			p[0] = 'n';
			buf[1] = p[0];
			write(res[1], buf, 2);
			_exit(0);
		}
		p[0] = 'x';	/* parent writes, then exits without waiting */
		sync_signal(1);
		_exit(0);
	}
	reap(pid);
	char buf[2];
	if (read(res[0], buf, 2) == 2)
		printf("grandchild saw %c, then wrote %c\n", buf[0], buf[1]);
	printf("original: %c\n", p[0]);
}

static void cow_big(void)
{
	size_t len = 8UL << 20;
	char *p = anon(len, PROT_READ | PROT_WRITE);

	for (size_t i = 0; i < len; i += 8)
		*(unsigned long *)(p + i) = i * 0x9e3779b97f4a7c15UL;
	unsigned long sum = checksum(p, len);
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child: same checksum %d\n", checksum(p, len) == sum);
		for (size_t i = 0; i < len / 2; i += PG)
			p[i] ^= 0x55;
		printf("child: changed checksum %d\n", checksum(p, len) != sum);
		for (size_t i = 0; i < len / 2; i += PG)
			p[i] ^= 0x55;
		printf("child: restored %d\n", checksum(p, len) == sum);
		child_exit();
	}
	for (size_t i = len / 2; i < len; i += PG)
		p[i + 1] ^= 0x33;
	reap(pid);
	printf("parent: changed %d\n", checksum(p, len) != sum);
	for (size_t i = len / 2; i < len; i += PG)
		p[i + 1] ^= 0x33;
	printf("parent: restored %d\n", checksum(p, len) == sum);
}

static void cow_zero_page(void)
{
	char *p = anon(2 * PG, PROT_READ | PROT_WRITE);

	printf("read before fork: %d\n", p[0]);
	pid_t pid = xfork();
	if (pid == 0) {
		p[0] = 'z';
		printf("child wrote %c, other page %d\n", p[0], p[PG]);
		child_exit();
	}
	reap(pid);
	printf("parent still reads %d\n", p[0]);
	p[PG] = 'w';
	printf("parent writes %c\n", p[PG]);
}

static void cow_readonly_page(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = 'r';
	mprotect(p, PG, PROT_READ);
	pid_t pid = xfork();
	if (pid == 0) {
		probe("child writes read-only", p, 'w', 'x');
		mprotect(p, PG, PROT_READ | PROT_WRITE);
		p[0] = 'c';
		printf("child after mprotect: %c\n", p[0]);
		child_exit();
	}
	reap(pid);
	printf("parent: %c\n", p[0]);
	probe("parent writes read-only", p, 'w', 'x');
	mprotect(p, PG, PROT_READ | PROT_WRITE);
	p[0] = 'p';
	printf("parent after mprotect: %c\n", p[0]);
}

static void cow_munmap_in_child(void)
{
	char *p = anon(3 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'm', 3 * PG);
	pid_t pid = xfork();
	if (pid == 0) {
		munmap(p + PG, PG);
		probe("child reads unmapped", p + PG, 'r', 0);
		printf("child areas: %d\n", count_vmas(p, 3 * PG));
		child_exit();
	}
	reap(pid);
	printf("parent: %c %c %c, areas %d\n", p[0], p[PG], p[2 * PG], count_vmas(p, 3 * PG));
}

static void cow_heap_and_stack(void)
{
	char stack_buf[3000];
	char *heap = malloc(5000);
	static char data_buf[5000] = { 1 };
	static char bss_buf[5000];

	memset(stack_buf, 's', sizeof(stack_buf));
	memset(heap, 'h', 5000);
	memset(data_buf, 'd', sizeof(data_buf));
	memset(bss_buf, 'b', sizeof(bss_buf));
	pid_t pid = xfork();
	if (pid == 0) {
		printf("child sees %c %c %c %c\n", stack_buf[10], heap[4999], data_buf[4000], bss_buf[0]);
		stack_buf[10] = heap[4999] = data_buf[4000] = bss_buf[0] = 'C';
		printf("child wrote %c %c %c %c\n", stack_buf[10], heap[4999], data_buf[4000], bss_buf[0]);
		child_exit();
	}
	reap(pid);
	printf("parent sees %c %c %c %c\n", stack_buf[10], heap[4999], data_buf[4000], bss_buf[0]);
	free(heap);
}

static void cow_many_children(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = 0;
	for (int i = 0; i < 10; i++) {
		pid_t pid = xfork();
		if (pid == 0) {
			p[0] += (char)(i + 1);
			p[1] = 'k';
			printf("child %d sees %d\n", i, p[0]);
			child_exit();
		}
		reap(pid);
		p[0] += 100 / 10;
	}
	printf("parent sees %d %d\n", p[0], p[1]);
	/* ten children at once */
	pid_t pids[10];
	int res[2];
	pipe(res);
	for (int i = 0; i < 10; i++) {
		pids[i] = xfork();
		if (pids[i] == 0) {
			for (int j = 0; j < 1000; j++)
				p[j] = (char)i;
			int ok = 1;
			for (int j = 0; j < 1000; j++)
				ok &= p[j] == (char)i;
			write(res[1], ok ? "y" : "n", 1);
			_exit(0);
		}
	}
	for (int i = 0; i < 10; i++)
		reap(pids[i]);
	char buf[11] = { 0 };
	read(res[0], buf, 10);
	int yes = 0;
	for (int i = 0; i < 10; i++)
		yes += buf[i] == 'y';
	printf("children that saw only their own writes: %d; parent %d %d\n", yes, p[0], p[999]);
}

static void cow_maps_inherited(void)
{
	char *base = reserve(8);
	fixed_anon(base + PG, 2 * PG, PROT_READ | PROT_WRITE);
	fixed_anon(base + 4 * PG, PG, PROT_READ);
	int fd = mkfile("f", 2 * PG);
	xmmap(base + 5 * PG, 2 * PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
	close(fd);
	show_maps("parent", base, 8 * PG);
	pid_t pid = xfork();
	if (pid == 0) {
		show_maps("child ", base, 8 * PG);
		child_exit();
	}
	reap(pid);
	unlink("f");
}

static void cow_dontneed_in_child(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = 'd';
	pid_t pid = xfork();
	if (pid == 0) {
		madvise(p, PG, MADV_DONTNEED);
		printf("child after DONTNEED: %d\n", p[0]);
		child_exit();
	}
	reap(pid);
	printf("parent: %c\n", p[0]);
}

static void cow_exit_without_touching(void)
{
	/* 100 children that exit at once: no write reaches the parent */
	char *p = anon(64 * PG, PROT_READ | PROT_WRITE);

	for (size_t i = 0; i < 64 * PG; i += PG)
		p[i] = (char)(i / PG);
	for (int i = 0; i < 100; i++) {
		pid_t pid = xfork();
		if (pid == 0)
			_exit(0);
		reap(pid);
	}
	long sum = 0;
	for (size_t i = 0; i < 64 * PG; i += PG)
		sum += p[i];
	printf("sum %ld\n", sum);
	for (size_t i = 0; i < 64 * PG; i += PG)
		p[i] = 1;
	sum = 0;
	for (size_t i = 0; i < 64 * PG; i += PG)
		sum += p[i];
	printf("after writing: %ld\n", sum);
}

static const struct utest tests[] = {
	{ "cow_basic", cow_basic },
	{ "cow_both_write", cow_both_write },
	{ "cow_three_generations", cow_three_generations },
	{ "cow_shared_anon", cow_shared_anon },
	{ "cow_shared_anon_grandchild", cow_shared_anon_grandchild },
	{ "cow_private_file", cow_private_file },
	{ "cow_private_after_fork", cow_private_after_fork },
	{ "cow_after_sharer_exit", cow_after_sharer_exit },
	{ "cow_child_outlives", cow_child_outlives },
	{ "cow_big", cow_big },
	{ "cow_zero_page", cow_zero_page },
	{ "cow_readonly_page", cow_readonly_page },
	{ "cow_munmap_in_child", cow_munmap_in_child },
	{ "cow_heap_and_stack", cow_heap_and_stack },
	{ "cow_many_children", cow_many_children },
	{ "cow_maps_inherited", cow_maps_inherited },
	{ "cow_dontneed_in_child", cow_dontneed_in_child },
	{ "cow_exit_without_touching", cow_exit_without_touching },
};

UTEST_MAIN(tests)
