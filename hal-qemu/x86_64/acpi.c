/*
 * acpi.c (x86_64) -- the ACPI tables the HAL reads at boot: the MADT
 * (CPUs, I/O APIC, ISA interrupt overrides) and the FADT (power-off
 * through PM1a with the DSDT's \_S5 sleep type, the reset register, the
 * RTC's century register). No AML interpreter: \_S5 is found by pattern.
 */
#include "x86.h"

struct sdt {
	char sig[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem[6], table[8];
	uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

uint64_t acpi_lapic_pa, acpi_ioapic_pa;
uint32_t acpi_ioapic_gsi_base;
uint8_t acpi_century;
extern uint8_t acpi_rsdp_copy[36];

static struct {
	bool valid;
	uint32_t gsi;
	uint16_t flags;
} iso[16];

static uint32_t pm1a_cnt, pm1b_cnt;
static uint16_t slp_typa, slp_typb;
static bool have_s5;
static uint8_t reset_space, reset_value;
static uint64_t reset_addr;

static bool
checksum_ok(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	for (size_t i = 0; i < n; i++)
		s += b[i];
	return s == 0;
}

static const uint8_t *
find_rsdp_in(paddr_t start, size_t len)
{
	for (paddr_t a = start; a + 20 <= start + len; a += 16) {
		const uint8_t *p = hal_p2v(a);

		if (p[0] == 'R' && p[1] == 'S' && p[2] == 'D' && p[3] == ' ' &&
		    p[4] == 'P' && p[5] == 'T' && p[6] == 'R' && p[7] == ' ' &&
		    checksum_ok(p, 20))
			return p;
	}
	return NULL;
}

static const uint8_t *
find_rsdp(void)
{
	const uint8_t *p;
	paddr_t ebda;

	if (acpi_rsdp_copy[0] == 'R')
		return acpi_rsdp_copy;
	if (acpi_rsdp != 0)
		return hal_p2v(acpi_rsdp);
	ebda = (paddr_t)*(const uint16_t *)hal_p2v(0x40e) << 4;
	if (ebda >= 0x80000 && ebda < 0xa0000 && (p = find_rsdp_in(ebda, 1024)) != NULL)
		return p;
	return find_rsdp_in(0xe0000, 0x20000);
}

static const struct sdt *
sdt_at(paddr_t pa, const char *sig)
{
	const struct sdt *t = hal_p2v(pa);

	if (pa == 0 || t->sig[0] != sig[0] || t->sig[1] != sig[1] ||
	    t->sig[2] != sig[2] || t->sig[3] != sig[3] || t->length < sizeof(*t) ||
	    !checksum_ok(t, t->length))
		return NULL;
	return t;
}

/* The table with signature sig from the RSDT or XSDT, or NULL. */
static const struct sdt *
find_table(const uint8_t *rsdp, const char *sig)
{
	const struct sdt *root, *t;
	bool x = rsdp[15] >= 2 && *(const uint64_t *)(rsdp + 24) != 0;
	size_t n, esz = x ? 8 : 4;

	root = x ? sdt_at(*(const uint64_t *)(rsdp + 24), "XSDT") :
		   sdt_at(*(const uint32_t *)(rsdp + 16), "RSDT");
	if (root == NULL)
		return NULL;
	n = (root->length - sizeof(*root)) / esz;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = (const uint8_t *)(root + 1) + i * esz;
		paddr_t pa = x ? *(const uint64_t *)e : *(const uint32_t *)e;

		if ((t = sdt_at(pa, sig)) != NULL)
			return t;
	}
	return NULL;
}

/* CPUs (the boot CPU first), the I/O APIC and the ISA overrides. */
static void
parse_madt(const struct sdt *m)
{
	const uint8_t *p = (const uint8_t *)m + 44, *end = (const uint8_t *)m + m->length;
	uint32_t self = lapic_id_early();
	int n = 1;

	acpi_lapic_pa = *(const uint32_t *)((const uint8_t *)m + 36);
	x86_apic_ids[0] = self;
	for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		switch (p[0]) {
		case 0:		/* processor local APIC */
			if ((*(const uint32_t *)(p + 4) & 1) && p[3] != self &&
			    n < HAL_MAX_CPUS)
				x86_apic_ids[n++] = p[3];
			break;
		case 1:		/* I/O APIC: the first one */
			if (acpi_ioapic_pa == 0) {
				acpi_ioapic_pa = *(const uint32_t *)(p + 4);
				acpi_ioapic_gsi_base = *(const uint32_t *)(p + 8);
			}
			break;
		case 2:		/* interrupt source override */
			if (p[2] == 0 && p[3] < 16) {
				iso[p[3]].valid = true;
				iso[p[3]].gsi = *(const uint32_t *)(p + 4);
				iso[p[3]].flags = *(const uint16_t *)(p + 8);
			}
			break;
		case 5:		/* local APIC address override */
			acpi_lapic_pa = *(const uint64_t *)(p + 4);
			break;
		}
	}
	x86_ncpu = n;
}

