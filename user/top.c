/*
 * user/top.c - the processes and the memory, refreshed.
 *
 *   top [-b] [-n COUNT] [-d SECONDS]
 *
 * A summary like procps top's (the uptime and load line, the task states,
 * the memory in MiB from /proc/meminfo) and one line per process from
 * /proc/PID/stat: PID, state, VIRT and RES in KiB, %CPU over the last
 * interval (ticks from utime + stime, at USER_HZ 100), TIME+ and the
 * name, busiest first.  On a terminal it clears the screen each time and
 * runs until q or ^C; -b (batch) just prints, -n stops after COUNT
 * screens, -d sets the interval (default 3 s).
 */
#include <dirent.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "lib/ulib.h"

#define MAXPROCS 512

struct proc { int pid; char state, name[32]; long ticks, vsize_kb, rss_kb, cpu; };

static struct proc procs[MAXPROCS], prev[MAXPROCS];
static int nprocs, nprev;

/* Parse /proc/PID/stat into p; false if it has gone away. */
static bool read_proc(int pid, struct proc *p)
{
	char path[64], buf[1024];
	unsigned long utime, stime, vsize;
	long rss;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return false;
	char *open = strchr(buf, '('), *close = strrchr(buf, ')');
	if (!open || !close)
		return false;
	snprintf(p->name, sizeof(p->name), "%.*s", (int)(close - open - 1), open + 1);
	/* After ")": state, then fields 4..24 of proc(5). */
	if (sscanf(close + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu "
		   "%*d %*d %*d %*d %*d %*d %*u %lu %ld", &p->state, &utime, &stime,
		   &vsize, &rss) != 5)
		return false;
	p->pid = pid;
	p->ticks = utime + stime;
	p->vsize_kb = vsize / 1024;
	p->rss_kb = rss * 4;
	return true;
}

/* The ticks pid had at the previous screen (0 if it is new). */
static long prev_ticks(int pid)
{
	for (int i = 0; i < nprev; i++)
		if (prev[i].pid == pid)
			return prev[i].ticks;
	return 0;
}

static int busiest_first(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;

	return x->cpu != y->cpu ? (y->cpu > x->cpu) - (y->cpu < x->cpu) : x->pid - y->pid;
}

static void scan(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	memcpy(prev, procs, sizeof(procs));
	nprev = nprocs;
	nprocs = 0;
	while (d && (e = readdir(d)) && nprocs < MAXPROCS)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9' &&
		    read_proc(atoi(e->d_name), &procs[nprocs])) {
			procs[nprocs].cpu = procs[nprocs].ticks - prev_ticks(procs[nprocs].pid);
			nprocs++;
		}
	if (d)
		closedir(d);
	qsort(procs, nprocs, sizeof(procs[0]), busiest_first);
}

/* The summary lines at the top of a screen. */
static void header(void)
{
	char up[64], load[128], mem[4096];
	double secs = 0, l1 = 0, l5 = 0, l15 = 0;
	unsigned long total = 0, free_kb = 0, avail = 0, buffers = 0, cached = 0;
	int states[5] = { 0 };			/* R S T Z other */

	read_file("/proc/uptime", up, sizeof(up));
	read_file("/proc/loadavg", load, sizeof(load));
	read_file("/proc/meminfo", mem, sizeof(mem));
	sscanf(up, "%lf", &secs);
	sscanf(load, "%lf %lf %lf", &l1, &l5, &l15);
	proc_lookup(mem, "MemTotal", &total);
	proc_lookup(mem, "MemFree", &free_kb);
	proc_lookup(mem, "MemAvailable", &avail);
	proc_lookup(mem, "Buffers", &buffers);
	proc_lookup(mem, "Cached", &cached);
	for (int i = 0; i < nprocs; i++)
		states[procs[i].state == 'R' ? 0 : procs[i].state == 'S' ? 1 :
		       procs[i].state == 'T' ? 2 : procs[i].state == 'Z' ? 3 : 4]++;
	long now = (long)(time(NULL) % 86400);
	printf("top - %02ld:%02ld:%02ld up %ld min,  0 users,  load average: %.2f, %.2f, %.2f\n",
	       now / 3600, now / 60 % 60, now % 60, (long)secs / 60, l1, l5, l15);
	printf("Tasks: %3d total, %3d running, %3d sleeping, %3d stopped, %3d zombie\n",
	       nprocs, states[0], states[1] + states[4], states[2], states[3]);
	printf("MiB Mem : %8.1f total, %8.1f free, %8.1f used, %8.1f buff/cache\n\n",
	       total / 1024.0, free_kb / 1024.0, (total - avail) / 1024.0,
	       (buffers + cached) / 1024.0);
}

static void screen(double interval)
{
	header();
	printf("%7s S %8s %8s %5s %9s COMMAND\n", "PID", "VIRT", "RES", "%CPU", "TIME+");
	for (int i = 0; i < nprocs; i++) {
		const struct proc *p = &procs[i];
		printf("%7d %c %8ld %8ld %5.1f %6ld:%02ld %s\n", p->pid, p->state,
		       p->vsize_kb, p->rss_kb, p->cpu / interval, p->ticks / 6000,
		       p->ticks / 100 % 60, p->name);
	}
	fflush(stdout);
}

/* "2" or "0.5" as seconds (Pagoda's libc has no strtod). */
static double seconds(const char *s)
{
	double v = atol(s), scale = 0.1;
	const char *dot = strchr(s, '.');

	for (const char *p = dot ? dot + 1 : ""; *p >= '0' && *p <= '9'; p++, scale /= 10)
		v += (*p - '0') * scale;
	return v > 0 ? v : 3;
}

/* Wait up to seconds for a key on a terminal; true if it was q or ^C. */
static bool wait_for_quit(double seconds)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };
	char c;

	if (poll(&p, 1, (int)(seconds * 1000)) > 0 && read(0, &c, 1) == 1)
		return c == 'q' || c == 3;
	return false;
}

int main(int argc, char **argv)
{
	bool batch = !isatty(1);
	long count = -1;
	double delay = 3;
	int c;

	while ((c = getopt(argc, argv, "bn:d:")) != -1) {
		if (c == 'b')
			batch = true;
		else if (c == 'n')
			count = atol(optarg);
		else if (c == 'd')
			delay = seconds(optarg);
		else
			return 1;
	}
	struct termios saved, raw;
	bool tty = !batch && tcgetattr(0, &saved) == 0;
	if (tty) {
		raw = saved;
		raw.c_lflag &= ~(ICANON | ECHO | ISIG);
		raw.c_cc[VMIN] = 1;
		tcsetattr(0, TCSANOW, &raw);
	}
	scan();				/* the first screen's %CPU: over 0.2 s */
	usleep(200000);
	scan();
	double interval = 0.2;
	for (long i = 0; count < 0 || i < count; i++) {
		if (!batch)
			fputs("\033[H\033[2J", stdout);
		screen(interval);
		if (count >= 0 && i + 1 == count)
			break;
		if (tty ? wait_for_quit(delay) : (usleep((useconds_t)(delay * 1e6)), false))
			break;
		scan();
		interval = delay;
	}
	if (tty)
		tcsetattr(0, TCSANOW, &saved);
	return 0;
}
