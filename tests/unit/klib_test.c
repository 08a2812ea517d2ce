/*
 * klib_test.c -- unit tests of the kernel's string and number functions
 * (kernel/klib.c), called as klib_NAME, compared with glibc.
 */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "kernel.h"
#include "pmm.h"
#include "testhal.h"

/* ck_assert_msg without Check's per-call bookkeeping, for hot loops. */
#define REQUIRE(cond, ...) do {					\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static void
pattern(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7 + (i >> 3));
}

/* ---- memory ---- */

START_TEST(test_memcpy)
{
	unsigned char src[160], a[192], b[192];

	pattern(src, sizeof(src), 1);
	for (size_t so = 0; so < 9; so++)
	for (size_t d = 0; d < 9; d++)
	for (size_t n = 0; n <= 130; n++) {
		memset(a, 0xcc, sizeof(a));
		memset(b, 0xcc, sizeof(b));
		REQUIRE(klib_memcpy(a + d, src + so, n) == a + d, "return");
		memcpy(b + d, src + so, n);
		REQUIRE(memcmp(a, b, sizeof(a)) == 0,
			"memcpy(dst+%zu, src+%zu, %zu) differs", d, so, n);
	}
}
END_TEST

START_TEST(test_memmove_overlap)
{
	unsigned char a[200], b[200];

	for (size_t from = 0; from < 40; from += 3)
	for (size_t to = 0; to < 40; to += 5)
	for (size_t n = 0; n <= 150; n += 7) {
		pattern(a, sizeof(a), 3);
		pattern(b, sizeof(b), 3);
		REQUIRE(klib_memmove(a + to, a + from, n) == a + to, "return");
		memmove(b + to, b + from, n);
		REQUIRE(memcmp(a, b, sizeof(a)) == 0,
			"memmove(+%zu, +%zu, %zu) differs", to, from, n);
	}
}
END_TEST

START_TEST(test_memset)
{
	unsigned char a[160], b[160];
	static const int vals[] = { 0, 0x5a, 0xff, -1, 0x1234 };

	for (size_t v = 0; v < 5; v++)
	for (size_t off = 0; off < 9; off++)
	for (size_t n = 0; n <= 140; n++) {
		memset(a, 0x11, sizeof(a));
		memset(b, 0x11, sizeof(b));
		REQUIRE(klib_memset(a + off, vals[v], n) == a + off, "return");
		memset(b + off, vals[v], n);
		REQUIRE(memcmp(a, b, sizeof(a)) == 0,
			"memset(+%zu, %#x, %zu) differs", off, vals[v], n);
	}
}
END_TEST

START_TEST(test_memcmp_memchr)
{
	unsigned char a[64], b[64];

	pattern(a, sizeof(a), 9);
	for (size_t i = 0; i < sizeof(a); i++) {
		for (int delta = -1; delta <= 1; delta++) {
			memcpy(b, a, sizeof(a));
			b[i] = (unsigned char)(b[i] + delta);
			for (size_t n = 0; n <= sizeof(a); n += 5)
				REQUIRE(sign(klib_memcmp(a, b, n)) ==
					sign(memcmp(a, b, n)),
					"memcmp at %zu delta %d n %zu", i, delta, n);
		}
	}
	/* Bytes compare as unsigned char. */
	ck_assert_int_gt(klib_memcmp("\x80", "\x7f", 1), 0);
	ck_assert_int_lt(klib_memcmp("a\x01", "a\xff", 2), 0);
	for (int c = -1; c < 256; c += 17)
		for (size_t n = 0; n <= sizeof(a); n += 9)
			ck_assert_ptr_eq(klib_memchr(a, c, n), memchr(a, c, n));
	ck_assert_ptr_eq(klib_memchr("ab\xff", 0xff, 3), (char *)"ab\xff" + 2);
	ck_assert_ptr_null(klib_memchr("abc", 'c', 2));
}
END_TEST

/* ---- strings ---- */

static const char *const strs[] = {
	"", "a", "b", "ab", "abc", "abd", "abcd", "ABC", "hello world",
	"hello", "hello\x80", "hello\x7f", "\xff", "\x01", "zzz",
};

START_TEST(test_strlen_strnlen)
{
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++) {
		ck_assert_uint_eq(klib_strlen(strs[i]), strlen(strs[i]));
		for (size_t m = 0; m < 14; m++)
			ck_assert_uint_eq(klib_strnlen(strs[i], m),
					  strnlen(strs[i], m));
	}
	ck_assert_uint_eq(klib_strnlen("abc", SIZE_MAX), 3);
}
END_TEST

START_TEST(test_strcmp_strncmp)
{
	for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
		for (size_t j = 0; j < ARRAY_SIZE(strs); j++) {
			ck_assert_msg(sign(klib_strcmp(strs[i], strs[j])) ==
				      sign(strcmp(strs[i], strs[j])),
				      "strcmp(\"%s\", \"%s\")", strs[i], strs[j]);
			for (size_t n = 0; n < 8; n++)
				ck_assert_msg(sign(klib_strncmp(strs[i], strs[j], n)) ==
					      sign(strncmp(strs[i], strs[j], n)),
					      "strncmp(\"%s\", \"%s\", %zu)",
					      strs[i], strs[j], n);
		}
}
END_TEST

