/*
 * user/kill.c - send a signal to processes.
 *
 *   kill [-SIGNAL] PID...      SIGNAL: a number, NAME or SIGNAME (TERM)
 *   kill -l                    list the signal names
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const names[] = {
	NULL, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
	"KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT",
	"CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
	"XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
};
#define NNAMES	((int)(sizeof(names) / sizeof(names[0])))

/* The signal number for "9", "KILL" or "SIGKILL"; -1 if unknown. */
static int parse_signal(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s && !*end)
		return n >= 0 && n < 65 ? n : -1;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i < NNAMES; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	return -1;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, status = 0;

	if (argc == 2 && !strcmp(argv[1], "-l")) {
		for (int s = 1; s < NNAMES; s++)
			printf("%2d) SIG%s\n", s, names[s]);
		return 0;
	}
	if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		if ((sig = parse_signal(argv[1] + 1)) < 0) {
			fprintf(stderr, "kill: unknown signal: %s\n", argv[1] + 1);
			return 1;
		}
		i++;
	}
	if (i == argc) {
		fprintf(stderr, "usage: kill [-SIGNAL] PID...\n");
		return 1;
	}
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end) {
			fprintf(stderr, "kill: failed to parse argument: '%s'\n", argv[i]);
			status = 1;
		} else if (kill(pid, sig) < 0) {
			fprintf(stderr, "kill: (%ld) - %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}
