/*
 * fs/proc_sys.c - the system-wide files: /proc/meminfo, /proc/vmstat,
 * /proc/stat, /proc/uptime, /proc/loadavg, /proc/PID/mounts,
 * /proc/sys/vm/{drop_caches,fault_around_bytes,max_map_count,mmap_min_addr,
 * nr_hugepages,overcommit_memory,reclaim,swappiness} and
 * /proc/sys/kernel/{pid_max,tainted,core_pattern,ostype,osrelease}.
 *
 * meminfo uses Linux's layout, "Key:" padded to 16 columns and the value
 * in kB right-aligned in 8: "MemTotal:         262144 kB".  vmstat has one
 * "name value" line per counter: page counts first (nr_*), then the
 * events of mm/mm.h's enum vm_event in lower case.  The others are as
 * man 5 proc shows them:
 *   stat     "cpu  user nice system idle iowait irq softirq steal guest
 *            guest_nice" in ticks, the same for cpu0, then btime,
 *            processes (PIDs given out), procs_running, procs_blocked
 *   uptime   "seconds.centiseconds idle.centiseconds"
 *   loadavg  "1min 5min 15min running/tasks last_pid", loads to 2 digits
 *   mounts   "device mountpoint type options 0 0": ramfs on /, proc on /proc
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
	[FAULT_AROUND_PAGES] = "fault_around_pages",
	[PSWPIN] = "pswpin",
	[PSWPOUT] = "pswpout",
	[PGSCAN_ANON] = "pgscan_anon",
	[PGSCAN_FILE] = "pgscan_file",
	[PGSTEAL_ANON] = "pgsteal_anon",
	[PGSTEAL_FILE] = "pgsteal_file",
	[PGSCAN_KSWAPD] = "pgscan_kswapd",
	[PGSCAN_DIRECT] = "pgscan_direct",
	[PAGEOUTRUN] = "pageoutrun",
	[NR_VMSCAN_WRITE] = "nr_vmscan_write",
	[PGACTIVATE] = "pgactivate",
	[PGDEACTIVATE] = "pgdeactivate",
	[PGREFILL] = "pgrefill",
	[WORKINGSET_REFAULT_ANON] = "workingset_refault_anon",
	[WORKINGSET_REFAULT_FILE] = "workingset_refault_file",
	[WORKINGSET_ACTIVATE_ANON] = "workingset_activate_anon",
	[WORKINGSET_ACTIVATE_FILE] = "workingset_activate_file",
	[WORKINGSET_RESTORE_ANON] = "workingset_restore_anon",
	[WORKINGSET_RESTORE_FILE] = "workingset_restore_file",
	[UNEVICTABLE_PGCULLED] = "unevictable_pgs_culled",
	[UNEVICTABLE_PGMLOCKED] = "unevictable_pgs_mlocked",
	[UNEVICTABLE_PGMUNLOCKED] = "unevictable_pgs_munlocked",
	[THP_FAULT_ALLOC] = "thp_fault_alloc",
	[THP_FAULT_FALLBACK] = "thp_fault_fallback",
	[THP_COLLAPSE_ALLOC] = "thp_collapse_alloc",
	[THP_COLLAPSE_ALLOC_FAILED] = "thp_collapse_alloc_failed",
	[THP_SPLIT_PAGE] = "thp_split_page",
	[THP_SPLIT_PMD] = "thp_split_pmd",
	[THP_ZERO_PAGE_ALLOC] = "thp_zero_page_alloc",
	[THP_SWPOUT_FALLBACK] = "thp_swpout_fallback",
};
_Static_assert(ARRAY_SIZE(vm_event_names) == NR_VM_EVENTS,
	       "every vm_event needs a name in /proc/vmstat");

static void meminfo_line(struct seqbuf *m, const char *key, uint64_t pages)
{
	char label[20];

	snprintf(label, sizeof(label), "%s:", key);
	seq_printf(m, "%-16s%8lu kB\n", label, pages * (PAGE_SIZE / 1024));
}

/* meminfo's LRU lines (mm/swap.c), in Linux's order. */
static void meminfo_lru(struct seqbuf *m)
{
	uint64_t ia = lruvec_size(LRU_INACTIVE_ANON), aa = lruvec_size(LRU_ACTIVE_ANON);
	uint64_t ifl = lruvec_size(LRU_INACTIVE_FILE), af = lruvec_size(LRU_ACTIVE_FILE);

	meminfo_line(m, "Active", aa + af);
	meminfo_line(m, "Inactive", ia + ifl);
	meminfo_line(m, "Active(anon)", aa);
	meminfo_line(m, "Inactive(anon)", ia);
	meminfo_line(m, "Active(file)", af);
	meminfo_line(m, "Inactive(file)", ifl);
	meminfo_line(m, "Unevictable", lruvec_size(LRU_UNEVICTABLE));
	meminfo_line(m, "Mlocked", nr_mlock_pages());
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
	meminfo_lru(m);
	meminfo_line(m, "SwapTotal", total_swap_pages());
	meminfo_line(m, "SwapFree", total_swap_pages() - nr_swap_used());
	meminfo_line(m, "Dirty", dirty);
	meminfo_line(m, "Writeback", 0);	/* writeback is synchronous */
	meminfo_line(m, "AnonPages", nr_pages_used_for(PU_ANON));
	meminfo_line(m, "Mapped", nr_mapped_cache_pages());
	meminfo_line(m, "Shmem", nr_shmem_pages());
	meminfo_line(m, "PageTables", nr_pages_used_for(PU_PGTABLE));
	meminfo_line(m, "CommitLimit", vm_commit_limit());
	meminfo_line(m, "Committed_AS", vm_committed_pages());
	meminfo_line(m, "AnonHugePages", nr_anon_thps() * HPAGE_PMD_NR);
	hugetlb_report_meminfo(m);
	return 0;
}

