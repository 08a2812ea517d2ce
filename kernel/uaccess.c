/*
 * uaccess.c -- copying to and from user memory. Each page is translated
 * (and faulted in) under the address space lock and held by a page
 * reference while the bytes move, so no lock is held during the copy and
 * a concurrent munmap cannot free the page under us.
 */
#include "proc.h"
#include "uaccess.h"
#include "vm.h"

/* Move n bytes between user address `ua` of vm and kernel memory k. */
static int
user_copy(struct vm *vm, uintptr_t ua, void *k, size_t n, bool to_user)
{
	unsigned char *kp = k;
	paddr_t pa;
	size_t chunk;

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
	}
	return 0;
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
