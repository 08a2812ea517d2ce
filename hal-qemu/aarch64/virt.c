/*
 * virt.c (aarch64) -- what is particular to QEMU's virt machine: the
 * boot tables' layout (devices in the first GiB, RAM above), the PL031
 * real-time clock, ramfb through fw_cfg (fwcfg.c). Its devices' addresses are in include/board.h.
 */
#include "a64.h"

/* The first GiB holds the devices; RAM starts at 1 GiB. */
const struct a64_map a64_boot_map[] = {
	{ 0, 1, 0 },
	{ 1, 63, 1 },
	{ 0, 0, 0 },
};

static uint64_t rtc_boot;

/* QEMU's PL011 needs no baud rate: console_init is enough. */
void
board_early(void)
{
}

/* After the DTB: the clock's time at boot, ramfb and the console on it. */
void
board_init(uint64_t dtb_pa)
{
	(void)dtb_pa;
	rtc_boot = mmio_read32(VIRT_RTC);
	fwcfg_init();
}

/* Nothing to add to hal_describe. */
const char *
board_describe(void)
{
	return "";
}

/* The PL031 real-time clock at boot, taken as UTC. */
uint64_t
hal_rtc_boot_seconds(void)
{
	return rtc_boot;
}
