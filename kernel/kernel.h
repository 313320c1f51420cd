/*
 * kernel/kernel.h - the public API of kernel/, grouped by file (like xv6's
 * defs.h).  Architecture details (instructions, MSRs) live in x86.h.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../mm/list.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	(((x) + ((a) - 1)) & ~((uint64_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))
#define __noreturn	__attribute__((noreturn))
#define __printf(f, a)	__attribute__((format(printf, f, a)))
#define __used		__attribute__((used))
#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define KERNEL_VMA	0xffffffff80000000ull

/* Linker-script symbols (linker.ld). */
extern char _kernel_phys_start[], _stext[], _etext[], _srodata[], _erodata[];
extern char _sdata[], _sbss[], _ebss[], _kernel_end[];
extern char boot_kstack[], boot_kstack_top[];

/* QEMU isa-debug-exit codes: QEMU exits with (code << 1) | 1. */
#define QEMU_EXIT_SUCCESS	0x10	/* exit status 33 */
#define QEMU_EXIT_FAILURE	0x11	/* exit status 35 */

/* console.c: the serial ports. */
#define CONSOLE_COM1	0		/* the terminal (stdin/stdout) */
#define CONSOLE_COM2	1		/* stderr of the program in run mode */
#define CONSOLE_COM3	2		/* the kernel log in quiet mode */
void console_init(void);
void serial_write(int port, const char *s, size_t n);
void console_set_quiet(bool quiet);
void console_enable_input(void);
void serial_irq(void);
void log_write(const char *s, size_t n);
__noreturn void qemu_exit(int code);

/* printk.c: kernel formatted output (%d %i %u %x %lx %p %s %c %zu %%). */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

/* string.c: the freestanding string functions gcc may also emit calls to. */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strstr(const char *h, const char *n);
size_t strlcpy(char *dst, const char *src, size_t size);

/* panic.c: fatal errors and backtraces. */
struct trapframe;
__noreturn void panic(const char *fmt, ...) __printf(1, 2);
__noreturn void panic_trap(struct trapframe *tf, const char *why);
void dump_stack(void);

/* ksyms.c: kernel symbol lookup for backtraces. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);

/* cmdline.c: "key=value" words from the boot loader. */
void cmdline_parse(const char *cmdline);
const char *cmdline_get(const char *key);
bool cmdline_has(const char *key);
const char *cmdline_raw(void);

/* multiboot.c: the boot information from GRUB. */
struct mb_mmap_entry {
	uint64_t addr;
	uint64_t len;
	uint32_t type;			/* 1 = usable RAM */
	uint32_t reserved;
};
struct boot_module {
	uint64_t start, end;		/* physical, [start, end) */
	const char *cmdline;
};
#define MAX_MMAP_ENTRIES	64
#define MAX_BOOT_MODULES	8
struct boot_info {
	const char *cmdline;
	struct mb_mmap_entry mmap[MAX_MMAP_ENTRIES];
	int nmmap;
	struct boot_module modules[MAX_BOOT_MODULES];
	int nmodules;
	uint64_t info_start, info_end;	/* the multiboot2 structure itself */
};
extern struct boot_info boot_info;
void multiboot_parse(uint32_t magic, uint64_t info_phys);

/* main.c: the C entry point, called by boot/boot.S. */
__noreturn void kernel_main(uint32_t magic, uint64_t info_phys);

/* gdt.c: segments and the TSS. */
#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define USER_DS		0x1b
#define USER_CS		0x23
void gdt_init(void);
void tss_set_rsp0(uint64_t rsp0);

/* syscall.c: the system-call table. */
struct trapframe;
void syscall_init(void);
void syscall_dispatch(struct trapframe *tf);	/* from entry.S */

/* trap.c + entry.S: interrupts and exceptions. */
struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};
void idt_init(void);
void trap(struct trapframe *tf);
void return_to_user_prepare(struct trapframe *tf);
void return_to_user_prepare_new(void);		/* from switch.S */
uint64_t irq_save(void);
void irq_restore(uint64_t flags);

/* timer.c: the PIT at TIMER_HZ, a tick counter. */
#define TIMER_HZ	100
void timer_init(void);
void timer_tick(void);
uint64_t timer_ticks(void);
uint64_t timer_ns(void);
void rtc_init(void);
void timer_wait_calibrated(void);
uint64_t realtime_ns(void);

/* Linux's error-pointer idiom: a pointer that carries -errno. */
#define MAX_ERRNO	4095
#define ERR_PTR(err)	((void *)(long)(err))
#define PTR_ERR(ptr)	((long)(ptr))
#define IS_ERR(ptr)	((unsigned long)(ptr) >= (unsigned long)-MAX_ERRNO)

/* task.c, sched.c: processes, the scheduler, sleep and wakeup.
 *
 * One CPU and a non-preemptible kernel: kernel code runs until it returns
 * to user mode, sleeps or yields, so kernel data needs no locks; only data
 * shared with interrupt handlers (tty input, ticks) is touched with
 * interrupts off. */
enum task_state { TASK_RUNNABLE, TASK_SLEEPING, TASK_ZOMBIE };

struct k_sigaction {			/* as rt_sigaction passes it */
	uint64_t handler, flags, restorer, mask;
};

struct files_struct;
struct inode;
struct mm_struct;

/* What getrusage reports (ticks, faults, KiB). */
struct rusage_counts {
	uint64_t utime, stime, min_flt, maj_flt, maxrss_kb;
};

