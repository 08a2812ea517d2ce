/*
 * heap.h -- kmalloc/kfree: size classes of 16..2048 bytes in slab pages,
 * larger blocks straight from the page allocator.
 */
#ifndef KERNEL_HEAP_H
#define KERNEL_HEAP_H

#include "kernel.h"

void heap_init(void);
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);
char *kstrdup(const char *s);
size_t kmalloc_usable(const void *p);

struct heap_stats {
	size_t allocs;		/* live allocations */
	size_t slab_pages;	/* pages held by slabs */
	size_t big_pages;	/* pages held by large blocks */
};
void heap_stats(struct heap_stats *st);

#endif
