/*
 * sys_time.c -- clocks, sleeping, and alarms: clock_gettime and friends
 * over the HAL's monotonic time and its wall clock at boot.
 */
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define TIMER_ABSTIME 1

struct timespec_k {
	int64_t sec, nsec;
};

struct timeval_k {
	int64_t sec, usec;
};

static int64_t realtime_offset;	/* clock_settime's correction, ns */

static uint64_t
realtime_ns(void)
{
	return hal_rtc_boot_seconds() * NSEC_PER_SEC + hal_time_ns() +
	       (uint64_t)realtime_offset;
}

/* The value of clock id in ns; -EINVAL for an unknown clock. */
static long
clock_now(int id, uint64_t *ns)
{
	struct uthread *ut = curut();

	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = hal_time_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = ut->p->utime_ns + ut->p->stime_ns + ut->utime_ns + ut->stime_ns;
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = ut->utime_ns + ut->stime_ns;
		return 0;
	default:
		return -EINVAL;
	}
}

static struct timespec_k
to_ts(uint64_t ns)
{
	return (struct timespec_k){ (int64_t)(ns / NSEC_PER_SEC),
				    (int64_t)(ns % NSEC_PER_SEC) };
}

static int
from_user_ts(uintptr_t uts, uint64_t *ns)
{
	struct timespec_k ts;

	if (copy_from_user(&ts, uts, sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
		return -EINVAL;
	if ((uint64_t)ts.sec > (~0ull >> 1) / NSEC_PER_SEC)
		*ns = ~0ull >> 1;
	else
		*ns = (uint64_t)ts.sec * NSEC_PER_SEC + (uint64_t)ts.nsec;
	return 0;
}

SYSCALL2(clock_gettime, int, id, uintptr_t, uts)
{
	struct timespec_k ts;
	uint64_t ns;
	long r = clock_now(id, &ns);

	if (r < 0)
		return r;
	ts = to_ts(ns);
	return copy_to_user(uts, &ts, sizeof(ts)) < 0 ? -EFAULT : 0;
}

SYSCALL2(clock_getres, int, id, uintptr_t, uts)
{
	struct timespec_k ts = { 0, 1 };
	uint64_t ns;
	long r = clock_now(id, &ns);

	if (r < 0)
		return r;
	if (uts != 0 && copy_to_user(uts, &ts, sizeof(ts)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL2(clock_settime, int, id, uintptr_t, uts)
{
	uint64_t ns;
	int r;

	if (id != CLOCK_REALTIME)
		return -EINVAL;
	if ((r = from_user_ts(uts, &ns)) < 0)
		return r;
	if (curproc()->cred.euid != 0)
		return -EPERM;
	realtime_offset += (int64_t)(ns - realtime_ns());
	return 0;
}

SYSCALL2(gettimeofday, uintptr_t, utv, uintptr_t, utz)
{
	uint64_t ns = realtime_ns();
	struct timeval_k tv = { (int64_t)(ns / NSEC_PER_SEC),
				(int64_t)(ns % NSEC_PER_SEC / 1000) };
	int32_t tz[2] = { 0, 0 };

	if (utv != 0 && copy_to_user(utv, &tv, sizeof(tv)) < 0)
		return -EFAULT;
	if (utz != 0 && copy_to_user(utz, tz, sizeof(tz)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL1(time, uintptr_t, ut)
{
	int64_t t = (int64_t)(realtime_ns() / NSEC_PER_SEC);

	if (ut != 0 && put_user(t, ut) < 0)
		return -EFAULT;
	return t;
}

/* Sleep until `deadline` on the monotonic clock, or a signal. */
static long
sleep_until(uint64_t deadline)
{
	struct waitq wq;
	int r;

	waitq_init(&wq);
	r = wait_event_interruptible_until(&wq, false, deadline);
	return r == -ETIMEDOUT ? 0 : r;
}

static long
nanosleep_common(int clock, int flags, uintptr_t ureq, uintptr_t urem)
{
	uint64_t req, now, deadline;
	struct timespec_k rem;
	long r;

	if ((r = from_user_ts(ureq, &req)) < 0)
		return r;
	if ((r = clock_now(clock, &now)) < 0)
		return r;
	if (clock == CLOCK_THREAD_CPUTIME_ID || clock == CLOCK_PROCESS_CPUTIME_ID)
		return -EINVAL;
	now = hal_time_ns();
	if (flags & TIMER_ABSTIME) {
		uint64_t cnow;
		clock_now(clock, &cnow);
		deadline = now + (req > cnow ? req - cnow : 0);
	} else {
		deadline = now + req;
	}
	if (deadline < now)		/* overflow: forever, in effect */
		deadline = ~0ull >> 1;
	r = sleep_until(deadline);
	if (r == 0)
		return 0;
	if (!(flags & TIMER_ABSTIME) && urem != 0) {
		now = hal_time_ns();
		rem = to_ts(deadline > now ? deadline - now : 0);
		if (copy_to_user(urem, &rem, sizeof(rem)) < 0)
			return -EFAULT;
	}
	return -EINTR;
}

SYSCALL2(nanosleep, uintptr_t, ureq, uintptr_t, urem)
{
	return nanosleep_common(CLOCK_MONOTONIC, 0, ureq, urem);
}

SYSCALL4(clock_nanosleep, int, clock, int, flags, uintptr_t, ureq, uintptr_t, urem)
{
	long r;

	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	r = nanosleep_common(clock, flags, ureq, urem);
	return r;			/* clock_nanosleep returns the error */
}

/* ---- alarm and ITIMER_REAL ---- */

static void
alarm_fire(struct timer *t)
{
	struct proc *p = t->arg;
	struct ksiginfo si;

	p->alarm_at = 0;
	signal_init_info(&si, SIGALRM, SI_TIMER);
	signal_send(p, SIGALRM, &si);
}

/* Arm (ns > 0) or disarm the process's real-time alarm; returns the ns
 * that were left. */
static uint64_t
set_alarm(struct proc *p, uint64_t ns)
{
	uint64_t now = hal_time_ns(), left;

	timer_cancel(&p->alarm_timer);
	left = p->alarm_at > now ? p->alarm_at - now : 0;
	p->alarm_at = 0;
	if (ns > 0) {
		timer_init(&p->alarm_timer, alarm_fire, p);
		p->alarm_at = now + ns;
		timer_arm(&p->alarm_timer, p->alarm_at);
	}
	return left;
}

SYSCALL1(alarm, unsigned, seconds)
{
	uint64_t left = set_alarm(curproc(), (uint64_t)seconds * NSEC_PER_SEC);

	return (long)((left + NSEC_PER_SEC / 2) / NSEC_PER_SEC) +
	       (left > 0 && left < NSEC_PER_SEC / 2);
}

struct itimerval_k {
	struct timeval_k interval, value;
};

SYSCALL3(setitimer, int, which, uintptr_t, unew, uintptr_t, uold)
{
	struct itimerval_k n, o;
	uint64_t left;

	if (which != 0)			/* only ITIMER_REAL */
		return -EINVAL;
	if (unew != 0 && copy_from_user(&n, unew, sizeof(n)) < 0)
		return -EFAULT;
	if (unew != 0 && (n.value.sec < 0 || n.value.usec < 0 || n.value.usec >= 1000000))
		return -EINVAL;
	left = unew != 0 ? set_alarm(curproc(), (uint64_t)n.value.sec * NSEC_PER_SEC +
				     (uint64_t)n.value.usec * 1000)
		: (curproc()->alarm_at > hal_time_ns() ? curproc()->alarm_at - hal_time_ns() : 0);
	memset(&o, 0, sizeof(o));
	o.value.sec = (int64_t)(left / NSEC_PER_SEC);
	o.value.usec = (int64_t)(left % NSEC_PER_SEC / 1000);
	if (uold != 0 && copy_to_user(uold, &o, sizeof(o)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL2(getitimer, int, which, uintptr_t, uval)
{
	struct itimerval_k o;
	uint64_t now = hal_time_ns(), at = curproc()->alarm_at;

	if (which < 0 || which > 2)
		return -EINVAL;
	memset(&o, 0, sizeof(o));
	if (which == 0 && at > now) {
		o.value.sec = (int64_t)((at - now) / NSEC_PER_SEC);
		o.value.usec = (int64_t)((at - now) % NSEC_PER_SEC / 1000);
	}
	return copy_to_user(uval, &o, sizeof(o)) < 0 ? -EFAULT : 0;
}
