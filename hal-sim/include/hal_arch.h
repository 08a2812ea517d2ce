/*
 * hal_arch.h (sim) -- the machine-dependent types and constants that
 * kernel/hal.h promises, for the simulated machine.
 */
#ifndef HAL_ARCH_H
#define HAL_ARCH_H

#include <stdint.h>

typedef uint64_t paddr_t;

#define HAL_NAME "sim"
#define HAL_PAGE_SIZE 4096
#ifdef HALSIM_BIG_STACKS
#define HAL_KSTACK_SIZE (128 * 1024)	/* sanitizers need room */
#else
#define HAL_KSTACK_SIZE (32 * 1024)
#endif
#define HAL_MAX_CPUS 64
#define HAL_IRQ_TIMER 0
#define HAL_IRQ_IPI 1
#define HAL_NR_IRQ 32

#define HAL_USER_TOP 0x7f0000000000ull	/* = STUB_USER_TOP */

/*
 * A user thread's registers: the host ISA's general registers, TLS base
 * and FPU state, as the stub reports them (checked against struct
 * stub_regs in hal-sim/user.c), plus the system call's original number
 * and first argument for restarts.
 */
struct hal_tf {
	uint64_t r[36];
	uint32_t fp_size;
	uint32_t pad;
	uint8_t fp[4096] __attribute__((aligned(64)));
	uint64_t orig_nr;
	uint64_t orig_arg0;
};

/* An address space: its page table root and its stub process. */
struct hal_pt {
	paddr_t root;
	struct sim_stub *stub;
};

/* Holds a struct sim_ctx (checked in hal-sim/hal.c). */
struct hal_ctx {
	uint64_t opaque[584] __attribute__((aligned(16)));
};

#endif
