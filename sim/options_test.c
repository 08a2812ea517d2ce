/*
 * options_test.c -- unit tests of circlesim's command line (sim/options.c):
 * every option, QEMU-style sizes, errors naming the option, help/version.
 */
#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim.h"

static struct sim_options o;
static char err[512];

/* Parse "circlesim" followed by the NULL-terminated arguments. */
static int
parsev(const char *first, va_list ap)
{
	char *argv[64];
	int argc = 0;

	argv[argc++] = (char *)"circlesim";
	for (const char *a = first; a != NULL; a = va_arg(ap, const char *)) {
		ck_assert_int_lt(argc, 63);
		argv[argc++] = (char *)a;
	}
	argv[argc] = NULL;
	sim_options_default(&o);
	memset(err, 0, sizeof(err));
	return sim_options_parse(&o, argc, argv, err, sizeof(err));
}

static int
parse(const char *first, ...)
{
	va_list ap;
	int r;

	va_start(ap, first);
	r = parsev(first, ap);
	va_end(ap);
	return r;
}

/* The parse must fail with a message mentioning each of the words. */
static void
expect_error(const char *const *args, const char *word1, const char *word2)
{
	char *argv[2 * SIM_MAX_DRIVES + 8];
	int argc = 0, r;

	argv[argc++] = (char *)"circlesim";
	while (*args != NULL)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	sim_options_default(&o);
	memset(err, 0, sizeof(err));
	r = sim_options_parse(&o, argc, argv, err, sizeof(err));
	ck_assert_msg(r == SIM_OPT_ERROR, "%s %s: returned %d, not an error",
		      argv[1], argc > 2 ? argv[2] : "", r);
	ck_assert_msg(strstr(err, word1) != NULL, "message '%s' lacks '%s'",
		      err, word1);
	ck_assert_msg(word2 == NULL || strstr(err, word2) != NULL,
		      "message '%s' lacks '%s'", err, word2);
	ck_assert_msg(strchr(err, '\n') == NULL, "message '%s' is not one line",
		      err);
	ck_assert_msg(strstr(err, "circlesim -help") != NULL,
		      "message '%s' does not point to -help", err);
}

/* An option with a bad value: the message names the option and value. */
static void
expect_bad_value(const char *opt, const char *value, const char *name)
{
	const char *args[] = { opt, value, NULL };

	expect_error(args, name, value);
}

/* Run a parse with stdout going to a file; return what was printed. */
static int
parse_capture(char *out, size_t n, const char *first, ...)
{
	FILE *tmp = tmpfile();
	int saved, r;
	size_t got;
	va_list ap;

	ck_assert_ptr_nonnull(tmp);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	ck_assert_int_ge(saved, 0);
	dup2(fileno(tmp), STDOUT_FILENO);
	va_start(ap, first);
	r = parsev(first, ap);
	va_end(ap);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	got = fread(out, 1, n - 1, tmp);
	out[got] = '\0';
	fclose(tmp);
	return r;
}

START_TEST(test_defaults)
{
	ck_assert_int_eq(parse(NULL), SIM_OPT_RUN);
	ck_assert_int_eq(o.smp, 1);
	ck_assert_uint_eq(o.mem, 256ull << 20);
	ck_assert_str_eq(o.append, "");
	ck_assert(!o.nographic);
	ck_assert_ptr_null(o.serial);
	ck_assert(o.timeout == 0);
	ck_assert_int_eq(o.clock, SIM_CLOCK_HOST);
	ck_assert(!o.seed_set);
	ck_assert_ptr_null(o.initrd);
	ck_assert_str_eq(o.display, "none");
	ck_assert(!o.no_reboot);
}
END_TEST

START_TEST(test_every_option)
{
	int r = parse("-smp", "4", "-m", "1G", "-append", "ktest=all quiet",
		      "-initrd", "/tmp/root.cpio", "-nographic", "-display",
		      "none", "-serial", "file:/tmp/console.log", "-clock",
		      "virtual", "-seed", "42", "-timeout", "2.5", "-no-reboot",
		      NULL);

	ck_assert_msg(r == SIM_OPT_RUN, "returned %d: %s", r, err);
	ck_assert_int_eq(o.smp, 4);
	ck_assert_uint_eq(o.mem, 1ull << 30);
	ck_assert_str_eq(o.append, "ktest=all quiet");
	ck_assert_str_eq(o.initrd, "/tmp/root.cpio");
	ck_assert(o.nographic);
	ck_assert_str_eq(o.display, "none");
	ck_assert_str_eq(o.serial, "/tmp/console.log");
	ck_assert_int_eq(o.clock, SIM_CLOCK_VIRTUAL);
	ck_assert(o.seed_set);
	ck_assert_uint_eq(o.seed, 42);
	ck_assert(o.timeout == 2.5);
	ck_assert(o.no_reboot);
}
END_TEST

