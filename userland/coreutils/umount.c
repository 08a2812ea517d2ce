/*
 * umount - detach mounted file systems.  -l: lazy (MNT_DETACH);
 * -f: force (MNT_FORCE).
 */
#include <sys/mount.h>
#include <unistd.h>

#include "util.h"

int
main(int argc, char **argv)
{
	int c, flags = 0, rc = 0;

	util_init(argc, argv, "umount", "[-fl] TARGET...");
	while ((c = getopt(argc, argv, "fl")) != -1) {
		if (c == 'f')
			flags |= MNT_FORCE;
		else if (c == 'l')
			flags |= MNT_DETACH;
		else
			usage();
	}
	if (optind == argc)
		usage();
	for (; optind < argc; optind++) {
		if (umount2(argv[optind], flags) < 0) {
			warn("%s", argv[optind]);
			rc = 1;
		}
	}
	return rc;
}
