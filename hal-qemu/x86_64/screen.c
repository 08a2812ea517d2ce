/*
 * screen.c (x86_64) -- the console's output also on a PC's screen, when
 * GRUB booted the kernel and said what the screen is (the multiboot2
 * framebuffer tag):
 *   - VGA text (type 2, as GRUB leaves a BIOS PC): 80x25 cells of a
 *     character and an attribute byte at 0xb8000, hardware cursor;
 *   - a graphics framebuffer (type 1, direct RGB, 16, 24 or 32 bits a
 *     pixel, as under UEFI): the framebuffer console
 *     (hal-common/fbscreen.c), with the glyphs of the GRUB font GRUB
 *     loaded as the module "font", or of the kernel's own.
 * A PC without a serial port then shows the boot log and the shell.
 * The terminal (escape sequences, scrolling) is hal-common/fbcon.c's
 * for both; QEMU's ramfb (fwcfg.c) also goes through screen_put.
 */
#include "x86.h"
#include "fbscreen.h"

#define FB_TYPE_RGB 1
#define FB_TYPE_EGA_TEXT 2
#define ATTR 0x07			/* light grey on black */
#define CRTC_INDEX 0x3d4
#define CRTC_DATA 0x3d5

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
static struct fbcon text;		/* TEXT: its terminal */

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
	char msg[200];

	ksnprintf(msg, sizeof(msg), "x86_64: screen %ux%u, %u bpp, type %u at %#lx: %s\r\n",
		  fb.width, fb.height, fb.bpp, fb.type, (unsigned long)fb.addr, what);
	console_early_puts(msg);
}

static bool
fits_below_4g(void)
{
	return fb.addr + (uint64_t)fb.pitch * fb.height <= (4ull << 30);
}

/* The cell function of VGA text: character and attribute, the cursor's port. */
static void
vga_cell(struct fbcon *c, uint32_t r, uint32_t col, bool cursor)
{
	uint32_t pos = r * c->cols + col;

	cells[r * (fb.pitch / 2) + col] = ATTR << 8 | c->shadow[r][col];
	if (!cursor)
		return;
	outb(CRTC_INDEX, 0x0f);
	outb(CRTC_DATA, (uint8_t)pos);
	outb(CRTC_INDEX, 0x0e);
	outb(CRTC_DATA, (uint8_t)(pos >> 8));
}

static bool
text_init(void)
{
	if (fb.width == 0 || fb.height == 0 || fb.width > FBCON_MAX_COLS ||
	    fb.height > FBCON_MAX_ROWS || fb.pitch < 2 * fb.width || fb.pitch % 2 != 0 ||
	    fb.addr % 2 != 0 || !fits_below_4g()) {
		complain("makes no sense: not used");
		return false;
	}
	cells = hal_p2v(fb.addr);
	fbcon_init_cells(&text, fb.width, fb.height, vga_cell, NULL);
	return true;
}

static bool
graphics_init(void)
{
	struct fbcon_fb f = {
		hal_p2v(fb.addr), fb.width, fb.height, fb.pitch, fb.bpp,
		fb.red_pos, fb.red_size, fb.green_pos, fb.green_size,
		fb.blue_pos, fb.blue_size,
	};
	const char *why;
	char msg[160];

	if (!fits_below_4g()) {
		complain("beyond 4 GiB, outside the direct map: not used");
		return false;
	}
	/* GRUB's font module if it loaded one, else the kernel's. */
	why = fbscreen_attach(&f, fb.font_size ? hal_p2v(fb.font_pa) : NULL,
			      fb.font_size, NULL);
	if (why != NULL) {
		ksnprintf(msg, sizeof(msg), "no console on it: %s", why);
		complain(msg);
		return false;
	}
	return true;
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
	uint32_t cols = fb.width, rows = fb.height;

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
	if (mode == GRAPHICS)
		fbscreen_size(&cols, &rows);
	ksnprintf(msg, sizeof(msg), "x86_64: screen: %s %ux%u, %u columns x %u rows\r\n",
		  mode == TEXT ? "VGA text" : "framebuffer", fb.width, fb.height, cols, rows);
	console_early_puts(msg);
}

/*
 * Write n bytes on the PC's screen (VGA text) and on the framebuffer
 * console (GRUB's framebuffer or ramfb), where there is one. Called
 * with the console's output lock held (console.c).
 */
void
screen_put(const char *s, size_t n)
{
	if (mode == TEXT)
		fbcon_put(&text, s, n);
	fbscreen_put(s, n);
}
