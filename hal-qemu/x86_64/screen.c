/*
 * screen.c (x86_64) -- the console's output also on a PC's screen, when
 * GRUB left it in VGA text mode and said so (the multiboot2 framebuffer
 * tag, type 2: EGA text, 80x25 cells of a character and an attribute
 * byte at 0xb8000). A PC without a serial port then shows the boot log
 * and the shell's output. Output only: keyboard input is not read, and
 * a graphics framebuffer (type 0 or 1, as under UEFI) would need a font:
 * it is reported and left alone.
 *
 * Of the terminal escape sequences (ESC [ params final) that programs
 * write for a terminal on the serial line, the few the shell's line
 * editor and `clear` use move the cursor and erase (A B C D H J K);
 * the others (colours...) are skipped.
 */
#include "x86.h"

#define FB_TYPE_EGA_TEXT 2
#define ATTR 0x07			/* light grey on black */
#define CRTC_INDEX 0x3d4
#define CRTC_DATA 0x3d5

static struct {
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp, type;
	bool given;
} fb;

static volatile uint16_t *cells;	/* NULL: no text screen */
static uint32_t col, row;
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

/*
 * Clear the text screen and start using it, if GRUB gave one that makes
 * sense; a message otherwise. After the direct map (x86_mem_init), which
 * covers the first 4 GiB.
 */
void
screen_init(void)
{
	char msg[120];

	if (!fb.given)
		return;
	if (fb.type != FB_TYPE_EGA_TEXT) {
		ksnprintf(msg, sizeof(msg), "x86_64: framebuffer %ux%u, %u bpp, type %u: "
			  "no console on it (serial only)\r\n", fb.width, fb.height,
			  fb.bpp, fb.type);
		console_early_puts(msg);
		return;
	}
	if (fb.width == 0 || fb.height == 0 || fb.width > 256 || fb.height > 256 ||
	    fb.pitch < 2 * fb.width || fb.pitch % 2 != 0 || fb.addr % 2 != 0 ||
	    fb.addr + (uint64_t)fb.pitch * fb.height > (4ull << 30)) {
		ksnprintf(msg, sizeof(msg), "x86_64: text screen %ux%u (pitch %u) at %#lx "
			  "makes no sense: not used\r\n", fb.width, fb.height, fb.pitch,
			  (unsigned long)fb.addr);
		console_early_puts(msg);
		return;
	}
	cells = hal_p2v(fb.addr);
	for (uint32_t r = 0; r < fb.height; r++)
		for (uint32_t c = 0; c < fb.width; c++)
			cells[r * fb.pitch / 2 + c] = ATTR << 8 | ' ';
	col = row = 0;
}

static void
move_cursor(void)
{
	uint32_t pos = row * fb.width + col;

	outb(CRTC_INDEX, 0x0f);
	outb(CRTC_DATA, (uint8_t)pos);
	outb(CRTC_INDEX, 0x0e);
	outb(CRTC_DATA, (uint8_t)(pos >> 8));
}

static void
new_line(void)
{
	uint32_t stride = fb.pitch / 2;

	col = 0;
	if (++row < fb.height)
		return;
	row = fb.height - 1;
	for (uint32_t i = 0; i < row * stride; i++)
		cells[i] = cells[i + stride];
	for (uint32_t c = 0; c < fb.width; c++)
		cells[row * stride + c] = ATTR << 8 | ' ';
}

static void
erase(uint32_t r, uint32_t from, uint32_t to)	/* columns [from, to) of row r */
{
	for (uint32_t c = from; c < to; c++)
		cells[r * (fb.pitch / 2) + c] = ATTR << 8 | ' ';
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
	case 'B': row = clamp(row + n, fb.height - 1); break;
	case 'C': col = clamp(col + n, fb.width - 1); break;
	case 'D': col -= clamp(n, col); break;
	case 'H':
	case 'f':
		row = clamp(param[0] ? param[0] - 1 : 0, fb.height - 1);
		col = clamp(param[1] ? param[1] - 1 : 0, fb.width - 1);
		break;
	case 'K':
		erase(row, param[0] == 0 ? col : 0, param[0] == 1 ? col + 1 : fb.width);
		break;
	case 'J':
		if (param[0] == 2)
			for (uint32_t r = 0; r < fb.height; r++)
				erase(r, 0, fb.width);
		else if (param[0] == 0) {
			erase(row, col, fb.width);
			for (uint32_t r = row + 1; r < fb.height; r++)
				erase(r, 0, fb.width);
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
		if (col == fb.width)
			new_line();
		cells[row * (fb.pitch / 2) + col++] = ATTR << 8 | ch;
	}
}

/*
 * Write n bytes at the cursor; nothing when there is no text screen.
 * Called with the console's output lock held (console.c).
 */
void
screen_put(const char *s, size_t n)
{
	if (cells == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		put_char((uint8_t)s[i]);
	move_cursor();
}
