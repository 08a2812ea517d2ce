/*
 * cmdline_test.c -- unit tests of the kernel command line lookups
 * (kernel/cmdline.c) with the test HAL's settable command line.
 */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "testhal.h"

#define LINE "a=1 b c=hello d= e=0x10"

static void
setup(void)
{
	testhal_reset();
	testhal_set_cmdline(LINE);
}

START_TEST(test_get_values)
{
	char buf[32];

	ck_assert_ptr_eq(cmdline_get("a", buf, sizeof(buf)), buf);
	ck_assert_str_eq(buf, "1");
	ck_assert_ptr_eq(cmdline_get("c", buf, sizeof(buf)), buf);
	ck_assert_str_eq(buf, "hello");
	ck_assert_ptr_eq(cmdline_get("e", buf, sizeof(buf)), buf);
	ck_assert_str_eq(buf, "0x10");
}
END_TEST

/* A flag and an empty value both read as "". */
START_TEST(test_get_flag_and_empty)
{
	char buf[8];

	strcpy(buf, "junk");
	ck_assert_ptr_eq(cmdline_get("b", buf, sizeof(buf)), buf);
	ck_assert_str_eq(buf, "");
	strcpy(buf, "junk");
	ck_assert_ptr_eq(cmdline_get("d", buf, sizeof(buf)), buf);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_get_absent)
{
	char buf[8] = "keep";

	ck_assert_ptr_null(cmdline_get("f", buf, sizeof(buf)));
	ck_assert_ptr_null(cmdline_get("hello", buf, sizeof(buf)));
	ck_assert_ptr_null(cmdline_get("1", buf, sizeof(buf)));
	ck_assert_str_eq(buf, "keep");
}
END_TEST

START_TEST(test_get_truncates)
{
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	ck_assert_ptr_eq(cmdline_get("c", buf, 3), buf);
	ck_assert_str_eq(buf, "he");
	ck_assert_int_eq(buf[3], 'Z');
	ck_assert_ptr_eq(cmdline_get("c", buf, 1), buf);
	ck_assert_str_eq(buf, "");
	ck_assert_ptr_eq(cmdline_get("c", buf, 6), buf);
	ck_assert_str_eq(buf, "hello");
	ck_assert_ptr_null(cmdline_get("c", buf, 0));
}
END_TEST

START_TEST(test_has)
{
	ck_assert(cmdline_has("a"));
	ck_assert(cmdline_has("b"));
	ck_assert(cmdline_has("c"));
	ck_assert(cmdline_has("d"));
	ck_assert(cmdline_has("e"));
	ck_assert(!cmdline_has("f"));
	ck_assert(!cmdline_has("hello"));
	ck_assert(!cmdline_has("0x10"));
}
END_TEST

/* A key is a whole word: "a" is not "ab", "ab" is not "a". */
START_TEST(test_prefix_does_not_match)
{
	char buf[16];

	ck_assert(!cmdline_has("ab"));
	ck_assert(!cmdline_has("c=hel"));
	ck_assert_ptr_null(cmdline_get("ab", buf, sizeof(buf)));
	testhal_set_cmdline("ab=2 abc xa=5 a=7");
	ck_assert_ptr_eq(cmdline_get("a", buf, sizeof(buf)), buf);
	ck_assert_str_eq(buf, "7");
	ck_assert_int_eq(cmdline_long("a", -1), 7);
	ck_assert_int_eq(cmdline_long("ab", -1), 2);
	ck_assert(cmdline_has("abc"));
	ck_assert(!cmdline_has("x"));
	testhal_set_cmdline("quietly loglevel=3");
	ck_assert(!cmdline_has("quiet"));
	ck_assert(!cmdline_has("loglevel=3x"));
}
END_TEST

