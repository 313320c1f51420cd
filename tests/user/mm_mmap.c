/*
 * tests/user/mm_mmap.c - mmap: LTP-style error cases, MAP_* flags, faults on protected and unmapped pages, MAP_FIXED/NOREPLACE, area counts, the max_map_count limit.
 */
#include "mmtest.h"

static void mmap_len0(void)
{
	int fd = mkfile("f", PG);

	SHOW("mmap(anon, len 0)", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	SHOW("mmap(shared anon, len 0)", mmap(NULL, 0, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	SHOW("mmap(file, len 0)", mmap(NULL, 0, PROT_READ, MAP_SHARED, fd, 0));
	close(fd);
	unlink("f");
}

static void mmap_unaligned_offset(void)
{
	int fd = mkfile("f", 4 * PG);

	SHOW("mmap(file, off 100)", mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 100));
	SHOW("mmap(file, off PG+1)", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG + 1));
	SHOW("mmap(anon, off 100)", mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100));
	char *p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 2 * PG);
	printf("mmap(anon, off 2*PG) ok: %d\n", p != MAP_FAILED);
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 2 * PG);
	printf("mmap(file, off 2*PG) ok: %d, byte %c\n", p != MAP_FAILED, p[0]);
	close(fd);
	unlink("f");
}

static void mmap_unaligned_fixed(void)
{
	char *base = reserve(8);

	SHOW("mmap(FIXED, base+1)", mmap(base + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	SHOW("mmap(FIXED, base+PG/2)", mmap(base + PG / 2, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	SHOW("mmap(FIXED_NOREPLACE, base+1)", mmap(base + 1, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
	show_maps("maps unchanged", base, 8 * PG);
	/* without MAP_FIXED an unaligned hint is only a hint */
	munmap(base, 8 * PG);
	char *p = mmap(base + PG + 7, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("unaligned hint: ok %d, page aligned %d\n", p != MAP_FAILED,
	       ((uintptr_t)p & (PG - 1)) == 0);
}

static void mmap_map_type(void)
{
	int fd = mkfile("f", PG);
	char *p;

	SHOW("mmap(anon, neither PRIVATE nor SHARED)", mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0));
	SHOW("mmap(file, neither PRIVATE nor SHARED)", mmap(NULL, PG, PROT_READ, 0, fd, 0));
	SHOW("mmap(anon, type 4)", mmap(NULL, PG, PROT_READ, 4 | MAP_ANONYMOUS, -1, 0));
	SHOW("mmap(anon, type 15)", mmap(NULL, PG, PROT_READ, 15 | MAP_ANONYMOUS, -1, 0));
	SHOW("mmap(file, type 5)", mmap(NULL, PG, PROT_READ, 5, fd, 0));
	/* PRIVATE|SHARED is MAP_SHARED_VALIDATE: a shared mapping */
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_SHARED, fd, 0);
	printf("mmap(file, PRIVATE|SHARED) ok: %d\n", p != MAP_FAILED);
	if (p != MAP_FAILED) {
		p[0] = 'S';
		printf("write through it visible to pread: %c\n", file_byte(fd, 0));
	}
	/* ... but anonymous memory knows only SHARED and PRIVATE */
	SHOW("mmap(anon, SHARED_VALIDATE)", mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0));
	close(fd);
	unlink("f");
}

static void mmap_shared_validate(void)
{
	int fd = mkfile("f", PG);
	char *p;

	SHOW("mmap(file, SHARED_VALIDATE|0x200)", mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | 0x200, fd, 0));
	SHOW("mmap(file, SHARED_VALIDATE|0x400)", mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | 0x400, fd, 0));
	SHOW("mmap(file, SHARED_VALIDATE|MAP_SYNC)", mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, fd, 0));
	SHOW("mmap(anon, SHARED_VALIDATE|0x400)", mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x400, -1, 0));
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED | 0x400, fd, 0);
	printf("mmap(file, SHARED|0x400) ok: %d\n", p != MAP_FAILED);
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | 0x400, fd, 0);
	printf("mmap(file, PRIVATE|0x400) ok: %d\n", p != MAP_FAILED);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | MAP_POPULATE | MAP_NORESERVE, fd, 0);
	printf("mmap(file, SHARED_VALIDATE|POPULATE|NORESERVE) ok: %d, byte %c\n",
	       p != MAP_FAILED, p != MAP_FAILED ? p[0] : '?');
	close(fd);
	unlink("f");
}

