/*
 * hal_arch.h (x86_64) -- the machine-dependent types and constants that
 * kernel/hal.h promises, for a PC (QEMU's pc/q35 machines and real ones).
 */
#ifndef HAL_ARCH_H
#define HAL_ARCH_H

#include <stdint.h>

typedef uint64_t paddr_t;

#define HAL_NAME "x86_64"
#define HAL_PAGE_SIZE 4096
#define HAL_KSTACK_SIZE (16 * 1024)
#define HAL_MAX_CPUS 64
#define HAL_IRQ_TIMER 0		/* LAPIC timer, vector 32 */
#define HAL_IRQ_IPI 1		/* reschedule IPI, vector 33 */
#define HAL_NR_IRQ 32		/* line n is vector 32 + n */

/*
 * The same user range as the sim, so that programs see the same address
 * space layout on both (the hardware would allow 0x7ffffffff000).
 */
#define HAL_USER_TOP 0x7f0000000000ull

/*
 * A user thread's registers, laid out as the sim's (hal-common/x86_64/
 * ulinux.h names the slots): general registers in Linux's sigcontext
 * order, RIP, RFLAGS and the FS base; the FXSAVE image of the FPU/SSE
 * state (fp_size 0: the initial state); the system call's original
 * number and first argument, for restarts.
 */
struct hal_tf {
	uint64_t r[36];
	uint32_t fp_size;
	uint32_t pad;
	uint8_t fp[4096] __attribute__((aligned(64)));
	uint64_t orig_nr;
	uint64_t orig_arg0;
};

/*
 * An address space: the physical address of its PML4 (the kernel half
 * shared by all), and the CPUs whose CR3 may hold it (their TLBs may
 * cache its entries).
 */
struct hal_pt {
	paddr_t root;
	uint64_t cpus;
};

/* A kernel context: its stack pointer; the rest is pushed on its stack. */
struct hal_ctx {
	uint64_t rsp;
};

#endif
