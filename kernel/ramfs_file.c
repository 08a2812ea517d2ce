/*
 * ramfs_file.c -- the data of ramfs regular files: pages in a radix tree
 * (holes read as zeros and take no memory), reads and writes that never
 * hold the inode lock while they copy (the buffer may map the same file),
 * truncation, and the pages that mmap asks for.
 */
#include "heap.h"
#include "pmm.h"
#include "ramfs.h"
#include "vm.h"

#define RADIX_BITS 9
#define RADIX_SLOTS (1u << RADIX_BITS)
#define RADIX_MAX_HEIGHT 3
#define RAMFS_MAX_PAGES (1ull << (RADIX_BITS * RADIX_MAX_HEIGHT))
#define RAMFS_MAX_BYTES (RAMFS_MAX_PAGES << PAGE_SHIFT)	/* 512 GiB */

static const char zero_buf[PAGE_SIZE];
static size_t data_pages;	/* of every ramfs; atomic */

/* Pages of file data in every ramfs, tmpfs and memfd (Shmem: in
 * /proc/meminfo). Any context. */
size_t
ramfs_pages(void)
{
	return __atomic_load_n(&data_pages, __ATOMIC_RELAXED);
}

/* ---- the page tree of a regular file ---- */

/* The slot of page idx; with `create`, grows the tree. NULL if absent. */
static uint64_t *
radix_slot(struct ramfs_node *n, uint64_t idx, bool create)
{
	uint64_t *node, *child;
	int level;

	if (idx >= RAMFS_MAX_PAGES)
		return NULL;
	while (create && (n->height == 0 ||
			  idx >> (RADIX_BITS * n->height) != 0)) {
		if ((node = page_zalloc(0)) == NULL)
			return NULL;
		if (n->height > 0)
			node[0] = (uint64_t)(uintptr_t)n->radix;
		n->radix = node;
		n->height++;
	}
	if (n->height == 0 || idx >> (RADIX_BITS * n->height) != 0)
		return NULL;
	node = n->radix;
	for (level = n->height - 1; level > 0; level--) {
		uint64_t *slot = &node[(idx >> (RADIX_BITS * level)) &
				       (RADIX_SLOTS - 1)];

		if (*slot == 0) {
			if (!create || (child = page_zalloc(0)) == NULL)
				return NULL;
			*slot = (uint64_t)(uintptr_t)child;
		}
		node = (uint64_t *)(uintptr_t)*slot;
	}
	return &node[idx & (RADIX_SLOTS - 1)];
}

/* Drop the pages >= first under node (level 0 holds pages). */
static size_t
radix_trim(uint64_t *node, int level, uint64_t base, uint64_t first)
{
	uint64_t span = 1ull << (RADIX_BITS * level), lo;
	size_t freed = 0;

	for (unsigned i = 0; i < RADIX_SLOTS; i++) {
		lo = base + i * span;
		if (node[i] == 0 || lo + span <= first)
			continue;
		if (level == 0) {
			page_unref(node[i]);
			freed++;
		} else {
			freed += radix_trim((uint64_t *)(uintptr_t)node[i],
					    level - 1, lo, first);
			if (lo < first)
				continue;
			page_free((void *)(uintptr_t)node[i], 0);
		}
		node[i] = 0;
	}
	return freed;
}

/* Cut the file to size bytes: pages past it go, the tail is zeroed.
 * ip->lock held (or ip unreferenced). */
void
ramfs_cut(struct inode *ip, uint64_t size)
{
	struct ramfs_node *n = RN(ip);
	uint64_t first = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT, *slot;
	size_t freed;

	if (n->height > 0) {
		freed = radix_trim(n->radix, n->height - 1, 0, first);
		ip->blocks -= freed * (PAGE_SIZE / 512);
		__atomic_sub_fetch(&data_pages, freed, __ATOMIC_RELAXED);
		if (first == 0) {
			page_free(n->radix, 0);
			n->radix = NULL;
			n->height = 0;
		}
	}
	if ((size & (PAGE_SIZE - 1)) &&
	    (slot = radix_slot(n, size >> PAGE_SHIFT, false)) && *slot != 0)
		memset((char *)hal_p2v(*slot) + (size & (PAGE_SIZE - 1)), 0,
		       PAGE_SIZE - (size & (PAGE_SIZE - 1)));
}

/* The page at idx, referenced for the caller; made if absent. ip->lock held. */
static int
page_at(struct inode *ip, uint64_t idx, paddr_t *pa)
{
	uint64_t *slot = radix_slot(RN(ip), idx, true);
	paddr_t p;

	if (slot == NULL)
		return idx >= RAMFS_MAX_PAGES ? -EFBIG : -ENOSPC;
	if (*slot == 0) {
		if ((p = pmm_alloc(0)) == 0)
			return -ENOSPC;
		memset(hal_p2v(p), 0, PAGE_SIZE);
		*slot = p;
		ip->blocks += PAGE_SIZE / 512;
		__atomic_add_fetch(&data_pages, 1, __ATOMIC_RELAXED);
	}
	page_ref(*slot);
	*pa = *slot;
	return 0;
}

