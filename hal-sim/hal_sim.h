/*
 * hal_sim.h -- what the files of hal-sim share.
 */
#ifndef HAL_SIM_H
#define HAL_SIM_H

#include "sim_if.h"

#define HALSIM_RAM_BASE 0x40000000ull	/* physical address of the first RAM byte */
#define ENOMEM_HAL 12
#define EINVAL_HAL 22
#define EFAULT_HAL 14
#define EAGAIN_HAL 11

int halsim_refill(struct hal_pt *pt, uintptr_t va, int access,
		  struct stub_map *m, int max);
struct hal_pt *halsim_active_pt(void);
void halsim_classify(struct hal_tf *tf, const struct sim_utrap *ut,
		     struct hal_trap *t);
bool halsim_ram_range(const void *p, uint64_t len);
void halsim_block_init(void);

#endif
