/*
 * Resource limits (getrlimit, setrlimit, prlimit64) and usage (wait4,
 * getrusage).
 */
#ifndef _UAPI_RESOURCE_H
#define _UAPI_RESOURCE_H

#include <uapi/time.h>

struct rlimit {
	__u64 rlim_cur;			/* soft limit */
	__u64 rlim_max;			/* hard limit */
};

#define RLIM_INFINITY	(~0UL)

#define RLIMIT_CPU		0	/* seconds */
#define RLIMIT_FSIZE		1
#define RLIMIT_DATA		2	/* data + heap (brk) + private mappings */
#define RLIMIT_STACK		3	/* main stack growth */
#define RLIMIT_CORE		4
#define RLIMIT_RSS		5
#define RLIMIT_NPROC		6
#define RLIMIT_NOFILE		7
#define RLIMIT_MEMLOCK		8
#define RLIMIT_AS		9	/* total address space */
#define RLIMIT_LOCKS		10
#define RLIMIT_SIGPENDING	11
#define RLIMIT_MSGQUEUE		12
#define RLIMIT_NICE		13
#define RLIMIT_RTPRIO		14
#define RLIMIT_RTTIME		15
#define RLIM_NLIMITS		16

struct rusage {
	struct timeval ru_utime;
	struct timeval ru_stime;
	long ru_maxrss;			/* KiB */
	long ru_ixrss;
	long ru_idrss;
	long ru_isrss;
	long ru_minflt;			/* faults served without I/O */
	long ru_majflt;			/* faults that read from the store */
	long ru_nswap;
	long ru_inblock;
	long ru_oublock;
	long ru_msgsnd;
	long ru_msgrcv;
	long ru_nsignals;
	long ru_nvcsw;
	long ru_nivcsw;
};

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)
#define RUSAGE_THREAD	1

#endif
