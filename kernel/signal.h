/*
 * signal.h -- POSIX signals with Linux numbers and semantics: actions,
 * masks, pending sets, default actions, delivery on return to user mode.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel.h"
#include "spinlock.h"

#define NSIG 64
#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define SIGRTMIN 32

#define SIGBIT(s) (1ull << ((s) - 1))

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_RESTORER 0x04000000
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_DFL 0ul
#define SIG_IGN 1ul

#define SS_ONSTACK 1
#define SS_DISABLE 2
#define MINSIGSTKSZ 2048

/* si_code values */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_TKILL (-6)
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define ILL_ILLOPN 2
#define TRAP_BRKPT 1
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

/* Linux's siginfo_t, 128 bytes; the union members we use. */
struct ksiginfo {
	int32_t si_signo;
	int32_t si_errno;
	int32_t si_code;
	int32_t pad0;
	union {
		struct { int32_t pid; uint32_t uid; int32_t status; int32_t pad;
			 int64_t utime, stime; } child;
		struct { int32_t pid; uint32_t uid; uint64_t value; } kill;
		struct { uint64_t addr; } fault;
		struct { int32_t tid; int32_t overrun; uint64_t value; } timer;
		uint8_t raw[112];
	} u;
};

struct sigaction_k {
	uintptr_t handler;
	uint64_t flags;
	uintptr_t restorer;
	uint64_t mask;
};

struct sighand {
	struct spinlock lock;
	int refs;
	struct sigaction_k action[NSIG];
};

/* A queue of pending signals: one bit per standard signal, and queued
 * entries (with their siginfo) for real-time ones. */
struct sigq_entry {
	struct list link;
	struct ksiginfo info;
};

struct sigpending {
	uint64_t set;
	struct ksiginfo info[32];	/* standard signals: their first info */
	struct list rt;			/* struct sigq_entry, real-time ones */
};

struct proc;
struct uthread;

void sigpending_init(struct sigpending *sp);
void sigpending_flush(struct sigpending *sp);
struct sighand *sighand_new(void);
struct sighand *sighand_copy(struct sighand *src);
void sighand_put(struct sighand *sh);

int signal_send(struct proc *p, int sig, const struct ksiginfo *info);
int signal_send_thread(struct uthread *ut, int sig, const struct ksiginfo *info);
int signal_pgrp(int pgid, int sig, const struct ksiginfo *info);
void signal_force(int sig, int code, uintptr_t addr);
bool signal_pending(void);
void signal_deliver(void);
void signal_exec_reset(struct proc *p);
void signal_init_info(struct ksiginfo *si, int sig, int code);
void signal_stop_continue(struct proc *p, bool stop, int sig);
bool sig_ignored(struct proc *p, int sig);
int signal_pending_take(int sig, struct ksiginfo *info);
void signal_discard(struct proc *p, int sig);

/* Sleep like wait_event, but a pending signal ends it: evaluates to 0
 * when cond held, -ERESTARTSYS when interrupted. */
#define wait_event_interruptible(wq, cond) ({				\
	struct waiter __w = { LIST_INIT(__w.link), NULL };		\
	int __r = 0;							\
	for (;;) {							\
		waitq_prepare((wq), &__w);				\
		if (cond)						\
			break;						\
		if (signal_pending()) {					\
			__r = -ERESTARTSYS;				\
			break;						\
		}							\
		sched();						\
	}								\
	waitq_finish((wq), &__w);					\
	__r;								\
})

/* As above with a deadline (hal_time_ns); -ETIMEDOUT when it passes. */
#define wait_event_interruptible_until(wq, cond, deadline) ({		\
	struct waiter __w = { LIST_INIT(__w.link), NULL };		\
	int __r = 0;							\
	for (;;) {							\
		waitq_prepare((wq), &__w);				\
		if (cond)						\
			break;						\
		if (signal_pending()) {					\
			__r = -ERESTARTSYS;				\
			break;						\
		}							\
		if (!waitq_sleep_until(deadline)) {			\
			__r = -ETIMEDOUT;				\
			break;						\
		}							\
	}								\
	waitq_finish((wq), &__w);					\
	__r;								\
})

#endif
