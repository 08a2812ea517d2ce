/*
 * vm.h -- user address spaces: regions (VMAs) over the HAL's page table,
 * demand paging, copy-on-write, brk and mmap.
 */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include "kernel.h"
#include "waitq.h"

/* Linux's PROT_* and MAP_* values (the same on x86_64 and aarch64). */
#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x100
#define MAP_DENYWRITE 0x800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_HUGETLB 0x40000
#define MAP_FIXED_NOREPLACE 0x100000

#define VMA_SHARED 0x1		/* writes are seen by every mapper */
#define VMA_STACK 0x2		/* the main thread's stack */
#define VMA_HEAP 0x4		/* brk area */

#define USER_MIN 0x10000ul	/* nothing maps below (NULL guard) */
#define STACK_SIZE_MAX (8ul << 20)

struct file;
struct shmem;

struct vma {
	struct list link;	/* in vm.vmas, by address */
	uintptr_t start, end;	/* page aligned, [start, end) */
	unsigned prot;		/* PROT_* */
	unsigned flags;		/* VMA_* */
	struct file *file;	/* backing file (a reference), or NULL */
	uint64_t off;		/* file offset of start */
	struct shmem *shm;	/* MAP_SHARED|MAP_ANONYMOUS: the pages */
	uint64_t shm_off;	/* page offset in shm of start */
	struct vm *vm;		/* the address space it belongs to */
	struct list ilink;	/* shared file regions: in file->ip->maps */
};

struct vm {
	struct mutex lock;	/* guards vmas, the page table, brk */
	struct list vmas;
	struct hal_pt pt;
	uintptr_t brk_start;	/* first byte of the heap */
	uintptr_t brk;		/* current break */
	uintptr_t mmap_top;	/* mmap allocates downwards from here */
	uintptr_t stack_top;
	int users;		/* processes or threads sharing it */
	size_t pages;		/* resident pages */
};

struct vm *vm_new(void);
struct vm *vm_fork(struct vm *parent);
void vm_get(struct vm *vm);
void vm_put(struct vm *vm);
int vm_fault(struct vm *vm, uintptr_t addr, int access);
int vm_map(struct vm *vm, uintptr_t addr, size_t len, unsigned prot,
	   unsigned flags, struct file *file, uint64_t off, uintptr_t *out);
int vm_unmap(struct vm *vm, uintptr_t addr, size_t len);
int vm_protect(struct vm *vm, uintptr_t addr, size_t len, unsigned prot);
int vm_remap(struct vm *vm, uintptr_t old, size_t oldlen, size_t newlen,
	     bool maymove, uintptr_t *out);
long vm_brk(struct vm *vm, uintptr_t brk);
int vm_populate(struct vm *vm, uintptr_t addr, size_t len, bool write);
struct vma *vma_find(struct vm *vm, uintptr_t addr);
bool vm_mapped(struct vm *vm, uintptr_t addr);
int vm_translate(struct vm *vm, uintptr_t va, int access, paddr_t *pa);
int vm_translate_pages(struct vm *vm, uintptr_t va, int n, int access,
		       paddr_t *pa);
int vm_msync(struct vm *vm, uintptr_t addr, size_t len, int flags);
struct inode;
void vm_file_dirty(struct inode *ip);
void vm_file_truncated(struct inode *ip, uint64_t first_page);

/* Page references for pages shared by mappings (struct page.refcount). */
void page_ref(paddr_t pa);
void page_unref(paddr_t pa);

#endif
