/*
 * klib.c -- the string and memory functions of the freestanding kernel.
 */
#include "kernel.h"

void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)d = *(const uint64_t *)s;
	}
	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t v = (unsigned char)c;

	if (((uintptr_t)d & 7) == 0) {
		v *= 0x0101010101010101ull;
		for (; n >= 8; n -= 8, d += 8)
			*(uint64_t *)d = v;
	}
	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n > 0; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int
strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (*a == '\0')
			return 0;
	}
	return 0;
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)last;
	}
}

/* Copy src into dst[size], always terminated; returns strlen(src). */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size > 0) {
		size_t k = n < size - 1 ? n : size - 1;
		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return n;
}

/* Append src to dst[size], always terminated; returns the length tried. */
size_t
strlcat(char *dst, const char *src, size_t size)
{
	size_t d = strnlen(dst, size);

	if (d == size)
		return d + strlen(src);
	return d + strlcpy(dst + d, src, size - d);
}

static int
digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/*
 * strtoull without errno: saturates at the maximum on overflow. As in C,
 * *end is `s` itself when no digits were found.
 */
unsigned long long
kstrtoull(const char *s, char **end, int base)
{
	const char *p = s, *digits;
	unsigned long long v = 0;
	bool neg = false;
	int d;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	digits = p;
	for (; (d = digit(*p)) < base; p++) {
		if (v > (~0ull - (unsigned)d) / (unsigned)base)
			v = ~0ull;
		else
			v = v * (unsigned)base + (unsigned)d;
	}
	if (end != NULL)
		*end = (char *)(p == digits ? s : p);
	return neg ? 0 - v : v;
}

/* strtol without errno: saturates at LONG_MIN/LONG_MAX. */
long
kstrtol(const char *s, char **end, int base)
{
	const char *p = s;
	unsigned long long v;
	bool neg;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if (*p == '-' || *p == '+' || *p == ' ' || *p == '\t' || *p == '\n') {
		/* "-+5" and "- 5" hold no number */
		if (end != NULL)
			*end = (char *)s;
		return 0;
	}
	v = kstrtoull(p, end, base);
	if (end != NULL && *end == p)
		*end = (char *)s;
	if (v > (unsigned long long)__LONG_MAX__)
		v = neg ? (unsigned long long)__LONG_MAX__ + 1 : (unsigned long long)__LONG_MAX__;
	return neg ? (long)(0 - v) : (long)v;
}
