/*
 * main.c -- kmain: bring up memory, the scheduler and the other CPUs,
 * print the banner, then start the first kernel thread.
 */
#include "block.h"
#include "cpu.h"
#include "heap.h"
#include "ktest.h"
#include "pmm.h"
#include "sched.h"
#include "proc.h"
#include "random.h"
#include "tty.h"
#include "vfs.h"

void kbench_main(const char *which);
int cpio_unpack(const void *data, size_t len);
void futex_init(void);
void procfs_init(void);
void syscall_init(void);

/* Unpack the boot loader's cpio archive into the root file system. */
static bool
unpack_initrd(void)
{
	paddr_t start;
	size_t size;
	int r;

	if (!hal_initrd(&start, &size)) {
		kprintf("kernel: no initrd: the root file system is empty");
		return false;
	}
	r = cpio_unpack(hal_p2v(start), size);
	if (r < 0)
		kprintf("kernel: initrd: unpacking stopped (error %d)", r);
	else
		kprintf("kernel: initrd: %zu KiB unpacked", size / 1024);
	pmm_release(start, size);
	return r >= 0;
}

/*
 * The root file system from the disk root= names ("root=/dev/vda"), as
 * Linux does: ext2 unless rootfstype= says otherwise, read-write unless
 * "ro" is on the command line. False without root= or if the mount
 * fails (then the initramfs is the root, with a message).
 */
static bool
mount_root_disk(void)
{
	char dev[64], type[16];
	bool ro = cmdline_has("ro");
	paddr_t start;
	size_t size;
	int r;

	if (cmdline_get("root", dev, sizeof(dev)) == NULL || dev[0] == '\0')
		return false;
	if (cmdline_get("rootfstype", type, sizeof(type)) == NULL)
		strlcpy(type, "ext2", sizeof(type));
	if ((r = vfs_mount_root(dev, type, ro ? MS_RDONLY : 0, NULL)) < 0) {
		kprintf("kernel: cannot mount %s (%s) as the root file system "
			"(error %d): using the initramfs", dev, type, r);
		return false;
	}
	kprintf("kernel: root file system: %s (%s, %s)", dev, type,
		ro ? "read-only" : "read-write");
	if (hal_initrd(&start, &size))
		pmm_release(start, size);	/* not needed */
	return true;
}

static void
kinit(void *arg)
{
	char which[128], init[128];
	int r;

	(void)arg;
	block_start_flusher();
	if (cmdline_get("kbench", which, sizeof(which)) != NULL) {
		kbench_main(which[0] ? which : "all");
		hal_poweroff(0);
	}
	if (cmdline_get("ktest", which, sizeof(which)) != NULL) {
		if (which[0] == '\0')
			strlcpy(which, "all", sizeof(which));
		hal_poweroff(ktest_main(which) == 0 ? 0 : 1);
	}
	if (!mount_root_disk())
		unpack_initrd();
	if (cmdline_get("init", init, sizeof(init)) == NULL)
		strlcpy(init, "/sbin/init", sizeof(init));
	r = proc_start_init(init);
	if (r < 0) {
		kprintf("kernel: cannot start %s (error %d): nothing to run; "
			"try -append ktest=all", init, r);
		hal_poweroff(1);
	}
}

static void
log_setup(void)
{
	long lvl = cmdline_long("loglevel", -1);

	if (cmdline_has("quiet"))
		klog_set_console_level(KLOG_WARN);
	if (lvl >= 0)
		klog_set_console_level((int)lvl);
}

/* Wait (up to a second) for the secondary CPUs to come online. */
static void
wait_cpus(int n)
{
	uint64_t end = hal_time_ns() + NSEC_PER_SEC;

	for (int i = 1; i < n; i++) {
		while (!READ_ONCE(cpus[i].online) && hal_time_ns() < end)
			hal_cpu_relax();
		if (!READ_ONCE(cpus[i].online))
			kprintf("kernel: CPU %d is not answering", i);
	}
}

void
kmain(void)
{
	int n;

	log_setup();
	pmm_init();
	heap_init();
	sched_init();
	random_init();
	futex_init();
	syscall_init();
	vfs_init();
	procfs_init();
	tty_init();
	kprintf("CircleOS %s (%s): %d CPU%s, %llu MiB RAM, %s",
		CIRCLEOS_VERSION, HAL_NAME, hal_cpu_count(),
		hal_cpu_count() == 1 ? "" : "s",
		(unsigned long long)(pmm_total_pages() * PAGE_SIZE >> 20),
		hal_describe());
	kprintf("kernel: command line: %s", hal_cmdline());
	block_init();
	n = hal_cpu_count();
	for (int i = 1; i < n; i++)
		if (hal_cpu_start(i, sched_cpu_start) < 0)
			kprintf("kernel: CPU %d did not start", i);
	wait_cpus(n);
	if (thread_create("kinit", kinit, NULL, PRIO_DEFAULT) == NULL)
		panic("kmain: cannot create the first thread");
	sched_idle_forever();
}
