/*
 * expand.c - word expansion: tilde, parameters, command substitution,
 * arithmetic, field splitting, pathname globbing and quote removal.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

#define F_Q 1		/* quoted: never split or globbed */
#define F_EXP 2		/* result of an unquoted expansion: split on IFS */
#define F_BREAK 4	/* forced field boundary ("$@") */
#define F_MARK 8	/* empty quoted text: the field exists */

#define X_BRACE 0x100	/* expanding the word inside ${...} */

struct xbuf {
	char *c;
	unsigned char *f;
	size_t len, cap;
	int at_empty;		/* saw "$@" with no parameters */
};

int back_status;

static void expand_raw(struct xbuf *b, const char *p, const char *end,
		       int dq, int litf, int flags);

static void
xput(struct xbuf *b, int c, int f)
{
	if (b->len + 1 >= b->cap) {
		b->cap = b->cap * 2 + 32;
		b->c = xrealloc(b->c, b->cap);
		b->f = xrealloc(b->f, b->cap);
	}
	b->c[b->len] = (char)c;
	b->f[b->len] = (unsigned char)f;
	b->len++;
}

static void
xput_str(struct xbuf *b, const char *s, int f)
{
	while (*s)
		xput(b, (unsigned char)*s++, f);
}

static void
xfree(struct xbuf *b)
{
	free(b->c);
	free(b->f);
	memset(b, 0, sizeof(*b));
}

/* ---- scanning the raw text of a word ---- */
static const char *skip_dollar(const char *p);

static const char *
skip_squote(const char *p)
{
	while (*p && *p != '\'')
		p++;
	return p;
}

static const char *
skip_bquote(const char *p)
{
	while (*p && *p != '`') {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	return p;
}

static const char *
skip_dquote(const char *p)
{
	while (*p && *p != '"') {
		if (*p == '\\' && p[1]) {
			p += 2;
		} else if (*p == '$') {
			p = skip_dollar(p);
		} else if (*p == '`') {
			p = skip_bquote(p + 1);
			if (*p)
				p++;
		} else {
			p++;
		}
	}
	return p;
}

static const char *
skip_quoted(const char *p)
{
	const char *q;

	if (*p == '\'')
		q = skip_squote(p + 1);
	else if (*p == '"')
		q = skip_dquote(p + 1);
	else
		q = skip_bquote(p + 1);
	return *q ? q + 1 : q;
}

static const char *
skip_brace(const char *p)
{
	while (*p && *p != '}') {
		if (*p == '\\' && p[1])
			p += 2;
		else if (*p == '\'' || *p == '"' || *p == '`')
			p = skip_quoted(p);
		else if (*p == '$')
			p = skip_dollar(p);
		else
			p++;
	}
	return p;
}

/* Mirror of the lexer's read_cmdsub(): find the ')' closing "$(". */
static const char *
skip_cmdsub(const char *p)
{
	int depth = 0, casedepth = 0, atstart = 1;

	while (*p) {
		if (is_name_char((unsigned char)*p)) {
			const char *w = p;

			while (is_name_char((unsigned char)*p))
				p++;
			if (p - w == 4 && !strncmp(w, "case", 4))
				casedepth++;
			else if (p - w == 4 && !strncmp(w, "esac", 4) &&
				 casedepth > 0)
				casedepth--;
			atstart = 0;
			continue;
		}
		if (*p == '\\' && p[1]) {
			p += 2;
			atstart = 0;
			continue;
		}
		if (*p == '\'' || *p == '"' || *p == '`') {
			p = skip_quoted(p);
			atstart = 0;
			continue;
		}
		if (*p == '$') {
			p = skip_dollar(p);
			atstart = 0;
			continue;
		}
		if (*p == '#' && atstart) {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			if (depth > 0)
				depth--;
			else if (casedepth == 0)
				return p;
		}
		atstart = strchr(" \t\n;&|(", *p) != NULL;
		p++;
	}
	return p;
}

static const char *
skip_arith(const char *p)
{
	int depth = 0;

	while (*p) {
		if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			if (depth == 0)
				return p;
			depth--;
		} else if (*p == '$') {
			p = skip_dollar(p);
			continue;
		} else if (*p == '\'' || *p == '"' || *p == '`') {
			p = skip_quoted(p);
			continue;
		}
		p++;
	}
	return p;
}

