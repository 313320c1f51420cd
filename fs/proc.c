/*
 * fs/proc.c - /proc: files whose contents are generated when read.
 *
 * Every /proc object is a struct proc_entry in a static table: a file
 * with a show() function that prints its contents into a seqbuf, a
 * directory with a table of children, or a symlink with a readlink()
 * function.  Inodes and dentries are made on lookup and freed on last
 * use; an inode remembers its entry (i_private) and, inside /proc/PID,
 * the PID (i_aux).  The root lists its table and one directory per
 * process (any thread's id may be looked up, as on Linux); /proc/PID/task
 * lists one directory per thread of the process.
 *
 * A read at offset 0 generates the text into a buffer kept with the open
 * file (doubling it until the text fits, as Linux's seq_file does), and
 * later reads continue in that buffer; so one read loop sees one
 * consistent snapshot, and reading again from 0 sees fresh values.
 * Binary files (pagemap) are read a page at a time from any offset
 * instead.  A directory of numbered entries (fd/) lists what its
 * next_nr() finds; the number is kept in i_aux above the PID.
 */
#include "fs.h"
#include "../ipc/ipc.h"

#define PROC_MAX_TEXT	(PAGE_SIZE << MAX_ORDER)	/* 65,530 maps lines fit */
#define PID_POS_BASE	(1u << 20)	/* readdir positions of PID dirs */

/* ---- the tree: the root's table, PID directories ------------------ */

/* Put a symlink's target s in buf (len bytes at most); its length. */
int proc_copy_name(const char *s, char *buf, size_t len)
{
	size_t n = MIN(strlen(s), len);

	memcpy(buf, s, n);
	return (int)n;
}

static int self_readlink(struct task *t, char *buf, size_t len)
{
	char num[16];
	(void)t;

	if (!current)
		return -ENOENT;
	snprintf(num, sizeof(num), "%d", current->tgid);
	return proc_copy_name(num, buf, len);
}

static int mounts_readlink(struct task *t, char *buf, size_t len)
{
	(void)t;
	return proc_copy_name("self/mounts", buf, len);
}

static const struct proc_entry proc_sysvipc_entries[] = {
	{ "shm", S_IFREG | 0444, .show = sysvipc_shm_show },
	{ .name = NULL },
};

static const struct proc_entry proc_root_entries[] = {
	{ "meminfo", S_IFREG | 0444, .show = meminfo_show },
	{ "vmstat", S_IFREG | 0444, .show = vmstat_show },
	{ "zoneinfo", S_IFREG | 0444, .show = zoneinfo_show },
	{ "swaps", S_IFREG | 0444, .show = swaps_show },
	{ "stat", S_IFREG | 0444, .show = stat_show },
	{ "uptime", S_IFREG | 0444, .show = uptime_show },
	{ "loadavg", S_IFREG | 0444, .show = loadavg_show },
	{ "cpuinfo", S_IFREG | 0444, .show = cpuinfo_show },
	{ "mounts", S_IFLNK | 0777, .readlink = mounts_readlink },
	{ "kpagecount", S_IFREG | 0400, .read = kpagecount_read },
	{ "kpageflags", S_IFREG | 0400, .read = kpageflags_read },
	{ "sys", S_IFDIR | 0555, .children = proc_sys_entries },
	{ "sysvipc", S_IFDIR | 0555, .children = proc_sysvipc_entries },
	{ "self", S_IFLNK | 0777, .readlink = self_readlink },
	{ .name = NULL },
};

static const struct proc_entry proc_root = {
	"proc", S_IFDIR | 0555, .children = proc_root_entries,
};
static const struct proc_entry proc_pid_dir = {
	"", S_IFDIR | 0555, .children = proc_pid_entries,
};
static const struct proc_entry proc_tid_dir = {
	"", S_IFDIR | 0555, .children = proc_tid_entries,
};

/* ---- seqbuf: formatted output that notices overflow --------------- */

static void seq_write(struct seqbuf *m, const void *data, size_t n)
{
	if (m->count + n < m->size) {
		memcpy(m->buf + m->count, data, n);
		m->count += n;
	} else {
		m->count = m->size;
	}
}

void seq_putc(struct seqbuf *m, char c)
{
	seq_write(m, &c, 1);
}

void seq_printf(struct seqbuf *m, const char *fmt, ...)
{
	va_list ap;

	if (m->count >= m->size)
		return;
	va_start(ap, fmt);
	size_t n = vsnprintf(m->buf + m->count, m->size - m->count, fmt, ap);
	va_end(ap);
	m->count = m->count + n < m->size ? m->count + n : m->size;
}

