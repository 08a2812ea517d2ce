/*
 * hal.h -- the one seam between the portable kernel and a machine.
 * Every function a HAL must supply is declared and specified here; the
 * machine-dependent types come from the HAL's own <hal_arch.h>.
 */
#ifndef KERNEL_HAL_H
#define KERNEL_HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * <hal_arch.h> is a per-HAL file (hal-sim/include/, hal-qemu/<isa>/include/),
 * never an #ifdef here. It defines:
 *   paddr_t             physical address
 *   struct hal_ctx      a saved kernel context (see hal_ctx_*)
 *   HAL_NAME            "sim", "x86_64", ...
 *   HAL_PAGE_SIZE       bytes in a page (4096 on every HAL so far)
 *   HAL_KSTACK_SIZE     bytes of a kernel thread's stack
 *   HAL_MAX_CPUS        upper bound of hal_cpu_count()
 *   HAL_IRQ_TIMER       per-CPU timer line (see hal_timer_oneshot)
 *   HAL_IRQ_IPI         per-CPU inter-processor interrupt line
 *   HAL_NR_IRQ          number of interrupt lines
 */
#include <hal_arch.h>

#define __noreturn __attribute__((noreturn))

/* ---------------------------------------------------------------------
 * Provided by the kernel, called by the HAL.
 * ------------------------------------------------------------------- */

/*
 * Entry of the boot CPU, once, after the HAL set up memory, console and
 * interrupts. Runs on a boot stack with interrupts disabled. Never returns.
 */
void kmain(void) __noreturn;

/*
 * Called by the HAL after it delivered interrupts to a context that had
 * interrupts enabled, just before that context resumes. Interrupts are
 * disabled. The kernel may switch threads here (preemption).
 */
void kirq_exit(void);

/* ---------------------------------------------------------------------
 * CPUs and power.
 * ------------------------------------------------------------------- */

/* Number of CPUs the machine has (1..HAL_MAX_CPUS). Any context. */
int hal_cpu_count(void);

/*
 * Index of the calling CPU, 0..hal_cpu_count()-1. Stable only while the
 * caller cannot migrate (interrupts disabled or preemption off).
 */
int hal_cpu_id(void);

/*
 * The running kernel thread of this CPU, as the scheduler last set it.
 * hal_current() reads it in one step, so it is right even if the caller
 * could be preempted and migrated around the call. hal_set_current is
 * called by the scheduler with interrupts disabled.
 */
void *hal_current(void);
void hal_set_current(void *thread);

/*
 * Start secondary CPU `cpu` (1..count-1): it calls fn() on a HAL boot stack
 * with interrupts disabled; fn never returns. Called once per CPU from
 * kmain. Returns 0 or -EINVAL.
 */
int hal_cpu_start(int cpu, void (*fn)(void));

/*
 * Called with interrupts disabled by a CPU with nothing to run. Waits until
 * an interrupt is pending for this CPU (timer, IPI, device), then returns
 * with interrupts still disabled; the caller enables them to take it.
 * Returns at once if one is already pending.
 */
void hal_cpu_idle(void);

/*
 * Spin-loop hint, called in every busy-wait loop. Any context. On the sim it
 * also lets other CPUs run and, if interrupts are enabled, delivers pending
 * ones (so it may switch threads, like any interrupt-enabled point).
 */
void hal_cpu_relax(void);

/* Raise HAL_IRQ_IPI on `cpu` (may be the caller). Any context. */
void hal_ipi(int cpu);

/*
 * Stop the machine. `code` is its exit status where the machine has one
 * (the sim's process exit status; isa-debug-exit on QEMU). Any context.
 */
void hal_poweroff(int code) __noreturn;

/* Restart the machine from the beginning. Any context. */
void hal_reboot(void) __noreturn;

/*
 * Stop every CPU after a kernel panic was printed. The sim exits with its
 * documented panic status. Any context.
 */
void hal_panic_halt(void) __noreturn;

/* The kernel command line (never NULL, may be ""). Any context. */
const char *hal_cmdline(void);

/*
 * One line describing the machine for the boot banner, after the HAL's
 * name (e.g. "host clock, seed 42"). Any context.
 */
const char *hal_describe(void);

/* ---------------------------------------------------------------------
 * Interrupts. Handlers run on the interrupted kernel stack with
 * interrupts disabled and must not sleep.
 * ------------------------------------------------------------------- */

typedef void (*hal_irq_fn)(int line, void *arg);

/* Disable interrupts on this CPU; return the previous state. Any context. */
unsigned long hal_irq_save(void);

/*
 * Restore the state returned by hal_irq_save. If that enables interrupts,
 * pending ones are delivered first and kirq_exit() may switch threads.
 */
