/*
 * ipc/shm.c - System V shared memory: shmget, shmat, shmdt, shmctl, and
 * /proc/sysvipc/shm, as Linux's ipc/shm.c.
 *
 * A segment is a shmem file (mm/shmem.c: pages zeroed on first touch,
 * kept in the file's page cache, swapped out under pressure; SHM_LOCK
 * keeps them in memory) with the System V bookkeeping around
 * it: key, owner and creator, mode, size, times, the creator's and the
 * last user's pids.  shmat maps it MAP_SHARED through a struct file of
 * its own (private_data: the segment) whose mmap puts shm_vm_ops on the
 * VMA; fork, splits and mremap copy the VMA (->open), munmap, shmdt,
 * exec and exit drop it (->close).  So shm_nattch is the number of VMAs
 * on the shmem file's i_mmap, as Linux counts (a split attach counts
 * twice), and attaches are inherited at fork and gone at exec and exit
 * without more code.
 *
 * Segments outlive their users until IPC_RMID (Linux's default
 * kernel.shm_rmid_forced=0).  IPC_RMID of an attached segment only marks
 * it SHM_DEST and makes its key private: it can still be attached by id,
 * and goes with its last VMA.
 */
#include "ipc.h"
#include "../fs/fs.h"
#include "../mm/mm.h"
#include "../kernel/syscalls.h"
#include <uapi/mman.h>

#define SHMLBA		PAGE_SIZE
#define IPCMNI		32768		/* id = seq * IPCMNI + slot */
#define IPCID_SEQ_MAX	(0x7fffffff / IPCMNI)
#define SHM_DEST	01000		/* mode: IPC_RMID while attached */
#define SHM_LOCKED	02000		/* mode: SHM_LOCK */

struct shmid_kernel {
	int id, key;
	uint32_t uid, gid, cuid, cgid;
	uint32_t mode;			/* 0777 bits, SHM_DEST, SHM_LOCKED */
	uint64_t segsz;			/* bytes, as asked */
	int64_t atime, dtime, ctime;	/* seconds */
	int cpid, lpid;
	int attaching;			/* shmat in progress: keep it alive */
	struct file *file;		/* the shmem file with the pages */
};

static struct shmid_kernel *shm_segs[SHMMNI];
static int shm_used, shm_last = -1;	/* segments, last slot taken */
static uint16_t shm_seq;		/* the next id's use count */
static uint64_t shm_tot;		/* pages in all segments */
static const struct vm_operations_struct shm_vm_ops;
static const struct vm_operations_struct *shmem_ops;	/* for the faults */

static int64_t now_seconds(void)
{
	return (int64_t)(realtime_ns() / 1000000000ull);
}

/* Attaches now: the VMAs mapping the segment, and a shmat under way. */
static unsigned long shm_nattch(const struct shmid_kernel *shp)
{
	unsigned long n = (unsigned long)shp->attaching;
	struct list_head *pos;

	list_for_each(pos, &shp->file->f_mapping->i_mmap)
		n++;
	return n;
}

/* The segment with this id, or NULL. */
static struct shmid_kernel *shm_obtain_object_check(int id)
{
	int slot = id % IPCMNI;

	if (id < 0 || slot >= SHMMNI || !shm_segs[slot] || shm_segs[slot]->id != id)
		return NULL;
	return shm_segs[slot];
}

/* May the caller have the access of flag's permission bits (any of the
 * rwx triplets) to shp?  0 or -EACCES, as Linux's ipcperms. */
static int ipcperms(const struct shmid_kernel *shp, int flag)
{
	int requested = (flag >> 6) | (flag >> 3) | flag;
	int granted = (int)shp->mode;
	const struct cred *c = &current->cred;

	if (c->euid == shp->cuid || c->euid == shp->uid)
		granted >>= 6;
	else if (in_group_p(shp->cgid) || in_group_p(shp->gid))
		granted >>= 3;
	return (requested & ~granted & 0007) && !capable() ? -EACCES : 0;
}

/* IPC_SET, IPC_RMID: the owner, the creator or root only. */
static bool ipc_owner(const struct shmid_kernel *shp)
{
	uint32_t euid = current->cred.euid;

	return capable() || euid == shp->cuid || euid == shp->uid;
}

/* Free the segment: its slot, its pages (with the last file reference). */
static void shm_destroy(struct shmid_kernel *shp)
{
	shm_segs[shp->id % IPCMNI] = NULL;
	shm_used--;
	shm_tot -= PAGE_ALIGN(shp->segsz) >> PAGE_SHIFT;
	fput(shp->file);
	kfree(shp);
}

