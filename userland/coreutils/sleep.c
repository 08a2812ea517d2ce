/*
 * sleep - wait for the sum of the given times: seconds, fractions allowed,
 * with an optional suffix s, m, h or d ("sleep 0.5", "sleep 1m 30").
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

/* Seconds meant by one argument; bad_arg() if malformed. */
static double
parse_interval(const char *s)
{
	char *end;
	double d;

	if (!isdigit((unsigned char)*s) && *s != '.')
		bad_arg("time interval", s);
	d = strtod(s, &end);
	if (end == s || !isfinite(d) || d < 0)
		bad_arg("time interval", s);
	switch (*end) {
	case '\0':
	case 's':
		break;
	case 'm':
		d *= 60;
		break;
	case 'h':
		d *= 3600;
		break;
	case 'd':
		d *= 86400;
		break;
	default:
		bad_arg("time interval", s);
	}
	if (*end != '\0' && end[1] != '\0')
		bad_arg("time interval", s);
	return d;
}

int
main(int argc, char **argv)
{
	struct timespec ts;
	double total = 0;
	int i;

	util_init(argc, argv, "sleep", "SECONDS[smhd]...");
	i = argc > 1 && strcmp(argv[1], "--") == 0 ? 2 : 1;
	if (i == argc)
		usage();
	for (; i < argc; i++)
		total += parse_interval(argv[i]);
	if (total > 1e9)
		total = 1e9;
	ts.tv_sec = (time_t)total;
	ts.tv_nsec = (long)((total - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0) {
		if (errno != EINTR)
			die("nanosleep");
	}
	return 0;
}
