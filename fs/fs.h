/*
 * fs/fs.h - the public API of fs/, grouped by file.
 *
 * The objects are Linux's, simplified:
 *   inode        a file: type and mode, size, times; its address_space
 *                (i_data, mm/mm.h: the page cache and the VMAs mapping
 *                it), and for a regular file its blocks in the ramdisk
 *                store (block number -> struct page)
 *   dentry       a name of an inode in a directory.  The tree of dentries
 *                *is* the ramfs directory tree, as in Linux's ramfs; /proc
 *                makes its dentries on lookup and forgets them on last use
 *   file         one open of an inode: offset, flags, operations
 *   files_struct a process's fd table, with close-on-exec bits
 *   fs_struct    a process's cwd and umask (threads share both)
 *
 * The first section is plain C (no kernel types), so that the host tests in
 * tests/host can include the pure part (cpio.c) on its own.
 */
#ifndef FS_FS_H
#define FS_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* cpio.c: the parser of "newc" cpio archives (the initial files). */
struct cpio_entry {
	const char *name;		/* NUL-terminated, inside the archive */
	uint32_t mode;			/* S_IFMT type and permission bits */
	uint32_t rdev_major, rdev_minor;
	uint32_t mtime;
	const void *data;		/* file contents or symlink target */
	uint64_t size;
};
int cpio_next(const void *archive, size_t len, size_t *pos,
	      struct cpio_entry *e);

#ifndef HOST_TEST
#include "../kernel/kernel.h"
#include "../mm/mm.h"
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#define NAME_MAX	255		/* bytes in a file name */
#define PATH_MAX	4096		/* bytes in a path, with its NUL */
#define MAX_RW_COUNT	0x7ffff000ul	/* largest single read/write, as Linux */
#define MAX_LFS_FILESIZE 0x7fffffffffffffffull	/* largest file size */

/* Device numbers, encoded as st_dev/st_rdev are (Linux's new_encode_dev). */
#define MKDEV(ma, mi)	(((ma) << 8) | ((mi) & 0xff) | (((mi) & ~0xffu) << 12))
#define DEV_RAMFS	MKDEV(0, 1)	/* shown as 00:01 in /proc/PID/maps */
#define DEV_PROC	MKDEV(0, 2)
#define DEV_PIPE	MKDEV(0, 3)
#define DEV_HUGETLBFS	MKDEV(0, 4)	/* the files of MAP_HUGETLB mappings */

struct inode;
struct dentry;
struct file;
struct iov_iter;
struct dir_context;
struct file_lock_context;

struct inode_operations {
	/* Dynamic directories (/proc): a new dentry for name, or NULL. */
	struct dentry *(*lookup)(struct dentry *dir, const char *name);
	/* Symlinks: copy the target (no NUL) into buf; returns its length. */
	int (*readlink)(struct inode *inode, char *buf, size_t len);
	/* Magic links (/proc/PID/fd/N): the dentry the link stands for, a new
	 * reference or ERR_PTR, reached without walking its text; NULL from
	 * the operation: walk the text. */
	struct dentry *(*get_link)(struct inode *inode);
	/* Free i_private when the last reference goes. */
	void (*evict)(struct inode *inode);
};

struct file_operations {
	int (*open)(struct inode *inode, struct file *f);
	void (*release)(struct file *f);
	long (*read)(struct file *f, struct iov_iter *to, uint64_t *pos);
	long (*write)(struct file *f, struct iov_iter *from, uint64_t *pos);
	int64_t (*llseek)(struct file *f, int64_t off, int whence); /* NULL: ESPIPE */
	int (*iterate)(struct file *f, struct dir_context *ctx);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	int (*fsync)(struct file *f, bool datasync);	/* NULL: EINVAL */
	/* Set up a new VMA that maps the file (vm_ops); NULL: ENODEV. */
	int (*mmap)(struct file *f, struct vm_area_struct *vma);
	/* Which POLL* events are ready now (never blocks); NULL: the file is
	 * always readable and writable, as regular files are. */
	unsigned (*poll)(struct file *f);
	/* Allocate the blocks of [off, off + len) (checked); NULL: EOPNOTSUPP. */
	long (*fallocate)(struct file *f, int mode, uint64_t off, uint64_t len);
};

