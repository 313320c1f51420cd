/*
 * tests/user/fs_dir.c - directories: mkdir, rmdir, getdents64 (names
 * sorted before printing), chdir and getcwd (printed relative to where
 * the test started), "." and "..", renaming directories, *at() calls
 * relative to a directory fd, and the errors of each.
 */
#include "utest.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static char start[4096];

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* List a directory with getdents64: sorted "name type" pairs. */
static void list(const char *path)
{
	char buf[512], *names[64];
	int fd = open(path, O_RDONLY | O_DIRECTORY), n = 0;
	long got;

	if (fd < 0) {
		printf("list %s: %s\n", path, errname(errno));
		return;
	}
	while ((got = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < got;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			char *s = malloc(300);
			snprintf(s, 300, "%s:%s", d->d_name,
				 d->d_type == DT_DIR ? "dir" : d->d_type == DT_REG
				 ? "file" : "other");
			if (n < 64)
				names[n++] = s;
			off += d->d_reclen;
		}
	}
	close(fd);
	qsort(names, n, sizeof(names[0]), cmp_str);
	printf("%s:", path);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void touch(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY, 0644);

	if (fd >= 0)
		close(fd);
}

/* getcwd, with the starting directory replaced by "~". */
static void show_cwd(void)
{
	char buf[4096];

	if (!getcwd(buf, sizeof(buf))) {
		printf("getcwd: %s\n", errname(errno));
		return;
	}
	size_t n = strlen(start);
	printf("cwd ~%s\n", strncmp(buf, start, n) ? buf : buf + n);
}

static void make_and_list(void)
{
	SHOW("mkdir d", mkdir("d", 0755));
	SHOW("mkdir d/sub", mkdir("d/sub", 0700));
	touch("d/a");
	touch("d/b");
	touch("d/sub/x");
	list("d");
	list("d/sub");
	list("d/sub/");
	SHOW("mkdir again", mkdir("d", 0755));
	SHOW("mkdir d/sub/", mkdir("d/sub/", 0755));
	SHOW("mkdir missing parent", mkdir("nope/x", 0755));
	SHOW("mkdir under file", mkdir("d/a/x", 0755));
	SHOW("mkdir .", mkdir(".", 0755));
	struct stat st;
	stat("d/sub", &st);
	printf("d/sub dir %d mode %o\n", S_ISDIR(st.st_mode), st.st_mode & 07777);
	SHOW("umask", umask(077));
	mkdir("masked", 0777);
	stat("masked", &st);
	printf("masked mode %o\n", st.st_mode & 07777);
	umask(022);
}

static void remove_dirs(void)
{
	mkdir("r", 0755);
	mkdir("r/s", 0755);
	touch("r/f");
	SHOW("rmdir non-empty", rmdir("r"));
	SHOW("rmdir file", rmdir("r/f"));
	SHOW("unlink dir", unlink("r/s"));
	SHOW("rmdir .", rmdir("r/s/."));
	SHOW("rmdir ..", rmdir("r/s/.."));
	SHOW("rmdir missing", rmdir("r/none"));
	SHOW("unlink file/", unlink("r/f/"));
	SHOW("unlink f", unlink("r/f"));
	SHOW("rmdir s/", rmdir("r/s/"));
	SHOW("rmdir r", rmdir("r"));
	SHOW("stat r", access("r", F_OK));
}

static void cwd_and_dots(void)
{
	mkdir("c", 0755);
	mkdir("c/d", 0755);
	touch("c/d/file");
	SHOW("chdir", chdir("c/d"));
	show_cwd();
	SHOW("access ../d/file", access("../d/file", F_OK));
	SHOW("access ./././file", access("./././file", F_OK));
	SHOW("chdir file", chdir("file"));
	SHOW("chdir ..", chdir(".."));
	show_cwd();
	SHOW("chdir missing", chdir("missing"));
	char small[4];
	SHOW("getcwd small", getcwd(small, sizeof(small)) == NULL);
	printf("errno %s\n", errname(errno));
	mkdir("gone", 0755);
	chdir("gone");
	SHOW("rmdir cwd", rmdir("../gone"));
	char buf[256];
	SHOW("getcwd of removed", getcwd(buf, sizeof(buf)) == NULL);
	printf("errno %s\n", errname(errno));
	SHOW("create in removed", open("new", O_CREAT | O_WRONLY, 0644));
	SHOW("chdir start", chdir(start));
	SHOW("root ..", access("/../../", F_OK));
}

