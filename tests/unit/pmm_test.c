/*
 * pmm_test.c -- unit tests of the buddy page allocator (kernel/pmm.c) on
 * the test HAL's 16 MiB of RAM.
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmm.h"
#include "testhal.h"

#define RAM_PAGES (TESTHAL_RAM_SIZE / PAGE_SIZE)
#define MAX_BLOCK ((paddr_t)PAGE_SIZE << (PMM_MAX_ORDER - 1))

/* ck_assert_msg without Check's per-call bookkeeping, for hot loops. */
#define REQUIRE(cond, ...) do {					\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

static paddr_t held[RAM_PAGES];		/* pages taken by exhaust() */
static size_t nheld;
static size_t start_free;

static void
setup(void)
{
	testhal_reset();
	pmm_init();
	start_free = pmm_free_pages();
	nheld = 0;
}

/* Pages of the default layout that hold the struct page array. */
static size_t
array_pages(size_t npages)
{
	return (npages * sizeof(struct page) + PAGE_SIZE - 1) / PAGE_SIZE;
}

/* Largest blocks that fit, aligned, in the RAM after the page array. */
static size_t
expected_max_blocks(void)
{
	paddr_t lo = TESTHAL_RAM_BASE + array_pages(RAM_PAGES) * PAGE_SIZE;
	paddr_t hi = TESTHAL_RAM_BASE + TESTHAL_RAM_SIZE;

	lo = (lo + MAX_BLOCK - 1) & ~(MAX_BLOCK - 1);
	return hi > lo ? (size_t)((hi - lo) / MAX_BLOCK) : 0;
}

/* Take every free page, one at a time, into held[]. */
static void
exhaust(void)
{
	paddr_t pa;

	nheld = 0;
	while ((pa = pmm_alloc(0)) != 0) {
		REQUIRE(nheld < RAM_PAGES, "more pages than RAM");
		held[nheld++] = pa;
	}
	ck_assert_uint_eq(pmm_free_pages(), 0);
}

/* Free held[] (entries that are 0 were given back already). */
static void
release_held(void)
{
	for (size_t i = 0; i < nheld; i++)
		if (held[i] != 0)
			pmm_free(held[i], 0);
	nheld = 0;
}

static void
forget_held(paddr_t pa)
{
	for (size_t i = 0; i < nheld; i++)
		if (held[i] == pa) {
			held[i] = 0;
			return;
		}
	ck_abort_msg("page %#llx was not held", (unsigned long long)pa);
}

static size_t
count_blocks(unsigned order, paddr_t *out, size_t max)
{
	paddr_t pa;
	size_t n = 0;

	while ((pa = pmm_alloc(order)) != 0) {
		REQUIRE(n < max, "more blocks than RAM");
		out[n++] = pa;
	}
	return n;
}

START_TEST(test_init_counts)
{
	size_t need = array_pages(RAM_PAGES);

	ck_assert_uint_eq(pmm_total_pages(), RAM_PAGES - need);
	ck_assert_uint_eq(pmm_free_pages(), pmm_total_pages());
	/* The page array itself is reserved, the rest is RAM. */
	ck_assert(!pmm_is_ram(TESTHAL_RAM_BASE));
	ck_assert(!pmm_is_ram(TESTHAL_RAM_BASE + (need - 1) * PAGE_SIZE));
	ck_assert(pmm_is_ram(TESTHAL_RAM_BASE + need * PAGE_SIZE));
	ck_assert(pmm_is_ram(TESTHAL_RAM_BASE + TESTHAL_RAM_SIZE - PAGE_SIZE));
	ck_assert(!pmm_is_ram(TESTHAL_RAM_BASE + TESTHAL_RAM_SIZE));
	ck_assert(!pmm_is_ram(TESTHAL_RAM_BASE - PAGE_SIZE));
	ck_assert(!pmm_is_ram(0));
	ck_assert_ptr_null(pa_to_page(TESTHAL_RAM_BASE + TESTHAL_RAM_SIZE));
	ck_assert_ptr_null(pa_to_page(0));
}
END_TEST

