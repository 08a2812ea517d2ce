/*
 * console.c (x86_64) -- the console on COM1, a 16550 UART at 0x3f8:
 * output polled (it must work in a panic), input by its receive
 * interrupt (ISA IRQ 4 through the I/O APIC) into a ring buffer that
 * hal_console_get drains. Output also goes to the screen (screen.c:
 * GRUB's VGA text or framebuffer, or QEMU's ramfb). When GRUB booted
 * the kernel, a PS/2 keyboard (kbd.c, IRQ 1 on the same vector) types
 * into the same ring.
 */
#include "x86.h"
#include "rxring.h"

#define COM1 0x3f8
#define RBR 0
#define THR 0
#define IER 1
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define DEBUGCON 0xe9

static void uart_drain(struct rxring *r);
static void rx_on(void);
static void rx_off(void);
static struct rxring rx = { .drain = uart_drain, .resume = rx_on,
			    .pause = rx_off };
static volatile int tx_lock;
static bool present;
static bool pacer;			/* QEMU's isa-debugcon: see hal_console_flow */

void
console_init(void)
{
	/* No UART (a PC without COM1): the bus reads all ones, "data ready". */
	present = inb(COM1 + LSR) != 0xff;
	outb(COM1 + IER, 0);
	/* Enabling the FIFOs drops a byte that already arrived: keep it. */
	while (present && (inb(COM1 + LSR) & LSR_DR) && rxring_room(&rx, 1))
		rxring_put(&rx, inb(COM1 + RBR));
	outb(COM1 + LCR, 0x80);		/* divisor latch: 115200 baud */
	outb(COM1 + 0, 1);
	outb(COM1 + 1, 0);
	outb(COM1 + LCR, 0x03);		/* 8N1 */
	/*
	 * FIFOs on and cleared, interrupt at 14 bytes or after 4 quiet
	 * character times. QEMU's 16550 takes from its input only what
	 * fits below the trigger level: at 1 byte, "^Z\n" typed at once
	 * came in two interrupts, and the shell could take the terminal
	 * back between them (the golden test jobs saw the newline unechoed).
	 */
	outb(COM1 + FCR, 0xc7);
	outb(COM1 + MCR, 0x0b);		/* DTR, RTS, OUT2 (the IRQ line) */
	present = present && inb(COM1 + LSR) != 0xff;
	pacer = inb(DEBUGCON) == DEBUGCON;	/* reads back its port number */
}

static void
put_byte(uint8_t c)
{
	for (int i = 0; i < 1000000 && !(inb(COM1 + LSR) & LSR_THRE); i++)
		__asm__ volatile("pause");
	outb(COM1 + THR, c);
}

void
console_early_puts(const char *s)
{
	while (*s)
		put_byte((uint8_t)*s++);
}

/* Synchronous; any context (uart_tx_lock: a panic's output gets out). */
void
hal_console_put(const char *s, size_t n)
{
	unsigned long f = uart_tx_lock(&tx_lock);

	for (size_t i = 0; i < n; i++)
		put_byte((uint8_t)s[i]);
	screen_put(s, n);		/* the PC's screen or ramfb, if any */
	uart_tx_unlock(&tx_lock, f);
}

static void
rx_on(void)
{
	outb(COM1 + IER, 0x01);		/* received data available */
}

static void
rx_off(void)
{
	outb(COM1 + IER, 0);
}

/*
 * Move the keyboard's keys (while there is room for the longest; the
 * rest waits in the controller), then the UART's bytes, into the ring.
 * Its lock held. No UART: the status register reads 0xff, "data ready"
 * for ever.
 */
static void
uart_drain(struct rxring *r)
{
	uint8_t b[KBD_MAX_BYTES];
	int n;

	while (rxring_room(r, KBD_MAX_BYTES) && (n = kbd_read(b)) >= 0)
		for (int i = 0; i < n; i++)
			rxring_put(r, b[i]);
	while (present && (inb(COM1 + LSR) & LSR_DR) && rxring_want(r))
		rxring_put(r, inb(COM1 + RBR));
}

/* The receive interrupt, before the kernel's handler for the line. */
void
console_isr(void)
{
	rxring_isr(&rx);
}

int
hal_console_get(void)
{
	return rxring_get(&rx, present || kbd_present());
}

int
hal_console_irq(void)
{
	return HAL_LINE_CONSOLE;
}

static void
debugcon_out(const char *msg, int n)
{
	for (int i = 0; i < n; i++)
		outb(DEBUGCON, (uint8_t)msg[i]);
}

/*
 * A real UART has no one to pace: it ignores this. Under QEMU with
 * isa-debugcon (tools/qemu-pace.py adds it), a reader waiting for input
 * writes "R<n>\n" there, n the bytes taken so far, so that a script is
 * typed a line at a time, when the previous one was all read, as the
 * sim types it: the same transcripts.
 */
void
hal_console_flow(bool ready)
{
	if (pacer && ready)
		rxring_flow(&rx, debugcon_out);
}

/* Route COM1's interrupt (ISA IRQ 4) to this CPU and enable it. */
void
console_irq_init(void)
{
	bool level, low;
	int gsi = acpi_isa_gsi(4, &level, &low);

	ioapic_route(gsi, VEC_LINE0 + HAL_LINE_CONSOLE, level, low, lapic_id());
	rx_on();
	if (x86_booted_by_grub()) {
		kbd_init();
		kbd_irq_init();
	}
}
