/*
 * memmap.c (aarch64) -- subtract reserved ranges from RAM ranges. Both
 * lists are short (a few entries from the DTB), so a sort by insertion
 * and one sweep per RAM range do.
 */
#include "memmap.h"

#define MAX_RES 32

static uint64_t
end_of(const struct memmap_range *r)
{
	uint64_t e = r->base + r->size;

	return e < r->base ? UINT64_MAX : e;	/* clamp a wrapping range */
}

/* Append [base, end) aligned inwards to `align`, if anything is left. */
static int
emit(uint64_t base, uint64_t end, uint64_t align, struct memmap_range *out,
     int n, int max)
{
	if (end <= base || end - base < align)
		return n;		/* nothing whole left (and no overflow below) */
	base = (base + align - 1) & ~(align - 1);
	end &= ~(align - 1);
	if (end > base && n < max)
		out[n++] = (struct memmap_range){ base, end - base };
	return n;
}

/*
 * Write into out (at most max) the parts of the ram ranges outside every
 * res range, each aligned inwards to align (a power of two); return how
 * many. Only the first 32 reserved ranges count.
 */
int
memmap_carve(const struct memmap_range *ram, int nram,
	     const struct memmap_range *res, int nres, uint64_t align,
	     struct memmap_range *out, int max)
{
	struct memmap_range sorted[MAX_RES], t;
	uint64_t cur, end;
	int n = 0, ns = nres < MAX_RES ? nres : MAX_RES;

	for (int i = 0; i < ns; i++) {
		sorted[i] = res[i];
		for (int j = i; j > 0 && sorted[j - 1].base > sorted[j].base; j--) {
			t = sorted[j - 1];
			sorted[j - 1] = sorted[j];
			sorted[j] = t;
		}
	}
	for (int i = 0; i < nram; i++) {
		cur = ram[i].base;
		end = end_of(&ram[i]);
		for (int k = 0; k < ns && cur < end; k++) {
			if (sorted[k].size == 0 || end_of(&sorted[k]) <= cur)
				continue;
			if (sorted[k].base >= end)
				break;
			if (sorted[k].base > cur)
				n = emit(cur, sorted[k].base, align, out, n, max);
			cur = end_of(&sorted[k]);
		}
		if (cur < end)
			n = emit(cur, end, align, out, n, max);
	}
	return n;
}
