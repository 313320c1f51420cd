/*
 * user/abifuzz/abifuzz.h - the system calls and their arguments
 * (user/abifuzz/args.c), for the fuzzer's workers and their parent
 * (user/abifuzz.c).
 */
#ifndef USER_ABIFUZZ_H
#define USER_ABIFUZZ_H

#include <stdint.h>

#define PAGE		4096

/* A worker's descriptors: the same numbers in every worker. */
enum { FD_FILE = 3, FD_DIR, FD_PIPE_R, FD_PIPE_W, FD_ZERO, FD_MAPS };

/* A system call the kernel defines, as its SYSCALL_DEFINEn says. */
struct call {
	const char *name;
	int nr, nargs;
	const char *type[6], *arg[6];
};

extern const int ncalls;	/* how many calls the kernel defines */

/* Map the memory arguments point into and fill it; exits on failure. */
void args_setup(void);

/* Call i of seed: pick a call and draw its arguments into a, from the
 * random stream of (seed, i), after refilling the memory they point into
 * (which earlier calls may have changed).  Returns the call. */
const struct call *draw_call(unsigned long seed, int i, uint64_t a[6]);

/* Why call c must not be made with arguments a, or NULL. */
const char *veto(const struct call *c, const uint64_t *a);

#endif