static const char *
skip_dollar(const char *p)
{
	const char *q;

	if (p[1] == '(' && p[2] == '(') {
		q = skip_arith(p + 3);
		return q[0] && q[1] ? q + 2 : q + (q[0] != 0);
	}
	if (p[1] == '(') {
		q = skip_cmdsub(p + 2);
		return *q ? q + 1 : q;
	}
	if (p[1] == '{') {
		q = skip_brace(p + 2);
		return *q ? q + 1 : q;
	}
	return p + 1;
}

/* ---- parameters ---- */
static char *
num_str(long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	return xstrdup(buf);
}

static char *
join_params(int sep)
{
	struct strbuf sb = { 0 };
	int i;

	for (i = 0; i < pos_n; i++) {
		if (i && sep)
			sb_putc(&sb, sep);
		sb_puts(&sb, pos_v[i]);
	}
	return sb_str(&sb);
}

static int
ifs_first(void)
{
	const char *ifs = var_get("IFS");

	if (!ifs)
		return ' ';
	return (unsigned char)ifs[0];
}

/* Value of a parameter as a new string, or NULL when unset. */
static char *
param_value(const char *name)
{
	const char *v;

	if (name[0] >= '0' && name[0] <= '9') {
		long n = atol(name);

		if (n == 0)
			return xstrdup(arg0);
		return n <= pos_n ? xstrdup(pos_v[n - 1]) : NULL;
	}
	if (!name[1]) {
		switch (name[0]) {
		case '#': return num_str(pos_n);
		case '?': return num_str(exitstatus);
		case '$': return num_str(rootpid);
		case '!': return lastbgpid ? num_str(lastbgpid) : NULL;
		case '-': return opt_flags();
		case '@': return join_params(' ');
		case '*': return join_params(ifs_first());
		}
	}
	v = var_get(name);
	return v ? xstrdup(v) : NULL;
}

static void __attribute__((noreturn))
param_unset_error(const char *name)
{
	sh_warn("%s: parameter not set", name);
	sh_fatal(2);
}

/* Put $@ or $* (unbraced or without an operator). */
static void
put_at(struct xbuf *b, int which, int dq)
{
	int i;

	if (dq && which == '*') {
		char *s = join_params(ifs_first());

		xput_str(b, s, F_Q);
		free(s);
		return;
	}
	if (pos_n == 0 && dq)
		b->at_empty = 1;
	for (i = 0; i < pos_n; i++) {
		if (i)
			xput(b, 0, F_BREAK);
		if (dq)
			xput(b, 0, F_MARK);
		xput_str(b, pos_v[i], dq ? F_Q : F_EXP);
	}
}

static void
put_param(struct xbuf *b, const char *name, int dq)
{
	char *v;

	if ((name[0] == '@' || name[0] == '*') && !name[1]) {
		put_at(b, name[0], dq);
		return;
	}
	v = param_value(name);
	if (!v) {
		if (opt.nounset && strcmp(name, "!") != 0)
			param_unset_error(name);
		return;
	}
	xput_str(b, v, dq ? F_Q : F_EXP);
	free(v);
}

/* Convert an expansion buffer to a plain string or an escaped pattern. */
static char *
xbuf_string(struct xbuf *b, int pattern)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < b->len; i++) {
		int c = (unsigned char)b->c[i], f = b->f[i];

		if (f & F_MARK)
			continue;
		if (f & F_BREAK) {
			sb_putc(&sb, ' ');
			continue;
		}
		if (pattern && (f & F_Q) && strchr("*?[]\\!-^", c))
			sb_putc(&sb, '\\');
		sb_putc(&sb, c);
	}
	return sb_str(&sb);
}

static char *
sub_expand(const char *p, const char *end, int pattern)
{
	struct xbuf b = { 0 };
	char *s;

	expand_raw(&b, p, end, 0, 0, EXP_TILDE | X_BRACE);
	s = xbuf_string(&b, pattern);
	xfree(&b);
	return s;
}

