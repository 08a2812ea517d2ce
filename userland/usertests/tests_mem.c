/*
 * tests_mem.c - memory tests: copy-on-write, brk, mmap/munmap/mprotect/mremap
 * edge cases, faults on protected or missing pages, stack overflow and
 * running out of memory.
 */
#include "usertests.h"

#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG UT_PAGE

static char *
map_anon(size_t len, int prot)
{
	char *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	return p;
}

/* Fork a child that touches addr (write if w) and must die of SIGSEGV. */
static void
expect_segv(volatile char *addr, int w)
{
	pid_t pid = ut_fork();

	if (pid == 0) {
		if (w)
			*addr = 1;
		else
			(void)*addr;
		_exit(0);
	}
	EXPECT_SIGNAL(pid, SIGSEGV);
}

/* ---- copy-on-write ---- */

static volatile int cow_global = 1;

void
test_cow(void)
{
	volatile int local = 10;
	char *heap = malloc(PG);
	int a[2], b[2];
	pid_t pid;
	char c;

	CHECK(heap != NULL);
	memset(heap, 'P', PG);
	CHECK_OK(pipe(a));
	CHECK_OK(pipe(b));
	pid = ut_fork();
	if (pid == 0) {
		cow_global = 2;
		local = 20;
		heap[100] = 'C';
		ut_write_all(a[1], "1", 1);
		ut_read_all(b[0], &c, 1);
		/* The parent wrote too; we still see our values. */
		CHECK_EQ(cow_global, 2);
		CHECK_EQ(local, 20);
		CHECK_EQ(heap[100], 'C');
		CHECK_EQ(heap[0], 'P');
		_exit(0);
	}
	ut_read_all(a[0], &c, 1);
	CHECK_EQ(cow_global, 1);
	CHECK_EQ(local, 10);
	CHECK_EQ(heap[100], 'P');
	cow_global = 3;
	local = 30;
	heap[100] = 'Q';
	ut_write_all(b[1], "2", 1);
	EXPECT_EXIT(pid, 0);
	CHECK_EQ(cow_global, 3);
	CHECK_EQ(local, 30);
	CHECK_EQ(heap[100], 'Q');
	free(heap);
}

static void
fill_pages(char *p, size_t npages, long tag)
{
	size_t i;

	for (i = 0; i < npages; i++) {
		*(long *)(p + i * PG) = tag + (long)i;
		*(long *)(p + i * PG + PG - sizeof(long)) = tag - (long)i;
	}
}

static void
check_pages(const char *p, size_t npages, long tag)
{
	size_t i;

	for (i = 0; i < npages; i++) {
		ut_detail("page %zu", i);
		CHECK_EQ(*(const long *)(p + i * PG), tag + (long)i);
		CHECK_EQ(*(const long *)(p + i * PG + PG - sizeof(long)),
			 tag - (long)i);
	}
	ut_detail("%s", "");
}

void
test_cowlarge(void)
{
	size_t n = 2048;		/* 8 MiB */
	char *p = map_anon(n * PG, PROT_READ | PROT_WRITE);
	int s[2];
	pid_t pid;
	char c;

	fill_pages(p, n, 1000);
	/* The child writes every page; the parent keeps the old data. */
	pid = ut_fork();
	if (pid == 0) {
		check_pages(p, n, 1000);
		fill_pages(p, n, 2000);
		check_pages(p, n, 2000);
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);
	check_pages(p, n, 1000);

	/* A child that exits at once; then the parent writes every page. */
	pid = ut_fork();
	if (pid == 0)
		_exit(0);
	EXPECT_EXIT(pid, 0);
	fill_pages(p, n, 3000);
	check_pages(p, n, 3000);

	/* The parent writes while the child is alive; the child keeps its copy. */
	CHECK_OK(pipe(s));
	pid = ut_fork();
	if (pid == 0) {
		ut_read_all(s[0], &c, 1);
		check_pages(p, n, 3000);
		_exit(0);
	}
	fill_pages(p, n, 4000);
	ut_write_all(s[1], "x", 1);
	EXPECT_EXIT(pid, 0);
	check_pages(p, n, 4000);
	CHECK_OK(munmap(p, n * PG));
}

