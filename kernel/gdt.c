/*
 * kernel/gdt.c - the global descriptor table and the task state segment.
 *
 * Long mode ignores segment bases and limits, but the GDT still selects the
 * privilege level, and the TSS holds the stacks the CPU switches to: RSP0
 * for entries from user mode, and the IST stacks that #DF, NMI and #MC
 * always use, so that a kernel stack overflow still gets a clean report.
 * The order of the user selectors is fixed by SYSRET (see syscall setup).
 */
#include "kernel.h"
#include "vdso/vdso.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

#define IST_STACK_SIZE	8192
static uint8_t ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));
static struct tss tss;

/* 0x38: a data segment (DPL 3) used only for its limit, which holds the
 * CPU and node numbers - 0 and 0, Pagoda has one of each - for the vDSO's
 * getcpu, as Linux's GDT_ENTRY_CPUNODE does (kernel/vdso/vdso.h). */
#define CPUNODE_DESC(cpu, node)	(0x0040f50000000000ull | (cpu) | \
				 (uint64_t)(node) << VDSO_CPUNODE_BITS)

_Static_assert(VDSO_CPUNODE_SEG == (7 << 3 | 3), "GDT entry 7, RPL 3");

static uint64_t gdt[8] = {
	0,
	0x00af9a000000ffff,	/* 0x08 kernel code, 64-bit */
	0x00cf92000000ffff,	/* 0x10 kernel data */
	0x00cff2000000ffff,	/* 0x18 user data (DPL 3) */
	0x00affa000000ffff,	/* 0x20 user code, 64-bit (DPL 3) */
	0, 0,			/* 0x28 TSS, 16 bytes */
	CPUNODE_DESC(0, 0),	/* 0x38 (selector 0x3b) cpu and node */
};

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* Load the GDT and TSS and reload every segment register. */
void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;

	for (int i = 0; i < 3; i++)
		tss.ist[i] = (uint64_t)ist_stacks[i] + IST_STACK_SIZE;
	tss.iomap_base = sizeof(tss);
	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ull << 40) | (((limit >> 16) & 0xf) << 48) |
		 (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;

	struct gdt_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };
	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq $0x08\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movw $0x10, %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%ss\n\t"
		"movw $0x28, %%ax\n\t"
		"ltr %%ax"
		: : "m"(p) : "rax", "memory");
}

/* The kernel stack the CPU switches to on an interrupt from user mode. */
void tss_set_rsp0(uint64_t rsp0)
{
	tss.rsp[0] = rsp0;
}
