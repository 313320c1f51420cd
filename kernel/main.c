/*
 * kernel/main.c - the boot order.  Read this file top to bottom.
 *
 * boot/boot.S enters kernel_main in 64-bit mode on the boot stack, with the
 * first GiB of physical memory mapped at the direct map and the kernel
 * image at 0xffffffff80000000.
 */
#include "kernel.h"
#include "../mm/mm.h"

static void print_banner(void)
{
	uint64_t usable = 0;

	printk("Pagoda: a teaching kernel about virtual memory\n");
	printk("command line: %s\n", boot_info.cmdline);
	printk("memory map:\n");
	for (int i = 0; i < boot_info.nmmap; i++) {
		const struct mb_mmap_entry *e = &boot_info.mmap[i];
		printk("  [%016lx-%016lx] %s\n", e->addr, e->addr + e->len - 1,
		       e->type == 1 ? "usable" : "reserved");
		if (e->type == 1)
			usable += e->len;
	}
	printk("usable RAM: %lu KiB\n", usable / 1024);
}

void kernel_main(uint32_t magic, uint64_t info_phys)
{
	console_init();			/* serial ports: printk works now */
	gdt_init();			/* segments, TSS and IST stacks */
	idt_init();			/* exceptions: panics print backtraces */
	multiboot_parse(magic, info_phys);
	cmdline_parse(boot_info.cmdline);
	console_set_quiet(cmdline_has("quiet"));
	print_banner();
	mm_init();			/* frames, direct map, kernel tables, kmalloc */
	timer_init();			/* PIT + PIC: the clock ticks */
	__asm__ volatile("sti");

	const char *test = cmdline_get("test");
	if (test) {
		ktest_run(test);
		qemu_exit(QEMU_EXIT_SUCCESS);
	}
	printk("nothing to run yet\n");
	qemu_exit(QEMU_EXIT_SUCCESS);
}
