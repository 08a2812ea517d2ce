/*
 * cat - copy files (or standard input, "-") to standard output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Copy one file to stdout; 0, or 1 after reporting an error. */
static int
cat_file(const char *path)
{
	struct stat st;
	bool werr;
	int fd = 0, rc = 0;

	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0) {
		warn("%s", path);
		return 1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		warn("%s", path);
		rc = 1;
	} else if (copy_fd(fd, 1, &werr) < 0) {
		if (werr)
			die("write error");
		warn("%s", path);
		rc = 1;
	}
	if (fd != 0)
		close(fd);
	return rc;
}

int
main(int argc, char **argv)
{
	int i = 1, rc = 0;

	util_init(argc, argv, "cat", "[-u] [FILE...]");
	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-u") != 0)
			usage();
	}
	if (i == argc)
		return cat_file("-");
	for (; i < argc; i++)
		rc |= cat_file(argv[i]);
	return rc;
}
