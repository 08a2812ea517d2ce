/*
 * heap_test.c -- unit tests of kmalloc/kfree (kernel/heap.c): size classes,
 * large blocks, accounting, and the panics that catch misuse.
 */
#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap.h"
#include "pmm.h"
#include "testhal.h"

#define SLAB_MAX 2048		/* largest size class */

/* ck_assert_msg without Check's per-call bookkeeping, for hot loops. */
#define REQUIRE(cond, ...) do {					\
	if (!(cond))							\
		ck_abort_msg(__VA_ARGS__);				\
} while (0)

static size_t start_free;

static void
setup(void)
{
	testhal_reset();
	pmm_init();
	heap_init();
	start_free = pmm_free_pages();
}

/* What kmalloc_usable must say for a request of n bytes. */
static size_t
expected_usable(size_t n)
{
	size_t u;

	if (n == 0)
		n = 1;
	u = n <= SLAB_MAX ? 16 : PAGE_SIZE;
	while (u < n)
		u <<= 1;
	return u;
}

static void
assert_no_leak(void)
{
	struct heap_stats st;

	heap_stats(&st);
	ck_assert_uint_eq(st.allocs, 0);
	ck_assert_uint_eq(st.slab_pages, 0);
	ck_assert_uint_eq(st.big_pages, 0);
	ck_assert_uint_eq(pmm_free_pages(), start_free);
}

/* Deterministic xorshift, so a failure repeats. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static bool
in_ram(const void *p, size_t n)
{
	const unsigned char *r = testhal_ram(), *q = p;

	return q >= r && q + n <= r + TESTHAL_RAM_SIZE;
}

START_TEST(test_sizes_usable_alignment)
{
	size_t n = 1;

	while (n <= 70000) {
		unsigned char *p = kmalloc(n);
		size_t u = expected_usable(n);
		size_t align = u < PAGE_SIZE ? u : PAGE_SIZE;

		REQUIRE(p != NULL, "kmalloc(%zu) failed", n);
		REQUIRE(kmalloc_usable(p) == u,
			      "kmalloc_usable(kmalloc(%zu)) is %zu, not %zu", n,
			      kmalloc_usable(p), u);
		REQUIRE((uintptr_t)p % align == 0,
			      "kmalloc(%zu) = %p not aligned to %zu", n, (void *)p,
			      align);
		REQUIRE(in_ram(p, u), "kmalloc(%zu) = %p is not RAM", n, (void *)p);
		memset(p, 0xee, u);
		kfree(p);
		n += n < 4200 ? 1 : 37;
	}
	assert_no_leak();
}
END_TEST

/* Many live objects of mixed sizes: none overlaps another. */
START_TEST(test_live_objects_disjoint)
{
	static const size_t sizes[] = {
		1, 7, 16, 17, 31, 33, 64, 100, 255, 256, 511, 1000, 2047,
		2048, 2049, 4096, 4097, 9000, 40000, 70000,
	};
	enum { N = 300 };
	unsigned char *p[N];
	size_t sz[N];

	for (int i = 0; i < N; i++) {
		sz[i] = sizes[i % (sizeof(sizes) / sizeof(sizes[0]))];
		p[i] = kmalloc(sz[i]);
		REQUIRE(p[i] != NULL, "object %d (%zu bytes)", i, sz[i]);
		memset(p[i], i & 0xff, kmalloc_usable(p[i]));
	}
	for (int i = 0; i < N; i++)
		for (size_t k = 0; k < kmalloc_usable(p[i]); k++)
			REQUIRE(p[i][k] == (i & 0xff),
				      "object %d byte %zu overwritten", i, k);
	for (int i = 0; i < N; i += 2)
		kfree(p[i]);
	for (int i = 1; i < N; i += 2)
		kfree(p[i]);
	assert_no_leak();
}
END_TEST

START_TEST(test_kzalloc_zeroed)
{
	static const size_t sizes[] = { 1, 24, 100, 2048, 3000, 4096, 70000 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i];
		unsigned char *p = kmalloc(n), *q;

		ck_assert_ptr_nonnull(p);
		memset(p, 0xa5, kmalloc_usable(p));
		kfree(p);
		q = kzalloc(n);
		ck_assert_ptr_nonnull(q);
		for (size_t k = 0; k < n; k++)
			REQUIRE(q[k] == 0, "kzalloc(%zu) byte %zu is %#x",
				      n, k, q[k]);
		kfree(q);
	}
	assert_no_leak();
}
END_TEST

