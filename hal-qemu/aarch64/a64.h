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

/*
 * The board's devices come from its board.h: QEMU virt's in include/,
 * the Raspberry Pi 5's in hal-pi5/include/ (first on its include path).
 * The shared files name them as they always have.
 */
#include "board.h"
#define VIRT_GICD BOARD_GICD
#define VIRT_GICC BOARD_GICC
#define VIRT_UART BOARD_UART
#define INTID_UART BOARD_INTID_UART
#define INTID_VTIMER 27
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

/* Arm semihosting operations (boot.c: a64_semihosting says if QEMU has it). */
#define SEMI_WRITE0 0x04
#define SEMI_ERRNO 0x13
#define SEMI_EXIT 0x18
#define SEMI_EXIT_APPLICATION 0x20026

/*
 * The board (virt.c, hal-pi5/pi5.c). a64_boot_map lays out head.S's
 * boot tables in 1 GiB blocks, normal memory or device, ended by an
 * entry with ngib 0; board_early sets up the UART before anything is
 * printed; board_init runs after the DTB is read, board_describe adds
 * to hal_describe.
 */
struct a64_map {
	uint32_t first_gib, ngib;
	uint64_t normal;
};
extern const struct a64_map a64_boot_map[];
void board_early(void);
void board_init(uint64_t dtb_pa);
const char *board_describe(void);

/* boot.c */
extern bool a64_semihosting;
void a64_reserve(uint64_t base, uint64_t size);
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

/* mmu.c: every user table maps a sigreturn trampoline here. */
#define A64_SIGTRAMP (HAL_USER_TOP - HAL_PAGE_SIZE)
bool a64_pt_fixup(uintptr_t va, bool write);

/* console.c */
void console_init(void);
void console_irq_init(void);
void console_isr(void);

/* How user mode came back to the kernel (head.S's a64_user_enter). */
#define A64_UEXIT_SYNC 0		/* an exception: svc, abort... */
#define A64_UEXIT_IRQ 1
struct a64_uexit {
	uint64_t kind;
	uint64_t esr, far;
};

/* head.S */
uint64_t a64_user_enter(struct hal_tf *tf, struct a64_uexit *out);
void a64_ctx_start(void);
uint64_t a64_hvc(uint64_t fn, uint64_t a, uint64_t b, uint64_t c);
uint64_t a64_semihost(uint64_t op, uint64_t arg);
extern char a64_semihost_hlt[];
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
