/*
 * <sys/features.h> for newlib programs: newlib's, plus the POSIX options
 * Pagoda's newlib has (newlib's header names options only for RTEMS and
 * Cygwin): threads with their timeouts, barriers, spin and read-write
 * locks and stack attributes (libc/newlib/pthread*.c), semaphores, and
 * the monotonic clock.  newlib's other headers declare what each
 * option brings (sched_yield, CLOCK_MONOTONIC, ...).
 */
#include_next <sys/features.h>

#ifndef PAGODA_NEWLIB_SYS_FEATURES_H
#define PAGODA_NEWLIB_SYS_FEATURES_H

#define _POSIX_THREADS			200809L
#define _POSIX_THREAD_ATTR_STACKADDR	200809L
#define _POSIX_THREAD_ATTR_STACKSIZE	200809L
#define _POSIX_THREAD_SAFE_FUNCTIONS	200809L
#define _POSIX_TIMEOUTS			200809L
#define _POSIX_BARRIERS			200809L
#define _POSIX_SPIN_LOCKS		200809L
#define _POSIX_READER_WRITER_LOCKS	200809L
#define _POSIX_SEMAPHORES		200809L
#define _POSIX_MONOTONIC_CLOCK		200809L

#endif