START_TEST(test_double_dash)
{
	int r = parse("--smp", "3", "--m", "512M", "--append", "x=1",
		      "--nographic", "--no-reboot", "--clock", "virtual",
		      "--seed", "7", "--timeout", "9", NULL);

	ck_assert_msg(r == SIM_OPT_RUN, "returned %d: %s", r, err);
	ck_assert_int_eq(o.smp, 3);
	ck_assert_uint_eq(o.mem, 512ull << 20);
	ck_assert_str_eq(o.append, "x=1");
	ck_assert(o.nographic && o.no_reboot);
	ck_assert_int_eq(o.clock, SIM_CLOCK_VIRTUAL);
	ck_assert_uint_eq(o.seed, 7);
	ck_assert(o.timeout == 9);
}
END_TEST

START_TEST(test_later_wins_and_values_look_like_options)
{
	ck_assert_int_eq(parse("-smp", "2", "-smp", "5", "-clock", "virtual",
			       "-clock", "host", NULL), SIM_OPT_RUN);
	ck_assert_int_eq(o.smp, 5);
	ck_assert_int_eq(o.clock, SIM_CLOCK_HOST);
	/* A value is taken as it is, even if it starts with '-'. */
	ck_assert_int_eq(parse("-append", "-smp", NULL), SIM_OPT_RUN);
	ck_assert_str_eq(o.append, "-smp");
	ck_assert_int_eq(o.smp, 1);
	ck_assert_int_eq(parse("-append", "", NULL), SIM_OPT_RUN);
	ck_assert_str_eq(o.append, "");
}
END_TEST

START_TEST(test_smp)
{
	ck_assert_int_eq(parse("-smp", "1", NULL), SIM_OPT_RUN);
	ck_assert_int_eq(o.smp, 1);
	ck_assert_int_eq(parse("-smp", "64", NULL), SIM_OPT_RUN);
	ck_assert_int_eq(o.smp, SIM_MAX_CPUS);
	ck_assert_int_eq(parse("-smp", "cpus=8", NULL), SIM_OPT_RUN);
	ck_assert_int_eq(o.smp, 8);
	ck_assert_int_eq(parse("-smp", "0x10", NULL), SIM_OPT_RUN);
	ck_assert_int_eq(o.smp, 16);
	expect_bad_value("-smp", "0", "-smp");
	expect_bad_value("-smp", "65", "-smp");
	expect_bad_value("-smp", "-1", "-smp");
	expect_bad_value("-smp", "4x", "-smp");
	expect_bad_value("-smp", "four", "-smp");
	expect_bad_value("-smp", "99999999999999999999", "-smp");
	expect_bad_value("--smp", "0", "-smp");
	{
		const char *a[] = { "-smp", "", NULL };
		const char *b[] = { "-smp", "cpus=", NULL };

		expect_error(a, "-smp", NULL);
		expect_error(b, "-smp", NULL);
	}
	ck_assert_int_eq(o.smp, 1);	/* untouched by the failures */
}
END_TEST

struct size_case {
	const char *s;
	uint64_t bytes;
};

START_TEST(test_parse_size_good)
{
	static const struct size_case good[] = {
		{ "256M", 256ull << 20 }, { "256m", 256ull << 20 },
		{ "1G", 1ull << 30 }, { "1g", 1ull << 30 },
		{ "64K", 64ull << 10 }, { "64k", 64ull << 10 },
		{ "100", 100ull << 20 }, { "0", 0 }, { "007", 7ull << 20 },
		{ "1048576B", 1048576 }, { "1b", 1 }, { "1T", 1ull << 40 },
		{ "256MiB", 256ull << 20 }, { "1GiB", 1ull << 30 },
		{ "64KiB", 64ull << 10 }, { "2TiB", 2ull << 40 },
		{ "16777215T", 16777215ull << 40 },
		{ "17592186044415", 17592186044415ull << 20 },
		{ "18446744073709551615B", UINT64_MAX },
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		uint64_t b = 12345;

		ck_assert_msg(sim_parse_size(good[i].s, &b) == 0,
			      "sim_parse_size(\"%s\") failed", good[i].s);
		ck_assert_msg(b == good[i].bytes, "sim_parse_size(\"%s\") = %ju, "
			      "not %ju", good[i].s, (uintmax_t)b,
			      (uintmax_t)good[i].bytes);
	}
}
END_TEST

