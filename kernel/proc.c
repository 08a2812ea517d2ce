/*
 * proc.c -- processes and user threads: the process tree, pids, the loop
 * every user thread runs (user mode until a trap, then the kernel), exit
 * of threads and processes, zombies and reparenting to init.
 */
#include "futex.h"
#include "heap.h"
#include "proc.h"
#include "syscall.h"
#include "tty.h"
#include "uaccess.h"
#include "vfs.h"
#include "vm.h"

struct spinlock proc_lock = SPINLOCK_INIT("proc");
struct list all_procs = LIST_INIT(all_procs);	/* proc_lock */
static struct proc *initproc;
static int next_pid = 1;			/* proc_lock */
static int nprocs;				/* proc_lock */

/* The process with this pid (alive or zombie), or NULL. proc_lock held. */
static struct proc *
find_locked(int pid)
{
	struct list *pos;

	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all_link);
		if (p->pid == pid)
			return p;
	}
	return NULL;
}

void
proc_get(struct proc *p)
{
	__atomic_add_fetch(&p->refs, 1, __ATOMIC_RELAXED);
}

static void proc_free(struct proc *p);

/* Drop a reference; the last one (after reaping) frees p. */
void
proc_put(struct proc *p)
{
	if (__atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL) == 0)
		proc_free(p);
}

/* A live process, referenced (proc_put it), or NULL. */
struct proc *
proc_find(int pid)
{
	struct proc *p;

	spin_lock(&proc_lock);
	p = find_locked(pid);
	if (p != NULL && p->state != P_ALIVE)
		p = NULL;
	if (p != NULL)
		proc_get(p);
	spin_unlock(&proc_lock);
	return p;
}

/* A process, alive or zombie, referenced (proc_put it), or NULL. */
struct proc *
proc_find_any(int pid)
{
	struct proc *p;

	spin_lock(&proc_lock);
	p = find_locked(pid);
	if (p != NULL)
		proc_get(p);
	spin_unlock(&proc_lock);
	return p;
}

bool
proc_exists(int pid)
{
	struct proc *p = proc_find(pid);

	if (p != NULL)
		proc_put(p);
	return p != NULL;
}

int
proc_count(void)
{
	return READ_ONCE(nprocs);
}

static bool
id_used(int id)
{
	struct list *pos, *t;

	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all_link);

		if (p->pid == id || p->pgid == id || p->sid == id)
			return true;
		list_for_each(t, &p->threads)
			if (list_entry(t, struct uthread, plink)->tid == id)
				return true;
	}
	return false;
}

/* Next free pid or tid (not a pgid or sid in use either). proc_lock held. */
int
alloc_pid(void)
{
	for (int tries = 0; tries < PID_MAX; tries++) {
		int pid = next_pid++;

		if (next_pid >= PID_MAX)
			next_pid = 2;
		if (!id_used(pid))
			return pid;
	}
	return -EAGAIN;
}

/* A new process with nothing in it, linked into the tree under parent. */
struct proc *
proc_alloc(struct proc *parent)
{
	struct proc *p = kzalloc(sizeof(*p));
	int pid;

	if (p == NULL)
		return NULL;
	p->refs = 1;			/* the process tree's, dropped at reaping */
	list_init(&p->children);
	list_init(&p->sibling);
	list_init(&p->threads);
	waitq_init(&p->child_wait);
	waitq_init(&p->stopq);
	spin_init(&p->lock, "proc");
	sigpending_init(&p->shared_pending);
	p->exit_signal = SIGCHLD;
	p->start_ns = hal_time_ns();
	for (int i = 0; i < RLIM_NLIMITS; i++)
		p->rlim[i] = (struct rlim){ RLIM_INFINITY, RLIM_INFINITY };
	p->rlim[RLIMIT_NOFILE] = (struct rlim){ NOFILE_DEFAULT, NOFILE_MAX };
	p->rlim[RLIMIT_STACK] = (struct rlim){ STACK_SIZE_MAX, RLIM_INFINITY };
	p->rlim[RLIMIT_NPROC] = (struct rlim){ 4096, 4096 };
	spin_lock(&proc_lock);
	pid = alloc_pid();
	if (pid < 0) {
		spin_unlock(&proc_lock);
		kfree(p);
		return NULL;
	}
	p->pid = pid;
	p->parent = parent;
	if (parent != NULL) {
		list_append(&parent->children, &p->sibling);
		p->pgid = parent->pgid;
		p->sid = parent->sid;
	}
	list_append(&all_procs, &p->all_link);
	nprocs++;
	spin_unlock(&proc_lock);
	return p;
}

