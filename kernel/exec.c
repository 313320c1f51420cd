/*
 * kernel/exec.c - execve: replace the program of the current process.
 *
 * The arguments and environment are copied into the kernel first (the old
 * program's memory is about to go).  A new address space is then built
 * and made current: the ELF loader maps the program, the vDSO is mapped
 * below mmap_base (kernel/vdso/vma.c), and the stack gets the strings, the
 * argv/envp pointer arrays and the auxiliary vector (AT_SYSINFO_EHDR
 * first, as on Linux), laid out as Linux does:
 *
 *     STACK_TOP  [ 8 zero bytes ][ file name ][ env strings ][ arg strings ]
 *                [ "x86_64" ][ 16 random bytes (AT_RANDOM) ] (padding)
 *                [ auxv pairs, AT_NULL ][ envp..., NULL ][ argv..., NULL ]
 *     rsp ->     [ argc ]                      (rsp is 16-byte aligned)
 *
 * A "#!" script runs its interpreter (find_program, and the line's rules
 * in binfmt_script.c), with the script's name in the new argv; the name
 * the caller gave stays the program's name (comm, AT_EXECFN).
 *
 * Until the new program is complete, a failure switches back to the old
 * address space and execve returns the error to the old program.  Then
 * the other threads of the process are killed (de_thread) and the caller,
 * whichever thread it was, goes on as the process with its pid.
 */
#include "kernel.h"
#include "x86.h"
#include "../mm/mm.h"
#include "../fs/fs.h"
#include "syscalls.h"
#include "vdso/vdso.h"
#include <uapi/auxv.h>
#include <uapi/mman.h>
#include <uapi/signal.h>

#define ARG_BUF_SIZE	(256 * 1024)	/* all strings of argv and envp */
#define MAX_ARGS	8192
#define STACK_INITIAL	(128 * 1024)

/* argv and envp, copied into one kernel buffer. */
struct exec_args {
	char *buf;
	size_t used;
	int argc, envc;
	char *argv[MAX_ARGS];		/* argv then envp, pointing into buf */
	uint64_t uptr[MAX_ARGS];	/* their addresses on the new stack */
	uint64_t table[2 * MAX_ARGS + 64];	/* argc, argv, envp, auxv */
};

/* Append one string to the buffer; 0, -E2BIG or -EFAULT. */
static int add_string(struct exec_args *a, const char *s, bool user)
{
	if (a->argc + a->envc >= MAX_ARGS)
		return -E2BIG;
	long room = ARG_BUF_SIZE - a->used;
	long n = user ? strncpy_from_user(a->buf + a->used, s, room)
		      : (long)strlcpy(a->buf + a->used, s, room);
	if (n < 0)
		return n;
	if (n >= room)
		return -E2BIG;
	a->argv[a->argc + a->envc] = a->buf + a->used;
	a->used += n + 1;
	return 0;
}

/* Copy a NULL-terminated array of strings; counts into *count. */
static int copy_strings(struct exec_args *a, char *const *v, bool user, int *count)
{
	for (int i = 0; v; i++) {
		char *s;
		if (user) {
			if (copy_from_user(&s, &v[i], sizeof(s)))
				return -EFAULT;
		} else {
			s = v[i];
		}
		if (!s)
			break;
		int err = add_string(a, s, user);
		if (err)
			return err;
		(*count)++;
	}
	return 0;
}

static uint64_t push_bytes(uint64_t *sp, const void *data, size_t n, int *err)
{
	*sp -= n;
	if (copy_to_user((void *)*sp, data, n))
		*err = -EFAULT;
	return *sp;
}

