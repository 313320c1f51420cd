/*
 * kernel/vdso/vdso.h - the vDSO: the data the kernel shares with it, and
 * the kernel's side of it.
 *
 * Every program gets two special mappings at exec, just below mmap_base
 * where Linux puts them:
 *
 *     [vvar]  one read-only page holding struct vdso_data: the clock as of
 *             the last timer tick, written by the kernel (kernel/timer.c)
 *     [vdso]  a small ELF shared object (vdso.c, linked by vdso.lds) that
 *             glibc and musl find through AT_SYSINFO_EHDR; its
 *             __vdso_clock_gettime & co. read [vvar] and the TSC and so
 *             answer without entering the kernel
 *
 * The clock (the same for timer_ns in the kernel and for the vDSO):
 *
 *     ns = basetime[clock] + MIN(tsc - cycle_last, max_cycles) * mult >> VDSO_SHIFT
 *
 * basetime is ticks * TICK_NS (plus the boot epoch for CLOCK_REALTIME);
 * mult comes from calibrating the TSC against the tick; max_cycles keeps
 * the interpolation below one tick, so time never passes the next tick's
 * value however wrong the calibration, and stays monotonic.  Since TICK_NS
 * divides a second and the epoch is whole seconds, basetime's nsec plus the
 * interpolation never reaches a second: (sec, nsec) needs no carry.
 *
 * This header is included by the vDSO itself (built -fPIC for user space,
 * with no kernel headers), so it needs only <stdint.h>.
 */
#ifndef KERNEL_VDSO_VDSO_H
#define KERNEL_VDSO_VDSO_H

#include <stdint.h>

#define VDSO_SHIFT	32		/* ns = cycles * mult >> VDSO_SHIFT */
#define VDSO_BASES	12		/* basetime[] per clock id, up to CLOCK_TAI */
/* The clocks the vDSO answers (CLOCK_REALTIME .. CLOCK_BOOTTIME, less the
 * CPU-time clocks); the others go to the system call, as in Linux. */
#define VDSO_HRES	((1u << 0) | (1u << 1) | (1u << 4) | (1u << 5) | \
			 (1u << 6) | (1u << 7))

/* getcpu: the limit of GDT entry 7 (DPL 3, so LSL works in user mode)
 * holds cpu | node << VDSO_CPUNODE_BITS (kernel/gdt.c), as in Linux. */
#define VDSO_CPUNODE_SEG	0x3b
#define VDSO_CPUNODE_BITS	12
#define VDSO_CPUNODE_MASK	0xfff

struct vdso_timestamp {
	uint64_t sec;
	uint64_t nsec;			/* < 1e9 */
};

/* The [vvar] page.  seq changes around every update (a seqcount): a
 * reader that sees it change retries.  An odd seq is never seen: updates
 * run in the timer interrupt, interrupts off, on Pagoda's only CPU. */
struct vdso_data {
	uint32_t seq;
	uint32_t hrtimer_res;		/* clock_getres of VDSO_HRES clocks, ns */
	int32_t tz_minuteswest;		/* gettimeofday's struct timezone */
	int32_t tz_dsttime;
	uint64_t cycle_last;		/* TSC at the last tick */
	uint64_t max_cycles;		/* interpolate at most this many cycles */
	uint64_t mult;			/* 0 until the TSC is calibrated */
	struct vdso_timestamp basetime[VDSO_BASES];	/* at the last tick */
};

/* Nanoseconds since the last tick at TSC value cycles (see above).  The
 * cap is "if (delta > max_cycles) delta = max_cycles", written as cmp and
 * cmova on the field in memory, one instruction fewer than gcc makes of
 * the C; the vDSO's cost under QEMU's -icount is its instruction count. */
static inline uint64_t vdso_delta_ns(const struct vdso_data *vd, uint64_t cycles)
{
	uint64_t delta = cycles - vd->cycle_last;

	__asm__("cmp %1, %0\n\tcmova %1, %0" : "+r"(delta) : "m"(vd->max_cycles)
		: "cc");
	return (delta * vd->mult) >> VDSO_SHIFT;
}

/* vma.c: the kernel's side (not used by the vDSO itself). */
struct mm_struct;
extern struct vdso_data *const vdso_k_data;	/* the [vvar] page */
int64_t map_vdso(struct mm_struct *mm);

#endif
