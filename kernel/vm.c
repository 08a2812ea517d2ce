/*
 * vm.c -- user address spaces: a sorted list of regions over the HAL's
 * page table. Pages arrive on demand; private pages are shared copy-on-
 * write after fork (read-only entries marked HAL_PTE_SW); anonymous shared
 * regions keep their pages in a struct shmem.
 *
 * Shared mappings of files with a page cache map the cache's pages. They
 * are mapped read-only first; the first write faults, gets the file's
 * blocks allocated (getpage with create) and makes the entry writable.
 * What programs write is found through the entries' dirty bits, which go
 * to the page cache when an entry is removed or changed (munmap, exit,
 * mprotect, mremap), at msync, and when fsync, sync or the flusher ask
 * (vm_file_dirty: each inode lists its shared regions in ip->maps).
 */
#include "heap.h"
#include "pagecache.h"
#include "pmm.h"
#include "vfs.h"
#include "vm.h"

#define COW HAL_PTE_SW

/* Guards every inode's list of shared regions (inode.maps, vma.ilink). */
static struct spinlock maps_lock = SPINLOCK_INIT("vm maps");

struct shmem {
	int refs;		/* regions using it; atomic */
	size_t npages;
	paddr_t *pages;		/* 0 = not yet touched; guarded by lock */
	struct spinlock lock;
};

/* ---- page references ---- */

void
page_ref(paddr_t pa)
{
	struct page *pg = pa_to_page(pa);

	if (pg != NULL)
		__atomic_add_fetch(&pg->refcount, 1, __ATOMIC_RELAXED);
}