START_TEST(test_parse_size_bad)
{
	static const char *const bad[] = {
		"", "M", "G", " 1M", "+1M", "-1M", "1.5G", "1MB", "1Mi",
		"1MiBx", "1X", "1 M", "1P", "0x10", "16777216T", "17179869184G",
		"17592186044416", "18446744073709551616B", "99999999999999999999",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t b = 12345;

		ck_assert_msg(sim_parse_size(bad[i], &b) == -1,
			      "sim_parse_size(\"%s\") accepted (%ju)", bad[i],
			      (uintmax_t)b);
		ck_assert_msg(b == 12345, "sim_parse_size(\"%s\") wrote *bytes",
			      bad[i]);
	}
}
END_TEST

START_TEST(test_mem)
{
	ck_assert_int_eq(parse("-m", "16", NULL), SIM_OPT_RUN);
	ck_assert_uint_eq(o.mem, 16ull << 20);
	ck_assert_int_eq(parse("-m", "64G", NULL), SIM_OPT_RUN);
	ck_assert_uint_eq(o.mem, 64ull << 30);
	ck_assert_int_eq(parse("-m", "size=512M", NULL), SIM_OPT_RUN);
	ck_assert_uint_eq(o.mem, 512ull << 20);
	ck_assert_int_eq(parse("-m", "17000K", NULL), SIM_OPT_RUN);
	ck_assert_uint_eq(o.mem, 17000ull << 10);
	/* Rounded down to whole pages. */
	ck_assert_int_eq(parse("-m", "16777217B", NULL), SIM_OPT_RUN);
	ck_assert_uint_eq(o.mem, 16ull << 20);
	ck_assert_int_eq(parse("-m", "20971519B", NULL), SIM_OPT_RUN);
	ck_assert_uint_eq(o.mem, (20ull << 20) - 4096);

	expect_bad_value("-m", "15", "out of range");
	expect_bad_value("-m", "64K", "out of range");
	expect_bad_value("-m", "0", "out of range");
	expect_bad_value("-m", "16777215B", "out of range");
	expect_bad_value("-m", "65G", "out of range");
	expect_bad_value("-m", "1T", "out of range");
	expect_bad_value("-m", "x", "invalid size");
	expect_bad_value("-m", "1.5G", "invalid size");
	expect_bad_value("-m", "-1", "invalid size");
	expect_bad_value("-m", "256MB", "invalid size");
	expect_bad_value("-m", "15", "-m");
	expect_bad_value("-m", "x", "-m");
	{
		const char *a[] = { "-m", "", NULL };

		expect_error(a, "-m", "invalid size");
	}
}
END_TEST

START_TEST(test_timeout)
{
	ck_assert_int_eq(parse("-timeout", "1.5", NULL), SIM_OPT_RUN);
	ck_assert(o.timeout == 1.5);
	ck_assert_int_eq(parse("-timeout", "0.001", NULL), SIM_OPT_RUN);
	ck_assert(o.timeout == 0.001);
	ck_assert_int_eq(parse("-timeout", "1e9", NULL), SIM_OPT_RUN);
	ck_assert(o.timeout == 1e9);
	expect_bad_value("-timeout", "0", "-timeout");
	expect_bad_value("-timeout", "-1", "-timeout");
	expect_bad_value("-timeout", "nan", "-timeout");
	expect_bad_value("-timeout", "inf", "-timeout");
	expect_bad_value("-timeout", "1e10", "-timeout");
	expect_bad_value("-timeout", "5s", "-timeout");
	expect_bad_value("-timeout", "", "-timeout");
}
END_TEST

