/*
 * sys_mem.c -- memory system calls: brk, mmap, munmap, mprotect, mremap,
 * and the advice calls that need no work here.
 */
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"
#include "vfs.h"
#include "vm.h"

SYSCALL1(brk, uintptr_t, brk)
{
	return vm_brk(curproc()->vm, brk);
}

#define MAP_KNOWN (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | \
	MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | \
	MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | \
	MAP_FIXED_NOREPLACE)

SYSCALL6(mmap, uintptr_t, addr, size_t, len, unsigned, prot, unsigned, flags,
	 int, fd, uint64_t, off)
{
	unsigned type = flags & MAP_TYPE;
	struct file *f = NULL;
	uintptr_t out;
	int r;

	if (len == 0 || (off & (PAGE_SIZE - 1)) || prot & ~7u ||
	    (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE))
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
		return -EOPNOTSUPP;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (len > HAL_USER_TOP)
		return -ENOMEM;
	if (!(flags & MAP_ANONYMOUS)) {
		if ((f = fd_get(fd)) == NULL)
			return -EBADF;
		if (f->ip == NULL || S_ISDIR(f->ip->mode) || S_ISFIFO(f->ip->mode) ||
		    S_ISSOCK(f->ip->mode)) {
			file_put(f);
			return -ENODEV;
		}
		if (!(f->mode & FMODE_READ) ||
		    (type != MAP_PRIVATE && (prot & PROT_WRITE) && !(f->mode & FMODE_WRITE)) ||
		    (f->flags & O_APPEND && type != MAP_PRIVATE && (prot & PROT_WRITE))) {
			file_put(f);
			return -EACCES;
		}
		if (S_ISCHR(f->ip->mode)) {	/* /dev/zero and friends: anonymous */
			file_put(f);
			f = NULL;
		}
	}
	r = vm_map(curproc()->vm, addr, len, prot, flags, f, off, &out);
	if (f != NULL)
		file_put(f);
	return r < 0 ? r : (long)out;
}

SYSCALL2(munmap, uintptr_t, addr, size_t, len)
{
	return vm_unmap(curproc()->vm, addr, len);
}

SYSCALL3(mprotect, uintptr_t, addr, size_t, len, unsigned, prot)
{
	return vm_protect(curproc()->vm, addr, len, prot & ~0x03000000u /* GROWS* */);
}

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2

SYSCALL5(mremap, uintptr_t, old, size_t, oldlen, size_t, newlen, unsigned, flags,
	 uintptr_t, newaddr)
{
	uintptr_t out;
	int r;

	if ((old & (PAGE_SIZE - 1)) || newlen == 0 || (flags & ~3u) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	if (flags & MREMAP_FIXED)
		return -EINVAL;		/* not supported; musl does not use it */
	r = vm_remap(curproc()->vm, old, oldlen, newlen,
		     (flags & MREMAP_MAYMOVE) != 0, &out);
	(void)newaddr;
	return r < 0 ? r : (long)out;
}

SYSCALL3(madvise, uintptr_t, addr, size_t, len, int, advice)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	(void)len;
	(void)advice;
	return 0;		/* hints only */
}

SYSCALL3(msync, uintptr_t, addr, size_t, len, int, flags)
{
	if ((addr & (PAGE_SIZE - 1)) || (flags & ~7) ||
	    (flags & 5) == 5)	/* MS_ASYNC and MS_SYNC */
		return -EINVAL;
	return vm_msync(curproc()->vm, addr, len, flags);
}

SYSCALL3(mincore, uintptr_t, addr, size_t, len, uintptr_t, uvec)
{
	struct vm *vm = curproc()->vm;
	size_t n = ALIGN_UP(len, PAGE_SIZE) / PAGE_SIZE;
	unsigned char v;
	paddr_t pa;
	unsigned prot;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		uintptr_t va = addr + i * PAGE_SIZE;
		if (!vm_mapped(vm, va))
			return -ENOMEM;
		v = hal_pt_lookup(&vm->pt, va, &pa, &prot) ? 1 : 0;
		if (copy_to_user(uvec + i, &v, 1) < 0)
			return -EFAULT;
	}
	return 0;
}

SYSCALL2(mlock, uintptr_t, addr, size_t, len)
{
	return vm_populate(curproc()->vm, addr, len, false) < 0 ? -ENOMEM : 0;
}

SYSCALL2(munlock, uintptr_t, addr, size_t, len)
{
	(void)addr;
	(void)len;
	return 0;
}
