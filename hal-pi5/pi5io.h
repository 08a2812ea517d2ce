/*
 * pi5io.h (Raspberry Pi 5) -- register access through callbacks, so
 * that the programming of the PL011 and of the mailbox is plain C the
 * unit tests run on the host against fake devices (pi5.c passes the
 * real MMIO accessors).
 */
#ifndef PI5_IO_H
#define PI5_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pi5_io {
	uint32_t (*read)(void *ctx, uint32_t off);
	void (*write)(void *ctx, uint32_t off, uint32_t val);
	void *ctx;
};

#endif