START_TEST(test_seed)
{
	ck_assert_int_eq(parse("-seed", "0", NULL), SIM_OPT_RUN);
	ck_assert(o.seed_set);
	ck_assert_uint_eq(o.seed, 0);
	ck_assert_int_eq(parse("-seed", "0x10", NULL), SIM_OPT_RUN);
	ck_assert_uint_eq(o.seed, 16);
	ck_assert_int_eq(parse("-seed", "18446744073709551615", NULL),
			 SIM_OPT_RUN);
	ck_assert_uint_eq(o.seed, UINT64_MAX);
	expect_bad_value("-seed", "-1", "-seed");
	expect_bad_value("-seed", "12abc", "-seed");
	expect_bad_value("-seed", "18446744073709551616", "-seed");
	expect_bad_value("-seed", "", "-seed");
	ck_assert(!o.seed_set);
}
END_TEST

/*
 * Was a bug (sim/options.c, opt_seed): negative seeds are refused by looking at
 * the first character only, but strtoull skips leading blanks and then
 * negates, so "-seed ' -1'" is accepted as 18446744073709551615.
 */
START_TEST(test_seed_negative_after_blank)
{
	int r = parse("-seed", " -1", NULL);

	ck_assert_msg(r == SIM_OPT_ERROR, "-seed ' -1' accepted as seed "
		      "%ju", (uintmax_t)o.seed);
}
END_TEST

START_TEST(test_serial)
{
	ck_assert_int_eq(parse("-serial", "stdio", NULL), SIM_OPT_RUN);
	ck_assert_ptr_null(o.serial);
	ck_assert_int_eq(parse("-serial", "mon:stdio", NULL), SIM_OPT_RUN);
	ck_assert_ptr_null(o.serial);
	ck_assert_int_eq(parse("-serial", "file:out.txt", NULL), SIM_OPT_RUN);
	ck_assert_str_eq(o.serial, "out.txt");
	ck_assert_int_eq(parse("-serial", "file:/a", "-serial", "stdio", NULL),
			 SIM_OPT_RUN);
	ck_assert_ptr_null(o.serial);
	expect_bad_value("-serial", "file:", "-serial");
	expect_bad_value("-serial", "pty", "-serial");
	expect_bad_value("-serial", "", "-serial");
}
END_TEST

START_TEST(test_clock)
{
	ck_assert_int_eq(parse("-clock", "virtual", NULL), SIM_OPT_RUN);
	ck_assert_int_eq(o.clock, SIM_CLOCK_VIRTUAL);
	ck_assert_int_eq(parse("-clock", "host", NULL), SIM_OPT_RUN);
	ck_assert_int_eq(o.clock, SIM_CLOCK_HOST);
	ck_assert_int_eq(parse("-clock", "real", NULL), SIM_OPT_RUN);
	ck_assert_int_eq(o.clock, SIM_CLOCK_HOST);
	expect_bad_value("-clock", "VIRTUAL", "-clock");
	expect_bad_value("-clock", "rt", "-clock");
	expect_bad_value("-clock", "", "-clock");
}
END_TEST

START_TEST(test_display_initrd)
{
	const char *sdl[] = { "-display", "sdl", NULL };
	const char *sdl2[] = { "-display", "sdl,gl=on", NULL };
	const char *ini[] = { "-initrd", "", NULL };

	ck_assert_int_eq(parse("-display", "none", NULL), SIM_OPT_RUN);
	ck_assert_str_eq(o.display, "none");
	expect_error(sdl, "-display", "not yet");
	expect_error(sdl2, "-display", "not yet");
	expect_bad_value("-display", "gtk", "-display");
	expect_error(ini, "-initrd", NULL);
	ck_assert_int_eq(parse("-initrd", "root.cpio", NULL), SIM_OPT_RUN);
	ck_assert_str_eq(o.initrd, "root.cpio");
}
END_TEST

START_TEST(test_unknown_and_unexpected)
{
	static const char *const unknown[] = {
		"-foo", "--foo", "-", "--", "---smp", "-SMP", "-s", "-smpx",
		"-nographicx", "-m=1G",
	};
	const char *a[2] = { NULL, NULL };
	const char *pos[] = { "-smp", "2", "a.img", "b.img", NULL };

	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		char quoted[64];

		a[0] = unknown[i];
		snprintf(quoted, sizeof(quoted), "'%s'", unknown[i]);
		expect_error(a, "unknown option", quoted);
	}
	/* One image may be given without -drive; a second may not. */
	expect_error(pos, "unexpected argument", "'b.img'");
}
END_TEST

