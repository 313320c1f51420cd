/*
 * fs/locks.c - file locks: POSIX record locks (fcntl F_GETLK, F_SETLK,
 * F_SETLKW), open-file-description locks (F_OFD_*) and flock(2), with
 * Linux's rules (fs/locks.c there).
 *
 * A lock is a byte range [fl_start, fl_end] (fl_end OFFSET_MAX: to the
 * end of the file and beyond) of one type, F_RDLCK (shared) or F_WRLCK
 * (exclusive), held by an owner.  Two locks conflict when their owners
 * differ, their ranges overlap and one of them is a write lock.  Owners:
 *
 *   POSIX  the process's fd table (current->files): every thread shares
 *          them, a forked child has none, and closing ANY fd of the file
 *          drops all of the process's locks on it (locks_remove_posix,
 *          from every close, and so from exit and close-on-exec);
 *   OFD    the open file (struct file), shared by dup and fork, dropped
 *          at its last close (locks_remove_file);
 *   flock  the open file as well, but whole-file and on a list of their
 *          own: flock and fcntl locks never see each other.
 *
 * An owner's POSIX/OFD locks never overlap one another: setting a range
 * cuts it out of the owner's locks of the other type and merges it with
 * the adjacent or overlapping ones of the same type (F_UNLCK only cuts).
 * The list keeps each owner's locks together, ordered by start, as
 * Linux's, so F_GETLK names the same first conflicting lock.
 *
 * A request that must wait is put on blocked_list with the lock that
 * blocks it (fl_blocker) and sleeps; every change to an inode's locks
 * wakes all of the inode's waiters to try again (no lock is handed over,
 * as in Linux).  Before a POSIX request sleeps, posix_locks_deadlock
 * follows the chain "the owner of the blocking lock waits for a lock
 * whose owner waits for ..." and fails with EDEADLK if it comes back to
 * the requester.  A signal ends the wait with -ERESTARTSYS (EINTR, or a
 * restart under SA_RESTART).  The locks of an inode hang off a context
 * (i_flctx) that exists only while the inode has locks.
 */
#include "fs.h"
#include "../kernel/syscalls.h"
#include <uapi/unistd.h>

#define OFFSET_MAX		INT64_MAX
#define MAX_DEADLK_ITERATIONS	10

#define FL_POSIX	1
#define FL_FLOCK	2
#define FL_OFDLCK	4

struct file_lock {
	struct list_head fl_list;	/* on the context, or on blocked_list */
	void *fl_owner;			/* POSIX: files_struct; OFD, flock: file */
	unsigned fl_flags;		/* FL_* */
	int fl_type;			/* F_RDLCK, F_WRLCK, F_UNLCK */
	int fl_pid;			/* the tgid that set it (F_GETLK) */
	struct file *fl_file;		/* through which it was set */
	int64_t fl_start, fl_end;	/* inclusive */
	struct file_lock *fl_blocker;	/* a waiting request: what blocks it */
};

struct file_lock_context {
	struct list_head flc_flock;	/* flock locks */
	struct list_head flc_posix;	/* POSIX and OFD locks */
};

static LIST_HEAD(blocked_list);		/* requests waiting for a lock */

static bool is_ofd(const struct file_lock *fl)
{
	return fl->fl_flags & FL_OFDLCK;
}

/* The inode's lock context, made if create; NULL if none (or no memory). */
static struct file_lock_context *locks_get_lock_context(struct inode *inode,
							bool create)
{
	struct file_lock_context *ctx = inode->i_flctx;

	if (ctx || !create)
		return ctx;
	ctx = kzalloc(sizeof(*ctx));
	if (!ctx)
		return NULL;
	list_init(&ctx->flc_flock);
	list_init(&ctx->flc_posix);
	inode->i_flctx = ctx;
	return ctx;
}

/* The inode's locks changed: every waiter on it tries again; a context
 * without locks goes. */
