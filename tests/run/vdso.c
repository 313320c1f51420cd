/*
 * tests/run/vdso.c - the vDSO: AT_SYSINFO_EHDR points at an ELF shared
 * object exporting Linux's symbols (version LINUX_2.6); libc's
 * clock_gettime, gettimeofday, time, clock_getres and sched_getcpu agree
 * with the system calls and are monotonic; libc calls into [vdso] (made
 * PROT_NONE, each call faults inside it); /proc/self/maps shows [vvar]
 * below [vdso]; a forked child and an exec'ed program still use it; a
 * child may make [vdso] writable and write it (a private copy: the parent
 * and its clock are untouched); an unmapped vDSO is gone from the maps.
 * Only facts that hold on any Linux are printed (not sizes or addresses).
 * That the vDSO itself makes no system call is tests/pagoda/vdso.c.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NS(ts)	((long long)(ts).tv_sec * 1000000000LL + (ts).tv_nsec)

static const char *const symbols[] = {
	"__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time",
	"__vdso_getcpu", "__vdso_clock_getres", "clock_gettime",
	"gettimeofday", "time", "getcpu", "clock_getres",
};

/* Is name defined in the vDSO's dynamic symbol table (found through
 * PT_DYNAMIC, as libc finds it), with version LINUX_2.6? */
static int vdso_has(const char *name)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
	const Elf64_Phdr *ph = (const Elf64_Phdr *)((const char *)eh + eh->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	uintptr_t base = 0;

	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !base)
			base = (uintptr_t)eh + ph[i].p_offset - ph[i].p_vaddr;
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf64_Dyn *)((const char *)eh + ph[i].p_offset);
	}
	const Elf64_Sym *sym = NULL;
	const char *str = NULL;
	const Elf32_Word *hash = NULL;
	const Elf64_Half *versym = NULL;
	const Elf64_Verdef *verdef = NULL;
	for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
		void *p = (void *)(base + dyn->d_un.d_ptr);
		switch (dyn->d_tag) {
		case DT_SYMTAB: sym = p; break;
		case DT_STRTAB: str = p; break;
		case DT_HASH: hash = p; break;
		case DT_VERSYM: versym = p; break;
		case DT_VERDEF: verdef = p; break;
		}
	}
	if (!sym || !str || !hash || !versym || !verdef)
		return 0;
	for (Elf32_Word i = 1; i < hash[1]; i++) {	/* nchain symbols */
		if (strcmp(str + sym[i].st_name, name) || !sym[i].st_shndx)
			continue;
		const Elf64_Verdef *d = verdef;
		while (d->vd_ndx != (versym[i] & 0x7fff) && d->vd_next)
			d = (const Elf64_Verdef *)((const char *)d + d->vd_next);
		const Elf64_Verdaux *aux = (const void *)((const char *)d + d->vd_aux);
		return d->vd_ndx == (versym[i] & 0x7fff) &&
		       !strcmp(str + aux->vda_name, "LINUX_2.6");
	}
	return 0;
}

static void image(void)
{
	const unsigned char *e = (const unsigned char *)getauxval(AT_SYSINFO_EHDR);

	printf("AT_SYSINFO_EHDR: %s\n", e ? "present" : "missing");
	if (!e)
		exit(1);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)e;
	printf("ELF: %d, 64-bit: %d, shared object: %d\n",
	       !memcmp(e, ELFMAG, SELFMAG), e[EI_CLASS] == ELFCLASS64,
	       eh->e_type == ET_DYN);
	for (unsigned i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++)
		printf("symbol %s@LINUX_2.6: %s\n", symbols[i],
		       vdso_has(symbols[i]) ? "yes" : "no");
}

