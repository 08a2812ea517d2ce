/*
 * builtin.c - the builtin command table and the builtins that manage
 * the shell itself: cd, set, export, read, eval, ., type, umask, ...
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

static int
builtin_true(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int
builtin_false(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 1;
}

/* ---- cd and pwd ---- */
static char *
canonical(const char *path)
{
	struct strbuf sb = { 0 };
	const char *p = path;

	while (*p) {
		const char *s;
		size_t n;

		while (*p == '/')
			p++;
		s = p;
		while (*p && *p != '/')
			p++;
		n = p - s;
		if (n == 0 || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			while (sb.len > 0 && sb.s[sb.len - 1] != '/')
				sb.len--;
			if (sb.len > 0)
				sb.len--;
			if (sb.s)
				sb.s[sb.len] = '\0';
			continue;
		}
		sb_putc(&sb, '/');
		sb_putn(&sb, s, n);
	}
	if (sb.len == 0)
		sb_putc(&sb, '/');
	return sb_str(&sb);
}

static char *
current_dir(void)
{
	char buf[PATH_MAX];

	if (getcwd(buf, sizeof(buf)))
		return xstrdup(buf);
	return NULL;
}

static int
builtin_cd(int argc, char **argv)
{
	const char *dir, *pwd = var_get("PWD");
	char *path, *newpwd, *old;
	int print = 0, i = 1;

	while (i < argc && (!strcmp(argv[i], "-L") || !strcmp(argv[i], "-P")))
		i++;
	dir = argv[i];
	if (!dir) {
		dir = var_get("HOME");
		if (!dir) {
			sh_warn("cd: HOME not set");
			return 1;
		}
	} else if (!strcmp(dir, "-")) {
		dir = var_get("OLDPWD");
		if (!dir) {
			sh_warn("cd: OLDPWD not set");
			return 1;
		}
		print = 1;
	}
	if (dir[0] == '/' || !pwd || pwd[0] != '/') {
		path = xstrdup(dir);
	} else {
		struct strbuf sb = { 0 };

		sb_puts(&sb, pwd);
		sb_putc(&sb, '/');
		sb_puts(&sb, dir);
		path = sb.s;
	}
	newpwd = path[0] == '/' ? canonical(path) : NULL;
	if (!newpwd || chdir(newpwd) < 0) {
		free(newpwd);
		if (chdir(dir) < 0) {
			sh_warn("cd: %s: %s", dir, strerror(errno));
			free(path);
			return 1;
		}
		newpwd = current_dir();
	}
	free(path);
	old = pwd ? xstrdup(pwd) : current_dir();
	if (old)
		var_set("OLDPWD", old, 0);
	var_set("PWD", newpwd ? newpwd : dir, 0);
	if (print)
		out_fmt(1, "%s\n", newpwd ? newpwd : dir);
	free(old);
	free(newpwd);
	return 0;
}

static int
builtin_pwd(int argc, char **argv)
{
	const char *pwd = var_get("PWD");
	struct stat a, b;
	char *cwd;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-P") && strcmp(argv[i], "-L")) {
			sh_warn("pwd: bad option: %s", argv[i]);
			out_str(2, "usage: pwd [-L|-P]\n");
			return 2;
		}
	}

	if (!(argc > 1 && !strcmp(argv[1], "-P")) && pwd && pwd[0] == '/' &&
	    stat(pwd, &a) == 0 && stat(".", &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		out_fmt(1, "%s\n", pwd);
		return 0;
	}
	cwd = current_dir();
	if (!cwd) {
		sh_warn("pwd: %s", strerror(errno));
		return 1;
	}
	out_fmt(1, "%s\n", cwd);
	free(cwd);
	return 0;
}