/* Build the initial stack; returns the initial rsp, or 0 on a fault. */
static uint64_t create_stack(struct exec_args *a, const char *filename,
			     uint64_t entry, uint64_t phdr, uint16_t phnum,
			     uint64_t vdso)
{
	struct mm_struct *mm = current->mm;
	uint64_t sp = STACK_TOP - 8;
	int err = 0, n = a->argc + a->envc;
	uint8_t rnd[16];

	uint64_t execfn = push_bytes(&sp, filename, strlen(filename) + 1, &err);
	mm->env_end = sp;
	for (int i = n - 1; i >= 0; i--) {
		a->uptr[i] = push_bytes(&sp, a->argv[i], strlen(a->argv[i]) + 1, &err);
		if (i == a->argc)
			mm->env_start = sp;
	}
	mm->arg_start = sp;
	mm->arg_end = a->envc ? mm->env_start : mm->env_end;
	if (!a->envc)
		mm->env_start = mm->env_end;
	sp &= ~15ull;
	uint64_t platform = push_bytes(&sp, "x86_64", 7, &err);
	get_random_bytes(rnd, sizeof(rnd));
	uint64_t random = push_bytes(&sp, rnd, sizeof(rnd), &err);
	uint32_t eax, ebx, ecx, edx;
	cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	const uint64_t auxv[] = {
		AT_SYSINFO_EHDR, vdso, AT_HWCAP, edx, AT_PAGESZ, PAGE_SIZE,
		AT_CLKTCK, TIMER_HZ,
		AT_PHDR, phdr, AT_PHENT, 56, AT_PHNUM, phnum, AT_BASE, 0,
		AT_FLAGS, 0, AT_ENTRY, entry, AT_UID, 0, AT_EUID, 0, AT_GID, 0,
		AT_EGID, 0, AT_SECURE, 0, AT_RANDOM, random, AT_HWCAP2, 0,
		AT_EXECFN, execfn, AT_PLATFORM, platform, AT_NULL, 0,
	};
	/* argc, argv[] NULL, envp[] NULL, auxv: built in a->table, copied once */
	uint64_t *t = a->table, w = 0;
	t[w++] = a->argc;
	for (int i = 0; i < a->argc; i++)
		t[w++] = a->uptr[i];
	t[w++] = 0;
	for (int i = a->argc; i < n; i++)
		t[w++] = a->uptr[i];
	t[w++] = 0;
	memcpy(&t[w], auxv, sizeof(auxv));
	w += ARRAY_SIZE(auxv);
	sp = (sp - w * 8) & ~15ull;
	err |= copy_to_user((void *)sp, t, w * 8);
	return err ? 0 : sp;
}

/* The stack VMA: STACK_INITIAL bytes below STACK_TOP that grow down. */
static int setup_stack(void)
{
	int64_t r = do_mmap(NULL, STACK_TOP - STACK_INITIAL, STACK_INITIAL,
			    PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, 0);
	if (r < 0)
		return r;
	return 0;
}

/* The new program's registers, FPU state, signal actions and name. */
static void start_thread(const char *path, uint64_t entry, uint64_t sp)
{
	struct trapframe *tf = task_pt_regs(current);
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	strlcpy(current->comm, base, sizeof(current->comm));
	memset(tf, 0, sizeof(*tf));
	tf->rip = entry;
	tf->rsp = sp;
	tf->cs = USER_CS;
	tf->ss = USER_DS;
	tf->rflags = RFLAGS_IF;
	tf->vector = TRAP_SYSCALL;
	struct k_sigaction *action = current->sighand->action;
	for (int i = 0; i < 64; i++) {
		if (action[i].handler != (uint64_t)SIG_IGN)
			action[i].handler = (uint64_t)SIG_DFL;
		action[i].flags = 0;
		action[i].mask = 0;
	}
	current->sas_sp = current->sas_size = 0;
	current->fs_base = 0;
	wrmsr(MSR_FS_BASE, 0);
	fpu_init_task(current);
	__asm__ volatile("fxrstor %0" : : "m"(current->fpu));
}

/* Make mm (NULL: none, the kernel's tables) the current address space. */
static void use_mm(struct mm_struct *mm)
{
	current->mm = current->active_mm = mm;
	pgtable_switch(mm ? mm->pml4 : kernel_pml4);
}

/* Give the caller signal actions of its own if another process shares
 * them (CLONE_SIGHAND without CLONE_THREAD); 0 or -ENOMEM. */
static int unshare_sighand(struct task *tsk)
{
	struct sighand_struct *old = tsk->sighand, *sh;

	if (old->count == 1)
		return 0;
	if (!(sh = sighand_copy(old)))
		return -ENOMEM;
	old->count--;
	tsk->sighand = sh;
	return 0;
}

/* Are the other threads of tsk's process gone (a leader: a zombie)? */
static bool others_gone(struct task *tsk)
{
	if (thread_group_leader(tsk))
		return thread_group_empty(tsk);
	return tsk->signal->nr_threads == 2 &&
	       tsk->group_leader->state == TASK_ZOMBIE;
}

