/*
 * Process CPU times in clock ticks.
 */
#ifndef _SYS_TIMES_H
#define _SYS_TIMES_H

#include <sys/types.h>
#include <uapi/time.h>

clock_t times(struct tms *buf);

#endif
