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

/* Holds a struct sim_ctx (checked in hal-sim/hal.c). */
struct hal_ctx {
	uint64_t opaque[584] __attribute__((aligned(16)));
};

#endif
