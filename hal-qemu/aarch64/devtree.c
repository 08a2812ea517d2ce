/*
 * devtree.c (aarch64) -- the devices of the device tree's top-level
 * nodes: the interrupt controller (GICv2 or GICv3 and its registers),
 * the virtio-mmio transports and fw_cfg. boot.c's walk hands each
 * property of a top-level node to devtree_prop() and calls devtree_end()
 * when the node closes; the node is then known whole (properties come
 * in any order) and is recorded in a64_dt.
 *
 * The root's #address-cells and #size-cells are taken as 2, as on QEMU
 * virt: a reg of another shape is reported and the node ignored.
 */
#include "a64.h"

struct a64_devices a64_dt;

/* The node being read. */
static struct {
	const char *name;
	const char *compat;	/* NUL-separated list */
	uint32_t compat_len;
	uint64_t reg[2][2];	/* base, size */
	int nreg;
	uint32_t irq[3];	/* type (0 SPI, 1 PPI), number, flags */
	bool has_irq, bad_reg;
} node;

static uint32_t
rd32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static uint64_t
rd64(const uint8_t *b)
{
	return (uint64_t)rd32(b) << 32 | rd32(b + 4);
}

/* Property `prop` of top-level node `name`. Boot only. */
void
devtree_prop(const char *name, const char *prop, const uint8_t *val,
	     uint32_t len)
{
	node.name = name;
	if (strcmp(prop, "compatible") == 0) {
		node.compat = (const char *)val;
		node.compat_len = len;
	} else if (strcmp(prop, "reg") == 0) {
		node.bad_reg = len == 0 || len % 16 != 0;
		for (uint32_t i = 0; i + 16 <= len && node.nreg < 2; i += 16) {
			node.reg[node.nreg][0] = rd64(val + i);
			node.reg[node.nreg][1] = rd64(val + i + 8);
			node.nreg++;
		}
	} else if (strcmp(prop, "interrupts") == 0 && len >= 12) {
		for (int i = 0; i < 3; i++)
			node.irq[i] = rd32(val + 4 * i);
		node.has_irq = true;
	}
}

/* True if the node's compatible list holds `c`. */
static bool
compatible(const char *c)
{
	uint32_t i = 0;

	while (node.compat != NULL && i < node.compat_len) {
		if (strcmp(node.compat + i, c) == 0)
			return true;
		i += (uint32_t)strlen(node.compat + i) + 1;
	}
	return false;
}

static void
bad(const char *why)
{
	char buf[160];

	ksnprintf(buf, sizeof(buf), "aarch64: device tree node %s ignored: %s\r\n",
		  node.name ? node.name : "?", why);
	hal_console_put(buf, strlen(buf));
}

static void
record_virtio(void)
{
	if (!node.has_irq || node.irq[0] != 0 || node.irq[1] > 987) {
		bad("virtio,mmio without an SPI in interrupts");
		return;
	}
	if (a64_dt.nvirtio >= A64_MAX_VIRTIO) {
		bad("too many virtio,mmio nodes");
		return;
	}
	a64_dt.virtio[a64_dt.nvirtio].base = node.reg[0][0];
	a64_dt.virtio[a64_dt.nvirtio].intid = 32 + (int)node.irq[1];
	a64_dt.nvirtio++;
}

/* The top-level node closes: record it if it is one of ours. Boot only. */
void
devtree_end(void)
{
	bool gic3 = compatible("arm,gic-v3");
	bool gic2 = compatible("arm,cortex-a15-gic") ||
		    compatible("arm,gic-400") || compatible("arm,cortex-a9-gic");

	if (node.compat == NULL)
		goto out;
	if ((gic2 || gic3 || compatible("virtio,mmio") ||
	     compatible("qemu,fw-cfg-mmio")) && (node.bad_reg || node.nreg == 0)) {
		bad("its reg is not <address size> pairs of 2 cells each");
		goto out;
	}
	if (gic3 || gic2) {
		if (node.nreg < 2) {
			bad("an interrupt controller needs two reg entries");
			goto out;
		}
		a64_dt.gic_version = gic3 ? 3 : 2;
		a64_dt.gicd = node.reg[0][0];
		a64_dt.gic_cpu = node.reg[1][0];	/* GICC or GICR */
		a64_dt.gic_cpu_size = node.reg[1][1];
	} else if (compatible("virtio,mmio")) {
		record_virtio();
	} else if (compatible("qemu,fw-cfg-mmio")) {
		a64_dt.fwcfg = node.reg[0][0];
	}
out:
	memset(&node, 0, sizeof(node));
}
