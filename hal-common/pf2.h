/*
 * pf2.h -- a GRUB font's printable ASCII glyphs as 8x16 bitmaps
 * (pf2.c), for the framebuffer console; plain C, unit-tested on the
 * host (tests/unit/pf2_test.c).
 */
#ifndef HAL_COMMON_PF2_H
#define HAL_COMMON_PF2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

bool pf2_load(const uint8_t *f, size_t n, uint8_t glyphs[95][16]);

#endif
