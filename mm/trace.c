/*
 * mm/trace.c - the trace=mm lines, as strace and Linux's fault paths name
 * things: symbolic flags and errno names in syscall lines, the kind of
 * each fault, and fork/exec/exit/OOM lines.
 *
 *   trace=mm          mm syscalls, page faults, fork/exec/exit/OOM
 *   trace=all         ... and every other syscall
 *   trace=mm,pid=N    only process N and its descendants
 *
 * A fault's kind is recorded in current->fault_kind by the path of
 * mm/fault.c that decides it (enum fault_kind in mm.h) and printed here,
 * once, by do_page_fault's call of trace_fault:
 *   "[pid] fault ADDR read|write|exec [present] [(kernel)] -> KIND".
 */
#include "mm.h"
#include "../kernel/syscalls.h"
#include <uapi/mman.h>
#include <uapi/errno.h>

bool mm_tracing;
bool trace_all;
static int trace_pid;		/* pid=N: only N and its descendants; 0: all */

/* Read trace=mm|all[,pid=N] once, at mm_init (syscall_init reads the
 * result): mm_tracing for both, trace_all for every syscall. */
void trace_parse(const char *opt)
{
	const char *pid;
	uint64_t n;

	if (!opt)
		return;
	trace_all = !strncmp(opt, "all", 3) && (!opt[3] || opt[3] == ',');
	mm_tracing = trace_all ||
		     (!strncmp(opt, "mm", 2) && (!opt[2] || opt[2] == ','));
	pid = strstr(opt, ",pid=");
	if (pid && !kstrtou64(pid + 5, &n))
		trace_pid = n;
}

/* Does the pid= filter let current's lines through: it is the process
 * named, or descends from it? */
bool trace_wanted(void)
{
	if (!trace_pid)
		return true;
	for (struct task *t = current; t; t = t->group_leader->parent)
		if (t->tgid == trace_pid)
			return true;
	return false;
}

