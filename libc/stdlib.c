/*
 * Small stdlib pieces: abs, rand, mkstemp.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

static unsigned long long rand_state = 1;

void srand(unsigned int seed)
{
	rand_state = seed;
}

/* A 64-bit linear congruential generator; returns its top 31 bits. */
int rand(void)
{
	rand_state = rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int)(rand_state >> 33);
}

/* Fill six bytes with random letters and digits. */
static void random_name(char *p)
{
	static const char chars[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char r[6];
	struct timespec ts;
	int i;

	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != sizeof(r)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		for (i = 0; i < 6; i++)
			r[i] = (unsigned char)(ts.tv_nsec >> (i * 5)) + getpid();
	}
	for (i = 0; i < 6; i++)
		p[i] = chars[r[i] % (sizeof(chars) - 1)];
}

/*
 * Replace the trailing "XXXXXX" of template with a unique name and create
 * that file (mode 0600).  Returns its fd, or -1 with errno.
 */
int mkstemp(char *template)
{
	size_t len = strlen(template);
	char *x = template + len - 6;
	int fd, tries;

	if (len < 6 || strcmp(x, "XXXXXX")) {
		errno = EINVAL;
		return -1;
	}
	for (tries = 0; tries < 100; tries++) {
		random_name(x);
		fd = open(template, O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}
