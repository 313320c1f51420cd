/*
 * assert(expr): if expr is false, print where and abort().  Defining
 * NDEBUG before including this header turns it off.  No include guard:
 * each inclusion re-reads NDEBUG, as the standard requires.
 */
#undef assert

#ifdef NDEBUG
#define assert(expr)	((void)0)
#else
#define assert(expr)	\
	((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef _ASSERT_H
#define _ASSERT_H
_Noreturn void __assert_fail(const char *expr, const char *file,
			     unsigned int line, const char *func);
#endif