/* Set the size of regular file ip. 0, -EISDIR, -EINVAL, -EFBIG. Takes
 * wlock then ip->lock; may sleep. */
int
ramfs_truncate(struct inode *ip, uint64_t size)
{
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!S_ISREG(ip->mode))
		return -EINVAL;
	if (size > RAMFS_MAX_BYTES)
		return -EFBIG;
	mutex_lock(&RN(ip)->wlock);
	mutex_lock(&ip->lock);
	if (size < ip->size)
		ramfs_cut(ip, size);
	ip->size = size;
	ip->mtime = ip->ctime = vfs_now();
	mutex_unlock(&ip->lock);
	mutex_unlock(&RN(ip)->wlock);
	return 0;
}

/* The page of ip at index for mmap, referenced (see inode_ops.getpage).
 * Takes ip->lock; may sleep. */
int
ramfs_getpage(struct inode *ip, uint64_t index, bool create, paddr_t *pa)
{
	int r;

	if (!S_ISREG(ip->mode))
		return -ENODEV;
	mutex_lock(&ip->lock);
	if (!create && index >= ALIGN_UP(ip->size, PAGE_SIZE) >> PAGE_SHIFT)
		r = -ENXIO;
	else
		r = page_at(ip, index, pa);
	mutex_unlock(&ip->lock);
	return r;
}

/* ---- file data ---- */

static ssize_t
ramfs_read(struct file *f, struct uio *u, uint64_t off)
{
	struct inode *ip = f->ip;
	size_t done = 0, chunk, pgoff;
	uint64_t *slot;
	ssize_t got;
	paddr_t pa;
	int r = 0;

	while (u->len > 0 && r == 0) {
		mutex_lock(&ip->lock);
		if (off >= ip->size) {
			mutex_unlock(&ip->lock);
			break;
		}
		pgoff = off & (PAGE_SIZE - 1);
		chunk = (size_t)MIN((uint64_t)MIN(u->len, PAGE_SIZE - pgoff),
				    ip->size - off);
		slot = radix_slot(RN(ip), off >> PAGE_SHIFT, false);
		if ((pa = slot != NULL ? *slot : 0) != 0)
			page_ref(pa);
		mutex_unlock(&ip->lock);
		got = uio_out_some(u, pa != 0 ? (char *)hal_p2v(pa) + pgoff :
				   zero_buf, chunk);
		if (pa != 0)
			page_unref(pa);
		if (got > 0) {
			done += (size_t)got;
			off += (uint64_t)got;
		}
		if (got < (ssize_t)chunk)	/* a bad user page */
			r = -EFAULT;
	}
	return done > 0 ? (ssize_t)done : r;
}

/* Copy one chunk of u into the file at off. wlock held. */
static int
write_chunk(struct inode *ip, struct uio *u, uint64_t off, size_t chunk)
{
	size_t pgoff = off & (PAGE_SIZE - 1);
	paddr_t pa;
	int r;

	mutex_lock(&ip->lock);
	r = page_at(ip, off >> PAGE_SHIFT, &pa);
	mutex_unlock(&ip->lock);
	if (r < 0)
		return r;
	r = uio_in(u, (char *)hal_p2v(pa) + pgoff, chunk);
	mutex_lock(&ip->lock);
	if (r == 0 && off + chunk > ip->size)
		ip->size = off + chunk;
	else if (r < 0 && off >= ip->size) /* no stale bytes past the end */
		memset((char *)hal_p2v(pa) + pgoff, 0, chunk);
	mutex_unlock(&ip->lock);
	page_unref(pa);
	return r;
}

static ssize_t
ramfs_write(struct file *f, struct uio *u, uint64_t off)
{
	struct inode *ip = f->ip;
	size_t done = 0, chunk;
	bool append = off == FILE_APPEND;
	int r = 0;

	mutex_lock(&RN(ip)->wlock);
	if (append)
		off = READ_ONCE(ip->size);
	if (off >= RAMFS_MAX_BYTES && u->len > 0)
		r = -EFBIG;
	while (u->len > 0 && r == 0 && off < RAMFS_MAX_BYTES) {
		chunk = MIN(u->len, PAGE_SIZE - (off & (PAGE_SIZE - 1)));
		if ((r = write_chunk(ip, u, off, chunk)) == 0) {
			done += chunk;
			off += chunk;
		}
	}
	if (done > 0) {
		mutex_lock(&ip->lock);
		ip->mtime = ip->ctime = vfs_now();
		if (cur_cred()->fsuid != 0) /* no set-id file a user changed */
			ip->mode &=
				~(uint32_t)(S_ISUID |
					    ((ip->mode & 010) ? S_ISGID : 0));
		mutex_unlock(&ip->lock);
	}
	if (append)
		f->pos = off;
	mutex_unlock(&RN(ip)->wlock);
	return done > 0 ? (ssize_t)done : r;
}

/* Nothing to write back: 0. */
int
ramfs_fsync(struct file *f)
{
	(void)f;
	return 0;
}

const struct file_ops ramfs_file_fops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.fsync = ramfs_fsync,
	.seekable = true,
};
