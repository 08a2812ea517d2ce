/*
 * screen.c (x86_64) -- the console's output also on a PC's screen, when
 * GRUB left it in VGA text mode and said so (the multiboot2 framebuffer
 * tag, type 2: EGA text, 80x25 cells of a character and an attribute
 * byte at 0xb8000). A PC without a serial port then shows the boot log
 * and the shell's output. Output only: keyboard input is not read, and
 * a graphics framebuffer (type 0 or 1, as under UEFI) would need a font:
 * it is reported and left alone.
 *
 * Terminal escape sequences (ESC [ ... final byte) that programs write
 * for a terminal on the serial line are skipped, not interpreted.
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

void
x86_set_framebuffer(uint64_t addr, uint32_t pitch, uint32_t width,
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

/* After the direct map (which covers the first 4 GiB, uncached but RAM). */
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

/* One byte of output; the escape sequences of a terminal are dropped. */
static void
put_char(uint8_t ch)
{
	switch (state) {
	case ESC:
		state = ch == '[' ? CSI : PLAIN;
		return;
	case CSI:
		if (ch >= 0x40 && ch <= 0x7e)
			state = PLAIN;
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

/* Called with the console's output lock held (console.c). */
void
screen_put(const char *s, size_t n)
{
	if (cells == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		put_char((uint8_t)s[i]);
	move_cursor();
}
