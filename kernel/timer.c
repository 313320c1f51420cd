/*
 * kernel/timer.c - the legacy 8259 PIC and 8254 PIT.
 *
 * The PIC is remapped so IRQs 0-15 arrive as vectors 32-47, clear of the CPU
 * exceptions; IRQ 0 (the PIT) is unmasked here, IRQ 4 (COM1) by
 * console_enable_input.  The PIT interrupts
 * TIMER_HZ times a second; each tick advances the clock and lets the
 * scheduler preempt.
 */
#include "kernel.h"
#include "x86.h"

#define PIT_HZ		1193182

static volatile uint64_t ticks;
static uint64_t tsc_at_tick, tsc_at_tick1, tsc_per_tick;
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
	outb(0x43, 0x34);		/* channel 0, lo/hi, rate generator */
	outb(0x40, div & 0xff);
	outb(0x40, div >> 8);
}

#define CALIBRATION_TICKS	2

/* Called on every timer interrupt, interrupts off.  The TSC is calibrated
 * against the first ticks, then interpolates between ticks. */
void timer_tick(void)
{
	uint64_t now = rdtsc();

	ticks++;
	if (ticks == 1)
		tsc_at_tick1 = now;
	else if (ticks == 1 + CALIBRATION_TICKS)
		tsc_per_tick = (now - tsc_at_tick1) / CALIBRATION_TICKS;
	tsc_at_tick = now;
}

/* Wait (interrupts on) until the TSC is calibrated, so that nothing in
 * user space ever sees the clock move in whole ticks. */
void timer_wait_calibrated(void)
{
	while (!tsc_per_tick)
		hlt();
}

uint64_t timer_ticks(void)
{
	return ticks;
}

/* Nanoseconds since boot: ticks, refined by the TSC within a tick. */
uint64_t timer_ns(void)
{
	const uint64_t tick_ns = 1000000000ull / TIMER_HZ;
	uint64_t flags = irq_save();
	uint64_t t = ticks, at = tsc_at_tick, per = tsc_per_tick;

	irq_restore(flags);
	uint64_t ns = t * tick_ns;
	if (per) {
		uint64_t extra = (rdtsc() - at) * tick_ns / per;
		ns += MIN(extra, tick_ns - 1);
	}
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
	return boot_epoch * 1000000000ull + timer_ns();
}