/* ---- variables ---- */
static int
set_attr(int argc, char **argv, int flag, const char *who)
{
	int i = 1, st = 0;

	if (i < argc && !strcmp(argv[i], "-p"))
		i++;
	if (argc == 1 || (argc == 2 && i == 2)) {
		var_list(flag, flag == V_EXPORT ? "export " : "readonly ");
		return 0;
	}
	for (; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char *name = eq ? xstrndup(argv[i], eq - argv[i]) :
				  xstrdup(argv[i]);

		if (!is_name(name)) {
			sh_warn("%s: %s: bad variable name", who, name);
			st = 1;
		} else if (var_set(name, eq ? eq + 1 : NULL, flag) < 0) {
			st = 1;
		}
		free(name);
	}
	return st;
}

static int
builtin_export(int argc, char **argv)
{
	return set_attr(argc, argv, V_EXPORT, "export");
}

static int
builtin_readonly(int argc, char **argv)
{
	return set_attr(argc, argv, V_READONLY, "readonly");
}

static int
builtin_unset(int argc, char **argv)
{
	int i = 1, funcs = 0, st = 0;

	if (i < argc && !strcmp(argv[i], "-f")) {
		funcs = 1;
		i++;
	} else if (i < argc && !strcmp(argv[i], "-v")) {
		i++;
	}
	for (; i < argc; i++) {
		if (funcs)
			func_unset(argv[i]);
		else if (var_unset(argv[i]) < 0)
			st = 1;
	}
	return st;
}

static int
builtin_local(int argc, char **argv)
{
	int i, st = 0;

	if (funcnest == 0) {
		sh_warn("local: not in a function");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char *name = eq ? xstrndup(argv[i], eq - argv[i]) :
				  xstrdup(argv[i]);

		if (!is_name(name)) {
			sh_warn("local: %s: bad variable name", name);
			st = 1;
		} else {
			var_save_local(name);
			if (eq && var_set(name, eq + 1, 0) < 0)
				st = 1;
		}
		free(name);
	}
	return st;
}

/* ---- set ---- */
static const struct {
	const char *name;
	char letter;
	int *flag;
} options[] = {
	{ "allexport", 'a', &opt.allexport },
	{ "errexit", 'e', &opt.errexit },
	{ "noglob", 'f', &opt.noglob },
	{ "monitor", 'm', &opt.monitor },
	{ "noclobber", 'C', &opt.noclobber },
	{ "noexec", 'n', &opt.noexec },
	{ "nounset", 'u', &opt.nounset },
	{ "verbose", 'v', &opt.verbose },
	{ "xtrace", 'x', &opt.xtrace },
	{ NULL, 0, NULL }
};

/* Set one option by letter or (letter 0) by name; -1 if unknown. */
int
set_option(int letter, const char *name, int on)
{
	int i;

	for (i = 0; options[i].name; i++) {
		if (letter ? options[i].letter == letter :
			     !strcmp(options[i].name, name)) {
			*options[i].flag = on;
			return 0;
		}
	}
	return -1;
}

static void
print_options(int plus)
{
	int i;

	for (i = 0; options[i].name; i++) {
		if (plus)
			out_fmt(1, "set %co %s\n",
				*options[i].flag ? '-' : '+', options[i].name);
		else
			out_fmt(1, "%-15s %s\n", options[i].name,
				*options[i].flag ? "on" : "off");
	}
}

static int
builtin_set(int argc, char **argv)
{
	int i, setparams = 0;

	if (argc == 1) {
		var_list(0, "");
		return 0;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *p;
		int on = a[0] == '-';

		if (!strcmp(a, "--")) {
			i++;
			setparams = 1;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1]) {
			setparams = 1;
			break;
		}
		for (p = a + 1; *p; p++) {
			if (*p == 'o') {
				if (i + 1 >= argc) {
					print_options(!on);
					continue;
				}
				if (set_option(0, argv[++i], on) < 0) {
					sh_warn("set: %s: bad option name", argv[i]);
					return 2;
				}
			} else if (set_option(*p, NULL, on) < 0) {
				sh_warn("set: -%c: bad option", *p);
				return 2;
			}
		}
	}
	if (setparams)
		pos_set(argc - i, argv + i);
	return 0;
}

