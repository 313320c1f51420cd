/*
 * kernel/cpuinfo.c - /proc/cpuinfo from CPUID, in the layout of Linux's
 * arch/x86/kernel/cpu/proc.c (show_cpuinfo): "key\t: value" lines, keys
 * padded with tabs to column 16, one block for the one CPU, then a blank
 * line.  The flags are Linux's names for the CPUID bits, in Linux's order
 * (leaf 1 EDX, 0x80000001 EDX, leaf 1 ECX, 0x80000001 ECX, leaf 7 EBX);
 * Linux's synthetic flags (constant_tsc, ...) and the timing lines (cpu
 * MHz, bogomips) are not shown.
 */
#include "kernel.h"
#include "x86.h"
#include "../fs/fs.h"

/* Names of the bits of one CPUID register; NULL for a bit Linux hides. */
static const char *const leaf1_edx[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic",
	NULL, "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn",
	"clflush", NULL, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss",
	"ht", "tm", "ia64", "pbe",
};
static const char *const ext1_edx[32] = {
	[11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext",
	[25] = "fxsr_opt", [26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm",
	[30] = "3dnowext", [31] = "3dnow",
};
static const char *const leaf1_ecx[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est",
	"tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL,
	"pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
	"tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c", "rdrand",
	"hypervisor",
};
static const char *const ext1_ecx[32] = {
	"lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm",
	"sse4a", "misalignsse", "3dnowprefetch", "osvw", "ibs", "xop",
	"skinit", "wdt", NULL, "lwp", "fma4", "tce", NULL, "nodeid_msr", NULL,
	"tbm", "topoext", "perfctr_core", "perfctr_nb", NULL, "bpext",
	"ptsc", "perfctr_llc", "mwaitx",
};
static const char *const leaf7_ebx[32] = {
	"fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", NULL, "smep",
	"bmi2", "erms", "invpcid", "rtm", "cqm", NULL, "mpx", "rdt_a",
	"avx512f", "avx512dq", "rdseed", "adx", "smap", "avx512ifma", NULL,
	"clflushopt", "clwb", "intel_pt", "avx512pf", "avx512er", "avx512cd",
	"sha_ni", "avx512bw", "avx512vl",
};

static void show_flags(struct seqbuf *m, const char *const names[32],
		       uint32_t bits)
{
	for (int i = 0; i < 32; i++)
		if ((bits >> i & 1) && names[i])
			seq_printf(m, " %s", names[i]);
}

/* The brand string of leaves 0x80000002-4, leading spaces dropped. */
static void model_name(char name[49], uint32_t max_ext)
{
	uint32_t *w = (uint32_t *)name;

	memset(name, 0, 49);
	if (max_ext < 0x80000004) {
		strlcpy(name, "unknown", 49);
		return;
	}
	for (uint32_t i = 0; i < 3; i++)
		cpuid(0x80000002 + i, 0, &w[4 * i], &w[4 * i + 1],
		      &w[4 * i + 2], &w[4 * i + 3]);
	size_t skip = 0;
	while (name[skip] == ' ')
		skip++;
	memmove(name, name + skip, 49 - skip);
}

static void show_cpu_flags(struct seqbuf *m, uint32_t max, uint32_t max_ext,
			   uint32_t ecx1, uint32_t edx1)
{
	uint32_t a, b, c = 0, d = 0, b7 = 0;

	if (max_ext >= 0x80000001)
		cpuid(0x80000001, 0, &a, &b, &c, &d);
	if (max >= 7)
		cpuid(7, 0, &a, &b7, &a, &a);
	seq_printf(m, "flags\t\t:");
	show_flags(m, leaf1_edx, edx1);
	show_flags(m, ext1_edx, d);
	show_flags(m, leaf1_ecx, ecx1);
	show_flags(m, ext1_ecx, c);
	show_flags(m, leaf7_ebx, b7);
	seq_putc(m, '\n');
}

int cpuinfo_show(struct seqbuf *m, struct task *t)
{
	uint32_t max, vendor[4] = { 0 }, a, b, c, d, max_ext, x;
	char name[49];
	(void)t;

	cpuid(0, 0, &max, &vendor[0], &vendor[2], &vendor[1]);
	cpuid(1, 0, &a, &b, &c, &d);
	cpuid(0x80000000, 0, &max_ext, &x, &x, &x);
	unsigned family = a >> 8 & 0xf, model = a >> 4 & 0xf;
	if (family == 0xf)
		family += a >> 20 & 0xff;
	if (family >= 6)
		model += (a >> 16 & 0xf) << 4;
	model_name(name, max_ext);
	seq_printf(m, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\n"
		   "model\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n",
		   (char *)vendor, family, model, name, a & 0xf);
	seq_printf(m, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\n"
		   "cpu cores\t: 1\napicid\t\t: %u\ninitial apicid\t: %u\n",
		   b >> 24, b >> 24);
	seq_printf(m, "fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\n"
		   "wp\t\t: yes\n", max);
	show_cpu_flags(m, max, max_ext, c, d);
	uint32_t bits = 0x3024;		/* 36 physical, 48 virtual */
	if (max_ext >= 0x80000008)
		cpuid(0x80000008, 0, &bits, &x, &x, &x);
	seq_printf(m, "clflush size\t: %u\ncache_alignment\t: %u\n"
		   "address sizes\t: %u bits physical, %u bits virtual\n"
		   "power management:\n\n", (b >> 8 & 0xff) * 8,
		   (b >> 8 & 0xff) * 8, bits & 0xff, bits >> 8 & 0xff);
	return 0;
}
