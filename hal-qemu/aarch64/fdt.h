/*
 * fdt.h (aarch64) -- a walker over a flattened device tree (the DTB a
 * boot loader passes in x0), checked against its own sizes so that a
 * damaged blob gives an error, never a fault or a hang. Plain C with no
 * library calls: the unit tests compile it on the host.
 */
#ifndef A64_FDT_H
#define A64_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAX_DEPTH 16
#define FDT_MAX_SIZE (2u << 20)		/* a larger DTB is refused */

/* Errors of fdt_walk and fdt_memreserve (fdt_strerror names them). */
enum {
	FDT_ERR_MAGIC = -1,		/* no 0xd00dfeed at the start */
	FDT_ERR_VERSION = -2,		/* older than version 17 */
	FDT_ERR_SIZE = -3,		/* totalsize beyond the bound given */
	FDT_ERR_LAYOUT = -4,		/* a block outside totalsize */
	FDT_ERR_TRUNCATED = -5,		/* a token, name or value runs off */
	FDT_ERR_NESTING = -6,		/* END_NODE without BEGIN, or too deep */
	FDT_ERR_TOKEN = -7,		/* an unknown token */
	FDT_ERR_NOEND = -8,		/* no FDT_END, or nodes left open */
};

/*
 * What fdt_walk reports. path[0] is the root (""), path[depth - 1] the
 * node the property belongs to or that ends; prop and end_node may be
 * NULL. The strings and values point into the blob.
 */
struct fdt_visitor {
	void (*prop)(void *arg, int depth, const char *const *path,
		     const char *name, const uint8_t *val, uint32_t len);
	void (*end_node)(void *arg, int depth, const char *const *path);
};

int fdt_walk(const void *blob, size_t max, const struct fdt_visitor *v,
	     void *arg);
int fdt_memreserve(const void *blob, size_t max,
		   void (*fn)(void *arg, uint64_t base, uint64_t size),
		   void *arg);
uint32_t fdt_totalsize(const void *blob);
const char *fdt_strerror(int err);

uint32_t fdt_be32(const void *p);
uint64_t fdt_be64(const void *p);
uint64_t fdt_cells(const uint8_t *val, int cells);
bool fdt_streq(const char *a, const char *b);
bool fdt_prefix(const char *s, const char *prefix);
bool fdt_has_string(const uint8_t *val, uint32_t len, const char *s);

#endif
