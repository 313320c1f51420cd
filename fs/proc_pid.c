/*
 * fs/proc_pid.c - the files of /proc/PID: maps, status, stat, statm,
 * comm, cmdline, environ, exe, cwd, mounts, fd/, fdinfo/, and task/, one
 * directory per thread (/proc/PID/task/TID) with the thread's own status,
 * stat and comm.
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
void show_vma(struct seqbuf *m, struct vm_area_struct *vma, char *path)
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

/* A task's state as status shows it; stat shows its first letter. */
const char *proc_task_state(struct task *t)
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

/* The Vm* lines, in Linux's order (task_mem).  VmExe is the program's
 * text, VmLib the rest of exec_vm (for a static program, the [vdso] and
 * any executable mapping it makes).  Nothing pins pages for long (no
 * RDMA, io_uring or vfio: VmPin is 0).  VmPTE counts the page tables and,
 * as Linux, the one set aside for each huge entry; VmSwap the swap
 * entries in the page tables, HugetlbPages the MAP_HUGETLB pages mapped. */
static void show_vm(struct seqbuf *m, struct mm_struct *mm)
{
	uint64_t code = (PAGE_ALIGN(mm->end_code) -
			 (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
	uint64_t text = mm->end_code > mm->start_code ? MIN(code, mm->exec_vm) : 0;

	show_kb(m, "VmPeak", MAX(mm->hiwater_vm, mm->total_vm));
	show_kb(m, "VmSize", mm->total_vm);
	show_kb(m, "VmLck", mm->locked_vm);
	show_kb(m, "VmPin", 0);
	show_kb(m, "VmHWM", get_mm_hiwater_rss(mm));
	show_kb(m, "VmRSS", get_mm_rss(mm));
	show_kb(m, "RssAnon", mm->rss_anon);
	show_kb(m, "RssFile", mm->rss_file);
	show_kb(m, "RssShmem", mm->rss_shmem);
	show_kb(m, "VmData", mm->data_vm);
	show_kb(m, "VmStk", mm->stack_vm);
	show_kb(m, "VmExe", text);
	show_kb(m, "VmLib", mm->exec_vm - text);
	show_kb(m, "VmPTE", pgtable_count_user(mm->pml4) + mm->nr_huge_pmds);
	show_kb(m, "VmSwap", mm->swapents);
	show_kb(m, "HugetlbPages", hugetlb_usage(mm));
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
		   proc_task_state(t));
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

/* Bytes [start, end) of the process's own memory, as they are now. */
static int show_user_range(struct seqbuf *m, struct mm_struct *mm,
			   uint64_t start, uint64_t end)
{
	if (!mm || end <= start)
		return 0;
	size_t len = end - start;
	if (m->count + len >= m->size) {
		m->count = m->size;		/* ask for a bigger buffer */
		return 0;
	}
	int got = access_remote_vm(mm, start, m->buf + m->count, len, false);
	if (got > 0)
		m->count += got;
	return 0;
}

/* The argument strings, read from the process's own memory. */
static int cmdline_show(struct seqbuf *m, struct task *t)
{
	return t->mm ? show_user_range(m, t->mm, t->mm->arg_start,
				       t->mm->arg_end) : 0;
}

/* The environment strings as execve left them, each with its NUL. */
static int environ_show(struct seqbuf *m, struct task *t)
{
	return t->mm ? show_user_range(m, t->mm, t->mm->env_start,
				       t->mm->env_end) : 0;
}

static int exe_readlink(struct task *t, char *buf, size_t len)
{
	if (!t->mm || !t->mm->exe_file)
		return -ENOENT;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	int n = proc_copy_name(file_path(t->mm->exe_file, path, PATH_MAX),
			       buf, len);
	kfree(path);
	return n;
}

/* The working directory's path (directories keep their one dentry). */
static int cwd_readlink(struct task *t, char *buf, size_t len)
{
	struct inode *pwd = t->fs ? t->fs->pwd : NULL;

	if (!pwd || !pwd->i_dentry)
		return -ENOENT;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	char *p = d_path(pwd->i_dentry, path, PATH_MAX);
	int n = IS_ERR(p) ? PTR_ERR(p) : proc_copy_name(p, buf, len);
	kfree(path);
	return n;
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
	{ "stat", S_IFREG | 0444, .show = proc_tid_stat },
	{ "comm", S_IFREG | 0444, .show = comm_show },
	{ .name = NULL },
};

const struct proc_entry proc_pid_entries[] = {
	{ "maps", S_IFREG | 0444, .show = maps_show },
	{ "smaps", S_IFREG | 0444, .show = smaps_show },
	{ "smaps_rollup", S_IFREG | 0444, .show = smaps_rollup_show },
	{ "pagemap", S_IFREG | 0400, .read = pagemap_read },
	{ "pagetables", S_IFREG | 0400, .show = pagetables_show },
	{ "status", S_IFREG | 0444, .show = status_show },
	{ "stat", S_IFREG | 0444, .show = proc_pid_stat },
	{ "statm", S_IFREG | 0444, .show = proc_pid_statm },
	{ "comm", S_IFREG | 0444, .show = comm_show },
	{ "cmdline", S_IFREG | 0444, .show = cmdline_show },
	{ "environ", S_IFREG | 0400, .show = environ_show },
	{ "mounts", S_IFREG | 0444, .show = mounts_show },
	{ "exe", S_IFLNK | 0777, .readlink = exe_readlink },
	{ "cwd", S_IFLNK | 0777, .readlink = cwd_readlink },
	{ "fd", S_IFDIR | 0500, .children = proc_fd_entries,
	  .next_nr = proc_fd_next },
	{ "fdinfo", S_IFDIR | 0555, .children = proc_fdinfo_entries,
	  .next_nr = proc_fd_next },
	{ "task", S_IFDIR | 0555, .threads = true },
	{ "oom_score", S_IFREG | 0444, .show = proc_oom_score_show },
	{ "oom_score_adj", S_IFREG | 0644, .show = proc_oom_score_adj_show,
	  .pid_write = proc_oom_score_adj_write },
	{ "oom_adj", S_IFREG | 0644, .show = proc_oom_adj_show,
	  .pid_write = proc_oom_adj_write },
	{ .name = NULL },
};
