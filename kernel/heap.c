/*
 * heap.c -- the kernel heap. Small objects come from slab pages, one size
 * class per page, with the slab's bookkeeping in its struct page so the
 * whole page holds objects. A slab that empties goes back to the page
 * allocator at once, so free memory figures are exact.
 */
#include "heap.h"
#include "pmm.h"
#include "spinlock.h"

#define NCLASS 8
#define MIN_SHIFT 4			/* 16 bytes */
#define FREE_MAGIC 0x6b667265655f5f21ull	/* marks a free object */

struct free_obj {
	uint64_t magic;
	struct free_obj *next;
};

struct size_class {
	struct spinlock lock;
	struct list partial;		/* slabs with free objects */
	size_t live;			/* allocated objects */
	size_t pages;
};

static struct size_class classes[NCLASS];
static struct spinlock big_lock = SPINLOCK_INIT("kmalloc-big");
static size_t big_live, big_pages;	/* guarded by big_lock */

/* Called once at boot, before the first kmalloc. */
void
heap_init(void)
{
	for (int i = 0; i < NCLASS; i++) {
		spin_init(&classes[i].lock, "kmalloc");
		list_init(&classes[i].partial);
	}
}

static int
class_of(size_t size)
{
	int c = 0;

	while (((size_t)1 << (c + MIN_SHIFT)) < size)
		c++;
	return c;
}

/* A fresh slab page for class c, objects threaded on its free list. */
static struct page *
slab_new(int c)
{
	size_t osz = (size_t)1 << (c + MIN_SHIFT), n = PAGE_SIZE / osz;
	paddr_t pa = pmm_alloc(0);
	struct free_obj *o, *next = NULL;
	struct page *pg;
	char *base;

	if (pa == 0)
		return NULL;
	pg = pa_to_page(pa);
	base = hal_p2v(pa);
	for (size_t i = n; i-- > 0;) {
		o = (struct free_obj *)(base + i * osz);
		o->magic = FREE_MAGIC;
		o->next = next;
		next = o;
	}
	pg->flags = PG_SLAB;
	pg->slab_class = (uint8_t)c;
	pg->slab_free = (uint16_t)n;
	pg->freelist = next;
	return pg;
}

static void *
slab_alloc(int c)
{
	struct size_class *sc = &classes[c];
	struct free_obj *o;
	struct page *pg;

	spin_lock(&sc->lock);
	if (list_empty(&sc->partial)) {
		spin_unlock(&sc->lock);
		if ((pg = slab_new(c)) == NULL)
			return NULL;
		spin_lock(&sc->lock);
		list_push(&sc->partial, &pg->link);
		sc->pages++;
	}
	pg = list_first(&sc->partial, struct page, link);
	o = pg->freelist;
	if (o->magic != FREE_MAGIC)
		panic("kmalloc: free object %p overwritten (use after free?)", o);
	pg->freelist = o->next;
	if (--pg->slab_free == 0)
		list_remove(&pg->link);
	sc->live++;
	spin_unlock(&sc->lock);
	o->magic = 0;
	o->next = NULL;
	return o;
}

static bool
on_freelist(struct page *pg, struct free_obj *obj)
{
	for (struct free_obj *o = pg->freelist; o != NULL; o = o->next)
		if (o == obj)
			return true;
	return false;
}

static void
slab_free(struct page *pg, void *p)
{
	int c = pg->slab_class;
	struct size_class *sc = &classes[c];
	size_t osz = (size_t)1 << (c + MIN_SHIFT), n = PAGE_SIZE / osz;
	struct free_obj *o = p;

	if (((uintptr_t)p & (osz - 1)) != 0)
		panic("kfree: %p is not the start of an object", p);
	spin_lock(&sc->lock);
	if (o->magic == FREE_MAGIC && on_freelist(pg, o))
		panic("kfree: double free of %p", p);
	o->magic = FREE_MAGIC;
	o->next = pg->freelist;
	pg->freelist = o;
	sc->live--;
	if (pg->slab_free++ == 0)
		list_push(&sc->partial, &pg->link);
	if (pg->slab_free == n) {	/* empty: give the page back */
		list_remove(&pg->link);
		sc->pages--;
		spin_unlock(&sc->lock);
		pg->flags = 0;
		pmm_free(page_to_pa(pg), 0);
		return;
	}
	spin_unlock(&sc->lock);
}

/* Allocate size bytes (uninitialized); NULL when memory is short. */
void *
kmalloc(size_t size)
{
	unsigned order;
	paddr_t pa;

	if (size == 0)
		size = 1;
	if (size <= ((size_t)1 << (NCLASS - 1 + MIN_SHIFT)))
		return slab_alloc(class_of(size));
	order = pmm_order_for(size);
	if ((pa = pmm_alloc(order)) == 0)
		return NULL;
	pa_to_page(pa)->flags = PG_KBIG;
	spin_lock(&big_lock);
	big_live++;
	big_pages += 1u << order;
	spin_unlock(&big_lock);
	return hal_p2v(pa);
}

void *
kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

/* Free memory from kmalloc; NULL is ignored. Panics on a bad pointer. */
void
kfree(void *p)
{
	struct page *pg;
	unsigned order;

	if (p == NULL)
		return;
	pg = pa_to_page(hal_v2p(p));
	if (pg == NULL)
		panic("kfree: %p is not heap memory", p);
	if (pg->flags & PG_SLAB) {
		slab_free(pg, p);
		return;
	}
	if (!(pg->flags & PG_KBIG) || ((uintptr_t)p & (PAGE_SIZE - 1)))
		panic("kfree: %p was not allocated by kmalloc (or freed twice)", p);
	order = pg->order;
	pg->flags = 0;
	spin_lock(&big_lock);
	big_live--;
	big_pages -= 1u << order;
	spin_unlock(&big_lock);
	pmm_free(hal_v2p(p), order);
}

/* Bytes usable at p (at least what was asked for). */
size_t
kmalloc_usable(const void *p)
{
	struct page *pg = pa_to_page(hal_v2p(p));

	if (pg->flags & PG_SLAB)
		return (size_t)1 << (pg->slab_class + MIN_SHIFT);
	return (size_t)PAGE_SIZE << pg->order;
}

char *
kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = kmalloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

void
heap_stats(struct heap_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (int i = 0; i < NCLASS; i++) {
		spin_lock(&classes[i].lock);
		st->allocs += classes[i].live;
		st->slab_pages += classes[i].pages;
		spin_unlock(&classes[i].lock);
	}
	spin_lock(&big_lock);
	st->allocs += big_live;
	st->big_pages = big_pages;
	spin_unlock(&big_lock);
}
