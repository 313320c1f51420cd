/*
 * <malloc.h> for newlib programs: Pagoda's malloc (libc/malloc*.c) is
 * linked in place of newlib's, so its interface is Pagoda's libc's
 * (glibc's: mallopt numbers, mallinfo2, malloc_stats, malloc_trim).
 */
#include "../../include/malloc.h"
