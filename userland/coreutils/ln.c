/*
 * ln - make links.  ln [-s] [-f] TARGET [LINK], or ln TARGET... DIR.
 * -s: symbolic link; -f: remove an existing LINK first.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static bool opt_symbolic, opt_force;

static int
make_link(const char *target, const char *name)
{
	struct stat st;
	int rc;

	if (opt_force && unlink(name) < 0 && errno != ENOENT) {
		warn("%s", name);
		return 1;
	}
	rc = opt_symbolic ? symlink(target, name) : link(target, name);
	if (rc == 0)
		return 0;
	if (!opt_symbolic && errno == ENOENT && lstat(target, &st) < 0)
		warn("%s", target);
	else
		warn("%s", name);
	return 1;
}

int
main(int argc, char **argv)
{
	struct stat st;
	const char *last;
	bool into_dir;
	char *base, *name;
	int c, n, rc = 0;

	util_init(argc, argv, "ln", "[-sf] TARGET [LINK] | TARGET... DIR");
	while ((c = getopt(argc, argv, "sf")) != -1) {
		if (c == 's')
			opt_symbolic = true;
		else if (c == 'f')
			opt_force = true;
		else
			usage();
	}
	n = argc - optind;
	if (n < 1)
		usage();
	last = n == 1 ? "." : argv[argc - 1];
	into_dir = n == 1 || (stat(last, &st) == 0 && S_ISDIR(st.st_mode));
	if (n > 2 && !into_dir) {
		errno = ENOTDIR;
		die("%s", last);
	}
	if (n > 1)
		argc--;
	for (; optind < argc; optind++) {
		if (into_dir) {
			base = path_base(argv[optind]);
			name = path_join(last, base);
			free(base);
		} else {
			name = xstrdup(last);
		}
		rc |= make_link(argv[optind], name);
		free(name);
	}
	return rc;
}
