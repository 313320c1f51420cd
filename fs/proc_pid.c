/*
 * fs/proc_pid.c - the files of /proc/PID: maps, status, stat, comm,
 * cmdline, exe, and task/, one directory per thread (/proc/PID/task/TID)
 * with the thread's own status, stat and comm.
 *
 * The formats are Linux's, to the byte where a program might parse them:
 *
 *   maps     start-end perms offset dev inode [padding] path
 *            "%08lx-%08lx rwxp %08lx %02x:%02x %lu " and, for a named
 *            mapping, spaces up to column 73 and the name: the file's path
 *            (" (deleted)" when unlinked), or [heap], [stack].  The 4th
 *            permission is 's' for a shared mapping, 'p' for a private one.
 *            Offset, device and inode are 0 for anonymous memory; ramfs
 *            files show device 00:01 and their inode number.
 *   status   "Key:\tvalue" lines; memory as "VmSize:\t%8lu kB"; a last
 *            line Linux does not have, "Syscalls:\t%lu", the system calls
 *            the task has made (tests/pagoda/vdso.c: the vDSO makes none)
 *   stat     one line of 52 fields: "pid (comm) state ppid pgrp ...",
 *            times in clock ticks (USER_HZ = TIMER_HZ = 100); for
 *            /proc/PID the counts of all the threads, for a TID its own
 *   comm     the thread's name and a newline
 *   cmdline  the argument strings, each with its NUL, read from the
 *            process's memory [arg_start, arg_end)
 *   exe      a symlink to the executable's path
 */
#include "fs.h"
#include <uapi/resource.h>

static unsigned dev_major(uint32_t dev)
{
	return (dev >> 8) & 0xfff;
}

static unsigned dev_minor(uint32_t dev)
{
	return (dev & 0xff) | ((dev >> 12) & 0xfff00);
}

/* One line of /proc/PID/maps; path is a PATH_MAX scratch buffer. */
static void show_vma(struct seqbuf *m, struct vm_area_struct *vma, char *path)
{
	size_t start = m->count;
	uint64_t fl = vma->vm_flags;
	struct file *file = vma->vm_file;
	struct inode *inode = file ? file->f_inode : NULL;

	/* Shared anonymous memory maps its shmem file, which shows as on
	 * Linux: a deleted /dev/zero on the RAM file system (mm/shmem.c). */
	seq_printf(m, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
		   vma->vm_start, vma->vm_end, fl & VM_READ ? 'r' : '-',
		   fl & VM_WRITE ? 'w' : '-', fl & VM_EXEC ? 'x' : '-',
		   fl & VM_MAYSHARE ? 's' : 'p',
		   file ? vma->vm_pgoff << PAGE_SHIFT : 0,
		   inode ? dev_major(inode->i_dev) : 0,
		   inode ? dev_minor(inode->i_dev) : 0,
		   inode ? inode->i_ino : 0);
	const char *name = file ? file_path(file, path, PATH_MAX)
			   : vma_special_name(vma);
	if (name) {
		seq_pad(m, start, 25 + sizeof(void *) * 6 - 1);
		seq_printf(m, "%s", name);
	}
	seq_putc(m, '\n');
}

static int maps_show(struct seqbuf *m, struct task *t)
{
	if (!t->mm)
		return 0;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	for (struct vm_area_struct *vma = t->mm->mmap; vma; vma = vma->vm_next)
		show_vma(m, vma, path);
	kfree(path);
	return 0;
}

static const char *task_state(struct task *t)
{
	switch (t->state) {
	case TASK_RUNNABLE:
		return "R (running)";
	case TASK_SLEEPING:
		return t->interruptible ? "S (sleeping)" : "D (disk sleep)";
	default:
		return "Z (zombie)";
	}
}

static void show_kb(struct seqbuf *m, const char *key, uint64_t pages)
{
	seq_printf(m, "%s:\t%8lu kB\n", key, pages * (PAGE_SIZE / 1024));
}