static void rename_dirs(void)
{
	mkdir("m", 0755);
	mkdir("m/a", 0755);
	touch("m/a/inside");
	mkdir("m/empty", 0755);
	mkdir("m/full", 0755);
	touch("m/full/x");
	touch("m/file");
	SHOW("dir into itself", rename("m/a", "m/a/b"));
	SHOW("dir over file", rename("m/a", "m/file"));
	SHOW("file over dir", rename("m/file", "m/empty"));
	SHOW("dir over non-empty", rename("m/a", "m/full"));
	SHOW("dir over empty", rename("m/a", "m/empty"));
	list("m");
	list("m/empty");
	SHOW("move down", rename("m/file", "m/full/file"));
	SHOW("move up", rename("m/full", "moved"));
	list("moved");
	SHOW("rename .", rename("m/.", "x"));
	SHOW("rename to ..", rename("m/empty", "m/.."));
	SHOW("ancestor onto child", rename("m", "m/empty/deeper"));
}

static void at_calls(void)
{
	mkdir("at", 0755);
	int dfd = open("at", O_RDONLY | O_DIRECTORY);
	int ffd;

	SHOW("openat create", (ffd = openat(dfd, "f", O_CREAT | O_WRONLY, 0644)) >= 0);
	close(ffd);
	SHOW("mkdirat", mkdirat(dfd, "sub", 0755));
	struct stat st;
	SHOW("fstatat", fstatat(dfd, "sub", &st, 0));
	printf("is dir %d\n", S_ISDIR(st.st_mode));
	SHOW("faccessat", faccessat(dfd, "f", F_OK, 0));
	SHOW("renameat", syscall(SYS_renameat, dfd, "f", dfd, "sub/g"));
	list("at/sub");
	SHOW("unlinkat file", unlinkat(dfd, "sub/g", 0));
	SHOW("unlinkat dir no flag", unlinkat(dfd, "sub", 0));
	SHOW("unlinkat bad flag", unlinkat(dfd, "sub", 0x1));
	SHOW("unlinkat rmdir", unlinkat(dfd, "sub", AT_REMOVEDIR));
	int reg = open("at/../at", O_RDONLY);
	touch("plain");
	int pfd = open("plain", O_RDONLY);
	SHOW("openat via file fd", openat(pfd, "x", O_RDONLY));
	SHOW("openat bad fd", openat(99, "x", O_RDONLY));
	SHOW("openat absolute ignores fd", openat(99, "/", O_RDONLY) >= 0);
	SHOW("O_DIRECTORY on file", open("plain", O_RDONLY | O_DIRECTORY));
	SHOW("dir for writing", open("at", O_WRONLY));
	SHOW("dir O_CREAT", open("at", O_CREAT | O_RDONLY, 0644));
	SHOW("getdents on file", getdents64(pfd, (char[64]){ 0 }, 64));
	SHOW("getdents tiny buffer", getdents64(reg, (char[8]){ 0 }, 8));
	SHOW("read dir", read(reg, (char[8]){ 0 }, 8));
	SHOW("lseek dir", lseek(reg, 0, SEEK_SET));
	close(reg);
	close(pfd);
	close(dfd);
}

static void many_entries(void)
{
	char name[32];
	char buf[256];
	int count = 0, fd;
	long got;

	mkdir("many", 0755);
	for (int i = 0; i < 150; i++) {
		snprintf(name, sizeof(name), "many/entry-%03d", i);
		touch(name);
	}
	for (int i = 0; i < 150; i += 3) {
		snprintf(name, sizeof(name), "many/entry-%03d", i);
		unlink(name);
	}
	fd = open("many", O_RDONLY | O_DIRECTORY);
	while ((got = getdents64(fd, buf, sizeof(buf))) > 0)
		for (long off = 0; off < got; off += ((struct linux_dirent64 *)(buf + off))->d_reclen)
			count++;
	printf("entries with . and ..: %d\n", count);
	lseek(fd, 0, SEEK_SET);
	count = 0;
	while ((got = getdents64(fd, buf, sizeof(buf))) > 0)
		for (long off = 0; off < got; off += ((struct linux_dirent64 *)(buf + off))->d_reclen)
			count++;
	printf("after rewind: %d\n", count);
	close(fd);
	DIR *d = opendir("many");
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d)))
		files += e->d_name[0] != '.';
	closedir(d);
	printf("readdir files: %d\n", files);
}

static const struct utest tests[] = {
	{ "make_and_list", make_and_list },
	{ "remove_dirs", remove_dirs },
	{ "cwd_and_dots", cwd_and_dots },
	{ "rename_dirs", rename_dirs },
	{ "at_calls", at_calls },
	{ "many_entries", many_entries },
};

int main(int argc, char **argv)
{
	if (!getcwd(start, sizeof(start)))
		return 1;
	return utest_run(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
