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
 *   struct hal_tf       a user thread's registers (see hal_user_run)
 *   struct hal_pt       an address space's page table (see hal_pt_*)
 *   HAL_USER_TOP        user addresses are below this
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
 * Page-table pages for the HAL: a zeroed page, or 0 when memory is short;
 * and back. Any context; never sleep.
 */
paddr_t kpt_page_alloc(void);
void kpt_page_free(paddr_t pa);

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

/*
 * The initial RAM file system the boot loader placed in memory (a cpio
 * archive): true and its physical range, not part of hal_mem_ranges; the
 * kernel frees those pages after unpacking. False if there is none.
 */
bool hal_initrd(paddr_t *start, size_t *size);

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
 * Block devices (disks), numbered 0..hal_block_count()-1 in the order
 * the machine has them (the sim: its -drive options; QEMU: virtio-blk).
 * Requests are asynchronous: the HAL calls r->done(r) from interrupt
 * context when the transfer ended, with r->status 0 or -EIO. The HAL
 * owns the disks' interrupt lines; the kernel registers nothing.
 *
 * Ordering: requests in flight may complete in any order, and a read
 * that overlaps a write in flight may see either data. A FLUSH makes
 * durable every write that completed before the FLUSH was submitted
 * (the kernel waits for the writes it cares about, then flushes), as
 * virtio-blk's and Linux's flush do.
 * ------------------------------------------------------------------- */

#define HAL_BLOCK_SECTOR 512

enum hal_block_op { HAL_BLOCK_READ, HAL_BLOCK_WRITE, HAL_BLOCK_FLUSH };

struct hal_block_info {
	uint64_t sectors;	/* capacity in 512-byte sectors (>= 1) */
	bool readonly;
	uint32_t max_sectors;	/* largest count of one request (>= 8) */
	uint32_t max_segs;	/* most segments of one request (>= 1) */
	uint32_t queue_depth;	/* requests the device takes at once (>= 1) */
	char model[32];		/* for the boot log: "sim disk.img" */
};

/* A piece of RAM of a scattered transfer (direct map; len % 512 == 0). */
struct hal_block_seg {
	void *buf;
	uint32_t len;
};

struct hal_block_req {
	int op;			/* enum hal_block_op */
	uint64_t sector;	/* first sector */
	uint32_t count;		/* sectors (0 for FLUSH) */
	void *buf;		/* count * 512 bytes of RAM (direct map), or: */
	const struct hal_block_seg *seg;	/* when nseg > 0: the data is */
	uint32_t nseg;		/* these, in order, count * 512 bytes in all */
	int status;		/* set before done: 0 or -EIO */
	void (*done)(struct hal_block_req *r);	/* interrupt context */
	void *priv;		/* the kernel's */
	void *hal_priv[2];	/* the HAL's, while in flight */
};

/* Number of block devices. Any context. */
int hal_block_count(void);

/* Describe device dev: 0, or -ENODEV. Any context. */
int hal_block_info(int dev, struct hal_block_info *info);

/*
 * Start request r on device dev. Returns 0 (r->done will be called once,
 * on some CPU, with interrupts disabled; on another CPU that may happen
 * before this returns, so the caller no longer touches r) or, without
 * calling it: -EINVAL (bad op, count 0 or above max_sectors,
 * sectors past the end, buf not in RAM, more than max_segs segments or
 * segments that do not add up to count sectors), -EROFS (a write to a
 * read-only device), -ENODEV. Each buffer or segment is physically
 * contiguous (the direct map); r, its buffers and its segment array
 * belong to the HAL until done. No alignment is required (a segment's
 * length is whole sectors). The
 * kernel keeps at most queue_depth requests in flight per device. Any
 * context; never sleeps. Writes are durable on the medium only after a
 * FLUSH completes (see Ordering above).
 */
int hal_block_submit(int dev, struct hal_block_req *r);

/* ---------------------------------------------------------------------
 * Framebuffer: a linear frame buffer in RAM the HAL set up at boot
 * (QEMU: ramfb), or none. The kernel draws into it; the display shows
 * it as it is, with no call to make.
 * ------------------------------------------------------------------- */

