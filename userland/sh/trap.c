/*
 * trap.c - signal dispositions of the shell and its children, the trap
 * builtin, running trap actions, and the table of signal names.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

enum { S_DFL, S_CATCH, S_IGN, S_HARD, S_SHELL };

static char *traps[NSIG];		/* NULL: default; "": ignore */
static int mode[NSIG];
static volatile sig_atomic_t gotsig[NSIG];
static int lastsig;

volatile sig_atomic_t pending_sigs;
volatile sig_atomic_t got_sigint;
int in_trap;

static const struct {
	int num;
	const char *name;
	const char *desc;
} sigs[] = {
	{ SIGHUP, "HUP", "Hangup" },
	{ SIGINT, "INT", "Interrupt" },
	{ SIGQUIT, "QUIT", "Quit" },
	{ SIGILL, "ILL", "Illegal instruction" },
	{ SIGTRAP, "TRAP", "Trace/breakpoint trap" },
	{ SIGABRT, "ABRT", "Aborted" },
	{ SIGBUS, "BUS", "Bus error" },
	{ SIGFPE, "FPE", "Floating point exception" },
	{ SIGKILL, "KILL", "Killed" },
	{ SIGUSR1, "USR1", "User defined signal 1" },
	{ SIGSEGV, "SEGV", "Segmentation fault" },
	{ SIGUSR2, "USR2", "User defined signal 2" },
	{ SIGPIPE, "PIPE", "Broken pipe" },
	{ SIGALRM, "ALRM", "Alarm clock" },
	{ SIGTERM, "TERM", "Terminated" },
	{ SIGCHLD, "CHLD", "Child exited" },
	{ SIGCONT, "CONT", "Continued" },
	{ SIGSTOP, "STOP", "Stopped (signal)" },
	{ SIGTSTP, "TSTP", "Stopped" },
	{ SIGTTIN, "TTIN", "Stopped (tty input)" },
	{ SIGTTOU, "TTOU", "Stopped (tty output)" },
	{ SIGURG, "URG", "Urgent I/O condition" },
	{ SIGXCPU, "XCPU", "CPU time limit exceeded" },
	{ SIGXFSZ, "XFSZ", "File size limit exceeded" },
	{ SIGVTALRM, "VTALRM", "Virtual timer expired" },
	{ SIGPROF, "PROF", "Profiling timer expired" },
	{ SIGWINCH, "WINCH", "Window changed" },
	{ SIGIO, "IO", "I/O possible" },
	{ SIGSYS, "SYS", "Bad system call" },
	{ 0, NULL, NULL }
};

const char *
sig_name(int sig)
{
	int i;

	for (i = 0; sigs[i].name; i++)
		if (sigs[i].num == sig)
			return sigs[i].name;
	return NULL;
}

const char *
sig_desc(int sig)
{
	int i;

	for (i = 0; sigs[i].name; i++)
		if (sigs[i].num == sig)
			return sigs[i].desc;
	return "Killed by signal";
}

/* Signal number from "INT", "SIGINT", "2" or "EXIT"; -1 if unknown. */
int
sig_number(const char *name)
{
	long n;
	int i;

	if (parse_int(name, &n) == 0)
		return n >= 0 && n < NSIG ? (int)n : -1;
	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	if (strcmp(name, "EXIT") == 0)
		return 0;
	for (i = 0; sigs[i].name; i++)
		if (strcmp(sigs[i].name, name) == 0)
			return sigs[i].num;
	return -1;
}

static void
onsig(int sig)
{
	if (sig == SIGINT && !traps[SIGINT])
		got_sigint = 1;
	else
		gotsig[sig] = 1;
	pending_sigs = 1;
}

