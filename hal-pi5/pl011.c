/*
 * pl011.c (Raspberry Pi 5) -- the PL011's baud rate divisor and its
 * set-up for 8N1 with FIFOs, in the order its manual gives: disable,
 * wait for the last character, flush, divisors, line control (whose
 * write latches the divisors), enable.
 */
#include "pl011.h"

#define BUSY_SPINS 1000000u

/*
 * The divisor clock / (16 * baud) as the PL011 keeps it: 16 integer
 * bits (IBRD, at least 1) and 6 fraction bits (FBRD), rounded to the
 * nearest 1/64. Returns 0, or -1 if the rate cannot be reached.
 */
int
pl011_divisors(uint32_t clock, uint32_t baud, uint32_t *ibrd, uint32_t *fbrd)
{
	uint64_t div64;

	if (baud == 0)
		return -1;
	div64 = ((uint64_t)clock * 4 + baud / 2) / baud;	/* 64 * clock / (16 * baud) */
	if (div64 >> 6 == 0 || div64 >> 6 > 0xffff)
		return -1;
	*ibrd = (uint32_t)(div64 >> 6);
	*fbrd = (uint32_t)(div64 & 63);
	return 0;
}

/*
 * Program the UART for baud at clock, 8 data bits, no parity, 1 stop
 * bit, FIFOs on, interrupts masked. Returns 0, or -1 (UART untouched)
 * if the divisors are out of range.
 */
int
pl011_setup(const struct pi5_io *io, uint32_t clock, uint32_t baud)
{
	uint32_t ibrd, fbrd;

	if (pl011_divisors(clock, baud, &ibrd, &fbrd) != 0)
		return -1;
	io->write(io->ctx, PL011_CR, 0);
	for (uint32_t i = 0; i < BUSY_SPINS &&
	     (io->read(io->ctx, PL011_FR) & PL011_FR_BUSY); i++)
		;
	io->write(io->ctx, PL011_LCRH, 0);		/* flushes the FIFOs */
	io->write(io->ctx, PL011_IBRD, ibrd);
	io->write(io->ctx, PL011_FBRD, fbrd);
	io->write(io->ctx, PL011_LCRH, PL011_LCRH_WLEN8 | PL011_LCRH_FEN);
	io->write(io->ctx, PL011_IMSC, 0);
	io->write(io->ctx, PL011_ICR, 0x7ff);
	io->write(io->ctx, PL011_CR, PL011_CR_ENABLE);
	return 0;
}