static int
builtin_shift(int argc, char **argv)
{
	long n = 1;

	if (argc > 1 && (parse_int(argv[1], &n) < 0 || n < 0)) {
		sh_warn("shift: %s: bad number", argv[1]);
		return 2;
	}
	if (n > pos_n) {
		sh_warn("shift: can't shift that many");
		sh_fatal(2);
	}
	pos_set(pos_n - (int)n, pos_v + n);
	return 0;
}

/* ---- control flow ---- */
static int
builtin_exit(int argc, char **argv)
{
	long n = exitstatus;

	if (argc > 1 && parse_int(argv[1], &n) < 0) {
		sh_warn("exit: %s: numeric argument required", argv[1]);
		n = 2;
	}
	exit_shell((int)n);
}

static int
builtin_return(int argc, char **argv)
{
	long n = exitstatus;

	if (argc > 1 && parse_int(argv[1], &n) < 0) {
		sh_warn("return: %s: numeric argument required", argv[1]);
		n = 2;
	}
	if (funcnest == 0 && dotnest == 0) {
		sh_warn("return: can only return from a function or sourced script");
		return 1;
	}
	evalskip = SKIPRETURN;
	exitstatus = (int)(n & 255);
	return exitstatus;
}

static int
loop_ctl(int argc, char **argv, int skip)
{
	long n = 1;

	if (argc > 1 && (parse_int(argv[1], &n) < 0 || n < 1)) {
		sh_warn("%s: %s: bad number", argv[0], argv[1]);
		return 1;
	}
	if (loopnest == 0)
		return 0;
	if (n > loopnest)
		n = loopnest;
	evalskip = skip;
	skipcount = (int)n;
	return 0;
}

static int
builtin_break(int argc, char **argv)
{
	return loop_ctl(argc, argv, SKIPBREAK);
}

static int
builtin_continue(int argc, char **argv)
{
	return loop_ctl(argc, argv, SKIPCONT);
}

static int
builtin_eval(int argc, char **argv)
{
	struct strbuf sb = { 0 };
	int i, st;

	if (argc < 2)
		return 0;
	for (i = 1; i < argc; i++) {
		if (i > 1)
			sb_putc(&sb, ' ');
		sb_puts(&sb, argv[i]);
	}
	sb_putc(&sb, '\n');
	exitstatus = 0;
	st = evalstring(sb.s, 0);
	free(sb.s);
	return st;
}

static char *
find_dot_file(const char *name)
{
	const char *p = var_get("PATH");
	struct stat st;

	if (strchr(name, '/'))
		return xstrdup(name);
	if (!p)
		p = "/bin:/usr/bin:/sbin:/usr/sbin";
	for (;;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		struct strbuf sb = { 0 };

		if (n) {
			sb_putn(&sb, p, n);
			sb_putc(&sb, '/');
		}
		sb_puts(&sb, name);
		if (stat(sb.s, &st) == 0 && S_ISREG(st.st_mode))
			return sb.s;
		free(sb.s);
		if (!colon)
			break;
		p = colon + 1;
	}
	if (stat(name, &st) == 0 && S_ISREG(st.st_mode))
		return xstrdup(name);
	return NULL;
}

static int
builtin_dot(int argc, char **argv)
{
	char *path, **savev = NULL;
	int st, saven = 0;

	if (argc < 2) {
		sh_warn(".: filename argument required");
		return 2;
	}
	path = find_dot_file(argv[1]);
	if (!path) {
		sh_warn(".: %s: not found", argv[1]);
		sh_fatal(2);
	}
	if (argc > 2) {
		pos_save(&saven, &savev);
		pos_set(argc - 2, argv + 2);
	}
	st = run_script_file(path);
	if (argc > 2)
		pos_restore(saven, savev);
	free(path);
	if (st < 0)
		sh_fatal(2);
	return st;
}

/* ---- read ---- */
static int
read_byte(char *c)
{
	for (;;) {
		ssize_t n = read(0, c, 1);

		if (n < 0 && errno == EINTR) {
			if (pending_sigs)
				return -2;
			continue;
		}
		return n == 1 ? 1 : 0;
	}
}

static int
is_ifs(const char *ifs, int c, int ws)
{
	if (!c || !strchr(ifs, c))
		return 0;
	if (ws < 0)
		return 1;
	return (c == ' ' || c == '\t' || c == '\n') == ws;
}

