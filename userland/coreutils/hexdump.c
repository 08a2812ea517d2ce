/*
 * hexdump - show files as hex: by default 16-bit little-endian words, with
 * -C bytes and ASCII ("canonical").  -s SKIP, -n LENGTH, -v: no "*" lines.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static bool opt_canonical, opt_verbose;
static long skip, length = -1;

/* The inputs, read as one stream. */
static char **inputs;
static int ninputs, cur_input = -1;
static int in_fd = -1;
static int status;

/* Open the next input; false when there are no more. */
static bool
next_input(void)
{
	const char *path;

	for (;;) {
		if (in_fd > 0)
			close(in_fd);
		in_fd = -1;
		if (++cur_input >= ninputs)
			return false;
		path = inputs[cur_input];
		if (strcmp(path, "-") == 0) {
			in_fd = 0;
			return true;
		}
		if ((in_fd = open(path, O_RDONLY)) >= 0)
			return true;
		warn("%s", path);
		status = 1;
	}
}

/* Read up to len bytes from the inputs; fewer only at the very end. */
static size_t
read_stream(unsigned char *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		if (in_fd < 0 && !next_input())
			break;
		n = read(in_fd, buf + got, len - got);
		if (n < 0) {
			warn("%s", inputs[cur_input]);
			status = 1;
		}
		if (n <= 0) {
			if (!next_input())
				break;
			continue;
		}
		got += (size_t)n;
	}
	return got;
}

static void
line_canonical(unsigned long off, const unsigned char *b, size_t n)
{
	size_t i;

	printf("%08lx ", off);
	for (i = 0; i < 16; i++) {
		if (i == 8)
			putchar(' ');
		if (i < n)
			printf(" %02x", b[i]);
		else
			printf("   ");
	}
	printf("  |");
	for (i = 0; i < n; i++)
		putchar(b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
	printf("|\n");
}

static void
line_words(unsigned long off, const unsigned char *b, size_t n)
{
	size_t i;

	printf("%07lx", off);
	for (i = 0; i < 16; i += 2) {
		if (i < n)
			printf(" %04x", b[i] | (i + 1 < n ? b[i + 1] << 8 : 0));
		else
			printf("     ");
	}
	putchar('\n');
}

static void
dump(void)
{
	unsigned char line[16], prev[16], junk[4096];
	unsigned long off = (unsigned long)skip;
	bool squeezing = false, have_prev = false;
	size_t want, n;
	long left = skip;

	while (left > 0 && (n = read_stream(junk, left < 4096 ? (size_t)left :
					    4096)) > 0)
		left -= (long)n;
	if (left > 0)
		off -= (unsigned long)left;
	for (;;) {
		want = length >= 0 && length < 16 ? (size_t)length : 16;
		if (want == 0 || (n = read_stream(line, want)) == 0)
			break;
		if (length >= 0)
			length -= (long)n;
		if (!opt_verbose && have_prev && n == 16 &&
		    memcmp(line, prev, 16) == 0) {
			if (!squeezing)
				puts("*");
			squeezing = true;
		} else {
			squeezing = false;
			if (opt_canonical)
				line_canonical(off, line, n);
			else
				line_words(off, line, n);
		}
		memcpy(prev, line, n);
		have_prev = n == 16;
		off += n;
	}
	if (off > (unsigned long)skip || squeezing)
		printf(opt_canonical ? "%08lx\n" : "%07lx\n", off);
}

int
main(int argc, char **argv)
{
	static char *stdin_only[] = { "-", NULL };
	int c;

	util_init(argc, argv, "hexdump",
		  "[-Cv] [-n LENGTH] [-s SKIP] [FILE...]");
	while ((c = getopt(argc, argv, "Cvn:s:")) != -1) {
		switch (c) {
		case 'C':
			opt_canonical = true;
			break;
		case 'v':
			opt_verbose = true;
			break;
		case 'n':
			if (parse_long(optarg, &length) < 0 || length < 0)
				bad_arg("length", optarg);
			break;
		case 's':
			if (parse_long(optarg, &skip) < 0 || skip < 0)
				bad_arg("offset", optarg);
			break;
		default:
			usage();
		}
	}
	inputs = optind < argc ? argv + optind : stdin_only;
	ninputs = optind < argc ? argc - optind : 1;
	dump();
	if (fflush(stdout) != 0)
		die("write error");
	return status;
}
