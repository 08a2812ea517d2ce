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

/*
 * The GIC: version 2 (distributor and memory-mapped CPU interface) or
 * version 3 (distributor, one redistributor per CPU, the CPU interface
 * as ICC_* system registers), as the device tree says; without a node,
 * virt's GICv2. Every interrupt is group 1 (IRQ, not FIQ), priority
 * 0xa0; SPIs go to the boot CPU.
 */
#define GICD_IGROUPR 0x080
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1u << 31)
#define GICR_TYPER 0x008
#define GICR_WAKER 0x014
#define GICR_SGI 0x10000		/* the SGI and PPI frame */
#define GICR_STRIDE 0x20000

#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_SGI1R_EL1 S3_0_C12_C11_5
#define sysreg_read_s(r) sysreg_read(r)	/* expand the names first */
#define sysreg_write_s(r, v) sysreg_write(r, v)

static int gic_v3;
static uint64_t gicd = VIRT_GICD, gicc = VIRT_GICC;
static uint64_t gicr_base[HAL_MAX_CPUS];	/* each CPU's redistributor */
static uint64_t boot_aff;			/* CPU 0's, as aff_of gives it */

#define MAX_SPI_FNS 8
static struct { int intid; void (*fn)(void); } spi_fns[MAX_SPI_FNS];
static int nspi_fns;

/* "GICv2" or "GICv3", for the banner. Any context. */
const char *
gic_name(void)
{
	return gic_v3 ? "GICv3" : "GICv2";
}

/* Wait for a distributor or redistributor write to take effect. */
static void
gic_wait_rwp(uint64_t ctlr)
{
	for (long i = 0; mmio_read32(ctlr) & GICD_CTLR_RWP; i++)
		if (i > 10000000)
			panic("gic: register write pending for ever at %#llx",
			      (unsigned long long)ctlr);
}

/* MPIDR's affinity fields as GICR_TYPER[63:32] lays them out:
 * Aff3.Aff2.Aff1.Aff0. */
static uint64_t
aff_of(uint64_t mpidr)
{
	return (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
}

static void
enable_v3(int id)
{
	uint64_t frame = gicr_base[hal_cpu_id()] + GICR_SGI;
	uint64_t a = boot_aff;

	if (id < 32) {		/* banked: this CPU's redistributor */
		mmio_write32(frame + GICD_IGROUPR,
			     mmio_read32(frame + GICD_IGROUPR) | 1u << id);
		*(volatile uint8_t *)mmio(frame + GICD_IPRIORITYR + id) = 0xa0;
		mmio_write32(frame + GICD_ISENABLER, 1u << id);
		return;
	}
	mmio_write32(gicd + GICD_IGROUPR + 4 * (id / 32),
		     mmio_read32(gicd + GICD_IGROUPR + 4 * (id / 32)) |
		     1u << (id % 32));
	*(volatile uint8_t *)mmio(gicd + GICD_IPRIORITYR + id) = 0xa0;
	/* Aff3 sits at bits 32-39 of IROUTER, not 24-31 as in aff_of. */
	a = (a & 0xffffff) | (a >> 24) << 32;
	*(volatile uint64_t *)mmio(gicd + GICD_IROUTER + 8 * (uint64_t)id) = a;
	mmio_write32(gicd + GICD_ISENABLER + 4 * (id / 32), 1u << (id % 32));
}

/* Enable INTID id (SPIs go to CPU 0), priority 0xa0. */
void
gic_enable(int id)
{
	if (gic_v3) {
		enable_v3(id);
		return;
	}
	*(volatile uint8_t *)mmio(gicd + GICD_IPRIORITYR + id) = 0xa0;
	if (id >= 32)
		*(volatile uint8_t *)mmio(gicd + GICD_ITARGETSR + id) = 1;
	mmio_write32(gicd + GICD_ISENABLER + 4 * (id / 32), 1u << (id % 32));
}

/* Route SPI intid to fn (run with interrupts off) on the boot CPU. */
void
gic_spi(int intid, void (*fn)(void))
{
	if (nspi_fns >= MAX_SPI_FNS || intid < 32) {
		kprintf("gic: INTID %d not routed (table full or not an SPI)\n",
			intid);
		return;
	}
	spi_fns[nspi_fns].intid = intid;
	spi_fns[nspi_fns].fn = fn;
	nspi_fns++;
	gic_enable(intid);
}

/* Boot CPU: the distributor on (v3: with affinity routing). */
void
gic_init(void)
{
	if (a64_dt.gic_version != 0) {
		gicd = a64_dt.gicd;
		gicc = a64_dt.gic_cpu;
		gic_v3 = a64_dt.gic_version == 3;
	}
	if (!gic_v3) {
		mmio_write32(gicd + GICD_CTLR, 1);
		return;
	}
	boot_aff = aff_of(sysreg_read(mpidr_el1));
	mmio_write32(gicd + GICD_CTLR, 0);
	gic_wait_rwp(gicd + GICD_CTLR);
	/* ARE, EnableGrp1, EnableGrp0: virt's GIC has one security state. */
	mmio_write32(gicd + GICD_CTLR, 1u << 4 | 1u << 1 | 1u);
	gic_wait_rwp(gicd + GICD_CTLR);
}

/* This CPU's redistributor: the frame whose GICR_TYPER has its affinity. */
static uint64_t
find_gicr(void)
{
	uint64_t aff = aff_of(sysreg_read(mpidr_el1)), typer;
	uint64_t size = a64_dt.gic_cpu_size ? a64_dt.gic_cpu_size : 0x1000000;

	for (uint64_t off = 0; off + GICR_STRIDE <= size; off += GICR_STRIDE) {
		typer = *(volatile uint64_t *)mmio(gicc + off + GICR_TYPER);
		if ((typer >> 32) == aff)
			return gicc + off;
		if (typer & (1u << 4))		/* Last */
			break;
	}
	panic("gic: no GICv3 redistributor for affinity %#llx in the %#llx "
	      "bytes at %#llx", (unsigned long long)aff,
	      (unsigned long long)size, (unsigned long long)gicc);
}

/* v3: wake this CPU's redistributor, open the system-register interface. */
static void
cpu_init_v3(void)
{
	uint64_t rd = find_gicr();
	long i = 0;

	gicr_base[hal_cpu_id()] = rd;
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~2u);
	while (mmio_read32(rd + GICR_WAKER) & 4u)	/* ChildrenAsleep */
		if (++i > 10000000)
			panic("gic: redistributor at %#llx does not wake",
			      (unsigned long long)rd);
	sysreg_write_s(ICC_SRE_EL1, sysreg_read_s(ICC_SRE_EL1) | 1);
	__asm__ volatile("isb");
	if ((sysreg_read_s(ICC_SRE_EL1) & 1) == 0)
		panic("gic: ICC_SRE_EL1.SRE stays 0: no system-register "
		      "interface at EL1 (EL2 did not allow it)");
	sysreg_write_s(ICC_PMR_EL1, 0xff);
	sysreg_write_s(ICC_BPR1_EL1, 0);
	sysreg_write_s(ICC_CTLR_EL1, 0);		/* EOI drops and deactivates */
	sysreg_write_s(ICC_IGRPEN1_EL1, 1);
	__asm__ volatile("isb");
}

