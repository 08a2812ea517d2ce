/*
 * fdt_test.c -- unit tests of the aarch64 HAL's device tree walker
 * (hal-qemu/aarch64/fdt.c) and of its RAM carving (memmap.c), compiled
 * for the host: walks of built trees, every kind of damage the walker
 * must refuse, and ranges of RAM less reserved ones.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt.h"
#include "fdtbuild.h"
#include "memmap.h"

static uint8_t blob[32768];

struct seen {
	char log[4096];
	int props, ends;
};

static void
rec_prop(void *arg, int depth, const char *const *path, const char *name,
	 const uint8_t *val, uint32_t len)
{
	struct seen *s = arg;
	size_t n = strlen(s->log);

	(void)val;
	snprintf(s->log + n, sizeof(s->log) - n, "%d:%s/%s(%u) ", depth,
		 path[depth - 1], name, len);
	s->props++;
}

static void
rec_end(void *arg, int depth, const char *const *path)
{
	struct seen *s = arg;
	size_t n = strlen(s->log);

	snprintf(s->log + n, sizeof(s->log) - n, "end%d:%s ", depth,
		 path[depth - 1]);
	s->ends++;
}

static const struct fdt_visitor recorder = { rec_prop, rec_end };

/* / { model; memory@0 { reg }; chosen { bootargs; }; } */
static size_t
small_tree(void)
{
	struct fdtb b;

	fdtb_init(&b);
	fdtb_reserve(&b, 0x1000, 0x2000);
	fdtb_reserve(&b, 0x80000000ull, 0x100000);
	fdtb_begin(&b, "");
	fdtb_str(&b, "model", "test");
	fdtb_begin(&b, "memory@0");
	fdtb_cells(&b, "reg", 4, 0, 0, 0, 0x40000000);
	fdtb_end(&b);
	fdtb_begin(&b, "chosen");
	fdtb_str(&b, "bootargs", "ktest=all");
	fdtb_end(&b);
	fdtb_end(&b);
	return fdtb_finish(&b, blob, sizeof(blob));
}

START_TEST(test_walk_order)
{
	size_t n = small_tree();
	struct seen s = { "", 0, 0 };

	ck_assert_int_eq(fdt_walk(blob, n, &recorder, &s), 0);
	ck_assert_str_eq(s.log, "1:/model(5) 2:memory@0/reg(16) end2:memory@0 "
			 "2:chosen/bootargs(10) end2:chosen end1: ");
	ck_assert_int_eq(s.props, 3);
	ck_assert_int_eq(s.ends, 3);
	ck_assert_uint_eq(fdt_totalsize(blob), n);
}
END_TEST

static uint64_t rsv[8][2];
static int nrsv;

static void
rec_rsv(void *arg, uint64_t base, uint64_t size)
{
	(void)arg;
	rsv[nrsv][0] = base;
	rsv[nrsv][1] = size;
	nrsv++;
}

START_TEST(test_memreserve)
{
	size_t n = small_tree();

	nrsv = 0;
	ck_assert_int_eq(fdt_memreserve(blob, n, rec_rsv, NULL), 0);
	ck_assert_int_eq(nrsv, 2);
	ck_assert_uint_eq(rsv[0][0], 0x1000);
	ck_assert_uint_eq(rsv[0][1], 0x2000);
	ck_assert_uint_eq(rsv[1][0], 0x80000000ull);
	ck_assert_uint_eq(rsv[1][1], 0x100000);
}
END_TEST

START_TEST(test_helpers)
{
	static const uint8_t compat[] = "arm,pl011\0arm,primecell";
	static const uint8_t cells[] = { 0, 0, 0, 0x10, 0x7d, 0, 0x10, 0 };

	ck_assert(fdt_has_string(compat, sizeof(compat), "arm,primecell"));
	ck_assert(fdt_has_string(compat, sizeof(compat), "arm,pl011"));
	ck_assert(!fdt_has_string(compat, sizeof(compat), "arm,pl01"));
	ck_assert(!fdt_has_string(compat, 5, "arm,p"));	/* unterminated */
	ck_assert_uint_eq(fdt_cells(cells, 2), 0x107d001000ull);
	ck_assert_uint_eq(fdt_cells(cells + 4, 1), 0x7d001000u);
	ck_assert(fdt_prefix("memory@0", "memory"));
	ck_assert(!fdt_prefix("mem", "memory"));
}
END_TEST

static uint32_t
get32(const uint8_t *p)
{
	return fdt_be32(p);
}

