/*
 * crashload -- the guest side of the crash test (tests/storage/crash.sh).
 *
 *   crashload DIR RUN [COUNT]
 *
 * Writes files DIR/rRUN/fI (I = 0, 1, ... COUNT-1, or until killed), each
 * with contents that depend only on RUN and I (see fill()), and makes
 * each durable with fsync on the file and on its directory. Every third
 * file is written under a temporary name and renamed into place, so that
 * rename's durability is tested too. After a file is durable it prints
 *
 *   synced rRUN/fI SIZE
 *
 * so the host, after killing the machine at a random moment, knows which
 * files must have survived. Lines go out unbuffered, in order.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SIZE (48 * 1024)

/* The file's seed: the host's checker computes the same. */
static uint32_t
seed_of(unsigned run, unsigned i)
{
	uint32_t x = run * 1000003u + i * 7919u + 1;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

static size_t
size_of(unsigned run, unsigned i)
{
	return seed_of(run, i) % MAX_SIZE + 1;
}

static void
fill(unsigned char *buf, size_t n, unsigned run, unsigned i)
{
	uint32_t s = seed_of(run, i);

	for (size_t j = 0; j < n; j++)
		buf[j] = (unsigned char)((s >> (j % 4 * 8)) + j * 31);
}

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "crashload: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void
write_all(int fd, const unsigned char *p, size_t n, const char *path)
{
	while (n > 0) {
		/* in pieces, so a crash can land in the middle of a file */
		size_t k = n < 8192 ? n : 8192;
		ssize_t w = write(fd, p, k);

		if (w < 0)
			die("write", path);
		p += w;
		n -= (size_t)w;
	}
}

int
main(int argc, char **argv)
{
	static unsigned char buf[MAX_SIZE];
	char dir[256], path[300], tmp[300];
	unsigned run, count = ~0u;
	int dfd, fd;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: crashload DIR RUN [COUNT]\n");
		return 2;
	}
	run = (unsigned)strtoul(argv[2], NULL, 10);
	if (argc == 4)
		count = (unsigned)strtoul(argv[3], NULL, 10);
	snprintf(dir, sizeof(dir), "%s/r%u", argv[1], run);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		die("mkdir", dir);
	if ((fd = open(argv[1], O_RDONLY | O_DIRECTORY)) < 0 || fsync(fd) < 0)
		die("fsync", argv[1]);
	close(fd);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY)) < 0)
		die("open", dir);
	printf("crashload: start run %u\n", run);
	fflush(stdout);
	for (unsigned i = 0; i < count; i++) {
		size_t n = size_of(run, i);
		snprintf(path, sizeof(path), "%s/f%u", dir, i);
		snprintf(tmp, sizeof(tmp), "%s/.f%u.tmp", dir, i);
		fill(buf, n, run, i);
		if ((fd = open(i % 3 == 2 ? tmp : path,
			       O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
			die("open", path);
		write_all(fd, buf, n, path);
		if (fsync(fd) < 0)
			die("fsync", path);
		close(fd);
		if (i % 3 == 2 && rename(tmp, path) < 0)
			die("rename", tmp);
		if (fsync(dfd) < 0)
			die("fsync", dir);
		printf("synced r%u/f%u %zu\n", run, i, n);
		fflush(stdout);
	}
	return 0;
}
