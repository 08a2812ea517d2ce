/*
 * screen.c (x86_64) -- the console's output also on a PC's screen, when
 * GRUB booted the kernel and said what the screen is (the multiboot2
 * framebuffer tag):
 *   - VGA text (type 2, as GRUB leaves a BIOS PC): 80x25 cells of a
 *     character and an attribute byte at 0xb8000, hardware cursor;
 *   - a graphics framebuffer (type 1, direct RGB, 16, 24 or 32 bits a
 *     pixel, as under UEFI): 8x16 cells drawn with the glyphs of the
 *     GRUB font GRUB loaded as the module "font" (pf2.c); a copy of the
 *     characters redraws the screen when it scrolls, so the framebuffer
 *     (uncached) is never read.
 * A PC without a serial port then shows the boot log and the shell.
 *
 * Of the terminal escape sequences (ESC [ params final) that programs
 * write for a terminal on the serial line, the few the shell's line
 * editor and `clear` use move the cursor and erase (A B C D H J K);
 * the others (colours...) are skipped.
 */
#include "x86.h"

#define FB_TYPE_RGB 1
#define FB_TYPE_EGA_TEXT 2
#define ATTR 0x07			/* light grey on black */
#define CRTC_INDEX 0x3d4
#define CRTC_DATA 0x3d5
#define GW 8				/* a graphics cell: 8x16 pixels */
#define GH 16
#define MAX_COLS 256
#define MAX_ROWS 160

static struct {
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp, type;
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
	bool given;
	paddr_t font_pa;
	size_t font_size;
} fb;

static enum { NONE, TEXT, GRAPHICS } mode;
static volatile uint16_t *cells;	/* TEXT: the VGA text memory */
static volatile uint8_t *pixels;	/* GRAPHICS: the framebuffer */
static uint8_t shadow[MAX_ROWS][MAX_COLS];	/* GRAPHICS: what is shown */
static uint8_t glyphs[95][GH];		/* GRAPHICS: ' ' to '~' */
static uint32_t fg, bg;			/* GRAPHICS: pixel values */
static uint32_t cols, rows;
static uint32_t col, row;
static uint32_t cur_col, cur_row;	/* GRAPHICS: where the cursor is drawn */
static enum { PLAIN, ESC, CSI } state;
static uint32_t param[2];		/* of the sequence being read */
static int nparam;

/* What GRUB said about the screen (multiboot2.c); used by screen_init. */
void
screen_set_framebuffer(uint64_t addr, uint32_t pitch, uint32_t width,
		       uint32_t height, uint8_t bpp, uint8_t type)
{
	fb.addr = addr;
	fb.pitch = pitch;
	fb.width = width;
	fb.height = height;
	fb.bpp = bpp;
	fb.type = type;
	fb.given = true;
}

/* The RGB framebuffer's colour fields (multiboot2.c): bit positions, sizes. */
void
screen_set_rgb(uint8_t red_pos, uint8_t red_size, uint8_t green_pos,
	       uint8_t green_size, uint8_t blue_pos, uint8_t blue_size)
{
	fb.red_pos = red_pos;
	fb.red_size = red_size;
	fb.green_pos = green_pos;
	fb.green_size = green_size;
	fb.blue_pos = blue_pos;
	fb.blue_size = blue_size;
}

/* The font module GRUB loaded (multiboot2.c), for a graphics screen. */
void
screen_set_font(paddr_t pa, size_t size)
{
	fb.font_pa = pa;
	fb.font_size = size;
}

static void
complain(const char *what)
{
	char msg[160];

	ksnprintf(msg, sizeof(msg), "x86_64: screen %ux%u, %u bpp, type %u at %#lx: %s\r\n",
		  fb.width, fb.height, fb.bpp, fb.type, (unsigned long)fb.addr, what);
	console_early_puts(msg);
}

static bool
fits_below_4g(void)
{
	return fb.addr + (uint64_t)fb.pitch * fb.height <= (4ull << 30);
}

static bool
text_init(void)
{
	if (fb.width == 0 || fb.height == 0 || fb.width > MAX_COLS ||
	    fb.height > MAX_ROWS || fb.pitch < 2 * fb.width || fb.pitch % 2 != 0 ||
	    fb.addr % 2 != 0 || !fits_below_4g()) {
		complain("makes no sense: not used");
		return false;
	}
	cells = hal_p2v(fb.addr);
	cols = fb.width;
	rows = fb.height;
	return true;
}

