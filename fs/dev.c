/*
 * fs/dev.c - character devices and /dev.
 *
 * A device node is a ramfs inode with a device number; opening it picks
 * the driver by that number, with Linux's numbers:
 *   1:3 null   1:5 zero   1:7 full   1:8 random   1:9 urandom
 *   5:0 tty   5:1 console
 *   4:64 ttyS0, 4:65 ttyS1, 4:67 ttyS3: COM1, COM2 and COM4 as raw,
 *        write-only byte sinks (no newline mapping, not terminals: TCGETS
 *        gives ENOTTY, read gives end of file).  tools/run-prog makes the
 *        first two a program's stdout and stderr, so that its output
 *        arrives byte for byte, and reads the files it asked for from COM4.
 *        When tracing, each write is also logged ("[pid] output ttyS0 N")
 *        just before its N bytes, so that run-prog can merge the trace
 *        lines with the output in the order they happened.
 * /dev/stdin, stdout, stderr and fd are symlinks into /proc/self/fd;
 * /dev/shm is a directory of the ramfs, where shm_open makes its files.
 * A block node, 254:0 vda, names the virtio disk (drivers/virtio_blk.c)
 * when there is one; only swapon uses it (opening it gives ENXIO).
 */
#include "fs.h"
#include "../drivers/drivers.h"

static long null_read(struct file *f, struct iov_iter *to, uint64_t *pos)
{
	(void)f, (void)to, (void)pos;
	return 0;
}

static long null_write(struct file *f, struct iov_iter *from, uint64_t *pos)
{
	size_t n = from->count;
	(void)f, (void)pos;

	iov_iter_advance(from, n);
	return n;
}

/* /dev/null and /dev/zero seek nowhere: the offset stays 0. */
static int64_t null_llseek(struct file *f, int64_t off, int whence)
{
	(void)off, (void)whence;
	f->f_pos = 0;
	return 0;
}

static long zero_read(struct file *f, struct iov_iter *to, uint64_t *pos)
{
	size_t n = to->count, done = iov_iter_zero(n, to);
	(void)f, (void)pos;

	return done ? (long)done : -EFAULT;
}

static long full_write(struct file *f, struct iov_iter *from, uint64_t *pos)
{
	(void)f, (void)from, (void)pos;
	return -ENOSPC;
}

/* ttyS0/ttyS1/ttyS3: the bytes go to the port unchanged (ttySn is the
 * port of minor 64 + n). */
static long serial_dev_write(struct file *f, struct iov_iter *from,
			     uint64_t *pos)
{
	int port = (int)(f->f_inode->i_rdev & 0xff) - 64;
	char kbuf[256];
	size_t done = 0;
	(void)pos;

	while (from->count) {
		size_t n = copy_from_iter(kbuf, MIN(sizeof(kbuf), from->count), from);
		if (!n)
			return done ? (long)done : -EFAULT;
		if (tracing())		/* the mark tools/run-prog merges by */
			printk("[%d] output ttyS%d %zu\n", current->pid, port, n);
		serial_write(port, kbuf, n);
		done += n;
	}
	return done;
}

/* /dev/random and /dev/urandom: bytes from get_random_bytes; writes are
 * accepted and dropped (there is no entropy pool to stir). */
static long random_read(struct file *f, struct iov_iter *to, uint64_t *pos)
{
	char kbuf[256];
	size_t done = 0;

	(void)f;
	(void)pos;
	while (to->count) {
		size_t n = MIN(sizeof(kbuf), to->count);
		get_random_bytes(kbuf, n);
		size_t got = copy_to_iter(kbuf, n, to);
		done += got;
		if (got < n)
			return done ? (long)done : -EFAULT;
	}
	return done;
}

static const struct file_operations random_fops = {
	.read = random_read, .write = null_write, .llseek = null_llseek,
};
static const struct file_operations null_fops = {
	.read = null_read, .write = null_write, .llseek = null_llseek,
};
static const struct file_operations zero_fops = {
	.read = zero_read, .write = null_write, .llseek = null_llseek,
};
static const struct file_operations full_fops = {
	.read = zero_read, .write = full_write, .llseek = null_llseek,
};
static const struct file_operations serial_fops = {
	.read = null_read, .write = serial_dev_write,
};

