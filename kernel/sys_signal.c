/*
 * sys_signal.c -- the signal system calls: actions, masks, waiting for
 * signals, sending them, alternate stacks, and returning from handlers.
 */
#include "heap.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"
#include "vm.h"

#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

SYSCALL4(rt_sigaction, int, sig, uintptr_t, uact, uintptr_t, uold, size_t, setsize)
{
	struct sighand *sh = curproc()->sighand;
	struct sigaction_k act, old;

	if (setsize != sizeof(uint64_t) || sig < 1 || sig > NSIG)
		return -EINVAL;
	if (uact != 0 && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (uact != 0 && copy_from_user(&act, uact, sizeof(act)) < 0)
		return -EFAULT;
	spin_lock(&sh->lock);
	old = sh->action[sig - 1];
	if (uact != 0) {
		act.mask &= ~UNBLOCKABLE;
		sh->action[sig - 1] = act;
	}
	spin_unlock(&sh->lock);
	if (uact != 0 && (act.handler == SIG_IGN ||
			  (act.handler == SIG_DFL && (sig == SIGCHLD ||
			   sig == SIGCONT || sig == SIGURG || sig == SIGWINCH)))) {
		signal_discard(curproc(), sig);	/* POSIX: pending ones go */
	}
	if (uold != 0 && copy_to_user(uold, &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL4(rt_sigprocmask, int, how, uintptr_t, uset, uintptr_t, uold, size_t, setsize)
{
	struct uthread *ut = curut();
	uint64_t set, old = ut->sigmask;

	if (setsize != sizeof(uint64_t))
		return -EINVAL;
	if (uset != 0) {
		if (copy_from_user(&set, uset, sizeof(set)) < 0)
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK: ut->sigmask |= set; break;
		case SIG_UNBLOCK: ut->sigmask &= ~set; break;
		case SIG_SETMASK: ut->sigmask = set; break;
		default: return -EINVAL;
		}
		ut->sigmask &= ~UNBLOCKABLE;
	}
	if (uold != 0 && copy_to_user(uold, &old, sizeof(old)) < 0) {
		ut->sigmask = old;
		return -EFAULT;
	}
	return 0;
}

SYSCALL2(rt_sigpending, uintptr_t, uset, size_t, setsize)
{
	struct uthread *ut = curut();
	uint64_t set;

	if (setsize > sizeof(uint64_t))
		return -EINVAL;
	set = (ut->pending.set | ut->p->shared_pending.set) & ut->sigmask;
	return copy_to_user(uset, &set, setsize) < 0 ? -EFAULT : 0;
}

SYSCALL2(rt_sigsuspend, uintptr_t, uset, size_t, setsize)
{
	struct uthread *ut = curut();
	struct waitq wq;
	uint64_t set;

	if (setsize != sizeof(uint64_t))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)) < 0)
		return -EFAULT;
	ut->saved_mask = ut->sigmask;
	ut->restore_mask = true;
	ut->sigmask = set & ~UNBLOCKABLE;
	waitq_init(&wq);
	wait_event_interruptible(&wq, false);
	return -ERESTARTNOHAND;
}

SYSCALL0(pause)
{
	struct waitq wq;

	waitq_init(&wq);
	wait_event_interruptible(&wq, false);
	return -ERESTARTNOHAND;
}

struct timespec_k {
	int64_t sec, nsec;
};

