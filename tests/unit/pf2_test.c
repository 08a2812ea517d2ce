/*
 * pf2_test.c -- unit tests of the HALs' GRUB font reader
 * (hal-common/pf2.c), compiled for the host: a small font built
 * here, broken copies of it, and GRUB's own ascii.pf2 when the host has
 * it (PF2_FONT: configure's GRUB_FONT, empty when there is none).
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool pf2_load(const uint8_t *f, size_t n, uint8_t glyphs[95][16]);

static uint8_t font[512];
static size_t font_len, chix_at;
static uint8_t glyphs[95][16];

static void
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static void
section(const char *name, const void *data, uint32_t len)
{
	memcpy(font + font_len, name, 4);
	put32(font + font_len + 4, len);
	memcpy(font + font_len + 8, data, len);
	font_len += 8 + len;
}

/*
 * A font with one glyph, 'A' (0x41): 3 pixels wide, 2 high, x offset 1,
 * y offset 0 (resting on the baseline), ascent 14: rows 12 and 13 of
 * the cell, columns 1 to 3. Bits: 101 then 111.
 */
static void
build(void)
{
	uint8_t asce[2], chix[9], glyph[11];
	size_t data_at;

	font_len = 0;
	section("FILE", "PFF2", 4);
	section("NAME", "test\0", 5);
	put16(asce, 14);
	section("ASCE", asce, 2);
	/* The index points into DATA: its offset is known once laid out. */
	data_at = font_len + (8 + 9) + 8;
	put32(chix, 'A');
	chix[4] = 0;
	put32(chix + 5, (uint32_t)data_at);
	chix_at = font_len;
	section("CHIX", chix, 9);
	put16(glyph, 3);
	put16(glyph + 2, 2);
	put16(glyph + 4, 1);
	put16(glyph + 6, 0);
	put16(glyph + 8, 4);
	glyph[10] = 0xbc;		/* 101 111 00 */
	memcpy(font + font_len, "DATA", 4);
	put32(font + font_len + 4, 0xffffffff);
	memcpy(font + font_len + 8, glyph, sizeof(glyph));
	font_len += 8 + sizeof(glyph);
}

static void
setup(void)
{
	memset(font, 0, sizeof(font));
	memset(glyphs, 0x55, sizeof(glyphs));
	build();
}

static bool
blank(int c)
{
	for (int y = 0; y < 16; y++)
		if (glyphs[c - 32][y] != 0)
			return false;
	return true;
}

START_TEST(test_one_glyph)
{
	ck_assert(pf2_load(font, font_len, glyphs));
	for (int y = 0; y < 16; y++) {
		uint8_t want = y == 12 ? 0x50 : y == 13 ? 0x70 : 0;	/* .1.1, .111 */

		ck_assert_uint_eq(glyphs['A' - 32][y], want);
	}
	ck_assert(blank('B'));
	ck_assert(blank(' '));
}
END_TEST

START_TEST(test_not_pf2)
{
	font[8] = 'X';			/* "XFF2" */
	ck_assert(!pf2_load(font, font_len, glyphs));
	ck_assert(blank('A'));
	ck_assert(!pf2_load(font, 4, glyphs));
	ck_assert(!pf2_load(font, 0, glyphs));
}
END_TEST

/* Every cut of the file either fails or leaves the glyph blank or whole. */
START_TEST(test_truncated)
{
	for (size_t n = 0; n < font_len; n++) {
		bool ok = pf2_load(font, n, glyphs);

		if (ok)
			ck_assert(blank('A') || glyphs['A' - 32][13] == 0x70);
	}
	/* Cut inside the glyph's bits: the index is read, the glyph is not. */
	ck_assert(pf2_load(font, font_len - 1, glyphs));
	ck_assert(blank('A'));
}
END_TEST

START_TEST(test_section_too_long)
{
	put32(font + 12 + 4, 1000);	/* NAME's length runs past the end */
	ck_assert(!pf2_load(font, font_len, glyphs));
}
END_TEST

/* An offset past the end, or a glyph larger than any, is skipped. */
START_TEST(test_bad_glyph)
{
	put32(font + chix_at + 8 + 5, 0x7fffffff);
	ck_assert(pf2_load(font, font_len, glyphs));
	ck_assert(blank('A'));
	build();
	put16(font + font_len - 11, 1000);	/* width 1000 */
	ck_assert(pf2_load(font, font_len, glyphs));
	ck_assert(blank('A'));
}
END_TEST

/* A glyph outside its 8x16 cell is clipped, not written past it. */
START_TEST(test_clipped)
{
	put16(font + font_len - 11 + 4, 6);	/* x offset 6: columns 6 to 8 */
	ck_assert(pf2_load(font, font_len, glyphs));
	ck_assert_uint_eq(glyphs['A' - 32][13], 0x03);
	ck_assert_uint_eq(glyphs['A' - 32 + 1][13], 0);
}
END_TEST

/* GRUB's own font, when configure found it: every printable glyph drawn. */
START_TEST(test_grub_font)
{
	const char *path = PF2_FONT;
	static uint8_t buf[1 << 20];
	size_t n;
	FILE *f;

	if (path == NULL || *path == '\0' || (f = fopen(path, "rb")) == NULL)
		return;			/* no GRUB font here: nothing to read */
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	ck_assert(pf2_load(buf, n, glyphs));
	ck_assert(blank(' '));
	for (int c = 33; c < 127; c++)
		ck_assert_msg(!blank(c), "glyph %c is blank", c);
}
END_TEST

static Suite *
pf2_suite(void)
{
	Suite *s = suite_create("pf2");
	TCase *tc = tcase_create("pf2");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_one_glyph);
	tcase_add_test(tc, test_not_pf2);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_section_too_long);
	tcase_add_test(tc, test_bad_glyph);
	tcase_add_test(tc, test_clipped);
	tcase_add_test(tc, test_grub_font);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pf2_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