/* A colour's value in field (pos, size) from its 8-bit intensity. */
static uint32_t
field(uint32_t v8, uint8_t pos, uint8_t size)
{
	return size == 0 ? 0 : (v8 >> (8 - size)) << pos;
}

static bool
graphics_init(void)
{
	const uint8_t *font;

	if ((fb.bpp != 16 && fb.bpp != 24 && fb.bpp != 32) || fb.width < GW ||
	    fb.height < GH || fb.pitch < fb.width * (fb.bpp / 8) || !fits_below_4g() ||
	    fb.red_size > 8 || fb.green_size > 8 || fb.blue_size > 8 ||
	    fb.red_pos + fb.red_size > fb.bpp || fb.green_pos + fb.green_size > fb.bpp ||
	    fb.blue_pos + fb.blue_size > fb.bpp) {
		complain("not a framebuffer this console can draw on: not used");
		return false;
	}
	if (fb.font_size == 0) {
		complain("no font (GRUB's module \"font\"): not used");
		return false;
	}
	font = hal_p2v(fb.font_pa);
	if (!pf2_load(font, fb.font_size, glyphs)) {
		complain("the font module is not a GRUB PF2 font: not used");
		return false;
	}
	pixels = hal_p2v(fb.addr);
	cols = fb.width / GW < MAX_COLS ? fb.width / GW : MAX_COLS;
	rows = fb.height / GH < MAX_ROWS ? fb.height / GH : MAX_ROWS;
	fg = field(0xaa, fb.red_pos, fb.red_size) | field(0xaa, fb.green_pos, fb.green_size) |
	     field(0xaa, fb.blue_pos, fb.blue_size);
	bg = 0;
	return true;
}

static void
put_pixel(uint32_t x, uint32_t y, uint32_t v)
{
	volatile uint8_t *p = pixels + (size_t)y * fb.pitch + x * (fb.bpp / 8);

	switch (fb.bpp) {
	case 32:
		*(volatile uint32_t *)p = v;
		break;
	case 24:
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
		p[2] = (uint8_t)(v >> 16);
		break;
	case 16:
		*(volatile uint16_t *)p = (uint16_t)v;
		break;
	}
}

/* Draw cell (r, c) of the graphics screen from the shadow copy. */
static void
draw_cell(uint32_t r, uint32_t c, bool cursor)
{
	uint8_t ch = shadow[r][c];
	const uint8_t *g = ch >= 32 && ch < 127 ? glyphs[ch - 32] : glyphs[0];

	for (uint32_t y = 0; y < GH; y++) {
		uint8_t bits = g[y] | (cursor && y >= GH - 2 ? 0xff : 0);

		for (uint32_t x = 0; x < GW; x++)
			put_pixel(c * GW + x, r * GH + y, (bits & (0x80 >> x)) ? fg : bg);
	}
}

static void
set_cell(uint32_t r, uint32_t c, uint8_t ch)
{
	if (mode == TEXT) {
		cells[r * (fb.pitch / 2) + c] = ATTR << 8 | ch;
	} else if (shadow[r][c] != ch) {
		shadow[r][c] = ch;
		draw_cell(r, c, false);
	}
}

/*
 * Clear the screen and start using it, if GRUB gave one this console can
 * use; a message on the serial port otherwise. After the direct map
 * (x86_mem_init), which covers the first 4 GiB, and before the kernel
 * takes memory (the font module is read here).
 */
void
screen_init(void)
{
	char msg[96];

	if (!fb.given)
		return;
	if (fb.type == FB_TYPE_EGA_TEXT && text_init())
		mode = TEXT;
	else if (fb.type == FB_TYPE_RGB && graphics_init())
		mode = GRAPHICS;
	else if (fb.type != FB_TYPE_EGA_TEXT && fb.type != FB_TYPE_RGB)
		complain("an indexed-colour framebuffer: not used");
	if (mode == NONE)
		return;
	ksnprintf(msg, sizeof(msg), "x86_64: screen: %s %ux%u, %u columns x %u rows\r\n",
		  mode == TEXT ? "VGA text" : "framebuffer", fb.width, fb.height, cols, rows);
	console_early_puts(msg);
	for (uint32_t r = 0; r < rows; r++)
		for (uint32_t c = 0; c < cols; c++) {
			if (mode == GRAPHICS)
				shadow[r][c] = 0xff;	/* differs: drawn */
			set_cell(r, c, ' ');
		}
	col = row = 0;
}

