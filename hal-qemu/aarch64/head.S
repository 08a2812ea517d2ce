/*
 * head.S (aarch64) -- entry from QEMU's -kernel (physical address, MMU
 * off, EL2 or EL1), the boot page tables (every physical address at
 * KERNEL_BASE + pa through TTBR1, and identically through TTBR0 until
 * the kernel is running high), the secondary CPUs' entry for PSCI
 * CPU_ON, the exception vectors, the context switch and the PSCI calls.
 */
#define KERNEL_BASE 0xffff000000000000
#define TCR_VALUE 0xb5103510		/* 48-bit VAs, 4 KiB pages, WB, inner shareable */
#define MAIR_VALUE 0xff00		/* attr 0 Device-nGnRnE, attr 1 Normal WB */
#define SCTLR_VALUE 0x34d5d805		/* RES1 bits, M, C, I; EL0 may use WFI,
					 * WFE, CTR_EL0, DC ZVA, cache maintenance */
#define BLOCK_DEVICE 0x0060000000000401	/* attr 0, AF, PXN, UXN */
#define BLOCK_NORMAL 0x0040000000000705	/* attr 1, inner shareable, AF, UXN */
#define A64_UEXIT_SYNC 0		/* a64.h */
#define A64_UEXIT_IRQ 1

/*
 * The image starts with the arm64 Linux image header (Linux's
 * Documentation/arm64/booting.rst), so that QEMU's -kernel takes the
 * flat circleos-aarch64.img as a Linux kernel: it loads it at RAM base
 * + text_offset (the ELF's physical address), loads -initrd and passes
 * a DTB that says where (/chosen linux,initrd-start). The ELF, which
 * QEMU loads as is but with no initrd, enters at the same _start.
 */
	.section .text.head, "ax"
	.globl _start
_start:
	b	start_after_header	/* code0 */
	.long	0			/* code1 */
	.quad	_text_offset		/* from RAM's base (kernel.ld) */
	.quad	_kernel_size		/* image_size, with the bss */
	.quad	0x2			/* flags: little-endian, 4 KiB pages */
	.quad	0, 0, 0
	.ascii	"ARM\x64"		/* magic */
	.long	0
start_after_header:
	mov	x19, x0			/* the DTB, if the loader passed one */
	bl	el2_to_el1
	bl	inval_bss		/* no dirty line to land on the zeros */
	adrp	x1, __bss_start		/* PC-relative: physical addresses */
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	bl	build_tables
	bl	inval_bss		/* no stale line to hide them */
	bl	mmu_on
	ldr	x0, =3f			/* absolute: the kernel's address */
	br	x0
3:	ldr	x1, =boot_stack_top
	mov	sp, x1
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	mov	x29, #0
	mov	x0, x19
	bl	a64_boot
4:	wfi
	b	4b

/*
 * Leave EL2 for EL1 (QEMU -M virt,virtualization=on and raspi3b, and the
 * Pi 5's firmware, start at EL2), with no EL2 trap left on: a register
 * a firmware did not set (CPTR_EL2, HSTR_EL2) could otherwise send FP
 * or ID accesses to an EL2 with no vectors.
 */
el2_to_el1:
	mrs	x0, CurrentEL
	lsr	x0, x0, #2
	cmp	x0, #2
	b.ne	1f
	mov	x0, #(1 << 31)		/* HCR_EL2.RW: EL1 is AArch64 */
	msr	hcr_el2, x0
	mrs	x0, cnthctl_el2
	orr	x0, x0, #3		/* EL1 may use the counter and timer */
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	mov	x0, #0x33ff		/* CPTR_EL2: FP/SIMD not trapped to EL2 */
	msr	cptr_el2, x0
	msr	hstr_el2, xzr
	mrs	x0, midr_el1		/* EL1 reads the real IDs */
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0
	ldr	x0, =(SCTLR_VALUE & ~0x1005)	/* MMU and caches off for now */
	msr	sctlr_el1, x0
	mov	x0, #0x3c5		/* EL1h, DAIF masked */
	msr	spsr_el2, x0
	msr	elr_el2, lr
	eret
1:	ret

/*
 * L0[0] -> L1, whose 1 GiB blocks the board lays out in a64_boot_map
 * (virt.c: the first GiB devices, then RAM; hal-pi5/pi5.c: RAM, then
 * the SoC's devices at 64 GiB): { first, count, normal } words, up to
 * an entry with count 0. PC-relative: the MMU is off.
 */
build_tables:
	adrp	x0, boot_l0
	adrp	x1, boot_l1
	orr	x2, x1, #3
	str	x2, [x0]
	adrp	x6, a64_boot_map
	add	x6, x6, :lo12:a64_boot_map
	ldr	x8, =BLOCK_DEVICE
	ldr	x9, =BLOCK_NORMAL
