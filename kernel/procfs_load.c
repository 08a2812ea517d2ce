/*
 * procfs_load.c -- the load average of /proc/loadavg (and sysinfo): the
 * number of threads running or waiting for a CPU, sampled every 5 s by
 * a timer and decayed exponentially over 1, 5 and 15 minutes as Linux
 * does. A machine with nothing to run and no timer armed waits only
 * for input: the sampler then stops (so the simulator can still tell a
 * guest that can make no progress), and the next reader makes up for
 * the samples missed from the CPUs' busy time meanwhile.
 */
#include "cpu.h"
#include "procfs.h"

#define FIXED_1 (1ull << PROCFS_FSHIFT)
#define LOAD_FREQ (5 * NSEC_PER_SEC)
#define CATCH_UP_MAX 4096	/* samples: enough to decay anything to 0 */

static const uint64_t load_exp[3] = { 1884, 2014, 2037 };  /* 1, 5, 15 min */
static uint64_t loads[3];	/* fixed point; the sampling token's holder */

/* The sampling token: set while a sampler timer is armed or running;
 * whoever sets it may write loads[] and the two fields below. */
static int sampling;
static uint64_t stopped_at;	/* when the sampler last stopped, 0: never */
static uint64_t idle_at_stop;	/* all CPUs' idle time then */

static void sample(struct timer *t);
/* Two timers that arm each other: a callback cannot re-arm itself. */
static struct timer samplers[2] = {
	{ .link = LIST_INIT(samplers[0].link), .fn = sample },
	{ .link = LIST_INIT(samplers[1].link), .fn = sample },
};

/* Threads running or waiting for a CPU, now. Any context. */
unsigned
procfs_nr_active(void)
{
	unsigned n = 0;

	for (int i = 0; i < ncpu; i++) {
		n += (unsigned)READ_ONCE(cpus[i].rq.nr);
		n += READ_ONCE(cpus[i].curr) != cpus[i].idle;
	}
	return n;
}

/* Nanoseconds CPU i has spent in its idle thread by `now`. Any context. */
uint64_t
procfs_idle_ns(int i, uint64_t now)
{
	struct thread *idle = cpus[i].idle;
	uint64_t ns;

	if (idle == NULL)
		return now;
	ns = READ_ONCE(idle->runtime_ns);
	if (READ_ONCE(cpus[i].curr) == idle)
		ns += now - MIN(now, READ_ONCE(idle->ran_at));
	return MIN(ns, now);
}

static uint64_t
idle_total(uint64_t now)
{
	uint64_t ns = 0;

	for (int i = 0; i < ncpu; i++)
		ns += procfs_idle_ns(i, now);
	return ns;
}

/* One sample of `active` (fixed point) into each average. */
static void
account(uint64_t active)
{
	uint64_t load, n;

	for (int i = 0; i < 3; i++) {
		load = loads[i];
		n = load * load_exp[i] + active * (FIXED_1 - load_exp[i]);
		if (active >= load)
			n += FIXED_1 - 1;
		WRITE_ONCE(loads[i], n / FIXED_1);
	}
}

/* Is a thread running or queued, or a timer armed on some CPU? */
static bool
machine_busy(void)
{
	for (int i = 0; i < ncpu; i++)
		if (READ_ONCE(cpus[i].tq.head.next) != &cpus[i].tq.head)
			return true;
	return procfs_nr_active() > 0;
}

/* Timer callback (interrupt context): one sample, then arm the other
 * timer, or stop if the machine waits for input only. */
static void
sample(struct timer *t)
{
	account(procfs_nr_active() * FIXED_1);
	if (!machine_busy()) {
		stopped_at = hal_time_ns();
		idle_at_stop = idle_total(stopped_at);
		__atomic_store_n(&sampling, 0, __ATOMIC_RELEASE);
		return;
	}
	timer_arm(&samplers[t == &samplers[0]], t->deadline + LOAD_FREQ);
}

/* The samples missed since the sampler stopped, each taken as the
 * average number of busy CPUs over that time. Token held. */
static void
catch_up(uint64_t now)
{
	uint64_t gap, k, idle, busy;

	if (stopped_at == 0 || now <= stopped_at)
		return;
	gap = now - stopped_at;
	k = MIN(gap / LOAD_FREQ, CATCH_UP_MAX);
	idle = idle_total(now) - MIN(idle_total(now), idle_at_stop);
	busy = gap * (uint64_t)ncpu - MIN(idle, gap * (uint64_t)ncpu);
	while (k-- > 0)
		account(busy / MAX(gap >> PROCFS_FSHIFT, 1ull));
}

/*
 * Start the sampler unless it runs (making up for the samples it
 * missed). Thread context; cheap when it runs.
 */
void
procfs_sampler_start(void)
{
	uint64_t now;
	int off = 0;

	if (READ_ONCE(sampling) ||
	    !__atomic_compare_exchange_n(&sampling, &off, 1, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		return;
	now = hal_time_ns();
	catch_up(now);
	timer_arm(&samplers[0], now + LOAD_FREQ);
}

/*
 * The 1, 5 and 15 minute load averages as fixed-point numbers with
 * `shift` fraction bits (PROCFS_FSHIFT <= shift <= 32; sysinfo wants
 * 16). Thread context (it may start the sampler).
 */
void
procfs_loadavg(uint64_t out[3], unsigned shift)
{
	procfs_sampler_start();
	for (int i = 0; i < 3; i++)
		out[i] = READ_ONCE(loads[i]) << (shift - PROCFS_FSHIFT);
}
