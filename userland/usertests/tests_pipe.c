/*
 * tests_pipe.c - pipe tests (data, EOF, SIGPIPE/EPIPE, big writes, flags,
 * atomic writes) and readiness: poll, select, and ioctl on non-terminals.
 */
#include "usertests.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

static char
pattern(size_t i)
{
	return (char)(i * 13 + i / 251);
}

void
test_pipe(void)
{
	enum { LEN = 5000 };
	static char buf[LEN];
	int p[2];
	size_t i;
	pid_t pid;

	CHECK_OK(pipe(p));
	CHECK(p[0] != p[1]);
	pid = ut_fork();
	if (pid == 0) {
		close(p[1]);
		ut_read_all(p[0], buf, LEN);
		for (i = 0; i < LEN; i++)
			CHECK_EQ(buf[i], pattern(i));
		CHECK_EQ(read(p[0], buf, 1), 0);
		_exit(0);
	}
	close(p[0]);
	for (i = 0; i < LEN; i++)
		buf[i] = pattern(i);
	for (i = 0; i < LEN; i += 700)
		ut_write_all(p[1], buf + i, LEN - i < 700 ? LEN - i : 700);
	close(p[1]);
	EXPECT_EXIT(pid, 0);
}

void
test_pipeeof(void)
{
	char buf[8];
	int p[2], d;
	pid_t pid;

	CHECK_OK(pipe(p));
	pid = ut_fork();
	if (pid == 0) {
		close(p[0]);
		ut_write_all(p[1], "abc", 3);
		_exit(0);
	}
	close(p[1]);
	EXPECT_EXIT(pid, 0);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "abc", 3) == 0);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0);
	CHECK_EQ(read(p[0], buf, sizeof(buf)), 0);
	close(p[0]);

	/* A write end still open elsewhere (a dup) keeps the pipe alive. */
	CHECK_OK(pipe(p));
	d = dup(p[1]);
	CHECK(d >= 0);
	close(p[1]);
	CHECK_OK(fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
	close(d);
	CHECK_EQ(read(p[0], buf, 1), 0);
	close(p[0]);
}

void
test_sigpipe(void)
{
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	close(p[0]);
	pid = ut_fork();
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	EXPECT_SIGNAL(pid, SIGPIPE);
	close(p[1]);
}

static volatile sig_atomic_t pipe_sigs;

static void
pipe_handler(int sig)
{
	(void)sig;
	pipe_sigs++;
}

void
test_epipe(void)
{
	int p[2];

	CHECK_OK(pipe(p));
	close(p[0]);
	ut_sigaction(SIGPIPE, SIG_IGN, 0);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	ut_sigaction(SIGPIPE, pipe_handler, 0);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK_EQ(pipe_sigs, 1);
	close(p[1]);

	/* The reader goes away while data is still in the pipe. */
	CHECK_OK(pipe(p));
	ut_write_all(p[1], "abc", 3);
	close(p[0]);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK_EQ(pipe_sigs, 2);
	close(p[1]);
}

void
test_pipebig(void)
{
	enum { LEN = 128 * 1024, CHUNK = 1000 };
	char *buf = malloc(LEN);
	size_t i, got = 0;
	int p[2], reads = 0;
	ssize_t n;
	pid_t pid;

	CHECK(buf != NULL);
	CHECK_OK(pipe(p));
	pid = ut_fork();
	if (pid == 0) {
		char in[CHUNK];

		close(p[1]);
		ut_msleep(20);	/* let the writer fill the pipe and block */
		while ((n = read(p[0], in, sizeof(in))) > 0) {
			for (i = 0; i < (size_t)n; i++)
				if (in[i] != pattern(got + i))
					CHECK(!"data corrupted");
			got += (size_t)n;
			if (++reads % 16 == 0)
				ut_msleep(1);
		}
		CHECK_EQ(n, 0);
		CHECK_EQ(got, LEN);
		_exit(0);
	}
	close(p[0]);
	for (i = 0; i < LEN; i++)
		buf[i] = pattern(i);
	/* One write call: it blocks until the slow reader took it all. */
	CHECK_EQ(write(p[1], buf, LEN), LEN);
	close(p[1]);
	EXPECT_EXIT(pid, 0);
	free(buf);
}

