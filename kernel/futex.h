/*
 * futex.h -- fast user-space mutexes: wait on a user word, wake waiters.
 */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include "kernel.h"

struct vm;

int futex_wake_addr(struct vm *vm, uintptr_t uaddr, int n);
void futex_init(void);

#endif
