/*
 * proc.h -- processes and user threads: the process tree, credentials,
 * file descriptors, signal state, and the kernel thread behind every user
 * thread.
 */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include "kernel.h"
#include "sched.h"
#include "signal.h"
#include "waitq.h"

#define PID_MAX 32768
#define NOFILE_DEFAULT 1024	/* RLIMIT_NOFILE soft and hard */
#define NOFILE_MAX 4096

struct vm;
struct file;
struct inode;
struct tty;

enum proc_state { P_ALIVE, P_ZOMBIE };

struct cred {
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	int ngroups;
	uint32_t groups[16];
};

struct fdtable {
	struct spinlock lock;
	int refs;		/* processes sharing it (CLONE_FILES) */
	int max;		/* slots in fd[] */
	struct file **fd;
	uint8_t *cloexec;
};

struct rlim {
	uint64_t cur, max;
};

#define RLIMIT_CPU 0
#define RLIMIT_FSIZE 1
#define RLIMIT_DATA 2
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_RSS 5
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_MEMLOCK 8
#define RLIMIT_AS 9
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0ull)

struct proc {
	int refs;			/* atomic: the tree's, plus proc_find's */
	int pid;
	int pgid, sid;
	enum proc_state state;		/* proc_lock */
	struct proc *parent;		/* proc_lock */
	struct list children;		/* proc_lock */
	struct list sibling;		/* in parent's children */
	struct list all_link;		/* in the list of all processes */
	struct list threads;		/* struct uthread; proc_lock */
	int nthreads;			/* live threads; proc_lock */
	int exit_code;			/* wait status once a zombie */
	bool exiting;			/* exit_group in progress */
	int exit_signal;		/* signal to the parent at exit (SIGCHLD) */

	/* job control, proc_lock */
	bool stopped;			/* every thread stops at its next chance */
	int stop_sig;
	bool report_stop;		/* waitpid WUNTRACED has news */
	bool report_cont;		/* waitpid WCONTINUED has news */
	struct waitq stopq;		/* threads wait here while stopped */

	struct vm *vm;
	struct fdtable *fds;
	struct inode *cwd, *root;	/* references */
	uint32_t umask;
	struct cred cred;
	struct sighand *sighand;	/* shared with CLONE_SIGHAND threads */
	struct sigpending shared_pending;	/* process-wide signals */
	struct tty *ctty;		/* controlling terminal */
	struct rlim rlim[RLIM_NLIMITS];
	struct waitq child_wait;	/* wait4 sleeps here */

	char comm[16];
	char *cmdline;			/* argv joined by NULs, for /proc */
	size_t cmdline_len;
	char *exe_path;
	uint64_t start_ns;
	uint64_t utime_ns, stime_ns;	/* of exited threads */
	uint64_t cutime_ns, cstime_ns;	/* of waited-for children */
	uint64_t min_flt, maj_flt;
	struct spinlock lock;		/* guards the fields below */
	uint64_t alarm_at;		/* alarm(2) deadline, 0 = none */
	struct timer alarm_timer;
	struct vfork_done *vfork;	/* parent waits until exec or exit */
};

struct vfork_done {
	struct waitq wq;
	bool done;
};

struct uthread {
	struct thread *kt;		/* the kernel thread running it */
	struct proc *p;
	int tid;
	struct list plink;		/* in proc.threads */
	struct hal_tf tf;
	uint64_t sigmask;		/* blocked signals */
	uint64_t saved_mask;		/* sigsuspend/pselect: mask to restore */
	bool restore_mask;
	struct sigpending pending;	/* signals for this thread */
	uintptr_t ss_sp;		/* sigaltstack */
	size_t ss_size;
	uint32_t ss_flags;
	uintptr_t clear_child_tid;	/* set_tid_address / CLONE_CHILD_CLEARTID */
	uintptr_t robust_list;
	int exit_code;
	bool exiting;
	uint64_t utime_ns, stime_ns;
	uint64_t entered_ns;		/* its thread's CPU time at kernel entry */
	bool in_syscall;		/* returning from a system call: */
	long sysret;			/* its result (for restarts) */
	bool keep_regs;			/* the call set every register (sigreturn) */
	long restart_block[4];		/* nanosleep restart state */
};

extern struct spinlock proc_lock;	/* the process tree, pids, states */
extern struct list all_procs;

/* The current user thread and process; NULL in a pure kernel thread. */
static inline struct uthread *
curut(void)
{
	return curthread()->proc;
}

static inline struct proc *
curproc(void)
{
	struct uthread *ut = curut();

	return ut ? ut->p : NULL;
}

struct proc *proc_find(int pid);
struct proc *proc_find_any(int pid);
bool proc_exists(int pid);
void proc_get(struct proc *p);
void proc_put(struct proc *p);
struct proc *proc_alloc(struct proc *parent);
void proc_unlink(struct proc *p);
struct uthread *uthread_alloc(struct proc *p);
int uthread_start(struct uthread *ut);
int alloc_pid(void);
int exec_first(struct uthread *ut, const char *path);
void signal_kick(struct uthread *ut);
void proc_kill_other_threads(struct proc *p, struct uthread *keep);
void vfork_release(struct proc *p);
int proc_start_init(const char *path);
void proc_exit(int code) __attribute__((noreturn));
void proc_exit_group(int status) __attribute__((noreturn));
void uthread_exit(int code) __attribute__((noreturn));
void proc_set_cmdline(struct proc *p, const char *args, size_t len);
bool proc_is_orphaned_pgrp(int pgid);
int proc_count(void);

/* File descriptors (kernel/fd.c). */
struct fdtable *fdtable_new(int max);
struct fdtable *fdtable_copy(struct fdtable *src);
void fdtable_put(struct fdtable *t);
struct file *fd_get(int fd);			/* a reference, or NULL */
int fd_install(struct file *f, int minfd, bool cloexec);
int fd_close(int fd);
void fd_close_on_exec(struct fdtable *t);

#endif
