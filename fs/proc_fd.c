/*
 * fs/proc_fd.c - /proc/PID/fd/ and /proc/PID/fdinfo/, as Linux's
 * fs/proc/fd.c: one entry per open file descriptor, named by its number.
 *
 *   fd/N      a symlink to what the descriptor refers to: the file's path,
 *             "pipe:[ino]" for a pipe.  It is a magic link, as Linux's:
 *             following it reaches the open file's own dentry, not the
 *             path, so that a pipe or an unlinked file can be opened
 *             again (/dev/stdin is a link to /proc/self/fd/0)
 *   fdinfo/N  "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n": the
 *             offset, the status flags (with O_CLOEXEC for a close-on-exec
 *             descriptor), the mount's id (1 for /, 2 for /proc, 3 for the
 *             pipe file system) and the inode number
 */
#include "fs.h"

/* The file open at fd nr in t's table, or NULL. */
static struct file *task_file(struct task *t, int nr)
{
	struct files_struct *fs = t ? t->files : NULL;

	if (!fs || nr < 0 || nr >= fs->max_fds)
		return NULL;
	return fs->fd[nr];
}

/* The smallest open descriptor >= from, or -1. */
int proc_fd_next(struct task *t, int from)
{
	for (int nr = MAX(from, 0); t && t->files && nr < t->files->max_fds; nr++)
		if (t->files->fd[nr])
			return nr;
	return -1;
}

static int fd_readlink(struct task *t, int nr, char *buf, size_t len)
{
	struct file *f = task_file(t, nr);

	if (!f)
		return -ENOENT;
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	int n = proc_copy_name(file_path(f, path, PATH_MAX), buf, len);
	kfree(path);
	return n;
}

/* fd/N followed: the open file's dentry; a pipe has none, so it gets a
 * nameless one of its own, never linked into a directory. */
static struct dentry *fd_get_link(struct task *t, int nr)
{
	struct file *f = task_file(t, nr);

	if (!f)
		return ERR_PTR(-ENOENT);
	if (f->f_dentry)
		return dget(f->f_dentry);
	struct dentry *d = d_alloc(NULL, "pipe:", 5);
	if (!d)
		return ERR_PTR(-ENOMEM);
	inode_get(f->f_inode);
	d_instantiate(d, f->f_inode);
	return d;
}

static int mnt_id(const struct inode *inode)
{
	return inode->i_dev == DEV_PROC ? 2 : inode->i_dev == DEV_PIPE ? 3 : 1;
}

static int fdinfo_show(struct seqbuf *m, struct task *t, int nr)
{
	struct file *f = task_file(t, nr);

	if (!f)
		return -ENOENT;
	unsigned flags = f->f_flags;
	if (t->files->close_on_exec[nr / 64] >> (nr % 64) & 1)
		flags |= O_CLOEXEC;
	seq_printf(m, "pos:\t%lu\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n",
		   f->f_pos, flags, mnt_id(f->f_inode), f->f_inode->i_ino);
	return 0;
}

const struct proc_entry proc_fd_entries[] = {
	{ "", S_IFLNK | 0700, .nr_readlink = fd_readlink,
	  .nr_get_link = fd_get_link },
	{ .name = NULL },
};

const struct proc_entry proc_fdinfo_entries[] = {
	{ "", S_IFREG | 0444, .nr_show = fdinfo_show },
	{ .name = NULL },
};
