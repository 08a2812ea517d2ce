/*
 * poweroff - flush the disks and turn the machine off.  CircleOS passes CODE
 * (default 0) to the machine as its exit status; Linux ignores it.
 */
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#define REBOOT_MAGIC1		0xfee1deadL
#define REBOOT_MAGIC2		672274793L
#define REBOOT_CMD_POWER_OFF	0x4321FEDCL

int
main(int argc, char **argv)
{
	long code = 0;
	int c;

	util_init(argc, argv, "poweroff", "[-f] [CODE]");
	while ((c = getopt(argc, argv, "f")) != -1)
		if (c != 'f')
			usage();
	if (argc - optind > 1)
		usage();
	if (optind < argc && parse_long(argv[optind], &code) < 0)
		bad_arg("exit code", argv[optind]);
	sync();
	syscall(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF,
		(void *)code);
	die("cannot power off");
}