/* One line "[pid] ..." when tracing and the filter lets it through. */
void mm_trace(const char *fmt, ...)
{
	va_list ap;

	if (!mm_tracing || !trace_wanted())
		return;
	printk("[%d] ", current->pid);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

static const char *const fault_kind_names[] = {
	[FK_NONE] = "ok",		[FK_ZERO_PAGE] = "zero-page",
	[FK_ANON] = "anon",		[FK_COW_COPY] = "cow-copy",
	[FK_COW_ZERO] = "cow-zero",	[FK_COW_REUSE] = "cow-reuse",
	[FK_FILE] = "file",		[FK_SHMEM] = "shmem",
	[FK_SPECIAL] = "special",	[FK_FILE_COW] = "file-cow",
	[FK_SHARED_WRITE] = "shared-write",
	[FK_PAGE_MKWRITE] = "page-mkwrite",
	[FK_SWAP_IN] = "swap-in",	[FK_HUGE] = "huge",
	[FK_SPURIOUS] = "spurious",
};

static const char *const fault_result_names[] = {
	[VM_FAULT_SIGSEGV] = "SIGSEGV maperr", [VM_FAULT_ACCERR] = "SIGSEGV accerr",
	[VM_FAULT_SIGBUS] = "SIGBUS",	[VM_FAULT_OOM] = "OOM",
};

/* The line of a fault that ended with r (a VM_FAULT_* code); major: it
 * read from the store (file-major, else file-minor). */
void trace_fault(uint64_t addr, unsigned flags, int r, bool major)
{
	unsigned k = current->fault_kind;
	const char *kind = r ? fault_result_names[r] :
			   fault_kind_names[k & FK_KIND];

	if ((k & FK_KIND) == FK_FILE && !r)
		kind = major ? "file-major" : "file-minor";
	mm_trace("fault %lx %s%s%s -> %s%s%s%s\n", addr,
		 flags & FAULT_FLAG_WRITE ? "write" :
		 flags & FAULT_FLAG_INSTRUCTION ? "exec" : "read",
		 flags & FAULT_FLAG_PRESENT ? " present" : "",
		 flags & FAULT_FLAG_USER ? "" : " (kernel)", kind,
		 major && (k & FK_KIND) != FK_FILE && !r ? " major" : "",
		 k & FK_AROUND ? " around" : "",
		 k & FK_STACK_GROW ? " stack-grow" : "");
}

/* A flag word's names, as strace prints them. */
struct flag_name {
	uint64_t bits;
	const char *name;
};
#define F(x) { x, #x }
static const struct flag_name prot_flags[] = {
	F(PROT_READ), F(PROT_WRITE), F(PROT_EXEC), F(PROT_GROWSDOWN),
	F(PROT_GROWSUP), { 0, NULL }
};
static const struct flag_name map_flags[] = {	/* after the MAP_TYPE field */
	F(MAP_FIXED), F(MAP_ANONYMOUS), F(MAP_32BIT), F(MAP_GROWSDOWN),
	F(MAP_DENYWRITE), F(MAP_EXECUTABLE), F(MAP_LOCKED), F(MAP_NORESERVE),
	F(MAP_POPULATE), F(MAP_NONBLOCK), F(MAP_STACK), F(MAP_HUGETLB),
	F(MAP_SYNC), F(MAP_FIXED_NOREPLACE), F(MAP_UNINITIALIZED), { 0, NULL }
};
static const struct flag_name msync_flags[] = {
	F(MS_ASYNC), F(MS_INVALIDATE), F(MS_SYNC), { 0, NULL }
};
static const struct flag_name mcl_flags[] = {
	F(MCL_CURRENT), F(MCL_FUTURE), F(MCL_ONFAULT), { 0, NULL }
};
static const struct flag_name mlock2_flags[] = {
	F(MLOCK_ONFAULT), { 0, NULL }
};
static const struct flag_name mremap_flags[] = {
	F(MREMAP_MAYMOVE), F(MREMAP_FIXED), F(MREMAP_DONTUNMAP), { 0, NULL }
};
static const char *const madv_names[] = {
#define M(x) [x] = #x
	M(MADV_NORMAL), M(MADV_RANDOM), M(MADV_SEQUENTIAL), M(MADV_WILLNEED),
	M(MADV_DONTNEED), M(MADV_FREE), M(MADV_REMOVE), M(MADV_DONTFORK),
	M(MADV_DOFORK), M(MADV_MERGEABLE), M(MADV_UNMERGEABLE),
	M(MADV_HUGEPAGE), M(MADV_NOHUGEPAGE), M(MADV_DONTDUMP), M(MADV_DODUMP),
	M(MADV_WIPEONFORK), M(MADV_KEEPONFORK), M(MADV_COLD), M(MADV_PAGEOUT),
	M(MADV_POPULATE_READ), M(MADV_POPULATE_WRITE), M(MADV_COLLAPSE),
#undef M
};
static const char *const map_types[] = {
	[MAP_SHARED] = "MAP_SHARED", [MAP_PRIVATE] = "MAP_PRIVATE",
	[MAP_SHARED_VALIDATE] = "MAP_SHARED_VALIDATE",
};

/* Print the names of v's bits in t joined by '|', with any bits left
 * over in hex after them, or empty when zero is "0"; returns the length
 * (snprintf's: what it would be). */
static int format_flags(char *buf, size_t size, const struct flag_name *t,
			const char *first, uint64_t v)
{
	int n = 0;

#define PUT(...) (n += snprintf(buf + MIN((size_t)n, size), \
				size - MIN((size_t)n, size), __VA_ARGS__))
	if (first)
		PUT("%s", first);
	for (; t->name; t++)
		if (v & t->bits) {
			PUT("%s%s", n ? "|" : "", t->name);
			v &= ~t->bits;
		}
	if (v || !n)
		PUT(n ? "|%#lx" : "%#lx", v);
#undef PUT
	return n;
}

/* An argument of an mm call that strace prints by name (flags, advice):
 * its text into buf, returning its length; -1 if printed as a number. */
int trace_format_arg(unsigned nr, unsigned i, uint64_t v, char *buf,
		     size_t size)
{
	uint32_t w = v;

	if (((nr == __NR_mmap && i == 2) || (nr == __NR_mprotect && i == 2)))
		return w ? format_flags(buf, size, prot_flags, NULL, w)
			 : snprintf(buf, size, "PROT_NONE");
	if (nr == __NR_mmap && i == 3)
		return format_flags(buf, size, map_flags,
				    map_types[w & 3] ?: "0", w & ~3u);
	if (nr == __NR_madvise && i == 2 && w < ARRAY_SIZE(madv_names) &&
	    madv_names[w])
		return snprintf(buf, size, "%s", madv_names[w]);
	const struct flag_name *t =
		nr == __NR_msync && i == 2 ? msync_flags :
		nr == __NR_mlockall && i == 0 ? mcl_flags :
		nr == __NR_mlock2 && i == 2 ? mlock2_flags :
		nr == __NR_mremap && i == 3 ? mremap_flags : NULL;
	return t ? format_flags(buf, size, t, NULL, w) : -1;
}

static const struct { const char *name, *msg; } errnos[] = {
#include "errnames.h"
};

/* A failed call's result as strace prints it: "-1 ENAME (message)". */
int trace_format_errno(char *buf, size_t size, long ret)
{
	long e = -ret;

	if (e < (long)ARRAY_SIZE(errnos) && errnos[e].name)
		return snprintf(buf, size, "-1 %s (%s)", errnos[e].name,
				errnos[e].msg);
	return snprintf(buf, size, "-1 errno %ld", e);
}
