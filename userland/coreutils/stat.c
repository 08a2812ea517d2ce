/*
 * stat - show a file's inode in GNU stat's layout, or with -c FORMAT only
 * the fields asked for.  -L follows symbolic links.  Ids stay numeric.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static const char *
type_name(const struct stat *st)
{
	switch (st->st_mode & S_IFMT) {
	case S_IFREG:
		return st->st_size == 0 ? "regular empty file" : "regular file";
	case S_IFDIR:
		return "directory";
	case S_IFLNK:
		return "symbolic link";
	case S_IFCHR:
		return "character special file";
	case S_IFBLK:
		return "block special file";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "socket";
	}
	return "weird file";
}

/* "2026-11-27 14:21:32.123456789 +0000" */
static void
print_stamp(const struct timespec *ts)
{
	char date[64], zone[16];
	struct tm *tm = localtime(&ts->tv_sec);

	if (tm == NULL) {
		printf("?");
		return;
	}
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S", tm);
	strftime(zone, sizeof(zone), "%z", tm);
	printf("%s.%09ld %s", date, ts->tv_nsec, zone);
}

/* The name, and " -> target" for a symbolic link. */
static void
print_name(const char *path, const struct stat *st, bool quoted)
{
	char target[PATH_MAX];
	ssize_t n;

	printf(quoted ? "'%s'" : "%s", path);
	if (S_ISLNK(st->st_mode) &&
	    (n = readlink(path, target, sizeof(target) - 1)) >= 0) {
		target[n] = '\0';
		printf(quoted ? " -> '%s'" : " -> %s", target);
	}
}

static void
print_default(const char *path, const struct stat *st)
{
	char mode[11];

	mode_string(st->st_mode, mode);
	printf("  File: ");
	print_name(path, st, false);
	printf("\n  Size: %-10lld\tBlocks: %-10lld IO Block: %-6ld %s\n",
	       (long long)st->st_size, (long long)st->st_blocks,
	       (long)st->st_blksize, type_name(st));
	printf("Device: %u,%u\tInode: %-11llu ", major(st->st_dev),
	       minor(st->st_dev), (unsigned long long)st->st_ino);
	if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
		printf("Links: %-5lu Device type: %u,%u",
		       (unsigned long)st->st_nlink, major(st->st_rdev),
		       minor(st->st_rdev));
	else
		printf("Links: %lu", (unsigned long)st->st_nlink);
	printf("\nAccess: (%04o/%s)  Uid: (%5u)   Gid: (%5u)\n",
	       (unsigned)(st->st_mode & 07777), mode, (unsigned)st->st_uid,
	       (unsigned)st->st_gid);
	printf("Access: ");
	print_stamp(&st->st_atim);
	printf("\nModify: ");
	print_stamp(&st->st_mtim);
	printf("\nChange: ");
	print_stamp(&st->st_ctim);
	printf("\n Birth: -\n");
}

/* One %x directive of -c; false if x is unknown. */
static bool
print_directive(char x, const char *path, const struct stat *st)
{
	char mode[11];

	switch (x) {
	case 'a': printf("%o", (unsigned)(st->st_mode & 07777)); break;
	case 'A': mode_string(st->st_mode, mode); printf("%s", mode); break;
	case 'b': printf("%lld", (long long)st->st_blocks); break;
	case 'B': printf("512"); break;
	case 'd': printf("%llu", (unsigned long long)st->st_dev); break;
	case 'f': printf("%x", (unsigned)st->st_mode); break;
	case 'F': printf("%s", type_name(st)); break;
	case 'g': printf("%u", (unsigned)st->st_gid); break;
	case 'h': printf("%lu", (unsigned long)st->st_nlink); break;
	case 'i': printf("%llu", (unsigned long long)st->st_ino); break;
	case 'n': printf("%s", path); break;
	case 'N': print_name(path, st, true); break;
	case 'o': printf("%ld", (long)st->st_blksize); break;
	case 's': printf("%lld", (long long)st->st_size); break;
	case 't': printf("%x", major(st->st_rdev)); break;
	case 'T': printf("%x", minor(st->st_rdev)); break;
	case 'u': printf("%u", (unsigned)st->st_uid); break;
	case 'x': print_stamp(&st->st_atim); break;
	case 'X': printf("%lld", (long long)st->st_atim.tv_sec); break;
	case 'y': print_stamp(&st->st_mtim); break;
	case 'Y': printf("%lld", (long long)st->st_mtim.tv_sec); break;
	case 'z': print_stamp(&st->st_ctim); break;
	case 'Z': printf("%lld", (long long)st->st_ctim.tv_sec); break;
	case '%': putchar('%'); break;
	default: return false;
	}
	return true;
}

static void
print_format(const char *fmt, const char *path, const struct stat *st)
{
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%' || fmt[1] == '\0') {
			putchar(*fmt);
		} else if (!print_directive(*++fmt, path, st)) {
			putchar('%');
			putchar(*fmt);
		}
	}
	putchar('\n');
}

int
main(int argc, char **argv)
{
	const char *fmt = NULL;
	bool follow = false;
	struct stat st;
	int c, rc = 0;

	util_init(argc, argv, "stat", "[-L] [-c FORMAT] FILE...");
	while ((c = getopt(argc, argv, "Lc:")) != -1) {
		if (c == 'L')
			follow = true;
		else if (c == 'c')
			fmt = optarg;
		else
			usage();
	}
	if (optind == argc)
		usage();
	for (; optind < argc; optind++) {
		const char *path = argv[optind];

		if ((follow ? stat(path, &st) : lstat(path, &st)) < 0) {
			warn("%s", path);
			rc = 1;
		} else if (fmt != NULL) {
			print_format(fmt, path, &st);
		} else {
			print_default(path, &st);
		}
	}
	return fflush(stdout) == 0 ? rc : 1;
}
