/*
 * fs/dcache.c - dentries: the names of inodes, and the directory tree.
 *
 * As in Linux's ramfs, the tree of dentries is the file system's directory
 * structure itself: a directory's entries are its d_subdirs list.  Each
 * linked dentry holds one reference on itself for being in the tree
 * (d_add_child/d_remove_child), one on its inode and one on its parent.
 * An unlinked dentry still in use (an open file, a cwd) lives on detached,
 * marked D_DELETED, until its last dput.  Dentries of /proc are made on
 * lookup and never linked: they go away with their last user.
 *
 * Each child gets a cookie, increasing in creation order, which is its
 * position for readdir: a listing resumes after the last cookie it
 * returned, whatever was created or removed meanwhile.
 */
#include "fs.h"

struct dentry *root_dentry;

/* A new dentry named name[0..len) under parent (NULL: a root); one ref. */
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	d->d_name = kmalloc(len + 1);
	if (!d->d_name) {
		kfree(d);
		return NULL;
	}
	memcpy(d->d_name, name, len);
	d->d_name[len] = '\0';
	d->d_count = 1;
	d->d_parent = parent ? dget(parent) : d;
	d->d_next_cookie = 2;			/* 0 and 1 are "." and ".." */
	list_init(&d->d_child);
	list_init(&d->d_subdirs);
	return d;
}

/* Attach inode (its reference passes to the dentry). */
void d_instantiate(struct dentry *d, struct inode *inode)
{
	d->d_inode = inode;
	if (S_ISDIR(inode->i_mode) && !inode->i_dentry)
		inode->i_dentry = d;
}

/* Link d into its parent's directory (takes the tree's reference). */
void d_add_child(struct dentry *d)
{
	struct dentry *parent = d->d_parent;

	d->d_cookie = parent->d_next_cookie++;
	list_add_tail(&d->d_child, &parent->d_subdirs);
	dget(d);
}

/* Unlink d from its directory; drops the tree's reference. */
void d_remove_child(struct dentry *d)
{
	list_del(&d->d_child);
	d->d_flags |= D_DELETED;
	dput(d);
}

/* Rename d in place: new parent and name, a new readdir position.
 * Returns 0, or -ENOMEM with nothing changed. */
int d_move(struct dentry *d, struct dentry *new_parent, const char *name)
{
	size_t len = strlen(name);
	char *copy = kmalloc(len + 1);

	if (!copy)
		return -ENOMEM;
	memcpy(copy, name, len + 1);
	kfree(d->d_name);
	d->d_name = copy;
	list_del(&d->d_child);
	struct dentry *old_parent = d->d_parent;
	d->d_parent = dget(new_parent);
	d->d_cookie = new_parent->d_next_cookie++;
	list_add_tail(&d->d_child, &new_parent->d_subdirs);
	dput(old_parent);
	return 0;
}

struct dentry *dget(struct dentry *d)
{
	d->d_count++;
	return d;
}

/* Drop a reference; the last one frees the dentry, then its parent's. */
void dput(struct dentry *d)
{
	while (d) {
		if (d->d_count <= 0)
			panic("dput: '%s' count %d", d->d_name, d->d_count);
		if (--d->d_count > 0)
			return;
		struct dentry *parent = d->d_parent != d ? d->d_parent : NULL;
		struct inode *inode = d->d_inode;
		if (inode && inode->i_dentry == d)
			inode->i_dentry = NULL;
		kfree(d->d_name);
		kfree(d);
		if (inode)
			inode_put(inode);
		d = parent;
	}
}

/* The child of a tree directory named name, with a new reference. */
struct dentry *d_lookup(struct dentry *dir, const char *name)
{
	struct list_head *pos;

	list_for_each(pos, &dir->d_subdirs) {
		struct dentry *d = list_entry(pos, struct dentry, d_child);
		if (!strcmp(d->d_name, name))
			return dget(d);
	}
	return NULL;
}

/* True if ancestor is d or one of d's parents. */
bool d_is_ancestor(struct dentry *ancestor, struct dentry *d)
{
	for (;;) {
		if (d == ancestor)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

/* Put s[0..n) in front of *p, staying within buf; false if it does not fit. */
static bool prepend(char **p, char *buf, const char *s, size_t n)
{
	if ((size_t)(*p - buf) < n)
		return false;
	*p -= n;
	memcpy(*p, s, n);
	return true;
}

/*
 * The absolute path of d, built from the end of buf; " (deleted)" is
 * appended to an unlinked one, as Linux does.  Returns a pointer into
 * buf, or ERR_PTR(-ENAMETOOLONG).
 */
char *d_path(struct dentry *d, char *buf, size_t len)
{
	char *p = buf + len;
	bool ok = prepend(&p, buf, "", 1), at_root = d->d_parent == d;

	if (ok && (d->d_flags & D_DELETED))
		ok = prepend(&p, buf, " (deleted)", 10);
	for (; ok && d->d_parent != d; d = d->d_parent)
		ok = prepend(&p, buf, d->d_name, strlen(d->d_name)) &&
		     prepend(&p, buf, "/", 1);
	if (ok && at_root)
		ok = prepend(&p, buf, "/", 1);
	return ok ? p : ERR_PTR(-ENAMETOOLONG);
}