static void locks_changed(struct inode *inode)
{
	struct file_lock *w;
	struct file_lock_context *ctx = inode->i_flctx;

	list_for_each_entry(w, &blocked_list, fl_list) {
		if (w->fl_file->f_inode == inode && w->fl_blocker) {
			w->fl_blocker = NULL;
			wakeup(w);
		}
	}
	if (ctx && list_empty(&ctx->flc_flock) && list_empty(&ctx->flc_posix)) {
		kfree(ctx);
		inode->i_flctx = NULL;
	}
}

static void locks_delete_lock(struct file_lock *fl)
{
	list_del(&fl->fl_list);
	kfree(fl);
}

/* Sleep on blocked_list until the locks blocker belongs to change; 0 to
 * try again, -ERESTARTSYS on a signal. */
static int locks_wait(struct file_lock *req, struct file_lock *blocker)
{
	req->fl_blocker = blocker;
	list_add_tail(&req->fl_list, &blocked_list);
	while (req->fl_blocker && !signal_pending())
		sleep_on_deadline(req, 0);
	list_del(&req->fl_list);
	return req->fl_blocker ? -ERESTARTSYS : 0;
}

static bool locks_conflict(const struct file_lock *a, const struct file_lock *b)
{
	return a->fl_type == F_WRLCK || b->fl_type == F_WRLCK;
}

static bool locks_overlap(const struct file_lock *a, const struct file_lock *b)
{
	return a->fl_start <= b->fl_end && b->fl_start <= a->fl_end;
}

/* The first lock on the inode that conflicts with req, or NULL. */
static struct file_lock *posix_test_lock(struct inode *inode,
					 const struct file_lock *req)
{
	struct file_lock_context *ctx = inode->i_flctx;
	struct file_lock *fl;

	if (!ctx)
		return NULL;
	list_for_each_entry(fl, &ctx->flc_posix, fl_list)
		if (fl->fl_owner != req->fl_owner && locks_overlap(fl, req) &&
		    locks_conflict(fl, req))
			return fl;
	return NULL;
}

/* The lock the owner of block_fl waits for, if it is a POSIX owner
 * waiting; else NULL. */
static struct file_lock *what_owner_is_waiting_for(struct file_lock *block_fl)
{
	struct file_lock *w;

	list_for_each_entry(w, &blocked_list, fl_list)
		if (!is_ofd(w) && (w->fl_flags & FL_POSIX) &&
		    w->fl_owner == block_fl->fl_owner && w->fl_blocker)
			return w->fl_blocker;
	return NULL;
}

/* Would req waiting for block_fl close a cycle of waiting owners? */
static bool posix_locks_deadlock(struct file_lock *req, struct file_lock *block_fl)
{
	int i = 0;

	if (is_ofd(req))
		return false;
	while ((block_fl = what_owner_is_waiting_for(block_fl))) {
		if (i++ > MAX_DEADLK_ITERATIONS)
			return false;
		if (block_fl->fl_owner == req->fl_owner)
			return true;
	}
	return false;
}

/* Put a new lock where Linux's list has it: among its owner's, by start
 * (after them if it starts last); a new owner's at the end. */
static void posix_insert_lock(struct file_lock_context *ctx, struct file_lock *n)
{
	struct list_head *at = &ctx->flc_posix;
	struct file_lock *fl;
	bool seen = false;

	list_for_each_entry(fl, &ctx->flc_posix, fl_list) {
		if (fl->fl_owner == n->fl_owner) {
			seen = true;
			if (fl->fl_start > n->fl_start) {
				at = &fl->fl_list;
				break;
			}
		} else if (seen) {
			at = &fl->fl_list;
			break;
		}
	}
	list_add_tail(&n->fl_list, at);
}

/* May fl and [start, end] of the same type become one lock? */
static bool touches(const struct file_lock *fl, int64_t start, int64_t end)
{
	return (fl->fl_end == OFFSET_MAX || fl->fl_end + 1 >= start) &&
	       (end == OFFSET_MAX || fl->fl_start <= end + 1);
}

/* Take one of the preallocated locks. */
static struct file_lock *take_spare(struct file_lock **spare)
{
	struct file_lock *fl = spare[0] ? spare[0] : spare[1];

