/*
 * test.c - the test and [ builtins: file, string and integer tests
 * combined with ! -a -o and parentheses, following the POSIX rules.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

static char **tv;
static int tn, tp;
static int terr;

static int or_expr(void);

static void
test_error(const char *msg, const char *arg)
{
	if (!terr)
		sh_warn("test: %s%s%s", arg ? arg : "", arg ? ": " : "", msg);
	terr = 1;
}

static long
int_arg(const char *s)
{
	long v;

	if (parse_int(s, &v) < 0) {
		test_error("integer expression expected", s);
		return 0;
	}
	return v;
}

static int
perm_ok(struct stat *st, int bit)
{
	uid_t uid = getuid();

	if (uid == 0)
		return bit != 1 || (st->st_mode & 0111) || S_ISDIR(st->st_mode);
	if (st->st_uid == uid)
		return (st->st_mode & (bit << 6)) != 0;
	return (st->st_mode & ((bit << 3) | bit)) != 0;
}

static int
is_unary(const char *s)
{
	return s[0] == '-' && s[1] && !s[2] && strchr("bcdefghLnprsStuwxz", s[1]);
}

static int
unary(const char *op, const char *arg)
{
	struct stat st;
	long fd;

	switch (op[1]) {
	case 'z': return arg[0] == '\0';
	case 'n': return arg[0] != '\0';
	case 't': return parse_int(arg, &fd) == 0 && isatty((int)fd);
	case 'L':
	case 'h':
		return lstat(arg, &st) == 0 && S_ISLNK(st.st_mode);
	}
	if (stat(arg, &st) < 0)
		return 0;
	switch (op[1]) {
	case 'e': return 1;
	case 'f': return S_ISREG(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'b': return S_ISBLK(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'p': return S_ISFIFO(st.st_mode);
	case 'S': return S_ISSOCK(st.st_mode);
	case 's': return st.st_size > 0;
	case 'g': return (st.st_mode & S_ISGID) != 0;
	case 'u': return (st.st_mode & S_ISUID) != 0;
	case 'r': return perm_ok(&st, 4);
	case 'w': return perm_ok(&st, 2);
	case 'x': return perm_ok(&st, 1);
	}
	return 0;
}

static int
is_binary(const char *s)
{
	static const char *ops[] = {
		"=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt",
		"-ge", "-nt", "-ot", "-ef", NULL
	};
	int i;

	for (i = 0; ops[i]; i++)
		if (!strcmp(ops[i], s))
			return 1;
	return 0;
}

static int
binary(const char *a, const char *op, const char *b)
{
	struct stat sa, sb;
	long x, y;

	if (!strcmp(op, "=") || !strcmp(op, "=="))
		return strcmp(a, b) == 0;
	if (!strcmp(op, "!="))
		return strcmp(a, b) != 0;
	if (!strcmp(op, "<"))
		return strcmp(a, b) < 0;
	if (!strcmp(op, ">"))
		return strcmp(a, b) > 0;
	if (op[1] == 'n' && op[2] == 't')
		return stat(a, &sa) == 0 && (stat(b, &sb) < 0 ||
			sa.st_mtime > sb.st_mtime);
	if (op[1] == 'o' && op[2] == 't')
		return stat(b, &sb) == 0 && (stat(a, &sa) < 0 ||
			sa.st_mtime < sb.st_mtime);
	if (op[1] == 'e' && op[2] == 'f')
		return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
		       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	x = int_arg(a);
	y = int_arg(b);
	if (!strcmp(op, "-eq")) return x == y;
	if (!strcmp(op, "-ne")) return x != y;
	if (!strcmp(op, "-lt")) return x < y;
	if (!strcmp(op, "-le")) return x <= y;
	if (!strcmp(op, "-gt")) return x > y;
	return x >= y;
}

static const char *
peek(int k)
{
	return tp + k < tn ? tv[tp + k] : NULL;
}

static int
primary(void)
{
	const char *a = peek(0);
	int v;

	if (!a) {
		test_error("argument expected", NULL);
		return 0;
	}
	if (!strcmp(a, "(") && !(peek(1) && peek(2) && is_binary(peek(1)) &&
				 strcmp(peek(2), ")"))) {
		tp++;
		v = or_expr();
		if (!peek(0) || strcmp(peek(0), ")"))
			test_error("missing )", NULL);
		tp++;
		return v;
	}
	if (peek(1) && peek(2) && is_binary(peek(1))) {
		tp += 3;
		return binary(a, tv[tp - 2], tv[tp - 1]);
	}
	if (is_unary(a) && peek(1)) {
		tp += 2;
		return unary(a, tv[tp - 1]);
	}
	tp++;
	return a[0] != '\0';
}

static int
not_expr(void)
{
	if (peek(0) && !strcmp(peek(0), "!") && peek(1)) {
		tp++;
		return !not_expr();
	}
	return primary();
}

static int
and_expr(void)
{
	int v = not_expr();

	while (peek(0) && !strcmp(peek(0), "-a")) {
		int w;

		tp++;
		w = not_expr();
		v = v && w;
	}
	return v;
}

static int
or_expr(void)
{
	int v = and_expr();

	while (peek(0) && !strcmp(peek(0), "-o")) {
		int w;

		tp++;
		w = and_expr();
		v = v || w;
	}
	return v;
}

/* The POSIX rules for up to four arguments, then the full grammar. */
static int
eval_args(char **v, int n)
{
	if (n == 0)
		return 0;
	if (n == 1)
		return v[0][0] != '\0';
	if (n == 2 && !strcmp(v[0], "!"))
		return v[1][0] == '\0';
	if (n == 2 && is_unary(v[0]))
		return unary(v[0], v[1]);
	if (n == 3 && is_binary(v[1]))
		return binary(v[0], v[1], v[2]);
	if (n == 3 && !strcmp(v[0], "!"))
		return !eval_args(v + 1, 2);
	if (n == 3 && !strcmp(v[0], "(") && !strcmp(v[2], ")"))
		return v[1][0] != '\0';
	if (n == 4 && !strcmp(v[0], "!"))
		return !eval_args(v + 1, 3);
	if (n == 4 && !strcmp(v[0], "(") && !strcmp(v[3], ")"))
		return eval_args(v + 1, 2);
	tv = v;
	tn = n;
	tp = 0;
	n = or_expr();
	if (tp < tn)
		test_error("too many arguments", NULL);
	return n;
}

int
builtin_test(int argc, char **argv)
{
	int r;

	if (!strcmp(argv[0], "[")) {
		if (strcmp(argv[argc - 1], "]")) {
			sh_warn("[: missing ]");
			return 2;
		}
		argc--;
	}
	terr = 0;
	r = eval_args(argv + 1, argc - 1);
	if (terr)
		return 2;
	return !r;
}