void hal_irq_restore(unsigned long flags);

/* Enable interrupts; pending ones are delivered as by hal_irq_restore. */
void hal_irq_enable(void);

/* Disable interrupts on this CPU. */
void hal_irq_disable(void);

/* True when interrupts are enabled on this CPU. */
bool hal_irq_enabled(void);

/*
 * Route interrupt `line` to fn(line, arg). Per-CPU lines (timer, IPI)
 * use one handler for all CPUs. Called at boot, may not sleep.
 * Returns 0, -EINVAL for a bad line, -EBUSY if it already has a handler.
 */
int hal_irq_register(int line, hal_irq_fn fn, void *arg);

/* ---------------------------------------------------------------------
 * Kernel contexts.
 * ------------------------------------------------------------------- */

/*
 * Prepare `ctx` so that the first hal_ctx_switch to it runs fn(arg) on
 * [stack, stack + size) with interrupts disabled. fn must never return.
 * `stack` is 16-byte aligned. May not sleep.
 */
void hal_ctx_init(struct hal_ctx *ctx, void *stack, size_t size,
		  void (*fn)(void *), void *arg);

/*
 * `ctx` will never run again and its stack is about to be freed (the sim
 * clears AddressSanitizer's marks on it). Any context but ctx itself.
 */
void hal_ctx_free(struct hal_ctx *ctx);

/*
 * Save the current context in `from` and resume `to`. Called with
 * interrupts disabled; returns (in `from`, possibly on another CPU) when
 * some CPU switches back to it.
 */
void hal_ctx_switch(struct hal_ctx *from, struct hal_ctx *to);

/* ---------------------------------------------------------------------
 * Time.
 * ------------------------------------------------------------------- */

/* Monotonic nanoseconds since boot, same on all CPUs. Any context. */
uint64_t hal_time_ns(void);

/*
 * Arm this CPU's one-shot timer: HAL_IRQ_TIMER is raised on this CPU once
 * hal_time_ns() >= deadline (at once if already past). A new call replaces
 * the previous deadline; 0 disarms. Called with interrupts disabled.
 */
void hal_timer_oneshot(uint64_t deadline);

/* Wall-clock seconds since 1970 at hal_time_ns() == 0. Any context. */
uint64_t hal_rtc_boot_seconds(void);

/*
 * Fill buf with n bytes of seed material for the kernel's random
 * generator: host entropy, or the -seed in deterministic mode.
 */
void hal_entropy(void *buf, size_t n);

/* ---------------------------------------------------------------------
 * Memory.
 * ------------------------------------------------------------------- */

struct hal_mem_range {
	paddr_t base;
	size_t size;
};

/*
 * Write up to `max` ranges of free RAM (page aligned, not used by the HAL
 * or the kernel image) into r; return how many. Called once at boot.
 */
int hal_mem_ranges(struct hal_mem_range *r, int max);

/* Direct map: kernel virtual address of physical `pa`, and back. */
void *hal_p2v(paddr_t pa);
paddr_t hal_v2p(const void *va);

/* ---------------------------------------------------------------------
 * Console: a byte stream, the machine's first serial line.
 * ------------------------------------------------------------------- */

/*
 * Write n bytes to the console, synchronously. Any context, including
 * panic with interrupts off; never sleeps.
 */
void hal_console_put(const char *s, size_t n);

#define HAL_CONSOLE_NONE (-1)	/* no byte waiting */
#define HAL_CONSOLE_EOF (-2)	/* the input has ended for good */

/*
 * Take one received byte (0..255), HAL_CONSOLE_NONE or HAL_CONSOLE_EOF.
 * Any context; never sleeps.
 */
int hal_console_get(void);

/* The interrupt line raised when console input arrives (or ends). */
int hal_console_irq(void);

/*
 * Flow control, like a UART's RTS line: the kernel passes true while a
 * reader waits for console input with nothing buffered, false otherwise.
 * A HAL that paces scripted input (the sim reading a pipe) types the next
 * line only when asked; a real UART ignores it. Any context.
 */
void hal_console_flow(bool ready);

/* ---------------------------------------------------------------------
 * Debugging.
 * ------------------------------------------------------------------- */

/*
 * Store up to max return addresses of the caller's stack, innermost
 * first; return how many. Any context.
 */
int hal_backtrace(uintptr_t *pcs, int max);

/*
 * Name of the function containing pc, and pc's offset in it; NULL when the
 * HAL has no symbol table. Any context; never sleeps.
 */
const char *hal_symbolize(uintptr_t pc, uintptr_t *offset);

#endif
