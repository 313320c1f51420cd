/*
 * <sys/sysmacros.h> for newlib programs (newlib has none): a device
 * number's major and minor parts, encoded as glibc and Linux do it (the
 * 32-bit major in bits 8-19 and 32-43, the 32-bit minor in bits 0-7 and
 * 20-31, so that the old 8:8 numbers keep their value).
 */
#ifndef PAGODA_NEWLIB_SYS_SYSMACROS_H
#define PAGODA_NEWLIB_SYS_SYSMACROS_H

#include <sys/types.h>

static inline unsigned int __pagoda_major(dev_t dev)
{
	return (unsigned int)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffu));
}

static inline unsigned int __pagoda_minor(dev_t dev)
{
	return (unsigned int)((dev & 0xff) | ((dev >> 12) & ~0xffu));
}

static inline dev_t __pagoda_makedev(unsigned int major, unsigned int minor)
{
	return ((dev_t)(major & 0xfff) << 8) | ((dev_t)(major & ~0xfffu) << 32) |
	       (minor & 0xff) | ((dev_t)(minor & ~0xffu) << 12);
}

#define major(dev)		__pagoda_major(dev)
#define minor(dev)		__pagoda_minor(dev)
#define makedev(maj, min)	__pagoda_makedev(maj, min)

#endif
