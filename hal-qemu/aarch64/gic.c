/*
 * gic.c (aarch64) -- interrupts: the interrupt mask (DAIF.I), a GICv2
 * (distributor and CPU interface at virt's addresses), the table of HAL
 * lines, dispatch with EOI and kirq_exit, IPIs as SGIs, and the generic
 * timer (the virtual timer, PPI 27) as HAL_IRQ_TIMER.
 */
#include "a64.h"

#define GICD_CTLR 0x000
#define GICD_ISENABLER 0x100
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_SGIR 0xf00
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10

static hal_irq_fn handlers[HAL_NR_IRQ];
static void *handler_args[HAL_NR_IRQ];
static uint64_t cnt_freq, cnt_boot;
static uint64_t ns_mult, tick_mult;	/* 32.32 fixed point, no division */
unsigned long a64_spurious;

/* Nonzero if interrupts were enabled (the kernel's push_off relies on
 * it, as on the other HALs), and they are masked now. */
unsigned long
hal_irq_save(void)
{
	unsigned long f = sysreg_read(daif);

	__asm__ volatile("msr daifset, #2" : : : "memory");
	return (f & 0x80) == 0;
}

void
hal_irq_restore(unsigned long flags)
{
	if (flags != 0)
		__asm__ volatile("msr daifclr, #2" : : : "memory");
	else
		__asm__ volatile("msr daifset, #2" : : : "memory");
}

void
hal_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

void
hal_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

bool
hal_irq_enabled(void)
{
	return (sysreg_read(daif) & 0x80) == 0;
}

int
hal_irq_register(int line, hal_irq_fn fn, void *arg)
{
	if (line < 0 || line >= HAL_NR_IRQ || fn == NULL)
		return -EINVAL_HAL;
	if (handlers[line] != NULL)
		return -EBUSY_HAL;
	handler_args[line] = arg;
	__atomic_store_n(&handlers[line], fn, __ATOMIC_RELEASE);
	return 0;
}

/* Enable INTID id (SPIs go to CPU 0), priority 0xa0. */
void
gic_enable(int id)
{
	*(volatile uint8_t *)mmio(VIRT_GICD + GICD_IPRIORITYR + id) = 0xa0;
	if (id >= 32)
		*(volatile uint8_t *)mmio(VIRT_GICD + GICD_ITARGETSR + id) = 1;
	mmio_write32(VIRT_GICD + GICD_ISENABLER + 4 * (id / 32),
		     1u << (id % 32));
}

/* Boot CPU: the distributor on. */
void
gic_init(void)
{
	mmio_write32(VIRT_GICD + GICD_CTLR, 1);
}

/* Each CPU: its interface on, its SGIs and timer PPI enabled (banked). */
void
gic_cpu_init(void)
{
	gic_enable(SGI_IPI);
	gic_enable(SGI_HALT);
	gic_enable(INTID_VTIMER);
	mmio_write32(VIRT_GICC + GICC_PMR, 0xff);
	mmio_write32(VIRT_GICC + GICC_CTLR, 1);
}

void
gic_send_sgi(int cpu, int sgi)
{
	__asm__ volatile("dsb ish" : : : "memory");
	mmio_write32(VIRT_GICD + GICD_SGIR, (1u << (16 + cpu)) | (uint32_t)sgi);
}

void
hal_ipi(int cpu)
{
	gic_send_sgi(cpu, SGI_IPI);
}

static void
run_line(int line)
{
	hal_irq_fn fn = __atomic_load_n(&handlers[line], __ATOMIC_ACQUIRE);

	if (fn != NULL)
		fn(line, handler_args[line]);
	else
		a64_spurious++;
}

/* The virtual timer fired: true if the deadline has come. */
static bool
timer_due(void)
{
	uint64_t dl = this_pcpu()->deadline;

	sysreg_write(cntv_ctl_el0, 0);		/* lowers the PPI */
	if (dl == 0)
		return false;
	if (hal_time_ns() < dl) {		/* early: wait on */
		hal_timer_oneshot(dl);
		return false;
	}
	this_pcpu()->deadline = 0;
	return true;
}

/*
 * An IRQ in kernel mode (head.S): acknowledge, run the line's handler,
 * EOI; then let the kernel preempt if the interrupted code had
 * interrupts enabled.
 */
void
a64_irq(struct a64_frame *f)
{
	uint32_t iar = mmio_read32(VIRT_GICC + GICC_IAR);
	uint32_t id = iar & 0x3ff;

	if (id >= 1020)
		return;
	if (id == SGI_HALT) {
		for (;;)
			__asm__ volatile("msr daifset, #0xf; wfi");
	}
	if (id == INTID_VTIMER) {
		if (timer_due())
			run_line(HAL_IRQ_TIMER);
	} else if (id == SGI_IPI) {
		run_line(HAL_IRQ_IPI);
	} else if (id == INTID_UART) {
		console_isr();
		run_line(HAL_LINE_CONSOLE);
	} else {
		a64_spurious++;
	}
	mmio_write32(VIRT_GICC + GICC_EOIR, iar);
	if ((f->spsr & 0x80) == 0)
		kirq_exit();
}

/* ---- the generic timer ---- */

void
time_init(void)
{
	cnt_freq = sysreg_read(cntfrq_el0);
	if (cnt_freq == 0)
		cnt_freq = 62500000;
	ns_mult = (1000000000ull << 32) / cnt_freq;
	tick_mult = (cnt_freq << 32) / 1000000000ull + 1;
	__asm__ volatile("isb");
	cnt_boot = sysreg_read(cntvct_el0);
}

uint64_t
hal_time_ns(void)
{
	uint64_t t;

	__asm__ volatile("isb");
	t = sysreg_read(cntvct_el0) - cnt_boot;
	return (uint64_t)(((unsigned __int128)t * ns_mult) >> 32);
}

void
time_delay_us(uint64_t us)
{
	uint64_t end = hal_time_ns() + us * 1000;

	while (hal_time_ns() < end)
		__asm__ volatile("yield");
}

/* Arm this CPU's virtual timer for `deadline` (0: off). Interrupts off. */
void
hal_timer_oneshot(uint64_t deadline)
{
	uint64_t ticks;

	this_pcpu()->deadline = deadline;
	if (deadline == 0) {
		sysreg_write(cntv_ctl_el0, 0);
		return;
	}
	ticks = (uint64_t)(((unsigned __int128)deadline * tick_mult) >> 32);
	sysreg_write(cntv_cval_el0, cnt_boot + ticks + 1);
	sysreg_write(cntv_ctl_el0, 1);
	__asm__ volatile("isb");
}
