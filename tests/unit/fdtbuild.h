/*
 * fdtbuild.h -- a small writer of flattened device trees (version 17)
 * for the unit tests: nodes, properties, /memreserve/ entries, so the
 * tests need no dtc and can break a blob on purpose.
 */
#ifndef FDTBUILD_H
#define FDTBUILD_H

#include <stddef.h>
#include <stdint.h>

struct fdtb {
	uint8_t st[16384];
	size_t stlen;
	char strs[4096];
	size_t strslen;
	uint64_t rsv[16][2];
	int nrsv;
};

void fdtb_init(struct fdtb *b);
void fdtb_begin(struct fdtb *b, const char *name);
void fdtb_end(struct fdtb *b);
void fdtb_prop(struct fdtb *b, const char *name, const void *val, size_t len);
void fdtb_str(struct fdtb *b, const char *name, const char *s);
void fdtb_strs(struct fdtb *b, const char *name, const char *list, size_t len);
void fdtb_cells(struct fdtb *b, const char *name, int n, ...);
void fdtb_token(struct fdtb *b, uint32_t tok);
void fdtb_reserve(struct fdtb *b, uint64_t base, uint64_t size);
size_t fdtb_finish(struct fdtb *b, uint8_t *out, size_t cap);

void fdtb_put32(uint8_t *p, uint32_t v);

#endif
