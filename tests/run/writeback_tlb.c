/*
 * tests/run/writeback_tlb.c - a write through a shared file mapping after
 * the kernel's own background writeback cleaned the page is not lost.
 * The page is written, then the program spins (no system call, so the
 * writeback thread runs straight after it, on its page tables) past the
 * dirty expiry; writeback write-protects the page again, and the second
 * write must fault and dirty it once more.  A writeback thread that
 * write-protected the PTE but left the program's TLB entry writable lost
 * the second write: msync wrote nothing and, after the cache was dropped,
 * the file read back the first.  Needs root for drop_caches (without it
 * the read comes from the cache, and the check is weaker, not wrong).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	char path[64], buf[16] = "";

	/* One file a process: the host runs the libc variants at once. */
	snprintf(path, sizeof(path), "/tmp/writeback_tlb.%d", (int)getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || ftruncate(fd, 4096))
		return 1;
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return 1;
	strcpy(p, "first");
	for (time_t end = time(NULL) + 8; time(NULL) < end;)
		;			/* past the 5 s dirty expiry and a flush */
	strcpy(p, "second");
	printf("msync: %d\n", msync(p, 4096, MS_SYNC));
	munmap(p, 4096);
	close(fd);
	int dc = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (dc >= 0) {
		write(dc, "1\n", 2);
		close(dc);
	}
	fd = open(path, O_RDONLY);
	read(fd, buf, sizeof(buf) - 1);
	printf("read back: %s\n", buf);
	close(fd);
	unlink(path);
	return 0;
}