	if (fl == spare[0])
		spare[0] = NULL;
	else
		spare[1] = NULL;
	return fl;
}

/*
 * Apply req (which conflicts with nobody) to its owner's locks: merge the
 * same type, cut out of the other type (or everything, for F_UNLCK).
 * Never fails: a split and the new lock use the two spares.
 */
static void posix_apply(struct file_lock_context *ctx, const struct file_lock *req,
			struct file_lock **spare)
{
	int64_t start = req->fl_start, end = req->fl_end;
	struct list_head *pos, *tmp;

	list_for_each_safe(pos, tmp, &ctx->flc_posix) {
		struct file_lock *fl = list_entry(pos, struct file_lock, fl_list);
		if (fl->fl_owner != req->fl_owner)
			continue;
		if (fl->fl_type == req->fl_type) {
			if (!touches(fl, start, end))
				continue;
			start = MIN(start, fl->fl_start);
			end = MAX(end, fl->fl_end);
			locks_delete_lock(fl);
			continue;
		}
		if (fl->fl_end < start || fl->fl_start > end)
			continue;
		if (fl->fl_start < start && fl->fl_end > end) {
			struct file_lock *right = take_spare(spare);
			*right = *fl;
			right->fl_start = end + 1;
			fl->fl_end = start - 1;
			posix_insert_lock(ctx, right);
		} else if (fl->fl_start < start) {
			fl->fl_end = start - 1;
		} else if (fl->fl_end > end) {
			fl->fl_start = end + 1;
		} else {
			locks_delete_lock(fl);
		}
	}
	if (req->fl_type == F_UNLCK)
		return;
	struct file_lock *n = take_spare(spare);
	*n = *req;
	n->fl_start = start;
	n->fl_end = end;
	n->fl_blocker = NULL;
	posix_insert_lock(ctx, n);
}

/* Set, change or remove req's range for its owner, waiting for conflicts
 * if wait.  Returns 0, -EAGAIN, -EDEADLK, -ENOLCK or -ERESTARTSYS. */
static int posix_lock_inode(struct inode *inode, struct file_lock *req, bool wait)
{
	for (;;) {
		struct file_lock *block = req->fl_type == F_UNLCK ? NULL
					  : posix_test_lock(inode, req);
		if (!block)
			break;
		if (!wait)
			return -EAGAIN;
		if (posix_locks_deadlock(req, block))
			return -EDEADLK;
		int err = locks_wait(req, block);
		if (err)
			return err;
	}
	struct file_lock_context *ctx = locks_get_lock_context(inode,
							       req->fl_type != F_UNLCK);
	if (!ctx)
		return req->fl_type == F_UNLCK ? 0 : -ENOLCK;
	struct file_lock *spare[2] = { kmalloc(sizeof(struct file_lock)),
				       kmalloc(sizeof(struct file_lock)) };
	if (!spare[0] || !spare[1]) {
		kfree(spare[0]);
		kfree(spare[1]);
		locks_changed(inode);
		return -ENOLCK;
	}
	posix_apply(ctx, req, spare);
	kfree(spare[0]);
	kfree(spare[1]);
	locks_changed(inode);
	return 0;
}

/* Translate a struct flock (l_whence, l_start, l_len, l_type) into fl's
 * range and type; 0, -EINVAL or -EOVERFLOW, as Linux's
 * flock64_to_posix_lock. */
static int flock_to_posix_lock(struct file *f, struct file_lock *fl,
			       const struct flock *l)
{
	int64_t start, end;

	switch (l->l_whence) {
	case SEEK_SET:
		start = 0;
		break;
	case SEEK_CUR:
		start = (int64_t)f->f_pos;
		break;
	case SEEK_END:
		start = (int64_t)f->f_inode->i_size;
		break;
	default:
		return -EINVAL;
	}
	if (l->l_start > OFFSET_MAX - start)
		return -EOVERFLOW;
	start += l->l_start;
	if (start < 0)
		return -EINVAL;
	if (l->l_len > 0) {
		if (l->l_len - 1 > OFFSET_MAX - start)
			return -EOVERFLOW;
		end = start + l->l_len - 1;
	} else if (l->l_len < 0) {
		end = start - 1;
		start += l->l_len;
		if (start < 0)
			return -EINVAL;
	} else {
		end = OFFSET_MAX;
	}
	*fl = (struct file_lock){ .fl_owner = current->files, .fl_flags = FL_POSIX,
				  .fl_type = l->l_type, .fl_pid = current->tgid,
				  .fl_file = f, .fl_start = start, .fl_end = end };
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK && l->l_type != F_UNLCK)
		return -EINVAL;
	return 0;
}

