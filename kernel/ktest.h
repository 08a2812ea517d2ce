/*
 * ktest.h -- in-kernel self tests, chosen with ktest=all or ktest=NAME,...
 * on the command line. A test returns 0 when it passes.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "kernel.h"

struct ktest {
	const char *name;
	int (*fn)(void);
};

void ktest_fail(const char *file, int line, const char *what);
void ktest_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ktest_main(const char *which);
uint64_t ktest_rand(uint64_t *state);

#define KT_ASSERT(cond) do {						\
	if (!(cond)) {							\
		ktest_fail(__FILE__, __LINE__, #cond);			\
		return -1;						\
	}								\
} while (0)

#define KT_ASSERT_MSG(cond, ...) do {					\
	if (!(cond)) {							\
		ktest_note(__VA_ARGS__);				\
		ktest_fail(__FILE__, __LINE__, #cond);			\
		return -1;						\
	}								\
} while (0)

/* The tests, one list per file. */
int ktest_printf(void);
int ktest_cmdline(void);
int ktest_pmm(void);
int ktest_heap(void);
int ktest_alloc_stress(void);
int ktest_sched_fair(void);
int ktest_sched_prio(void);
int ktest_sched_spread(void);
int ktest_sched_late_arrival(void);
int ktest_thread_join(void);
int ktest_spin_contention(void);
int ktest_mutex_contention(void);
int ktest_waitq(void);
int ktest_semaphore(void);
int ktest_condvar(void);
int ktest_timer_order(void);
int ktest_sleep_accuracy(void);
int ktest_sleep_many(void);
int ktest_tty_canon(void);
int ktest_tty_erase(void);
int ktest_tty_eof(void);
int ktest_tty_isig(void);
int ktest_tty_map(void);
int ktest_tty_raw(void);
int ktest_tty_ctl(void);
int ktest_tty_session(void);

int ktest_fs_path(void);
int ktest_fs_symlink(void);
int ktest_fs_rename(void);
int ktest_fs_unlink_open(void);
int ktest_fs_sparse(void);
int ktest_fs_open_flags(void);
int ktest_fs_perm(void);
int ktest_fs_link_readdir(void);
int ktest_fs_pipe(void);
int ktest_fs_poll(void);
int ktest_fs_cpio(void);
int ktest_fs_cpio_bad(void);
int ktest_fs_mount(void);
int ktest_fs_devfs(void);
int ktest_fs_fdtable(void);
int ktest_fs_stress(void);

int ktest_procfs_sys(void);
int ktest_procfs_pid(void);

int ktest_hal_pt(void);

int ktest_block_concurrent(void);
int ktest_block_flusher(void);
int ktest_disk_ext2(void);
int ktest_fb_pattern(void);

#endif