/* The Vm* lines, in Linux's order.  Static binaries have no libraries:
 * VmLib is 0; there is no swap: VmSwap is 0. */
static void show_vm(struct seqbuf *m, struct mm_struct *mm)
{
	uint64_t code = (PAGE_ALIGN(mm->end_code) -
			 (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;

	show_kb(m, "VmPeak", MAX(mm->hiwater_vm, mm->total_vm));
	show_kb(m, "VmSize", mm->total_vm);
	show_kb(m, "VmLck", mm->locked_vm);
	show_kb(m, "VmHWM", get_mm_hiwater_rss(mm));
	show_kb(m, "VmRSS", mm->rss_anon + mm->rss_file);
	show_kb(m, "RssAnon", mm->rss_anon);
	show_kb(m, "RssFile", mm->rss_file);
	show_kb(m, "VmData", mm->data_vm);
	show_kb(m, "VmStk", mm->stack_vm);
	show_kb(m, "VmExe", mm->end_code > mm->start_code ? code : 0);
	show_kb(m, "VmLib", 0);
	show_kb(m, "VmPTE", pgtable_count_user(mm->pml4));
	show_kb(m, "VmSwap", 0);
}

/* Signal masks as Linux prints them: 16 hex digits, bit (sig - 1). */
static void show_signals(struct seqbuf *m, struct task *t)
{
	uint64_t ign = 0, cgt = 0;

	for (int i = 0; i < 64; i++) {
		if (t->sighand->action[i].handler == 1)
			ign |= 1ull << i;
		else if (t->sighand->action[i].handler > 1)
			cgt |= 1ull << i;
	}
	seq_printf(m, "SigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\n"
		   "SigIgn:\t%016lx\nSigCgt:\t%016lx\n", t->pending.signal,
		   t->signal->shared_pending.signal, t->sig_blocked, ign, cgt);
}

/* /proc/PID/status: identity, memory (not for zombies), signal masks. */
static int status_show(struct seqbuf *m, struct task *t)
{
	unsigned um = t->fs ? t->fs->umask : 022;

	seq_printf(m, "Name:\t%s\nUmask:\t0%c%c%c\nState:\t%s\n", t->comm,
		   '0' + (um >> 6 & 7), '0' + (um >> 3 & 7), '0' + (um & 7),
		   task_state(t));
	seq_printf(m, "Tgid:\t%d\nPid:\t%d\nPPid:\t%d\n", t->tgid, t->pid,
		   t->parent ? t->parent->tgid : 0);
	seq_printf(m, "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\n",
		   t->files ? t->files->max_fds : 0);
	if (t->mm)
		show_vm(m, t->mm);
	seq_printf(m, "Threads:\t%d\n", t->signal->nr_threads);
	show_signals(m, t);
	seq_printf(m, "Syscalls:\t%lu\n", t->syscalls);	/* Pagoda only */
	return 0;
}

/* The argument strings, read from the process's own memory. */
static int cmdline_show(struct seqbuf *m, struct task *t)
{
	struct mm_struct *mm = t->mm;

	if (!mm || mm->arg_end <= mm->arg_start)
		return 0;
	size_t len = mm->arg_end - mm->arg_start;
	if (m->count + len >= m->size) {
		m->count = m->size;		/* ask for a bigger buffer */
		return 0;
	}
	int got = access_remote_vm(mm, mm->arg_start, m->buf + m->count, len,
				   false);
	if (got > 0)
		m->count += got;
	return 0;
}

static int exe_readlink(struct task *t, char *buf, size_t len)
{
	if (!t->mm || !t->mm->exe_file)
		return -ENOENT;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	const char *p = file_path(t->mm->exe_file, path, PATH_MAX);
	size_t n = MIN(strlen(p), len);
	memcpy(buf, p, n);
	kfree(path);
	return (int)n;
}

static char task_state_char(struct task *t)
{
	return task_state(t)[0];
}

/* /proc/PID/stat and /proc/PID/task/TID/stat (whole: the process's
 * counts), in Linux's order; what Pagoda lacks is 0 (or as Linux
 * shows it without a tty: tty_nr 0, tpgid -1). */
static void do_task_stat(struct seqbuf *m, struct task *t, bool whole)
{
	struct mm_struct *mm = t->mm;
	struct rusage_counts u = whole ? task_usage(t, false) : thread_usage(t);
	struct rusage_counts c = t->signal->reaped;
	uint64_t ign = 0, cgt = 0;

	for (int i = 0; i < 64; i++) {
		uint64_t h = t->sighand->action[i].handler;
		if (h == 1)
			ign |= 1ull << i;
		else if (h > 1)
			cgt |= 1ull << i;
	}
	seq_printf(m, "%d (%s) %c %d %d %d 0 -1 0 %lu %lu %lu %lu %lu %lu %lu %lu "
		   "20 0 %d 0 %lu %lu %lu %lu ", t->pid, t->comm,
		   task_state_char(t), t->parent ? t->parent->tgid : 0,
		   t->signal->pgid, t->signal->sid, u.min_flt, c.min_flt,
		   u.maj_flt, c.maj_flt, u.utime, u.stime, c.utime, c.stime,
		   t->signal->nr_threads, t->start_ticks,
		   mm ? mm->total_vm * PAGE_SIZE : 0,
		   mm ? mm->rss_anon + mm->rss_file : 0,
		   t->signal->rlim_cur[RLIMIT_RSS]);
	seq_printf(m, "%lu %lu %lu 0 0 %lu %lu %lu %lu %d 0 0 %d 0 0 0 0 0 0 ",
		   mm ? mm->start_code : 0, mm ? mm->end_code : 0,
		   mm ? mm->start_stack : 0,
		   t->pending.signal & 0x7fffffff, t->sig_blocked & 0x7fffffff,
		   ign & 0x7fffffff, cgt & 0x7fffffff,
		   t->state == TASK_SLEEPING, t->exit_signal);
	seq_printf(m, "%lu %lu %lu %lu %lu %lu %lu 0\n",
		   mm ? mm->start_data : 0, mm ? mm->end_data : 0,
		   mm ? mm->start_brk : 0, mm ? mm->arg_start : 0,
		   mm ? mm->arg_end : 0, mm ? mm->env_start : 0,
		   mm ? mm->env_end : 0);
}

static int pid_stat_show(struct seqbuf *m, struct task *t)
{
	do_task_stat(m, t, true);
	return 0;
}

static int tid_stat_show(struct seqbuf *m, struct task *t)
{
	do_task_stat(m, t, false);
	return 0;
}

static int comm_show(struct seqbuf *m, struct task *t)
{
	seq_printf(m, "%s\n", t->comm);
	return 0;
}

/* /proc/PID/task/TID: one thread. */
const struct proc_entry proc_tid_entries[] = {
	{ "maps", S_IFREG | 0444, .show = maps_show },
	{ "status", S_IFREG | 0444, .show = status_show },
	{ "stat", S_IFREG | 0444, .show = tid_stat_show },
	{ "comm", S_IFREG | 0444, .show = comm_show },
	{ NULL, 0, NULL, NULL, NULL, NULL, false },
};

const struct proc_entry proc_pid_entries[] = {
	{ "maps", S_IFREG | 0444, .show = maps_show },
	{ "status", S_IFREG | 0444, .show = status_show },
	{ "stat", S_IFREG | 0444, .show = pid_stat_show },
	{ "comm", S_IFREG | 0444, .show = comm_show },
	{ "cmdline", S_IFREG | 0444, .show = cmdline_show },
	{ "exe", S_IFLNK | 0777, .readlink = exe_readlink },
	{ "task", S_IFDIR | 0555, .threads = true },
	{ NULL, 0, NULL, NULL, NULL, NULL, false },
};