/* Pad the line begun at line_start with spaces to width, then one more
 * space: Linux's seq_pad(m, ' ') after seq_setwidth(m, width). */
void seq_pad(struct seqbuf *m, size_t line_start, size_t width)
{
	while (m->count < m->size && m->count - line_start < width)
		seq_putc(m, ' ');
	seq_putc(m, ' ');
}

/* ---- inodes and lookup -------------------------------------------- */

static struct dentry *proc_lookup(struct dentry *dir, const char *name);
static int proc_readlink(struct inode *inode, char *buf, size_t len);
static struct dentry *proc_get_link(struct inode *inode);
static const struct inode_operations proc_iops = {
	.lookup = proc_lookup,
	.readlink = proc_readlink,
	.get_link = proc_get_link,
};
static const struct file_operations proc_dir_fops, proc_file_fops;

/* An inode's i_aux: its PID (or 0), and in numbered directories the
 * number + 1 above bit 32. */
static long proc_aux(int pid, int nr)
{
	return (long)(uint32_t)pid | (long)(nr + 1) << 32;
}

static int aux_pid(const struct inode *inode)
{
	return (int)(uint32_t)inode->i_aux;
}

static int aux_nr(const struct inode *inode)
{
	return (int)(inode->i_aux >> 32) - 1;
}

/* Inode numbers: the PID and the entry's place in the kernel image (plus
 * the number in a numbered directory). */
static uint64_t entry_ino(const struct proc_entry *e, int pid, int nr)
{
	if (e == &proc_root)
		return 1;
	return ((uint64_t)pid << 32) |
	       (uint32_t)(((uintptr_t)e >> 3) + nr + 1);
}

/* A new inode for entry e (of PID pid, or 0; number nr, or -1); NULL if
 * out of memory. */
static struct inode *proc_inode(const struct proc_entry *e, int pid, int nr)
{
	struct inode *inode = new_inode(DEV_PROC, e->mode);

	if (!inode)
		return NULL;
	inode->i_ino = entry_ino(e, pid, nr);
	inode->i_private = (void *)e;
	inode->i_aux = proc_aux(pid, nr);
	inode->i_op = &proc_iops;
	if (S_ISDIR(e->mode)) {
		inode->i_nlink = 2;
		inode->i_fop = &proc_dir_fops;
	} else if (S_ISREG(e->mode)) {
		inode->i_fop = &proc_file_fops;
	}
	return inode;
}

/* Parse a PID or fd name as Linux writes it (no leading zeros); -1 if
 * name is not such a number. */
static int parse_nr(const char *name)
{
	int nr = 0;

	if (!*name || (name[0] == '0' && name[1]))
		return -1;
	for (const char *p = name; *p; p++) {
		if (*p < '0' || *p > '9' || nr > 100000000)
			return -1;
		nr = nr * 10 + (*p - '0');
	}
	return nr;
}

/* The directory a numeric name stands for in dir de (of task pid): in
 * the root any task, in /proc/PID/task a thread of PID's process. */
static const struct proc_entry *pid_entry(const struct proc_entry *de, int pid,
					  int num)
{
	struct task *t = num > 0 ? find_task(num) : NULL;

	if (!t || t->state == TASK_DEAD)
		return NULL;
	if (de == &proc_root)
		return &proc_pid_dir;
	if (de->threads && t->tgid == find_task(pid)->tgid)
		return &proc_tid_dir;
	return NULL;
}

/* A name in a /proc directory: a table entry, (in the root) a PID, or
 * (in a numbered directory) a number that exists. */
static struct dentry *proc_lookup(struct dentry *dir, const char *name)
{
	const struct proc_entry *de = dir->d_inode->i_private, *e = NULL;
	int pid = aux_pid(dir->d_inode), nr = -1;
	struct task *t = pid ? find_task(pid) : NULL;

	if (pid && !t)
		return NULL;
	if (de->next_nr) {
		nr = parse_nr(name);
		if (nr < 0 || de->next_nr(t, nr) != nr)
			return NULL;
		e = &de->children[0];
	}
	for (const struct proc_entry *c = de->children; !e && c && c->name; c++)
		if (!strcmp(c->name, name))
			e = c;
	int num = e ? -1 : parse_nr(name);
	if (!e && (e = pid_entry(de, pid, num)))
		pid = num;
	if (!e)
		return NULL;
	struct dentry *d = d_alloc(dir, name, strlen(name));
	struct inode *inode = d ? proc_inode(e, pid, nr) : NULL;
	if (!inode) {
		if (d)
			dput(d);
		return NULL;
	}
	d_instantiate(d, inode);
	return d;
}