static const struct chrdev {
	const char *name;
	uint32_t rdev;
	uint32_t mode;
	const struct file_operations *fops;
} chrdevs[] = {
	{ "null", MKDEV(1, 3), 0666, &null_fops },
	{ "zero", MKDEV(1, 5), 0666, &zero_fops },
	{ "full", MKDEV(1, 7), 0666, &full_fops },
	{ "random", MKDEV(1, 8), 0666, &random_fops },
	{ "urandom", MKDEV(1, 9), 0666, &random_fops },
	{ "tty", MKDEV(5, 0), 0666, &tty_fops },
	{ "console", MKDEV(5, 1), 0600, &tty_fops },
	{ "ttyS0", MKDEV(4, 64), 0660, &serial_fops },
	{ "ttyS1", MKDEV(4, 65), 0660, &serial_fops },
	{ "ttyS3", MKDEV(4, 67), 0660, &serial_fops },
};

/* The open of a device node: switch to its driver; ENXIO if none. */
int chrdev_open(struct inode *inode, struct file *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(chrdevs); i++) {
		if (chrdevs[i].rdev == inode->i_rdev) {
			f->f_op = chrdevs[i].fops;
			return f->f_op->open ? f->f_op->open(inode, f) : 0;
		}
	}
	return -ENXIO;
}

/* The symlinks every /dev has (Linux's udev makes them): the standard
 * streams and /dev/fd, through the magic links of /proc/self/fd. */
static const struct {
	const char *name, *target;
} dev_links[] = {
	{ "fd", "/proc/self/fd" },
	{ "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" },
	{ "stderr", "/proc/self/fd/2" },
};

static void make_dev_links(struct dentry *dev)
{
	for (size_t i = 0; i < ARRAY_SIZE(dev_links); i++) {
		struct dentry *d = d_lookup(dev, dev_links[i].name);
		if (d)
			dput(d);
		else if (ramfs_symlink(dev, dev_links[i].name, dev_links[i].target,
				       strlen(dev_links[i].target)))
			panic("dev_init: cannot create /dev/%s", dev_links[i].name);
	}
}

/* Make /dev/shm, the directory of POSIX shared memory (shm_open): a
 * ramfs directory anyone may create in, sticky as /tmp. */
static void make_dev_shm(struct dentry *dev)
{
	struct dentry *d = d_lookup(dev, "shm");

	if (!d && ramfs_create(dev, "shm", S_IFDIR | 01777, 0, &d))
		panic("dev_init: cannot create /dev/shm");
	dput(d);
}

/* Make /dev and its nodes (those the initial archive did not bring). */
void dev_init(void)
{
	struct dentry *dev = d_lookup(root_dentry, "dev");

	if (!dev && ramfs_create(root_dentry, "dev", S_IFDIR | 0755, 0, &dev))
		panic("dev_init: cannot create /dev");
	if (!is_dir(dev))
		panic("dev_init: /dev is not a directory");
	for (size_t i = 0; i < ARRAY_SIZE(chrdevs); i++) {
		struct dentry *d = d_lookup(dev, chrdevs[i].name);
		if (d)
			dput(d);
		else if (ramfs_create(dev, chrdevs[i].name,
				      S_IFCHR | chrdevs[i].mode, chrdevs[i].rdev,
				      NULL))
			panic("dev_init: cannot create /dev/%s", chrdevs[i].name);
	}
	make_dev_links(dev);
	make_dev_shm(dev);
	struct block_device *vda = lookup_bdev(MKDEV(VIRTBLK_MAJOR, 0));
	if (vda && ramfs_create(dev, vda->name, S_IFBLK | 0660, vda->bd_dev, NULL))
		panic("dev_init: cannot create /dev/%s", vda->name);
	dput(dev);
}