struct inode {
	uint64_t i_ino;
	uint32_t i_dev;			/* DEV_RAMFS, DEV_PROC, DEV_PIPE */
	uint32_t i_mode;		/* S_IFMT type + permission bits */
	uint32_t i_uid, i_gid;		/* owner: the creator's fsuid, fsgid */
	uint32_t i_nlink;
	uint32_t i_rdev;		/* character devices */
	int i_count;			/* references: dentries, files, cwd */
	int i_writecount;		/* >0 open for writing, <0 running */
	uint64_t i_size;
	struct timespec i_atime, i_mtime, i_ctime;
	const struct inode_operations *i_op;	/* may be NULL */
	const struct file_operations *i_fop;
	struct dentry *i_dentry;	/* a directory's one name (getcwd) */
	void *i_private;		/* pipe, proc entry, symlink target */
	long i_aux;			/* per-fs word: the PID of a /proc file */
	struct address_space *i_mapping;	/* its pages: &i_data */
	struct address_space i_data;	/* page cache, i_mmap (mm/filemap.c) */
	/* regular files: the blocks in the store (store.c) */
	struct radix_root i_blocks;	/* block index -> struct page (PU_STORE) */
	uint64_t i_nrblocks;
	uint64_t i_dirtied_when;	/* timer_ns() when it became dirty */
	struct list_head i_sb_list;	/* all inodes with a page cache */
	struct list_head i_dirty_list;	/* inodes with dirty pages */
	struct file_lock_context *i_flctx; /* its locks (locks.c), or NULL */
};

#define D_DELETED	1		/* unlinked; may live on while in use */
#define D_MOUNT		2		/* a file system's root grafted here */
struct dentry {
	int d_count;
	unsigned d_flags;
	char *d_name;
	struct inode *d_inode;		/* holds a reference */
	struct dentry *d_parent;	/* holds a reference (root: itself) */
	struct list_head d_child;	/* in the parent's d_subdirs */
	struct list_head d_subdirs;	/* children, in creation order */
	uint64_t d_cookie;		/* readdir position in the parent */
	uint64_t d_next_cookie;		/* directories: next child's cookie */
};

#define FMODE_READ	1
#define FMODE_WRITE	2
#define FMODE_WRITER	4		/* holds write access (i_writecount) */
struct file {
	int f_count;
	unsigned f_mode;		/* FMODE_*: the access the open granted */
	unsigned f_flags;		/* O_* status flags, as F_GETFL shows */
	uint64_t f_pos;
	struct inode *f_inode;		/* holds a reference */
	struct address_space *f_mapping; /* f_inode->i_mapping */
	struct dentry *f_dentry;	/* holds a reference; NULL for pipes */
	const struct file_operations *f_op;
	void *private_data;
};

/* iov_iter.c: a cursor over user or kernel buffers (read/write/readv). */
struct kvec {				/* the layout of a user struct iovec */
	void *iov_base;
	size_t iov_len;
};
struct iov_iter {
	bool user;			/* iov_base are user addresses */
	const struct kvec *iov;
	unsigned long nr_segs;
	size_t iov_offset;		/* into iov[0] */
	size_t count;			/* bytes left */
};
void iov_iter_init(struct iov_iter *i, bool user, const struct kvec *iov,
		   unsigned long nr_segs, size_t count);
size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i);
size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i);
size_t iov_iter_zero(size_t n, struct iov_iter *i);
void iov_iter_advance(struct iov_iter *i, size_t n);

