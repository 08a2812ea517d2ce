/*
 * pi5dt.h (Raspberry Pi 5) -- what the firmware's DTB says of the
 * devices this HAL compiles in (board.h), with each reg translated
 * through its parents' ranges to an ARM physical address, so pi5.c can
 * check the two agree. Plain C over fdt.c: unit-tested on the host.
 */
#ifndef PI5_DT_H
#define PI5_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PI5_DT_MAX 8

struct pi5_dt {
	char model[64];			/* /model, "" if none */
	uint64_t pl011[PI5_DT_MAX];	/* "arm,pl011" nodes */
	int npl011;
	uint64_t gicd, gicc;		/* "arm,gic-400" reg 0 and 1 */
	uint64_t mbox;			/* "brcm,bcm2835-mbox" */
	uint64_t mpidr[PI5_DT_MAX];	/* /cpus/cpu@N reg, in order */
	int ncpu;
	bool psci_smc;			/* /psci method = "smc" */
	uint64_t ram_base[PI5_DT_MAX], ram_size[PI5_DT_MAX];
	int nram;
};

int pi5_dt_scan(const void *blob, size_t max, struct pi5_dt *dt);
uint64_t pi5_cpu_mpidr(int core);

#endif
