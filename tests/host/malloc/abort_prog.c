/*
 * tests/host/malloc/abort_prog.c - heap corruption that malloc must catch:
 * each scenario should end in abort() with a message on stderr.  run.sh runs
 * them with Pagoda's malloc preloaded (checking the message) and with glibc's
 * (which must abort too).
 *
 * usage: abort_prog double-fast|double-small|double-flushed|overflow-next|
 *                   overflow-prevsize|overflow-cached|overflow-evicted|
 *                   realloc-freed|top-size|invalid-ptr|fastbin-fd
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	char *a, *b, *c;

	if (!strcmp(mode, "double-fast")) {         /* free(p) twice, small */
		a = malloc(32);
		free(a);
		free(a);
	} else if (!strcmp(mode, "double-small")) { /* free(p) twice, 2000 bytes */
		a = malloc(2000);
		sink = malloc(2000);
		free(a);
		free(a);
	} else if (!strcmp(mode, "overflow-next")) { /* a's overflow hits b's size */
		a = malloc(24);
		b = malloc(24);
		memset(a, 'A', malloc_usable_size(a) + 8);
		free(b);
	} else if (!strcmp(mode, "overflow-prevsize")) { /* free b's size no longer
							    matches its foot */
		a = malloc(70000);                      /* past the tcache: b is binned */
		b = malloc(70000);
		sink = malloc(70000);
		size_t bsize = malloc_usable_size(b) + sizeof(size_t);
		free(b);
		*(size_t *)(a + malloc_usable_size(a)) = (bsize + 32) | 1;  /* b's size */
		sink = malloc(70000);
	} else if (!strcmp(mode, "overflow-cached")) { /* a cached b's size changed */
		a = malloc(2000);                       /* b waits in the tcache */
		b = malloc(2000);
		sink = malloc(2000);
		free(b);
		*(size_t *)(a + malloc_usable_size(a)) = 2048 | 1;  /* b's size */
		sink = malloc(2000);
	} else if (!strcmp(mode, "double-flushed")) { /* free(b) again after the
							 tcache gave it back */
		a = malloc(2000);                       /* a and b wait in the tcache */
		b = malloc(2000);
		sink = malloc(2000);
		free(a);
		free(b);
		malloc_trim(0);                         /* both to the arena: b joins a */
		free(b);
	} else if (!strcmp(mode, "overflow-evicted")) { /* a cached b's size changed,
							   then b leaves the tcache */
		a = malloc(2000);
		b = malloc(2000);
		c = malloc(2000);
		char *d = malloc(2000), *e = malloc(2000);
		sink = malloc(2000);
		free(b);
		*(size_t *)(a + malloc_usable_size(a)) = 4096 | 1;  /* b's size: b and c */
		free(d);
		free(e);                                /* b's bin is full: b goes */
		sink = malloc(4000);
	} else if (!strcmp(mode, "realloc-freed")) { /* realloc after free */
		a = malloc(2000);
		sink = malloc(2000);
		free(a);
		sink = realloc(a, 20000);
	} else if (!strcmp(mode, "top-size")) {    /* overwrite top's size */
		a = malloc(50000);
		*(size_t *)(a + malloc_usable_size(a)) = ~(size_t)0xff;
		sink = malloc(60000);
	} else if (!strcmp(mode, "invalid-ptr")) {
		a = malloc(100);
		free(a + 8);
	} else if (!strcmp(mode, "fastbin-fd")) {  /* use after free: bad fd */
		a = malloc(40);
		b = malloc(40);
		free(b);
		free(a);
		*(char **)a = b + 8;
		c = malloc(40);
		sink = malloc(40);
		sink = c;
	} else {
		return 2;
	}
	return 0;
}