START_TEST(test_kfree_null)
{
	void *keep = kmalloc(40);
	struct heap_stats a, b;
	size_t before = pmm_free_pages();

	heap_stats(&a);
	kfree(NULL);
	heap_stats(&b);
	ck_assert_uint_eq(pmm_free_pages(), before);
	ck_assert_uint_eq(a.allocs, b.allocs);
	ck_assert_uint_eq(a.slab_pages, b.slab_pages);
	kfree(keep);
	assert_no_leak();
}
END_TEST

START_TEST(test_kmalloc_zero)
{
	void *p = kmalloc(0);

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_ge(kmalloc_usable(p), 1);
	kfree(p);
	assert_no_leak();
}
END_TEST

START_TEST(test_stats)
{
	struct heap_stats st;
	void *a = kmalloc(100), *b = kmalloc(120), *c = kmalloc(20);
	void *big = kmalloc(3 * PAGE_SIZE);	/* order 2: 4 pages */

	heap_stats(&st);
	ck_assert_uint_eq(st.allocs, 4);
	ck_assert_uint_eq(st.slab_pages, 2);	/* 128-byte and 32-byte slabs */
	ck_assert_uint_eq(st.big_pages, 4);
	ck_assert_uint_eq(pmm_free_pages(), start_free - 6);
	kfree(b);
	kfree(big);
	heap_stats(&st);
	ck_assert_uint_eq(st.allocs, 2);
	ck_assert_uint_eq(st.big_pages, 0);
	kfree(a);
	kfree(c);
	assert_no_leak();
}
END_TEST

/* A slab holds PAGE_SIZE / size objects; an empty slab goes back at once. */
START_TEST(test_slab_pages)
{
	enum { PER = PAGE_SIZE / 64 };
	void *p[PER + 1];

	for (int i = 0; i < PER; i++)
		p[i] = kmalloc(64);
	ck_assert_uint_eq(pmm_free_pages(), start_free - 1);
	p[PER] = kmalloc(64);
	ck_assert_uint_eq(pmm_free_pages(), start_free - 2);
	kfree(p[PER]);
	ck_assert_uint_eq(pmm_free_pages(), start_free - 1);
	for (int i = PER; i-- > 0;)
		kfree(p[i]);
	assert_no_leak();
}
END_TEST

/* Random sizes and lifetimes: all pages come back at the end. */
START_TEST(test_no_leak_mixed)
{
	enum { N = 512 };
	void *p[N] = { 0 };
	size_t sz[N] = { 0 };
	uint64_t s = 0x9e3779b97f4a7c15ull;

	for (int step = 0; step < 6000; step++) {
		int i = (int)(rnd(&s) % N);

		if (p[i] != NULL) {
			REQUIRE(kmalloc_usable(p[i]) >= sz[i], "usable size");
			kfree(p[i]);
			p[i] = NULL;
			continue;
		}
		sz[i] = rnd(&s) % 8 == 0 ? 1 + rnd(&s) % 70000 :
			1 + rnd(&s) % 3000;
		p[i] = kmalloc(sz[i]);
		REQUIRE(p[i] != NULL, "step %d: kmalloc(%zu)", step, sz[i]);
		memset(p[i], 0x3c, sz[i]);
	}
	for (int i = 0; i < N; i++)
		kfree(p[i]);
	assert_no_leak();
}
END_TEST

START_TEST(test_exhaustion_returns_null)
{
	static const size_t sizes[] = { 1000, 70000 };

	for (size_t k = 0; k < 2; k++) {
		size_t cap = TESTHAL_RAM_SIZE / 512, n = 0;
		void **v = calloc(cap, sizeof(*v));
		void *p;

		ck_assert_ptr_nonnull(v);
		while ((p = kmalloc(sizes[k])) != NULL) {
			REQUIRE(n < cap, "more objects than RAM");
			v[n++] = p;
		}
		ck_assert_uint_gt(n, 0);
		ck_assert_ptr_null(kmalloc(sizes[k]));
		while (n > 0)
			kfree(v[--n]);
		assert_no_leak();
		free(v);
	}
}
END_TEST

START_TEST(test_too_big_returns_null)
{
	size_t max = (size_t)PAGE_SIZE << (PMM_MAX_ORDER - 1);
	void *p;

	ck_assert_ptr_null(kmalloc(max + 1));
	ck_assert_ptr_null(kmalloc(2 * max));
	ck_assert_ptr_null(kmalloc(TESTHAL_RAM_SIZE * 2));
	ck_assert_ptr_null(kmalloc((size_t)1 << 40));
	ck_assert_uint_eq(pmm_free_pages(), start_free);
	p = kmalloc(max);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(kmalloc_usable(p), max);
	kfree(p);
	assert_no_leak();
}
END_TEST

