/*
 * The C halves of sigsetjmp and siglongjmp (see setjmp.S).
 */
#include <setjmp.h>
#include <signal.h>

int __sigsetjmp_mask(sigjmp_buf env, int savemask);

/* Called by sigsetjmp after the registers are saved: save the mask too. */
int __sigsetjmp_mask(sigjmp_buf env, int savemask)
{
	env->__mask_saved = savemask;
	if (savemask)
		sigprocmask(SIG_BLOCK, NULL, &env->__mask);
	return 0;
}

/* Restore the mask saved by sigsetjmp, if any, then longjmp. */
_Noreturn void siglongjmp(sigjmp_buf env, int val)
{
	if (env->__mask_saved)
		sigprocmask(SIG_SETMASK, &env->__mask, NULL);
	longjmp(env, val);
}
