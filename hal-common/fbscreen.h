/*
 * fbscreen.h -- the machine's framebuffer console (fbscreen.c): at most
 * one framebuffer a machine shows the console on, drawn by fbcon.c.
 * Shared by the QEMU HALs and the Raspberry Pi 5 board.
 */
#ifndef HAL_COMMON_FBSCREEN_H
#define HAL_COMMON_FBSCREEN_H

#include "fbcon.h"

const char *fbscreen_attach(const struct fbcon_fb *fb, const uint8_t *font,
			    size_t size, fbcon_flush_fn *flush);
void fbscreen_size(uint32_t *cols, uint32_t *rows);
void fbscreen_put(const char *s, size_t n);

#endif
