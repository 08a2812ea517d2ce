/*
 * ls - list directory contents, sorted by name; in columns on a terminal,
 * one per line otherwise.  Options: -l -n -a -A -1 -C -d -R -F -h.
 * -l names owners and groups from /etc/passwd and /etc/group; -n keeps
 * the numbers.
 */
#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

struct entry {
	char *name;		/* as printed */
	char *path;		/* as passed to lstat/readlink */
	struct stat st;
	bool have_st;
};

static bool opt_all, opt_almost_all, opt_one, opt_columns, opt_dir;
static bool opt_recursive, opt_classify, opt_human, opt_long, opt_numeric;
static int term_width = 80;
static bool printed_any;	/* something was output: separate blocks */
static int status;
static time_t now;

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* The -F indicator of an entry, or '\0'. */
static char
indicator(const struct entry *e)
{
	if (!opt_classify || !e->have_st)
		return '\0';
	switch (e->st.st_mode & S_IFMT) {
	case S_IFDIR:
		return '/';
	case S_IFLNK:
		return opt_long ? '\0' : '@';
	case S_IFIFO:
		return '|';
	case S_IFSOCK:
		return '=';
	case S_IFREG:
		return (e->st.st_mode & 0111) ? '*' : '\0';
	}
	return '\0';
}

static size_t
display_len(const struct entry *e)
{
	return strlen(e->name) + (indicator(e) != '\0');
}

static void
print_name(const struct entry *e)
{
	char c = indicator(e);

	fputs(e->name, stdout);
	if (c != '\0')
		putchar(c);
}

/* Size as GNU's -h shows it: 999, 1.5K, 12M (rounded up). */
static void
human_size(unsigned long long size, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	double d = (double)size;
	int u = -1;

	if (size < 1024) {
		snprintf(buf, len, "%llu", size);
		return;
	}
	while (d >= 1024 && u < 5) {
		d /= 1024;
		u++;
	}
	if (d < 10) {
		d = (double)(unsigned long long)(d * 10 + 0.999999) / 10;
		if (d < 10) {
			snprintf(buf, len, "%.1f%c", d, units[u]);
			return;
		}
	}
	d = (double)(unsigned long long)(d + 0.999999);
	if (d >= 1024 && u < 5) {
		snprintf(buf, len, "1.0%c", units[u + 1]);
		return;
	}
	snprintf(buf, len, "%.0f%c", d, units[u]);
}

/* The size column: bytes, -h size, or "major, minor" for devices. */
static void
size_field(const struct stat *st, char *buf, size_t len)
{
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		snprintf(buf, len, "%u, %u", major(st->st_rdev),
			 minor(st->st_rdev));
	else if (opt_human)
		human_size((unsigned long long)st->st_size, buf, len);
	else
		snprintf(buf, len, "%lld", (long long)st->st_size);
}

static int
num_width(unsigned long long v)
{
	int w = 1;

	while (v >= 10) {
		v /= 10;
		w++;
	}
	return w;
}

/* The user's (or group's) name, or the number; the last answer is kept,
 * as a directory's files mostly share one owner. */
static const char *
id_name(unsigned id, bool group)
{
	static char buf[2][32];
	static unsigned last[2];
	static bool valid[2];
	const char *name = NULL;
	struct passwd *pw;
	struct group *gr;

	if (valid[group] && last[group] == id)
		return buf[group];
	if (!opt_numeric && !group && (pw = getpwuid(id)) != NULL)
		name = pw->pw_name;
	if (!opt_numeric && group && (gr = getgrgid(id)) != NULL)
		name = gr->gr_name;
	if (name != NULL)
		snprintf(buf[group], sizeof(buf[group]), "%s", name);
	else
		snprintf(buf[group], sizeof(buf[group]), "%u", id);
	last[group] = id;
	valid[group] = true;
	return buf[group];
}

