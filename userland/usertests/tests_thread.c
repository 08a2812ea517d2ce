/*
 * tests_thread.c - thread tests: create/join, mutexes and condition
 * variables, stacks and thread-local storage, thread exit rules, signals to
 * threads, fork from a thread, and the futex system call used directly.
 */
#include "usertests.h"

#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_t
spawn(void *(*fn)(void *), void *arg)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, fn, arg);

	if (err) {
		errno = err;
		ut_fail(__FILE__, __LINE__, 1, "pthread_create");
	}
	return t;
}

static void *
join(pthread_t t)
{
	void *ret;
	int err = pthread_join(t, &ret);

	if (err) {
		errno = err;
		ut_fail(__FILE__, __LINE__, 1, "pthread_join");
	}
	return ret;
}

/* A reusable spinning barrier for n threads. */
static volatile int arrived;

static void
barrier(int n)
{
	__atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < n)
		sched_yield();
}

/* ---- counter under a mutex ---- */

enum { NTHREADS = 8, NINCR = 10000 };
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *
adder(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NINCR; i++) {
		pthread_mutex_lock(&count_lock);
		counter++;
		pthread_mutex_unlock(&count_lock);
	}
	return NULL;
}

void
test_threads(void)
{
	pthread_t t[NTHREADS];
	int i;

	for (i = 0; i < NTHREADS; i++)
		t[i] = spawn(adder, NULL);
	for (i = 0; i < NTHREADS; i++)
		join(t[i]);
	CHECK_EQ(counter, NTHREADS * NINCR);
	CHECK_EQ(pthread_mutex_trylock(&count_lock), 0);
	CHECK_EQ(pthread_mutex_trylock(&count_lock), EBUSY);
	CHECK_EQ(pthread_mutex_unlock(&count_lock), 0);
}

/* ---- condition variable ping-pong ---- */

enum { ROUNDS = 200 };
static pthread_mutex_t pp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cond = PTHREAD_COND_INITIALIZER;
static int turn, pongs;

static void *
ponger(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&pp_lock);
		while (turn != 1)
			pthread_cond_wait(&pp_cond, &pp_lock);
		turn = 0;
		pongs++;
		pthread_cond_signal(&pp_cond);
		pthread_mutex_unlock(&pp_lock);
	}
	return NULL;
}

void
test_condvar(void)
{
	struct timespec ts;
	long long t0;
	pthread_t t;
	int i;

	t = spawn(ponger, NULL);
	for (i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&pp_lock);
		while (turn != 0)
			pthread_cond_wait(&pp_cond, &pp_lock);
		CHECK_EQ(pongs, i);
		turn = 1;
		pthread_cond_signal(&pp_cond);
		pthread_mutex_unlock(&pp_lock);
	}
	join(t);
	CHECK_EQ(pongs, ROUNDS);

	/* A timed wait that nobody signals times out. */
	CHECK_OK(clock_gettime(CLOCK_REALTIME, &ts));
	ts.tv_nsec += 10 * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	t0 = ut_now_ns();
	pthread_mutex_lock(&pp_lock);
	CHECK_EQ(pthread_cond_timedwait(&pp_cond, &pp_lock, &ts), ETIMEDOUT);
	pthread_mutex_unlock(&pp_lock);
	CHECK(ut_now_ns() - t0 >= 9000000);
}

/* ---- stacks and globals ---- */

enum { NSTACK = 4 };
static uintptr_t stack_addr[NSTACK];
static volatile int shared_val[NSTACK];

static void *
stacker(void *arg)
{
	int id = (int)(intptr_t)arg, i;
	volatile int local = id;

	stack_addr[id] = (uintptr_t)&local;
	shared_val[id] = id * id + 1;
	barrier(NSTACK);
	/* Everyone's writes to the globals are visible here. */
	for (i = 0; i < NSTACK; i++)
		CHECK_EQ(shared_val[i], i * i + 1);
	CHECK_EQ(local, id);
	return NULL;
}

