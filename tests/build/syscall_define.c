/*
 * tests/build/syscall_define.c - a system call defined under a name that
 * is not one must not compile.  tools/test compiles this file with the
 * kernel's flags twice: as it is (a correct SYSCALL_DEFINE2, which must
 * compile), and with -DMISSPELLED, which must fail because munmapp is
 * not in include/uapi/syscall_list.h (no __NR_munmapp).
 */
#include "../../kernel/kernel.h"
#include "../../kernel/syscalls.h"

#ifdef MISSPELLED
SYSCALL_DEFINE2(munmapp, uint64_t, addr, size_t, len)
#else
SYSCALL_DEFINE2(munmap, uint64_t, addr, size_t, len)
#endif
{
	return addr && len ? 0 : -1;
}
