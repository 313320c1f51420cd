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
#include <uapi/signal.h>

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
#define barrier()	__asm__ volatile("" : : : "memory")	/* compiler only */

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
#define CONSOLE_COM4	3		/* files out of run mode (tools/run-prog) */
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
int kstrtou64(const char *s, uint64_t *res);
int kstrtoint(const char *s, unsigned base, int *res);

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
bool tracing(void);			/* trace=mm or trace=all */

/* trap.c + entry.S: interrupts and exceptions. */
struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};
#define TRAP_SYSCALL	0x100	/* vector of a syscall's frame (entry.S) */
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
#define CLOCK_RES_NS	1	/* clock_getres: the TSC interpolates to the ns */

/* Kernel-internal: a syscall interrupted by a signal, restarted if the
 * handler has SA_RESTART (or none runs), else failing with EINTR. */
#define ERESTARTSYS	512

/* Linux's error-pointer idiom: a pointer that carries -errno. */
#define MAX_ERRNO	4095
#define ERR_PTR(err)	((void *)(long)(err))
#define PTR_ERR(ptr)	((long)(ptr))
#define IS_ERR(ptr)	((unsigned long)(ptr) >= (unsigned long)-MAX_ERRNO)

/* task.c, sched.c: tasks (threads; a process is a group of them), the
 * scheduler, sleep and wakeup.
 *
 * One CPU and a non-preemptible kernel: kernel code runs until it returns
 * to user mode, sleeps or yields, so kernel data needs no locks, even
 * what threads share; only data shared with interrupt handlers (tty
 * input, ticks) is touched with interrupts off.  A leader that has
 * exited is a ZOMBIE until its parent reaps the process; another thread
 * is DEAD once it has exited, and freed when switched out. */
enum task_state { TASK_RUNNABLE, TASK_SLEEPING, TASK_ZOMBIE, TASK_DEAD };

struct k_sigaction {			/* as rt_sigaction passes it */
	uint64_t handler, flags, restorer, mask;
};

struct files_struct;
struct fs_struct;
struct inode;
struct mm_struct;

/* What getrusage reports (ticks, faults, KiB). */
struct rusage_counts {
	uint64_t utime, stime, min_flt, maj_flt, maxrss_kb;
};

/* cred.c: user and group ids (root when zero), as Linux's struct cred. */
#define NGROUPS		128		/* supplementary groups (Linux: 65536) */
struct cred {
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	int ngroups;
	uint32_t groups[NGROUPS];	/* sorted */
};
bool capable(void);			/* euid 0: CAP_SETUID, CAP_KILL, ... */
bool fs_capable(void);			/* fsuid 0: CAP_DAC_OVERRIDE, CAP_CHOWN */
bool in_group_p(uint32_t gid);

/* Signals waiting for delivery: bit (sig - 1) of signal, with the
 * si_code and the si_addr (or sender pid) of each, and for SI_USER and
 * SIGCHLD the sender's uid and the child's status.  A thread has its own
 * (tgkill, faults) and shares its process's (kill). */
struct sigpending {
	uint64_t signal;
	int code[64];
	uint64_t addr[64];
	uint32_t uid[64];
	int status[64];
	uint64_t value[64];		/* sigqueue's si_value */
	struct sigqueue *queue;		/* real-time signals sent again while
					 * pending, oldest first (signal_queue.c) */
};

/* The signal actions, shared by the threads of a process (CLONE_SIGHAND). */
struct sighand_struct {
	int count;			/* tasks using it */
	struct k_sigaction action[64];
};

#define SIGNAL_GROUP_EXIT	1	/* exit_group or a fatal signal: all go */
#define NR_RLIMITS	16

/*
 * What the threads of one process share, as Linux's signal_struct: the
 * thread list, process-directed pending signals, how the group is exiting,
 * the process group and session, itimers, limits, and the usage of exited
 * threads and reaped children.  Freed with the last task that uses it.
 */
struct signal_struct {
	int count;			/* task structs using it */
	int live;			/* threads that have not exited */
	int nr_threads;			/* threads on thread_head (a zombie
					 * leader included) */
	struct list_head thread_head;
	struct sigpending shared_pending;
	int nr_queued;			/* sigqueue entries of its pendings,
					 * against RLIMIT_SIGPENDING */
	unsigned flags;			/* SIGNAL_GROUP_EXIT */
	int group_exit_code;		/* the process's wait status, set by
					 * exit_group or the last thread */
	struct task *group_exec_task;	/* execve waiting for the others to go */
	int pgid, sid;
	uint64_t it_value[3];		/* itimers: REAL: deadline (timer_ns);
					 * VIRTUAL, PROF: ns left; 0 = off */
	uint64_t it_interval[3];	/* reload value in ns, 0 = one shot */
	uint64_t rlim_cur[NR_RLIMITS], rlim_max[NR_RLIMITS];
	struct rusage_counts dead;	/* exited threads, for RUSAGE_SELF */
	struct rusage_counts reaped;	/* reaped children: RUSAGE_CHILDREN */
	uint64_t maxrss_kb;		/* peak RSS, kept when the mm goes */
	int oom_score_adj;		/* /proc/PID/oom_score_adj, -1000..1000 */
	int oom_score_adj_min;		/* the lowest a non-root may set */
};

