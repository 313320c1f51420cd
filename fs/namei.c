/*
 * fs/namei.c - path lookup: from a string to a dentry.
 *
 * A walk starts at the root for an absolute path, else at the directory
 * of dfd (AT_FDCWD: the cwd), and takes one component at a time:
 *   "."        stays;  ".." goes to the parent (the root's parent is itself)
 *   a name     is looked up in the directory (the dentry list of a ramfs
 *              directory, or the lookup operation of /proc)
 *   a symlink  in the middle of a path is always followed, at the end only
 *              with LOOKUP_FOLLOW or a trailing slash; its target is walked
 *              from the link's directory (or the root), at most 40 links in
 *              all and 8 nested, else ELOOP; a magic link (/proc/PID/fd/N)
 *              leads straight to the dentry of the open file
 * Every component but the last must be a directory (ENOTDIR) the task
 * may search (EACCES: inode_permission), no name may be longer than
 * NAME_MAX (ENAMETOOLONG), a missing one is ENOENT.
 * path_parentat() stops before the last component and hands it back in a
 * nameidata, for the calls that create, remove or rename it.
 */
#include "fs.h"

#define MAX_LINKS	40
#define MAX_NESTED	8

struct walk {
	int links;			/* symlinks followed so far */
	int nested;			/* symlink bodies being walked */
};

static struct dentry *walk_path(struct dentry *start, const char *path,
				unsigned flags, struct walk *w);

bool is_dir(struct dentry *d)
{
	return S_ISDIR(d->d_inode->i_mode);
}

/* Copy a path from user memory into a new PATH_MAX buffer, or ERR_PTR. */
char *getname(const char *upath, bool allow_empty)
{
	char *buf = kmalloc(PATH_MAX);

	if (!buf)
		return ERR_PTR(-ENOMEM);
	long n = strncpy_from_user(buf, upath, PATH_MAX);
	int err = n < 0 ? -EFAULT : n >= PATH_MAX ? -ENAMETOOLONG
		  : n == 0 && !allow_empty ? -ENOENT : 0;
	if (err) {
		kfree(buf);
		return ERR_PTR(err);
	}
	return buf;
}

void putname(char *name)
{
	kfree(name);
}

/* Look up a path in user memory (Linux's user_path_at): getname, then
 * path_lookupat from dfd with LOOKUP_* flags.  Returns the dentry with a
 * reference, or ERR_PTR(-EFAULT, -ENAMETOOLONG, -ENOENT, ...). */
struct dentry *user_path_at(int dfd, const char *upath, unsigned flags)
{
	char *path = getname(upath, false);

	if (IS_ERR(path))
		return ERR_PTR(PTR_ERR(path));
	struct dentry *d = path_lookupat(dfd, path, flags);
	putname(path);
	return d;
}

/* A symlink's target (no NUL) into buf; returns its length or -EINVAL. */
int read_link(struct inode *inode, char *buf, size_t len)
{
	if (!S_ISLNK(inode->i_mode) || !inode->i_op || !inode->i_op->readlink)
		return -EINVAL;
	return inode->i_op->readlink(inode, buf, len);
}

/* Where a walk starts: the root for "/...", else dfd's directory. */
static struct dentry *start_dir(int dfd, const char *path)
{
	if (path[0] == '/')
		return dget(root_dentry);
	if (dfd == AT_FDCWD)
		return dget(cwd_dentry());
	struct file *f = fget_raw(dfd);
	if (!f)
		return ERR_PTR(-EBADF);
	struct dentry *d = f->f_dentry && is_dir(f->f_dentry) ? dget(f->f_dentry)
								: NULL;
	fput(f);
	return d ? d : ERR_PTR(-ENOTDIR);
}

/*
 * May the current task access inode as mask (MAY_READ, MAY_WRITE,
 * MAY_EXEC)?  Linux's generic_permission: the owner's, the group's or the
 * others' bits by fsuid and groups; fsuid 0 may read and write anything,
 * search any directory and execute a file with an x bit.  0 or -EACCES.
 */