/* Each header defect gives its own error. */
START_TEST(test_bad_header)
{
	size_t n = small_tree();
	struct seen s = { "", 0, 0 };
	uint8_t save[40];

	memcpy(save, blob, 40);
	ck_assert_int_eq(fdt_walk(blob, 39, &recorder, &s), FDT_ERR_MAGIC);
	blob[0] = 0;
	ck_assert_int_eq(fdt_walk(blob, n, &recorder, &s), FDT_ERR_MAGIC);
	memcpy(blob, save, 40);
	fdtb_put32(blob + 20, 16);
	ck_assert_int_eq(fdt_walk(blob, n, &recorder, &s), FDT_ERR_VERSION);
	memcpy(blob, save, 40);
	ck_assert_int_eq(fdt_walk(blob, n - 1, &recorder, &s), FDT_ERR_SIZE);
	fdtb_put32(blob + 4, FDT_MAX_SIZE + 4);
	ck_assert_int_eq(fdt_walk(blob, sizeof(blob) * 1000, &recorder, &s),
			 FDT_ERR_SIZE);
	memcpy(blob, save, 40);
	fdtb_put32(blob + 36, (uint32_t)n - get32(blob + 8) + 4);	/* struct runs past */
	ck_assert_int_eq(fdt_walk(blob, n, &recorder, &s), FDT_ERR_LAYOUT);
	memcpy(blob, save, 40);
	fdtb_put32(blob + 12, (uint32_t)n);			/* strings past the end */
	ck_assert_int_eq(fdt_walk(blob, n, &recorder, &s), FDT_ERR_LAYOUT);
	memcpy(blob, save, 40);
	fdtb_put32(blob + 16, (uint32_t)n + 16);		/* reservations past */
	ck_assert_int_eq(fdt_memreserve(blob, n, rec_rsv, NULL), FDT_ERR_LAYOUT);
	ck_assert_int_eq(s.props, 0);
	ck_assert_str_eq(fdt_strerror(FDT_ERR_LAYOUT),
			 "a block lies outside the total size");
}
END_TEST

/* A structure block built token by token, then walked. */
static int
walk_tokens(void (*build)(struct fdtb *))
{
	struct fdtb b;
	struct seen s = { "", 0, 0 };
	size_t n;

	fdtb_init(&b);
	build(&b);
	n = fdtb_finish(&b, blob, sizeof(blob));
	return fdt_walk(blob, n, &recorder, &s);
}

static void
end_without_begin(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_end(b);
	fdtb_end(b);
}

static void
unknown_token(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_token(b, 7);
	fdtb_end(b);
}

static void
left_open(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_begin(b, "cpus");
	fdtb_end(b);
}

static void
prop_at_top(struct fdtb *b)
{
	fdtb_str(b, "model", "x");
}

static void
too_deep(struct fdtb *b)
{
	for (int i = 0; i <= FDT_MAX_DEPTH; i++)
		fdtb_begin(b, "n");
	for (int i = 0; i <= FDT_MAX_DEPTH; i++)
		fdtb_end(b);
}

static void
deep_enough(struct fdtb *b)
{
	for (int i = 0; i < FDT_MAX_DEPTH; i++)
		fdtb_begin(b, "n");
	fdtb_str(b, "leaf", "y");
	for (int i = 0; i < FDT_MAX_DEPTH; i++)
		fdtb_end(b);
}

static void
huge_value(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_token(b, 3);
	fdtb_token(b, 0x7fffffff);	/* length */
	fdtb_token(b, 0);
	fdtb_end(b);
}

static void
bad_name_offset(struct fdtb *b)
{
	fdtb_begin(b, "");
	fdtb_str(b, "model", "x");	/* "model" at offset 0 */
	fdtb_token(b, 3);
	fdtb_token(b, 0);
	fdtb_token(b, 4000);		/* past the strings */
	fdtb_end(b);
}

START_TEST(test_bad_structure)
{
	ck_assert_int_eq(walk_tokens(end_without_begin), FDT_ERR_NESTING);
	ck_assert_int_eq(walk_tokens(unknown_token), FDT_ERR_TOKEN);
	ck_assert_int_eq(walk_tokens(left_open), FDT_ERR_NOEND);
	ck_assert_int_eq(walk_tokens(prop_at_top), FDT_ERR_NESTING);
	ck_assert_int_eq(walk_tokens(too_deep), FDT_ERR_NESTING);
	ck_assert_int_eq(walk_tokens(deep_enough), 0);
	ck_assert_int_eq(walk_tokens(huge_value), FDT_ERR_TRUNCATED);
	ck_assert_int_eq(walk_tokens(bad_name_offset), FDT_ERR_TRUNCATED);
}
END_TEST

/* A node name without its NUL before the block's end; no FDT_END. */
START_TEST(test_truncated_name)
{
	size_t n = small_tree();
	uint32_t len = get32(blob + 36);
	struct seen s = { "", 0, 0 };

	/* end the structure block inside "memory@0": the root's BEGIN and
	 * name (8), the model property (20), BEGIN (4), "memory" (6) */
	fdtb_put32(blob + 36, 8 + 20 + 4 + 6);
	ck_assert_int_eq(fdt_walk(blob, n, &recorder, &s), FDT_ERR_TRUNCATED);
	fdtb_put32(blob + 36, len - 4);		/* drop FDT_END */
	ck_assert_int_eq(fdt_walk(blob, n, &recorder, &s), FDT_ERR_NOEND);
}
END_TEST

/*
 * Every single-byte change of a valid blob, in a buffer of exactly its
 * size: the walk ends (with or without an error) and visits only bytes
 * of the blob (the callbacks check their pointers).
 */
