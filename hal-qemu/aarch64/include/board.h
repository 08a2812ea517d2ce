/*
 * board.h (aarch64, QEMU virt) -- the virt machine's devices, at the
 * addresses its DTB gives (hal.md section 12), and where to look for
 * the DTB and RAM when x0 holds none.
 */
#ifndef A64_BOARD_H
#define A64_BOARD_H

#define BOARD_NAME "QEMU virt"
#define BOARD_GICD 0x08000000ull
#define BOARD_GICC 0x08010000ull
#define BOARD_UART 0x09000000ull
#define BOARD_INTID_UART 33		/* SPI 1 */
#define VIRT_RTC 0x09010000ull

/* For an ELF kernel QEMU writes the DTB at the base of RAM, not in x0. */
#define BOARD_DTB_GUESS 0x40000000ull
#define BOARD_RAM_FALLBACK_BASE 0x40000000ull
#define BOARD_RAM_FALLBACK_SIZE (128ull << 20)

#endif