/* Split line (with quoted flags q) into the named variables. */
static void
read_assign(char **names, int n, const char *s, const char *q, size_t len)
{
	const char *ifs = var_get("IFS");
	size_t i = 0;
	int k;

	if (!ifs)
		ifs = " \t\n";
	for (k = 0; k < n; k++) {
		struct strbuf sb = { 0 };
		size_t end;

		while (i < len && !q[i] && is_ifs(ifs, s[i], 1))
			i++;
		if (k == n - 1) {
			end = len;
			while (end > i && !q[end - 1] && is_ifs(ifs, s[end - 1], 1))
				end--;
			sb_putn(&sb, s + i, end - i);
			i = len;
		} else {
			while (i < len && !(!q[i] && is_ifs(ifs, s[i], -1)))
				sb_putc(&sb, s[i++]);
			if (i < len && is_ifs(ifs, s[i], 1)) {
				while (i < len && !q[i] && is_ifs(ifs, s[i], 1))
					i++;
				if (i < len && !q[i] && is_ifs(ifs, s[i], 0))
					i++;
			} else if (i < len) {
				i++;
			}
		}
		if (var_set(names[k], sb.s ? sb.s : "", 0) < 0) {
			free(sb.s);
			return;
		}
		free(sb.s);
	}
}

static int
builtin_read(int argc, char **argv)
{
	struct strbuf line = { 0 }, quoted = { 0 };
	static char *reply[] = { "REPLY", NULL };
	int raw = 0, i = 1, eof = 0, r;
	char c;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "-r")) {
			raw = 1;
		} else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
			if (isatty(0))
				out_str(2, argv[++i]);
			else
				i++;
		} else {
			sh_warn("read: %s: bad option", argv[i]);
			return 2;
		}
	}
	for (;;) {
		r = read_byte(&c);
		if (r == -2) {
			free(line.s);
			free(quoted.s);
			return 128 + last_trap_sig();
		}
		if (r == 0) {
			eof = 1;
			break;
		}
		if (c == '\\' && !raw) {
			if (read_byte(&c) <= 0) {
				eof = 1;
				break;
			}
			if (c == '\n')
				continue;
			sb_putc(&line, c);
			sb_putc(&quoted, 1);
			continue;
		}
		if (c == '\n')
			break;
		sb_putc(&line, c);
		sb_putc(&quoted, 0);
	}
	if (i >= argc)
		read_assign(reply, 1, line.s ? line.s : "",
			    quoted.s ? quoted.s : "", line.len);
	else
		read_assign(argv + i, argc - i, line.s ? line.s : "",
			    quoted.s ? quoted.s : "", line.len);
	free(line.s);
	free(quoted.s);
	return eof ? 1 : 0;
}

