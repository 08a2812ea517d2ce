/*
 * ctxbench.c -- the sim's two ways of switching kernel contexts, measured
 * side by side: the register-only switch and glibc's swapcontext.
 * Prints "bench NAME MEDIAN ns" lines, medians of 31 batches.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <ucontext.h>

#include "sim_if.h"

#define BATCHES 31
#define ROUNDS 100000

void sim_ctx_switch_raw(struct sim_ctx *from, struct sim_ctx *to);

static struct sim_ctx main_ctx, peer_ctx;
static ucontext_t main_uc, peer_uc;
static char stack[64 * 1024] __attribute__((aligned(16)));

static uint64_t
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
raw_peer(void)
{
	for (;;)
		sim_ctx_switch_raw(&peer_ctx, &main_ctx);
}

static void
uc_peer(void)
{
	for (;;)
		swapcontext(&peer_uc, &main_uc);
}

static double
median(double *v)
{
	qsort(v, BATCHES, sizeof(*v), cmp);
	return v[BATCHES / 2];
}

int
main(void)
{
	double raw[BATCHES], uc[BATCHES];
	uint64_t t0;
	ucontext_t *fresh = (ucontext_t *)peer_ctx.uc;

	getcontext(fresh);
	fresh->uc_stack.ss_sp = stack;
	fresh->uc_stack.ss_size = sizeof(stack);
	fresh->uc_link = NULL;
	makecontext(fresh, raw_peer, 0);
	peer_ctx.fresh = 1;
	getcontext(&peer_uc);
	peer_uc.uc_stack.ss_sp = stack;
	peer_uc.uc_stack.ss_size = sizeof(stack);
	makecontext(&peer_uc, uc_peer, 0);

	for (int b = 0; b < BATCHES; b++) {
		t0 = now();
		for (int i = 0; i < ROUNDS; i++)
			sim_ctx_switch_raw(&main_ctx, &peer_ctx);
		raw[b] = (double)(now() - t0) / (2.0 * ROUNDS);
	}
	for (int b = 0; b < BATCHES; b++) {
		t0 = now();
		for (int i = 0; i < ROUNDS / 10; i++)
			swapcontext(&main_uc, &peer_uc);
		uc[b] = (double)(now() - t0) / (2.0 * ROUNDS / 10);
	}
	double r = median(raw), u = median(uc);
	printf("bench ctx_switch_asm %.1f ns\n", r);
	printf("bench ctx_switch_swapcontext %.1f ns (%.1fx the asm switch)\n", u, u / r);
	return 0;
}