SYSCALL4(rt_sigtimedwait, uintptr_t, uset, uintptr_t, uinfo, uintptr_t, uts,
	 size_t, setsize)
{
	struct uthread *ut = curut();
	struct ksiginfo si;
	struct timespec_k ts;
	uint64_t set, deadline = ~0ull, keep;
	struct waitq wq;
	int sig = 0, r = 0;

	if (setsize != sizeof(uint64_t))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)) < 0)
		return -EFAULT;
	if (uts != 0) {
		if (copy_from_user(&ts, uts, sizeof(ts)) < 0)
			return -EFAULT;
		if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
			return -EINVAL;
		deadline = hal_time_ns() + (uint64_t)ts.sec * NSEC_PER_SEC + (uint64_t)ts.nsec;
	}
	set &= ~UNBLOCKABLE;
	keep = ut->sigmask;
	waitq_init(&wq);
	for (;;) {
		ut->sigmask = ~set;
		sig = signal_pending_take(0, &si);
		ut->sigmask = keep;
		if (sig != 0)
			break;
		/* Wake for the awaited signals too, not just unblocked ones. */
		ut->sigmask = keep & ~set;
		r = wait_event_interruptible_until(&wq, false, deadline);
		ut->sigmask = keep;
		if (r == -ETIMEDOUT)
			return -EAGAIN;
		ut->sigmask = ~set;
		sig = signal_pending_take(0, &si);
		ut->sigmask = keep;
		if (sig != 0)
			break;
		if (signal_pending())
			return -EINTR;
	}
	if (uinfo != 0 && copy_to_user(uinfo, &si, sizeof(si)) < 0)
		return -EFAULT;
	return sig;
}

/* Permission to signal p: root, or a real/effective uid match. */
static bool
may_signal(struct proc *p)
{
	struct cred *me = &curproc()->cred;

	return me->euid == 0 || me->uid == p->cred.uid || me->euid == p->cred.uid ||
	       me->uid == p->cred.suid || me->euid == p->cred.suid;
}

static int
kill_one(struct proc *p, int sig)
{
	struct ksiginfo si;

	if (!may_signal(p))
		return -EPERM;
	if (sig == 0)
		return 0;
	signal_init_info(&si, sig, SI_USER);
	si.u.kill.pid = curproc()->pid;
	si.u.kill.uid = curproc()->cred.uid;
	return signal_send(p, sig, &si);
}

/* Every live process matching, snapshotted under proc_lock. */
static int
kill_many(int pgid, int sig, bool all)
{
	struct proc *me = curproc();
	struct list *pos;
	int found = 0, denied = 0, n = 0, cap = 256;
	struct proc **v = kmalloc((size_t)cap * sizeof(*v));

	if (v == NULL)
		return -ENOMEM;
	spin_lock(&proc_lock);
	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all_link);
		if (p->state != P_ALIVE || n == cap)
			continue;
		if (all ? (p->pid == 1 || p == me) : p->pgid != pgid)
			continue;
		proc_get(p);
		v[n++] = p;
	}
	spin_unlock(&proc_lock);
	for (int i = 0; i < n; i++) {
		if (kill_one(v[i], sig) == -EPERM)
			denied++;
		else
			found++;
		proc_put(v[i]);
	}
	kfree(v);
	if (found > 0)
		return 0;
	return denied > 0 ? -EPERM : -ESRCH;
}

SYSCALL2(kill, int, pid, int, sig)
{
	struct proc *p;

	if (sig < 0 || sig > NSIG)
		return -EINVAL;
	if (pid > 0) {
		long r;

		p = proc_find_any(pid);	/* a zombie can still be signalled */
		if (p == NULL)
			return -ESRCH;
		r = kill_one(p, sig);
		proc_put(p);
		return r;
	}
	if (pid == 0)
		return kill_many(curproc()->pgid, sig, false);
	if (pid == -1)
		return kill_many(0, sig, true);
	if (pid == INT32_MIN)
		return -ESRCH;
	return kill_many(-pid, sig, false);
}

/* The thread with this tid (in process tgid, if tgid > 0). proc_lock held. */
static struct uthread *
find_thread(int tgid, int tid)
{
	struct list *pos, *t;

	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all_link);
		if (p->state != P_ALIVE || (tgid > 0 && p->pid != tgid))
			continue;
		list_for_each(t, &p->threads) {
			struct uthread *ut = list_entry(t, struct uthread, plink);
			if (ut->tid == tid)
				return ut;
		}
	}
	return NULL;
}

