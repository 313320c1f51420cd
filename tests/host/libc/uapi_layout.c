/*
 * Sizes and field offsets of the ABI structures, printed one per line.
 * Built by uapi_check.sh twice: with include/uapi (default) and with the
 * host's kernel headers (-DHOST); the two outputs must be identical.
 * Where a field has another name on one side, the table gives both.
 */
#define _GNU_SOURCE		/* glibc's struct dirent64, on the host side */
#include <stddef.h>
#include <stdio.h>

#ifdef HOST
#include <dirent.h>
#include <asm/stat.h>
#include <linux/signal.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <linux/utsname.h>
#include <linux/resource.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/times.h>
#include <asm/fcntl.h>
#include <linux/shm.h>
#define OURS(ours, host)	host
typedef struct sigaction ksigaction;
typedef struct dirent64 dirent64;
#else
#include <uapi/dirent.h>
#include <uapi/fcntl.h>
#include <uapi/ipc.h>
#include <uapi/ioctl.h>
#include <uapi/resource.h>
#include <uapi/signal.h>
#include <uapi/stat.h>
#include <uapi/sysinfo.h>
#include <uapi/time.h>
#include <uapi/utsname.h>
#define OURS(ours, host)	ours
typedef struct kernel_sigaction ksigaction;
typedef struct linux_dirent64 dirent64;
#endif

#define SIZE(t)		printf("sizeof(%s) %zu\n", #t, sizeof(t))
#define OFF(t, f)	printf("%s.%s %zu\n", #t, #f, offsetof(t, f))

static void stat_layout(void)
{
	SIZE(struct stat);
	OFF(struct stat, st_dev);
	OFF(struct stat, st_ino);
	OFF(struct stat, st_nlink);
	OFF(struct stat, st_mode);
	OFF(struct stat, st_uid);
	OFF(struct stat, st_gid);
	OFF(struct stat, st_rdev);
	OFF(struct stat, st_size);
	OFF(struct stat, st_blksize);
	OFF(struct stat, st_blocks);
	OFF(struct stat, OURS(st_atim, st_atime));
	OFF(struct stat, OURS(st_mtim, st_mtime));
	OFF(struct stat, OURS(st_ctim, st_ctime));
	OFF(dirent64, d_ino);
	OFF(dirent64, d_off);
	OFF(dirent64, d_reclen);
	OFF(dirent64, d_type);
	OFF(dirent64, d_name);
}

static void signal_layout(void)
{
	SIZE(ksigaction);
	OFF(ksigaction, OURS(handler, sa_handler));
	OFF(ksigaction, OURS(flags, sa_flags));
	OFF(ksigaction, OURS(restorer, sa_restorer));
	OFF(ksigaction, OURS(mask, sa_mask));
	SIZE(stack_t);
	OFF(stack_t, ss_sp);
	OFF(stack_t, ss_flags);
	OFF(stack_t, ss_size);
	SIZE(siginfo_t);
	OFF(siginfo_t, si_signo);
	OFF(siginfo_t, si_errno);
	OFF(siginfo_t, si_code);
	OFF(siginfo_t, si_pid);
	OFF(siginfo_t, si_uid);
	OFF(siginfo_t, si_status);
	OFF(siginfo_t, si_utime);
	OFF(siginfo_t, si_stime);
	OFF(siginfo_t, si_value);
	OFF(siginfo_t, OURS(si_timerid, si_tid));
	OFF(siginfo_t, si_overrun);
	OFF(siginfo_t, si_addr);
	OFF(siginfo_t, si_addr_lsb);
	OFF(siginfo_t, si_band);
	OFF(siginfo_t, si_fd);
}

static void frame_layout(void)
{
	SIZE(struct _fpstate);
	OFF(struct _fpstate, mxcsr);
	OFF(struct _fpstate, st_space);
	OFF(struct _fpstate, xmm_space);
	OFF(struct _fpstate, reserved3);
	SIZE(struct sigcontext);
	OFF(struct sigcontext, r8);
	OFF(struct sigcontext, r15);
	OFF(struct sigcontext, rdi);
	OFF(struct sigcontext, rsi);
	OFF(struct sigcontext, rbp);
	OFF(struct sigcontext, rbx);
	OFF(struct sigcontext, rdx);
	OFF(struct sigcontext, rax);
	OFF(struct sigcontext, rcx);
	OFF(struct sigcontext, rsp);
	OFF(struct sigcontext, rip);
	OFF(struct sigcontext, eflags);
	OFF(struct sigcontext, cs);
	OFF(struct sigcontext, gs);
	OFF(struct sigcontext, fs);
	OFF(struct sigcontext, ss);
	OFF(struct sigcontext, err);
	OFF(struct sigcontext, trapno);
	OFF(struct sigcontext, oldmask);
	OFF(struct sigcontext, cr2);
	OFF(struct sigcontext, fpstate);
	OFF(struct sigcontext, reserved1);
	SIZE(struct ucontext);
	OFF(struct ucontext, uc_flags);
	OFF(struct ucontext, uc_link);
	OFF(struct ucontext, uc_stack);
	OFF(struct ucontext, uc_mcontext);
	OFF(struct ucontext, uc_sigmask);
}

static void misc_layout(void)
{
	SIZE(struct termios);
	OFF(struct termios, c_lflag);
	OFF(struct termios, c_line);
	OFF(struct termios, c_cc);
	SIZE(struct winsize);
	OFF(struct winsize, ws_col);
	SIZE(struct new_utsname);
	OFF(struct new_utsname, release);
	OFF(struct new_utsname, domainname);
	SIZE(struct rlimit);
	OFF(struct rlimit, rlim_max);
	SIZE(struct rusage);
	OFF(struct rusage, ru_stime);
	OFF(struct rusage, ru_maxrss);
	OFF(struct rusage, ru_minflt);
	OFF(struct rusage, ru_majflt);
	OFF(struct rusage, ru_nivcsw);
	SIZE(struct sysinfo);
	OFF(struct sysinfo, loads);
	OFF(struct sysinfo, totalram);
	OFF(struct sysinfo, procs);
	OFF(struct sysinfo, totalhigh);
	OFF(struct sysinfo, mem_unit);
	SIZE(struct timespec);
	OFF(struct timespec, tv_nsec);
	SIZE(struct timeval);
	OFF(struct timeval, tv_usec);
	SIZE(struct itimerval);
	OFF(struct itimerval, it_value);
	SIZE(struct timezone);
	SIZE(struct tms);
	OFF(struct tms, tms_cstime);
}

static void lock_ipc_layout(void)
{
	SIZE(struct flock);
	OFF(struct flock, l_whence);
	OFF(struct flock, l_start);
	OFF(struct flock, l_len);
	OFF(struct flock, l_pid);
	SIZE(struct ipc64_perm);
	OFF(struct ipc64_perm, mode);
	OFF(struct ipc64_perm, seq);
	SIZE(struct shmid64_ds);
	OFF(struct shmid64_ds, shm_segsz);
	OFF(struct shmid64_ds, shm_ctime);
	OFF(struct shmid64_ds, shm_cpid);
	OFF(struct shmid64_ds, shm_lpid);
	OFF(struct shmid64_ds, shm_nattch);
	SIZE(struct shminfo64);
	OFF(struct shminfo64, shmall);
	SIZE(struct shm_info);
	OFF(struct shm_info, shm_tot);
	OFF(struct shm_info, swap_successes);
}

int main(void)
{
	stat_layout();
	signal_layout();
	frame_layout();
	misc_layout();
	lock_ipc_layout();
	return 0;
}
