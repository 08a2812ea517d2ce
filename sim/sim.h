/*
 * sim.h -- internals of the runner shared by the files of sim/.
 * Host code: libc, pthreads. Never includes a kernel header.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>

#include "sim_if.h"

enum sim_clock { SIM_CLOCK_HOST, SIM_CLOCK_VIRTUAL };

/* One -drive (or the positional image, always drive 0). */
struct sim_drive_opt {
	const char *file;
	bool readonly;		/* readonly=on: opened O_RDONLY, writes refused */
	bool snapshot;		/* snapshot=on: writes stay in memory */
	bool positional;	/* given as IMG, not -drive (for messages) */
};

struct sim_options {
	int smp;		/* CPUs, 1..SIM_MAX_CPUS */
	uint64_t mem;		/* RAM bytes */
	const char *append;	/* kernel command line */
	bool nographic;
	const char *serial;	/* NULL or "stdio" = terminal; else a file */
	double timeout;		/* seconds of guest time; 0 = none */
	enum sim_clock clock;
	uint64_t seed;
	bool seed_set;
	const char *initrd;	/* root file system archive, NULL = built in */
	const char *display;	/* "none", "sdl" (not yet) */
	bool no_reboot;
	bool snapshot;		/* -snapshot: every drive snapshot=on */
	struct sim_drive_opt drives[SIM_MAX_DRIVES];	/* disk 0, 1, ... */
	int ndrives;
	const char *image;	/* the positional image, or NULL */
};

/* options.c */
#define SIM_OPT_RUN 0		/* boot the machine */
#define SIM_OPT_EXIT 1		/* help or version printed: exit 0 */
#define SIM_OPT_ERROR (-1)	/* err holds a one-line message */
void sim_options_default(struct sim_options *o);
int sim_options_parse(struct sim_options *o, int argc, char **argv,
		      char *err, size_t errlen);
int sim_parse_size(const char *s, uint64_t *bytes);
void sim_usage(FILE *f);
extern const char sim_version[];

/* cpu.c */
enum sim_cpu_state { CPU_OFF, CPU_RUN, CPU_IDLE, CPU_USER };

#define STUB_PREEMPT_SIGNAL SIGUSR2

struct sim_cpu {
	struct sim_cpu_irq irq;	/* must stay first: hal-sim sees this */
	pthread_t thread;
	pid_t tid;
	uint32_t wake;		/* futex word: bumped to wake an idle CPU */
	uint32_t *_Atomic doorbell;	/* the word the CPU sleeps on: wake or a stub's */
	int state;		/* enum sim_cpu_state, atomic */
	uint64_t deadline;	/* timer deadline (ns), 0 = none */
	void (*entry)(void);
	uint32_t turn;		/* virtual clock: 1 while holding the token */
	uint64_t wd_epoch;	/* watchdog: epoch at the last look */
	int wd_stuck;		/* watchdog: looks without progress */
	uint64_t spins;		/* hal_cpu_relax calls */
} __attribute__((aligned(64)));

extern struct sim_cpu sim_cpus[SIM_MAX_CPUS];
extern int sim_ncpu;
extern struct sim_options sim_opt;
void sim_cpus_boot(void) __attribute__((noreturn));
void sim_cpu_kick(struct sim_cpu *c);

/* time.c */
extern uint64_t sim_boot_host_ns;
uint64_t sim_host_ns(void);
void sim_check_timeout(uint64_t now);

/* vclock.c: the deterministic virtual clock */
extern bool sim_virtual;
extern uint64_t sim_vtime;
void vclock_init(void);
void vclock_wait_turn(struct sim_cpu *c);
void vclock_tick(struct sim_cpu *c, bool spinning);
void vclock_idle(struct sim_cpu *c);
void vclock_started(struct sim_cpu *c);
void vclock_timer_changed(struct sim_cpu *c);
void vclock_user_slice(struct sim_cpu *c);
uint64_t sim_rand(void);
void sim_rand_seed(uint64_t seed);
uint64_t sim_splitmix(uint64_t *state);

/* disk.c */
extern uint64_t sim_disk_next_due;
void sim_disks_open(void);
void sim_disk_deliver_due(uint64_t now);

/* usermode.c */
void sim_usermode_init(int ram_fd);

/* console.c */
void sim_console_init(void);
void sim_console_restore(void);
bool sim_console_deliver_due(uint64_t now, uint64_t *next);
extern _Atomic bool sim_console_kick;
bool sim_console_wait_input(void);

/* exit.c */
extern char **sim_argv;
void sim_signals_init(void);
void sim_exit(int status) __attribute__((noreturn));
void sim_fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* symbols.c */
void sim_symbols_init(void);
void sim_print_backtrace(int fd, uintptr_t *pcs, int n);

/* watchdog.c */
extern _Atomic int sim_host_wait;
void sim_watchdog_start(void);

/* spin-loop hint of the host */
#if defined(__x86_64__) || defined(__i386__)
#define sim_pause() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define sim_pause() __asm__ volatile("yield")
#else
#define sim_pause() ((void)0)
#endif

/* futex helpers (cpu.c) */
int sim_futex_wait(uint32_t *addr, uint32_t val, uint64_t timeout_ns);
void sim_futex_wake(uint32_t *addr, int n);

#endif
