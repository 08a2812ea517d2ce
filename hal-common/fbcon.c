/*
 * fbcon.c -- the console on a screen of character cells (fbcon.h): the
 * terminal, and its drawing on a linear framebuffer.
 *
 * Of the escape sequences (ESC [ params final) that programs write for
 * a terminal on the serial line, the few the shell's line editor and
 * `clear` use move the cursor and erase (A B C D H f J K); the others
 * (colours...) are read and skipped. A framebuffer may be uncached
 * memory (a PC's): it is never read. The terminal writes characters
 * into c->shadow only; at the end of each put, the cells of the rows it
 * touched that differ from what the screen shows (c->shown) are drawn.
 * So a put of many lines scrolls the screen once, not once a line, and
 * a scroll redraws only the cells that differ from the row below.
 */
#include "fbcon.h"

enum { PLAIN, ESC, CSI };

static uint32_t
clamp(uint32_t v, uint32_t max)
{
	return v > max ? max : v;
}

/* Eight cells of a row at once (rows are FBCON_MAX_COLS, a multiple of 8). */
static uint64_t
word(const uint8_t *p)
{
	uint64_t w;

	__builtin_memcpy(&w, p, sizeof(w));	/* one load */
	return w;
}

static uint32_t
words(const struct fbcon *c)
{
	return (c->cols + 7) / 8;
}

/* Rows [top, end) are to be looked at by draw() and flushed. */
static void
touch(struct fbcon *c, uint32_t top, uint32_t end)
{
	if (top < c->dirty_top)
		c->dirty_top = top;
	if (end > c->dirty_end)
		c->dirty_end = end;
}

/* Put ch in cell (r, col), if it is on screen; draw() shows it. */
static void
set_cell(struct fbcon *c, uint32_t r, uint32_t col, uint8_t ch)
{
	if (r >= c->rows || col >= c->cols)
		return;
	c->shadow[r][col] = ch;
	touch(c, r, r + 1);
}

static void
erase(struct fbcon *c, uint32_t r, uint32_t from, uint32_t to)	/* [from, to) */
{
	for (uint32_t col = from; col < to; col++)
		set_cell(c, r, col, ' ');
}

/* Everything up a row, a blank row at the bottom (in the shadow only). */
static void
scroll(struct fbcon *c)
{
	for (uint32_t r = 0; r + 1 < c->rows; r++)
		__builtin_memcpy(c->shadow[r], c->shadow[r + 1], 8 * words(c));
	touch(c, 0, c->rows);
	erase(c, c->rows - 1, 0, c->cols);
}

static void
new_line(struct fbcon *c)
{
	c->col = 0;
	if (++c->row < c->rows)
		return;
	c->row = c->rows - 1;
	scroll(c);
}

/* ESC [ J with parameter p: 0 to the end of the screen, 2 all of it. */
static void
erase_screen(struct fbcon *c, uint32_t p)
{
	uint32_t from = p == 2 ? 0 : c->row + 1;

	if (p == 0)
		erase(c, c->row, clamp(c->col, c->cols), c->cols);
	if (p == 0 || p == 2)
		for (uint32_t r = from; r < c->rows; r++)
			erase(c, r, 0, c->cols);
}

/* The end of ESC [ p1 ; p2 final: what a VT100 does, for the few we know. */
static void
csi(struct fbcon *c, uint8_t final)
{
	uint32_t n = c->param[0] ? c->param[0] : 1;

	switch (final) {
	case 'A': c->row -= clamp(n, c->row); break;
	case 'B': c->row = clamp(c->row + n, c->rows - 1); break;
	case 'C': c->col = clamp(c->col + n, c->cols - 1); break;
	case 'D': c->col -= clamp(n, c->col); break;
	case 'H':
	case 'f':
		c->row = clamp(c->param[0] ? c->param[0] - 1 : 0, c->rows - 1);
		c->col = clamp(c->param[1] ? c->param[1] - 1 : 0, c->cols - 1);
		break;
	case 'K':
		erase(c, c->row, c->param[0] == 0 ? clamp(c->col, c->cols) : 0,
		      c->param[0] == 1 ? clamp(c->col + 1, c->cols) : c->cols);
		break;
	case 'J':
		erase_screen(c, c->param[0]);
		break;
	}
}

/* A byte inside an escape sequence: true if it was one. */
static bool
escape(struct fbcon *c, uint8_t ch)
{
	switch (c->state) {
	case ESC:
		c->state = ch == '[' ? CSI : PLAIN;
		c->param[0] = c->param[1] = 0;
		c->nparam = 0;
		return true;
	case CSI:
		if (ch >= '0' && ch <= '9' && c->nparam < 2)
			c->param[c->nparam] = clamp(c->param[c->nparam] * 10 + (ch - '0'), 9999);
		else if (ch == ';')
			c->nparam++;
		else if (ch >= 0x40 && ch <= 0x7e) {
			c->state = PLAIN;
			csi(c, ch);
		}
		return true;
	}
	return false;
}

