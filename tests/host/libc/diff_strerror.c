/*
 * strerror, strsignal and perror texts.  Compared against glibc (except
 * real-time signals, which glibc numbers from 34).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	int i;

	for (i = -1; i <= 140; i++)
		printf("%d: %s\n", i, strerror(i));
	for (i = 0; i < 32; i++)
		printf("signal %d: %s\n", i, strsignal(i));
	printf("signal 65: %s\n", strsignal(65));
	fflush(stdout);
	errno = ENOENT;
	perror("prefix");
	errno = EINVAL;
	perror("");
	errno = 0;
	perror(NULL);
	return 0;
}
