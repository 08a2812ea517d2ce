/*
 * fwcfg.c (aarch64) -- QEMU virt's fw_cfg, memory-mapped at the device
 * tree's "qemu,fw-cfg-mmio" node (data at +0, a big-endian selector at
 * +8, the big-endian DMA address at +16), and the ramfb display it
 * configures (hal-common/fwcfg.c: hal_fb_info and the console's screen).
 */
#include "a64.h"
#include "fwcfg.h"

static uint64_t base;

static void
mmio_select(uint16_t key)
{
	*(volatile uint16_t *)mmio(base + 8) = __builtin_bswap16(key);
}

static uint8_t
mmio_read8(void)
{
	return *(volatile uint8_t *)mmio(base);
}

/* The descriptor reaches memory before fw_cfg reads it. */
static void
mmio_dma(uint64_t pa)
{
	__asm__ volatile("dsb sy" : : : "memory");
	*(volatile uint64_t *)mmio(base + 16) = __builtin_bswap64(pa);
}

static const struct fwcfg_ops ops = { mmio_select, mmio_read8, mmio_dma };

/* Boot: set up ramfb if the machine has fw_cfg and -device ramfb. */
void
fwcfg_init(void)
{
	base = a64_dt.fwcfg;
	if (base == 0)
		return;
	if (base >= (1ull << 30) - 0x20) {
		kprintf("fw_cfg at %#llx not used: outside the first GiB\n",
			(unsigned long long)base);
		return;
	}
	fwcfg_ramfb(&ops);
}
