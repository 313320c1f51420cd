/*
 * tests/run/probes.c - answers to bad or edge-case requests that probing
 * found wrong once: ETXTBSY for a running program, user ranges checked
 * before any copy, a pipe write that runs into a hole, a signal frame
 * with a kernel code segment, waitpid(INT_MIN), MADV_MERGEABLE, shared
 * mappings of files opened read-only, RLIMIT_FSIZE, RLIMIT_NOFILE and
 * RLIMIT_CPU, and the core file (and WCOREDUMP) when RLIMIT_CORE allows:
 * Linux's is compared with the host's core_pattern "core".
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#define KPTR	((void *)0xffff800000001000ul)	/* kernel space */

/* The errno name, so output does not depend on strerror's wording. */
static const char *errname(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
		{ EBADF, "EBADF" }, { ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" },
		{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EINVAL, "EINVAL" },
		{ ETXTBSY, "ETXTBSY" }, { EFBIG, "EFBIG" }, { ESPIPE, "ESPIPE" },
		{ EMFILE, "EMFILE" }, { ENOMEM, "ENOMEM" },
	};
	static char buf[16];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(buf, sizeof(buf), "errno%d", e);
	return buf;
}

static void show(const char *what, long r)
{
	if (r == -1)
		printf("%s = -1 %s\n", what, errname(errno));
	else
		printf("%s = %ld\n", what, r);
}

/* Run fn in a child; print how it ended. */
static void in_child(const char *name, void (*fn)(void))
{
	int status;

	printf("--- %s\n", name);
	fflush(stdout);
	if (fork() == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	wait(&status);
	if (WIFSIGNALED(status))
		printf("%s: killed by signal %d\n", name, WTERMSIG(status));
	else if (WEXITSTATUS(status))
		printf("%s: exit %d\n", name, WEXITSTATUS(status));
}

/* Copy the running program to path (mode 0755). */
static void copy_self(const char *path)
{
	char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY);
	int out = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) > 0)
		write(out, buf, n);
	close(in);
	close(out);
}

/* exec path with argv[1] = arg; returns how it ended, or errno. */
static void run_copy(const char *what, const char *path, const char *arg)
{
	int status;

	fflush(stdout);
	if (fork() == 0) {
		execl(path, path, arg, (char *)NULL);
		printf("%s: exec = -1 %s\n", what, errname(errno));
		fflush(stdout);
		_exit(0);
	}
	wait(&status);
	printf("%s: exit %d\n", what, WEXITSTATUS(status));
}

static void etxtbsy(void)
{
	show("open self O_WRONLY", open("/proc/self/exe", O_WRONLY));
	show("open self O_RDWR|O_TRUNC", open("/proc/self/exe", O_RDWR | O_TRUNC));
	show("open self O_RDONLY|O_TRUNC", open("/proc/self/exe", O_RDONLY | O_TRUNC));
	show("truncate self", truncate("/proc/self/exe", 0));
	int fd = open("/proc/self/exe", O_RDONLY);
	show("open self O_RDONLY", fd >= 0);
	close(fd);

	copy_self("copy");
	int w = open("copy", O_WRONLY);
	run_copy("exec while open for writing", "./copy", "--exit7");
	close(w);
	run_copy("exec after close", "./copy", "--exit7");

	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[0], 0);
		close(p[1]);
		execl("./copy", "copy", "--block", (char *)NULL);
		_exit(1);
	}
	close(p[0]);
	struct stat st;
	for (int i = 0; i < 1000 && (stat("copy-ran", &st) || !st.st_size); i++)
		usleep(10000);
	show("open running copy O_WRONLY", open("copy", O_WRONLY));
	show("truncate running copy", truncate("copy", 0));
	close(p[1]);
	waitpid(pid, NULL, 0);
	fd = open("copy", O_WRONLY);
	show("open after it exited", fd >= 0);
	close(fd);
	show("unlink running-or-not", unlink("copy"));
}

