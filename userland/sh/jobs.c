/*
 * jobs.c - process creation and job control: process groups, the
 * terminal's foreground group, waiting, and jobs/fg/bg/wait/kill.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"

#define MAXJOBS 256

struct proc {
	pid_t pid;
	int status;
	int state;		/* P_RUN, P_STOP, P_DONE */
};

enum { P_RUN, P_STOP, P_DONE };

struct job {
	int id;
	pid_t pgid;
	int nproc;
	struct proc *procs;
	char *cmd;
	int seq;		/* for the current (+) and previous (-) job */
	int bg;			/* known to the user as a job */
	int reported;		/* last state printed */
};

static struct job *jobs[MAXJOBS];
static int seqctr;
static pid_t orig_pgrp;

int jobctl;
int ttyfd = -1;
pid_t shell_pgid;

void
jobs_init(void)
{
	sigset_t ttou, old;
	pid_t pg;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		fd = dup(0);
	if (fd < 0)
		return;
	ttyfd = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	close(fd);
	if (ttyfd < 0)
		return;
	for (;;) {
		pg = tcgetpgrp(ttyfd);
		if (pg < 0) {
			close(ttyfd);
			ttyfd = -1;
			return;
		}
		if (pg == getpgrp())
			break;
		kill(0, SIGTTIN);
	}
	orig_pgrp = pg;
	/*
	 * Taking the terminal from our process group would stop us with
	 * SIGTTOU (we are not yet ignoring it): block it meanwhile.
	 */
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	shell_pgid = getpid();
	setpgid(0, shell_pgid);
	shell_pgid = getpgrp();
	tcsetpgrp(ttyfd, shell_pgid);
	sigprocmask(SIG_SETMASK, &old, NULL);
	jobctl = 1;
	opt.monitor = 1;
}

static void
job_free(struct job *j)
{
	int i;

	for (i = 0; i < MAXJOBS; i++)
		if (jobs[i] == j)
			jobs[i] = NULL;
	free(j->procs);
	free(j->cmd);
	free(j);
}

/* Forget every job (in a child process). */
void
jobs_clear(void)
{
	int i;

	for (i = 0; i < MAXJOBS; i++)
		if (jobs[i])
			job_free(jobs[i]);
}

static int
job_state(struct job *j)
{
	int i, stopped = 0;

	for (i = 0; i < j->nproc; i++) {
		if (j->procs[i].state == P_RUN)
			return P_RUN;
		if (j->procs[i].state == P_STOP)
			stopped = 1;
	}
	return stopped ? P_STOP : P_DONE;
}

void
jobs_exit(void)
{
	int i;

	for (i = 0; i < MAXJOBS; i++) {
		if (jobs[i] && jobctl && job_state(jobs[i]) == P_STOP) {
			kill(-jobs[i]->pgid, SIGHUP);
			kill(-jobs[i]->pgid, SIGCONT);
		}
	}
	if (jobctl && orig_pgrp && orig_pgrp != shell_pgid)
		tcsetpgrp(ttyfd, orig_pgrp);
}

struct job *
job_new(const char *cmd)
{
	struct job *j = xmalloc(sizeof(*j));
	int i, oldest = -1;

	memset(j, 0, sizeof(*j));
	j->cmd = cmd ? (char *)cmd : NULL;
	for (i = 0; i < MAXJOBS && jobs[i]; i++)
		if (job_state(jobs[i]) == P_DONE &&
		    (oldest < 0 || jobs[i]->seq < jobs[oldest]->seq))
			oldest = i;
	if (i == MAXJOBS) {
		i = oldest >= 0 ? oldest : 0;
		job_free(jobs[i]);
	}
	jobs[i] = j;
	j->id = i + 1;
	return j;
}

pid_t
fork_child(struct job *j, int mode)
{
	pid_t pid = fork();

	if (pid < 0) {
		sh_warn("fork: %s", strerror(errno));
		sh_fatal(2);
	}
	if (pid == 0) {
		int jc = jobctl && mode != FORK_NOJOB;

		is_subshell = 1;
		if (jc) {
			pid_t pg = j->pgid ? j->pgid : getpid();

			setpgid(0, pg);
			if (mode == FORK_FG)
				tcsetpgrp(ttyfd, pg);
		}
		jobctl = 0;
		signals_child(mode == FORK_BG && !jc);
		if (mode == FORK_BG && !jc) {
			int fd = open("/dev/null", O_RDONLY);

			if (fd > 0) {
				dup2(fd, 0);
				close(fd);
			}
		}
		jobs_clear();
		return 0;
	}
	if (j) {
		if (jobctl && mode != FORK_NOJOB) {
			if (!j->pgid)
				j->pgid = pid;
			setpgid(pid, j->pgid);
		}
		j->procs = xrealloc(j->procs, (j->nproc + 1) * sizeof(struct proc));
		j->procs[j->nproc].pid = pid;
		j->procs[j->nproc].status = 0;
		j->procs[j->nproc].state = P_RUN;
		j->nproc++;
	}
	return pid;
}

