/*
 * printf.c -- the kernel's formatter: kvsnprintf and friends. Output past
 * `size` is counted but not stored, as C's snprintf does.
 */
#include "kernel.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	bool left, zero, plus, space, alt;
	bool is_signed;		/* %d %i: + and space apply */
	int width;
	int prec;		/* -1: none */
	int length;		/* 'H' hh, 'h', 0, 'l', 'L' ll, 'z', 't', 'j' */
};

static void
put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void
pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void
emit_str(struct out *o, const struct spec *sp, const char *s)
{
	int n;

	if (s == NULL)
		s = "(null)";
	n = (int)strnlen(s, sp->prec >= 0 ? (size_t)sp->prec : (size_t)-1);
	if (!sp->left)
		pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - n);
}

/* Print v in `base`; neg says a minus sign goes in front. */
static void
emit_num(struct out *o, const struct spec *sp, unsigned long long v, bool neg,
	 unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24], prefix[3] = "";
	int n = 0, np = 0, zeros, total;

	while (v != 0) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	if (neg)
		prefix[np++] = '-';
	else if (sp->plus && sp->is_signed)
		prefix[np++] = '+';
	else if (sp->space && sp->is_signed)
		prefix[np++] = ' ';
	if (sp->alt && base == 16 && n > 0) {
		prefix[np++] = '0';
		prefix[np++] = upper ? 'X' : 'x';
	} else if (sp->alt && base == 8 && (sp->prec <= n)) {
		tmp[n++] = '0';
	}
	if (n == 0 && sp->prec != 0)
		tmp[n++] = '0';
	zeros = sp->prec > n ? sp->prec - n : 0;
	total = np + zeros + n;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		pad(o, ' ', sp->width - total);
	for (int i = 0; i < np; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	while (n > 0)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', sp->width - total);
}

static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	memset(sp, 0, sizeof(*sp));
	sp->prec = -1;
	for (;; f++) {
		if (*f == '-') sp->left = true;
		else if (*f == '0') sp->zero = true;
		else if (*f == '+') sp->plus = true;
		else if (*f == ' ') sp->space = true;
		else if (*f == '#') sp->alt = true;
		else break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	switch (*f) {
	case 'h': f++; sp->length = 'h'; if (*f == 'h') { f++; sp->length = 'H'; } break;
	case 'l': f++; sp->length = 'l'; if (*f == 'l') { f++; sp->length = 'L'; } break;
	case 'z': case 't': case 'j': sp->length = *f++; break;
	}
	return f;
}

static unsigned long long
get_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned);
	case 'h': return (unsigned short)va_arg(*ap, unsigned);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	case 'z': return va_arg(*ap, size_t);
	case 't': return (unsigned long long)va_arg(*ap, ptrdiff_t);
	case 'j': return va_arg(*ap, uintmax_t);
	default: return va_arg(*ap, unsigned);
	}
}

static long long
get_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	case 'z': return va_arg(*ap, ssize_t);
	case 't': return va_arg(*ap, ptrdiff_t);
	case 'j': return va_arg(*ap, intmax_t);
	default: return va_arg(*ap, int);
	}
}

static void
convert(struct out *o, struct spec *sp, char conv, va_list *ap)
{
	long long s;

	switch (conv) {
	case 'd': case 'i':
		sp->is_signed = true;
		s = get_signed(sp, ap);
		emit_num(o, sp, s < 0 ? 0ull - (unsigned long long)s :
			 (unsigned long long)s, s < 0, 10, false);
		break;
	case 'u': emit_num(o, sp, get_unsigned(sp, ap), false, 10, false); break;
	case 'x': emit_num(o, sp, get_unsigned(sp, ap), false, 16, false); break;
	case 'X': emit_num(o, sp, get_unsigned(sp, ap), false, 16, true); break;
	case 'o': emit_num(o, sp, get_unsigned(sp, ap), false, 8, false); break;
	case 'p':
		sp->alt = true;
		emit_num(o, sp, (uintptr_t)va_arg(*ap, void *), false, 16, false);
		break;
	case 'c': {
		char c[2] = { (char)va_arg(*ap, int), 0 };
		sp->prec = 1;
		if (c[0] == '\0') {	/* a NUL is still one character */
			if (!sp->left) pad(o, ' ', sp->width - 1);
			put(o, '\0');
			if (sp->left) pad(o, ' ', sp->width - 1);
		} else {
			emit_str(o, sp, c);
		}
		break;
	}
	case 's': emit_str(o, sp, va_arg(*ap, const char *)); break;
	case '%': put(o, '%'); break;
	default:		/* unknown: print it as written */
		put(o, '%');
		if (conv)
			put(o, conv);
	}
}

/* Format into buf[size]; returns the length the full output would have. */
int
kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &aq);
		convert(&o, &sp, *fmt, &aq);
		if (*fmt)
			fmt++;
	}
	va_end(aq);
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int
ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
