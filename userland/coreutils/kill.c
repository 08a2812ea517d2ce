/*
 * kill - send a signal to processes.  kill [-SIGNAL | -s SIGNAL] PID...,
 * kill -l [SIGNAL]: list signal names, or translate a number or name.
 */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"

struct signame {
	const char *name;
	int num;
};

static const struct signame signals[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "BUS", SIGBUS }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD }, { "CONT", SIGCONT },
	{ "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU }, { "URG", SIGURG }, { "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF },
	{ "WINCH", SIGWINCH }, { "IO", SIGIO }, { "PWR", SIGPWR },
	{ "SYS", SIGSYS },
};

#define NSIGNALS (sizeof(signals) / sizeof(signals[0]))

/* Signal number of a name (TERM, SIGTERM, term) or number; -1 if none. */
static int
parse_signal(const char *s)
{
	long n;
	size_t i;

	if (isdigit((unsigned char)s[0])) {
		if (parse_long(s, &n) < 0 || n >= _NSIG)
			return -1;
		return (int)n;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < NSIGNALS; i++)
		if (strcasecmp(s, signals[i].name) == 0)
			return signals[i].num;
	return -1;
}

static const char *
signal_name(int num)
{
	size_t i;

	for (i = 0; i < NSIGNALS; i++)
		if (signals[i].num == num)
			return signals[i].name;
	return NULL;
}

/* kill -l [SIGNAL...] */
static int
list_signals(char **args)
{
	const char *name;
	long n;
	size_t i;

	if (*args == NULL) {
		for (i = 0; i < NSIGNALS; i++)
			printf("%s%s", i > 0 ? " " : "", signals[i].name);
		putchar('\n');
		return 0;
	}
	for (; *args != NULL; args++) {
		if (parse_long(*args, &n) == 0) {
			if (n > 128)
				n -= 128;
			if ((name = signal_name((int)n)) == NULL)
				bad_arg("signal", *args);
			puts(name);
		} else if ((n = parse_signal(*args)) > 0) {
			printf("%ld\n", n);
		} else {
			bad_arg("signal", *args);
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int i = 1, j, sig = SIGTERM, rc = 0;
	long pid;

	util_init(argc, argv, "kill",
		  "[-SIGNAL | -s SIGNAL] PID... | -l [SIGNAL]");
	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return list_signals(argv + 2);
	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		if ((sig = parse_signal(argv[2])) < 0)
			bad_arg("signal", argv[2]);
		i = 3;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] != '\0' &&
		   strcmp(argv[1], "--") != 0) {
		if ((sig = parse_signal(argv[1] + 1)) < 0)
			bad_arg("signal", argv[1] + 1);
		i = 2;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i == argc)
		usage();
	for (j = i; j < argc; j++)
		if (parse_long(argv[j], &pid) < 0)
			bad_arg("process id", argv[j]);
	for (; i < argc; i++) {
		parse_long(argv[i], &pid);
		if (kill((pid_t)pid, sig) < 0) {
			warn("%s", argv[i]);
			rc = 1;
		}
	}
	return rc;
}
