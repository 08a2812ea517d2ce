/*
 * printf.c - the echo and printf builtins and their backslash escapes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

/* Decode one escape after a backslash at *pp; -1 means "\c" (stop). */
static int
escape(const char **pp, int octal_zero)
{
	const char *p = *pp;
	int c = *p++, v, n;

	switch (c) {
	case 'a': c = '\a'; break;
	case 'b': c = '\b'; break;
	case 'c': *pp = p; return -1;
	case 'e': c = 033; break;
	case 'f': c = '\f'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 't': c = '\t'; break;
	case 'v': c = '\v'; break;
	case '\\': c = '\\'; break;
	case 'x':
		for (v = 0, n = 0; n < 2 && strchr("0123456789abcdefABCDEF", *p) && *p; n++, p++)
			v = v * 16 + (*p <= '9' ? *p - '0' : (*p | 32) - 'a' + 10);
		if (n == 0) {
			*pp = p;
			return 'x' | 0x100;
		}
		c = v;
		break;
	case '0': case '1': case '2': case '3':
	case '4': case '5': case '6': case '7':
		if (c != '0' && octal_zero) {
			*pp = p;
			return c | 0x100;
		}
		v = c - '0';
		n = (c == '0' && octal_zero) ? 0 : 1;
		for (; n < 3 && *p >= '0' && *p <= '7'; n++, p++)
			v = v * 8 + (*p - '0');
		c = v & 0xff;
		break;
	default:
		*pp = p;
		return c | 0x100;	/* not an escape: keep the backslash */
	}
	*pp = p;
	return c;
}

/* Append s with escapes decoded; returns 1 if "\c" was seen. */
static int
put_escaped(struct strbuf *sb, const char *s, int octal_zero)
{
	while (*s) {
		int c;

		if (*s != '\\' || !s[1]) {
			sb_putc(sb, *s++);
			continue;
		}
		s++;
		c = escape(&s, octal_zero);
		if (c < 0)
			return 1;
		if (c & 0x100) {
			sb_putc(sb, '\\');
			sb_putc(sb, c & 0xff);
		} else {
			sb_putc(sb, c);
		}
	}
	return 0;
}

int
builtin_echo(int argc, char **argv)
{
	struct strbuf sb = { 0 };
	int i = 1, nl = 1, esc = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *p = argv[i] + 1;

		if (strspn(p, "neE") != strlen(p))
			break;
		for (; *p; p++) {
			if (*p == 'n')
				nl = 0;
			else if (*p == 'e')
				esc = 1;
			else
				esc = 0;
		}
	}
	for (; i < argc; i++) {
		if (esc && put_escaped(&sb, argv[i], 1)) {
			nl = 0;
			break;
		}
		if (!esc)
			sb_puts(&sb, argv[i]);
		if (i + 1 < argc)
			sb_putc(&sb, ' ');
	}
	if (nl)
		sb_putc(&sb, '\n');
	i = xwrite(1, sb.s ? sb.s : "", sb.len);
	if (i < 0)
		sh_warn("echo: write error: %s", strerror(errno));
	free(sb.s);
	return i < 0 ? 1 : 0;
}

struct pfargs {
	char **v;
	int n, i;
	int err;
};

static const char *
next_arg(struct pfargs *a)
{
	return a->i < a->n ? a->v[a->i++] : NULL;
}

static long
num_arg(struct pfargs *a)
{
	const char *s = next_arg(a);
	char *end;
	long v;

	if (!s || !*s)
		return 0;
	if (s[0] == '\'' || s[0] == '"')
		return (unsigned char)s[1];
	v = strtol(s, &end, 0);
	if (*end) {
		sh_warn("printf: %s: invalid number", s);
		a->err = 1;
	}
	return v;
}

/* One conversion starting at '%'; returns 1 to stop all output (\c). */
static int
convert(struct strbuf *sb, const char **fp, struct pfargs *a)
{
	const char *f = *fp + 1;
	char spec[32], out[64], *buf;
	size_t k = 0;
	int width = 0, prec = -1, havew = 0, n;

	spec[k++] = '%';
	while (*f && strchr("-+ #0", *f) && k < 8)
		spec[k++] = *f++;
	if (*f == '*') {
		width = (int)num_arg(a);
		havew = 1;
		f++;
	} else {
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (*f++ - '0'), havew = 1;
	}
	if (*f == '.') {
		f++;
		prec = 0;
		if (*f == '*') {
			prec = (int)num_arg(a);
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				prec = prec * 10 + (*f++ - '0');
		}
	}
	if (havew)
		k += snprintf(spec + k, sizeof(spec) - k, "%d", width);
	if (prec >= 0)
		k += snprintf(spec + k, sizeof(spec) - k, ".%d", prec);
	*fp = f + (*f != '\0');
	switch (*f) {
	case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
		spec[k++] = 'l';
		spec[k++] = *f;
		spec[k] = '\0';
		snprintf(out, sizeof(out), spec, num_arg(a));
		sb_puts(sb, out);
		return 0;
	case 'c': {
		const char *s = next_arg(a);
		char one[2] = { s ? s[0] : 0, 0 };

		spec[k++] = 'c';
		spec[k] = '\0';
		if (!one[0]) {
			if (havew && width > 1)
				while (--width > 0)
					sb_putc(sb, ' ');
			return 0;
		}
		snprintf(out, sizeof(out), spec, one[0]);
		sb_puts(sb, out);
		return 0;
	}
	case 's':
	case 'b': {
		const char *s = next_arg(a);
		struct strbuf tmp = { 0 };
		int stop = 0;

		if (!s)
			s = "";
		if (*f == 'b') {
			stop = put_escaped(&tmp, s, 1);
			s = tmp.s ? tmp.s : "";
		}
		spec[k++] = 's';
		spec[k] = '\0';
		n = snprintf(NULL, 0, spec, s);
		buf = xmalloc(n + 1);
		snprintf(buf, n + 1, spec, s);
		sb_puts(sb, buf);
		free(buf);
		free(tmp.s);
		return stop;
	}
	case '%':
		sb_putc(sb, '%');
		return 0;
	default:
		sh_warn("printf: %%%c: invalid directive", *f ? *f : ' ');
		a->err = 1;
		return 1;
	}
}

int
builtin_printf(int argc, char **argv)
{
	struct strbuf sb = { 0 };
	struct pfargs a = { argv + 2, argc - 2, 0, 0 };
	const char *fmt;

	if (argc < 2) {
		sh_warn("printf: usage: printf format [arguments]");
		return 2;
	}
	fmt = argv[1];
	do {
		const char *f = fmt;
		int start = a.i, stop = 0;

		while (*f && !stop) {
			if (*f == '%') {
				stop = convert(&sb, &f, &a);
			} else if (*f == '\\' && f[1]) {
				int c;

				f++;
				c = escape(&f, 0);
				if (c < 0)
					stop = 1;
				else if (c & 0x100) {
					sb_putc(&sb, '\\');
					sb_putc(&sb, c & 0xff);
				} else {
					sb_putc(&sb, c);
				}
			} else {
				sb_putc(&sb, *f++);
			}
		}
		if (stop || a.i == start)
			break;
	} while (a.i < a.n);
	if (xwrite(1, sb.s ? sb.s : "", sb.len) < 0) {
		sh_warn("printf: write error: %s", strerror(errno));
		a.err = 1;
	}
	free(sb.s);
	return a.err;
}
