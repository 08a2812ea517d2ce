/*
 * arith.c - evaluator for $(( )) expressions: C integer operators,
 * assignment operators, ?: and variables referenced by name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

static const char *ap;
static const char *astart;
static int noeval;

static long assign_expr(void);

static void __attribute__((noreturn))
arith_error(const char *msg)
{
	sh_warn("arithmetic: %s: \"%s\"", msg, astart);
	sh_fatal(2);
}

static void
skip_ws(void)
{
	while (*ap == ' ' || *ap == '\t' || *ap == '\n')
		ap++;
}

static long
str_number(const char *s, const char **endp)
{
	char *end;
	long v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		v = strtol(s, &end, 16);
	else if (s[0] == '0')
		v = strtol(s, &end, 8);
	else
		v = strtol(s, &end, 10);
	*endp = end;
	return v;
}

static long
var_number(const char *name)
{
	const char *v = var_get(name), *end;
	long n;

	if (!v) {
		if (opt.nounset) {
			sh_warn("%s: parameter not set", name);
			sh_fatal(2);
		}
		return 0;
	}
	while (*v == ' ' || *v == '\t' || *v == '\n')
		v++;
	if (!*v)
		return 0;
	if (*v == '-' || *v == '+') {
		n = str_number(v + 1, &end);
		if (*v == '-')
			n = -n;
	} else {
		n = str_number(v, &end);
	}
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (*end || end == v)
		arith_error("bad number in variable");
	return n;
}

static long
primary(void)
{
	long v;

	skip_ws();
	if (*ap == '(') {
		ap++;
		v = assign_expr();
		skip_ws();
		if (*ap != ')')
			arith_error("missing ')'");
		ap++;
		return v;
	}
	if (*ap >= '0' && *ap <= '9') {
		const char *end;

		v = str_number(ap, &end);
		if (is_name_char((unsigned char)*end))
			arith_error("bad number");
		ap = end;
		return v;
	}
	if (is_name_start((unsigned char)*ap)) {
		const char *s = ap;
		char *name;

		while (is_name_char((unsigned char)*ap))
			ap++;
		name = xstrndup(s, ap - s);
		v = var_number(name);
		free(name);
		return v;
	}
	arith_error(*ap ? "syntax error" : "missing operand");
}

static long
unary(void)
{
	skip_ws();
	switch (*ap) {
	case '+':
		ap++;
		return unary();
	case '-':
		ap++;
		return -unary();
	case '!':
		ap++;
		return !unary();
	case '~':
		ap++;
		return ~unary();
	}
	return primary();
}

struct binop {
	const char *op;
	int prec;
};

static const struct binop binops[] = {
	{ "||", 1 }, { "&&", 2 }, { "|", 3 }, { "^", 4 }, { "&", 5 },
	{ "==", 6 }, { "!=", 6 }, { "<=", 7 }, { ">=", 7 }, { "<<", 8 },
	{ ">>", 8 }, { "<", 7 }, { ">", 7 }, { "+", 9 }, { "-", 9 },
	{ "*", 10 }, { "/", 10 }, { "%", 10 }, { NULL, 0 }
};

static const struct binop *
peek_binop(void)
{
	int i;

	skip_ws();
	for (i = 0; binops[i].op; i++) {
		size_t n = strlen(binops[i].op);

		if (strncmp(ap, binops[i].op, n) != 0)
			continue;
		/* an assignment operator such as "+=" or "<<=" is not binary */
		if (ap[n] == '=' && strchr("|^&<>+-*/%", binops[i].op[0]) &&
		    strcmp(binops[i].op, "<=") && strcmp(binops[i].op, ">=") &&
		    strcmp(binops[i].op, "&&") && strcmp(binops[i].op, "||"))
			return NULL;
		return &binops[i];
	}
	return NULL;
}

static long
apply(const char *op, long l, long r)
{
	switch (op[0]) {
	case '|': return op[1] ? (l || r) : (l | r);
	case '&': return op[1] ? (l && r) : (l & r);
	case '^': return l ^ r;
	case '=': return l == r;
	case '!': return l != r;
	case '<':
		if (op[1] == '<')
			return (unsigned long)l << (r & 63);
		return op[1] ? l <= r : l < r;
	case '>':
		if (op[1] == '>')
			return l >> (r & 63);
		return op[1] ? l >= r : l > r;
	case '+': return (long)((unsigned long)l + (unsigned long)r);
	case '-': return (long)((unsigned long)l - (unsigned long)r);
	case '*': return (long)((unsigned long)l * (unsigned long)r);
	}
	if (r == 0) {
		if (noeval)
			return 0;
		arith_error("division by zero");
	}
	if (r == -1)
		return op[0] == '/' ? -l : 0;
	return op[0] == '/' ? l / r : l % r;
}

static long
binary(int minprec)
{
	long l = unary();

	for (;;) {
		const struct binop *b = peek_binop();
		long r;

		if (!b || b->prec < minprec)
			return l;
		ap += strlen(b->op);
		if (b->prec <= 2) {
			int skip = b->prec == 2 ? !l : !!l;

			noeval += skip;
			r = binary(b->prec + 1);
			noeval -= skip;
			l = b->prec == 2 ? (l && r) : (l || r);
			continue;
		}
		r = binary(b->prec + 1);
		l = apply(b->op, l, r);
	}
}

static long
cond_expr(void)
{
	long c = binary(1), a, b;

	skip_ws();
	if (*ap != '?')
		return c;
	ap++;
	noeval += !c;
	a = assign_expr();
	noeval -= !c;
	skip_ws();
	if (*ap != ':')
		arith_error("expecting ':'");
	ap++;
	noeval += !!c;
	b = cond_expr();
	noeval -= !!c;
	return c ? a : b;
}

static const char *
assign_op(const char *p)
{
	static const char *ops[] = {
		"<<=", ">>=", "+=", "-=", "*=", "/=", "%=", "&=", "^=", "|=",
		"=", NULL
	};
	int i;

	for (i = 0; ops[i]; i++)
		if (!strncmp(p, ops[i], strlen(ops[i])))
			break;
	if (!ops[i] || (ops[i][0] == '=' && p[1] == '='))
		return NULL;
	return ops[i];
}

static long
assign_expr(void)
{
	const char *save, *op;
	char *name;
	long v;

	skip_ws();
	save = ap;
	if (!is_name_start((unsigned char)*ap))
		return cond_expr();
	while (is_name_char((unsigned char)*ap))
		ap++;
	name = xstrndup(save, ap - save);
	skip_ws();
	op = assign_op(ap);
	if (!op) {
		free(name);
		ap = save;
		return cond_expr();
	}
	ap += strlen(op);
	v = assign_expr();
	if (op[0] != '=') {
		char bop[3] = { op[0], op[1] == '=' ? 0 : op[1], 0 };

		v = apply(bop, var_number(name), v);
	}
	if (!noeval) {
		char buf[32];

		snprintf(buf, sizeof(buf), "%ld", v);
		if (var_set(name, buf, 0) < 0)
			sh_fatal(1);
	}
	free(name);
	return v;
}

long
arith_eval(const char *expr)
{
	long v;

	ap = astart = expr;
	noeval = 0;
	skip_ws();
	if (!*ap)
		return 0;
	v = assign_expr();
	skip_ws();
	if (*ap)
		arith_error("syntax error");
	return v;
}
