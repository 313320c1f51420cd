/*
 * tests/run/procfs_mm.c - /proc/self/stat, statm, smaps, smaps_rollup,
 * pagemap, /proc/kpagecount and /proc/kpageflags, parsed the way procps
 * and busybox parse them.  Prints only facts that hold on any Linux: field
 * counts, formats, and relations between the files and the calls (stat's
 * vsize is the sum of the maps sizes, statm agrees with status, a touched
 * page is present in pagemap and counted in smaps, fork shares it).
 * Needs root, as Linux shows PFNs only to CAP_SYS_ADMIN.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PM_PFN(e)	((e) & ((1ull << 55) - 1))
#define PM_BIT(e, n)	((int)((e) >> (n) & 1))
#define KPF_UPTODATE	3
#define KPF_MMAP	11
#define KPF_ANON	12
#define KPF_ZERO_PAGE	24

static char buf[1 << 16];
static int quiet;		/* the first pass faults the code in silently */

#define say(...)	((void)(quiet || printf(__VA_ARGS__)))

/* The whole of a /proc file into buf; its length, or -1. */
static long slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	long n = 0, r;

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = '\0';
	return n;
}

/* The 64-bit entry at index i of a pagemap-like file, or ~0 on error. */
static uint64_t entry(const char *path, uint64_t i)
{
	uint64_t v = ~0ull;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || pread(fd, &v, 8, (off_t)(i * 8)) != 8)
		v = ~0ull;
	close(fd);
	return v;
}

static uint64_t pagemap(const void *p)
{
	return entry("/proc/self/pagemap", (uintptr_t)p / 4096);
}

/* stat's fields: as procps does, the name is between the first '(' and
 * the last ')', the rest split at spaces.  Returns the number of fields. */
static int read_stat(unsigned long long f[53], char *comm)
{
	int n = 2;

	slurp("/proc/self/stat");
	char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
	f[1] = strtoull(buf, NULL, 10);
	memcpy(comm, open_paren + 1, close_paren - open_paren - 1);
	comm[close_paren - open_paren - 1] = '\0';
	for (char *tok = strtok(close_paren + 2, " \n"); tok;
	     tok = strtok(NULL, " \n")) {
		if (++n > 52)
			continue;
		f[n] = n == 3 ? (unsigned char)tok[0] : tok[0] == '-' ?
		       (unsigned long long)strtoll(tok, NULL, 10) :
		       strtoull(tok, NULL, 10);
	}
	return n;
}

static long status_kb(const char *key)
{
	slurp("/proc/self/status");
	char *p = strstr(buf, key);
	return p ? strtol(p + strlen(key) + 1, NULL, 10) : -1;
}

/* The sum of the sizes of the maps lines in the user half. */
static unsigned long maps_total(int *lines)
{
	unsigned long total = 0, s, e;

	*lines = 0;
	slurp("/proc/self/maps");
	for (char *p = buf; *p; p = strchr(p, '\n') + 1) {
		if (sscanf(p, "%lx-%lx", &s, &e) == 2 && e <= 0x800000000000ul) {
			total += e - s;
			++*lines;
		}
	}
	return total;
}