void
test_cowmulti(void)
{
	enum { NCHILD = 4, NPAGES = 16 };
	char *p = map_anon(NPAGES * PG, PROT_READ | PROT_WRITE);
	pid_t pids[NCHILD];
	int i;

	fill_pages(p, NPAGES, 50);
	for (i = 0; i < NCHILD; i++) {
		pids[i] = ut_fork();
		if (pids[i] == 0) {
			fill_pages(p, NPAGES, 100 * (i + 1));
			ut_msleep(10);
			sched_yield();
			check_pages(p, NPAGES, 100 * (i + 1));
			_exit(0);
		}
	}
	for (i = 0; i < NCHILD; i++)
		EXPECT_EXIT(pids[i], 0);
	check_pages(p, NPAGES, 50);
}

/* ---- brk ---- */

static uintptr_t
sys_brk(uintptr_t addr)
{
	return (uintptr_t)syscall(SYS_brk, addr);
}

void
test_brk(void)
{
	uintptr_t cur = sys_brk(0), len = 256 * 1024, a, i;
	volatile char *m;
	pid_t pid;

	CHECK(cur != 0);
	a = (cur + PG - 1) & ~(PG - 1);
	CHECK_EQ(sys_brk(cur + len), cur + len);
	CHECK_EQ(sys_brk(0), cur + len);
	m = (volatile char *)cur;
	for (i = a - cur; i < len; i++)
		CHECK_EQ(m[i], 0);
	memset((void *)cur, 0xab, len);

	/* The grown heap is inherited by a child. */
	pid = ut_fork();
	if (pid == 0) {
		CHECK_EQ((unsigned char)m[len - 1], 0xab);
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);

	/* Shrink: the pages past the break are gone. */
	CHECK_EQ(sys_brk(cur), cur);
	expect_segv((volatile char *)(a + PG), 0);

	/* Regrow: the memory reads back zero. */
	CHECK_EQ(sys_brk(cur + len), cur + len);
	for (i = a; i < cur + len; i++) {
		if (*(volatile char *)i != 0) {
			ut_detail("offset %lu", (unsigned long)(i - cur));
			CHECK(!"regrown heap is not zero");
		}
	}
	CHECK_EQ(sys_brk(cur), cur);
}

void
test_brkhuge(void)
{
	uintptr_t cur = sys_brk(0);

	CHECK(cur != 0);
	CHECK_EQ(sys_brk(cur + (1UL << 47)), cur);
	CHECK_EQ(sys_brk(0), cur);
	CHECK_EQ(sys_brk(0xffff800000000000UL), cur);
	CHECK_EQ(sys_brk(1), cur);
	CHECK_EQ(sys_brk(0), cur);
	/* A normal brk still works afterwards. */
	CHECK_EQ(sys_brk(cur + PG), cur + PG);
	CHECK_EQ(sys_brk(cur), cur);
}

/* ---- mmap ---- */

void
test_mmapanon(void)
{
	size_t len = 64 * PG, i;
	char *p = map_anon(len, PROT_READ | PROT_WRITE);
	char *q = map_anon(len, PROT_READ | PROT_WRITE);

	CHECK(((uintptr_t)p & (PG - 1)) == 0);
	CHECK(q + len <= p || p + len <= q);
	for (i = 0; i < len; i++)
		if (p[i] != 0)
			CHECK(!"fresh anonymous memory is not zero");
	memset(p, 0x5a, len);
	memset(q, 0xa5, len);
	for (i = 0; i < len; i += 97)
		CHECK(p[i] == 0x5a && (unsigned char)q[i] == 0xa5);
	CHECK_OK(munmap(p, len));
	CHECK_OK(munmap(q, len));
}

