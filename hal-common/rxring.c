/*
 * rxring.c -- a real HAL's serial console: the input ring (see rxring.h)
 * and the lock that keeps CPUs' output lines whole.
 */
#include "rxring.h"
#include "kernel.h"

/* A spinlock of the HAL's own, below the kernel's (any context). */
void
rxring_lock(volatile int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE) != 0)
		while (*l)
			hal_cpu_relax();
}

void
rxring_unlock(volatile int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

/* Room for n more bytes. Lock held. */
bool
rxring_room(const struct rxring *r, unsigned n)
{
	return r->tail - r->head <= RXRING_SIZE - n;
}

/* Room for one more byte: true; else the receive interrupt goes off
 * until the kernel catches up (rxring_get), and false. Lock held. */
bool
rxring_want(struct rxring *r)
{
	if (rxring_room(r, 1))
		return true;
	r->pause();
	r->stopped = true;
	return false;
}

/* Queue byte c (after rxring_want, or rxring_room). Lock held. */
void
rxring_put(struct rxring *r, uint8_t c)
{
	r->buf[r->tail++ % RXRING_SIZE] = c;
}

/* The receive interrupt, before the kernel's handler for the line. */
void
rxring_isr(struct rxring *r)
{
	rxring_lock(&r->lock);
	r->drain(r);
	rxring_unlock(&r->lock);
}

/* One received byte or HAL_CONSOLE_NONE (hal_console_get); with `poll`,
 * an empty ring asks the device first. Any context. */
int
rxring_get(struct rxring *r, bool poll)
{
	unsigned long f = hal_irq_save();
	int c = HAL_CONSOLE_NONE;

	rxring_lock(&r->lock);
	if (r->tail == r->head && !r->stopped && poll)
		r->drain(r);		/* interrupts may be off: poll */
	if (r->tail != r->head) {
		c = r->buf[r->head++ % RXRING_SIZE];
		r->consumed++;
	}
	if (r->stopped && r->tail - r->head < RXRING_SIZE / 2) {
		r->stopped = false;
		r->drain(r);
		if (!r->stopped)
			r->resume();
	}
	rxring_unlock(&r->lock);
	hal_irq_restore(f);
	return c;
}

/* The pacer's "R<n>\n" (hal_console_flow), n the bytes taken so far,
 * written with out() under the lock. */
void
rxring_flow(struct rxring *r, void (*out)(const char *s, int n))
{
	unsigned long f = hal_irq_save();
	char msg[24];

	rxring_lock(&r->lock);
	out(msg, ksnprintf(msg, sizeof(msg), "R%u\n", r->consumed));
	rxring_unlock(&r->lock);
	hal_irq_restore(f);
}

/*
 * Output: interrupts off and the transmit lock l taken. Another CPU's
 * write is waited for, but not forever: a CPU stopped by a panic may
 * hold the lock. Returns what uart_tx_unlock restores.
 */
unsigned long
uart_tx_lock(volatile int *l)
{
	unsigned long f = hal_irq_save();
	int spins = 0;

	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE) != 0 &&
	       spins++ < 10000000)
		hal_cpu_relax();
	return f;
}

void
uart_tx_unlock(volatile int *l, unsigned long f)
{
	rxring_unlock(l);
	hal_irq_restore(f);
}