/* Removed and no longer attached: it goes. */
static void shm_may_destroy(struct shmid_kernel *shp)
{
	if ((shp->mode & SHM_DEST) && shm_nattch(shp) == 0)
		shm_destroy(shp);
}

/* vm_ops->open: a copy of an attach (fork, split, mremap). */
static void shm_open(struct vm_area_struct *vma)
{
	struct shmid_kernel *shp = vma->vm_file->private_data;

	shp->atime = now_seconds();
	shp->lpid = current->tgid;
}

/* vm_ops->close: an attach's VMA is gone (already off i_mmap). */
static void shm_close(struct vm_area_struct *vma)
{
	struct shmid_kernel *shp = vma->vm_file->private_data;

	if (current)
		shp->lpid = current->tgid;
	shp->dtime = now_seconds();
	shm_may_destroy(shp);
}

static int shm_fault(struct vm_fault *vmf)
{
	return shmem_ops->fault(vmf);
}

static const struct vm_operations_struct shm_vm_ops = {
	.fault = shm_fault,
	.open = shm_open,
	.close = shm_close,
};

/* f_op->mmap of an attach: shmem's pages, with the attach counting. */
static int shm_mmap(struct file *f, struct vm_area_struct *vma)
{
	int err = shmem_mmap(f, vma);

	if (err)
		return err;
	shmem_ops = vma->vm_ops;
	vma->vm_ops = &shm_vm_ops;
	return 0;
}

static const struct file_operations shm_file_operations = {
	.mmap = shm_mmap,
};

/* A free slot, searched cyclically after the last one taken; -ENOSPC. */
static int shm_alloc_slot(void)
{
	for (int i = 1; i <= SHMMNI; i++) {
		int slot = (shm_last + i) % SHMMNI;
		if (!shm_segs[slot])
			return slot;
	}
	return -ENOSPC;
}

/* A new segment of size bytes (Linux's newseg); its id or -errno. */
static long newseg(int key, size_t size, int shmflg)
{
	uint64_t pages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	char name[16];

	if (size < SHMMIN || size > SHMMAX)
		return -EINVAL;
	if (shm_tot + pages < shm_tot || shm_tot + pages > SHMALL)
		return -ENOSPC;
	int slot = shm_alloc_slot();
	if (slot < 0)
		return slot;
	struct shmid_kernel *shp = kzalloc(sizeof(*shp));
	snprintf(name, sizeof(name), "SYSV%08x", (unsigned)key);
	struct file *f = shp ? shmem_kernel_file_setup(name, size) : NULL;
	if (!f) {
		kfree(shp);
		return -ENOMEM;
	}
	const struct cred *c = &current->cred;
	shp->file = f;
	shp->key = key;
	shp->uid = shp->cuid = c->euid;
	shp->gid = shp->cgid = c->egid;
	shp->mode = (uint32_t)shmflg & 0777;
	shp->segsz = size;
	shp->ctime = now_seconds();
	shp->cpid = current->tgid;
	shp->id = shm_seq * IPCMNI + slot;
	shm_seq = shm_seq >= IPCID_SEQ_MAX ? 0 : shm_seq + 1;
	shm_segs[slot] = shp;
	shm_last = slot;
	shm_used++;
	shm_tot += pages;
	return shp->id;
}

/* The live segment with key, or NULL. */
static struct shmid_kernel *shm_find_key(int key)
{
	for (int i = 0; i < SHMMNI; i++)
		if (shm_segs[i] && shm_segs[i]->key == key &&
		    !(shm_segs[i]->mode & SHM_DEST))
			return shm_segs[i];
	return NULL;
}

SYSCALL_DEFINE3(shmget, int, key, size_t, size, int, shmflg)
{
	if (key == IPC_PRIVATE)
		return newseg(key, size, shmflg);
	struct shmid_kernel *shp = shm_find_key(key);
	if (!shp)
		return (shmflg & IPC_CREAT) ? newseg(key, size, shmflg) : -ENOENT;
	if ((shmflg & IPC_CREAT) && (shmflg & IPC_EXCL))
		return -EEXIST;
	if (ipcperms(shp, shmflg))
		return -EACCES;
	if (shp->segsz < size)
		return -EINVAL;
	return shp->id;
}

/* Map segment shp at addr (0: anywhere) with flags MAP_SHARED[|MAP_FIXED]
 * through a new attach file; the address or -errno. */
