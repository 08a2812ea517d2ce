/*
 * sched_test.c -- unit tests of the run queue of kernel/sched.c: strict
 * priorities, FIFO inside one, front insertion, the bitmap, stealing.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"
#include "testhal.h"

#define NT 64

static struct runq rq;
static struct thread th[NT];

static void
setup(void)
{
	testhal_reset();
	runq_init(&rq);
	memset(th, 0, sizeof(th));
	for (int i = 0; i < NT; i++) {
		th[i].tid = i;
		th[i].prio = PRIO_DEFAULT;
		th[i].affinity = ~0ull;
		list_init(&th[i].rq_link);
	}
}

static struct thread *
mk(int i, int prio)
{
	th[i].prio = prio;
	return &th[i];
}

static uint32_t
bitmap_of_lists(const struct runq *r)
{
	uint32_t b = 0;

	for (int p = 0; p < NPRIO; p++)
		if (!list_empty(&r->q[p]))
			b |= 1u << p;
	return b;
}

START_TEST(test_empty)
{
	ck_assert_uint_eq(rq.bitmap, 0);
	ck_assert_int_eq(rq.nr, 0);
	ck_assert_ptr_null(runq_pick(&rq));
	ck_assert_ptr_null(runq_steal(&rq, 0));
}
END_TEST

START_TEST(test_add_pick_one)
{
	struct thread *t = mk(0, 7);

	runq_add(&rq, t, false);
	ck_assert_uint_eq(rq.bitmap, 1u << 7);
	ck_assert_int_eq(rq.nr, 1);
	ck_assert_ptr_eq(runq_pick(&rq), t);
	ck_assert_uint_eq(rq.bitmap, 0);
	ck_assert_int_eq(rq.nr, 0);
	ck_assert(list_empty(&t->rq_link));
	ck_assert_ptr_null(runq_pick(&rq));
}
END_TEST

START_TEST(test_priority_order)
{
	static const int prio[] = { 20, 3, NPRIO - 1, 0, 16, 9 };
	static const int order[] = { 3, 1, 5, 4, 0, 2 };	/* indexes */

	for (int i = 0; i < 6; i++)
		runq_add(&rq, mk(i, prio[i]), false);
	ck_assert_int_eq(rq.nr, 6);
	ck_assert_uint_eq(rq.bitmap, (1u << 20) | (1u << 3) |
			  (1u << (NPRIO - 1)) | 1u | (1u << 16) | (1u << 9));
	for (int i = 0; i < 6; i++) {
		struct thread *t = runq_pick(&rq);

		ck_assert_ptr_nonnull(t);
		ck_assert_msg(t == &th[order[i]], "pick %d: got prio %d", i,
			      t->prio);
	}
	ck_assert_ptr_null(runq_pick(&rq));
}
END_TEST

START_TEST(test_fifo_within_priority)
{
	for (int i = 0; i < 5; i++)
		runq_add(&rq, mk(i, 12), false);
	for (int i = 0; i < 5; i++)
		ck_assert_ptr_eq(runq_pick(&rq), &th[i]);
}
END_TEST

START_TEST(test_front_insertion)
{
	runq_add(&rq, mk(0, 4), false);
	runq_add(&rq, mk(1, 4), false);
	runq_add(&rq, mk(2, 4), true);		/* goes before 0 */
	runq_add(&rq, mk(3, 5), true);		/* less urgent anyway */
	runq_add(&rq, mk(4, 4), true);		/* before 2 */
	ck_assert_ptr_eq(runq_pick(&rq), &th[4]);
	ck_assert_ptr_eq(runq_pick(&rq), &th[2]);
	ck_assert_ptr_eq(runq_pick(&rq), &th[0]);
	ck_assert_ptr_eq(runq_pick(&rq), &th[1]);
	ck_assert_ptr_eq(runq_pick(&rq), &th[3]);
}
END_TEST

START_TEST(test_remove_updates_bitmap)
{
	runq_add(&rq, mk(0, 2), false);
	runq_add(&rq, mk(1, 2), false);
	runq_add(&rq, mk(2, 30), false);
	runq_remove(&rq, &th[0]);
	ck_assert_uint_eq(rq.bitmap, (1u << 2) | (1u << 30));	/* 1 still at 2 */
	ck_assert_int_eq(rq.nr, 2);
	runq_remove(&rq, &th[1]);
	ck_assert_uint_eq(rq.bitmap, 1u << 30);
	ck_assert_int_eq(rq.nr, 1);
	ck_assert_ptr_eq(runq_pick(&rq), &th[2]);
	ck_assert_uint_eq(rq.bitmap, 0);
	/* A removed thread can be queued again. */
	runq_add(&rq, &th[0], false);
	ck_assert_ptr_eq(runq_pick(&rq), &th[0]);
}
END_TEST