static void check_stat(int argc, char **argv)
{
	unsigned long long f[53] = { 0 };
	char comm[64];
	struct rlimit rl;
	int local, lines;
	(void)argc;

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGUSR2, SIG_IGN);
	unsigned long vm = maps_total(&lines);
	int n = read_stat(f, comm);
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	say("stat: %d fields, comm is argv[0]'s name: %d, state %c\n", n,
	       !strncmp(comm, base, 15), (char)f[3]);
	say("stat: pid %d ppid %d pgrp %d session %d\n", f[1] == (unsigned)getpid(),
	       f[4] == (unsigned)getppid(), f[5] == (unsigned)getpgrp(),
	       f[6] == (unsigned)getsid(0));
	say("stat: minflt > 0: %d, priority is 20 + nice %d, threads %llu "
	       "itrealvalue %llu\n", f[10] > 0, (long long)f[18] ==
	       20 + (long long)f[19], f[20], f[21]);
	say("stat: vsize is the maps total: %d\n", f[23] == vm);
	getrlimit(RLIMIT_RSS, &rl);
	say("stat: rsslim is RLIMIT_RSS: %d\n", f[25] == rl.rlim_cur);
	say("stat: startcode <= main < endcode: %d, a local < startstack: %d\n",
	       f[26] <= (uintptr_t)check_stat && (uintptr_t)check_stat < f[27],
	       (uintptr_t)&local < f[28]);
	say("stat: blocked SIGUSR1 %llu, ignored SIGUSR2 %llu, exit_signal %llu\n",
	       f[32] >> (SIGUSR1 - 1) & 1, f[33] >> (SIGUSR2 - 1) & 1, f[38]);
	say("stat: start_data < end_data: %d, start_brk <= brk: %d\n",
	       f[45] < f[46], f[47] <= (uintptr_t)sbrk(0));
	size_t args = 0;
	for (int i = 0; argv[i]; i++)
		args += strlen(argv[i]) + 1;
	say("stat: arg_end - arg_start is the argument bytes: %d, "
	       "arg_end <= env_start <= env_end: %d, exit_code %llu\n",
	       f[49] - f[48] == args, f[49] <= f[50] && f[50] <= f[51], f[52]);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGUSR2, SIG_DFL);

	unsigned long long m[7];
	slurp("/proc/self/statm");
	int k = sscanf(buf, "%llu %llu %llu %llu %llu %llu %llu", &m[0], &m[1],
		       &m[2], &m[3], &m[4], &m[5], &m[6]);
	long size = status_kb("VmSize:"), rss = status_kb("VmRSS:");
	long exe = status_kb("VmExe:"), data = status_kb("VmData:");
	long stk = status_kb("VmStk:");
	say("statm: %d fields, size is VmSize %d, resident is VmRSS %d, "
	       "text is VmExe %d, data is VmData + VmStk %d, lib %llu dt %llu\n",
	       k, (long)m[0] * 4 == size, (long)m[1] * 4 == rss,
	       (long)m[3] * 4 == exe, (long)m[5] * 4 == data + stk, m[4], m[6]);
}

