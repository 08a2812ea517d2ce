/*
 * pl011.h (Raspberry Pi 5) -- programming the debug UART, an ARM PL011,
 * for a baud rate at a given reference clock.
 */
#ifndef PI5_PL011_H
#define PI5_PL011_H

#include "pi5io.h"

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_BUSY 0x08
#define PL011_IBRD 0x24
#define PL011_FBRD 0x28
#define PL011_LCRH 0x2c
#define PL011_LCRH_FEN 0x10
#define PL011_LCRH_WLEN8 0x60
#define PL011_CR 0x30
#define PL011_CR_ENABLE 0x301		/* UARTEN, TXE, RXE */
#define PL011_IMSC 0x38
#define PL011_ICR 0x44

int pl011_divisors(uint32_t clock, uint32_t baud, uint32_t *ibrd,
		   uint32_t *fbrd);
int pl011_setup(const struct pi5_io *io, uint32_t clock, uint32_t baud);

#endif
