/*
 * spinlock.c -- test-and-test-and-set spinlocks with interrupts off while
 * held, and the push_off/pop_off nesting of the interrupt flag.
 */
#include "cpu.h"
#include "spinlock.h"

void
spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->cpu = -1;
	l->name = name;
}

/* Interrupts off, counting; the outermost push remembers their state. */
void
push_off(void)
{
	unsigned long f = hal_irq_save();
	struct cpu *c = this_cpu();

	if (c->noff++ == 0)
		c->intena = f != 0;
}

/* Undo one push_off; the outermost restores the saved interrupt state. */
void
pop_off(void)
{
	struct cpu *c = this_cpu();

	if (hal_irq_enabled())
		panic("pop_off: interrupts enabled");
	if (c->noff < 1)
		panic("pop_off: unbalanced");
	if (--c->noff == 0 && c->intena)
		hal_irq_enable();
}

bool
spin_holding(struct spinlock *l)
{
	return READ_ONCE(l->locked) && l->cpu == hal_cpu_id();
}

void
spin_lock_raw(struct spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) != 0) {
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED) != 0)
			hal_cpu_relax();
	}
	l->cpu = hal_cpu_id();
}

void
spin_unlock_raw(struct spinlock *l)
{
	l->cpu = -1;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* Take l with interrupts off on this CPU. Must not be held by us. */
void
spin_lock(struct spinlock *l)
{
	push_off();
	if (spin_holding(l))
		panic("spin_lock: %s already held by this CPU", l->name);
	spin_lock_raw(l);
}

void
spin_unlock(struct spinlock *l)
{
	if (!spin_holding(l))
		panic("spin_unlock: %s not held by this CPU", l->name);
	spin_unlock_raw(l);
	pop_off();
}

/* Take l if it is free; true on success (then release with spin_unlock). */
bool
spin_trylock(struct spinlock *l)
{
	push_off();
	if (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE) == 0) {
		l->cpu = hal_cpu_id();
		return true;
	}
	pop_off();
	return false;
}