/* One VMA's smaps lines in kB by key; VmFlags copied to flags. */
static long smaps_key(const char *start, const char *key)
{
	const char *p = strstr(start, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

/* The smaps entry of the VMA starting at addr, as a string in buf. */
static char *smaps_entry(void *addr)
{
	char head[32];

	slurp("/proc/self/smaps");
	snprintf(head, sizeof(head), "%lx-", (unsigned long)addr);
	char *p = strstr(buf, head);
	if (!p)
		return NULL;
	char *end = strstr(p, "VmFlags:");
	if (end && (end = strchr(end, '\n')))
		end[1] = '\0';
	return p;
}

static void show_smaps(const char *what, void *addr)
{
	char *e = smaps_entry(addr);

	if (!e) {
		say("%s: no smaps entry\n", what);
		return;
	}
	say("%s: Size %ld Rss %ld Pss %ld Shared_Dirty %ld Private_Dirty %ld "
	       "Referenced %ld Anonymous %ld Swap %ld Locked %ld\n", what,
	       smaps_key(e, "\nSize:"), smaps_key(e, "\nRss:"),
	       smaps_key(e, "\nPss:"), smaps_key(e, "\nShared_Dirty:"),
	       smaps_key(e, "\nPrivate_Dirty:"), smaps_key(e, "\nReferenced:"),
	       smaps_key(e, "\nAnonymous:"), smaps_key(e, "\nSwap:"),
	       smaps_key(e, "\nLocked:"));
	char *flags = strstr(e, "VmFlags:");
	say("%s: %s", what, flags ? flags : "no VmFlags\n");
}

/* The smaps format: every line is a maps line, "Key:" + "%8lu kB", or one
 * of THPeligible, ProtectionKey, VmFlags; one entry per maps line; the
 * keys of the first entry in order. */
static void check_smaps_format(void)
{
	int lines, entries = 0, bad = 0;
	unsigned long s, e, rss = 0, anon = 0;
	char keys[1024] = "";

	maps_total(&lines);
	slurp("/proc/self/smaps");
	for (char *p = buf; *p; p = strchr(p, '\n') + 1) {
		char key[64], kb[8];
		unsigned long v;
		if (sscanf(p, "%lx-%lx ", &s, &e) == 2) {
			entries += e <= 0x800000000000ul;
		} else if (sscanf(p, "%63[^:]: %lu %7s", key, &v, kb) == 3 &&
			   !strcmp(kb, "kB") && p[16 + 8] == ' ') {
			if (entries == 1)
				strcat(strcat(keys, key), " ");
			rss += strcmp(key, "Rss") ? 0 : v;
			anon += strcmp(key, "Anonymous") ? 0 : v;
		} else if (strncmp(p, "THPeligible:", 12) &&
			   strncmp(p, "ProtectionKey:", 14) &&
			   strncmp(p, "VmFlags:", 8)) {
			bad++;
		}
	}
	say("smaps: entries are maps lines: %d, badly formed lines %d\n",
	       entries == lines, bad);
	say("smaps: keys %s\n", keys);
	slurp("/proc/self/smaps_rollup");
	char *p = strchr(buf, '\n');
	say("smaps_rollup: header ends in [rollup]: %d, Rss is the sum: %d, "
	       "Anonymous is the sum: %d\n", p && !strncmp(p - 8, "[rollup]", 8),
	       smaps_key(buf, "\nRss:") == (long)rss,
	       smaps_key(buf, "\nAnonymous:") == (long)anon);
}

static uint64_t kflags(uint64_t pme)
{
	return entry("/proc/kpageflags", PM_PFN(pme));
}

static void show_page(const char *what, uint64_t pme)
{
	uint64_t kf = kflags(pme);

	printf("%s: present %d exclusive %d file %d swapped %d soft-dirty %d "
	       "pfn set %d kpagecount %lu anon %d mmap %d zero %d uptodate %d\n",
	       what, PM_BIT(pme, 63), PM_BIT(pme, 56), PM_BIT(pme, 61),
	       PM_BIT(pme, 62), PM_BIT(pme, 55), PM_PFN(pme) != 0,
	       (unsigned long)entry("/proc/kpagecount", PM_PFN(pme)),
	       PM_BIT(kf, KPF_ANON), PM_BIT(kf, KPF_MMAP),
	       PM_BIT(kf, KPF_ZERO_PAGE), PM_BIT(kf, KPF_UPTODATE));
}

/* pagemap's bad positions and sizes, and lseek + read. */
static void check_pagemap_io(char *p)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	uint64_t v[2];

	errno = 0;
	ssize_t short_read = read(fd, v, 4);
	int short_errno = errno;
	ssize_t odd_pos = pread(fd, v, 8, 4);
	printf("pagemap: read of 4 bytes %zd (EINVAL %d), at offset 4 %zd "
	       "(EINVAL %d), ", short_read, short_errno == EINVAL, odd_pos,
	       errno == EINVAL);
	lseek(fd, (uintptr_t)p / 4096 * 8, SEEK_SET);
	ssize_t n = read(fd, v, 16);
	printf("lseek + read of 16 %zd, same as pread %d\n", n,
	       v[0] == pagemap(p) && v[1] == pagemap(p + 4096));
	close(fd);
}

static void check_pages(void)
{
	char *p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int go[2], done[2];
	char c;

	show_page("untouched", pagemap(p));
	p[0] = 1;
	p[4096] = 2;
	c = p[2 * 4096];
	(void)c;
	show_page("written", pagemap(p));
	show_page("read (the zero page)", pagemap(p + 2 * 4096));
	show_smaps("anon 4 pages, 2 written", p);
	check_pagemap_io(p);
	uint64_t before = pagemap(p);
	if (pipe(go) || pipe(done))
		return;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		p[4096] = 3;
		uint64_t mine = pagemap(p + 4096);
		printf("child: copied page: exclusive %d, own pfn %d\n",
		       PM_BIT(mine, 56), PM_PFN(mine) != PM_PFN(before));
		fflush(stdout);
		write(done[1], "x", 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	read(done[0], &c, 1);
	show_page("after fork", pagemap(p));
	show_smaps("after fork, child wrote page 2", p);
	write(go[1], "x", 1);
	waitpid(pid, NULL, 0);
	show_page("child gone", pagemap(p));

	char *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	s[0] = 1;
	show_page("shared anon", pagemap(s));
	char *l = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mlock(l, 2 * 4096);
	l[0] = l[4096] = 1;
	show_smaps("mlocked 2 pages, written", l);
}

int main(int argc, char **argv)
{
	memset(buf, 0, sizeof(buf));	/* reading must not fault pages in */
	for (quiet = 1; quiet >= 0; quiet--) {
		check_stat(argc, argv);
		check_smaps_format();
	}
	quiet = 0;
	check_pages();
	return 0;
}
