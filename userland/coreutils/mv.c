/*
 * mv - move or rename files.  mv SRC DST, or mv SRC... DIR.  Across file
 * systems (EXDEV) the source is copied with its mode and times, then removed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int
move_one(const char *src, const char *dst)
{
	struct stat st;

	if (rename(src, dst) == 0)
		return 0;
	if (errno != EXDEV) {
		if (lstat(src, &st) < 0)
			warn("%s", src);
		else
			warn("%s -> %s", src, dst);
		return 1;
	}
	if (copy_path(src, dst, COPY_RECURSIVE | COPY_PRESERVE) < 0)
		return 1;
	return remove_tree(src, NULL) != 0;
}

int
main(int argc, char **argv)
{
	struct stat st;
	const char *dst;
	bool into_dir;
	char *base, *t;
	int c, rc = 0;

	util_init(argc, argv, "mv", "[-f] SRC... DST");
	while ((c = getopt(argc, argv, "f")) != -1)
		if (c != 'f')
			usage();
	if (argc - optind < 2)
		usage();
	dst = argv[argc - 1];
	into_dir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc - optind > 2 && !into_dir) {
		errno = ENOTDIR;
		die("%s", dst);
	}
	for (; optind < argc - 1; optind++) {
		if (into_dir) {
			base = path_base(argv[optind]);
			t = path_join(dst, base);
			free(base);
		} else {
			t = xstrdup(dst);
		}
		rc |= move_one(argv[optind], t);
		free(t);
	}
	return rc;
}
