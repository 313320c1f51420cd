/*
 * bench/linux_init.c - /init of the Linux initramfs that tools/bench boots.
 *
 * Not a benchmark: it is the whole user space of the Linux side of the
 * comparison.  It mounts /proc (filemap reads /proc/vmstat, mmap reads
 * /proc/self/maps), loads the modules in /modules in name order (tools/bench
 * numbers them in dependency order: brd, ext4, virtio_pci and virtio_blk,
 * which Debian builds as modules; NAME.ko.args holds a module's
 * parameters) and mounts devtmpfs on /dev.  If there is a /disk.img (an
 * ext2 image made by tools/bench), it copies it to the ramdisk /dev/ram0
 * and mounts it on /mnt, so that filemap's msync writes back to a block
 * device: brd copies each bio synchronously, so no time passes idle
 * waiting for I/O, which -icount would skip ahead by a timer's worth.  If
 * there is a virtio disk, /dev/vda (tools/bench's boot for bench/swap.c,
 * a swap area made by mkswap), it swaps on it.  Nothing else is mounted,
 * so nothing else runs.  Then it runs every program in /bench (PROG_DIR) in
 * name order with BENCH_DIR=/mnt, and those named in TMPFS_RERUN once more
 * with BENCH_DIR=/tmp (the initramfs, tmpfs: no backing store) as
 * NAME-tmpfs, each framed by
 *
 *     bench-begin NAME
 *     ... the program's output ...
 *     bench-end NAME STATUS
 *
 * and powers the machine off (QEMU runs with -no-reboot, so it exits).
 * STATUS is the exit status, or 128 + the signal that killed the program.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#define PROG_DIR "/bench"
#define MODULE_DIR "/modules"
#define MAX_PROGS 64
/* The programs that write files in BENCH_DIR, run again on tmpfs. */
static const char *const TMPFS_RERUN[] = { "filemap" };

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the files in dir, sorted; returns how many. */
static int list_dir(const char *dir, char *names[], int max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d) {
		perror(dir);
		return 0;
	}
	while ((e = readdir(d)) && n < max)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), compare);
	return n;
}

/* The contents of path, up to size - 1 bytes, in buf ("" if none). */
static void read_small(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

/* Load every NAME.ko in MODULE_DIR, in name order, with finit_module and
 * the parameters in NAME.ko.args. */
static void load_modules(void)
{
	char *names[MAX_PROGS], path[256], args[256];
	int n = list_dir(MODULE_DIR, names, MAX_PROGS);

	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if (len < 3 || strcmp(names[i] + len - 3, ".ko"))
			continue;
		snprintf(path, sizeof(path), "%s/%s.args", MODULE_DIR, names[i]);
		read_small(path, args, sizeof(args));
		snprintf(path, sizeof(path), "%s/%s", MODULE_DIR, names[i]);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || syscall(SYS_finit_module, fd, args, 0))
			perror(path);
		if (fd >= 0)
			close(fd);
	}
}

/* Copy the image src to the device dst, skipping zero blocks (a fresh
 * ramdisk reads as zeros); deletes src to give back its memory.  Returns 0
 * or -1 with errno set. */
static int copy_image(const char *src, const char *dst)
{
	static char block[1 << 16], zero[1 << 16];
	int in = open(src, O_RDONLY | O_CLOEXEC);
	int out = open(dst, O_WRONLY | O_CLOEXEC);
	ssize_t n = -1;
	off_t off = 0;

	while (in >= 0 && out >= 0 && (n = read(in, block, sizeof(block))) > 0) {
		if (memcmp(block, zero, n) &&
		    pwrite(out, block, n, off) != n) {
			n = -1;
			break;
		}
		off += n;
	}
	if (in >= 0)
		close(in);
	if (out >= 0 && (fsync(out) || close(out)))
		n = -1;
	unlink(src);
	return n == 0 ? 0 : -1;
}

/* The ext2 image on /dev/ram0, mounted on /mnt; returns the directory the
 * benchmarks write their files in: /mnt, or /tmp if that fails (an "init:"
 * line says so; tools/bench counts it a failure). */
static const char *mount_disk(void)
{
	if (copy_image("/disk.img", "/dev/ram0")) {
		perror("init: /disk.img to /dev/ram0");
		return "/tmp";
	}
	mkdir("/mnt", 0755);
	if (mount("/dev/ram0", "/mnt", "ext2", 0, NULL)) {
		perror("init: mount /dev/ram0 on /mnt");
		return "/tmp";
	}
	return "/mnt";
}

/* Run PROG_DIR/name with no arguments and BENCH_DIR=dir in its
 * environment; returns its status as a shell would. */
static int run(const char *name, const char *dir)
{
	char env_dir[64];
	char path[256];
	int status;

	snprintf(path, sizeof(path), "%s/%s", PROG_DIR, name);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("init: fork");
		return 125;
	}
	if (pid == 0) {
		char *argv[] = { path, NULL };
		char *envp[] = { "PATH=/bench", env_dir, NULL };

		snprintf(env_dir, sizeof(env_dir), "BENCH_DIR=%s", dir);

		execve(path, argv, envp);
		perror(path);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 125;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(void)
{
	char *names[MAX_PROGS];

	mkdir("/proc", 0555);
	if (mount("proc", "/proc", "proc", 0, NULL))
		perror("init: mount /proc");
	load_modules();
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL))
		perror("init: mount /dev");
	const char *dir = access("/disk.img", F_OK) ? "/tmp" : mount_disk();
	if (!access("/dev/vda", F_OK) && swapon("/dev/vda", 0))
		perror("init: swapon /dev/vda");
	int n = list_dir(PROG_DIR, names, MAX_PROGS);
	for (int i = 0; i < n; i++) {
		printf("bench-begin %s\n", names[i]);
		int status = run(names[i], dir);
		printf("bench-end %s %d\n", names[i], status);
	}
	for (size_t j = 0; j < sizeof(TMPFS_RERUN) / sizeof(TMPFS_RERUN[0]); j++)
		for (int i = 0; i < n; i++)
			if (!strcmp(names[i], TMPFS_RERUN[j])) {
				printf("bench-begin %s-tmpfs\n", names[i]);
				int status = run(names[i], "/tmp");
				printf("bench-end %s-tmpfs %d\n", names[i], status);
			}
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;	/* not reached: init exiting would panic the kernel */
}
