/*
 * tests/run/statfs.c - statfs and fstatfs: /proc is PROC_SUPER_MAGIC with
 * no blocks, /dev/shm is a memory file system (tmpfs on Linux, ramfs on
 * Pagoda) whose free blocks and inodes go down as a file is written, a
 * pipe is PIPEFS_MAGIC; statfs follows symlinks, fstatfs takes O_PATH
 * descriptors; and the errors (ENOENT, ENOTDIR, EFAULT, EBADF).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RAMFS_MAGIC		0x858458f6
#define TMPFS_MAGIC		0x01021994
#define PROC_SUPER_MAGIC	0x9fa0
#define PIPEFS_MAGIC		0x50495045

static void show(const char *what, long r)
{
	printf("%s = %ld%s\n", what, r, r != -1 ? "" : errno == ENOENT ? " ENOENT"
	       : errno == ENOTDIR ? " ENOTDIR" : errno == EFAULT ? " EFAULT"
	       : errno == EBADF ? " EBADF" : " other");
}

static void show_proc(const char *what, const struct statfs *s)
{
	printf("%s: proc %d, bsize %ld, namelen %ld, blocks %lu, files %lu\n",
	       what, s->f_type == PROC_SUPER_MAGIC, (long)s->f_bsize,
	       (long)s->f_namelen, (unsigned long)s->f_blocks,
	       (unsigned long)s->f_files);
}

/* The file system of /dev/shm, and how it changes with a 64-page file. */
static void shm_fs(void)
{
	struct statfs a, b;
	char name[64], page[4096];

	memset(page, 'x', sizeof(page));
	show("statfs /dev/shm", statfs("/dev/shm", &a));
	printf("memory fs %d, bsize %ld, namelen %ld\n",
	       a.f_type == RAMFS_MAGIC || a.f_type == TMPFS_MAGIC,
	       (long)a.f_bsize, (long)a.f_namelen);
	printf("blocks > 0: %d, bavail <= bfree <= blocks: %d, "
	       "ffree <= files: %d\n", a.f_blocks > 0,
	       a.f_bavail <= a.f_bfree && a.f_bfree <= a.f_blocks,
	       a.f_ffree <= a.f_files && a.f_files > 0);
	snprintf(name, sizeof(name), "/dev/shm/statfs-test.%d", getpid());
	int fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0600);
	for (int i = 0; i < 64; i++)
		if (write(fd, page, sizeof(page)) != sizeof(page))
			printf("short write\n");
	show("fstatfs of the file", fstatfs(fd, &b));
	printf("same fs %d, 64 blocks fewer free: %d, an inode fewer: %d\n",
	       a.f_type == b.f_type, a.f_bfree - b.f_bfree >= 64,
	       b.f_ffree < a.f_ffree);
	close(fd);
	unlink(name);
}

int main(void)
{
	struct statfs s;
	struct stat st;

	show("statfs /proc", statfs("/proc", &s));
	show_proc("/proc", &s);
	stat("/proc", &st);
	printf("fsid is st_dev: %d\n", (unsigned)s.f_fsid.__val[0] == st.st_dev &&
	       s.f_fsid.__val[1] == 0);
	show("statfs /proc/self (a symlink)", statfs("/proc/self", &s));
	show_proc("/proc/self", &s);
	int fd = open("/proc/self/status", O_RDONLY);
	show("fstatfs /proc/self/status", fstatfs(fd, &s));
	show_proc("status", &s);
	close(fd);
	fd = open("/proc", O_PATH);
	show("fstatfs of an O_PATH fd", fstatfs(fd, &s));
	show_proc("O_PATH", &s);
	close(fd);
	shm_fs();
	int p[2];
	pipe(p);
	show("fstatfs of a pipe", fstatfs(p[0], &s));
	printf("pipefs %d\n", s.f_type == PIPEFS_MAGIC);
	show("statfs missing", statfs("/no/such/file", &s));
	show("statfs through a file", statfs("/proc/self/status/x", &s));
	show("statfs bad path", statfs((char *)8, &s));
	/* raw calls: musl clears the buffer before the system call */
	show("statfs bad buffer", syscall(SYS_statfs, "/proc", 8));
	show("fstatfs bad fd", fstatfs(-1, &s));
	show("fstatfs closed fd", fstatfs(p[0] + 100, &s));
	show("fstatfs bad buffer", syscall(SYS_fstatfs, p[0], 8));
	return 0;
}
