/*
 * sys_proc.c -- process system calls that are mostly bookkeeping: ids,
 * credentials, process groups and sessions, limits, uname, scheduling
 * hints, exit, and a few odds and ends (prctl, sysinfo, reboot, syslog).
 */
#include "abi.h"
#include "block.h"
#include "procfs.h"
#include "heap.h"
#include "pmm.h"
#include "proc.h"
#include "syscall.h"
#include "tty.h"
#include "uaccess.h"

SYSCALL0(getpid)
{
	return curproc()->pid;
}

SYSCALL0(gettid)
{
	return curut()->tid;
}

SYSCALL0(getppid)
{
	int pid;

	spin_lock(&proc_lock);
	pid = curproc()->parent->pid;
	spin_unlock(&proc_lock);
	return curproc()->pid == 1 ? 0 : pid;
}

SYSCALL0(getuid) { return curproc()->cred.uid; }
SYSCALL0(geteuid) { return curproc()->cred.euid; }
SYSCALL0(getgid) { return curproc()->cred.gid; }
SYSCALL0(getegid) { return curproc()->cred.egid; }

#define ID_KEEP 0xffffffffu

/* May the caller take id for a uid (or gid) slot? Root, or one it has. */
static bool
may_set(uint32_t id, uint32_t r, uint32_t e, uint32_t s)
{
	return curproc()->cred.euid == 0 || id == r || id == e || id == s;
}

SYSCALL3(setresuid, uint32_t, r, uint32_t, e, uint32_t, s)
{
	struct cred *c = &curproc()->cred;

	if ((r != ID_KEEP && !may_set(r, c->uid, c->euid, c->suid)) ||
	    (e != ID_KEEP && !may_set(e, c->uid, c->euid, c->suid)) ||
	    (s != ID_KEEP && !may_set(s, c->uid, c->euid, c->suid)))
		return -EPERM;
	if (r != ID_KEEP) c->uid = r;
	if (e != ID_KEEP) c->euid = e;
	if (s != ID_KEEP) c->suid = s;
	c->fsuid = c->euid;
	return 0;
}

SYSCALL3(setresgid, uint32_t, r, uint32_t, e, uint32_t, s)
{
	struct cred *c = &curproc()->cred;

	if (c->euid != 0 &&
	    ((r != ID_KEEP && r != c->gid && r != c->egid && r != c->sgid) ||
	     (e != ID_KEEP && e != c->gid && e != c->egid && e != c->sgid) ||
	     (s != ID_KEEP && s != c->gid && s != c->egid && s != c->sgid)))
		return -EPERM;
	if (r != ID_KEEP) c->gid = r;
	if (e != ID_KEEP) c->egid = e;
	if (s != ID_KEEP) c->sgid = s;
	c->fsgid = c->egid;
	return 0;
}

SYSCALL1(setuid, uint32_t, uid)
{
	struct cred *c = &curproc()->cred;

	if (c->euid == 0) {
		c->uid = c->euid = c->suid = c->fsuid = uid;
		return 0;
	}
	if (uid != c->uid && uid != c->suid)
		return -EPERM;
	c->euid = c->fsuid = uid;
	return 0;
}

SYSCALL1(setgid, uint32_t, gid)
{
	struct cred *c = &curproc()->cred;

	if (c->euid == 0) {
		c->gid = c->egid = c->sgid = c->fsgid = gid;
		return 0;
	}
	if (gid != c->gid && gid != c->sgid)
		return -EPERM;
	c->egid = c->fsgid = gid;
	return 0;
}

SYSCALL2(setreuid, uint32_t, r, uint32_t, e)
{
	struct cred *c = &curproc()->cred, old = *c;

	if ((r != ID_KEEP && c->euid != 0 && r != c->uid && r != c->euid) ||
	    (e != ID_KEEP && !may_set(e, c->uid, c->euid, c->suid)))
		return -EPERM;
	if (r != ID_KEEP) c->uid = r;
	if (e != ID_KEEP) c->euid = e;
	if (r != ID_KEEP || (e != ID_KEEP && e != old.uid))
		c->suid = c->euid;
	c->fsuid = c->euid;
	return 0;
}