static long
thread_kill(int tgid, int tid, int sig)
{
	struct uthread *ut;
	struct ksiginfo si;

	if (tid <= 0 || sig < 0 || sig > NSIG || tgid == 0 || tgid < -1)
		return -EINVAL;
	spin_lock(&proc_lock);
	ut = find_thread(tgid, tid);
	spin_unlock(&proc_lock);
	if (ut == NULL)
		return -ESRCH;
	if (!may_signal(ut->p))
		return -EPERM;
	if (sig == 0)
		return 0;
	signal_init_info(&si, sig, SI_TKILL);
	si.u.kill.pid = curproc()->pid;
	si.u.kill.uid = curproc()->cred.uid;
	return signal_send_thread(ut, sig, &si);
}

SYSCALL3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return thread_kill(tgid, tid, sig);
}

SYSCALL2(tkill, int, tid, int, sig)
{
	return thread_kill(-1, tid, sig);
}

SYSCALL3(rt_sigqueueinfo, int, pid, int, sig, uintptr_t, uinfo)
{
	struct ksiginfo si;
	struct proc *p;
	long r;

	if (copy_from_user(&si, uinfo, sizeof(si)) < 0)
		return -EFAULT;
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if ((si.si_code >= 0 || si.si_code == SI_TKILL) && pid != curproc()->pid)
		return -EPERM;
	si.si_signo = sig;
	p = proc_find(pid);
	if (p == NULL)
		return -ESRCH;
	r = may_signal(p) ? signal_send(p, sig, &si) : -EPERM;
	proc_put(p);
	return r;
}

struct stack_k {
	uintptr_t sp;
	int32_t flags, pad;
	uint64_t size;
};

SYSCALL2(sigaltstack, uintptr_t, unew, uintptr_t, uold)
{
	struct uthread *ut = curut();
	uintptr_t sp = hal_tf_sp(&ut->tf);
	bool on = !(ut->ss_flags & SS_DISABLE) && sp > ut->ss_sp &&
		  sp <= ut->ss_sp + ut->ss_size;
	struct stack_k old = { ut->ss_sp, (int32_t)(on ? SS_ONSTACK : ut->ss_flags),
			       0, ut->ss_size }, n;

	if (unew != 0) {
		if (copy_from_user(&n, unew, sizeof(n)) < 0)
			return -EFAULT;
		if (on)
			return -EPERM;
		if (n.flags & ~(SS_DISABLE | SS_ONSTACK | (int32_t)0x80000000))
			return -EINVAL;
		if (n.flags & SS_DISABLE) {
			ut->ss_flags = SS_DISABLE;
			ut->ss_sp = 0;
			ut->ss_size = 0;
		} else {
			if (n.size < MINSIGSTKSZ)
				return -ENOMEM;
			ut->ss_sp = n.sp;
			ut->ss_size = n.size;
			ut->ss_flags = 0;
		}
	}
	if (uold != 0 && copy_to_user(uold, &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL0(rt_sigreturn)
{
	struct uthread *ut = curut();
	uintptr_t at = hal_sigframe_at(&ut->tf);
	size_t max = hal_sigframe_size(), got = 0, chunk;
	uint64_t mask;
	void *buf = kmalloc(max);
	int r;

	ut->keep_regs = true;
	if (buf == NULL)
		proc_exit_group(SIGSEGV);
	while (got < max) {		/* the frame may end at a mapping's end */
		chunk = MIN(max - got, PAGE_SIZE - ((at + got) & (PAGE_SIZE - 1)));
		if (copy_from_user((char *)buf + got, at + got, chunk) < 0)
			break;
		got += chunk;
	}
	r = hal_sigframe_restore(&ut->tf, buf, got, at, &mask);
	kfree(buf);
	if (r < 0) {
		signal_force(SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	ut->sigmask = mask & ~UNBLOCKABLE;
	return 0;
}