/* The first two values of the \_S5_ package in the DSDT's AML. */
static void
parse_s5(const struct sdt *dsdt)
{
	const uint8_t *p = (const uint8_t *)(dsdt + 1);
	const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;
	uint16_t v[2];

	for (; p + 4 < end; p++) {
		if (p[0] != '_' || p[1] != 'S' || p[2] != '5' || p[3] != '_')
			continue;
		p += 4;
		if (p >= end || *p++ != 0x12)		/* PackageOp */
			continue;
		p += (*p >> 6) + 1;			/* PkgLength */
		p++;					/* NumElements */
		for (int i = 0; i < 2 && p < end; i++) {
			if (*p == 0x0a && p + 1 < end) {	/* BytePrefix */
				v[i] = p[1];
				p += 2;
			} else {
				v[i] = *p == 0x01 ? 1 : *p == 0xff ? 0 : *p;
				p++;
			}
		}
		slp_typa = v[0];
		slp_typb = v[1];
		have_s5 = true;
		return;
	}
}

static void
parse_fadt(const struct sdt *f)
{
	const uint8_t *b = (const uint8_t *)f;
	const struct sdt *dsdt = NULL;

	pm1a_cnt = *(const uint32_t *)(b + 64);
	pm1b_cnt = *(const uint32_t *)(b + 68);
	if (f->length > 108)
		acpi_century = b[108];
	if (f->length >= 129 && (*(const uint32_t *)(b + 112) & (1u << 10))) {
		reset_space = b[116];
		reset_addr = *(const uint64_t *)(b + 120);
		reset_value = b[128];
	}
	if (f->length >= 148 && *(const uint64_t *)(b + 140) != 0)
		dsdt = sdt_at(*(const uint64_t *)(b + 140), "DSDT");
	if (dsdt == NULL)
		dsdt = sdt_at(*(const uint32_t *)(b + 40), "DSDT");
	if (dsdt != NULL)
		parse_s5(dsdt);
}

void
acpi_init(void)
{
	const uint8_t *rsdp = find_rsdp();
	const struct sdt *t;

	if (rsdp == NULL || !checksum_ok(rsdp, 20)) {
		console_early_puts("x86_64: no ACPI tables: one CPU, no I/O APIC\r\n");
		x86_apic_ids[0] = lapic_id_early();
		return;
	}
	if ((t = find_table(rsdp, "APIC")) != NULL)
		parse_madt(t);
	else
		x86_apic_ids[0] = lapic_id_early();
	if ((t = find_table(rsdp, "FACP")) != NULL)
		parse_fadt(t);
}

/*
 * The global system interrupt of ISA IRQ `irq`, with its trigger mode
 * and polarity (edge, active high unless the MADT overrides).
 */
int
acpi_isa_gsi(int irq, bool *level, bool *low)
{
	*level = false;
	*low = false;
	if (irq < 0 || irq >= 16 || !iso[irq].valid)
		return irq;
	*low = (iso[irq].flags & 3) == 3;
	*level = ((iso[irq].flags >> 2) & 3) == 3;
	return (int)iso[irq].gsi;
}

/* Enter S5 (soft off) through PM1a/PM1b; returns if that did nothing. */
void
acpi_poweroff(void)
{
	if (pm1a_cnt == 0 || !have_s5)
		return;
	outw((uint16_t)pm1a_cnt, (uint16_t)(slp_typa << 10 | 1u << 13));
	if (pm1b_cnt != 0)
		outw((uint16_t)pm1b_cnt, (uint16_t)(slp_typb << 10 | 1u << 13));
	/* QEMU acts on the write in its main loop, which a busy host can
	 * hold up for more than 100 ms (the fallback after this, exit code
	 * 0 through isa-debug-exit, looks like QEMU failing: status 1). */
	time_delay_us(2000000);
}

/* The FADT's reset register, if it has one in I/O space. */
void
acpi_reset(void)
{
	if (reset_space == 1 && reset_addr != 0 && reset_addr < 0x10000) {
		outb((uint16_t)reset_addr, reset_value);
		time_delay_us(100000);
	}
}
