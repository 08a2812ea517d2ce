/*
 * watchdog.c -- notices a CPU stuck in the kernel with interrupts off for
 * seconds, prints where it is, and stops the machine.
 */
#include <execinfo.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim.h"

#define WATCHDOG_SECONDS 5

atomic_int sim_host_wait;	/* >0: the machine waits for host input */
static atomic_int reported;

/* Runs on the stuck CPU's thread: print its stack. */
static void
on_dump(int sig)
{
	uintptr_t pcs[32];
	void *buf[32];
	int n, i;

	(void)sig;
	n = backtrace(buf, 32);
	for (i = 0; i < n; i++)
		pcs[i] = (uintptr_t)buf[i];
	sim_print_backtrace(2, pcs, n);
	atomic_store(&reported, 1);
}

static bool
running_kernel(struct sim_cpu *c)
{
	if (atomic_load(&c->state) != CPU_RUN)
		return false;
	if (sim_virtual && atomic_load(&c->turn) == 0)
		return false;
	return atomic_load(&sim_host_wait) == 0;
}

static void
report(struct sim_cpu *c)
{
	int i;

	sim_console_restore();
	fprintf(stderr, "\ncirclesim: watchdog: CPU %d has been in the kernel "
		"with interrupts off for %d s; its stack:\n", c->irq.id,
		WATCHDOG_SECONDS);
	pthread_kill(c->thread, SIGURG);
	for (i = 0; i < 100 && !atomic_load(&reported); i++)
		usleep(10000);
	sim_exit(SIM_EXIT_WATCHDOG);
}

static void *
watchdog_thread(void *arg)
{
	uint64_t epoch;
	int i;

	(void)arg;
	for (int tick = 0;; tick++) {
		usleep(100000);		/* -timeout on the host clock: 0.1 s steps */
		if (!sim_virtual)
			sim_check_timeout(sim_time_ns());
		if (tick % 10 != 9)
			continue;
		for (i = 0; i < sim_ncpu; i++) {
			struct sim_cpu *c = &sim_cpus[i];

			epoch = atomic_load(&c->irq.irq_epoch);
			if (!running_kernel(c) || atomic_load(&c->irq.irq_on) ||
			    epoch != c->wd_epoch) {
				c->wd_epoch = epoch;
				c->wd_stuck = 0;
				continue;
			}
			if (++c->wd_stuck >= WATCHDOG_SECONDS)
				report(c);
		}
	}
	return NULL;
}

void
sim_watchdog_start(void)
{
	struct sigaction sa;
	pthread_t t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_dump;
	sigaction(SIGURG, &sa, NULL);
	if (pthread_create(&t, NULL, watchdog_thread, NULL) != 0)
		sim_fatal("cannot start the watchdog thread");
	pthread_detach(t);
}