/* Remove the shortest/longest prefix or suffix matching pat. */
static char *
strip_pattern(const char *val, const char *pat, int op)
{
	size_t len = strlen(val), i;
	char *tmp = xstrdup(val);
	int prefix = op == '#' || op == 'H';
	int longest = op == 'H' || op == 'P';

	for (i = 0; i <= len; i++) {
		size_t k = longest ? (prefix ? len - i : i) :
				     (prefix ? i : len - i);
		int m;

		if (prefix) {
			char save = tmp[k];

			tmp[k] = '\0';
			m = pmatch(pat, tmp);
			tmp[k] = save;
			if (m) {
				char *r = xstrdup(val + k);

				free(tmp);
				return r;
			}
		} else if (pmatch(pat, val + k)) {
			tmp[k] = '\0';
			return tmp;
		}
	}
	free(tmp);
	return xstrdup(val);
}

static void __attribute__((noreturn))
bad_subst(const char *p, const char *end)
{
	sh_warn("${%.*s}: bad substitution", (int)(end - p), p);
	sh_fatal(2);
}

static const char *
param_name_end(const char *q)
{
	if (is_name_start((unsigned char)*q)) {
		while (is_name_char((unsigned char)*q))
			q++;
	} else if (*q >= '0' && *q <= '9') {
		while (*q >= '0' && *q <= '9')
			q++;
	} else if (*q && strchr("@*#?-$!", *q)) {
		q++;
	}
	return q;
}

static void
brace_op(struct xbuf *b, const char *name, int op, int colon,
	 const char *w, const char *end, int dq, int flags)
{
	char *val = param_value(name), *s;
	int set = val != NULL, null = !val || !*val;
	int use_word = !set || (colon && null);

	switch (op) {
	case '-':
		if (use_word)
			expand_raw(b, w, end, dq, dq ? 0 : F_EXP,
				   (flags & EXP_TILDE) | X_BRACE);
		else
			xput_str(b, val, dq ? F_Q : F_EXP);
		break;
	case '+':
		if (!use_word)
			expand_raw(b, w, end, dq, dq ? 0 : F_EXP,
				   (flags & EXP_TILDE) | X_BRACE);
		break;
	case '=':
		if (use_word) {
			if (!is_name(name)) {
				sh_warn("%s: cannot assign in this way", name);
				sh_fatal(2);
			}
			free(val);
			val = sub_expand(w, end, 0);
			if (var_set(name, val, 0) < 0)
				sh_fatal(1);
		}
		xput_str(b, val, dq ? F_Q : F_EXP);
		break;
	case '?':
		if (use_word) {
			s = w < end ? sub_expand(w, end, 0) :
				xstrdup(set ? "parameter null" :
					"parameter null or not set");
			sh_warn("%s: %s", name, s);
			free(s);
			sh_fatal(2);
		}
		xput_str(b, val, dq ? F_Q : F_EXP);
		break;
	default:
		if (!set && opt.nounset)
			param_unset_error(name);
		s = sub_expand(w, end, 1);
		free(val);
		val = strip_pattern(set ? param_value(name) : xstrdup(""), s, op);
		free(s);
		xput_str(b, val, dq ? F_Q : F_EXP);
		break;
	}
	free(val);
}

/* p points just after "${"; returns the position after the '}'. */
static const char *
expand_brace(struct xbuf *b, const char *p, int dq, int flags)
{
	const char *end = skip_brace(p), *q = p, *r;
	int lenop = 0, colon = 0, op = 0;
	char *name;

	if (*q == '#' && q[1] != '}' && param_name_end(q + 1) == end) {
		lenop = 1;
		q++;
	}
	r = param_name_end(q);
	if (r == q)
		bad_subst(p, end);
	name = xstrndup(q, r - q);
	if (r < end) {
		if (*r == ':') {
			colon = 1;
			r++;
		}
		if (*r && strchr("-=?+", *r)) {
			op = *r++;
		} else if (!colon && *r == '%') {
			op = '%';
			if (*++r == '%') {
				op = 'P';
				r++;
			}
		} else if (!colon && *r == '#') {
			op = '#';
			if (*++r == '#') {
				op = 'H';
				r++;
			}
		} else {
			bad_subst(p, end);
		}
	}
	if (lenop) {
		char *v = param_value(name), *n;

		if (!v && opt.nounset)
			param_unset_error(name);
		n = num_str(v ? (long)strlen(v) : 0);
		xput_str(b, n, dq ? F_Q : F_EXP);
		free(n);
		free(v);
	} else if (!op) {
		put_param(b, name, dq);
	} else {
		brace_op(b, name, op, colon, r, end, dq, flags);
	}
	free(name);
	return *end ? end + 1 : end;
}