void
test_threadstacks(void)
{
	pthread_t t[NSTACK];
	uintptr_t mine = (uintptr_t)&t, d;
	int i, j;

	arrived = 0;
	for (i = 0; i < NSTACK; i++)
		t[i] = spawn(stacker, (void *)(intptr_t)i);
	for (i = 0; i < NSTACK; i++)
		join(t[i]);
	for (i = 0; i < NSTACK; i++) {
		d = stack_addr[i] > mine ? stack_addr[i] - mine
					 : mine - stack_addr[i];
		CHECK(d >= 4096);
		for (j = i + 1; j < NSTACK; j++) {
			d = stack_addr[i] > stack_addr[j]
				? stack_addr[i] - stack_addr[j]
				: stack_addr[j] - stack_addr[i];
			CHECK(d >= 4096);
		}
	}
}

/* ---- thread-local storage ---- */

static __thread int tls_val = 7;
static __thread char tls_buf[64];
static uintptr_t tls_addr[NSTACK];

static void *
tlser(void *arg)
{
	int id = (int)(intptr_t)arg;

	CHECK_EQ(tls_val, 7);
	CHECK_EQ(tls_buf[10], 0);
	tls_val = 100 + id;
	memset(tls_buf, 'a' + id, sizeof(tls_buf));
	tls_addr[id] = (uintptr_t)&tls_val;
	barrier(NSTACK);
	CHECK_EQ(tls_val, 100 + id);
	CHECK_EQ(tls_buf[63], 'a' + id);
	return (void *)(intptr_t)tls_val;
}

void
test_threadtls(void)
{
	pthread_t t[NSTACK];
	int i, j;

	arrived = 0;
	tls_val = 1;
	for (i = 0; i < NSTACK; i++)
		t[i] = spawn(tlser, (void *)(intptr_t)i);
	for (i = 0; i < NSTACK; i++)
		CHECK_EQ((intptr_t)join(t[i]), 100 + i);
	CHECK_EQ(tls_val, 1);
	CHECK_EQ(tls_buf[0], 0);
	for (i = 0; i < NSTACK; i++) {
		CHECK(tls_addr[i] != (uintptr_t)&tls_val);
		for (j = i + 1; j < NSTACK; j++)
			CHECK(tls_addr[i] != tls_addr[j]);
	}
}

/* ---- exit ---- */

static void
deep_exit(int n)
{
	if (n == 0)
		pthread_exit((void *)0x1234);
	if (n > 0)
		deep_exit(n - 1);
}

static void *
exiter(void *arg)
{
	(void)arg;
	deep_exit(5);
	return NULL;
}

static void *
returner(void *arg)
{
	return (void *)((intptr_t)arg + 1);
}

void
test_threadexit(void)
{
	pthread_t a = spawn(exiter, NULL), b = spawn(returner, (void *)41);

	CHECK(join(a) == (void *)0x1234);
	CHECK(join(b) == (void *)42);
}

static void *
exit_later(void *arg)
{
	ut_msleep(10);
	if (arg)
		syscall(SYS_exit_group, 6);
	exit(5);
}

void
test_threadexitgroup(void)
{
	pid_t pid = ut_fork();

	if (pid == 0) {
		spawn(exit_later, NULL);
		for (;;)
			pause();
	}
	EXPECT_EXIT(pid, 5);
	pid = ut_fork();
	if (pid == 0) {
		spawn(exit_later, (void *)1);
		for (;;)
			pause();
	}
	EXPECT_EXIT(pid, 6);
}

static int mainexit_pipe[2];

static void *
after_main(void *arg)
{
	pid_t me = getpid();

	(void)arg;
	ut_msleep(20);
	ut_write_all(mainexit_pipe[1], &me, sizeof(me));
	exit(9);
}