/* Take a process that never ran out of the tree (a failed fork). */
void
proc_unlink(struct proc *p)
{
	spin_lock(&proc_lock);
	list_remove(&p->sibling);
	list_remove(&p->all_link);
	nprocs--;
	spin_unlock(&proc_lock);
}

/* Free a reaped, unreferenced process. proc_lock not held. */
static void
proc_free(struct proc *p)
{
	sigpending_flush(&p->shared_pending);
	kfree(p->cmdline);
	kfree(p->exe_path);
	kfree(p);
}

/* Remember argv (NUL-separated) for /proc/PID/cmdline and ps. */
void
proc_set_cmdline(struct proc *p, const char *args, size_t len)
{
	char *c = kmalloc(len + 1), *old;

	if (c == NULL)
		return;
	memcpy(c, args, len);
	c[len] = '\0';
	spin_lock(&proc_lock);		/* /proc reads it under the lock */
	old = p->cmdline;
	p->cmdline = c;
	p->cmdline_len = len;
	spin_unlock(&proc_lock);
	kfree(old);
}

/* ---- user threads ---- */

struct uthread *
uthread_alloc(struct proc *p)
{
	struct uthread *ut = kzalloc(sizeof(*ut));

	if (ut == NULL)
		return NULL;
	ut->p = p;
	list_init(&ut->plink);
	sigpending_init(&ut->pending);
	ut->ss_flags = SS_DISABLE;
	return ut;
}

static void
trap_signal(struct hal_trap *t)
{
	switch (t->kind) {
	case HAL_TRAP_PAGEFAULT:
		signal_force(SIGSEGV, t->code ? t->code : SEGV_MAPERR, t->addr);
		break;
	case HAL_TRAP_ILLEGAL:
		signal_force(SIGILL, t->code ? t->code : ILL_ILLOPN, t->addr);
		break;
	case HAL_TRAP_BREAKPOINT:
		signal_force(SIGTRAP, t->code ? t->code : TRAP_BRKPT, t->addr);
		break;
	case HAL_TRAP_MATH:
		signal_force(SIGFPE, t->code, t->addr);
		break;
	case HAL_TRAP_BUS:
		signal_force(SIGBUS, t->code ? t->code : BUS_ADRALN, t->addr);
		break;
	default:
		signal_force(SIGSEGV, SI_KERNEL, 0);
	}
}

/* A fault the page table did not allow: fix it up, or signal. */
static void
page_fault(struct uthread *ut, struct hal_trap *t)
{
	int r = vm_fault(ut->p->vm, t->addr, t->access);

	if (r == 0) {
		ut->p->min_flt++;
		return;
	}
	if (r == -ENOMEM) {
		klog(KLOG_WARN, "proc %d (%s): out of memory at %#lx: killed",
		     ut->p->pid, ut->p->comm, (unsigned long)t->addr);
		proc_exit_group(SIGKILL);
	}
	t->code = vm_mapped(ut->p->vm, t->addr) ? SEGV_ACCERR : SEGV_MAPERR;
	trap_signal(t);
}

/* The life of every user thread: user mode, then whatever it needs. */
static void
user_main(void *arg)
{
	struct uthread *ut = arg;
	struct hal_trap trap;
	uint64_t t0, t1;
	int kind;

	ut->kt = curthread();
	curthread()->proc = ut;
	ut->entered_ns = thread_cpu_ns();
	for (;;) {
		signal_deliver();
		hal_irq_disable();
		hal_pt_activate(&ut->p->vm->pt);
		/* System time is what the thread ran in the kernel, not the
		 * time it slept there. */
		ut->stime_ns += thread_cpu_ns() - ut->entered_ns;
		t0 = hal_time_ns();
		kind = hal_user_run(&ut->tf, &trap);
		t1 = hal_time_ns();
		ut->utime_ns += t1 - t0;
		ut->entered_ns = thread_cpu_ns();
		hal_irq_enable();
		switch (kind) {
		case HAL_TRAP_SYSCALL:
			syscall_dispatch();
			break;
		case HAL_TRAP_PAGEFAULT:
			page_fault(ut, &trap);
			break;
		case HAL_TRAP_IRQ:
			break;
		case HAL_TRAP_DEAD:
			klog(KLOG_ERR, "proc %d (%s): its address space was lost "
			     "(the machine could not run it): killed",
			     ut->p->pid, ut->p->comm);
			proc_exit_group(SIGKILL);
		default:
			trap_signal(&trap);
		}
	}
}