/*
 * Was a bug (kernel/pmm.c, pmm_order_for via kmalloc): a size above 2^63 makes
 * `PAGE_SIZE << order` wrap to 0 and then shift by 64 or more, so the
 * loop never ends and kmalloc hangs instead of returning NULL.
 */
START_TEST(test_huge_size_returns_null)
{
	ck_assert_ptr_null(kmalloc(SIZE_MAX / 2));
	ck_assert_ptr_null(kmalloc(SIZE_MAX));
	ck_assert_ptr_null(kzalloc(SIZE_MAX - PAGE_SIZE));
}
END_TEST

START_TEST(test_kstrdup)
{
	const char *s = "the quick brown fox";
	char *d = kstrdup(s), *e = kstrdup("");

	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_ne(d, s);
	ck_assert_str_eq(d, s);
	ck_assert_uint_ge(kmalloc_usable(d), strlen(s) + 1);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e, "");
	kfree(d);
	kfree(e);
	assert_no_leak();
}
END_TEST

START_TEST(test_double_free_small_panics)
{
	void *keep = kmalloc(32), *p = kmalloc(32);

	ck_assert_ptr_nonnull(keep);
	kfree(p);
	testhal_expect_panic("double free");
	kfree(p);
}
END_TEST

/* The slab was given back with the object: still caught. */
START_TEST(test_double_free_last_in_slab_panics)
{
	void *p = kmalloc(32);

	kfree(p);
	testhal_expect_panic("kfree");
	kfree(p);
}
END_TEST

START_TEST(test_double_free_big_panics)
{
	void *p = kmalloc(10000);

	kfree(p);
	testhal_expect_panic("freed twice");
	kfree(p);
}
END_TEST

START_TEST(test_free_middle_small_panics)
{
	char *p = kmalloc(64);

	testhal_expect_panic("not the start");
	kfree(p + 8);
}
END_TEST

START_TEST(test_free_middle_big_panics)
{
	char *p = kmalloc(20000);

	testhal_expect_panic("not allocated by kmalloc");
	kfree(p + 16);
}
END_TEST

START_TEST(test_free_second_page_of_big_panics)
{
	char *p = kmalloc(20000);

	testhal_expect_panic("not allocated by kmalloc");
	kfree(p + PAGE_SIZE);
}
END_TEST

START_TEST(test_free_non_heap_panics)
{
	static char not_heap[64];

	testhal_expect_panic("not heap memory");
	kfree(not_heap);
}
END_TEST

/* Writing to a freed object is noticed when it is handed out again. */
START_TEST(test_use_after_free_panics)
{
	void *keep = kmalloc(48), *p = kmalloc(48);

	ck_assert_ptr_nonnull(keep);
	kfree(p);
	memset(p, 0, 8);
	testhal_expect_panic("overwritten");
	(void)kmalloc(48);
}
END_TEST

static Suite *
heap_suite(void)
{
	Suite *s = suite_create("heap");
	TCase *tc = tcase_create("kmalloc");
	TCase *th = tcase_create("huge");
	TCase *tp = tcase_create("panics");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_sizes_usable_alignment);
	tcase_add_test(tc, test_live_objects_disjoint);
	tcase_add_test(tc, test_kzalloc_zeroed);
	tcase_add_test(tc, test_kfree_null);
	tcase_add_test(tc, test_kmalloc_zero);
	tcase_add_test(tc, test_stats);
	tcase_add_test(tc, test_slab_pages);
	tcase_add_test(tc, test_no_leak_mixed);
	tcase_add_test(tc, test_exhaustion_returns_null);
	tcase_add_test(tc, test_too_big_returns_null);
	tcase_add_test(tc, test_kstrdup);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(th, setup, NULL);
	tcase_set_timeout(th, 3);	/* the bug is a hang */
	tcase_add_test(th, test_huge_size_returns_null);
	suite_add_tcase(s, th);

	tcase_add_checked_fixture(tp, setup, NULL);
	tcase_add_test_raise_signal(tp, test_double_free_small_panics, SIGABRT);
	tcase_add_test_raise_signal(tp, test_double_free_last_in_slab_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tp, test_double_free_big_panics, SIGABRT);
	tcase_add_test_raise_signal(tp, test_free_middle_small_panics, SIGABRT);
	tcase_add_test_raise_signal(tp, test_free_middle_big_panics, SIGABRT);
	tcase_add_test_raise_signal(tp, test_free_second_page_of_big_panics,
				    SIGABRT);
	tcase_add_test_raise_signal(tp, test_free_non_heap_panics, SIGABRT);
	tcase_add_test_raise_signal(tp, test_use_after_free_panics, SIGABRT);
	suite_add_tcase(s, tp);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(heap_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
