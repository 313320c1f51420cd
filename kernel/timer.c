/*
 * kernel/timer.c - the legacy 8259 PIC and 8254 PIT.
 *
 * The PIC is remapped so IRQs 0-15 arrive as vectors 32-47, clear of the CPU
 * exceptions; IRQ 0 (the PIT) is unmasked here, IRQ 4 (COM1) by
 * console_enable_input.  The PIT interrupts
 * TIMER_HZ times a second; each tick advances the clock, publishes it to
 * the vDSO's [vvar] page (kernel/vdso/vdso.h has the formula) and lets
 * the scheduler preempt.
 */
#include "kernel.h"
#include "x86.h"
#include "vdso/vdso.h"
#include <uapi/time.h>

#define PIT_HZ		1193182

#define NSEC_PER_SEC	1000000000ull
#define TICK_NS		(NSEC_PER_SEC / TIMER_HZ)
/* Whole ticks make whole seconds: no carry in the vDSO (vdso.h). */
_Static_assert(NSEC_PER_SEC % TICK_NS == 0, "TIMER_HZ must divide 1e9");

static volatile uint64_t ticks;
static uint64_t tsc_at_tick1;
static uint64_t boot_epoch;		/* seconds since 1970 at boot (RTC) */

static void pic_init(void)
{
	outb(0x20, 0x11);		/* ICW1: init, ICW4 follows */
	outb(0xa0, 0x11);
	outb(0x21, 32);			/* ICW2: vector offsets */
	outb(0xa1, 40);
	outb(0x21, 0x04);		/* ICW3: slave on IRQ 2 */
	outb(0xa1, 0x02);
	outb(0x21, 0x01);		/* ICW4: 8086 mode */
	outb(0xa1, 0x01);
	outb(0x21, 0xfe);		/* mask all but IRQ 0 */
	outb(0xa1, 0xff);
}

void timer_init(void)
{
	uint16_t div = PIT_HZ / TIMER_HZ;

	pic_init();
	vdso_k_data->hrtimer_res = CLOCK_RES_NS;
	outb(0x43, 0x34);		/* channel 0, lo/hi, rate generator */
	outb(0x40, div & 0xff);
	outb(0x40, div >> 8);
}

#define CALIBRATION_TICKS	2

/* The TSC is calibrated: ns = cycles * mult >> VDSO_SHIFT, and at most a
 * tick less a nanosecond is interpolated (vdso.h). */
static void tsc_calibrate(uint64_t cycles_per_tick)
{
	struct vdso_data *vd = vdso_k_data;

	vd->mult = (TICK_NS << VDSO_SHIFT) / MAX(cycles_per_tick, 1);
	vd->max_cycles = ((TICK_NS << VDSO_SHIFT) - 1) / vd->mult;
}

/*
 * Publish the clock as of this tick in the [vvar] page (Linux's
 * update_vsyscall): the TSC now, and each clock's value, for the vDSO and
 * for timer_ns.  The clocks are those of clock_gettime in kernel/sys.c.
 * Interrupts are off.
 */
static void update_vsyscall(uint64_t now)
{
	struct vdso_data *vd = vdso_k_data;
	uint64_t mono = ticks * TICK_NS, real = mono + boot_epoch * NSEC_PER_SEC;
	struct vdso_timestamp m = { mono / NSEC_PER_SEC, mono % NSEC_PER_SEC };
	struct vdso_timestamp r = { real / NSEC_PER_SEC, real % NSEC_PER_SEC };

	vd->seq++;
	barrier();
	vd->cycle_last = now;
	vd->basetime[CLOCK_REALTIME] = vd->basetime[CLOCK_REALTIME_COARSE] = r;
	vd->basetime[CLOCK_MONOTONIC] = vd->basetime[CLOCK_MONOTONIC_RAW] = m;
	vd->basetime[CLOCK_MONOTONIC_COARSE] = vd->basetime[CLOCK_BOOTTIME] = m;
	barrier();
	vd->seq++;
}

/* Called on every timer interrupt, interrupts off.  The TSC is calibrated
 * against the first ticks, then interpolates between ticks. */
void timer_tick(void)
{
	uint64_t now = rdtsc();

	ticks++;
	if (ticks == 1)
		tsc_at_tick1 = now;
	else if (ticks == 1 + CALIBRATION_TICKS)
		tsc_calibrate((now - tsc_at_tick1) / CALIBRATION_TICKS);
	update_vsyscall(now);
}

/* Wait (interrupts on) until the TSC is calibrated, so that nothing in
 * user space ever sees the clock move in whole ticks. */
void timer_wait_calibrated(void)
{
	while (!vdso_k_data->mult)
		hlt();
}

uint64_t timer_ticks(void)
{
	return ticks;
}

/* Nanoseconds since boot: ticks, refined by the TSC within a tick, by the
 * formula the vDSO uses (vdso_delta_ns), so both tell the same time. */
uint64_t timer_ns(void)
{
	uint64_t flags = irq_save();
	uint64_t ns = ticks * TICK_NS + vdso_delta_ns(vdso_k_data, rdtsc());

	irq_restore(flags);
	return ns;
}

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	uint8_t v = inb(0x71);
	return (v & 0x0f) + (v >> 4) * 10;	/* BCD */
}

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). */
static uint64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = y / 400, yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint64_t)era * 146097 + doe - 719468;
}

/* Read the wall clock from the CMOS RTC (assumed BCD, 24-hour, UTC). */
void rtc_init(void)
{
	while (({ outb(0x70, 0x0a); inb(0x71) & 0x80; }))
		pause();
	uint64_t sec = cmos(0), min = cmos(2), hour = cmos(4);
	int day = cmos(7), mon = cmos(8), year = 2000 + cmos(9);
	boot_epoch = days_from_civil(year, mon, day) * 86400 + hour * 3600 +
		     min * 60 + sec;
}

/* Wall-clock time in nanoseconds since 1970. */
uint64_t realtime_ns(void)
{
	return boot_epoch * NSEC_PER_SEC + timer_ns();
}
