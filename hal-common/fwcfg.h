/*
 * fwcfg.h -- QEMU's fw_cfg device and the ramfb display it configures,
 * shared by the QEMU HALs: hal-common/fwcfg.c finds the file etc/ramfb
 * in fw_cfg's directory and hands ramfb a framebuffer in RAM through
 * the DMA interface. The HAL supplies the access to fw_cfg's registers
 * (I/O ports on x86_64, MMIO on aarch64) and calls fwcfg_ramfb() at
 * boot; fwcfg.c then shows the console there and answers hal_fb_info()
 * for the HAL.
 */
#ifndef FWCFG_H
#define FWCFG_H

#include "kernel.h"

struct fwcfg_ops {
	void (*select)(uint16_t key);	/* the item the data register reads */
	uint8_t (*read8)(void);		/* the next byte of the item */
	void (*dma)(uint64_t pa);	/* start the DMA access at pa */
};

/*
 * If fw_cfg answers and QEMU has a ramfb (-device ramfb), give it a
 * framebuffer of RAMFB_WIDTH x RAMFB_HEIGHT XRGB8888 pixels, show the
 * console on it, and make it hal_fb_info's: 0. -ENODEV (19) when there
 * is none, with a message when fw_cfg misbehaves. Boot only.
 */
#define RAMFB_WIDTH 1024
#define RAMFB_HEIGHT 768
int fwcfg_ramfb(const struct fwcfg_ops *o);

#endif
