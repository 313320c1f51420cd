/*
 * fs/initramfs.c - boot-time setup of the file system: the root directory,
 * the initial files from the boot modules (cpio newc archives), /dev,
 * /proc and /tmp.
 *
 * Unpacking follows Linux's initramfs: entries are taken in order; a
 * missing parent directory is made; an existing file of the same name is
 * replaced; directories, regular files, symlinks and character devices
 * are made with the archive's mode bits, other types are skipped.  Once
 * everything is unpacked it is written back to the store, so the page
 * cache starts clean.
 */
#include "fs.h"

/* Find or make directory name in dir; a new reference, or NULL. */
static struct dentry *get_dir(struct dentry *dir, const char *name)
{
	struct dentry *d = d_lookup(dir, name);

	if (!d && ramfs_create(dir, name, S_IFDIR | 0755, 0, &d))
		return NULL;
	if (!is_dir(d)) {
		dput(d);
		return NULL;
	}
	return d;
}

/* Walk (making directories) to the parent of path; *last is its name. */
static struct dentry *make_parents(struct dentry *root, char *path,
				   const char **last)
{
	struct dentry *dir = dget(root);

	for (char *p = path, *slash; dir; p = slash + 1) {
		if (!(slash = strchr(p, '/'))) {
			*last = p;
			return dir;
		}
		*slash = '\0';
		if (!*p || !strcmp(p, "."))
			continue;
		struct dentry *next = strlen(p) > NAME_MAX ? NULL : get_dir(dir, p);
		dput(dir);
		dir = next;
	}
	return NULL;
}

/* A regular file with the entry's contents, written through the cache. */
static int unpack_file(struct dentry *dir, const char *name,
		       const struct cpio_entry *e)
{
	struct dentry *d;
	int err = ramfs_create(dir, name, S_IFREG | (e->mode & 07777), 0, &d);

	if (err)
		return err;
	struct file *f = alloc_file(d, d->d_inode, O_WRONLY);
	long n = f ? kernel_write(f, e->data, e->size, 0) : -ENOMEM;
	if (f)
		fput(f);
	d->d_inode->i_mtime.tv_sec = e->mtime;
	dput(d);
	return n < 0 ? (int)n : (uint64_t)n == e->size ? 0 : -ENOSPC;
}

/* Make one archive entry under root. */
static int unpack_entry(struct dentry *root, const struct cpio_entry *e,
			char *path)
{
	const char *last, *name = e->name;
	uint32_t type = e->mode & S_IFMT;

	while (name[0] == '/' || (name[0] == '.' && name[1] == '/'))
		name += name[0] == '/' ? 1 : 2;
	strlcpy(path, name, PATH_MAX);
	struct dentry *dir = make_parents(root, path, &last);
	if (!dir)
		return -ENOTDIR;
	int err = 0;
	struct dentry *old = *last && strcmp(last, ".") ? d_lookup(dir, last) : NULL;
	if (!*last || !strcmp(last, ".") || strlen(last) > NAME_MAX) {
		err = strlen(last) > NAME_MAX ? -ENAMETOOLONG : 0;
	} else if (old && is_dir(old)) {
		if (type == S_IFDIR)
			old->d_inode->i_mode = S_IFDIR | (e->mode & 07777);
		else
			err = -EISDIR;
	} else {
		if (old)			/* replace the older file */
			ramfs_unlink(old);
		if (type == S_IFDIR)
			err = ramfs_create(dir, last, e->mode, 0, NULL);
		else if (type == S_IFREG)
			err = unpack_file(dir, last, e);
		else if (type == S_IFLNK)
			err = ramfs_symlink(dir, last, e->data, e->size);
		else if (type == S_IFCHR)
			err = ramfs_create(dir, last, e->mode, MKDEV(e->rdev_major,
					   e->rdev_minor), NULL);
	}
	if (old)
		dput(old);
	dput(dir);
	return err;
}

/* Unpack a cpio newc archive under root; returns entries made or -errno. */
int unpack_cpio(struct dentry *root, const void *archive, size_t len)
{
	struct cpio_entry e;
	size_t pos = 0;
	int n = 0, r;
	char *path = kmalloc(PATH_MAX);

	if (!path)
		return -ENOMEM;
	while ((r = cpio_next(archive, len, &pos, &e)) > 0) {
		int err = unpack_entry(root, &e, path);
		if (err)
			printk("initramfs: %s: error %d\n", e.name, err);
		else
			n++;
	}
	kfree(path);
	return r < 0 ? r : n;
}

/* Make the root directory. */
static void make_root(void)
{
	struct inode *inode = new_inode(DEV_RAMFS, S_IFDIR | 0755);

	root_dentry = inode ? d_alloc(NULL, "/", 1) : NULL;
	if (!root_dentry)
		panic("fs_init: out of memory");
	inode->i_nlink = 2;
	inode->i_fop = &ramfs_dir_fops;
	d_instantiate(root_dentry, inode);
}

/* Mount the root, unpack the boot modules, make /dev, /proc and /tmp. */
void fs_init(void)
{
	int files = 0;

	store_init();
	make_root();
	for (int i = 0; i < boot_info.nmodules; i++) {
		const struct boot_module *mod = &boot_info.modules[i];
		int n = unpack_cpio(root_dentry, phys_to_virt(mod->start),
				    mod->end - mod->start);
		if (n < 0)
			printk("initramfs: module %d is not a valid cpio archive "
			       "(error %d)\n", i, n);
		else
			files += n;
	}
	dev_init();
	proc_init();
	struct dentry *tmp = get_dir(root_dentry, "tmp");
	if (!tmp)
		panic("fs_init: cannot make /tmp");
	tmp->d_inode->i_mode = S_IFDIR | 01777;
	dput(tmp);
	sync_all();
	printk("fs: %d files unpacked; store %lu of %lu KiB used\n", files,
	       store_used() * (PAGE_SIZE / 1024),
	       store_capacity() * (PAGE_SIZE / 1024));
}