static int proc_readlink(struct inode *inode, char *buf, size_t len)
{
	const struct proc_entry *e = inode->i_private;
	struct task *t = aux_pid(inode) ? find_task(aux_pid(inode)) : NULL;

	if (aux_pid(inode) && !t)
		return -ENOENT;
	if (e->nr_readlink)
		return e->nr_readlink(t, aux_nr(inode), buf, len);
	return e->readlink(t, buf, len);
}

/* A magic link's dentry (fd/N), or NULL for the links walked as text. */
static struct dentry *proc_get_link(struct inode *inode)
{
	const struct proc_entry *e = inode->i_private;
	struct task *t = aux_pid(inode) ? find_task(aux_pid(inode)) : NULL;

	if (!e->nr_get_link)
		return NULL;
	if (!t)
		return ERR_PTR(-ENOENT);
	return e->nr_get_link(t, aux_nr(inode));
}

/* ---- directories -------------------------------------------------- */

/* The smallest id >= from among the processes (group NULL: the root) or
 * the threads of group's process; 0 if none. */
static int next_pid(struct task *group, int from)
{
	int best = 0;

	for (struct task *t = task_next(NULL); t; t = task_next(t)) {
		bool listed = group ? t->tgid == group->tgid && t->state != TASK_DEAD
				    : thread_group_leader(t);
		if (listed && t->pid >= from && (!best || t->pid < best))
			best = t->pid;
	}
	return best;
}

/* List a numbered directory's numbers (position number + 3). */
static int proc_iterate_nr(struct dir_context *ctx,
			   const struct proc_entry *de, int pid)
{
	struct task *t = pid ? find_task(pid) : NULL;
	const struct proc_entry *c = &de->children[0];

	if (pid && !t)
		return -ENOENT;
	for (int nr; (nr = de->next_nr(t, (int)ctx->pos - 2)) >= 0; ) {
		char name[16];
		int len = snprintf(name, sizeof(name), "%d", nr);
		if (!dir_emit(ctx, name, len, nr + 3,
			      entry_ino(c, pid, nr), c->mode))
			return 0;
		ctx->pos = nr + 3;
	}
	return 0;
}

/* List ".", "..", the table, and in the root or a task directory the ids
 * in increasing order (position PID_POS_BASE + id, so a listing resumes
 * after the last one). */
static int proc_iterate(struct file *f, struct dir_context *ctx)
{
	struct dentry *dir = f->f_dentry;
	const struct proc_entry *de = dir->d_inode->i_private;
	int pid = aux_pid(dir->d_inode);
	const struct proc_entry *c = de->children;
	size_t n = 0;

	if (!dir_emit_dots(ctx, dir))
		return 0;
	if (de->next_nr)
		return proc_iterate_nr(ctx, de, pid);
	while (c && c[n].name)
		n++;
	for (uint64_t i = ctx->pos - 2; i < n; i++) {
		if (!dir_emit(ctx, c[i].name, strlen(c[i].name), i + 3,
			      entry_ino(&c[i], pid, -1), c[i].mode))
			return 0;
		ctx->pos = i + 3;
	}
	struct task *group = de->threads ? find_task(pid) : NULL;
	if (de != &proc_root && !group)
		return 0;
	const struct proc_entry *sub = group ? &proc_tid_dir : &proc_pid_dir;
	ctx->pos = MAX(ctx->pos, (uint64_t)PID_POS_BASE);
	for (int p; (p = next_pid(group, (int)(ctx->pos - PID_POS_BASE))); ) {
		char name[16];
		int len = snprintf(name, sizeof(name), "%d", p);
		if (!dir_emit(ctx, name, len, PID_POS_BASE + p + 1,
			      entry_ino(sub, p, -1), S_IFDIR))
			return 0;
		ctx->pos = PID_POS_BASE + p + 1;
	}
	return 0;
}

static const struct file_operations proc_dir_fops = {
	.llseek = generic_file_llseek,
	.iterate = proc_iterate,
};

/* ---- files -------------------------------------------------------- */

struct proc_text {
	char *data;
	size_t len;
};

/* Generate the text of entry e (number nr in a numbered directory) into
 * t, growing the buffer until it fits. */
static int proc_generate(const struct proc_entry *e, int pid, int nr,
			 struct proc_text *t)
{
	struct task *task = pid ? find_task(pid) : NULL;

