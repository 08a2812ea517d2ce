/*
 * reboot - flush the disks and restart the machine.
 */
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#define REBOOT_MAGIC1		0xfee1deadL
#define REBOOT_MAGIC2		672274793L
#define REBOOT_CMD_RESTART	0x01234567L

int
main(int argc, char **argv)
{
	int c;

	util_init(argc, argv, "reboot", "[-f]");
	while ((c = getopt(argc, argv, "f")) != -1)
		if (c != 'f')
			usage();
	if (optind != argc)
		usage();
	sync();
	syscall(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_RESTART,
		(void *)0);
	die("cannot reboot");
}
