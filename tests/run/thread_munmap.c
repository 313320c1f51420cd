/*
 * tests/run/thread_munmap.c - threads share one address space: a page
 * one thread unmaps is gone for all, so the main thread's next touch of
 * it is a SIGSEGV that ends the whole process (exit status 139).
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

static char *page;

static void *unmapper(void *arg)
{
	(void)arg;
	page[0] = 'x';
	munmap(page, 4096);
	return NULL;
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();		/* killed with the process */
	return NULL;
}

int main(void)
{
	pthread_t t, s;

	setvbuf(stdout, NULL, _IONBF, 0);
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	page[0] = 'a';
	pthread_create(&s, NULL, sleeper, NULL);
	pthread_create(&t, NULL, unmapper, NULL);
	pthread_join(t, NULL);
	printf("the other thread unmapped the page; touching it\n");
	page[0] = 'b';
	printf("still alive?\n");
	return 0;
}
