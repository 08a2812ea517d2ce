/*
 * spinlock.h -- spinlocks. Holding one keeps interrupts off on this CPU
 * (push_off/pop_off nest), so a holder is never preempted.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "kernel.h"

struct spinlock {
	uint32_t locked;
	int cpu;		/* holder, for debugging; -1 when free */
	const char *name;
};

#define SPINLOCK_INIT(n) { 0, -1, (n) }

void spin_init(struct spinlock *l, const char *name);
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_trylock(struct spinlock *l);
bool spin_holding(struct spinlock *l);

/* The lock word alone; the caller manages interrupts (scheduler only). */
void spin_lock_raw(struct spinlock *l);
void spin_unlock_raw(struct spinlock *l);

/* Disable interrupts, nesting; pop_off re-enables at the outermost. */
void push_off(void);
void pop_off(void);

#endif
