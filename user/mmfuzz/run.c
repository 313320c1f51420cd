/*
 * user/mmfuzz/run.c - a run of the mm fuzzer: its arena and fuzz file,
 * the steps in a forked child, and the shrinker that bisects a failing
 * run for its shortest failing prefix.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mmfuzz.h"

/* ---- runs, shrinking ---------------------------------------------------- */

/* A run's arena and fuzz file (created in the current directory, and
 * unlinked at once). */
static void setup(void)
{
	static uint64_t buf[WORDS];
	char name[32];

	rng = mix(seed);
	memset(sh, 0, sizeof(*sh));
	sh->next_slot = FILE_PAGES;
	arena = huge ? huge_arena() : mmap(NULL, ARENA_PAGES * PAGE, PROT_NONE,
					    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED)
		fail("mmap of the arena: %s", strerror(errno));
	for (int i = 0; i < arena_pages; i++)
		pg[i] = (struct vpage){ .kind = K_ANON };
	snprintf(name, sizeof(name), "mmfuzz.%d.tmp", (int)getpid());
	if ((fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600)) < 0 || unlink(name))
		fail("create the fuzz file: %s", strerror(errno));
	for (int k = 0; k < FILE_PAGES; k++) {
		sh->slot[k] = fresh();
		fill(buf, &sh->slot[k], WORDS);
		if (write(fd, buf, PAGE) != PAGE)
			fail("write the fuzz file: %s", strerror(errno));
	}
}

/* Run the first `steps` steps in a child; 0 if they pass, else the step
 * that failed.  Only a loud attempt prints. */
static int attempt(int steps, int loud)
{
	int status;

	sh->failed_step = 0;
	pid_t pid = fork();
	if (pid == 0) {
		verbose &= loud;
		quiet = !loud;
		setup();
		focus_all = 1;
		check_all();
		for (step = 1; step <= steps; step++)
			do_step();
		step = steps;
		focus_all = 1;
		check_all();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		say("mmfuzz: fork or wait: %s\n", strerror(errno));
		return steps ? steps : 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (loud && !WIFEXITED(status))
		say("mmfuzz: seed %lu: killed by signal %d\n", seed, WTERMSIG(status));
	return sh->failed_step > 0 ? sh->failed_step : steps ? steps : 1;
}

/* Bisect for the shortest failing prefix: the first lo steps pass (for
 * lo = 0 that is an assumption), the first hi fail. */
static int shrink(int hi)
{
	int lo = 0;

	if (!attempt(hi, 0)) {
		say("mmfuzz: the failure did not happen again with %d steps\n", hi);
		return hi;
	}
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2, f = attempt(mid, 0);
		if (f)
			hi = f < mid ? f : mid;
		else
			lo = mid;
	}
	return hi;
}

/* Run `steps` steps from seed s, with flags MMFUZZ_VERBOSE (-v) and
 * MMFUZZ_HUGE (-H).  Prints one line and returns 0, or reports the failure
 * and the shortest failing prefix and returns 1. */
int mmfuzz(unsigned long s, int steps, int flags)
{
	struct sigaction sa = { .sa_flags = SA_SIGINFO | SA_NODEFER };

	sa.sa_sigaction = on_fault;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	seed = s;
	verbose = flags & MMFUZZ_VERBOSE;
	huge = !!(flags & MMFUZZ_HUGE);
	htlb = huge && (flags & MMFUZZ_HUGETLB) && !hugetlb_pool_take();
	op_pages = huge ? HUGE_ARENA : ARENA_PAGES;
	arena_pages = op_pages + (htlb ? HTLB_PAGES : 0);
	npages = arena_pages + HEAP_MAX;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	heap = sbrk(0);
	heap += -(uintptr_t)heap % PAGE;
	if (sh == MAP_FAILED || brk(heap)) {
		say("mmfuzz: cannot set up: %s\n", strerror(errno));
		return 1;
	}
	int failed = attempt(steps, 1);
	if (!failed) {
		say("mmfuzz: seed %lu, %d steps%s, ok\n", seed, steps,
		    htlb ? " (huge pages, hugetlb)" : huge ? " (huge pages)" : "");
	} else {
		int k = shrink(failed);
		say("shortest failing prefix: %d steps (rerun: mmfuzz -s %lu -n %d "
		    "-v%s%s)\n", k, seed, k, huge ? " -H" : "", htlb ? " -P" : "");
	}
	munmap(sh, sizeof(*sh));
	if (htlb)
		hugetlb_pool_put();
	return failed != 0;
}

