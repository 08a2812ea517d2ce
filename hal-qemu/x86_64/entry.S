/*
 * entry.S (x86_64) -- every way into the kernel: the 256 interrupt stubs,
 * the `syscall` entry, and user mode as a function call (x86_user_enter
 * returns when user mode traps, with the registers saved in the
 * struct hal_tf); the kernel context switch.
 */
#include "ulinux_regs.h"

#define PC_TF 24
#define PC_KRSP 32
#define PC_SCRATCH 40
#define PC_VEC 48
#define PC_ERR 56
#define PC_CR2 64
#define PC_RSP0P 72
#define VEC_SYSCALL 0x100
#define TF_FPSIZE (36 * 8)
#define TF_FP 320
#define R(n) (8 * (n))

/* One stub per vector: an error code of 0 where the CPU pushes none. */
	.text
	.p2align 4
isr_stubs:
	.set vec, 0
	.rept 256
	.p2align 4
	.if (vec == 8 || vec == 10 || vec == 11 || vec == 12 || vec == 13 || vec == 14 || vec == 17 || vec == 21 || vec == 29 || vec == 30)
	.else
	pushq $0
	.endif
	pushq $vec
	jmp isr_common
	.set vec, vec + 1
	.endr

	.section .rodata
	.p2align 3
	.globl isr_table
isr_table:
	.set vec, 0
	.rept 256
	.quad isr_stubs + 16 * vec
	.set vec, vec + 1
	.endr

	.text
/* Stack: vec, err, rip, cs, rflags, rsp, ss. */
isr_common:
	testb $3, 24(%rsp)
	jnz from_user
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	cld
	call x86_kernel_trap
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp
	iretq

/* A trap from user mode: save its registers in the tf, return to the kernel. */
from_user:
	swapgs
	pushq %rax
	movq %gs:PC_TF, %rax
	movq %rbx, R(RBX)(%rax)
	movq %rcx, R(RCX)(%rax)
	movq %rdx, R(RDX)(%rax)
	movq %rsi, R(RSI)(%rax)
	movq %rdi, R(RDI)(%rax)
	movq %rbp, R(RBP)(%rax)
	movq %r8, R(R8)(%rax)
	movq %r9, R(R9)(%rax)
	movq %r10, R(R10)(%rax)
	movq %r11, R(R11)(%rax)
	movq %r12, R(R12)(%rax)
	movq %r13, R(R13)(%rax)
	movq %r14, R(R14)(%rax)
	movq %r15, R(R15)(%rax)
	movq 0(%rsp), %rbx
	movq %rbx, R(RAX)(%rax)
	movq 8(%rsp), %rbx
	movq %rbx, %gs:PC_VEC
	movq 16(%rsp), %rbx
	movq %rbx, %gs:PC_ERR
	movq 24(%rsp), %rbx
	movq %rbx, R(RIP)(%rax)
	movq 40(%rsp), %rbx
	movq %rbx, R(EFLAGS)(%rax)
	movq 48(%rsp), %rbx
	movq %rbx, R(RSP)(%rax)
	movq %cr2, %rbx
	movq %rbx, %gs:PC_CR2
	jmp user_exit

/*
 * `syscall`: interrupts are off (SFMASK), rcx holds the user rip, r11
 * its rflags, rsp is still the user's.
 */
	.globl syscall_entry
	.p2align 4
syscall_entry:
	swapgs
	movq %rsp, %gs:PC_SCRATCH
	movq %gs:PC_TF, %rsp
	movq %rax, R(RAX)(%rsp)
	movq %rbx, R(RBX)(%rsp)
	movq %rcx, R(RCX)(%rsp)
	movq %rdx, R(RDX)(%rsp)
	movq %rsi, R(RSI)(%rsp)
	movq %rdi, R(RDI)(%rsp)
	movq %rbp, R(RBP)(%rsp)
	movq %r8, R(R8)(%rsp)
	movq %r9, R(R9)(%rsp)
	movq %r10, R(R10)(%rsp)
	movq %r11, R(R11)(%rsp)
	movq %r12, R(R12)(%rsp)
	movq %r13, R(R13)(%rsp)
	movq %r14, R(R14)(%rsp)
	movq %r15, R(R15)(%rsp)
	movq %rcx, R(RIP)(%rsp)
	movq %r11, R(EFLAGS)(%rsp)
	movq %gs:PC_SCRATCH, %rax
	movq %rax, R(RSP)(%rsp)
	movq $VEC_SYSCALL, %gs:PC_VEC
	movq %rsp, %rax

/* rax: the tf. Save the FPU state, return from x86_user_enter. */
user_exit:
	fxsaveq TF_FP(%rax)
	movl $512, TF_FPSIZE(%rax)
	movq %gs:PC_KRSP, %rsp
	movq %gs:PC_VEC, %rax
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/*
 * uint64_t x86_user_enter(struct hal_tf *tf): run tf in user mode until
 * it traps; return the vector (VEC_SYSCALL for `syscall`). Interrupts
 * are disabled; tf's rip and rflags were checked by the caller.
 */
	.globl x86_user_enter
	.p2align 4
x86_user_enter:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %gs:PC_KRSP
	movq %gs:PC_RSP0P, %rax
	movq %rsp, (%rax)		/* traps from user mode land here */
	movq %rdi, %gs:PC_TF
	cmpl $0, TF_FPSIZE(%rdi)
	je 1f
	fxrstorq TF_FP(%rdi)
	jmp 2f
1:	fxrstorq fp_initial(%rip)
2:	pushq $0x2b			/* ss: user data */
	pushq R(RSP)(%rdi)
	pushq R(EFLAGS)(%rdi)
	pushq $0x33			/* cs: user code */
	pushq R(RIP)(%rdi)
	movq R(RAX)(%rdi), %rax
	movq R(RBX)(%rdi), %rbx
	movq R(RCX)(%rdi), %rcx
	movq R(RDX)(%rdi), %rdx
	movq R(RSI)(%rdi), %rsi
	movq R(RBP)(%rdi), %rbp
	movq R(R8)(%rdi), %r8
	movq R(R9)(%rdi), %r9
	movq R(R10)(%rdi), %r10
	movq R(R11)(%rdi), %r11
	movq R(R12)(%rdi), %r12
	movq R(R13)(%rdi), %r13
	movq R(R14)(%rdi), %r14
	movq R(R15)(%rdi), %r15
	movq R(RDI)(%rdi), %rdi
	swapgs
	iretq

/* ---- kernel contexts ---- */

/* void hal_ctx_switch(struct hal_ctx *from, struct hal_ctx *to) */
	.globl hal_ctx_switch
	.p2align 4
hal_ctx_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq (%rsi), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* First run of a context from hal_ctx_init: fn in rbx, arg in r12. */
	.globl x86_ctx_start
x86_ctx_start:
	movq %r12, %rdi
	call *%rbx
	ud2

/* The FPU/SSE state a new user thread starts with (FCW 0x37f, MXCSR 0x1f80). */
	.section .rodata
	.p2align 6
fp_initial:
	.short 0x037f
	.fill 22, 1, 0
	.long 0x1f80
	.fill 512 - 28, 1, 0

	.section .note.GNU-stack, "", @progbits
