/*
 * ubench.c -- user-level benchmarks run inside CircleOS (or natively for
 * comparison): system call, fork, exec, page faults, pipes, and CPU
 * scaling. Prints "bench NAME MEDIAN UNIT" lines; medians of batches.
 *
 *   ubench [all|syscall|fork|exec|refill|pipe|scaling] [PROGRAM]
 *   ubench fswrite|fsread|fsfiles|fswalk DIR
 *
 * The file system ones work in DIR (tests/bench/storage.sh mounts a disk
 * there and remounts it between fswrite and fsread, and between two
 * fswalk runs, so that the reads come from the disk, not from the cache).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BATCHES 15

static const char *suffix = "";

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return v[n / 2];
}

static void
report(const char *name, double value, const char *unit)
{
	printf("bench %s%s %.2f %s\n", name, suffix, value, unit);
	fflush(stdout);
}

static void
bench_getpid(void)
{
	double v[BATCHES], t0;
	const int n = 2000;

	for (int b = 0; b < BATCHES; b++) {
		t0 = now();
		for (int i = 0; i < n; i++)
			syscall(SYS_getpid);
		v[b] = (now() - t0) / n / 1000;
	}
	report("null_syscall_getpid", median(v, BATCHES), "us");
}

static void
bench_fork(void)
{
	double v[BATCHES], t0;
	const int n = 20;
	int st;

	for (int b = 0; b < BATCHES; b++) {
		t0 = now();
		for (int i = 0; i < n; i++) {
			pid_t pid = fork();
			if (pid == 0)
				_exit(0);
			waitpid(pid, &st, 0);
		}
		v[b] = (now() - t0) / n / 1000;
	}
	report("fork_exit_wait", median(v, BATCHES), "us");
}

static void
bench_exec(const char *prog)
{
	double v[BATCHES], t0;
	const int n = 10;
	int st;

	for (int b = 0; b < BATCHES; b++) {
		t0 = now();
		for (int i = 0; i < n; i++) {
			pid_t pid = fork();
			if (pid == 0) {
				execl(prog, prog, (char *)NULL);
				_exit(127);
			}
			waitpid(pid, &st, 0);
		}
		v[b] = (now() - t0) / n / 1000;
	}
	report("fork_execve_wait", median(v, BATCHES), "us");
}

/*
 * A page the page table has but the address space's TLB lacks: after a
 * fork, the parent's pages were shot down (they became copy-on-write);
 * reading them again only refills.
 */
static void
bench_refill(void)
{
	const size_t pages = 256, pg = 4096;
	double v[BATCHES], t0;
	volatile char *p;
	int st;

	p = mmap(NULL, pages * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return;
	for (size_t i = 0; i < pages; i++)
		p[i * pg] = 1;
	for (int b = 0; b < BATCHES; b++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		waitpid(pid, &st, 0);
		t0 = now();
		for (size_t i = 0; i < pages; i++)
			(void)p[i * pg];
		v[b] = (now() - t0) / pages / 1000;
	}
	report("page_fault_refill", median(v, BATCHES), "us");
	munmap((void *)p, pages * pg);
}

static void
bench_pipe(void)
{
	static char buf[65536];
	const size_t total = 32u << 20;
	double v[5], t0;
	int fd[2], st;

	for (int b = 0; b < 5; b++) {
		if (pipe(fd) < 0)
			return;
		t0 = now();
		pid_t pid = fork();
		if (pid == 0) {
			close(fd[0]);
			for (size_t done = 0; done < total; done += sizeof(buf))
				if (write(fd[1], buf, sizeof(buf)) < 0)
					_exit(1);
			_exit(0);
		}
		close(fd[1]);
		for (ssize_t r; (r = read(fd[0], buf, sizeof(buf))) > 0;)
			;
		close(fd[0]);
		waitpid(pid, &st, 0);
		v[b] = total / ((now() - t0) / 1e9) / 1e6;
	}
	report("pipe_throughput", median(v, 5), "MB/s");
}

static volatile unsigned long sink;

static void
spin(long n)
{
	unsigned long x = 1;

	for (long i = 0; i < n; i++)
		x = x * 6364136223846793005ul + 1442695040888963407ul;
	sink = x;
}

/* Two CPU-bound processes at once against one after the other. */
static void
bench_scaling(void)
{
	const long n = 200000000;
	double seq, par, t0;
	int st;

	t0 = now();
	spin(n);
	spin(n);
	seq = now() - t0;
	t0 = now();
	pid_t a = fork();
	if (a == 0) {
		spin(n);
		_exit(0);
	}
	pid_t b = fork();
	if (b == 0) {
		spin(n);
		_exit(0);
	}
	waitpid(a, &st, 0);
	waitpid(b, &st, 0);
	par = now() - t0;
	report("cpu_two_procs_speedup", seq / par, "x");
}

#define SEQ_BYTES (64ul << 20)
#define SEQ_CHUNK (1ul << 20)
#define NFILES 10000

static void
fs_die(const char *what, const char *path)
{
	fprintf(stderr, "ubench: %s %s: %m\n", what, path);
	exit(1);
}

/* Sequential write of a 64 MiB file, with fsync at the end. */
static void
bench_fswrite(const char *dir)
{
	static char buf[SEQ_CHUNK];
	char path[512];
	double t0;
	int fd;

	snprintf(path, sizeof(path), "%s/seq", dir);
	memset(buf, 0x5a, sizeof(buf));
	t0 = now();
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		fs_die("open", path);
	for (size_t done = 0; done < SEQ_BYTES; done += SEQ_CHUNK)
		if (write(fd, buf, SEQ_CHUNK) != (ssize_t)SEQ_CHUNK)
			fs_die("write", path);
	if (fsync(fd) < 0)
		fs_die("fsync", path);
	close(fd);
	report("fs_seq_write_64M", SEQ_BYTES / ((now() - t0) / 1e9) / 1e6, "MB/s");
}

/* Sequential read of the file fswrite left. */
static void
bench_fsread(const char *dir)
{
	static char buf[SEQ_CHUNK];
	char path[512];
	size_t total = 0;
	double t0;
	ssize_t r;
	int fd;

	snprintf(path, sizeof(path), "%s/seq", dir);
	t0 = now();
	if ((fd = open(path, O_RDONLY)) < 0)
		fs_die("open", path);
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		total += (size_t)r;
	if (r < 0)
		fs_die("read", path);
	close(fd);
	if (total != SEQ_BYTES)
		fprintf(stderr, "ubench: %s: %zu bytes, not %lu\n", path, total,
			SEQ_BYTES);
	report("fs_seq_read_64M", total / ((now() - t0) / 1e9) / 1e6, "MB/s");
}

/* Create, then delete, NFILES small files in one directory. */
static void
bench_fsfiles(const char *dir)
{
	char path[512];
	double t0;
	int fd;

	snprintf(path, sizeof(path), "%s/many", dir);
	if (mkdir(path, 0755) < 0)
		fs_die("mkdir", path);
	t0 = now();
	for (int i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "%s/many/file%05d", dir, i);
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0 ||
		    write(fd, path, 64) != 64)
			fs_die("create", path);
		close(fd);
	}
	report("fs_create_10k", NFILES / ((now() - t0) / 1e9), "files/s");
	t0 = now();
	for (int i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "%s/many/file%05d", dir, i);
		if (unlink(path) < 0)
			fs_die("unlink", path);
	}
	report("fs_delete_10k", NFILES / ((now() - t0) / 1e9), "files/s");
	snprintf(path, sizeof(path), "%s/many", dir);
	rmdir(path);
}

