/*
 * pmm.h -- physical pages: a buddy allocator over the RAM the HAL reports,
 * and struct page, the descriptor of every page frame.
 */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include "kernel.h"

#define PMM_MAX_ORDER 11	/* blocks of 2^0 .. 2^10 pages */

#define PG_FREE 0x01		/* head of a free buddy block */
#define PG_RESERVED 0x02	/* not RAM, or used by the kernel image */
#define PG_SLAB 0x04		/* a kmalloc slab page */
#define PG_KBIG 0x08		/* head of a large kmalloc block */
#define PG_USER 0x10		/* mapped in some user address space */
#define PG_INFREE 0x20		/* inside a free block (head or not) */

struct page {
	uint16_t flags;
	uint8_t order;		/* block order when PG_FREE or PG_KBIG */
	uint8_t slab_class;	/* kmalloc size class when PG_SLAB */
	uint16_t slab_free;	/* free objects when PG_SLAB */
	uint16_t pad;
	int32_t refcount;	/* users of the page (VM sharing) */
	struct list link;	/* free list or slab list */
	void *freelist;		/* slab: first free object */
};

void pmm_init(void);
paddr_t pmm_alloc(unsigned order);
void pmm_free(paddr_t pa, unsigned order);
void *page_alloc(unsigned order);
void *page_zalloc(unsigned order);
void page_free(void *va, unsigned order);
struct page *pa_to_page(paddr_t pa);
paddr_t page_to_pa(const struct page *pg);
bool pmm_is_ram(paddr_t pa);
size_t pmm_free_pages(void);
bool pmm_reserve(size_t n);
size_t pmm_total_pages(void);
unsigned pmm_order_for(size_t bytes);
void pmm_release(paddr_t base, size_t size);
void pmm_set_reclaim(size_t (*fn)(size_t pages));

#endif