void
test_threadmainexit(void)
{
	pid_t pid, got;

	CHECK_OK(pipe(mainexit_pipe));
	pid = ut_fork();
	if (pid == 0) {
		spawn(after_main, NULL);
		pthread_exit(NULL);
	}
	ut_read_all(mainexit_pipe[0], &got, sizeof(got));
	CHECK_EQ(got, pid);
	EXPECT_EXIT(pid, 9);
}

/* ---- signals to threads ---- */

static volatile pid_t handled_tid, target_tid;
static volatile int stop_target;

static void
tid_handler(int sig)
{
	(void)sig;
	handled_tid = ut_gettid();
}

static void *
target(void *arg)
{
	(void)arg;
	target_tid = ut_gettid();
	while (!stop_target)
		ut_msleep(1);
	return NULL;
}

static void
wait_handled(void)
{
	int i;

	for (i = 0; i < 2000 && !handled_tid; i++)
		ut_msleep(1);
}

void
test_threadkill(void)
{
	sigset_t set;
	pthread_t t;

	ut_sigaction(SIGUSR1, tid_handler, SA_RESTART);
	t = spawn(target, NULL);
	while (!target_tid)
		sched_yield();
	CHECK(target_tid != getpid());
	CHECK_EQ(pthread_kill(t, SIGUSR1), 0);
	wait_handled();
	CHECK_EQ(handled_tid, target_tid);

	/* A process-directed signal goes to a thread that does not block it. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_EQ(pthread_sigmask(SIG_BLOCK, &set, NULL), 0);
	handled_tid = 0;
	CHECK_OK(kill(getpid(), SIGUSR1));
	wait_handled();
	CHECK_EQ(handled_tid, target_tid);
	stop_target = 1;
	join(t);
	CHECK_EQ(pthread_sigmask(SIG_UNBLOCK, &set, NULL), 0);
}

/* ---- fork from a thread ---- */

static void *
forker(void *arg)
{
	pid_t pid;

	(void)arg;
	pid = ut_fork();
	if (pid == 0) {
		pthread_t t;

		/* Only the forking thread exists in the child. */
		CHECK_EQ(ut_gettid(), getpid());
		t = spawn(returner, (void *)1);
		CHECK(join(t) == (void *)2);
		_exit(21);
	}
	EXPECT_EXIT(pid, 21);
	return (void *)1;
}

void
test_threadfork(void)
{
	pthread_t t = spawn(forker, NULL);

	CHECK(join(t) == (void *)1);
}

/* ---- futex ---- */

static long
futex(volatile int *uaddr, int op, int val, const struct timespec *ts)
{
	return syscall(SYS_futex, uaddr, op, val, ts, NULL, 0);
}

static volatile int fword, fwaiting;

static void *
futex_waiter(void *arg)
{
	int op = (int)(intptr_t)arg;

	__atomic_add_fetch(&fwaiting, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&fword, __ATOMIC_SEQ_CST) == 1)
		futex(&fword, op, 1, NULL);
	return NULL;
}

void
test_futex(void)
{
	struct timespec ts = { 0, 10 * 1000000 };
	pthread_t t[3];
	long long t0;
	int i;

	fword = 1;
	CHECK_ERR(futex(&fword, FUTEX_WAIT_PRIVATE, 0, NULL), EAGAIN);
	CHECK_ERR(futex(&fword, FUTEX_WAIT, 0, NULL), EAGAIN);
	t0 = ut_now_ns();
	CHECK_ERR(futex(&fword, FUTEX_WAIT_PRIVATE, 1, &ts), ETIMEDOUT);
	CHECK(ut_now_ns() - t0 >= 9000000);
	CHECK_EQ(futex(&fword, FUTEX_WAKE_PRIVATE, 1, NULL), 0);
	ts.tv_nsec = 1000000000;
	CHECK_ERR(futex(&fword, FUTEX_WAIT, 1, &ts), EINVAL);

	/* Wake one thread. */
	fwaiting = 0;
	t[0] = spawn(futex_waiter, (void *)(intptr_t)FUTEX_WAIT_PRIVATE);
	while (fwaiting < 1)
		sched_yield();
	ut_msleep(20);
	fword = 2;
	CHECK_EQ(futex(&fword, FUTEX_WAKE_PRIVATE, 1, NULL), 1);
	join(t[0]);

	/* Three waiters; wake 2, then the rest. */
	fword = 1;
	fwaiting = 0;
	for (i = 0; i < 3; i++)
		t[i] = spawn(futex_waiter, (void *)(intptr_t)FUTEX_WAIT);
	while (fwaiting < 3)
		sched_yield();
	ut_msleep(20);
	fword = 2;
	CHECK_EQ(futex(&fword, FUTEX_WAKE, 2, NULL), 2);
	CHECK_EQ(futex(&fword, FUTEX_WAKE, INT_MAX, NULL), 1);
	for (i = 0; i < 3; i++)
		join(t[i]);
}