static int64_t shm_map(struct shmid_kernel *shp, uint64_t addr, uint64_t prot,
		       uint64_t flags, bool rdonly)
{
	struct file *f = alloc_file(shp->file->f_dentry, shp->file->f_inode,
				    rdonly ? O_RDONLY : O_RDWR);

	if (!f)
		return -ENOMEM;
	f->f_op = &shm_file_operations;
	f->private_data = shp;
	shp->attaching++;
	int64_t a = do_mmap(f, addr, shp->segsz, prot, flags, 0);
	shp->attaching--;
	fput(f);
	if (a >= 0) {
		shp->atime = now_seconds();
		shp->lpid = current->tgid;
	}
	shm_may_destroy(shp);
	return a;
}

/* shmat's checks, in Linux's order (do_shmat); the address or -errno. */
static int64_t do_shmat(int shmid, uint64_t addr, int shmflg)
{
	uint64_t flags = MAP_SHARED, prot = PROT_READ;
	int acc = 0444;

	if (shmid < 0)
		return -EINVAL;
	if (addr) {
		if (addr & (SHMLBA - 1)) {
			if (!(shmflg & SHM_RND))
				return -EINVAL;
			addr &= ~(uint64_t)(SHMLBA - 1);
			if (!addr && (shmflg & SHM_REMAP))
				return -EINVAL;
		}
		flags |= MAP_FIXED;
	} else if (shmflg & SHM_REMAP) {
		return -EINVAL;
	}
	if (!(shmflg & SHM_RDONLY)) {
		prot |= PROT_WRITE;
		acc |= 0222;
	}
	if (shmflg & SHM_EXEC) {
		prot |= PROT_EXEC;
		acc |= 0111;
	}
	struct shmid_kernel *shp = shm_obtain_object_check(shmid);
	if (!shp)
		return -EINVAL;
	if (ipcperms(shp, acc))
		return -EACCES;
	if (addr && !(shmflg & SHM_REMAP)) {
		if (addr + shp->segsz < addr ||
		    find_vma_intersection(current->mm, addr, addr + shp->segsz))
			return -EINVAL;
	}
	return shm_map(shp, addr, prot, flags, shmflg & SHM_RDONLY);
}

SYSCALL_DEFINE3(shmat, int, shmid, uint64_t, shmaddr, int, shmflg)
{
	return do_shmat(shmid, shmaddr, shmflg);
}

/* Is vma a piece of an attach that started at addr? */
static bool shm_piece_at(struct vm_area_struct *vma, uint64_t addr)
{
	return vma->vm_ops == &shm_vm_ops && vma->vm_start >= addr &&
	       (vma->vm_start - addr) / PAGE_SIZE == vma->vm_pgoff;
}

/*
 * shmdt: unmap the attach at addr - the first shm VMA at or above addr
 * whose offset says it was mapped from addr, and the other pieces of the
 * same attach (left by mprotect or munmap) up to the segment's size
 * beyond addr, as Linux's ksys_shmdt.  0, or -EINVAL if none.
 */
SYSCALL_DEFINE1(shmdt, uint64_t, shmaddr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma, *next;
	struct file *file = NULL;
	uint64_t size = 0;

	if (shmaddr & ~PAGE_MASK)
		return -EINVAL;
	for (vma = find_vma(mm, shmaddr); vma; vma = next) {
		next = vma->vm_next;
		if (shm_piece_at(vma, shmaddr)) {
			file = vma->vm_file;
			size = PAGE_ALIGN(file->f_inode->i_size);
			do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start);
			vma = next;
			break;
		}
	}
	if (!file)
		return -EINVAL;
	for (; vma && vma->vm_end - shmaddr <= size; vma = next) {
		next = vma->vm_next;
		if (shm_piece_at(vma, shmaddr) && vma->vm_file == file)
			do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start);
	}
	return 0;
}

/* IPC_STAT: shp as struct shmid64_ds. */
static void fill_shmid64(const struct shmid_kernel *shp, struct shmid64_ds *ds)
{
	*ds = (struct shmid64_ds){
		.shm_perm = { .key = shp->key, .uid = shp->uid, .gid = shp->gid,
			      .cuid = shp->cuid, .cgid = shp->cgid, .mode = shp->mode,
			      .seq = (unsigned short)(shp->id / IPCMNI) },
		.shm_segsz = shp->segsz, .shm_atime = shp->atime,
		.shm_dtime = shp->dtime, .shm_ctime = shp->ctime,
		.shm_cpid = shp->cpid, .shm_lpid = shp->lpid,
		.shm_nattch = shm_nattch(shp),
	};
}

/* Pages of the segment out in swap (Linux's shm_add_rss_swap). */
static uint64_t shm_swapped(const struct shmid_kernel *shp)
{
	return shmem_partial_swap_usage(shp->file->f_mapping, 0, UINT64_MAX);
}

