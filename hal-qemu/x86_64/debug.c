/*
 * debug.c (x86_64) -- backtraces along the frame-pointer chain (the
 * kernel is built with -fno-omit-frame-pointer) and symbol names from
 * the table that the build appends to the image (.ksyms, tools/ksyms.sh).
 */
#include "x86.h"

/* The table made by the second link: sorted addresses, offsets of names. */
extern const uint64_t ksyms_addr[] __attribute__((weak));
extern const uint32_t ksyms_name[] __attribute__((weak));
extern const char ksyms_str[] __attribute__((weak));
extern const uint64_t ksyms_count __attribute__((weak));

static bool
kernel_address(uint64_t a)
{
	return a >= DIRECT_MAP && (a & 7) == 0;
}

/* Follow saved rbp values from rbp, appending return addresses to pcs. */
void
x86_backtrace_from(uint64_t rbp, uintptr_t *pcs, int *n, int max)
{
	while (*n < max && kernel_address(rbp)) {
		const uint64_t *frame = (const uint64_t *)rbp;

		if (frame[1] < KERNEL_VMA)
			break;
		pcs[(*n)++] = frame[1];
		if (frame[0] <= rbp)	/* stacks grow down: callers are above */
			break;
		rbp = frame[0];
	}
}

int
hal_backtrace(uintptr_t *pcs, int max)
{
	int n = 0;

	x86_backtrace_from((uint64_t)__builtin_frame_address(0), pcs, &n, max);
	return n;
}

const char *
hal_symbolize(uintptr_t pc, uintptr_t *offset)
{
	uint64_t lo = 0, hi, mid;

	if (&ksyms_count == NULL || ksyms_count == 0 || pc < ksyms_addr[0])
		return NULL;
	hi = ksyms_count;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (ksyms_addr[mid] <= pc)
			lo = mid;
		else
			hi = mid;
	}
	if (pc >= (uint64_t)_kernel_end)
		return NULL;
	*offset = pc - ksyms_addr[lo];
	return ksyms_str + ksyms_name[lo];
}