START_TEST(test_alloc_every_order)
{
	for (unsigned order = 0; order < PMM_MAX_ORDER; order++) {
		size_t before = pmm_free_pages(), bytes = (size_t)PAGE_SIZE << order;
		paddr_t pa = pmm_alloc(order);
		struct page *pg;

		ck_assert_msg(pa != 0, "order %u: no block", order);
		ck_assert_msg((pa & (bytes - 1)) == 0,
			      "order %u: block %#llx not aligned", order,
			      (unsigned long long)pa);
		ck_assert(pa >= TESTHAL_RAM_BASE);
		ck_assert(pa + bytes <= TESTHAL_RAM_BASE + TESTHAL_RAM_SIZE);
		ck_assert(pmm_is_ram(pa) && pmm_is_ram(pa + bytes - PAGE_SIZE));
		ck_assert_uint_eq(pmm_free_pages(), before - ((size_t)1 << order));
		pg = pa_to_page(pa);
		ck_assert_ptr_nonnull(pg);
		ck_assert(page_to_pa(pg) == pa);
		ck_assert_int_eq(pg->refcount, 1);
		ck_assert(!(pg->flags & (PG_FREE | PG_RESERVED)));
		memset(hal_p2v(pa), 0x5a, bytes);	/* it is all ours */
		pmm_free(pa, order);
		ck_assert_uint_eq(pmm_free_pages(), before);
	}
	ck_assert_uint_eq(pmm_free_pages(), start_free);
}
END_TEST

/* One block of each order at once: none overlaps another. */
START_TEST(test_blocks_disjoint)
{
	paddr_t pa[PMM_MAX_ORDER];
	size_t used = 0;

	for (unsigned o = 0; o < PMM_MAX_ORDER; o++) {
		pa[o] = pmm_alloc(o);
		ck_assert(pa[o] != 0);
		used += (size_t)1 << o;
		for (unsigned p = 0; p < o; p++) {
			paddr_t a0 = pa[o], a1 = a0 + ((paddr_t)PAGE_SIZE << o);
			paddr_t b0 = pa[p], b1 = b0 + ((paddr_t)PAGE_SIZE << p);

			ck_assert_msg(a1 <= b0 || b1 <= a0,
				      "order %u and %u blocks overlap", o, p);
		}
	}
	ck_assert_uint_eq(pmm_free_pages(), start_free - used);
	for (unsigned o = PMM_MAX_ORDER; o-- > 0;)
		pmm_free(pa[o], o);
	ck_assert_uint_eq(pmm_free_pages(), start_free);
}
END_TEST

START_TEST(test_alloc_bad_order)
{
	ck_assert(pmm_alloc(PMM_MAX_ORDER) == 0);
	ck_assert(pmm_alloc(63) == 0);
	ck_assert(pmm_alloc(~0u) == 0);
	ck_assert_uint_eq(pmm_free_pages(), start_free);
}
END_TEST

START_TEST(test_exhaust_returns_zero)
{
	unsigned char *seen = calloc(RAM_PAGES, 1);

	ck_assert_ptr_nonnull(seen);
	exhaust();
	ck_assert_uint_eq(nheld, start_free);
	for (size_t i = 0; i < nheld; i++) {
		size_t idx = (size_t)((held[i] - TESTHAL_RAM_BASE) / PAGE_SIZE);

		REQUIRE(idx < RAM_PAGES, "page outside RAM");
		REQUIRE(!seen[idx], "page %#llx handed out twice",
			      (unsigned long long)held[i]);
		seen[idx] = 1;
	}
	for (unsigned o = 0; o < PMM_MAX_ORDER; o++)
		ck_assert_msg(pmm_alloc(o) == 0, "order %u after exhaustion", o);
	ck_assert_ptr_null(page_alloc(0));
	release_held();
	ck_assert_uint_eq(pmm_free_pages(), start_free);
	free(seen);
}
END_TEST

