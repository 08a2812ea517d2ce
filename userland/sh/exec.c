/*
 * exec.c - evaluation of parse trees: lists, pipelines, compound
 * commands, functions, simple commands, PATH search and exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

struct opts opt;
int exitstatus;
pid_t rootpid;
pid_t lastbgpid;
int evalskip, skipcount, loopnest, funcnest, dotnest;
int is_subshell;

static jmp_buf *toplevel;

struct callframe {
	struct callframe *prev;
	int n;
	char **v;
};

static struct callframe *calls;

void
set_toplevel(jmp_buf *jb)
{
	toplevel = jb;
}

void
exit_shell(int status)
{
	exitstatus = status;
	toplevel = NULL;
	run_exit_trap();
	le_restore();
	jobs_exit();
	_exit(exitstatus & 255);
}

/* Recover from an error: back to the prompt, or exit a script. */
void
sh_fatal(int status)
{
	exitstatus = status;
	if (opt.interactive && !is_subshell && toplevel)
		longjmp(*toplevel, 1);
	exit_shell(status);
}

void
sh_interrupt(void)
{
	got_sigint = 0;
	if (opt.interactive && !is_subshell && toplevel) {
		exitstatus = 130;
		longjmp(*toplevel, 2);
	}
	exit_shell(130);
}

/* After a longjmp to the prompt: undo the state of whatever ran. */
void
reset_after_error(struct input *top)
{
	while (calls) {
		struct callframe *c = calls;

		pos_restore(c->n, c->v);
		calls = c->prev;
		free(c);
	}
	while (in && in != top)
		input_pop();
	tmpvar_end(NULL);
	local_pop_all();
	popredir_all();
	parse_reset();
	evalskip = skipcount = loopnest = funcnest = dotnest = 0;
	in_trap = 0;
}

char *
opt_flags(void)
{
	struct strbuf sb = { 0 };

	if (opt.errexit)
		sb_putc(&sb, 'e');
	if (opt.noglob)
		sb_putc(&sb, 'f');
	if (opt.interactive)
		sb_putc(&sb, 'i');
	if (opt.monitor)
		sb_putc(&sb, 'm');
	if (opt.noexec)
		sb_putc(&sb, 'n');
	if (opt.nounset)
		sb_putc(&sb, 'u');
	if (opt.verbose)
		sb_putc(&sb, 'v');
	if (opt.xtrace)
		sb_putc(&sb, 'x');
	if (opt.noclobber)
		sb_putc(&sb, 'C');
	if (opt.allexport)
		sb_putc(&sb, 'a');
	return sb_str(&sb);
}

/* Parse and run every command of a string. */
int
evalstring(const char *s, int flags)
{
	struct input *me;

	input_push_string(s);
	me = in;
	for (;;) {
		struct arena *a = arena_new(), *old = arena_set(a);
		struct node *n;
		int eof, last;

		n = parse_command(&eof);
		arena_set(old);
		if (eof) {
			arena_release(a);
			break;
		}
		last = me->pos >= me->len && me->str[me->spos] == '\0';
		if (n)
			evaltree(n, last ? flags : flags & ~EV_EXIT);
		arena_release(a);
		if (evalskip)
			break;
	}
	input_pop();
	if (flags & EV_EXIT)
		exit_shell(exitstatus);
	return exitstatus;
}

/* Read and run commands from the current input until it ends. */
int
run_input(void)
{
	for (;;) {
		struct arena *a, *old;
		struct node *n;
		int eof;

		if (in->interactive && dotnest == 0) {
			jobs_notify();
			need_ps1 = 1;
		}
		a = arena_new();
		old = arena_set(a);
		n = parse_command(&eof);
		arena_set(old);
		if (eof) {
			arena_release(a);
			break;
		}
		if (n && (!opt.noexec || opt.interactive))
			evaltree(n, 0);
		arena_release(a);
		if (evalskip)
			break;
	}
	return exitstatus;
}

/* Move a descriptor the shell keeps for itself out of the user's way. */
static int
private_fd(int fd)
{
	int n = fcntl(fd, F_DUPFD_CLOEXEC, 10);

	if (n >= 0) {
		close(fd);
		return n;
	}
	return fd;
}

int
run_script_file(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		sh_warn("%s: %s", path, strerror(errno));
		return -1;
	}
	fd = private_fd(fd);
	input_push_fd(fd, 0);
	dotnest++;
	exitstatus = 0;
	run_input();
	dotnest--;
	input_pop();
	close(fd);
	if (evalskip == SKIPRETURN)
		evalskip = 0;
	return exitstatus;
}