/*
 * Start user thread ut of process p (already on p->threads) as a new
 * kernel thread. Returns 0 or -ENOMEM.
 */
int
uthread_start(struct uthread *ut)
{
	struct thread *t;

	t = thread_create_on("user", user_main, ut, PRIO_DEFAULT, ~0ull);
	if (t == NULL)
		return -ENOMEM;
	thread_detach(t);
	return 0;
}

/* ---- exit ---- */

/* Make init the parent of p's children. proc_lock held. */
static void
reparent_children(struct proc *p)
{
	struct list *pos, *n;
	bool zombies = false;

	list_for_each_safe(pos, n, &p->children) {
		struct proc *c = list_entry(pos, struct proc, sibling);

		list_remove(&c->sibling);
		c->parent = initproc;
		list_append(&initproc->children, &c->sibling);
		zombies |= c->state == P_ZOMBIE;
	}
	if (zombies)
		waitq_wake_all(&initproc->child_wait);
}

static bool
parent_reaps_nothing(struct proc *parent)
{
	struct sigaction_k *sa = &parent->sighand->action[SIGCHLD - 1];

	return sa->handler == SIG_IGN || (sa->flags & SA_NOCLDWAIT);
}

/* The last thread of p is leaving: release everything, become a zombie. */
static void
proc_finish(struct proc *p)
{
	struct proc *parent;
	struct ksiginfo si;
	bool autoreap;
	int st = p->exit_code;

	vfork_release(p);
	if (p->sid == p->pid)
		tty_exit_session_leader(p);
	fdtable_put(p->fds);
	p->fds = NULL;
	if (p->cwd)
		inode_put(p->cwd);
	if (p->root)
		inode_put(p->root);
	p->cwd = p->root = NULL;
	timer_cancel(&p->alarm_timer);
	vm_put(p->vm);
	p->vm = NULL;
	sighand_put(p->sighand);
	p->sighand = NULL;
	if (p == initproc) {
		klog(KLOG_ERR, "init exited with status %#x: powering off", st);
		vfs_shutdown();
		hal_poweroff((st & 0x7f) ? 128 + (st & 0x7f) : (st >> 8) & 0xff);
	}
	spin_lock(&proc_lock);
	reparent_children(p);
	parent = p->parent;
	proc_get(parent);		/* it may exit and be reaped meanwhile */
	p->state = P_ZOMBIE;
	autoreap = parent_reaps_nothing(parent);
	if (autoreap) {
		list_remove(&p->sibling);
		list_remove(&p->all_link);
		nprocs--;
	}
	spin_unlock(&proc_lock);
	signal_init_info(&si, SIGCHLD, (st & 0x7f) ? CLD_KILLED : CLD_EXITED);
	si.u.child.pid = p->pid;
	si.u.child.uid = p->cred.uid;
	si.u.child.status = (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff;
	if (p->exit_signal != 0)
		signal_send(parent, p->exit_signal, &si);
	waitq_wake_all(&parent->child_wait);
	proc_put(parent);
	if (autoreap)
		proc_put(p);
}

/*
 * End the current user thread. The last thread of its process finishes
 * the process with p->exit_code. Never returns.
 */
void
uthread_exit(int code)
{
	struct uthread *ut = curut();
	struct proc *p = ut->p;
	bool last;

	(void)code;
	if (ut->clear_child_tid != 0 && p->vm != NULL) {
		uint32_t zero = 0;

		if (copy_to_user(ut->clear_child_tid, &zero, sizeof(zero)) == 0)
			futex_wake_addr(p->vm, ut->clear_child_tid, 1);
	}
	spin_lock(&proc_lock);
	list_remove(&ut->plink);
	last = --p->nthreads == 0;
	ut->stime_ns += thread_cpu_ns() - ut->entered_ns;
	p->utime_ns += ut->utime_ns;
	p->stime_ns += ut->stime_ns;
	/*
	 * exec may wait for this. Under proc_lock: once it is released, the
	 * last thread may finish p and its parent free it.
	 */
	if (!last)
		waitq_wake_all(&p->stopq);
	spin_unlock(&proc_lock);
	if (last)
		proc_finish(p);
	sigpending_flush(&ut->pending);
	curthread()->proc = NULL;
	kfree(ut);
	thread_exit(0);
}

/*
 * End the whole process with wait status `status` (exit code << 8, or
 * the terminating signal): the other threads are told to exit too.
 */
void
proc_exit_group(int status)
{
	struct proc *p = curproc();
	struct list *pos;

	spin_lock(&proc_lock);
	if (!p->exiting) {
		p->exiting = true;
		p->exit_code = status;
	}
	list_for_each(pos, &p->threads) {
		struct uthread *o = list_entry(pos, struct uthread, plink);
		if (o != curut())
			signal_kick(o);
	}
	spin_unlock(&proc_lock);
	waitq_wake_all(&p->stopq);
	uthread_exit(status);
}

/*
 * execve in a multi-threaded process: every other thread exits first.
 * May sleep.
 */
void
proc_kill_other_threads(struct proc *p, struct uthread *keep)
{
	struct list *pos;

	spin_lock(&proc_lock);
	list_for_each(pos, &p->threads) {
		struct uthread *o = list_entry(pos, struct uthread, plink);
		if (o != keep) {
			o->exiting = true;
			signal_kick(o);
		}
	}
	spin_unlock(&proc_lock);
	wait_event(&p->stopq, READ_ONCE(p->nthreads) == 1);
}

void
proc_exit(int code)
{
	proc_exit_group((code & 0xff) << 8);
}

/* ---- waiting for children ---- */

#define WNOHANG 1
#define WUNTRACED 2
#define WSTOPPED 2
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

static bool
matches(struct proc *c, int pid, struct proc *me)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == 0)
		return c->pgid == me->pgid;
	if (pid == -1)
		return true;
	return c->pgid == -pid;
}