1:	ldp	w3, w4, [x6]		/* first GiB, count */
	ldr	x5, [x6, #8]		/* normal memory? */
	add	x6, x6, #16
	cbz	w4, 3f
	cmp	x5, #0
	csel	x5, x8, x9, eq
2:	lsl	x7, x3, #30
	orr	x7, x7, x5
	str	x7, [x1, x3, lsl #3]
	add	x3, x3, #1
	subs	w4, w4, #1
	b.ne	2b
	b	1b
3:	dsb	sy
	ret

/*
 * Discard the cache lines a boot loader may have left over .bss and the
 * boot tables, which were just written with the caches off, straight to
 * memory: once the caches are on, a stale line would hide them (real
 * hardware, such as the Pi 5; QEMU keeps no caches). With the MMU off
 * the invalidation reaches every CPU's caches.
 */
inval_bss:
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2 of the line in words */
	mov	x2, #4
	lsl	x2, x2, x3
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret

mmu_on:
	ldr	x0, =MAIR_VALUE
	msr	mair_el1, x0
	mrs	x1, id_aa64mmfr0_el1
	and	x1, x1, #7		/* PARange -> IPS */
	ldr	x0, =TCR_VALUE
	orr	x0, x0, x1, lsl #32
	msr	tcr_el1, x0
	adrp	x0, boot_l0
	msr	ttbr0_el1, x0
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	ish
	isb
	mov	x0, #(3 << 20)		/* CPACR_EL1.FPEN: no FP traps */
	msr	cpacr_el1, x0
	ldr	x0, =SCTLR_VALUE
	msr	sctlr_el1, x0
	isb
	ret

/* PSCI CPU_ON enters here at its physical address with x0 = CPU index. */
	.globl a64_secondary_entry
a64_secondary_entry:
	mov	x19, x0
	bl	el2_to_el1
	bl	mmu_on
	ldr	x0, =1f
	br	x0
1:	ldr	x1, =a64_ap_stack
	ldr	x2, [x1, x19, lsl #3]
	mov	sp, x2
	ldr	x1, =vectors
	msr	vbar_el1, x1
	isb
	mov	x29, #0
	mov	x0, x19
	bl	a64_ap_main
2:	wfi
	b	2b
	.ltorg

	.text
/* \op (ldp or stp) q0-q31 at [\base, #0] on: the FP/SIMD registers of
 * a struct hal_tf (TF_FP). */
.macro FPREGS op, base
	\op	q0, q1, [\base, #0]
	\op	q2, q3, [\base, #32]
	\op	q4, q5, [\base, #64]
	\op	q6, q7, [\base, #96]
	\op	q8, q9, [\base, #128]
	\op	q10, q11, [\base, #160]
	\op	q12, q13, [\base, #192]
	\op	q14, q15, [\base, #224]
	\op	q16, q17, [\base, #256]
	\op	q18, q19, [\base, #288]
	\op	q20, q21, [\base, #320]
	\op	q22, q23, [\base, #352]
	\op	q24, q25, [\base, #384]
	\op	q26, q27, [\base, #416]
	\op	q28, q29, [\base, #448]
	\op	q30, q31, [\base, #480]
.endm

/* \op (ldp or stp) x2-x29 at [\base, #16] on: the general registers of
 * a frame but x0, x1 and x30, which each path handles itself. */
.macro XREGS op, base
	\op	x2, x3, [\base, #16]
	\op	x4, x5, [\base, #32]
	\op	x6, x7, [\base, #48]
	\op	x8, x9, [\base, #64]
	\op	x10, x11, [\base, #80]
	\op	x12, x13, [\base, #96]
	\op	x14, x15, [\base, #112]
	\op	x16, x17, [\base, #128]
	\op	x18, x19, [\base, #144]
	\op	x20, x21, [\base, #160]
	\op	x22, x23, [\base, #176]
	\op	x24, x25, [\base, #192]
	\op	x26, x27, [\base, #208]
	\op	x28, x29, [\base, #224]
.endm

/* Exception frame: struct a64_frame (a64.h), 272 bytes. */
.macro SAVE
	sub	sp, sp, #272
	stp	x0, x1, [sp, #0]
	XREGS	stp, sp
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x30, xzr, [sp, #240]
	stp	x1, x2, [sp, #256]
	mov	x0, sp
.endm

.macro RESTORE
	ldp	x1, x2, [sp, #256]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp, #0]
	XREGS	ldp, sp
	add	sp, sp, #272
	eret
.endm

.macro BAD n
	.balign 0x80
	SAVE
	mov	x1, #\n
	bl	a64_bad
	b	.
.endm

	.balign 0x800
vectors:
	BAD 0			/* current EL, SP_EL0: never used */
	BAD 1
	BAD 2
	BAD 3
	.balign 0x80		/* current EL, SP_EL1: the kernel */
	b	el1_sync
	.balign 0x80
	b	el1_irq
	BAD 6
	BAD 7
	.balign 0x80		/* lower EL (EL0), AArch64: user mode */
	sub	sp, sp, #16
	stp	x0, x1, [sp]
	mov	x0, #A64_UEXIT_SYNC
	b	el0_exit
	.balign 0x80
	sub	sp, sp, #16
	stp	x0, x1, [sp]
	mov	x0, #A64_UEXIT_IRQ
	b	el0_exit
	BAD 10			/* FIQ, SError: not used */
	BAD 11
	BAD 12			/* lower EL, AArch32: never entered */
	BAD 13
	BAD 14
	BAD 15

el1_sync:
	SAVE
	bl	a64_sync
	RESTORE

el1_irq:
	SAVE
	bl	a64_irq
	RESTORE

/*
 * User mode as a function call. uint64_t a64_user_enter(struct hal_tf *tf,
 * struct a64_uexit *out) runs tf at EL0 until an exception or interrupt
 * brings the CPU back; then tf holds the user's registers (x0-x30, sp,
 * pc, pstate, TPIDR_EL0, FP/SIMD), out the kind, ESR and FAR, and it
 * returns the kind. Interrupts are masked on the way in and on the way
 * out; EL0 runs with them enabled (tf's pstate was sanitized in C).
 *
 * Its frame on the kernel stack (SP_EL1, which the exception from EL0
 * finds as it was at the eret): x19-x30, tf, out, and SP_EL0, which
 * holds the current kernel thread (hal_current) while the kernel runs
 * and the user's stack pointer while EL0 does.
 */
#define UF_TF 96
#define UF_OUT 104
#define UF_CUR 112
#define UF_SIZE 128
#define TF_SP (31 * 8)
#define TF_PC (32 * 8)
#define TF_TLS (34 * 8)
#define TF_FP 304		/* user.c asserts these offsets */
	.globl a64_user_enter
a64_user_enter:
	sub	sp, sp, #UF_SIZE
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	stp	x0, x1, [sp, #UF_TF]
	mrs	x2, sp_el0
	str	x2, [sp, #UF_CUR]
	add	x2, x0, #TF_FP
	FPREGS	ldp, x2
	add	x2, x2, #512
	ldp	w3, w4, [x2]
	msr	fpsr, x3
	msr	fpcr, x4
	ldr	x2, [x0, #TF_SP]
	msr	sp_el0, x2
	ldp	x2, x3, [x0, #TF_PC]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldr	x2, [x0, #TF_TLS]
	msr	tpidr_el0, x2
	XREGS	ldp, x0
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret

/* From the EL0 vectors: x0 the kind, the user's x0 and x1 at [sp]. */
el0_exit:
	ldr	x1, [sp, #16 + UF_TF]
	XREGS	stp, x1
	str	x30, [x1, #240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x1, #0]
	mrs	x2, sp_el0
	str	x2, [x1, #TF_SP]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [x1, #TF_PC]
	mrs	x2, tpidr_el0
	str	x2, [x1, #TF_TLS]
	add	x2, x1, #TF_FP
	FPREGS	stp, x2
	mrs	x3, fpsr
	mrs	x4, fpcr
	add	x2, x2, #512
	stp	w3, w4, [x2]
	ldr	x2, [sp, #UF_OUT]
	mrs	x3, esr_el1
	mrs	x4, far_el1
	stp	x0, x3, [x2, #0]
	str	x4, [x2, #16]
	ldr	x2, [sp, #UF_CUR]
	msr	sp_el0, x2
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #UF_SIZE
	ret

/* void hal_ctx_switch(struct hal_ctx *from, struct hal_ctx *to) */
	.globl hal_ctx_switch
hal_ctx_switch:
	sub	sp, sp, #96
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	mov	x9, sp
	str	x9, [x0]
	ldr	x9, [x1]
	lsr	x10, x9, #48		/* a kernel stack, or a freed thread? */
	mov	x11, #0xffff
	cmp	x10, x11
	b.ne	1f
	mov	sp, x9
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #96
	ret
1:	mov	x0, x1			/* panic on the old stack */
	bl	a64_bad_ctx

/* A new context's first return from hal_ctx_switch: fn(arg). */
	.globl a64_ctx_start
a64_ctx_start:
	mov	x0, x20
	blr	x19
1:	wfi
	b	1b

/*
 * uint64_t a64_semihost(uint64_t op, uint64_t arg): an Arm semihosting
 * call (hlt #0xf000), which QEMU serves with -semihosting-config
 * enable=on. Without it the hlt is undefined: a64_sync skips it and
 * returns ~0 (boot.c), so a64_semihost(SYS_ERRNO) probes for it.
 */
	.globl a64_semihost, a64_semihost_hlt
a64_semihost:
a64_semihost_hlt:
	hlt	#0xf000
	ret

	.globl a64_hvc
a64_hvc:
	hvc	#0
	ret

	.globl a64_smc
a64_smc:
	smc	#0
	ret

	.bss
	.balign 4096
	.globl boot_l0
boot_l0:
	.skip 4096
	.globl boot_l1			/* hal-pi5/pi5.c unmaps absent RAM */
boot_l1:
	.skip 4096
	.balign 16
boot_stack:
	.skip 16384
boot_stack_top:
