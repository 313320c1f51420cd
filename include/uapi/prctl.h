/*
 * arch_prctl codes (x86-64): set or get the FS/GS segment base, which
 * thread-local storage uses; and the prctl options Pagoda has.
 */
#ifndef _UAPI_PRCTL_H
#define _UAPI_PRCTL_H

#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

#define PR_SET_THP_DISABLE	41	/* no transparent huge pages for the mm */
#define PR_GET_THP_DISABLE	42

#endif