#define TASK_COMM_LEN	16
/*
 * A thread (Linux's task_struct).  pid is the thread id; tgid, the
 * process id, is the pid of the group leader, the first thread.  Threads
 * made with CLONE_VM|CLONE_SIGHAND|CLONE_THREAD share mm, signal and
 * sighand; with CLONE_FILES and CLONE_FS also files and fs.  Only leaders
 * are on their parent's children list.
 */
struct task {
	int pid, tgid;
	char comm[TASK_COMM_LEN];	/* program name, as in /proc/PID/status */
	enum task_state state;
	bool exiting;			/* in do_exit (Linux's PF_EXITING) */
	bool memalloc_noreclaim;	/* its allocations may not reclaim
					 * (Linux's PF_MEMALLOC; mm/pmm.c) */
	uint64_t ksp;			/* saved kernel rsp while switched out */
	void *kstack;			/* lowest address of the kernel stack */
	struct mm_struct *mm;
	struct mm_struct *active_mm;	/* the page tables in use: mm, or the
					 * exiting task's until it is switched out */
	struct task *parent;		/* of the process (leader's parent) */
	struct task *group_leader;
	struct list_head children, sibling, all, runq;
	struct list_head thread_node;	/* on signal->thread_head */
	struct signal_struct *signal;
	struct sighand_struct *sighand;
	int exit_signal;		/* sent to the parent at exit; -1: thread */
	const void *wait_chan;		/* what it sleeps on */
	struct list_head sleep_node;	/* on wait_chan's sleep queue */
	bool interruptible;		/* a signal ends the sleep */
	uint64_t wake_at;		/* timer_ns() deadline of the sleep, 0: none */
	struct list_head timer_node;	/* on the timed sleepers while wake_at */
	struct sigpending pending;	/* thread-directed signals */
	uint64_t sig_blocked;		/* bit (sig - 1) */
	uint64_t saved_sigmask;		/* sigsuspend: the mask to restore */
	bool restore_sigmask;
	struct files_struct *files;
	struct fs_struct *fs;
	uint64_t sas_sp, sas_size;	/* sigaltstack */
	int sas_flags;
	uint64_t fs_base;		/* arch_prctl(ARCH_SET_FS), CLONE_SETTLS */
	uint64_t clear_child_tid;	/* set_tid_address, CLONE_CHILD_CLEARTID */
	uint64_t robust_list;		/* set_robust_list's head */
	bool *vfork_done;	/* our vfork caller waits for it: we exec or exit */
	struct cred cred;		/* a copy each, as Linux's (threads: equal) */
	uint64_t min_flt, maj_flt;
	uint8_t fault_kind;		/* the fault's path (mm.h enum fault_kind) */
	uint64_t syscalls;		/* system calls made (Pagoda's status line) */
	uint64_t start_ticks, utime, stime;
	uint8_t fpu[512] __attribute__((aligned(16)));	/* fxsave area */
};

static inline bool thread_group_leader(const struct task *t)
{
	return t->group_leader == t;
}

/* Is t the only thread of its process (its leader possibly a zombie)? */
static inline bool thread_group_empty(const struct task *t)
{
	return t->signal->nr_threads == 1;
}

/* Iterate the threads of t's process. */
#define for_each_thread(t, th) \
	list_for_each_entry(th, &(t)->signal->thread_head, thread_node)

/* The current process's soft limit on resource res (Linux's rlimit()). */
#define rlimit(res)	(current->signal->rlim_cur[res])

extern struct task *current;
extern uint64_t kernel_stack_top;	/* current's, for the syscall entry */
extern struct list_head all_tasks;
void sched_init(void);
void sched_add(struct task *t);
void schedule(void);
void sched_tick(bool user);
void itimer_tick(bool user, uint64_t now);
extern bool need_resched;		/* the time slice is over */
static inline bool sched_need_resched(void)
{
	return need_resched;
}
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
void sleep_on_deadline(const void *chan, uint64_t deadline_ns);
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

