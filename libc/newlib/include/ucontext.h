/*
 * <ucontext.h> for newlib programs (newlib has none): the types of
 * <sys/ucontext.h>.  getcontext, setcontext, makecontext and swapcontext
 * are not in Pagoda's newlib.
 */
#include <sys/ucontext.h>
