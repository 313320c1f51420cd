/*
 * user/uptime.c - the time, how long the system has been up, and the load.
 *
 *   uptime
 *
 * As procps' uptime: " HH:MM:SS up N min,  0 users,  load average: L1, L5, L15",
 * from /proc/uptime and /proc/loadavg (Pagoda has no logins, so no users).
 */
#include <stdio.h>
#include <time.h>
#include "lib/ulib.h"

int main(void)
{
	char up[64], load[128];
	double secs = 0, l1 = 0, l5 = 0, l15 = 0;

	if (read_file("/proc/uptime", up, sizeof(up)) < 0 ||
	    read_file("/proc/loadavg", load, sizeof(load)) < 0) {
		perror("uptime: /proc");
		return 1;
	}
	sscanf(up, "%lf", &secs);
	sscanf(load, "%lf %lf %lf", &l1, &l5, &l15);
	long now = (long)(time(NULL) % 86400);	/* UTC: no time zones */
	long mins = (long)secs / 60, days = mins / 1440;
	printf(" %02ld:%02ld:%02ld up ", now / 3600, now / 60 % 60, now % 60);
	if (days)
		printf("%ld day%s, ", days, days == 1 ? "" : "s");
	mins %= 1440;
	if (mins >= 60)
		printf("%2ld:%02ld, ", mins / 60, mins % 60);
	else
		printf("%ld min, ", mins);
	printf(" 0 users,  load average: %.2f, %.2f, %.2f\n", l1, l5, l15);
	return 0;
}
