/*
 * timer.h -- one-shot software timers on per-CPU ordered queues, driven by
 * the HAL's one-shot deadline; sleeping for a duration.
 */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include "kernel.h"
#include "spinlock.h"

struct timer;
typedef void (*timer_fn)(struct timer *t);

struct timer {
	struct list link;	/* in timerq.head, by deadline */
	uint64_t deadline;	/* hal_time_ns() at which fn runs */
	timer_fn fn;		/* runs in interrupt context */
	void *arg;
	struct timerq *q;	/* queue holding it; NULL when not armed */
	int running;		/* fn is executing */
};

struct timerq {
	struct spinlock lock;
	struct list head;	/* armed timers, earliest first */
};

void timer_init(struct timer *t, timer_fn fn, void *arg);
void timer_arm(struct timer *t, uint64_t deadline);
bool timer_cancel(struct timer *t);
bool timer_pending(const struct timer *t);
void timer_boot_cpu(void);
void timer_program(void);

/* Queue operations (pure; the caller holds q->lock). */
void timerq_init(struct timerq *q);
void timerq_insert(struct timerq *q, struct timer *t);
struct timer *timerq_pop_due(struct timerq *q, uint64_t now);
uint64_t timerq_next(const struct timerq *q);

#endif