/* One byte of output, a character or part of an escape sequence. */
static void
put_char(struct fbcon *c, uint8_t ch)
{
	if (escape(c, ch))
		return;
	switch (ch) {
	case 0x1b:
		c->state = ESC;
		break;
	case '\n':
		new_line(c);
		break;
	case '\r':
		c->col = 0;
		break;
	case '\b':
		if (c->col > 0)
			c->col--;
		break;
	case '\t':			/* to the next tab stop, as a VT100 */
		c->col = clamp((c->col / 8 + 1) * 8, c->cols - 1);
		break;
	default:
		if (ch < ' ')
			break;
		if (c->col >= c->cols)
			new_line(c);
		set_cell(c, c->row, c->col++, ch);
	}
}

/* Take the cursor off its cell and show it where the next character goes. */
static void
move_cursor(struct fbcon *c)
{
	if (c->cur_row < c->rows && c->cur_col < c->cols) {
		c->cell(c, c->cur_row, c->cur_col, false);
		touch(c, c->cur_row, c->cur_row + 1);
	}
	c->cur_row = clamp(c->row, c->rows - 1);
	c->cur_col = clamp(c->col, c->cols - 1);
	c->cell(c, c->cur_row, c->cur_col, true);
	touch(c, c->cur_row, c->cur_row + 1);
}

/* Draw the cells of row r that differ from what is shown, 8 at a time. */
static void
draw_row_cells(struct fbcon *c, uint32_t r)
{
	for (uint32_t w = 0; w < words(c); w++) {
		if (word(&c->shown[r][8 * w]) == word(&c->shadow[r][8 * w]))
			continue;
		for (uint32_t col = 8 * w; col < 8 * w + 8 && col < c->cols; col++)
			if (c->shown[r][col] != c->shadow[r][col]) {
				c->shown[r][col] = c->shadow[r][col];
				c->cell(c, r, col, false);
			}
	}
}

/* Show the touched rows' cells that changed, the cursor; flush them. */
static void
draw(struct fbcon *c)
{
	uint32_t end = clamp(c->dirty_end, c->rows);
	size_t row_bytes = (size_t)FBCON_CH * c->fb.pitch;

	for (uint32_t r = c->dirty_top; r < end; r++)
		draw_row_cells(c, r);
	move_cursor(c);
	end = clamp(c->dirty_end, c->rows);
	if (c->flush != NULL && c->dirty_top < end)
		c->flush((uint8_t *)c->fb.base + c->dirty_top * row_bytes,
			 (end - c->dirty_top) * row_bytes);
	c->dirty_top = c->rows;
	c->dirty_end = 0;
}

/*
 * Write n bytes at the cursor. Called with the console's output lock
 * held; never sleeps.
 */
void
fbcon_put(struct fbcon *c, const char *s, size_t n)
{
	if (c->rows == 0 || c->cols == 0)
		return;
	for (size_t i = 0; i < n; i++)
		put_char(c, (uint8_t)s[i]);
	draw(c);
}

/*
 * Blank the cells, the cursor at the top left. `drawn`: the screen shows
 * blanks already; else every cell is drawn.
 */
static void
start(struct fbcon *c, bool drawn)
{
	for (uint32_t r = 0; r < c->rows; r++)
		for (uint32_t col = 0; col < c->cols; col++) {
			c->shadow[r][col] = ' ';
			c->shown[r][col] = drawn ? ' ' : 0xff;
		}
	c->row = c->col = c->cur_row = c->cur_col = 0;
	c->state = PLAIN;
	c->dirty_top = 0;
	c->dirty_end = c->rows;
	draw(c);
}

/*
 * A console on a screen of cols x rows cells that cell() draws (e.g.
 * VGA text memory); cleared. ctx is the cell function's. Boot only.
 */
void
fbcon_init_cells(struct fbcon *c, uint32_t cols, uint32_t rows,
		 fbcon_cell_fn *cell, void *ctx)
{
	*c = (struct fbcon){ .cell = cell, .ctx = ctx };
	c->cols = clamp(cols, FBCON_MAX_COLS);
	c->rows = clamp(rows, FBCON_MAX_ROWS);
	if (c->cols > 0 && c->rows > 0)
		start(c, false);
}

/* Colour v8 (0..255) in the field of size bits at pos. */
static uint32_t
field(uint32_t v8, uint8_t pos, uint8_t size)
{
	return size == 0 ? 0 : (v8 >> (8 - size)) << pos;
}

/*
 * Eight pixels of a cell's row: set bits in fg, the others in bg. At 32
 * bits a pixel, aligned, two pixels a store from c->pair (the drawing's
 * cost is in the stores, and under QEMU's TCG each costs much).
 */
