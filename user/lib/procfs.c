/*
 * user/lib/procfs.c - reading /proc files into a caller's buffer with
 * read(2) and finding a counter in them, for cowdemo, free, mallocdemo,
 * mmapdemo, ps and vmstat.  Declarations and contracts: ulib.h.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ulib.h"

ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = 0, len = 0;

	buf[0] = '\0';
	if (fd < 0)
		return -1;
	while (len < (ssize_t)size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return n < 0 ? -1 : len;
}

bool proc_lookup(const char *text, const char *key, unsigned long *v)
{
	size_t n = strlen(key);

	for (const char *p = text; p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, key, n) && (p[n] == ' ' || p[n] == ':'))
			return sscanf(p + n + 1, "%lu", v) == 1;
	return false;
}
