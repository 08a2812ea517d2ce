/*
 * uaccess.h -- the only way the kernel touches user memory: every user
 * pointer is checked against the address space and faulted in as the
 * user's own access would be; a bad one gives -EFAULT, never a kernel
 * fault.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include "kernel.h"

struct vm;

/* Copy n bytes between the current process's memory and the kernel's.
 * Return 0 or -EFAULT. May sleep. */
int copy_from_user(void *dst, uintptr_t src, size_t n);
int copy_to_user(uintptr_t dst, const void *src, size_t n);
int clear_user(uintptr_t dst, size_t n);
/* What they can: the bytes copied, n or fewer up to the first bad user
 * page. From a kernel buffer, or from physical pages (src[0] at byte
 * off, then src[1], ...). */
size_t copy_to_user_some(uintptr_t dst, const void *src, size_t n);
size_t copy_to_user_pages(uintptr_t dst, const paddr_t *src, size_t off,
			  size_t n);

/* Copy a NUL-terminated string of at most max bytes (with the NUL) from
 * user memory; returns its length, -EFAULT, or -ENAMETOOLONG. */
long strncpy_from_user(char *dst, uintptr_t src, size_t max);

/* The same against a given address space (exec, ptrace-like uses). */
int vm_copy_in(struct vm *vm, void *dst, uintptr_t src, size_t n);
int vm_copy_out(struct vm *vm, uintptr_t dst, const void *src, size_t n);

#define get_user(x, uaddr) copy_from_user(&(x), (uintptr_t)(uaddr), sizeof(x))
#define put_user(x, uaddr) ({ __typeof__(x) __v = (x); \
	copy_to_user((uintptr_t)(uaddr), &__v, sizeof(__v)); })

#endif