int inode_permission(struct inode *inode, int mask)
{
	uint32_t mode = inode->i_mode;

	if (current->cred.fsuid == inode->i_uid)
		mode >>= 6;
	else if (in_group_p(inode->i_gid))
		mode >>= 3;
	if (!(mask & ~mode & 7))
		return 0;
	if (fs_capable() && (S_ISDIR(inode->i_mode) || !(mask & MAY_EXEC) ||
			     (inode->i_mode & 0111)))
		return 0;
	return -EACCES;
}

/* The child name of directory dir (new reference), or NULL. */
static struct dentry *lookup_child(struct dentry *dir, const char *name)
{
	struct inode *inode = dir->d_inode;

	if (inode->i_op && inode->i_op->lookup)
		return inode->i_op->lookup(dir, name);
	return d_lookup(dir, name);
}

/* The dentry the magic link (/proc/PID/fd/N) link stands for, a new
 * reference or ERR_PTR; NULL if link is an ordinary symlink. */
struct dentry *magic_link(struct dentry *link)
{
	const struct inode_operations *iop = link->d_inode->i_op;

	return iop && iop->get_link ? iop->get_link(link->d_inode) : NULL;
}

/* Walk the target of symlink link, which sits in dir; a magic link
 * leads to its dentry directly. */
static struct dentry *follow_link(struct dentry *dir, struct dentry *link,
				  struct walk *w)
{
	if (++w->links > MAX_LINKS || w->nested >= MAX_NESTED)
		return ERR_PTR(-ELOOP);
	struct dentry *magic = magic_link(link);
	if (magic)
		return magic;
	char *target = kmalloc(PATH_MAX);
	if (!target)
		return ERR_PTR(-ENOMEM);
	int n = read_link(link->d_inode, target, PATH_MAX - 1);
	struct dentry *res = ERR_PTR(n < 0 ? n : -ENOENT);
	if (n > 0) {
		target[n] = '\0';
		w->nested++;
		res = walk_path(target[0] == '/' ? dget(root_dentry) : dget(dir),
				target, LOOKUP_FOLLOW, w);
		w->nested--;
	}
	kfree(target);
	return res;
}

/* Replace *dir (a directory) by its component name; follows symlinks. */
static int walk_component(struct dentry **dir, const char *name, size_t len,
			  struct walk *w)
{
	struct dentry *d = *dir, *next;
	char buf[NAME_MAX + 1];

	if (!is_dir(d))
		return -ENOTDIR;
	int err = inode_permission(d->d_inode, MAY_EXEC);
	if (err)
		return err;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		next = dget(d->d_parent);
	} else {
		memcpy(buf, name, len);
		buf[len] = '\0';
		if (!(next = lookup_child(d, buf)))
			return -ENOENT;
		if (S_ISLNK(next->d_inode->i_mode)) {
			struct dentry *target = follow_link(d, next, w);
			dput(next);
			if (IS_ERR(target))
				return PTR_ERR(target);
			next = target;
		}
	}
	dput(d);
	*dir = next;
	return 0;
}

/*
 * Walk all but the last component of path from dir (whose reference is
 * consumed); on success nd->dir holds the parent directory.
 */
static int walk_parent(struct dentry *dir, const char *path,
		       struct nameidata *nd, struct walk *w)
{
	const char *p = path;

