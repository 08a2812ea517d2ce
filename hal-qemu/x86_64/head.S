/*
 * head.S (x86_64) -- the two ways in: the PVH entry (an ELF note that
 * `qemu-system-x86_64 -kernel` reads) and a multiboot2 header for GRUB.
 * Both arrive in 32-bit protected mode without paging; this code turns
 * on long mode with boot page tables (the first 4 GiB identity-mapped,
 * the first GiB at KERNEL_VMA), switches to the kernel's addresses and calls
 * x86_boot() on the boot stack.
 */
#define KERNEL_VMA 0xffffffff80000000
#define PA(x) ((x) - KERNEL_VMA)

/* PVH: XEN_ELFNOTE_PHYS32_ENTRY (18). QEMU reads the value as 64 bits. */
	.section .note.Xen, "a"
	.p2align 2
	.long 4, 8, 18
	.asciz "Xen"
	.quad PA(pvh_entry)

/*
 * Multiboot2: magic, architecture 0 (i386), length, checksum; tags, each
 * 8-aligned. The information asked for: the command line (1), modules
 * (3: the initramfs) and the memory map (6), which GRUB must give; the
 * framebuffer (8: the text screen, screen.c) and the ACPI RSDP copies
 * (14, 15), which it may. The framebuffer tag says any graphics mode
 * will do: GRUB gives one under UEFI, where there is no text mode; on
 * a BIOS PC grub.cfg asks for VGA text mode (gfxpayload=text).
 */
	.section .multiboot2, "a"
	.p2align 3
mb2_header:
	.long 0xe85250d6, 0, mb2_end - mb2_header
	.long -(0xe85250d6 + (mb2_end - mb2_header))
	.p2align 3
	.short 1, 0			/* information request, required */
	.long 20
	.long 1, 3, 6
	.p2align 3
	.short 1, 1			/* information request, optional */
	.long 20
	.long 8, 14, 15
	.p2align 3
	.short 5, 1			/* framebuffer, optional: any mode */
	.long 20
	.long 0, 0, 0
	.p2align 3
	.short 3, 0			/* entry address tag */
	.long 12
	.long PA(mb2_entry)
	.p2align 3
	.short 0, 0			/* end tag */
	.long 8
mb2_end:

	.section .boot.text, "ax"
	.code32
	.globl pvh_entry
pvh_entry:
	cli
	cld
	movl $1, PA(x86_boot_kind)
	movl %ebx, PA(x86_boot_info_pa)
	jmp start32

mb2_entry:
	cli
	cld
	cmpl $0x36d76289, %eax
	jne not_mb2
	movl $2, PA(x86_boot_kind)
	movl %ebx, PA(x86_boot_info_pa)

start32:
	lgdt PA(boot_gdt_ptr)
	ljmp $0x08, $PA(1f)
1:	movw $0x18, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	/* Long mode needs CPUID leaf 0x80000001 EDX bit 29. */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	btl $29, %edx
	jnc no_long_mode
	/* Clear .bss (the boot stack and page tables are in .data). */
	movl $PA(__bss_start), %edi
	movl $PA(__bss_end), %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb
	movl %cr4, %eax
	orl $0x20, %eax			/* PAE */
	movl %eax, %cr4
	movl $PA(boot_pml4), %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx		/* EFER.LME */
	rdmsr
	orl $0x100, %eax
	wrmsr
	movl %cr0, %eax
	orl $0x80010001, %eax		/* PG, WP, PE */
	movl %eax, %cr0
	ljmp $0x10, $PA(start64_low)

not_mb2:
	movl $PA(msg_not_mb2), %esi
	jmp puts32
no_long_mode:
	movl $PA(msg_no_lm), %esi
/* The message at %esi on COM1 (as the loader left it set up), then stop. */
puts32:
1:	lodsb
	testb %al, %al
	jz halt32
	movw $0x3f8, %dx
	outb %al, %dx
	jmp 1b
halt32:
	cli
	hlt
	jmp halt32

	.code64
start64_low:
	movabsq $start64, %rax
	jmp *%rax

	.text
start64:
	movw $0x18, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorl %eax, %eax
	movw %ax, %fs
	movw %ax, %gs
	movq $boot_stack_top, %rsp
	xorl %ebp, %ebp
	call x86_boot
1:	cli
	hlt
	jmp 1b

	.section .rodata
msg_no_lm:
	.asciz "CircleOS: this CPU has no long mode (x86_64)\r\n"
msg_not_mb2:
	.asciz "CircleOS: entered at the multiboot2 entry without the multiboot2 magic in %eax\r\n"

	.data
	.globl x86_boot_kind, x86_boot_info_pa
	.p2align 3
x86_boot_kind:
	.long 0
x86_boot_info_pa:
	.long 0

/* The boot GDT, also used by the AP trampoline: 32-bit code, 64-bit code, data. */
	.p2align 4
	.globl boot_gdt
boot_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad 0x00af9a000000ffff	/* 0x10: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x18: data */
boot_gdt_ptr:
	.short boot_gdt_ptr - boot_gdt - 1
	.long PA(boot_gdt)

/*
 * Boot page tables, 2 MiB pages: the first GiB of physical memory at
 * KERNEL_VMA (the image), and the first 4 GiB at 0 (for the switch, the
 * APs' trampoline, and the loader's information, which GRUB may leave
 * anywhere below 4 GiB: x86_early_p2v in boot.c).
 */
	.p2align 12
	.globl boot_pml4, boot_pd
boot_pml4:
	.quad PA(boot_pdpt_low) + 3
	.fill 510, 8, 0
	.quad PA(boot_pdpt_high) + 3
boot_pdpt_low:
	.quad PA(boot_pd) + 3
	.quad PA(boot_pd) + 0x1000 + 3
	.quad PA(boot_pd) + 0x2000 + 3
	.quad PA(boot_pd) + 0x3000 + 3
	.fill 508, 8, 0
boot_pdpt_high:
	.fill 510, 8, 0
	.quad PA(boot_pd) + 3
	.quad 0
boot_pd:				/* four page directories: 0 to 4 GiB */
	.set i, 0
	.rept 2048
	.quad (i << 21) + 0x83
	.set i, i + 1
	.endr

	.bss
	.p2align 12
	.globl boot_stack_top
boot_stack:
	.skip 16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
