/*
 * clear - clear the terminal: cursor home, then erase the screen.
 */
#include <unistd.h>

#include "util.h"

int
main(int argc, char **argv)
{
	static const char seq[] = "\033[H\033[2J";

	util_init(argc, argv, "clear", "");
	if (argc > 1)
		usage();
	if (write_all(1, seq, sizeof(seq) - 1) < 0)
		die("write error");
	return 0;
}
