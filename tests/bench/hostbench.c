/*
 * hostbench.c -- the host-side costs under the sim's user mode, measured
 * natively: a plain system call, a seccomp trap round trip (SIGSYS to a
 * handler and back), and a futex hand-off between two threads (one way).
 * Prints "bench NAME MEDIAN ns" lines; medians of batches.
 */
#define _GNU_SOURCE
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BATCHES 15

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
median(double *v)
{
	qsort(v, BATCHES, sizeof(*v), cmp);
	return v[BATCHES / 2];
}

static void
on_sigsys(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
}

static uint32_t word;

static void *
ponger(void *arg)
{
	(void)arg;
	for (;;) {
		while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) != 1)
			syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
		__atomic_store_n(&word, 0, __ATOMIC_RELEASE);
		syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
	return NULL;
}

int
main(void)
{
	double v[BATCHES], t0;
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
	struct sigaction sa = { 0 };
	pthread_t t;
	const int n = 20000;

	for (int b = 0; b < BATCHES; b++) {
		t0 = now();
		for (int i = 0; i < n; i++)
			syscall(SYS_getpid);
		v[b] = (now() - t0) / n;
	}
	printf("bench host_getpid %.1f ns\n", median(v));

	pthread_create(&t, NULL, ponger, NULL);
	for (int b = 0; b < BATCHES; b++) {
		t0 = now();
		for (int i = 0; i < n / 10; i++) {
			__atomic_store_n(&word, 1, __ATOMIC_RELEASE);
			syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
			while (__atomic_load_n(&word, __ATOMIC_ACQUIRE) != 0)
				syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
		}
		v[b] = (now() - t0) / (2.0 * n / 10);
	}
	printf("bench host_futex_handoff %.1f ns\n", median(v));

	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSYS, &sa, NULL);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
		perror("seccomp");
		return 1;
	}
	for (int b = 0; b < BATCHES; b++) {
		t0 = now();
		for (int i = 0; i < n / 4; i++)
			syscall(SYS_getppid);
		v[b] = (now() - t0) / (n / 4);
	}
	printf("bench host_seccomp_trap_roundtrip %.1f ns\n", median(v));
	return 0;
}
