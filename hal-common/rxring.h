/*
 * rxring.h -- a real HAL's console input: the receive interrupt moves the
 * device's bytes into a ring; hal_console_get takes them out (polling the
 * device when the ring is empty, since interrupts may be off), and once
 * the kernel has caught up with a full ring turns the receive interrupt
 * back on. The device supplies `drain`, which moves what it holds into
 * the ring (rxring_want, rxring_put), and turns its receive interrupt
 * on and off (`resume`, `pause`). Shared by the QEMU HALs; plain C
 * on kernel/hal.h only. uart_tx_lock and uart_tx_unlock serialize the
 * console's output between CPUs.
 */
#ifndef HAL_COMMON_RXRING_H
#define HAL_COMMON_RXRING_H

#include "hal.h"

#define RXRING_SIZE 4096

struct rxring {
	uint8_t buf[RXRING_SIZE];
	unsigned head, tail;	/* lock; tail - head bytes waiting */
	unsigned consumed;	/* lock; bytes rxring_get returned */
	bool stopped;		/* full: the receive interrupt is off */
	volatile int lock;
	/* Move the device's bytes in (rxring_want, rxring_put); lock held. */
	void (*drain)(struct rxring *r);
	/* The receive interrupt back on (rxring_want turned it off). */
	void (*resume)(void);
	/* The receive interrupt off, the ring being full. */
	void (*pause)(void);
};

void rxring_lock(volatile int *l);
void rxring_unlock(volatile int *l);
bool rxring_room(const struct rxring *r, unsigned n);
bool rxring_want(struct rxring *r);
void rxring_put(struct rxring *r, uint8_t c);
void rxring_isr(struct rxring *r);
int rxring_get(struct rxring *r, bool poll);
void rxring_flow(struct rxring *r, void (*out)(const char *s, int n));

unsigned long uart_tx_lock(volatile int *l);
void uart_tx_unlock(volatile int *l, unsigned long f);

#endif
