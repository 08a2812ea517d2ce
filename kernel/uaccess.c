/*
 * uaccess.c -- copying to and from user memory. Each page is translated
 * (and faulted in) under the address space lock and held by a page
 * reference while the bytes move, so no lock is held during the copy and
 * a concurrent munmap cannot free the page under us.
 */
#include "proc.h"
#include "uaccess.h"
#include "vm.h"

#define USER_BATCH 16		/* user pages copy_to_user_pages looks up at once */

/* Move n bytes between user address `ua` of vm and kernel memory k
 * (zeroes to the user for k NULL); *done counts the bytes moved, up to
 * the first bad user page if any. 0 or -EFAULT. */
static int
user_copy_some(struct vm *vm, uintptr_t ua, void *k, size_t n, bool to_user,
	       size_t *done)
{
	unsigned char *kp = k;
	paddr_t pa;
	size_t chunk;

	*done = 0;
	if (ua + n < ua || ua + n > HAL_USER_TOP)
		return -EFAULT;
	while (n > 0) {
		chunk = MIN(n, PAGE_SIZE - (ua & (PAGE_SIZE - 1)));
		if (vm_translate(vm, ua, to_user ? HAL_ACCESS_WRITE : HAL_ACCESS_READ,
				 &pa) < 0)
			return -EFAULT;
		if (kp != NULL && to_user)
			memcpy(hal_p2v(pa), kp, chunk);
		else if (kp != NULL)
			memcpy(kp, hal_p2v(pa), chunk);
		else
			memset(hal_p2v(pa), 0, chunk);
		page_unref(pa);
		ua += chunk;
		if (kp != NULL)
			kp += chunk;
		n -= chunk;
		*done += chunk;
	}
	return 0;
}

static int
user_copy(struct vm *vm, uintptr_t ua, void *k, size_t n, bool to_user)
{
	size_t done;

	return user_copy_some(vm, ua, k, n, to_user, &done);
}

static struct vm *
cur_vm(void)
{
	struct proc *p = curproc();

	return p ? p->vm : NULL;
}

int
vm_copy_in(struct vm *vm, void *dst, uintptr_t src, size_t n)
{
	return user_copy(vm, src, dst, n, false);
}

int
vm_copy_out(struct vm *vm, uintptr_t dst, const void *src, size_t n)
{
	return user_copy(vm, dst, (void *)src, n, true);
}

/*
 * Copy n bytes to user address dst of the current process from physical
 * pages: src[0] from byte off (below PAGE_SIZE) on, then src[1], ... The
 * user pages are translated USER_BATCH at a time under one hold of the
 * address space's lock (a page cache read copies 16 pages at once this
 * way). Returns how many bytes it copied: n, or fewer up to the first
 * bad user page. May sleep.
 */
size_t
copy_to_user_pages(uintptr_t dst, const paddr_t *src, size_t off, size_t n)
{
	struct vm *vm = cur_vm();
	paddr_t upa[USER_BATCH];
	size_t done = 0, uoff, span, k, c, doff;
	int want, got;
	bool partial;

	if (vm == NULL || dst + n < dst || dst + n > HAL_USER_TOP)
		return 0;
	while (done < n) {
		uoff = dst & (PAGE_SIZE - 1);
		span = MIN(n - done, USER_BATCH * PAGE_SIZE - uoff);
		want = (int)((uoff + span + PAGE_SIZE - 1) >> PAGE_SHIFT);
		got = vm_translate_pages(vm, dst - uoff, want, HAL_ACCESS_WRITE,
					 upa);
		if ((partial = got < want))
			span = got == 0 ? 0 :
			       MIN(span, (size_t)got * PAGE_SIZE - uoff);
		for (k = 0; k < span; k += c) {
			doff = (uoff + k) & (PAGE_SIZE - 1);
			c = MIN(span - k, MIN(PAGE_SIZE - doff, PAGE_SIZE - off));
			memcpy((char *)hal_p2v(upa[(uoff + k) >> PAGE_SHIFT]) + doff,
			       (const char *)hal_p2v(*src) + off, c);
			if ((off += c) == PAGE_SIZE) {
				off = 0;
				src++;
			}
		}
		while (got > 0)
			page_unref(upa[--got]);
		done += span;
		dst += span;
		if (partial)
			break;
	}
	return done;
}

int
copy_from_user(void *dst, uintptr_t src, size_t n)
{
	struct vm *vm = cur_vm();

	return vm ? user_copy(vm, src, dst, n, false) : -EFAULT;
}

int
copy_to_user(uintptr_t dst, const void *src, size_t n)
{
	struct vm *vm = cur_vm();

	return vm ? user_copy(vm, dst, (void *)src, n, true) : -EFAULT;
}

/* copy_to_user of what it can: the bytes copied, n or fewer up to the
 * first bad user page (as read(2) returns what it copied before one). */
size_t
copy_to_user_some(uintptr_t dst, const void *src, size_t n)
{
	struct vm *vm = cur_vm();
	size_t done = 0;

	if (vm != NULL)
		user_copy_some(vm, dst, (void *)src, n, true, &done);
	return done;
}

int
clear_user(uintptr_t dst, size_t n)
{
	struct vm *vm = cur_vm();

	return vm ? user_copy(vm, dst, NULL, n, true) : -EFAULT;
}

/* Copy a string of at most max bytes with its NUL; returns its length. */
long
strncpy_from_user(char *dst, uintptr_t src, size_t max)
{
	struct vm *vm = cur_vm();
	size_t n = 0, chunk;
	paddr_t pa;
	const char *p;

	if (vm == NULL || max == 0)
		return -EFAULT;
	while (n < max) {
		if (src + n < src || src + n >= HAL_USER_TOP)
			return -EFAULT;
		if (vm_translate(vm, src + n, HAL_ACCESS_READ, &pa) < 0)
			return -EFAULT;
		p = hal_p2v(pa);
		chunk = MIN(max - n, PAGE_SIZE - ((src + n) & (PAGE_SIZE - 1)));
		for (size_t i = 0; i < chunk; i++) {
			dst[n + i] = p[i];
			if (p[i] == '\0') {
				page_unref(pa);
				return (long)(n + i);
			}
		}
		page_unref(pa);
		n += chunk;
	}
	return -ENAMETOOLONG;
}
