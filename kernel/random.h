/*
 * random.h -- the kernel's random numbers: ChaCha20 keyed from the HAL's
 * entropy (the -seed on the deterministic sim).
 */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include "kernel.h"

void random_init(void);
void random_get(void *buf, size_t n);
uint64_t random_u64(void);

#endif