static void mmap_huge_length(void)
{
	SHOW("mmap(len -1)", mmap(NULL, (size_t)-1, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	SHOW("mmap(len -PG)", mmap(NULL, (size_t)-PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	SHOW("mmap(len 1<<47)", mmap(NULL, 1UL << 47, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	SHOW("mmap(len 1<<62)", mmap(NULL, 1UL << 62, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0));
	/* overcommit heuristic: 1 TiB of writable private memory is refused */
	SHOW("mmap(1 TiB, rw private)", mmap(NULL, 1UL << 40, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	SHOW("mmap(FIXED at 1<<47 - PG, 2 pages)", mmap((void *)((1UL << 47) - PG), 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
	SHOW("mmap(FIXED at 1<<47)", mmap((void *)(1UL << 47), PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
}

static void mmap_noreserve(void)
{
	/* not accounted: 1 TiB is fine, whether writable or not */
	char *p = mmap(NULL, 1UL << 40, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	printf("1 TiB rw NORESERVE ok: %d\n", p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
	p[0] = 1;
	p[(1UL << 40) - 1] = 2;
	p[1UL << 39] = 3;
	printf("touched 3 pages: %d %d %d\n", p[0], p[(1UL << 40) - 1], p[1UL << 39]);
	show_mincore("first pages", p, 4);
	SHOW("munmap", munmap(p, 1UL << 40));
	p = mmap(NULL, 1UL << 40, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("1 TiB read-only (not accounted) ok: %d\n", p != MAP_FAILED);
	printf("reads zero: %d\n", p[12345678] == 0);
}

static void mmap_bad_fd(void)
{
	SHOW("mmap(fd -1, no ANONYMOUS)", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, -1, 0));
	SHOW("mmap(fd 99)", mmap(NULL, PG, PROT_READ, MAP_SHARED, 99, 0));
	SHOW("mmap(fd 99999)", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99999, 0));
	int fd = mkfile("f", PG);
	close(fd);
	SHOW("mmap(closed fd)", mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0));
	char *p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, 99, 0);
	printf("ANONYMOUS ignores fd 99: %d\n", p != MAP_FAILED);
	unlink("f");
}

static void mmap_eacces(void)
{
	int fd = mkfile("f", PG);
	close(fd);
	int ro = open("f", O_RDONLY), wo = open("f", O_WRONLY);
	int ap = open("f", O_RDWR | O_APPEND);
	char *p;

	SHOW("O_RDONLY, SHARED, PROT_WRITE", mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
	SHOW("O_RDONLY, SHARED, PROT_WRITE only", mmap(NULL, PG, PROT_WRITE, MAP_SHARED, ro, 0));
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
	printf("O_RDONLY, SHARED, PROT_READ ok: %d\n", p != MAP_FAILED);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	printf("O_RDONLY, PRIVATE, PROT_WRITE ok: %d\n", p != MAP_FAILED);
	SHOW("O_WRONLY, PRIVATE, PROT_READ", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0));
	SHOW("O_WRONLY, SHARED, PROT_WRITE", mmap(NULL, PG, PROT_WRITE, MAP_SHARED, wo, 0));
	SHOW("O_WRONLY, SHARED, PROT_NONE", mmap(NULL, PG, PROT_NONE, MAP_SHARED, wo, 0));
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ap, 0);
	printf("O_RDWR|O_APPEND, SHARED, PROT_WRITE ok: %d\n", p != MAP_FAILED);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, ap, 0);
	printf("O_RDWR|O_APPEND, SHARED, PROT_READ ok: %d\n", p != MAP_FAILED);
	close(ro);
	close(wo);
	close(ap);
	unlink("f");
}

static void mmap_not_mappable(void)
{
	int p[2];
	int d = open(".", O_RDONLY | O_DIRECTORY);

	pipe(p);
	SHOW("mmap(directory)", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, d, 0));
	SHOW("mmap(pipe)", mmap(NULL, PG, PROT_READ, MAP_SHARED, p[0], 0));
	close(d);
}

static void mmap_fixed_replace(void)
{
	char *base = reserve(8);
	char *a = fixed_anon(base + 2 * PG, 3 * PG, PROT_READ | PROT_WRITE);

	memset(a, 'A', 3 * PG);
	show_maps("before", base, 8 * PG);
	char *b = xmmap(base + 3 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED returned the address: %d\n", b == base + 3 * PG);
	printf("bytes at pages 2,3,4: %d %d %d\n", a[0], a[PG], a[2 * PG]);
	show_maps("after", base, 8 * PG);
	/* a FIXED mapping with other protections splits the old one */
	xmmap(base + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	show_maps("after read-only FIXED at page 2", base, 8 * PG);
	probe("write page 2", base + 2 * PG, 'w', 1);
	/* FIXED over the whole range including the reserved pages around it */
	xmmap(base + PG, 6 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	show_maps("after FIXED over pages 1-6", base, 8 * PG);
	printf("page 4 byte: %d\n", base[4 * PG]);
}

static void mmap_fixed_noreplace(void)
{
	char *base = reserve(8);
	char *p;

	SHOW("NOREPLACE over reserved", mmap(base + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
	munmap(base + 2 * PG, 4 * PG);
	p = mmap(base + 2 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	printf("NOREPLACE into a hole: at the address %d\n", p == base + 2 * PG);
	p[0] = 'x';
	SHOW("NOREPLACE exactly over it", mmap(base + 2 * PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
	SHOW("NOREPLACE overlapping its end", mmap(base + 3 * PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
	SHOW("NOREPLACE overlapping its start", mmap(base + PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
	SHOW("NOREPLACE covering it", mmap(base + PG, 6 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
	printf("old contents kept: %c\n", p[0]);
	p = mmap(base + 4 * PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	printf("NOREPLACE into the rest of the hole: at the address %d\n", p == base + 4 * PG);
	show_maps("maps", base, 8 * PG);
}

static void mmap_hint(void)
{
	char *base = reserve(16);
	char *p;

	munmap(base, 16 * PG);
	p = mmap(base + 4 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("free hint honoured: %d\n", p == base + 4 * PG);
	char *q = mmap(base + 5 * PG, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("occupied hint: mapped %d, at the hint %d, overlaps %d\n", q != MAP_FAILED,
	       q == base + 5 * PG, q < base + 6 * PG && q + 2 * PG > base + 4 * PG);
	p[PG] = 'k';
	printf("old mapping intact: %c\n", p[PG]);
	/* a hint in the non-canonical range is ignored, not an error */
	q = mmap((void *)(1UL << 48), PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("hint above user space: mapped %d, below 1<<47 %d\n", q != MAP_FAILED,
	       (uintptr_t)q < (1UL << 47));
}

static void mmap_populate(void)
{
	char *p = xmmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	show_mincore("anon POPULATE", p, 8);
	printf("zero: %d\n", p[3 * PG + 5] == 0);
	char *q = anon(8 * PG, PROT_READ | PROT_WRITE);
	show_mincore("anon plain", q, 8);
	char *s = xmmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	show_mincore("shared anon POPULATE", s, 8);
	int fd = mkfile("f", 4 * PG);
	char *f = xmmap(NULL, 4 * PG, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	show_mincore("file POPULATE", f, 4);
	printf("file bytes: %c %c\n", f[0], f[3 * PG]);
	close(fd);
	unlink("f");
}

static void mmap_growsdown(void)
{
	char *base = reserve(1024);
	char *top = base + 1020 * PG;

	munmap(base, 1020 * PG);
	char *s = xmmap(top, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0);
	printf("at the address: %d\n", s == top);
	show_maps("new", base, 1024 * PG);
	s[0] = 'g';
	probe("write one page below", top - PG, 'w', 'h');
	show_maps("grown by 1", base, 1024 * PG);
	probe("write 10 pages below", top - 10 * PG, 'w', 'i');
	show_maps("grown by 10", base, 1024 * PG);
	probe("read 5 pages below", top - 5 * PG, 'r', 0);
	printf("data: %c %c %c\n", top[0], top[-PG], top[-10 * PG]);
	show_mincore("mincore of the grown part", top - 10 * PG, 10);
}

static void mmap_growsdown_guard(void)
{
	/* growth stops at the stack guard gap below (256 pages on Linux) */
	char *base = reserve(64);
	munmap(base + 16 * PG, 44 * PG);
	mprotect(base, 16 * PG, PROT_READ);	/* an inaccessible area has no gap */
	char *s = xmmap(base + 60 * PG, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0);
	probe("write one page below, 43 free pages then a mapping", s - PG, 'w', 1);
	show_maps("maps", base, 64 * PG);
}

static void mmap_stack_flag(void)
{
	char *p = xmmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	p[16 * PG - 1] = 's';
	printf("zero and writable: %d %c\n", p[0], p[16 * PG - 1]);
	show_maps("maps", p, 16 * PG);
	probe("below a MAP_STACK mapping does not grow", p - PG, 'w', 1);
}

static void mmap_locked_flag(void)
{
	char *p = xmmap(NULL, 6 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	show_mincore("MAP_LOCKED", p, 6);
	printf("zero: %d\n", p[5 * PG] == 0);
	SHOW("munlock", munlock(p, 6 * PG));
}

static void mmap_anon_zero(void)
{
	char *p = anon(64 * PG, PROT_READ | PROT_WRITE);
	char *s = xmmap(NULL, 64 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long nz = 0, nzs = 0;

	for (size_t i = 0; i < 64 * PG; i++) {
		nz += p[i] != 0;
		nzs += s[i] != 0;
	}
	printf("private: %ld nonzero bytes, shared: %ld nonzero bytes\n", nz, nzs);
	memset(s, 0x5a, 64 * PG);
	memset(p, 0xa5, 64 * PG);
	printf("written: %d %d\n", (unsigned char)s[64 * PG - 1], (unsigned char)p[64 * PG - 1]);
	munmap(p, 64 * PG);
	munmap(s, 64 * PG);
	p = anon(64 * PG, PROT_READ | PROT_WRITE);
	s = xmmap(NULL, 64 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	nz = nzs = 0;
	for (size_t i = 0; i < 64 * PG; i++) {
		nz += p[i] != 0;
		nzs += s[i] != 0;
	}
	printf("after unmap and remap: %ld %ld nonzero bytes\n", nz, nzs);
}

static void mmap_prot_none_access(void)
{
	char *p = anon(2 * PG, PROT_NONE);

	probe("read PROT_NONE", p, 'r', 0);
	probe("write PROT_NONE", p + PG + 7, 'w', 1);
	show_mincore("mincore", p, 2);
}

static void mmap_readonly_write(void)
{
	char *p = anon(PG, PROT_READ);

	probe("read PROT_READ", p + 100, 'r', 0);
	probe("write PROT_READ", p + 100, 'w', 1);
	probe("read again", p + 100, 'r', 0);
	int fd = mkfile("f", PG);
	char *f = xmmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	probe("write read-only shared file map", f, 'w', 1);
	printf("file byte: %c\n", file_byte(fd, 0));
	close(fd);
	unlink("f");
}

static void mmap_exec_readonly(void)
{
	char *p = anon(PG, PROT_READ | PROT_WRITE);

	p[0] = (char)0xc3;	/* ret */
	mprotect(p, PG, PROT_READ);
	probe("exec PROT_READ", p, 'x', 0);
	mprotect(p, PG, PROT_READ | PROT_EXEC);
	probe("exec PROT_READ|PROT_EXEC", p, 'x', 0);
	mprotect(p, PG, PROT_EXEC);
	probe("exec PROT_EXEC", p, 'x', 0);
	mprotect(p, PG, PROT_NONE);
	probe("exec PROT_NONE", p, 'x', 0);
	char *q = xmmap(NULL, PG, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	q[0] = (char)0xc3;
	probe("exec rwx", q, 'x', 0);
}

static void mmap_after_munmap(void)
{
	char *p = anon(3 * PG, PROT_READ | PROT_WRITE);

	p[PG] = 1;
	munmap(p, 3 * PG);
	probe("read unmapped", p + PG, 'r', 0);
	probe("write unmapped", p + 2 * PG, 'w', 1);
	probe("read address 0", (char *)0, 'r', 0);
	probe("read 0x800000000000", (char *)0x800000000000UL, 'r', 0);
}

static void mmap_many(void)
{
	/* 1000 one-page mappings of alternating protection in a reservation */
	char *base = reserve(1000);
	int failed = 0;

	for (int i = 0; i < 1000; i++) {
		void *p = mmap(base + i * PG, PG, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		failed += p != base + i * PG;
	}
	printf("failed: %d, areas: %d\n", failed, count_vmas(base, 1000 * PG));
	for (int i = 0; i < 1000; i += 2)
		base[i * PG] = (char)i;
	long sum = 0;
	for (int i = 0; i < 1000; i++)
		sum += (unsigned char)base[i * PG];
	printf("sum %ld\n", sum);
	SHOW("munmap all", munmap(base, 1000 * PG));
	printf("areas after: %d\n", count_vmas(base, 1000 * PG));
	/* 1000 mappings placed by the kernel, then unmapped one by one */
	static char *ptrs[1000];
	for (int i = 0; i < 1000; i++)
		ptrs[i] = anon(PG, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE);
	int distinct = 1;
	for (int i = 1; i < 1000; i++)
		distinct += ptrs[i] != ptrs[i - 1];
	printf("distinct addresses: %d\n", distinct);
	failed = 0;
	for (int i = 0; i < 1000; i++)
		failed += munmap(ptrs[i], PG) != 0;
	int left = 0;
	for (int i = 0; i < 1000; i++)
		left += count_vmas(ptrs[i], PG);
	printf("munmap failures %d, left %d\n", failed, left);
}

static void mmap_map_count_limit(void)
{
	/*
	 * max_map_count is 65530.  Split a reservation page by page (+2 areas
	 * each), then take single pages off the end of a second one (+1 each)
	 * until a split is refused: then exactly the limit is in use.
	 */
	size_t npages = 70000;
	char *victim = anon(3 * PG, PROT_READ | PROT_WRITE);
	char *base = reserve(npages);
	char *base2 = reserve(4000);
	size_t i, j;
	int err = 0, err2 = 0;

	for (i = 1; 2 * i < npages - 1; i++) {
		if (mprotect(base + 2 * i * PG, PG, PROT_READ) < 0) {
			err = errno;
			break;
		}
	}
	for (j = 1; j < 4000; j++) {
		if (mprotect(base2 + (4000 - j) * PG, PG, j % 2 ? PROT_READ : PROT_READ | PROT_WRITE) < 0) {
			err2 = errno;
			break;
		}
	}
	printf("splitting stopped: %s, after more than 30000: %d, single pages then: %s, %d\n",
	       errname(err), i > 30000, errname(err2), j < 3);
	SHOW("mprotect splitting again", mprotect(base2 + 100 * PG, PG, PROT_READ));
	SHOW("munmap splitting an area", munmap(victim + PG, PG));
	/* mmap checks "more than the limit": one more is allowed, not two */
	char *s1 = mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	printf("shared anon at the limit: ok %d\n", s1 != MAP_FAILED);
	SHOW("one more", mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
	SHOW("munmap all", munmap(base, npages * PG));
	char *p = mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	printf("mmap after: ok %d\n", p != MAP_FAILED);
	SHOW("munmap splitting now", munmap(victim + PG, PG));
}

static void mmap_flag_combinations(void)
{
	int fd = mkfile("f", PG);
	char *p;

	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	printf("MAP_32BIT: ok %d, below 2 GiB %d\n", p != MAP_FAILED, (uintptr_t)p < (1UL << 31));
	SHOW("GROWSDOWN|SHARED anon", mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0));
	SHOW("GROWSDOWN|SHARED file", mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_GROWSDOWN, fd, 0));
	SHOW("GROWSDOWN|PRIVATE file", mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_GROWSDOWN, fd, 0) == MAP_FAILED ? -1 : 0);
	p = mmap(NULL, PG, PROT_READ | 0x8, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("prot with PROT_SEM (0x8): ok %d\n", p != MAP_FAILED);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE, -1, 0);
	printf("DENYWRITE|EXECUTABLE ignored: ok %d\n", p != MAP_FAILED);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_UNINITIALIZED, -1, 0);
	printf("UNINITIALIZED ignored: ok %d, zero %d\n", p != MAP_FAILED, p != MAP_FAILED && p[100] == 0);
	p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_NONBLOCK, -1, 0);
	printf("POPULATE|NONBLOCK: ok %d\n", p != MAP_FAILED);
	p = mmap(NULL, PG, PROT_NONE, MAP_SHARED, fd, 0);
	printf("PROT_NONE shared file: ok %d\n", p != MAP_FAILED);
	probe("read it", p, 'r', 0);
	close(fd);
	unlink("f");
}

static const struct utest tests[] = {
	{ "mmap_len0", mmap_len0 },
	{ "mmap_unaligned_offset", mmap_unaligned_offset },
	{ "mmap_unaligned_fixed", mmap_unaligned_fixed },
	{ "mmap_map_type", mmap_map_type },
	{ "mmap_shared_validate", mmap_shared_validate },
	{ "mmap_huge_length", mmap_huge_length },
	{ "mmap_noreserve", mmap_noreserve },
	{ "mmap_bad_fd", mmap_bad_fd },
	{ "mmap_eacces", mmap_eacces },
	{ "mmap_not_mappable", mmap_not_mappable },
	{ "mmap_fixed_replace", mmap_fixed_replace },
	{ "mmap_fixed_noreplace", mmap_fixed_noreplace },
	{ "mmap_hint", mmap_hint },
	{ "mmap_populate", mmap_populate },
	{ "mmap_growsdown", mmap_growsdown },
	{ "mmap_growsdown_guard", mmap_growsdown_guard },
	{ "mmap_stack_flag", mmap_stack_flag },
	{ "mmap_locked_flag", mmap_locked_flag },
	{ "mmap_anon_zero", mmap_anon_zero },
	{ "mmap_prot_none_access", mmap_prot_none_access },
	{ "mmap_readonly_write", mmap_readonly_write },
	{ "mmap_exec_readonly", mmap_exec_readonly },
	{ "mmap_after_munmap", mmap_after_munmap },
	{ "mmap_many", mmap_many },
	{ "mmap_flag_combinations", mmap_flag_combinations },
	{ "mmap_map_count_limit", mmap_map_count_limit },
};

UTEST_MAIN(tests)
