/*
 * sync - write all cached file data to the disks.
 */
#include <unistd.h>

#include "util.h"

int
main(int argc, char **argv)
{
	util_init(argc, argv, "sync", "");
	if (argc > 1)
		usage();
	sync();
	return 0;
}