static void
set_handler(int sig, void (*h)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Set up the shell's own dispositions at startup. */
void
signals_init(void)
{
	struct sigaction old;
	int sig;

	for (sig = 1; sig < NSIG; sig++) {
		if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			mode[sig] = S_HARD;
	}
	if (!opt.interactive)
		return;
	set_handler(SIGINT, onsig);
	mode[SIGINT] = S_SHELL;
	set_handler(SIGQUIT, SIG_IGN);
	mode[SIGQUIT] = S_SHELL;
	set_handler(SIGTERM, SIG_IGN);
	mode[SIGTERM] = S_SHELL;
	if (jobctl) {
		set_handler(SIGTSTP, SIG_IGN);
		set_handler(SIGTTIN, SIG_IGN);
		set_handler(SIGTTOU, SIG_IGN);
		mode[SIGTSTP] = mode[SIGTTIN] = mode[SIGTTOU] = S_SHELL;
	}
}

/* In a new child: traps are reset, ignored signals stay ignored. */
void
signals_child(int bg)
{
	int sig;

	for (sig = 1; sig < NSIG; sig++) {
		if (mode[sig] == S_CATCH || mode[sig] == S_SHELL) {
			set_handler(sig, SIG_DFL);
			mode[sig] = S_DFL;
		}
		if (traps[sig] && *traps[sig]) {
			free(traps[sig]);
			traps[sig] = NULL;
		}
		gotsig[sig] = 0;
	}
	free(traps[0]);
	traps[0] = NULL;
	pending_sigs = 0;
	got_sigint = 0;
	if (bg) {
		set_handler(SIGINT, SIG_IGN);
		set_handler(SIGQUIT, SIG_IGN);
		mode[SIGINT] = mode[SIGQUIT] = S_HARD;
	}
}

int
last_trap_sig(void)
{
	return lastsig;
}

int
have_exit_trap(void)
{
	return traps[0] != NULL;
}

void
dotrap(void)
{
	int sig;

	if (in_trap)
		return;
	pending_sigs = 0;
	for (sig = 1; sig < NSIG; sig++) {
		int save = exitstatus, skip = evalskip;

		if (!gotsig[sig])
			continue;
		gotsig[sig] = 0;
		lastsig = sig;
		if (!traps[sig] || !*traps[sig])
			continue;
		in_trap = 1;
		evalskip = 0;
		evalstring(traps[sig], 0);
		in_trap = 0;
		if (!evalskip)
			evalskip = skip;
		exitstatus = save;
	}
}

void
run_exit_trap(void)
{
	char *t = traps[0];
	int st = exitstatus;

	if (!t)
		return;
	traps[0] = NULL;
	evalskip = 0;
	in_trap = 1;
	evalstring(t, 0);
	in_trap = 0;
	exitstatus = st;
	free(t);
}

static void
trap_set(int sig, const char *action)
{
	free(traps[sig]);
	traps[sig] = action ? xstrdup(action) : NULL;
	if (sig == 0)
		return;
	if (mode[sig] == S_HARD && !opt.interactive)
		return;
	if (action && *action) {
		set_handler(sig, onsig);
		mode[sig] = S_CATCH;
	} else if (action) {
		set_handler(sig, SIG_IGN);
		mode[sig] = S_IGN;
	} else if (opt.interactive && (sig == SIGINT || sig == SIGQUIT ||
		   sig == SIGTERM || (jobctl && (sig == SIGTSTP ||
		   sig == SIGTTIN || sig == SIGTTOU)))) {
		set_handler(sig, sig == SIGINT ? onsig : SIG_IGN);
		mode[sig] = S_SHELL;
	} else {
		set_handler(sig, SIG_DFL);
		mode[sig] = S_DFL;
	}
}

static void
trap_list(void)
{
	int sig;

	for (sig = 0; sig < NSIG; sig++) {
		char *q;

		if (!traps[sig])
			continue;
		q = shell_quote(traps[sig]);
		out_fmt(1, "trap -- %s %s\n", *traps[sig] ? q : "''",
			sig ? sig_name(sig) : "EXIT");
		free(q);
	}
}

int
builtin_trap(int argc, char **argv)
{
	const char *action;
	int i = 1, st = 0;
	long n;

	if (argc > 1 && !strcmp(argv[1], "--"))
		i++;
	if (i >= argc) {
		trap_list();
		return 0;
	}
	action = argv[i];
	if (parse_int(action, &n) == 0 || argc == i + 1)
		action = NULL;
	else
		i++;
	if (action && !strcmp(action, "-"))
		action = NULL;
	for (; i < argc; i++) {
		int sig = sig_number(argv[i]);

		if (sig < 0 || sig == SIGKILL || sig == SIGSTOP) {
			sh_warn("trap: %s: bad trap", argv[i]);
			st = 1;
			continue;
		}
		trap_set(sig, action);
	}
	return st;
}
