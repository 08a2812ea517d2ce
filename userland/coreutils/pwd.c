/*
 * pwd - print the current directory.  -P (default): the physical path from
 * getcwd(); -L: $PWD when it names the current directory.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* True if $PWD is an absolute path without . or .. naming ".". */
static bool
pwd_valid(const char *pwd)
{
	struct stat a, b;

	if (pwd == NULL || pwd[0] != '/' || strstr(pwd, "/./") != NULL ||
	    strstr(pwd, "/../") != NULL)
		return false;
	if (stat(pwd, &a) < 0 || stat(".", &b) < 0)
		return false;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int
main(int argc, char **argv)
{
	char buf[PATH_MAX];
	const char *pwd = getenv("PWD");
	bool logical = false;
	int c;

	util_init(argc, argv, "pwd", "[-LP]");
	while ((c = getopt(argc, argv, "LP")) != -1) {
		if (c == 'L')
			logical = true;
		else if (c == 'P')
			logical = false;
		else
			usage();
	}
	if (optind != argc)
		usage();
	if (logical && pwd_valid(pwd)) {
		puts(pwd);
	} else {
		if (getcwd(buf, sizeof(buf)) == NULL)
			die("getcwd");
		puts(buf);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