/* A thread that is not the leader execs: it takes over the zombie
 * leader's pid and place under the parent, and the leader is freed. */
static void take_over_leader(struct task *tsk)
{
	struct task *leader = tsk->group_leader;
	int tid = tsk->pid;

	tsk->pid = leader->pid;
	leader->pid = tid;
	tsk->start_ticks = leader->start_ticks;
	tsk->parent = leader->parent;
	list_add(&tsk->sibling, &leader->sibling);
	list_del(&leader->sibling);
	tsk->group_leader = leader->group_leader = tsk;
	tsk->exit_signal = SIGCHLD;
	leader->exit_signal = -1;
	release_task(leader);
}

/*
 * Make the caller the only thread of its process (Linux's de_thread):
 * SIGKILL the others and wait until they are gone; a non-leader then
 * becomes the leader, so the process keeps its pid.  0, -EAGAIN if the
 * process is exiting already, or -ENOMEM.
 */
static int de_thread(struct task *tsk)
{
	struct signal_struct *sig = tsk->signal;

	if (!thread_group_empty(tsk)) {
		if ((sig->flags & SIGNAL_GROUP_EXIT) || sig->group_exec_task)
			return -EAGAIN;
		sig->group_exec_task = tsk;
		zap_other_threads(tsk);
		while (!others_gone(tsk))
			sleep_on(&sig->group_exec_task);
		if (!thread_group_leader(tsk))
			take_over_leader(tsk);
		sig->group_exec_task = NULL;
	}
	tsk->exit_signal = SIGCHLD;
	return unshare_sighand(tsk);
}

/*
 * Map the program and its stack into a new mm; then, the point of no
 * return for the other threads, become the only thread (de_thread) and
 * release the old mm as exit does (robust futexes, clear_child_tid, a
 * vfork parent).  On failure before that the old mm is current again.
 * Returns 0 or -errno.
 */
static int exec_mmap(struct file *f, struct exec_args *a, const char *path,
		     uint64_t *entry, uint64_t *sp)
{
	struct mm_struct *old = current->mm, *mm = mm_alloc();
	uint64_t phdr;
	uint16_t phnum;
	int64_t vdso = 0;

	if (!mm)
		return -ENOMEM;
	mm->thp_disabled = old && old->thp_disabled;	/* kept, as Linux's */
	use_mm(mm);
	int err = load_elf_binary(f, entry, &phdr, &phnum);
	if (!err)
		err = setup_stack();
	if (!err && (vdso = map_vdso(mm)) < 0)
		err = vdso;
	if (!err && !(*sp = create_stack(a, path, *entry, phdr, phnum, vdso)))
		err = -EFAULT;
	if (!err)
		mm->start_stack = *sp;
	use_mm(old);
	if (!err && old)
		err = de_thread(current);
	if (err) {
		mmput(mm);
		return err;
	}
	if (old) {
		exit_robust_list(current);
		mm_release(current);
	}
	use_mm(mm);
	get_file(f);
	deny_write_access(f);		/* cannot fail: exec holds a denial */
	mm->exe_file = f;
	if (old)
		mmput(old);
	return 0;
}

/* Put s in front of argv; 0 or -E2BIG. */
static int prepend_arg(struct exec_args *a, const char *s)
{
	int n = a->argc + a->envc;
	size_t len = strlen(s) + 1;

	if (n >= MAX_ARGS || len > ARG_BUF_SIZE - a->used)
		return -E2BIG;
	memcpy(a->buf + a->used, s, len);
	memmove(&a->argv[1], &a->argv[0], n * sizeof(a->argv[0]));
	a->argv[0] = a->buf + a->used;
	a->used += len;
	a->argc++;
	return 0;
}

/* A script's argv, as Linux's load_script: argv[0] goes, and the
 * interpreter, its optional argument and the script's name (file, as the
 * caller gave it) come in front.  0 or -E2BIG. */
static int script_argv(struct exec_args *a, const char *file, const char *name,
		       const char *arg)
{
	if (a->argc) {
		memmove(&a->argv[0], &a->argv[1],
			(a->argc + a->envc - 1) * sizeof(a->argv[0]));
		a->argc--;
	}
	int err = prepend_arg(a, file);
	if (!err && arg)
		err = prepend_arg(a, arg);
	return err ? err : prepend_arg(a, name);
}

/* Open file for exec and read its first bytes into buf (zero-filled):
 * a regular file the task may execute and nobody writes. */
static struct file *open_exec(const char *file, char *buf)
{
	struct file *f = filp_open(file, O_RDONLY, 0);

	if (IS_ERR(f))
		return f;
	int err = file_may_exec(f);
	if (!err)
		err = deny_write_access(f);
	if (err) {
		fput(f);
		return ERR_PTR(err);
	}
	memset(buf, 0, BINPRM_BUF_SIZE);
	long n = kernel_read(f, buf, BINPRM_BUF_SIZE, 0);
	if (n < 0) {
		allow_write_access(f);
		fput(f);
		return ERR_PTR(n);
	}
	return f;
}

/*
 * The program to run for path: the file itself, or for a "#!" script its
 * interpreter (again and again, at most MAX_INTERP_DEPTH scripts: ELOOP),
 * with a's argv rewritten.  Returns the open file, denied for writing, or
 * ERR_PTR.
 */
static struct file *find_program(const char *path, struct exec_args *a)
{
	char *buf = kmalloc(BINPRM_BUF_SIZE), *file = kmalloc(PATH_MAX);
	struct file *f = buf && file ? NULL : ERR_PTR(-ENOMEM);

	if (file)
		strlcpy(file, path, PATH_MAX);
	for (int depth = 0; !f; depth++) {
		char *name, *arg;
		f = depth > MAX_INTERP_DEPTH ? ERR_PTR(-ELOOP) : open_exec(file, buf);
		if (IS_ERR(f) || parse_interp_line(buf, &name, &arg))
			break;
		allow_write_access(f);
		fput(f);
		int err = script_argv(a, file, name, arg);
		f = err ? ERR_PTR(err) : NULL;
		strlcpy(file, name, PATH_MAX);
	}
	kfree(buf);
	kfree(file);
	return f;
}

/* execve with the arguments already in a; returns 0 or -errno. */
static int exec_args_run(const char *path, struct exec_args *a)
{
	uint64_t entry, sp;
	struct file *f = find_program(path, a);

	if (IS_ERR(f))
		return PTR_ERR(f);
	int err = exec_mmap(f, a, path, &entry, &sp);
	allow_write_access(f);
	fput(f);
	if (err)
		return err;
	files_close_on_exec(current->files);
	start_thread(path, entry, sp);
	mm_trace("exec %s\n", path);
	mm_check(current->mm);
	return 0;
}

static struct exec_args *exec_args_alloc(void)
{
	struct exec_args *a = kzalloc(sizeof(*a));

	if (a && !(a->buf = kmalloc(ARG_BUF_SIZE))) {
		kfree(a);
		a = NULL;
	}
	return a;
}

static void exec_args_free(struct exec_args *a)
{
	kfree(a->buf);
	kfree(a);
}

/* execve from the kernel (init) with kernel arrays. */
int do_execve(const char *path, char *const kargv[], char *const kenvp[])
{
	struct exec_args *a = exec_args_alloc();

	if (!a)
		return -ENOMEM;
	int err = copy_strings(a, kargv, false, &a->argc);
	if (!err)
		err = copy_strings(a, kenvp, false, &a->envc);
	if (!err)
		err = exec_args_run(path, a);
	exec_args_free(a);
	return err;
}

SYSCALL_DEFINE3(execve, const char *, upath, char *const *, uargv,
		char *const *, uenvp)
{
	struct exec_args *a = exec_args_alloc();
	char *path = getname(upath, false);
	int err = IS_ERR(path) ? PTR_ERR(path) : 0;

	if (!a)
		err = -ENOMEM;
	if (!err)
		err = copy_strings(a, uargv, true, &a->argc);
	if (!err && !a->argc && !(err = add_string(a, "", false)))
		a->argc = 1;			/* Linux: an empty argv gets "" */
	if (!err)
		err = copy_strings(a, uenvp, true, &a->envc);
	if (!err)
		err = exec_args_run(path, a);
	if (a)
		exec_args_free(a);
	if (!IS_ERR(path))
		putname(path);
	return err;
}
