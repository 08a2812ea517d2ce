/*
 * fwcfg.c (x86_64) -- QEMU's fw_cfg on the PC (selector port 0x510,
 * data port 0x511, the big-endian DMA address at ports 0x514 and 0x518)
 * and the ramfb display it configures (hal-common/fwcfg.c) as
 * hal_fb_info's framebuffer and the console's screen.
 */
#include "x86.h"
#include "fwcfg.h"

static struct hal_fb fb;
static bool have_fb;

static void
io_select(uint16_t key)
{
	outw(0x510, key);
}

static uint8_t
io_read8(void)
{
	return inb(0x511);
}

/* High half first: the write of the low half starts the transfer. */
static void
io_dma(uint64_t pa)
{
	outl(0x514, __builtin_bswap32((uint32_t)(pa >> 32)));
	outl(0x518, __builtin_bswap32((uint32_t)pa));
}

static const struct fwcfg_ops ops = { io_select, io_read8, io_dma };

/* Boot: set up ramfb if QEMU has -device ramfb. */
void
fwcfg_init(void)
{
	if (fwcfg_ramfb(&ops, &fb) != 0)
		return;
	have_fb = true;
	fwcfg_ramfb_console(&fb);
}

/* The ramfb set up at boot: 0, or -ENODEV without one. Any context. */
int
hal_fb_info(struct hal_fb *out)
{
	if (!have_fb)
		return -ENODEV_HAL;
	*out = fb;
	return 0;
}
