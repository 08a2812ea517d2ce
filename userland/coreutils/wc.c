/*
 * wc - count lines, words and bytes.  -l, -w, -c select the counts (all
 * three by default; -m counts bytes too, as there are no multibyte locales);
 * with several files a "total" line follows.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

struct counts {
	unsigned long long lines;
	unsigned long long words;
	unsigned long long bytes;
};

static bool opt_lines, opt_words, opt_bytes;
static int width = 1;

static bool
is_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Count fd into c; -1 on a read error. */
static int
count_fd(int fd, struct counts *c)
{
	unsigned char buf[16384];
	bool in_word = false;
	ssize_t n, i;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c->bytes += (unsigned long long)n;
		for (i = 0; i < n; i++) {
			if (buf[i] == '\n')
				c->lines++;
			if (is_space(buf[i])) {
				in_word = false;
			} else if (!in_word) {
				in_word = true;
				c->words++;
			}
		}
	}
	return n < 0 ? -1 : 0;
}

static void
print_counts(const struct counts *c, const char *name)
{
	const char *sep = "";

	if (opt_lines) {
		printf("%*llu", width, c->lines);
		sep = " ";
	}
	if (opt_words) {
		printf("%s%*llu", sep, width, c->words);
		sep = " ";
	}
	if (opt_bytes)
		printf("%s%*llu", sep, width, c->bytes);
	if (name != NULL)
		printf(" %s", name);
	putchar('\n');
}

/*
 * GNU's column width: the digits of the total size of the regular files,
 * at least 7 if any input is not a regular file; 1 for a single number.
 */
static void
compute_width(char **files, int n)
{
	unsigned long long total = 0;
	struct stat st;
	int i, min = 1, rc;

	if (n == 1 && opt_lines + opt_words + opt_bytes == 1)
		return;
	for (i = 0; i < n; i++) {
		if (strcmp(files[i], "-") == 0)
			rc = fstat(0, &st);
		else
			rc = stat(files[i], &st);
		if (rc < 0)
			continue;
		if (S_ISREG(st.st_mode))
			total += (unsigned long long)st.st_size;
		else
			min = 7;
	}
	for (width = 1; total >= 10; total /= 10)
		width++;
	if (width < min)
		width = min;
}

/* Count one file and print its line; adds to *total.  0, or 1 on error. */
static int
wc_file(const char *path, const char *name, struct counts *total)
{
	struct counts c = { 0, 0, 0 };
	int fd = 0, rc = 0;

	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0) {
		warn("%s", path);
		return 1;
	}
	if (count_fd(fd, &c) < 0) {
		warn("%s", path);
		rc = 1;
	} else {
		print_counts(&c, name);
	}
	if (fd != 0)
		close(fd);
	total->lines += c.lines;
	total->words += c.words;
	total->bytes += c.bytes;
	return rc;
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	struct counts total = { 0, 0, 0 };
	char **files;
	int c, i, n, rc = 0;

	util_init(argc, argv, "wc", "[-clmw] [FILE...]");
	while ((c = getopt(argc, argv, "clmw")) != -1) {
		if (c == 'c' || c == 'm')	/* no locales: chars = bytes */
			opt_bytes = true;
		else if (c == 'l')
			opt_lines = true;
		else if (c == 'w')
			opt_words = true;
		else
			usage();
	}
	if (!opt_lines && !opt_words && !opt_bytes)
		opt_lines = opt_words = opt_bytes = true;
	n = argc - optind;
	files = n > 0 ? argv + optind : stdin_only;
	compute_width(files, n > 0 ? n : 1);
	for (i = 0; i < (n > 0 ? n : 1); i++)
		rc |= wc_file(files[i], n > 0 ? files[i] : NULL, &total);
	if (n > 1)
		print_counts(&total, "total");
	if (fflush(stdout) != 0)
		die("write error");
	return rc;
}
