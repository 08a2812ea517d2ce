/*
 * ctx.c (x86_64) -- kernel contexts: a context is its saved stack
 * pointer; hal_ctx_switch (entry.S) pushes the callee-saved registers
 * and swaps stacks.
 */
#include "x86.h"

void x86_ctx_start(void);

/*
 * The new stack holds what hal_ctx_switch pops: r15, r14, r13, r12 (arg),
 * rbx (fn), rbp (0: the end of backtraces), then x86_ctx_start as the
 * return address, placed so that fn is entered with the ABI's alignment.
 */
void
hal_ctx_init(struct hal_ctx *ctx, void *stack, size_t size,
	     void (*fn)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)(((uintptr_t)stack + size) & ~15ull);

	*--sp = 0;
	*--sp = 0;
	*--sp = (uint64_t)x86_ctx_start;
	*--sp = 0;			/* rbp */
	*--sp = (uint64_t)fn;		/* rbx */
	*--sp = (uint64_t)arg;		/* r12 */
	*--sp = 0;			/* r13 */
	*--sp = 0;			/* r14 */
	*--sp = 0;			/* r15 */
	ctx->rsp = (uint64_t)sp;
}

void
hal_ctx_free(struct hal_ctx *ctx)
{
	(void)ctx;
}
