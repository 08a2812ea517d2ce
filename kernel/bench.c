/*
 * bench.c -- in-kernel micro benchmarks, chosen with kbench=all or
 * kbench=NAME,... Each prints "bench NAME MEDIAN UNIT" (median of batches)
 * and the machine powers off. Figures, never pass/fail.
 */
#include "cpu.h"
#include "heap.h"
#include "pmm.h"
#include "sched.h"
#include "waitq.h"

void kbench_main(const char *which);

#define BATCHES 31

static void
sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* Print the median of v[n] (in ps per op) as ns with one decimal. */
static void
report(const char *name, uint64_t *v, int n)
{
	uint64_t m;

	sort(v, n);
	m = v[n / 2];
	kprintf("bench %s %llu.%llu ns", name, (unsigned long long)(m / 1000),
		(unsigned long long)(m % 1000 / 100));
}

/* ---- the HAL's context switch, as the scheduler uses it ---- */

static struct hal_ctx main_ctx, peer_ctx;
static volatile uint64_t peer_rounds;

static void
peer(void *arg)
{
	(void)arg;
	for (;;) {
		peer_rounds++;
		hal_ctx_switch(&peer_ctx, &main_ctx);
	}
}

static void
bench_ctx(void)
{
	uint64_t v[BATCHES], t0;
	void *stack = page_alloc(pmm_order_for(HAL_KSTACK_SIZE));
	const int n = 20000;

	if (stack == NULL)
		return;
	push_off();
	hal_ctx_init(&peer_ctx, stack, HAL_KSTACK_SIZE, peer, NULL);
	hal_ctx_switch(&main_ctx, &peer_ctx);	/* first entry */
	for (int b = 0; b < BATCHES; b++) {
		t0 = hal_time_ns();
		for (int i = 0; i < n; i++)
			hal_ctx_switch(&main_ctx, &peer_ctx);
		v[b] = (hal_time_ns() - t0) * 1000 / (2 * n);
	}
	pop_off();
	hal_ctx_free(&peer_ctx);
	page_free(stack, pmm_order_for(HAL_KSTACK_SIZE));
	report("hal_ctx_switch", v, BATCHES);
}

/* ---- a full thread switch through the scheduler ---- */

static volatile bool yield_stop;

static void
yielder(void *arg)
{
	(void)arg;
	while (!yield_stop)
		sched_yield();
}

/* Two threads yield to each other on the last CPU; count its switches. */
static void
bench_yield(void)
{
	uint64_t v[BATCHES], t0, s0;
	int cpu = hal_cpu_count() - 1;
	struct thread *t[2];

	yield_stop = false;
	for (int i = 0; i < 2; i++)
		t[i] = thread_create_on("yielder", yielder, NULL, PRIO_DEFAULT,
					1ull << cpu);
	thread_sleep_ns(NSEC_PER_MSEC);
	for (int b = 0; b < BATCHES; b++) {
		s0 = READ_ONCE(cpus[cpu].switches);
		t0 = hal_time_ns();
		thread_sleep_ns(5 * NSEC_PER_MSEC);
		v[b] = (hal_time_ns() - t0) * 1000 /
			MAX(1, READ_ONCE(cpus[cpu].switches) - s0);
	}
	yield_stop = true;
	for (int i = 0; i < 2; i++)
		thread_join(t[i]);
	report("thread_switch", v, BATCHES);
}

/* ---- wake-up latency across CPUs ---- */

static struct waitq wake_wq;
static volatile uint64_t wake_sent, wake_seen;
static volatile int wake_seq, wake_ack;

static void
wakee(void *arg)
{
	(void)arg;
	for (int i = 1; i <= BATCHES; i++) {
		wait_event(&wake_wq, wake_seq >= i);
		wake_seen = hal_time_ns();
		wake_ack = i;
	}
}

static void
bench_wakeup(void)
{
	uint64_t v[BATCHES];
	struct thread *t;

	if (hal_cpu_count() < 2)
		return;
	waitq_init(&wake_wq);
	wake_seq = wake_ack = 0;
	t = thread_create_on("wakee", wakee, NULL, PRIO_DEFAULT, 2);
	for (int i = 1; i <= BATCHES; i++) {
		thread_sleep_ns(2 * NSEC_PER_MSEC);	/* CPU 1 goes idle */
		wake_sent = hal_time_ns();
		wake_seq = i;
		waitq_wake_one(&wake_wq);
		while (wake_ack < i)
			hal_cpu_relax();
		v[i - 1] = (wake_seen - wake_sent) * 1000;
	}
	thread_join(t);
	report("wakeup_cross_cpu", v, BATCHES);
}

/* ---- timer interrupt lateness ---- */

static volatile uint64_t fired;

static void
on_timer(struct timer *t)
{
	(void)t;
	fired = hal_time_ns();
}

static void
bench_irq(void)
{
	uint64_t v[BATCHES], due;
	struct timer tm;

	for (int b = 0; b < BATCHES; b++) {
		fired = 0;
		timer_init(&tm, on_timer, NULL);
		due = hal_time_ns() + 200 * NSEC_PER_USEC;
		timer_arm(&tm, due);
		while (fired == 0)
			hal_cpu_relax();
		v[b] = (fired - due) * 1000;
	}
	report("timer_irq_latency_busy", v, BATCHES);
	for (int b = 0; b < BATCHES; b++) {
		fired = 0;
		timer_init(&tm, on_timer, NULL);
		due = hal_time_ns() + 500 * NSEC_PER_USEC;
		timer_arm(&tm, due);
		thread_sleep_ns(NSEC_PER_MSEC);		/* the CPU idles */
		v[b] = (fired - due) * 1000;
	}
	report("timer_irq_latency_idle", v, BATCHES);
}

/* ---- allocators ---- */

static void
bench_alloc(void)
{
	uint64_t v[BATCHES], t0;
	void *p[64];
	const int n = 64;

	for (int b = 0; b < BATCHES; b++) {
		t0 = hal_time_ns();
		for (int i = 0; i < n; i++)
			p[i] = kmalloc(64);
		for (int i = 0; i < n; i++)
			kfree(p[i]);
		v[b] = (hal_time_ns() - t0) * 1000 / (2 * n);
	}
	report("kmalloc_kfree_64", v, BATCHES);
	for (int b = 0; b < BATCHES; b++) {
		t0 = hal_time_ns();
		for (int i = 0; i < n; i++)
			p[i] = page_alloc(0);
		for (int i = 0; i < n; i++)
			page_free(p[i], 0);
		v[b] = (hal_time_ns() - t0) * 1000 / (2 * n);
	}
	report("page_alloc_free", v, BATCHES);
}

static const struct {
	const char *name;
	void (*fn)(void);
} benches[] = {
	{ "ctx", bench_ctx },
	{ "yield", bench_yield },
	{ "wakeup", bench_wakeup },
	{ "irq", bench_irq },
	{ "alloc", bench_alloc },
};

/* Each benchmark runs in a thread on CPU 0. */
static void
run_bench(void *fn)
{
	((void (*)(void))fn)();
}

/* Run the benchmarks named in `which` ("all" or a comma list). */
void
kbench_main(const char *which)
{
	for (size_t i = 0; i < ARRAY_SIZE(benches); i++) {
		struct thread *t;

		if (!cmdline_list_has(which, benches[i].name))
			continue;
		t = thread_create_on(benches[i].name, run_bench,
				     (void *)benches[i].fn, PRIO_DEFAULT, 1);
		if (t != NULL)
			thread_join(t);
	}
}
