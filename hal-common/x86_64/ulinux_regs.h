/*
 * ulinux_regs.h -- the slots of struct hal_tf's r[] on x86_64, in the
 * order of Linux's struct sigcontext (so signal frames copy them as a
 * block), for C and assembly alike. Shared by hal-sim and hal-qemu/x86_64.
 */
#ifndef ULINUX_REGS_H
#define ULINUX_REGS_H

#define R8 0
#define R9 1
#define R10 2
#define R11 3
#define R12 4
#define R13 5
#define R14 6
#define R15 7
#define RDI 8
#define RSI 9
#define RBP 10
#define RBX 11
#define RDX 12
#define RAX 13
#define RCX 14
#define RSP 15
#define RIP 16
#define EFLAGS 17
#define FSBASE 18

#endif
