/*
 * user/mmsnap.c - a snapshot of a process's address space, for tools/mmviz.
 *
 *   mmsnap [PID]     (no PID: mmsnap's own address space)
 *
 * Reads /proc/PID/maps, then for every page of every VMA its entry in
 * /proc/PID/pagemap and, if resident, its frame's /proc/kpageflags, and
 * prints lines tools/mmviz reads:
 *
 *   mmsnap PID COMM
 *   vmpte KIB                 VmPTE of /proc/PID/status: page-table pages
 *   vma START END PERMS NAME  one per VMA, as in maps (NAME may be empty)
 *   pages STATES              one letter per page of the VMA above:
 *       .  not resident            z  the shared zero page
 *       a  anonymous, mapped once  c  anonymous, mapped by several PTEs
 *                                     (shared copy-on-write after fork)
 *       f  file or shmem page,     s  file or shmem page mapped by
 *          mapped once                several PTEs
 *     in capitals when the frame is dirty (newer than the backing store).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE_SIZE	4096ul
#define PM_PRESENT	(1ul << 63)
#define PM_FILE		(1ul << 61)
#define PM_EXCLUSIVE	(1ul << 56)
#define PM_PFN		((1ul << 55) - 1)
#define KPF_DIRTY	(1ul << 4)
#define KPF_ZERO_PAGE	(1ul << 24)
#define BATCH		512		/* pagemap entries read at once */

/* The letter of one page from its pagemap entry and its frame's flags. */
static char page_state(unsigned long pme, unsigned long kflags)
{
	char c;

	if (!(pme & PM_PRESENT))
		return '.';
	if (kflags & KPF_ZERO_PAGE)
		return 'z';
	if (pme & PM_FILE)
		c = pme & PM_EXCLUSIVE ? 'f' : 's';
	else
		c = pme & PM_EXCLUSIVE ? 'a' : 'c';
	return kflags & KPF_DIRTY ? c - 'a' + 'A' : c;
}

/* The kpageflags of frame pfn (0 if they cannot be read). */
static unsigned long frame_flags(int kpf, unsigned long pfn)
{
	unsigned long flags = 0;

	if (pread(kpf, &flags, sizeof(flags), pfn * sizeof(flags)) != sizeof(flags))
		return 0;
	return flags;
}

/* Print the "pages" line of [start, end); 0, or -1 if pagemap fails. */
static int print_pages(int pagemap, int kpf, unsigned long start,
		       unsigned long end)
{
	unsigned long pme[BATCH];

	fputs("pages ", stdout);
	for (unsigned long va = start; va < end; ) {
		unsigned long n = (end - va) / PAGE_SIZE;
		if (n > BATCH)
			n = BATCH;
		ssize_t got = pread(pagemap, pme, n * sizeof(pme[0]),
				    va / PAGE_SIZE * sizeof(pme[0]));
		if (got != (ssize_t)(n * sizeof(pme[0])))
			return -1;
		for (unsigned long i = 0; i < n; i++) {
			unsigned long kflags = 0;
			if (pme[i] & PM_PRESENT)
				kflags = frame_flags(kpf, pme[i] & PM_PFN);
			putchar(page_state(pme[i], kflags));
		}
		va += n * PAGE_SIZE;
	}
	putchar('\n');
	return 0;
}

/* Print the header lines: pid and name, and VmPTE from status. */
static void print_header(const char *pid)
{
	char path[64], line[256], comm[64] = "?";
	unsigned long vmpte = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	if ((f = fopen(path, "r"))) {
		while (fgets(line, sizeof(line), f)) {
			sscanf(line, "Name: %63s", comm);
			sscanf(line, "VmPTE: %lu", &vmpte);
		}
		fclose(f);
	}
	printf("mmsnap %s %s\nvmpte %lu\n", pid, comm, vmpte);
}

/* Snapshot process pid; returns the exit status. */
static int snapshot(const char *pid)
{
	char path[64], line[512], perms[8], name[400];
	unsigned long start, end;
	FILE *maps;
	int pagemap, kpf, status = 0;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	maps = fopen(path, "r");
	snprintf(path, sizeof(path), "/proc/%s/pagemap", pid);
	pagemap = open(path, O_RDONLY);
	kpf = open("/proc/kpageflags", O_RDONLY);
	if (!maps || pagemap < 0 || kpf < 0) {
		fprintf(stderr, "mmsnap: %s: %s\n", pid, strerror(errno));
		return 1;
	}
	print_header(pid);
	while (fgets(line, sizeof(line), maps)) {
		name[0] = '\0';
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %399[^\n]", &start, &end,
			   perms, name) < 3)
			continue;
		printf("vma %lx %lx %s %s\n", start, end, perms, name);
		if (print_pages(pagemap, kpf, start, end) < 0) {
			fprintf(stderr, "mmsnap: %s: pagemap: %s\n", pid, strerror(errno));
			status = 1;
			break;
		}
	}
	fclose(maps);
	close(pagemap);
	close(kpf);
	return status;
}

int main(int argc, char **argv)
{
	char self[16];

	if (argc > 2) {
		fprintf(stderr, "usage: mmsnap [PID]\n");
		return 1;
	}
	snprintf(self, sizeof(self), "%d", (int)getpid());
	return snapshot(argc == 2 ? argv[1] : self);
}