START_TEST(test_drive)
{
	int r = parse("-drive", "file=a.img", "-drive",
		      "file=b.img,format=raw,readonly=on", "-drive",
		      "snapshot=on,file=c,,d.img,if=virtio", NULL);

	ck_assert_msg(r == SIM_OPT_RUN, "returned %d: %s", r, err);
	ck_assert_int_eq(o.ndrives, 3);
	ck_assert_str_eq(o.drives[0].file, "a.img");
	ck_assert(!o.drives[0].readonly && !o.drives[0].snapshot);
	ck_assert_str_eq(o.drives[1].file, "b.img");
	ck_assert(o.drives[1].readonly && !o.drives[1].snapshot);
	ck_assert_str_eq(o.drives[2].file, "c,d.img");	/* ",," is a comma */
	ck_assert(!o.drives[2].readonly && o.drives[2].snapshot);
	/* The positional image is the first disk wherever it stands. */
	ck_assert_int_eq(parse("-drive", "file=x", "root.img", "-drive",
			       "file=y,snapshot=off,readonly=off", NULL),
			 SIM_OPT_RUN);
	ck_assert_int_eq(o.ndrives, 3);
	ck_assert_str_eq(o.drives[0].file, "root.img");
	ck_assert_str_eq(o.drives[1].file, "x");
	ck_assert_str_eq(o.drives[2].file, "y");
	/* -snapshot applies to every disk; bare flags mean on. */
	ck_assert_int_eq(parse("a.img", "-snapshot", "-drive",
			       "file=b,readonly", NULL), SIM_OPT_RUN);
	ck_assert(o.drives[0].snapshot && o.drives[1].snapshot);
	ck_assert(o.drives[1].readonly && !o.drives[0].readonly);
	ck_assert_int_eq(parse(NULL), SIM_OPT_RUN);
	ck_assert_int_eq(o.ndrives, 0);
}
END_TEST

START_TEST(test_drive_errors)
{
	static const struct {
		const char *v, *word1, *word2;
	} bad[] = {
		{ "file=a,bogus=1", "unknown key", "'bogus'" },
		{ "file=a,format=qcow2", "format 'qcow2'", "raw" },
		{ "file=a,format=vmdk", "not supported", NULL },
		{ "file=a,readonly=maybe", "readonly=maybe", "on or off" },
		{ "file=a,snapshot=2", "snapshot=2", NULL },
		{ "file=a,file=b", "'file' given twice", NULL },
		{ "file=a,readonly=on,readonly=off", "given twice", NULL },
		{ "format=raw", "no file=", NULL },
		{ "", "no file=", NULL },
		{ "file=", "empty file name", NULL },
		{ "file", "'file' needs a value", NULL },
		{ "file=a,if=ide", "interface 'ide'", NULL },
	};
	const char *a[3] = { "-drive", NULL, NULL };
	const char *many[2 * SIM_MAX_DRIVES + 4];
	int n = 0;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a[1] = bad[i].v;
		expect_error(a, bad[i].word1, bad[i].word2);
		expect_error(a, "-drive", NULL);
	}
	/* Eight disks are fine; a ninth, with or without -drive, is not. */
	for (int i = 0; i < SIM_MAX_DRIVES; i++) {
		many[n++] = "-drive";
		many[n++] = "file=x";
	}
	many[n] = NULL;
	{
		char *argv[2 * SIM_MAX_DRIVES + 4];

		argv[0] = (char *)"circlesim";
		for (int i = 0; i < n; i++)
			argv[i + 1] = (char *)many[i];
		argv[n + 1] = NULL;
		sim_options_default(&o);
		ck_assert_int_eq(sim_options_parse(&o, n + 1, argv, err,
						   sizeof(err)), SIM_OPT_RUN);
		ck_assert_int_eq(o.ndrives, SIM_MAX_DRIVES);
	}
	many[n++] = "-drive";
	many[n++] = "file=y";
	many[n] = NULL;
	expect_error(many, "too many drives", "8");
	many[n - 2] = "z.img";
	many[n - 1] = NULL;
	expect_error(many, "too many drives", NULL);
}
END_TEST

