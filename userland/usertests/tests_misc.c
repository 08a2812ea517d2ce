/*
 * tests_misc.c - clocks and sleeping, getrandom, uname, user and group ids,
 * resource limits, sched_yield and sysinfo.
 */
#include "usertests.h"

#include <sched.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

void
test_clockmono(void)
{
	struct timespec a, b;
	long long prev = 0, now;
	int i;

	for (i = 0; i < 20000; i++) {
		if (i & 1)
			CHECK_OK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a));
		else
			CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &a));
		CHECK(a.tv_nsec >= 0 && a.tv_nsec < 1000000000);
		now = (long long)a.tv_sec * 1000000000LL + a.tv_nsec;
		CHECK(now >= prev);
		prev = now;
	}
	ut_msleep(2);
	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &b));
	CHECK((long long)b.tv_sec * 1000000000LL + b.tv_nsec > prev);
	CHECK_OK(clock_getres(CLOCK_MONOTONIC, &a));
	CHECK(a.tv_sec == 0 && a.tv_nsec > 0 && a.tv_nsec <= 10000000);
	CHECK_ERR(clock_gettime((clockid_t)12345, &a), EINVAL);
}

void
test_nanosleep(void)
{
	struct timespec ts = { 0, 50 * 1000000 }, rem;
	long long t0, dt;

	t0 = ut_now_ns();
	CHECK_EQ(nanosleep(&ts, &rem), 0);
	dt = ut_now_ns() - t0;
	ut_detail("slept %lld us", dt / 1000);
	CHECK(dt >= 50000000);
	CHECK(dt < 1000000000);
	ut_detail("%s", "");
	ts.tv_nsec = 0;
	CHECK_EQ(nanosleep(&ts, NULL), 0);
	ts.tv_nsec = 1000000000;
	CHECK_ERR(nanosleep(&ts, NULL), EINVAL);
	ts.tv_nsec = -1;
	CHECK_ERR(nanosleep(&ts, NULL), EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	CHECK_ERR(nanosleep(&ts, NULL), EINVAL);
}

void
test_gettimeofday(void)
{
	struct timespec ts;
	struct timeval tv;
	long long a, b;
	time_t t;

	CHECK_OK(gettimeofday(&tv, NULL));
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &ts));
	t = time(NULL);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	a = (long long)tv.tv_sec * 1000000 + tv.tv_usec;
	b = (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	CHECK(b >= a);
	CHECK(b - a < 1000000);
	CHECK(t >= tv.tv_sec && t - tv.tv_sec <= 1);
	CHECK_OK(syscall(SYS_gettimeofday, &tv, NULL));
	CHECK(tv.tv_sec >= ts.tv_sec && tv.tv_sec - ts.tv_sec <= 1);
}

void
test_getrandom(void)
{
	unsigned char a[64], b[64];
	size_t i;
	int same = 1;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	CHECK_EQ(getrandom(a, sizeof(a), 0), sizeof(a));
	CHECK_EQ(getrandom(b, sizeof(b), GRND_NONBLOCK), sizeof(b));
	for (i = 1; i < sizeof(a); i++)
		if (a[i] != a[0])
			same = 0;
	CHECK(!same);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK_EQ(getrandom(a, 0, 0), 0);
	CHECK_ERR(getrandom(a, sizeof(a), 0x1000), EINVAL);
}

void
test_uname(void)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	CHECK_OK(uname(&u));
	CHECK(u.sysname[0] != 0);
	CHECK(u.nodename[0] != 0);
	CHECK(u.release[0] != 0);
	CHECK(u.version[0] != 0);
	CHECK(u.machine[0] != 0);
#ifdef __aarch64__
	CHECK(strcmp(u.machine, "aarch64") == 0);
#else
	CHECK(strcmp(u.machine, "x86_64") == 0);
#endif
	CHECK(memchr(u.sysname, 0, sizeof(u.sysname)) != NULL);
	CHECK_EQ(ut_circleos, strcmp(u.sysname, "CircleOS") == 0);
}

void
test_ids(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	CHECK_EQ(getuid(), geteuid());
	CHECK_EQ(getgid(), getegid());
	CHECK_OK(getresuid(&r, &e, &s));
	CHECK_EQ(r, getuid());
	CHECK_EQ(e, geteuid());
	CHECK_EQ(s, geteuid());
	CHECK_OK(getresgid(&gr, &ge, &gs));
	CHECK_EQ(gr, getgid());
	CHECK_EQ(ge, getegid());
	CHECK_EQ(gs, getegid());
}

struct rlim64 {
	unsigned long long cur, max;
};

void
test_prlimit(void)
{
	static const int res[] = { RLIMIT_NOFILE, RLIMIT_STACK, RLIMIT_AS,
				   RLIMIT_CORE, RLIMIT_NPROC };
	struct rlim64 old, nl;
	struct rlimit rl;
	size_t i;
	pid_t pid;

	for (i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
		ut_detail("resource %d", res[i]);
		CHECK_OK(syscall(SYS_prlimit64, 0, res[i], NULL, &old));
		CHECK_OK(getrlimit(res[i], &rl));
		CHECK_EQ(old.cur, rl.rlim_cur);
		CHECK_EQ(old.max, rl.rlim_max);
		CHECK(old.cur <= old.max);
		CHECK_OK(syscall(SYS_prlimit64, getpid(), res[i], NULL, &old));
		CHECK_EQ(old.cur, rl.rlim_cur);
	}
	ut_detail("%s", "");
	CHECK_ERR(syscall(SYS_prlimit64, 0, 1000, NULL, &old), EINVAL);

	/* Lower the soft limit in a child and read it back. */
	pid = ut_fork();
	if (pid == 0) {
		CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
		rl.rlim_cur = 100;
		CHECK_OK(setrlimit(RLIMIT_NOFILE, &rl));
		CHECK_OK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old));
		CHECK_EQ(old.cur, 100);
		nl.cur = 64;
		nl.max = old.max;
		CHECK_OK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &nl, &old));
		CHECK_EQ(old.cur, 100);
		CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
		CHECK_EQ(rl.rlim_cur, 64);
		/* Soft above hard is refused. */
		rl.rlim_cur = rl.rlim_max + 1;
		if (rl.rlim_max != RLIM_INFINITY)
			CHECK_ERR(setrlimit(RLIMIT_NOFILE, &rl), EINVAL);
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);
	/* The child's change did not reach us. */
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	CHECK(rl.rlim_cur != 64);
}

void
test_schedyield(void)
{
	int i;

	for (i = 0; i < 100; i++)
		CHECK_EQ(sched_yield(), 0);
	CHECK_EQ(syscall(SYS_sched_yield), 0);
}

void
test_sysinfo(void)
{
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	CHECK_OK(sysinfo(&si));
	CHECK(si.mem_unit >= 1);
	CHECK(si.totalram > 0);
	CHECK(si.freeram > 0);
	CHECK(si.freeram <= si.totalram);
	CHECK(si.procs >= 2);	/* the runner and us */
}