static void ranges(void)
{
	char buf[16];
	volatile size_t wraps = (size_t)-4096, huge = 1ul << 47;
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);

	write(fd, "0123456789", 10);
	show("read kernel ptr at EOF", read(fd, KPTR, 10));
	show("read kernel ptr, 0 bytes", read(fd, KPTR, 0));
	lseek(fd, 0, SEEK_SET);
	show("read kernel ptr", read(fd, KPTR, 4));
	show("read wrapping length", read(fd, buf, wraps));
	show("read length past user space", read(fd, buf, huge));
	show("offset unchanged", lseek(fd, 0, SEEK_CUR));
	show("write kernel ptr", write(fd, KPTR, 4));
	show("write wrapping length", write(fd, buf, wraps + 4095));
	show("pread kernel ptr", pread(fd, KPTR, 4, 0));
	show("pwrite kernel ptr", pwrite(fd, KPTR, 4, 0));
	show("pread bad fd, negative pos", pread(-1, buf, 4, -1));

	struct iovec iov[2] = { { buf, 4 }, { KPTR, 4 } };
	show("readv, second segment kernel", readv(fd, iov, 2));
	show("offset unchanged", lseek(fd, 0, SEEK_CUR));
	show("writev, second segment kernel", writev(fd, iov, 2));
	iov[1] = (struct iovec){ buf, (size_t)-1 };
	show("readv, negative length", readv(fd, iov, 2));
	iov[1] = (struct iovec){ buf + 8, 1ul << 46 };
	show("writev, segment past user space", writev(fd, iov, 2));
	struct stat st;
	fstat(fd, &st);
	show("size unchanged", st.st_size);
	iov[1] = (struct iovec){ buf + 4, 4 };
	show("readv, both good", readv(fd, iov, 2));
	close(fd);

	int p[2];
	pipe(p);
	close(p[1]);
	show("read kernel ptr, pipe at EOF", read(p[0], KPTR, 4));
	close(p[0]);
	unlink("f");
}

/* Write len bytes from buf into an empty pipe; print what got in. */
static void pipe_write_from(const char *what, const char *buf, size_t len)
{
	static char sink[65536];
	int p[2];

	pipe2(p, O_NONBLOCK);
	printf("%s: ", what);
	show("write", write(p[1], buf, len));
	printf("%s: ", what);
	show("in the pipe", read(p[0], sink, sizeof(sink)));
	close(p[0]);
	close(p[1]);
}

static void pipe_hole(void)
{
	char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memset(m, 'x', 3 * 4096);
	munmap(m + 2 * 4096, 4096);
	pipe_write_from("two pages then the hole", m, 3 * 4096);
	pipe_write_from("100 bytes in", m + 100, 3 * 4096);
	pipe_write_from("192 bytes before it", m + 8000, 1000);
	pipe_write_from("ends at it", m + 8000, 192);
	struct iovec iov[2] = { { m, 4096 }, { m + 8000, 1000 } };
	int p[2];
	pipe(p);
	show("writev, page then hole", writev(p[1], iov, 2));
}

/* Map fd shared read-only, then ask for write access. */
static void shared_readonly(const char *what, int fd)
{
	char *m;

	printf("%s: ", what);
	show("mmap RW shared", (long)mmap(NULL, 4096, PROT_READ | PROT_WRITE,
					 MAP_SHARED, fd, 0) == -1 ? -1 : 0);
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	printf("%s: ", what);
	show("mmap R shared", m == MAP_FAILED ? -1 : 0);
	printf("%s: ", what);
	show("mprotect RW", mprotect(m, 4096, PROT_READ | PROT_WRITE));
	printf("%s: ", what);
	show("mprotect R|X", mprotect(m, 4096, PROT_READ | PROT_EXEC));
	printf("%s: first byte %d\n", what, m[0]);
	munmap(m, 4096);
	m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	printf("%s: ", what);
	show("private, mprotect RW", mprotect(m, 4096, PROT_READ | PROT_WRITE));
	m[0] = 'w';
	munmap(m, 4096);
}