/* What ls -R does: read every directory under path and stat each entry. */
static long
walk(const char *path)
{
	struct dirent *e;
	struct stat st;
	char sub[1024];
	long n = 0;
	DIR *d;

	if ((d = opendir(path)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (lstat(sub, &st) < 0)
			continue;
		n++;
		if (S_ISDIR(st.st_mode))
			n += walk(sub);
	}
	closedir(d);
	return n;
}

/* ls -R over a tree of NFILES files (100 directories of 100), built
 * first if DIR has no tree yet (so a second run, after a remount, walks
 * a cold cache). */
static void
bench_fswalk(const char *dir)
{
	char path[512];
	double t0;
	long n;
	int fd;

	snprintf(path, sizeof(path), "%s/tree", dir);
	if (mkdir(path, 0755) == 0) {
		for (int i = 0; i < NFILES; i++) {
			snprintf(path, sizeof(path), "%s/tree/d%02d", dir,
				 i / 100);
			if (i % 100 == 0 && mkdir(path, 0755) < 0)
				fs_die("mkdir", path);
			snprintf(path, sizeof(path), "%s/tree/d%02d/f%05d", dir,
				 i / 100, i);
			if ((fd = open(path, O_WRONLY | O_CREAT, 0644)) < 0)
				fs_die("create", path);
			close(fd);
		}
	} else if (errno != EEXIST) {
		fs_die("mkdir", path);
	}
	snprintf(path, sizeof(path), "%s/tree", dir);
	t0 = now();
	n = walk(path);
	if (n != NFILES + 100)
		fprintf(stderr, "ubench: walk found %ld entries, not %d\n", n,
			NFILES + 100);
	printf("bench fs_ls_R_10k%s %.3f s\n", suffix, (now() - t0) / 1e9);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : "all";
	const char *prog = argc > 2 ? argv[2] : "/bin/true";

	if (getenv("UBENCH_SUFFIX"))
		suffix = getenv("UBENCH_SUFFIX");
	if (!strncmp(only, "fs", 2)) {
		if (argc != 3) {
			fprintf(stderr, "usage: ubench %s DIR\n", only);
			return 2;
		}
		if (!strcmp(only, "fswrite"))
			bench_fswrite(argv[2]);
		else if (!strcmp(only, "fsread"))
			bench_fsread(argv[2]);
		else if (!strcmp(only, "fsfiles"))
			bench_fsfiles(argv[2]);
		else if (!strcmp(only, "fswalk"))
			bench_fswalk(argv[2]);
		else {
			fprintf(stderr, "ubench: unknown benchmark %s\n", only);
			return 2;
		}
		return 0;
	}
	if (!strcmp(only, "all") || !strcmp(only, "syscall"))
		bench_getpid();
	if (!strcmp(only, "all") || !strcmp(only, "fork"))
		bench_fork();
	if (!strcmp(only, "all") || !strcmp(only, "exec"))
		bench_exec(prog);
	if (!strcmp(only, "all") || !strcmp(only, "refill"))
		bench_refill();
	if (!strcmp(only, "all") || !strcmp(only, "pipe"))
		bench_pipe();
	if (!strcmp(only, "all") || !strcmp(only, "scaling"))
		bench_scaling();
	return 0;
}
