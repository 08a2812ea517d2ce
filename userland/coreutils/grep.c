/*
 * grep - print lines that match patterns (POSIX basic, -E extended, or -F
 * fixed strings), with musl's regcomp/regexec.  Exit 0 if a line was
 * selected, 1 if none, 2 on error.
 */
#define _GNU_SOURCE	/* strcasestr */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static bool opt_count, opt_ignore_case, opt_list, opt_number, opt_quiet;
static bool opt_invert, opt_recursive, opt_silent, opt_word, opt_line;
static bool opt_fixed;
static int opt_names = -1;	/* -H: 1, -h: 0, -1: not decided yet */
static int cflags = REG_NOSUB;

static char **patterns;
static regex_t *regs;
static size_t npatterns;

static bool matched_any;
static bool had_error;

/* Add each newline-separated piece of s as a pattern. */
static void
add_patterns(const char *s)
{
	const char *nl;
	size_t len;
	char *p;

	do {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		p = xmalloc(len + 1);
		memcpy(p, s, len);
		p[len] = '\0';
		patterns = xrealloc(patterns,
				    (npatterns + 1) * sizeof(*patterns));
		patterns[npatterns++] = p;
		s = nl + 1;
	} while (nl != NULL);
}

static void
compile_patterns(void)
{
	char msg[256];
	size_t i;
	int rc;

	if (opt_fixed)
		return;
	if (opt_word || opt_line)
		cflags &= ~REG_NOSUB;	/* the match position is needed */
	regs = xmalloc(npatterns * sizeof(*regs));
	for (i = 0; i < npatterns; i++) {
		if ((rc = regcomp(&regs[i], patterns[i], cflags)) != 0) {
			regerror(rc, &regs[i], msg, sizeof(msg));
			diex("%s: %s", patterns[i], msg);
		}
	}
}

static bool
is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Does a match at line[so..eo) satisfy -w and -x? */
static bool
good_match(const char *line, size_t len, size_t so, size_t eo)
{
	if (opt_line)
		return so == 0 && eo == len;
	if (opt_word)
		return (so == 0 || !is_word_char(line[so - 1])) &&
		       (eo == len || !is_word_char(line[eo])) && eo > so;
	return true;
}

/* Find fixed string pat in s, honouring -i. */
static const char *
find_fixed(const char *s, const char *pat)
{
	return opt_ignore_case ? strcasestr(s, pat) : strstr(s, pat);
}

static bool
match_fixed(const char *line, size_t len, const char *pat)
{
	size_t plen = strlen(pat), start = 0;
	const char *hit;

	if (opt_line)
		return plen == len && (opt_ignore_case ?
			strcasecmp(line, pat) == 0 : strcmp(line, pat) == 0);
	while (start <= len && (hit = find_fixed(line + start, pat)) != NULL) {
		if (good_match(line, len, (size_t)(hit - line),
			       (size_t)(hit - line) + plen))
			return true;
		start = (size_t)(hit - line) + 1;
	}
	return false;
}

static bool
match_regex(const char *line, size_t len, regex_t *re)
{
	regmatch_t m;
	size_t start = 0;
	int eflags;

	if (!opt_word && !opt_line)
		return regexec(re, line, 0, NULL, 0) == 0;
	while (start <= len) {
		eflags = start > 0 ? REG_NOTBOL : 0;
		if (regexec(re, line + start, 1, &m, eflags) != 0)
			return false;
		if (good_match(line, len, start + (size_t)m.rm_so,
			       start + (size_t)m.rm_eo))
			return true;
		if (opt_line)
			return false;
		start += (size_t)m.rm_so + 1;
	}
	return false;
}

/* True if the line is selected (matches a pattern, or none with -v). */
static bool
selected(const char *line, size_t len)
{
	bool hit = false;
	size_t i;

	for (i = 0; i < npatterns && !hit; i++)
		hit = opt_fixed ? match_fixed(line, len, patterns[i]) :
				  match_regex(line, len, &regs[i]);
	return hit != opt_invert;
}