static void readonly_maps(void)
{
	int fd = open("g", O_CREAT | O_RDWR | O_TRUNC, 0644);

	write(fd, "file", 4);
	close(fd);
	fd = open("g", O_RDONLY);
	shared_readonly("file O_RDONLY", fd);
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	shared_readonly("/dev/zero O_RDONLY", fd);
	close(fd);
	fd = open("g", O_WRONLY);
	show("file O_WRONLY, mmap R shared", (long)mmap(NULL, 4096, PROT_READ,
				MAP_SHARED, fd, 0) == -1 ? -1 : 0);
	close(fd);
	char buf[8] = "";
	fd = open("g", O_RDONLY);
	read(fd, buf, 4);
	printf("file still reads %s\n", buf);
	close(fd);
	unlink("g");
}

static volatile int xfsz;

static void on_xfsz(int sig)
{
	(void)sig;
	xfsz++;
}

static void fsize_limit(void)
{
	static char buf[8000];
	struct rlimit r = { 10000, RLIM_INFINITY };
	int fd = open("h", O_CREAT | O_RDWR | O_TRUNC, 0644), p[2];

	signal(SIGXFSZ, on_xfsz);
	setrlimit(RLIMIT_FSIZE, &r);
	show("write 8000", write(fd, buf, 8000));
	show("write 8000 more, cut at the limit", write(fd, buf, 8000));
	show("write 0 at the limit", write(fd, buf, 0));
	printf("SIGXFSZ so far %d\n", xfsz);
	show("write 1 at the limit", write(fd, buf, 1));
	printf("SIGXFSZ so far %d\n", xfsz);
	show("pwrite across it", pwrite(fd, buf, 100, 9950));
	show("ftruncate past it", ftruncate(fd, 10001));
	printf("SIGXFSZ so far %d\n", xfsz);
	show("truncate to it", truncate("h", 10000));
	show("ftruncate down", ftruncate(fd, 5));
	show("ftruncate up, within", ftruncate(fd, 6000));
	pipe(p);
	show("pipe write, not limited", write(p[1], buf, 8000) > 0);
	printf("SIGXFSZ so far %d\n", xfsz);
	signal(SIGXFSZ, SIG_DFL);
	fflush(stdout);
	write(fd, buf, 1);		/* f_pos is still 10000 */
	printf("survived SIGXFSZ\n");
}

static void nofile_limit(void)
{
	struct rlimit r = { 1 << 30, 1 << 30 };

	show("NOFILE 2^30, above nr_open", setrlimit(RLIMIT_NOFILE, &r));
	r = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	show("NOFILE unlimited", setrlimit(RLIMIT_NOFILE, &r));
	r = (struct rlimit){ 64, 64 };
	show("NOFILE 64", setrlimit(RLIMIT_NOFILE, &r));
	show("dup2 to 63", dup2(0, 63));
	show("dup2 to 64", dup2(0, 64));
	getrlimit(RLIMIT_NOFILE, &r);
	printf("limit now %ld/%ld\n", (long)r.rlim_cur, (long)r.rlim_max);
}

static void spin(void)
{
	for (volatile unsigned long i = 0;; i++)
		;
}

static void cpu_soft_only(void)
{
	struct rlimit r = { 1, RLIM_INFINITY };

	setrlimit(RLIMIT_CPU, &r);
	spin();
}

static void on_xcpu(int sig)
{
	(void)sig;
	write(1, "SIGXCPU\n", 8);
}

static void cpu_soft_and_hard(void)
{
	struct rlimit r = { 1, 2 };

	signal(SIGXCPU, on_xcpu);
	setrlimit(RLIMIT_CPU, &r);
	fflush(stdout);
	spin();
}

static char marker[64];

/* Fork a child that writes the marker and aborts; print how it ended. */
static pid_t abort_child(const char *what)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		strcpy(marker, "pagoda core marker");
		abort();
	}
	waitpid(pid, &status, 0);
	printf("%s: signal %d, core dumped %d, core file %d\n", what,
	       WTERMSIG(status), WCOREDUMP(status) != 0, access("core", F_OK) == 0);
	return pid;
}

