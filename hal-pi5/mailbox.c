/*
 * mailbox.c (Raspberry Pi 5) -- the property channel: the framebuffer
 * request (physical and virtual size, offset, depth, allocate, pitch),
 * the exchange over the mailbox registers with a bound on every wait,
 * and the checks on the answer. The caller keeps the message coherent
 * with the VideoCore (pi5.c cleans and invalidates the cache around
 * mbox_call).
 */
#include "mailbox.h"

/* What MBOX_ERR_* err means, for a message. */
const char *
mbox_strerror(int err)
{
	switch (err) {
	case MBOX_ERR_ALIGN: return "message not 16-byte aligned in the first GiB";
	case MBOX_ERR_TIMEOUT: return "the firmware did not answer";
	case MBOX_ERR_MISMATCH: return "the answer names another message";
	case MBOX_ERR_CODE: return "the firmware refused the request";
	case MBOX_ERR_TAG: return "a tag came back unanswered";
	case MBOX_ERR_FB: return "the framebuffer it gave is unusable";
	default: return "no error";
	}
}

/*
 * The bus address the VideoCore uses for ARM physical pa (in the first
 * GiB, 16-byte aligned), or 0 if it has none.
 */
uint32_t
mbox_bus_addr(uint64_t pa)
{
	if (pa >= (1u << 30) || (pa & 15) != 0)
		return 0;
	return (uint32_t)pa | MBOX_BUS_ALIAS;
}

/*
 * Send the message at bus address bus on channel, wait for its answer:
 * stale answers are drained first, each wait polls at most spins times.
 * Returns 0 or MBOX_ERR_*.
 */
int
mbox_call(const struct pi5_io *io, uint32_t bus, unsigned channel,
	  unsigned long spins)
{
	unsigned long i;
	uint32_t v;

	if (bus == 0 || (bus & 15) != 0)
		return MBOX_ERR_ALIGN;
	for (i = 0; i < 64 && !(io->read(io->ctx, MBOX_STATUS0) & MBOX_EMPTY); i++)
		(void)io->read(io->ctx, MBOX_READ);
	for (i = 0; io->read(io->ctx, MBOX_STATUS1) & MBOX_FULL; i++)
		if (i == spins)
			return MBOX_ERR_TIMEOUT;
	io->write(io->ctx, MBOX_WRITE, bus | channel);
	for (int other = 0; other < 64; other++) {
		for (i = 0; io->read(io->ctx, MBOX_STATUS0) & MBOX_EMPTY; i++)
			if (i == spins)
				return MBOX_ERR_TIMEOUT;
		v = io->read(io->ctx, MBOX_READ);
		if ((v & 15) == channel)
			return (v & ~15u) == bus ? 0 : MBOX_ERR_MISMATCH;
	}
	return MBOX_ERR_TIMEOUT;	/* only other channels' words */
}

/* Append a tag: id, its value buffer's size, the request's size, values. */
static size_t
tag(uint32_t *msg, size_t n, uint32_t id, uint32_t bufsize, uint32_t reqsize,
    uint32_t a, uint32_t b)
{
	msg[n++] = id;
	msg[n++] = bufsize;
	msg[n++] = reqsize;
	msg[n++] = a;
	if (bufsize == 8)
		msg[n++] = b;
	return n;
}

/*
 * Write into msg (MBOX_FB_WORDS words, 16-byte aligned) the request for
 * a width x height framebuffer of depth bits per pixel; return its size
 * in bytes.
 */
size_t
mbox_fb_request(uint32_t *msg, uint32_t width, uint32_t height, uint32_t depth)
{
	size_t n = 2;

	n = tag(msg, n, TAG_FB_SET_PHYS_WH, 8, 8, width, height);
	n = tag(msg, n, TAG_FB_SET_VIRT_WH, 8, 8, width, height);
	n = tag(msg, n, TAG_FB_SET_VIRT_OFFSET, 8, 8, 0, 0);
	n = tag(msg, n, TAG_FB_SET_DEPTH, 4, 4, depth, 0);
	n = tag(msg, n, TAG_FB_ALLOCATE, 8, 4, 4096, 0);	/* alignment */
	n = tag(msg, n, TAG_FB_GET_PITCH, 4, 0, 0, 0);
	msg[n++] = TAG_END;
	while (n % 4 != 0)
		msg[n++] = 0;
	msg[0] = (uint32_t)(n * 4);
	msg[1] = MBOX_CODE_REQUEST;
	return n * 4;
}

/* The values of tag id in the answered message, or NULL. */
static const uint32_t *
answer(const uint32_t *msg, uint32_t id, uint32_t need)
{
	size_t words = msg[0] / 4, i = 2;

	if (words > MBOX_FB_WORDS)
		words = MBOX_FB_WORDS;	/* never past our buffer */

	while (i + 3 <= words && msg[i] != TAG_END) {
		uint32_t bufsize = msg[i + 1], len = msg[i + 2];

		if (bufsize > (words - i - 3) * 4)
			return NULL;
		if (msg[i] == id)
			return (len & MBOX_TAG_RESPONSE) &&
			       (len & ~MBOX_TAG_RESPONSE) >= need ? &msg[i + 3] : NULL;
		i += 3 + (bufsize + 3) / 4;
	}
	return NULL;
}

/*
 * Read the firmware's answer to mbox_fb_request into fb. Returns 0, or
 * MBOX_ERR_CODE, MBOX_ERR_TAG, or MBOX_ERR_FB if the framebuffer is
 * missing or smaller than its size and pitch promise.
 */
int
mbox_fb_parse(const uint32_t *msg, struct mbox_fb *fb)
{
	const uint32_t *wh, *depth, *alloc, *pitch;

	if (msg[1] != MBOX_CODE_OK)
		return MBOX_ERR_CODE;
	if ((wh = answer(msg, TAG_FB_SET_PHYS_WH, 8)) == NULL ||
	    (depth = answer(msg, TAG_FB_SET_DEPTH, 4)) == NULL ||
	    (alloc = answer(msg, TAG_FB_ALLOCATE, 8)) == NULL ||
	    (pitch = answer(msg, TAG_FB_GET_PITCH, 4)) == NULL)
		return MBOX_ERR_TAG;
	fb->width = wh[0];
	fb->height = wh[1];
	fb->depth = depth[0];
	fb->pitch = pitch[0];
	fb->pa = alloc[0] & MBOX_FB_ADDR_MASK;
	fb->size = alloc[1];
	if (alloc[0] == 0 || fb->width == 0 || fb->height == 0 ||
	    (fb->depth != 16 && fb->depth != 24 && fb->depth != 32) ||
	    (uint64_t)fb->pitch * 8 < (uint64_t)fb->width * fb->depth ||
	    (uint64_t)fb->pitch * fb->height > fb->size)
		return MBOX_ERR_FB;
	return 0;
}