/* Exhausting with each order in turn: aligned blocks, all given back. */
START_TEST(test_exhaust_each_order)
{
	static paddr_t blk[RAM_PAGES];
	unsigned order = (unsigned)_i;
	size_t n = count_blocks(order, blk, RAM_PAGES);

	ck_assert_uint_gt(n, 0);
	ck_assert_uint_le(n << order, start_free);
	ck_assert_uint_eq(pmm_free_pages(), start_free - (n << order));
	for (size_t i = 0; i < n; i++)
		REQUIRE((blk[i] & (((paddr_t)PAGE_SIZE << order) - 1)) == 0,
			"block %#llx misaligned", (unsigned long long)blk[i]);
	if (order == PMM_MAX_ORDER - 1)
		ck_assert_uint_eq(n, expected_max_blocks());
	for (size_t i = 0; i < n; i++)
		pmm_free(blk[i], order);
	ck_assert_uint_eq(pmm_free_pages(), start_free);
}
END_TEST

/* Free every page singly, scrambled: the largest blocks come back. */
START_TEST(test_coalesce_everything)
{
	static paddr_t blk[RAM_PAGES];
	size_t n, step = 97;	/* prime, so i*step % nheld visits all */

	exhaust();
	ck_assert_uint_ne(nheld % step, 0);
	for (size_t i = 0; i < nheld; i++)
		pmm_free(held[(i * step) % nheld], 0);
	ck_assert_uint_eq(pmm_free_pages(), start_free);
	n = count_blocks(PMM_MAX_ORDER - 1, blk, RAM_PAGES);
	ck_assert_uint_eq(n, expected_max_blocks());
	for (size_t i = 0; i < n; i++)
		pmm_free(blk[i], PMM_MAX_ORDER - 1);
	ck_assert_uint_eq(pmm_free_pages(), start_free);
}
END_TEST

/* An aligned run of 2^k single pages, freed in any order, is one block. */
START_TEST(test_coalesce_run)
{
	unsigned k = (unsigned)_i;
	size_t n = (size_t)1 << k;
	paddr_t run = TESTHAL_RAM_BASE + TESTHAL_RAM_SIZE - MAX_BLOCK;

	exhaust();
	/* Odd pages first, then even ones backwards. */
	for (size_t i = 1; i < n; i += 2) {
		pmm_free(run + i * PAGE_SIZE, 0);
		forget_held(run + i * PAGE_SIZE);
	}
	for (size_t i = n; i-- > 0;) {
		if (i % 2 != 0)
			continue;
		pmm_free(run + i * PAGE_SIZE, 0);
		forget_held(run + i * PAGE_SIZE);
	}
	ck_assert_uint_eq(pmm_free_pages(), n);
	ck_assert_msg(pmm_alloc(k) == run, "order %u: run not coalesced", k);
	ck_assert(pmm_alloc(0) == 0);
	pmm_free(run, k);
	release_held();
	ck_assert_uint_eq(pmm_free_pages(), start_free);
}
END_TEST

/* Splitting one block and freeing the halves makes it whole again. */
START_TEST(test_split_and_merge)
{
	paddr_t big = pmm_alloc(PMM_MAX_ORDER - 1), parts[4];

	ck_assert(big != 0);
	pmm_free(big, PMM_MAX_ORDER - 1);
	/* Four order-8 blocks in one order-10 block, freed out of order. */
	exhaust();
	for (size_t i = 0; i < ((size_t)1 << (PMM_MAX_ORDER - 1)); i++)
		forget_held(big + i * PAGE_SIZE);
	for (size_t i = 0; i < ((size_t)1 << (PMM_MAX_ORDER - 1)); i++)
		pmm_free(big + i * PAGE_SIZE, 0);
	for (int i = 0; i < 4; i++) {
		parts[i] = pmm_alloc(PMM_MAX_ORDER - 3);
		ck_assert(parts[i] >= big && parts[i] < big + MAX_BLOCK);
	}
	ck_assert(pmm_alloc(0) == 0);
	pmm_free(parts[2], PMM_MAX_ORDER - 3);
	pmm_free(parts[0], PMM_MAX_ORDER - 3);
	pmm_free(parts[3], PMM_MAX_ORDER - 3);
	pmm_free(parts[1], PMM_MAX_ORDER - 3);
	ck_assert(pmm_alloc(PMM_MAX_ORDER - 1) == big);
	pmm_free(big, PMM_MAX_ORDER - 1);
	release_held();
	ck_assert_uint_eq(pmm_free_pages(), start_free);
}
END_TEST