int
status_of(int ws)
{
	if (WIFEXITED(ws))
		return WEXITSTATUS(ws);
	if (WIFSIGNALED(ws))
		return 128 + WTERMSIG(ws);
	if (WIFSTOPPED(ws))
		return 128 + WSTOPSIG(ws);
	return 0;
}

static void
record(pid_t pid, int ws)
{
	int i, k;

	for (i = 0; i < MAXJOBS; i++) {
		struct job *j = jobs[i];

		for (k = 0; j && k < j->nproc; k++) {
			if (j->procs[k].pid != pid)
				continue;
			if (WIFSTOPPED(ws)) {
				j->procs[k].state = P_STOP;
				j->procs[k].status = ws;
			} else if (WIFCONTINUED(ws)) {
				j->procs[k].state = P_RUN;
			} else {
				j->procs[k].state = P_DONE;
				j->procs[k].status = ws;
			}
			return;
		}
	}
}

/* Wait for one child event; -1 when interrupted or none left. */
static int
wait_one(int block)
{
	int ws, flags = WUNTRACED | (block ? 0 : WNOHANG);
	pid_t pid = waitpid(-1, &ws, flags);

	if (pid <= 0)
		return pid < 0 ? -1 : 0;
	record(pid, ws);
	return 1;
}

static void
reap(void)
{
	while (wait_one(0) > 0)
		;
}

static int
job_status(struct job *j)
{
	struct proc *p = &j->procs[j->nproc - 1];

	if (j->nproc == 0)
		return 0;
	if (p->state == P_STOP || job_state(j) == P_STOP) {
		int i;

		for (i = j->nproc - 1; i >= 0; i--)
			if (j->procs[i].state == P_STOP)
				return status_of(j->procs[i].status);
	}
	return status_of(p->status);
}

static const char *
state_text(struct job *j, char *buf, size_t n)
{
	int st = job_state(j), ws;

	if (st == P_RUN)
		return "Running";
	if (st == P_STOP)
		return "Stopped";
	ws = j->procs[j->nproc - 1].status;
	if (WIFSIGNALED(ws))
		return sig_desc(WTERMSIG(ws));
	if (WEXITSTATUS(ws) == 0)
		return "Done";
	snprintf(buf, n, "Done(%d)", WEXITSTATUS(ws));
	return buf;
}

static struct job *
nth_current(int which)
{
	struct job *best = NULL, *second = NULL;
	int i;

	for (i = 0; i < MAXJOBS; i++) {
		struct job *j = jobs[i];

		if (!j || !j->bg)
			continue;
		if (!best || j->seq > best->seq) {
			second = best;
			best = j;
		} else if (!second || j->seq > second->seq) {
			second = j;
		}
	}
	return which ? second : best;
}

static void
print_job(struct job *j, int fd, int pids)
{
	char buf[32];
	int mark = j == nth_current(0) ? '+' : j == nth_current(1) ? '-' : ' ';
	const char *cmd = j->cmd ? j->cmd : "";

	if (pids)
		out_fmt(fd, "[%d]%c %d %s  %s\n", j->id, mark, (int)j->pgid,
			state_text(j, buf, sizeof(buf)), cmd);
	else
		out_fmt(fd, "[%d]%c %s  %s%s\n", j->id, mark,
			state_text(j, buf, sizeof(buf)), cmd,
			job_state(j) == P_RUN ? " &" : "");
	j->reported = job_state(j);
}