START_TEST(test_missing_value)
{
	static const char *const need[] = {
		"-smp", "-m", "-append", "-initrd", "-timeout", "-seed",
		"-serial", "-clock", "-display", "--smp", "--append", "-drive",
	};
	const char *a[4] = { "-nographic", NULL, NULL, NULL };

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		char quoted[64];

		a[1] = need[i];
		snprintf(quoted, sizeof(quoted), "'%s'", need[i]);
		expect_error(a, "needs a value", quoted);
	}
}
END_TEST

START_TEST(test_help)
{
	static const char *const forms[] = { "-help", "--help", "-h", "--h" };
	char out[8192];

	for (size_t i = 0; i < 4; i++) {
		int r = parse_capture(out, sizeof(out), forms[i], NULL);

		ck_assert_msg(r == SIM_OPT_EXIT, "%s returned %d", forms[i], r);
		ck_assert_msg(strstr(out, "usage: circlesim") != NULL,
			      "%s printed '%s'", forms[i], out);
	}
	/* Parsing stops at -help: what follows is not looked at. */
	ck_assert_int_eq(parse_capture(out, sizeof(out), "-help", "-bogus",
				       NULL), SIM_OPT_EXIT);
	ck_assert_int_eq(parse_capture(out, sizeof(out), "-bogus", "-help",
				       NULL), SIM_OPT_ERROR);
	ck_assert_str_eq(out, "");
}
END_TEST

/* The usage text lists every option the parser takes. */
START_TEST(test_usage_lists_options)
{
	static const char *const names[] = {
		"-smp", "-m ", "-append", "-initrd", "-nographic", "-display",
		"-serial", "-clock", "-seed", "-timeout", "-no-reboot", "-help",
		"-version", "-drive", "-snapshot", "IMG",
	};
	char out[8192];
	FILE *f = tmpfile();
	size_t n;

	ck_assert_ptr_nonnull(f);
	sim_usage(f);
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(strstr(out, names[i]) != NULL,
			      "usage does not mention %s", names[i]);
}
END_TEST

START_TEST(test_version)
{
	char out[256];

	ck_assert_int_eq(parse_capture(out, sizeof(out), "-version", NULL),
			 SIM_OPT_EXIT);
	ck_assert_str_eq(out, "circlesim (CircleOS) " PACKAGE_VERSION "\n");
	ck_assert_str_eq(sim_version, PACKAGE_VERSION);
	ck_assert_int_eq(parse_capture(out, sizeof(out), "--version", NULL),
			 SIM_OPT_EXIT);
	ck_assert_str_eq(out, "circlesim (CircleOS) " PACKAGE_VERSION "\n");
}
END_TEST

/* A short error buffer gets a truncated, terminated message. */
START_TEST(test_short_error_buffer)
{
	char *argv[] = { (char *)"circlesim", (char *)"-smp", (char *)"100",
			 NULL };
	char small[12];

	memset(small, 'Z', sizeof(small));
	sim_options_default(&o);
	ck_assert_int_eq(sim_options_parse(&o, 3, argv, small, sizeof(small)),
			 SIM_OPT_ERROR);
	ck_assert_uint_eq(strlen(small), sizeof(small) - 1);
	ck_assert(strncmp(small, "circlesim: ", 11) == 0);
}
END_TEST

static Suite *
options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_every_option);
	tcase_add_test(tc, test_double_dash);
	tcase_add_test(tc, test_later_wins_and_values_look_like_options);
	tcase_add_test(tc, test_smp);
	tcase_add_test(tc, test_parse_size_good);
	tcase_add_test(tc, test_parse_size_bad);
	tcase_add_test(tc, test_mem);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_seed);
	tcase_add_test(tc, test_seed_negative_after_blank);
	tcase_add_test(tc, test_serial);
	tcase_add_test(tc, test_clock);
	tcase_add_test(tc, test_display_initrd);
	tcase_add_test(tc, test_unknown_and_unexpected);
	tcase_add_test(tc, test_drive);
	tcase_add_test(tc, test_drive_errors);
	tcase_add_test(tc, test_missing_value);
	tcase_add_test(tc, test_help);
	tcase_add_test(tc, test_usage_lists_options);
	tcase_add_test(tc, test_version);
	tcase_add_test(tc, test_short_error_buffer);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(options_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
