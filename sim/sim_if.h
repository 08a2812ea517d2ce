/*
 * sim_if.h -- the only crossing between the runner (sim/, host libc) and the
 * kernel side (kernel/ + hal-sim/, freestanding). Plain C types only.
 */
#ifndef SIM_SIM_IF_H
#define SIM_SIM_IF_H

#include <stdint.h>
#include <stddef.h>

#include "stub/stub_abi.h"

/* Interrupt lines of the simulated machine. */
#define SIM_IRQ_TIMER 0		/* per-CPU one-shot timer */
#define SIM_IRQ_IPI 1		/* per-CPU inter-processor interrupt */
#define SIM_IRQ_CONSOLE 2	/* console input, routed to CPU 0 */
#define SIM_IRQ_DISK0 8		/* block devices: 8 + drive index */
#define SIM_MAX_DRIVES 8	/* -drive options, at most */
#define SIM_NR_IRQ 32

#define SIM_MAX_CPUS 64

/* Exit statuses of circlesim besides the guest's own poweroff code. */
#define SIM_EXIT_USAGE 2	/* bad command line */
#define SIM_EXIT_PANIC 112	/* the kernel panicked */
#define SIM_EXIT_WATCHDOG 113	/* a CPU was stuck with interrupts off */
#define SIM_EXIT_TIMEOUT 124	/* -timeout expired */
#define SIM_EXIT_HOST 125	/* the host refused something (memory, files) */

/*
 * Per-CPU interrupt state shared by both halves. `pending` is set by any
 * thread (devices, other CPUs) with atomic OR; `irq_on` and `irq_epoch`
 * only by the CPU's own thread.
 */
struct sim_cpu_irq {
	uint64_t pending;	/* bit n: line n raised */
	int irq_on;		/* interrupts enabled */
	int id;			/* CPU index */
	uint64_t irq_epoch;	/* counts enables, for the watchdog */
	void *current;		/* hal_current() */
};

/* ---- Entry points of the kernel side, called by the runner. ---- */

/* Boot: called once on CPU 0's thread; never returns. */
void halsim_boot(void);

/* ---- Services of the runner, called by hal-sim. ---- */

struct sim_cpu_irq *sim_cpu_self(void);
int sim_cpu_count(void);
int sim_cpu_start(int cpu, void (*fn)(void));
void sim_cpu_idle(struct sim_cpu_irq *c);
void sim_cpu_poll(struct sim_cpu_irq *c, int spinning);
void sim_irq_raise(int cpu, int line);

uint64_t sim_time_ns(void);
void sim_timer_set(struct sim_cpu_irq *c, uint64_t deadline);
uint64_t sim_rtc_boot_seconds(void);
void sim_entropy(void *buf, size_t n);

void sim_console_write(const char *s, size_t n);
int sim_console_read(void);
void sim_console_flow(int ready);

void sim_poweroff(int code) __attribute__((noreturn));
void sim_reboot(void) __attribute__((noreturn));
void sim_panic_halt(void) __attribute__((noreturn));
const char *sim_cmdline(void);
const char *sim_describe(void);
void *sim_ram(uint64_t *size);
int sim_initrd(uint64_t *offset, uint64_t *size);

/*
 * Disks (sim/disk.c): the -drive images. A request is carried out by the
 * drive's host I/O thread; when it is done (on the virtual clock: at its
 * due guest time) SIM_IRQ_DISK0 + drive is raised on the CPU that
 * submitted it, and sim_disk_reap hands back its tag and status.
 */
#define SIM_DISK_READ 0
#define SIM_DISK_WRITE 1
#define SIM_DISK_FLUSH 2
#define SIM_DISK_MAX_SECTORS 2048	/* 1 MiB per request */
#define SIM_DISK_MAX_SEGS 256		/* pieces of RAM per request */
#define SIM_DISK_DEPTH 32		/* requests in flight per drive */

struct sim_disk_seg {
	void *buf;
	uint32_t len;			/* a multiple of 512 */
};

struct sim_disk_info {
	uint64_t sectors;
	int readonly;
	char model[32];
};

int sim_disk_count(void);
int sim_disk_info(int drive, struct sim_disk_info *info);
/* Transfer count sectors to or from the nseg pieces of RAM (copied: the
 * array is the caller's again on return). 0, or -EINVAL / -EROFS /
 * -ENODEV without starting it. */
int sim_disk_submit(int drive, int op, uint64_t sector, uint32_t count,
		    const struct sim_disk_seg *seg, int nseg, void *tag);
/* 1 and a completed request's tag and status (0 or -EIO), or 0. */
int sim_disk_reap(int drive, void **tag, int *status);

int sim_backtrace(uintptr_t *pcs, int max);
const char *sim_symbolize(uintptr_t pc, uintptr_t *offset);

/*
 * User mode: each guest address space is a stub process (sim/stub/).
 * sim_stub_run loads regs on this CPU's slot of the stub, applies maps
 * first, and runs guest code until it traps (SIM_USER_TRAP, with trap
 * filled in), an interrupt is pending (SIM_USER_IRQ), or the stub died or
 * stopped answering (SIM_USER_DEAD). regs then hold the guest's state.
 */
#define SIM_USER_TRAP 0
#define SIM_USER_IRQ 1
#define SIM_USER_DEAD 2

struct sim_utrap {
	int signo;		/* host signal: SIGSYS, SIGSEGV, ... */
	int code;		/* its si_code */
	uint64_t addr;		/* fault address */
	uint64_t err;		/* x86 page-fault error code */
	uint64_t trapno;
	uint64_t sysnr;		/* SIGSYS: system call number */
};

struct sim_stub;
struct sim_stub *sim_stub_new(void);
void sim_stub_free(struct sim_stub *s);
int sim_stub_run(struct sim_stub *s, struct sim_cpu_irq *c,
		 struct stub_regs *regs, const struct stub_map *maps, int nmap,
		 uint32_t map_gen, struct sim_utrap *trap);
uint32_t sim_stub_gen(struct sim_stub *s);
int sim_stub_maps(struct sim_stub *s, const struct stub_map *maps, int nmap);
int sim_stub_flush(struct sim_stub *s, uint64_t va, uint64_t len);
void sim_stub_enter(struct sim_stub *s);	/* around a CPU's runs of s */
void sim_stub_leave(struct sim_stub *s);

/*
 * Kernel contexts. The storage is owned by the kernel (struct hal_ctx
 * embeds struct sim_ctx); the runner fills it.
 */
struct sim_ctx {
	void *sp;		/* saved stack pointer (asm switch) */
	void *stack;		/* bottom of the stack, for ASan */
	size_t stack_size;
	void *fake_stack;	/* ASan fiber bookkeeping */
	int fresh;		/* never run: first switch uses setcontext */
	int pad;
	void (*fn)(void *);	/* entry of a fresh context */
	void *arg;
	uint64_t uc[576] __attribute__((aligned(16)));	/* a ucontext_t */
};

void sim_ctx_init(struct sim_ctx *c, void *stack, size_t size,
		  void (*fn)(void *), void *arg);
void sim_ctx_switch(struct sim_ctx *from, struct sim_ctx *to);
void sim_ctx_free(struct sim_ctx *c);

#endif