void
test_mmapshared(void)
{
	size_t len = 8 * PG, i;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;

	CHECK(p != MAP_FAILED);
	memset(p, 'P', len);
	pid = ut_fork();
	if (pid == 0) {
		CHECK_EQ(p[len - 1], 'P');
		for (i = 0; i < len; i += PG)
			p[i] = 'C';
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);
	for (i = 0; i < len; i += PG)
		CHECK_EQ(p[i], 'C');
	CHECK_EQ(p[1], 'P');
	/* And back: the parent's writes reach a new child. */
	p[5] = 'X';
	pid = ut_fork();
	if (pid == 0) {
		CHECK_EQ(p[5], 'X');
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);
	CHECK_OK(munmap(p, len));
}

void
test_mmapprivate(void)
{
	size_t len = 8 * PG, i;
	char *p = map_anon(len, PROT_READ | PROT_WRITE);
	pid_t pid;

	memset(p, 'P', len);
	pid = ut_fork();
	if (pid == 0) {
		for (i = 0; i < len; i += PG)
			p[i] = 'C';
		CHECK_EQ(p[PG], 'C');
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);
	for (i = 0; i < len; i += PG)
		CHECK_EQ(p[i], 'P');
	CHECK_OK(munmap(p, len));
}

void
test_mmapfixed(void)
{
	char *p = map_anon(4 * PG, PROT_READ | PROT_WRITE), *q;
	int i;

	for (i = 0; i < 4; i++)
		memset(p + i * PG, 'a' + i, PG);
	q = mmap(p + PG, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + PG);
	CHECK_EQ(q[0], 0);
	CHECK_EQ(q[PG - 1], 0);
	CHECK_EQ(p[0], 'a');
	CHECK_EQ(p[PG - 1], 'a');
	CHECK_EQ(p[2 * PG], 'c');
	CHECK_EQ(p[4 * PG - 1], 'd');
	q[0] = 'z';
	CHECK_EQ(p[PG], 'z');
	/* MAP_FIXED over a read-only replacement. */
	q = mmap(p + 3 * PG, PG, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + 3 * PG);
	CHECK_EQ(q[0], 0);
	expect_segv(q, 1);
	CHECK_OK(munmap(p, 4 * PG));
}

void
test_munmappartial(void)
{
	char *p = map_anon(3 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'x', 3 * PG);
	CHECK_OK(munmap(p + PG, PG));
	CHECK_EQ(p[0], 'x');
	CHECK_EQ(p[PG - 1], 'x');
	CHECK_EQ(p[2 * PG], 'x');
	CHECK_EQ(p[3 * PG - 1], 'x');
	expect_segv(p + PG, 0);
	expect_segv(p + 2 * PG - 1, 1);
	/* Unmapping a hole again is fine. */
	CHECK_OK(munmap(p + PG, PG));
	CHECK_OK(munmap(p, 3 * PG));
	expect_segv(p, 0);
}

void
test_munmapsegv(void)
{
	char *p = map_anon(4 * PG, PROT_READ | PROT_WRITE);

	memset(p, 1, 4 * PG);
	CHECK_OK(munmap(p, 4 * PG));
	expect_segv(p, 0);
	expect_segv(p + 3 * PG, 1);
}

void
test_mprotectro(void)
{
	char *p = map_anon(2 * PG, PROT_READ | PROT_WRITE);

	memset(p, 'w', 2 * PG);
	CHECK_OK(mprotect(p, PG, PROT_READ));
	CHECK_EQ(p[0], 'w');
	expect_segv(p, 1);
	expect_segv(p + PG - 1, 1);
	p[PG] = 'v';		/* the second page stays writable */
	CHECK_OK(mprotect(p, PG, PROT_READ | PROT_WRITE));
	p[0] = 'u';
	CHECK_EQ(p[0], 'u');
	/* Raw: musl's mprotect rounds the address down. */
	CHECK_ERR(syscall(SYS_mprotect, p + 1, PG, PROT_READ), EINVAL);
	CHECK_OK(munmap(p, 2 * PG));
}