/* /proc/zoneinfo: Pagoda has one zone, Normal (Linux's field names). */
int zoneinfo_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "Node 0, zone   Normal\n");
	seq_printf(m, "  pages free     %lu\n", nr_free_pages());
	seq_printf(m, "        min      %lu\n", wmark_pages(WMARK_MIN));
	seq_printf(m, "        low      %lu\n", wmark_pages(WMARK_LOW));
	seq_printf(m, "        high     %lu\n", wmark_pages(WMARK_HIGH));
	seq_printf(m, "        present  %lu\n", nr_total_pages());
	seq_printf(m, "        managed  %lu\n", nr_total_pages());
	return 0;
}

/* /proc/vmstat: page counts, then every event counter. */
int vmstat_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "nr_free_pages %lu\n", nr_free_pages());
	seq_printf(m, "nr_inactive_anon %lu\n", lruvec_size(LRU_INACTIVE_ANON));
	seq_printf(m, "nr_active_anon %lu\n", lruvec_size(LRU_ACTIVE_ANON));
	seq_printf(m, "nr_inactive_file %lu\n", lruvec_size(LRU_INACTIVE_FILE));
	seq_printf(m, "nr_active_file %lu\n", lruvec_size(LRU_ACTIVE_FILE));
	seq_printf(m, "nr_unevictable %lu\n", lruvec_size(LRU_UNEVICTABLE));
	seq_printf(m, "nr_mlock %lu\n", nr_mlock_pages());
	seq_printf(m, "nr_file_pages %lu\n", nr_pages_used_for(PU_CACHE));
	seq_printf(m, "nr_dirty %lu\n", nr_dirty_pages());
	seq_printf(m, "nr_writeback 0\n");
	seq_printf(m, "nr_anon_pages %lu\n", nr_pages_used_for(PU_ANON));
	seq_printf(m, "nr_mapped %lu\n", nr_mapped_cache_pages());
	seq_printf(m, "nr_shmem %lu\n", nr_shmem_pages());
	seq_printf(m, "nr_page_table_pages %lu\n", nr_pages_used_for(PU_PGTABLE));
	seq_printf(m, "nr_anon_transparent_hugepages %lu\n", nr_anon_thps());
	seq_printf(m, "nr_kmalloc_objects %lu\n", kmalloc_live_objects()); /* Pagoda */
	seq_printf(m, "nr_swap_used %lu\n", nr_swap_used()); /* Pagoda */
	seq_printf(m, "nr_store_pages %lu\n", store_used());
	seq_printf(m, "nr_store_capacity %lu\n", store_capacity());
	for (int i = 0; i < NR_VM_EVENTS; i++)
		seq_printf(m, "%s %lu\n", vm_event_names[i], vm_events[i]);
	return 0;
}

