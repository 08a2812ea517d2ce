/*
 * time.c -- the machine's clocks: monotonic guest time (host or virtual),
 * the wall clock at boot, entropy, and the -timeout limit.
 */
#include <stdatomic.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

uint64_t sim_boot_host_ns;

/* Host monotonic nanoseconds. */
uint64_t
sim_host_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* hal_time_ns: guest nanoseconds since boot. */
uint64_t
sim_time_ns(void)
{
	if (sim_virtual)
		return atomic_load_explicit(&sim_vtime, memory_order_relaxed);
	return sim_host_ns() - sim_boot_host_ns;
}

/*
 * Wall clock at boot. The virtual clock starts at a fixed date so that
 * deterministic runs print the same dates: 2026-01-01 00:00:00 UTC.
 */
uint64_t
sim_rtc_boot_seconds(void)
{
	static uint64_t boot;
	struct timespec ts;

	if (sim_virtual)
		return 1767225600u;
	if (boot == 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		boot = (uint64_t)ts.tv_sec - (sim_host_ns() - sim_boot_host_ns) /
			1000000000u;
	}
	return boot;
}

/* Seed material: host entropy, or the seed itself when deterministic. */
void
sim_entropy(void *buf, size_t n)
{
	static uint64_t state;
	static bool seeded;
	unsigned char *p = buf;
	uint64_t x;
	size_t k;

	if (sim_virtual || sim_opt.seed_set) {
		if (!seeded) {
			state = sim_opt.seed ^ 0x656e74726f707921ull;
			seeded = true;
		}
		while (n > 0) {
			x = sim_splitmix(&state);
			k = n < sizeof(x) ? n : sizeof(x);
			memcpy(p, &x, k);
			p += k;
			n -= k;
		}
		return;
	}
	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);
		if (r <= 0)
			continue;
		p += r;
		n -= (size_t)r;
	}
}

/* Exit with SIM_EXIT_TIMEOUT once guest time reaches -timeout. */
void
sim_check_timeout(uint64_t now)
{
	if (sim_opt.timeout > 0 && now >= (uint64_t)(sim_opt.timeout * 1e9)) {
		static const char msg[] = "\ncirclesim: timeout: guest time limit reached\n";
		sim_console_restore();
		(void)!write(2, msg, sizeof(msg) - 1);
		sim_exit(SIM_EXIT_TIMEOUT);
	}
}
