/*
 * kernel/trap.c - the interrupt descriptor table and trap dispatch.
 *
 * Vectors 0-31 are CPU exceptions, 32-47 the legacy PIC's IRQs (remapped
 * in timer.c).  trap() sends each to its handler: the timer, the page-fault
 * handler in mm/, or, for anything unexpected in kernel mode, panic_trap()
 * which prints registers and a backtrace.
 */
#include "kernel.h"
#include "x86.h"
#include "../mm/mm.h"

struct idt_entry {
	uint16_t off0;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off1;
	uint32_t off2;
	uint32_t zero;
} __attribute__((packed));

static struct idt_entry idt[256];
extern char trap_stubs[];

#define IRQ_BASE	32
#define STUB_SIZE	16

static void set_gate(int vec, uint64_t handler, int ist, int dpl)
{
	idt[vec] = (struct idt_entry){
		.off0 = handler & 0xffff,
		.sel = KERNEL_CS,
		.ist = ist,
		.type = 0x8e | (dpl << 5),	/* present, interrupt gate */
		.off1 = (handler >> 16) & 0xffff,
		.off2 = handler >> 32,
	};
}

/* Install stubs for the exceptions and IRQs; #DF, NMI, #MC use IST 1-3. */
void idt_init(void)
{
	for (int v = 0; v < 48; v++)
		set_gate(v, (uint64_t)trap_stubs + v * STUB_SIZE, 0, 0);
	set_gate(8, (uint64_t)trap_stubs + 8 * STUB_SIZE, 1, 0);
	set_gate(2, (uint64_t)trap_stubs + 2 * STUB_SIZE, 2, 0);
	set_gate(18, (uint64_t)trap_stubs + 18 * STUB_SIZE, 3, 0);

	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) p = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" : : "m"(p));
}

bool irqs_enabled(void)
{
	return read_rflags() & RFLAGS_IF;
}

uint64_t irq_save(void)
{
	uint64_t f = read_rflags();
	cli();
	return f;
}

void irq_restore(uint64_t flags)
{
	if (flags & RFLAGS_IF)
		sti();
}

/* Acknowledge a PIC interrupt. */
static void pic_eoi(int irq)
{
	if (irq >= 8)
		outb(0xa0, 0x20);
	outb(0x20, 0x20);
}

/* Called from entry.S with interrupts off. */
void trap(struct trapframe *tf)
{
	if (tf->vector >= IRQ_BASE && tf->vector < IRQ_BASE + 16) {
		int irq = tf->vector - IRQ_BASE;
		pic_eoi(irq);
		if (irq == 0)
			timer_tick();
		return;
	}
	switch (tf->vector) {
	case 8:
		if (kstack_is_guard(read_cr2()))
			panic_trap(tf, "kernel stack overflow");
		panic_trap(tf, "double fault");
	case 13:
	case 14:
		if (!(tf->cs & 3) && fixup_exception(tf))
			return;
		panic_trap(tf, "unexpected exception");
	default:
		panic_trap(tf, "unexpected exception");
	}
}
