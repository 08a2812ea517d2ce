/*
 * head - print the first lines (-n N, default 10) or bytes (-c N) of files.
 * With several files each is preceded by "==> NAME <==".  "-N" means -n N.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static long count = 10;
static bool opt_bytes;

/* Copy the first count lines (or bytes) of fd to stdout; -1 on error. */
static int
head_fd(int fd, bool *werr)
{
	char buf[8192];
	long left = count;
	ssize_t n, i;

	*werr = false;
	while (left > 0) {
		if ((n = read(fd, buf, sizeof(buf))) <= 0)
			return n < 0 ? -1 : 0;
		if (opt_bytes) {
			i = n < left ? n : left;
			left -= i;
		} else {
			for (i = 0; i < n && left > 0; i++)
				if (buf[i] == '\n')
					left--;
		}
		if (write_all(1, buf, (size_t)i) < 0) {
			*werr = true;
			return -1;
		}
	}
	return 0;
}

static int
head_file(const char *path, bool header)
{
	static bool first = true;

	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	int fd = 0, rc = 0;
	bool werr;

	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0) {
		warn("%s", path);
		return 1;
	}
	if (header) {
		dprintf(1, "%s==> %s <==\n", first ? "" : "\n", name);
		first = false;
	}
	if (head_fd(fd, &werr) < 0) {
		if (werr)
			die("write error");
		warn("%s", path);
		rc = 1;
	}
	if (fd != 0)
		close(fd);
	return rc;
}

static void
set_count(const char *s)
{
	if (parse_long(s, &count) < 0 || count < 0)
		bad_arg("count", s);
}

int
main(int argc, char **argv)
{
	int c, i, rc = 0;

	util_init(argc, argv, "head", "[-n N | -c N | -N] [FILE...]");
	if (argc > 1 && argv[1][0] == '-' &&
	    isdigit((unsigned char)argv[1][1])) {	/* old style: -N */
		set_count(argv[1] + 1);
		optind = 2;
	}
	while ((c = getopt(argc, argv, "n:c:")) != -1) {
		if (c == '?')
			usage();
		opt_bytes = c == 'c';
		set_count(optarg);
	}
	if (optind == argc)
		return head_file("-", false);
	for (i = optind; i < argc; i++)
		rc |= head_file(argv[i], argc - optind > 1);
	return rc;
}
