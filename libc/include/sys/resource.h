/*
 * Resource limits and usage.
 */
#ifndef _SYS_RESOURCE_H
#define _SYS_RESOURCE_H

#include <sys/types.h>
#include <uapi/resource.h>

typedef unsigned long rlim_t;

int getrlimit(int resource, struct rlimit *rl);
int setrlimit(int resource, const struct rlimit *rl);
int prlimit(pid_t pid, int resource, const struct rlimit *new_rl,
	    struct rlimit *old_rl);
int getrusage(int who, struct rusage *ru);

#endif
