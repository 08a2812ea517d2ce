/*
 * fdt.c (aarch64) -- walk a flattened device tree (devicetree.org's
 * format, version 17) and its memory reservation block. Every offset
 * and length is checked against the header's sizes first: a damaged
 * DTB ends the walk with an error code the caller reports.
 */
#include "fdt.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define HDR_SIZE 40u		/* the version 17 header: ten words */

/* The big-endian 32- and 64-bit numbers of the format. */
uint32_t
fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

uint64_t
fdt_be64(const void *p)
{
	return (uint64_t)fdt_be32(p) << 32 | fdt_be32((const uint8_t *)p + 4);
}

/* A number of 1 or 2 cells (#address-cells, #size-cells). */
uint64_t
fdt_cells(const uint8_t *val, int cells)
{
	return cells == 2 ? fdt_be64(val) : fdt_be32(val);
}

/* strcmp(a, b) == 0 and strncmp(s, prefix, strlen(prefix)) == 0, here
 * so that the file needs no C library (the host tests, the kernel). */
bool
fdt_streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

bool
fdt_prefix(const char *s, const char *prefix)
{
	while (*prefix != '\0')
		if (*s++ != *prefix++)
			return false;
	return true;
}

/* True if the string list val (a "compatible") holds s. */
bool
fdt_has_string(const uint8_t *val, uint32_t len, const char *s)
{
	uint32_t i = 0, start;

	while (i < len) {
		start = i;
		while (i < len && val[i] != '\0')
			i++;
		if (i == len)
			return false;	/* not terminated: no match */
		if (fdt_streq((const char *)val + start, s))
			return true;
		i++;
	}
	return false;
}

/* What FDT_ERR_* err means, for a message. */
const char *
fdt_strerror(int err)
{
	switch (err) {
	case FDT_ERR_MAGIC: return "bad magic (not a DTB)";
	case FDT_ERR_VERSION: return "version older than 17";
	case FDT_ERR_SIZE: return "total size too large";
	case FDT_ERR_LAYOUT: return "a block lies outside the total size";
	case FDT_ERR_TRUNCATED: return "a token, name or value runs past its block";
	case FDT_ERR_NESTING: return "nodes nested wrongly or too deep";
	case FDT_ERR_TOKEN: return "unknown token";
	case FDT_ERR_NOEND: return "no end token";
	default: return "no error";
	}
}

/* The header's total size (unchecked: fdt_walk checks it). */
uint32_t
fdt_totalsize(const void *blob)
{
	return fdt_be32((const uint8_t *)blob + 4);
}

/* The header's checks; 0 and the structure and strings blocks, or an error. */
static int
check_header(const uint8_t *b, size_t max, uint32_t *st_off, uint32_t *st_len,
	     uint32_t *str_off, uint32_t *str_len)
{
	uint32_t total;

	if (max < HDR_SIZE || fdt_be32(b) != FDT_MAGIC)
		return FDT_ERR_MAGIC;
	if (fdt_be32(b + 20) < 17)
		return FDT_ERR_VERSION;
	total = fdt_be32(b + 4);
	if (total > max || total > FDT_MAX_SIZE || total < HDR_SIZE)
		return FDT_ERR_SIZE;
	*st_off = fdt_be32(b + 8);
	*str_off = fdt_be32(b + 12);
	*str_len = fdt_be32(b + 32);
	*st_len = fdt_be32(b + 36);
	if (*st_off > total || *st_len > total - *st_off ||
	    *str_off > total || *str_len > total - *str_off ||
	    fdt_be32(b + 16) > total || (*st_off & 3) != 0)
		return FDT_ERR_LAYOUT;
	return 0;
}

/* Length of the NUL-terminated string at s, or -1 if none within max. */
static long
bounded_len(const uint8_t *s, uint32_t max)
{
	for (uint32_t i = 0; i < max; i++)
		if (s[i] == '\0')
			return (long)i;
	return -1;
}

/*
 * Walk the structure block of the DTB at blob (at most max bytes are
 * read), calling v for each property and each node's end. Returns 0, or
 * FDT_ERR_* on the first inconsistency (the calls before it were made).
 */
int
fdt_walk(const void *blob, size_t max, const struct fdt_visitor *v, void *arg)
{
	const uint8_t *b = blob, *st, *strs;
	const char *path[FDT_MAX_DEPTH];
	uint32_t st_off, st_len, str_off, str_len, pos = 0, tok, len, nameoff;
	int depth = 0, r;
	long n;

	if ((r = check_header(b, max, &st_off, &st_len, &str_off, &str_len)) != 0)
		return r;
	st = b + st_off;
	strs = b + str_off;
	for (;;) {
		if (st_len - pos < 4)
			return FDT_ERR_NOEND;
		tok = fdt_be32(st + pos);
		pos += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			if ((n = bounded_len(st + pos, st_len - pos)) < 0)
				return FDT_ERR_TRUNCATED;
			if (depth == FDT_MAX_DEPTH)
				return FDT_ERR_NESTING;
			path[depth++] = (const char *)st + pos;
			pos += ((uint32_t)n + 4) & ~3u;
			if (pos > st_len)
				return FDT_ERR_TRUNCATED;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return FDT_ERR_NESTING;
			if (v->end_node != NULL)
				v->end_node(arg, depth, path);
			depth--;
			break;
		case FDT_PROP:
			if (st_len - pos < 8 || depth == 0)
				return depth == 0 ? FDT_ERR_NESTING : FDT_ERR_TRUNCATED;
			len = fdt_be32(st + pos);
			nameoff = fdt_be32(st + pos + 4);
			pos += 8;
			if (len > st_len - pos || nameoff >= str_len ||
			    bounded_len(strs + nameoff, str_len - nameoff) < 0)
				return FDT_ERR_TRUNCATED;
			if (v->prop != NULL)
				v->prop(arg, depth, path, (const char *)strs + nameoff,
					st + pos, len);
			pos += (len + 3) & ~3u;
			if (pos > st_len)
				pos = st_len;	/* padding of the last value */
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			return depth == 0 ? 0 : FDT_ERR_NOEND;
		default:
			return FDT_ERR_TOKEN;
		}
	}
}

/*
 * Call fn for each entry of the memory reservation block (the DTS's
 * /memreserve/ lines) up to its terminating zero entry.
 */
int
fdt_memreserve(const void *blob, size_t max,
	       void (*fn)(void *arg, uint64_t base, uint64_t size), void *arg)
{
	const uint8_t *b = blob;
	uint32_t st_off, st_len, str_off, str_len, off, total;
	int r;

	if ((r = check_header(b, max, &st_off, &st_len, &str_off, &str_len)) != 0)
		return r;
	total = fdt_totalsize(b);
	for (off = fdt_be32(b + 16); ; off += 16) {
		if (total - off < 16)
			return FDT_ERR_TRUNCATED;
		if (fdt_be64(b + off) == 0 && fdt_be64(b + off + 8) == 0)
			return 0;
		fn(arg, fdt_be64(b + off), fdt_be64(b + off + 8));
	}
}