START_TEST(test_page_alloc_and_zalloc)
{
	unsigned char *p = page_alloc(2), *q;
	size_t bytes = (size_t)PAGE_SIZE << 2;

	ck_assert_ptr_nonnull(p);
	ck_assert(hal_v2p(p) >= TESTHAL_RAM_BASE);
	ck_assert_uint_eq(((uintptr_t)p) % PAGE_SIZE, 0);
	memset(p, 0xa5, bytes);
	page_free(p, 2);
	q = page_zalloc(2);
	ck_assert_ptr_nonnull(q);
	for (size_t i = 0; i < bytes; i++)
		REQUIRE(q[i] == 0, "byte %zu of page_zalloc is %#x", i, q[i]);
	page_free(q, 2);
	ck_assert_uint_eq(pmm_free_pages(), start_free);
}
END_TEST

static paddr_t spare[64];
static size_t nspare;

static size_t
give_back(size_t want)
{
	size_t got = 0;

	while (got < want && nspare > 0) {
		pmm_free(spare[--nspare], 0);
		got++;
	}
	return got;
}

/* pmm_reserve counts what the reclaim can give back (regression: fork
 * refused with EAGAIN once the page cache had filled the memory). */
START_TEST(test_reserve_reclaims)
{
	size_t free0 = pmm_free_pages();
	paddr_t pa;

	ck_assert(pmm_reserve(free0));
	ck_assert(!pmm_reserve(free0 + 1));
	for (nspare = 0; nspare < 64; nspare++)
		spare[nspare] = pmm_alloc(0);
	while ((pa = pmm_alloc(0)) != 0)
		;			/* the rest is gone for good */
	ck_assert_uint_eq(pmm_free_pages(), 0);
	ck_assert(!pmm_reserve(10));
	pmm_set_reclaim(give_back);
	ck_assert(pmm_reserve(10));
	ck_assert_uint_ge(pmm_free_pages(), 10);
	ck_assert(!pmm_reserve(100));	/* 64 at most */
	pmm_set_reclaim(NULL);
}
END_TEST

/* The reclaim gives back every other page first, then the rest. */
static paddr_t scattered[RAM_PAGES];
static size_t nscattered, given;

static size_t
give_scattered(size_t want)
{
	size_t got = 0;

	for (; got < want && given < nscattered; given++, got++) {
		size_t i = given * 2 < nscattered ? given * 2 :
			   (given - (nscattered + 1) / 2) * 2 + 1;
		pmm_free(scattered[i], 0);
	}
	return got;
}

/* A block whose pages the reclaim frees scattered still forms
 * (regression: pmm_alloc asked the reclaim once, for 2 << order pages,
 * and exec's 2 MiB argument buffer failed with the memory full of
 * cached file pages). */
START_TEST(test_reclaim_until_block_forms)
{
	paddr_t pa;

	while ((pa = pmm_alloc(0)) != 0)
		scattered[nscattered++] = pa;
	/* sort by address, so that every other one is a neighbour */
	for (size_t i = 1; i < nscattered; i++)
		for (size_t j = i; j > 0 && scattered[j - 1] > scattered[j]; j--) {
			pa = scattered[j];
			scattered[j] = scattered[j - 1];
			scattered[j - 1] = pa;
		}
	pmm_set_reclaim(give_scattered);
	pa = pmm_alloc(6);
	ck_assert(pa != 0);
	ck_assert_uint_gt(given, nscattered / 2);
	pmm_set_reclaim(NULL);
}
END_TEST

