/*
 * tests/user/fs_proc.c - /dev and /proc: the null, zero and full devices,
 * and the parts of /proc whose text does not depend on the machine:
 * /proc/self and exe links, cmdline, status keys, the exact layout of
 * /proc/self/maps (path column 73; [heap] is not compared: Linux places
 * the break at a random distance after bss), meminfo and vmstat keys, PID
 * directories in the /proc listing; and that every other /proc file
 * reads as lines (or, binary ones, as 8-byte entries).
 */
#include "utest.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>

static char text[65536];

/* st_rdev's major and minor (glibc's sys/sysmacros.h, for small numbers). */
static unsigned dev_major(unsigned long dev)
{
	return (dev >> 8) & 0xfff;
}

static unsigned dev_minor(unsigned long dev)
{
	return dev & 0xff;
}

/* The whole of a /proc file, read in small pieces. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long len = 0, n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, text + len, 100)) > 0 && len < (long)sizeof(text) - 200)
		len += n;
	text[len] = '\0';
	close(fd);
	return len;
}

static void devices(void)
{
	char buf[8] = "xxxxxxx";
	struct stat st;
	int fd = open("/dev/null", O_RDWR);

	SHOW("null read", read(fd, buf, sizeof(buf)));
	SHOW("null write", write(fd, "abc", 3));
	SHOW("null lseek", lseek(fd, 100, SEEK_SET));
	fstat(fd, &st);
	printf("null: chr %d rdev %u:%u\n", S_ISCHR(st.st_mode), dev_major(st.st_rdev),
	       dev_minor(st.st_rdev));
	close(fd);
	fd = open("/dev/zero", O_RDWR);
	SHOW("zero read", read(fd, buf, sizeof(buf)));
	printf("zeros %d\n", !memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
	SHOW("zero write", write(fd, "abc", 3));
	stat("/dev/zero", &st);
	printf("zero: rdev %u:%u\n", dev_major(st.st_rdev), dev_minor(st.st_rdev));
	close(fd);
	fd = open("/dev/full", O_RDWR);
	SHOW("full write", write(fd, "abc", 3));
	SHOW("full read", read(fd, buf, 4));
	close(fd);
}

static void self_links(int argc, char **argv)
{
	char buf[256];
	ssize_t n = readlink("/proc/self", buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	printf("/proc/self is our pid: %d\n", atoi(buf) == getpid());
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	const char *base = strrchr(buf, '/');
	printf("exe: %s, absolute %d\n", base ? base + 1 : buf, buf[0] == '/');
	long len = slurp("/proc/self/cmdline");
	int args = 0;
	for (long i = 0; i < len; i++)
		args += text[i] == '\0';
	printf("cmdline: %d strings, first is argv[0]: %d, length right: %d\n",
	       args, !strcmp(text, argv[0]), len == (long)strlen(argv[0]) + 1);
	(void)argc;
	struct stat st;
	SHOW("lstat /proc/self", lstat("/proc/self", &st));
	printf("symlink %d\n", S_ISLNK(st.st_mode));
	SHOW("stat /proc/self", stat("/proc/self", &st));
	printf("directory %d\n", S_ISDIR(st.st_mode));
	SHOW("stat maps", stat("/proc/self/maps", &st));
	printf("regular %d size %ld\n", S_ISREG(st.st_mode), (long)st.st_size);
	SHOW("missing pid", access("/proc/999999/status", F_OK));
	SHOW("missing file", access("/proc/self/nonesuch", F_OK));
}

static void status(void)
{
	slurp("/proc/self/status");
	char want[64];
	snprintf(want, sizeof(want), "\nPid:\t%d\n", getpid());
	printf("Name line: %.*s\n", (int)strcspn(text, "\n"), text);
	printf("Pid line: %d\n", strstr(text, want) != NULL);
	snprintf(want, sizeof(want), "\nPPid:\t%d\n", getppid());
	printf("PPid line: %d\n", strstr(text, want) != NULL);
	const char *keys[] = { "VmSize", "VmRSS", "VmData", "VmStk", "VmExe" };
	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *p = strstr(text, keys[i]);
		unsigned long kb;
		char tail[8];
		int ok = p && p[strlen(keys[i])] == ':' &&
			 p[strlen(keys[i]) + 1] == '\t' &&
			 sscanf(p + strlen(keys[i]) + 2, "%8lu %2s", &kb, tail) == 2 &&
			 !strcmp(tail, "kB");
		printf("%s: %s\n", keys[i], ok ? "ok" : "missing or malformed");
	}
}

/* Each maps line: the fixed fields, and a path at column 73 if any. */
static void maps(void)
{
	slurp("/proc/self/maps");
	int lines = 0, bad = 0;
	char *save, *line;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long lo, hi, off, ino;
		unsigned ma, mi;
		char perms[5];
		int pos = 0;
		if (sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &lo, &hi, perms,
			   &off, &ma, &mi, &ino, &pos) < 7 || lo >= hi) {
			bad++;
			continue;
		}
		lines++;
		const char *name = line + pos;
		if (!*name || strstr(name, "[v") || !strcmp(name, "[heap]"))
			continue;		/* [vdso] & co.; brk layouts differ */
		if (pos != 73 && strlen(line) - strlen(name) != 73)
			bad++;
		const char *base = strrchr(name, '/');
		printf("%s %s %s\n", perms, off ? "offset" : "0",
		       base ? base + 1 : name);
	}
	printf("lines %s, malformed %d\n", lines > 3 ? "several" : "few", bad);
}