void
test_futexshared(void)
{
	volatile int *w = mmap(NULL, UT_PAGE, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	CHECK(w != MAP_FAILED);
	w[0] = 0;
	w[1] = 0;
	pid = ut_fork();
	if (pid == 0) {
		__atomic_store_n(&w[1], 1, __ATOMIC_SEQ_CST);
		while (__atomic_load_n(&w[0], __ATOMIC_SEQ_CST) == 0)
			futex(&w[0], FUTEX_WAIT, 0, NULL);
		_exit(w[0] == 5 ? 0 : 1);
	}
	while (__atomic_load_n(&w[1], __ATOMIC_SEQ_CST) == 0)
		ut_msleep(1);
	ut_msleep(20);
	__atomic_store_n(&w[0], 5, __ATOMIC_SEQ_CST);
	CHECK_EQ(futex(&w[0], FUTEX_WAKE, 1, NULL), 1);
	EXPECT_EXIT(pid, 0);
	CHECK_OK(munmap((void *)w, UT_PAGE));
}

/* ---- vector registers across system calls, threads and CPUs ---- */

enum { VEC_THREADS = 4, VEC_ROUNDS = 100, VEC_CALLS = 20 };

#if defined(__x86_64__)
#include <cpuid.h>

/* AVX usable: the CPU has it and the OS saves the ymm upper halves. */
static int
have_avx(void)
{
	unsigned a, b, c, d, lo, hi;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_AVX) ||
	    !(c & bit_OSXSAVE))
		return 0;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6;
}

#define VEC_REGS 16
#define VEC_WORDS 4		/* 64-bit words per register (ymm) */

/* Load the registers from in, make n sched_yield calls (each may move the
 * thread to another CPU, or run another thread here), store them to out.
 * One asm block: the compiler cannot touch the registers meanwhile. */
static void
vec_hold(const uint64_t *in, uint64_t *out, long n, int avx)
{
#define R16(m) m(0) m(1) m(2) m(3) m(4) m(5) m(6) m(7) m(8) m(9) m(10) \
	m(11) m(12) m(13) m(14) m(15)
#define LDY(i) "vmovdqu " #i "*32(%[in]), %%ymm" #i "\n\t"
#define STY(i) "vmovdqu %%ymm" #i ", " #i "*32(%[out])\n\t"
#define LDX(i) "movdqu " #i "*32(%[in]), %%xmm" #i "\n\t"
#define STX(i) "movdqu %%xmm" #i ", " #i "*32(%[out])\n\t"
#define CALLS "1: movl $24, %%eax\n\tsyscall\n\tdec %[n]\n\tjnz 1b\n\t"
	if (avx)
		__asm__ volatile(R16(LDY) CALLS R16(STY) "vzeroupper"
				 : [n] "+r"(n) : [in] "r"(in), [out] "r"(out)
				 : "rax", "rcx", "r11", "memory", "xmm0", "xmm1",
				   "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
				   "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
				   "xmm13", "xmm14", "xmm15");
	else
		__asm__ volatile(R16(LDX) CALLS R16(STX)
				 : [n] "+r"(n) : [in] "r"(in), [out] "r"(out)
				 : "rax", "rcx", "r11", "memory", "xmm0", "xmm1",
				   "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
				   "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
				   "xmm13", "xmm14", "xmm15");
}
#elif defined(__aarch64__)
static int
have_avx(void)
{
	return 0;
}

