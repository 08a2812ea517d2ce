/*
 * mailbox.h (Raspberry Pi 5) -- the VideoCore mailbox's property
 * channel: a message of tags in memory, its bus address written to the
 * ARM-to-VC mailbox with the channel in the low 4 bits, the same word
 * read back when the firmware has answered in place.
 */
#ifndef PI5_MAILBOX_H
#define PI5_MAILBOX_H

#include "pi5io.h"

/* Registers, from the mailbox base (mailbox 0 reads, mailbox 1 writes). */
#define MBOX_READ 0x00
#define MBOX_STATUS0 0x18
#define MBOX_WRITE 0x20
#define MBOX_STATUS1 0x38
#define MBOX_FULL 0x80000000u
#define MBOX_EMPTY 0x40000000u

#define MBOX_CH_PROP 8
#define MBOX_CODE_REQUEST 0
#define MBOX_CODE_OK 0x80000000u
#define MBOX_CODE_ERROR 0x80000001u
#define MBOX_TAG_RESPONSE 0x80000000u	/* in a tag's value length */

#define TAG_END 0
#define TAG_FB_ALLOCATE 0x00040001u
#define TAG_FB_GET_PITCH 0x00040008u
#define TAG_FB_SET_PHYS_WH 0x00048003u
#define TAG_FB_SET_VIRT_WH 0x00048004u
#define TAG_FB_SET_DEPTH 0x00048005u
#define TAG_FB_SET_VIRT_OFFSET 0x00048009u

#define MBOX_FB_WORDS 36		/* the request below, 16-byte padded */
#define MBOX_BUS_ALIAS 0xc0000000u	/* ARM RAM as the VideoCore sees it, uncached */
#define MBOX_FB_ADDR_MASK 0x3fffffffu	/* the framebuffer's bus address to ARM */

enum {
	MBOX_ERR_ALIGN = -1,		/* message address not 16-byte aligned */
	MBOX_ERR_TIMEOUT = -2,		/* no answer in time */
	MBOX_ERR_MISMATCH = -3,		/* answer for another message */
	MBOX_ERR_CODE = -4,		/* the firmware answered "error" */
	MBOX_ERR_TAG = -5,		/* a tag without its answer */
	MBOX_ERR_FB = -6,		/* an unusable framebuffer */
};

struct mbox_fb {
	uint32_t width, height, depth, pitch;
	uint64_t pa;			/* ARM physical address */
	uint32_t size;
};

uint32_t mbox_bus_addr(uint64_t pa);
int mbox_call(const struct pi5_io *io, uint32_t bus, unsigned channel,
	      unsigned long spins);
size_t mbox_fb_request(uint32_t *msg, uint32_t width, uint32_t height,
		       uint32_t depth);
int mbox_fb_parse(const uint32_t *msg, struct mbox_fb *fb);
const char *mbox_strerror(int err);

#endif
