/*
 * user/df.c - the space in use and free on each mounted file system.
 *
 *   df [FILE]...
 *
 * One line a mount of /proc/mounts (or the mount holding each FILE), in
 * 1K-blocks from statfs(2), with GNU df's columns; file systems with no
 * blocks (proc, pipes) are left out, as GNU's df leaves out dummy ones.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>
#include "lib/ulib.h"

/* One line for the mount at dir of device name, from statfs of path; 0,
 * or -1 after a message.  A file system without blocks is left out unless
 * it was asked for by name. */
static int show(const char *name, const char *dir, const char *path)
{
	struct statfs st;

	if (statfs(path, &st) < 0) {
		fprintf(stderr, "df: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!st.f_blocks && path == dir)
		return 0;
	unsigned long long k = st.f_bsize / 1024 ? st.f_bsize / 1024 : 1;
	unsigned long long total = st.f_blocks * k, avail = st.f_bavail * k;
	unsigned long long used = (st.f_blocks - st.f_bfree) * k;
	char pct[8] = "   -";		/* GNU's for a file system of no blocks */
	if (used + avail)
		snprintf(pct, sizeof(pct), "%3llu%%",
			 (used * 100 + used + avail - 1) / (used + avail));
	printf("%-14s %9llu %9llu %9llu %4s %s\n", name, total, used, avail, pct, dir);
	return 0;
}

/* The mount point in /proc/mounts that holds path best (the longest
 * prefix of its absolute form), copied with its device name into dir
 * and name. */
static void mount_of(const char *mounts, const char *file, char *name, char *dir)
{
	char n[256], d[256], path[4096] = "";
	size_t best = 0;

	if (file[0] != '/' && getcwd(path, sizeof(path) - 256))
		strcat(path, "/");
	strncat(path, file, sizeof(path) - strlen(path) - 1);
	strcpy(dir, "/");
	strcpy(name, "-");
	for (const char *p = mounts; p && sscanf(p, "%255s %255s", n, d) == 2;
	     p = strchr(p, '\n'), p = p ? p + 1 : p) {
		size_t len = strlen(d);
		if (!strncmp(path, d, len) && (path[len] == '/' || !path[len] || len == 1) &&
		    len >= best) {
			best = len;
			strcpy(dir, d);
			strcpy(name, n);
		}
	}
}

int main(int argc, char **argv)
{
	static char mounts[8192];
	char name[256], dir[256];
	int status = 0;

	if (read_file("/proc/mounts", mounts, sizeof(mounts)) < 0) {
		perror("df: /proc/mounts");
		return 1;
	}
	printf("%-14s %9s %9s %9s %4s %s\n", "Filesystem", "1K-blocks", "Used",
	       "Available", "Use%", "Mounted on");
	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			mount_of(mounts, argv[i], name, dir);
			status |= show(name, dir, argv[i]) < 0;
		}
		return status;
	}
	for (const char *p = mounts; p && sscanf(p, "%255s %255s", name, dir) == 2;
	     p = strchr(p, '\n'), p = p ? p + 1 : p)
		status |= show(name, dir, dir) < 0;
	return status;
}
