/*
 * sysinfo(2): memory and load figures, 112 bytes on x86-64.
 * Memory sizes are in units of mem_unit bytes.
 */
#ifndef _UAPI_SYSINFO_H
#define _UAPI_SYSINFO_H

#include <uapi/types.h>

#define SI_LOAD_SHIFT	16	/* loads[] are fixed point with 16 fraction bits */

struct sysinfo {
	__kernel_long_t uptime;		/* seconds since boot */
	__kernel_ulong_t loads[3];	/* 1, 5, 15 minute load averages */
	__kernel_ulong_t totalram;
	__kernel_ulong_t freeram;
	__kernel_ulong_t sharedram;
	__kernel_ulong_t bufferram;
	__kernel_ulong_t totalswap;
	__kernel_ulong_t freeswap;
	__u16 procs;
	__u16 pad;
	__kernel_ulong_t totalhigh;
	__kernel_ulong_t freehigh;
	__u32 mem_unit;
};

#endif
