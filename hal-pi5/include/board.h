/*
 * board.h (Raspberry Pi 5) -- the BCM2712's devices the kernel uses, at
 * the ARM physical addresses of bcm2712.dtsi (its soc node maps bus
 * 0x7c000000.. at 0x10_7c000000..). Compiled in, so the UART works
 * before the DTB is read; pi5.c checks them against the DTB at boot.
 */
#ifndef A64_BOARD_H
#define A64_BOARD_H

#define BOARD_NAME "Raspberry Pi 5"
#define BOARD_GICD 0x107fff9000ull	/* GIC-400 distributor */
#define BOARD_GICC 0x107fffa000ull	/* GIC-400 CPU interface */
#define BOARD_UART 0x107d001000ull	/* uart10: the debug connector */
#define BOARD_INTID_UART 153		/* SPI 121 */
#define BOARD_MBOX 0x107c013880ull	/* VideoCore mailbox */
#define BOARD_UART_CLOCK 9216000u	/* bcm2712.dtsi's clk_uart */
#define BOARD_UART_BAUD 115200u

/* The firmware always passes a DTB in x0: no other place to look. */
#define BOARD_DTB_GUESS 0ull
#define BOARD_RAM_FALLBACK_BASE 0ull	/* every Pi 5 has this much */
#define BOARD_RAM_FALLBACK_SIZE (512ull << 20)

#endif