static void
print_long_entry(const struct entry *e, const int *w)
{
	char mode[11], size[32], date[32], target[PATH_MAX];
	const struct stat *st = &e->st;
	struct tm *tm = localtime(&st->st_mtime);
	long age = (long)(now - st->st_mtime);
	ssize_t n;

	mode_string(st->st_mode, mode);
	size_field(st, size, sizeof(size));
	if (tm == NULL)
		strcpy(date, "?");
	else if (age < 0 || age > 15778476L)	/* six months */
		strftime(date, sizeof(date), "%b %e  %Y", tm);
	else
		strftime(date, sizeof(date), "%b %e %H:%M", tm);
	printf("%s %*lu %-*s ", mode, w[0], (unsigned long)st->st_nlink, w[1],
	       id_name(st->st_uid, false));
	printf("%-*s %*s %s ", w[2], id_name(st->st_gid, true), w[3], size,
	       date);
	print_name(e);
	if (S_ISLNK(st->st_mode)) {
		n = readlink(e->path, target, sizeof(target) - 1);
		if (n >= 0) {
			target[n] = '\0';
			printf(" -> %s", target);
		}
	}
	putchar('\n');
}

static void
print_long(struct entry *v, size_t n)
{
	char size[32];
	int w[4] = { 1, 1, 1, 1 }, x;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!v[i].have_st)
			continue;
		if ((x = num_width(v[i].st.st_nlink)) > w[0])
			w[0] = x;
		if ((x = (int)strlen(id_name(v[i].st.st_uid, false))) > w[1])
			w[1] = x;
		if ((x = (int)strlen(id_name(v[i].st.st_gid, true))) > w[2])
			w[2] = x;
		size_field(&v[i].st, size, sizeof(size));
		if ((x = (int)strlen(size)) > w[3])
			w[3] = x;
	}
	for (i = 0; i < n; i++)
		if (v[i].have_st)
			print_long_entry(&v[i], w);
}

/* Width of column c when n names are laid out in rows rows. */
static size_t
column_width(const struct entry *v, size_t n, size_t rows, size_t c)
{
	size_t i, len, max = 0;

	for (i = c * rows; i < n && i < (c + 1) * rows; i++)
		if ((len = display_len(&v[i])) > max)
			max = len;
	return max;
}

/*
 * Rows for the most columns that fit the terminal, chosen as GNU ls does:
 * c columns hold ceil(n/c) rows, each column but the last is two wider
 * than its longest name, and the line must be shorter than the width.
 */
static size_t
fit_rows(const struct entry *v, size_t n)
{
	size_t cols, rows, c, total;

	cols = (size_t)term_width / 3 < n ? (size_t)term_width / 3 : n;
	for (; cols > 1; cols--) {
		rows = (n + cols - 1) / cols;
		total = 0;
		for (c = 0; c < cols && c * rows < n; c++)
			total += column_width(v, n, rows, c) +
				 (c + 1 < cols ? 2 : 0);
		if (total < (size_t)term_width)
			return rows;
	}
	return n;
}

static void
print_columns(const struct entry *v, size_t n)
{
	size_t rows = fit_rows(v, n), cols, r, c, i, pad;

	cols = (n + rows - 1) / rows;
	for (r = 0; r < rows; r++) {
		for (c = 0; c < cols; c++) {
			i = c * rows + r;
			if (i >= n)
				break;
			print_name(&v[i]);
			if (c + 1 < cols && i + rows < n) {
				pad = column_width(v, n, rows, c) + 2 -
				      display_len(&v[i]);
				printf("%*s", (int)pad, "");
			}
		}
		putchar('\n');
	}
}

static void
print_entries(struct entry *v, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	printed_any = true;
	if (opt_long) {
		print_long(v, n);
	} else if (opt_columns) {
		print_columns(v, n);
	} else {
		for (i = 0; i < n; i++) {
			print_name(&v[i]);
			putchar('\n');
		}
	}
}

static void
free_entries(struct entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
	}
	free(v);
}

static bool
shown(const char *name)
{
	if (name[0] != '.')
		return true;
	if (opt_all)
		return true;
	return opt_almost_all && !is_dot_or_dotdot(name);
}

/* Read directory path into a sorted array *vp; false after a warning. */
static bool
read_dir(const char *path, struct entry **vp, size_t *np)
{
	DIR *d = opendir(path);
	struct dirent *de;
	struct entry *v = NULL, *e;
	size_t n = 0;

	if (d == NULL) {
		warn("%s", path);
		status = 1;
		return false;
	}
	while ((de = readdir(d)) != NULL) {
		if (!shown(de->d_name))
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		e = &v[n++];
		e->name = xstrdup(de->d_name);
		e->path = path_join(path, de->d_name);
		e->have_st = false;
		if (opt_long || opt_classify || opt_recursive) {
			if (lstat(e->path, &e->st) == 0) {
				e->have_st = true;
			} else {
				warn("%s", e->path);
				status = 1;
			}
		}
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), entry_cmp);
	*vp = v;
	*np = n;
	return true;
}