/* inode.c: inodes and their lifetime. */
struct inode *new_inode(uint32_t dev, uint32_t mode);
void inode_get(struct inode *inode);	/* fs-internal reference */
void inode_put(struct inode *inode);
uint64_t nr_ramfs_inodes(void);
struct inode *igrab(struct inode *inode); /* a cwd reference (NULL-safe) */
void iput(struct inode *inode);
struct timespec current_time(void);
void inode_touch(struct inode *inode, bool mtime);
void fill_stat(struct inode *inode, struct stat *st);

/* dcache.c: dentries and the directory tree. */
extern struct dentry *root_dentry;
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len);
void d_instantiate(struct dentry *d, struct inode *inode);
void d_add_child(struct dentry *d);
void d_remove_child(struct dentry *d);
int d_move(struct dentry *d, struct dentry *new_parent, const char *name);
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
struct dentry *d_lookup(struct dentry *dir, const char *name);
bool d_is_ancestor(struct dentry *ancestor, struct dentry *d);
char *d_path(struct dentry *d, char *buf, size_t len);

/* namei.c: path lookup. */
#define MAY_EXEC	1
#define MAY_WRITE	2
#define MAY_READ	4
int inode_permission(struct inode *inode, int mask);
#define LOOKUP_FOLLOW		1	/* follow a symlink in the last component */
#define LOOKUP_DIRECTORY	2	/* the result must be a directory */
enum { LAST_NORM, LAST_ROOT, LAST_DOT, LAST_DOTDOT };
struct nameidata {
	struct dentry *dir;		/* the parent (reference held) */
	char last[NAME_MAX + 1];	/* the last component */
	int last_type;			/* LAST_* */
	bool trailing_slash;
};
char *getname(const char *upath, bool allow_empty);
void putname(char *name);
struct dentry *user_path_at(int dfd, const char *upath, unsigned flags);
struct dentry *path_lookupat(int dfd, const char *path, unsigned flags);
int path_parentat(int dfd, const char *path, struct nameidata *nd);
struct dentry *lookup_last(struct nameidata *nd);
int follow_last_link(struct nameidata *nd, struct dentry *link, int *links);
struct dentry *magic_link(struct dentry *link);
int read_link(struct inode *inode, char *buf, size_t len);
bool is_dir(struct dentry *d);

/* ramfs.c: regular files, directories, symlinks and device nodes. */
int do_truncate(struct inode *inode, uint64_t size);
int ramfs_create(struct dentry *dir, const char *name, uint32_t mode,
		 uint32_t rdev, struct dentry **res);
int ramfs_symlink(struct dentry *dir, const char *name, const char *target,
		  size_t len);
int ramfs_link(struct dentry *old, struct dentry *dir, const char *name);
void ramfs_unlink(struct dentry *d);
bool ramfs_dir_empty(struct dentry *d);
uint64_t ramfs_max_inodes(void);
extern const struct file_operations ramfs_dir_fops;

/* namei_ops.c: mkdir, rmdir, unlink, rename, mknod, symlink, link
 * (kernel-path variants). */
int do_mkdirat(int dfd, const char *path, int mode);
int do_mknodat(int dfd, const char *path, int mode, unsigned int dev);
int do_symlinkat(const char *target, int newdfd, const char *newpath);
int do_linkat(int olddfd, const char *oldpath, int newdfd,
	      const char *newpath, int flags);
int do_rmdir(int dfd, const char *path);
int do_unlinkat(int dfd, const char *path);
int do_renameat2(int olddfd, const char *oldpath, int newdfd,
		 const char *newpath, unsigned int flags);

/* store.c: the ramdisk store, the "disk" under the ramfs. */
void store_init(void);
int store_reserve(struct inode *inode, uint64_t index, bool *fresh);
bool store_read(struct inode *inode, uint64_t index, void *dst);
int store_write(struct inode *inode, uint64_t index, const void *src,
		size_t len);