START_TEST(test_strchr_strrchr)
{
	const char *s = "abcabc/x/y";

	for (int c = 0; c < 256; c++) {
		ck_assert_ptr_eq(klib_strchr(s, c), strchr(s, c));
		ck_assert_ptr_eq(klib_strrchr(s, c), strrchr(s, c));
	}
	/* Searching for NUL finds the terminator. */
	ck_assert_ptr_eq(klib_strchr(s, '\0'), s + strlen(s));
	ck_assert_ptr_eq(klib_strrchr(s, '\0'), s + strlen(s));
	ck_assert_ptr_eq(klib_strchr("a\xe9", 0xe9), (char *)"a\xe9" + 1);
	ck_assert_ptr_null(klib_strrchr("", 'a'));
}
END_TEST

/* The BSD contract, which glibc 2.36 does not have to compare with. */
START_TEST(test_strlcpy)
{
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	ck_assert_uint_eq(klib_strlcpy(buf, "hello", sizeof(buf)), 5);
	ck_assert_str_eq(buf, "hello");
	ck_assert_int_eq(buf[6], 'Z');
	ck_assert_uint_eq(klib_strlcpy(buf, "truncated!", sizeof(buf)), 10);
	ck_assert_str_eq(buf, "truncat");
	ck_assert_uint_eq(klib_strlcpy(buf, "exactly", 8), 7);
	ck_assert_str_eq(buf, "exactly");
	ck_assert_uint_eq(klib_strlcpy(buf, "abc", 1), 3);
	ck_assert_str_eq(buf, "");
	buf[0] = 'Q';
	ck_assert_uint_eq(klib_strlcpy(buf, "abc", 0), 3);
	ck_assert_int_eq(buf[0], 'Q');			/* size 0: untouched */
	ck_assert_uint_eq(klib_strlcpy(buf, "", sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_strlcat)
{
	char buf[10];

	strcpy(buf, "abc");
	ck_assert_uint_eq(klib_strlcat(buf, "def", sizeof(buf)), 6);
	ck_assert_str_eq(buf, "abcdef");
	ck_assert_uint_eq(klib_strlcat(buf, "ghijkl", sizeof(buf)), 12);
	ck_assert_str_eq(buf, "abcdefghi");
	ck_assert_uint_eq(klib_strlcat(buf, "x", sizeof(buf)), 10);
	ck_assert_str_eq(buf, "abcdefghi");
	/* dst not terminated within size: size + strlen(src), untouched. */
	memset(buf, 'Z', sizeof(buf));
	ck_assert_uint_eq(klib_strlcat(buf, "abc", 4), 7);
	ck_assert_int_eq(buf[3], 'Z');
	ck_assert_int_eq(buf[4], 'Z');
	ck_assert_uint_eq(klib_strlcat(buf, "abc", 0), 3);
	strcpy(buf, "");
	ck_assert_uint_eq(klib_strlcat(buf, "", sizeof(buf)), 0);
	ck_assert_uint_eq(klib_strlcat(buf, "12", 2), 2);
	ck_assert_str_eq(buf, "1");
}
END_TEST

/* kstrdup and kzalloc use strlen, memcpy and memset on kernel paths. */
START_TEST(test_through_heap)
{
	char *d;
	unsigned char *z;

	testhal_reset();
	pmm_init();
	heap_init();
	d = kstrdup("kernel string 0123456789 0123456789 0123456789");
	ck_assert_str_eq(d, "kernel string 0123456789 0123456789 0123456789");
	z = kzalloc(333);
	for (size_t i = 0; i < 333; i++)
		REQUIRE(z[i] == 0, "kzalloc byte %zu", i);
	kfree(d);
	kfree(z);
}
END_TEST

/* ---- numbers ---- */

struct num {
	const char *s;
	int base;
};

/* Inputs on which kstrtol/kstrtoull promise strtol/strtoull's answer. */
static const struct num nums[] = {
	{ "0", 0 }, { "1", 0 }, { "42", 10 }, { "42abc", 10 }, { "  17", 10 },
	{ "\t17", 10 }, { "+17", 10 }, { "-17", 10 }, { "  -17x", 0 },
	{ "0x1f", 0 }, { "0X1F", 0 }, { "0x1f", 16 }, { "1f", 16 },
	{ "0x", 0 }, { "0x", 16 }, { "0xg", 0 }, { "0xg", 16 },
	{ "017", 0 }, { "017", 8 }, { "018", 0 }, { "08", 0 }, { "0", 8 },
	{ "777", 8 }, { "101101", 2 }, { "1012", 2 }, { "zz", 36 },
	{ "ZZ", 36 }, { "z", 35 }, { "-0x10", 0 }, { "-010", 0 },
	{ "9223372036854775807", 10 }, { "9223372036854775808", 10 },
	{ "-9223372036854775808", 10 }, { "-9223372036854775809", 10 },
	{ "18446744073709551615", 10 }, { "18446744073709551616", 10 },
	{ "99999999999999999999999", 10 }, { "0xffffffffffffffff", 0 },
	{ "0x10000000000000000", 0 }, { "1777777777777777777777", 0 },
	{ "2000000000000000000000", 0 }, { "abc", 10 }, { "", 10 },
	{ "12 34", 10 }, { "-", 10 }, { "+", 10 }, { " ", 10 },
	{ "- 5", 10 }, { "+-5", 10 }, { "-+5", 10 },
};

/* Where ISO C says "no conversion", *end is s itself. */
static bool
no_digits_case(const char *s)
{
	char *e;

	strtol(s, &e, 10);
	return e == s && *s != '\0' && (*s == ' ' || *s == '+' || *s == '-');
}

START_TEST(test_kstrtol)
{
	for (size_t i = 0; i < ARRAY_SIZE(nums); i++) {
		const char *s = nums[i].s;
		char *ke, *he;
		long kv, hv;

		if (no_digits_case(s))
			continue;	/* test_no_digits_BUG */
		kv = kstrtol(s, &ke, nums[i].base);
		hv = strtol(s, &he, nums[i].base);
		ck_assert_msg(kv == hv && ke == he, "kstrtol(\"%s\", %d) = %ld "
			      "end +%td; strtol = %ld end +%td", s, nums[i].base,
			      kv, ke - s, hv, he - s);
	}
	ck_assert_int_eq(kstrtol("123", NULL, 10), 123);
}
END_TEST

START_TEST(test_kstrtoull)
{
	for (size_t i = 0; i < ARRAY_SIZE(nums); i++) {
		const char *s = nums[i].s;
		unsigned long long kv, hv;
		char *ke, *he;

		if (no_digits_case(s))
			continue;
		kv = kstrtoull(s, &ke, nums[i].base);
		hv = strtoull(s, &he, nums[i].base);
		ck_assert_msg(kv == hv && ke == he, "kstrtoull(\"%s\", %d) = %llu "
			      "end +%td; strtoull = %llu end +%td", s,
			      nums[i].base, kv, ke - s, hv, he - s);
	}
	ck_assert_uint_eq(kstrtoull("-5", NULL, 10), strtoull("-5", NULL, 10));
}
END_TEST

/*
 * Was a bug (kernel/klib.c, kstrtoull/kstrtol): with blanks or a sign but no
 * digits, *end is left after them instead of at s ("no conversion" in ISO
 * C, which kernel.h promises); and kstrtol skips blanks and '+' again after
 * '-', so "- 5" and "-+5" give -5 where strtol converts nothing.
 * cmdline_long relies on *end, see cmdline_test.c.
 */
START_TEST(test_no_digits)
{
	static const char *const in[] = { "-", "+", " ", " -", "- 5", "-+5",
					  "+-5", "--5" };
	int bad = 0;

	for (size_t i = 0; i < ARRAY_SIZE(in); i++) {
		char *ke, *he;
		long kv = kstrtol(in[i], &ke, 10), hv = strtol(in[i], &he, 10);

		if (kv != hv || ke != he) {
			fprintf(stderr, "kstrtol(\"%s\") = %ld end +%td; "
				"strtol = %ld end +%td\n", in[i], kv, ke - in[i],
				hv, he - in[i]);
			bad++;
		}
		if (strchr(in[i], '-') == NULL) {
			unsigned long long ku = kstrtoull(in[i], &ke, 10);
			unsigned long long hu = strtoull(in[i], &he, 10);

			if (ku != hu || ke != he) {
				fprintf(stderr, "kstrtoull(\"%s\") = %llu "
					"end +%td; strtoull = %llu end +%td\n",
					in[i], ku, ke - in[i], hu, he - in[i]);
				bad++;
			}
		}
	}
	ck_assert_msg(bad == 0, "%d conversions without digits differ "
		      "from strtol/strtoull (details on stderr)", bad);
}
END_TEST

static Suite *
klib_suite(void)
{
	Suite *s = suite_create("klib");
	TCase *tm = tcase_create("memory");
	TCase *ts = tcase_create("strings");
	TCase *tn = tcase_create("numbers");

	tcase_add_test(tm, test_memcpy);
	tcase_add_test(tm, test_memmove_overlap);
	tcase_add_test(tm, test_memset);
	tcase_add_test(tm, test_memcmp_memchr);
	suite_add_tcase(s, tm);

	tcase_add_test(ts, test_strlen_strnlen);
	tcase_add_test(ts, test_strcmp_strncmp);
	tcase_add_test(ts, test_strchr_strrchr);
	tcase_add_test(ts, test_strlcpy);
	tcase_add_test(ts, test_strlcat);
	tcase_add_test(ts, test_through_heap);
	suite_add_tcase(s, ts);

	tcase_add_test(tn, test_kstrtol);
	tcase_add_test(tn, test_kstrtoull);
	tcase_add_test(tn, test_no_digits);
	suite_add_tcase(s, tn);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(klib_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
