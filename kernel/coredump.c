/*
 * kernel/coredump.c - the ELF core file a core signal leaves behind, when
 * RLIMIT_CORE allows it (it is 0 by default, as on most systems).
 *
 * As Linux's do_coredump with core_pattern "core" and binfmt_elf's
 * elf_core_dump: the file "core" in the working directory holds an ELF
 * header, a PT_NOTE segment (NT_PRSTATUS with the signal, pid and user
 * registers; NT_PRPSINFO with the command name), then one PT_LOAD segment
 * per VMA.  Contents are written for the memory a debugger needs, as the
 * default coredump_filter: anonymous memory and file mappings that have
 * private anonymous pages; other file mappings (program text) are only
 * described.  A dump that does not fit in RLIMIT_CORE is not a dump.
 * Every thread has an NT_PRSTATUS, the one that took the signal first;
 * the others are switched out, their user registers saved at the top of
 * their kernel stacks (task_pt_regs).
 */
#include "kernel.h"
#include "x86.h"
#include "../mm/mm.h"
#include "../fs/fs.h"
#include <uapi/fcntl.h>
#include <uapi/resource.h>

#define ET_CORE		4
#define PT_NOTE		4
#define NT_PRSTATUS	1
#define NT_PRPSINFO	3

struct elf_prstatus {
	int si_signo, si_code, si_errno;
	short pr_cursig;
	uint64_t pr_sigpend, pr_sighold;
	int pr_pid, pr_ppid, pr_pgrp, pr_sid;
	uint64_t pr_times[8];		/* utime, stime, cutime, cstime */
	uint64_t pr_reg[27];		/* struct user_regs_struct */
	int pr_fpvalid;
};

struct elf_prpsinfo {
	char pr_state, pr_sname, pr_zomb, pr_nice;
	uint64_t pr_flag;
	uint32_t pr_uid, pr_gid;
	int pr_pid, pr_ppid, pr_pgrp, pr_sid;
	char pr_fname[16], pr_psargs[80];
};

/* One note: "CORE" name, then the descriptor, each padded to 4 bytes. */
struct core_note {
	uint32_t namesz, descsz, type;
	char name[8];
};

/* Each note's descriptor follows its 20-byte header at once. */
struct prstatus_note {
	struct core_note h;
	struct elf_prstatus st;
} __attribute__((packed));

struct prpsinfo_note {
	struct core_note h;
	struct elf_prpsinfo ps;
} __attribute__((packed));

struct dump {
	struct file *f;
	uint64_t pos, limit;
};

/* Write n bytes at the dump's position; false once RLIMIT_CORE is hit. */
static bool dump_emit(struct dump *d, const void *buf, uint64_t n)
{
	if (d->pos + n > d->limit || kernel_write(d->f, buf, n, d->pos) != (long)n)
		return false;
	d->pos += n;
	return true;
}

/* How much of vma's memory goes into the file (coredump_filter 0x33). */
static uint64_t vma_dump_size(const struct vm_area_struct *v)
{
	if (!(v->vm_flags & VM_READ))
		return 0;
	if (v->vm_file && !v->anon_vma && !vma_is_shmem(v))
		return 0;
	return v->vm_end - v->vm_start;
}

/* The user registers in struct user_regs_struct order. */
static void fill_regs(uint64_t *r, const struct trapframe *tf, uint64_t fs)
{
	const uint64_t regs[27] = {
		tf->r15, tf->r14, tf->r13, tf->r12, tf->rbp, tf->rbx, tf->r11,
		tf->r10, tf->r9, tf->r8, tf->rax, tf->rcx, tf->rdx, tf->rsi,
		tf->rdi, (uint64_t)-1, tf->rip, USER_CS, tf->rflags, tf->rsp,
		USER_DS, fs,
	};

	memcpy(r, regs, sizeof(regs));
}

/* Thread t's NT_PRSTATUS: the signal, its ids and user registers tf. */
static void fill_prstatus(struct prstatus_note *n, struct task *t, int sig,
			  const struct trapframe *tf, uint64_t fs)
{
	struct elf_prstatus st = {
		.si_signo = sig, .pr_cursig = (short)sig,
		.pr_sigpend = t->pending.signal, .pr_sighold = t->sig_blocked,
		.pr_pid = t->pid, .pr_ppid = t->parent ? t->parent->tgid : 0,
		.pr_pgrp = t->signal->pgid, .pr_sid = t->signal->sid,
	};

	fill_regs(st.pr_reg, tf, fs);
	n->h = (struct core_note){ 5, sizeof(st), NT_PRSTATUS, "CORE" };
	n->st = st;
}

/* The process's NT_PRPSINFO: its command name and ids. */
static void fill_prpsinfo(struct prpsinfo_note *n)
{
	struct task *t = current;

	struct elf_prpsinfo ps = {
		.pr_sname = 'R', .pr_pid = t->tgid,
		.pr_ppid = t->parent ? t->parent->tgid : 0,
		.pr_pgrp = t->signal->pgid, .pr_sid = t->signal->sid,
	};

	strlcpy(ps.pr_fname, t->comm, sizeof(ps.pr_fname));
	strlcpy(ps.pr_psargs, t->comm, sizeof(ps.pr_psargs));
	n->h = (struct core_note){ 5, sizeof(ps), NT_PRPSINFO, "CORE" };
	n->ps = ps;
}