SYSCALL2(setregid, uint32_t, r, uint32_t, e)
{
	struct cred *c = &curproc()->cred, old = *c;

	if (c->euid != 0 && ((r != ID_KEEP && r != c->gid && r != c->egid) ||
	    (e != ID_KEEP && e != c->gid && e != c->egid && e != c->sgid)))
		return -EPERM;
	if (r != ID_KEEP) c->gid = r;
	if (e != ID_KEEP) c->egid = e;
	if (r != ID_KEEP || (e != ID_KEEP && e != old.gid))
		c->sgid = c->egid;
	c->fsgid = c->egid;
	return 0;
}

static long
put3(uintptr_t a, uintptr_t b, uintptr_t c, uint32_t x, uint32_t y, uint32_t z)
{
	if (put_user(x, a) < 0 || put_user(y, b) < 0 || put_user(z, c) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL3(getresuid, uintptr_t, r, uintptr_t, e, uintptr_t, s)
{
	struct cred *c = &curproc()->cred;

	return put3(r, e, s, c->uid, c->euid, c->suid);
}

SYSCALL3(getresgid, uintptr_t, r, uintptr_t, e, uintptr_t, s)
{
	struct cred *c = &curproc()->cred;

	return put3(r, e, s, c->gid, c->egid, c->sgid);
}

SYSCALL1(setfsuid, uint32_t, uid)
{
	struct cred *c = &curproc()->cred;
	uint32_t old = c->fsuid;

	if (c->euid == 0 || uid == c->uid || uid == c->euid || uid == c->suid)
		c->fsuid = uid;
	return old;
}

SYSCALL1(setfsgid, uint32_t, gid)
{
	struct cred *c = &curproc()->cred;
	uint32_t old = c->fsgid;

	if (c->euid == 0 || gid == c->gid || gid == c->egid || gid == c->sgid)
		c->fsgid = gid;
	return old;
}

SYSCALL2(getgroups, int, size, uintptr_t, ulist)
{
	struct cred *c = &curproc()->cred;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(ulist, c->groups, (size_t)c->ngroups * sizeof(uint32_t)) < 0)
		return -EFAULT;
	return c->ngroups;
}

SYSCALL2(setgroups, size_t, size, uintptr_t, ulist)
{
	struct cred *c = &curproc()->cred;
	uint32_t g[16];

	if (c->euid != 0)
		return -EPERM;
	if (size > ARRAY_SIZE(g))
		return -EINVAL;
	if (copy_from_user(g, ulist, size * sizeof(uint32_t)) < 0)
		return -EFAULT;
	memcpy(c->groups, g, size * sizeof(uint32_t));
	c->ngroups = (int)size;
	return 0;
}

/* ---- process groups and sessions ---- */

SYSCALL2(setpgid, int, pid, int, pgid)
{
	struct proc *me = curproc(), *p;
	struct list *pos;
	bool found = false;
	int r = 0;

	if (pgid < 0)
		return -EINVAL;
	spin_lock(&proc_lock);
	p = pid == 0 ? me : NULL;
	if (p == NULL) {
		list_for_each(pos, &all_procs) {
			struct proc *q = list_entry(pos, struct proc, all_link);
			if (q->pid == pid && q->state == P_ALIVE)
				p = q;
		}
	}
	if (p == NULL || (p != me && p->parent != me)) {
		r = -ESRCH;
		goto out;
	}
	if (pgid == 0)
		pgid = p->pid;
	if (p->sid == p->pid || p->sid != me->sid) {
		r = p->sid == p->pid ? -EPERM : -EPERM;
		goto out;
	}
	list_for_each(pos, &all_procs) {
		struct proc *q = list_entry(pos, struct proc, all_link);
		if (q->pgid == pgid && q->sid == me->sid && q->state == P_ALIVE)
			found = true;
	}
	if (pgid != p->pid && !found) {
		r = -EPERM;
		goto out;
	}
	p->pgid = pgid;
out:
	spin_unlock(&proc_lock);
	return r;
}

static long
pgid_or_sid(int pid, bool sid)
{
	struct proc *p = pid == 0 ? curproc() : proc_find(pid);
	long r;

	if (p == NULL)
		return -ESRCH;
	r = sid ? p->sid : p->pgid;
	if (pid != 0)
		proc_put(p);
	return r;
}

SYSCALL1(getpgid, int, pid) { return pgid_or_sid(pid, false); }
SYSCALL0(getpgrp) { return curproc()->pgid; }
SYSCALL1(getsid, int, pid) { return pgid_or_sid(pid, true); }

SYSCALL0(setsid)
{
	struct proc *me = curproc();
	struct list *pos;

	spin_lock(&proc_lock);
	list_for_each(pos, &all_procs) {
		struct proc *q = list_entry(pos, struct proc, all_link);
		if (q->pgid == me->pid && q->state == P_ALIVE) {
			spin_unlock(&proc_lock);
			return -EPERM;
		}
	}
	me->sid = me->pgid = me->pid;
	spin_unlock(&proc_lock);
	tty_session_leave(me);
	return me->pid;
}

/*
 * Is group pgid orphaned: no member has a parent in a different group of
 * the same session?
 */
bool
proc_is_orphaned_pgrp(int pgid)
{
	struct list *pos;
	bool orphan = true;

	spin_lock(&proc_lock);
	list_for_each(pos, &all_procs) {
		struct proc *p = list_entry(pos, struct proc, all_link);
		if (p->pgid != pgid || p->state != P_ALIVE)
			continue;
		if (p->parent->pgid != pgid && p->parent->sid == p->sid)
			orphan = false;
	}
	spin_unlock(&proc_lock);
	return orphan;
}

/* ---- limits ---- */

static long
limit(struct proc *p, int res, const struct rlim *new, struct rlim *old)
{
	if (res < 0 || res >= RLIM_NLIMITS)
		return -EINVAL;
	if (old != NULL)
		*old = p->rlim[res];
	if (new == NULL)
		return 0;
	if (new->cur > new->max)
		return -EINVAL;
	if (new->max > p->rlim[res].max && p->cred.euid != 0)
		return -EPERM;
	if (res == RLIMIT_NOFILE && new->max > NOFILE_MAX)
		return -EPERM;
	p->rlim[res] = *new;
	return 0;
}

SYSCALL4(prlimit64, int, pid, int, res, uintptr_t, unew, uintptr_t, uold)
{
	struct proc *p = pid == 0 ? curproc() : proc_find(pid);
	struct rlim n, o;
	long r;

	if (p == NULL)
		return -ESRCH;
	if (unew != 0 && copy_from_user(&n, unew, sizeof(n)) < 0)
		r = -EFAULT;
	else
		r = limit(p, res, unew ? &n : NULL, &o);
	if (pid != 0)
		proc_put(p);
	if (r == 0 && uold != 0 && copy_to_user(uold, &o, sizeof(o)) < 0)
		return -EFAULT;
	return r;
}

SYSCALL2(getrlimit, int, res, uintptr_t, uold)
{
	struct rlim o;
	long r = limit(curproc(), res, NULL, &o);

	if (r == 0 && copy_to_user(uold, &o, sizeof(o)) < 0)
		return -EFAULT;
	return r;
}

SYSCALL2(setrlimit, int, res, uintptr_t, unew)
{
	struct rlim n;

	if (copy_from_user(&n, unew, sizeof(n)) < 0)
		return -EFAULT;
	return limit(curproc(), res, &n, NULL);
}

/* ---- the system ---- */

static char hostname[65] = "circle";

struct utsname_k {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
	     domainname[65];
};

SYSCALL1(uname, uintptr_t, ubuf)
{
	struct utsname_k u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "CircleOS", sizeof(u.sysname));
	strlcpy(u.nodename, hostname, sizeof(u.nodename));
	strlcpy(u.release, CIRCLEOS_VERSION, sizeof(u.release));
	ksnprintf(u.version, sizeof(u.version), "#1 SMP %s", HAL_NAME);
	strlcpy(u.machine, ABI_UNAME_MACHINE, sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(ubuf, &u, sizeof(u)) < 0 ? -EFAULT : 0;
}

SYSCALL2(sethostname, uintptr_t, uname, size_t, len)
{
	char buf[65];

	if (curproc()->cred.euid != 0)
		return -EPERM;
	if (len > 64)
		return -EINVAL;
	if (copy_from_user(buf, uname, len) < 0)
		return -EFAULT;
	buf[len] = '\0';
	strlcpy(hostname, buf, sizeof(hostname));
	return 0;
}

struct sysinfo_k {
	int64_t uptime;
	uint64_t loads[3];
	uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	uint32_t pad2;
	uint64_t totalhigh, freehigh;
	uint32_t mem_unit;
	char f[4];
};

SYSCALL1(sysinfo, uintptr_t, ubuf)
{
	struct sysinfo_k si;

	thread_reap();		/* exited threads' stacks count as free */
	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)(hal_time_ns() / NSEC_PER_SEC);
	procfs_loadavg(si.loads, 16);
	si.totalram = pmm_total_pages() * PAGE_SIZE;
	si.freeram = pmm_free_pages() * PAGE_SIZE;
	si.sharedram = ramfs_pages() * PAGE_SIZE;
	si.bufferram = block_cache_bytes();
	si.procs = (uint16_t)proc_count();
	si.mem_unit = 1;
	return copy_to_user(ubuf, &si, sizeof(si)) < 0 ? -EFAULT : 0;
}

