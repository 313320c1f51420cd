/*
 * fs/proc_sys.c - the system-wide files: /proc/meminfo, /proc/vmstat and
 * /proc/sys/vm/{drop_caches,overcommit_memory}.
 *
 * meminfo uses Linux's layout, "Key:" padded to 16 columns and the value
 * in kB right-aligned in 8: "MemTotal:         262144 kB".  vmstat has one
 * "name value" line per counter: page counts first (nr_*), then the
 * events of mm/mm.h's enum vm_event in lower case.
 */
#include "fs.h"

static int sysctl_drop_caches;		/* the last value written */

static const char *const vm_event_names[] = {
	[PGFAULT] = "pgfault",
	[PGMAJFAULT] = "pgmajfault",
	[PGPGIN] = "pgpgin",
	[PGPGOUT] = "pgpgout",
	[PGCACHE_HIT] = "pgcache_hit",
	[PGCACHE_MISS] = "pgcache_miss",
	[COW_FAULT] = "cow_fault",
	[COW_COPY] = "cow_copy",
	[COW_REUSE] = "cow_reuse",
	[ZERO_PAGE_MAP] = "zero_page_map",
	[MSYNC_WRITTEN] = "msync_written",
	[WRITEBACK_PAGES] = "writeback_pages",
	[PGDROP] = "pgdrop",
	[MREMAP_MOVE_PTE] = "mremap_move_pte",
	[MREMAP_MOVE_PT] = "mremap_move_pt",
};
_Static_assert(ARRAY_SIZE(vm_event_names) == NR_VM_EVENTS,
	       "every vm_event needs a name in /proc/vmstat");

static void meminfo_line(struct seqbuf *m, const char *key, uint64_t pages)
{
	char label[20];

	snprintf(label, sizeof(label), "%s:", key);
	seq_printf(m, "%-16s%8lu kB\n", label, pages * (PAGE_SIZE / 1024));
}

/* /proc/meminfo from the frame counters of each use (mm/pmm.c). */
int meminfo_show(struct seqbuf *m, struct task *t)
{
	uint64_t total = nr_total_pages(), cached = nr_pages_used_for(PU_CACHE);
	uint64_t dirty = nr_dirty_pages();
	(void)t;

	meminfo_line(m, "MemTotal", total);
	meminfo_line(m, "MemFree", nr_free_pages());
	meminfo_line(m, "MemAvailable", nr_free_pages() + cached - dirty);
	meminfo_line(m, "Buffers", 0);
	meminfo_line(m, "Cached", cached);
	meminfo_line(m, "Dirty", dirty);
	meminfo_line(m, "Writeback", 0);	/* writeback is synchronous */
	meminfo_line(m, "AnonPages", nr_pages_used_for(PU_ANON));
	meminfo_line(m, "Mapped", nr_mapped_cache_pages());
	meminfo_line(m, "PageTables", nr_pages_used_for(PU_PGTABLE));
	meminfo_line(m, "CommitLimit", vm_commit_limit());
	meminfo_line(m, "Committed_AS", vm_committed_pages());
	return 0;
}

/* /proc/vmstat: page counts, then every event counter. */
int vmstat_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "nr_free_pages %lu\n", nr_free_pages());
	seq_printf(m, "nr_file_pages %lu\n", nr_pages_used_for(PU_CACHE));
	seq_printf(m, "nr_dirty %lu\n", nr_dirty_pages());
	seq_printf(m, "nr_writeback 0\n");
	seq_printf(m, "nr_anon_pages %lu\n", nr_pages_used_for(PU_ANON));
	seq_printf(m, "nr_mapped %lu\n", nr_mapped_cache_pages());
	seq_printf(m, "nr_page_table_pages %lu\n", nr_pages_used_for(PU_PGTABLE));
	seq_printf(m, "nr_kmalloc_objects %lu\n", kmalloc_live_objects()); /* Pagoda */
	seq_printf(m, "nr_store_pages %lu\n", store_used());
	seq_printf(m, "nr_store_capacity %lu\n", store_capacity());
	for (int i = 0; i < NR_VM_EVENTS; i++)
		seq_printf(m, "%s %lu\n", vm_event_names[i], vm_events[i]);
	return 0;
}

/* A sysctl integer: optional spaces, digits, optional trailing newline. */
static int parse_int(const char *s, int *out)
{
	int v = 0, digits = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s >= '0' && *s <= '9' && v < 100000000; s++, digits++)
		v = v * 10 + (*s - '0');
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!digits || *s)
		return -EINVAL;
	*out = v;
	return 0;
}

/* echo 1 (page cache), 2 (slab: nothing to drop here) or 3 (both). */
static int drop_caches_write(const char *buf, size_t n)
{
	int v;
	(void)n;

	if (parse_int(buf, &v) || v < 1 || v > 4)
		return -EINVAL;
	sysctl_drop_caches = v;
	if (v & 1)
		drop_pagecache();
	return 0;
}

static int drop_caches_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%d\n", sysctl_drop_caches);
	return 0;
}

static int overcommit_write(const char *buf, size_t n)
{
	int v;
	(void)n;

	if (parse_int(buf, &v) || v > 2)
		return -EINVAL;
	sysctl_overcommit_memory = v;
	return 0;
}

static int overcommit_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%d\n", sysctl_overcommit_memory);
	return 0;
}

static const struct proc_entry vm_entries[] = {
	{ "drop_caches", S_IFREG | 0200, .show = drop_caches_show,
	  .write = drop_caches_write },
	{ "overcommit_memory", S_IFREG | 0644, .show = overcommit_show,
	  .write = overcommit_write },
	{ NULL, 0, NULL, NULL, NULL, NULL, false },
};

const struct proc_entry proc_sys_entries[] = {
	{ "vm", S_IFDIR | 0555, .children = vm_entries },
	{ NULL, 0, NULL, NULL, NULL, NULL, false },
};
