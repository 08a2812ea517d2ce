/*
 * cp - copy files.  cp SRC DST, or cp SRC... DIR.  -r/-R: copy directories
 * recursively (symlinks stay links); -p: keep mode and times; -a: -r -p.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* dst itself, or dst/basename(src) when dst is a directory. */
static char *
target_name(const char *src, const char *dst, bool into_dir)
{
	char *base, *t;

	if (!into_dir)
		return xstrdup(dst);
	base = path_base(src);
	t = path_join(dst, base);
	free(base);
	return t;
}

int
main(int argc, char **argv)
{
	struct stat st;
	const char *dst;
	bool into_dir;
	char *t;
	int c, flags = 0, rc = 0;

	util_init(argc, argv, "cp", "[-aprR] SRC... DST");
	while ((c = getopt(argc, argv, "afprR")) != -1) {
		switch (c) {
		case 'a':
			flags |= COPY_RECURSIVE | COPY_PRESERVE;
			break;
		case 'f':
			break;
		case 'p':
			flags |= COPY_PRESERVE;
			break;
		case 'r':
		case 'R':
			flags |= COPY_RECURSIVE;
			break;
		default:
			usage();
		}
	}
	if (argc - optind < 2)
		usage();
	dst = argv[argc - 1];
	into_dir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc - optind > 2 && !into_dir) {
		errno = ENOTDIR;
		die("%s", dst);
	}
	for (; optind < argc - 1; optind++) {
		t = target_name(argv[optind], dst, into_dir);
		if (copy_path(argv[optind], t, flags) < 0)
			rc = 1;
		free(t);
	}
	return rc;
}
