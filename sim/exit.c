/*
 * exit.c -- every way out of circlesim: poweroff, reboot, panic, fatal host
 * errors and host signals. Each one restores the terminal first.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim.h"

char **sim_argv;

void
sim_exit(int status)
{
	sim_console_restore();
	fflush(stdout);
	fflush(stderr);
	_exit(status);
}

void
sim_fatal(const char *fmt, ...)
{
	va_list ap;

	sim_console_restore();
	fputs("circlesim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	sim_exit(SIM_EXIT_HOST);
}

/* hal_poweroff: the guest's code becomes the exit status. */
void
sim_poweroff(int code)
{
	sim_exit(code & 0xff);
}

/* hal_reboot: start this program again with the same arguments. */
void
sim_reboot(void)
{
	if (sim_opt.no_reboot)
		sim_exit(0);
	sim_console_restore();
	execv("/proc/self/exe", sim_argv);
	sim_fatal("reboot: cannot re-execute circlesim");
}

void
sim_panic_halt(void)
{
	sim_exit(SIM_EXIT_PANIC);
}

static void
on_signal(int sig)
{
	static const char msg[] = "\ncirclesim: killed by a host signal\n";

	sim_console_restore();
	(void)!write(2, msg, sizeof(msg) - 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Restore the terminal whatever ends the process. */
void
sim_signals_init(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
				    SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
#ifdef SIM_SANITIZERS
		if (sigs[i] == SIGSEGV || sigs[i] == SIGBUS || sigs[i] == SIGFPE)
			continue;	/* ASan reports these itself */
#endif
		sigaction(sigs[i], &sa, NULL);
	}
	signal(SIGPIPE, SIG_IGN);
	atexit(sim_console_restore);
}