/* syscall, libc, syscall: libc's value must lie between the two. */
static void clocks(void)
{
	static const struct { clockid_t id; const char *name; } c[] = {
		{ CLOCK_REALTIME, "REALTIME" }, { CLOCK_MONOTONIC, "MONOTONIC" },
		{ CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW" },
		{ CLOCK_REALTIME_COARSE, "REALTIME_COARSE" },
		{ CLOCK_MONOTONIC_COARSE, "MONOTONIC_COARSE" },
		{ CLOCK_BOOTTIME, "BOOTTIME" },
		{ CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID" },
	};
	for (unsigned i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct timespec a, b, d, r1, r2;
		syscall(SYS_clock_gettime, c[i].id, &a);
		int ret = clock_gettime(c[i].id, &b);
		syscall(SYS_clock_gettime, c[i].id, &d);
		syscall(SYS_clock_getres, c[i].id, &r1);
		clock_getres(c[i].id, &r2);
		printf("CLOCK_%s: %d, between the syscalls: %s, nsec < 1e9: %d, "
		       "getres agrees: %d\n", c[i].name, ret,
		       NS(a) <= NS(b) && NS(b) <= NS(d) ? "yes" : "no",
		       b.tv_nsec >= 0 && b.tv_nsec < 1000000000,
		       NS(r1) == NS(r2));
	}
	struct timespec ts;
	int ret = clock_gettime(-1, &ts);
	printf("clock_gettime(-1): %d %s\n", ret, errno == EINVAL ? "EINVAL" : "other");

	struct timeval t1, t2, t3;
	syscall(SYS_gettimeofday, &t1, NULL);
	gettimeofday(&t2, NULL);
	syscall(SYS_gettimeofday, &t3, NULL);
	long long u1 = t1.tv_sec * 1000000LL + t1.tv_usec;
	long long u2 = t2.tv_sec * 1000000LL + t2.tv_usec;
	long long u3 = t3.tv_sec * 1000000LL + t3.tv_usec;
	printf("gettimeofday between the syscalls: %s\n",
	       u1 <= u2 && u2 <= u3 ? "yes" : "no");
	time_t s1 = syscall(SYS_time, NULL), s2 = time(NULL), s3;
	syscall(SYS_time, &s3);
	printf("time between the syscalls: %s\n", s1 <= s2 && s2 <= s3 ? "yes" : "no");
}

/* Many readings, alternating libc and the syscall across many ticks:
 * never going back. */
static void monotonic(void)
{
	struct timespec ts;
	long long last = 0, back = 0;

	for (int i = 0; i < 200000; i++) {
		if (i % 8 == 7)
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
		else
			clock_gettime(CLOCK_MONOTONIC, &ts);
		back += NS(ts) < last;
		last = NS(ts);
	}
	printf("CLOCK_MONOTONIC over 200000 readings: went back %lld times\n", back);
}

/* sched_getcpu (the vDSO's getcpu) against the syscall, retried until
 * the process did not move between two syscalls. */
static void getcpu_check(void)
{
	unsigned a = 1, b = 2, node;
	int c = -1;

	for (int i = 0; i < 100 && a != b; i++) {
		syscall(SYS_getcpu, &a, &node, NULL);
		c = sched_getcpu();
		syscall(SYS_getcpu, &b, &node, NULL);
	}
	printf("sched_getcpu agrees with getcpu: %s\n", c == (int)a ? "yes" : "no");
}

/* The [vvar] and [vdso] lines of /proc/self/maps. */
static void maps(const char *who)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	unsigned long vvar_end = 0, vdso_start = 0;
	int vdso = 0, vvar = 0;

	while (f && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi, off, ino;
		char perms[5], dev[8];
		int pos = 0;
		if (sscanf(line, "%lx-%lx %4s %lx %7s %lu %n", &lo, &hi, perms, &off,
			   dev, &ino, &pos) < 6 || !strstr(line, "[v"))
			continue;
		int plain = !off && !strcmp(dev, "00:00") && !ino && pos == 73;
		if (strstr(line, "[vdso]")) {
			vdso++;
			vdso_start = lo;
			printf("%s: [vdso] %s, no file: %d\n", who, perms, plain);
		} else if (!strncmp(line + pos, "[vvar]", 6)) {
			vvar++;
			vvar_end = hi;
			printf("%s: [vvar] %s, no file: %d\n", who, perms, plain);
		}
	}
	if (f)
		fclose(f);
	printf("%s: [vdso] %d, [vvar] %d, [vvar] below [vdso]: %d, "
	       "AT_SYSINFO_EHDR is [vdso]: %d\n", who, vdso, vvar,
	       vvar && vdso && vvar_end <= vdso_start,
	       vdso && vdso_start == getauxval(AT_SYSINFO_EHDR));
}

static sigjmp_buf env;
static void *fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_addr = si->si_addr;
	siglongjmp(env, 1);
}

/* The address range of the line of /proc/self/maps that names name. */
static int maps_range(const char *name, unsigned long *lo, unsigned long *hi)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;

	while (!found && f && fgets(line, sizeof(line), f))
		found = strstr(line, name) && sscanf(line, "%lx-%lx", lo, hi) == 2;
	if (f)
		fclose(f);
	return found;
}

static int vdso_range(unsigned long *lo, unsigned long *hi)
{
	return maps_range("[vdso]", lo, hi);
}

/* libc calls into the vDSO: with [vdso] made inaccessible, each call
 * faults at an address inside it (a child does this). */
