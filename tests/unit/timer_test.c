/*
 * timer_test.c -- unit tests of the timer queue of kernel/timer.c: deadline
 * order, FIFO among equal deadlines, and popping only what is due.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "timer.h"
#include "testhal.h"

static struct timerq q;

static void
setup(void)
{
	testhal_reset();
	timerq_init(&q);
}

static void
nop(struct timer *t)
{
	(void)t;
}

static void
arm(struct timer *t, uint64_t deadline)
{
	timer_init(t, nop, NULL);
	t->deadline = deadline;
	timerq_insert(&q, t);
}

START_TEST(test_empty)
{
	ck_assert_uint_eq(timerq_next(&q), 0);
	ck_assert_ptr_null(timerq_pop_due(&q, 0));
	ck_assert_ptr_null(timerq_pop_due(&q, UINT64_MAX));
}
END_TEST

START_TEST(test_timer_init)
{
	struct timer t;
	int x;

	timer_init(&t, nop, &x);
	ck_assert(t.fn == nop);
	ck_assert_ptr_eq(t.arg, &x);
	ck_assert_ptr_null(t.q);
	ck_assert(!timer_pending(&t));
	ck_assert_int_eq(t.running, 0);
}
END_TEST

START_TEST(test_insert_sets_queue)
{
	struct timer t;

	arm(&t, 100);
	ck_assert_ptr_eq(t.q, &q);
	ck_assert(timer_pending(&t));
	ck_assert_uint_eq(timerq_next(&q), 100);
	ck_assert_ptr_eq(timerq_pop_due(&q, 100), &t);
	ck_assert_ptr_null(t.q);
	ck_assert(!timer_pending(&t));
	ck_assert_uint_eq(timerq_next(&q), 0);
}
END_TEST

START_TEST(test_deadline_order)
{
	static const uint64_t d[] = { 50, 10, 40, 20, 30, 60, 5 };
	static const uint64_t sorted[] = { 5, 10, 20, 30, 40, 50, 60 };
	struct timer t[7];
	struct timer *p;

	for (int i = 0; i < 7; i++)
		arm(&t[i], d[i]);
	ck_assert_uint_eq(timerq_next(&q), 5);
	for (int i = 0; i < 7; i++) {
		ck_assert_uint_eq(timerq_next(&q), sorted[i]);
		p = timerq_pop_due(&q, UINT64_MAX);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(p->deadline, sorted[i]);
	}
	ck_assert_ptr_null(timerq_pop_due(&q, UINT64_MAX));
}
END_TEST

START_TEST(test_equal_deadlines_fifo)
{
	struct timer a, b, c, d, e;

	arm(&a, 10);
	arm(&b, 10);
	arm(&c, 5);
	arm(&d, 10);
	arm(&e, 20);
	ck_assert_ptr_eq(timerq_pop_due(&q, 100), &c);
	ck_assert_ptr_eq(timerq_pop_due(&q, 100), &a);
	ck_assert_ptr_eq(timerq_pop_due(&q, 100), &b);
	ck_assert_ptr_eq(timerq_pop_due(&q, 100), &d);
	ck_assert_ptr_eq(timerq_pop_due(&q, 100), &e);
	ck_assert_ptr_null(timerq_pop_due(&q, 100));
}
END_TEST

START_TEST(test_pop_only_due)
{
	struct timer a, b, c;

	arm(&c, 30);
	arm(&a, 10);
	arm(&b, 20);
	ck_assert_ptr_null(timerq_pop_due(&q, 9));
	ck_assert_ptr_eq(timerq_pop_due(&q, 15), &a);
	ck_assert_ptr_null(timerq_pop_due(&q, 15));
	ck_assert_uint_eq(timerq_next(&q), 20);
	ck_assert_ptr_eq(timerq_pop_due(&q, 20), &b);	/* due at == */
	ck_assert_ptr_null(timerq_pop_due(&q, 29));
	ck_assert(timer_pending(&c));
	ck_assert_uint_eq(timerq_next(&q), 30);
	ck_assert_ptr_eq(timerq_pop_due(&q, 31), &c);
	ck_assert_uint_eq(timerq_next(&q), 0);
}
END_TEST

/* A timer inserted after others were popped still goes in order. */
START_TEST(test_interleaved)
{
	struct timer a, b, c, d;

	arm(&a, 100);
	arm(&b, 200);
	ck_assert_ptr_eq(timerq_pop_due(&q, 150), &a);
	arm(&c, 150);
	arm(&d, 200);
	ck_assert_uint_eq(timerq_next(&q), 150);
	ck_assert_ptr_eq(timerq_pop_due(&q, 300), &c);
	ck_assert_ptr_eq(timerq_pop_due(&q, 300), &b);
	ck_assert_ptr_eq(timerq_pop_due(&q, 300), &d);
}
END_TEST

START_TEST(test_extreme_deadlines)
{
	struct timer a, b, c;

	arm(&a, UINT64_MAX);
	arm(&b, 1);
	arm(&c, UINT64_MAX);
	ck_assert_ptr_eq(timerq_pop_due(&q, 1), &b);
	ck_assert_ptr_null(timerq_pop_due(&q, UINT64_MAX - 1));
	ck_assert_ptr_eq(timerq_pop_due(&q, UINT64_MAX), &a);
	ck_assert_ptr_eq(timerq_pop_due(&q, UINT64_MAX), &c);
}
END_TEST

/* Many random deadlines with repeats: sorted, ties in insertion order. */
START_TEST(test_random_stable)
{
	enum { N = 2000 };
	static struct timer t[N];
	uint64_t s = 88172645463325252ull, now = 0;
	int popped = 0;
	struct timer *p, *last = NULL;

	for (int i = 0; i < N; i++) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		arm(&t[i], 1 + s % 97);
	}
	for (now = 0; now <= 100; now++) {
		while ((p = timerq_pop_due(&q, now)) != NULL) {
			if (p->deadline > now)
				ck_abort_msg("popped %ju at %ju",
					     (uintmax_t)p->deadline, (uintmax_t)now);
			if (last != NULL && (p->deadline < last->deadline ||
			    (p->deadline == last->deadline && p < last)))
				ck_abort_msg("timer %td (%ju) after %td (%ju)",
					     p - t, (uintmax_t)p->deadline,
					     last - t, (uintmax_t)last->deadline);
			last = p;
			popped++;
		}
		if (timerq_next(&q) != 0 && timerq_next(&q) <= now)
			ck_abort_msg("a due timer was left at %ju", (uintmax_t)now);
	}
	ck_assert_int_eq(popped, N);
}
END_TEST

static Suite *
timer_suite(void)
{
	Suite *s = suite_create("timer");
	TCase *tc = tcase_create("timerq");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_timer_init);
	tcase_add_test(tc, test_insert_sets_queue);
	tcase_add_test(tc, test_deadline_order);
	tcase_add_test(tc, test_equal_deadlines_fifo);
	tcase_add_test(tc, test_pop_only_due);
	tcase_add_test(tc, test_interleaved);
	tcase_add_test(tc, test_extreme_deadlines);
	tcase_add_test(tc, test_random_stable);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(timer_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
