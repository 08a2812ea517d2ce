/*
 * hostile.c -- a guest program that attacks the simulator's user-mode
 * mechanism (doc/usermode.md). Each case runs in a child; the parent
 * prints how it ended. Run inside CircleOS: `hostile` runs every case.
 * x86_64 only: it finds the stub's code by its fixed address.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define STUB_IMAGE 0x7f8000000000ul
#define STUB_CTL 0x7f9000000000ul
#define STUB_UP_OFF (65 * 0x4000ul)

/* A raw system call from our own code: the guest kernel must get it. */
static long
raw6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d, r8 __asm__("r8") = e,
		      r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b),
			 "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* The stub's own "syscall; ret": scan its text for it. */
static uintptr_t
stub_syscall_insn(void)
{
	const unsigned char *p = (const unsigned char *)STUB_IMAGE;

	for (size_t i = 0x1000; i < 0x4000; i++)
		if (p[i] == 0x0f && p[i + 1] == 0x05 && p[i + 2] == 0xc3)
			return STUB_IMAGE + i;
	return 0;
}

/* Call the stub's syscall instruction with our own registers. */
static long
via_stub(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d, r8 __asm__("r8") = e,
		      r9 __asm__("r9") = f;
	uintptr_t at = stub_syscall_insn();
	long ret;

	if (at == 0) {
		printf("  stub code not found\n");
		exit(3);
	}
	__asm__ volatile("call *%[at]" : "=a"(ret) : [at] "r"(at), "a"(nr),
			 "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static void
case_raw(void)
{
	struct utsname u;
	long r;

	r = raw6(SYS_uname, (long)&u, 0, 0, 0, 0, 0);
	printf("  raw uname: %ld %s\n", r, r == 0 ? u.sysname : "?");
	r = raw6(SYS_socket, 2 /* AF_INET */, 1, 0, 0, 0, 0);
	printf("  raw socket: %s\n", r < 0 ? strerror((int)-r) : "a host socket!");
	r = raw6(SYS_getppid, 0, 0, 0, 0, 0, 0);
	printf("  raw getppid: %s\n", r == getppid() ? "the guest parent" : "wrong");
	fflush(stdout);
	/* 32-bit system call gate: must not reach the host either. */
	__asm__ volatile("mov $20, %%eax\n\tint $0x80" ::: "eax", "memory");
	printf("  int $0x80 returned: the host ran it!\n");
}

static void
case_stub_open(void)
{
	/* open("/etc/passwd") from the stub's instruction: not allowed. */
	via_stub(SYS_open, (long)"/etc/passwd", 0, 0, 0, 0, 0);
	printf("  stub open returned!\n");
}

static void
case_stub_mmap_fd(void)
{
	/* mmap of a descriptor other than the RAM: not allowed. */
	via_stub(SYS_mmap, 0x10000000, 4096, 1, 0x11, 0, 0);
	printf("  stub mmap of fd 0 returned!\n");
}

static void
case_stub_mmap_high(void)
{
	/* mmap over the stub itself: address above the guest range. */
	via_stub(SYS_mmap, (long)STUB_IMAGE, 4096, 1, 0x11, 3, 0);
	printf("  stub mmap above the guest top returned!\n");
}

static void
case_stub_exit(void)
{
	via_stub(SYS_exit_group, 0, 0, 0, 0, 0, 0);
	printf("  stub exit_group returned!\n");
}

static void
case_stub_hang(void)
{
	static uint32_t word;

	/* Wait forever inside the stub's code: the runner must notice. */
	via_stub(SYS_futex, (long)&word, 0 /* FUTEX_WAIT */, 0, 0, 0, 0);
	printf("  stub futex returned!\n");
}

static void
case_ctl_garbage(void)
{
	volatile uint32_t *up = (volatile uint32_t *)(STUB_CTL + STUB_UP_OFF);

	/* Forge a report on every slot: seq, doorbell, state. */
	for (int slot = 0; slot < 65; slot++) {
		volatile uint32_t *u = up + slot * (0x4000 / 4);
		u[2] = 0xdeadbeef;	/* state */
		u[0] += 7;		/* seq */
		u[1] += 1;		/* doorbell */
	}
	for (volatile long i = 0; i < 100000000; i++)
		;
	printf("  still running after forging reports\n");
}

struct hcase {
	const char *name;
	void (*fn)(void);
};

static const struct hcase cases[] = {
	{ "raw", case_raw },
	{ "stub-open", case_stub_open },
	{ "stub-mmap-fd", case_stub_mmap_fd },
	{ "stub-mmap-high", case_stub_mmap_high },
	{ "stub-exit", case_stub_exit },
	{ "stub-hang", case_stub_hang },
	{ "ctl-garbage", case_ctl_garbage },
};

static void
run(const struct hcase *c)
{
	pid_t pid;
	int st;

	printf("%s:\n", c->name);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		c->fn();
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		printf("  fork/wait failed: %s\n", strerror(errno));
		return;
	}
	if (WIFSIGNALED(st))
		printf("  ended by signal %d (%s)\n", WTERMSIG(st), strsignal(WTERMSIG(st)));
	else
		printf("  exited %d\n", WEXITSTATUS(st));
}

int
main(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1) {
			int want = 0;
			for (int j = 1; j < argc; j++)
				want |= strcmp(argv[j], cases[i].name) == 0;
			if (!want)
				continue;
		}
		run(&cases[i]);
	}
	printf("hostile: the machine is still here\n");
	return 0;
}