START_TEST(test_steal_most_urgent_newest)
{
	runq_add(&rq, mk(0, 10), false);
	runq_add(&rq, mk(1, 10), false);
	runq_add(&rq, mk(2, 10), false);
	runq_add(&rq, mk(3, 20), false);
	ck_assert_ptr_eq(runq_steal(&rq, 1), &th[2]);	/* newest at 10 */
	ck_assert_int_eq(rq.nr, 3);
	ck_assert_ptr_eq(runq_steal(&rq, 1), &th[1]);
	ck_assert_ptr_eq(runq_steal(&rq, 1), &th[0]);
	ck_assert_uint_eq(rq.bitmap, 1u << 20);
	ck_assert_ptr_eq(runq_steal(&rq, 1), &th[3]);
	ck_assert_uint_eq(rq.bitmap, 0);
	ck_assert_int_eq(rq.nr, 0);
	ck_assert_ptr_null(runq_steal(&rq, 1));
}
END_TEST

START_TEST(test_steal_honours_affinity)
{
	runq_add(&rq, mk(0, 1), false);
	th[0].affinity = 1ull << 0;		/* CPU 0 only */
	runq_add(&rq, mk(1, 8), false);
	th[1].affinity = (1ull << 2) | (1ull << 3);
	runq_add(&rq, mk(2, 8), false);
	th[2].affinity = 1ull << 0;
	runq_add(&rq, mk(3, 9), false);
	th[3].affinity = 1ull << 63;

	/* CPU 2 skips the urgent thread and the newer one it may not run. */
	ck_assert_ptr_eq(runq_steal(&rq, 2), &th[1]);
	ck_assert_ptr_null(runq_steal(&rq, 2));
	ck_assert_ptr_null(runq_steal(&rq, 5));
	ck_assert_ptr_eq(runq_steal(&rq, 63), &th[3]);
	ck_assert_int_eq(rq.nr, 2);
	ck_assert_uint_eq(rq.bitmap, (1u << 1) | (1u << 8));
	ck_assert_ptr_eq(runq_steal(&rq, 0), &th[0]);
	ck_assert_ptr_eq(runq_steal(&rq, 0), &th[2]);
	ck_assert_uint_eq(rq.bitmap, 0);
}
END_TEST

/* Random operations against a simple model: same picks, same bitmap. */
START_TEST(test_random_against_model)
{
	int model[NPRIO][NT], len[NPRIO] = { 0 }, total = 0;
	bool queued[NT] = { false };
	uint64_t s = 0x123456789abcdefull;

	for (int step = 0; step < 20000; step++) {
		int i, op, p;

		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		i = (int)(s % NT);
		op = (int)((s >> 8) % 4);
		if (!queued[i] && op != 3) {
			bool front = (s >> 16) & 1;

			p = (int)((s >> 20) % NPRIO);
			runq_add(&rq, mk(i, p), front);
			if (front) {
				memmove(&model[p][1], &model[p][0],
					(size_t)len[p] * sizeof(int));
				model[p][0] = i;
			} else {
				model[p][len[p]] = i;
			}
			len[p]++;
			total++;
			queued[i] = true;
		} else if (queued[i] && op == 0) {
			p = th[i].prio;
			runq_remove(&rq, &th[i]);
			for (int k = 0; k < len[p]; k++)
				if (model[p][k] == i) {
					memmove(&model[p][k], &model[p][k + 1],
						(size_t)(len[p] - k - 1) * sizeof(int));
					break;
				}
			len[p]--;
			total--;
			queued[i] = false;
		} else if (op == 3) {
			struct thread *t = runq_pick(&rq);

			for (p = 0; p < NPRIO && len[p] == 0; p++)
				;
			if (p == NPRIO) {
				if (t != NULL)
					ck_abort_msg("step %d: picked from empty", step);
				continue;
			}
			if (t != &th[model[p][0]])
				ck_abort_msg("step %d: picked %td, model says %d",
					     step, t ? t - th : -1, model[p][0]);
			memmove(&model[p][0], &model[p][1],
				(size_t)(len[p] - 1) * sizeof(int));
			len[p]--;
			total--;
			queued[t - th] = false;
		}
		if (rq.nr != total)
			ck_abort_msg("step %d: nr %d, model %d", step, rq.nr, total);
		if (rq.bitmap != bitmap_of_lists(&rq))
			ck_abort_msg("step %d: bitmap %#x, lists %#x", step,
				     rq.bitmap, bitmap_of_lists(&rq));
		for (p = 0; p < NPRIO; p++)
			if (((rq.bitmap >> p) & 1) != (len[p] > 0))
				ck_abort_msg("step %d: bitmap bit %d wrong", step, p);
	}
}
END_TEST

static Suite *
sched_suite(void)
{
	Suite *s = suite_create("sched");
	TCase *tc = tcase_create("runq");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_add_pick_one);
	tcase_add_test(tc, test_priority_order);
	tcase_add_test(tc, test_fifo_within_priority);
	tcase_add_test(tc, test_front_insertion);
	tcase_add_test(tc, test_remove_updates_bitmap);
	tcase_add_test(tc, test_steal_most_urgent_newest);
	tcase_add_test(tc, test_steal_honours_affinity);
	tcase_add_test(tc, test_random_against_model);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(sched_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