static void
put_cmdsub(struct xbuf *b, char *text, int dq)
{
	char *out = run_cmdsub(text);

	xput_str(b, out, dq ? F_Q : F_EXP);
	free(out);
}

/* Text of a backquoted command with its backslash escapes removed. */
static char *
bquote_text(const char *p, const char *q, int dq)
{
	struct strbuf sb = { 0 };

	for (; p < q; p++) {
		if (*p == '\\' && p + 1 < q &&
		    (p[1] == '$' || p[1] == '`' || p[1] == '\\' ||
		     (dq == 1 && p[1] == '"')))
			p++;
		sb_putc(&sb, *p);
	}
	return sb_str(&sb);
}

/* p points at '$'; returns the position after the construct. */
static const char *
expand_dollar(struct xbuf *b, const char *p, int dq, int flags)
{
	const char *q;
	char *text;

	if (p[1] == '(' && p[2] == '(') {
		char *e, *n;

		q = skip_arith(p + 3);
		text = xstrndup(p + 3, q - (p + 3));
		e = expand_str(text, 0);
		n = num_str(arith_eval(e));
		xput_str(b, n, dq ? F_Q : F_EXP);
		free(n);
		free(e);
		free(text);
		return q[0] && q[1] ? q + 2 : q + (q[0] != 0);
	}
	if (p[1] == '(') {
		q = skip_cmdsub(p + 2);
		text = xstrndup(p + 2, q - (p + 2));
		put_cmdsub(b, text, dq);
		free(text);
		return *q ? q + 1 : q;
	}
	if (p[1] == '{')
		return expand_brace(b, p + 2, dq, flags);
	q = param_name_end(p + 1);
	if (p[1] >= '0' && p[1] <= '9')
		q = p + 2;
	if (q == p + 1) {
		xput(b, '$', dq ? F_Q : 0);
		return p + 1;
	}
	text = xstrndup(p + 1, q - (p + 1));
	put_param(b, text, dq);
	free(text);
	return q;
}

static const char *
expand_tilde(struct xbuf *b, const char *p, const char *end, int flags)
{
	const char *q = p + 1, *home;

	while (q < end && *q != '/' && !((flags & EXP_ASSIGN) && *q == ':'))
		q++;
	home = var_get("HOME");
	if (q != p + 1 || !home) {
		xput(b, '~', 0);
		return p + 1;
	}
	xput_str(b, home, F_Q);
	return q;
}

static void
expand_raw(struct xbuf *b, const char *p, const char *end, int dq,
	   int litf, int flags)
{
	const char *start = p, *q;

	while (p < end) {
		int c = (unsigned char)*p;

		if (dq == 0 && c == '\'') {
			size_t before = b->len;

			q = skip_squote(p + 1);
			if (q > end)
				q = end;
			for (p++; p < q; p++)
				xput(b, (unsigned char)*p, F_Q);
			if (b->len == before)
				xput(b, 0, F_MARK);
			p = q < end ? q + 1 : end;
		} else if (dq == 0 && c == '"') {
			size_t before = b->len;
			int save = b->at_empty;

			q = skip_dquote(p + 1);
			if (q > end)
				q = end;
			b->at_empty = 0;
			expand_raw(b, p + 1, q, 1, 0, flags & X_BRACE);
			if (b->len == before && !b->at_empty)
				xput(b, 0, F_MARK);
			b->at_empty = save;
			p = q < end ? q + 1 : end;
		} else if (c == '\\') {
			int n = p + 1 < end ? (unsigned char)p[1] : 0;

			if (dq == 0) {
				xput(b, n ? n : '\\', F_Q);
				p += n ? 2 : 1;
			} else if (n == '$' || n == '`' || n == '\\' ||
				   (n == '"' && dq == 1)) {
				xput(b, n, F_Q);
				p += 2;
			} else if (n == '\n') {
				p += 2;
			} else {
				xput(b, '\\', F_Q);
				p++;
			}
		} else if (c == '"' && dq == 1 && (flags & X_BRACE)) {
			p++;
		} else if (c == '$') {
			p = expand_dollar(b, p, dq, flags);
		} else if (c == '`') {
			char *text;

			q = skip_bquote(p + 1);
			text = bquote_text(p + 1, q, dq);
			put_cmdsub(b, text, dq);
			free(text);
			p = *q ? q + 1 : q;
		} else if (c == '~' && dq == 0 && (flags & EXP_TILDE) &&
			   (p == start || ((flags & EXP_ASSIGN) && p[-1] == ':'))) {
			p = expand_tilde(b, p, end, flags);
		} else {
			xput(b, c, dq ? F_Q : litf);
			p++;
		}
	}
}