#define HAL_FB_XRGB8888 0x34325258	/* fourcc "XR24": uint32_t 0x00RRGGBB */

struct hal_fb {
	void *base;		/* height * stride bytes (direct map) */
	uint32_t width, height;	/* pixels */
	uint32_t stride;	/* bytes from one line to the next */
	uint32_t format;	/* HAL_FB_XRGB8888 */
};

/* Describe the framebuffer: 0, or -ENODEV when there is none. Any
 * context. */
int hal_fb_info(struct hal_fb *fb);

/* ---------------------------------------------------------------------
 * The MMU. The kernel owns page tables in the HAL's format through these
 * calls; user addresses are below HAL_USER_TOP. A HAL may cache entries
 * (a TLB): after changing or removing entries the kernel calls
 * hal_tlb_flush before it relies on the change. Entries carry accessed
 * and dirty bits that the hardware (or the sim's refill) sets.
 * ------------------------------------------------------------------- */

#define HAL_PROT_R 0x01		/* readable */
#define HAL_PROT_W 0x02		/* writable */
#define HAL_PROT_X 0x04		/* executable */
#define HAL_PTE_A 0x08		/* accessed (hal_pt_lookup only) */
#define HAL_PTE_D 0x10		/* dirty (hal_pt_lookup only) */
#define HAL_PTE_SW 0x20		/* free for the kernel's use */

/* A new, empty address space in pt. Returns 0 or -ENOMEM. May not sleep. */
int hal_pt_init(struct hal_pt *pt);

/*
 * Acquire now whatever pt needs to run user code (the sim: a stub
 * process), so that a later hal_user_run cannot fail for want of it.
 * Returns 0 or -EAGAIN. Without it, hal_user_run acquires it on first
 * use. May sleep (the sim waits for the host).
 */
int hal_pt_reserve(struct hal_pt *pt);

/*
 * execve: `to` takes over `from`'s run resources (the sim: its stub,
 * emptied), and `from` can no longer run user code. No CPU runs `from`.
 */
void hal_pt_inherit(struct hal_pt *to, struct hal_pt *from);

/*
 * Release pt's tables (not the pages they map) and its TLB. No CPU may
 * have it active. May not sleep.
 */
void hal_pt_destroy(struct hal_pt *pt);

/*
 * Map the page at user address va to physical pa with `prot` (HAL_PROT_*
 * and HAL_PTE_SW), replacing any entry. Returns 0, -ENOMEM, or -EINVAL for
 * an address outside the user range. The caller serializes changes to
 * one pt. May not sleep.
 */
int hal_pt_map(struct hal_pt *pt, uintptr_t va, paddr_t pa, unsigned prot);

/* Remove the entry for va (if any). The caller then flushes. */
void hal_pt_unmap(struct hal_pt *pt, uintptr_t va);

/*
 * Translate va: true and *pa, *prot (with HAL_PTE_A/D) if mapped.
 * Any context.
 */
bool hal_pt_lookup(struct hal_pt *pt, uintptr_t va, paddr_t *pa, unsigned *prot);

/* Clear the accessed and dirty bits of va's entry; returns the old ones. */
unsigned hal_pt_clear_ad(struct hal_pt *pt, uintptr_t va);

/*
 * Call fn(va, pa, prot, arg) for each mapped page in [start, end), in
 * address order; stop early if fn returns non-zero (and return that).
 */
int hal_pt_walk(struct hal_pt *pt, uintptr_t start, uintptr_t end,
		int (*fn)(uintptr_t va, paddr_t pa, unsigned prot, void *arg),
		void *arg);

/* This CPU runs pt's user code from now on. Interrupts disabled. */
void hal_pt_activate(struct hal_pt *pt);

/*
 * Make changes to entries in [va, va + len) visible on every CPU (TLB
 * shootdown). May sleep briefly on the sim (the stub unmaps).
 */
void hal_tlb_flush(struct hal_pt *pt, uintptr_t va, size_t len);

