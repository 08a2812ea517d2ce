/*
 * pi5dt.c (Raspberry Pi 5) -- read the Pi's nodes from the DTB: model,
 * PL011s, the GIC-400, the mailbox, the CPUs' MPIDRs, the PSCI conduit,
 * RAM. A node's reg is taken at its end (all its properties seen) and
 * translated up through each ancestor's ranges; a bus without ranges
 * (PCIe's RP1) hides its children, as it should.
 */
#include "fdt.h"
#include "pi5dt.h"

#define COMPAT_MAX 4

/* What the walk remembers of each open node. */
struct level {
	int addr_cells, size_cells;	/* for its children; -1 unset */
	const uint8_t *ranges, *reg, *compat, *devtype;
	uint32_t ranges_len, reg_len, compat_len, devtype_len;
	bool has_ranges;
};

struct scan {
	struct pi5_dt *dt;
	struct level lv[FDT_MAX_DEPTH];
};

/* The cells of the node at depth d's children (spec defaults 2 and 1). */
static int
acells(const struct scan *s, int d)
{
	return s->lv[d - 1].addr_cells >= 0 ? s->lv[d - 1].addr_cells : 2;
}

static int
scells(const struct scan *s, int d)
{
	return s->lv[d - 1].size_cells >= 0 ? s->lv[d - 1].size_cells : 1;
}

/*
 * Translate address a of a child of the node at depth d up to the root.
 * False if some bus on the way has no ranges or none covers a.
 */
static bool
translate(const struct scan *s, int d, uint64_t *a)
{
	for (; d > 1; d--) {
		const struct level *bus = &s->lv[d - 1];
		int ca = acells(s, d), pa = acells(s, d - 1), sz = scells(s, d);
		uint32_t entry = 4u * (uint32_t)(ca + pa + sz);
		bool hit = false;

		if (!bus->has_ranges || ca > 2 || pa > 2 || sz > 2 || ca < 1)
			return false;
		if (bus->ranges_len == 0)
			continue;			/* empty ranges: identity */
		for (uint32_t i = 0; i + entry <= bus->ranges_len && !hit; i += entry) {
			const uint8_t *e = bus->ranges + i;
			uint64_t child = fdt_cells(e, ca);
			uint64_t parent = fdt_cells(e + 4 * ca, pa);
			uint64_t size = sz == 0 ? 0 : fdt_cells(e + 4 * (ca + pa), sz);

			if (*a >= child && *a - child < size) {
				*a = parent + (*a - child);
				hit = true;
			}
		}
		if (!hit)
			return false;
	}
	return true;
}

/* The i-th address of the node at depth d's reg, translated; 0 if none. */
static uint64_t
reg_addr(const struct scan *s, int d, int i)
{
	const struct level *n = &s->lv[d - 1];
	int ca = acells(s, d - 1), sz = scells(s, d - 1);
	uint32_t entry = 4u * (uint32_t)(ca + sz), off = entry * (uint32_t)i;
	uint64_t a;

	if (n->reg == NULL || ca < 1 || ca > 2 || sz > 2 || off + entry > n->reg_len)
		return 0;
	a = fdt_cells(n->reg + off, ca);
	return translate(s, d - 1, &a) ? a : 0;
}

static bool
compatible(const struct level *n, const char *c)
{
	return n->compat != NULL && fdt_has_string(n->compat, n->compat_len, c);
}

