/*
 * util.c - memory helpers, growable strings and vectors, unbuffered
 * output and the arena allocator that holds parse trees.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		xwrite(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		xwrite(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void
sb_putn(struct strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2 + 16;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
sb_putc(struct strbuf *b, int c)
{
	char ch = (char)c;

	sb_putn(b, &ch, 1);
}

void
sb_puts(struct strbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

/* Return the buffer's string (never NULL); the caller owns it. */
char *
sb_str(struct strbuf *b)
{
	if (!b->s)
		return xstrdup("");
	return b->s;
}

void
sv_push(struct strvec *v, char *s)
{
	if (v->n + 2 > v->cap) {
		v->cap = v->cap * 2 + 8;
		v->v = xrealloc(v->v, v->cap * sizeof(char *));
	}
	v->v[v->n++] = s;
	v->v[v->n] = NULL;
}

void
sv_free(struct strvec *v)
{
	int i;

	for (i = 0; i < v->n; i++)
		free(v->v[i]);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
}

int
xwrite(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t r = write(fd, s, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += r;
		n -= r;
	}
	return 0;
}

void
out_str(int fd, const char *s)
{
	xwrite(fd, s, strlen(s));
}

static void
out_vfmt(int fd, const char *fmt, va_list ap)
{
	char small[512];
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n < (int)sizeof(small)) {
		xwrite(fd, small, n);
	} else {
		char *big = xmalloc(n + 1);

		vsnprintf(big, n + 1, fmt, ap2);
		xwrite(fd, big, n);
		free(big);
	}
	va_end(ap2);
}

void
out_fmt(int fd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vfmt(fd, fmt, ap);
	va_end(ap);
}

/* Print "sh: <message>\n" on standard error. */
void
sh_warn(const char *fmt, ...)
{
	struct strbuf sb = { 0 };
	char small[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	sb_puts(&sb, SH_NAME ": ");
	sb_puts(&sb, small);
	sb_putc(&sb, '\n');
	xwrite(2, sb.s, sb.len);
	free(sb.s);
}

int
is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

int
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

int
is_name(const char *s)
{
	if (!is_name_start((unsigned char)*s))
		return 0;
	while (*++s)
		if (!is_name_char((unsigned char)*s))
			return 0;
	return 1;
}

/* Parse an optionally signed decimal integer; 0 on success. */
int
parse_int(const char *s, long *out)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return -1;
	errno = 0;
	*out = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end || errno)
		return -1;
	return 0;
}

/* Quote s with single quotes when it contains special characters. */
char *
shell_quote(const char *s)
{
	struct strbuf sb = { 0 };
	const char *p;
	int plain = *s != '\0';

	for (p = s; *p; p++)
		if (!is_name_char((unsigned char)*p) && !strchr("/.-+,:@%=", *p))
			plain = 0;
	if (plain)
		return xstrdup(s);
	sb_putc(&sb, '\'');
	for (p = s; *p; p++) {
		if (*p == '\'')
			sb_puts(&sb, "'\\''");
		else
			sb_putc(&sb, *p);
	}
	sb_putc(&sb, '\'');
	return sb_str(&sb);
}

/* ---- arena: blocks freed together unless a function keeps them ---- */
struct arena_blk {
	struct arena_blk *next;
	size_t used, size;
	char data[];
};

static struct arena *cur_arena;

struct arena *
arena_new(void)
{
	struct arena *a = xmalloc(sizeof(*a));

	a->blk = NULL;
	a->keep = 0;
	return a;
}

struct arena *
arena_set(struct arena *a)
{
	struct arena *old = cur_arena;

	cur_arena = a;
	return old;
}

void
arena_release(struct arena *a)
{
	struct arena_blk *b, *next;

	if (!a || a->keep)
		return;
	for (b = a->blk; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void *
amalloc(size_t n)
{
	struct arena_blk *b;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (!cur_arena)
		cur_arena = arena_new();
	b = cur_arena->blk;
	if (!b || b->used + n > b->size) {
		size_t sz = n > 4000 ? n : 4000;

		b = xmalloc(sizeof(*b) + sz);
		b->used = 0;
		b->size = sz;
		b->next = cur_arena->blk;
		cur_arena->blk = b;
	}
	p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *
astrdup(const char *s)
{
	size_t n = strlen(s);
	char *p = amalloc(n + 1);

	memcpy(p, s, n + 1);
	return p;
}

struct arena *
arena_current(void)
{
	return cur_arena;
}
