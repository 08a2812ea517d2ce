/*
 * memmap.h (aarch64) -- free RAM as the device tree's memory ranges less
 * what is reserved (the kernel image, the initrd, /memreserve/ entries,
 * /reserved-memory nodes, a board's framebuffer). Plain C: the unit
 * tests compile it on the host.
 */
#ifndef A64_MEMMAP_H
#define A64_MEMMAP_H

#include <stdint.h>

struct memmap_range {
	uint64_t base, size;
};

int memmap_carve(const struct memmap_range *ram, int nram,
		 const struct memmap_range *res, int nres,
		 uint64_t align, struct memmap_range *out, int max);

#endif
