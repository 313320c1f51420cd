/*
 * tests/pagoda/map_count.c - 65,000 separate areas, then max_map_count.
 *
 * Maps 65,000 one-page areas (alternating read-only and read-write, so
 * that no two merge), touches each, then maps more until mmap refuses:
 * as in Linux, that is ENOMEM once map_count is one more than
 * /proc/sys/vm/max_map_count (mmap checks "more than the limit").  At the
 * limit, splitting an area (munmap or mprotect of its middle page) is
 * ENOMEM too, and unmapping a whole area is not.  Then everything goes
 * and mapping works again.  The output is the same on Linux and Pagoda
 * (tools/test compares them); the point on Pagoda is that the debug
 * kernel does this in time (mm_check does not walk all areas each call).
 * "-t" prints the elapsed time of the mapping loops on stderr (the
 * figures of tools/bench-debug).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PG	4096
#define NAREAS	65000
#define MAXAREAS 70000

static char *areas[MAXAREAS];

/* Lines of /proc/self/maps but [vsyscall] (not a VMA: not counted). */
static int count_maps(void)
{
	static char buf[1 << 16];
	int fd = open("/proc/self/maps", O_RDONLY), lines = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = '\0';
		for (char *p = buf; (p = strchr(p, '\n')); p++)
			lines++;
		if (strstr(buf, "[vsyscall]"))
			lines--;
	}
	close(fd);
	return lines;
}

static long max_map_count(void)
{
	char buf[32] = "";
	int fd = open("/proc/sys/vm/max_map_count", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return strtol(buf, NULL, 10);
}

static char *map_one(int i, size_t pages)
{
	char *p = mmap(NULL, pages * PG, i % 2 ? PROT_READ : PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static const char *errname(int e)
{
	return e == ENOMEM ? "ENOMEM" : e ? strerror(e) : "no error";
}

/* A call's result and its errno. */
static void show(const char *what, int ret)
{
	printf("%s: %d %s\n", what, ret, errname(ret < 0 ? errno : 0));
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int timed = argc > 1 && !strcmp(argv[1], "-t");
	long limit = max_map_count();
	printf("max_map_count is 65530: %d\n", limit == 65530);
	fflush(stdout);
	int before = count_maps();
	double t0 = now();
	volatile char sink = 0;
	int n, bad = 0;

	for (n = 0; n < NAREAS; n++) {
		if (!(areas[n] = map_one(n, 1)))
			break;
		if (n % 2)
			sink += areas[n][0];
		else
			areas[n][0] = (char)n;
	}
	printf("mapped %d areas, maps grew by %d\n", n, count_maps() - before);
	for (int i = 0; i < n; i += 2)
		bad += areas[i][0] != (char)i;
	printf("written pages read back: %d wrong\n", bad);
	char *three = map_one(n++, 3);
	while (n < MAXAREAS && (areas[n] = map_one(n, 1)))
		n++;
	int err = errno;
	printf("mmap refused: %s, areas then max_map_count + 1: %d\n",
	       errname(err), before + n == limit + 1);
	show("munmap splitting", munmap(three + PG, PG));
	show("mprotect splitting", mprotect(three + PG, PG, PROT_NONE));
	show("munmap a whole area", munmap(areas[n - 1], PG));
	bad = munmap(three, 3 * PG) != 0;
	for (int i = 0; i < n - 1; i++)
		bad += areas[i] && munmap(areas[i], PG) != 0;
	printf("munmap of the rest: %d failed, maps back to the start: %d\n", bad,
	       count_maps() == before);
	printf("mmap after: ok %d\n", map_one(0, 1) != NULL);
	if (timed)
		fprintf(stderr, "map_count: %.3f s\n", now() - t0);
	return (void)sink, 0;
}