static void
list_dir(const char *path, bool header)
{
	struct entry *v;
	unsigned long long blocks = 0;
	char buf[32];
	size_t n, i;

	if (header) {
		printf("%s%s:\n", printed_any ? "\n" : "", path);
		printed_any = true;
	}
	if (!read_dir(path, &v, &n))
		return;
	if (opt_long) {
		for (i = 0; i < n; i++) {
			if (v[i].have_st)
				blocks += (v[i].st.st_blocks + 1ULL) / 2;
		}
		if (opt_human)
			human_size(blocks * 1024, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%llu", blocks);
		printf("total %s\n", buf);
		printed_any = true;
	}
	print_entries(v, n);
	for (i = 0; opt_recursive && i < n; i++) {
		if (v[i].have_st && S_ISDIR(v[i].st.st_mode) &&
		    !is_dot_or_dotdot(v[i].name))
			list_dir(v[i].path, true);
	}
	free_entries(v, n);
}

/* Sort the operands into files (listed first, together) and directories. */
static void
list_operands(char **args, size_t nargs)
{
	struct entry *files = xmalloc(nargs * sizeof(*files));
	struct entry *dirs = xmalloc(nargs * sizeof(*dirs));
	struct entry *e;
	size_t nf = 0, nd = 0, i;
	bool follow = !(opt_long || opt_dir || opt_classify);
	int rc;

	for (i = 0; i < nargs; i++) {
		struct stat st;

		rc = follow ? stat(args[i], &st) : lstat(args[i], &st);
		if (rc < 0 && follow)
			rc = lstat(args[i], &st);	/* dangling link */
		if (rc < 0) {
			warn("%s", args[i]);
			status = 1;
			continue;
		}
		if (S_ISDIR(st.st_mode) && !opt_dir)
			e = &dirs[nd++];
		else
			e = &files[nf++];
		e->name = xstrdup(args[i]);
		e->path = xstrdup(args[i]);
		e->st = st;
		e->have_st = true;
	}
	qsort(files, nf, sizeof(*files), entry_cmp);
	qsort(dirs, nd, sizeof(*dirs), entry_cmp);
	print_entries(files, nf);
	for (i = 0; i < nd; i++)
		list_dir(dirs[i].path, nf + nd > 1 || opt_recursive);
	free_entries(files, nf);
	free_entries(dirs, nd);
}

static void
setup_output(void)
{
	struct winsize ws;
	struct timespec ts;
	const char *cols = getenv("COLUMNS");
	long c;

	if (ioctl(1, TIOCGWINSZ, &ws) == 0) {
		if (!opt_one && !opt_long)
			opt_columns = true;
		if (ws.ws_col > 0)
			term_width = ws.ws_col;
	} else if (cols != NULL && parse_long(cols, &c) == 0 && c > 0) {
		term_width = (int)c;
	}
	if (opt_one || opt_long)
		opt_columns = false;
	clock_gettime(CLOCK_REALTIME, &ts);
	now = ts.tv_sec;
}

int
main(int argc, char **argv)
{
	static char *dot[] = { ".", NULL };
	int c;

	util_init(argc, argv, "ls", "[-1aACdFhlnR] [FILE...]");
	while ((c = getopt(argc, argv, "1aACdFhlnR")) != -1) {
		switch (c) {
		case '1': opt_one = true; opt_columns = false; break;
		case 'a': opt_all = true; break;
		case 'A': opt_almost_all = true; break;
		case 'C': opt_columns = true; opt_one = false; break;
		case 'd': opt_dir = true; break;
		case 'F': opt_classify = true; break;
		case 'h': opt_human = true; break;
		case 'l': opt_long = true; break;
		case 'n': opt_long = opt_numeric = true; break;
		case 'R': opt_recursive = true; break;
		default: usage();
		}
	}
	setup_output();
	if (optind == argc)
		list_operands(dot, 1);
	else
		list_operands(argv + optind, (size_t)(argc - optind));
	if (fflush(stdout) != 0)
		die("write error");
	return status;
}
