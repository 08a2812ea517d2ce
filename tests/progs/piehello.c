/*
 * piehello.c -- a static-PIE program: the kernel must load it at a base
 * of its choice and the program relocates itself.
 */
#include <stdio.h>

static const char *greeting = "static-pie: relocated and running";

int
main(int argc, char **argv)
{
	printf("%s (%d args, argv[0] %s)\n", greeting, argc, argv[0]);
	return 0;
}
