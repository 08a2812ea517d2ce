/*
 * ctx_x86_64.S -- register-only kernel context switch for x86_64 hosts.
 * void sim_ctx_switch_raw(struct sim_ctx *from, struct sim_ctx *to)
 * Saves the callee-saved registers on from's stack and its rsp in
 * from->sp; resumes `to`, or enters it through setcontext when fresh.
 */
	.text
	.globl	sim_ctx_switch_raw
	.type	sim_ctx_switch_raw, @function
sim_ctx_switch_raw:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, 0(%rdi)
	cmpl	$0, 32(%rsi)
	jne	1f
	movq	0(%rsi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
1:	movl	$0, 32(%rsi)
	leaq	64(%rsi), %rdi
	subq	$8, %rsp
	call	setcontext@PLT
	ud2
	.size	sim_ctx_switch_raw, .-sim_ctx_switch_raw
	.section .note.GNU-stack,"",@progbits
