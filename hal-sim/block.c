/*
 * block.c (sim) -- kernel/hal.h's block devices on the runner's disks
 * (sim/disk.c): requests go to the drive's host I/O thread, completions
 * come back as the drive's interrupt, whose handler calls r->done.
 */
#include "hal.h"
#include "hal_sim.h"

_Static_assert(SIM_IRQ_DISK0 + SIM_MAX_DRIVES <= SIM_NR_IRQ, "disk lines");
_Static_assert(SIM_DISK_READ == HAL_BLOCK_READ && SIM_DISK_WRITE ==
	       HAL_BLOCK_WRITE && SIM_DISK_FLUSH == HAL_BLOCK_FLUSH, "ops");

#define ENODEV_HAL 19
#define EROFS_HAL 30

int
hal_block_count(void)
{
	return sim_disk_count();
}

int
hal_block_info(int dev, struct hal_block_info *info)
{
	struct sim_disk_info si;
	int i;

	if (sim_disk_info(dev, &si) < 0)
		return -ENODEV_HAL;
	info->sectors = si.sectors;
	info->readonly = si.readonly != 0;
	info->max_sectors = SIM_DISK_MAX_SECTORS;
	info->max_segs = SIM_DISK_MAX_SEGS;
	info->queue_depth = SIM_DISK_DEPTH;
	for (i = 0; i < (int)sizeof(info->model) - 1 && si.model[i] != '\0';
	     i++)
		info->model[i] = si.model[i];
	info->model[i] = '\0';
	return 0;
}

_Static_assert(sizeof(struct hal_block_seg) == sizeof(struct sim_disk_seg),
	       "segments");

int
hal_block_submit(int dev, struct hal_block_req *r)
{
	struct sim_disk_seg one;
	const struct sim_disk_seg *seg = &one;
	int nseg = 1;

	if (dev < 0 || dev >= sim_disk_count())
		return -ENODEV_HAL;
	if (r->op == HAL_BLOCK_FLUSH) {
		nseg = 0;
	} else if (r->nseg == 0) {
		one = (struct sim_disk_seg){ r->buf,
					     r->count * HAL_BLOCK_SECTOR };
		if (r->count > SIM_DISK_MAX_SECTORS)
			return -EINVAL_HAL;
	} else if (r->nseg <= SIM_DISK_MAX_SEGS) {
		seg = (const struct sim_disk_seg *)r->seg;
		nseg = (int)r->nseg;
	} else {
		return -EINVAL_HAL;
	}
	/* A device reaches RAM only. The runner checks the rest. */
	for (int i = 0; i < nseg; i++)
		if (!halsim_ram_range(seg[i].buf, seg[i].len))
			return -EINVAL_HAL;
	return sim_disk_submit(dev, r->op, r->sector, r->count, seg, nseg, r);
}

/* The drive's interrupt: finish every request it has completed. */
static void
disk_irq(int line, void *arg)
{
	struct hal_block_req *r;
	int drive = (int)(uintptr_t)arg, status;
	void *tag;

	(void)line;
	while (sim_disk_reap(drive, &tag, &status)) {
		r = tag;
		r->status = status;
		r->done(r);
	}
}

/* Boot: take the interrupt lines of the drives. */
void
halsim_block_init(void)
{
	for (int i = 0; i < sim_disk_count(); i++)
		hal_irq_register(SIM_IRQ_DISK0 + i, disk_irq,
				 (void *)(uintptr_t)i);
}

/* No framebuffer yet (circlesim's -display sdl comes later). */
int
hal_fb_info(struct hal_fb *fb)
{
	(void)fb;
	return -ENODEV_HAL;
}