START_TEST(test_order_for)
{
	ck_assert_uint_eq(pmm_order_for(0), 0);
	ck_assert_uint_eq(pmm_order_for(1), 0);
	ck_assert_uint_eq(pmm_order_for(PAGE_SIZE), 0);
	ck_assert_uint_eq(pmm_order_for(PAGE_SIZE + 1), 1);
	ck_assert_uint_eq(pmm_order_for(2 * PAGE_SIZE), 1);
	ck_assert_uint_eq(pmm_order_for(3 * PAGE_SIZE), 2);
	ck_assert_uint_eq(pmm_order_for(32 * 1024), 3);
	ck_assert_uint_eq(pmm_order_for(MAX_BLOCK), PMM_MAX_ORDER - 1);
	ck_assert_uint_eq(pmm_order_for(MAX_BLOCK + 1), PMM_MAX_ORDER);
}
END_TEST

/* Two ranges with a hole and ragged ends: only whole RAM pages are used. */
START_TEST(test_ranges_with_hole)
{
	struct hal_mem_range r[2] = {
		{ TESTHAL_RAM_BASE, 6u << 20 },
		{ TESTHAL_RAM_BASE + (10u << 20) + 100,
		  (6u << 20) - 200 },
	};
	paddr_t lo1 = TESTHAL_RAM_BASE + (10u << 20) + PAGE_SIZE;
	paddr_t hi1 = TESTHAL_RAM_BASE + (16u << 20) - PAGE_SIZE;
	size_t need = array_pages(RAM_PAGES - 1);
	size_t expect = (6u << 20) / PAGE_SIZE - need + (hi1 - lo1) / PAGE_SIZE;

	testhal_reset();
	testhal_set_mem_ranges(r, 2);
	pmm_init();		/* once: it is not meant to run twice */
	ck_assert_uint_eq(pmm_total_pages(), expect);
	ck_assert_uint_eq(pmm_free_pages(), expect);
	ck_assert(!pmm_is_ram(TESTHAL_RAM_BASE + (8u << 20)));
	ck_assert(!pmm_is_ram(lo1 - PAGE_SIZE));	/* ragged start */
	ck_assert(pmm_is_ram(lo1));
	ck_assert(pmm_is_ram(hi1 - PAGE_SIZE));
	ck_assert(!pmm_is_ram(hi1));			/* ragged end */
	start_free = expect;
	exhaust();
	ck_assert_uint_eq(nheld, expect);
	for (size_t i = 0; i < nheld; i++) {
		bool in0 = held[i] >= TESTHAL_RAM_BASE + need * PAGE_SIZE &&
			   held[i] < TESTHAL_RAM_BASE + (6u << 20);
		bool in1 = held[i] >= lo1 && held[i] < hi1;

		REQUIRE(in0 || in1, "page %#llx is not free RAM",
			      (unsigned long long)held[i]);
	}
	release_held();
	ck_assert_uint_eq(pmm_free_pages(), expect);
}
END_TEST

START_TEST(test_double_free_panics)
{
	paddr_t pa = pmm_alloc(0);

	ck_assert(pa != 0);
	pmm_free(pa, 0);
	testhal_expect_panic("double free");
	pmm_free(pa, 0);
}
END_TEST

START_TEST(test_double_free_of_block_panics)
{
	paddr_t pa = pmm_alloc(3);

	ck_assert(pa != 0);
	pmm_free(pa, 3);
	testhal_expect_panic("pmm_free");
	pmm_free(pa, 3);
}
END_TEST

/*
 * Was a bug (kernel/pmm.c, pmm_free): freeing a page again after it merged into
 * a block whose head is its lower buddy is not detected: the page's own
 * flags are 0 then (only block heads carry PG_FREE), so the second free
 * passes the check and puts the page on a free list a second time.
 */