static void system_files(void)
{
	slurp("/proc/meminfo");
	char key[32];
	unsigned long kb;
	char *p = text;
	for (int i = 0; i < 3 && sscanf(p, "%31s %lu kB", key, &kb) == 2; i++) {
		printf("meminfo %s ok\n", key);
		p = strchr(p, '\n') + 1;
	}
	slurp("/proc/vmstat");
	printf("vmstat nr_free_pages %d pgfault %d pgpgin %d\n",
	       strstr(text, "nr_free_pages ") == text,
	       strstr(text, "\npgfault ") != NULL, strstr(text, "\npgpgin ") != NULL);
	slurp("/proc/sys/vm/overcommit_memory");
	printf("overcommit_memory is a mode: %d\n", text[0] >= '0' && text[0] <= '2');
	char me[16];
	snprintf(me, sizeof(me), "%d", getpid());
	DIR *d = opendir("/proc");
	struct dirent *e;
	int self = 0, mine = 0, meminfo = 0;
	while ((e = readdir(d))) {
		self |= !strcmp(e->d_name, "self");
		meminfo |= !strcmp(e->d_name, "meminfo");
		mine |= !strcmp(e->d_name, me) && e->d_type == DT_DIR;
	}
	closedir(d);
	printf("/proc lists self %d meminfo %d our pid %d\n", self, meminfo, mine);
}

/* Every other /proc file can be read (in 100-byte pieces, so a seqbuf
 * snapshot is continued); binary files give their 8-byte entries; fd/
 * and fdinfo/ list the same descriptors.  Also exercises the leak check
 * over each file's generate-and-free. */
static void other_files(void)
{
	static const char *const files[] = {
		"/proc/self/stat", "/proc/self/statm", "/proc/self/smaps",
		"/proc/self/smaps_rollup", "/proc/self/mounts", "/proc/mounts",
		"/proc/self/fdinfo/0", "/proc/stat", "/proc/uptime",
		"/proc/loadavg", "/proc/cpuinfo", "/proc/sys/kernel/pid_max",
		"/proc/sys/kernel/tainted", "/proc/sys/kernel/core_pattern",
		"/proc/sys/kernel/ostype", "/proc/sys/kernel/osrelease",
	};
	static const char *const binary[] = {
		"/proc/self/pagemap", "/proc/kpagecount", "/proc/kpageflags",
	};
	uint64_t entry;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		printf("%s: %s\n", files[i], slurp(files[i]) > 0 &&
		       text[strlen(text) - 1] == '\n' ? "lines" : "not lines");
	for (size_t i = 0; i < sizeof(binary) / sizeof(binary[0]); i++) {
		int fd = open(binary[i], O_RDONLY);
		printf("%s: pread of one entry %ld\n", binary[i],
		       (long)pread(fd, &entry, 8, 8 * 16));
		close(fd);
	}
	int n[2] = { 0, 0 };
	const char *dirs[2] = { "/proc/self/fd", "/proc/self/fdinfo" };
	for (int i = 0; i < 2; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;
		while (d && (e = readdir(d)))
			n[i] += e->d_name[0] != '.';
		if (d)
			closedir(d);
	}
	printf("fd and fdinfo list the same number: %d\n", n[0] > 2 && n[0] == n[1]);
}

static int g_argc;
static char **g_argv;

static void self_links_test(void)
{
	self_links(g_argc, g_argv);
}

static const struct utest tests[] = {
	{ "devices", devices },
	{ "self_links", self_links_test },
	{ "status", status },
	{ "maps", maps },
	{ "system_files", system_files },
	{ "other_files", other_files },
};

int main(int argc, char **argv)
{
	g_argc = argc;
	g_argv = argv;
	return utest_run(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
