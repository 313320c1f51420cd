/*
 * user/vmstat.c - virtual memory counters from /proc/vmstat.
 *
 *   vmstat            the counters this course is about, one a line
 *   vmstat -a         every line of /proc/vmstat
 *   vmstat DELAY [N]  a table: a line every DELAY seconds (N lines, or
 *                     forever) of page counts and of events since the
 *                     line before (the first line: since boot)
 *
 * Counters the kernel does not have are left out of the list and shown
 * as "-" in the table.  The nr_* values are numbers of pages.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/ulib.h"

/* The counters shown, and their column heading in the table (if any). */
static const struct counter {
	const char *name;
	const char *head;
} counters[] = {
	{ "nr_free_pages", "free" },	{ "nr_anon_pages", "anon" },
	{ "nr_file_pages", "file" },	{ "nr_dirty", "dirty" },
	{ "nr_mapped", NULL },		{ "nr_page_table_pages", NULL },
	{ "pgfault", "flt" },		{ "pgmajfault", "majflt" },
	{ "pgpgin", "pgin" },		{ "pgpgout", "pgout" },
	{ "pgcache_hit", NULL },	{ "pgcache_miss", NULL },
	{ "zero_page_map", "zero" },	{ "cow_fault", "cow" },
	{ "cow_copy", "copy" },		{ "cow_reuse", NULL },
	{ "msync_written", NULL },	{ "writeback_pages", NULL },
	{ "pgdrop", NULL },
};
#define NCOUNTERS	(sizeof(counters) / sizeof(counters[0]))

static char text[32768];	/* the contents of /proc/vmstat */

static void read_vmstat(void)
{
	if (read_file("/proc/vmstat", text, sizeof(text)) < 0) {
		perror("vmstat: /proc/vmstat");
		exit(1);
	}
}

/* One line of the table: page counts as they are, events as the change
 * since last[] (which is updated). */
static void table_line(unsigned long *last)
{
	const char *sep = "";
	char cell[24];
	unsigned long v;

	read_vmstat();
	for (size_t i = 0; i < NCOUNTERS; i++) {
		if (!counters[i].head)
			continue;
		if (!proc_lookup(text, counters[i].name, &v))
			strcpy(cell, "-");
		else if (!strncmp(counters[i].name, "nr_", 3))
			snprintf(cell, sizeof(cell), "%lu", v);
		else
			snprintf(cell, sizeof(cell), "%lu", v - last[i]);
		last[i] = v;
		printf("%s%6s", sep, cell);
		sep = " ";
	}
	putchar('\n');
}

int main(int argc, char **argv)
{
	unsigned long last[NCOUNTERS] = { 0 }, v;

	if (argc == 2 && !strcmp(argv[1], "-a")) {
		read_vmstat();
		fputs(text, stdout);
		return 0;
	}
	if (argc == 1) {
		read_vmstat();
		for (size_t i = 0; i < NCOUNTERS; i++)
			if (proc_lookup(text, counters[i].name, &v))
				printf("%-20s %lu\n", counters[i].name, v);
		return 0;
	}
	int delay = atoi(argv[1]), count = argc > 2 ? atoi(argv[2]) : -1;
	if (delay <= 0) {
		fprintf(stderr, "vmstat: usage: vmstat [-a] [DELAY [COUNT]]\n");
		return 1;
	}
	for (size_t i = 0; i < NCOUNTERS; i++)
		if (counters[i].head)
			printf("%s%6s", i ? " " : "", counters[i].head);
	putchar('\n');
	for (int n = 0; count < 0 || n < count; n++) {
		if (n > 0)
			sleep(delay);
		table_line(last);
	}
	return 0;
}
