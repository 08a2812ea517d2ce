/*
 * fp_layout.h -- which bytes of a signal frame's FPU state area hold
 * state on this host, for the stub and the runner alike. A guest system
 * call copies the FPU state four times (frame to up block, up block to
 * the kernel's hal_tf, hal_tf to down block, down block to frame), two
 * of them from one host core to another; copying only these pieces
 * instead of the whole area keeps that cheap. On x86_64 the pieces are
 * the legacy area with the XSAVE header (576 bytes) and each component
 * XCR0 enables, at the offset CPUID gives (AVX, PKRU...), where the area
 * spans 2696 bytes on a host with PKRU and no AVX-512 (PKRU sits after
 * AVX-512's room). A component goes only if the header's XSTATE_BV says
 * it is in use: a program that never touched the ymm registers (musl
 * itself does not) moves 584 bytes. Bytes of a piece not copied belong
 * to a component the header calls initial, which the host then ignores.
 * Elsewhere: all of the area. Plain C; no libc.
 */
#ifndef SIM_FP_LAYOUT_H
#define SIM_FP_LAYOUT_H

#include <stdint.h>

#define FP_PIECES_MAX 8

struct fp_piece {
	uint32_t off, len;
	int bit;		/* its XSTATE_BV bit, or -1: always */
};

#define FP_XSAVE_HDR 512	/* where the XSAVE header begins */

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
		p[n++] = (struct fp_piece){ 0, 576, -1 };
		for (int i = 2; i < 63; i++) {
			if (!(xcr0 >> i & 1))
				continue;
			fp_cpuid(0xd, (uint32_t)i, r);
			if (r[0] == 0 || r[1] < last || n == FP_PIECES_MAX)
				goto whole;	/* not the standard layout */
			p[n++] = (struct fp_piece){ r[1], r[0], i };
			last = r[1] + r[0];
		}
		return n;
	}
whole:
#endif
	p[0] = (struct fp_piece){ 0, all, -1 };
	return 1;
}

/* Whether piece p of an n-byte area at src is to be copied. */
static inline int
fp_piece_wanted(const struct fp_piece *p, const uint8_t *src, uint32_t n)
{
	uint64_t bv;

	if (p->off >= n)
		return 0;
	if (p->bit < 0 || n < FP_XSAVE_HDR + 8)
		return 1;
	bv = *(const uint64_t *)(const void *)(src + FP_XSAVE_HDR);
	return (int)(bv >> p->bit & 1);
}

#endif