/* ---------------------------------------------------------------------
 * User mode. A user thread's registers live in a struct hal_tf that the
 * kernel owns; hal_user_run runs them on this CPU in the active address
 * space until something needs the kernel.
 * ------------------------------------------------------------------- */

enum hal_trap_kind {
	HAL_TRAP_SYSCALL,	/* system call: number and args in the tf */
	HAL_TRAP_PAGEFAULT,	/* addr, access: no valid entry allows it */
	HAL_TRAP_ILLEGAL,	/* illegal instruction */
	HAL_TRAP_BREAKPOINT,	/* breakpoint or single step */
	HAL_TRAP_MATH,		/* arithmetic: code is an FPE_* si_code */
	HAL_TRAP_PROTECTION,	/* general protection: non-canonical address... */
	HAL_TRAP_BUS,		/* bus error: misaligned access */
	HAL_TRAP_IRQ,		/* an interrupt is pending: nothing else */
	HAL_TRAP_DEAD,		/* the address space cannot run any more (sim) */
};

#define HAL_ACCESS_READ 1
#define HAL_ACCESS_WRITE 2
#define HAL_ACCESS_EXEC 4

struct hal_trap {
	int kind;		/* enum hal_trap_kind */
	int access;		/* page fault: HAL_ACCESS_* */
	int code;		/* suggested si_code for the signal */
	uintptr_t addr;		/* fault address */
};

/*
 * Run the user thread in tf until it traps; fill *trap and return its
 * kind. Called and returns with interrupts disabled; the caller enables
 * them afterwards to take pending interrupts. tf is updated in place.
 */
int hal_user_run(struct hal_tf *tf, struct hal_trap *trap);

/* Fresh user registers: start at pc with stack sp, everything else 0. */
void hal_tf_init(struct hal_tf *tf, uintptr_t pc, uintptr_t sp);

long hal_tf_sysnr(const struct hal_tf *tf);
unsigned long hal_tf_arg(const struct hal_tf *tf, int i);	/* 0..5 */
void hal_tf_set_ret(struct hal_tf *tf, long value);
uintptr_t hal_tf_pc(const struct hal_tf *tf);
uintptr_t hal_tf_sp(const struct hal_tf *tf);
void hal_tf_set_sp(struct hal_tf *tf, uintptr_t sp);
void hal_tf_set_tls(struct hal_tf *tf, uintptr_t tls);
uintptr_t hal_tf_tls(const struct hal_tf *tf);

/*
 * Prepare tf so the interrupted system call runs again when the thread
 * returns to user mode (restart after a signal).
 */
void hal_tf_restart_syscall(struct hal_tf *tf);

/*
 * Signal frames, in the ISA's Linux layout (rt_sigframe). The kernel
 * owns user memory, the HAL the layout:
 * - hal_sigframe_build writes into buf (hal_sigframe_size() bytes) the
 *   frame for handler(sig, info, uctx) below `sp` (the user stack
 *   pointer, or the top of the alternate stack when `altstack`): the
 *   saved tf, the blocked `mask`, the sigaltstack state, and `info` (a
 *   128-byte Linux siginfo). It sets *at to the frame's user address and
 *   returns its length; the kernel copies buf there. tf is then set up to
 *   enter the handler with `restorer` as its return address; the caller
 *   keeps a copy of tf in case the copy to user memory fails.
 * - hal_sigframe_at tells where rt_sigreturn finds the frame;
 *   hal_sigframe_restore takes it back (len bytes copied from user
 *   address at): restores tf, sanitized, and *mask. Returns 0 or
 *   -EFAULT/-EINVAL for a frame that cannot be trusted.
 */
size_t hal_sigframe_size(void);
size_t hal_sigframe_build(struct hal_tf *tf, void *buf, uintptr_t sp,
			  bool altstack, int sig, const void *info,
			  uint64_t mask, uintptr_t ss_sp, uint32_t ss_flags,
			  size_t ss_size, uintptr_t handler, uintptr_t restorer,
			  uintptr_t *at);
uintptr_t hal_sigframe_at(const struct hal_tf *tf);
int hal_sigframe_restore(struct hal_tf *tf, const void *buf, size_t len,
			 uintptr_t at, uint64_t *mask);

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
