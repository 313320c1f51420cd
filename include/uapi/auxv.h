/*
 * The auxiliary vector: (type, value) pairs the kernel puts on the initial
 * stack after envp's NULL, ended by AT_NULL.  Read with getauxval().
 */
#ifndef _UAPI_AUXV_H
#define _UAPI_AUXV_H

#define AT_NULL			0	/* end of the vector */
#define AT_IGNORE		1
#define AT_EXECFD		2
#define AT_PHDR			3	/* address of the program headers */
#define AT_PHENT		4	/* size of one program header */
#define AT_PHNUM		5	/* number of program headers */
#define AT_PAGESZ		6	/* page size: 4096 */
#define AT_BASE			7	/* interpreter base, 0 if none */
#define AT_FLAGS		8
#define AT_ENTRY		9	/* program entry point */
#define AT_NOTELF		10
#define AT_UID			11
#define AT_EUID			12
#define AT_GID			13
#define AT_EGID			14
#define AT_PLATFORM		15	/* address of a string: "x86_64" */
#define AT_HWCAP		16	/* CPUID.1:EDX */
#define AT_CLKTCK		17	/* times() ticks per second */
#define AT_SECURE		23	/* nonzero for setuid programs */
#define AT_BASE_PLATFORM	24
#define AT_RANDOM		25	/* address of 16 random bytes */
#define AT_HWCAP2		26
#define AT_RSEQ_FEATURE_SIZE	27
#define AT_RSEQ_ALIGN		28
#define AT_EXECFN		31	/* address of the filename given to execve */
#define AT_SYSINFO_EHDR		33	/* address of the vDSO, if any */
#define AT_MINSIGSTKSZ		51

#endif