	if (pid && !task)
		return -ESRCH;
	for (size_t size = PAGE_SIZE; size <= PROC_MAX_TEXT; size *= 2) {
		struct seqbuf m = { kmalloc(size), size, 0 };
		if (!m.buf)
			return -ENOMEM;
		int err = e->nr_show ? e->nr_show(&m, task, nr) : e->show(&m, task);
		if (!err && m.count < size) {
			kfree(t->data);
			t->data = m.buf;
			t->len = m.count;
			return 0;
		}
		kfree(m.buf);
		if (err)
			return err;
	}
	return -ENOMEM;
}

static int proc_open(struct inode *inode, struct file *f)
{
	(void)inode;
	f->private_data = kzalloc(sizeof(struct proc_text));
	return f->private_data ? 0 : -ENOMEM;
}

static void proc_release(struct file *f)
{
	struct proc_text *t = f->private_data;

	kfree(t->data);
	kfree(t);
}

/* A binary file: e->read fills a page at a time from *pos on. */
static long proc_read_binary(const struct proc_entry *e, int pid,
			     struct iov_iter *to, uint64_t *pos)
{
	char *page = kmalloc(PAGE_SIZE);
	long done = 0;

	if (!page)
		return -ENOMEM;
	while (to->count) {
		struct task *t = pid ? find_task(pid) : NULL;
		long n = pid && !t ? -ESRCH
			 : e->read(t, page, MIN(to->count, PAGE_SIZE), *pos);
		if (n <= 0) {
			done = done ? done : n;
			break;
		}
		size_t c = copy_to_iter(page, n, to);
		*pos += c;
		done += c;
		if (c < (size_t)n) {
			done = done ? done : -EFAULT;
			break;
		}
	}
	kfree(page);
	return done;
}

/* Read the text, generated afresh by a read at offset 0. */
static long proc_read(struct file *f, struct iov_iter *to, uint64_t *pos)
{
	struct proc_text *t = f->private_data;
	const struct proc_entry *e = f->f_inode->i_private;

	if (e->read)
		return proc_read_binary(e, aux_pid(f->f_inode), to, pos);
	if (*pos == 0 || !t->data) {
		int err = proc_generate(e, aux_pid(f->f_inode),
					aux_nr(f->f_inode), t);
		if (err)
			return err;
	}
	if (*pos >= t->len)
		return 0;
	size_t n = copy_to_iter(t->data + *pos, MIN(t->len - *pos, to->count), to);
	*pos += n;
	return n ? (long)n : -EFAULT;
}

/* Writes to /proc/sys files: one short value, parsed by the entry. */
static long proc_write(struct file *f, struct iov_iter *from, uint64_t *pos)
{
	const struct proc_entry *e = f->f_inode->i_private;
	char buf[32];
	size_t n = from->count;
	(void)pos;

	if (!e->write && !e->pid_write)
		return -EIO;
	if (n >= sizeof(buf))
		return -EINVAL;
	if (copy_from_iter(buf, n, from) != n)
		return -EFAULT;
	buf[n] = '\0';
	struct task *t = e->pid_write ? find_task(aux_pid(f->f_inode)) : NULL;
	if (e->pid_write && !t)
		return -ESRCH;
	int err = e->pid_write ? e->pid_write(t, buf, n) : e->write(buf, n);
	return err ? err : (long)n;
}

static const struct file_operations proc_file_fops = {
	.open = proc_open,
	.release = proc_release,
	.read = proc_read,
	.write = proc_write,
	.llseek = generic_file_llseek,
};

/* Graft the tree of root onto /, as /NAME, replacing an empty directory
 * of that name. */
static void graft(const struct proc_entry *root, const char *name)
{
	struct dentry *old = d_lookup(root_dentry, name);

	if (old) {
		if (!is_dir(old) || !ramfs_dir_empty(old))
			panic("proc_init: /%s is not an empty directory", name);
		ramfs_unlink(old);
		dput(old);
	}
	struct dentry *d = d_alloc(root_dentry, name, strlen(name));
	struct inode *inode = d ? proc_inode(root, 0, -1) : NULL;
	if (!inode)
		panic("proc_init: out of memory");
	d_instantiate(d, inode);
	d_add_child(d);
	d->d_flags |= D_MOUNT;
	root_dentry->d_inode->i_nlink++;
	dput(d);
}

/* Graft /proc, and /sys (fs/sysfs.c), onto the root. */
void proc_init(void)
{
	graft(&proc_root, "proc");
	graft(&sysfs_root, "sys");
}
