/*
 * kernel/panic.c - the end of the line for a broken kernel invariant.
 *
 * panic() and panic_trap() print what is known (registers, CR2, the error
 * code, a symbolized backtrace by walking the frame-pointer chain) and stop
 * QEMU with a failure status.  Nothing a user program does may reach here.
 */
#include "kernel.h"
#include "x86.h"

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization", "#CP control protection",
};

static bool in_panic;

/* Print one "  [<addr>] func+0xoff" line. */
static void print_frame(uint64_t rip)
{
	uint64_t off;
	const char *name = ksym_lookup(rip, &off);

	if (name)
		printk("  [<%016lx>] %s+0x%lx\n", rip, name, off);
	else
		printk("  [<%016lx>] ?\n", rip);
}

/* Walk saved frame pointers from rbp (boot stack or a task's stack in the
 * kernel-stack area); stops at a null or non-kernel frame. */
static void print_backtrace(uint64_t rbp)
{
	for (int depth = 0; depth < 32; depth++) {
		if (rbp < 0xffff800000000000ull || (rbp & 7))
			break;		/* not a kernel-half frame pointer */
		uint64_t *frame = (uint64_t *)rbp;
		if (!frame[1])
			break;
		print_frame(frame[1]);
		rbp = frame[0];
	}
}

void dump_stack(void)
{
	printk("Call trace:\n");
	print_backtrace((uint64_t)__builtin_frame_address(0));
}

static __noreturn void panic_halt(void)
{
	printk("---[ end kernel panic ]---\n");
	qemu_exit(QEMU_EXIT_FAILURE);
}

__noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	cli();
	if (in_panic)
		qemu_exit(QEMU_EXIT_FAILURE);
	in_panic = true;
	printk("\nkernel panic: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	dump_stack();
	panic_halt();
}

/* A fatal trap: the exception, all registers, then the faulting call chain. */
__noreturn void panic_trap(struct trapframe *tf, const char *why)
{
	const char *name = tf->vector < 32 ? exception_names[tf->vector] : "irq";

	cli();
	if (in_panic)
		qemu_exit(QEMU_EXIT_FAILURE);
	in_panic = true;
	printk("\nkernel panic: %s: vector %lu (%s) error 0x%lx\n", why,
	       tf->vector, name ? name : "?", tf->error);
	printk("RIP: %04lx:%016lx ", tf->cs, tf->rip);
	print_frame(tf->rip);
	printk("RSP: %04lx:%016lx RFLAGS: %08lx CR2: %016lx CR3: %016lx\n",
	       tf->ss, tf->rsp, tf->rflags, read_cr2(), read_cr3());
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", tf->rax, tf->rbx, tf->rcx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", tf->rdx, tf->rsi, tf->rdi);
	printk("RBP: %016lx R08: %016lx R09: %016lx\n", tf->rbp, tf->r8, tf->r9);
	printk("R10: %016lx R11: %016lx R12: %016lx\n", tf->r10, tf->r11, tf->r12);
	printk("R13: %016lx R14: %016lx R15: %016lx\n", tf->r13, tf->r14, tf->r15);
	printk("Call trace:\n");
	print_frame(tf->rip);
	print_backtrace(tf->rbp);
	panic_halt();
}
