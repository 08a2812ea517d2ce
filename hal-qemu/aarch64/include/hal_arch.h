/*
 * hal_arch.h (aarch64) -- the machine-dependent types and constants that
 * kernel/hal.h promises, for QEMU's aarch64 `virt` machine.
 */
#ifndef HAL_ARCH_H
#define HAL_ARCH_H

#include <stdint.h>

typedef uint64_t paddr_t;

#define HAL_NAME "aarch64"
#define HAL_PAGE_SIZE 4096
#define HAL_KSTACK_SIZE (32 * 1024)
#define HAL_MAX_CPUS 64			/* GICv2 reaches 8 CPUs, GICv3 more */
#define HAL_IRQ_TIMER 0			/* the virtual timer, PPI 27 */
#define HAL_IRQ_IPI 1			/* SGI 1 */
#define HAL_NR_IRQ 32

#define HAL_USER_TOP 0x7f0000000000ull

/*
 * A user thread's registers: x0-x30, sp, pc, pstate, tpidr_el0, then the
 * FP/SIMD state; the system call's original number and first argument,
 * for restarts. (User mode is not implemented yet on this HAL.)
 */
struct hal_tf {
	uint64_t r[36];
	uint32_t fp_size;
	uint32_t pad;
	uint8_t fp[528] __attribute__((aligned(16)));
	uint64_t orig_nr;
	uint64_t orig_arg0;
};

/* An address space: the physical address of its TTBR0 table. */
struct hal_pt {
	paddr_t root;
};

/* A kernel context: its stack pointer; the rest is saved on its stack. */
struct hal_ctx {
	uint64_t sp;
};

#endif
