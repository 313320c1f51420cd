/*
 * libc/newlib/mntent.c - the mount table as lines of "fsname dir type
 * opts freq passno" (/proc/mounts, fstab(5)), for newlib programs.
 */
#include <mntent.h>
#include <stdio.h>
#include <string.h>

FILE *setmntent(const char *path, const char *mode)
{
	return fopen(path, mode);
}

int endmntent(FILE *f)
{
	if (f)
		fclose(f);
	return 1;
}

/* The next entry of f, in storage that the next call reuses; NULL at
 * the end.  Blank lines and # comments are skipped. */
struct mntent *getmntent(FILE *f)
{
	static char line[1024];
	static struct mntent m;

	while (fgets(line, sizeof(line), f)) {
		char *fields[4], *save = NULL, *p = line;
		int n = 0;
		while (n < 4 && (fields[n] = strtok_r(p, " \t\n", &save)))
			n++, p = NULL;
		if (n < 4 || fields[0][0] == '#')
			continue;
		m.mnt_fsname = fields[0];
		m.mnt_dir = fields[1];
		m.mnt_type = fields[2];
		m.mnt_opts = fields[3];
		m.mnt_freq = m.mnt_passno = 0;
		sscanf(save ? save : "", "%d %d", &m.mnt_freq, &m.mnt_passno);
		return &m;
	}
	return NULL;
}

/* The option opt in m's options (a whole comma-separated item), or NULL. */
char *hasmntopt(const struct mntent *m, const char *opt)
{
	size_t n = strlen(opt);

	for (char *p = m->mnt_opts; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, opt, n) && (p[n] == ',' || p[n] == '=' || !p[n]))
			return p;
	return NULL;
}
