/*
 * tests/run/shm_open.c - POSIX shared memory: shm_open makes a file in
 * /dev/shm, ftruncate sizes it, and a MAP_SHARED mapping of it is shared
 * across fork and with a second shm_open of the same name; shm_unlink
 * removes the name while the mapping lives on; and the errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void show(const char *what, long r)
{
	printf("%s = %ld%s\n", what, r, r != -1 ? "" : errno == ENOENT ? " ENOENT"
	       : errno == EEXIST ? " EEXIST" : errno == EINVAL ? " EINVAL" : " other");
	fflush(stdout);
}

int main(void)
{
	char name[64], path[80];
	struct stat st;
	int status;

	snprintf(name, sizeof(name), "/pagoda-shm-test.%d", getpid());
	snprintf(path, sizeof(path), "/dev/shm%s", name);
	int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
	show("shm_open O_CREAT|O_EXCL", fd >= 0);
	show("again with O_EXCL", shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600));
	show("the file in /dev/shm", stat(path, &st));
	printf("regular %d, mode %o, close-on-exec %d\n", S_ISREG(st.st_mode),
	       st.st_mode & 0777, (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
	show("ftruncate 2 pages", ftruncate(fd, 8192));
	int *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	show("mmap MAP_SHARED", shared != MAP_FAILED);
	shared[0] = 1;
	if (fork() == 0) {
		shared[0] += 10;
		strcpy((char *)&shared[1024], "written by the child");
		int fd2 = shm_open(name, O_RDWR, 0);
		int *again = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
		again[1] = 42;
		_exit(again[0] == 11 ? 0 : 1);
	}
	wait(&status);
	printf("child saw the parent's write: %d\n", WEXITSTATUS(status) == 0);
	printf("counter %d, word %d, page 2: '%s'\n", shared[0], shared[1],
	       (char *)&shared[1024]);
	show("shm_unlink", shm_unlink(name));
	show("shm_open without O_CREAT now", shm_open(name, O_RDWR, 0));
	show("shm_unlink again", shm_unlink(name));
	shared[1]++;
	printf("mapping lives on: %d\n", shared[1]);
	show("a name with a slash inside", shm_open("/a/b", O_CREAT | O_RDWR, 0600));
	show("munmap", munmap(shared, 8192));
	close(fd);
	return 0;
}