/* ---- field splitting and pathname expansion ---- */
static int
is_ifs_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static void
emit_field(struct xbuf *cur, struct strvec *out)
{
	struct strbuf pat = { 0 };
	int glob = 0;
	size_t i;

	for (i = 0; i < cur->len; i++) {
		int c = (unsigned char)cur->c[i];

		if (!(cur->f[i] & F_Q) && (c == '*' || c == '?' || c == '['))
			glob = 1;
	}
	if (glob && !opt.noglob) {
		struct strvec m = { 0 };
		int i2;

		pat.s = xbuf_string(cur, 1);
		glob_into(pat.s, &m);
		free(pat.s);
		if (m.n > 0) {
			for (i2 = 0; i2 < m.n; i2++)
				sv_push(out, m.v[i2]);
			free(m.v);
			cur->len = 0;
			return;
		}
		free(m.v);
	}
	sv_push(out, xbuf_string(cur, 0));
	cur->len = 0;
}

static void
split_fields(struct xbuf *b, struct strvec *out)
{
	const char *ifs = var_get("IFS");
	struct xbuf cur = { 0 };
	int started = 0, afterws = 0;
	size_t i;

	if (!ifs)
		ifs = " \t\n";
	for (i = 0; i < b->len; i++) {
		int c = (unsigned char)b->c[i], f = b->f[i];

		if (f & F_BREAK) {
			if (started)
				emit_field(&cur, out);
			started = afterws = 0;
			continue;
		}
		if (f & F_MARK) {
			started = 1;
			continue;
		}
		if ((f & F_EXP) && !(f & F_Q) && c && strchr(ifs, c)) {
			if (is_ifs_ws(c)) {
				if (started) {
					emit_field(&cur, out);
					started = 0;
					afterws = 1;
				}
				continue;
			}
			if (!started && afterws) {
				afterws = 0;
				continue;
			}
			emit_field(&cur, out);
			started = afterws = 0;
			continue;
		}
		xput(&cur, c, f);
		started = 1;
		afterws = 0;
	}
	if (started)
		emit_field(&cur, out);
	xfree(&cur);
}

/* Fully expand a list of words into an argument vector. */
char **
expand_words(char **words, int *argcp)
{
	struct strvec out = { 0 };
	int i;

	for (i = 0; words && words[i]; i++) {
		struct xbuf b = { 0 };

		expand_raw(&b, words[i], words[i] + strlen(words[i]), 0, 0,
			   EXP_TILDE);
		split_fields(&b, &out);
		xfree(&b);
	}
	if (!out.v) {
		out.v = xmalloc(sizeof(char *));
		out.v[0] = NULL;
	}
	if (argcp)
		*argcp = out.n;
	return out.v;
}

/* Expand a word without field splitting or globbing. */
char *
expand_str(const char *w, int flags)
{
	struct xbuf b = { 0 };
	char *s;

	expand_raw(&b, w, w + strlen(w), 0, 0, flags);
	s = xbuf_string(&b, 0);
	xfree(&b);
	return s;
}

/* Expand a case pattern: quoted characters are escaped. */
char *
expand_pattern(const char *w)
{
	struct xbuf b = { 0 };
	char *s;

	expand_raw(&b, w, w + strlen(w), 0, 0, EXP_TILDE);
	s = xbuf_string(&b, 1);
	xfree(&b);
	return s;
}