static void
on_prop(void *arg, int depth, const char *const *path, const char *name,
	const uint8_t *val, uint32_t len)
{
	struct scan *s = arg;
	struct level *n = &s->lv[depth - 1];

	if (fdt_streq(name, "#address-cells") && len == 4)
		n->addr_cells = (int)fdt_be32(val);
	else if (fdt_streq(name, "#size-cells") && len == 4)
		n->size_cells = (int)fdt_be32(val);
	else if (fdt_streq(name, "ranges")) {
		n->has_ranges = true;
		n->ranges = val;
		n->ranges_len = len;
	} else if (fdt_streq(name, "reg")) {
		n->reg = val;
		n->reg_len = len;
	} else if (fdt_streq(name, "compatible")) {
		n->compat = val;
		n->compat_len = len;
	} else if (fdt_streq(name, "device_type")) {
		n->devtype = val;
		n->devtype_len = len;
	} else if (depth == 1 && fdt_streq(name, "model")) {
		uint32_t i;

		for (i = 0; i < len && i + 1 < sizeof(s->dt->model) && val[i]; i++)
			s->dt->model[i] = (char)val[i];
		s->dt->model[i] = '\0';
	} else if (depth == 2 && fdt_streq(path[1], "psci") &&
		   fdt_streq(name, "method")) {
		s->dt->psci_smc = fdt_has_string(val, len, "smc");
	}
}

/* A memory node's ranges (root cells) into dt->ram_*. */
static void
take_memory(struct scan *s, const struct level *n)
{
	int ca = acells(s, 1), sz = scells(s, 1);
	uint32_t entry = 4u * (uint32_t)(ca + sz);
	struct pi5_dt *dt = s->dt;

	if (ca < 1 || ca > 2 || sz < 1 || sz > 2)
		return;
	for (uint32_t i = 0; i + entry <= n->reg_len && dt->nram < PI5_DT_MAX;
	     i += entry) {
		dt->ram_base[dt->nram] = fdt_cells(n->reg + i, ca);
		dt->ram_size[dt->nram++] = fdt_cells(n->reg + i + 4 * ca, sz);
	}
}

static void
on_end(void *arg, int depth, const char *const *path)
{
	struct scan *s = arg;
	struct level *n = &s->lv[depth - 1];
	struct pi5_dt *dt = s->dt;

	if (depth == 2 && fdt_prefix(path[1], "memory") && n->reg != NULL)
		take_memory(s, n);
	else if (depth == 3 && fdt_streq(path[1], "cpus") &&
		 fdt_prefix(path[2], "cpu@") && n->reg != NULL &&
		 dt->ncpu < PI5_DT_MAX) {
		int ca = acells(s, 2);

		if ((ca == 1 || ca == 2) && n->reg_len >= 4u * (uint32_t)ca)
			dt->mpidr[dt->ncpu++] = fdt_cells(n->reg, ca);
	} else if (compatible(n, "arm,pl011") && dt->npl011 < PI5_DT_MAX) {
		uint64_t a = reg_addr(s, depth, 0);

		if (a != 0)
			dt->pl011[dt->npl011++] = a;
	} else if (compatible(n, "arm,gic-400")) {
		dt->gicd = reg_addr(s, depth, 0);
		dt->gicc = reg_addr(s, depth, 1);
	} else if (compatible(n, "brcm,bcm2835-mbox")) {
		dt->mbox = reg_addr(s, depth, 0);
	}
	*n = (struct level){ .addr_cells = -1, .size_cells = -1 };
}

/*
 * Fill dt from the DTB at blob (at most max bytes). Returns 0, or the
 * fdt_walk error (dt then holds what came before it).
 */
int
pi5_dt_scan(const void *blob, size_t max, struct pi5_dt *dt)
{
	static const struct fdt_visitor v = { on_prop, on_end };
	struct scan s;

	*dt = (struct pi5_dt){ .ncpu = 0 };
	s.dt = dt;
	for (int i = 0; i < FDT_MAX_DEPTH; i++)
		s.lv[i] = (struct level){ .addr_cells = -1, .size_cells = -1 };
	return fdt_walk(blob, max, &v, &s);
}

/*
 * The MPIDR of core n on the BCM2712: its Cortex-A76s are single-thread
 * cores with MPIDR.MT set, so the core number is in Aff1 (bits 8-15).
 * PSCI CPU_ON takes this value as its target.
 */
uint64_t
pi5_cpu_mpidr(int core)
{
	return (uint64_t)core << 8;
}
