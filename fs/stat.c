/*
 * fs/stat.c - stat, fstat, lstat, newfstatat, readlink, readlinkat and
 * getdents64.
 */
#include "fs.h"
#include "../kernel/syscalls.h"
#include <uapi/dirent.h>

/* stat of path relative to dfd (a kernel string); flags as newfstatat,
 * already checked. */
int vfs_statat(int dfd, const char *path, struct stat *st, int flags)
{
	if (!*path && (flags & AT_EMPTY_PATH)) {
		if (dfd == AT_FDCWD) {
			fill_stat(cwd_dentry()->d_inode, st);
			return 0;
		}
		struct file *f = fget_raw(dfd);
		if (!f)
			return -EBADF;
		fill_stat(f->f_inode, st);
		fput(f);
		return 0;
	}
	struct dentry *d = path_lookupat(dfd, path, (flags & AT_SYMLINK_NOFOLLOW)
						    ? 0 : LOOKUP_FOLLOW);
	if (IS_ERR(d))
		return PTR_ERR(d);
	fill_stat(d->d_inode, st);
	dput(d);
	return 0;
}

/* The user-facing half of the stat family. */
static long do_stat(int dfd, const char *upath, struct stat *ust, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	char *path = getname(upath, flags & AT_EMPTY_PATH);
	if (IS_ERR(path))
		return PTR_ERR(path);
	struct stat st;
	long err = vfs_statat(dfd, path, &st, flags);
	putname(path);
	if (!err && copy_to_user(ust, &st, sizeof(st)))
		err = -EFAULT;
	return err;
}

SYSCALL_DEFINE2(stat, const char *, path, struct stat *, st)
{
	return do_stat(AT_FDCWD, path, st, 0);
}

SYSCALL_DEFINE2(lstat, const char *, path, struct stat *, st)
{
	return do_stat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char *, path, struct stat *, st,
		int, flags)
{
	return do_stat(dfd, path, st, flags);
}

SYSCALL_DEFINE2(fstat, unsigned int, fd, struct stat *, ust)
{
	struct file *f = fget_raw(fd);
	struct stat st;

	if (!f)
		return -EBADF;
	fill_stat(f->f_inode, &st);
	fput(f);
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}

/* readlink: the target without a NUL, cut to bufsiz; EINVAL if no link. */
SYSCALL_DEFINE4(readlinkat, int, dfd, const char *, upath, char *, ubuf,
		int, bufsiz)
{
	if (bufsiz <= 0)
		return -EINVAL;
	char *path = getname(upath, false);
	if (IS_ERR(path))
		return PTR_ERR(path);
	struct dentry *d = path_lookupat(dfd, path, 0);
	long ret = IS_ERR(d) ? PTR_ERR(d) : 0;
	if (!ret) {			/* reuse the path buffer for the target */
		ret = read_link(d->d_inode, path, MIN((size_t)bufsiz, PATH_MAX));
		dput(d);
	}
	if (ret > 0 && copy_to_user(ubuf, path, ret))
		ret = -EFAULT;
	putname(path);
	return ret;
}

SYSCALL_DEFINE3(readlink, const char *, path, char *, buf, int, bufsiz)
{
	return sys_readlinkat(AT_FDCWD, path, buf, bufsiz);
}

/* Emit one entry through the context's actor. */
bool dir_emit(struct dir_context *ctx, const char *name, size_t len,
	      uint64_t next_pos, uint64_t ino, uint32_t mode)
{
	return ctx->actor(ctx, name, len, next_pos, ino, (mode & S_IFMT) >> 12);
}

/* Emit "." (position 0) and ".." (position 1) of dir if the listing has
 * not passed them, as Linux's dir_emit_dots; false when the buffer filled. */
bool dir_emit_dots(struct dir_context *ctx, struct dentry *dir)
{
	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, 1, dir->d_inode->i_ino, S_IFDIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, 2, dir->d_parent->d_inode->i_ino,
			      S_IFDIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

struct getdents_ctx {
	struct dir_context ctx;
	char *ubuf;
	size_t left, used;
	int err;
};

/* Copy one struct linux_dirent64 to the user buffer; false when full. */
static bool filldir64(struct dir_context *ctx, const char *name, size_t len,
		      uint64_t next_pos, uint64_t ino, unsigned type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1,
				 8);
	char rec[offsetof(struct linux_dirent64, d_name) + NAME_MAX + 1 + 8];

	if (reclen > g->left) {
		if (!g->used)
			g->err = -EINVAL;
		return false;
	}
	memset(rec, 0, reclen);
	struct linux_dirent64 *de = (struct linux_dirent64 *)rec;
	de->d_ino = ino;
	de->d_off = (int64_t)next_pos;
	de->d_reclen = reclen;
	de->d_type = type;
	memcpy(de->d_name, name, len);
	if (copy_to_user(g->ubuf + g->used, rec, reclen)) {
		g->err = -EFAULT;
		return false;
	}
	g->used += reclen;
	g->left -= reclen;
	return true;
}

/* getdents64: as many records as fit; EINVAL if not even one does. */
SYSCALL_DEFINE3(getdents64, unsigned int, fd, void *, dirent,
		unsigned int, count)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	struct getdents_ctx g = { .ctx = { filldir64, f->f_pos },
				  .ubuf = dirent, .left = count };
	long ret = !f->f_mode ? -EBADF : -ENOTDIR;
	if (f->f_op && f->f_op->iterate && f->f_mode) {
		ret = f->f_op->iterate(f, &g.ctx);
		f->f_pos = g.ctx.pos;
		if (!ret)
			ret = g.err && !g.used ? g.err : (long)g.used;
	}
	fput(f);
	return ret;
}
