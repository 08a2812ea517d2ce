/*
 * multiboot2.c (x86_64) -- GRUB's boot information (the multiboot2
 * information structure, %ebx at mb2_entry in head.S), read into the
 * same facts the PVH start info gives (boot.c): the memory map, the
 * command line, the initramfs (the first module), a copy of the ACPI
 * RSDP and, for the screen console, the framebuffer.
 *
 * Everything is checked before it is used: the structure comes from a
 * loader we did not write, and a bad length would otherwise make the
 * kernel read past it. A malformed tag ends the walk with a message on
 * the serial console; what was read before it is kept.
 */
#include "x86.h"

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_MODULE 3
#define MB2_TAG_MMAP 6
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_ACPI_OLD 14	/* a copy of the ACPI 1.0 RSDP (20 bytes) */
#define MB2_TAG_ACPI_NEW 15	/* a copy of the ACPI 2.0+ RSDP (36 bytes) */
#define MB2_INFO_MAX (1u << 20)	/* far more than GRUB ever writes */

struct mb2_tag {
	uint32_t type, size;
};

struct mb2_module {
	uint32_t type, size, mod_start, mod_end;
	char string[];
};

struct mb2_mmap {
	uint32_t type, size, entry_size, entry_version;
};

struct mb2_mmap_entry {
	uint64_t base, len;
	uint32_t type, reserved;
};

