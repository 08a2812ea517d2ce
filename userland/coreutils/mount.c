/*
 * mount - attach a file system: mount [-r] [-t TYPE] [-o OPTS] SOURCE
 * TARGET.  Without -t each type in /proc/filesystems is tried.  With no
 * arguments, print /proc/mounts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "util.h"

struct mount_opt {
	const char *name;
	unsigned long set;
	unsigned long clear;
};

static const struct mount_opt mount_opts[] = {
	{ "defaults", 0, 0 },
	{ "ro", MS_RDONLY, 0 },
	{ "rw", 0, MS_RDONLY },
	{ "nosuid", MS_NOSUID, 0 },
	{ "suid", 0, MS_NOSUID },
	{ "nodev", MS_NODEV, 0 },
	{ "dev", 0, MS_NODEV },
	{ "noexec", MS_NOEXEC, 0 },
	{ "exec", 0, MS_NOEXEC },
	{ "sync", MS_SYNCHRONOUS, 0 },
	{ "async", 0, MS_SYNCHRONOUS },
	{ "remount", MS_REMOUNT, 0 },
	{ "bind", MS_BIND, 0 },
	{ "rbind", MS_BIND | MS_REC, 0 },
	{ "move", MS_MOVE, 0 },
	{ "noatime", MS_NOATIME, 0 },
	{ "atime", 0, MS_NOATIME },
	{ "nodiratime", MS_NODIRATIME, 0 },
	{ "relatime", MS_RELATIME, 0 },
	{ "strictatime", MS_STRICTATIME, 0 },
};

#define NOPTS (sizeof(mount_opts) / sizeof(mount_opts[0]))

static unsigned long flags;
static char *data;		/* options the kernel's file system parses */

/* Turn one comma-separated list into flags, keeping the rest in data. */
static void
parse_options(const char *opts)
{
	char *copy = xstrdup(opts), *o, *save = NULL;
	size_t i, len;

	for (o = strtok_r(copy, ",", &save); o != NULL;
	     o = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < NOPTS; i++)
			if (strcmp(o, mount_opts[i].name) == 0)
				break;
		if (i < NOPTS) {
			flags &= ~mount_opts[i].clear;
			flags |= mount_opts[i].set;
			continue;
		}
		len = data != NULL ? strlen(data) : 0;
		data = xrealloc(data, len + strlen(o) + 2);
		sprintf(data + len, "%s%s", len > 0 ? "," : "", o);
	}
	free(copy);
}

static int
print_mounts(void)
{
	bool werr;
	int fd = open("/proc/mounts", O_RDONLY);

	if (fd < 0)
		die("/proc/mounts");
	if (copy_fd(fd, 1, &werr) < 0)
		die("%s", werr ? "write error" : "/proc/mounts");
	close(fd);
	return 0;
}

/* No -t: try each block-device file system the kernel lists. */
static int
mount_any(const char *source, const char *target)
{
	char line[256], *name;
	int rc = -1, err = ENODEV;
	FILE *f = fopen("/proc/filesystems", "r");

	if (f == NULL)
		return mount(source, target, NULL, flags, data);
	while (rc < 0 && fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "nodev", 5) == 0)
			continue;
		name = line + strspn(line, " \t");
		name[strcspn(name, " \t\n")] = '\0';
		if (*name == '\0')
			continue;
		rc = mount(source, target, name, flags, data);
		if (rc < 0 && (err == ENODEV ||
			       (errno != EINVAL && errno != ENODEV)))
			err = errno;	/* the first, or a real failure */
	}
	fclose(f);
	if (rc < 0)
		errno = err;
	return rc;
}

int
main(int argc, char **argv)
{
	const char *type = NULL;
	int c, rc;

	util_init(argc, argv, "mount",
		  "[-r] [-t TYPE] [-o OPTIONS] SOURCE TARGET");
	while ((c = getopt(argc, argv, "rt:o:")) != -1) {
		if (c == 'r')
			flags |= MS_RDONLY;
		else if (c == 't')
			type = optarg;
		else if (c == 'o')
			parse_options(optarg);
		else
			usage();
	}
	if (argc == 1)
		return print_mounts();
	if (argc - optind != 2)
		usage();
	if (type != NULL || (flags & (MS_BIND | MS_REMOUNT | MS_MOVE)))
		rc = mount(argv[optind], argv[optind + 1], type, flags, data);
	else
		rc = mount_any(argv[optind], argv[optind + 1]);
	if (rc < 0)
		die("%s", argv[optind + 1]);
	return 0;
}