int
job_wait(struct job *j)
{
	int st, i;

	while (job_state(j) == P_RUN) {
		if (wait_one(1) < 0) {
			if (errno == EINTR)
				continue;
			for (i = 0; i < j->nproc; i++)
				j->procs[i].state = P_DONE;
		}
	}
	if (jobctl) {
		tcsetpgrp(ttyfd, shell_pgid);
	}
	st = job_status(j);
	if (job_state(j) == P_STOP) {
		j->bg = 1;
		j->seq = ++seqctr;
		out_str(2, "\n");
		print_job(j, 2, 0);
		return st;
	}
	if (j->nproc > 0) {
		int ws = j->procs[j->nproc - 1].status;

		if (WIFSIGNALED(ws) && WTERMSIG(ws) == SIGINT) {
			if (jobctl) {
				out_str(2, "\n");
				got_sigint = 1;
			}
		} else if (WIFSIGNALED(ws) && WTERMSIG(ws) != SIGPIPE &&
			   opt.interactive && !is_subshell) {
			out_fmt(2, "%s\n", sig_desc(WTERMSIG(ws)));
		}
	}
	job_free(j);
	return st;
}

void
job_background(struct job *j)
{
	j->bg = 1;
	j->seq = ++seqctr;
	j->reported = P_RUN;
	if (opt.interactive && !is_subshell)
		out_fmt(2, "[%d] %d\n", j->id, (int)j->procs[j->nproc - 1].pid);
}

/* Report finished or stopped background jobs (before a prompt). */
void
jobs_notify(void)
{
	int i;

	reap();
	for (i = 0; i < MAXJOBS; i++) {
		struct job *j = jobs[i];
		int st;

		if (!j || !j->bg)
			continue;
		st = job_state(j);
		if (st == P_DONE) {
			print_job(j, 2, 0);
			job_free(j);
		} else if (st != j->reported) {
			print_job(j, 2, 0);
		}
	}
}

/* Find a job from "%n", "%%", "%+", "%-", "%str", "%?str" or a pid. */
static struct job *
get_job(const char *spec, const char *who)
{
	struct job *found = NULL;
	int i, k;
	long n;

	if (spec[0] != '%') {
		if (parse_int(spec, &n) == 0) {
			for (i = 0; i < MAXJOBS; i++)
				for (k = 0; jobs[i] && k < jobs[i]->nproc; k++)
					if (jobs[i]->procs[k].pid == n)
						return jobs[i];
		}
		sh_warn("%s: %s: no such job", who, spec);
		return NULL;
	}
	spec++;
	if (!*spec || !strcmp(spec, "%") || !strcmp(spec, "+"))
		found = nth_current(0);
	else if (!strcmp(spec, "-"))
		found = nth_current(1);
	else if (parse_int(spec, &n) == 0)
		found = n > 0 && n <= MAXJOBS ? jobs[n - 1] : NULL;
	else
		for (i = 0; i < MAXJOBS; i++) {
			struct job *j = jobs[i];

			if (!j || !j->cmd)
				continue;
			if (spec[0] == '?' ? strstr(j->cmd, spec + 1) != NULL :
			    strncmp(j->cmd, spec, strlen(spec)) == 0)
				found = j;
		}
	if (!found || !found->bg) {
		sh_warn("%s: %%%s: no such job", who, spec);
		return NULL;
	}
	return found;
}

int
builtin_jobs(int argc, char **argv)
{
	int i, pids = 0, only = 0;

	if (argc > 1 && !strcmp(argv[1], "-l"))
		pids = 1;
	if (argc > 1 && !strcmp(argv[1], "-p"))
		only = 1;
	reap();
	for (i = 0; i < MAXJOBS; i++) {
		struct job *j = jobs[i];

		if (!j || !j->bg)
			continue;
		if (only)
			out_fmt(1, "%d\n", (int)j->pgid);
		else
			print_job(j, 1, pids);
		if (job_state(j) == P_DONE)
			job_free(j);
	}
	return 0;
}

static void
job_continue(struct job *j)
{
	int i;

	for (i = 0; i < j->nproc; i++)
		if (j->procs[i].state == P_STOP)
			j->procs[i].state = P_RUN;
	if (jobctl)
		kill(-j->pgid, SIGCONT);
	else
		for (i = 0; i < j->nproc; i++)
			kill(j->procs[i].pid, SIGCONT);
}

int
builtin_fg(int argc, char **argv)
{
	struct job *j;

	if (!jobctl) {
		sh_warn("fg: no job control");
		return 1;
	}
	j = get_job(argc > 1 ? argv[1] : "%%", "fg");
	if (!j)
		return 1;
	out_fmt(1, "%s\n", j->cmd ? j->cmd : "");
	j->bg = 0;
	tcsetpgrp(ttyfd, j->pgid);
	job_continue(j);
	return job_wait(j);
}