/* F_GETLK, F_OFD_GETLK: the first lock that would block *l, or l_type
 * F_UNLCK.  Returns 0 or -errno. */
static long fcntl_getlk(struct file *f, unsigned int cmd, struct flock *l)
{
	struct file_lock req;

	if (cmd != F_OFD_GETLK && l->l_type != F_RDLCK && l->l_type != F_WRLCK)
		return -EINVAL;
	int err = flock_to_posix_lock(f, &req, l);
	if (err)
		return err;
	if (cmd == F_OFD_GETLK) {
		if (l->l_pid != 0)
			return -EINVAL;
		req.fl_flags |= FL_OFDLCK;
		req.fl_owner = f;
	}
	struct file_lock *fl = posix_test_lock(f->f_inode, &req);
	if (!fl) {
		l->l_type = F_UNLCK;
		return 0;
	}
	l->l_type = (short)fl->fl_type;
	l->l_whence = SEEK_SET;
	l->l_start = fl->fl_start;
	l->l_len = fl->fl_end == OFFSET_MAX ? 0 : fl->fl_end - fl->fl_start + 1;
	l->l_pid = is_ofd(fl) ? -1 : fl->fl_pid;
	return 0;
}

/* F_SETLK, F_SETLKW and their OFD forms on fd's file f.  Returns 0 or
 * -errno (EAGAIN: a conflict; EBADF: the open does not allow the type). */
static long fcntl_setlk(unsigned int fd, struct file *f, unsigned int cmd,
			const struct flock *l)
{
	struct file_lock req;
	int err = flock_to_posix_lock(f, &req, l);

	if (err)
		return err;
	if ((req.fl_type == F_RDLCK && !(f->f_mode & FMODE_READ)) ||
	    (req.fl_type == F_WRLCK && !(f->f_mode & FMODE_WRITE)))
		return -EBADF;
	if (cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW) {
		if (l->l_pid != 0)
			return -EINVAL;
		req.fl_flags |= FL_OFDLCK;
		req.fl_owner = f;
	}
	err = posix_lock_inode(f->f_inode, &req,
			       cmd == F_SETLKW || cmd == F_OFD_SETLKW);
	if (err || is_ofd(&req) || req.fl_type == F_UNLCK)
		return err;
	/* another thread closed fd while we waited: the close has already
	 * dropped our locks, so this one must not outlive it either */
	struct file *now = fget_raw(fd);
	if (now != f) {
		req.fl_type = F_UNLCK;
		posix_lock_inode(f->f_inode, &req, false);
	}
	if (now)
		fput(now);
	return 0;
}

/* fcntl's lock commands on fd (file f), arg a user struct flock. */
long fcntl_lock(unsigned int fd, struct file *f, unsigned int cmd,
		unsigned long arg)
{
	struct flock l;
	long err;

	if (f->f_flags & O_PATH)
		return -EBADF;
	if (copy_from_user(&l, (void *)arg, sizeof(l)))
		return -EFAULT;
	if (cmd == F_SETLK || cmd == F_SETLKW || cmd == F_OFD_SETLK ||
	    cmd == F_OFD_SETLKW)
		return fcntl_setlk(fd, f, cmd, &l);
	err = fcntl_getlk(f, cmd, &l);
	if (!err && copy_to_user((void *)arg, &l, sizeof(l)))
		err = -EFAULT;
	return err;
}

