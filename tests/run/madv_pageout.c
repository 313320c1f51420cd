/*
 * tests/run/madv_pageout.c - MADV_PAGEOUT and MADV_COLD where there is no
 * swap (tools/test's Pagoda and, here, the Linux host): the errors (a
 * start not page-aligned or a wrapping length EINVAL, a hole ENOMEM, a
 * locked or VM_PFNMAP mapping EINVAL), nothing paged out (the data, the
 * mincore bits and VmSwap as before), and both making the range's pages
 * old (smaps Referenced 0 kB), of a file mapping too, except those fork
 * shares.  The swapped-out
 * state is tests/pagoda/pageout.c's, under PAGODA_SWAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096ul
#define NPAGES 32

static void say(const char *what, int r)
{
	printf("%-36s %d %s\n", what, r, r ? strerror(errno) : "");
}

/* A field (kB) of the smaps entry of the mapping at addr, or -1. */
static long smaps_kb(void *addr, const char *field)
{
	char line[256], start[32];
	long v = -1;
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	snprintf(start, sizeof(start), "%lx-", (unsigned long)addr);
	while (f && fgets(line, sizeof(line), f)) {
		if (strchr(line, '-') && strchr(line, '-') < strchr(line, ' '))
			in = !strncmp(line, start, strlen(start));
		else if (in && !strncmp(line, field, strlen(field)) &&
			 line[strlen(field)] == ':')
			v = atol(line + strlen(field) + 1);
	}
	if (f)
		fclose(f);
	return v;
}

/* The pages of [m, m + NPAGES pages) mincore reports resident. */
static int resident(char *m)
{
	unsigned char vec[NPAGES];
	int n = 0;

	if (mincore(m, NPAGES * PAGE, vec))
		return -1;
	for (int i = 0; i < NPAGES; i++)
		n += vec[i] & 1;
	return n;
}

/* Do the area's bytes still hold what main() wrote? */
static int intact(const char *m)
{
	int bad = 0;

	for (unsigned long i = 0; i < NPAGES * PAGE; i += 512)
		bad += m[i] != (char)(i / 512 * 7 + 1);
	return !bad;
}

/* Read a byte of each page (its Accessed bit is set again). */
static void touch_all(volatile char *m)
{
	for (unsigned long i = 0; i < NPAGES * PAGE; i += PAGE)
		(void)m[i];
}

/* The vvar mapping (VM_PFNMAP in both kernels), or NULL. */
static void *vvar(void)
{
	char line[256];
	unsigned long a = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "[vvar]") && !a)
			a = strtoul(line, NULL, 16);
	if (f)
		fclose(f);
	return (void *)a;
}

static void errors(char *m)
{
	const int advice[2] = { MADV_PAGEOUT, MADV_COLD };
	const char *name[2] = { "PAGEOUT", "COLD" };
	char what[64];

	for (int i = 0; i < 2; i++) {
		int a = advice[i];
		snprintf(what, sizeof(what), "%s unaligned", name[i]);
		say(what, madvise(m + 1, PAGE, a));
		snprintf(what, sizeof(what), "%s wrapping length", name[i]);
		say(what, madvise(m, -PAGE, a));
		snprintf(what, sizeof(what), "%s length 0", name[i]);
		say(what, madvise(m, 0, a));
		snprintf(what, sizeof(what), "%s over a hole", name[i]);
		say(what, madvise(m + (NPAGES - 2) * PAGE, 4 * PAGE, a));
		snprintf(what, sizeof(what), "%s of a hole only", name[i]);
		say(what, madvise(m + NPAGES * PAGE, PAGE, a));
		snprintf(what, sizeof(what), "%s of a locked page", name[i]);
		say(what, mlock(m, PAGE) ? -1 : madvise(m, PAGE, a));
		munlock(m, PAGE);
		snprintf(what, sizeof(what), "%s of [vvar]", name[i]);
		say(what, madvise(vvar(), PAGE, a));
	}
}

/* MADV_COLD of a file mapping makes its pages old too; MADV_PAGEOUT of
 * a written shared one keeps the data. */
static void cold_file(void)
{
	static char page[PAGE];
	int fd = open("cold.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);

	for (int i = 0; i < NPAGES; i++) {
		memset(page, i + 1, PAGE);
		write(fd, page, PAGE);
	}
	char *f = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	for (int i = 0; i < NPAGES; i++)
		f[i * PAGE] += 1;
	printf("file: resident %d, Referenced %ld kB\n", resident(f),
	       smaps_kb(f, "Referenced"));
	say("COLD of the file mapping", madvise(f, NPAGES * PAGE, MADV_COLD));
	printf("file cold: Referenced %ld kB\n", smaps_kb(f, "Referenced"));
	say("PAGEOUT of the file mapping", madvise(f, NPAGES * PAGE, MADV_PAGEOUT));
	int bad = 0;
	for (int i = 0; i < NPAGES; i++)
		bad += f[i * PAGE] != i + 2 || f[i * PAGE + 1] != i + 1;
	printf("file: %d bad pages\n", bad);
	munmap(f, NPAGES * PAGE);
	close(fd);
	unlink("cold.dat");
}

int main(void)
{
	char *m = mmap(NULL, (NPAGES + 2) * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(m + NPAGES * PAGE, PAGE);	/* a hole, then one more page */
	for (unsigned long i = 0; i < NPAGES * PAGE; i += 512)
		m[i] = (char)(i / 512 * 7 + 1);
	errors(m);
	printf("resident %d, Referenced %ld kB\n", resident(m), smaps_kb(m, "Referenced"));
	say("PAGEOUT of the area", madvise(m, NPAGES * PAGE, MADV_PAGEOUT));
	long ref = smaps_kb(m, "Referenced");
	printf("no swap: resident %d, Swap %ld kB, Referenced %ld kB\n",
	       resident(m), smaps_kb(m, "Swap"), ref);
	printf("intact %d\n", intact(m));
	printf("after reading: Referenced %ld kB\n", smaps_kb(m, "Referenced"));
	say("COLD of the area", madvise(m, NPAGES * PAGE, MADV_COLD));
	printf("cold: resident %d, Referenced %ld kB\n", resident(m), smaps_kb(m, "Referenced"));
	touch_all(m);
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {			/* hold the pages shared until told */
		char c;
		read(p[0], &c, 1);
		_exit(0);
	}
	say("COLD of pages fork shares", madvise(m, NPAGES * PAGE, MADV_COLD));
	say("PAGEOUT of pages fork shares", madvise(m, NPAGES * PAGE, MADV_PAGEOUT));
	ref = smaps_kb(m, "Referenced");
	printf("shared: resident %d, Referenced %ld kB\n", resident(m), ref);
	printf("intact %d\n", intact(m));
	write(p[1], "x", 1);
	waitpid(pid, NULL, 0);
	cold_file();
	return 0;
}