START_TEST(test_double_free_after_merge_panics)
{
	paddr_t lo = TESTHAL_RAM_BASE + TESTHAL_RAM_SIZE - 2 * PAGE_SIZE;
	paddr_t hi = lo + PAGE_SIZE;

	exhaust();
	forget_held(lo);
	forget_held(hi);
	pmm_free(hi, 0);
	pmm_free(lo, 0);		/* merges hi into lo's block */
	testhal_expect_panic("double free");
	pmm_free(hi, 0);		/* must panic */
	fprintf(stderr, "second pmm_free(%#llx, 0) accepted; the free "
		"count is now %zu for 2 free pages\n", (unsigned long long)hi,
		pmm_free_pages());
	ck_abort_msg("second pmm_free(%#llx, 0) accepted; the free count "
		     "is now %zu for 2 free pages", (unsigned long long)hi,
		     pmm_free_pages());
}
END_TEST

START_TEST(test_free_misaligned_block_panics)
{
	paddr_t pa = pmm_alloc(1);

	ck_assert(pa != 0);
	testhal_expect_panic("bad block");
	pmm_free(pa + PAGE_SIZE, 1);
}
END_TEST

START_TEST(test_free_unaligned_address_panics)
{
	paddr_t pa = pmm_alloc(0);

	ck_assert(pa != 0);
	testhal_expect_panic("bad block");
	pmm_free(pa + 8, 0);
}
END_TEST

START_TEST(test_free_outside_ram_panics)
{
	testhal_expect_panic("bad block");
	pmm_free(TESTHAL_RAM_BASE + TESTHAL_RAM_SIZE, 0);
}
END_TEST

START_TEST(test_free_bad_order_panics)
{
	paddr_t pa = pmm_alloc(0);

	ck_assert(pa != 0);
	testhal_expect_panic("bad block");
	pmm_free(pa, PMM_MAX_ORDER);
}
END_TEST

START_TEST(test_free_reserved_panics)
{
	testhal_expect_panic("reserved");
	pmm_free(TESTHAL_RAM_BASE, 0);	/* the struct page array */
}
END_TEST

static Suite *
pmm_suite(void)
{
	Suite *s = suite_create("pmm");
	TCase *tc = tcase_create("alloc");
	TCase *tp = tcase_create("panics");
	TCase *tr = tcase_create("ranges");	/* calls pmm_init itself */

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_init_counts);
	tcase_add_test(tc, test_reserve_reclaims);
	tcase_add_test(tc, test_reclaim_until_block_forms);
	tcase_add_test(tc, test_alloc_every_order);
	tcase_add_test(tc, test_blocks_disjoint);
	tcase_add_test(tc, test_alloc_bad_order);
	tcase_add_test(tc, test_exhaust_returns_zero);
	tcase_add_loop_test(tc, test_exhaust_each_order, 0, PMM_MAX_ORDER);
	tcase_add_test(tc, test_coalesce_everything);
	tcase_add_loop_test(tc, test_coalesce_run, 0, PMM_MAX_ORDER);
	tcase_add_test(tc, test_split_and_merge);
	tcase_add_test(tc, test_page_alloc_and_zalloc);
	tcase_add_test(tc, test_order_for);
	suite_add_tcase(s, tc);

	tcase_add_test(tr, test_ranges_with_hole);
	suite_add_tcase(s, tr);

	tcase_add_checked_fixture(tp, setup, NULL);
	tcase_add_test_raise_signal(tp, test_double_free_panics, SIGABRT);
	tcase_add_test_raise_signal(tp, test_double_free_of_block_panics, SIGABRT);
	tcase_add_test_raise_signal(tp, test_double_free_after_merge_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tp, test_free_misaligned_block_panics, SIGABRT);
	tcase_add_test_raise_signal(tp, test_free_unaligned_address_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tp, test_free_outside_ram_panics, SIGABRT);
	tcase_add_test_raise_signal(tp, test_free_bad_order_panics, SIGABRT);
	tcase_add_test_raise_signal(tp, test_free_reserved_panics, SIGABRT);
	suite_add_tcase(s, tp);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pmm_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
