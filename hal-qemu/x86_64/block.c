/*
 * block.c (x86_64) -- disks: none yet (virtio-blk over PCI comes next),
 * so the kernel's block layer finds no device.
 */
#include "x86.h"

/* Number of disks: none. Any context. */
int
hal_block_count(void)
{
	return 0;
}

/* No device to describe: -ENODEV. Any context. */
int
hal_block_info(int dev, struct hal_block_info *info)
{
	(void)dev;
	(void)info;
	return -ENODEV_HAL;
}

/* No device to start a request on: -ENODEV. Any context. */
int
hal_block_submit(int dev, struct hal_block_req *r)
{
	(void)dev;
	(void)r;
	return -ENODEV_HAL;
}
