/*
 * timer_ktest.c -- self tests of timers and sleeping: firing order,
 * lateness, many sleepers on every CPU.
 */
#include "ktest.h"
#include "sched.h"
#include "timer.h"

#define NTIMERS 64

static struct timer timers[NTIMERS];
static uint64_t fired_at[NTIMERS];
static int order[NTIMERS];
static int nfired;

static void
record(struct timer *t)
{
	int i = (int)(t - timers);

	fired_at[i] = hal_time_ns();
	order[__atomic_fetch_add(&nfired, 1, __ATOMIC_SEQ_CST)] = i;
}

static void
arm_all(void *arg)
{
	uint64_t seed = 12345, now = hal_time_ns();

	unsigned long f;

	(void)arg;
	/* Interrupts off while arming: on a slow machine (QEMU's TCG) an
	 * early deadline could pass, and its timer fire, before a timer
	 * due even earlier is armed. */
	f = hal_irq_save();
	for (int i = 0; i < NTIMERS; i++) {
		timer_init(&timers[i], record, NULL);
		timer_arm(&timers[i], now + NSEC_PER_MSEC +
			  ktest_rand(&seed) % (20 * NSEC_PER_MSEC));
	}
	/* One armed and cancelled never fires. */
	timer_cancel(&timers[NTIMERS - 1]);
	hal_irq_restore(f);
	while (__atomic_load_n(&nfired, __ATOMIC_SEQ_CST) < NTIMERS - 1)
		thread_sleep_ns(NSEC_PER_MSEC);
}

/* Timers fire in deadline order, never early. */
int
ktest_timer_order(void)
{
	struct thread *t;

	nfired = 0;
	t = thread_create_on("timers", arm_all, NULL, PRIO_DEFAULT, 1);
	KT_ASSERT(t != NULL);
	thread_join(t);
	thread_sleep_ns(25 * NSEC_PER_MSEC);
	KT_ASSERT(nfired == NTIMERS - 1);
	for (int k = 0; k < nfired; k++) {
		int i = order[k];
		KT_ASSERT(i != NTIMERS - 1);
		KT_ASSERT(fired_at[i] >= timers[i].deadline);
		if (k > 0)
			KT_ASSERT(timers[order[k - 1]].deadline <= timers[i].deadline);
	}
	return 0;
}

/*
 * Sleeps end at or after their deadline, and not much later. Each length
 * is tried up to five times and judged by its best try: on the host
 * clock a loaded host may keep the CPU thread waiting now and then, but
 * a timer that is always late fails.
 */
int
ktest_sleep_accuracy(void)
{
	static const uint64_t ms[] = { 1, 2, 5, 10, 20 };
	uint64_t worst = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ms); i++) {
		uint64_t want = ms[i] * NSEC_PER_MSEC, best = UINT64_MAX;

		for (int try = 0; try < 5 && best >= 20 * NSEC_PER_MSEC; try++) {
			uint64_t start = hal_time_ns(), took;

			thread_sleep_ns(want);
			took = hal_time_ns() - start;
			KT_ASSERT(took >= want);
			best = MIN(best, took - want);
		}
		worst = MAX(worst, best);
	}
	KT_ASSERT_MSG(worst < 20 * NSEC_PER_MSEC, "woke %llu us late",
		      (unsigned long long)worst / 1000);
	return 0;
}

#define NSLEEPERS 32

static volatile int sleeps_done;

static void
sleeper(void *arg)
{
	uint64_t seed = (uintptr_t)arg + 1;

	for (int r = 0; r < 5; r++) {
		uint64_t d = NSEC_PER_MSEC + ktest_rand(&seed) % (10 * NSEC_PER_MSEC);
		uint64_t start = hal_time_ns();

		thread_sleep_ns(d);
		if (hal_time_ns() - start >= d)
			__atomic_add_fetch(&sleeps_done, 1, __ATOMIC_SEQ_CST);
	}
}

int
ktest_sleep_many(void)
{
	struct thread *t[NSLEEPERS];

	sleeps_done = 0;
	for (int i = 0; i < NSLEEPERS; i++)
		KT_ASSERT((t[i] = thread_create("sleeper", sleeper,
						(void *)(uintptr_t)i, PRIO_DEFAULT)));
	for (int i = 0; i < NSLEEPERS; i++)
		thread_join(t[i]);
	KT_ASSERT(sleeps_done == NSLEEPERS * 5);
	return 0;
}
