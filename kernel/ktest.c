/*
 * ktest.c -- runs the in-kernel self tests, each in its own thread, checks
 * that none leaks pages or heap objects, and powers off with status 0 only
 * if all passed. The last line printed is "ktest: N passed, N failed".
 */
#include "heap.h"
#include "ktest.h"
#include "pmm.h"
#include "sched.h"

static const struct ktest tests[] = {
	{ "printf", ktest_printf },
	{ "cmdline", ktest_cmdline },
	{ "pmm", ktest_pmm },
	{ "heap", ktest_heap },
	{ "alloc_stress", ktest_alloc_stress },
	{ "thread_join", ktest_thread_join },
	{ "sched_fair", ktest_sched_fair },
	{ "sched_prio", ktest_sched_prio },
	{ "sched_spread", ktest_sched_spread },
	{ "sched_late_arrival", ktest_sched_late_arrival },
	{ "spin_contention", ktest_spin_contention },
	{ "mutex_contention", ktest_mutex_contention },
	{ "waitq", ktest_waitq },
	{ "semaphore", ktest_semaphore },
	{ "condvar", ktest_condvar },
	{ "timer_order", ktest_timer_order },
	{ "sleep_accuracy", ktest_sleep_accuracy },
	{ "sleep_many", ktest_sleep_many },
	{ "tty_canon", ktest_tty_canon },
	{ "tty_erase", ktest_tty_erase },
	{ "tty_eof", ktest_tty_eof },
	{ "tty_isig", ktest_tty_isig },
	{ "tty_map", ktest_tty_map },
	{ "tty_raw", ktest_tty_raw },
	{ "tty_ctl", ktest_tty_ctl },
	{ "tty_session", ktest_tty_session },
	{ "fs_path", ktest_fs_path },
	{ "fs_symlink", ktest_fs_symlink },
	{ "fs_rename", ktest_fs_rename },
	{ "fs_unlink_open", ktest_fs_unlink_open },
	{ "fs_sparse", ktest_fs_sparse },
	{ "fs_open_flags", ktest_fs_open_flags },
	{ "fs_perm", ktest_fs_perm },
	{ "fs_link_readdir", ktest_fs_link_readdir },
	{ "fs_pipe", ktest_fs_pipe },
	{ "fs_poll", ktest_fs_poll },
	{ "fs_cpio", ktest_fs_cpio },
	{ "fs_cpio_bad", ktest_fs_cpio_bad },
	{ "fs_mount", ktest_fs_mount },
	{ "fs_devfs", ktest_fs_devfs },
	{ "fs_fdtable", ktest_fs_fdtable },
	{ "fs_stress", ktest_fs_stress },
	{ "procfs_sys", ktest_procfs_sys },
	{ "procfs_pid", ktest_procfs_pid },
	{ "hal_pt", ktest_hal_pt },
	{ "block_concurrent", ktest_block_concurrent },
	{ "block_flusher", ktest_block_flusher },
	{ "disk_ext2", ktest_disk_ext2 },
	{ "fb_pattern", ktest_fb_pattern },
};

static const char *running;

void
ktest_fail(const char *file, int line, const char *what)
{
	kprintf("ktest: %s: FAILED at %s:%d: %s", running, file, line, what);
}

void
ktest_note(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	kprintf("ktest: %s: %s", running, buf);
}

/* xorshift64*: reproducible pseudo-random numbers for the tests. */
uint64_t
ktest_rand(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ull;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

static void
test_thread(void *arg)
{
	const struct ktest *t = arg;

	thread_exit(t->fn() == 0 ? 0 : 1);
}

/* Run one test in a thread of its own; true if it passed cleanly. */
static bool
run_one(const struct ktest *kt)
{
	struct heap_stats h0, h1;
	size_t free0, free1;
	struct thread *t;
	uint64_t t0 = hal_time_ns();
	int rc;

	running = kt->name;
	thread_reap();
	heap_stats(&h0);
	free0 = pmm_free_pages();
	t = thread_create(kt->name, test_thread, (void *)kt, PRIO_DEFAULT);
	if (t == NULL) {
		kprintf("ktest: %s: FAILED: cannot create its thread", kt->name);
		return false;
	}
	rc = thread_join(t);
	thread_reap();
	heap_stats(&h1);
	free1 = pmm_free_pages();
	if (rc == 0 && (h1.allocs != h0.allocs || free1 != free0)) {
		kprintf("ktest: %s: FAILED: leaked %ld heap objects, %ld pages",
			kt->name, (long)(h1.allocs - h0.allocs),
			(long)(free0 - free1));
		rc = 1;
	}
	if (rc == 0)
		kprintf("ktest: %s: ok (%llu ms)", kt->name,
			(unsigned long long)((hal_time_ns() - t0) / NSEC_PER_MSEC));
	return rc == 0;
}

/* Returns the number of failures (unknown names count as failures). */
int
ktest_main(const char *which)
{
	int passed = 0, failed = 0, matched = 0;
	const char *p = which;

	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		if (!cmdline_list_has(which, tests[i].name))
			continue;
		matched++;
		if (run_one(&tests[i]))
			passed++;
		else
			failed++;
	}
	/* Names that match no test are failures too. */
	while (strcmp(which, "all") != 0 && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		bool found = false;

		for (size_t i = 0; i < ARRAY_SIZE(tests); i++)
			if (strlen(tests[i].name) == n && strncmp(tests[i].name, p, n) == 0)
				found = true;
		if (!found && n > 0) {
			kprintf("ktest: no test named '%.*s'", (int)n, p);
			failed++;
		}
		p = e ? e + 1 : p + n;
	}
	(void)matched;
	kprintf("ktest: %d passed, %d failed", passed, failed);
	return failed;
}