static const uint8_t *fz_lo, *fz_hi;

static void
fz_prop(void *arg, int depth, const char *const *path, const char *name,
	const uint8_t *val, uint32_t len)
{
	(void)arg;
	ck_assert((const uint8_t *)name >= fz_lo && (const uint8_t *)name < fz_hi);
	ck_assert((const uint8_t *)path[depth - 1] >= fz_lo);
	ck_assert(val >= fz_lo && val + len <= fz_hi);
}

static int count;

static void
count_rsv(void *arg, uint64_t base, uint64_t size)
{
	(void)arg;
	(void)base;
	(void)size;
	count++;
}

START_TEST(test_fuzz_bytes)
{
	size_t n = small_tree();
	uint8_t *copy = malloc(n);
	static const struct fdt_visitor v = { fz_prop, NULL };
	static const uint8_t values[] = { 0x00, 0x01, 0x03, 0x09, 0x7f, 0xff };

	ck_assert_ptr_nonnull(copy);
	fz_lo = copy;
	fz_hi = copy + n;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < sizeof(values); k++) {
			memcpy(copy, blob, n);
			copy[i] = values[k];
			(void)fdt_walk(copy, n, &v, NULL);
			count = 0;
			if (fdt_memreserve(copy, n, count_rsv, NULL) == 0)
				ck_assert_int_le(count, (int)(n / 16));
		}
	}
	free(copy);
}
END_TEST

/* ---- memmap_carve ---- */

START_TEST(test_carve_pi_layout)
{
	/* A Pi 5's first GiB: TF-A and the kernel below 0x121000, an
	 * initrd after it with an unaligned end, a reserved top. */
	struct memmap_range ram[] = { { 0, 0x3fc00000 }, { 0x40000000, 0xc0000000 } };
	struct memmap_range res[] = {
		{ 0x122000, 0x500123 },		/* initrd */
		{ 0, 0x121000 },		/* TF-A and the image */
		{ 0x3f000000, 0x800000 },	/* a framebuffer */
	};
	struct memmap_range out[8];
	int n = memmap_carve(ram, 2, res, 3, 4096, out, 8);

	ck_assert_int_eq(n, 4);
	ck_assert_uint_eq(out[0].base, 0x121000);
	ck_assert_uint_eq(out[0].size, 0x1000);
	ck_assert_uint_eq(out[1].base, 0x623000);	/* 0x622123 rounded up */
	ck_assert_uint_eq(out[1].base + out[1].size, 0x3f000000);
	ck_assert_uint_eq(out[2].base, 0x3f800000);
	ck_assert_uint_eq(out[2].base + out[2].size, 0x3fc00000);
	ck_assert_uint_eq(out[3].base, 0x40000000);
	ck_assert_uint_eq(out[3].size, 0xc0000000);
}
END_TEST

START_TEST(test_carve_edges)
{
	struct memmap_range ram[] = { { 0x1000, 0x10000 } };
	struct memmap_range all[] = { { 0, 0x100000 } };
	struct memmap_range overlap[] = { { 0x3000, 0x2000 }, { 0x4000, 0x2000 },
					  { 0x2000, 0 }, { 0x50000, 0x1000 } };
	struct memmap_range wrap[] = { { 0x8000, UINT64_MAX } };
	struct memmap_range out[4];

	ck_assert_int_eq(memmap_carve(ram, 1, all, 1, 4096, out, 4), 0);
	ck_assert_int_eq(memmap_carve(ram, 1, overlap, 4, 4096, out, 4), 2);
	ck_assert_uint_eq(out[0].base, 0x1000);
	ck_assert_uint_eq(out[0].size, 0x2000);
	ck_assert_uint_eq(out[1].base, 0x6000);
	ck_assert_uint_eq(out[1].base + out[1].size, 0x11000);
	ck_assert_int_eq(memmap_carve(ram, 1, overlap, 4, 4096, out, 1), 1);
	ck_assert_int_eq(memmap_carve(ram, 1, wrap, 1, 4096, out, 4), 1);
	ck_assert_uint_eq(out[0].size, 0x7000);
	ck_assert_int_eq(memmap_carve(ram, 1, NULL, 0, 4096, out, 4), 1);
	ck_assert_uint_eq(out[0].size, 0x10000);
	/* a range smaller than a page, or inside one, gives nothing */
	ram[0] = (struct memmap_range){ 0x1800, 0x800 };
	ck_assert_int_eq(memmap_carve(ram, 1, NULL, 0, 4096, out, 4), 0);
}
END_TEST

static Suite *
fdt_suite(void)
{
	Suite *s = suite_create("aarch64 fdt and memmap");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_walk_order);
	tcase_add_test(tc, test_memreserve);
	tcase_add_test(tc, test_helpers);
	tcase_add_test(tc, test_bad_header);
	tcase_add_test(tc, test_bad_structure);
	tcase_add_test(tc, test_truncated_name);
	tcase_add_test(tc, test_fuzz_bytes);
	tcase_add_test(tc, test_carve_pi_layout);
	tcase_add_test(tc, test_carve_edges);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(fdt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
