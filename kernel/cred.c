/*
 * kernel/cred.c - credentials: the user and group ids of a task, its
 * supplementary groups, and the calls that read and change them, as
 * Linux's kernel/sys.c and kernel/groups.c.
 *
 * Each task has one struct cred (task->cred): fork copies it, exec keeps
 * it, and a zeroed task is root with no supplementary groups.  Pagoda has
 * no capability sets; what Linux decides with them follows the ids here
 * as it does in Linux for a program that never calls capset: a task has
 * root's powers (CAP_SETUID, CAP_KILL, ...) while its euid is 0, and
 * root's file powers (CAP_DAC_OVERRIDE, CAP_CHOWN, CAP_FOWNER) while its
 * fsuid is 0.
 */
#include "kernel.h"
#include "syscalls.h"
#include "../mm/mm.h"
#include <uapi/errno.h>

#define INVALID_ID	0xffffffffu	/* (uid_t)-1: "leave it unchanged" */

bool capable(void)
{
	return current->cred.euid == 0;
}

bool fs_capable(void)
{
	return current->cred.fsuid == 0;
}

/* Is gid the task's file-system group or one of its groups? */
bool in_group_p(uint32_t gid)
{
	const struct cred *c = &current->cred;

	if (c->fsgid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

SYSCALL_DEFINE0(getuid) { return current->cred.uid; }
SYSCALL_DEFINE0(geteuid) { return current->cred.euid; }
SYSCALL_DEFINE0(getgid) { return current->cred.gid; }
SYSCALL_DEFINE0(getegid) { return current->cred.egid; }

/* The three ids of one kind (real, effective, saved) and the fs one. */
struct ids {
	uint32_t *r, *e, *s, *fs;
};

static struct ids uids(struct cred *c)
{
	return (struct ids){ &c->uid, &c->euid, &c->suid, &c->fsuid };
}

static struct ids gids(struct cred *c)
{
	return (struct ids){ &c->gid, &c->egid, &c->sgid, &c->fsgid };
}

/* setuid/setgid: a privileged task sets all four ids; another may set its
 * effective (and fs) id to its real or saved one.  0 or -EPERM/-EINVAL. */
static long set_id(struct ids ids, uint32_t id)
{
	if (id == INVALID_ID)
		return -EINVAL;
	if (capable())
		*ids.r = *ids.s = id;
	else if (id != *ids.r && id != *ids.s)
		return -EPERM;
	*ids.e = *ids.fs = id;
	return 0;
}

/* setreuid/setregid: the real id may become the real or effective one,
 * the effective id any of the three; the saved id follows the new
 * effective one when the real id is set or the effective one changes to
 * something other than the old real id. */
static long set_re_id(struct ids ids, uint32_t r, uint32_t e)
{
	bool priv = capable();
	uint32_t old_r = *ids.r, old_e = *ids.e, old_s = *ids.s;

	if (r != INVALID_ID && r != old_r && r != old_e && !priv)
		return -EPERM;
	if (e != INVALID_ID && e != old_r && e != old_e && e != old_s && !priv)
		return -EPERM;
	if (r != INVALID_ID)
		*ids.r = r;
	if (e != INVALID_ID)
		*ids.e = e;
	if (r != INVALID_ID || (e != INVALID_ID && e != old_r))
		*ids.s = *ids.e;
	*ids.fs = *ids.e;
	return 0;
}

/* May an unprivileged task take id (one of its real, effective, saved)? */
static bool id_allowed(struct ids ids, uint32_t id)
{
	return id == INVALID_ID || id == *ids.r || id == *ids.e || id == *ids.s;
}

/* setresuid/setresgid: each id given must be one of the three old ones
 * unless privileged; the fs id follows the effective one. */
static long set_res_id(struct ids ids, uint32_t r, uint32_t e, uint32_t s)
{
	if (!capable() && (!id_allowed(ids, r) || !id_allowed(ids, e) ||
			   !id_allowed(ids, s)))
		return -EPERM;
	if (r != INVALID_ID)
		*ids.r = r;
	if (e != INVALID_ID)
		*ids.e = e;
	if (s != INVALID_ID)
		*ids.s = s;
	*ids.fs = *ids.e;
	return 0;
}

/* setfsuid/setfsgid: the fs id may become any of the four (any id when
 * privileged); always returns the old fs id, as Linux. */
static long set_fs_id(struct ids ids, uint32_t id)
{
	uint32_t old = *ids.fs;

	if (id != INVALID_ID && (id_allowed(ids, id) || id == old || capable()))
		*ids.fs = id;
	return old;
}

static long get_res_id(struct ids ids, uint32_t *ur, uint32_t *ue, uint32_t *us)
{
	if (copy_to_user(ur, ids.r, 4) || copy_to_user(ue, ids.e, 4) ||
	    copy_to_user(us, ids.s, 4))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE1(setuid, uint32_t, uid)
{
	return set_id(uids(&current->cred), uid);
}

SYSCALL_DEFINE1(setgid, uint32_t, gid)
{
	return set_id(gids(&current->cred), gid);
}

SYSCALL_DEFINE2(setreuid, uint32_t, r, uint32_t, e)
{
	return set_re_id(uids(&current->cred), r, e);
}

SYSCALL_DEFINE2(setregid, uint32_t, r, uint32_t, e)
{
	return set_re_id(gids(&current->cred), r, e);
}

SYSCALL_DEFINE3(setresuid, uint32_t, r, uint32_t, e, uint32_t, s)
{
	return set_res_id(uids(&current->cred), r, e, s);
}

SYSCALL_DEFINE3(setresgid, uint32_t, r, uint32_t, e, uint32_t, s)
{
	return set_res_id(gids(&current->cred), r, e, s);
}

SYSCALL_DEFINE3(getresuid, uint32_t *, r, uint32_t *, e, uint32_t *, s)
{
	return get_res_id(uids(&current->cred), r, e, s);
}

SYSCALL_DEFINE3(getresgid, uint32_t *, r, uint32_t *, e, uint32_t *, s)
{
	return get_res_id(gids(&current->cred), r, e, s);
}

SYSCALL_DEFINE1(setfsuid, uint32_t, uid)
{
	return set_fs_id(uids(&current->cred), uid);
}

SYSCALL_DEFINE1(setfsgid, uint32_t, gid)
{
	return set_fs_id(gids(&current->cred), gid);
}

/* getgroups: the count with size 0, else the groups (-EINVAL if they do
 * not fit in size). */
SYSCALL_DEFINE2(getgroups, int, size, uint32_t *, ulist)
{
	const struct cred *c = &current->cred;

	if (size < 0)
		return -EINVAL;
	if (!size)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(ulist, c->groups, c->ngroups * sizeof(uint32_t)))
		return -EFAULT;
	return c->ngroups;
}

/* setgroups: root only; the list is kept sorted, as Linux's groups_sort. */
SYSCALL_DEFINE2(setgroups, int, size, const uint32_t *, ulist)
{
	uint32_t g[NGROUPS];

	if (!capable())
		return -EPERM;
	if ((unsigned)size > NGROUPS)
		return -EINVAL;
	if (copy_from_user(g, ulist, size * sizeof(uint32_t)))
		return -EFAULT;
	for (int i = 1; i < size; i++)
		for (int j = i; j > 0 && g[j - 1] > g[j]; j--) {
			uint32_t t = g[j];
			g[j] = g[j - 1];
			g[j - 1] = t;
		}
	memcpy(current->cred.groups, g, size * sizeof(uint32_t));
	current->cred.ngroups = size;
	return 0;
}