#define TASK_COMM_LEN	16
#define NR_RLIMITS	16
struct task {
	int pid, pgid, sid;
	char comm[TASK_COMM_LEN];	/* program name, as in /proc/PID/status */
	enum task_state state;
	uint64_t ksp;			/* saved kernel rsp while switched out */
	void *kstack;			/* lowest address of the kernel stack */
	struct mm_struct *mm;
	struct task *parent;
	struct list_head children, sibling, all, runq;
	int exit_status;		/* wait4 status once a zombie */
	const void *wait_chan;		/* what it sleeps on */
	bool interruptible;		/* a signal ends the sleep */
	uint64_t wake_at;		/* timer_ns() deadline of nanosleep */
	uint64_t it_value[3];		/* itimers: REAL: deadline (timer_ns);
					 * VIRTUAL, PROF: ns left; 0 = off */
	uint64_t it_interval[3];	/* reload value in ns, 0 = one shot */
	uint64_t sig_pending, sig_blocked;	/* bit (sig - 1) */
	uint64_t saved_sigmask;		/* sigsuspend: the mask to restore */
	bool restore_sigmask;
	struct k_sigaction sigaction[64];
	uint64_t sig_addr[64];		/* si_addr for pending fault signals */
	int sig_code[64];		/* si_code for pending signals */
	struct files_struct *files;
	struct inode *cwd;
	uint64_t sas_sp, sas_size;	/* sigaltstack */
	int sas_flags;
	uint64_t fs_base;		/* arch_prctl(ARCH_SET_FS) */
	uint64_t clear_child_tid;
	struct task *vfork_parent;	/* suspended until we exec or exit */
	uint64_t rlim_cur[NR_RLIMITS], rlim_max[NR_RLIMITS];
	uint64_t min_flt, maj_flt;
	uint64_t start_ticks, utime, stime;
	uint64_t maxrss_kb;		/* peak RSS, kept when the mm goes */
	struct rusage_counts reaped;	/* reaped children: RUSAGE_CHILDREN */
	uint8_t fpu[512] __attribute__((aligned(16)));	/* fxsave area */
};
extern struct task *current;
extern uint64_t kernel_stack_top;	/* current's, for the syscall entry */
extern struct list_head all_tasks;
void sched_init(void);
void sched_add(struct task *t);
void schedule(void);
void sched_tick(bool user);
void itimer_tick(struct task *t, bool user, uint64_t now);
bool sched_need_resched(void);
enum cputime { CPUTIME_USER, CPUTIME_SYSTEM, CPUTIME_IDLE, NR_CPUTIME };
uint64_t cpu_time(enum cputime which);
#define FSHIFT		11		/* load averages: bits of fraction */
#define FIXED_1		((uint64_t)1 << FSHIFT)
#define LOAD_FREQ	(5 * TIMER_HZ)	/* ticks between load samples */
void get_avenrun(uint64_t loads[3]);
struct seqbuf;
int cpuinfo_show(struct seqbuf *m, struct task *t);	/* cpuinfo.c */
void wake_task(struct task *t);
void sleep_on(const void *chan);
int sleep_on_interruptible(const void *chan);
int sleep_until(uint64_t deadline_ns);
void wakeup(const void *chan);
__noreturn void cpu_idle(void);
void fpu_init_task(struct task *t);

/* Kernel stacks (mm/kstack.c), and the user registers saved at the top
 * of a task's kernel stack. */
#define KSTACK_PAGES	4
#define KSTACK_SIZE	(KSTACK_PAGES * 4096)
static inline struct trapframe *task_pt_regs(struct task *t)
{
	return (struct trapframe *)((char *)t->kstack + KSTACK_SIZE) - 1;
}

/* task.c: creating, ending and finding processes. */
struct task *find_task(int pid);
int last_pid(void);
#define PID_MAX		4194304		/* Linux's PID_MAX_LIMIT on 64-bit */
#define UTS_RELEASE	"6.1.0-pagoda"	/* uname -r, /proc/sys/kernel/osrelease */
struct task *task_next(struct task *prev);	/* iterate all tasks */
void start_init(char *const argv[], char *const envp[]);
__noreturn void enter_user(struct trapframe *tf);
long do_fork(uint64_t clone_flags, uint64_t newsp, uint64_t parent_tid,
	     uint64_t child_tid);
__noreturn void do_exit(int status);
void vfork_release(struct task *t);
struct rusage_counts task_usage(struct task *t, bool with_reaped);
int put_rusage(void *ru, const struct rusage_counts *u);
struct task *kthread_create(int (*fn)(uint64_t), uint64_t arg, const char *name);

/* exec.c, elf.c: replacing a process's program. */
int do_execve(const char *path, char *const kargv[], char *const kenvp[]);
struct file;
int load_elf_binary(struct file *f, uint64_t *entry, uint64_t *phdr_addr,
		    uint16_t *phnum);

/* sys.c */
void get_random_bytes(void *buf, size_t n);

/* signal.c */
int send_signal(struct task *t, int sig);
void force_sig_fault(int sig, int code, uint64_t addr);
bool signal_pending(void);
void do_signal(struct trapframe *tf);

/* ktest.c: boot-time self-tests chosen with test= (tests/kernel/). */
struct ktest {
	const char *name;
	int (*fn)(void);		/* 0 = pass, else failure (reason printed) */
	bool manual;			/* only runs when named, not with test=all */
};
#define KTEST(tname, func)						\
	static const struct ktest __ktest_##func			\
	__attribute__((used, section(".ktests"), aligned(8))) =	\
		{ tname, func, false }
#define KTEST_MANUAL(tname, func)					\
	static const struct ktest __ktest_##func			\
	__attribute__((used, section(".ktests"), aligned(8))) =	\
		{ tname, func, true }
int ktest_fail(const char *fmt, ...) __printf(1, 2);
void ktest_run(const char *which);

#endif