SYSCALL0(sched_yield)
{
	sched_yield();
	return 0;
}

SYSCALL3(sched_getaffinity, int, pid, size_t, len, uintptr_t, umask)
{
	uint64_t mask = hal_cpu_count() >= 64 ? ~0ull : (1ull << hal_cpu_count()) - 1;

	if (len < sizeof(mask) || (len & 7))
		return -EINVAL;
	if (pid != 0 && !proc_exists(pid))
		return -ESRCH;
	if (clear_user(umask, len) < 0 || copy_to_user(umask, &mask, sizeof(mask)) < 0)
		return -EFAULT;
	return sizeof(mask);
}

SYSCALL3(sched_setaffinity, int, pid, size_t, len, uintptr_t, umask)
{
	(void)len;
	(void)umask;
	return pid == 0 || proc_exists(pid) ? 0 : -ESRCH;	/* a hint we ignore */
}

SYSCALL2(sched_getparam, int, pid, uintptr_t, uparam)
{
	int32_t prio = 0;

	if (pid != 0 && !proc_exists(pid))
		return -ESRCH;
	return copy_to_user(uparam, &prio, sizeof(prio)) < 0 ? -EFAULT : 0;
}

SYSCALL1(sched_getscheduler, int, pid)
{
	return pid == 0 || proc_exists(pid) ? 0 /* SCHED_OTHER */ : -ESRCH;
}

