/*
 * entry_x86_64.S -- the machine-level pieces of the user-mode stub: entry,
 * its only two system call instructions (the seccomp filter allows host
 * calls from these two addresses and nowhere else), the signal restorer,
 * the idle trap, and thread creation.
 */
	.text
	.globl	_start
_start:
	movq	%rsp, %rdi		/* argc, argv, envp, auxv */
	andq	$-16, %rsp
	call	stub_main
	ud2

/* long stub_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6) */
	.globl	stub_syscall
	.type	stub_syscall, @function
stub_syscall:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	.globl	stub_syscall_ret
stub_syscall_ret:
	ret
	.size	stub_syscall, .-stub_syscall

/* The signal restorer: rt_sigreturn(2). */
	.globl	stub_restorer
	.type	stub_restorer, @function
stub_restorer:
	movl	$15, %eax
	syscall
	.globl	stub_restorer_ret
stub_restorer_ret:
	ud2
	.size	stub_restorer, .-stub_restorer

/* A slot thread parks itself in its signal handler by trapping here. */
	.globl	stub_idle
	.globl	stub_idle_trap
stub_idle:
stub_idle_trap:
	ud2
	jmp	stub_idle_trap

/*
 * long stub_clone(unsigned long flags, void *stack_top, void (*fn)(long), long arg)
 * The child runs fn(arg) on stack_top and never returns.
 */
	.globl	stub_clone
	.type	stub_clone, @function
stub_clone:
	subq	$16, %rsi
	movq	%rdx, 0(%rsi)		/* fn */
	movq	%rcx, 8(%rsi)		/* arg */
	movq	%rdi, %rdi		/* flags */
	xorl	%edx, %edx		/* parent_tid */
	xorl	%r10d, %r10d		/* child_tid */
	xorl	%r8d, %r8d		/* tls */
	movl	$56, %eax		/* clone */
	syscall
	testq	%rax, %rax
	jnz	1f
	popq	%rax			/* child: fn */
	popq	%rdi			/* arg */
	andq	$-16, %rsp
	call	*%rax
	ud2
1:	ret
	.size	stub_clone, .-stub_clone

	.section .note.GNU-stack,"",@progbits
