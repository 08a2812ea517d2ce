/*
 * random.c -- a ChaCha20 keystream generator: a 256-bit key from the HAL's
 * entropy, re-keyed from its own output after each request so earlier
 * output cannot be recomputed from the state (fast key erasure).
 */
#include "random.h"
#include "spinlock.h"
#include "syscall.h"
#include "uaccess.h"

static struct spinlock lock = SPINLOCK_INIT("random");
static uint32_t key[8];		/* guarded by lock */
static uint64_t counter;	/* guarded by lock */

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define QR(a, b, c, d) (a += b, d ^= a, d = ROTL(d, 16), c += d, b ^= c, \
	b = ROTL(b, 12), a += b, d ^= a, d = ROTL(d, 8), c += d, b ^= c, b = ROTL(b, 7))

/* One 64-byte ChaCha20 block of the keystream. lock held. */
static void
block(uint32_t out[16])
{
	uint32_t x[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };

	for (int i = 0; i < 8; i++)
		x[4 + i] = key[i];
	x[12] = (uint32_t)counter;
	x[13] = (uint32_t)(counter >> 32);
	x[14] = x[15] = 0;
	counter++;
	memcpy(out, x, sizeof(x));
	for (int i = 0; i < 10; i++) {
		QR(out[0], out[4], out[8], out[12]);
		QR(out[1], out[5], out[9], out[13]);
		QR(out[2], out[6], out[10], out[14]);
		QR(out[3], out[7], out[11], out[15]);
		QR(out[0], out[5], out[10], out[15]);
		QR(out[1], out[6], out[11], out[12]);
		QR(out[2], out[7], out[8], out[13]);
		QR(out[3], out[4], out[9], out[14]);
	}
	for (int i = 0; i < 16; i++)
		out[i] += x[i];
}

void
random_init(void)
{
	hal_entropy(key, sizeof(key));
}

/* Fill buf with n random bytes. Any context. */
void
random_get(void *buf, size_t n)
{
	uint32_t b[16];
	unsigned char *p = buf;
	size_t k;

	spin_lock(&lock);
	while (n > 0) {
		block(b);
		k = MIN(n, sizeof(b));
		memcpy(p, b, k);
		p += k;
		n -= k;
	}
	block(b);
	memcpy(key, b, sizeof(key));	/* forget the key that made this */
	spin_unlock(&lock);
}

uint64_t
random_u64(void)
{
	uint64_t v;

	random_get(&v, sizeof(v));
	return v;
}

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4

SYSCALL3(getrandom, uintptr_t, ubuf, size_t, len, unsigned, flags)
{
	unsigned char tmp[256];
	size_t done = 0, k;

	if (flags & ~(unsigned)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (len > (1u << 25))
		len = 1u << 25;
	while (done < len) {
		k = MIN(len - done, sizeof(tmp));
		random_get(tmp, k);
		if (copy_to_user(ubuf + done, tmp, k) < 0)
			return done ? (long)done : -EFAULT;
		done += k;
	}
	return (long)done;
}
