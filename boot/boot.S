/*
 * boot/boot.S - from GRUB's 32-bit protected mode to the 64-bit kernel.
 *
 * GRUB (multiboot2) jumps to _start in 32-bit protected mode, paging off,
 * with EAX = 0x36d76289 and EBX = physical address of the boot information.
 * We:
 *   1. check that the CPU has long mode (a clear message on COM1 if not),
 *   2. build the early page tables (a PML4, two PDPTs and one PD of 2 MiB
 *      pages) that map the first 1 GiB three times:
 *        identity            (so the instruction after "paging on" exists),
 *        0xffff800000000000  (the direct map; mm extends it to all RAM),
 *        0xffffffff80000000  (the kernel image, -mcmodel=kernel),
 *   3. enable PAE, long mode, NX (when present) and paging,
 *   4. far-jump to 64-bit code, then jump to the higher half and call
 *      kernel_main(magic, boot_info_phys) on the boot stack.
 * mm_init() later replaces these tables with least-privilege ones and drops
 * the identity map.
 */
#define MB2_MAGIC	0xe85250d6
#define MB2_ARCH_I386	0
#define KERNEL_VMA	0xffffffff80000000

#define PTE_P		0x001
#define PTE_W		0x002
#define PTE_PS		0x080

#define CR0_PG		(1 << 31)
#define CR0_WP		(1 << 16)
#define CR4_PAE		(1 << 5)
#define MSR_EFER	0xc0000080
#define EFER_LME	(1 << 8)
#define EFER_NXE	(1 << 11)

#define COM1		0x3f8

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long	MB2_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	-(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	.balign 8
	.short	0			/* end tag */
	.short	0
	.long	8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.globl	_start
_start:
	cli
	cld
	movl	$boot_stack_top, %esp
	movl	%eax, %edi		/* multiboot2 magic -> 1st C argument */
	movl	%ebx, %esi		/* boot info (phys) -> 2nd C argument */

	/* Long mode present?  CPUID 0x80000001:EDX bit 29. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	btl	$29, %edx
	jnc	no_long_mode
	movl	%edx, %ebp		/* keep bit 20 (NX) for later */

	/* PML4[0] and PML4[256] -> pdpt_low; PML4[511] -> pdpt_high. */
	movl	$pdpt_low + (PTE_P | PTE_W), %eax
	movl	%eax, boot_pml4
	movl	%eax, boot_pml4 + 256 * 8
	movl	$pdpt_high + (PTE_P | PTE_W), %eax
	movl	%eax, boot_pml4 + 511 * 8
	/* pdpt_low[0] and pdpt_high[510] -> boot_pd (first GiB). */
	movl	$boot_pd + (PTE_P | PTE_W), %eax
	movl	%eax, pdpt_low
	movl	%eax, pdpt_high + 510 * 8
	/* boot_pd: 512 x 2 MiB pages. */
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	%eax, boot_pd(, %ecx, 8)
	incl	%ecx
	cmpl	$512, %ecx
	jne	1b

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$boot_pml4, %eax
	movl	%eax, %cr3

	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	btl	$20, %ebp
	jnc	2f
	orl	$EFER_NXE, %eax
2:	wrmsr

	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$0x08, $long_mode_low

/* Print a message on COM1 and stop: nothing else can run on this CPU. */
no_long_mode:
	movl	$no_lm_msg, %esi
3:	lodsb
	testb	%al, %al
	jz	4f
	movw	$COM1, %dx
	outb	%al, %dx
	jmp	3b
4:	movw	$0xf4, %dx		/* isa-debug-exit: fail */
	movb	$0x11, %al
	outb	%al, %dx
5:	hlt
	jmp	5b

	.code64
long_mode_low:
	movabsq	$long_mode_high, %rax
	jmp	*%rax

	.section .boot.data, "aw"
no_lm_msg:
	.asciz	"Pagoda: this CPU has no 64-bit long mode; cannot boot.\r\n"

	.balign 8
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x08: 64-bit kernel code */
	.quad	0x00cf92000000ffff	/* 0x10: kernel data */
boot_gdt_end:
boot_gdt_ptr:
	.short	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt

	.balign 4096
	.globl	boot_pml4
boot_pml4:	.space 4096
pdpt_low:	.space 4096
pdpt_high:	.space 4096
boot_pd:	.space 4096
	.space	4096
boot_stack_top:

	.text
long_mode_high:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movl	%edi, %edi		/* upper halves are undefined after */
	movl	%esi, %esi		/* the mode switch: zero-extend */
	movabsq	$boot_kstack_top, %rsp
	xorl	%ebp, %ebp		/* end of the frame-pointer chain */
	call	kernel_main
6:	cli
	hlt
	jmp	6b

	.bss
	.balign 4096
	.globl	boot_kstack, boot_kstack_top
boot_kstack:
	.space	16384
boot_kstack_top:
