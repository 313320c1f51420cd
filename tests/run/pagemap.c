/*
 * tests/run/pagemap.c - the flag bits of /proc/self/pagemap, compared with
 * Linux: present (63), swapped (62), file or shared (61), exclusively
 * mapped (56).  Written anonymous pages, a page never touched, a page made
 * read-only, a page of a shared file mapping that was read, pages after
 * munmap, and a read that spans a hole munmap made.  The frame numbers
 * differ between the kernels and are not printed.  Only what every kernel
 * of the course's labs agrees on is looked at: no read fault on anonymous
 * memory (the zero page), no fork, no page that fault-around may map.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096

static int pagemap;

static void show(const char *what, const char *base, int n)
{
	uint64_t e[8];
	ssize_t got = pread(pagemap, e, n * 8, (off_t)((uintptr_t)base / PAGE * 8));

	printf("%s: read %zd bytes:", what, got);
	for (int i = 0; i < got / 8; i++)
		printf(" [present %d swapped %d file %d exclusive %d]", (int)(e[i] >> 63),
		       (int)(e[i] >> 62 & 1), (int)(e[i] >> 61 & 1), (int)(e[i] >> 56 & 1));
	printf("\n");
}

int main(void)
{
	pagemap = open("/proc/self/pagemap", O_RDONLY);
	if (pagemap < 0) {
		printf("no pagemap\n");
		return 1;
	}
	char *a = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	show("fresh anonymous", a, 5);
	a[0] = 1;
	a[2 * PAGE] = 2;
	a[4 * PAGE] = 4;
	show("pages 0, 2 and 4 written", a, 5);
	mprotect(a + 2 * PAGE, PAGE, PROT_READ);
	show("page 2 read-only", a, 5);

	char name[] = "pagemap-XXXXXX";
	int fd = mkstemp(name);
	char buf[2 * PAGE];
	memset(buf, 'x', sizeof(buf));
	if (fd < 0 || write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
		printf("no file\n");
		return 1;
	}
	char *f = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	volatile char c = f[0];
	(void)c;
	show("shared file, page 0 read", f, 1);
	munmap(f, 2 * PAGE);
	show("file unmapped", f, 1);
	close(fd);
	unlink(name);

	munmap(a + 3 * PAGE, PAGE);
	show("read across a hole", a + 2 * PAGE, 3);
	munmap(a, 5 * PAGE);
	show("all unmapped", a, 5);
	return 0;
}
