/*
 * <sys/utsname.h> for newlib programs (newlib has none): the same as
 * Pagoda's own libc's, implemented in libc/newlib/posix.c.
 */
#include "../../../include/sys/utsname.h"
