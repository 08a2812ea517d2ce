/*
 * echo - print the arguments separated by spaces.
 * -n: no trailing newline; -e: interpret backslash escapes; -E: do not.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* True if arg is a cluster of echo options such as "-n" or "-ne". */
static bool
is_option(const char *arg)
{
	if (arg[0] != '-' || arg[1] == '\0')
		return false;
	return strspn(arg + 1, "neE") == strlen(arg + 1);
}

/* Print s with escapes; returns false after "\c" (stop all output). */
static bool
print_escaped(const char *s)
{
	int c, i;

	for (; *s != '\0'; s++) {
		if (*s != '\\' || s[1] == '\0') {
			putchar(*s);
			continue;
		}
		switch (*++s) {
		case 'a': putchar('\a'); break;
		case 'b': putchar('\b'); break;
		case 'c': return false;
		case 'e': putchar('\033'); break;
		case 'f': putchar('\f'); break;
		case 'n': putchar('\n'); break;
		case 'r': putchar('\r'); break;
		case 't': putchar('\t'); break;
		case 'v': putchar('\v'); break;
		case '\\': putchar('\\'); break;
		case '0':
			c = 0;
			for (i = 0; i < 3 && s[1] >= '0' && s[1] <= '7'; i++)
				c = c * 8 + (*++s - '0');
			putchar(c);
			break;
		default:
			putchar('\\');
			putchar(*s);
		}
	}
	return true;
}

int
main(int argc, char **argv)
{
	bool newline = true, escapes = false;
	const char *p;
	int i;

	(void)argc;
	progname = "echo";
	for (i = 1; argv[i] != NULL && is_option(argv[i]); i++) {
		for (p = argv[i] + 1; *p != '\0'; p++) {
			if (*p == 'n')
				newline = false;
			else
				escapes = *p == 'e';
		}
	}
	for (; argv[i] != NULL; i++) {
		if (escapes) {
			if (!print_escaped(argv[i]))
				return fflush(stdout) == 0 ? 0 : 1;
		} else {
			fputs(argv[i], stdout);
		}
		if (argv[i + 1] != NULL)
			putchar(' ');
	}
	if (newline)
		putchar('\n');
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error");
	return 0;
}
