/*
 * date - print the date and time: date [-u] [-d @SECONDS] [+FORMAT].
 * FORMAT is strftime's; the default looks like "Thu Nov 27 14:21:32 UTC 2026".
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* Format tm and print it with a newline. */
static void
print_time(const char *fmt, const struct tm *tm)
{
	size_t cap = 256, n;
	char *buf = NULL;

	if (*fmt == '\0') {
		putchar('\n');
		return;
	}
	for (;;) {
		buf = xrealloc(buf, cap);
		n = strftime(buf, cap, fmt, tm);
		if (n > 0 || cap >= 65536)
			break;
		cap *= 2;
	}
	buf[n] = '\0';
	puts(buf);
	free(buf);
}

int
main(int argc, char **argv)
{
	const char *fmt = "%a %b %e %H:%M:%S %Z %Y";
	struct timespec ts;
	struct tm *tm;
	bool utc = false, have_time = false;
	long secs;
	int c;

	util_init(argc, argv, "date", "[-u] [-d @SECONDS] [+FORMAT]");
	while ((c = getopt(argc, argv, "ud:")) != -1) {
		if (c == 'u') {
			utc = true;
		} else if (c == 'd') {
			if (optarg[0] != '@' ||
			    parse_long(optarg + 1, &secs) < 0)
				bad_arg("date", optarg);
			ts.tv_sec = (time_t)secs;
			have_time = true;
		} else {
			usage();
		}
	}
	if (optind < argc && argv[optind][0] == '+')
		fmt = argv[optind++] + 1;
	if (optind != argc)
		usage();
	if (!have_time && clock_gettime(CLOCK_REALTIME, &ts) < 0)
		die("clock_gettime");
	tm = utc ? gmtime(&ts.tv_sec) : localtime(&ts.tv_sec);
	if (tm == NULL)
		diex("time out of range");
	print_time(fmt, tm);
	return fflush(stdout) == 0 ? 0 : 1;
}