void
test_pipe2cloexec(void)
{
	int p[2];

	CHECK_OK(pipe2(p, O_CLOEXEC));
	CHECK_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(p[1], F_GETFD), FD_CLOEXEC);
	CHECK(!(fcntl(p[0], F_GETFL) & O_NONBLOCK));
	close(p[0]);
	close(p[1]);
	CHECK_OK(pipe2(p, 0));
	CHECK_EQ(fcntl(p[0], F_GETFD), 0);
	CHECK_EQ(fcntl(p[1], F_GETFD), 0);
	close(p[0]);
	close(p[1]);
	CHECK_OK(pipe2(p, O_NONBLOCK));
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(p[1], F_GETFL) & O_NONBLOCK);
	CHECK_EQ(fcntl(p[0], F_GETFD), 0);
	close(p[0]);
	close(p[1]);
	CHECK_ERR(pipe2(p, 0x12345678 & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT)),
		  EINVAL);
}

void
test_pipenonblock(void)
{
	static char buf[4096];
	size_t total = 0;
	ssize_t n;
	int p[2];

	CHECK_OK(pipe2(p, O_NONBLOCK));
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
	for (;;) {
		n = write(p[1], buf, sizeof(buf));
		if (n < 0)
			break;
		CHECK(n > 0);
		total += (size_t)n;
		CHECK(total <= 16 * 1024 * 1024);
	}
	CHECK_EQ(errno, EAGAIN);
	CHECK(total >= 4096);
	CHECK_ERR(write(p[1], "x", 1), EAGAIN);
	/* Draining makes room again. */
	ut_read_all(p[0], buf, sizeof(buf));
	CHECK_EQ(write(p[1], "x", 1), 1);
	close(p[1]);
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		total -= (size_t)n;
	CHECK_EQ(n, 0);
	CHECK_EQ(total, sizeof(buf) - 1);
	close(p[0]);
}

void
test_pipeatomic(void)
{
	enum { NW = 4, NREC = 200, REC = 128 };
	static char buf[NW * NREC * REC];
	int p[2], i, j, count[NW] = { 0 };
	pid_t pids[NW];

	CHECK(REC <= PIPE_BUF);
	CHECK_OK(pipe(p));
	for (i = 0; i < NW; i++) {
		pids[i] = ut_fork();
		if (pids[i] == 0) {
			char rec[REC];

			close(p[0]);
			memset(rec, 'A' + i, REC);
			for (j = 0; j < NREC; j++)
				CHECK_EQ(write(p[1], rec, REC), REC);
			_exit(0);
		}
	}
	close(p[1]);
	ut_read_all(p[0], buf, sizeof(buf));
	CHECK_EQ(read(p[0], buf, 1), 0);
	for (i = 0; i < NW * NREC; i++) {
		char c = buf[i * REC];

		ut_detail("record %d", i);
		CHECK(c >= 'A' && c < 'A' + NW);
		for (j = 1; j < REC; j++)
			CHECK_EQ(buf[i * REC + j], c);
		count[c - 'A']++;
	}
	ut_detail("%s", "");
	for (i = 0; i < NW; i++) {
		CHECK_EQ(count[i], NREC);
		EXPECT_EXIT(pids[i], 0);
	}
	close(p[0]);
}