START_TEST(test_long)
{
	ck_assert_int_eq(cmdline_long("a", -1), 1);
	ck_assert_int_eq(cmdline_long("e", -1), 16);
	ck_assert_int_eq(cmdline_long("c", -1), -1);	/* not a number */
	ck_assert_int_eq(cmdline_long("b", 7), 7);	/* flag, no value */
	ck_assert_int_eq(cmdline_long("d", 8), 8);	/* empty value */
	ck_assert_int_eq(cmdline_long("f", 9), 9);	/* absent */
	testhal_set_cmdline("n=-42 o=010 p=12abc q=9223372036854775807 "
			    "r=99999999999999999999 s=-0x20 t=0");
	ck_assert_int_eq(cmdline_long("n", 0), -42);
	ck_assert_int_eq(cmdline_long("o", 0), 8);
	ck_assert_int_eq(cmdline_long("p", 5), 5);
	ck_assert_int_eq(cmdline_long("q", 0), LONG_MAX);
	ck_assert_int_eq(cmdline_long("r", 0), LONG_MAX);	/* saturates */
	ck_assert_int_eq(cmdline_long("s", 0), -32);
	ck_assert_int_eq(cmdline_long("t", 3), 0);
}
END_TEST

/* The first of repeated keys wins; blanks at either end are ignored. */
START_TEST(test_spacing_and_repeats)
{
	char buf[16];

	testhal_set_cmdline("   x=1    x=2   y  ");
	ck_assert_int_eq(cmdline_long("x", 0), 1);
	ck_assert(cmdline_has("y"));
	ck_assert_ptr_eq(cmdline_get("y", buf, sizeof(buf)), buf);
	ck_assert_str_eq(buf, "");
	testhal_set_cmdline("");
	ck_assert(!cmdline_has("a"));
	ck_assert_ptr_null(cmdline_get("a", buf, sizeof(buf)));
	ck_assert_int_eq(cmdline_long("a", 4), 4);
	testhal_set_cmdline("k=a=b");
	ck_assert_ptr_eq(cmdline_get("k", buf, sizeof(buf)), buf);
	ck_assert_str_eq(buf, "a=b");
}
END_TEST

/*
 * Was a bug (kernel/cmdline.c, cmdline_long, via kstrtol in kernel/klib.c): a
 * value that is only a sign is malformed, but kstrtol moves *end past the
 * sign, so cmdline_long returns 0 instead of the default.
 */
START_TEST(test_long_sign_only)
{
	long v;

	testhal_set_cmdline("loglevel=- x=+");
	v = cmdline_long("loglevel", -1);
	ck_assert_msg(v == -1, "cmdline_long(\"loglevel\", -1) with "
		      "\"loglevel=-\" is %ld, not the default -1", v);
	v = cmdline_long("x", 5);
	ck_assert_msg(v == 5, "cmdline_long(\"x\", 5) with \"x=+\" is "
		      "%ld, not the default 5", v);
}
END_TEST

/*
 * Was a bug (kernel/cmdline.c, cmdline_long): the value is cut to 31 characters
 * (buf[32]) before it is parsed, so a long value is judged by its start:
 * 40 zeros then 5 read as 0, and digits followed by junk after the cut
 * read as a number instead of the default.
 */
START_TEST(test_long_value_longer_than_buffer)
{
	long v;

	testhal_set_cmdline("n=0000000000000000000000000000000000000005 "
			    "m=1234567890123456789012345678901234567890x");
	v = cmdline_long("n", -1);
	ck_assert_msg(v == 5, "cmdline_long(\"n\") of 40 zeros and a 5 is "
		      "%ld, not 5", v);
	v = cmdline_long("m", -1);
	ck_assert_msg(v == -1, "cmdline_long(\"m\") of 40 digits and an x "
		      "is %ld, not the default -1", v);
}
END_TEST

static Suite *
cmdline_suite(void)
{
	Suite *s = suite_create("cmdline");
	TCase *tc = tcase_create("cmdline");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_get_values);
	tcase_add_test(tc, test_get_flag_and_empty);
	tcase_add_test(tc, test_get_absent);
	tcase_add_test(tc, test_get_truncates);
	tcase_add_test(tc, test_has);
	tcase_add_test(tc, test_prefix_does_not_match);
	tcase_add_test(tc, test_long);
	tcase_add_test(tc, test_spacing_and_repeats);
	tcase_add_test(tc, test_long_sign_only);
	tcase_add_test(tc, test_long_value_longer_than_buffer);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(cmdline_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
