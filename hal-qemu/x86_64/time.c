/*
 * time.c (x86_64) -- clocks: hal_time_ns from the TSC, the per-CPU
 * one-shot LAPIC timer, both calibrated against the PIT at boot; the
 * CMOS real-time clock; entropy from RDRAND, or else TSC jitter.
 */
#include "x86.h"

#define PIT_HZ 1193182ull
#define CALIBRATE_MS 10

static uint64_t tsc0;			/* TSC at hal_time_ns() == 0 */
static uint64_t tsc_hz, lapic_hz;
static uint64_t ns_mult;		/* ns = tsc * ns_mult >> 32 */
static uint64_t lapic_mult;		/* ticks = ns * lapic_mult >> 32 */
static uint64_t rtc_boot;
static bool has_rdrand;
static char describe[160];
extern uint8_t acpi_century;

static uint64_t
tsc_to_ns(uint64_t t)
{
	return (uint64_t)(((unsigned __int128)t * ns_mult) >> 32);
}

uint64_t
hal_time_ns(void)
{
	return tsc_to_ns(rdtsc() - tsc0);
}

void
time_delay_us(uint64_t us)
{
	uint64_t end = rdtsc() + us * tsc_hz / 1000000;

	while (rdtsc() < end)
		__asm__ volatile("pause");
}

/*
 * Count TSC and LAPIC timer ticks over CALIBRATE_MS of PIT channel 2
 * (mode 0, gate on, counting down; bit 5 of port 0x61 rises at zero).
 */
static void
calibrate(void)
{
	uint16_t count = (uint16_t)(PIT_HZ * CALIBRATE_MS / 1000);
	uint64_t t0, t1;
	uint32_t l0, l1;

	outb(0x61, (inb(0x61) & ~0x02) | 0x01);
	outb(0x43, 0xb0);
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	lapic_timer_arm(0xffffffffu);
	t0 = rdtsc();
	l0 = lapic_timer_current();
	while (!(inb(0x61) & 0x20))
		;
	t1 = rdtsc();
	l1 = lapic_timer_current();
	lapic_timer_arm(0);
	tsc_hz = (t1 - t0) * 1000 / CALIBRATE_MS;
	lapic_hz = (uint64_t)(l0 - l1) * 1000 / CALIBRATE_MS;
	if (tsc_hz == 0)
		tsc_hz = 1000000000;
	if (lapic_hz == 0)
		lapic_hz = 1000000000;
	ns_mult = (uint64_t)((1000000000ull << 32) / tsc_hz);
	lapic_mult = (lapic_hz << 32) / 1000000000ull;
}

static uint8_t
cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static unsigned
bcd(uint8_t v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 15);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static uint64_t
days_from_civil(unsigned y, unsigned m, unsigned d)
{
	unsigned yy = m <= 2 ? y - 1 : y, era = yy / 400, yoe = yy - era * 400;
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (uint64_t)era * 146097 + doe - 719468;
}

/* The CMOS clock (UTC, as QEMU keeps it by default) in seconds since 1970. */
static uint64_t
rtc_read(void)
{
	uint8_t r[7], again[7], b;
	unsigned hour, year;
	bool bin, h24;
	int tries = 0;

	do {
		while ((cmos(0x0a) & 0x80) && tries++ < 1000000)
			;	/* update in progress */
		r[0] = cmos(0x00); r[1] = cmos(0x02); r[2] = cmos(0x04);
		r[3] = cmos(0x07); r[4] = cmos(0x08); r[5] = cmos(0x09);
		r[6] = acpi_century ? cmos(acpi_century) : 0x20;
		again[0] = cmos(0x00); again[1] = cmos(0x02); again[2] = cmos(0x04);
		again[3] = cmos(0x07); again[4] = cmos(0x08); again[5] = cmos(0x09);
		again[6] = acpi_century ? cmos(acpi_century) : 0x20;
	} while ((r[0] != again[0] || r[1] != again[1] || r[2] != again[2] ||
		  r[3] != again[3]) && tries++ < 1000000);
	b = cmos(0x0b);
	bin = b & 0x04;
	h24 = b & 0x02;
	hour = bcd(r[2] & 0x7f, bin);
	if (!h24 && (r[2] & 0x80))
		hour = (hour % 12) + 12;
	else if (!h24 && hour == 12)
		hour = 0;
	year = bcd(r[6], bin) * 100 + bcd(r[5], bin);
	if (year < 1970)
		year += 100;
	return days_from_civil(year, bcd(r[4], bin), bcd(r[3], bin)) * 86400 +
	       hour * 3600 + bcd(r[1], bin) * 60 + bcd(r[0], bin);
}

/* Boot CPU: calibrate, read the RTC, describe the machine for the banner. */
void
time_init(void)
{
	uint32_t r[4];

	calibrate();
	tsc0 = rdtsc();
	rtc_boot = rtc_read();
	cpuid(1, 0, r);
	has_rdrand = (r[2] >> 30) & 1;
	ksnprintf(describe, sizeof(describe),
		  "%s, TSC %llu MHz, LAPIC timer %llu MHz, entropy from %s",
		  x86_loader(), (unsigned long long)(tsc_hz / 1000000),
		  (unsigned long long)(lapic_hz / 1000000),
		  has_rdrand ? "RDRAND" : "TSC jitter (no RDRAND)");
}

/* Each CPU: nothing armed yet (the LAPIC timer itself is lapic_init's). */
void
time_cpu_init(void)
{
	this_pcpu()->deadline = 0;
}

const char *
hal_describe(void)
{
	return describe;
}

static void
arm(uint64_t deadline)
{
	uint64_t now = hal_time_ns(), ticks = 1;

	if (deadline > now)
		ticks = (uint64_t)(((unsigned __int128)(deadline - now) * lapic_mult) >> 32) + 1;
	lapic_timer_arm(ticks);
}

void
hal_timer_oneshot(uint64_t deadline)
{
	this_pcpu()->deadline = deadline;
	if (deadline == 0)
		lapic_timer_arm(0);
	else
		arm(deadline);
}

/*
 * The LAPIC timer fired: true if the deadline has come (the kernel's
 * handler runs), false if it fired early or was re-armed for a longer
 * wait than the counter holds.
 */
bool
time_timer_due(void)
{
	struct pcpu *pc = this_pcpu();

	if (pc->deadline == 0)
		return false;
	if (hal_time_ns() < pc->deadline) {
		arm(pc->deadline);
		return false;
	}
	pc->deadline = 0;
	return true;
}

uint64_t
hal_rtc_boot_seconds(void)
{
	return rtc_boot;
}

static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/*
 * RDRAND where the CPU has it. Otherwise the low bits of the TSC around
 * port reads of the PIT: jitter, not a cryptographic source (QEMU's
 * default CPU model has no RDRAND; -cpu max does).
 */
void
hal_entropy(void *buf, size_t n)
{
	uint8_t *b = buf;
	uint64_t v = 0, s = rtc_boot ^ rdtsc();
	int ok;

	for (size_t i = 0; i < n; i++) {
		if (i % 8 == 0) {
			ok = 0;
			if (has_rdrand)
				for (int k = 0; k < 10 && !ok; k++)
					__asm__ volatile("rdrand %0; setc %b1"
							 : "=r"(v), "=q"(ok) : : "cc");
			if (!ok) {
				for (int k = 0; k < 64; k++) {
					(void)inb(0x61);
					s = mix(s ^ rdtsc());
				}
				v = s;
			}
		}
		b[i] = (uint8_t)(v >> (8 * (i % 8)));
	}
}