/* ---- PATH search and exec ---- */
static const char *
path_var(void)
{
	const char *p = var_get("PATH");

	return p ? p : "/bin:/usr/bin:/sbin:/usr/sbin";
}

static char *
path_join(const char *dir, size_t n, const char *name)
{
	struct strbuf sb = { 0 };

	if (n == 0) {
		sb_puts(&sb, name);
	} else {
		sb_putn(&sb, dir, n);
		sb_putc(&sb, '/');
		sb_puts(&sb, name);
	}
	return sb_str(&sb);
}

static int
is_executable(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	return (st.st_mode & 0111) != 0;
}

/* Find an executable on $PATH; returns a new string or NULL. */
char *
find_path(const char *name, int *err)
{
	const char *p = path_var();

	if (strchr(name, '/'))
		return is_executable(name) ? xstrdup(name) : NULL;
	for (;;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		char *full = path_join(p, n, name);

		if (is_executable(full))
			return full;
		free(full);
		if (!colon)
			break;
		p = colon + 1;
	}
	if (err)
		*err = ENOENT;
	return NULL;
}

/* A file that execve() refused as "not a binary": run it as a script. */
static void
exec_script(const char *path, char **argv)
{
	char head[128];
	int fd = open(path, O_RDONLY), argc = 0;
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, head, sizeof(head));
	if (n < 0 || memchr(head, '\0', n)) {
		close(fd);
		errno = ENOEXEC;
		return;
	}
	lseek(fd, 0, SEEK_SET);
	fd = private_fd(fd);
	while (argv[argc])
		argc++;
	pos_set(argc - 1, argv + 1);
	arg0 = xstrdup(path);
	is_subshell = 1;
	toplevel = NULL;
	opt.interactive = 0;
	jobctl = 0;
	jobs_clear();
	while (in)
		input_pop();
	input_push_fd(fd, 0);
	evalskip = loopnest = funcnest = dotnest = 0;
	run_input();
	exit_shell(exitstatus);
}

static void
try_exec(const char *path, char **argv, char **env)
{
	execve(path, argv, env);
	if (errno == ENOEXEC)
		exec_script(path, argv);
}

/* Replace the shell by argv; returns only on failure (status set). */
void
shell_exec(char **argv, int *status)
{
	char **env = var_environ();
	int err = ENOENT;

	if (strchr(argv[0], '/')) {
		try_exec(argv[0], argv, env);
		err = errno;
	} else {
		const char *p = path_var();

		for (;;) {
			const char *colon = strchr(p, ':');
			size_t n = colon ? (size_t)(colon - p) : strlen(p);
			char *full = path_join(p, n, argv[0]);

			try_exec(full, argv, env);
			if (errno != ENOENT && errno != ENOTDIR)
				err = errno;
			free(full);
			if (!colon)
				break;
			p = colon + 1;
		}
	}
	if (err == ENOENT || err == ENOTDIR) {
		sh_warn("%s: not found", argv[0]);
		*status = 127;
	} else {
		sh_warn("%s: %s", argv[0], strerror(err));
		*status = 126;
	}
}

/* ---- simple commands ---- */
static void
xtrace(char **assigns, char **argv)
{
	const char *ps4 = var_get("PS4");
	struct strbuf sb = { 0 };
	int first = 1;

	sb_puts(&sb, ps4 ? ps4 : "+ ");
	for (; assigns && *assigns; assigns++) {
		sb_puts(&sb, first ? "" : " ");
		sb_puts(&sb, *assigns);
		first = 0;
	}
	for (; argv && *argv; argv++) {
		char *q = shell_quote(*argv);

		sb_puts(&sb, first ? "" : " ");
		sb_puts(&sb, q);
		free(q);
		first = 0;
	}
	sb_putc(&sb, '\n');
	xwrite(2, sb.s, sb.len);
	free(sb.s);
}

/* Expand the "NAME=value" words of a command. */
static char **
expand_assigns(char **assigns)
{
	struct strvec v = { 0 };
	int i;

	for (i = 0; assigns && assigns[i]; i++) {
		const char *eq = strchr(assigns[i], '=');
		struct strbuf sb = { 0 };
		char *val = expand_str(eq + 1, EXP_TILDE | EXP_ASSIGN);

		sb_putn(&sb, assigns[i], eq - assigns[i] + 1);
		sb_puts(&sb, val);
		free(val);
		sv_push(&v, sb.s);
	}
	if (!v.v) {
		v.v = xmalloc(sizeof(char *));
		v.v[0] = NULL;
	}
	return v.v;
}

