/*
 * console.c (aarch64) -- the console on the PL011 UART of QEMU's virt
 * machine (0x09000000, SPI 1): output polled (it must work in a panic),
 * input by the receive interrupt into a ring that hal_console_get drains.
 * Output also goes to the framebuffer console (hal-common/fbscreen.c)
 * when the board set one up: ramfb on virt, the VideoCore's on the Pi.
 */
#include "a64.h"
#include "rxring.h"
#include "fbscreen.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define FR_RXFE 0x10
#define FR_TXFF 0x20
#define UART_CR 0x30
#define UART_IMSC 0x38
#define UART_ICR 0x44
#define IM_RX 0x50		/* receive and receive timeout */

static void uart_drain(struct rxring *r);
static void rx_on(void);
static void rx_off(void);
static struct rxring rx = { .drain = uart_drain, .resume = rx_on,
			    .pause = rx_off };
static volatile int tx_lock;

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

/* Synchronous; any context (uart_tx_lock: a panic's output gets out). */
void
hal_console_put(const char *s, size_t n)
{
	unsigned long f = uart_tx_lock(&tx_lock);

	for (size_t i = 0; i < n; i++)
		put_byte((uint8_t)s[i]);
	fbscreen_put(s, n);		/* ramfb or the Pi's screen, if any */
	uart_tx_unlock(&tx_lock, f);
}

static void
rx_on(void)
{
	mmio_write32(VIRT_UART + UART_IMSC, IM_RX);
}

static void
rx_off(void)
{
	mmio_write32(VIRT_UART + UART_IMSC, 0);
}

/*
 * Move received bytes into the ring. Its lock held. The interrupt is
 * cleared first: a byte that arrives after the last look at RXFE raises
 * it again. (Cleared after the loop, such a byte stayed in the UART with
 * no interrupt, and QEMU sends no more until it is read: input stopped.)
 */
static void
uart_drain(struct rxring *r)
{
	mmio_write32(VIRT_UART + UART_ICR, IM_RX);
	while (!(mmio_read32(VIRT_UART + UART_FR) & FR_RXFE) && rxring_want(r))
		rxring_put(r, (uint8_t)mmio_read32(VIRT_UART + UART_DR));
}

/* The receive interrupt, before the kernel's handler for the line. */
void
console_isr(void)
{
	rxring_isr(&rx);
}

/* One received byte or HAL_CONSOLE_NONE. Any context. */
int
hal_console_get(void)
{
	return rxring_get(&rx, true);
}

int
hal_console_irq(void)
{
	return HAL_LINE_CONSOLE;
}

static void
semihost_out(const char *msg, int n)
{
	(void)n;
	a64_semihost(SEMI_WRITE0, (uint64_t)msg);
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
	if (a64_semihosting && ready)
		rxring_flow(&rx, semihost_out);
}

/* The receive interrupt on, through the GIC to the boot CPU. */
void
console_irq_init(void)
{
	gic_enable(INTID_UART);
	rx_on();
}