void
test_protnone(void)
{
	char *p = map_anon(2 * PG, PROT_NONE);

	expect_segv(p, 0);
	expect_segv(p + PG, 1);
	CHECK_OK(mprotect(p, 2 * PG, PROT_READ | PROT_WRITE));
	CHECK_EQ(p[0], 0);
	p[PG] = 3;
	CHECK_EQ(p[PG], 3);
	CHECK_OK(mprotect(p, PG, PROT_NONE));
	expect_segv(p, 0);
	CHECK_OK(munmap(p, 2 * PG));
}

void
test_mremap(void)
{
	char *p = map_anon(2 * PG, PROT_READ | PROT_WRITE), *r, *q;
	size_t i;

	memset(p, 'm', 2 * PG);
	r = mremap(p, 2 * PG, 8 * PG, MREMAP_MAYMOVE);
	CHECK(r != MAP_FAILED);
	for (i = 0; i < 2 * PG; i += 512)
		CHECK_EQ(r[i], 'm');
	for (i = 2 * PG; i < 8 * PG; i += 512)
		CHECK_EQ(r[i], 0);
	r[8 * PG - 1] = 'e';
	/* Shrink in place. */
	CHECK(mremap(r, 8 * PG, PG, 0) == r);
	CHECK_EQ(r[0], 'm');
	expect_segv(r + PG, 0);
	CHECK_OK(munmap(r, PG));

	/* Growing in place into an occupied page fails without MAYMOVE. */
	p = map_anon(4 * PG, PROT_READ | PROT_WRITE);
	CHECK_OK(munmap(p + 2 * PG, 2 * PG));
	q = mmap(p + 3 * PG, PG, PROT_READ,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + 3 * PG);
	CHECK_ERR((long)mremap(p, 2 * PG, 4 * PG, 0), ENOMEM);
	CHECK(mremap(p, 2 * PG, 3 * PG, 0) == p);
	p[3 * PG - 1] = 1;
	CHECK_OK(munmap(p, 4 * PG));
}

