/*
 * main.c - shell start-up: option parsing, default variables, choosing
 * the command source (-c string, script file, stdin) and the main loop.
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

extern char **environ;

static void
init_vars(void)
{
	const char *pwd = var_get("PWD");
	struct stat a, b;
	char buf[PATH_MAX];

	if (!var_get("PATH"))
		var_set("PATH", "/bin:/usr/bin:/sbin:/usr/sbin", 0);
	var_set("IFS", " \t\n", 0);
	if (!var_get("PS1"))
		var_set("PS1", getuid() == 0 ? "# " : "$ ", 0);
	if (!var_get("PS2"))
		var_set("PS2", "> ", 0);
	if (!var_get("PS4"))
		var_set("PS4", "+ ", 0);
	var_set("OPTIND", "1", 0);
	snprintf(buf, sizeof(buf), "%d", (int)getppid());
	var_set("PPID", buf, 0);
	if (!(pwd && pwd[0] == '/' && stat(pwd, &a) == 0 &&
	      stat(".", &b) == 0 && a.st_dev == b.st_dev &&
	      a.st_ino == b.st_ino) && getcwd(buf, sizeof(buf)))
		var_set("PWD", buf, V_EXPORT);
}

static void __attribute__((noreturn))
usage(const char *msg, const char *arg)
{
	sh_warn("%s%s", msg, arg ? arg : "");
	out_str(2, "usage: sh [-eiuxvfnCa] [-o option] [-c command [name [arg...]]]\n"
		   "          [-s] [file [arg...]]\n");
	_exit(2);
}

/* Parse the command-line flags; returns the index of the first operand. */
static int
parse_options(int argc, char **argv, int *cflag, int *iflag)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *p;
		int on = a[0] == '-';

		if (!strcmp(a, "--") || !strcmp(a, "-")) {
			i++;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		for (p = a + 1; *p; p++) {
			if (*p == 'c') {
				*cflag = on;
			} else if (*p == 's') {
				opt.stdin_mode = on;
			} else if (*p == 'i') {
				*iflag = on;
			} else if (*p == 'o') {
				if (++i >= argc)
					usage("-o requires an option name", NULL);
				if (set_option(0, argv[i], on) < 0)
					usage("bad option name: ", argv[i]);
			} else if (set_option(*p, NULL, on) < 0) {
				char bad[2] = { *p, 0 };

				usage("bad option: -", bad);
			}
		}
	}
	return i;
}

static int
open_script(const char *path)
{
	int fd = open(path, O_RDONLY), n;

	if (fd < 0) {
		sh_warn("%s: %s", path, strerror(errno));
		exit_shell(errno == ENOENT ? 127 : 126);
	}
	n = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	if (n >= 0) {
		close(fd);
		fd = n;
	}
	return fd;
}

/* A login shell (argv[0] starts with '-') reads /etc/profile and
 * $HOME/.profile first. */
static void
read_profiles(void)
{
	const char *home = var_get("HOME");
	char path[4096];

	if (access("/etc/profile", R_OK) == 0)
		evalstring(". /etc/profile", 0);
	home = var_get("HOME");
	if (home != NULL && snprintf(path, sizeof(path), "%s/.profile", home) <
	    (int)sizeof(path) && access(path, R_OK) == 0) {
		char *cmd = xmalloc(strlen(path) + 4);

		strcpy(cmd, ". ");
		strcat(cmd, path);
		evalstring(cmd, 0);
		free(cmd);
	}
}

int
main(int argc, char **argv)
{
	static jmp_buf jb;
	static struct input *top;
	char *cmdstr = NULL, *script = NULL;
	int cflag = 0, iflag = 0, i;

	rootpid = getpid();
	var_init(environ);
	init_vars();
	arg0 = argv[0] ? argv[0] : SH_NAME;
	i = parse_options(argc, argv, &cflag, &iflag);
	if (cflag) {
		if (i >= argc)
			usage("-c requires an argument", NULL);
		cmdstr = argv[i++];
		if (i < argc)
			arg0 = argv[i++];
	} else if (!opt.stdin_mode && i < argc) {
		script = argv[i++];
		arg0 = script;
	}
	pos_set(argc - i, argv + i);
	opt.interactive = iflag || (!cmdstr && !script && isatty(0) && isatty(2));
	if (opt.interactive && isatty(0))
		jobs_init();
	signals_init();
	if (arg0[0] == '-' && !cmdstr && !script)
		read_profiles();
	if (cmdstr) {
		evalstring(cmdstr, 0);
		exit_shell(exitstatus);
	}
	if (script) {
		input_push_fd(open_script(script), 0);
	} else {
		input_push_fd(0, opt.interactive);
		if (opt.interactive && isatty(0))
			le_init(0);
	}
	top = in;
	if (opt.interactive) {
		set_toplevel(&jb);
		if (setjmp(jb)) {
			reset_after_error(top);
			got_sigint = 0;
		}
	}
	run_input();
	exit_shell(exitstatus);
}
