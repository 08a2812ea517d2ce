/*
 * Helpers shared by the CircleOS core utilities: messages, usage, allocation,
 * parsing of numbers and modes, and the file copy/removal used by cp, mv, rm.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

const char *progname = "?";
int fail_status = 1;
static const char *synopsis_text = "";

void
util_init(int argc, char **argv, const char *name, const char *synopsis)
{
	progname = name;
	opterr = 0;
	synopsis_text = synopsis;
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf("usage: %s%s%s\n", progname, *synopsis_text ? " " : "",
		       synopsis_text);
		exit(0);
	}
}

/* Print the whole message with one write, so lines never interleave. */
static void
vmessage(const char *fmt, va_list ap, int err)
{
	char buf[1024];
	size_t n;

	fflush(stdout);
	n = (size_t)snprintf(buf, sizeof(buf), "%s: ", progname);
	if (n < sizeof(buf))
		n += (size_t)vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (err != 0 && n < sizeof(buf))
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, ": %s",
				      strerror(err));
	if (n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	buf[n] = '\0';
	fputs(buf, stderr);
}

void
warn(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, err);
	va_end(ap);
	errno = err;
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
}

noreturn void
die(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, err);
	va_end(ap);
	exit(fail_status);
}

noreturn void
diex(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap, 0);
	va_end(ap);
	exit(fail_status);
}

noreturn void
usage(void)
{
	fflush(stdout);
	fprintf(stderr, "usage: %s%s%s\n", progname, *synopsis_text ? " " : "",
		synopsis_text);
	exit(2);
}

noreturn void
bad_arg(const char *what, const char *arg)
{
	fflush(stdout);
	fprintf(stderr, "%s: invalid %s '%s'\n", progname, what, arg);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("malloc");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		die("realloc");
	return p;
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

char *
path_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	char *p = xmalloc(dl + nl + 2);

	memcpy(p, dir, dl);
	if (dl > 0 && dir[dl - 1] != '/')
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	return p;
}