/* Centiseconds as seconds with two decimals, as Linux prints them. */
static void seq_centis(struct seqbuf *m, const char *sep, uint64_t cs)
{
	seq_printf(m, "%s%lu.%02lu", sep, cs / 100, cs % 100);
}

int uptime_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_centis(m, "", timer_ns() / 10000000);
	seq_centis(m, " ", cpu_time(CPUTIME_IDLE) * 100 / TIMER_HZ);
	seq_putc(m, '\n');
	return 0;
}

/* How many tasks are runnable, and how many in an uninterruptible sleep. */
static void count_tasks(int *total, int *running, int *blocked)
{
	*total = *running = *blocked = 0;
	for (struct task *t = task_next(NULL); t; t = task_next(t)) {
		(*total)++;
		*running += t->state == TASK_RUNNABLE;
		*blocked += t->state == TASK_SLEEPING && !t->interruptible;
	}
}

int loadavg_show(struct seqbuf *m, struct task *t)
{
	uint64_t loads[3];
	int total, running, blocked;
	(void)t;

	get_avenrun(loads);
	count_tasks(&total, &running, &blocked);
	for (int i = 0; i < 3; i++) {
		uint64_t x = loads[i] + FIXED_1 / 200;	/* round to 0.01 */
		seq_printf(m, "%lu.%02lu ", x >> FSHIFT,
			   ((x & (FIXED_1 - 1)) * 100) >> FSHIFT);
	}
	seq_printf(m, "%d/%d %d\n", running, total, last_pid());
	return 0;
}

/* /proc/stat: the CPU's time by kind, then the process counts. */
int stat_show(struct seqbuf *m, struct task *t)
{
	int total, running, blocked;
	(void)t;

	count_tasks(&total, &running, &blocked);
	for (int cpu = -1; cpu < 1; cpu++)
		seq_printf(m, cpu < 0 ? "cpu  %lu 0 %lu %lu 0 0 0 0 0 0\n"
			   : "cpu0 %lu 0 %lu %lu 0 0 0 0 0 0\n",
			   cpu_time(CPUTIME_USER), cpu_time(CPUTIME_SYSTEM),
			   cpu_time(CPUTIME_IDLE));
	seq_printf(m, "btime %lu\nprocesses %d\nprocs_running %d\n"
		   "procs_blocked %d\n",
		   (realtime_ns() - timer_ns()) / 1000000000,
		   last_pid(), running, blocked);
	return 0;
}

/* The mounts every process sees (there are no mount namespaces). */
int mounts_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "ramfs / ramfs rw 0 0\n"
		   "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n");
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

/* echo 1 (page cache), 2 (slab: Pagoda's only reclaimable objects are the
 * radix nodes of shadow entries, mm/workingset.c) or 3 (both). */
static int drop_caches_write(const char *buf, size_t n)
{
	int v;
	(void)n;

	if (parse_int(buf, &v) || v < 1 || v > 4)
		return -EINVAL;
	sysctl_drop_caches = v;
	if (v & 1)
		drop_pagecache();
	if (v & 2)
		drop_shadow_entries();
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

/* vm.swappiness: how much reclaim prefers anonymous pages to file pages,
 * 0..200 (mm/vmscan.c's get_scan_count); else -EINVAL, as Linux. */
static int swappiness_write(const char *buf, size_t n)
{
	int v;
	(void)n;

	if (parse_int(buf, &v) || v > 200)
		return -EINVAL;
	vm_swappiness = v;
	return 0;
}

static int swappiness_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%d\n", vm_swappiness);
	return 0;
}