struct wait_result {
	int pid;
	int status;		/* wait status */
	int code;		/* CLD_* for waitid */
	uint32_t uid;
	uint64_t utime, stime;
};

/*
 * Look for a child event: 1 and *res if found (a zombie is reaped unless
 * WNOWAIT), 0 if none yet, -ECHILD if no child matches. proc_lock held.
 */
static int
scan_children(struct proc *me, int pid, int options, struct wait_result *res,
	      struct proc **reap)
{
	struct list *pos;
	bool any = false;

	list_for_each(pos, &me->children) {
		struct proc *c = list_entry(pos, struct proc, sibling);

		if (!matches(c, pid, me))
			continue;
		any = true;
		res->pid = c->pid;
		res->uid = c->cred.uid;
		if (c->state == P_ZOMBIE && (options & WEXITED)) {
			res->status = c->exit_code;
			res->code = (c->exit_code & 0x7f) ? CLD_KILLED : CLD_EXITED;
			res->utime = c->utime_ns + c->cutime_ns;
			res->stime = c->stime_ns + c->cstime_ns;
			if (!(options & WNOWAIT)) {
				me->cutime_ns += res->utime;
				me->cstime_ns += res->stime;
				list_remove(&c->sibling);
				list_remove(&c->all_link);
				nprocs--;
				*reap = c;
			}
			return 1;
		}
		if (c->report_stop && (options & WSTOPPED)) {
			res->status = 0x7f | (c->stop_sig << 8);
			res->code = CLD_STOPPED;
			if (!(options & WNOWAIT))
				c->report_stop = false;
			return 1;
		}
		if (c->report_cont && (options & WCONTINUED)) {
			res->status = 0xffff;
			res->code = CLD_CONTINUED;
			if (!(options & WNOWAIT))
				c->report_cont = false;
			return 1;
		}
	}
	return any ? 0 : -ECHILD;
}

/* wait4/waitid core: 1 with *res, 0 (WNOHANG, nothing), or -EXXX. */
static int
do_wait(int pid, int options, struct wait_result *res)
{
	struct proc *me = curproc(), *reap = NULL;
	int r;

	for (;;) {
		spin_lock(&proc_lock);
		r = scan_children(me, pid, options, res, &reap);
		spin_unlock(&proc_lock);
		if (reap != NULL)
			proc_put(reap);
		if (r != 0 || (options & WNOHANG))
			return r;
		spin_lock(&proc_lock);
		r = scan_children(me, pid, options | WNOWAIT, res, &reap);
		spin_unlock(&proc_lock);
		if (r != 0)
			continue;	/* something arrived: take it for real */
		r = wait_event_interruptible(&me->child_wait,
			({ struct wait_result t; struct proc *x = NULL;
			   int q; spin_lock(&proc_lock);
			   q = scan_children(me, pid, options | WNOWAIT, &t, &x);
			   spin_unlock(&proc_lock); q != 0; }));
		if (r < 0)
			return r;
	}
}

