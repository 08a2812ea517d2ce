/*
 * stub_blob.S -- the user-mode stub program, embedded in circlesim; it is
 * started from a sealed memfd holding these bytes.
 */
	.section .rodata
	.globl	sim_stub_image
	.globl	sim_stub_image_end
	.balign	16
sim_stub_image:
	.incbin	"sim/stub/circlesim-stub"
sim_stub_image_end:
	.section .note.GNU-stack,"",%progbits
