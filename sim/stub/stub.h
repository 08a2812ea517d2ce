/*
 * stub.h -- declarations of the user-mode stub (no libc): host system call
 * numbers and constants, and the per-ISA pieces in stub_<isa>.c and entry_<isa>.S.
 */
#ifndef SIM_STUB_H
#define SIM_STUB_H

#include <stdint.h>

#include "stub_abi.h"

#if defined(__x86_64__)
#define SYS_mmap 9
#define SYS_munmap 11
#define SYS_rt_sigaction 13
#define SYS_rt_sigreturn 15
#define SYS_getpid 39
#define SYS_clone 56
#define SYS_exit 60
#define SYS_prctl 157
#define SYS_arch_prctl 158
#define SYS_gettid 186
#define SYS_futex 202
#define SYS_exit_group 231
#define SYS_seccomp 317
#define SYS_close_range 436
#define SYS_sigaltstack 131
#define SYS_openat 257
#define SYS_getppid 110
#define SYS_sched_yield 24
#define SYS_dup3 292
#define SYS_close 3
#define SYS_waitid 247
#elif defined(__aarch64__)
#define SYS_mmap 222
#define SYS_munmap 215
#define SYS_rt_sigaction 134
#define SYS_rt_sigreturn 139
#define SYS_getpid 172
#define SYS_clone 220
#define SYS_exit 93
#define SYS_prctl 167
#define SYS_gettid 178
#define SYS_futex 98
#define SYS_exit_group 94
#define SYS_seccomp 277
#define SYS_close_range 436
#define SYS_sigaltstack 132
#define SYS_openat 56
#define SYS_getppid 173
#define SYS_sched_yield 124
#define SYS_dup3 24
#define SYS_close 57
#define SYS_waitid 95
#endif

#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define CLONE_VM 0x100
#define CLONE_FS 0x200
#define CLONE_FILES 0x400
#define CLONE_SIGHAND 0x800
#define CLONE_THREAD 0x10000
#define CLONE_SYSVSEM 0x40000
#define PR_SET_PDEATHSIG 1
#define PR_SET_NO_NEW_PRIVS 38
#define SIGKILL 9
#define AT_HWCAP2 26

#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGFPE 8
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGSYS 31
#define SIGCHLD 17
#define STUB_SIG_PREEMPT SIGUSR2

/* waitid's siginfo, the fields the template reads. */
struct stub_waitinfo {
	int signo, errno_, code, pad;
	int pid, uid, status, pad2;
	long rest[12];
};

/* The parts of the kernel's siginfo the stub reads. */
struct stub_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	int pad;
	uint64_t si_addr;	/* SIGSEGV/SIGBUS/SIGILL/SIGFPE; SIGSYS: call_addr */
	int si_syscall;		/* SIGSYS */
	unsigned si_arch;	/* SIGSYS */
};

long stub_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
long stub_clone(unsigned long flags, void *stack_top, void (*fn)(long), long arg);
void stub_idle(void) __attribute__((noreturn));
void stub_handler(int sig, struct stub_siginfo *si, void *uc);
void stub_main(long *sp);
void *stub_memcpy(void *d, const void *s, unsigned long n);
extern char stub_syscall_ret[], stub_restorer_ret[], stub_restorer[];
extern char stub_idle_trap[];

/* stub_<isa>.c */
void stub_pause(void);
int stub_has_fsgsbase(long hwcap2);
int stub_is_idle_trap(int sig, void *uc);
void stub_save_pristine(void *uc);
void stub_save_regs(void *uc, struct stub_up *up, int fsgsbase);
void stub_load_regs(void *uc, const struct stub_regs *r, int fsgsbase);
void stub_install_handlers(void);
void stub_sig_default(int sig);
void stub_sig_interrupt(int sig);
void stub_altstack(unsigned slot);
int stub_install_filter(void);

#endif