struct rusage_k {
	int64_t utime_sec, utime_usec, stime_sec, stime_usec;
	int64_t rest[14];
};

static void
fill_rusage(struct rusage_k *ru, uint64_t utime, uint64_t stime)
{
	memset(ru, 0, sizeof(*ru));
	ru->utime_sec = (int64_t)(utime / NSEC_PER_SEC);
	ru->utime_usec = (int64_t)(utime % NSEC_PER_SEC / 1000);
	ru->stime_sec = (int64_t)(stime / NSEC_PER_SEC);
	ru->stime_usec = (int64_t)(stime % NSEC_PER_SEC / 1000);
}

SYSCALL4(wait4, int, pid, uintptr_t, ustatus, int, options, uintptr_t, urusage)
{
	struct wait_result res;
	struct rusage_k ru;
	int r;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == INT32_MIN)
		return -ESRCH;
	r = do_wait(pid, (options & (WNOHANG | WUNTRACED | WCONTINUED)) | WEXITED, &res);
	if (r <= 0)
		return r;
	if (ustatus != 0 && put_user(res.status, ustatus) < 0)
		return -EFAULT;
	if (urusage != 0) {
		fill_rusage(&ru, res.utime, res.stime);
		if (copy_to_user(urusage, &ru, sizeof(ru)) < 0)
			return -EFAULT;
	}
	return res.pid;
}

#define P_ALL 0
#define P_PID 1
#define P_PGID 2

SYSCALL5(waitid, int, idtype, int, id, uintptr_t, uinfo, int, options,
	 uintptr_t, urusage)
{
	struct wait_result res;
	struct ksiginfo si;
	int pid, r;

	if (options & ~(WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT |
			__WALL | __WCLONE) ||
	    !(options & (WSTOPPED | WEXITED | WCONTINUED)))
		return -EINVAL;
	switch (idtype) {
	case P_ALL: pid = -1; break;
	case P_PID: if (id <= 0) return -EINVAL; pid = id; break;
	case P_PGID: if (id < 0) return -EINVAL; pid = id ? -id : 0; break;
	default: return -EINVAL;
	}
	r = do_wait(pid, options, &res);
	if (r < 0)
		return r;
	memset(&si, 0, sizeof(si));
	if (r > 0) {
		si.si_signo = SIGCHLD;
		si.si_code = res.code;
		si.u.child.pid = res.pid;
		si.u.child.uid = res.uid;
		si.u.child.status = res.code == CLD_EXITED ? (res.status >> 8) & 0xff :
			res.code == CLD_CONTINUED ? SIGCONT :
			res.code == CLD_STOPPED ? (res.status >> 8) & 0xff :
			res.status & 0x7f;
	}
	if (uinfo != 0 && copy_to_user(uinfo, &si, sizeof(si)) < 0)
		return -EFAULT;
	(void)urusage;
	return 0;
}

/* ---- the first process ---- */

/* Like Linux, give init the console as fds 0, 1 and 2. */
static void
console_fds(struct proc *p)
{
	struct file *f;

	if (vfs_open(AT_FDCWD, "/dev/console", O_RDWR | O_NOCTTY, 0, &f) < 0) {
		kprintf("kernel: no /dev/console for init");
		return;
	}
	for (int i = 0; i < 3; i++) {
		file_get(f);
		p->fds->fd[i] = f;
	}
	file_put(f);
}

/* Create init from an executable path. Called once at boot. */
int
proc_start_init(const char *path)
{
	struct proc *p = proc_alloc(NULL);
	struct uthread *ut;
	int r;

	if (p == NULL)
		return -ENOMEM;
	initproc = p;
	p->parent = p;
	p->pgid = p->sid = p->pid;
	p->sighand = sighand_new();
	p->fds = fdtable_new(NOFILE_DEFAULT);
	p->root = vfs_root();
	p->cwd = vfs_root();
	p->umask = 022;
	ut = uthread_alloc(p);
	if (p->sighand == NULL || p->fds == NULL || ut == NULL)
		return -ENOMEM;
	ut->tid = p->pid;
	list_append(&p->threads, &ut->plink);
	p->nthreads = 1;
	console_fds(p);
	r = exec_first(ut, path);
	if (r < 0)
		return r;
	return uthread_start(ut);
}
