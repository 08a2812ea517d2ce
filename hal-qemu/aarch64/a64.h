/*
 * a64.h (aarch64) -- what the files of the aarch64 HAL share: the
 * address space layout, the devices of QEMU's `virt` machine, system
 * register access and the interfaces between the HAL's files.
 */
#ifndef A64_H
#define A64_H

#include "kernel.h"

/* Every physical address pa is mapped at KERNEL_BASE + pa (TTBR1). */
#define KERNEL_BASE 0xffff000000000000ull
#define DIRECT_MAP_MAX (64ull << 30)

/* QEMU virt's devices (its DTB says the same; hal.md section 12). */
#define VIRT_GICD 0x08000000ull
#define VIRT_GICC 0x08010000ull
#define VIRT_UART 0x09000000ull
#define VIRT_RTC 0x09010000ull
#define INTID_VTIMER 27
#define INTID_UART 33			/* SPI 1 */
#define SGI_IPI 1
#define SGI_HALT 2
#define HAL_LINE_CONSOLE 2

#define EINVAL_HAL 22
#define EBUSY_HAL 16
#define ENODEV_HAL 19
#define ENOMEM_HAL 12
#define ENOSYS_HAL 38

#define sysreg_read(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define sysreg_write(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline void *
mmio(uint64_t pa)
{
	return (void *)(KERNEL_BASE + pa);
}

static inline uint32_t
mmio_read32(uint64_t pa)
{
	return *(volatile uint32_t *)mmio(pa);
}

static inline void
mmio_write32(uint64_t pa, uint32_t v)
{
	*(volatile uint32_t *)mmio(pa) = v;
}

/* Per-CPU block, reached through TPIDR_EL1. */
struct pcpu {
	int id;
	uint64_t mpidr;
	uint64_t deadline;		/* hal_timer_oneshot's, 0 none */
};

static inline struct pcpu *
this_pcpu(void)
{
	return (struct pcpu *)sysreg_read(tpidr_el1);
}

/* Registers saved by the exception vectors (head.S), 16-byte aligned. */
struct a64_frame {
	uint64_t x[31];
	uint64_t sp_pad;
	uint64_t elr, spsr;
};

/* boot.c */
extern int a64_ncpu;
extern struct pcpu a64_pcpu[HAL_MAX_CPUS];
extern uint64_t a64_psci_smc;		/* 1: PSCI over SMC, 0: HVC */
uint64_t a64_psci(uint64_t fn, uint64_t a, uint64_t b, uint64_t c);
void a64_boot(uint64_t dtb_pa);
void a64_ap_main(uint64_t id);
void time_delay_us(uint64_t us);

/* gic.c */
void gic_init(void);
void gic_cpu_init(void);
void gic_enable(int intid);
void gic_send_sgi(int cpu, int sgi);
void time_init(void);

/* console.c */
void console_init(void);
void console_irq_init(void);
void console_isr(void);

/* head.S */
void a64_ctx_start(void);
uint64_t a64_hvc(uint64_t fn, uint64_t a, uint64_t b, uint64_t c);
uint64_t a64_smc(uint64_t fn, uint64_t a, uint64_t b, uint64_t c);
extern char a64_secondary_entry[];
extern uint64_t a64_ap_stack[HAL_MAX_CPUS];

/* vectors */
void a64_irq(struct a64_frame *f);
void a64_sync(struct a64_frame *f);
void a64_bad(struct a64_frame *f, uint64_t which);

extern char _kernel_start[], _kernel_end[], __bss_start[], __bss_end[];

/* devtree.c: the devices boot.c's walk of the device tree found. */
#define A64_MAX_VIRTIO 32
struct a64_devices {
	int gic_version;		/* 2, 3; 0: no node (virt's GICv2) */
	uint64_t gicd, gic_cpu, gic_cpu_size;	/* GICC (v2) or GICR (v3) */
	uint64_t fwcfg;			/* 0: none */
	int nvirtio;
	struct { uint64_t base; int intid; } virtio[A64_MAX_VIRTIO];
};
extern struct a64_devices a64_dt;
void devtree_prop(const char *node, const char *prop, const uint8_t *val,
		  uint32_t len);
void devtree_end(void);

/* gic.c, block.c, fwcfg.c: devices found in the device tree. */
const char *gic_name(void);
void gic_spi(int intid, void (*fn)(void));
void vblk_init(void);
void fwcfg_init(void);

#endif