	while (*p == '/')
		p++;
	*nd = (struct nameidata){ .last_type = LAST_ROOT };
	while (*p) {
		const char *name = p;
		while (*p && *p != '/')
			p++;
		size_t len = p - name;
		int err = len > NAME_MAX ? -ENAMETOOLONG : 0;
		bool slash = *p == '/';
		while (*p == '/')
			p++;
		if (!err && !*p) {		/* the last component */
			memcpy(nd->last, name, len);
			nd->last[len] = '\0';
			nd->trailing_slash = slash;
			nd->last_type = !strcmp(nd->last, ".") ? LAST_DOT
				: !strcmp(nd->last, "..") ? LAST_DOTDOT : LAST_NORM;
			err = !is_dir(dir) ? -ENOTDIR
			      : inode_permission(dir->d_inode, MAY_EXEC);
		}
		if (!err && *p)
			err = walk_component(&dir, name, len, w);
		if (err) {
			dput(dir);
			return err;
		}
	}
	nd->dir = dir;
	return 0;
}

/* Resolve the last component of nd as flags ask; a new reference. */
static struct dentry *walk_last(struct nameidata *nd, unsigned flags,
				struct walk *w)
{
	struct dentry *d;

	if (nd->last_type == LAST_DOTDOT) {
		d = dget(nd->dir->d_parent);
	} else if (nd->last_type != LAST_NORM) {
		d = dget(nd->dir);
	} else {
		if (!(d = lookup_child(nd->dir, nd->last)))
			return ERR_PTR(-ENOENT);
		if (S_ISLNK(d->d_inode->i_mode) &&
		    ((flags & LOOKUP_FOLLOW) || nd->trailing_slash)) {
			struct dentry *target = follow_link(nd->dir, d, w);
			dput(d);
			if (IS_ERR(target))
				return target;
			d = target;
		}
	}
	if (((flags & LOOKUP_DIRECTORY) || nd->trailing_slash) && !is_dir(d)) {
		dput(d);
		return ERR_PTR(-ENOTDIR);
	}
	return d;
}

static struct dentry *walk_path(struct dentry *start, const char *path,
				unsigned flags, struct walk *w)
{
	struct nameidata nd;
	int err = walk_parent(start, path, &nd, w);

	if (err)
		return ERR_PTR(err);
	struct dentry *d = walk_last(&nd, flags, w);
	dput(nd.dir);
	return d;
}

/* Resolve path relative to dfd; a new dentry reference or ERR_PTR. */
struct dentry *path_lookupat(int dfd, const char *path, unsigned flags)
{
	struct walk w = { 0, 0 };
	struct dentry *start = start_dir(dfd, path);

	if (IS_ERR(start))
		return start;
	return walk_path(start, path, flags, &w);
}

/* Resolve all but the last component; the caller dputs nd->dir. */
int path_parentat(int dfd, const char *path, struct nameidata *nd)
{
	struct walk w = { 0, 0 };
	struct dentry *start = start_dir(dfd, path);

	if (IS_ERR(start))
		return PTR_ERR(start);
	return walk_parent(start, path, nd, &w);
}

/*
 * The last component of nd is the symlink link (an O_CREAT open that
 * follows it): replace nd by the parent walk of the link's target, from
 * the link's directory, so that the open finds or creates the target.
 * *links counts the links followed so far (ELOOP past 40).  0 or -errno;
 * on an error nd->dir is released.
 */
int follow_last_link(struct nameidata *nd, struct dentry *link, int *links)
{
	struct walk w = { *links + 1, 1 };
	struct nameidata next;
	char *target = kmalloc(PATH_MAX);
	int n = target ? read_link(link->d_inode, target, PATH_MAX - 1) : -ENOMEM;
	int err = w.links > MAX_LINKS ? -ELOOP : n < 0 ? n : n == 0 ? -ENOENT : 0;

	if (!err) {
		target[n] = '\0';
		err = walk_parent(target[0] == '/' ? dget(root_dentry) : dget(nd->dir),
				  target, &next, &w);
	}
	kfree(target);
	dput(nd->dir);
	if (!err) {
		*nd = next;
		*links = w.links;
	}
	return err;
}

/* The dentry nd->last names in nd->dir, not following it; NULL if none. */
struct dentry *lookup_last(struct nameidata *nd)
{
	if (nd->last_type != LAST_NORM)
		return NULL;
	return lookup_child(nd->dir, nd->last);
}
