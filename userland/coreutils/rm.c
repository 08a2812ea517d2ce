/*
 * rm - remove files.  -r/-R: remove directories and their contents;
 * -f: ignore missing files, never ask; -i: ask before each removal.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static bool opt_recursive, opt_force, opt_interactive;

/* Ask on stderr, read the answer from stdin; true for y or Y. */
static bool
ask(const char *path, bool isdir)
{
	char line[64];

	fprintf(stderr, "%s: remove %s'%s'? ", progname,
		isdir ? "directory " : "", path);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

/* True if the last component of path is "." or "..". */
static bool
dot_path(const char *path)
{
	char *base = path_base(path);
	bool dot = is_dot_or_dotdot(base);

	free(base);
	return dot;
}

static int
remove_one(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		if (opt_force && errno == ENOENT)
			return 0;
		warn("%s", path);
		return 1;
	}
	if (S_ISDIR(st.st_mode) && !opt_recursive) {
		errno = EISDIR;
		warn("%s", path);
		return 1;
	}
	if (S_ISDIR(st.st_mode) && dot_path(path)) {
		warnx("%s: refusing to remove '.' or '..'", path);
		return 1;
	}
	return remove_tree(path, opt_interactive ? ask : NULL) < 0;
}

int
main(int argc, char **argv)
{
	int c, rc = 0;

	util_init(argc, argv, "rm", "[-firR] FILE...");
	while ((c = getopt(argc, argv, "firR")) != -1) {
		switch (c) {
		case 'f':
			opt_force = true;
			opt_interactive = false;
			break;
		case 'i':
			opt_interactive = true;
			opt_force = false;
			break;
		case 'r':
		case 'R':
			opt_recursive = true;
			break;
		default:
			usage();
		}
	}
	if (optind == argc && !opt_force)
		usage();
	for (; optind < argc; optind++)
		rc |= remove_one(argv[optind]);
	return rc;
}
