/*
 * apic.c (x86_64) -- the local APIC of each CPU (xAPIC, memory-mapped:
 * EOI, IPIs, the one-shot timer) and the I/O APIC that routes device
 * interrupts (the serial port's) to vectors.
 */
#include "x86.h"

#define LAPIC_ID 0x020
#define LAPIC_TPR 0x080
#define LAPIC_EOI 0x0b0
#define LAPIC_SVR 0x0f0
#define LAPIC_ICR_LO 0x300
#define LAPIC_ICR_HI 0x310
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_LINT1 0x360
#define LAPIC_LVT_ERROR 0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0
#define LVT_MASKED 0x10000

static volatile uint32_t *lapic;
static volatile uint32_t *ioapic;

static uint32_t
lapic_read(unsigned reg)
{
	return lapic[reg / 4];
}

static void
lapic_write(unsigned reg, uint32_t v)
{
	lapic[reg / 4] = v;
}

/* This CPU's local APIC: enabled, timer one-shot on HAL_IRQ_TIMER's vector. */
void
lapic_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	if (lapic == NULL)
		lapic = hal_p2v(acpi_lapic_pa ? acpi_lapic_pa : base & ~0xfffull);
	wrmsr(MSR_APIC_BASE, base | 0x800);	/* global enable */
	lapic_write(LAPIC_SVR, 0x100 | VEC_SPURIOUS);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, LVT_MASKED);
	lapic_write(LAPIC_TIMER_DIV, 0xb);	/* divide by 1 */
	lapic_write(LAPIC_LVT_TIMER, VEC_LINE0 + HAL_IRQ_TIMER);	/* one-shot */
	lapic_write(LAPIC_TIMER_INIT, 0);
	lapic_write(LAPIC_EOI, 0);
	this_pcpu()->apic_id = lapic_id();
}

uint32_t
lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void
lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

/* Send an IPI (ICR low word: vector and delivery mode) to one CPU. */
void
lapic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
	unsigned long f = hal_irq_save();

	while (lapic_read(LAPIC_ICR_LO) & 0x1000)	/* delivery pending */
		__asm__ volatile("pause");
	lapic_write(LAPIC_ICR_HI, apic_id << 24);
	lapic_write(LAPIC_ICR_LO, icr_low);
	hal_irq_restore(f);
}

/* Start the one-shot timer for `ticks` (0 stops it). */
void
lapic_timer_arm(uint64_t ticks)
{
	lapic_write(LAPIC_TIMER_INIT, ticks > 0xffffffffull ? 0xffffffffu : (uint32_t)ticks);
}

uint32_t
lapic_timer_current(void)
{
	return lapic_read(LAPIC_TIMER_CUR);
}

static uint32_t
ioapic_read(unsigned reg)
{
	ioapic[0] = reg;
	return ioapic[4];
}

static void
ioapic_write(unsigned reg, uint32_t v)
{
	ioapic[0] = reg;
	ioapic[4] = v;
}

/* Every input of the I/O APIC masked until a driver routes it. */
void
ioapic_init(void)
{
	int n;

	outb(0x21, 0xff);		/* the legacy 8259 PICs: all masked */
	outb(0xa1, 0xff);
	if (acpi_ioapic_pa == 0)
		return;
	ioapic = hal_p2v(acpi_ioapic_pa);
	n = ((ioapic_read(1) >> 16) & 0xff) + 1;
	for (int i = 0; i < n; i++) {
		ioapic_write(0x10 + 2 * i, LVT_MASKED);
		ioapic_write(0x11 + 2 * i, 0);
	}
}

/* Route global system interrupt gsi to `vector` on the CPU apic_id. */
void
ioapic_route(int gsi, int vector, bool level, bool low, uint32_t apic_id)
{
	int pin = gsi - (int)acpi_ioapic_gsi_base;

	if (ioapic == NULL || pin < 0)
		return;
	ioapic_write(0x11 + 2 * pin, apic_id << 24);
	ioapic_write(0x10 + 2 * pin, (uint32_t)vector | (level ? 0x8000u : 0) |
		     (low ? 0x2000u : 0));
}

/* The boot CPU's APIC ID before the local APIC is mapped (CPUID). */
uint32_t
lapic_id_early(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	return r[1] >> 24;
}