void
test_mmapeinval(void)
{
	char *p = map_anon(2 * PG, PROT_READ | PROT_WRITE);
	int rw = PROT_READ | PROT_WRITE;

	CHECK_ERR((long)mmap(NULL, 0, rw, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		  EINVAL);
	CHECK_ERR((long)mmap(p + 1, PG, rw,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
		  EINVAL);
	CHECK_ERR((long)mmap(NULL, PG, rw, MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERR((long)mmap(NULL, PG, rw, MAP_PRIVATE, -1, 0), EBADF);
	CHECK_ERR((long)mmap(NULL, PG, rw, MAP_PRIVATE, 12345, 0), EBADF);
	CHECK_ERR((long)mmap(NULL, 1UL << 50, rw,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
	CHECK_ERR(munmap(p + 1, PG), EINVAL);
	CHECK_ERR(munmap(p, 0), EINVAL);
	/* Raw: musl's mprotect rounds the address down. */
	CHECK_ERR(syscall(SYS_mprotect, p + 1, PG, PROT_READ), EINVAL);
	/* p is still intact. */
	p[0] = 1;
	CHECK_OK(munmap(p, 2 * PG));
}

void
test_mmapfile(void)
{
	size_t len = 2 * PG + 100, i;
	char *data = malloc(len), *p, buf[8];
	int fd;

	CHECK(data != NULL);
	for (i = 0; i < len; i++)
		data[i] = (char)(i * 7 + 1);
	ut_scratch_enter();
	ut_write_file("f", data, len, 0644);
	fd = open("f", O_RDWR);
	CHECK(fd >= 0);

	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK(memcmp(p, data, len) == 0);
	for (i = len; i < 3 * PG; i++)	/* past the end of the file */
		CHECK_EQ(p[i], 0);
	CHECK_OK(munmap(p, len));

	/* An offset mapping. */
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, PG);
	CHECK(p != MAP_FAILED);
	CHECK(memcmp(p, data + PG, PG) == 0);
	CHECK_OK(munmap(p, PG));

	/* MAP_PRIVATE writes stay private. */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	p[10] = 'P';
	CHECK_OK(munmap(p, len));
	CHECK_EQ(pread(fd, buf, 1, 10), 1);
	CHECK_EQ(buf[0], data[10]);

	/* MAP_SHARED writes reach the file. */
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	p[PG + 1] = 'S';
	CHECK_OK(msync(p, len, MS_SYNC));
	CHECK_OK(munmap(p, len));
	CHECK_EQ(pread(fd, buf, 1, PG + 1), 1);
	CHECK_EQ(buf[0], 'S');

	/* A read-only fd cannot be mapped shared and writable. */
	close(fd);
	fd = open("f", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_ERR((long)mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED,
			     fd, 0), EACCES);
	close(fd);
	free(data);
	ut_scratch_leave();
}

/* ---- faults ---- */

static void
do_textwrite(void)
{
	volatile unsigned char *code =
		(volatile unsigned char *)(uintptr_t)&test_textwrite;

	*code = 0xc3;
}

void
test_textwrite(void)
{
	volatile unsigned char *code =
		(volatile unsigned char *)(uintptr_t)&do_textwrite;
	unsigned char first = *code;	/* code is readable */

	(void)first;
	EXPECT_CHILD(do_textwrite, SIGSEGV);
}

static void
do_rodatawrite(void)
{
	static const char msg[] = "read-only string";
	volatile char *p = (volatile char *)(uintptr_t)msg;

	p[0] = 'R';
}

void
test_rodatawrite(void)
{
	EXPECT_CHILD(do_rodatawrite, SIGSEGV);
}

static volatile uintptr_t zero_addr;

static void
segv_info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig != SIGSEGV || si->si_signo != SIGSEGV)
		_exit(10);
	if (si->si_addr != NULL)
		_exit(11);
	if (si->si_code != SEGV_MAPERR)
		_exit(12);
	_exit(0);
}

static void
do_nullread(void)
{
	(void)*(volatile int *)zero_addr;
	_exit(20);
}

static void
do_nullwrite(void)
{
	*(volatile int *)zero_addr = 1;
	_exit(20);
}

static void
do_nullread_caught(void)
{
	ut_sigaction_info(SIGSEGV, segv_info_handler, 0);
	do_nullread();
}

static void
do_nullwrite_caught(void)
{
	ut_sigaction_info(SIGSEGV, segv_info_handler, 0);
	do_nullwrite();
}

void
test_nullread(void)
{
	EXPECT_CHILD(do_nullread, SIGSEGV);
	EXPECT_CHILD(do_nullwrite, SIGSEGV);
	EXPECT_CHILD(do_nullread_caught, 0);
	EXPECT_CHILD(do_nullwrite_caught, 0);
}

static void
do_nullcall(void)
{
	void (*fn)(void) = (void (*)(void))zero_addr;

	fn();
	_exit(20);
}

static void
do_nullcall_caught(void)
{
	ut_sigaction_info(SIGSEGV, segv_info_handler, 0);
	do_nullcall();
}

void
test_nullcall(void)
{
	EXPECT_CHILD(do_nullcall, SIGSEGV);
	EXPECT_CHILD(do_nullcall_caught, 0);
}

static volatile uintptr_t nx_addr;

static void
do_nxcall(void)
{
	void (*fn)(void) = (void (*)(void))nx_addr;

	fn();
}

void
test_nxstack(void)
{
	char *p = map_anon(PG, PROT_READ | PROT_WRITE);
#ifdef __aarch64__
	static const unsigned char ret[4] = { 0xc0, 0x03, 0x5f, 0xd6 };
#else
	static const unsigned char ret[1] = { 0xc3 };
#endif
	unsigned char stackcode[16] __attribute__((aligned(4)));

	memcpy(p, ret, sizeof(ret));
	nx_addr = (uintptr_t)p;
	EXPECT_CHILD(do_nxcall, SIGSEGV);
	for (size_t i = 0; i < sizeof(stackcode); i += sizeof(ret))
		memcpy(stackcode + i, ret, sizeof(ret));
	nx_addr = (uintptr_t)stackcode;
	EXPECT_CHILD(do_nxcall, SIGSEGV);
	/* With PROT_EXEC the same code runs. */
	CHECK_OK(mprotect(p, PG, PROT_READ | PROT_EXEC));
	__builtin___clear_cache(p, p + sizeof(ret));
	nx_addr = (uintptr_t)p;
	EXPECT_CHILD(do_nxcall, 0);
	CHECK_OK(munmap(p, PG));
}

static volatile uintptr_t kaddr;

static void
do_kread(void)
{
	(void)*(volatile char *)kaddr;
	_exit(20);
}

static void
do_kwrite(void)
{
	*(volatile char *)kaddr = 0;
	_exit(20);
}

void
test_kernelread(void)
{
	kaddr = (uintptr_t)UT_KADDR;
	EXPECT_CHILD(do_kread, SIGSEGV);
	EXPECT_CHILD(do_kwrite, SIGSEGV);
	kaddr = 0xffffffff80000000UL;
	EXPECT_CHILD(do_kread, SIGSEGV);
	kaddr = 0xffffffffff600000UL;	/* vsyscall page, if any: not writable */
	EXPECT_CHILD(do_kwrite, SIGSEGV);
}

/* ---- stack overflow ---- */

static int
recurse(int n)
{
	volatile char buf[1024];

	buf[0] = (char)n;
	buf[sizeof(buf) - 1] = (char)n;
	if (n < 0)
		return 0;
	return recurse(n + 1) + buf[0];
}

/* Natively, cap the stack at 8 MiB so an unlimited stack cannot eat the host. */
static void
cap_stack(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur > (8UL << 20)) {
		rl.rlim_cur = 8UL << 20;
		setrlimit(RLIMIT_STACK, &rl);
	}
}

static void
do_overflow(void)
{
	cap_stack();
	recurse(0);
}

static void
overflow_handler(int sig)
{
	_exit(sig == SIGSEGV ? 0 : 10);
}

static void
do_overflow_alt(void)
{
	stack_t ss;

	cap_stack();
	ss.ss_sp = map_anon(64 * 1024, PROT_READ | PROT_WRITE);
	ss.ss_size = 64 * 1024;
	ss.ss_flags = 0;
	CHECK_OK(sigaltstack(&ss, NULL));
	ut_sigaction(SIGSEGV, overflow_handler, SA_ONSTACK);
	recurse(0);
	_exit(20);
}

void
test_stackoverflow(void)
{
	EXPECT_CHILD(do_overflow, SIGSEGV);
}

void
test_stackoverflowalt(void)
{
	EXPECT_CHILD(do_overflow_alt, 0);
}

/* ---- out of memory ---- */

void
test_oom(void)
{
	size_t chunk = 8UL << 20, small = 64 * 1024, total = 0, i;
	pid_t pid;
	int st;
	char *p;

	pid = ut_fork();
	if (pid == 0) {
		if (!ut_circleos) {
			/* Natively, stay inside 512 MiB to spare the host. */
			struct rlimit rl = { 512UL << 20, 512UL << 20 };

			CHECK_OK(setrlimit(RLIMIT_AS, &rl));
		}
		/* Big chunks until mmap fails... */
		for (;;) {
			p = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				break;
			/* Natively, huge pages only make it faster. */
			if (!ut_circleos)
				madvise(p, chunk, MADV_HUGEPAGE);
			for (i = 0; i < chunk; i += PG)
				p[i] = 1;
			total += chunk;
		}
		/* ...then small ones until malloc fails too. */
		for (;;) {
			p = malloc(small);
			if (!p)
				break;
			for (i = 0; i < small; i += PG)
				p[i] = 1;
			total += small;
		}
		CHECK(total >= 16 * chunk);
		_exit(0);
	}
	st = ut_wait(pid);
	if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0) &&
	    !(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL))
		CHECK(!"child neither failed cleanly nor got SIGKILL");
	/* We survive and can still allocate and fork. */
	p = malloc(chunk);
	CHECK(p != NULL);
	memset(p, 1, chunk);
	free(p);
	pid = ut_fork();
	if (pid == 0)
		_exit(0);
	EXPECT_EXIT(pid, 0);
}
