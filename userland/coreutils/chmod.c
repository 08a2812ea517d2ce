/*
 * chmod - change file modes.  MODE is octal (755) or symbolic
 * (u+x,go-w,a=r).  -R: also everything below directories (links skipped).
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static bool opt_recursive;
static const char *spec;

static int chmod_path(const char *path, bool top);

static int
chmod_dir(const char *path)
{
	struct dirent *de;
	char *child;
	int rc = 0;
	DIR *d;

	if ((d = opendir(path)) == NULL) {
		warn("%s", path);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		if (is_dot_or_dotdot(de->d_name))
			continue;
		child = path_join(path, de->d_name);
		rc |= chmod_path(child, false);
		free(child);
	}
	closedir(d);
	return rc;
}

/* Change one file; top: named on the command line (links are followed). */
static int
chmod_path(const char *path, bool top)
{
	struct stat st;
	mode_t mode;
	int rc = 0;

	if ((top ? stat(path, &st) : lstat(path, &st)) < 0) {
		warn("%s", path);
		return 1;
	}
	if (S_ISLNK(st.st_mode))
		return 0;
	parse_mode(spec, st.st_mode, S_ISDIR(st.st_mode), &mode);
	if (chmod(path, mode) < 0) {
		warn("%s", path);
		rc = 1;
	}
	if (opt_recursive && S_ISDIR(st.st_mode))
		rc |= chmod_dir(path);
	return rc;
}

/* True if arg could be a mode rather than an option ("-w", "-x,o+r"). */
static bool
mode_like(const char *arg)
{
	mode_t m;

	return parse_mode(arg, 0, false, &m) == 0;
}

int
main(int argc, char **argv)
{
	mode_t m;
	int i, rc = 0;

	util_init(argc, argv, "chmod", "[-R] MODE FILE...");
	for (i = 1; i < argc && argv[i][0] == '-' && spec == NULL; i++) {
		if (strcmp(argv[i], "-R") == 0)
			opt_recursive = true;
		else if (strcmp(argv[i], "--") == 0)
			break;
		else if (mode_like(argv[i]))
			spec = argv[i];
		else
			usage();
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (spec == NULL) {
		if (i == argc)
			usage();
		spec = argv[i++];
	}
	if (parse_mode(spec, 0, false, &m) < 0)
		bad_arg("mode", spec);
	if (i == argc)
		usage();
	for (; i < argc; i++)
		rc |= chmod_path(argv[i], true);
	return rc;
}