static void
free_vec(char **v)
{
	int i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* "A=1 B=$A": each assignment is expanded after the previous one. */
static int
assign_only(struct node *n)
{
	struct strbuf tr = { 0 };
	int i, st, d;

	for (i = 0; n->assigns[i]; i++) {
		char *one[2] = { n->assigns[i], NULL };
		char **a = expand_assigns(one);

		if (opt.xtrace) {
			sb_puts(&tr, i ? " " : "");
			sb_puts(&tr, a[0]);
		}
		if (var_assign(a[0], 0) < 0) {
			free_vec(a);
			sh_fatal(2);
		}
		free_vec(a);
	}
	if (tr.s) {
		const char *ps4 = var_get("PS4");

		out_fmt(2, "%s%s\n", ps4 ? ps4 : "+ ", tr.s);
		free(tr.s);
	}
	st = back_status;
	if (n->redirs) {
		d = redir_depth();
		if (redirect(n->redirs, 1) < 0)
			st = 1;
		popredir_to(d);
	}
	return st;
}

/* In a child process (or for exec): redirect, export and exec. */
static void
exec_child(struct node *n, char **argv, char **assigns)
{
	int i, st;

	if (redirect(n->redirs, 0) < 0)
		exit_shell(1);
	for (i = 0; assigns[i]; i++)
		if (var_assign(assigns[i], V_EXPORT) < 0)
			exit_shell(1);
	shell_exec(argv, &st);
	exit_shell(st);
}

static int
call_function(struct func *f, int argc, char **argv, int flags)
{
	struct callframe *c = xmalloc(sizeof(*c));
	int saveloop = loopnest, st;

	pos_save(&c->n, &c->v);
	c->prev = calls;
	calls = c;
	pos_set(argc - 1, argv + 1);
	local_push();
	loopnest = 0;
	funcnest++;
	st = evaltree(f->body, flags & EV_TESTED);
	funcnest--;
	loopnest = saveloop;
	if (evalskip == SKIPRETURN) {
		evalskip = 0;
		st = exitstatus;
	}
	local_pop();
	calls = c->prev;
	pos_restore(c->n, c->v);
	free(c);
	return st;
}

static int
run_exec(struct node *n, int argc, char **argv, char **assigns)
{
	int i, st;

	if (redirect(n->redirs, 0) < 0) {
		if (!opt.interactive || is_subshell)
			exit_shell(2);
		return 1;
	}
	if (argc == 1) {
		for (i = 0; assigns[i]; i++)
			if (var_assign(assigns[i], 0) < 0)
				sh_fatal(2);
		return 0;
	}
	for (i = 0; assigns[i]; i++)
		var_assign(assigns[i], V_EXPORT);
	le_restore();
	shell_exec(argv + 1, &st);
	if (!opt.interactive || is_subshell)
		exit_shell(st);
	return st;
}

static int
run_builtin(struct node *n, const struct builtin *bi, struct func *fn,
	    int argc, char **argv, char **assigns, int flags)
{
	int i, st, d = redir_depth();
	void *mark = NULL;

	if (bi && (bi->flags & BI_SPECIAL)) {
		for (i = 0; assigns[i]; i++)
			if (var_assign(assigns[i], 0) < 0)
				sh_fatal(2);
	} else {
		mark = tmpvar_begin();
		for (i = 0; assigns[i]; i++) {
			char *name = xstrndup(assigns[i],
					      strchr(assigns[i], '=') - assigns[i]);

			tmpvar_set(name, strchr(assigns[i], '=') + 1);
			free(name);
		}
	}
	if (redirect(n->redirs, 1) < 0) {
		st = 1;
		popredir_to(d);
		if (bi && (bi->flags & BI_SPECIAL) && !opt.interactive)
			exit_shell(2);
	} else {
		if (fn)
			st = call_function(fn, argc, argv, flags);
		else
			st = bi->fn(argc, argv);
		popredir_to(d);
	}
	if (!(bi && (bi->flags & BI_SPECIAL)))
		tmpvar_end(mark);
	return st;
}

static int
eval_cmd(struct node *n, int flags)
{
	const struct builtin *bi = NULL;
	struct func *fn = NULL;
	char **argv, **assigns, **av;
	int argc, st, nofunc = 0;
	struct job *j;

	back_status = 0;
	argv = expand_words(n->words, &argc);
	if (argc == 0) {
		free(argv);
		return assign_only(n);
	}
	assigns = expand_assigns(n->assigns);
	if (opt.xtrace)
		xtrace(assigns, argv);
	av = argv;
	while (argc > 1 && strcmp(av[0], "command") == 0 && av[1][0] != '-') {
		av++;
		argc--;
		nofunc = 1;
	}
	if (strcmp(av[0], "exec") == 0) {
		st = run_exec(n, argc, av, assigns);
		goto out;
	}
	bi = builtin_lookup(av[0]);
	if (!(bi && (bi->flags & BI_SPECIAL)) && !nofunc)
		fn = func_lookup(av[0]);
	if (bi || fn) {
		st = run_builtin(n, fn ? NULL : bi, fn, argc, av, assigns, flags);
		goto out;
	}
	if ((flags & EV_EXIT) && !have_exit_trap())
		exec_child(n, av, assigns);
	j = job_new(jobctl ? node_text(n) : NULL);
	if (fork_child(j, FORK_FG) == 0)
		exec_child(n, av, assigns);
	st = job_wait(j);
out:
	free_vec(argv);
	free_vec(assigns);
	return st;
}

/* ---- pipelines, background jobs and subshells ---- */
static int
eval_pipe(struct node *n, int bg)
{
	struct job *j = job_new(jobctl ? node_text(n) : NULL);
	int prev = -1, p[2] = { -1, -1 }, i;
	pid_t pid = 0;

	for (i = 0; i < n->ncmds; i++) {
		int last = i == n->ncmds - 1;

		if (!last && pipe(p) < 0) {
			sh_warn("pipe: %s", strerror(errno));
			break;
		}
		pid = fork_child(j, bg ? FORK_BG : FORK_FG);
		if (pid == 0) {
			if (prev >= 0) {
				dup2(prev, 0);
				close(prev);
			}
			if (!last) {
				close(p[0]);
				if (p[1] != 1) {
					dup2(p[1], 1);
					close(p[1]);
				}
			}
			evaltree(n->cmds[i], EV_EXIT);
		}
		if (prev >= 0)
			close(prev);
		if (!last) {
			close(p[1]);
			prev = p[0];
		}
	}
	if (bg) {
		lastbgpid = pid;
		job_background(j);
		return 0;
	}
	return job_wait(j);
}

static int
eval_bg(struct node *n)
{
	struct node *c = n->left;
	struct job *j;
	pid_t pid;

	if (c->type == N_PIPE)
		return eval_pipe(c, 1);
	j = job_new(jobctl ? node_text(c) : NULL);
	pid = fork_child(j, FORK_BG);
	if (pid == 0)
		evaltree(c, EV_EXIT);
	lastbgpid = pid;
	job_background(j);
	return 0;
}

static int
eval_subshell(struct node *n, int flags)
{
	struct job *j;

	if (!(flags & EV_EXIT) || have_exit_trap()) {
		j = job_new(jobctl ? node_text(n) : NULL);
		if (fork_child(j, FORK_FG) != 0)
			return job_wait(j);
	}
	if (redirect(n->redirs, 0) < 0)
		exit_shell(1);
	evaltree(n->left, EV_EXIT);
	exit_shell(exitstatus);
}

/* Command substitution: run text in a child and collect its output. */
char *
run_cmdsub(const char *text)
{
	struct strbuf sb = { 0 };
	char buf[512];
	int p[2], wst;
	pid_t pid;
	ssize_t r;

	if (pipe(p) < 0) {
		sh_warn("pipe: %s", strerror(errno));
		return xstrdup("");
	}
	pid = fork_child(NULL, FORK_NOJOB);
	if (pid == 0) {
		close(p[0]);
		if (p[1] != 1) {
			dup2(p[1], 1);
			close(p[1]);
		}
		evalstring(text, EV_EXIT);
	}
	close(p[1]);
	for (;;) {
		r = read(p[0], buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		sb_putn(&sb, buf, r);
	}
	close(p[0]);
	while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
		;
	back_status = status_of(wst);
	while (sb.len > 0 && sb.s[sb.len - 1] == '\n')
		sb.s[--sb.len] = '\0';
	return sb_str(&sb);
}

/* ---- compound commands ---- */
static int
loop_skip(void)
{
	if (evalskip == SKIPBREAK || evalskip == SKIPCONT) {
		if (--skipcount <= 0) {
			int brk = evalskip == SKIPBREAK;

			evalskip = 0;
			return brk;
		}
	}
	return 1;
}

static int
eval_loop(struct node *n, int flags)
{
	int st = 0, c;

	loopnest++;
	for (;;) {
		c = evaltree(n->left, (flags | EV_TESTED) & ~EV_EXIT);
		if (evalskip) {
			if (loop_skip())
				break;
			continue;
		}
		if ((c == 0) != (n->type == N_WHILE))
			break;
		st = evaltree(n->right, flags & ~EV_EXIT);
		if (evalskip && loop_skip())
			break;
	}
	loopnest--;
	return st;
}

static int
eval_for(struct node *n, int flags)
{
	char **argv;
	int argc, i, st = 0;

	if (n->hasin) {
		argv = expand_words(n->words, &argc);
	} else {
		argc = pos_n;
		argv = xmalloc((argc + 1) * sizeof(char *));
		for (i = 0; i < argc; i++)
			argv[i] = xstrdup(pos_v[i]);
		argv[argc] = NULL;
	}
	loopnest++;
	for (i = 0; i < argc; i++) {
		if (var_set(n->name, argv[i], 0) < 0) {
			st = 1;
			break;
		}
		st = evaltree(n->left, flags & ~EV_EXIT);
		if (evalskip && loop_skip())
			break;
	}
	loopnest--;
	free_vec(argv);
	return st;
}

static int
eval_case(struct node *n, int flags)
{
	char *subject = expand_str(n->words[0], EXP_TILDE);
	struct casearm *a;
	int i;

	for (a = n->arms; a; a = a->next) {
		for (i = 0; a->pats[i]; i++) {
			char *pat = expand_pattern(a->pats[i]);
			int m = pmatch(pat, subject);

			free(pat);
			if (m) {
				free(subject);
				return evaltree(a->body, flags);
			}
		}
	}
	free(subject);
	return 0;
}

static int
eval_compound(struct node *n, int flags)
{
	int c;

	switch (n->type) {
	case N_GROUP:
		return evaltree(n->left, flags);
	case N_IF:
		c = evaltree(n->left, (flags | EV_TESTED) & ~EV_EXIT);
		if (evalskip)
			return c;
		if (c == 0)
			return evaltree(n->right, flags);
		if (n->third)
			return evaltree(n->third, flags);
		return 0;
	case N_WHILE:
	case N_UNTIL:
		return eval_loop(n, flags);
	case N_FOR:
		return eval_for(n, flags);
	case N_CASE:
		return eval_case(n, flags);
	case N_FUNC:
		func_set(n->name, n->left);
		if (n->arena)
			n->arena->keep = 1;
		return 0;
	}
	return 0;
}

int
evaltree(struct node *n, int flags)
{
	int st = 0, checkexit = 0, d;

	if (got_sigint && opt.interactive && !is_subshell)
		sh_interrupt();
	if (pending_sigs)
		dotrap();
	if (!n) {
		exitstatus = 0;
		if (flags & EV_EXIT)
			exit_shell(0);
		return 0;
	}
	switch (n->type) {
	case N_CMD:
		st = eval_cmd(n, flags);
		checkexit = 1;
		break;
	case N_PIPE:
		st = eval_pipe(n, 0);
		checkexit = 1;
		break;
	case N_SUBSHELL:
		st = eval_subshell(n, flags);
		checkexit = 1;
		break;
	case N_BG:
		st = eval_bg(n);
		break;
	case N_SEQ:
		evaltree(n->left, flags & ~EV_EXIT);
		st = evalskip ? exitstatus : evaltree(n->right, flags);
		break;
	case N_AND:
	case N_OR:
		st = evaltree(n->left, (flags | EV_TESTED) & ~EV_EXIT);
		if (!evalskip && (st == 0) == (n->type == N_AND))
			st = evaltree(n->right, flags);
		break;
	case N_NOT:
		st = !evaltree(n->left, (flags | EV_TESTED) & ~EV_EXIT);
		break;
	default:
		if (!n->redirs) {
			st = eval_compound(n, flags);
			break;
		}
		d = redir_depth();
		if (redirect(n->redirs, 1) < 0) {
			st = 1;
			checkexit = 1;
		} else {
			st = eval_compound(n, flags & ~EV_EXIT);
		}
		popredir_to(d);
		break;
	}
	exitstatus = st;
	if (pending_sigs)
		dotrap();
	if (checkexit && st && opt.errexit && !(flags & EV_TESTED) &&
	    !evalskip)
		exit_shell(st);
	if (flags & EV_EXIT)
		exit_shell(exitstatus);
	return st;
}
