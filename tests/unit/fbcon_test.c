/*
 * fbcon_test.c -- unit tests of the framebuffer console
 * (hal-common/fbcon.c), compiled for the host, drawing into memory: a
 * framebuffer of 10x4 cells with a margin and padding, guard bytes
 * around it, and glyphs made so that a cell's pixels say which
 * character it shows. Then GRUB's ascii.pf2 (PF2_FONT) when configure
 * found it.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fbcon.h"
#include "pf2.h"

#define COLS 10
#define ROWS 4
#define WIDTH (COLS * FBCON_CW + 4)	/* a margin no cell covers */
#define HEIGHT (ROWS * FBCON_CH + 5)
#define GUARD 256
#define FILL 0x77

static struct fbcon con;
static uint8_t glyphs[FBCON_NGLYPHS][FBCON_CH];
static uint8_t mem[GUARD + 3 * 128 * HEIGHT + GUARD] __attribute__((aligned(16)));
static struct fbcon_fb fb;
static int nflush;
static uint8_t *flush_lo, *flush_hi;

/* Glyph of character ch: its index in rows 0-13, rows 14-15 empty. */
static void
make_glyphs(void)
{
	for (int i = 0; i < FBCON_NGLYPHS; i++)
		for (int y = 0; y < FBCON_CH; y++)
			glyphs[i][y] = y < 14 ? (uint8_t)i : 0;
}

static void
use_fb(uint8_t bpp)
{
	fb = (struct fbcon_fb){ mem + GUARD, WIDTH, HEIGHT, WIDTH * (bpp / 8) + 12,
				bpp, 16, 8, 8, 8, 0, 8 };
	if (bpp == 16)
		fb.red_pos = 11, fb.red_size = 5, fb.green_pos = 5, fb.green_size = 6,
		fb.blue_pos = 0, fb.blue_size = 5;
}

static void
setup(void)
{
	memset(mem, FILL, sizeof(mem));
	make_glyphs();
	use_fb(32);
	nflush = 0;
	flush_lo = flush_hi = NULL;
}

static uint32_t
pixel(uint32_t x, uint32_t y)
{
	uint8_t *p = (uint8_t *)fb.base + (size_t)y * fb.pitch + x * (fb.bpp / 8);

	switch (fb.bpp) {
	case 32: return *(uint32_t *)p;
	case 24: return p[0] | p[1] << 8 | p[2] << 16;
	default: return *(uint16_t *)p;
	}
}

/* The bits of row y of cell (r, c): 1 for the foreground. */
static int
cell_bits(uint32_t r, uint32_t c, uint32_t y)
{
	int bits = 0;

	for (uint32_t x = 0; x < FBCON_CW; x++) {
		uint32_t v = pixel(c * FBCON_CW + x, r * FBCON_CH + y);

		if (v != con.fg && v != con.bg)
			return -1;
		bits = bits << 1 | (v == con.fg);
	}
	return bits;
}

/* The character cell (r, c) shows, '?' if it is no glyph; '_' marks the cursor. */
static char
cell_char(uint32_t r, uint32_t c, bool *cursor)
{
	int b = cell_bits(r, c, 0), u = cell_bits(r, c, 14);

	for (uint32_t y = 1; y < 14; y++)
		if (cell_bits(r, c, y) != b)
			return '?';
	if (u != cell_bits(r, c, 15) || (u != 0 && u != 0xff) || b < 0 || b >= 95)
		return '?';
	*cursor = u == 0xff;
	return (char)(' ' + b);
}

/* Row r of the screen as text, trailing blanks dropped. */
static const char *
row_text(uint32_t r)
{
	static char s[COLS + 1];
	bool cursor;
	int n = 0;

	for (uint32_t c = 0; c < COLS; c++)
		s[c] = cell_char(r, c, &cursor);
	s[COLS] = 0;
	for (n = COLS; n > 0 && s[n - 1] == ' '; n--)
		s[n - 1] = 0;
	return s;
}

static void
put(const char *s)
{
	fbcon_put(&con, s, strlen(s));
}

static void
record_flush(void *p, size_t n)
{
	uint8_t *lo = p, *hi = lo + n;

	nflush++;
	ck_assert((uint8_t *)(lo) >= (uint8_t *)(fb.base));
	ck_assert((uint8_t *)(hi) <= (uint8_t *)((uint8_t *)fb.base + (size_t)fb.pitch * fb.height));
	if (flush_lo == NULL || lo < flush_lo)
		flush_lo = lo;
	if (hi > flush_hi)
		flush_hi = hi;
}

static void
start(void)
{
	ck_assert_ptr_null(fbcon_init(&con, &fb, glyphs, record_flush));
	ck_assert_uint_eq(con.cols, COLS);
	ck_assert_uint_eq(con.rows, ROWS);
}

