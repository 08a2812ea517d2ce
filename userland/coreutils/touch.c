/*
 * touch - set file times to now (creating missing files).  -c: do not
 * create; -a / -m: access or modification time only; -d @SECONDS or
 * -r FILE: use that time instead of now.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static bool opt_no_create;
static struct timespec times[2] = {
	{ 0, UTIME_NOW }, { 0, UTIME_NOW },
};

static int
touch(const char *path)
{
	int fd;

	if (utimensat(AT_FDCWD, path, times, 0) == 0)
		return 0;
	if (errno != ENOENT) {
		warn("%s", path);
		return 1;
	}
	if (opt_no_create)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_NOCTTY, 0666);
	if (fd < 0 || close(fd) < 0 ||
	    utimensat(AT_FDCWD, path, times, 0) < 0) {
		warn("%s", path);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	bool only_a = false, only_m = false;
	struct stat st;
	long secs;
	int c, rc = 0;

	util_init(argc, argv, "touch",
		  "[-acm] [-d @SECONDS | -r FILE] FILE...");
	while ((c = getopt(argc, argv, "acmd:r:")) != -1) {
		switch (c) {
		case 'a':
			only_a = true;
			break;
		case 'c':
			opt_no_create = true;
			break;
		case 'm':
			only_m = true;
			break;
		case 'd':
			if (optarg[0] != '@' ||
			    parse_long(optarg + 1, &secs) < 0)
				bad_arg("date", optarg);
			times[0].tv_sec = times[1].tv_sec = (time_t)secs;
			times[0].tv_nsec = times[1].tv_nsec = 0;
			break;
		case 'r':
			if (stat(optarg, &st) < 0)
				die("%s", optarg);
			times[0] = st.st_atim;
			times[1] = st.st_mtim;
			break;
		default:
			usage();
		}
	}
	if (optind == argc)
		usage();
	if (only_m && !only_a)
		times[0].tv_nsec = UTIME_OMIT;
	if (only_a && !only_m)
		times[1].tv_nsec = UTIME_OMIT;
	for (; optind < argc; optind++)
		rc |= touch(argv[optind]);
	return rc;
}
