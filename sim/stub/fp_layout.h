/*
 * fp_layout.h -- which bytes of a signal frame's FPU state area hold
 * state on this host, for the stub and the runner alike. A guest system
 * call copies the FPU state four times (frame to up block, up block to
 * the kernel's hal_tf, hal_tf to down block, down block to frame), two
 * of them from one host core to another; copying only these pieces
 * instead of the whole area keeps that cheap. On x86_64 the pieces are
 * the legacy area with the XSAVE header (576 bytes) and each component
 * XCR0 enables, at the offset CPUID gives: 840 bytes on a host with AVX
 * and PKRU, where the area spans 2696 because PKRU sits after the room
 * of AVX-512. Bytes between pieces belong to no enabled component: the
 * host ignores them. Elsewhere: all of the area. Plain C; no libc.
 */
#ifndef SIM_FP_LAYOUT_H
#define SIM_FP_LAYOUT_H

#include <stdint.h>

#define FP_PIECES_MAX 8

struct fp_piece {
	uint32_t off, len;
};

#if defined(__x86_64__)
static inline void
fp_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}
#endif

/* Fill p (FP_PIECES_MAX) with the pieces, in increasing offset order;
 * how many. An area of `all` bytes if the host gives no layout. */
static inline int
fp_layout(struct fp_piece *p, uint32_t all)
{
	int n = 0;
#if defined(__x86_64__)
	uint32_t r[4], lo, hi, last = 576;
	uint64_t xcr0;

	fp_cpuid(1, 0, r);
	if (r[2] & (1u << 27)) {		/* OSXSAVE: XCR0 readable */
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		xcr0 = (uint64_t)hi << 32 | lo;
		p[n++] = (struct fp_piece){ 0, 576 };
		for (int i = 2; i < 63; i++) {
			if (!(xcr0 >> i & 1))
				continue;
			fp_cpuid(0xd, (uint32_t)i, r);
			if (r[0] == 0 || r[1] < last)
				goto whole;	/* not the standard layout */
			if (p[n - 1].off + p[n - 1].len == r[1])
				p[n - 1].len += r[0];
			else if (n == FP_PIECES_MAX)
				goto whole;
			else
				p[n++] = (struct fp_piece){ r[1], r[0] };
			last = r[1] + r[0];
		}
		return n;
	}
whole:
#endif
	p[0] = (struct fp_piece){ 0, all };
	return 1;
}

#endif
