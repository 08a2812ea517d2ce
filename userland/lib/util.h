/*
 * Helpers shared by the CircleOS core utilities: error messages in the
 * "NAME: PATH: strerror" form, usage lines, number and mode parsing, copying.
 */
#ifndef CIRCLEOS_UTIL_H
#define CIRCLEOS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <sys/types.h>

/* Set by util_init(); used as the prefix of every message. */
extern const char *progname;

/* Exit status of die() and diex(); 1 unless a tool changes it (grep: 2). */
extern int fail_status;

/*
 * Record the tool's name and usage synopsis.  If argv[1] is "--help", print
 * the usage line on stdout and exit 0.
 */
void util_init(int argc, char **argv, const char *name, const char *synopsis);

/* "NAME: <fmt>: strerror(errno)" on stderr (stdout is flushed first). */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "NAME: <fmt>" on stderr. */
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* warn() or warnx(), then exit(fail_status). */
noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void diex(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "usage: NAME SYNOPSIS" on stderr, exit 2. */
noreturn void usage(void);

/* "NAME: invalid WHAT 'ARG'" on stderr, exit 2: a malformed argument. */
noreturn void bad_arg(const char *what, const char *arg);

/* Allocation that dies on failure. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* "dir/name" in a new buffer (no doubled slash). */
char *path_join(const char *dir, const char *name);

/* The last component of path without trailing slashes, in a new buffer. */
char *path_base(const char *path);

/* True for "." and "..". */
bool is_dot_or_dotdot(const char *name);

/* Strict decimal parse of a whole string; 0 on success, -1 if malformed. */
int parse_long(const char *s, long *out);

/*
 * Apply an octal or symbolic (u+x,go-w,a=r) mode to old; isdir selects the
 * meaning of X.  A clause without u/g/o/a spares the umask's bits.  0 on
 * success, -1 if spec is malformed.
 */
int parse_mode(const char *spec, mode_t old, bool isdir, mode_t *out);

/* Write all of buf, retrying short writes; 0 or -1 with errno. */
int write_all(int fd, const void *buf, size_t n);

/* Copy in to out until end of file; 0, or -1 with errno (*werr says which). */
int copy_fd(int in, int out, bool *werr);

/* "drwxr-xr-x" for mode, in buf (at least 11 bytes). */
void mode_string(mode_t mode, char *buf);

/* Flags of copy_path(). */
#define COPY_RECURSIVE	1	/* copy directories; keep symlinks as links */
#define COPY_PRESERVE	2	/* keep mode and times */

/*
 * Copy src to dst (dst is the new name, not its directory).  Problems are
 * reported with warn(); returns 0 if everything was copied, else -1.
 */
int copy_path(const char *src, const char *dst, int flags);

/*
 * Remove path and, if it is a directory, everything below it.  confirm (may
 * be NULL) is asked before each removal; a "no" skips that entry (and so
 * its directories).  Problems are reported with warn().  Returns 0 if all
 * was removed, 1 if something was skipped, -1 after an error.
 */
int remove_tree(const char *path,
		bool (*confirm)(const char *path, bool isdir));

#endif