/* Nothing written outside the framebuffer, nor in the margin beyond the cells. */
static void
check_bounds(void)
{
	for (size_t i = 0; i < GUARD; i++)
		ck_assert_uint_eq(mem[i], FILL);
	for (size_t i = GUARD + (size_t)fb.pitch * HEIGHT; i < sizeof(mem); i++)
		ck_assert_uint_eq(mem[i], FILL);
	for (uint32_t y = 0; y < HEIGHT; y++) {
		uint8_t *row = (uint8_t *)fb.base + (size_t)y * fb.pitch;

		for (uint32_t i = COLS * FBCON_CW * (fb.bpp / 8); i < fb.pitch; i++)
			ck_assert_uint_eq(row[i], FILL);
	}
}

START_TEST(test_refused)
{
	struct fbcon_fb good = fb, bad;

	bad = good; bad.bpp = 8;
	ck_assert_ptr_nonnull(fbcon_init(&con, &bad, glyphs, NULL));
	bad = good; bad.width = 7;
	ck_assert_ptr_nonnull(fbcon_init(&con, &bad, glyphs, NULL));
	bad = good; bad.height = 15;
	ck_assert_ptr_nonnull(fbcon_init(&con, &bad, glyphs, NULL));
	bad = good; bad.pitch = WIDTH * 4 - 1;
	ck_assert_ptr_nonnull(fbcon_init(&con, &bad, glyphs, NULL));
	bad = good; bad.red_pos = 28;
	ck_assert_ptr_nonnull(fbcon_init(&con, &bad, glyphs, NULL));
	bad = good; bad.base = NULL;
	ck_assert_ptr_nonnull(fbcon_init(&con, &bad, glyphs, NULL));
	bad = good; bad.base = (uint8_t *)good.base + 1;
	ck_assert_ptr_nonnull(fbcon_init(&con, &bad, glyphs, NULL));
	bad = good; bad.width = 100000;
	ck_assert_ptr_nonnull(fbcon_init(&con, &bad, glyphs, NULL));
	ck_assert_ptr_nonnull(fbcon_init(&con, &good, NULL, NULL));
	for (size_t i = 0; i < sizeof(mem); i++)
		ck_assert_uint_eq(mem[i], FILL);	/* nothing drawn */
}
END_TEST

START_TEST(test_text)
{
	bool cursor = false;

	start();
	ck_assert_uint_eq(con.fg, 0xaaaaaa);
	ck_assert_uint_eq(con.bg, 0);
	for (uint32_t r = 0; r < ROWS; r++)
		ck_assert_str_eq(row_text(r), "");
	put("ab\r\ncd");
	ck_assert_str_eq(row_text(0), "ab");
	ck_assert_str_eq(row_text(1), "cd");
	ck_assert_int_eq(cell_char(1, 2, &cursor), ' ');
	ck_assert(cursor);			/* after "cd" */
	put("e");
	ck_assert_int_eq(cell_char(1, 2, &cursor), 'e');
	ck_assert(!cursor);
	ck_assert_int_eq(cell_char(1, 3, &cursor), ' ');
	ck_assert(cursor);
	check_bounds();
}
END_TEST

START_TEST(test_wrap_and_scroll)
{
	start();
	put("0123456789AB");		/* 12 characters on 10 columns */
	ck_assert_str_eq(row_text(0), "0123456789");
	ck_assert_str_eq(row_text(1), "AB");
	put("\r\n1\r\n2\r\n3");
	ck_assert_str_eq(row_text(0), "AB");
	ck_assert_str_eq(row_text(1), "1");
	ck_assert_str_eq(row_text(2), "2");
	ck_assert_str_eq(row_text(3), "3");
	put("\r\n");
	ck_assert_str_eq(row_text(0), "1");
	ck_assert_str_eq(row_text(3), "");
	check_bounds();
}
END_TEST

START_TEST(test_escapes)
{
	start();
	put("hello\r\nworld\x1b[2J\x1b[H");
	for (uint32_t r = 0; r < ROWS; r++)
		ck_assert_str_eq(row_text(r), "");
	put("abcdef\x1b[3D\x1b[K");
	ck_assert_str_eq(row_text(0), "abc");
	put("\x1b[2;3Hx\x1b[1;31mred\x1b[0m");
	ck_assert_str_eq(row_text(1), "  xred");
	put("\x1b[A\rz\x1b[B\x1b[C!");
	ck_assert_str_eq(row_text(0), "zbc");
	ck_assert_str_eq(row_text(1), "  !red");
	put("\b\x1b[1K");			/* erase to the cursor */
	ck_assert_str_eq(row_text(1), "   red");
	put("\r\tT");
	ck_assert_str_eq(row_text(1), "   red  T");
	put("\x1b[1;1H\x1b[J");			/* erase to the end */
	for (uint32_t r = 0; r < ROWS; r++)
		ck_assert_str_eq(row_text(r), "");
	put("\x1b[99;99H\x1b[99A\x1b[99B\x1b[99C\x1b[99D@");
	ck_assert_str_eq(row_text(ROWS - 1), "@");
	check_bounds();
}
END_TEST