/* Each CPU: its interface on, its SGIs and timer PPI enabled (banked). */
void
gic_cpu_init(void)
{
	if (gic_v3)
		cpu_init_v3();
	gic_enable(SGI_IPI);
	gic_enable(SGI_HALT);
	gic_enable(INTID_VTIMER);
	if (!gic_v3) {
		mmio_write32(gicc + GICC_PMR, 0xff);
		mmio_write32(gicc + GICC_CTLR, 1);
	}
}

/* v3: ICC_SGI1R_EL1 names the target by its affinity: Aff3.Aff2.Aff1,
 * the range selector and a bit for Aff0 within the range of 16. */
static void
send_sgi_v3(int cpu, int sgi)
{
	uint64_t m = a64_pcpu[cpu].mpidr, aff0 = m & 0xff;

	sysreg_write_s(ICC_SGI1R_EL1, ((m >> 32) & 0xff) << 48 |
		       ((m >> 16) & 0xff) << 32 | (aff0 >> 4) << 44 |
		       (uint64_t)sgi << 24 | ((m >> 8) & 0xff) << 16 |
		       1ull << (aff0 & 15));
	__asm__ volatile("isb");
}

void
gic_send_sgi(int cpu, int sgi)
{
	__asm__ volatile("dsb ish" : : : "memory");
	if (gic_v3)
		send_sgi_v3(cpu, sgi);
	else
		mmio_write32(gicd + GICD_SGIR, (1u << (16 + cpu)) | (uint32_t)sgi);
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
	uint32_t iar = gic_v3 ? (uint32_t)sysreg_read_s(ICC_IAR1_EL1) :
				mmio_read32(gicc + GICC_IAR);
	uint32_t id = iar & (gic_v3 ? 0xffffff : 0x3ff);
	int k;

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
		for (k = 0; k < nspi_fns && spi_fns[k].intid != (int)id; k++)
			;
		if (k < nspi_fns)
			spi_fns[k].fn();
		else
			a64_spurious++;
	}
	if (gic_v3)
		sysreg_write_s(ICC_EOIR1_EL1, iar);
	else
		mmio_write32(gicc + GICC_EOIR, iar);
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
