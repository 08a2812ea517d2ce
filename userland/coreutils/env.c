/*
 * env - run a command in a modified environment, or print the environment.
 * env [-i] [-u NAME] [NAME=VALUE...] [CMD [ARG...]]; 127 if CMD is not found.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

extern char **environ;

int
main(int argc, char **argv)
{
	static char *empty[] = { NULL };
	char **e;
	int c;

	util_init(argc, argv, "env",
		  "[-i] [-u NAME] [NAME=VALUE...] [CMD [ARG...]]");
	while ((c = getopt(argc, argv, "+iu:")) != -1) {
		if (c == 'i')
			environ = empty;
		else if (c == 'u')
			unsetenv(optarg);
		else
			usage();
	}
	if (optind < argc && strcmp(argv[optind], "-") == 0) {
		environ = empty;	/* old spelling of -i */
		optind++;
	}
	for (; optind < argc && strchr(argv[optind], '=') != NULL; optind++) {
		if (putenv(argv[optind]) != 0)
			die("putenv");
	}
	if (optind == argc) {
		for (e = environ; *e != NULL; e++)
			puts(*e);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	execvp(argv[optind], argv + optind);
	c = errno;
	warn("%s", argv[optind]);
	return c == ENOENT ? 127 : 126;
}