/* Check the ELF core file: header, NT_PRSTATUS, the marker's page. */
static void read_core(pid_t pid)
{
	int fd = open("core", O_RDONLY);
	struct stat st;

	fstat(fd, &st);
	char *c = malloc(st.st_size);
	read(fd, c, st.st_size);
	close(fd);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)c;
	Elf64_Phdr *ph = (Elf64_Phdr *)(c + eh->e_phoff);
	printf("ELF %d, type %d, machine %d, first segment PT_NOTE %d\n",
	       !memcmp(eh->e_ident, ELFMAG, SELFMAG), eh->e_type, eh->e_machine,
	       ph[0].p_type == PT_NOTE);
	Elf64_Nhdr *nh = (Elf64_Nhdr *)(c + ph[0].p_offset);
	const char *name = (const char *)(nh + 1);
	const char *desc = name + ((nh->n_namesz + 3) & ~3u);
	printf("first note %s type %d, pr_cursig %d, pr_pid is the child %d\n",
	       name, nh->n_type, *(short *)(desc + 12), *(int *)(desc + 32) == pid);
	for (int i = 1; i < eh->e_phnum; i++) {
		uintptr_t a = (uintptr_t)marker;
		if (ph[i].p_type == PT_LOAD && a >= ph[i].p_vaddr &&
		    a < ph[i].p_vaddr + ph[i].p_filesz)
			printf("marker in the core: %s\n",
			       c + ph[i].p_offset + (a - ph[i].p_vaddr));
	}
	free(c);
}

static void coredump(void)
{
	struct rlimit r = { RLIM_INFINITY, RLIM_INFINITY };

	mkdir("dump", 0755);
	chdir("dump");
	abort_child("RLIMIT_CORE 0");
	setrlimit(RLIMIT_CORE, &r);
	read_core(abort_child("RLIMIT_CORE unlimited"));
	unlink("core");
	r = (struct rlimit){ 1, 1 };
	setrlimit(RLIMIT_CORE, &r);
	abort_child("RLIMIT_CORE 1 byte");
	chdir("..");
	rmdir("dump");
}

static void set_kernel_cs(int sig, siginfo_t *si, void *uc)
{
	ucontext_t *u = uc;

	(void)sig;
	(void)si;
	u->uc_mcontext.gregs[REG_CSGSFS] &= ~0xffffl;
	u->uc_mcontext.gregs[REG_CSGSFS] |= 0x10;	/* a kernel selector */
}

static void plain_handler(int sig)
{
	(void)sig;
}

static void sigreturn_cs(void)
{
	struct sigaction sa = { .sa_handler = plain_handler };

	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("returned from an untouched frame\n");
	sa.sa_sigaction = set_kernel_cs;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	fflush(stdout);
	raise(SIGUSR1);
	printf("returned to a kernel code segment\n");
}

static void wait_and_madvise(void)
{
	show("waitpid(INT_MIN)", waitpid(INT_MIN, NULL, 0));
	show("waitpid(-1), no children", waitpid(-1, NULL, 0));
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool ksm = access("/sys/kernel/mm/ksm", F_OK) == 0;
	int r = madvise(m, 4096, MADV_MERGEABLE);
	printf("MADV_MERGEABLE as this kernel's KSM says: %d\n",
	       ksm ? r == 0 : r == -1 && errno == EINVAL);
	r = madvise(m, 4096, MADV_UNMERGEABLE);
	printf("MADV_UNMERGEABLE as this kernel's KSM says: %d\n",
	       ksm ? r == 0 : r == -1 && errno == EINVAL);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--exit7"))
		return 7;
	if (argc > 1 && !strcmp(argv[1], "--block")) {
		char c;
		int fd = open("copy-ran", O_CREAT | O_WRONLY | O_TRUNC, 0644);
		write(fd, "1", 1);
		close(fd);
		read(0, &c, 1);
		unlink("copy-ran");
		return 0;
	}
	in_child("etxtbsy", etxtbsy);
	in_child("ranges", ranges);
	in_child("pipe_hole", pipe_hole);
	in_child("readonly_maps", readonly_maps);
	in_child("fsize_limit", fsize_limit);
	in_child("nofile_limit", nofile_limit);
	in_child("cpu_soft_only", cpu_soft_only);
	in_child("cpu_soft_and_hard", cpu_soft_and_hard);
	in_child("coredump", coredump);
	in_child("sigreturn_cs", sigreturn_cs);
	in_child("wait_and_madvise", wait_and_madvise);
	return 0;
}
