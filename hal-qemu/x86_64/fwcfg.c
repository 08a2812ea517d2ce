/*
 * fwcfg.c (x86_64) -- QEMU's fw_cfg on the PC (selector port 0x510,
 * data port 0x511, the big-endian DMA address at ports 0x514 and 0x518)
 * and the ramfb display it configures (hal-common/fwcfg.c: hal_fb_info
 * and the console's screen).
 */
#include "x86.h"
#include "fwcfg.h"

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
	fwcfg_ramfb(&ops);
}
