/*
 * fdtbuild.c -- write a flattened device tree: header, memory
 * reservation block, structure block, strings block, in that order.
 */
#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "fdtbuild.h"

/* v big-endian at p, as every number of a device tree is. */
void
fdtb_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
put64(uint8_t *p, uint64_t v)
{
	fdtb_put32(p, (uint32_t)(v >> 32));
	fdtb_put32(p + 4, (uint32_t)v);
}

void
fdtb_init(struct fdtb *b)
{
	memset(b, 0, sizeof(*b));
}

void
fdtb_token(struct fdtb *b, uint32_t tok)
{
	assert(b->stlen + 4 <= sizeof(b->st));
	fdtb_put32(b->st + b->stlen, tok);
	b->stlen += 4;
}

static void
pad(struct fdtb *b)
{
	while (b->stlen % 4 != 0)
		b->st[b->stlen++] = 0;
}

void
fdtb_begin(struct fdtb *b, const char *name)
{
	size_t n = strlen(name) + 1;

	fdtb_token(b, 1);
	assert(b->stlen + n + 3 <= sizeof(b->st));
	memcpy(b->st + b->stlen, name, n);
	b->stlen += n;
	pad(b);
}

void
fdtb_end(struct fdtb *b)
{
	fdtb_token(b, 2);
}

/* The offset of name in the strings block, added if new. */
static uint32_t
string_off(struct fdtb *b, const char *name)
{
	size_t n = strlen(name) + 1;

	for (size_t i = 0; i < b->strslen; i += strlen(b->strs + i) + 1)
		if (strcmp(b->strs + i, name) == 0)
			return (uint32_t)i;
	assert(b->strslen + n <= sizeof(b->strs));
	memcpy(b->strs + b->strslen, name, n);
	b->strslen += n;
	return (uint32_t)(b->strslen - n);
}

void
fdtb_prop(struct fdtb *b, const char *name, const void *val, size_t len)
{
	uint32_t off = string_off(b, name);

	fdtb_token(b, 3);
	fdtb_token(b, (uint32_t)len);
	fdtb_token(b, off);
	assert(b->stlen + len + 3 <= sizeof(b->st));
	memcpy(b->st + b->stlen, val, len);
	b->stlen += len;
	pad(b);
}

void
fdtb_str(struct fdtb *b, const char *name, const char *s)
{
	fdtb_prop(b, name, s, strlen(s) + 1);
}

/* A string list: list holds the strings with their NULs, len in all. */
void
fdtb_strs(struct fdtb *b, const char *name, const char *list, size_t len)
{
	fdtb_prop(b, name, list, len);
}

/* n 32-bit cells, big-endian. */
void
fdtb_cells(struct fdtb *b, const char *name, int n, ...)
{
	uint8_t buf[256];
	va_list ap;

	assert(n * 4 <= (int)sizeof(buf));
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		fdtb_put32(buf + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	fdtb_prop(b, name, buf, 4 * (size_t)n);
}

void
fdtb_reserve(struct fdtb *b, uint64_t base, uint64_t size)
{
	assert(b->nrsv < 16);
	b->rsv[b->nrsv][0] = base;
	b->rsv[b->nrsv][1] = size;
	b->nrsv++;
}

/* The blob into out: its size (the FDT_END token is added here). */
size_t
fdtb_finish(struct fdtb *b, uint8_t *out, size_t cap)
{
	size_t rsv_off = 40, st_off, str_off, total;

	fdtb_token(b, 9);
	st_off = rsv_off + 16 * ((size_t)b->nrsv + 1);
	str_off = st_off + b->stlen;
	total = str_off + b->strslen;
	assert(total <= cap);
	memset(out, 0, total);
	fdtb_put32(out, 0xd00dfeed);
	fdtb_put32(out + 4, (uint32_t)total);
	fdtb_put32(out + 8, (uint32_t)st_off);
	fdtb_put32(out + 12, (uint32_t)str_off);
	fdtb_put32(out + 16, (uint32_t)rsv_off);
	fdtb_put32(out + 20, 17);
	fdtb_put32(out + 24, 16);
	fdtb_put32(out + 28, 0);
	fdtb_put32(out + 32, (uint32_t)b->strslen);
	fdtb_put32(out + 36, (uint32_t)b->stlen);
	for (int i = 0; i < b->nrsv; i++) {
		put64(out + rsv_off + 16 * (size_t)i, b->rsv[i][0]);
		put64(out + rsv_off + 16 * (size_t)i + 8, b->rsv[i][1]);
	}
	memcpy(out + st_off, b->st, b->stlen);
	memcpy(out + str_off, b->strs, b->strslen);
	return total;
}