void
test_poll(void)
{
	struct pollfd fds[2];
	long long t0, dt;
	int p[2];
	char c;

	CHECK_OK(pipe(p));
	fds[0].fd = p[0];
	fds[0].events = POLLIN;
	fds[1].fd = p[1];
	fds[1].events = POLLOUT;
	CHECK_EQ(poll(fds, 1, 0), 0);
	CHECK_EQ(fds[0].revents, 0);
	t0 = ut_now_ns();
	CHECK_EQ(poll(fds, 1, 10), 0);
	dt = ut_now_ns() - t0;
	ut_detail("slept %lld us", dt / 1000);
	CHECK(dt >= 9000000);
	CHECK(dt < 1000000000);
	ut_detail("%s", "");
	CHECK_EQ(poll(&fds[1], 1, 0), 1);
	CHECK_EQ(fds[1].revents, POLLOUT);

	ut_write_all(p[1], "x", 1);
	CHECK_EQ(poll(fds, 2, 0), 2);
	CHECK(fds[0].revents & POLLIN);
	CHECK_EQ(poll(fds, 1, 1000), 1);
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_EQ(poll(fds, 1, 0), 0);

	/* The writer goes away: POLLHUP. */
	close(p[1]);
	CHECK_EQ(poll(fds, 1, 1000), 1);
	CHECK(fds[0].revents & POLLHUP);
	/* A closed fd: POLLNVAL. */
	fds[1].fd = p[1];
	fds[1].events = POLLIN;
	CHECK_EQ(poll(&fds[1], 1, 0), 1);
	CHECK_EQ(fds[1].revents, POLLNVAL);
	/* Negative fds are skipped. */
	fds[1].fd = -1;
	CHECK_EQ(poll(&fds[1], 1, 0), 0);
	CHECK_EQ(fds[1].revents, 0);
	close(p[0]);
}

void
test_select(void)
{
	struct timeval tv;
	fd_set r, w;
	long long t0, dt;
	int p[2], nfds;
	char c;

	CHECK_OK(pipe(p));
	nfds = (p[0] > p[1] ? p[0] : p[1]) + 1;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	CHECK_EQ(select(nfds, &r, NULL, NULL, &tv), 0);
	CHECK(!FD_ISSET(p[0], &r));
	FD_SET(p[0], &r);
	tv.tv_usec = 10000;
	t0 = ut_now_ns();
	CHECK_EQ(select(nfds, &r, NULL, NULL, &tv), 0);
	dt = ut_now_ns() - t0;
	ut_detail("slept %lld us", dt / 1000);
	CHECK(dt >= 9000000);
	CHECK(dt < 1000000000);
	ut_detail("%s", "");

	FD_ZERO(&w);
	FD_SET(p[1], &w);
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	CHECK_EQ(select(nfds, NULL, &w, NULL, &tv), 1);
	CHECK(FD_ISSET(p[1], &w));

	ut_write_all(p[1], "x", 1);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	tv.tv_sec = 1;
	tv.tv_usec = 0;
	CHECK_EQ(select(nfds, &r, NULL, NULL, &tv), 1);
	CHECK(FD_ISSET(p[0], &r));
	/* NULL timeout with a ready fd returns at once. */
	FD_SET(p[0], &r);
	CHECK_EQ(select(nfds, &r, NULL, NULL, NULL), 1);
	CHECK_EQ(read(p[0], &c, 1), 1);

	close(p[1]);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	tv.tv_sec = 1;
	CHECK_EQ(select(nfds, &r, NULL, NULL, &tv), 1);	/* EOF is readable */
	FD_ZERO(&r);
	FD_SET(p[1], &r);
	tv.tv_sec = 0;
	CHECK_ERR(select(nfds, &r, NULL, NULL, &tv), EBADF);
	tv.tv_usec = -1;
	FD_ZERO(&r);
	CHECK_ERR(select(nfds, &r, NULL, NULL, &tv), EINVAL);
	close(p[0]);
}

void
test_ioctlnotty(void)
{
	struct winsize ws;
	int p[2], fd;

	CHECK_OK(pipe(p));
	CHECK_ERR(ioctl(p[0], TIOCGWINSZ, &ws), ENOTTY);
	CHECK_ERR(ioctl(p[1], TIOCGWINSZ, &ws), ENOTTY);
	fd = open(ut_self, O_RDONLY);
	CHECK(fd >= 0);
	CHECK_ERR(ioctl(fd, TIOCGWINSZ, &ws), ENOTTY);
	CHECK_EQ(isatty(fd), 0);
	CHECK_EQ(isatty(p[0]), 0);
	close(fd);
	close(p[0]);
	close(p[1]);
	CHECK_ERR(ioctl(fd, TIOCGWINSZ, &ws), EBADF);
}
