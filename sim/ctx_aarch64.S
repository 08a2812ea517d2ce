/*
 * ctx_aarch64.S -- register-only kernel context switch for AArch64 hosts.
 * void sim_ctx_switch_raw(struct sim_ctx *from, struct sim_ctx *to)
 * Saves x19-x30 and d8-d15 on from's stack and sp in from->sp; resumes
 * `to`, or enters it through setcontext when fresh.
 */
	.text
	.globl	sim_ctx_switch_raw
	.type	sim_ctx_switch_raw, %function
sim_ctx_switch_raw:
	sub	sp, sp, #160
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	stp	d8, d9, [sp, #96]
	stp	d10, d11, [sp, #112]
	stp	d12, d13, [sp, #128]
	stp	d14, d15, [sp, #144]
	mov	x9, sp
	str	x9, [x0]
	ldr	w10, [x1, #32]
	cbnz	w10, 1f
	ldr	x9, [x1]
	mov	sp, x9
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	ldp	d8, d9, [sp, #96]
	ldp	d10, d11, [sp, #112]
	ldp	d12, d13, [sp, #128]
	ldp	d14, d15, [sp, #144]
	add	sp, sp, #160
	ret
1:	str	wzr, [x1, #32]
	add	x0, x1, #64
	bl	setcontext
	brk	#0
	.size	sim_ctx_switch_raw, .-sim_ctx_switch_raw
	.section .note.GNU-stack,"",%progbits
