/*
 * setjmp/longjmp and sigsetjmp/siglongjmp: return values, jumping out of
 * deep recursion, callee-saved registers, and which calls restore the
 * signal mask.
 */
#include <setjmp.h>
#include <signal.h>
#include "check.h"

static jmp_buf env;
static sigjmp_buf senv;
static int depth_reached;

/*
 * regs_after_longjmp(out): put known values in the callee-saved registers,
 * setjmp, zero the registers, longjmp, and store into out[0..5] the
 * values found after setjmp's second return: rbx rbp r12 r13 r14 r15.
 * In assembly, since C cannot say which registers hold what.
 */
void regs_after_longjmp(unsigned long *out);
__asm__(
	".text\n"
	"regs_after_longjmp:\n"
	"	push %rbx\n	push %rbp\n	push %r12\n"
	"	push %r13\n	push %r14\n	push %r15\n"
	"	push %rdi\n"			/* out; rsp is now 16-aligned */
	"	mov $0x1111, %rbx\n	mov $0x2222, %rbp\n"
	"	mov $0x3333, %r12\n	mov $0x4444, %r13\n"
	"	mov $0x5555, %r14\n	mov $0x6666, %r15\n"
	"	lea env(%rip), %rdi\n"
	"	call setjmp\n"
	"	test %eax, %eax\n"
	"	jnz 1f\n"
	"	xor %ebx, %ebx\n	xor %ebp, %ebp\n	xor %r12d, %r12d\n"
	"	xor %r13d, %r13d\n	xor %r14d, %r14d\n	xor %r15d, %r15d\n"
	"	lea env(%rip), %rdi\n"
	"	mov $1, %esi\n"
	"	call longjmp\n"
	"1:	pop %rdi\n"
	"	mov %rbx, 0(%rdi)\n	mov %rbp, 8(%rdi)\n	mov %r12, 16(%rdi)\n"
	"	mov %r13, 24(%rdi)\n	mov %r14, 32(%rdi)\n	mov %r15, 40(%rdi)\n"
	"	pop %r15\n	pop %r14\n	pop %r13\n"
	"	pop %r12\n	pop %rbp\n	pop %rbx\n"
	"	ret\n");

static void recurse(int depth, int val)
{
	volatile char pad[64];

	pad[0] = (char)depth;
	depth_reached = depth + pad[0] - depth;
	if (depth == 100)
		longjmp(env, val);
	if (depth < 100)
		recurse(depth + 1, val);
}

/* Keep many values live across setjmp in callee-saved registers. */
static long registers_survive(void)
{
	long a = depth_reached, b = a * 3, c = b + 7, d = c ^ 5, e = d * 11;
	long f = e - a, g = f + b;

	if (setjmp(env) == 0) {
		recurse(0, 1);
		return -1;
	}
	return a + b + c + d + e + f + g;
}

static int blocked(int sig)
{
	sigset_t now;

	sigprocmask(SIG_BLOCK, NULL, &now);
	return sigismember(&now, sig);
}

static void block(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

static void test_masks(void)
{
	volatile int round = 0;

	/* savemask 1: siglongjmp restores the mask of the sigsetjmp. */
	if (sigsetjmp(senv, 1) == 0) {
		block(SIGUSR1);
		siglongjmp(senv, 5);
	}
	CHECK(!blocked(SIGUSR1));
	/* savemask 0: the mask stays as it is at the jump. */
	if (sigsetjmp(senv, 0) == 0) {
		block(SIGUSR2);
		siglongjmp(senv, 0);
	}
	CHECK(blocked(SIGUSR2));
	/* plain longjmp never touches the mask */
	if (setjmp(env) == 0) {
		block(SIGHUP);
		round++;
		longjmp(env, 1);
	}
	CHECK(blocked(SIGHUP));
	CHECK_EQ(round, 1);
}

int main(void)
{
	volatile int count = 0;
	unsigned long regs[6];
	int r, i;

	r = setjmp(env);
	count++;
	if (r == 0)
		longjmp(env, 42);
	CHECK_EQ(r, 42);
	CHECK_EQ(count, 2);

	r = setjmp(env);
	if (r == 0)
		recurse(0, 0);		/* longjmp(env, 0) returns 1 */
	CHECK_EQ(r, 1);
	CHECK_EQ(depth_reached, 100);

	depth_reached = 2;
	CHECK_EQ(registers_survive(), 2 + 6 + 13 + 8 + 88 + 86 + 92);
	regs_after_longjmp(regs);
	for (i = 0; i < 6; i++)
		CHECK_EQ(regs[i], 0x1111 * (i + 1));
	test_masks();
	return check_done();
}