/* Drop every POSIX/OFD lock of owner on inode. */
static void locks_remove_owner(struct inode *inode, const void *owner)
{
	struct list_head *pos, *tmp;

	if (!inode->i_flctx)
		return;
	list_for_each_safe(pos, tmp, &inode->i_flctx->flc_posix) {
		struct file_lock *fl = list_entry(pos, struct file_lock, fl_list);
		if (fl->fl_owner == owner)
			locks_delete_lock(fl);
	}
	locks_changed(inode);
}

/* A close of one of owner's fds, open on f: the process's POSIX locks on
 * the file go, whichever fd set them. */
void locks_remove_posix(struct file *f, struct files_struct *owner)
{
	locks_remove_owner(f->f_inode, owner);
}

/* The last close of f: its OFD and flock locks go. */
void locks_remove_file(struct file *f)
{
	struct inode *inode = f->f_inode;
	struct list_head *pos, *tmp;

	locks_remove_owner(inode, f);
	if (!inode->i_flctx)
		return;
	list_for_each_safe(pos, tmp, &inode->i_flctx->flc_flock) {
		struct file_lock *fl = list_entry(pos, struct file_lock, fl_list);
		if (fl->fl_file == f)
			locks_delete_lock(fl);
	}
	locks_changed(inode);
}

/* The first flock lock of another file that conflicts with req, or NULL. */
static struct file_lock *flock_test_lock(struct inode *inode,
					 const struct file_lock *req)
{
	struct file_lock *fl;

	if (!inode->i_flctx)
		return NULL;
	list_for_each_entry(fl, &inode->i_flctx->flc_flock, fl_list)
		if (fl->fl_file != req->fl_file && locks_conflict(fl, req))
			return fl;
	return NULL;
}

/* Drop f's flock lock, unless it is of type already: then true. */
static bool flock_drop_own(struct file *f, int type)
{
	struct inode *inode = f->f_inode;
	struct file_lock *fl;

	if (!inode->i_flctx)
		return false;
	list_for_each_entry(fl, &inode->i_flctx->flc_flock, fl_list) {
		if (fl->fl_file != f)
			continue;
		if (fl->fl_type == type)
			return true;
		locks_delete_lock(fl);
		locks_changed(inode);
		return false;
	}
	return false;
}

/* flock(2) on f: an existing lock of f of the same type stays; of the
 * other type it is dropped first (a conversion is not atomic, as Linux's);
 * then wait (if wait) for the other files' conflicting locks.  Returns 0,
 * -EAGAIN, -ENOLCK or -ERESTARTSYS. */
static int flock_lock_inode(struct file *f, int type, bool wait)
{
	struct inode *inode = f->f_inode;
	struct file_lock req = { .fl_owner = f, .fl_flags = FL_FLOCK,
				 .fl_type = type, .fl_pid = current->tgid,
				 .fl_file = f };
	struct file_lock *block;

	for (;;) {
		if (flock_drop_own(f, type))
			return 0;
		if (type == F_UNLCK)
			return 0;
		if (!(block = flock_test_lock(inode, &req)))
			break;
		if (!wait)
			return -EAGAIN;
		int err = locks_wait(&req, block);
		if (err)
			return err;
	}
	struct file_lock_context *ctx = locks_get_lock_context(inode, true);
	struct file_lock *fl = ctx ? kmalloc(sizeof(*fl)) : NULL;
	if (!fl) {
		locks_changed(inode);
		return -ENOLCK;
	}
	*fl = req;
	list_add_tail(&fl->fl_list, &ctx->flc_flock);
	return 0;
}

SYSCALL_DEFINE2(flock, unsigned int, fd, unsigned int, cmd)
{
	static const int types[] = { [LOCK_SH] = F_RDLCK, [LOCK_EX] = F_WRLCK,
				     [LOCK_UN] = F_UNLCK };
	unsigned int op = cmd & ~LOCK_NB;

	if (op != LOCK_SH && op != LOCK_EX && op != LOCK_UN)
		return -EINVAL;
	struct file *f = fget(fd);
	if (!f)
		return -EBADF;
	long err = flock_lock_inode(f, types[op], !(cmd & LOCK_NB));
	fput(f);
	return err;
}