/* task.c: task structs, lookup, init and kernel threads. */
extern struct task *init_task;
extern int nr_threads;				/* tasks that exist */
struct task *find_task(int pid);
int last_pid(void);
#define PID_MAX		4194304		/* Linux's PID_MAX_LIMIT on 64-bit */
#define UTS_RELEASE	"6.1.0-pagoda"	/* uname -r, /proc/sys/kernel/osrelease */
struct task *task_next(struct task *prev);	/* iterate all tasks */
struct task *alloc_task_struct(void);
void attach_pid(struct task *t);
struct signal_struct *signal_alloc(struct task *t);
struct sighand_struct *sighand_copy(const struct sighand_struct *old);
void free_task_struct(struct task *t);
void copy_thread(struct task *t, void *entry, uint64_t fn, uint64_t arg);
void start_init(char *const argv[], char *const envp[]);
__noreturn void enter_user(struct trapframe *tf);
struct task *kthread_create(int (*fn)(uint64_t), uint64_t arg, const char *name);

/* fork.c: fork, vfork, clone, clone3. */
int max_threads(void);
void vfork_release(struct task *t);

/* exit.c: exit, exit_group, wait4, resource usage. */
__noreturn void do_exit(int status);
__noreturn void do_group_exit(int status);
void mm_release(struct task *t);
void release_task(struct task *t);
struct rusage_counts task_usage(struct task *t, bool with_reaped);
struct rusage_counts thread_usage(struct task *t);
int put_rusage(void *ru, const struct rusage_counts *u);

/* sched.c: called by a task after it was switched to. */
void finish_task_switch(void);

/* exec.c, elf.c, binfmt_script.c: replacing a process's program;
 * coredump.c writes the ELF core file of a process killed by a core
 * signal. */
#define EM_X86_64	62
#define PT_LOAD		1
#define PF_X		1
#define PF_W		2
#define PF_R		4
struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};
struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};
bool do_coredump(int sig, const struct trapframe *tf);
int do_execve(const char *path, char *const kargv[], char *const kenvp[]);
struct file;
int load_elf_binary(struct file *f, uint64_t *entry, uint64_t *phdr_addr,
		    uint16_t *phnum);
/* binfmt_script.c: the "#!" line of a script. */
#define BINPRM_BUF_SIZE		256	/* bytes of a file exec looks at */
#define MAX_INTERP_DEPTH	5	/* interpreters that are scripts */
int parse_interp_line(char *buf, char **name, char **arg);

/* sys.c */
void get_random_bytes(void *buf, size_t n);

/* signal.c */
#define SIGBIT(sig)	(1ull << ((sig) - 1))
#define UNBLOCKABLE	(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* A signal taken for delivery, with its si_code and si_addr / sender
 * pid, the sender's uid, a child's status (SIGCHLD) and sigqueue's value. */
struct ksignal {
	int sig, code;
	uint64_t addr;
	uint32_t uid;
	int status;
	uint64_t value;
};
int send_signal_info(const struct ksignal *ks, struct task *t, bool group);
/* signal_queue.c: further sendings of a pending real-time signal. */
struct sigqueue *sigqueue_alloc(struct signal_struct *s, const struct ksignal *ks);
void sigqueue_append(struct sigpending *p, struct sigqueue *q);
struct sigqueue *sigqueue_take(struct sigpending *p, int sig, struct ksignal *ks);
void sigqueue_free(struct signal_struct *s, struct sigqueue *q);
void sigqueue_flush(struct sigpending *p, struct signal_struct *s, int sig);
int dequeue_signal(uint64_t mask, struct ksignal *ks);
bool kill_permitted(struct task *t, int sig);
int send_signal(struct task *t, int sig);
int send_sig_current(int sig);
void do_notify_parent(struct task *tsk, int sig);
void zap_other_threads(struct task *p);
void exit_signals(struct task *t);
void set_current_blocked(uint64_t set);
void force_sig_fault(int sig, int code, uint64_t addr);
/* A signal the current thread could take now, its own or its process's
 * (inline: every return to user mode asks). */
static inline bool signal_pending(void)
{
	return (current->pending.signal | current->signal->shared_pending.signal) &
	       ~(current->sig_blocked & ~UNBLOCKABLE);
}
bool get_signal(struct ksignal *ks, struct k_sigaction **ka, struct trapframe *tf);

/* signal_frame.c: a handler's frame on the user stack, rt_sigreturn,
 * sigaltstack; the siginfo_t of a signal. */
void do_signal(struct trapframe *tf);
/* A syscall that asked to be restarted once no handler runs (its signal
 * may have been taken by another thread meanwhile). */
static inline bool syscall_restart_pending(const struct trapframe *tf)
{
	return tf->vector == TRAP_SYSCALL && (int64_t)tf->rax == -ERESTARTSYS;
}
struct siginfo;
void copy_siginfo(struct siginfo *info, const struct ksignal *ks);

/* futex.c: fast user-space locking, robust lists. */
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu
#define FLAGS_SHARED		1	/* futex_wake: not FUTEX_PRIVATE_FLAG */
void futex_init(void);
int futex_wake(uint64_t uaddr, unsigned flags, int nr, uint32_t bitset);
void exit_robust_list(struct task *t);

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
