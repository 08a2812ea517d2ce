/*
 * cpu.c -- the per-CPU state array.
 */
#include "cpu.h"

struct cpu cpus[HAL_MAX_CPUS];
int ncpu = 1;