/* ---- umask ---- */
static int
umask_symbolic(const char *s, mode_t *mask)
{
	mode_t allowed = ~*mask & 0777;

	while (*s) {
		mode_t who = 0, perm = 0;
		int op;

		for (; *s && strchr("ugoa", *s); s++)
			who |= *s == 'u' ? 0700 : *s == 'g' ? 070 :
			       *s == 'o' ? 07 : 0777;
		if (!who)
			who = 0777;
		if (!*s || !strchr("=+-", *s))
			return -1;
		op = *s++;
		for (; *s && strchr("rwx", *s); s++)
			perm |= *s == 'r' ? 0444 : *s == 'w' ? 0222 : 0111;
		perm &= who;
		if (op == '=')
			allowed = (allowed & ~who) | perm;
		else if (op == '+')
			allowed |= perm;
		else
			allowed &= ~perm;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	*mask = ~allowed & 0777;
	return 0;
}

static int
builtin_umask(int argc, char **argv)
{
	mode_t m = umask(0);
	int sym = 0, i = 1;

	umask(m);
	if (i < argc && !strcmp(argv[i], "-S")) {
		sym = 1;
		i++;
	}
	if (i >= argc) {
		if (sym) {
			mode_t a = ~m & 0777;
			char buf[32], *p = buf;
			int k;

			for (k = 0; k < 3; k++) {
				int bits = (a >> (6 - 3 * k)) & 7;

				*p++ = "ugo"[k];
				*p++ = '=';
				if (bits & 4)
					*p++ = 'r';
				if (bits & 2)
					*p++ = 'w';
				if (bits & 1)
					*p++ = 'x';
				*p++ = k < 2 ? ',' : '\n';
			}
			*p = '\0';
			out_str(1, buf);
		} else {
			out_fmt(1, "%04o\n", (unsigned)m);
		}
		return 0;
	}
	if (argv[i][0] >= '0' && argv[i][0] <= '7') {
		char *end;
		long v = strtol(argv[i], &end, 8);

		if (*end || v < 0 || v > 0777) {
			sh_warn("umask: %s: bad mask", argv[i]);
			return 1;
		}
		m = (mode_t)v;
	} else if (umask_symbolic(argv[i], &m) < 0) {
		sh_warn("umask: %s: bad mask", argv[i]);
		return 1;
	}
	umask(m);
	return 0;
}

/* ---- type, command, history, getopts ---- */
static int
is_keyword(const char *s)
{
	static const char *kw[] = {
		"if", "then", "else", "elif", "fi", "do", "done", "case",
		"esac", "while", "until", "for", "in", "{", "}", "!", NULL
	};
	int i;

	for (i = 0; kw[i]; i++)
		if (!strcmp(kw[i], s))
			return 1;
	return 0;
}

/* verbose: 0 = command -v, 1 = type/command -V */
static int
describe(const char *name, int verbose)
{
	const struct builtin *bi = builtin_lookup(name);
	struct func *f = func_lookup(name);
	char *path;

	if (is_keyword(name)) {
		out_fmt(1, verbose ? "%s is a shell keyword\n" : "%s\n", name);
		return 0;
	}
	if (f && !(bi && (bi->flags & BI_SPECIAL))) {
		out_fmt(1, verbose ? "%s is a function\n" : "%s\n", name);
		return 0;
	}
	if (bi) {
		out_fmt(1, verbose ? "%s is a %sshell builtin\n" : "%s\n", name,
			verbose && (bi->flags & BI_SPECIAL) ? "special " : "");
		return 0;
	}
	path = find_path(name, NULL);
	if (path) {
		if (verbose)
			out_fmt(1, "%s is %s\n", name, path);
		else
			out_fmt(1, "%s\n", path);
		free(path);
		return 0;
	}
	if (verbose)
		sh_warn("%s: not found", name);
	return verbose ? 127 : 1;
}

static int
builtin_type(int argc, char **argv)
{
	int i, st = 0;

	for (i = 1; i < argc; i++)
		if (describe(argv[i], 1))
			st = 1;
	return st;
}

static int
builtin_command(int argc, char **argv)
{
	int i = 1, verbose = -1, st = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 0;
		else if (!strcmp(argv[i], "-V"))
			verbose = 1;
		else if (!strcmp(argv[i], "-p"))
			continue;
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
	}
	if (verbose < 0) {
		if (i < argc)
			sh_warn("command: unsupported use");
		return i < argc ? 2 : 0;
	}
	for (; i < argc; i++)
		if (describe(argv[i], verbose))
			st = verbose ? 127 : 1;
	return st;
}

static int
builtin_history(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	hist_print();
	return 0;
}

static int optpos;
static char *optlast;

static int
getopts_done(const char *name, int ind)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", ind);
	var_set("OPTIND", buf, 0);
	free(optlast);
	optlast = xstrdup(buf);
	optpos = 0;
	var_set(name, "?", 0);
	return 1;
}

