/*
 * mkdir - make directories.  -p: make missing parents and accept existing
 * directories; -m MODE: the new directories' mode (octal or symbolic).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static bool opt_parents;
static bool have_mode;
static mode_t mode;

/* mkdir(2), but with -p an existing directory is fine. */
static int
make_one(const char *path, mode_t m)
{
	struct stat st;

	if (mkdir(path, m) == 0)
		return 0;
	if (opt_parents && errno == EEXIST && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return 0;
	if (opt_parents && errno == EEXIST)
		errno = ENOTDIR;
	return -1;
}

/* Make each missing ancestor of path, then path itself. */
static int
make_parents(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		while (s[1] == '/')
			s++;
		if (s[1] == '\0')
			break;
		*s = '\0';
		rc = make_one(p, 0777);
		*s = '/';
		if (rc < 0) {
			warn("%s", p);
			break;
		}
	}
	free(p);
	return rc;
}

static int
make_dir(const char *path)
{
	if (opt_parents && make_parents(path) < 0)
		return 1;
	if (make_one(path, have_mode ? mode : 0777) < 0) {
		warn("%s", path);
		return 1;
	}
	if (have_mode && chmod(path, mode) < 0) {
		warn("%s", path);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int c, rc = 0;

	util_init(argc, argv, "mkdir", "[-p] [-m MODE] DIR...");
	while ((c = getopt(argc, argv, "pm:")) != -1) {
		switch (c) {
		case 'p':
			opt_parents = true;
			break;
		case 'm':
			if (parse_mode(optarg, 0777, true, &mode) < 0)
				bad_arg("mode", optarg);
			have_mode = true;
			break;
		default:
			usage();
		}
	}
	if (optind == argc)
		usage();
	for (; optind < argc; optind++)
		rc |= make_dir(argv[optind]);
	return rc;
}
