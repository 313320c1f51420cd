/*
 * user/lib/tree.c - whole directory trees (init's test directories, the
 * fuzzer's scratch directory, the files tools/run-prog takes back out).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ulib.h"

/* Remove path and everything below it. */
void remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char sub[512];
		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* One newc header (cpio -H newc, as the kernel's fs/cpio.c reads), the
 * name and its padding to 4 bytes; false if a write failed. */
static bool cpio_header(int fd, const char *name, const struct stat *st,
			size_t size)
{
	static const char zeros[4];
	char h[128];
	size_t namesize = strlen(name) + 1;

	snprintf(h, sizeof(h), "070701%08x%08x%08x%08x%08x%08x%08x"
		 "%08x%08x%08x%08x%08x%08x", (unsigned)st->st_ino,
		 (unsigned)st->st_mode, 0u, 0u, 1u, (unsigned)st->st_mtime,
		 (unsigned)size, 0u, 0u, 0u, 0u, (unsigned)namesize, 0u);
	return write(fd, h, 110) == 110 &&
	       write(fd, name, namesize) == (ssize_t)namesize &&
	       write(fd, zeros, (4 - (110 + namesize) % 4) % 4) >= 0;
}

/* A regular file's bytes after its header, padded to 4 bytes. */
static bool cpio_data(int fd, const char *path, size_t size)
{
	static const char zeros[4];
	char buf[4096];
	size_t done = 0;
	int in = open(path, O_RDONLY);
	ssize_t n = 0;

	while (in >= 0 && done < size && (n = read(in, buf, sizeof(buf))) > 0) {
		if (write(fd, buf, n) != n)
			break;
		done += n;
	}
	if (in >= 0)
		close(in);
	for (; done < size; done++)		/* the file shrank: keep the frame */
		if (write(fd, zeros, 1) != 1)
			return false;
	return write(fd, zeros, (4 - size % 4) % 4) >= 0;
}

/* Append path (a file, a symlink or a directory with everything below
 * it) to the cpio archive being written on fd.  Returns 0, or -1 if
 * something could not be read or written (the rest is still written). */
int cpio_write_tree(int fd, const char *path)
{
	struct stat st;
	int err = 0;

	if (lstat(path, &st) < 0)
		return -1;
	if (S_ISLNK(st.st_mode)) {
		char target[512];
		ssize_t n = readlink(path, target, sizeof(target));
		if (n < 0 || !cpio_header(fd, path, &st, n) || write(fd, target, n) != n ||
		    write(fd, "\0\0\0", (4 - n % 4) % 4) < 0)
			return -1;
		return 0;
	}
	size_t size = S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
	if (!cpio_header(fd, path, &st, size) ||
	    (S_ISREG(st.st_mode) && !cpio_data(fd, path, size)))
		return -1;
	if (!S_ISDIR(st.st_mode))
		return 0;
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[512];
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		err |= cpio_write_tree(fd, sub);
	}
	if (d)
		closedir(d);
	return d ? err : -1;
}

/* End the archive on fd (the TRAILER!!! entry); false if a write failed. */
bool cpio_write_trailer(int fd)
{
	struct stat st = { .st_mode = 0 };

	return cpio_header(fd, "TRAILER!!!", &st, 0);
}