/* IPC_INFO, SHM_INFO: the limits or the totals; the highest slot in use. */
static long shmctl_info(int cmd, void *buf)
{
	int highest = 0;

	for (int i = 0; i < SHMMNI; i++)
		if (shm_segs[i])
			highest = i;
	if (cmd == IPC_INFO) {
		struct shminfo64 info = { .shmmax = SHMMAX, .shmmin = SHMMIN,
					  .shmmni = SHMMNI, .shmseg = SHMSEG,
					  .shmall = SHMALL };
		return copy_to_user(buf, &info, sizeof(info)) ? -EFAULT : highest;
	}
	struct shm_info info = { .used_ids = shm_used, .shm_tot = shm_tot };
	for (int i = 0; i < SHMMNI; i++)
		if (shm_segs[i]) {
			info.shm_rss += shm_segs[i]->file->f_mapping->nrpages;
			info.shm_swp += shm_swapped(shm_segs[i]);
		}
	return copy_to_user(buf, &info, sizeof(info)) ? -EFAULT : highest;
}

/* IPC_SET and IPC_RMID (the owner's commands); 0 or -errno. */
static long shmctl_down(int shmid, int cmd, struct shmid64_ds *buf)
{
	struct shmid64_ds ds;

	if (cmd == IPC_SET && copy_from_user(&ds, buf, sizeof(ds)))
		return -EFAULT;
	struct shmid_kernel *shp = shm_obtain_object_check(shmid);
	if (!shp)
		return -EINVAL;
	if (!ipc_owner(shp))
		return -EPERM;
	if (cmd == IPC_SET) {
		shp->uid = ds.shm_perm.uid;
		shp->gid = ds.shm_perm.gid;
		shp->mode = (shp->mode & ~0777u) | (ds.shm_perm.mode & 0777);
		shp->ctime = now_seconds();
		return 0;
	}
	if (shm_nattch(shp)) {
		shp->mode |= SHM_DEST;
		shp->key = IPC_PRIVATE;
	} else {
		shm_destroy(shp);
	}
	return 0;
}

SYSCALL_DEFINE3(shmctl, int, shmid, int, cmd, struct shmid64_ds *, buf)
{
	struct shmid_kernel *shp;
	struct shmid64_ds ds;

	if (cmd < 0 || shmid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SHM_INFO:
		return shmctl_info(cmd, buf);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		shp = cmd == IPC_STAT ? shm_obtain_object_check(shmid)
		      : shmid < SHMMNI ? shm_segs[shmid] : NULL;
		if (!shp)
			return -EINVAL;
		if (cmd != SHM_STAT_ANY && ipcperms(shp, 0444))
			return -EACCES;
		fill_shmid64(shp, &ds);
		if (copy_to_user(buf, &ds, sizeof(ds)))
			return -EFAULT;
		return cmd == IPC_STAT ? 0 : shp->id;
	case SHM_LOCK:
	case SHM_UNLOCK:
		if (!(shp = shm_obtain_object_check(shmid)))
			return -EINVAL;
		if (!ipc_owner(shp))
			return -EPERM;
		shp->mode = cmd == SHM_LOCK ? shp->mode | SHM_LOCKED
			    : shp->mode & ~(uint32_t)SHM_LOCKED;
		shmem_lock(shp->file, cmd == SHM_LOCK);
		return 0;
	case IPC_SET:
	case IPC_RMID:
		return shmctl_down(shmid, cmd, buf);
	default:
		return -EINVAL;
	}
}

/* /proc/sysvipc/shm: a header, then one line per segment, as Linux's. */
int sysvipc_shm_show(struct seqbuf *m, struct task *t)
{
	(void)t;
	seq_printf(m, "       key      shmid perms                  size  cpid  lpid "
		   "nattch   uid   gid  cuid  cgid      atime      dtime      ctime "
		   "                  rss                  swap\n");
	for (int i = 0; i < SHMMNI; i++) {
		struct shmid_kernel *shp = shm_segs[i];
		if (!shp)
			continue;
		seq_printf(m, "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u "
			   "%10ld %10ld %10ld %21lu %21lu\n", shp->key, shp->id,
			   shp->mode, shp->segsz, shp->cpid, shp->lpid,
			   shm_nattch(shp), shp->uid, shp->gid, shp->cuid, shp->cgid,
			   shp->atime, shp->dtime, shp->ctime,
			   shp->file->f_mapping->nrpages * PAGE_SIZE,
			   shm_swapped(shp) * PAGE_SIZE);
	}
	return 0;
}