void store_zero_tail(struct inode *inode, uint64_t index, size_t from);
void store_truncate(struct inode *inode, uint64_t first);
uint64_t store_capacity(void);
uint64_t store_used(void);

/* fs-writeback.c: the inodes with dirty pages, sync, drop_caches. */
void inode_add_to_sb(struct inode *inode);
void __mark_inode_dirty(struct inode *inode);
void inode_io_list_del(struct inode *inode);
int sync_all(void);
void writeback_tick(void);		/* the flusher, every second */
uint64_t drop_pagecache(void);
void drop_shadow_entries(void);
uint64_t nr_mapped_cache_pages(void);

/* sync.c: fsync, fdatasync, sync. */
int vfs_fsync(struct file *f, bool datasync);

/* file.c: open files and fd tables. */
#define NR_OPEN		65536		/* fs.nr_open: the largest RLIMIT_NOFILE */
struct files_struct {
	int count;
	int max_fds;			/* size of fd[] (grows to the rlimit) */
	struct file **fd;
	uint64_t *close_on_exec;	/* bitmap of max_fds bits */
};
struct file *alloc_file(struct dentry *d, struct inode *inode, unsigned flags);
void get_file(struct file *f);
int get_write_access(struct inode *inode);
void put_write_access(struct inode *inode);
int deny_write_access(struct file *f);
void allow_write_access(struct file *f);
void fput(struct file *f);
struct file *fget(int fd);
struct file *fget_raw(int fd);
int get_unused_fd(int start);
void fd_install(int fd, struct file *f, bool cloexec);
void fd_uninstall(int fd);
unsigned current_umask(void);
struct files_struct *files_alloc(void);
struct files_struct *files_dup(struct files_struct *old);
void files_put(struct files_struct *files);
void files_close_on_exec(struct files_struct *files);

/* locks.c: POSIX, OFD and flock(2) locks. */
long fcntl_lock(unsigned int fd, struct file *f, unsigned int cmd,
		unsigned long arg);
void locks_remove_posix(struct file *f, struct files_struct *owner);
void locks_remove_file(struct file *f);

/* fs_struct.c: the cwd and umask, shared by CLONE_FS. */
struct fs_struct {
	int users;
	unsigned umask;
	struct inode *pwd;		/* the cwd */
};
struct fs_struct *fs_struct_alloc(struct inode *pwd);
struct fs_struct *fs_struct_copy(const struct fs_struct *old);
void fs_struct_put(struct fs_struct *fs);
void set_fs_pwd(struct fs_struct *fs, struct inode *pwd);

/* open.c: open, access, truncate, cwd. */
struct file *filp_open(const char *kpath, int flags, int mode);
int file_mode_readable(struct file *f);
int file_mode_writable(struct file *f);
bool file_is_dev_zero(struct file *f);
int file_may_exec(struct file *f);
const char *file_path(struct file *f, char *buf, size_t len);
struct dentry *cwd_dentry(void);

/* hugetlbfs.c: the file of each MAP_HUGETLB mapping (mm/hugetlb.c). */
struct hugetlbfs_inode_info {
	struct radix_root pages;	/* shared: huge index -> page (a reference) */
	struct resv_map *resv;		/* reservations not yet used, or NULL */
	struct mm_struct *owner;	/* private: the mm the reservations are for */
	int owner_vmas;			/* ... and its VMAs that map the file */
};
struct hugetlbfs_inode_info *hugetlb_vma_info(const struct vm_area_struct *vma);
bool is_file_hugepages(const struct file *file);
struct file *hugetlb_file_setup(uint64_t size);

/* pipe.c: pipes and FIFOs (the syscalls are in the list below). */
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg);
extern const struct file_operations fifo_fops;

/* attr.c: file attributes, and the size limit on growing a file. */
int inode_newsize_ok(struct inode *inode, uint64_t size);
int write_check_limits(uint64_t pos, size_t *count);

