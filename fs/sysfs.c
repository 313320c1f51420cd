/*
 * fs/sysfs.c - /sys, as far as Pagoda has anything to show there: the
 * transparent huge page policy of /sys/kernel/mm/transparent_hugepage/
 * (mm/huge_memory.c).  Built from the same static proc_entry tables as
 * /proc (fs/proc.c) and grafted onto the root at boot, as /proc is.
 *
 *   enabled          "always [madvise] never": the choice in brackets;
 *                    writing one of the words (a newline may follow)
 *                    chooses it, anything else is EINVAL, as in Linux
 *   defrag           "always defer defer+madvise [madvise] never": kept
 *                    and shown; Pagoda has no compaction, so no effect
 *   hpage_pmd_size   the size of a huge page in bytes, 2097152
 *   khugepaged/      the khugepaged thread (mm/khugepaged.c): pages_to_scan
 *                    (pages a wake looks at, not 0), scan_sleep_millisecs
 *                    (between wakes; a write wakes it), max_ptes_none
 *                    (0-511); full_scans and pages_collapsed, read-only
 */
#include "fs.h"

static const char *const defrag_names[THP_DEFRAG_NR] = {
	"always", "defer", "defer+madvise", "madvise", "never",
};

/* The words of a choice, the chosen one in brackets. */
static void show_choice(struct seqbuf *m, const char *const *names, int n,
			int chosen)
{
	for (int i = 0; i < n; i++)
		seq_printf(m, i == chosen ? "%s[%s]" : "%s%s", i ? " " : "",
			   names[i]);
	seq_putc(m, '\n');
}

/* Which of names buf is (one trailing newline allowed), or -EINVAL. */
static int parse_choice(const char *buf, size_t n, const char *const *names,
			int count)
{
	if (n && buf[n - 1] == '\n')
		n--;
	for (int i = 0; i < count; i++)
		if (strlen(names[i]) == n && !strncmp(buf, names[i], n))
			return i;
	return -EINVAL;
}

static int enabled_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	show_choice(m, thp_mode_names, THP_NR_MODES, thp_enabled);
	return 0;
}

static int enabled_write(const char *buf, size_t n)
{
	int mode = parse_choice(buf, n, thp_mode_names, THP_NR_MODES);

	if (mode < 0)
		return mode;
	thp_enabled = mode;
	return 0;
}

static int defrag_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	show_choice(m, defrag_names, THP_DEFRAG_NR, thp_defrag);
	return 0;
}

static int defrag_write(const char *buf, size_t n)
{
	int mode = parse_choice(buf, n, defrag_names, THP_DEFRAG_NR);

	if (mode < 0)
		return mode;
	thp_defrag = mode;
	return 0;
}

static int hpage_pmd_size_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%lu\n", HPAGE_PMD_SIZE);
	return 0;
}

/* An unsigned decimal (one trailing newline allowed) in [min, max]. */
static int parse_uint(const char *buf, size_t n, unsigned min, unsigned max,
		      unsigned *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (n && buf[n - 1] == '\n')
		n--;
	for (; i < n && buf[i] >= '0' && buf[i] <= '9' && v <= max; i++)
		v = v * 10 + (buf[i] - '0');
	if (!n || i < n || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int pages_to_scan_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%u\n", khugepaged_pages_to_scan);
	return 0;
}

static int pages_to_scan_write(const char *buf, size_t n)
{
	return parse_uint(buf, n, 1, UINT32_MAX, &khugepaged_pages_to_scan);
}

static int scan_sleep_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%u\n", khugepaged_scan_sleep_millisecs);
	return 0;
}

static int scan_sleep_write(const char *buf, size_t n)
{
	int err = parse_uint(buf, n, 0, UINT32_MAX, &khugepaged_scan_sleep_millisecs);

	if (!err)
		khugepaged_wake();
	return err;
}

static int max_ptes_none_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%u\n", khugepaged_max_ptes_none);
	return 0;
}

static int max_ptes_none_write(const char *buf, size_t n)
{
	return parse_uint(buf, n, 0, HPAGE_PMD_NR - 1, &khugepaged_max_ptes_none);
}

static int full_scans_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%lu\n", khugepaged_full_scans);
	return 0;
}

static int pages_collapsed_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "%lu\n", khugepaged_pages_collapsed);
	return 0;
}

static const struct proc_entry khugepaged_entries[] = {
	{ "full_scans", S_IFREG | 0444, .show = full_scans_show },
	{ "max_ptes_none", S_IFREG | 0644, .show = max_ptes_none_show,
	  .write = max_ptes_none_write },
	{ "pages_collapsed", S_IFREG | 0444, .show = pages_collapsed_show },
	{ "pages_to_scan", S_IFREG | 0644, .show = pages_to_scan_show,
	  .write = pages_to_scan_write },
	{ "scan_sleep_millisecs", S_IFREG | 0644, .show = scan_sleep_show,
	  .write = scan_sleep_write },
	{ .name = NULL },
};

static const struct proc_entry thp_entries[] = {
	{ "enabled", S_IFREG | 0644, .show = enabled_show, .write = enabled_write },
	{ "defrag", S_IFREG | 0644, .show = defrag_show, .write = defrag_write },
	{ "hpage_pmd_size", S_IFREG | 0444, .show = hpage_pmd_size_show },
	{ "khugepaged", S_IFDIR | 0755, .children = khugepaged_entries },
	{ .name = NULL },
};

static const struct proc_entry mm_entries[] = {
	{ "transparent_hugepage", S_IFDIR | 0755, .children = thp_entries },
	{ .name = NULL },
};

static const struct proc_entry kernel_entries[] = {
	{ "mm", S_IFDIR | 0755, .children = mm_entries },
	{ .name = NULL },
};

static const struct proc_entry sys_entries[] = {
	{ "kernel", S_IFDIR | 0755, .children = kernel_entries },
	{ .name = NULL },
};

const struct proc_entry sysfs_root = {
	"sys", S_IFDIR | 0755, .children = sys_entries,
};