char *
expand_heredoc(const char *body)
{
	struct xbuf b = { 0 };
	char *s;

	expand_raw(&b, body, body + strlen(body), 2, 0, 0);
	s = xbuf_string(&b, 0);
	xfree(&b);
	return s;
}

/* Remove quotes from a here-document delimiter. */
char *
unquote_word(const char *w, int *quoted)
{
	struct strbuf sb = { 0 };
	const char *p;

	*quoted = 0;
	for (p = w; *p; p++) {
		if (*p == '\\' && p[1]) {
			*quoted = 1;
			sb_putc(&sb, *++p);
		} else if (*p == '\'' || *p == '"') {
			int q = *p;

			*quoted = 1;
			for (p++; *p && *p != q; p++) {
				if (q == '"' && *p == '\\' && p[1] &&
				    strchr("$`\"\\", p[1]))
					p++;
				sb_putc(&sb, *p);
			}
			if (!*p)
				break;
		} else {
			sb_putc(&sb, *p);
		}
	}
	return sb_str(&sb);
}

/* ---- pattern matching ---- */
static int
match_class(const char *name, size_t n, int c)
{
	static const char *names[] = {
		"alpha", "digit", "alnum", "upper", "lower", "space", "punct",
		"xdigit", "blank", "print", "graph", "cntrl", NULL
	};
	int i;

	for (i = 0; names[i]; i++)
		if (strlen(names[i]) == n && !strncmp(names[i], name, n))
			break;
	switch (i) {
	case 0: return (c | 32) >= 'a' && (c | 32) <= 'z';
	case 1: return c >= '0' && c <= '9';
	case 2: return match_class("alpha", 5, c) || match_class("digit", 5, c);
	case 3: return c >= 'A' && c <= 'Z';
	case 4: return c >= 'a' && c <= 'z';
	case 5: return c == ' ' || (c >= '\t' && c <= '\r');
	case 6: return c > 32 && c < 127 && !match_class("alnum", 5, c);
	case 7: return match_class("digit", 5, c) ||
		       ((c | 32) >= 'a' && (c | 32) <= 'f');
	case 8: return c == ' ' || c == '\t';
	case 9: return c >= 32 && c < 127;
	case 10: return c > 32 && c < 127;
	case 11: return c < 32 || c == 127;
	}
	return 0;
}

/* *pp is just after '['; 1 match, 0 no match, -1 not a bracket. */
static int
match_bracket(const char **pp, int c)
{
	const char *p = *pp, *start;
	int neg = 0, ok = 0;

	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	start = p;
	for (;;) {
		int lo, hi;

		if (!*p)
			return -1;
		if (*p == ']' && p != start)
			break;
		if (*p == '[' && p[1] == ':') {
			const char *e = strstr(p + 2, ":]");

			if (e) {
				if (match_class(p + 2, e - (p + 2), c))
					ok = 1;
				p = e + 2;
				continue;
			}
		}
		if (*p == '\\' && p[1])
			p++;
		lo = (unsigned char)*p++;
		hi = lo;
		if (*p == '-' && p[1] && p[1] != ']') {
			p++;
			if (*p == '\\' && p[1])
				p++;
			hi = (unsigned char)*p++;
		}
		if (c >= lo && c <= hi)
			ok = 1;
	}
	*pp = p + 1;
	return ok != neg;
}

int
pmatch(const char *p, const char *s)
{
	for (;;) {
		const char *q;
		int r;

		switch (*p) {
		case '\0':
			return *s == '\0';
		case '*':
			while (*p == '*')
				p++;
			if (!*p)
				return 1;
			for (;; s++) {
				if (pmatch(p, s))
					return 1;
				if (!*s)
					return 0;
			}
		case '?':
			if (!*s)
				return 0;
			p++;
			s++;
			break;
		case '[':
			if (!*s)
				return 0;
			q = p + 1;
			r = match_bracket(&q, (unsigned char)*s);
			if (r < 0) {
				if (*s != '[')
					return 0;
				p++;
			} else if (!r) {
				return 0;
			} else {
				p = q;
			}
			s++;
			break;
		case '\\':
			if (p[1])
				p++;
			/* fall through */
		default:
			if (*p != *s)
				return 0;
			p++;
			s++;
			break;
		}
	}
}

int
has_glob(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == '*' || *s == '?' || *s == '[')
			return 1;
	}
	return 0;
}

