/*
 * ctx.c -- kernel contexts: made with makecontext, switched by a
 * register-only switch (ctx_<isa>.S) or by swapcontext
 * (--with-context=ucontext). ASan is told about every stack switch.
 */
#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

#include "sim.h"

#ifdef SIM_SANITIZERS
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

static_assert(sizeof(ucontext_t) <= sizeof(((struct sim_ctx *)0)->uc),
	      "struct sim_ctx.uc too small for this host's ucontext_t");
static_assert(offsetof(struct sim_ctx, sp) == 0, "ctx_*.S: sp");
static_assert(offsetof(struct sim_ctx, fresh) == 32, "ctx_*.S: fresh");
static_assert(offsetof(struct sim_ctx, uc) == 64, "ctx_*.S: uc");

void sim_ctx_switch_raw(struct sim_ctx *from, struct sim_ctx *to);

static void
trampoline(unsigned lo, unsigned hi)
{
	struct sim_ctx *c = (struct sim_ctx *)(((uintptr_t)hi << 32) | lo);

#ifdef SIM_SANITIZERS
	__sanitizer_finish_switch_fiber(NULL, NULL, NULL);
#endif
	c->fn(c->arg);
	sim_fatal("a kernel context returned from its entry function");
}

void
sim_ctx_init(struct sim_ctx *c, void *stack, size_t size,
	     void (*fn)(void *), void *arg)
{
	ucontext_t *uc = (ucontext_t *)c->uc;
	uintptr_t p = (uintptr_t)c;

#ifdef SIM_SANITIZERS
	ASAN_UNPOISON_MEMORY_REGION(stack, size);	/* stale frames */
#endif
	c->stack = stack;
	c->stack_size = size;
	c->fn = fn;
	c->arg = arg;
	c->fake_stack = NULL;
	getcontext(uc);
	uc->uc_stack.ss_sp = stack;
	uc->uc_stack.ss_size = size;
	uc->uc_link = NULL;
	makecontext(uc, (void (*)(void))trampoline, 2, (unsigned)p,
		    (unsigned)(p >> 32));
	c->fresh = 1;
}

/* hal_ctx_free: forget the poison left on a dead context's stack. */
void
sim_ctx_free(struct sim_ctx *c)
{
#ifdef SIM_SANITIZERS
	if (c->stack != NULL)
		ASAN_UNPOISON_MEMORY_REGION(c->stack, c->stack_size);
#else
	(void)c;
#endif
}

#ifdef SIM_SANITIZERS
/* A context born on a host thread's stack learns that stack's bounds. */
static void
host_stack(struct sim_ctx *c)
{
	pthread_attr_t a;

	if (c->stack != NULL || pthread_getattr_np(pthread_self(), &a) != 0)
		return;
	pthread_attr_getstack(&a, &c->stack, &c->stack_size);
	pthread_attr_destroy(&a);
}
#endif

/* hal_ctx_switch. */
void
sim_ctx_switch(struct sim_ctx *from, struct sim_ctx *to)
{
#ifdef SIM_SANITIZERS
	host_stack(from);
	__sanitizer_start_switch_fiber(&from->fake_stack, to->stack,
				       to->stack_size);
#endif
#ifdef SIM_CTX_ASM
	sim_ctx_switch_raw(from, to);
#else
	swapcontext((ucontext_t *)from->uc, (ucontext_t *)to->uc);
#endif
#ifdef SIM_SANITIZERS
	__sanitizer_finish_switch_fiber(from->fake_stack, NULL, NULL);
#endif
}
