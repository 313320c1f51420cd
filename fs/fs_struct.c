/*
 * fs/fs_struct.c - a process's cwd and umask (Linux's fs_struct).
 *
 * fork copies it; clone(CLONE_FS), as pthread_create passes it, shares
 * it, so a chdir or umask in one thread is seen by every thread.
 */
#include "fs.h"

/* A new fs_struct with cwd pwd and umask 022; NULL if out of memory. */
struct fs_struct *fs_struct_alloc(struct inode *pwd)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->users = 1;
	fs->umask = 022;
	fs->pwd = igrab(pwd);
	return fs;
}

/* fork: the same cwd and umask, not shared; NULL if out of memory. */
struct fs_struct *fs_struct_copy(const struct fs_struct *old)
{
	struct fs_struct *fs = fs_struct_alloc(old->pwd);

	if (fs)
		fs->umask = old->umask;
	return fs;
}

/* Drop a user (NULL-safe); the last one releases the cwd. */
void fs_struct_put(struct fs_struct *fs)
{
	if (!fs || --fs->users > 0)
		return;
	iput(fs->pwd);
	kfree(fs);
}

/* chdir: make pwd the cwd of every task sharing fs. */
void set_fs_pwd(struct fs_struct *fs, struct inode *pwd)
{
	struct inode *old = fs->pwd;

	fs->pwd = igrab(pwd);
	iput(old);
}
