/*
 * fbfont.S -- the GRUB font configure found (GRUB_FONT, e.g. Debian's
 * /usr/share/grub/ascii.pf2), built into the kernel as it is, for the
 * framebuffer console of a boot without GRUB (fbscreen.c). The build
 * defines FBFONT_FILE as its path; without it the font is empty and the
 * HAL says that the framebuffer has no console.
 */
	.section .rodata
	.balign 8
	.globl fbfont_start, fbfont_end
fbfont_start:
#ifdef FBFONT_FILE
	.incbin FBFONT_FILE
#endif
fbfont_end:
	.section .note.GNU-stack,"",%progbits