/* The threads that have registers to dump: all but zombies. */
static int dump_threads(void)
{
	struct task *t;
	int n = 0;

	for_each_thread(current, t)
		n += t->state != TASK_ZOMBIE;
	return n;
}

/* The note segment: the current thread's NT_PRSTATUS (registers tf),
 * NT_PRPSINFO, then an NT_PRSTATUS for each other thread, as Linux. */
static bool dump_notes(struct dump *d, int sig, const struct trapframe *tf)
{
	struct prstatus_note st;
	struct prpsinfo_note ps;
	struct task *t;

	fill_prstatus(&st, current, sig, tf, rdmsr(MSR_FS_BASE));
	fill_prpsinfo(&ps);
	if (!dump_emit(d, &st, sizeof(st)) || !dump_emit(d, &ps, sizeof(ps)))
		return false;
	for_each_thread(current, t) {
		if (t == current || t->state == TASK_ZOMBIE)
			continue;
		fill_prstatus(&st, t, sig, task_pt_regs(t), t->fs_base);
		if (!dump_emit(d, &st, sizeof(st)))
			return false;
	}
	return true;
}

/* The headers: ELF header, the note's and each VMA's program header. */
static bool dump_headers(struct dump *d, struct mm_struct *mm, int nvma,
			 uint64_t notes_size)
{
	struct elf64_ehdr eh = {
		.e_ident = { 0x7f, 'E', 'L', 'F', 2, 1, 1 },
		.e_type = ET_CORE, .e_machine = EM_X86_64, .e_version = 1,
		.e_phoff = sizeof(eh), .e_ehsize = sizeof(eh),
		.e_phentsize = sizeof(struct elf64_phdr), .e_phnum = nvma + 1,
	};
	uint64_t off = sizeof(eh) + (nvma + 1) * sizeof(struct elf64_phdr);
	struct elf64_phdr ph = { .p_type = PT_NOTE, .p_offset = off,
				 .p_filesz = notes_size };

	if (!dump_emit(d, &eh, sizeof(eh)) || !dump_emit(d, &ph, sizeof(ph)))
		return false;
	off = PAGE_ALIGN(off + notes_size);
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		ph = (struct elf64_phdr){
			.p_type = PT_LOAD, .p_offset = off, .p_vaddr = v->vm_start,
			.p_filesz = vma_dump_size(v),
			.p_memsz = v->vm_end - v->vm_start, .p_align = PAGE_SIZE,
			.p_flags = (v->vm_flags & VM_READ ? PF_R : 0) |
				   (v->vm_flags & VM_WRITE ? PF_W : 0) |
				   (v->vm_flags & VM_EXEC ? PF_X : 0),
		};
		off += ph.p_filesz;
		if (!dump_emit(d, &ph, sizeof(ph)))
			return false;
	}
	return true;
}

/* The memory of each VMA, page by page; a page that cannot be read (a
 * file mapping past the end of its file) is written as zeros. */
static bool dump_memory(struct dump *d, struct mm_struct *mm, char *page)
{
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next) {
		uint64_t size = vma_dump_size(v);
		for (uint64_t a = v->vm_start; a < v->vm_start + size; a += PAGE_SIZE) {
			if (copy_from_user(page, (void *)a, PAGE_SIZE))
				memset(page, 0, PAGE_SIZE);
			if (!dump_emit(d, page, PAGE_SIZE))
				return false;
		}
	}
	return true;
}

/*
 * Write the core file of the current process, dying of sig with user
 * registers tf.  Returns true if a whole core was written (the wait
 * status then has WCOREDUMP), false if RLIMIT_CORE is below a page, the
 * file cannot be created or the dump does not fit in the limit.
 */
bool do_coredump(int sig, const struct trapframe *tf)
{
	struct mm_struct *mm = current->mm;
	struct dump d = { .limit = rlimit(RLIMIT_CORE) };

	if (!mm || d.limit < PAGE_SIZE)
		return false;
	char *page = kzalloc(PAGE_SIZE);	/* zeros: the padding */
	d.f = filp_open("core", O_CREAT | O_WRONLY | O_TRUNC | O_NOFOLLOW, 0600);
	bool ok = page && !IS_ERR(d.f);
	if (ok) {
		int nvma = 0;
		for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
			nvma++;
		uint64_t notes_size = sizeof(struct prpsinfo_note) +
			dump_threads() * sizeof(struct prstatus_note);
		ok = dump_headers(&d, mm, nvma, notes_size) &&
		     dump_notes(&d, sig, tf);
		uint64_t start = PAGE_ALIGN(d.pos);
		ok = ok && (start == d.pos || dump_emit(&d, page, start - d.pos));
		ok = ok && dump_memory(&d, mm, page);
	}
	if (!IS_ERR(d.f))
		fput(d.f);
	kfree(page);
	return ok;
}
