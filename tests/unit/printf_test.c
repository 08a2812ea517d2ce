/*
 * printf_test.c -- unit tests of ksnprintf (kernel/printf.c) against the
 * host's snprintf: every flag, width, precision and length modifier over
 * edge values, truncation at every buffer size, and the return value.
 */
#include <check.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "kernel.h"
#include "testhal.h"

#define BUF 512
#define FILL 0x7f		/* marks bytes nobody wrote */

enum kind {
	K_INT, K_UINT, K_LONG, K_ULONG, K_LLONG, K_ULLONG, K_SIZE, K_SSIZE,
	K_PTRDIFF, K_INTMAX, K_UINTMAX, K_STR, K_CHAR, K_PTR, K_NONE,
};

/* One call: fmt with up to two int '*' arguments, then one value. */
struct call {
	const char *fmt;
	enum kind kind;
	int nstar, star[2];
	long long s;
	unsigned long long u;
	const char *str;
	const void *ptr;
};

struct out {
	char buf[BUF];
	int ret;
};

static int mismatches;

#define FMT_CALL(fn, c, b, n, v)					\
	((c)->nstar == 0 ? fn(b, n, (c)->fmt, v) :			\
	 (c)->nstar == 1 ? fn(b, n, (c)->fmt, (c)->star[0], v) :	\
	 fn(b, n, (c)->fmt, (c)->star[0], (c)->star[1], v))

#define BOTH(c, k, h, n, v) do {					\
	(k)->ret = FMT_CALL(ksnprintf, c, (k)->buf, n, v);		\
	(h)->ret = FMT_CALL(snprintf, c, (h)->buf, n, v);		\
} while (0)

/* Format c with both printfs into buffers of `size` bytes. */
static void
run(const struct call *c, size_t size, struct out *k, struct out *h)
{
	memset(k->buf, FILL, BUF);
	memset(h->buf, FILL, BUF);
	switch (c->kind) {
	case K_INT: BOTH(c, k, h, size, (int)c->s); break;
	case K_UINT: BOTH(c, k, h, size, (unsigned)c->u); break;
	case K_LONG: BOTH(c, k, h, size, (long)c->s); break;
	case K_ULONG: BOTH(c, k, h, size, (unsigned long)c->u); break;
	case K_LLONG: BOTH(c, k, h, size, c->s); break;
	case K_ULLONG: BOTH(c, k, h, size, c->u); break;
	case K_SIZE: BOTH(c, k, h, size, (size_t)c->u); break;
	case K_SSIZE: BOTH(c, k, h, size, (ssize_t)c->s); break;
	case K_PTRDIFF: BOTH(c, k, h, size, (ptrdiff_t)c->s); break;
	case K_INTMAX: BOTH(c, k, h, size, (intmax_t)c->s); break;
	case K_UINTMAX: BOTH(c, k, h, size, (uintmax_t)c->u); break;
	case K_STR: BOTH(c, k, h, size, c->str); break;
	case K_CHAR: BOTH(c, k, h, size, (int)c->s); break;
	case K_PTR: BOTH(c, k, h, size, c->ptr); break;
	case K_NONE: BOTH(c, k, h, size, 0); break;
	}
}

static void
show(char *dst, size_t n, const char *s, int len)
{
	size_t j = 0;

	for (int i = 0; i < len && i < BUF && j + 5 < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= 0x20 && ch < 0x7f)
			dst[j++] = (char)ch;
		else
			j += (size_t)snprintf(dst + j, n - j, "\\x%02x", ch);
	}
	dst[j] = '\0';
}

/*
 * Compare one call at one buffer size; report the first few differences
 * on stderr and count them. Returns true if they agree.
 */
static bool
agree(const struct call *c, size_t size)
{
	struct out k, h;
	char ks[BUF * 4], hs[BUF * 4];

	run(c, size, &k, &h);
	if (k.ret == h.ret && memcmp(k.buf, h.buf, BUF) == 0)
		return true;
	if (mismatches++ < 25) {
		/* The output, its NUL and one byte more (or the buffer). */
		int len = (k.ret > h.ret ? k.ret : h.ret) + 2;

		if ((size_t)len > size)
			len = (int)size;
		show(ks, sizeof(ks), k.buf, len);
		show(hs, sizeof(hs), h.buf, len);
		fprintf(stderr, "ksnprintf(size %zu, \"%s\", s=%lld u=%llu "
			"star=%d,%d) = %d [%s]; snprintf = %d [%s]\n", size,
			c->fmt, c->s, c->u, c->star[0], c->star[1], k.ret, ks,
			h.ret, hs);
	}
	return false;
}

/* Full size, then every truncation of the output. */
static void
agree_all_sizes(const struct call *c)
{
	struct out k, h;

	run(c, BUF, &k, &h);
	agree(c, BUF);
	for (size_t n = 0; n <= (size_t)h.ret + 1 && n < BUF; n++)
		agree(c, n);
}

/* ---- the generated matrix ---- */

static const char *const flags_signed[] = {
	"", "-", "0", "+", " ", "#", "-0", "+0", " 0", "+ ", "-+", "- ",
	"0-", "-+ 0", "00", "--",
};
static const char *const flags_unsigned[] = {
	"", "-", "0", "#", "-0", "#0", "-#", "#-0", "00",
};
static const char *const widths[] = { "", "1", "2", "5", "12", "25" };
static const char *const precs[] = { "", ".", ".0", ".1", ".3", ".12", ".25" };

static const long long signed_values[] = {
	0, 1, -1, 7, -7, 42, -42, 99, 100, 127, 128, -128, -129, 255, 256,
	32767, 32768, -32768, -32769, 65535, 65536, INT_MAX, INT_MIN,
	(long long)INT_MAX + 1, (long long)INT_MIN - 1, 123456789012ll,
	-9876543210ll, LONG_MAX, LONG_MIN, LLONG_MAX, LLONG_MIN,
};
static const unsigned long long unsigned_values[] = {
	0, 1, 7, 8, 9, 10, 15, 16, 17, 255, 256, 4095, 65535, 65536,
	0x7fffffff, 0x80000000u, UINT_MAX, (unsigned long long)UINT_MAX + 1,
	0x123456789abcdefull, 01777777777777777777777ull, LLONG_MAX,
	(unsigned long long)LLONG_MAX + 1, ULLONG_MAX, ULLONG_MAX - 1,
};

struct len {
	const char *mod;
	enum kind sk, uk;
};

static const struct len lens[] = {
	{ "", K_INT, K_UINT }, { "hh", K_INT, K_UINT }, { "h", K_INT, K_UINT },
	{ "l", K_LONG, K_ULONG }, { "ll", K_LLONG, K_ULLONG },
	{ "z", K_SSIZE, K_SIZE }, { "t", K_PTRDIFF, K_PTRDIFF },
	{ "j", K_INTMAX, K_UINTMAX },
};

static int
run_matrix(bool is_signed, const char *convs)
{
	const char *const *flags = is_signed ? flags_signed : flags_unsigned;
	size_t nflags = is_signed ? ARRAY_SIZE(flags_signed) :
				    ARRAY_SIZE(flags_unsigned);
	size_t nvals = is_signed ? ARRAY_SIZE(signed_values) :
				   ARRAY_SIZE(unsigned_values);
	char fmt[64];
	int n = 0;
	struct call c;

	for (const char *cv = convs; *cv; cv++)
	for (size_t l = 0; l < ARRAY_SIZE(lens); l++)
	for (size_t f = 0; f < nflags; f++)
	for (size_t w = 0; w < ARRAY_SIZE(widths); w++)
	for (size_t p = 0; p < ARRAY_SIZE(precs); p++)
	for (size_t v = 0; v < nvals; v++) {
		snprintf(fmt, sizeof(fmt), "<%%%s%s%s%s%c>", flags[f], widths[w],
			 precs[p], lens[l].mod, *cv);
		memset(&c, 0, sizeof(c));
		c.fmt = fmt;
		if (is_signed) {
			c.kind = lens[l].sk;
			c.s = signed_values[v];
			c.u = (unsigned long long)c.s;
		} else {
			c.kind = lens[l].uk;
			c.u = unsigned_values[v];
			c.s = (long long)c.u;
		}
		agree(&c, BUF);
		/* and cut short in the middle */
		agree(&c, (size_t)(v % 7) + 1);
		n++;
	}
	return n;
}

START_TEST(test_matrix_signed)
{
	int n;

	mismatches = 0;
	n = run_matrix(true, "di");
	ck_assert_int_gt(n, 10000);
	ck_assert_msg(mismatches == 0, "%d of %d signed formats differ from "
		      "snprintf (first ones on stderr)", mismatches, n);
}
END_TEST

START_TEST(test_matrix_unsigned)
{
	int n;

	mismatches = 0;
	n = run_matrix(false, "uxXo");
	ck_assert_int_gt(n, 10000);
	ck_assert_msg(mismatches == 0, "%d of %d unsigned formats differ from "
		      "snprintf (first ones on stderr)", mismatches, n);
}
END_TEST

/* ---- hand-picked cases, each at every buffer size ---- */

#define I(f, v) { f, K_INT, 0, { 0, 0 }, v, 0, NULL, NULL }
#define U(f, v) { f, K_UINT, 0, { 0, 0 }, 0, v, NULL, NULL }
#define L(f, v) { f, K_LONG, 0, { 0, 0 }, v, 0, NULL, NULL }
#define UL(f, v) { f, K_ULONG, 0, { 0, 0 }, 0, v, NULL, NULL }
#define LL(f, v) { f, K_LLONG, 0, { 0, 0 }, v, 0, NULL, NULL }
#define ULL(f, v) { f, K_ULLONG, 0, { 0, 0 }, 0, v, NULL, NULL }
#define S(f, v) { f, K_STR, 0, { 0, 0 }, 0, 0, v, NULL }
#define C(f, v) { f, K_CHAR, 0, { 0, 0 }, v, 0, NULL, NULL }
#define P(f, v) { f, K_PTR, 0, { 0, 0 }, 0, 0, NULL, (const void *)(v) }
#define N(f) { f, K_NONE, 0, { 0, 0 }, 0, 0, NULL, NULL }
#define I1(f, a, v) { f, K_INT, 1, { a, 0 }, v, 0, NULL, NULL }
#define I2(f, a, b, v) { f, K_INT, 2, { a, b }, v, 0, NULL, NULL }
#define S1(f, a, v) { f, K_STR, 1, { a, 0 }, 0, 0, v, NULL }
#define S2(f, a, b, v) { f, K_STR, 2, { a, b }, 0, 0, v, NULL }

static const struct call table[] = {
	I("%d", 0), I("%d", INT_MIN), I("%d", INT_MAX), I("%i", -123),
	I("%+d", 0), I("% d", 0), I("%+d", INT_MIN), I("% d", 5),
	I("%05d", -42), I("%-5d|", -42), I("%+05d", 42), I("% 05d", 42),
	I("%.0d", 0), I("%+.0d", 0), I("% .0d", 0), I("%5.0d", 0),
	I("%-5.0d|", 0), I("%.5d", -42), I("%08.5d", -42), I("%-08.5d|", 42),
	I("%hd", 70000), I("%hd", -70000), I("%hhd", 200), I("%hhd", -200),
	I("%hhd", 128), I("%hd", 32768),
	U("%u", 0), U("%u", UINT_MAX), U("%hu", 70000), U("%hhu", 300),
	U("%x", 0xdeadbeef), U("%X", 0xdeadbeef), U("%#x", 0), U("%#X", 255),
	U("%#x", 255), U("%#o", 0), U("%#o", 8), U("%#.0o", 0), U("%#.0x", 0),
	U("%.0x", 0), U("%#.3o", 8), U("%#.2o", 8), U("%#5.3o", 0),
	U("%#08x", 255), U("%#-8x|", 255), U("%#.4X", 0xab), U("%#10.4x", 1),
	U("%o", 0), U("%o", UINT_MAX), U("%#o", UINT_MAX),
	L("%ld", LONG_MIN), L("%ld", LONG_MAX), L("%+ld", LONG_MAX),
	L("%-25ld|", LONG_MIN), L("%025ld", LONG_MIN),
	UL("%lu", ULONG_MAX), UL("%lx", ULONG_MAX), UL("%#lo", ULONG_MAX),
	LL("%lld", LLONG_MIN), LL("%lld", LLONG_MAX), LL("%30lld", LLONG_MIN),
	LL("%.25lld", LLONG_MIN), LL("%+.25lld", LLONG_MAX),
	ULL("%llu", ULLONG_MAX), ULL("%llx", ULLONG_MAX),
	ULL("%#llX", ULLONG_MAX), ULL("%#llo", ULLONG_MAX),
	ULL("%#30llo", ULLONG_MAX), ULL("%-#30llo|", ULLONG_MAX),
	{ "%zu", K_SIZE, 0, { 0, 0 }, 0, SIZE_MAX, NULL, NULL },
	{ "%zx", K_SIZE, 0, { 0, 0 }, 0, SIZE_MAX, NULL, NULL },
	{ "%zd", K_SSIZE, 0, { 0, 0 }, -1, 0, NULL, NULL },
	{ "%td", K_PTRDIFF, 0, { 0, 0 }, PTRDIFF_MIN, 0, NULL, NULL },
	{ "%jd", K_INTMAX, 0, { 0, 0 }, INTMAX_MIN, 0, NULL, NULL },
	{ "%ju", K_UINTMAX, 0, { 0, 0 }, 0, UINTMAX_MAX, NULL, NULL },
	S("%s", ""), S("%s", "hello"), S("%10s|", "hello"),
	S("%-10s|", "hello"), S("%.3s", "hello"), S("%10.3s|", "hello"),
	S("%-10.3s|", "hello"), S("%.0s", "hello"), S("%.10s", "hello"),
	S("%3s", "hello"), S("%s", "a longer string that is truncated often"),
	S("%s", NULL), S("%10s|", NULL), S("%-10s|", NULL),
	C("%c", 'A'), C("%5c|", 'A'), C("%-5c|", 'A'), C("%c", ' '),
	C("%c", 0), C("%3c|", 0), C("%-3c|", 0), C("%c", 255), C("%c", -1),
	P("%p", 0x1234), P("%p", UINTPTR_MAX), P("%20p|", 0xabcdef),
	P("%-20p|", 0xabcdef), P("%p", &table),
	N("%%"), N("100%%"), N("a%%b%%c"), N("plain text, no conversion"),
	N(""),
	I1("%*d|", 8, 42), I1("%*d|", -8, 42), I1("%-*d|", 8, -42),
	I1("%0*d", 8, -42), I1("%.*d", 6, 42), I1("%.*d", -1, 42),
	I1("%.*d", 0, 0), I2("%*.*d|", 10, 4, -42), I2("%-*.*d|", 10, 4, 42),
	I2("%*.*d|", -10, -4, 42), I2("%0*.*d|", 10, -1, -42),
	S1("%.*s|", 3, "hello"), S1("%.*s|", -1, "hello"),
	S1("%*s|", 7, "hi"), S1("%*s|", -7, "hi"), S2("%*.*s|", 6, 2, "hello"),
	S2("%-*.*s|", 6, 2, "hello"),
};

START_TEST(test_table)
{
	mismatches = 0;
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		agree_all_sizes(&table[i]);
	ck_assert_msg(mismatches == 0, "%d outputs differ from snprintf "
		      "(first ones on stderr)", mismatches);
}
END_TEST

/* ---- direct checks ---- */

START_TEST(test_return_value_and_truncation)
{
	char buf[16];

	memset(buf, FILL, sizeof(buf));
	ck_assert_int_eq(ksnprintf(buf, 6, "%s", "abcdefghij"), 10);
	ck_assert_str_eq(buf, "abcde");
	ck_assert_int_eq(buf[6], FILL);
	ck_assert_int_eq(ksnprintf(buf, 1, "%d", 12345), 5);
	ck_assert_int_eq(buf[0], '\0');
	ck_assert_int_eq(buf[1], 'b');		/* untouched from before */
	ck_assert_int_eq(ksnprintf(NULL, 0, "%d-%s", -7, "xyz"), 6);
	ck_assert_int_eq(ksnprintf(buf, sizeof(buf), "%s", ""), 0);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(ksnprintf(buf, sizeof(buf), "%0100d", 1), 100);
	ck_assert_uint_eq(strlen(buf), sizeof(buf) - 1);
}
END_TEST

START_TEST(test_zero_size_writes_nothing)
{
	char buf[4] = { 'x', 'y', 'z', 'w' };

	ck_assert_int_eq(ksnprintf(buf, 0, "%s%d", "abc", 42), 5);
	ck_assert_int_eq(buf[0], 'x');
	ck_assert_int_eq(buf[3], 'w');
}
END_TEST

START_TEST(test_several_conversions)
{
	char k[128], h[128];
	const char *f = "[%d|%5s|%-4x|%c|%lld|%%|%#o|%.2s]";
	int kr, hr;

	kr = ksnprintf(k, sizeof(k), f, -1, "ab", 0xfu, 'Z', LLONG_MIN, 8u,
		       "xyz");
	hr = snprintf(h, sizeof(h), f, -1, "ab", 0xfu, 'Z', LLONG_MIN, 8u,
		      "xyz");
	ck_assert_int_eq(kr, hr);
	ck_assert_str_eq(k, h);
}
END_TEST

static int
kv_wrap(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

START_TEST(test_kvsnprintf)
{
	char buf[64];

	ck_assert_int_eq(kv_wrap(buf, sizeof(buf), "%s=%d", "x", -5), 4);
	ck_assert_str_eq(buf, "x=-5");
	ck_assert_int_eq(kv_wrap(buf, 3, "%u", 123456u), 6);
	ck_assert_str_eq(buf, "12");
}
END_TEST

/* Unknown conversions are printed as written and consume nothing. */
START_TEST(test_unknown_conversion)
{
	const char *f1 = "%y%d", *f2 = "end%";	/* not literals: no -Wformat */
	char buf[64];

	ck_assert_int_eq(ksnprintf(buf, sizeof(buf), f1, 7), 3);
	ck_assert_str_eq(buf, "%y7");
	ck_assert_int_eq(ksnprintf(buf, sizeof(buf), f2, 0), 4);
	ck_assert_str_eq(buf, "end%");
}
END_TEST

/*
 * Was a bug (kernel/printf.c, emit_num): the '+' and ' ' flags add a sign to
 * unsigned conversions (%u %x %X %o); C (and glibc) apply them only to
 * signed ones, so "%+u" of 5 must print "5", not "+5".
 */
START_TEST(test_sign_flags_ignored_for_unsigned)
{
	static const char *const f[] = {
		"%+u", "% u", "%+x", "% X", "%+o", "% o", "%+5u", "%+#x",
	};
	struct call c;

	mismatches = 0;
	for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
		memset(&c, 0, sizeof(c));
		c.fmt = f[i];
		c.kind = K_UINT;
		c.u = 5;
		agree(&c, BUF);
	}
	ck_assert_msg(mismatches == 0, "%d of %zu formats with '+' or ' ' "
		      "on an unsigned conversion differ from snprintf "
		      "(details on stderr)", mismatches, ARRAY_SIZE(f));
}
END_TEST

static Suite *
printf_suite(void)
{
	Suite *s = suite_create("printf");
	TCase *tc = tcase_create("ksnprintf");
	TCase *tm = tcase_create("matrix");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_return_value_and_truncation);
	tcase_add_test(tc, test_zero_size_writes_nothing);
	tcase_add_test(tc, test_several_conversions);
	tcase_add_test(tc, test_kvsnprintf);
	tcase_add_test(tc, test_unknown_conversion);
	tcase_add_test(tc, test_sign_flags_ignored_for_unsigned);
	suite_add_tcase(s, tc);

	tcase_set_timeout(tm, 60);
	tcase_add_test(tm, test_matrix_signed);
	tcase_add_test(tm, test_matrix_unsigned);
	suite_add_tcase(s, tm);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(printf_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