/* Pagoda's page-replacement policy (as reclaim= at boot): lru, clock,
 * fifo or random; another name is -EINVAL. */
static int reclaim_write(const char *buf, size_t n)
{
	(void)n;
	return set_reclaim_policy(buf);
}

static int reclaim_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%s\n", reclaim_policy_names[reclaim_policy]);
	return 0;
}

/* The lowest address mmap gives a process without CAP_SYS_RAWIO: fixed
 * (mm/mm.h's MMAP_MIN_ADDR), so the file is read-only. */
static int mmap_min_addr_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%lu\n", (unsigned long)MMAP_MIN_ADDR);
	return 0;
}

/* The most VMAs a process may have (mm/vma.c); any int from 0 up. */
static int max_map_count_write(const char *buf, size_t n)
{
	int v;
	(void)n;

	if (parse_int(buf, &v) || v < 0)
		return -EINVAL;
	sysctl_max_map_count = v;
	return 0;
}

static int max_map_count_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%lu\n", sysctl_max_map_count);
	return 0;
}

/* The persistent pages of the hugetlb pool (mm/hugetlb.c); writing
 * grows or shrinks it as far as memory and the pages in use allow. */
static int nr_hugepages_write(const char *buf, size_t n)
{
	int v;
	(void)n;

	if (parse_int(buf, &v))
		return -EINVAL;
	set_max_huge_pages(v);
	return 0;
}

static int nr_hugepages_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%lu\n", hugetlb_nr_persistent());
	return 0;
}

/* Linux has it in debugfs (/sys/kernel/debug/fault_around_bytes). */
static int fault_around_write(const char *buf, size_t n)
{
	int v;
	(void)n;

	if (parse_int(buf, &v))
		return -EINVAL;
	return set_fault_around_bytes(v);
}

static int fault_around_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%lu\n", fault_around_bytes);
	return 0;
}

static const struct proc_entry vm_entries[] = {
	{ "drop_caches", S_IFREG | 0200, .show = drop_caches_show,
	  .write = drop_caches_write },
	{ "fault_around_bytes", S_IFREG | 0644, .show = fault_around_show,
	  .write = fault_around_write },
	{ "max_map_count", S_IFREG | 0644, .show = max_map_count_show,
	  .write = max_map_count_write },
	{ "mmap_min_addr", S_IFREG | 0444, .show = mmap_min_addr_show },
	{ "nr_hugepages", S_IFREG | 0644, .show = nr_hugepages_show,
	  .write = nr_hugepages_write },
	{ "overcommit_memory", S_IFREG | 0644, .show = overcommit_show,
	  .write = overcommit_write },
	{ "reclaim", S_IFREG | 0644, .show = reclaim_show, .write = reclaim_write },
	{ "swappiness", S_IFREG | 0644, .show = swappiness_show,
	  .write = swappiness_write },
	{ .name = NULL },
};

static int pid_max_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%d\n", PID_MAX);
	return 0;
}

/* Nothing taints Pagoda: no modules, no forced loads, no oopses kept. */
static int tainted_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "0\n");
	return 0;
}

/* Linux's default: where kernel/coredump.c writes a core dump. */
static int core_pattern_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "core\n");
	return 0;
}

static int ostype_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "Linux\n");
	return 0;
}

static int osrelease_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%s\n", UTS_RELEASE);
	return 0;
}

static const struct proc_entry kernel_entries[] = {
	{ "core_pattern", S_IFREG | 0444, .show = core_pattern_show },
	{ "osrelease", S_IFREG | 0444, .show = osrelease_show },
	{ "ostype", S_IFREG | 0444, .show = ostype_show },
	{ "pid_max", S_IFREG | 0444, .show = pid_max_show },
	{ "tainted", S_IFREG | 0444, .show = tainted_show },
	{ .name = NULL },
};

const struct proc_entry proc_sys_entries[] = {
	{ "kernel", S_IFDIR | 0555, .children = kernel_entries },
	{ "vm", S_IFDIR | 0555, .children = vm_entries },
	{ .name = NULL },
};
