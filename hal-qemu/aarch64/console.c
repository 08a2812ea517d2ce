/*
 * console.c (aarch64) -- the console on the PL011 UART of QEMU's virt
 * machine (0x09000000, SPI 1): output polled (it must work in a panic),
 * input by the receive interrupt into a ring that hal_console_get drains.
 */
#include "a64.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define FR_RXFE 0x10
#define FR_TXFF 0x20
#define UART_CR 0x30
#define UART_IMSC 0x38
#define UART_ICR 0x44
#define IM_RX 0x50		/* receive and receive timeout */
#define RING 4096

static uint8_t ring[RING];
static unsigned head, tail;		/* rx_lock; tail - head bytes waiting */
static bool rx_stopped;			/* ring full: receive interrupt off */
static volatile int rx_lock, tx_lock;
static unsigned consumed;		/* rx_lock; bytes hal_console_get returned */

static void
lock(volatile int *l)
{
	while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE) != 0)
		while (*l)
			__asm__ volatile("yield");
}

static void
unlock(volatile int *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

/* Boot: the UART on (QEMU's needs no baud rate), its interrupts off. */
void
console_init(void)
{
	mmio_write32(VIRT_UART + UART_IMSC, 0);
	mmio_write32(VIRT_UART + UART_CR, 0x301);	/* UARTEN, TXE, RXE */
}

static void
put_byte(uint8_t c)
{
	for (int i = 0; i < 1000000 &&
	     (mmio_read32(VIRT_UART + UART_FR) & FR_TXFF); i++)
		__asm__ volatile("yield");
	mmio_write32(VIRT_UART + UART_DR, c);
}

/*
 * Synchronous; any context. Another CPU's write is waited for, but not
 * forever: a CPU stopped by a panic may hold the lock.
 */
void
hal_console_put(const char *s, size_t n)
{
	unsigned long f = hal_irq_save();
	int spins = 0;

	while (__atomic_exchange_n(&tx_lock, 1, __ATOMIC_ACQUIRE) != 0 &&
	       spins++ < 10000000)
		__asm__ volatile("yield");
	for (size_t i = 0; i < n; i++)
		put_byte((uint8_t)s[i]);
	unlock(&tx_lock);
	hal_irq_restore(f);
}

/*
 * Move received bytes into the ring. rx_lock held. The interrupt is
 * cleared first: a byte that arrives after the last look at RXFE raises
 * it again. (Cleared after the loop, such a byte stayed in the UART with
 * no interrupt, and QEMU sends no more until it is read: input stopped.)
 */
static void
drain(void)
{
	mmio_write32(VIRT_UART + UART_ICR, IM_RX);
	while (!(mmio_read32(VIRT_UART + UART_FR) & FR_RXFE)) {
		if (tail - head == RING) {
			mmio_write32(VIRT_UART + UART_IMSC, 0);
			rx_stopped = true;
			return;
		}
		ring[tail++ % RING] = (uint8_t)mmio_read32(VIRT_UART + UART_DR);
	}
}

/* The receive interrupt, before the kernel's handler for the line. */
void
console_isr(void)
{
	lock(&rx_lock);
	drain();
	unlock(&rx_lock);
}

/* One received byte or HAL_CONSOLE_NONE. Any context. */
int
hal_console_get(void)
{
	unsigned long f = hal_irq_save();
	int c = HAL_CONSOLE_NONE;

	lock(&rx_lock);
	if (tail == head && !rx_stopped)
		drain();		/* interrupts may be off: poll */
	if (tail != head)
		c = ring[head++ % RING];
	if (c != HAL_CONSOLE_NONE)
		consumed++;
	if (rx_stopped && tail - head < RING / 2) {
		rx_stopped = false;
		drain();
		if (!rx_stopped)
			mmio_write32(VIRT_UART + UART_IMSC, IM_RX);
	}
	unlock(&rx_lock);
	hal_irq_restore(f);
	return c;
}

int
hal_console_irq(void)
{
	return HAL_LINE_CONSOLE;
}

/*
 * A real UART has nobody to pace: ignored. Under QEMU with semihosting
 * (tools/qemu-pace.py --semihosting turns it on, with its output on a
 * pipe), a reader waiting for input writes "R<n>\n" there, n the bytes
 * taken so far, so that a script is typed a line at a time when the
 * previous one was all read, as the sim types it (the x86_64 HAL does the
 * same through isa-debugcon).
 */
void
hal_console_flow(bool ready)
{
	char msg[24];
	unsigned long f;

	if (!a64_semihosting || !ready)
		return;
	f = hal_irq_save();
	lock(&rx_lock);
	ksnprintf(msg, sizeof(msg), "R%u\n", consumed);
	a64_semihost(SEMI_WRITE0, (uint64_t)msg);
	unlock(&rx_lock);
	hal_irq_restore(f);
}

/* The receive interrupt on, through the GIC to the boot CPU. */
void
console_irq_init(void)
{
	gic_enable(INTID_UART);
	mmio_write32(VIRT_UART + UART_IMSC, IM_RX);
}