/* What each put wrote was handed to the flush function. */
START_TEST(test_flush)
{
	start();
	ck_assert_int_eq(nflush, 1);		/* the whole screen, cleared */
	nflush = 0;
	flush_lo = flush_hi = NULL;
	put("\x1b[3;1Hxyz");
	ck_assert_int_eq(nflush, 1);
	ck_assert((uint8_t *)(flush_lo) <= (uint8_t *)((uint8_t *)fb.base + 2 * FBCON_CH * fb.pitch));
	ck_assert((uint8_t *)(flush_hi) >= (uint8_t *)((uint8_t *)fb.base + 3 * FBCON_CH * fb.pitch));
	/* The cursor leaves row 2 for row 0: both rows redrawn and flushed. */
	nflush = 0;
	flush_lo = flush_hi = NULL;
	put("\x1b[H");
	ck_assert_int_eq(nflush, 1);
	ck_assert(flush_lo == (uint8_t *)fb.base);
	ck_assert((uint8_t *)(flush_hi) >= (uint8_t *)((uint8_t *)fb.base + 3 * FBCON_CH * fb.pitch));
}
END_TEST

/* Many lines in one put: the screen ends as if put one by one. */
START_TEST(test_one_put_many_lines)
{
	char buf[400];
	size_t n = 0;

	start();
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "line %d\r\n", i);
	fbcon_put(&con, buf, n);
	ck_assert_str_eq(row_text(0), "line 37");
	ck_assert_str_eq(row_text(1), "line 38");
	ck_assert_str_eq(row_text(2), "line 39");
	ck_assert_str_eq(row_text(3), "");
	check_bounds();
}
END_TEST

/* 16 and 24 bits a pixel: the colours where the fields say. */
START_TEST(test_depths)
{
	uint8_t depths[] = { 16, 24 };

	for (int i = 0; i < 2; i++) {
		memset(mem, FILL, sizeof(mem));
		use_fb(depths[i]);
		start();
		ck_assert_uint_eq(con.fg, depths[i] == 16 ?
				  (21u << 11 | 42u << 5 | 21u) : 0xaaaaaa);
		put("Hi\r\nthere");
		ck_assert_str_eq(row_text(0), "Hi");
		ck_assert_str_eq(row_text(1), "there");
		check_bounds();
	}
}
END_TEST

/* Any bytes at all: never a write outside the screen. */
START_TEST(test_garbage)
{
	char buf[512];

	start();
	srand(42);
	for (int round = 0; round < 400; round++) {
		for (size_t i = 0; i < sizeof(buf); i++) {
			int k = rand() % 8;

			buf[i] = k == 0 ? 0x1b : k == 1 ? '[' : k == 2 ? ';' :
				 k == 3 ? (char)('0' + rand() % 10) : (char)rand();
		}
		fbcon_put(&con, buf, sizeof(buf));
	}
	check_bounds();
	for (uint32_t r = 0; r < ROWS; r++)
		for (uint32_t c = 0; c < COLS; c++) {
			bool cursor;

			ck_assert_int_ne(cell_char(r, c, &cursor), '?');
		}
}
END_TEST

/* Cells another way (VGA text): the same terminal, the caller's drawing. */
static char cells[ROWS][COLS];
static int cursor_r = -1, cursor_c = -1;

static void
text_cell(struct fbcon *c, uint32_t r, uint32_t col, bool cursor)
{
	ck_assert_ptr_eq(c->ctx, cells);
	cells[r][col] = (char)c->shadow[r][col];
	if (cursor)
		cursor_r = (int)r, cursor_c = (int)col;
}

START_TEST(test_cells)
{
	memset(cells, 0, sizeof(cells));
	fbcon_init_cells(&con, COLS, ROWS, text_cell, cells);
	ck_assert_int_eq(cells[ROWS - 1][COLS - 1], ' ');
	put("one\r\ntwo\x1b[Dx");
	ck_assert(memcmp(cells[0], "one ", 4) == 0);
	ck_assert(memcmp(cells[1], "twx ", 4) == 0);
	ck_assert_int_eq(cursor_r, 1);
	ck_assert_int_eq(cursor_c, 3);
}
END_TEST

/* GRUB's font through pf2.c: each cell shows its glyph's bits. */
START_TEST(test_grub_font)
{
	const char *path = PF2_FONT;
	static uint8_t buf[1 << 20];
	const char *text = "Hi~";
	size_t n;
	FILE *f;

	if (path == NULL || *path == '\0' || (f = fopen(path, "rb")) == NULL)
		return;			/* no GRUB font here */
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	ck_assert(pf2_load(buf, n, glyphs));
	start();
	put(text);
	for (uint32_t c = 0; c < 3; c++)
		for (uint32_t y = 0; y < FBCON_CH; y++)
			ck_assert_int_eq(cell_bits(0, c, y), glyphs[text[c] - ' '][y]);
	check_bounds();
}
END_TEST

static Suite *
fbcon_suite(void)
{
	Suite *s = suite_create("fbcon");
	TCase *tc = tcase_create("fbcon");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_wrap_and_scroll);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_flush);
	tcase_add_test(tc, test_one_put_many_lines);
	tcase_add_test(tc, test_depths);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_cells);
	tcase_add_test(tc, test_grub_font);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fbcon_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
