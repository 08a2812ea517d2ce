/*
 * main.c -- circlesim: parse the command line, build the machine (RAM,
 * console, CPUs) and boot the kernel on CPU 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "sim.h"

struct sim_options sim_opt;
static void *ram;
static int ram_fd = -1;
static char describe[160];

void *
sim_ram(uint64_t *size)
{
	*size = sim_opt.mem;
	return ram;
}

const char *
sim_cmdline(void)
{
	return sim_opt.append;
}

const char *
sim_describe(void)
{
	return describe;
}

/* RAM is one memfd, mapped here as the kernel's direct map. */
static void
ram_init(void)
{
	ram_fd = memfd_create("circlesim-ram", MFD_CLOEXEC);
	if (ram_fd < 0)
		sim_fatal("cannot create guest RAM: %s", strerror(errno));
	if (ftruncate(ram_fd, (off_t)sim_opt.mem) < 0)
		sim_fatal("cannot size guest RAM to %llu bytes: %s",
			  (unsigned long long)sim_opt.mem, strerror(errno));
	ram = mmap(NULL, sim_opt.mem, PROT_READ | PROT_WRITE, MAP_SHARED,
		   ram_fd, 0);
	if (ram == MAP_FAILED)
		sim_fatal("cannot map guest RAM: %s", strerror(errno));
}

int
main(int argc, char **argv)
{
	char err[256];
	int r;

	sim_argv = argv;
	sim_options_default(&sim_opt);
	r = sim_options_parse(&sim_opt, argc, argv, err, sizeof(err));
	if (r == SIM_OPT_ERROR) {
		fprintf(stderr, "%s\n", err);
		return SIM_EXIT_USAGE;
	}
	if (r == SIM_OPT_EXIT)
		return 0;
	if (!sim_opt.seed_set && getrandom(&sim_opt.seed, sizeof(sim_opt.seed), 0) < 0)
		sim_opt.seed = (uint64_t)getpid();
	if (!sim_opt.seed_set)
		sim_opt.seed %= 1000000;	/* short enough to type back */
	sim_ncpu = sim_opt.smp;
	sim_virtual = sim_opt.clock == SIM_CLOCK_VIRTUAL;
	snprintf(describe, sizeof(describe), "%s clock, seed %llu",
		 sim_virtual ? "virtual" : "host",
		 (unsigned long long)sim_opt.seed);

	sim_symbols_init();
	sim_signals_init();
	ram_init();
	sim_boot_host_ns = sim_host_ns();
	sim_rand_seed(sim_opt.seed);
	if (sim_virtual)
		vclock_init();
	sim_console_init();
	sim_watchdog_start();
	sim_cpus_boot();
}
