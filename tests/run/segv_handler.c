/*
 * tests/run/segv_handler.c - a SIGSEGV handler sees the faulting address
 * (si_addr) and the reason (si_code); write to a read-only page gives
 * SEGV_ACCERR; the handler can leave with siglongjmp.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf env;
static void *fault_addr;
static int fault_code;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	(void)sig;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(env, 1);
}

static void probe(const char *what, volatile char *p)
{
	if (sigsetjmp(env, 1) == 0) {
		*p = 1;
		printf("%s: no fault\n", what);
		return;
	}
	printf("%s: SIGSEGV at the address: %s, si_code=%s\n", what,
	       fault_addr == (void *)p ? "yes" : "no",
	       fault_code == SEGV_MAPERR ? "SEGV_MAPERR" :
	       fault_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other");
}

int main(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	probe("unmapped 0x1234", (volatile char *)0x1234);
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	probe("read-only page", ro);
	char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	probe("PROT_NONE page", none);
	munmap(ro, 4096);
	probe("unmapped again", ro);
	printf("done\n");
	return 0;
}
