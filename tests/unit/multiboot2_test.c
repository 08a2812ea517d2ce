/*
 * multiboot2_test.c -- unit tests of the x86_64 HAL's reading of GRUB's
 * multiboot2 information (hal-qemu/x86_64/multiboot2.c), compiled for
 * the host: well-formed structures give the facts, malformed ones a
 * message and no read past their end. "Physical" addresses here are
 * the host's pointers (x86_early_p2v below is the identity).
 */
#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* multiboot2.c's side (x86.h is the kernel's: not included here). */
bool multiboot2_parse(uint64_t pa);

/* What multiboot2.c hands to the rest of the HAL, recorded. */
uint8_t acpi_rsdp_copy[36];
static char cmdline[256], messages[4096];
static uint64_t initrd_pa, initrd_size, fb_addr;
static uint64_t mm_base[8], mm_size[8];
static uint32_t mm_type[8], fb_width, fb_type;
static int nmm, nfb, ncmdline;

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void
console_early_puts(const char *s)
{
	strncat(messages, s, sizeof(messages) - strlen(messages) - 1);
}

void *
x86_early_p2v(uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

void
x86_set_cmdline(const char *s)
{
	snprintf(cmdline, sizeof(cmdline), "%s", s);
	ncmdline++;
}

void
x86_set_initrd(uint64_t pa, size_t size)
{
	initrd_pa = pa;
	initrd_size = size;
}

void
x86_add_memmap(uint64_t base, uint64_t size, uint32_t type)
{
	if (nmm < 8) {
		mm_base[nmm] = base;
		mm_size[nmm] = size;
		mm_type[nmm] = type;
	}
	nmm++;
}

void
screen_set_framebuffer(uint64_t addr, uint32_t pitch, uint32_t width,
		       uint32_t height, uint8_t bpp, uint8_t type)
{
	(void)pitch, (void)height, (void)bpp;
	fb_addr = addr;
	fb_width = width;
	fb_type = type;
	nfb++;
}

static uint64_t font_pa, font_size;
static uint8_t rgb[6];

void
screen_set_font(uint64_t pa, size_t size)
{
	font_pa = pa;
	font_size = size;
}

void
screen_set_rgb(uint8_t red_pos, uint8_t red_size, uint8_t green_pos,
	       uint8_t green_size, uint8_t blue_pos, uint8_t blue_size)
{
	uint8_t v[6] = { red_pos, red_size, green_pos, green_size, blue_pos, blue_size };

	memcpy(rgb, v, sizeof(rgb));
}

/* ---- building an information structure ---- */

static uint64_t info_buf[512];		/* 8-aligned */
static size_t info_len;

static void
setup(void)
{
	memset(acpi_rsdp_copy, 0, sizeof(acpi_rsdp_copy));
	cmdline[0] = messages[0] = '\0';
	initrd_pa = initrd_size = fb_addr = font_pa = font_size = 0;
	memset(rgb, 0, sizeof(rgb));
	nmm = nfb = ncmdline = 0;
	memset(info_buf, 0xa5, sizeof(info_buf));
	info_len = 8;
}

/* Append a tag of `size` bytes (payload after type and size), 8-aligned. */
static void
tag(uint32_t type, uint32_t size, const void *payload, size_t plen)
{
	uint8_t *p = (uint8_t *)info_buf + info_len;

	memcpy(p, &type, 4);
	memcpy(p + 4, &size, 4);
	memcpy(p + 8, payload, plen);
	info_len += (size + 7) & ~7u;
}

static void
end_tag(void)
{
	tag(0, 8, NULL, 0);
}

/* Set the total size (the structure's first word) and parse. */
static bool
parse_len(uint32_t total)
{
	uint32_t hdr[2] = { total, 0 };

	memcpy(info_buf, hdr, 8);
	return multiboot2_parse((uintptr_t)info_buf);
}

static bool
parse(void)
{
	return parse_len((uint32_t)info_len);
}

static void
tag_mmap(uint32_t entry_size, int n)
{
	uint8_t b[8 + 4 * 32];
	uint32_t hdr[2] = { entry_size, 0 };

	memset(b, 0, sizeof(b));
	memcpy(b, hdr, 8);
	for (int i = 0; i < n && 8 + (i + 1) * entry_size <= sizeof(b); i++) {
		uint64_t base = 0x100000ull * (i + 1), len = 0x1000 * (i + 1);
		uint32_t type = 1 + i;

		memcpy(b + 8 + i * entry_size, &base, 8);
		memcpy(b + 8 + i * entry_size + 8, &len, 8);
		memcpy(b + 8 + i * entry_size + 16, &type, 4);
	}
	tag(6, 16 + n * entry_size, b, 8 + n * entry_size);
}

static void
tag_module(uint32_t start, uint32_t end, const char *name)
{
	uint8_t b[64];
	size_t n = strlen(name) + 1;

	memcpy(b, &start, 4);
	memcpy(b + 4, &end, 4);
	memcpy(b + 8, name, n);
	tag(3, 16 + n, b, 8 + n);
}

static void
tag_rsdp(uint32_t type, char rev)
{
	uint8_t b[36];

	memset(b, 0, sizeof(b));
	memcpy(b, "RSD PTR ", 8);
	b[15] = (uint8_t)rev;
	tag(type, 8 + (type == 15 ? 36 : 20), b, type == 15 ? 36 : 20);
}

/* ---- tests ---- */

START_TEST(test_well_formed)
{
	uint8_t fb[24];
	uint64_t addr = 0xb8000;
	uint32_t pitch = 160, w = 80, h = 25;

	tag(1, 8 + 10, "ktest=all", 10);
	tag_module(0x400000, 0x480000, "initramfs");
	tag_mmap(24, 3);
	tag_rsdp(14, 0);
	tag_rsdp(15, 2);
	memset(fb, 0, sizeof(fb));
	memcpy(fb, &addr, 8);
	memcpy(fb + 8, &pitch, 4);
	memcpy(fb + 12, &w, 4);
	memcpy(fb + 16, &h, 4);
	fb[20] = 16;
	fb[21] = 2;
	tag(8, 32, fb, 24);
	end_tag();
	ck_assert(parse());
	ck_assert_str_eq(messages, "");
	ck_assert_str_eq(cmdline, "ktest=all");
	ck_assert_uint_eq(initrd_pa, 0x400000);
	ck_assert_uint_eq(initrd_size, 0x80000);
	ck_assert_int_eq(nmm, 3);
	ck_assert_uint_eq(mm_base[2], 0x300000);
	ck_assert_uint_eq(mm_size[2], 0x3000);
	ck_assert_uint_eq(mm_type[2], 3);
	ck_assert_int_eq(acpi_rsdp_copy[15], 2);	/* the ACPI 2.0 copy won */
	ck_assert_int_eq(nfb, 1);
	ck_assert_uint_eq(fb_addr, 0xb8000);
	ck_assert_uint_eq(fb_width, 80);
	ck_assert_uint_eq(fb_type, 2);
}
END_TEST

/* A bigger entry size (a later version of the map) is stepped over. */
START_TEST(test_mmap_larger_entries)
{
	tag_mmap(32, 2);
	end_tag();
	ck_assert(parse());
	ck_assert_int_eq(nmm, 2);
	ck_assert_uint_eq(mm_base[1], 0x200000);
	ck_assert_str_eq(messages, "");
}
END_TEST

START_TEST(test_mmap_bad_entry_size)
{
	tag_mmap(20, 2);		/* shorter than an entry */
	tag_mmap(28, 1);		/* not 8-aligned */
	tag_mmap(0, 0);
	end_tag();
	ck_assert(parse());
	ck_assert_int_eq(nmm, 0);
	ck_assert_ptr_nonnull(strstr(messages, "memory map: bad tag"));
}
END_TEST

START_TEST(test_total_too_small)
{
	ck_assert(!parse_len(4));
	ck_assert_ptr_nonnull(strstr(messages, "says it is 4 bytes long"));
	ck_assert(!parse_len(0xffffffffu));
}
END_TEST

START_TEST(test_misaligned)
{
	ck_assert(!multiboot2_parse((uintptr_t)info_buf + 4));
	ck_assert_ptr_nonnull(strstr(messages, "not 8-aligned"));
	messages[0] = '\0';
	ck_assert(!multiboot2_parse(0));
}
END_TEST

/* A tag longer than the structure ends the walk; earlier tags stay read. */
START_TEST(test_tag_past_end)
{
	tag(1, 8 + 6, "hello", 6);
	tag(6, 4000, "", 0);
	ck_assert(parse_len(24 + 16));		/* room for 16 bytes of the tag */
	ck_assert_str_eq(cmdline, "hello");
	ck_assert_int_eq(nmm, 0);
	ck_assert_ptr_nonnull(strstr(messages, "tag 6 at offset 24 has a bad size (4000)"));
}
END_TEST

/* A tag under 8 bytes (0 would make the walk stand still) ends it. */
START_TEST(test_tag_too_small)
{
	tag(1, 4, NULL, 0);
	info_len += 8;
	end_tag();
	ck_assert(parse());
	ck_assert_int_eq(ncmdline, 0);
	ck_assert_ptr_nonnull(strstr(messages, "tag 1 at offset 8 has a bad size (4)"));
}
END_TEST

START_TEST(test_no_end_tag)
{
	tag(1, 8 + 3, "ab", 3);
	ck_assert(parse());
	ck_assert_str_eq(cmdline, "ab");
	ck_assert_ptr_nonnull(strstr(messages, "no end tag"));
}
END_TEST

START_TEST(test_cmdline_unterminated)
{
	tag(1, 8 + 4, "abcd", 4);	/* no NUL inside the tag */
	end_tag();
	ck_assert(parse());
	ck_assert_int_eq(ncmdline, 0);
	ck_assert_ptr_nonnull(strstr(messages, "command line (4 bytes) has no end"));
}
END_TEST

START_TEST(test_modules)
{
	tag_module(0x500000, 0x400000, "backwards");
	tag_module(0x600000, 0x601000, "initramfs");
	tag_module(0x700000, 0x701000, "extra");
	tag(3, 12, "\0\0\0\0", 4);	/* too short for a module */
	end_tag();
	ck_assert(parse());
	ck_assert_uint_eq(initrd_pa, 0x600000);
	ck_assert_uint_eq(initrd_size, 0x1000);
	ck_assert_ptr_nonnull(strstr(messages, "module 0: bad tag"));
	ck_assert_ptr_nonnull(strstr(messages, "module 2 ignored"));
	ck_assert_ptr_null(strstr(messages, "module 1"));
	ck_assert_ptr_nonnull(strstr(messages, "module 3: bad tag"));
}
END_TEST

/* The module named "font" is the screen's, wherever it comes. */
START_TEST(test_font_module)
{
	tag_module(0x900000, 0x901388, "font");
	tag_module(0x600000, 0x601000, "initramfs");
	end_tag();
	ck_assert(parse());
	ck_assert_str_eq(messages, "");
	ck_assert_uint_eq(font_pa, 0x900000);
	ck_assert_uint_eq(font_size, 0x1388);
	ck_assert_uint_eq(initrd_pa, 0x600000);
}
END_TEST

/* A direct-colour framebuffer (as under UEFI) with its colour fields. */
START_TEST(test_framebuffer_rgb)
{
	uint8_t fb[30];
	uint64_t addr = 0x80000000;
	uint32_t pitch = 4096, w = 1024, h = 768;
	uint8_t fields[6] = { 16, 8, 8, 8, 0, 8 };

	memset(fb, 0, sizeof(fb));
	memcpy(fb, &addr, 8);
	memcpy(fb + 8, &pitch, 4);
	memcpy(fb + 12, &w, 4);
	memcpy(fb + 16, &h, 4);
	fb[20] = 32;
	fb[21] = 1;
	memcpy(fb + 24, fields, 6);
	tag(8, 38, fb, 30);
	tag(8, 32, fb, 24);		/* RGB but no room for the fields */
	end_tag();
	ck_assert(parse());
	ck_assert_int_eq(nfb, 1);
	ck_assert_uint_eq(fb_type, 1);
	ck_assert_mem_eq(rgb, fields, 6);
	ck_assert_ptr_nonnull(strstr(messages, "framebuffer: tag of 32 bytes"));
}
END_TEST

START_TEST(test_rsdp)
{
	tag_rsdp(15, 2);
	tag_rsdp(14, 0);		/* after the new one: not taken */
	tag(15, 8 + 20, "RSD PTR ", 8);	/* too short for ACPI 2.0 */
	end_tag();
	ck_assert(parse());
	ck_assert_int_eq(acpi_rsdp_copy[15], 2);
	ck_assert_ptr_nonnull(strstr(messages, "ACPI RSDP tag 15: 20 bytes, 36 expected"));
}
END_TEST

START_TEST(test_framebuffer_short)
{
	tag(8, 16, "\0\x80\x0b\0\0\0\0\0", 8);
	end_tag();
	ck_assert(parse());
	ck_assert_int_eq(nfb, 0);
	ck_assert_ptr_nonnull(strstr(messages, "framebuffer: tag of 16 bytes"));
}
END_TEST

static Suite *
multiboot2_suite(void)
{
	Suite *s = suite_create("multiboot2");
	TCase *tc = tcase_create("multiboot2");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_well_formed);
	tcase_add_test(tc, test_mmap_larger_entries);
	tcase_add_test(tc, test_mmap_bad_entry_size);
	tcase_add_test(tc, test_total_too_small);
	tcase_add_test(tc, test_misaligned);
	tcase_add_test(tc, test_tag_past_end);
	tcase_add_test(tc, test_tag_too_small);
	tcase_add_test(tc, test_no_end_tag);
	tcase_add_test(tc, test_cmdline_unterminated);
	tcase_add_test(tc, test_modules);
	tcase_add_test(tc, test_font_module);
	tcase_add_test(tc, test_framebuffer_rgb);
	tcase_add_test(tc, test_rsdp);
	tcase_add_test(tc, test_framebuffer_short);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(multiboot2_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