static char *
unescape(const char *s, size_t n)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		sb_putc(&sb, s[i]);
	}
	return sb_str(&sb);
}

static void
glob_rec(const char *dir, const char *pat, struct strvec *out)
{
	const char *slash = strchr(pat, '/'), *rest = NULL;
	size_t clen = slash ? (size_t)(slash - pat) : strlen(pat);
	char *comp = xstrndup(pat, clen);
	struct strbuf path = { 0 };
	struct dirent *e;
	struct stat st;
	DIR *d;

	if (slash) {
		rest = slash;
		while (*rest == '/')
			rest++;
	}
	if (!has_glob(comp)) {
		char *lit = unescape(comp, clen);

		sb_puts(&path, dir);
		sb_puts(&path, lit);
		free(lit);
		if (rest && *rest) {
			sb_putc(&path, '/');
			glob_rec(path.s, rest, out);
		} else if (lstat(path.s, &st) == 0) {
			if (rest)
				sb_putc(&path, '/');
			sv_push(out, xstrdup(path.s));
		}
		free(path.s);
		free(comp);
		return;
	}
	d = opendir(*dir ? dir : ".");
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' && comp[0] != '.' &&
		    !(comp[0] == '\\' && comp[1] == '.'))
			continue;
		if (!pmatch(comp, e->d_name))
			continue;
		path.len = 0;
		sb_puts(&path, dir);
		sb_puts(&path, e->d_name);
		if (rest) {
			if (stat(path.s, &st) != 0 || !S_ISDIR(st.st_mode))
				continue;
			sb_putc(&path, '/');
			if (*rest)
				glob_rec(path.s, rest, out);
			else
				sv_push(out, xstrdup(path.s));
		} else {
			sv_push(out, xstrdup(path.s));
		}
	}
	if (d)
		closedir(d);
	free(path.s);
	free(comp);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the sorted pathnames matching pat (escaped pattern) to out. */
void
glob_into(const char *pat, struct strvec *out)
{
	struct strvec m = { 0 };
	int i;

	if (*pat == '/') {
		while (*pat == '/')
			pat++;
		glob_rec("/", pat, &m);
	} else {
		glob_rec("", pat, &m);
	}
	if (m.n > 1)
		qsort(m.v, m.n, sizeof(char *), cmp_str);
	for (i = 0; i < m.n; i++)
		sv_push(out, m.v[i]);
	free(m.v);
}

/* ---- prompts ---- */
char *
expand_prompt(const char *ps)
{
	struct strbuf sb = { 0 };
	const char *p, *home = var_get("HOME"), *pwd = var_get("PWD");
	char *r;

	for (p = ps; *p; p++) {
		if (*p != '\\' || !p[1]) {
			sb_putc(&sb, *p);
			continue;
		}
		switch (*++p) {
		case 'w':
			if (pwd && home && *home && !strncmp(pwd, home, strlen(home)) &&
			    (pwd[strlen(home)] == '/' || !pwd[strlen(home)])) {
				sb_putc(&sb, '~');
				sb_puts(&sb, pwd + strlen(home));
			} else if (pwd) {
				sb_puts(&sb, pwd);
			}
			break;
		case 'W':
			if (pwd)
				sb_puts(&sb, strrchr(pwd, '/') && pwd[1] ?
					strrchr(pwd, '/') + 1 : pwd);
			break;
		case 'u':
			if (var_get("USER"))
				sb_puts(&sb, var_get("USER"));
			else
				sb_puts(&sb, getuid() == 0 ? "root" : "user");
			break;
		case 'h':
			sb_puts(&sb, var_get("HOSTNAME") ? var_get("HOSTNAME") : "circle");
			break;
		case '$':
			sb_putc(&sb, getuid() == 0 ? '#' : '$');
			break;
		case 'n':
			sb_putc(&sb, '\n');
			break;
		case '\\':
			sb_putc(&sb, '\\');
			break;
		default:
			sb_putc(&sb, '\\');
			sb_putc(&sb, *p);
			break;
		}
	}
	r = sb_str(&sb);
	if (strchr(r, '$') || strchr(r, '`')) {
		char *e = expand_heredoc(r);

		free(r);
		r = e;
	}
	return r;
}
