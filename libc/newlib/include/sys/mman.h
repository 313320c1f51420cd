/*
 * <sys/mman.h> for newlib programs (newlib has none): the same as Pagoda's
 * own libc's, which libc/newlib/mman.c implements.
 */
#include "../../../include/sys/mman.h"
