/*
 * trampoline.S (x86_64) -- where an application processor starts after
 * INIT-SIPI-SIPI: in real mode at TRAMPOLINE_PA (cpu.c copies this code
 * there). It goes through protected mode to long mode on the boot page
 * tables and jumps to the kernel with the stack cpu.c left in t_stack.
 */
#define BASE 0x8000
#define T(x) (BASE + (x) - trampoline_start)

	.section .rodata
	.p2align 12
	.globl trampoline_start, trampoline_end
	.globl t_cr3, t_efer, t_stack, t_entry
	.code16
trampoline_start:
	cli
	cld
	xorw %ax, %ax
	movw %ax, %ds
	lgdtl T(t_gdt_ptr)
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	ljmpl $0x08, $T(t32)

	.code32
t32:
	movw $0x18, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl %cr4, %eax
	orl $0x20, %eax			/* PAE */
	movl %eax, %cr4
	movl T(t_cr3), %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx
	movl T(t_efer), %eax		/* LME, and NXE where the BSP has it */
	xorl %edx, %edx
	wrmsr
	movl %cr0, %eax
	orl $0x80010001, %eax		/* PG, WP, PE */
	movl %eax, %cr0
	ljmp $0x10, $T(t64)

	.code64
t64:
	movw $0x18, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movq T(t_stack), %rsp
	xorl %ebp, %ebp
	movq T(t_entry), %rax
	jmp *%rax

	.p2align 3
t_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad 0x00af9a000000ffff	/* 0x10: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x18: data */
t_gdt_ptr:
	.short t_gdt_ptr - t_gdt - 1
	.long T(t_gdt)
	.p2align 3
t_cr3:	.long 0
t_efer:	.long 0
t_stack: .quad 0
t_entry: .quad 0
trampoline_end:

	.section .note.GNU-stack, "", @progbits
