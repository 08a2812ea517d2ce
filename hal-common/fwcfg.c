/*
 * fwcfg.c -- ramfb through QEMU's fw_cfg (fwcfg.h). fw_cfg items are
 * read a byte at a time through the data register; a write, as ramfb's
 * configuration is, goes through the DMA interface: a descriptor in RAM
 * (control, length, address, all big-endian) whose physical address is
 * written to the DMA register; QEMU clears the control word when done.
 * The console is drawn on the ramfb (fbscreen.c) with the kernel's font.
 */
#include "fwcfg.h"
#include "fbscreen.h"

#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_ID 0x0001
#define FW_CFG_FILE_DIR 0x0019
#define FW_CFG_ID_DMA 2

#define DMA_CTL_ERROR 0x01
#define DMA_CTL_SELECT 0x08
#define DMA_CTL_WRITE 0x10

/* What the guest writes to etc/ramfb (big-endian, packed). */
struct ramfb_cfg {
	uint64_t addr;
	uint32_t fourcc, flags, width, height, stride;
} __attribute__((packed));

struct fwcfg_dma {
	uint32_t control, length;
	uint64_t address;
} __attribute__((packed, aligned(16)));

static uint8_t fb_mem[RAMFB_WIDTH * RAMFB_HEIGHT * 4] __attribute__((aligned(4096)));
static struct ramfb_cfg cfg;
static struct fwcfg_dma dma;

static uint32_t
be32(uint32_t x)
{
	return __builtin_bswap32(x);
}

static uint32_t
read_be32(const struct fwcfg_ops *o)
{
	uint32_t x = 0;

	for (int i = 0; i < 4; i++)
		x = x << 8 | o->read8();
	return x;
}

/* The selector of file `name` in fw_cfg's directory, or -1. */
static int
find_file(const struct fwcfg_ops *o, const char *name)
{
	uint32_t n;
	uint16_t key;
	char fname[56];

	o->select(FW_CFG_FILE_DIR);
	n = read_be32(o);
	for (uint32_t i = 0; i < n && i < 4096; i++) {
		(void)read_be32(o);			/* size */
		key = (uint16_t)(o->read8() << 8);
		key |= o->read8();
		(void)o->read8();			/* reserved */
		(void)o->read8();
		for (int k = 0; k < 56; k++)
			fname[k] = (char)o->read8();
		fname[55] = 0;
		if (strcmp(fname, name) == 0)
			return key;
	}
	return -1;
}

/* Write `len` bytes at p into item key by DMA; false on error or timeout. */
static bool
dma_write(const struct fwcfg_ops *o, uint16_t key, const void *p, uint32_t len)
{
	uint32_t ctl;

	dma.control = be32((uint32_t)key << 16 | DMA_CTL_SELECT | DMA_CTL_WRITE);
	dma.length = be32(len);
	dma.address = __builtin_bswap64(hal_v2p(p));
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	o->dma(hal_v2p(&dma));
	for (long i = 0; i < 100000000; i++) {
		ctl = be32(__atomic_load_n(&dma.control, __ATOMIC_ACQUIRE));
		if ((ctl & ~(uint32_t)DMA_CTL_ERROR) == 0)
			return ctl == 0;
		hal_cpu_relax();
	}
	return false;
}

static struct hal_fb ramfb;		/* what fwcfg_ramfb set up */
static bool have_ramfb;

static void ramfb_console(const struct hal_fb *fb);

/* Set up ramfb (fwcfg.h): 0, or -ENODEV. Boot only. */
int
fwcfg_ramfb(const struct fwcfg_ops *o)
{
	uint32_t sig, id;
	int key;

	o->select(FW_CFG_SIGNATURE);
	sig = read_be32(o);
	if (sig != 0x51454d55)			/* "QEMU" */
		return -19;
	o->select(FW_CFG_ID);
	id = o->read8();
	if ((id & FW_CFG_ID_DMA) == 0) {
		kprintf("fw_cfg: no DMA interface: ramfb not set up\n");
		return -19;
	}
	if ((key = find_file(o, "etc/ramfb")) < 0)
		return -19;			/* no -device ramfb */
	cfg = (struct ramfb_cfg){
		__builtin_bswap64(hal_v2p(fb_mem)), be32(HAL_FB_XRGB8888), 0,
		be32(RAMFB_WIDTH), be32(RAMFB_HEIGHT), be32(RAMFB_WIDTH * 4),
	};
	if (!dma_write(o, (uint16_t)key, &cfg, sizeof(cfg))) {
		kprintf("fw_cfg: the DMA write of etc/ramfb failed (control %#x)\n",
			be32(dma.control));
		return -19;
	}
	ramfb = (struct hal_fb){ fb_mem, RAMFB_WIDTH, RAMFB_HEIGHT,
				 RAMFB_WIDTH * 4, HAL_FB_XRGB8888 };
	have_ramfb = true;
	ramfb_console(&ramfb);
	return 0;
}

/* The ramfb set up at boot: 0, or -ENODEV without one. Any context. */
int
hal_fb_info(struct hal_fb *out)
{
	if (!have_ramfb)
		return -19;			/* -ENODEV */
	*out = ramfb;
	return 0;
}

/*
 * Show the console on the ramfb fwcfg_ramfb set up, and say in the boot
 * log (on the screen too) that it is there, or why it is not. Input
 * stays on the serial line. Boot only.
 */
static void
ramfb_console(const struct hal_fb *fb)
{
	struct fbcon_fb f = { fb->base, fb->width, fb->height, fb->stride, 32,
			      16, 8, 8, 8, 0, 8 };	/* XRGB8888 */
	const char *why = fbscreen_attach(&f, NULL, 0, NULL);
	uint32_t cols, rows;
	char msg[200];
	int n;

	n = ksnprintf(msg, sizeof(msg), "ramfb: %ux%u XRGB8888 at %#llx", fb->width,
		      fb->height, (unsigned long long)hal_v2p(fb->base));
	if (why == NULL) {
		fbscreen_size(&cols, &rows);
		ksnprintf(msg + n, sizeof(msg) - n, ", console %ux%u\n", cols, rows);
	} else {
		ksnprintf(msg + n, sizeof(msg) - n, ", no console on it: %s\n", why);
	}
	kprintf("%s", msg);
}
