/*
 * pf2.c -- the printable ASCII glyphs of a GRUB font file (PF2, e.g.
 * Debian's /usr/share/grub/ascii.pf2, which `make iso` puts on the ISO
 * as a module named "font" and the build puts into the kernel,
 * fbfont.S) as 8x16 bitmaps, for the framebuffer console (fbcon.c).
 * The format: sections of a 4-byte name, a 32-bit
 * big-endian length and the data ("FILE" "PFF2" first; "ASCE" the
 * ascent; "CHIX" an index of 9-byte entries: code point, storage flags,
 * glyph offset; "DATA" runs to the end). A glyph: width, height, x and y
 * offsets, advance (16 bits each, big-endian), then width x height bits,
 * row after row, most significant bit first.
 *
 * The file comes from outside: every length and offset is checked, and
 * a glyph that does not fit its 8x16 cell is clipped.
 */
#include "pf2.h"

static uint32_t
be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Draw the glyph at offset off of the file into cell (8x16, bit 7 left). */
static bool
load_glyph(const uint8_t *f, size_t n, uint32_t off, int ascent, uint8_t cell[16])
{
	uint32_t w, h, bits;
	int xoff, yoff, top;

	if (off > n || n - off < 10)
		return false;
	w = be16(f + off);
	h = be16(f + off + 2);
	xoff = (int16_t)be16(f + off + 4);
	yoff = (int16_t)be16(f + off + 6);
	bits = w * h;
	if (w > 64 || h > 64 || (n - off - 10) < (bits + 7) / 8)
		return false;
	top = ascent - yoff - (int)h;		/* the glyph's first row in the cell */
	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++) {
			uint32_t i = y * w + x;
			int cy = top + (int)y, cx = xoff + (int)x;

			if ((f[off + 10 + i / 8] & (0x80 >> (i % 8))) && cy >= 0 &&
			    cy < 16 && cx >= 0 && cx < 8)
				cell[cy] |= (uint8_t)(0x80 >> cx);
		}
	return true;
}

/*
 * Fill glyphs[c - 32] for c from 32 to 126 from the PF2 file f of n
 * bytes. Returns false, with glyphs partly filled, when the file is not
 * a PF2 font or has no index; a missing or bad glyph stays blank.
 */
bool
pf2_load(const uint8_t *f, size_t n, uint8_t glyphs[95][16])
{
	const uint8_t *chix = NULL;
	uint32_t chix_len = 0, len;
	int ascent = 14;

	for (int i = 0; i < 95; i++)
		for (int y = 0; y < 16; y++)
			glyphs[i][y] = 0;
	if (n < 12 || be32(f + 4) != 4 || f[0] != 'F' || f[1] != 'I' || f[8] != 'P' ||
	    f[9] != 'F' || f[10] != 'F' || f[11] != '2')
		return false;
	for (size_t at = 0; n - at >= 8; at += 8 + len) {
		const uint8_t *s = f + at;

		len = be32(s + 4);
		if (s[0] == 'D' && s[1] == 'A' && s[2] == 'T' && s[3] == 'A')
			break;			/* the glyphs, to the end of the file */
		if (len > n - at - 8)
			return false;
		if (s[0] == 'C' && s[1] == 'H' && s[2] == 'I' && s[3] == 'X') {
			chix = s + 8;
			chix_len = len;
		} else if (s[0] == 'A' && s[1] == 'S' && s[2] == 'C' && s[3] == 'E' &&
			   len == 2 && be16(s + 8) <= 16) {
			ascent = (int)be16(s + 8);
		}
	}
	if (chix == NULL)
		return false;
	for (uint32_t e = 0; e + 9 <= chix_len; e += 9) {
		uint32_t code = be32(chix + e);

		if (code >= 32 && code < 127 && chix[e + 4] == 0)	/* 0: not compressed */
			(void)load_glyph(f, n, be32(chix + e + 5), ascent, glyphs[code - 32]);
	}
	return true;
}