SYSCALL2(getpriority, int, which, int, who)
{
	if (which < 0 || which > 2)
		return -EINVAL;
	(void)who;
	return 20;		/* nice 0, in the kernel's 40 - nice encoding */
}

SYSCALL3(setpriority, int, which, int, who, int, prio)
{
	if (which < 0 || which > 2)
		return -EINVAL;
	(void)who;
	(void)prio;
	return 0;
}

SYSCALL3(getcpu, uintptr_t, ucpu, uintptr_t, unode, uintptr_t, cache)
{
	uint32_t cpu = (uint32_t)hal_cpu_id(), node = 0;

	(void)cache;
	if ((ucpu && put_user(cpu, ucpu) < 0) || (unode && put_user(node, unode) < 0))
		return -EFAULT;
	return 0;
}

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16

SYSCALL5(prctl, int, option, unsigned long, a2, unsigned long, a3,
	 unsigned long, a4, unsigned long, a5)
{
	struct proc *p = curproc();
	char name[16];

	(void)a3;
	(void)a4;
	(void)a5;
	switch (option) {
	case PR_SET_NAME:
		if (strncpy_from_user(name, a2, sizeof(name)) < 0) {
			if (copy_from_user(name, a2, sizeof(name) - 1) < 0)
				return -EFAULT;
			name[sizeof(name) - 1] = '\0';
		}
		strlcpy(p->comm, name, sizeof(p->comm));
		return 0;
	case PR_GET_NAME:
		return copy_to_user(a2, p->comm, sizeof(p->comm)) < 0 ? -EFAULT : 0;
	case PR_SET_PDEATHSIG:
		return a2 <= NSIG ? 0 : -EINVAL;
	case PR_GET_PDEATHSIG:
		return put_user((int32_t)0, a2) < 0 ? -EFAULT : 0;
	case PR_GET_DUMPABLE:
		return 0;
	case PR_SET_DUMPABLE:
		return a2 <= 1 ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

SYSCALL2(arch_prctl, int, code, uintptr_t, addr)
{
	struct uthread *ut = curut();

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= HAL_USER_TOP)
			return -EPERM;
		hal_tf_set_tls(&ut->tf, addr);
		return 0;
	case ARCH_GET_FS:
		return put_user((uint64_t)hal_tf_tls(&ut->tf), addr) < 0 ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

SYSCALL1(set_tid_address, uintptr_t, uaddr)
{
	curut()->clear_child_tid = uaddr;
	return curut()->tid;
}

SYSCALL2(set_robust_list, uintptr_t, head, size_t, len)
{
	if (len != 24)
		return -EINVAL;
	curut()->robust_list = head;
	return 0;
}

SYSCALL3(get_robust_list, int, pid, uintptr_t, uhead, uintptr_t, ulen)
{
	uint64_t len = 24;

	if (pid != 0)
		return -EPERM;
	if (put_user((uint64_t)curut()->robust_list, uhead) < 0 || put_user(len, ulen) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL2(membarrier, int, cmd, unsigned, flags)
{
	(void)flags;
	return cmd == 0 ? 1 /* MEMBARRIER_CMD_GLOBAL supported */ : 0;
}

/*
 * Restartable sequences are not offered. glibc's start-up asks for them
 * and, told ENOSYS, does without (as on Linux before 4.18); a known call,
 * so that this is not logged as an unknown one.
 */
SYSCALL4(rseq, uintptr_t, urseq, uint32_t, len, int, flags, uint32_t, sig)
{
	(void)urseq;
	(void)len;
	(void)flags;
	(void)sig;
	return -ENOSYS;
}

SYSCALL1(exit, int, code)
{
	struct proc *p = curproc();

	spin_lock(&proc_lock);
	if (p->nthreads == 1 && !p->exiting)
		p->exit_code = (code & 0xff) << 8;
	spin_unlock(&proc_lock);
	uthread_exit(code);
}

SYSCALL1(exit_group, int, code)
{
	proc_exit_group((code & 0xff) << 8);
}

struct tms_k {
	int64_t utime, stime, cutime, cstime;
};

#define TICKS(ns) ((int64_t)((ns) / (NSEC_PER_SEC / 100)))

SYSCALL1(times, uintptr_t, ubuf)
{
	struct proc *p = curproc();
	struct tms_k t = { TICKS(p->utime_ns + curut()->utime_ns),
			   TICKS(p->stime_ns + curut()->stime_ns),
			   TICKS(p->cutime_ns), TICKS(p->cstime_ns) };

	if (ubuf != 0 && copy_to_user(ubuf, &t, sizeof(t)) < 0)
		return -EFAULT;
	return TICKS(hal_time_ns());
}

struct rusage_k {
	int64_t utime_sec, utime_usec, stime_sec, stime_usec;
	int64_t maxrss, ixrss, idrss, isrss, minflt, majflt, nswap, inblock,
		oublock, msgsnd, msgrcv, nsignals, nvcsw, nivcsw;
};

SYSCALL2(getrusage, int, who, uintptr_t, ubuf)
{
	struct proc *p = curproc();
	struct rusage_k ru;
	uint64_t u, s;

	if (who == 0 || who == 1) {	/* RUSAGE_SELF, RUSAGE_THREAD */
		u = who == 0 ? p->utime_ns : 0;
		s = who == 0 ? p->stime_ns : 0;
		u += curut()->utime_ns;
		s += curut()->stime_ns;
	} else if (who == -1) {		/* RUSAGE_CHILDREN */
		u = p->cutime_ns;
		s = p->cstime_ns;
	} else {
		return -EINVAL;
	}
	memset(&ru, 0, sizeof(ru));
	ru.utime_sec = (int64_t)(u / NSEC_PER_SEC);
	ru.utime_usec = (int64_t)(u % NSEC_PER_SEC / 1000);
	ru.stime_sec = (int64_t)(s / NSEC_PER_SEC);
	ru.stime_usec = (int64_t)(s % NSEC_PER_SEC / 1000);
	ru.minflt = (int64_t)p->min_flt;
	return copy_to_user(ubuf, &ru, sizeof(ru)) < 0 ? -EFAULT : 0;
}

#define REBOOT_MAGIC1 0xfee1dead
#define REBOOT_MAGIC2 672274793
#define REBOOT_MAGIC2A 85072278
#define REBOOT_MAGIC2B 369367448
#define REBOOT_MAGIC2C 537993216
#define CMD_RESTART 0x01234567
#define CMD_HALT 0xCDEF0123
#define CMD_POWER_OFF 0x4321FEDC
#define CMD_CAD_ON 0x89ABCDEF
#define CMD_CAD_OFF 0x00000000

/*
 * reboot(2). CircleOS extension: for POWER_OFF the fourth argument is the
 * machine's exit status (circlesim's exit code); Linux ignores it.
 */
SYSCALL4(reboot, uint32_t, magic1, uint32_t, magic2, uint32_t, cmd, uintptr_t, arg)
{
	if (magic1 != REBOOT_MAGIC1 || (magic2 != REBOOT_MAGIC2 &&
	    magic2 != REBOOT_MAGIC2A && magic2 != REBOOT_MAGIC2B &&
	    magic2 != REBOOT_MAGIC2C))
		return -EINVAL;
	if (curproc()->cred.euid != 0)
		return -EPERM;
	switch (cmd) {
	case CMD_POWER_OFF:
	case CMD_HALT:
		vfs_shutdown();		/* disks written back, marked clean */
		kprintf("kernel: power off (status %d)", (int)(arg & 0xff));
		hal_poweroff((int)(arg & 0xff));
	case CMD_RESTART:
		vfs_shutdown();
		kprintf("kernel: restarting");
		hal_reboot();
	case CMD_CAD_ON:
	case CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}

static uint64_t syslog_pos;	/* where SYSLOG_ACTION_READ goes on */
static uint64_t syslog_clear;	/* SYSLOG_ACTION_CLEAR's mark */
static int saved_level = -1;	/* the level before CONSOLE_OFF */

/* Copy log text from *pos to user buf, at most len bytes. */
static long
syslog_copy(uintptr_t ubuf, size_t len, uint64_t *pos)
{
	char tmp[512];
	size_t n, done = 0;

	while (done < len &&
	       (n = klog_read(tmp, MIN(sizeof(tmp), len - done), pos)) > 0) {
		if (copy_to_user(ubuf + done, tmp, n) < 0)
			return -EFAULT;
		done += n;
	}
	return (long)done;
}

/* syslog(2), the dmesg and klogd interface. */
SYSCALL3(syslog, int, type, uintptr_t, ubuf, int, len)
{
	uint64_t pos, head = klog_head();
	long r;

	if (type != 3 && type != 10 && curproc()->cred.euid != 0)
		return -EPERM;
	switch (type) {
	case 0: case 1:				/* close, open */
		return 0;
	case 2:					/* read: wait, consume */
		if (len < 0 || ubuf == 0)
			return -EINVAL;
		if (len == 0)
			return 0;
		if ((r = klog_wait(syslog_pos)) < 0)
			return r;
		pos = syslog_pos;
		r = syslog_copy(ubuf, (size_t)len, &pos);
		if (r > 0)
			syslog_pos = pos;
		return r;
	case 3: case 4:				/* read all (and clear) */
		if (len < 0 || ubuf == 0)
			return -EINVAL;
		pos = syslog_clear;
		if (head - pos > (uint64_t)len)
			pos = head - (uint64_t)len;	/* the newest len bytes */
		r = syslog_copy(ubuf, (size_t)len, &pos);
		if (r >= 0 && type == 4)
			syslog_clear = head;
		return r;
	case 5:					/* clear */
		syslog_clear = head;
		return 0;
	case 6:					/* console off */
		if (saved_level < 0)
			saved_level = klog_console_level();
		klog_set_console_level(0);
		return 0;
	case 7:					/* console on */
		if (saved_level >= 0)
			klog_set_console_level(saved_level);
		saved_level = -1;
		return 0;
	case 8:					/* console level */
		if (len < 1 || len > 8)
			return -EINVAL;
		klog_set_console_level(len - 1);	/* Linux prints level < len */
		saved_level = -1;
		return 0;
	case 9:					/* unread bytes */
		return (long)MIN(head - syslog_pos, 64u * 1024);
	case 10:				/* buffer size */
		return 64 * 1024;
	default:
		return -EINVAL;
	}
}
