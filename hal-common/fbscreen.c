/*
 * fbscreen.c -- the machine's framebuffer console: the one framebuffer
 * that GRUB, QEMU's ramfb or the Pi's VideoCore gave, drawn by fbcon.c
 * with the glyphs of the font GRUB loaded or of the one built into the
 * kernel (fbfont.S). The HAL's console output calls fbscreen_put, which
 * costs one test when there is no framebuffer (the usual case).
 */
#include "fbscreen.h"
#include "pf2.h"

extern const uint8_t fbfont_start[], fbfont_end[];

static struct fbcon con;
static uint8_t glyphs[FBCON_NGLYPHS][FBCON_CH];
static bool on;			/* set at boot, before other CPUs run */

/*
 * Show the console on fb from now on, with the glyphs of the PF2 font
 * (font, size), or of the font built into the kernel if font is NULL;
 * flush as for fbcon_init. Returns NULL, or why not (the HAL says so
 * at boot; nothing is drawn). Boot only, one CPU running.
 */
const char *
fbscreen_attach(const struct fbcon_fb *fb, const uint8_t *font, size_t size,
		fbcon_flush_fn *flush)
{
	const char *why;

	if (on)
		return "the console is on another screen already";
	if (font == NULL) {
		font = fbfont_start;
		size = (size_t)(fbfont_end - fbfont_start);
		if (size == 0)
			return "this kernel was built without a font (configure "
			       "found no GRUB ascii.pf2: package grub-common)";
	}
	if (!pf2_load(font, size, glyphs))
		return "the font is not a GRUB PF2 font";
	if ((why = fbcon_init(&con, fb, glyphs, flush)) != NULL)
		return why;
	on = true;
	return NULL;
}

/* The console's size in characters (after fbscreen_attach succeeded). */
void
fbscreen_size(uint32_t *cols, uint32_t *rows)
{
	*cols = con.cols;
	*rows = con.rows;
}

/*
 * Write n bytes on the screen, if there is one. Called with the
 * console's output lock held (uart_tx_lock), in any context.
 */
void
fbscreen_put(const char *s, size_t n)
{
	if (on)
		fbcon_put(&con, s, n);
}
