/*
 * kernel/timer.c - the legacy 8259 PIC and 8254 PIT.
 *
 * The PIC is remapped so IRQs 0-15 arrive as vectors 32-47, clear of the CPU
 * exceptions; only IRQ 0 (the PIT) is unmasked.  The PIT interrupts
 * TIMER_HZ times a second; each tick advances the clock and lets the
 * scheduler preempt.
 */
#include "kernel.h"
#include "x86.h"

#define PIT_HZ		1193182

static volatile uint64_t ticks;

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

/* Called on every timer interrupt, interrupts off. */
void timer_tick(void)
{
	ticks++;
}

uint64_t timer_ticks(void)
{
	return ticks;
}

uint64_t timer_ns(void)
{
	return ticks * (1000000000ull / TIMER_HZ);
}
