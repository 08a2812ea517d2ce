/*
 * sched_ktest.c -- self tests of threads and the scheduler: fairness on
 * one CPU, priorities, spreading over every CPU, join and detach.
 */
#include "cpu.h"
#include "ktest.h"
#include "sched.h"

#define NFAIR 4

struct fair {
	volatile bool stop;
	uint64_t cpu_ns[NFAIR];
	uint64_t turns[NFAIR];
};

static uint64_t
own_cpu_time(void)
{
	struct thread *t = curthread();
	uint64_t ns;

	push_off();
	ns = t->runtime_ns + hal_time_ns() - t->ran_at;
	pop_off();
	return ns;
}

static struct fair fair;

static void
fair_thread(void *arg)
{
	int i = (int)(uintptr_t)arg;

	while (!fair.stop)
		hal_cpu_relax();
	fair.cpu_ns[i] = own_cpu_time();
	fair.turns[i] = curthread()->switches;
}

/*
 * Four busy threads on one CPU take equal turns: the test waits until
 * they have had FAIR_TURNS slices between them (about 400 ms) and then
 * the counts are within two of each other. Waiting for turns rather than
 * for a fixed time keeps the test honest on a loaded host, where the
 * host clock runs on while the CPU thread is not scheduled. Their CPU
 * times are printed too: exact on the virtual clock, host noise on the
 * host clock, so only the turns are judged.
 */
#define FAIR_TURNS	(NFAIR * 10)

int
ktest_sched_fair(void)
{
	int cpu = hal_cpu_count() - 1;
	struct thread *t[NFAIR];
	uint64_t lo = ~0ull, hi = 0, sum = 0;
	uint64_t end = hal_time_ns() + 60 * NSEC_PER_SEC;

	memset(&fair, 0, sizeof(fair));
	for (int i = 0; i < NFAIR; i++) {
		t[i] = thread_create_on("fair", fair_thread, (void *)(uintptr_t)i,
					PRIO_DEFAULT, 1ull << cpu);
		KT_ASSERT(t[i] != NULL);
	}
	while (sum < FAIR_TURNS && hal_time_ns() < end) {
		thread_sleep_ns(20 * NSEC_PER_MSEC);
		sum = 0;
		for (int i = 0; i < NFAIR; i++)
			sum += READ_ONCE(t[i]->switches);
	}
	fair.stop = true;
	for (int i = 0; i < NFAIR; i++) {
		thread_join(t[i]);
		lo = MIN(lo, fair.turns[i]);
		hi = MAX(hi, fair.turns[i]);
		ktest_note("thread %d: %llu turns, %llu us", i,
			   (unsigned long long)fair.turns[i],
			   (unsigned long long)fair.cpu_ns[i] / 1000);
	}
	KT_ASSERT_MSG(sum >= FAIR_TURNS, "only %llu turns in 60 s",
		      (unsigned long long)sum);
	KT_ASSERT_MSG(lo >= 8 && hi - lo <= 2, "turns from %llu to %llu",
		      (unsigned long long)lo, (unsigned long long)hi);
	return 0;
}

static volatile bool prio_high_ran, prio_low_saw;

static void
prio_low(void *arg)
{
	uint64_t end = hal_time_ns() + NSEC_PER_SEC;

	(void)arg;
	while (!prio_high_ran && hal_time_ns() < end)
		hal_cpu_relax();
	prio_low_saw = prio_high_ran;
}

static void
prio_high(void *arg)
{
	(void)arg;
	prio_high_ran = true;
}

/* An urgent thread preempts a busy, less urgent one on the same CPU. */
int
ktest_sched_prio(void)
{
	uint64_t mask = 1ull << (hal_cpu_count() - 1);
	struct thread *lo, *hi;

	prio_high_ran = prio_low_saw = false;
	lo = thread_create_on("prio-lo", prio_low, NULL, PRIO_DEFAULT + 4, mask);
	KT_ASSERT(lo != NULL);
	thread_sleep_ns(5 * NSEC_PER_MSEC);	/* lo is spinning now */
	hi = thread_create_on("prio-hi", prio_high, NULL, PRIO_DEFAULT - 4, mask);
	KT_ASSERT(hi != NULL);
	thread_join(hi);
	thread_join(lo);
	KT_ASSERT(prio_low_saw);
	return 0;
}

