/*
 * <mntent.h> for newlib programs (newlib has none): reading /proc/mounts
 * or an fstab, as glibc's and musl's getmntent; libc/newlib/mntent.c.
 */
#ifndef PAGODA_NEWLIB_MNTENT_H
#define PAGODA_NEWLIB_MNTENT_H

#include <stdio.h>

#define MOUNTED "/etc/mtab"

struct mntent {
	char *mnt_fsname;	/* device or server */
	char *mnt_dir;		/* mount point */
	char *mnt_type;		/* file system type */
	char *mnt_opts;		/* comma-separated options */
	int mnt_freq;		/* dump frequency */
	int mnt_passno;		/* fsck pass */
};

FILE *setmntent(const char *path, const char *mode);
struct mntent *getmntent(FILE *f);
int endmntent(FILE *f);
char *hasmntopt(const struct mntent *m, const char *opt);

#endif
