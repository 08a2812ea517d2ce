/*
 * elffuzz.c -- corrupt an executable in many ways and exec each copy: the
 * kernel must refuse or run it, never fail itself. Deterministic: the
 * corruptions come from a fixed seed. Prints a summary of the outcomes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static uint64_t seed = 0x2545f4914f6cdd1dull;

static uint64_t
rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

/* Corrupt: mostly the ELF and program headers, sometimes anywhere. */
static void
corrupt(unsigned char *b, size_t n)
{
	int k = 1 + (int)(rnd() % 4);

	for (int i = 0; i < k; i++) {
		size_t at = rnd() % 8 ? rnd() % (64 + 56 * 8) : rnd() % n;
		if (at >= n)
			at = rnd() % n;
		switch (rnd() % 4) {
		case 0: b[at] = (unsigned char)rnd(); break;
		case 1: b[at] ^= (unsigned char)(1u << (rnd() % 8)); break;
		case 2: b[at] = 0xff; break;
		default: b[at] = 0; break;
		}
	}
}

int
main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : "/bin/true";
	int runs = argc > 2 ? atoi(argv[2]) : 200;
	int refused = 0, ran = 0, signalled = 0, other = 0;
	unsigned char *orig, *b;
	struct stat st;
	int fd;

	if ((fd = open(src, O_RDONLY)) < 0 || fstat(fd, &st) < 0) {
		perror(src);
		return 1;
	}
	orig = malloc((size_t)st.st_size);
	b = malloc((size_t)st.st_size);
	if (read(fd, orig, (size_t)st.st_size) != st.st_size)
		return 1;
	close(fd);
	for (int i = 0; i < runs; i++) {
		char path[] = "/tmp/elffuzz.bin";
		pid_t pid;
		int s;

		memcpy(b, orig, (size_t)st.st_size);
		corrupt(b, (size_t)st.st_size);
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
		if (fd < 0 || write(fd, b, (size_t)st.st_size) != st.st_size)
			return 1;
		close(fd);
		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_RDWR);
			dup2(null, 1);
			dup2(null, 2);
			alarm(5);
			execl(path, path, (char *)NULL);
			_exit(errno == ENOEXEC || errno == EACCES || errno == EINVAL ||
			      errno == ENOMEM || errno == E2BIG ? 200 : 201);
		}
		waitpid(pid, &s, 0);
		if (WIFEXITED(s) && WEXITSTATUS(s) == 200)
			refused++;
		else if (WIFEXITED(s) && WEXITSTATUS(s) != 201)
			ran++;
		else if (WIFSIGNALED(s))
			signalled++;
		else
			other++;
		unlink(path);
	}
	printf("elffuzz: %d corrupted execs: %d refused, %d ran, %d died of a "
	       "signal, %d other\n", runs, refused, ran, signalled, other);
	return other != 0;
}