#define VEC_REGS 32
#define VEC_WORDS 2		/* q registers */

static void
vec_hold(const uint64_t *in, uint64_t *out, long n, int avx)
{
	register long x8 __asm__("x8");
	register long cnt __asm__("x9") = n;

	(void)avx;
	__asm__ volatile(
		"mov x10, %[in]\n\t"
		"ld1 {v0.2d-v3.2d}, [x10], #64\n\tld1 {v4.2d-v7.2d}, [x10], #64\n\t"
		"ld1 {v8.2d-v11.2d}, [x10], #64\n\tld1 {v12.2d-v15.2d}, [x10], #64\n\t"
		"ld1 {v16.2d-v19.2d}, [x10], #64\n\tld1 {v20.2d-v23.2d}, [x10], #64\n\t"
		"ld1 {v24.2d-v27.2d}, [x10], #64\n\tld1 {v28.2d-v31.2d}, [x10], #64\n\t"
		"1: mov x8, #124\n\tsvc #0\n\tsubs %[cnt], %[cnt], #1\n\tb.ne 1b\n\t"
		"mov x10, %[out]\n\t"
		"st1 {v0.2d-v3.2d}, [x10], #64\n\tst1 {v4.2d-v7.2d}, [x10], #64\n\t"
		"st1 {v8.2d-v11.2d}, [x10], #64\n\tst1 {v12.2d-v15.2d}, [x10], #64\n\t"
		"st1 {v16.2d-v19.2d}, [x10], #64\n\tst1 {v20.2d-v23.2d}, [x10], #64\n\t"
		"st1 {v24.2d-v27.2d}, [x10], #64\n\tst1 {v28.2d-v31.2d}, [x10], #64\n\t"
		: [cnt] "+r"(cnt), "=r"(x8)
		: [in] "r"(in), [out] "r"(out)
		: "x0", "x10", "memory", "v0", "v1", "v2", "v3", "v4", "v5", "v6",
		  "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15",
		  "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23", "v24",
		  "v25", "v26", "v27", "v28", "v29", "v30", "v31");
}
#endif

#ifdef VEC_REGS
static void *
vec_thread(void *arg)
{
	uint64_t in[VEC_REGS * 4], out[VEC_REGS * 4];
	long id = (long)arg, bad = 0;
	int avx = have_avx(), words = avx ? 4 : 2;

	if (VEC_WORDS == 2)
		words = 2;
	for (int round = 0; round < VEC_ROUNDS; round++) {
		for (int i = 0; i < VEC_REGS * 4; i++) {
			in[i] = 0x9e3779b97f4a7c15ull * (uint64_t)(id * 100003 +
				round * 131 + i + 1);
			out[i] = 0;
		}
		vec_hold(in, out, VEC_CALLS, avx);
		for (int r = 0; r < VEC_REGS; r++)
			for (int w = 0; w < words; w++)
				if (out[r * VEC_WORDS + w] != in[r * VEC_WORDS + w])
					bad++;
	}
	return (void *)bad;
}
#endif

void
test_threadvec(void)
{
#ifdef VEC_REGS
	pthread_t t[VEC_THREADS];

	for (long i = 0; i < VEC_THREADS; i++)
		t[i] = spawn(vec_thread, (void *)i);
	CHECK_EQ((long)vec_thread((void *)VEC_THREADS), 0);
	for (int i = 0; i < VEC_THREADS; i++)
		CHECK_EQ((long)join(t[i]), 0);
#else
	ut_detail("no vector registers known for this ISA: nothing checked");
#endif
}