int
builtin_bg(int argc, char **argv)
{
	struct job *j;
	int i = 1, st = 0;

	if (!jobctl) {
		sh_warn("bg: no job control");
		return 1;
	}
	do {
		j = get_job(argc > i ? argv[i] : "%%", "bg");
		if (!j) {
			st = 1;
			continue;
		}
		j->seq = ++seqctr;
		job_continue(j);
		j->reported = P_RUN;
		out_fmt(1, "[%d]+ %s &\n", j->id, j->cmd ? j->cmd : "");
	} while (++i < argc);
	return st;
}

/* Wait for j to finish; returns its status or 128+signal if trapped. */
static int
wait_job_done(struct job *j)
{
	while (!j || job_state(j) == P_RUN) {
		int r = wait_one(1);

		if (r < 0 && errno == EINTR && pending_sigs)
			return -1;
		if (r < 0 && errno == ECHILD)
			break;
		if (!j) {
			int i, any = 0;

			for (i = 0; i < MAXJOBS; i++)
				if (jobs[i] && jobs[i]->bg &&
				    job_state(jobs[i]) == P_RUN)
					any = 1;
			if (!any)
				break;
		}
	}
	return 0;
}

int
builtin_wait(int argc, char **argv)
{
	int i, st = 0;

	if (argc < 2) {
		if (wait_job_done(NULL) < 0)
			return 128 + last_trap_sig();
		for (i = 0; i < MAXJOBS; i++)
			if (jobs[i] && job_state(jobs[i]) == P_DONE && !jobctl)
				job_free(jobs[i]);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		struct job *j = get_job(argv[i], "wait");

		if (!j) {
			st = 127;
			continue;
		}
		if (wait_job_done(j) < 0)
			return 128 + last_trap_sig();
		st = job_status(j);
		if (job_state(j) == P_DONE)
			job_free(j);
	}
	return st;
}

static void
list_signals(void)
{
	int i;

	for (i = 1; i < NSIG; i++)
		if (sig_name(i))
			out_fmt(1, "%s%c", sig_name(i), i + 1 < NSIG ? ' ' : '\n');
	out_str(1, "\n");
}

static int
kill_target(const char *t, int sig)
{
	long pid;

	if (t[0] == '%') {
		struct job *j = get_job(t, "kill");
		int i;

		if (!j)
			return 1;
		if (jobctl && j->pgid > 0) {
			if (kill(-j->pgid, sig) < 0)
				goto fail;
		} else {
			for (i = 0; i < j->nproc; i++)
				kill(j->procs[i].pid, sig);
		}
		if (sig == SIGCONT)
			job_continue(j);
		return 0;
	}
	if (parse_int(t, &pid) < 0) {
		sh_warn("kill: %s: arguments must be process or job IDs", t);
		return 1;
	}
	if (kill((pid_t)pid, sig) == 0)
		return 0;
fail:
	sh_warn("kill: %s: %s", t, strerror(errno));
	return 1;
}

int
builtin_kill(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, st = 0;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		long n;

		if (argc > 2 && parse_int(argv[2], &n) < 0) {
			int s = sig_number(argv[2]);

			if (s <= 0) {
				sh_warn("kill: %s: invalid signal", argv[2]);
				return 1;
			}
			out_fmt(1, "%d\n", s);
			return 0;
		}
		if (argc > 2) {
			const char *nm = sig_name(n > 128 ? n - 128 : n);

			out_fmt(1, "%s\n", nm ? nm : "?");
			return nm ? 0 : 1;
		}
		list_signals();
		return 0;
	}
	if (argc > 2 && (!strcmp(argv[1], "-s") || !strcmp(argv[1], "-n"))) {
		sig = sig_number(argv[2]);
		i = 3;
	} else if (argc > 1 && argv[1][0] == '-' && strcmp(argv[1], "--")) {
		sig = sig_number(argv[1] + 1);
		i = 2;
	} else if (argc > 1 && !strcmp(argv[1], "--")) {
		i = 2;
	}
	if (sig < 0) {
		sh_warn("kill: %s: invalid signal specification", argv[i - 1]);
		return 1;
	}
	if (i >= argc) {
		sh_warn("kill: usage: kill [-s sigspec | -signum] pid | %%job ...");
		return 2;
	}
	for (; i < argc; i++)
		st |= kill_target(argv[i], sig);
	return st;
}
