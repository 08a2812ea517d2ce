/*
 * tail - print the last lines (-n N, default 10) or bytes (-c N) of files;
 * -n +N starts at line N.  -f keeps reading files as they grow.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static long count = 10;
static bool opt_bytes, opt_from_start, opt_follow;
static const char *last_header;	/* file whose output came last, for -f */

static void
header(const char *name)
{
	if (last_header != NULL)
		dprintf(1, "\n");
	dprintf(1, "==> %s <==\n", name);
	last_header = name;
}

/* Copy fd to stdout until end of file; -1 on a read error (dies on write). */
static int
copy_rest(int fd)
{
	bool werr;

	if (copy_fd(fd, 1, &werr) < 0) {
		if (werr)
			die("write error");
		return -1;
	}
	return 0;
}

/* -n +N / -c +N: skip count-1 lines or bytes, then copy. */
static int
tail_from_start(int fd)
{
	char buf[8192];
	long skip = count > 0 ? count - 1 : 0;
	ssize_t n, i = 0;

	while (skip > 0) {
		if ((n = read(fd, buf, sizeof(buf))) <= 0)
			return n < 0 ? -1 : 0;
		if (opt_bytes) {
			i = n < skip ? n : skip;
			skip -= i;
		} else {
			for (i = 0; i < n && skip > 0; i++)
				if (buf[i] == '\n')
					skip--;
		}
		if (i < n && write_all(1, buf + i, (size_t)(n - i)) < 0)
			die("write error");
	}
	return copy_rest(fd);
}

/* Offset in buf[0..len) where the last count lines or bytes start. */
static size_t
start_of_tail(const char *buf, size_t len)
{
	size_t pos = len;
	long lines = count;

	if (opt_bytes)
		return (size_t)count < len ? len - (size_t)count : 0;
	if (count == 0)
		return len;
	if (pos > 0 && buf[pos - 1] == '\n')
		pos--;
	for (; pos > 0; pos--)
		if (buf[pos - 1] == '\n' && --lines == 0)
			break;
	return pos;
}

/* The last count lines or bytes of fd, read completely into memory. */
static int
tail_buffered(int fd)
{
	size_t len = 0, cap = 65536, start;
	char *buf = xmalloc(cap);
	ssize_t n;

	while ((n = read(fd, buf + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	if (n < 0) {
		free(buf);
		return -1;
	}
	start = start_of_tail(buf, len);
	if (write_all(1, buf + start, len - start) < 0)
		die("write error");
	free(buf);
	return 0;
}

/*
 * For a regular file: read only the end, growing the window until it holds
 * count lines.
 */
static int
tail_seekable(int fd, off_t size)
{
	off_t window = 8192, from;
	size_t len, start;
	char *buf;
	ssize_t n;

	for (;;) {
		from = size > window ? size - window : 0;
		len = (size_t)(size - from);
		buf = xmalloc(len);
		if (lseek(fd, from, SEEK_SET) < 0 ||
		    (n = read(fd, buf, len)) < 0) {
			free(buf);
			return -1;
		}
		len = (size_t)n;
		start = start_of_tail(buf, len);
		if (start > 0 || from == 0 || count == 0)
			break;
		free(buf);
		window *= 4;
	}
	if (write_all(1, buf + start, len - start) < 0)
		die("write error");
	free(buf);
	return lseek(fd, from + (off_t)len, SEEK_SET) < 0 ? -1 : 0;
}

static int
tail_fd(int fd)
{
	struct stat st;

	if (opt_from_start)
		return tail_from_start(fd);
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    lseek(fd, 0, SEEK_CUR) == 0)
		return tail_seekable(fd, st.st_size);
	return tail_buffered(fd);
}

/* Open and print one file; its descriptor is left in *fdp for -f. */
static int
tail_file(const char *path, bool headers, int *fdp)
{
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	int fd = 0;

	*fdp = -1;
	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0) {
		warn("%s", path);
		return 1;
	}
	if (headers)
		header(name);
	if (tail_fd(fd) < 0) {
		warn("%s", path);
		if (fd != 0)
			close(fd);
		return 1;
	}
	*fdp = fd;
	return 0;
}

/* -f: once a second, print whatever was appended to the files. */
static noreturn void
follow(char **paths, int *fds, int n, bool headers)
{
	struct timespec second = { 1, 0 };
	char buf[8192];
	struct stat st;
	ssize_t r;
	int i;

	for (;;) {
		nanosleep(&second, NULL);
		for (i = 0; i < n; i++) {
			if (fds[i] < 0)
				continue;
			if (fstat(fds[i], &st) == 0 && S_ISREG(st.st_mode) &&
			    st.st_size < lseek(fds[i], 0, SEEK_CUR)) {
				warnx("%s: file truncated", paths[i]);
				lseek(fds[i], 0, SEEK_SET);
			}
			while ((r = read(fds[i], buf, sizeof(buf))) > 0) {
				if (headers && last_header != paths[i])
					header(paths[i]);
				if (write_all(1, buf, (size_t)r) < 0)
					die("write error");
			}
		}
	}
}

/* Drop the pipes from fds (they cannot grow later); true if any is left. */
static bool
followable(int *fds, int n)
{
	struct stat st;
	bool any = false;
	int i;

	for (i = 0; i < n; i++) {
		if (fds[i] >= 0 &&
		    (fstat(fds[i], &st) < 0 || S_ISFIFO(st.st_mode)))
			fds[i] = -1;
		any |= fds[i] >= 0;
	}
	return any;
}

/* "N", "+N" or "-N" for -n and -c. */
static void
set_count(const char *s)
{
	opt_from_start = s[0] == '+';
	if (s[0] == '+' || s[0] == '-')
		s++;
	if (!isdigit((unsigned char)s[0]) || parse_long(s, &count) < 0)
		bad_arg("count", s);
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	char **paths;
	int c, i, n, *fds, rc = 0;

	util_init(argc, argv, "tail",
		  "[-f] [-n [+]N | -c [+]N | -N] [FILE...]");
	if (argc > 1 && argv[1][0] == '-' &&
	    isdigit((unsigned char)argv[1][1])) {	/* old style: -N */
		set_count(argv[1] + 1);
		optind = 2;
	}
	while ((c = getopt(argc, argv, "fn:c:")) != -1) {
		if (c == 'f') {
			opt_follow = true;
		} else if (c == 'n' || c == 'c') {
			opt_bytes = c == 'c';
			set_count(optarg);
		} else {
			usage();
		}
	}
	n = argc - optind;
	paths = n > 0 ? argv + optind : stdin_only;
	if (n == 0)
		n = 1;
	fds = xmalloc((size_t)n * sizeof(*fds));
	for (i = 0; i < n; i++)
		rc |= tail_file(paths[i], n > 1, &fds[i]);
	if (opt_follow && followable(fds, n))
		follow(paths, fds, n, n > 1);
	return rc;
}
