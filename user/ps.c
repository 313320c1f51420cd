/*
 * user/ps.c - report every process, like `ps axo pid,ppid,stat,rss,args`.
 *
 *   ps
 *
 * Each numeric directory of /proc is a process: PID, PPID, the state
 * letter and VmRSS (kB) come from /proc/PID/status, the command line
 * from /proc/PID/cmdline ([name] if it is empty, as for kernel threads).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/ulib.h"

/* The value after "key:" in a status file, or "" if it is not there. */
static const char *field(const char *status, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = status; p; p = strchr(p, '\n'), p = p ? p + 1 : p)
		if (!strncmp(p, key, n) && p[n] == ':')
			return p + n + 1 + strspn(p + n + 1, " \t");
	return "";
}

/* One line for the process pid; nothing if it has gone away. */
static void show(const char *pid)
{
	char path[64], status[2048], cmd[1024], name[64];
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	if (read_file(path, status, sizeof(status)) < 0)
		return;
	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	if ((len = read_file(path, cmd, sizeof(cmd))) <= 0) {
		sscanf(field(status, "Name"), "%63[^\n]", name);
		snprintf(cmd, sizeof(cmd), "[%s]", name);
	}
	for (ssize_t i = 0; i < len - 1; i++)
		if (cmd[i] == '\0')
			cmd[i] = ' ';
	printf("%5s %5d %-4c %5ld %s\n", pid, atoi(field(status, "PPid")),
	       *field(status, "State"), atol(field(status, "VmRSS")), cmd);
}

static int by_number(const void *a, const void *b)
{
	return atoi(*(char *const *)a) - atoi(*(char *const *)b);
}

int main(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char **pids = NULL;
	int n = 0;

	if (!d) {
		perror("ps: /proc");
		return 1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		pids = realloc(pids, (n + 1) * sizeof(*pids));
		pids[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(pids, n, sizeof(*pids), by_number);
	printf("%5s %5s %-4s %5s %s\n", "PID", "PPID", "STAT", "RSS", "COMMAND");
	for (int i = 0; i < n; i++)
		show(pids[i]);
	return 0;
}
