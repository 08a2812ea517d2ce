/*
 * vclock.c -- the deterministic virtual clock (-clock virtual). Only the CPU
 * holding the token runs; guest time advances by a fixed cost per kernel
 * entry and jumps to the next event (a timer, console input, a disk
 * request's completion) when every CPU is idle. The order in
 * which CPUs take turns, and how long, is drawn from -seed.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "sim.h"

#define VCOST_NS 100		/* guest time charged per kernel entry */
#define QUANTUM_MAX 64		/* entries a CPU keeps the token, at most */

bool sim_virtual;
uint64_t sim_vtime;
static uint64_t rng;
static int quantum;
static uint64_t next_deadline = UINT64_MAX;	/* min of the CPUs' timers */
static uint64_t timeout_ns = UINT64_MAX;
static uint64_t console_next;			/* guest ns input is due */

/* splitmix64: a small, good generator. */
uint64_t
sim_splitmix(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* The schedule's generator; only the token holder draws from it. */
uint64_t
sim_rand(void)
{
	return sim_splitmix(&rng);
}

void
sim_rand_seed(uint64_t seed)
{
	rng = seed;
}

void
vclock_init(void)
{
	quantum = 1 + (int)(sim_rand() % QUANTUM_MAX);
	if (sim_opt.timeout > 0)
		timeout_ns = (uint64_t)(sim_opt.timeout * 1e9);
	atomic_store(&sim_cpus[0].turn, 1);
}

/* A started CPU waits here until the token comes to it. */
void
vclock_wait_turn(struct sim_cpu *c)
{
	while (atomic_load(&c->turn) == 0)
		sim_futex_wait(&c->turn, 0, UINT64_MAX);
}

void
vclock_started(struct sim_cpu *c)
{
	(void)c;	/* a CPU in state CPU_RUN is eligible for the token */
}

static bool
eligible(struct sim_cpu *c)
{
	int st = atomic_load(&c->state);

	return st == CPU_RUN || (st == CPU_IDLE && atomic_load(&c->irq.pending));
}

/* Draw the next token holder among the eligible CPUs; NULL if none. */
static struct sim_cpu *
pick(struct sim_cpu *self, bool exclude_self)
{
	int i, n = 0, k;

	for (i = 0; i < sim_ncpu; i++)
		if (eligible(&sim_cpus[i]) && !(exclude_self && &sim_cpus[i] == self))
			n++;
	if (n == 0)
		return NULL;
	k = (int)(sim_rand() % (uint64_t)n);
	for (i = 0; i < sim_ncpu; i++) {
		if (!eligible(&sim_cpus[i]) || (exclude_self && &sim_cpus[i] == self))
			continue;
		if (k-- == 0)
			return &sim_cpus[i];
	}
	return NULL;
}

/* Hand the token from `from` to `to` and wait until it comes back. */
static void
give(struct sim_cpu *from, struct sim_cpu *to)
{
	if (to == from)
		return;
	atomic_store(&from->turn, 0);
	atomic_store(&to->turn, 1);
	sim_futex_wake(&to->turn, 1);
	vclock_wait_turn(from);
}

/* Raise the timer line of every CPU whose deadline has come. */
static void
fire_timers(uint64_t now)
{
	uint64_t min = UINT64_MAX;
	int i;

	for (i = 0; i < sim_ncpu; i++) {
		struct sim_cpu *c = &sim_cpus[i];

		if (c->deadline != 0 && c->deadline <= now) {
			c->deadline = 0;
			atomic_fetch_or(&c->irq.pending, 1ull << SIM_IRQ_TIMER);
		} else if (c->deadline != 0 && c->deadline < min) {
			min = c->deadline;
		}
	}
	next_deadline = min;
}

/* A CPU's deadline changed (token holder only). */
void
vclock_timer_changed(struct sim_cpu *c)
{
	if (c->deadline != 0 && c->deadline < next_deadline) {
		next_deadline = c->deadline;
		if (next_deadline <= sim_vtime)
			fire_timers(sim_vtime);
	} else {
		fire_timers(sim_vtime);		/* recompute the minimum */
	}
}

static void
events(uint64_t now)
{
	if (now >= next_deadline)
		fire_timers(now);
	if (now >= timeout_ns)
		sim_check_timeout(now);
	if (now >= sim_disk_next_due)
		sim_disk_deliver_due(now);
	if (now >= console_next || (atomic_load(&sim_console_kick) &&
				    atomic_exchange(&sim_console_kick, false)))
		sim_console_deliver_due(now, &console_next);
}

/* A kernel entry on the token holder: charge time, maybe pass the token. */
void
vclock_tick(struct sim_cpu *c, bool spinning)
{
	uint64_t now = sim_vtime + VCOST_NS;
	struct sim_cpu *next;

	atomic_store_explicit(&sim_vtime, now, memory_order_relaxed);
	events(now);
	if (!spinning && --quantum > 0)
		return;
	quantum = 1 + (int)(sim_rand() % QUANTUM_MAX);
	next = pick(c, spinning);
	if (next != NULL)
		give(c, next);
}

/* Every CPU is idle: jump guest time to the next event. */
static void
advance(void)
{
	uint64_t t;

	atomic_store(&sim_console_kick, false);
	if (sim_console_deliver_due(sim_vtime, &console_next))
		return;
	t = next_deadline < console_next ? next_deadline : console_next;
	if (sim_disk_next_due < t)
		t = sim_disk_next_due;
	if (timeout_ns < t)
		t = timeout_ns;
	if (t == UINT64_MAX) {
		/* Nothing can ever happen: only console input can help. */
		if (sim_console_wait_input())
			return;
		sim_fatal("every CPU is idle with no timer armed and no input "
			  "left: the guest can make no progress");
	}
	if (t > sim_vtime)
		atomic_store(&sim_vtime, t);
	events(sim_vtime);
}

/* hal_cpu_idle on the virtual clock. */
void
vclock_idle(struct sim_cpu *c)
{
	struct sim_cpu *next;

	for (;;) {
		if (atomic_load(&c->irq.pending) != 0)
			break;
		atomic_store(&c->state, CPU_IDLE);
		next = pick(c, true);
		if (next != NULL)
			give(c, next);
		else
			advance();
	}
	atomic_store(&c->state, CPU_RUN);
}

/*
 * A guest ran on the token holder for a host time slice without a single
 * kernel entry: let guest time jump to the next timer so it is preempted.
 * (The only place host timing reaches the virtual clock: programs that
 * compute without system calls for long.)
 */
void
vclock_user_slice(struct sim_cpu *c)
{
	if (next_deadline != UINT64_MAX && next_deadline > sim_vtime)
		atomic_store(&sim_vtime, next_deadline);
	fire_timers(sim_vtime);
	atomic_fetch_or(&c->irq.pending, 1ull << SIM_IRQ_TIMER);
}
