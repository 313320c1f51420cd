/*
 * tests/run/oom_score_adj.c - /proc/PID/oom_score_adj, oom_adj and
 * oom_score as Linux: the range and the parsing of what is written
 * (EINVAL), the legacy oom_adj's scale, inheritance at fork, oom_score at
 * the ends of the range, and a non-root process that may raise but not
 * lower its setting below what root set (EACCES).  Run as root.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Write s to fd at offset 0: "ok" or the errno's name. */
static const char *put(int fd, const char *s)
{
	static char buf[32];
	lseek(fd, 0, SEEK_SET);
	if (write(fd, s, strlen(s)) == (ssize_t)strlen(s))
		return "ok";
	snprintf(buf, sizeof(buf), "%s", errno == EINVAL ? "EINVAL" :
		 errno == EACCES ? "EACCES" : errno == ERANGE ? "ERANGE" :
		 strerror(errno));
	return buf;
}

/* The number in fd's file, read from offset 0. */
static long get(int fd)
{
	char buf[32];
	lseek(fd, 0, SEEK_SET);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = 0;
	return n > 0 ? atol(buf) : -99999;
}

static int open_self(const char *name, int flags)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/%s", name);
	return open(path, flags);
}

int main(void)
{
	int adj = open_self("oom_score_adj", O_RDWR), old = open_self("oom_adj", O_RDWR);
	int score = open_self("oom_score", O_RDONLY);
	static const char *const writes[] = {
		"500", "1000", "-1000", "1001", "-1001", "abc", "12abc", " 42 \n",
		"0x10", "+7", "010", "-0", "99999999999", "99999999999x",
		"99999999999999999999x", "0\n",
	};

	setvbuf(stdout, NULL, _IONBF, 0);
	if (setuid(65534))
		printf("setuid failed\n");
	printf("oom_score_adj %ld, oom_adj %ld\n", get(adj), get(old));
	printf("oom_score at 0 within 600..1400: %s\n",
	       get(score) >= 600 && get(score) <= 1400 ? "yes" : "no");
	for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		const char *r = put(adj, writes[i]);
		printf("write \"%s\": %s, now %ld, oom_adj %ld\n", writes[i], r,
		       get(adj), get(old));
	}
	static const char *const legacy[] = {
		"-5", "-17", "16", "-18", "5", "15", "14", "0",
	};
	put(adj, "0");
	for (size_t i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++) {
		const char *r = put(old, legacy[i]);
		printf("oom_adj \"%s\": %s, oom_score_adj %ld, oom_adj %ld\n",
		       legacy[i], r, get(adj), get(old));
	}
	put(adj, "1000");
	printf("oom_score at 1000 above 1300: %s\n", get(score) > 1300 ? "yes" : "no");
	put(adj, "300");
	if (fork() == 0) {
		int own = open_self("oom_score_adj", O_RDONLY);
		printf("child's own oom_score_adj %ld\n", get(own));
		/* adj is the parent's file: the write changes the parent's */
		printf("child writes 200 to the parent's file: %s\n", put(adj, "200"));
		exit(0);
	}
	wait(NULL);
	printf("the parent's is now %ld\n", get(adj));
	return 0;
}