/* read_write.c: read, write and seek. */
long kernel_read(struct file *f, void *kbuf, size_t n, uint64_t off);
long kernel_write(struct file *f, const void *kbuf, size_t n, uint64_t off);
int64_t generic_file_llseek(struct file *f, int64_t off, int whence);

/* stat.c: stat, readlink, getdents64 and the listing of directories. */
struct dir_context {
	/* Emit one entry; returns false when the buffer is full. */
	bool (*actor)(struct dir_context *ctx, const char *name, size_t len,
		      uint64_t next_pos, uint64_t ino, unsigned type);
	uint64_t pos;			/* where the listing (re)starts */
};
bool dir_emit(struct dir_context *ctx, const char *name, size_t len,
	      uint64_t next_pos, uint64_t ino, uint32_t mode);
bool dir_emit_dots(struct dir_context *ctx, struct dentry *dir);
int vfs_statat(int dfd, const char *path, struct stat *st, int flags);

/* tty.c: the terminal on COM1 (/dev/console, /dev/tty). */
extern const struct file_operations tty_fops;
void tty_receive(char c);		/* COM1 IRQ, interrupts off */

/* dev.c: /dev and character devices. */
int chrdev_open(struct inode *inode, struct file *f);
void dev_init(void);

/* proc.c, proc_pid.c, proc_sys.c (and the files below): /proc, generated
 * on read. */
struct seqbuf {
	char *buf;
	size_t size, count;		/* count == size: overflowed */
};
void seq_printf(struct seqbuf *m, const char *fmt, ...) __printf(2, 3);
void seq_putc(struct seqbuf *m, char c);
void seq_pad(struct seqbuf *m, size_t line_start, size_t width);
struct proc_entry {
	const char *name;
	uint32_t mode;			/* S_IFREG/S_IFDIR/S_IFLNK + bits */
	int (*show)(struct seqbuf *m, struct task *t);	  /* files */
	int (*write)(const char *buf, size_t n);	  /* writable files */
	int (*pid_write)(struct task *t, char *buf, size_t n); /* ... of a task */
	int (*readlink)(struct task *t, char *buf, size_t len); /* symlinks */
	const struct proc_entry *children;	/* directories: until name NULL */
	bool threads;			/* a directory of the threads of the
					 * process (/proc/PID/task) */
	/* Binary files read at any offset (pagemap): bytes put in buf. */
	long (*read)(struct task *t, char *buf, size_t n, uint64_t pos);
	/* Directories of numbered entries (fd/): the smallest number >= from
	 * that exists, or -1; children[0] is the entry of every number, and
	 * its nr_show or nr_readlink is given the number. */
	int (*next_nr)(struct task *t, int from);
	int (*nr_show)(struct seqbuf *m, struct task *t, int nr);
	int (*nr_readlink)(struct task *t, int nr, char *buf, size_t len);
	/* ... and its dentry, if the link is a magic one (fd/N). */
	struct dentry *(*nr_get_link)(struct task *t, int nr);
};
void proc_init(void);
int proc_copy_name(const char *s, char *buf, size_t len);
extern const struct proc_entry proc_pid_entries[];
extern const struct proc_entry proc_tid_entries[];
extern const struct proc_entry proc_sys_entries[];
extern const struct proc_entry sysfs_root;	/* sysfs.c: /sys */
int meminfo_show(struct seqbuf *m, struct task *t);
int vmstat_show(struct seqbuf *m, struct task *t);
int zoneinfo_show(struct seqbuf *m, struct task *t);
int uptime_show(struct seqbuf *m, struct task *t);
int loadavg_show(struct seqbuf *m, struct task *t);
int stat_show(struct seqbuf *m, struct task *t);
int mounts_show(struct seqbuf *m, struct task *t);
/* proc_array.c: /proc/PID/stat and statm. */
int proc_pid_stat(struct seqbuf *m, struct task *t);
int proc_tid_stat(struct seqbuf *m, struct task *t);
const char *proc_task_state(struct task *t);
int proc_pid_statm(struct seqbuf *m, struct task *t);
/* proc_pid.c: one line of maps (smaps reuses it). */
void show_vma(struct seqbuf *m, struct vm_area_struct *vma, char *path);
/* proc_task_mmu.c: smaps, smaps_rollup, pagemap. */
int smaps_show(struct seqbuf *m, struct task *t);
int smaps_rollup_show(struct seqbuf *m, struct task *t);
long pagemap_read(struct task *t, char *buf, size_t n, uint64_t pos);
int pagetables_show(struct seqbuf *m, struct task *t);
/* proc_fd.c: /proc/PID/fd/ and fdinfo/. */
extern const struct proc_entry proc_fd_entries[], proc_fdinfo_entries[];
int proc_fd_next(struct task *t, int from);
/* proc_page.c: /proc/kpagecount and /proc/kpageflags. */
long kpagecount_read(struct task *t, char *buf, size_t n, uint64_t pos);
long kpageflags_read(struct task *t, char *buf, size_t n, uint64_t pos);

