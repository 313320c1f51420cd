/*
 * kernel/vdso/vdso-image.S - the vDSO image (vdso.so, built by the
 * Makefile from vdso.c and vdso.lds) inside the kernel's read-only data.
 *
 * Page-aligned at both ends: its pages are mapped into user space as
 * [vdso] (vma.c), and must hold nothing else of the kernel's.
 */
	.section .rodata
	.balign	4096
	.globl	vdso_image_start, vdso_image_end
vdso_image_start:
	.incbin	"vdso.so"
	.balign	4096
vdso_image_end:
