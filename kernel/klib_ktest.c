/*
 * klib_ktest.c -- self tests of the formatter and the command line.
 */
#include "ktest.h"

#define FMT_IS(want, ...) do {						\
	char _b[64];							\
	ksnprintf(_b, sizeof(_b), __VA_ARGS__);				\
	KT_ASSERT_MSG(strcmp(_b, want) == 0, "got '%s', want '%s'", _b, want); \
} while (0)

int
ktest_printf(void)
{
	char small[4];

	FMT_IS("42 -7 +5", "%d %i %+d", 42, -7, 5);
	FMT_IS("ff FF 0xff 377", "%x %X %#x %o", 255, 255, 255, 255);
	FMT_IS("[   ab] [ab   ]", "[%5s] [%-5s]", "ab", "ab");
	FMT_IS("00042 -0042", "%05d %05d", 42, -42);
	FMT_IS("18446744073709551615", "%llu", ~0ull);
	FMT_IS("-9223372036854775808", "%lld", (long long)(-9223372036854775807LL - 1));
	FMT_IS("abc", "%.3s", "abcdef");
	FMT_IS("x%y", "x%%y");
	{ const char *volatile nul = NULL; FMT_IS("(null)", "%s", nul); }
	FMT_IS("0x1000", "%p", (void *)0x1000);
	FMT_IS("c=Z", "c=%c", 'Z');
	FMT_IS("   0042", "%7.4d", 42);
	FMT_IS("12", "%zu", (size_t)12);
	KT_ASSERT(ksnprintf(small, sizeof(small), "%s", "hello") == 5);
	KT_ASSERT(strcmp(small, "hel") == 0);
	return 0;
}

int
ktest_cmdline(void)
{
	char buf[32];

	KT_ASSERT(cmdline_has("ktest"));
	KT_ASSERT(cmdline_get("ktest", buf, sizeof(buf)) != NULL);
	KT_ASSERT(!cmdline_has("no-such-option-here"));
	KT_ASSERT(cmdline_long("no-such-number", -3) == -3);
	return 0;
}