/* initramfs.c: boot-time setup. */
int unpack_cpio(struct dentry *root, const void *archive, size_t len);
void fs_init(void);

/* The system calls, as the Linux prototypes (returning -errno). */
long sys_read(unsigned int fd, char *buf, size_t count);
long sys_write(unsigned int fd, const char *buf, size_t count);
long sys_pread64(unsigned int fd, char *buf, size_t count, int64_t pos);
long sys_pwrite64(unsigned int fd, const char *buf, size_t count, int64_t pos);
long sys_readv(unsigned long fd, const struct kvec *vec, unsigned long vlen);
long sys_writev(unsigned long fd, const struct kvec *vec, unsigned long vlen);
long sys_lseek(unsigned int fd, int64_t offset, unsigned int whence);
long sys_open(const char *path, int flags, int mode);
long sys_openat(int dfd, const char *path, int flags, int mode);
long sys_creat(const char *path, int mode);
long sys_close(unsigned int fd);
long sys_dup(unsigned int fd);
long sys_dup2(unsigned int oldfd, unsigned int newfd);
long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags);
long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_pipe(int *fds);
long sys_pipe2(int *fds, int flags);
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_stat(const char *path, struct stat *st);
long sys_lstat(const char *path, struct stat *st);
long sys_fstat(unsigned int fd, struct stat *st);
long sys_newfstatat(int dfd, const char *path, struct stat *st, int flags);
long sys_readlink(const char *path, char *buf, int bufsiz);
long sys_readlinkat(int dfd, const char *path, char *buf, int bufsiz);
long sys_getdents64(unsigned int fd, void *dirent, unsigned int count);
long sys_truncate(const char *path, int64_t length);
long sys_ftruncate(unsigned int fd, int64_t length);
long sys_mkdir(const char *path, int mode);
long sys_mkdirat(int dfd, const char *path, int mode);
long sys_rmdir(const char *path);
long sys_unlink(const char *path);
long sys_unlinkat(int dfd, const char *path, int flag);
long sys_rename(const char *oldpath, const char *newpath);
long sys_renameat(int olddfd, const char *oldpath, int newdfd,
		  const char *newpath);
long sys_renameat2(int olddfd, const char *oldpath, int newdfd,
		   const char *newpath, unsigned int flags);
long sys_getcwd(char *buf, unsigned long size);
long sys_chdir(const char *path);
long sys_fchdir(unsigned int fd);
long sys_umask(int mask);
long sys_access(const char *path, int mode);
long sys_faccessat(int dfd, const char *path, int mode);
long sys_faccessat2(int dfd, const char *path, int mode, int flags);
long sys_fsync(unsigned int fd);
long sys_fdatasync(unsigned int fd);
long sys_sync(void);

#endif /* HOST_TEST */
#endif