static void
move_cursor(void)
{
	uint32_t pos = row * cols + col;

	if (mode == GRAPHICS) {
		draw_cell(cur_row, cur_col, false);
		cur_row = row;
		cur_col = col < cols ? col : cols - 1;
		draw_cell(cur_row, cur_col, true);
		return;
	}
	outb(CRTC_INDEX, 0x0f);
	outb(CRTC_DATA, (uint8_t)pos);
	outb(CRTC_INDEX, 0x0e);
	outb(CRTC_DATA, (uint8_t)(pos >> 8));
}

static void
scroll(void)
{
	uint32_t stride = fb.pitch / 2;

	if (mode == TEXT) {
		for (uint32_t i = 0; i < (rows - 1) * stride; i++)
			cells[i] = cells[i + stride];
	} else {
		for (uint32_t r = 0; r + 1 < rows; r++)
			for (uint32_t c = 0; c < cols; c++)
				set_cell(r, c, shadow[r + 1][c]);
	}
	for (uint32_t c = 0; c < cols; c++)
		set_cell(rows - 1, c, ' ');
}

static void
new_line(void)
{
	col = 0;
	if (++row < rows)
		return;
	row = rows - 1;
	scroll();
}

static void
erase(uint32_t r, uint32_t from, uint32_t to)	/* columns [from, to) of row r */
{
	for (uint32_t c = from; c < to; c++)
		set_cell(r, c, ' ');
}

static uint32_t
clamp(uint32_t v, uint32_t max)
{
	return v > max ? max : v;
}

/* The end of ESC [ p1 ; p2 final: do what a VT100 does for the few we know. */
static void
csi(uint8_t final)
{
	uint32_t n = param[0] ? param[0] : 1;

	switch (final) {
	case 'A': row -= clamp(n, row); break;
	case 'B': row = clamp(row + n, rows - 1); break;
	case 'C': col = clamp(col + n, cols - 1); break;
	case 'D': col -= clamp(n, col); break;
	case 'H':
	case 'f':
		row = clamp(param[0] ? param[0] - 1 : 0, rows - 1);
		col = clamp(param[1] ? param[1] - 1 : 0, cols - 1);
		break;
	case 'K':
		erase(row, param[0] == 0 ? clamp(col, cols) : 0,
		      param[0] == 1 ? clamp(col + 1, cols) : cols);
		break;
	case 'J':
		if (param[0] == 2)
			for (uint32_t r = 0; r < rows; r++)
				erase(r, 0, cols);
		else if (param[0] == 0) {
			erase(row, clamp(col, cols), cols);
			for (uint32_t r = row + 1; r < rows; r++)
				erase(r, 0, cols);
		}
		break;
	}
}

/* One byte of output, a character or part of an escape sequence. */
static void
put_char(uint8_t ch)
{
	switch (state) {
	case ESC:
		state = ch == '[' ? CSI : PLAIN;
		param[0] = param[1] = 0;
		nparam = 0;
		return;
	case CSI:
		if (ch >= '0' && ch <= '9' && nparam < 2)
			param[nparam] = clamp(param[nparam] * 10 + (ch - '0'), 9999);
		else if (ch == ';')
			nparam++;
		else if (ch >= 0x40 && ch <= 0x7e) {
			state = PLAIN;
			csi(ch);
		}
		return;
	case PLAIN:
		break;
	}
	switch (ch) {
	case 0x1b:
		state = ESC;
		break;
	case '\n':
		new_line();
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		if (col > 0)
			col--;
		break;
	case '\t':
		do
			put_char(' ');
		while (col % 8 != 0);
		break;
	default:
		if (ch < ' ')
			break;
		if (col == cols)
			new_line();
		set_cell(row, col++, ch);
	}
}

/*
 * Write n bytes at the cursor; nothing when there is no screen.
 * Called with the console's output lock held (console.c).
 */
void
screen_put(const char *s, size_t n)
{
	if (mode == NONE)
		return;
	for (size_t i = 0; i < n; i++)
		put_char((uint8_t)s[i]);
	move_cursor();
}
