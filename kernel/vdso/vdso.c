/*
 * kernel/vdso/vdso.c - the code of the vDSO, run in user mode.
 *
 * Built -fPIC into a small shared object (vdso.lds) with no libc and no
 * relocations, embedded in the kernel image (vdso-image.S) and mapped into
 * every program as [vdso] (vma.c).  It exports Linux's x86-64 vDSO symbols,
 * version LINUX_2.6: __vdso_clock_gettime, __vdso_gettimeofday,
 * __vdso_time, __vdso_getcpu, __vdso_clock_getres, and the same names
 * without the prefix as weak aliases.  glibc and musl look them up through
 * AT_SYSINFO_EHDR and call them instead of making the system call.
 *
 * The clock comes from [vvar], the page just below this image, which the
 * linker script names vvar_page; the formula is vdso_delta_ns (vdso.h),
 * the one the kernel's own timer_ns uses, so both give the same time.
 * Clocks the kernel does not publish there fall back to the system call,
 * as in Linux (lib/vdso/gettimeofday.c).
 */
#include <uapi/time.h>
#include "vdso.h"

#define __SYSCALL(nr, name) __NR_##name = nr,
enum {
#include <uapi/syscall_list.h>
};
#undef __SYSCALL

#define barrier()	__asm__ volatile("" : : : "memory")
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))

/* Defined by vdso.lds: the [vvar] page, one page below the image.  Not
 * const: the kernel changes it, and the compiler must read it again. */
extern struct vdso_data vvar_page __attribute__((visibility("hidden")));

/* The TSC.  No fence is needed on one CPU: a tick that moves cycle_last
 * interrupts the reader, which then sees seq change and retries. */
static inline uint64_t rdtsc(void)
{
	uint64_t tsc;

	__asm__ volatile("rdtsc; shl $32, %%rdx; or %%rdx, %%rax"
			 : "=a"(tsc) : : "rdx");
	return tsc;
}

static inline long syscall2(long nr, long a, long b)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b)
			 : "rcx", "r11", "memory");
	return ret;
}

/* Is clk one of the clocks published in vvar_page.basetime? */
static inline int vdso_clock(int clk)
{
	return (unsigned)clk < VDSO_BASES && (VDSO_HRES & (1u << clk));
}

/*
 * Clock clk (vdso_clock) now into *ts: its base at the last tick plus the
 * TSC's interpolation, written again if a tick came in between (seq).
 * Plain reads between compiler barriers rather than READ_ONCE: each still
 * happens where it is written, and gcc can use it as a memory operand,
 * which matters because under QEMU's -icount the cost is the number of
 * instructions.
 */
static inline __attribute__((always_inline)) int do_hres(int clk,
							 struct timespec *ts)
{
	const struct vdso_data *vd = &vvar_page;
	const struct vdso_timestamp *base = &vd->basetime[clk];
	uint32_t seq;

	do {
		barrier();
		seq = vd->seq;
		barrier();
		ts->tv_nsec = base->nsec + vdso_delta_ns(vd, rdtsc());
		ts->tv_sec = base->sec;	/* tv_nsec < 1e9 (vdso.h) */
		barrier();
	} while (vd->seq != seq);
	return 0;
}

/* clock_gettime: 0, or the system call's -errno for the other clocks.
 * The two clocks programs time with are tested first, so that their base
 * is at a fixed offset and costs no index arithmetic. */
int __vdso_clock_gettime(int clk, struct timespec *ts)
{
	if (clk == CLOCK_MONOTONIC)
		return do_hres(CLOCK_MONOTONIC, ts);
	if (clk == CLOCK_REALTIME)
		return do_hres(CLOCK_REALTIME, ts);
	if (vdso_clock(clk))
		return do_hres(clk, ts);
	return syscall2(__NR_clock_gettime, clk, (long)ts);
}

/* gettimeofday: CLOCK_REALTIME in microseconds, and the kernel's zone. */
int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz)
{
	if (tv) {
		struct timespec ts;

		do_hres(CLOCK_REALTIME, &ts);
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	if (tz) {
		tz->tz_minuteswest = READ_ONCE(vvar_page.tz_minuteswest);
		tz->tz_dsttime = READ_ONCE(vvar_page.tz_dsttime);
	}
	return 0;
}

/* time: the seconds of the last tick's CLOCK_REALTIME, which are the
 * seconds of now, since the interpolation never crosses a second. */
long __vdso_time(long *t)
{
	long sec = READ_ONCE(vvar_page.basetime[CLOCK_REALTIME].sec);

	if (t)
		*t = sec;
	return sec;
}

/* clock_getres: the resolution the kernel publishes, else the syscall. */
int __vdso_clock_getres(int clk, struct timespec *res)
{
	if (!vdso_clock(clk))
		return syscall2(__NR_clock_getres, clk, (long)res);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = READ_ONCE(vvar_page.hrtimer_res);
	}
	return 0;
}

/* getcpu: the CPU and node numbers the kernel keeps in a segment limit. */
long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused)
{
	unsigned p;

	(void)unused;
	__asm__("lsl %1, %0" : "=r"(p) : "r"(VDSO_CPUNODE_SEG));
	if (cpu)
		*cpu = p & VDSO_CPUNODE_MASK;
	if (node)
		*node = p >> VDSO_CPUNODE_BITS;
	return 0;
}

int clock_gettime(int, struct timespec *)
	__attribute__((weak, alias("__vdso_clock_gettime")));
int gettimeofday(struct timeval *, struct timezone *)
	__attribute__((weak, alias("__vdso_gettimeofday")));
long time(long *) __attribute__((weak, alias("__vdso_time")));
int clock_getres(int, struct timespec *)
	__attribute__((weak, alias("__vdso_clock_getres")));
long getcpu(unsigned *, unsigned *, void *)
	__attribute__((weak, alias("__vdso_getcpu")));
