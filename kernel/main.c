/*
 * kernel/main.c - the boot order.  Read this file top to bottom.
 *
 * boot/boot.S enters kernel_main in 64-bit mode on the boot stack, with the
 * first GiB of physical memory mapped at the direct map and the kernel
 * image at 0xffffffff80000000.
 */
#include "kernel.h"
#include "x86.h"
#include "../mm/mm.h"
#include "../fs/fs.h"
#include "../drivers/drivers.h"

#define MAX_INIT_ARGS	32

static char *init_argv[MAX_INIT_ARGS + 2];
static char *init_envp[] = { "HOME=/", "PATH=/bin", "TERM=linux", NULL, NULL };
static char mode_env[64];

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

/* init's argv: init=PATH (default /bin/init), then the words after "--". */
static void init_args(void)
{
	static char args[1024];
	const char *init = cmdline_get("init");
	const char *rest = strstr(cmdline_raw(), " -- ");
	int n = 0;

	init_argv[n++] = (char *)(init && *init ? init : "/bin/init");
	if (rest) {
		strlcpy(args, rest + 4, sizeof(args));
		for (char *p = args; *p && n < MAX_INIT_ARGS;) {
			while (*p == ' ')
				*p++ = '\0';
			if (!*p)
				break;
			init_argv[n++] = p;
			while (*p && *p != ' ')
				p++;
		}
	}
	const char *mode = cmdline_get("mode");
	snprintf(mode_env, sizeof(mode_env), "PAGODA_MODE=%s", mode ? mode : "shell");
	init_envp[3] = mode_env;
}

/* swapon=PATH on the command line: swap on it from the start. */
static void boot_swapon(void)
{
	const char *path = cmdline_get("swapon");
	int err = path && *path ? do_swapon(path, 0) : 0;

	if (err)
		printk("swapon %s: error %d\n", path, err);
}

/* The flusher: write dirty file pages back to the store every second. */
static int flusher(uint64_t unused)
{
	(void)unused;
	while (sleep_until(timer_ns() + 1000000000ull) <= 0)
		writeback_tick();
	return 0;
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
	mm_init();			/* frames, kernel tables, kmalloc; trace=, fork= */
	timer_init();			/* PIT + PIC: the clock ticks */
	rtc_init();			/* the wall clock */
	sched_init();			/* this context becomes the idle task */
	futex_init();			/* the futex wait queues */
	syscall_init();			/* SYSCALL enters the kernel */
	virtblk_init();			/* the swap disk, if QEMU has one */
	fs_init();			/* ramfs, the initial files, /dev, /proc */
	boot_swapon();			/* swapon=PATH */
	sti();				/* interrupts on: timer and keyboard IRQs arrive */
	console_enable_input();		/* keys reach the terminal */

	const char *test = cmdline_get("test");
	if (test) {
		ktest_run(test);
		qemu_exit(QEMU_EXIT_SUCCESS);
	}
	init_args();
	timer_wait_calibrated();	/* a fine-grained clock from the start */
	start_init(init_argv, init_envp);	/* pid 1 */
	kthread_create(flusher, 0, "flusher");
	kswapd_init();			/* reclaim below the low watermark */
	khugepaged_init();		/* small pages back into huge ones */
	cpu_idle();
}
