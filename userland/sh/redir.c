/*
 * redir.c - I/O redirections, here-documents, and the stack of saved
 * file descriptors that lets builtins and compound commands undo them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

#define MAXSAVE 10

struct savefd {
	struct savefd *prev;
	int n;
	int fd[MAXSAVE];
	int copy[MAXSAVE];	/* -1: fd was closed */
};

static struct savefd *saves;
static int depth;

static void
save_fd(struct savefd *s, int fd)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		if (s->fd[i] == fd)
			return;
	if (s->n >= MAXSAVE)
		return;
	s->fd[s->n] = fd;
	s->copy[s->n] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	s->n++;
}

/* A readable descriptor holding the text of a here-document. */
static int
heredoc_fd(const char *body)
{
	size_t len = strlen(body);
	int p[2];
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	if (len <= 512) {
		xwrite(p[1], body, len);
		close(p[1]);
		return p[0];
	}
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		signal(SIGPIPE, SIG_DFL);
		xwrite(p[1], body, len);
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

static int
open_target(struct redir *r, char *name)
{
	struct stat st;
	int flags;

	switch (r->type) {
	case R_IN:
		flags = O_RDONLY;
		break;
	case R_OUT:
		if (opt.noclobber && stat(name, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			sh_warn("%s: cannot overwrite existing file", name);
			return -2;
		}
		/* fall through */
	case R_CLOBBER:
		flags = O_WRONLY | O_CREAT | O_TRUNC;
		break;
	case R_APPEND:
		flags = O_WRONLY | O_CREAT | O_APPEND;
		break;
	default:
		flags = O_RDWR | O_CREAT;
		break;
	}
	return open(name, flags, 0666);
}

/* Apply one redirection; returns 0 or -1 after printing a message. */
static int
redirect_one(struct redir *r, struct savefd *s)
{
	char *w;
	int fd;

	if (r->type == R_HEREDOC) {
		w = r->quoted ? xstrdup(r->word) : expand_heredoc(r->word);
		fd = heredoc_fd(w);
		free(w);
	} else {
		w = expand_str(r->word, EXP_TILDE);
		if (r->type == R_DUPIN || r->type == R_DUPOUT) {
			long n;

			if (strcmp(w, "-") == 0) {
				save_fd(s, r->fd);
				close(r->fd);
				free(w);
				return 0;
			}
			if (parse_int(w, &n) < 0 || n < 0 ||
			    fcntl((int)n, F_GETFD) < 0) {
				sh_warn("%s: bad file descriptor", w);
				free(w);
				return -1;
			}
			free(w);
			if (n != r->fd) {
				save_fd(s, r->fd);
				dup2((int)n, r->fd);
			}
			return 0;
		}
		fd = open_target(r, w);
		if (fd == -1)
			sh_warn("%s: %s", w, strerror(errno));
		free(w);
		if (fd < 0)
			return -1;
	}
	if (fd < 0) {
		sh_warn("cannot create here-document");
		return -1;
	}
	if (fd != r->fd) {
		save_fd(s, r->fd);
		dup2(fd, r->fd);
		close(fd);
	}
	return 0;
}

/* Apply a redirection list; with save, popredir() undoes it. */
int
redirect(struct redir *r, int save)
{
	struct savefd *s = NULL;

	if (save) {
		s = xmalloc(sizeof(*s));
		s->n = 0;
		s->prev = saves;
		saves = s;
		depth++;
	}
	for (; r; r = r->next) {
		if (redirect_one(r, s) < 0)
			return -1;
	}
	return 0;
}

void
popredir(void)
{
	struct savefd *s = saves;
	int i;

	if (!s)
		return;
	for (i = s->n - 1; i >= 0; i--) {
		if (s->copy[i] >= 0) {
			dup2(s->copy[i], s->fd[i]);
			close(s->copy[i]);
		} else {
			close(s->fd[i]);
		}
	}
	saves = s->prev;
	depth--;
	free(s);
}

int
redir_depth(void)
{
	return depth;
}

void
popredir_to(int d)
{
	while (depth > d && saves)
		popredir();
}

void
popredir_all(void)
{
	popredir_to(0);
}
