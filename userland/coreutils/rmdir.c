/*
 * rmdir - remove empty directories.  -p: also remove each parent named in
 * the path ("rmdir -p a/b/c" removes a/b/c, a/b and a).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static bool opt_parents;

/* Cut the last component off p; false if nothing is left. */
static bool
strip_last(char *p)
{
	char *s = p + strlen(p);

	while (s > p && s[-1] == '/')
		s--;
	while (s > p && s[-1] != '/')
		s--;
	while (s > p && s[-1] == '/')
		s--;
	*s = '\0';
	return s > p;
}

static int
remove_dir(const char *path)
{
	char *p;
	int rc = 0;

	if (rmdir(path) < 0) {
		warn("%s", path);
		return 1;
	}
	if (!opt_parents)
		return 0;
	p = xstrdup(path);
	while (strip_last(p)) {
		if (rmdir(p) < 0) {
			warn("%s", p);
			rc = 1;
			break;
		}
	}
	free(p);
	return rc;
}

int
main(int argc, char **argv)
{
	int c, rc = 0;

	util_init(argc, argv, "rmdir", "[-p] DIR...");
	while ((c = getopt(argc, argv, "p")) != -1) {
		if (c != 'p')
			usage();
		opt_parents = true;
	}
	if (optind == argc)
		usage();
	for (; optind < argc; optind++)
		rc |= remove_dir(argv[optind]);
	return rc;
}