/* Search one open stream; name is what to print for it. */
static void
grep_stream(FILE *f, const char *name)
{
	unsigned long long lineno = 0, count = 0;
	size_t cap = 0;
	char *line = NULL;
	ssize_t len;

	while ((len = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (!selected(line, (size_t)len))
			continue;
		matched_any = true;
		count++;
		if (opt_quiet)
			exit(0);
		if (opt_list)
			break;
		if (opt_count)
			continue;
		if (opt_names > 0)
			printf("%s:", name);
		if (opt_number)
			printf("%llu:", lineno);
		puts(line);
	}
	if (ferror(f)) {
		if (!opt_silent)
			warn("%s", name);
		had_error = true;
	}
	free(line);
	if (opt_count) {
		if (opt_names > 0)
			printf("%s:", name);
		printf("%llu\n", count);
	}
	if (opt_list && count > 0)
		puts(name);
}

static void grep_path(const char *path, bool top);

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* grep -r: every entry of directory path (children named from prefix). */
static void
grep_dir(const char *path, const char *prefix)
{
	struct dirent *de;
	char **names = NULL, *child;
	size_t n = 0, i;
	DIR *d;

	if (opt_names < 0)
		opt_names = 1;	/* -r found a directory: name the files */
	if ((d = opendir(path)) == NULL) {
		if (!opt_silent)
			warn("%s", path);
		had_error = true;
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (is_dot_or_dotdot(de->d_name))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		child = prefix != NULL ? path_join(prefix, names[i]) :
					 xstrdup(names[i]);
		grep_path(child, false);
		free(child);
		free(names[i]);
	}
	free(names);
}

/* Search a file, or a directory with -r; top: named on the command line. */
static void
grep_path(const char *path, bool top)
{
	struct stat st;
	FILE *f;
	int rc;

	if (strcmp(path, "-") == 0 && top) {
		grep_stream(stdin, "(standard input)");
		return;
	}
	rc = top ? stat(path, &st) : lstat(path, &st);
	if (rc == 0 && S_ISDIR(st.st_mode)) {
		if (opt_recursive) {
			grep_dir(path, path);
			return;
		}
		errno = EISDIR;
	} else if (rc == 0 && !top && !S_ISREG(st.st_mode)) {
		return;		/* -r skips links, devices and fifos */
	} else if (rc == 0 && (f = fopen(path, "r")) != NULL) {
		grep_stream(f, path);
		fclose(f);
		return;
	}
	if (!opt_silent)
		warn("%s", path);
	had_error = true;
}

static void
parse_options(int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "cEe:FHhilnqrRsvwxy")) != -1) {
		switch (c) {
		case 'c': opt_count = true; break;
		case 'E': cflags |= REG_EXTENDED; break;
		case 'e': add_patterns(optarg); break;
		case 'F': opt_fixed = true; break;
		case 'H': opt_names = 1; break;
		case 'h': opt_names = 0; break;
		case 'i':
		case 'y': opt_ignore_case = true; cflags |= REG_ICASE; break;
		case 'l': opt_list = true; break;
		case 'n': opt_number = true; break;
		case 'q': opt_quiet = true; break;
		case 'r':
		case 'R': opt_recursive = true; break;
		case 's': opt_silent = true; break;
		case 'v': opt_invert = true; break;
		case 'w': opt_word = true; break;
		case 'x': opt_line = true; break;
		default: usage();
		}
	}
}

int
main(int argc, char **argv)
{
	int nfiles;

	util_init(argc, argv, "grep",
		  "[-cEFHhilnqrsvwx] [-e PATTERN]... PATTERN [FILE...]");
	fail_status = 2;
	parse_options(argc, argv);
	if (npatterns == 0) {
		if (optind == argc)
			usage();
		add_patterns(argv[optind++]);
	}
	compile_patterns();
	nfiles = argc - optind;
	if (opt_names < 0 && (nfiles > 1 || !opt_recursive))
		opt_names = nfiles > 1;
	if (nfiles == 0 && opt_recursive)
		grep_dir(".", NULL);
	else if (nfiles == 0)
		grep_path("-", true);
	for (; optind < argc; optind++)
		grep_path(argv[optind], true);
	if (fflush(stdout) != 0)
		die("write error");
	if (had_error && !(opt_quiet && matched_any))
		return 2;
	return matched_any ? 0 : 1;
}