/* Drop a reference; the last one frees the page. */
void
page_unref(paddr_t pa)
{
	struct page *pg = pa_to_page(pa);

	if (pg != NULL && __atomic_sub_fetch(&pg->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		pmm_free(pa & ~(paddr_t)(PAGE_SIZE - 1), 0);
}

static int
page_refs(paddr_t pa)
{
	struct page *pg = pa_to_page(pa);

	return pg ? __atomic_load_n(&pg->refcount, __ATOMIC_ACQUIRE) : 0;
}

static paddr_t
zero_page(void)
{
	void *p = page_zalloc(0);

	return p ? hal_v2p(p) : 0;
}

/* ---- shared anonymous memory ---- */

static struct shmem *
shmem_new(size_t npages)
{
	struct shmem *s = kzalloc(sizeof(*s));

	if (s == NULL)
		return NULL;
	s->pages = kzalloc(npages * sizeof(paddr_t) + 1);
	if (s->pages == NULL) {
		kfree(s);
		return NULL;
	}
	s->npages = npages;
	s->refs = 1;
	spin_init(&s->lock, "shmem");
	return s;
}

static void
shmem_put(struct shmem *s)
{
	if (s == NULL || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (size_t i = 0; i < s->npages; i++)
		if (s->pages[i] != 0)
			page_unref(s->pages[i]);
	kfree(s->pages);
	kfree(s);
}

/* The page at index i, made on first touch; returns a new reference. */
static paddr_t
shmem_page(struct shmem *s, size_t i)
{
	paddr_t pa, fresh = 0;

	if (i >= s->npages)
		return 0;
	for (;;) {
		spin_lock(&s->lock);
		pa = s->pages[i];
		if (pa == 0 && fresh != 0) {
			s->pages[i] = pa = fresh;
			fresh = 0;
		}
		if (pa != 0)
			page_ref(pa);
		spin_unlock(&s->lock);
		if (pa != 0)
			break;
		if ((fresh = zero_page()) == 0)
			return 0;
	}
	if (fresh != 0)
		page_unref(fresh);
	return pa;
}

/* ---- regions ---- */

/* The region containing addr, or NULL. vm->lock held. */
struct vma *
vma_find(struct vm *vm, uintptr_t addr)
{
	struct list *pos;

	list_for_each(pos, &vm->vmas) {
		struct vma *v = list_entry(pos, struct vma, link);
		if (addr < v->start)
			return NULL;
		if (addr < v->end)
			return v;
	}
	return NULL;
}

static struct vma *
vma_new(uintptr_t start, uintptr_t end, unsigned prot, unsigned flags)
{
	struct vma *v = kzalloc(sizeof(*v));

	if (v != NULL) {
		list_init(&v->link);
		list_init(&v->ilink);
		v->start = start;
		v->end = end;
		v->prot = prot;
		v->flags = flags;
	}
	return v;
}

/* v now belongs to vm; a shared file region joins its inode's list. */
static void
vma_attach(struct vma *v, struct vm *vm)
{
	v->vm = vm;
	if (v->file == NULL || v->file->ip == NULL || !(v->flags & VMA_SHARED))
		return;
	spin_lock(&maps_lock);
	list_append(&v->file->ip->maps, &v->ilink);
	spin_unlock(&maps_lock);
}

static void
vma_free(struct vma *v)
{
	if (!list_empty(&v->ilink)) {
		spin_lock(&maps_lock);
		list_remove(&v->ilink);
		spin_unlock(&maps_lock);
	}
	if (v->file != NULL)
		file_put(v->file);
	shmem_put(v->shm);
	kfree(v);
}

/* The page cache behind a shared file region, or NULL. */
static struct pcache *
vma_cache(const struct vma *v)
{
	if (!(v->flags & VMA_SHARED) || v->file == NULL || v->file->ip == NULL)
		return NULL;
	return v->file->ip->pcache;
}

/* The file page index of user address va in file region v. */
static uint64_t
vma_index(const struct vma *v, uintptr_t va)
{
	return (v->off + (va - v->start)) / PAGE_SIZE;
}

/* An entry of region v leaves the page table or loses its bits: if the
 * program wrote through it, the cached page is dirty. */
static void
pte_gone(struct vma *v, uintptr_t va, paddr_t pa, unsigned prot)
{
	struct pcache *pc;

	if ((prot & HAL_PTE_D) && (pc = vma_cache(v)) != NULL)
		pcache_set_dirty(pc, vma_index(v, va),
				 pa & ~(paddr_t)(PAGE_SIZE - 1));
}

/* Insert v in address order. vm->lock held. */
static void
vma_insert(struct vm *vm, struct vma *v)
{
	struct list *pos;

	list_for_each(pos, &vm->vmas)
		if (list_entry(pos, struct vma, link)->start >= v->end)
			break;
	list_insert_before(pos, &v->link);
}

/* A copy of v for [start, end) with file offsets adjusted. */
static struct vma *
vma_clone(struct vma *v, uintptr_t start, uintptr_t end)
{
	struct vma *n = vma_new(start, end, v->prot, v->flags);

	if (n == NULL)
		return NULL;
	n->file = v->file;
	if (n->file != NULL)
		file_get(n->file);
	n->off = v->off + (start - v->start);
	n->shm = v->shm;
	if (n->shm != NULL)
		__atomic_add_fetch(&n->shm->refs, 1, __ATOMIC_RELAXED);
	n->shm_off = v->shm_off + (start - v->start) / PAGE_SIZE;
	vma_attach(n, v->vm);
	return n;
}

/* Split v at addr (inside it): v keeps [start, addr). -ENOMEM. */
static int
vma_split(struct vm *vm, struct vma *v, uintptr_t addr)
{
	struct vma *n;

	if (addr <= v->start || addr >= v->end)
		return 0;
	if ((n = vma_clone(v, addr, v->end)) == NULL)
		return -ENOMEM;
	v->end = addr;
	list_insert_between(&n->link, &v->link, v->link.next);
	(void)vm;
	return 0;
}

/* ---- page table entries ---- */

static unsigned
pte_prot(unsigned prot)
{
	return (prot != PROT_NONE ? HAL_PROT_R : 0) |
	       (prot & PROT_WRITE ? HAL_PROT_W : 0) |
	       (prot & PROT_EXEC ? HAL_PROT_X : 0);
}

struct zap {
	struct vm *vm;
	struct vma *v;
	bool flush;		/* some entry was in the TLB */
};

static int
zap_one(uintptr_t va, paddr_t pa, unsigned prot, void *arg)
{
	struct zap *z = arg;

	hal_pt_unmap(&z->vm->pt, va);
	if (prot & HAL_PTE_A)
		z->flush = true;
	pte_gone(z->v, va, pa, prot);
	page_unref(pa);
	z->vm->pages--;
	return 0;
}

/* Remove the pages of [start, end) of region v. vm->lock held. */
static void
zap_range(struct vm *vm, struct vma *v, uintptr_t start, uintptr_t end)
{
	struct zap z = { vm, v, false };

	hal_pt_walk(&vm->pt, start, end, zap_one, &z);
	if (z.flush)
		hal_tlb_flush(&vm->pt, start, end - start);
}

/* ---- address spaces ---- */

struct vm *
vm_new(void)
{
	struct vm *vm = kzalloc(sizeof(*vm));

	if (vm == NULL)
		return NULL;
	if (hal_pt_init(&vm->pt) < 0) {
		kfree(vm);
		return NULL;
	}
	mutex_init(&vm->lock, "vm");
	list_init(&vm->vmas);
	vm->users = 1;
	vm->stack_top = ALIGN_DOWN(HAL_USER_TOP - (1ul << 30), PAGE_SIZE);
	vm->mmap_top = vm->stack_top - STACK_SIZE_MAX - (64ul << 20);
	return vm;
}

void
vm_get(struct vm *vm)
{
	__atomic_add_fetch(&vm->users, 1, __ATOMIC_RELAXED);
}

/* Drop a user; the last one frees every page and the page table. */
void
vm_put(struct vm *vm)
{
	struct list *pos, *n;

	if (__atomic_sub_fetch(&vm->users, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	list_for_each_safe(pos, n, &vm->vmas) {
		struct vma *v = list_entry(pos, struct vma, link);
		struct zap z = { vm, v, false };

		hal_pt_walk(&vm->pt, v->start, v->end, zap_one, &z);
		list_remove(&v->link);
		vma_free(v);
	}
	hal_pt_destroy(&vm->pt);
	kfree(vm);
}

struct fork_walk {
	struct vm *parent, *child;
	struct vma *vma;
	uintptr_t lo, hi;	/* in vma: pages the parent's TLB may hold
				 * writable, which lost write access */
	int err;
};

/* Share one page with the child: private writable pages become COW. */
static int
fork_one(uintptr_t va, paddr_t pa, unsigned prot, void *arg)
{
	struct fork_walk *w = arg;
	unsigned p = prot & (HAL_PROT_R | HAL_PROT_W | HAL_PROT_X | COW);

	if (!(w->vma->flags & VMA_SHARED) && (p & HAL_PROT_W)) {
		p = (p & ~HAL_PROT_W) | COW;
		hal_pt_map(&w->parent->pt, va, pa, p);	/* the entry exists */
		if (prot & HAL_PTE_A) {
			w->lo = MIN(w->lo, va);
			w->hi = MAX(w->hi, va + PAGE_SIZE);
		}
	}
	if (hal_pt_map(&w->child->pt, va, pa, p) < 0) {
		w->err = -ENOMEM;
		return 1;
	}
	page_ref(pa);
	w->child->pages++;
	return 0;
}

/* Copy an address space for fork: regions, and pages copy-on-write. */
struct vm *
vm_fork(struct vm *parent)
{
	struct vm *child = vm_new();
	struct fork_walk w = { parent, child, NULL, 0, 0, 0 };
	struct list *pos;
	int r;

	if (child == NULL)
		return NULL;
	if (hal_pt_reserve(&child->pt) < 0) {	/* fork fails now, not later */
		vm_put(child);
		return NULL;
	}
	mutex_lock(&parent->lock);
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->mmap_top = parent->mmap_top;
	child->stack_top = parent->stack_top;
	list_for_each(pos, &parent->vmas) {
		struct vma *v = list_entry(pos, struct vma, link), *c;

		if ((c = vma_clone(v, v->start, v->end)) == NULL) {
			w.err = -ENOMEM;
			break;
		}
		spin_lock(&maps_lock);		/* it is the child's */
		c->vm = child;
		spin_unlock(&maps_lock);
		list_append(&child->vmas, &c->link);
		w.vma = v;
		w.lo = v->end;
		w.hi = v->start;
		r = hal_pt_walk(&parent->pt, v->start, v->end, fork_one, &w);
		/* Only what lost write access leaves the TLB: text stays. */
		if (w.hi > w.lo)
			hal_tlb_flush(&parent->pt, w.lo, w.hi - w.lo);
		if (r != 0)
			break;
	}
	mutex_unlock(&parent->lock);
	if (w.err != 0) {
		vm_put(child);
		return NULL;
	}
	return child;
}

/* ---- faults ---- */

static bool
access_ok(const struct vma *v, int access)
{
	if ((access & HAL_ACCESS_WRITE) && !(v->prot & PROT_WRITE))
		return false;
	if ((access & HAL_ACCESS_EXEC) && !(v->prot & PROT_EXEC))
		return false;
	return v->prot != PROT_NONE;
}

/* Break copy-on-write for the page at va (entry pa, prot). */
static int
cow_break(struct vm *vm, struct vma *v, uintptr_t va, paddr_t pa, unsigned prot)
{
	unsigned p = pte_prot(v->prot);
	paddr_t fresh;

	pa &= ~(paddr_t)(PAGE_SIZE - 1);
	if (page_refs(pa) == 1 && v->file == NULL) {	/* last user: take it */
		hal_pt_map(&vm->pt, va, pa, p);
	} else {
		if ((fresh = zero_page()) == 0)
			return -ENOMEM;
		memcpy(hal_p2v(fresh), hal_p2v(pa), PAGE_SIZE);
		hal_pt_map(&vm->pt, va, fresh, p);
		page_unref(pa);
	}
	if (prot & HAL_PTE_A)
		hal_tlb_flush(&vm->pt, va, PAGE_SIZE);
	return 0;
}

#define FAULT_AROUND 16

/*
 * After a read fault on a file, map the other pages of the aligned
 * 16-page window around va, inside the region, that have no entry yet: a
 * program running through its text faults about once per 64 KiB, in
 * whatever direction it goes.
 */
static void
file_around(struct vm *vm, struct vma *v, uintptr_t va)
{
	unsigned p = pte_prot(v->prot), prot;
	uintptr_t ws = ALIGN_DOWN(va, FAULT_AROUND * PAGE_SIZE);
	uintptr_t a = MAX(ws, v->start);
	uintptr_t end = MIN(ws + FAULT_AROUND * PAGE_SIZE, v->end);
	paddr_t cache, pa;

	if (!(v->flags & VMA_SHARED))
		p = (p & ~HAL_PROT_W) | (v->prot & PROT_WRITE ? COW : 0);
	else if (vma_cache(v) != NULL)
		p &= ~HAL_PROT_W;	/* writable at the first write */
	for (; a < end; a += PAGE_SIZE) {
		if (a == va || hal_pt_lookup(&vm->pt, a, &pa, &prot))
			continue;
		if (v->file->ip->iop->getpage(v->file->ip,
					      (v->off + (a - v->start)) / PAGE_SIZE,
					      false, &cache) < 0)
			break;
		if (hal_pt_map(&vm->pt, a, cache, p) < 0) {
			page_unref(cache);
			break;
		}
		vm->pages++;
	}
}

/* Fill the missing page at va of region v. */
static int
fault_in(struct vm *vm, struct vma *v, uintptr_t va, int access)
{
	unsigned p = pte_prot(v->prot);
	uint64_t idx;
	paddr_t pa = 0, cache;
	int r;

	if (v->shm != NULL) {
		pa = shmem_page(v->shm, v->shm_off + (va - v->start) / PAGE_SIZE);
	} else if (v->file != NULL && v->file->ip->iop->getpage != NULL) {
		idx = (v->off + (va - v->start)) / PAGE_SIZE;
		if (vma_cache(v) != NULL && !(access & HAL_ACCESS_WRITE))
			p &= ~HAL_PROT_W;	/* until written: mkwrite */
		r = v->file->ip->iop->getpage(v->file->ip, idx,
					      (v->flags & VMA_SHARED) != 0 &&
					      (p & HAL_PROT_W), &cache);
		if (r == -ENXIO && !(v->flags & VMA_SHARED))
			pa = zero_page();	/* past the end of the file */
		else if (r < 0)
			return r;
		else if ((v->flags & VMA_SHARED) || !(access & HAL_ACCESS_WRITE)) {
			pa = cache;		/* shared, or COW until written */
			if (!(v->flags & VMA_SHARED))
				p = (p & ~HAL_PROT_W) | (v->prot & PROT_WRITE ? COW : 0);
		} else {
			if ((pa = zero_page()) != 0)
				memcpy(hal_p2v(pa), hal_p2v(cache), PAGE_SIZE);
			page_unref(cache);
		}
	} else if (v->file != NULL) {		/* no page cache: read it */
		if ((pa = zero_page()) != 0 &&
		    kernel_read(v->file, hal_p2v(pa), PAGE_SIZE,
				v->off + (va - v->start)) < 0) {
			page_unref(pa);
			return -EIO;
		}
	} else {
		pa = zero_page();
	}
	if (pa == 0)
		return -ENOMEM;
	if (hal_pt_map(&vm->pt, va, pa, p) < 0) {
		page_unref(pa);
		return -ENOMEM;
	}
	vm->pages++;
	if (v->file != NULL && v->file->ip->iop->getpage != NULL &&
	    !(access & HAL_ACCESS_WRITE))
		file_around(vm, v, va);
	return 0;
}

/* The first write to a page of a shared file region mapped read-only:
 * the file gets blocks under it, and the entry becomes writable. */
static int
mkwrite(struct vm *vm, struct vma *v, uintptr_t va, paddr_t pa, unsigned prot)
{
	paddr_t cache;
	int r;

	r = v->file->ip->iop->getpage(v->file->ip, vma_index(v, va), true,
				      &cache);
	if (r < 0)
		return r;
	pte_gone(v, va, pa, prot);
	if (hal_pt_map(&vm->pt, va, cache, pte_prot(v->prot)) < 0) {
		page_unref(cache);
		return -ENOMEM;
	}
	page_unref(pa & ~(paddr_t)(PAGE_SIZE - 1));	/* the old entry's */
	if (prot & HAL_PTE_A)
		hal_tlb_flush(&vm->pt, va, PAGE_SIZE);
	return 0;
}

/* Handle a fault at addr with vm->lock held: 0, -EFAULT (no region, or
 * not allowed: SIGSEGV), -ENOMEM, or the file's error (-ENOSPC, -EIO,
 * -ENXIO past its end: SIGBUS). */
static int
fault_locked(struct vm *vm, uintptr_t addr, int access)
{
	uintptr_t va = ALIGN_DOWN(addr, PAGE_SIZE);
	struct vma *v = vma_find(vm, addr);
	unsigned prot;
	paddr_t pa;

	if (v == NULL || !access_ok(v, access))
		return -EFAULT;
	if (!hal_pt_lookup(&vm->pt, va, &pa, &prot))
		return fault_in(vm, v, va, access);
	if ((access & HAL_ACCESS_WRITE) && !(prot & HAL_PROT_W)) {
		if (vma_cache(v) != NULL)
			return mkwrite(vm, v, va, pa, prot);
		if (!(prot & COW))
			return -EFAULT;
		return cow_break(vm, v, va, pa, prot);
	}
	return 0;		/* already there: the HAL refills */
}

/* Is addr inside some region (for SEGV_ACCERR vs SEGV_MAPERR)? */
bool
vm_mapped(struct vm *vm, uintptr_t addr)
{
	bool r;

	mutex_lock(&vm->lock);
	r = vma_find(vm, addr) != NULL;
	mutex_unlock(&vm->lock);
	return r;
}

/* A user page fault: 0 if the access may now proceed. May sleep. */
int
vm_fault(struct vm *vm, uintptr_t addr, int access)
{
	int r;

	mutex_lock(&vm->lock);
	r = fault_locked(vm, addr, access);
	mutex_unlock(&vm->lock);
	return r;
}

/* vm_translate with vm->lock held: 0 or -EFAULT. */
static int
translate_locked(struct vm *vm, uintptr_t va, int access, paddr_t *pa)
{
	unsigned prot;
	struct vma *v;
	int r = 0;

	v = vma_find(vm, va);
	if (v == NULL || !access_ok(v, access)) {
		r = -EFAULT;
	} else if (!hal_pt_lookup(&vm->pt, va, pa, &prot) ||
		   ((access & HAL_ACCESS_WRITE) && !(prot & HAL_PROT_W))) {
		r = fault_locked(vm, va, access);
		if (r == 0 && !hal_pt_lookup(&vm->pt, va, pa, &prot))
			r = -EFAULT;
	}
	if (r == 0)
		page_ref(*pa);
	if (r == 0 && (access & HAL_ACCESS_WRITE))	/* no dirty bit for us */
		pte_gone(v, va, *pa, HAL_PTE_D);
	return r < 0 ? -EFAULT : 0;
}

/*
 * Physical address of user address va for `access`, faulting the page in
 * as the user's access would; takes a page reference the caller drops
 * with page_unref. 0 or -EFAULT. vm->lock not held; may sleep.
 */
int
vm_translate(struct vm *vm, uintptr_t va, int access, paddr_t *pa)
{
	int r;

	mutex_lock(&vm->lock);
	r = translate_locked(vm, va, access, pa);
	mutex_unlock(&vm->lock);
	return r;
}

/* vm_translate of the n pages from va (page aligned) on, under one hold
 * of vm->lock: how many, up to the first that faults. */
int
vm_translate_pages(struct vm *vm, uintptr_t va, int n, int access,
		   paddr_t *pa)
{
	int i;

	mutex_lock(&vm->lock);
	for (i = 0; i < n; i++)
		if (translate_locked(vm, va + (uintptr_t)i * PAGE_SIZE, access,
				     &pa[i]) < 0)
			break;
	mutex_unlock(&vm->lock);
	return i;
}

/* Fault in [addr, addr + len) now (MAP_POPULATE, mlock, exec). */
int
vm_populate(struct vm *vm, uintptr_t addr, size_t len, bool write)
{
	int r = 0;

	mutex_lock(&vm->lock);
	for (uintptr_t va = ALIGN_DOWN(addr, PAGE_SIZE); va < addr + len && r == 0;
	     va += PAGE_SIZE)
		r = fault_locked(vm, va, write ? HAL_ACCESS_WRITE : HAL_ACCESS_READ);
	mutex_unlock(&vm->lock);
	return r;
}

/* ---- mapping and unmapping ---- */

/* Remove [start, end) from every region. vm->lock held. */
static int
unmap_locked(struct vm *vm, uintptr_t start, uintptr_t end)
{
	struct list *pos, *n;

	/* Splitting inserts after v, so the walk then visits the piece. */
	list_for_each(pos, &vm->vmas) {
		struct vma *v = list_entry(pos, struct vma, link);

		if (v->end <= start || v->start >= end)
			continue;
		if (vma_split(vm, v, start) < 0 || vma_split(vm, v, end) < 0)
			return -ENOMEM;
	}
	list_for_each_safe(pos, n, &vm->vmas) {
		struct vma *v = list_entry(pos, struct vma, link);

		if (v->start >= start && v->end <= end) {
			zap_range(vm, v, v->start, v->end);
			list_remove(&v->link);
			vma_free(v);
		}
	}
	return 0;
}

/* Find a free range of len bytes below vm->mmap_top. vm->lock held. */
static uintptr_t
find_free(struct vm *vm, size_t len)
{
	uintptr_t top = vm->mmap_top;
	struct list *pos;

	for (pos = vm->vmas.prev; pos != &vm->vmas; pos = pos->prev) {
		struct vma *v = list_entry(pos, struct vma, link);

		if (v->start >= top)
			continue;
		if (v->end <= top - len && top - len >= v->end)
			return top - len;
		top = MIN(top, v->start);
		if (top < USER_MIN + len)
			return 0;
	}
	return top >= USER_MIN + len ? top - len : 0;
}

static bool
overlaps(struct vm *vm, uintptr_t start, uintptr_t end)
{
	struct list *pos;

	list_for_each(pos, &vm->vmas) {
		struct vma *v = list_entry(pos, struct vma, link);
		if (v->start < end && v->end > start)
			return true;
	}
	return false;
}

/*
 * Map len bytes at addr (a hint unless MAP_FIXED) with prot and flags
 * (MAP_*, plus VMA_* in the upper bits for the kernel's own uses), backed
 * by file at off or anonymous. *out gets the address. 0 or -EXXX.
 */
int
vm_map(struct vm *vm, uintptr_t addr, size_t len, unsigned prot,
       unsigned flags, struct file *file, uint64_t off, uintptr_t *out)
{
	bool shared = (flags & MAP_TYPE) == MAP_SHARED ||
		      (flags & MAP_TYPE) == MAP_SHARED_VALIDATE;
	struct vma *v;
	int r = 0;

	len = ALIGN_UP(len, PAGE_SIZE);
	if (len == 0 || len > HAL_USER_TOP)
		return -EINVAL;
	mutex_lock(&vm->lock);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr < USER_MIN || addr + len > HAL_USER_TOP || addr + len < addr)
			r = -ENOMEM;
		else if ((flags & MAP_FIXED_NOREPLACE) && overlaps(vm, addr, addr + len))
			r = -EEXIST;
		else
			r = unmap_locked(vm, addr, addr + len);
	} else if (addr < USER_MIN || addr + len > vm->mmap_top ||
		   overlaps(vm, addr, addr + len)) {
		addr = find_free(vm, len);
		if (addr == 0)
			r = -ENOMEM;
	}
	if (r == 0 && (v = vma_new(addr, addr + len, prot,
				   (shared ? VMA_SHARED : 0) | (flags >> 24))) == NULL)
		r = -ENOMEM;
	if (r == 0 && shared && file == NULL && (v->shm = shmem_new(len / PAGE_SIZE)) == NULL) {
		vma_free(v);
		r = -ENOMEM;
	}
	if (r == 0) {
		if (file != NULL) {
			file_get(file);
			v->file = file;
			v->off = off;
		}
		vma_attach(v, vm);
		vma_insert(vm, v);
		*out = addr;
	}
	mutex_unlock(&vm->lock);
	if (r == 0 && (flags & MAP_POPULATE))
		vm_populate(vm, addr, len, (prot & PROT_WRITE) != 0);
	return r;
}

int
vm_unmap(struct vm *vm, uintptr_t addr, size_t len)
{
	int r;

	if ((addr & (PAGE_SIZE - 1)) || len == 0 || addr + len < addr)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (addr >= HAL_USER_TOP)
		return 0;
	mutex_lock(&vm->lock);
	r = unmap_locked(vm, addr, MIN(addr + len, (uintptr_t)HAL_USER_TOP));
	mutex_unlock(&vm->lock);
	return r;
}

struct reprot {
	struct vm *vm;
	struct vma *v;
	unsigned prot;		/* the region's new PROT_* */
	bool flush;
};

static int
reprot_one(uintptr_t va, paddr_t pa, unsigned prot, void *arg)
{
	struct reprot *rp = arg;
	unsigned p = pte_prot(rp->prot);

	if (prot & COW)			/* still shared: stays read-only */
		p = (p & ~HAL_PROT_W) | (rp->prot & PROT_WRITE ? COW : 0);
	if (vma_cache(rp->v) != NULL && !(prot & HAL_PROT_W))
		p &= ~HAL_PROT_W;	/* not written yet: mkwrite first */
	pte_gone(rp->v, va, pa, prot);
	hal_pt_map(&rp->vm->pt, va, pa & ~(paddr_t)(PAGE_SIZE - 1), p);
	if ((prot & HAL_PTE_A) && (prot & ~p & (HAL_PROT_R | HAL_PROT_W | HAL_PROT_X)))
		rp->flush = true;
	return 0;
}

/* mprotect: every page of [addr, addr + len) must be mapped. */
int
vm_protect(struct vm *vm, uintptr_t addr, size_t len, unsigned prot)
{
	uintptr_t end;
	struct list *pos;
	struct reprot rp = { vm, NULL, prot, false };
	int r = 0;

	if ((addr & (PAGE_SIZE - 1)) || prot & ~7u)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	end = addr + len;
	if (end < addr)
		return -ENOMEM;
	if (len == 0)
		return 0;
	mutex_lock(&vm->lock);
	for (uintptr_t a = addr; a < end; ) {	/* no holes allowed */
		struct vma *v = vma_find(vm, a);
		if (v == NULL) {
			r = -ENOMEM;
			break;
		}
		if ((prot & PROT_WRITE) && v->file != NULL && (v->flags & VMA_SHARED) &&
		    !(v->file->mode & FMODE_WRITE)) {
			r = -EACCES;
			break;
		}
		a = v->end;
	}
	list_for_each(pos, &vm->vmas) {
		struct vma *v = list_entry(pos, struct vma, link);

		if (r != 0 || v->end <= addr || v->start >= end)
			continue;
		if ((r = vma_split(vm, v, addr)) < 0 || (r = vma_split(vm, v, end)) < 0)
			break;
	}
	list_for_each(pos, &vm->vmas) {
		struct vma *v = list_entry(pos, struct vma, link);

		if (r != 0 || v->start < addr || v->end > end)
			continue;
		v->prot = prot;
		rp.prot = prot;
		rp.v = v;
		hal_pt_walk(&vm->pt, v->start, v->end, reprot_one, &rp);
	}
	if (rp.flush)
		hal_tlb_flush(&vm->pt, addr, len);
	mutex_unlock(&vm->lock);
	return r;
}

/* brk: move the end of the heap; returns the break now in force. */
long
vm_brk(struct vm *vm, uintptr_t brk)
{
	uintptr_t old_end, new_end;
	struct vma *v;

	mutex_lock(&vm->lock);
	if (brk < vm->brk_start || brk > vm->mmap_top)
		goto out;
	old_end = ALIGN_UP(vm->brk, PAGE_SIZE);
	new_end = ALIGN_UP(brk, PAGE_SIZE);
	if (new_end > old_end) {
		if (overlaps(vm, old_end, new_end))
			goto out;
		v = old_end > vm->brk_start ? vma_find(vm, old_end - 1) : NULL;
		if (v != NULL && (v->flags & VMA_HEAP) && v->end == old_end) {
			v->end = new_end;	/* grow the heap region */
		} else {
			v = vma_new(old_end, new_end, PROT_READ | PROT_WRITE, VMA_HEAP);
			if (v == NULL)
				goto out;
			vma_insert(vm, v);
		}
	} else if (new_end < old_end && unmap_locked(vm, new_end, old_end) < 0) {
		goto out;
	}
	vm->brk = brk;
out:
	brk = vm->brk;
	mutex_unlock(&vm->lock);
	return (long)brk;
}

struct move {
	struct vm *vm;
	struct vma *v;
	intptr_t delta;		/* new address - old address */
	bool flush;
};

static int
move_one(uintptr_t va, paddr_t pa, unsigned prot, void *arg)
{
	struct move *m = arg;

	pte_gone(m->v, va, pa, prot);
	hal_pt_unmap(&m->vm->pt, va);
	if (prot & HAL_PTE_A)
		m->flush = true;
	return hal_pt_map(&m->vm->pt, va + m->delta, pa,
			  prot & (HAL_PROT_R | HAL_PROT_W | HAL_PROT_X | COW)) < 0;
}

/*
 * mremap: resize the mapping at old (one region) to newlen, moving it if
 * it cannot grow in place and `maymove`. *out gets its address.
 */
int
vm_remap(struct vm *vm, uintptr_t old, size_t oldlen, size_t newlen,
	 bool maymove, uintptr_t *out)
{
	struct vma *v;
	uintptr_t to;
	struct move m = { vm, NULL, 0, false };
	int r = 0;

	oldlen = ALIGN_UP(oldlen, PAGE_SIZE);
	newlen = ALIGN_UP(newlen, PAGE_SIZE);
	if (newlen == 0 || newlen > HAL_USER_TOP)
		return -EINVAL;
	mutex_lock(&vm->lock);
	v = vma_find(vm, old);
	if (v == NULL || v->start != old || (oldlen != 0 && old + oldlen > v->end)) {
		r = -EFAULT;
		goto out;
	}
	oldlen = v->end - v->start;		/* the whole region */
	*out = old;
	if (newlen <= oldlen) {
		r = unmap_locked(vm, old + newlen, old + oldlen);
		goto out;
	}
	if (old + newlen <= vm->mmap_top && !overlaps(vm, v->end, old + newlen)) {
		v->end = old + newlen;		/* grow in place */
		goto out;
	}
	if (!maymove || v->shm != NULL) {
		r = -ENOMEM;
		goto out;
	}
	if ((to = find_free(vm, newlen)) == 0) {
		r = -ENOMEM;
		goto out;
	}
	m.delta = (intptr_t)(to - old);
	m.v = v;
	hal_pt_walk(&vm->pt, old, old + oldlen, move_one, &m);
	if (m.flush)
		hal_tlb_flush(&vm->pt, old, oldlen);
	list_remove(&v->link);
	v->start = to;
	v->end = to + newlen;
	vma_insert(vm, v);
	*out = to;
out:
	mutex_unlock(&vm->lock);
	return r;
}

/* ---- shared file mappings and the page cache ---- */

struct harvest {
	struct vm *vm;
	struct vma *v;
	bool flush;
};

/* Move a written entry's dirty bit to the page cache. */
static int
harvest_one(uintptr_t va, paddr_t pa, unsigned prot, void *arg)
{
	struct harvest *h = arg;
	unsigned old;

	if (!(prot & HAL_PTE_D))
		return 0;
	old = hal_pt_clear_ad(&h->vm->pt, va);
	h->flush = true;
	pte_gone(h->v, va, pa, old);
	return 0;
}

/* Harvest the dirty bits of [start, end) of region v. vm->lock held;
 * the caller flushes if h->flush. */
static void
harvest_range(struct harvest *h, struct vma *v, uintptr_t start,
	      uintptr_t end)
{
	h->v = v;
	hal_pt_walk(&h->vm->pt, start, end, harvest_one, h);
}

/*
 * msync(2): what was written through shared file mappings in
 * [addr, addr + len) becomes dirty in the page cache; with MS_SYNC (4)
 * the files are then written back. 0, -ENOMEM (a hole in the range),
 * -EIO. No lock held; may sleep.
 */
int
vm_msync(struct vm *vm, uintptr_t addr, size_t len, int flags)
{
	struct harvest h = { vm, NULL, false };
	uintptr_t end = addr + ALIGN_UP(len, PAGE_SIZE), a;
	struct file *files[8];
	struct list *pos;
	int nf = 0, r = 0, e;

	if (end < addr)
		return -ENOMEM;
	mutex_lock(&vm->lock);
	for (a = addr; a < end; ) {
		struct vma *v = vma_find(vm, a);

		if (v == NULL) {
			r = -ENOMEM;
			break;
		}
		a = v->end;
	}
	list_for_each(pos, &vm->vmas) {
		struct vma *v = list_entry(pos, struct vma, link);

		if (r != 0 || v->end <= addr || v->start >= end ||
		    vma_cache(v) == NULL)
			continue;
		harvest_range(&h, v, MAX(v->start, addr), MIN(v->end, end));
		if ((flags & 4) && nf < (int)ARRAY_SIZE(files) &&
		    (nf == 0 || files[nf - 1] != v->file)) {
			file_get(v->file);
			files[nf++] = v->file;
		}
	}
	if (h.flush)
		hal_tlb_flush(&vm->pt, addr, end - addr);
	mutex_unlock(&vm->lock);
	for (int i = 0; i < nf; i++) {
		if (files[i]->fop->fsync != NULL &&
		    (e = files[i]->fop->fsync(files[i])) < 0 && r == 0)
			r = e;
		file_put(files[i]);
	}
	return r;
}

/* A reference to vm unless it is already being torn down. */
static bool
vm_tryget(struct vm *vm)
{
	int n = __atomic_load_n(&vm->users, __ATOMIC_RELAXED);

	while (n > 0)
		if (__atomic_compare_exchange_n(&vm->users, &n, n + 1, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
	return false;
}

/* The address spaces that map ip shared (references), at most max. */
static int
file_mappers(struct inode *ip, struct vm **vms, int max)
{
	struct list *l;
	int n = 0, i;

	spin_lock(&maps_lock);
	list_for_each(l, &ip->maps) {
		struct vma *v = list_entry(l, struct vma, ilink);

		for (i = 0; i < n && vms[i] != v->vm; i++)
			;
		if (i == n && n < max && vm_tryget(v->vm))
			vms[n++] = v->vm;
	}
	spin_unlock(&maps_lock);
	return n;
}

/* Each shared region of ip in each address space mapping it:
 * fn(vm, v, arg) with vm->lock held. */
static void
for_each_mapping(struct inode *ip, void (*fn)(struct vm *, struct vma *,
					      void *), void *arg)
{
	struct vm *vms[32];
	struct list *pos;
	int n;

	if (list_empty(&ip->maps))
		return;
	n = file_mappers(ip, vms, (int)ARRAY_SIZE(vms));
	for (int i = 0; i < n; i++) {
		mutex_lock(&vms[i]->lock);
		list_for_each(pos, &vms[i]->vmas) {
			struct vma *v = list_entry(pos, struct vma, link);

			if (v->file != NULL && v->file->ip == ip &&
			    vma_cache(v) != NULL)
				fn(vms[i], v, arg);
		}
		mutex_unlock(&vms[i]->lock);
		vm_put(vms[i]);
	}
}

static void
dirty_fn(struct vm *vm, struct vma *v, void *arg)
{
	struct harvest h = { vm, NULL, false };

	(void)arg;
	harvest_range(&h, v, v->start, v->end);
	if (h.flush)
		hal_tlb_flush(&vm->pt, v->start, v->end - v->start);
}

/*
 * Make what programs wrote through shared mappings of ip (so far) dirty
 * in its page cache: fsync, sync and the flusher call this before they
 * write the file back. At most 32 address spaces are looked at per call.
 * No lock held; may sleep.
 */
void
vm_file_dirty(struct inode *ip)
{
	for_each_mapping(ip, dirty_fn, NULL);
}

static void
truncated_fn(struct vm *vm, struct vma *v, void *arg)
{
	uint64_t first = *(uint64_t *)arg * PAGE_SIZE;
	uintptr_t from;

	if (first >= v->off + (v->end - v->start))
		return;
	from = first <= v->off ? v->start : v->start + (first - v->off);
	zap_range(vm, v, from, v->end);
}

/*
 * ip was truncated to `first_page` pages: shared mappings drop the pages
 * past it (a later access faults, and finds the end of the file). Called
 * before the page cache drops them; no lock held but the file system's
 * writer lock; may sleep.
 */
void
vm_file_truncated(struct inode *ip, uint64_t first_page)
{
	for_each_mapping(ip, truncated_fn, &first_page);
}