static void calls_into_vdso(void)
{
	fflush(stdout);
	if (fork() == 0) {
		unsigned long lo, hi;
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_segv;
		sa.sa_flags = SA_SIGINFO | SA_NODEFER;
		sigaction(SIGSEGV, &sa, NULL);
		if (!vdso_range(&lo, &hi) || mprotect((void *)lo, hi - lo, PROT_NONE))
			_exit(1);
		for (int i = 0; i < 3; i++) {
			static const char *const name[] = {
				"clock_gettime", "gettimeofday", "time" };
			fault_addr = NULL;
			if (sigsetjmp(env, 1) == 0) {
				struct timespec ts;
				struct timeval tv;
				if (i == 0)
					clock_gettime(CLOCK_MONOTONIC, &ts);
				else if (i == 1)
					gettimeofday(&tv, NULL);
				else
					time(NULL);
			}
			unsigned long a = (unsigned long)fault_addr;
			printf("%s with [vdso] PROT_NONE: %s\n", name[i],
			       !a ? "no fault" : a >= lo && a < hi ?
			       "SIGSEGV inside [vdso]" : "SIGSEGV elsewhere");
		}
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
}

/* A child makes [vdso] writable and changes a padding byte of its ELF
 * header: copy-on-write, the parent still sees the original. */
static void write_child(void)
{
	unsigned char *e = (unsigned char *)getauxval(AT_SYSINFO_EHDR);
	unsigned long lo, hi;

	fflush(stdout);
	if (fork() == 0) {
		vdso_range(&lo, &hi);
		int r = mprotect((void *)lo, hi - lo, PROT_READ | PROT_WRITE | PROT_EXEC);
		e[EI_PAD] = 0x5a;
		struct timespec ts;
		printf("child: mprotect [vdso] writable: %d, wrote: %d, clock: %d\n",
		       r, e[EI_PAD] == 0x5a, clock_gettime(CLOCK_MONOTONIC, &ts));
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
	printf("parent: [vdso] unchanged: %d\n", e[EI_PAD] == 0);
}

/* Unmap everything from [vvar] to the end of [vdso] in a child: both go
 * from the maps; the system call still works. */
static void unmap_child(void)
{
	fflush(stdout);
	if (fork() == 0) {
		FILE *f = fopen("/proc/self/maps", "r");
		char line[512];
		unsigned long lo, hi, start = 0, end = 0;
		while (fgets(line, sizeof(line), f))
			if (strstr(line, "[vvar") && sscanf(line, "%lx-%lx", &lo, &hi) == 2 &&
			    !start)
				start = lo;
		fclose(f);
		vdso_range(&lo, &end);
		errno = 0;
		void *r = mremap((void *)lo, end - lo, end - lo + 4096, 0);
		printf("mremap growing [vdso]: %s\n",
		       r == MAP_FAILED && errno == EFAULT ? "EFAULT" : "other");
		printf("munmap of [vvar] .. [vdso]: %d\n",
		       start && end ? munmap((void *)start, end - start) : -2);
		maps("after munmap");
		struct timespec ts;
		printf("syscall clock_gettime after munmap: %ld\n",
		       syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
}

/* Are all pages of the maps line named name resident (mincore)?  -1 if
 * mincore fails. */
static int all_resident(const char *name)
{
	unsigned long lo, hi;
	unsigned char vec[16];

	if (!maps_range(name, &lo, &hi) || (hi - lo) >> 12 > sizeof(vec))
		return -2;
	if (mincore((void *)lo, hi - lo, vec))
		return -1;
	for (unsigned long i = 0; i < (hi - lo) >> 12; i++)
		if (!(vec[i] & 1))
			return 0;
	return 1;
}

/* mincore on [vvar] and [vdso], and madvise on [vdso], in a child: both
 * count as resident, touched or not; the advice is taken or refused as
 * for private memory without a file. */
static void advice_child(void)
{
	fflush(stdout);
	if (fork() == 0) {
		static const int advice[] = { MADV_WILLNEED, MADV_FREE, MADV_DONTNEED,
					      MADV_WIPEONFORK, MADV_DONTFORK };
		unsigned long lo, hi;
		printf("mincore: [vvar] all resident %d, [vdso] all resident %d\n",
		       all_resident("[vvar]"), all_resident("[vdso]"));
		vdso_range(&lo, &hi);
		for (unsigned i = 0; i < sizeof(advice) / sizeof(advice[0]); i++) {
			errno = 0;
			int r = madvise((void *)lo, hi - lo, advice[i]);
			printf("madvise %d on [vdso]: %d (%s)\n", advice[i], r,
			       r ? strerror(errno) : "-");
		}
		struct timespec ts;
		printf("clock after the advice: %d\n", clock_gettime(CLOCK_MONOTONIC, &ts));
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec")) {
		struct timespec a, b;
		syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
		clock_gettime(CLOCK_MONOTONIC, &b);
		printf("after exec: vDSO symbols: %d, clock after the syscall: %d\n",
		       vdso_has("__vdso_clock_gettime"), NS(a) <= NS(b));
		maps("after exec");
		return 0;
	}
	image();
	clocks();
	monotonic();
	getcpu_check();
	maps("self");
	calls_into_vdso();
	if (fork() == 0) {
		maps("forked child");
		calls_into_vdso();
		execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
		_exit(127);
	}
	wait(NULL);
	write_child();
	advice_child();
	unmap_child();
	return 0;
}