static int
builtin_getopts(int argc, char **argv)
{
	const char *optstr, *name, *oi = var_get("OPTIND"), *arg, *spec;
	char **args, buf[16], c[2] = { 0, 0 };
	int nargs, ind, silent;

	if (argc < 3) {
		sh_warn("getopts: usage: getopts optstring name [arg...]");
		return 2;
	}
	optstr = argv[1];
	name = argv[2];
	silent = optstr[0] == ':';
	args = argc > 3 ? argv + 3 : pos_v;
	nargs = argc > 3 ? argc - 3 : pos_n;
	if (!oi || !optlast || strcmp(oi, optlast) != 0)
		optpos = 0;
	ind = oi ? atoi(oi) : 1;
	if (ind < 1)
		ind = 1;
	if (optpos == 0) {
		if (ind > nargs)
			return getopts_done(name, ind);
		arg = args[ind - 1];
		if (arg[0] != '-' || !arg[1])
			return getopts_done(name, ind);
		if (!strcmp(arg, "--"))
			return getopts_done(name, ind + 1);
		optpos = 1;
	}
	arg = args[ind - 1];
	c[0] = arg[optpos++];
	spec = c[0] != ':' ? strchr(optstr + silent, c[0]) : NULL;
	var_unset("OPTARG");
	if (!spec) {
		if (silent)
			var_set("OPTARG", c, 0);
		else
			sh_warn("illegal option -- %c", c[0]);
		c[0] = '?';
		if (!arg[optpos]) {
			ind++;
			optpos = 0;
		}
	} else if (spec[1] == ':') {
		if (arg[optpos]) {
			var_set("OPTARG", arg + optpos, 0);
			ind++;
		} else if (ind < nargs) {
			var_set("OPTARG", args[ind], 0);
			ind += 2;
		} else {
			ind++;
			if (silent) {
				var_set("OPTARG", c, 0);
				c[0] = ':';
			} else {
				sh_warn("option requires an argument -- %c", c[0]);
				c[0] = '?';
			}
		}
		optpos = 0;
	} else if (!arg[optpos]) {
		ind++;
		optpos = 0;
	}
	snprintf(buf, sizeof(buf), "%d", ind);
	var_set("OPTIND", buf, 0);
	free(optlast);
	optlast = xstrdup(buf);
	var_set(name, c, 0);
	return 0;
}

static const struct builtin builtins[] = {
	{ ".", builtin_dot, BI_SPECIAL },
	{ ":", builtin_true, BI_SPECIAL },
	{ "[", builtin_test, 0 },
	{ "bg", builtin_bg, 0 },
	{ "break", builtin_break, BI_SPECIAL },
	{ "cd", builtin_cd, 0 },
	{ "command", builtin_command, 0 },
	{ "continue", builtin_continue, BI_SPECIAL },
	{ "echo", builtin_echo, 0 },
	{ "eval", builtin_eval, BI_SPECIAL },
	{ "exec", builtin_true, BI_SPECIAL },
	{ "exit", builtin_exit, BI_SPECIAL },
	{ "export", builtin_export, BI_SPECIAL },
	{ "false", builtin_false, 0 },
	{ "fg", builtin_fg, 0 },
	{ "getopts", builtin_getopts, 0 },
	{ "history", builtin_history, 0 },
	{ "jobs", builtin_jobs, 0 },
	{ "kill", builtin_kill, 0 },
	{ "local", builtin_local, 0 },
	{ "printf", builtin_printf, 0 },
	{ "pwd", builtin_pwd, 0 },
	{ "read", builtin_read, 0 },
	{ "readonly", builtin_readonly, BI_SPECIAL },
	{ "return", builtin_return, BI_SPECIAL },
	{ "set", builtin_set, BI_SPECIAL },
	{ "shift", builtin_shift, BI_SPECIAL },
	{ "source", builtin_dot, BI_SPECIAL },
	{ "test", builtin_test, 0 },
	{ "trap", builtin_trap, BI_SPECIAL },
	{ "true", builtin_true, 0 },
	{ "type", builtin_type, 0 },
	{ "umask", builtin_umask, 0 },
	{ "unset", builtin_unset, BI_SPECIAL },
	{ "wait", builtin_wait, 0 },
	{ NULL, NULL, 0 }
};

const struct builtin *
builtin_lookup(const char *name)
{
	int i;

	for (i = 0; builtins[i].name; i++)
		if (!strcmp(builtins[i].name, name))
			return &builtins[i];
	return NULL;
}
