/*
 * libc/newlib/vdso.c - the vDSO's clock calls for newlib programs, as
 * glibc uses them: at start-up __pagoda_vdso_init finds the vDSO the
 * kernel mapped (AT_SYSINFO_EHDR), walks its ELF dynamic section to the
 * symbol table and looks up __vdso_clock_gettime, __vdso_gettimeofday,
 * __vdso_time and __vdso_getcpu by name (the symbol count is DT_HASH's
 * nchain; versions are not checked: Pagoda's vDSO has one of each).
 * clock_gettime, gettimeofday, time and sched_getcpu then call into it,
 * with no system call; without a vDSO they make the system call.
 */
#include "pagoda_sys.h"
#include <elf.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/time.h>

static long (*vdso_clock_gettime)(long clock, struct timespec *ts);
static long (*vdso_gettimeofday)(struct timeval *tv, void *tz);
static long (*vdso_time)(long *t);
static long (*vdso_getcpu)(unsigned *cpu, unsigned *node, void *cache);

/* The vDSO's dynamic symbol name, or NULL if it has no such function. */
static void *vdso_sym(const Elf64_Ehdr *eh, const char *name)
{
	const Elf64_Phdr *ph = (const void *)((const char *)eh + eh->e_phoff);
	const Elf64_Dyn *dyn = NULL;
	const Elf64_Sym *sym = NULL;
	const Elf32_Word *hash = NULL;
	const char *str = NULL;
	uintptr_t base = 0;
	int have_base = 0;

	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_base) {
			base = (uintptr_t)eh + ph[i].p_offset - ph[i].p_vaddr;
			have_base = 1;
		} else if (ph[i].p_type == PT_DYNAMIC) {
			dyn = (const void *)((const char *)eh + ph[i].p_offset);
		}
	}
	for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
		const void *p = (const void *)(base + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_SYMTAB)
			sym = p;
		else if (dyn->d_tag == DT_STRTAB)
			str = p;
		else if (dyn->d_tag == DT_HASH)
			hash = p;
	}
	if (!sym || !str || !hash)
		return NULL;
	for (Elf32_Word i = 1; i < hash[1]; i++)
		if (ELF64_ST_TYPE(sym[i].st_info) == STT_FUNC &&
		    sym[i].st_shndx != SHN_UNDEF && !strcmp(str + sym[i].st_name, name))
			return (void *)(base + sym[i].st_value);
	return NULL;
}

/* Called once by __pagoda_start, after the auxiliary vector is known. */
void __pagoda_vdso_init(void)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);

	if (!eh || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return;
	vdso_clock_gettime = vdso_sym(eh, "__vdso_clock_gettime");
	vdso_gettimeofday = vdso_sym(eh, "__vdso_gettimeofday");
	vdso_time = vdso_sym(eh, "__vdso_time");
	vdso_getcpu = vdso_sym(eh, "__vdso_getcpu");
}

/* The clock ids are Linux's (include/time.h).  The vDSO returns 0 or
 * -errno as the system call does. */
int clock_gettime(clockid_t clock, struct timespec *ts)
{
	if (vdso_clock_gettime)
		return (int)__pagoda_ret(vdso_clock_gettime(clock, ts));
	return (int)__pagoda_ret(SC2(clock_gettime, clock, ts));
}

int clock_getres(clockid_t clock, struct timespec *res)
{
	return (int)__pagoda_ret(SC2(clock_getres, clock, res));
}

int gettimeofday(struct timeval *tv, void *tz)
{
	if (vdso_gettimeofday)
		return (int)__pagoda_ret(vdso_gettimeofday(tv, tz));
	return (int)__pagoda_ret(SC2(gettimeofday, tv, tz));
}

/* In place of newlib's time(), which reads gettimeofday. */
time_t time(time_t *t)
{
	long s = vdso_time ? vdso_time(NULL) : SC1(time, NULL);

	if (t)
		*t = s;
	return s;
}

int sched_getcpu(void)
{
	unsigned cpu;
	long r = vdso_getcpu ? vdso_getcpu(&cpu, NULL, NULL) : SC3(getcpu, &cpu, NULL, NULL);
	return __pagoda_ret(r) < 0 ? -1 : (int)cpu;
}

int _gettimeofday(struct timeval *tv, void *tz)
	__attribute__((alias("gettimeofday"), copy(gettimeofday)));
