/*
 * uname - print system information: -s kernel name (the default), -n node
 * name, -r release, -v version, -m machine, -a all of them.
 */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "util.h"

enum {
	F_SYSNAME = 1,
	F_NODENAME = 2,
	F_RELEASE = 4,
	F_VERSION = 8,
	F_MACHINE = 16,
	F_ALL = 31,
};

static void
field(const char *s, bool *first)
{
	printf("%s%s", *first ? "" : " ", s);
	*first = false;
}

int
main(int argc, char **argv)
{
	struct utsname u;
	bool first = true;
	int c, which = 0;

	util_init(argc, argv, "uname", "[-amnrsv]");
	while ((c = getopt(argc, argv, "amnrsv")) != -1) {
		switch (c) {
		case 'a': which |= F_ALL; break;
		case 'm': which |= F_MACHINE; break;
		case 'n': which |= F_NODENAME; break;
		case 'r': which |= F_RELEASE; break;
		case 's': which |= F_SYSNAME; break;
		case 'v': which |= F_VERSION; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (which == 0)
		which = F_SYSNAME;
	if (uname(&u) < 0)
		die("uname");
	if (which & F_SYSNAME)
		field(u.sysname, &first);
	if (which & F_NODENAME)
		field(u.nodename, &first);
	if (which & F_RELEASE)
		field(u.release, &first);
	if (which & F_VERSION)
		field(u.version, &first);
	if (which & F_MACHINE)
		field(u.machine, &first);
	putchar('\n');
	return fflush(stdout) == 0 ? 0 : 1;
}
