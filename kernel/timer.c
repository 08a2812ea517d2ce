/*
 * timer.c -- software timers: each CPU keeps its armed timers in a queue
 * ordered by deadline and programs the HAL's one-shot timer for the
 * earliest of them and of the running thread's slice end.
 */
#include "cpu.h"
#include "timer.h"

void
timerq_init(struct timerq *q)
{
	spin_init(&q->lock, "timerq");
	list_init(&q->head);
}

/* Insert t in deadline order, after timers with the same deadline. */
void
timerq_insert(struct timerq *q, struct timer *t)
{
	struct list *pos;

	for (pos = q->head.prev; pos != &q->head; pos = pos->prev)
		if (list_entry(pos, struct timer, link)->deadline <= t->deadline)
			break;
	list_insert_between(&t->link, pos, pos->next);
	t->q = q;
}

/* Remove and return the earliest timer due at `now`, or NULL. */
struct timer *
timerq_pop_due(struct timerq *q, uint64_t now)
{
	struct timer *t;

	if (list_empty(&q->head))
		return NULL;
	t = list_first(&q->head, struct timer, link);
	if (t->deadline > now)
		return NULL;
	list_remove(&t->link);
	t->q = NULL;
	return t;
}

/* Deadline of the earliest timer, 0 if none. */
uint64_t
timerq_next(const struct timerq *q)
{
	if (list_empty(&q->head))
		return 0;
	return list_first(&q->head, struct timer, link)->deadline;
}

void
timer_init(struct timer *t, timer_fn fn, void *arg)
{
	list_init(&t->link);
	t->deadline = 0;
	t->fn = fn;
	t->arg = arg;
	t->q = NULL;
	t->running = 0;
}

bool
timer_pending(const struct timer *t)
{
	return READ_ONCE(t->q) != NULL;
}

/* Program this CPU's hardware timer. Interrupts off. */
void
timer_program(void)
{
	struct cpu *c = this_cpu();
	uint64_t next = timerq_next(&c->tq);

	if (c->slice_end != 0 && (next == 0 || c->slice_end < next))
		next = c->slice_end;
	hal_timer_oneshot(next);
}

/*
 * Arm t to run t->fn at `deadline` on this CPU (re-arming moves it).
 * Any context; the callback runs in interrupt context.
 */
void
timer_arm(struct timer *t, uint64_t deadline)
{
	struct cpu *c;

	timer_cancel(t);
	push_off();
	c = this_cpu();
	spin_lock(&c->tq.lock);
	t->deadline = deadline;
	timerq_insert(&c->tq, t);
	if (c->tq.head.next == &t->link)
		timer_program();
	spin_unlock(&c->tq.lock);
	pop_off();
}

/*
 * Disarm t. Returns true if it was armed. If its callback is running on
 * another CPU, waits for it to finish, so t may be freed afterwards.
 */
bool
timer_cancel(struct timer *t)
{
	struct timerq *q;
	bool was = false;

	while ((q = READ_ONCE(t->q)) != NULL) {
		spin_lock(&q->lock);
		if (t->q == q) {
			list_remove(&t->link);
			t->q = NULL;
			was = true;
		}
		spin_unlock(&q->lock);
	}
	while (__atomic_load_n(&t->running, __ATOMIC_ACQUIRE))
		hal_cpu_relax();
	return was;
}

/* HAL_IRQ_TIMER: run due timers, end the slice, reprogram. */
static void
timer_irq(int line, void *arg)
{
	struct cpu *c = this_cpu();
	uint64_t now = hal_time_ns();
	struct timer *t;

	(void)line;
	(void)arg;
	spin_lock(&c->tq.lock);
	while ((t = timerq_pop_due(&c->tq, now)) != NULL) {
		t->running = 1;
		spin_unlock(&c->tq.lock);
		t->fn(t);
		__atomic_store_n(&t->running, 0, __ATOMIC_RELEASE);
		spin_lock(&c->tq.lock);
	}
	sched_tick(now);
	timer_program();
	spin_unlock(&c->tq.lock);
}

/* Set up this CPU's timer queue; the boot CPU registers the line. */
void
timer_boot_cpu(void)
{
	struct cpu *c = this_cpu();

	timerq_init(&c->tq);
	if (c->id == 0 && hal_irq_register(HAL_IRQ_TIMER, timer_irq, NULL) < 0)
		panic("timer: cannot register the timer interrupt");
}
