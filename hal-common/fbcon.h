/*
 * fbcon.h -- the console on a screen of character cells, shared by the
 * HALs that have a screen: a terminal (the escape sequences the shell's
 * line editor and `clear` use, scrolling, a cursor) over a shadow copy
 * of the characters and a copy of what is shown, so that the screen is
 * only ever written, and only where it changes. A
 * linear framebuffer is drawn here with 8x16 glyphs (fbcon_init); another
 * kind of screen (the PC's VGA text mode) brings its own cell drawing
 * (fbcon_init_cells). Plain C on the compiler's headers only: the unit
 * test (tests/unit/fbcon_test.c) runs it on the host.
 */
#ifndef HAL_COMMON_FBCON_H
#define HAL_COMMON_FBCON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FBCON_CW 8			/* a cell: 8x16 pixels */
#define FBCON_CH 16
#define FBCON_NGLYPHS 95		/* ' ' to '~' */
#define FBCON_MAX_COLS 256		/* a larger screen: its top left */
#define FBCON_MAX_ROWS 160

/* A linear framebuffer, as a boot loader or a device describes it. */
struct fbcon_fb {
	void *base;			/* its first pixel, mapped */
	uint32_t width, height;		/* in pixels */
	uint32_t pitch;			/* bytes from one row to the next */
	uint8_t bpp;			/* 16, 24 or 32 bits a pixel */
	uint8_t red_pos, red_size;	/* where each colour is in a pixel */
	uint8_t green_pos, green_size;
	uint8_t blue_pos, blue_size;
};

struct fbcon;

/*
 * Show cell (row, col) as c->shadow has it, with the cursor on it or
 * not. Called with the caller of fbcon_put's lock held.
 */
typedef void fbcon_cell_fn(struct fbcon *c, uint32_t row, uint32_t col,
			   bool cursor);

/* After a put: pixels [p, p + n) were written (a cache to clean). */
typedef void fbcon_flush_fn(void *p, size_t n);

/*
 * One console. Everything below is guarded by the lock of the caller
 * of fbcon_put (the console's output lock); fbcon_put never writes
 * outside the screen even if two CPUs get in at once (a lock taken
 * with a bounded wait, as a panic's output is).
 */
struct fbcon {
	fbcon_cell_fn *cell;
	fbcon_flush_fn *flush;		/* NULL: nothing to clean */
	void *ctx;			/* the cell function's */
	struct fbcon_fb fb;		/* fbcon_init's screen */
	const uint8_t (*glyphs)[FBCON_CH];
	uint32_t fg, bg;		/* pixel values */
	uint64_t pair[4];		/* 32 bits: two pixels, bit 1 the left */
	uint32_t cols, rows;
	uint32_t col, row;		/* where the next character goes */
	uint32_t cur_col, cur_row;	/* where the cursor is shown */
	uint32_t dirty_top, dirty_end;	/* rows touched since the last draw */
	int state;			/* in an escape sequence or not */
	uint32_t param[2];		/* of the sequence being read */
	int nparam;
	uint8_t shadow[FBCON_MAX_ROWS][FBCON_MAX_COLS];	/* the characters */
	uint8_t shown[FBCON_MAX_ROWS][FBCON_MAX_COLS];	/* what is drawn */
};

const char *fbcon_init(struct fbcon *c, const struct fbcon_fb *fb,
		       const uint8_t glyphs[FBCON_NGLYPHS][FBCON_CH],
		       fbcon_flush_fn *flush);
void fbcon_init_cells(struct fbcon *c, uint32_t cols, uint32_t rows,
		      fbcon_cell_fn *cell, void *ctx);
void fbcon_put(struct fbcon *c, const char *s, size_t n);

#endif