#define SPREAD_PER_CPU 2

static uint64_t spread_seen[SPREAD_PER_CPU * HAL_MAX_CPUS];

static void
spread_thread(void *arg)
{
	uint64_t end = hal_time_ns() + 30 * NSEC_PER_MSEC;

	while (hal_time_ns() < end)
		hal_cpu_relax();
	spread_seen[(uintptr_t)arg] = curthread()->cpus_seen;
}

/* Busy threads end up on every CPU. */
int
ktest_sched_spread(void)
{
	int n = SPREAD_PER_CPU * hal_cpu_count();
	uint64_t all = 0, want = hal_cpu_count() == 64 ? ~0ull :
		(1ull << hal_cpu_count()) - 1;
	struct thread *t[SPREAD_PER_CPU * HAL_MAX_CPUS];

	for (int i = 0; i < n; i++) {
		t[i] = thread_create("spread", spread_thread, (void *)(uintptr_t)i,
				     PRIO_DEFAULT);
		KT_ASSERT(t[i] != NULL);
	}
	for (int i = 0; i < n; i++) {
		thread_join(t[i]);
		all |= spread_seen[i];
	}
	KT_ASSERT_MSG(all == want, "CPUs used %#llx, want %#llx",
		      (unsigned long long)all, (unsigned long long)want);
	return 0;
}

static void
exit_with(void *arg)
{
	if ((uintptr_t)arg % 3 == 0)
		thread_sleep_ns(NSEC_PER_MSEC);
	thread_exit((int)(uintptr_t)arg);
}

/* Exit codes reach the joiner; detached threads are freed by the reaper. */
int
ktest_thread_join(void)
{
	struct thread *t[64];
	int before = sched_nthreads();

	for (int i = 0; i < 64; i++) {
		t[i] = thread_create("join", exit_with, (void *)(uintptr_t)i,
				     PRIO_DEFAULT);
		KT_ASSERT(t[i] != NULL);
	}
	for (int i = 0; i < 64; i++)
		KT_ASSERT(thread_join(t[i]) == i);
	for (int i = 0; i < 16; i++) {
		struct thread *d = thread_create("detached", exit_with,
						 (void *)(uintptr_t)i, PRIO_DEFAULT);
		KT_ASSERT(d != NULL);
		thread_detach(d);
	}
	thread_sleep_ns(20 * NSEC_PER_MSEC);
	thread_reap();
	KT_ASSERT_MSG(sched_nthreads() == before, "%d threads, want %d",
		      sched_nthreads(), before);
	return 0;
}

static volatile bool late_ran, late_stop;

static void
late_spinner(void *arg)
{
	(void)arg;
	while (!late_stop)
		hal_cpu_relax();
}

static void
late_thread(void *arg)
{
	(void)arg;
	late_ran = true;
}

/*
 * A thread queued on a CPU whose only thread has been running alone for
 * several slices still gets its turn (the tick keeps going while busy).
 */
int
ktest_sched_late_arrival(void)
{
	uint64_t mask = 1ull << (hal_cpu_count() - 1), end;
	struct thread *spin, *late;

	late_ran = late_stop = false;
	spin = thread_create_on("spinner", late_spinner, NULL, PRIO_DEFAULT, mask);
	KT_ASSERT(spin != NULL);
	thread_sleep_ns(35 * NSEC_PER_MSEC);	/* several slices alone */
	late = thread_create_on("late", late_thread, NULL, PRIO_DEFAULT, mask);
	KT_ASSERT(late != NULL);
	end = hal_time_ns() + 200 * NSEC_PER_MSEC;
	bool ran_in_time;

	while (!late_ran && hal_time_ns() < end)
		thread_sleep_ns(NSEC_PER_MSEC);
	ran_in_time = late_ran;		/* before the spinner stops */
	late_stop = true;
	thread_join(late);
	thread_join(spin);
	KT_ASSERT(ran_in_time);
	return 0;
}
