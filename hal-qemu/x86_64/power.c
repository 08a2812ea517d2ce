/*
 * power.c (x86_64) -- the end of a run. Under QEMU, hal_poweroff(code)
 * makes the exit status tell the code:
 *   code 0:  ACPI S5 power-off; QEMU exits with status 0.
 *   code n:  isa-debug-exit (-device isa-debug-exit,iobase=0xf4,
 *            iosize=0x04); QEMU exits with status (n << 1) | 1.
 * A panic exits through isa-debug-exit with code 112 (status 225), as the
 * sim exits 112. Each falls back to the other way, and a machine with
 * neither halts. Reboot: the FADT's reset register, port 0xcf9, the
 * keyboard controller, then a triple fault.
 */
#include "x86.h"

#define DEBUG_EXIT 0xf4
#define PANIC_CODE 112

static void __noreturn
halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

static void
debug_exit(int code)
{
	outl(DEBUG_EXIT, (uint32_t)code);
}

void
hal_poweroff(int code)
{
	hal_irq_disable();
	if (code == 0) {
		acpi_poweroff();
		debug_exit(0);
	} else {
		debug_exit(code);
		acpi_poweroff();
	}
	halt_forever();
}

void
hal_reboot(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) none = { 0, 0 };

	hal_irq_disable();
	acpi_reset();
	outb(0xcf9, 0x02);
	outb(0xcf9, 0x06);		/* PCI reset control: hard reset */
	time_delay_us(100000);
	for (int i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
		;
	outb(0x64, 0xfe);		/* keyboard controller: pulse reset */
	time_delay_us(100000);
	__asm__ volatile("lidt %0; int3" : : "m"(none));	/* triple fault */
	halt_forever();
}

void
hal_panic_halt(void)
{
	hal_irq_disable();
	x86_halt_others();
	debug_exit(PANIC_CODE);
	halt_forever();
}