static void
draw_row(const struct fbcon *c, uint8_t *p, uint8_t bits)
{
	if (c->fb.bpp == 32 && ((uintptr_t)p & 7) == 0) {
		for (uint32_t x = 0; x < FBCON_CW / 2; x++)
			((volatile uint64_t *)p)[x] = c->pair[(bits >> (6 - 2 * x)) & 3];
		return;
	}
	for (uint32_t x = 0; x < FBCON_CW; x++) {
		uint32_t v = (bits & (0x80 >> x)) ? c->fg : c->bg;
		volatile uint8_t *q = p + 3 * x;

		switch (c->fb.bpp) {
		case 32:
			((volatile uint32_t *)p)[x] = v;
			break;
		case 24:
			q[0] = (uint8_t)v;
			q[1] = (uint8_t)(v >> 8);
			q[2] = (uint8_t)(v >> 16);
			break;
		case 16:
			((volatile uint16_t *)p)[x] = (uint16_t)v;
			break;
		}
	}
}

/* The cell function of a framebuffer: the glyph, the cursor an underline. */
static void
draw_glyph(struct fbcon *c, uint32_t r, uint32_t col, bool cursor)
{
	uint8_t ch = c->shadow[r][col];
	const uint8_t *g = c->glyphs[ch >= 32 && ch < 127 ? ch - 32 : 0];
	uint8_t *p = (uint8_t *)c->fb.base + (size_t)r * FBCON_CH * c->fb.pitch +
		     (size_t)col * FBCON_CW * (c->fb.bpp / 8);

	for (uint32_t y = 0; y < FBCON_CH; y++, p += c->fb.pitch)
		draw_row(c, p, g[y] | (cursor && y >= FBCON_CH - 2 ? 0xff : 0));
}

static bool
field_fits(uint8_t pos, uint8_t size, uint8_t bpp)
{
	return size <= 8 && pos + size <= bpp;
}

/* Why this console cannot draw on fb, or NULL if it can. */
static const char *
check_fb(const struct fbcon_fb *fb)
{
	uint32_t bytes = fb->bpp / 8;

	if (fb->base == NULL)
		return "no address";
	if (fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32)
		return "not 16, 24 or 32 bits a pixel";
	if (fb->width < FBCON_CW || fb->height < FBCON_CH)
		return "smaller than one 8x16 character";
	if (fb->width > 65535 || fb->height > 65535)
		return "larger than 65535 pixels a side";
	if (fb->pitch < fb->width * bytes)
		return "rows shorter than their pixels";
	if (bytes != 3 && ((uintptr_t)fb->base % bytes != 0 || fb->pitch % bytes != 0))
		return "pixels not aligned";
	if (!field_fits(fb->red_pos, fb->red_size, fb->bpp) ||
	    !field_fits(fb->green_pos, fb->green_size, fb->bpp) ||
	    !field_fits(fb->blue_pos, fb->blue_size, fb->bpp))
		return "a colour outside the pixel";
	return NULL;
}

/*
 * A console on framebuffer fb, drawn in light grey on black with
 * glyphs[ch - ' '] for ' ' to '~' (8x16, bit 7 the left pixel; the
 * table must outlive the console); the cells cleared. flush, if
 * not NULL, is called with what each put wrote. Returns NULL, or why
 * fb cannot be drawn on (c unusable). Boot only.
 */
const char *
fbcon_init(struct fbcon *c, const struct fbcon_fb *fb,
	   const uint8_t glyphs[FBCON_NGLYPHS][FBCON_CH], fbcon_flush_fn *flush)
{
	const char *why = glyphs == NULL ? "no font" : check_fb(fb);
	uint8_t *row;

	if (why != NULL)
		return why;
	*c = (struct fbcon){ .cell = draw_glyph, .flush = flush, .fb = *fb,
			     .glyphs = glyphs };
	c->fg = field(0xaa, fb->red_pos, fb->red_size) |
		field(0xaa, fb->green_pos, fb->green_size) |
		field(0xaa, fb->blue_pos, fb->blue_size);
	c->bg = 0;
	for (int b = 0; b < 4; b++)		/* little-endian: the left pixel low */
		c->pair[b] = (b & 2 ? c->fg : c->bg) | (uint64_t)(b & 1 ? c->fg : c->bg) << 32;
	c->cols = clamp(fb->width / FBCON_CW, FBCON_MAX_COLS);
	c->rows = clamp(fb->height / FBCON_CH, FBCON_MAX_ROWS);
	row = fb->base;
	for (uint32_t y = 0; y < fb->height; y++, row += fb->pitch)
		for (uint32_t x = 0; x < fb->width / FBCON_CW; x++)
			draw_row(c, row + (size_t)x * FBCON_CW * (fb->bpp / 8), 0);
	c->flush = NULL;		/* the whole framebuffer, below */
	start(c, true);
	c->flush = flush;
	if (flush != NULL)
		flush(fb->base, (size_t)fb->height * fb->pitch);
	return NULL;
}
