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
#include <uapi/signal.h>

static void kernel_exception(struct trapframe *tf);

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

/*
 * Last stop before user mode: switch tasks if the time slice is over,
 * deliver pending signals (or restart an interrupted syscall).  A return address in the kernel half would make
 * iretq fault in kernel mode, so such a process is killed instead.
 */
void return_to_user_prepare(struct trapframe *tf)
{
	if (unlikely(sched_need_resched()))
		schedule();
	if (unlikely(signal_pending() || syscall_restart_pending(tf)))
		do_signal(tf);
	if (tf->rip >= 0x0000800000000000ull) {
		printk("pid %d (%s): return to kernel address %lx\n", current->pid,
		       current->comm, tf->rip);
		do_group_exit(SIGSEGV);
	}
}

/* A new task's first way out (kernel/switch.S: task_start). */
void return_to_user_prepare_new(void)
{
	return_to_user_prepare(task_pt_regs(current));
}

/* A CPU exception in user mode becomes the signal Linux sends for it. */
static void user_exception(struct trapframe *tf)
{
	switch (tf->vector) {
	case 0:
		force_sig_fault(SIGFPE, FPE_INTDIV, tf->rip);
		break;
	case 1:
	case 3:
		force_sig_fault(SIGTRAP, tf->vector == 3 ? SI_KERNEL : TRAP_TRACE, 0);
		break;
	case 6:
		force_sig_fault(SIGILL, ILL_ILLOPN, tf->rip);
		break;
	case 16:
	case 19:
		force_sig_fault(SIGFPE, FPE_FLTINV, tf->rip);
		break;
	case 17:
		force_sig_fault(SIGBUS, BUS_ADRALN, 0);
		break;
	default:			/* #GP, #SS, #NP, ...: SIGSEGV */
		force_sig_fault(SIGSEGV, SI_KERNEL, 0);
		break;
	}
}

/* Decode the #PF error code into mm's fault flags.  A reserved bit set in
 * a paging entry means the kernel wrote a bad page table: a kernel bug, as
 * Linux's pgtable_bad().  The mode is the one the CPU was in (tf->cs). */
static void page_fault(struct trapframe *tf, bool user)
{
	unsigned flags = 0;

	if (tf->error & X86_PF_RSVD)
		panic_trap(tf, "reserved bit set in a page-table entry");
	if (tf->error & X86_PF_PROT)
		flags |= FAULT_FLAG_PRESENT;
	if (tf->error & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (user)
		flags |= FAULT_FLAG_USER;
	if (tf->error & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	do_page_fault(tf, read_cr2(), flags);
}

/* Called from entry.S with interrupts off. */
void trap(struct trapframe *tf)
{
	bool user = tf->cs & 3;

	if (tf->vector >= IRQ_BASE && tf->vector < IRQ_BASE + 16) {
		int irq = tf->vector - IRQ_BASE;
		pic_eoi(irq);
		if (irq == 0) {
			timer_tick();
			sched_tick(user);
		} else if (irq == 4) {
			serial_irq();
		}
	} else if (tf->vector == 14) {
		page_fault(tf, user);
	} else if (user) {
		user_exception(tf);
	} else {
		kernel_exception(tf);
	}
	if (user)
		return_to_user_prepare(tf);
}

/* An exception in kernel mode: a fixup, or a broken kernel. */
static void kernel_exception(struct trapframe *tf)
{
	switch (tf->vector) {
	case 8:
		if (kstack_is_guard(read_cr2())) {
			printk("kernel stack overflow in task %d (%s)\n",
			       current ? current->pid : -1,
			       current ? current->comm : "?");
			panic_trap(tf, "kernel stack overflow");
		}
		panic_trap(tf, "double fault");
	case 13:
		if (fixup_exception(tf))
			return;
		panic_trap(tf, "general protection fault");
	default:
		panic_trap(tf, "unexpected exception");
	}
}
