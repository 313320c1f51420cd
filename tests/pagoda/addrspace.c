/*
 * tests/pagoda/addrspace.c - an address space with pages in known states,
 * for the tests of tools/gdb/pagoda.py and tools/mmviz:
 *
 *   0x20000000  8 private anonymous pages: page 0 written before a fork,
 *               so shared copy-on-write with the child; page 1 written
 *               before and after the fork, so copied (private again);
 *               page 2 read only (the zero page); pages 3-7 never touched
 *   0x30000000  a shared mapping of a 3-page file: pages 0 and 1 written,
 *               page 2 not (a write fault does no fault-around, so page 2
 *               stays unmapped; both written pages are mapped by the child
 *               too)
 *
 * The child waits on a pipe until this program exits.  With the argument
 * "snap" it runs /bin/mmsnap on itself (a snapshot on standard output);
 * then it exits, which is where the gdb test stops it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE	4096
#define ANON	((char *)0x20000000)
#define FILEMAP	((char *)0x30000000)

static _Noreturn void die(const char *what)
{
	perror(what);
	exit(1);
}

/* Map the file at FILEMAP, shared, and touch its first two pages - by
 * writes: a read fault would map the cached pages around it too
 * (fault-around), page 2 included. */
static void map_file(void)
{
	char block[3 * PAGE];
	int fd;

	mkdir("/tmp", 0777);
	fd = open("/tmp/addrspace.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(block, 'x', sizeof(block));
	if (fd < 0 || write(fd, block, sizeof(block)) != sizeof(block))
		die("addrspace.dat");
	if (mmap(FILEMAP, 3 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, fd, 0) != FILEMAP)
		die("mmap file");
	close(fd);
	FILEMAP[0] = 'x';
	FILEMAP[PAGE] = 'y';
	if (FILEMAP[1] != 'x' || FILEMAP[PAGE + 1] != 'x')
		die("file contents");
}

/* Run /bin/mmsnap on this process and wait for it. */
static void snapshot(void)
{
	char pid[16];
	pid_t child;

	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	fflush(stdout);
	child = fork();
	if (child == 0) {
		execl("/bin/mmsnap", "mmsnap", pid, (char *)NULL);
		die("exec /bin/mmsnap");
	}
	if (child < 0 || waitpid(child, NULL, 0) != child)
		die("mmsnap");
}

int main(int argc, char **argv)
{
	int hold[2];
	char c;

	if (mmap(ANON, 8 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != ANON)
		die("mmap anon");
	ANON[0] = 1;
	ANON[PAGE] = 1;
	if (ANON[2 * PAGE] != 0)
		die("zero page");
	map_file();
	if (pipe(hold) < 0)
		die("pipe");
	switch (fork()) {
	case -1:
		die("fork");
	case 0:
		close(hold[1]);
		read(hold[0], &c, 1);	/* returns when the parent has gone */
		_exit(0);
	}
	close(hold[0]);
	ANON[PAGE] = 2;			/* copy-on-write: a copy of its own */
	if (argc > 1 && !strcmp(argv[1], "snap"))
		snapshot();
	return 0;
}