char *
path_base(const char *path)
{
	size_t end = strlen(path), start;
	char *p;

	while (end > 1 && path[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (start == end && end > 0)	/* "/" or "//" */
		start = end - 1;
	p = xmalloc(end - start + 1);
	memcpy(p, path + start, end - start);
	p[end - start] = '\0';
	return p;
}

bool
is_dot_or_dotdot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

int
parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

/* Which permission bits a "who" letter (u, g, o, a) may touch. */
static mode_t
who_mask(char c)
{
	switch (c) {
	case 'u':
		return 04700;
	case 'g':
		return 02070;
	case 'o':
		return 01007;
	default:
		return 07777;
	}
}

/* The bits of a permission list (rwxXst or one of u, g, o) at *sp. */
static mode_t
perm_bits(const char **sp, mode_t cur, bool isdir)
{
	const char *s = *sp;
	mode_t perm = 0, b;

	if (*s == 'u' || *s == 'g' || *s == 'o') {
		b = (cur >> (*s == 'u' ? 6 : *s == 'g' ? 3 : 0)) & 7;
		*sp = s + 1;
		return b << 6 | b << 3 | b;
	}
	for (; *s != '\0' && strchr("rwxXst", *s) != NULL; s++) {
		switch (*s) {
		case 'r':
			perm |= 0444;
			break;
		case 'w':
			perm |= 0222;
			break;
		case 'x':
			perm |= 0111;
			break;
		case 'X':
			if (isdir || (cur & 0111) != 0)
				perm |= 0111;
			break;
		case 's':
			perm |= 06000;
			break;
		case 't':
			perm |= 01000;
			break;
		}
	}
	*sp = s;
	return perm;
}

/* The process's umask (022 if the kernel cannot tell). */
static mode_t
current_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m > 0777 ? 022 : m;
}

/*
 * One clause "[ugoa]*[-+=]perms..." of a symbolic mode; advances *sp.
 * Without u, g, o or a, the umask's bits are left alone (as POSIX says).
 */
static int
mode_clause(const char **sp, mode_t *mode, bool isdir)
{
	const char *s = *sp;
	mode_t who = 0, perm, mask = 0;
	char op;

	for (; *s != '\0' && strchr("ugoa", *s) != NULL; s++)
		who |= who_mask(*s);
	if (who == 0) {
		who = 07777;
		mask = current_umask();
	}
	if (*s != '+' && *s != '-' && *s != '=')
		return -1;
	while (*s == '+' || *s == '-' || *s == '=') {
		op = *s++;
		perm = perm_bits(&s, *mode, isdir) & who & ~mask;
		if (op == '+')
			*mode |= perm;
		else if (op == '-')
			*mode &= ~perm;
		else
			*mode = (*mode & ~who) | perm;
	}
	*sp = s;
	return 0;
}

int
parse_mode(const char *spec, mode_t old, bool isdir, mode_t *out)
{
	const char *s = spec;
	mode_t mode = old & 07777;

	if (*s >= '0' && *s <= '7') {
		mode = 0;
		for (; *s >= '0' && *s <= '7'; s++)
			mode = mode * 8 + (mode_t)(*s - '0');
		if (*s != '\0' || mode > 07777)
			return -1;
		*out = mode;
		return 0;
	}
	for (;;) {
		if (mode_clause(&s, &mode, isdir) < 0)
			return -1;
		if (*s == '\0')
			break;
		if (*s++ != ',')
			return -1;
	}
	*out = mode;
	return 0;
}

int
write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
copy_fd(int in, int out, bool *werr)
{
	char buf[8192];
	ssize_t n;

	*werr = false;
	for (;;) {
		n = read(in, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (write_all(out, buf, (size_t)n) < 0) {
			*werr = true;
			return -1;
		}
	}
}

void
mode_string(mode_t mode, char *buf)
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	switch (mode & S_IFMT) {
	case S_IFDIR:
		buf[0] = 'd';
		break;
	case S_IFLNK:
		buf[0] = 'l';
		break;
	case S_IFCHR:
		buf[0] = 'c';
		break;
	case S_IFBLK:
		buf[0] = 'b';
		break;
	case S_IFIFO:
		buf[0] = 'p';
		break;
	case S_IFSOCK:
		buf[0] = 's';
		break;
	default:
		buf[0] = '-';
	}
	for (i = 0; i < 9; i++)
		buf[i + 1] = (mode & (0400 >> i)) ? rwx[i] : '-';
	if (mode & S_ISUID)
		buf[3] = (mode & 0100) ? 's' : 'S';
	if (mode & S_ISGID)
		buf[6] = (mode & 0010) ? 's' : 'S';
	if (mode & S_ISVTX)
		buf[9] = (mode & 0001) ? 't' : 'T';
	buf[10] = '\0';
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The names in directory path, without "." and "..", sorted, as a
 * NULL-terminated array (read completely before anything is changed).
 * NULL on error.
 */
static char **
read_names(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;

	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (is_dot_or_dotdot(de->d_name))
			continue;
		v = xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (v == NULL)
		v = xmalloc(sizeof(*v));
	v[n] = NULL;
	qsort(v, n, sizeof(*v), name_cmp);
	return v;
}

static void
free_names(char **v)
{
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* Set dst's mode and times from st; 0 or -1 after a warning. */
static int
copy_attrs(const char *dst, const struct stat *st)
{
	struct timespec ts[2] = { st->st_atim, st->st_mtim };

	if (S_ISLNK(st->st_mode)) {
		if (utimensat(AT_FDCWD, dst, ts, AT_SYMLINK_NOFOLLOW) < 0 &&
		    errno != ENOSYS && errno != EOPNOTSUPP) {
			warn("%s", dst);
			return -1;
		}
		return 0;
	}
	if (chmod(dst, st->st_mode & 07777) < 0 ||
	    utimensat(AT_FDCWD, dst, ts, 0) < 0) {
		warn("%s", dst);
		return -1;
	}
	return 0;
}

static int
copy_regular(const char *src, const char *dst, const struct stat *st)
{
	int in, out, rc;
	bool werr;

	if ((in = open(src, O_RDONLY)) < 0) {
		warn("%s", src);
		return -1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
	if (out < 0) {
		warn("%s", dst);
		close(in);
		return -1;
	}
	rc = copy_fd(in, out, &werr);
	if (rc < 0)
		warn("%s", werr ? dst : src);
	close(in);
	if (close(out) < 0 && rc == 0) {
		warn("%s", dst);
		rc = -1;
	}
	return rc;
}

static int
copy_symlink(const char *src, const char *dst)
{
	char target[PATH_MAX];
	ssize_t n;

	if ((n = readlink(src, target, sizeof(target) - 1)) < 0) {
		warn("%s", src);
		return -1;
	}
	target[n] = '\0';
	if (symlink(target, dst) < 0 && (errno != EEXIST ||
	    unlink(dst) < 0 || symlink(target, dst) < 0)) {
		warn("%s", dst);
		return -1;
	}
	return 0;
}

/* The directory made by the outermost copy, so a copy never copies itself. */
static dev_t guard_dev;
static ino_t guard_ino;
static bool guard_set;

static int copy_any(const char *src, const char *dst, int flags);

static int
copy_dir(const char *src, const char *dst, const struct stat *st, int flags)
{
	struct stat dst_st;
	char **names, *s, *d;
	int rc = 0;
	size_t i;

	if (stat(dst, &dst_st) == 0) {
		if (!S_ISDIR(dst_st.st_mode)) {
			errno = ENOTDIR;
			warn("%s", dst);
			return -1;
		}
	} else if (mkdir(dst, (st->st_mode & 07777) | 0700) < 0 ||
		   stat(dst, &dst_st) < 0) {
		warn("%s", dst);
		return -1;
	}
	if (!guard_set) {
		guard_dev = dst_st.st_dev;
		guard_ino = dst_st.st_ino;
		guard_set = true;
	}
	if ((names = read_names(src)) == NULL) {
		warn("%s", src);
		return -1;
	}
	for (i = 0; names[i] != NULL; i++) {
		s = path_join(src, names[i]);
		d = path_join(dst, names[i]);
		if (copy_any(s, d, flags) < 0)
			rc = -1;
		free(s);
		free(d);
	}
	free_names(names);
	if ((flags & COPY_PRESERVE) || (st->st_mode & 0700) != 0700) {
		if (copy_attrs(dst, st) < 0)
			rc = -1;
	}
	return rc;
}

static bool
same_inode(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* True if the directory that will hold dst is dir or lies below it. */
static bool
inside(const char *dst, const struct stat *dir)
{
	struct stat st, root;
	char *p, *up;
	size_t len = strlen(dst);
	bool found = false;
	int depth;

	while (len > 1 && dst[len - 1] == '/')
		len--;
	while (len > 0 && dst[len - 1] != '/')
		len--;
	p = len > 0 ? xstrdup(dst) : xstrdup(".");
	if (len > 0)
		p[len] = '\0';
	if (stat("/", &root) < 0)
		memset(&root, 0, sizeof(root));
	for (depth = 0; depth < 256 && stat(p, &st) == 0; depth++) {
		if ((found = same_inode(&st, dir)) || same_inode(&st, &root))
			break;
		up = path_join(p, "..");
		free(p);
		p = up;
	}
	free(p);
	return found;
}

static int
copy_any(const char *src, const char *dst, int flags)
{
	struct stat st, dst_st;
	int rc;

	rc = (flags & COPY_RECURSIVE) ? lstat(src, &st) : stat(src, &st);
	if (rc < 0) {
		warn("%s", src);
		return -1;
	}
	if (guard_set && st.st_dev == guard_dev && st.st_ino == guard_ino)
		return 0;	/* the copy being made: do not copy it again */
	if (stat(dst, &dst_st) == 0 && same_inode(&st, &dst_st)) {
		warnx("'%s' and '%s' are the same file", src, dst);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!(flags & COPY_RECURSIVE)) {
			warnx("%s: omitting directory (use -r)", src);
			return -1;
		}
		return copy_dir(src, dst, &st, flags);
	}
	if (S_ISLNK(st.st_mode))
		rc = copy_symlink(src, dst);
	else if (S_ISREG(st.st_mode) || !(flags & COPY_RECURSIVE))
		rc = copy_regular(src, dst, &st);
	else {
		warnx("%s: cannot copy special file", src);
		return -1;
	}
	if (rc == 0 && (flags & COPY_PRESERVE))
		rc = copy_attrs(dst, &st);
	return rc;
}

int
copy_path(const char *src, const char *dst, int flags)
{
	struct stat st;

	guard_set = false;
	if ((flags & COPY_RECURSIVE) && lstat(src, &st) == 0 &&
	    S_ISDIR(st.st_mode) && inside(dst, &st)) {
		warnx("%s: cannot copy a directory into itself (%s)", src, dst);
		return -1;
	}
	return copy_any(src, dst, flags);
}

int
remove_tree(const char *path, bool (*confirm)(const char *path, bool isdir))
{
	struct stat st;
	char **names, *p;
	int rc = 0, r;
	size_t i;

	if (lstat(path, &st) < 0) {
		warn("%s", path);
		return -1;
	}
	if (confirm != NULL && !confirm(path, S_ISDIR(st.st_mode)))
		return 1;
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0) {
			warn("%s", path);
			return -1;
		}
		return 0;
	}
	if ((names = read_names(path)) == NULL) {
		warn("%s", path);
		return -1;
	}
	for (i = 0; names[i] != NULL; i++) {
		p = path_join(path, names[i]);
		r = remove_tree(p, confirm);
		if (r != 0 && rc >= 0)
			rc = r;
		free(p);
	}
	free_names(names);
	if (rc == 0 && rmdir(path) < 0) {
		warn("%s", path);
		rc = -1;
	}
	return rc;
}