struct mb2_framebuffer {
	uint32_t type, size;
	uint64_t addr;
	uint32_t pitch, width, height;
	uint8_t bpp, fb_type;
	uint16_t reserved;		/* GRUB's layout: 16 bits, not the spec's 8 */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

extern uint8_t acpi_rsdp_copy[36];	/* boot.c */

static void
complain(const char *fmt, unsigned long a, unsigned long b, unsigned long c)
{
	char msg[160];

	ksnprintf(msg, sizeof(msg), fmt, a, b, c);
	console_early_puts("x86_64: multiboot2: ");
	console_early_puts(msg);
	console_early_puts("\r\n");
}

/* The string at s, at most max bytes long; NULL when it has no NUL. */
static const char *
bounded_string(const char *s, size_t max)
{
	for (size_t i = 0; i < max; i++)
		if (s[i] == '\0')
			return s;
	return NULL;
}

static void
read_cmdline(const struct mb2_tag *t)
{
	const char *s = bounded_string((const char *)(t + 1), t->size - sizeof(*t));

	if (s == NULL)
		complain("the command line (%lu bytes) has no end: ignored",
			 t->size - sizeof(*t), 0, 0);
	else
		x86_set_cmdline(s);
}

/*
 * The module named "font" is the screen's font (screen.c); the first good
 * other one is the initramfs, and *taken says one was.
 */
static void
read_module(const struct mb2_tag *t, int index, bool *taken)
{
	const struct mb2_module *m = (const struct mb2_module *)t;
	const char *name;

	if (t->size < sizeof(*m) || m->mod_end < m->mod_start) {
		complain("module %lu: bad tag (size %lu, end before start): ignored",
			 (unsigned long)index, t->size, 0);
		return;
	}
	name = bounded_string(m->string, t->size - sizeof(*m));
	if (name != NULL && name[0] == 'f' && name[1] == 'o' && name[2] == 'n' &&
	    name[3] == 't' && name[4] == '\0') {
		screen_set_font(m->mod_start, m->mod_end - m->mod_start);
		return;
	}
	if (*taken) {
		complain("module %lu ignored: the first module is the initramfs",
			 (unsigned long)index, 0, 0);
		return;
	}
	x86_set_initrd(m->mod_start, m->mod_end - m->mod_start);
	*taken = true;
}

static void
read_mmap(const struct mb2_tag *t)
{
	const struct mb2_mmap *mm = (const struct mb2_mmap *)t;
	const uint8_t *e, *end = (const uint8_t *)t + t->size;

	if (t->size < sizeof(*mm) || mm->entry_size < sizeof(struct mb2_mmap_entry) ||
	    mm->entry_size % 8 != 0) {
		complain("memory map: bad tag (size %lu, entry size %lu): ignored",
			 t->size, t->size < sizeof(*mm) ? 0 : mm->entry_size, 0);
		return;
	}
	for (e = (const uint8_t *)(mm + 1); e + mm->entry_size <= end;
	     e += mm->entry_size) {
		const struct mb2_mmap_entry *me = (const struct mb2_mmap_entry *)e;

		x86_add_memmap(me->base, me->len, me->type);
	}
}

/* GRUB gives both copies when the firmware has ACPI 2.0; take the newer. */
static void
read_rsdp(const struct mb2_tag *t)
{
	size_t need = t->type == MB2_TAG_ACPI_NEW ? 36 : 20;
	const uint8_t *p = (const uint8_t *)(t + 1);

	if (t->size - sizeof(*t) < need) {
		complain("ACPI RSDP tag %lu: %lu bytes, %lu expected: ignored",
			 t->type, t->size - sizeof(*t), need);
		return;
	}
	if (t->type == MB2_TAG_ACPI_OLD && acpi_rsdp_copy[0] != 0)
		return;
	for (size_t i = 0; i < sizeof(acpi_rsdp_copy); i++)
		acpi_rsdp_copy[i] = i < need ? p[i] : 0;
}

static void
read_framebuffer(const struct mb2_tag *t)
{
	const struct mb2_framebuffer *fb = (const struct mb2_framebuffer *)t;

	size_t common = offsetof(struct mb2_framebuffer, red_pos);
	size_t rgb = offsetof(struct mb2_framebuffer, blue_size) + 1;

	if (t->size < common || (fb->fb_type == 1 && t->size < rgb)) {
		complain("framebuffer: tag of %lu bytes: ignored", t->size, 0, 0);
		return;
	}
	screen_set_framebuffer(fb->addr, fb->pitch, fb->width, fb->height, fb->bpp,
			       fb->fb_type);
	if (fb->fb_type == 1)		/* direct RGB: where each colour is */
		screen_set_rgb(fb->red_pos, fb->red_size, fb->green_pos, fb->green_size,
			       fb->blue_pos, fb->blue_size);
}

/*
 * Read GRUB's information structure at physical address pa (its total
 * size and a reserved word, then tags, each 8-aligned, the last of type
 * 0) into boot.c's and screen.c's variables. Returns false when there is
 * nothing to read at all. Boot CPU, boot page tables (x86_early_p2v).
 */
bool
multiboot2_parse(paddr_t pa)
{
	const uint8_t *base = x86_early_p2v(pa), *p, *end;
	uint32_t total;
	int modules = 0;
	bool ended = false, initrd = false;

	if (base == NULL || pa % 8 != 0) {
		complain("the information structure at %#lx is not 8-aligned below 4 GiB",
			 pa, 0, 0);
		return false;
	}
	total = *(const uint32_t *)base;
	/* All of it mapped, and in one piece (the first GiB has two aliases). */
	if (total < 16 || total > MB2_INFO_MAX ||
	    x86_early_p2v(pa + total - 1) != base + total - 1) {
		complain("the information structure at %#lx says it is %lu bytes long",
			 pa, total, 0);
		return false;
	}
	end = base + total;
	for (p = base + 8; p + sizeof(struct mb2_tag) <= end && !ended;) {
		const struct mb2_tag *t = (const struct mb2_tag *)p;

		if (t->size < sizeof(*t) || t->size > (size_t)(end - p)) {
			complain("tag %lu at offset %lu has a bad size (%lu): the rest is ignored",
				 t->type, (unsigned long)(p - base), t->size);
			return true;
		}
		switch (t->type) {
		case MB2_TAG_END:
			ended = true;
			break;
		case MB2_TAG_CMDLINE:
			read_cmdline(t);
			break;
		case MB2_TAG_MODULE:
			read_module(t, modules++, &initrd);
			break;
		case MB2_TAG_MMAP:
			read_mmap(t);
			break;
		case MB2_TAG_FRAMEBUFFER:
			read_framebuffer(t);
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			read_rsdp(t);
			break;
		}
		p += (t->size + 7) & ~7u;
	}
	if (!ended)
		complain("no end tag in the %lu bytes of the information structure",
			 total, 0, 0);
	return true;
}
