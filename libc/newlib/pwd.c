/*
 * libc/newlib/pwd.c - the user and group databases for newlib programs:
 * getpwnam, getpwuid, getgrnam and getgrgid read /etc/passwd and
 * /etc/group line by line (Pagoda's have root and nobody), as the files'
 * formats are in passwd(5) and group(5).  Members of a group are not
 * listed (gr_mem is empty).
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Split line at ':' into at most n fields; returns how many. */
static int fields(char *line, char **f, int n)
{
	int i = 0;

	line[strcspn(line, "\n")] = '\0';
	for (f[i++] = line; i < n && (line = strchr(line, ':')); f[i++] = line)
		*line++ = '\0';
	return i;
}

/* The passwd entry with that name (if name) or uid; NULL if none. */
static struct passwd *find_user(const char *name, uid_t uid)
{
	static char line[512];
	static struct passwd pw;
	FILE *f = fopen("/etc/passwd", "r");
	char *v[7];

	while (f && fgets(line, sizeof(line), f)) {
		if (fields(line, v, 7) < 7)
			continue;
		uid_t u = (uid_t)strtoul(v[2], NULL, 10);
		if (name ? strcmp(v[0], name) : u != uid)
			continue;
		pw = (struct passwd){ .pw_name = v[0], .pw_passwd = v[1], .pw_uid = u,
			.pw_gid = (gid_t)strtoul(v[3], NULL, 10), .pw_gecos = v[4],
			.pw_comment = v[4], .pw_dir = v[5], .pw_shell = v[6] };
		fclose(f);
		return &pw;
	}
	if (f)
		fclose(f);
	return NULL;
}

struct passwd *getpwnam(const char *name)
{
	return find_user(name, 0);
}

struct passwd *getpwuid(uid_t uid)
{
	return find_user(NULL, uid);
}

static struct group *find_group(const char *name, gid_t gid)
{
	static char line[512];
	static char *no_members[] = { NULL };
	static struct group gr;
	FILE *f = fopen("/etc/group", "r");
	char *v[4];

	while (f && fgets(line, sizeof(line), f)) {
		if (fields(line, v, 4) < 3)
			continue;
		gid_t g = (gid_t)strtoul(v[2], NULL, 10);
		if (name ? strcmp(v[0], name) : g != gid)
			continue;
		gr = (struct group){ .gr_name = v[0], .gr_passwd = v[1], .gr_gid = g,
			.gr_mem = no_members };
		fclose(f);
		return &gr;
	}
	if (f)
		fclose(f);
	return NULL;
}

struct group *getgrnam(const char *name)
{
	return find_group(name, 0);
}

struct group *getgrgid(gid_t gid)
{
	return find_group(NULL, gid);
}
