/*
 * procfs_sys.c -- the system-wide files of /proc: meminfo, uptime,
 * loadavg (the averages come from procfs_load.c), stat, cpuinfo,
 * mounts, filesystems, version, cmdline, partitions, diskstats, and the
 * /proc/self link.
 */
#include "block.h"
#include "cpu.h"
#include "heap.h"
#include "pagecache.h"
#include "pmm.h"
#include "procfs.h"

#define TICK_NS (NSEC_PER_SEC / 100)	/* USER_HZ */
#define KB(pages) ((unsigned long long)(pages) * (PAGE_SIZE / 1024))

/* ---- load ---- */

/* The newest process's pid (pids grow until they wrap), 0 if none. */
static int
last_pid(void)
{
	int pid = 0;

	spin_lock(&proc_lock);
	if (!list_empty(&all_procs))
		pid = list_entry(all_procs.prev, struct proc, all_link)->pid;
	spin_unlock(&proc_lock);
	return pid;
}

/* A load average as Linux prints it: two decimals, truncated. */
static void
put_load(struct pbuf *b, uint64_t l)
{
	uint64_t frac = (l & ((1u << PROCFS_FSHIFT) - 1)) * 100;

	pbuf_printf(b, "%llu.%02llu ", (unsigned long long)(l >> PROCFS_FSHIFT),
		    (unsigned long long)(frac >> PROCFS_FSHIFT));
}

static int
show_loadavg(struct pbuf *b, int pid)
{
	uint64_t l[3];

	(void)pid;
	procfs_loadavg(l, PROCFS_FSHIFT);
	for (int i = 0; i < 3; i++)
		put_load(b, l[i]);
	return pbuf_printf(b, "%u/%d %d\n", procfs_nr_active(),
			   sched_nthreads(), last_pid());
}

/* ---- CPU time ---- */

/* User time of every process there is or was (reaped ones are in their
 * parents' cutime), in ns. */
static uint64_t
user_ns(void)
{
	uint64_t now = hal_time_ns(), ns = 0, u, s;
	struct list *l, *t;

	spin_lock(&proc_lock);
	list_for_each(l, &all_procs) {
		struct proc *p = list_entry(l, struct proc, all_link);

		ns += p->utime_ns + p->cutime_ns;
		list_for_each(t, &p->threads) {
			procfs_thread_times(list_entry(t, struct uthread,
						       plink), now, &u, &s);
			ns += u;
		}
	}
	spin_unlock(&proc_lock);
	return ns;
}

static int
show_uptime(struct pbuf *b, int pid)
{
	uint64_t now = hal_time_ns(), idle = 0;

	(void)pid;
	for (int i = 0; i < ncpu; i++)
		idle += procfs_idle_ns(i, now);
	return pbuf_printf(b, "%llu.%02llu %llu.%02llu\n",
			   (unsigned long long)(now / NSEC_PER_SEC),
			   (unsigned long long)(now % NSEC_PER_SEC / TICK_NS),
			   (unsigned long long)(idle / NSEC_PER_SEC),
			   (unsigned long long)(idle % NSEC_PER_SEC / TICK_NS));
}

struct cpu_ticks {
	uint64_t user, system, idle;
};

/* What /proc/stat last showed: each counter only grows. */
static struct spinlock acct_lock = SPINLOCK_INIT("procfs stat");
static struct cpu_ticks acct[HAL_MAX_CPUS];	/* acct_lock */
static uint64_t acct_user;			/* user ticks handed out */

/* Add CPU i's new busy and idle ticks since the last look to acct[i];
 * returns the new busy ticks. acct_lock held. */
static uint64_t
acct_cpu(int i, uint64_t now)
{
	struct cpu_ticks *a = &acct[i];
	uint64_t idle = MAX(procfs_idle_ns(i, now) / TICK_NS, a->idle);
	uint64_t busy = now / TICK_NS - MIN(idle, now / TICK_NS);

	a->idle = idle;
	return busy > a->user + a->system ? busy - a->user - a->system : 0;
}

/*
 * Bring acct up to date. Each CPU's new busy time is split into user and
 * system time in the proportion of the user time all processes gained
 * (reaped ones are in their parents' cutime) to all new busy time.
 */
static void
cpu_ticks(struct cpu_ticks *c, struct cpu_ticks *all)
{
	uint64_t now = hal_time_ns(), user = user_ns() / TICK_NS;
	uint64_t d[HAL_MAX_CPUS], busy = 0, du, given = 0;

	spin_lock(&acct_lock);
	for (int i = 0; i < ncpu; i++)
		busy += d[i] = acct_cpu(i, now);
	if (user < acct_user)		/* a process was reaped unseen */
		acct_user = user;
	du = MIN(user - acct_user, busy);
	*all = (struct cpu_ticks){ 0, 0, 0 };
	for (int i = 0; i < ncpu; i++) {
		uint64_t u = busy ? d[i] * du / busy : 0;

		acct[i].user += u;
		acct[i].system += d[i] - u;
		given += u;
		c[i] = acct[i];
		all->user += c[i].user;
		all->system += c[i].system;
		all->idle += c[i].idle;
	}
	acct_user += given;
	spin_unlock(&acct_lock);
}

static void
cpu_line(struct pbuf *b, const char *name, const struct cpu_ticks *t)
{
	pbuf_printf(b, "%s %llu 0 %llu %llu 0 0 0 0 0 0\n", name,
		    (unsigned long long)t->user, (unsigned long long)t->system,
		    (unsigned long long)t->idle);
}

static int
show_stat(struct pbuf *b, int pid)
{
	struct cpu_ticks c[HAL_MAX_CPUS], all;
	unsigned long long ctxt = 0, irqs = 0;
	char name[16];

	(void)pid;
	cpu_ticks(c, &all);
	cpu_line(b, "cpu ", &all);
	for (int i = 0; i < ncpu; i++) {
		ksnprintf(name, sizeof(name), "cpu%d", i);
		cpu_line(b, name, &c[i]);
		ctxt += READ_ONCE(cpus[i].switches);
		irqs += READ_ONCE(cpus[i].irqs);
	}
	pbuf_printf(b, "intr %llu\nctxt %llu\nbtime %llu\n", irqs, ctxt,
		    (unsigned long long)hal_rtc_boot_seconds());
	return pbuf_printf(b, "processes %d\nprocs_running %u\n"
			   "procs_blocked 0\nsoftirq 0\n", last_pid(),
			   procfs_nr_active());
}

/* ---- memory, CPUs, the kernel ---- */

static void
mem_line(struct pbuf *b, const char *name, unsigned long long kb)
{
	pbuf_printf(b, "%-16s%8llu kB\n", name, kb);
}

/*
 * Cached is the page cache and the data of tmpfs files (Shmem), as on
 * Linux; MemAvailable is free memory plus the clean page cache, which
 * the allocator takes back when it runs short (the buffer cache has its
 * own bound and gives nothing back).
 */
static int
show_meminfo(struct pbuf *b, int pid)
{
	unsigned long long total, free, slab, kstack, shmem;
	size_t cached, dirty;
	struct heap_stats h;

	(void)pid;
	thread_reap();		/* exited threads' stacks count as free */
	heap_stats(&h);
	pcache_stats(&cached, &dirty);
	total = KB(pmm_total_pages());
	free = KB(pmm_free_pages());
	shmem = KB(ramfs_pages());
	slab = KB(h.slab_pages + h.big_pages);
	kstack = (unsigned long long)sched_nthreads() * HAL_KSTACK_SIZE / 1024;
	mem_line(b, "MemTotal:", total);
	mem_line(b, "MemFree:", free);
	mem_line(b, "MemAvailable:", free + KB(cached - MIN(dirty, cached)));
	mem_line(b, "Buffers:", block_cache_bytes() / 1024);
	mem_line(b, "Cached:", KB(cached) + shmem);
	mem_line(b, "SwapCached:", 0);
	mem_line(b, "SwapTotal:", 0);
	mem_line(b, "SwapFree:", 0);
	mem_line(b, "Dirty:", KB(dirty));
	mem_line(b, "Shmem:", shmem);
	mem_line(b, "Slab:", slab);
	mem_line(b, "SReclaimable:", 0);
	mem_line(b, "SUnreclaim:", slab);
	mem_line(b, "KernelStack:", kstack);
	mem_line(b, "CommitLimit:", total);
	return b->overflow ? -ENOMEM : 0;
}

static int
show_cpuinfo(struct pbuf *b, int pid)
{
	const char *model = strcmp(HAL_NAME, "sim") == 0 ?
			    "CircleOS simulated CPU" : HAL_NAME;

	(void)pid;
	for (int i = 0; i < ncpu; i++)
		pbuf_printf(b, "processor\t: %d\nvendor_id\t: CircleOS\n"
			    "model name\t: %s\nphysical id\t: 0\n"
			    "core id\t\t: %d\ncpu cores\t: %d\n"
			    "online\t\t: %s\n\n", i, model, i, ncpu,
			    READ_ONCE(cpus[i].online) ? "yes" : "no");
	return b->overflow ? -ENOMEM : 0;
}

static int
show_mounts(struct pbuf *b, int pid)
{
	size_t n = vfs_mounts_format(NULL, 0);

	(void)pid;
	for (int tries = 0; tries < 4; tries++) {
		if (pbuf_reserve(b, n) < 0)
			return -ENOMEM;
		if ((n = vfs_mounts_format(b->buf, b->cap)) < b->cap) {
			b->len = n;
			return 0;
		}
	}
	return -EAGAIN;
}

static int
show_filesystems(struct pbuf *b, int pid)
{
	size_t n = vfs_types_format(NULL, 0);

	(void)pid;
	if (pbuf_reserve(b, n) < 0)
		return -ENOMEM;
	b->len = MIN(vfs_types_format(b->buf, b->cap), b->cap - 1);
	return 0;
}

static int
show_version(struct pbuf *b, int pid)
{
	(void)pid;
	return pbuf_printf(b, "CircleOS version %s (circle@circleos) "
			   "#1 SMP %s\n", CIRCLEOS_VERSION, HAL_NAME);
}

static int
show_cmdline(struct pbuf *b, int pid)
{
	(void)pid;
	return pbuf_printf(b, "%s\n", hal_cmdline());
}

/* /proc/self: the caller's pid. */
static ssize_t
link_self(int pid, int n, char *buf, size_t size)
{
	struct proc *p = curproc();

	(void)pid;
	(void)n;
	if (p == NULL)
		return -ENOENT;
	return MIN((ssize_t)size, ksnprintf(buf, size, "%d", p->pid));
}

#define REG (S_IFREG | 0444)

/*
 * /proc/sys/vm/drop_caches, as Linux: writing 1, 2 or 3 frees the clean
 * pages of the page cache and the clean buffers of the buffer cache that
 * nobody holds (there are no dentries, and inodes stay with their file
 * systems). Dirty data stays: run sync first. Reads say 0.
 */
static int
drop_open(struct inode *ip, struct file *f)
{
	(void)ip;
	return (f->flags & O_ACCMODE) == O_WRONLY ? 0 : -EACCES;
}

static ssize_t
drop_write(struct file *f, struct uio *u, uint64_t off)
{
	char buf[8];
	size_t n = u->len, pages, bytes;
	int r;

	(void)f;
	(void)off;
	if (n == 0 || n > sizeof(buf))
		return -EINVAL;
	if ((r = uio_in(u, buf, n)) < 0)
		return r;
	if (buf[0] < '1' || buf[0] > '3' || (n > 1 && buf[1] != '\n') || n > 2)
		return -EINVAL;
	pages = pcache_drop_clean();
	bytes = bcache_drop_clean();
	klog(KLOG_INFO, "drop_caches: %zu cached pages and %zu KiB of buffers freed",
	     pages, bytes / 1024);
	return (ssize_t)n;
}

static const struct file_ops drop_fops = {
	.open = drop_open,
	.write = drop_write,
};

static const struct procfs_entry vm_tab[] = {
	{ "drop_caches", S_IFREG | 0200, 22, NULL, NULL, &procfs_store_iops,
	  &drop_fops },
};

static int
vm_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	return procfs_lookup_fixed(dir, "sys", vm_tab, ARRAY_SIZE(vm_tab), name,
				   len, out);
}

static int
vm_readdir(struct file *f, struct dir_ctx *ctx)
{
	procfs_readdir_fixed(ctx, f->ip, PINO(0, 0, 20), vm_tab, ARRAY_SIZE(vm_tab));
	return 0;
}

static const struct inode_ops vm_iops = { .lookup = vm_lookup };
static const struct file_ops vm_fops = { .readdir = vm_readdir, .seekable = true };

static const struct procfs_entry sys_tab[] = {
	{ "vm", S_IFDIR | 0555, 21, NULL, NULL, &vm_iops, &vm_fops },
};

static int
sys_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	return procfs_lookup_fixed(dir, NULL, sys_tab, ARRAY_SIZE(sys_tab), name,
				   len, out);
}

static int
sys_readdir(struct file *f, struct dir_ctx *ctx)
{
	procfs_readdir_fixed(ctx, f->ip, PINO(0, 0, 1), sys_tab, ARRAY_SIZE(sys_tab));
	return 0;
}

static const struct inode_ops sys_iops = { .lookup = sys_lookup };
static const struct file_ops sys_fops = { .readdir = sys_readdir, .seekable = true };

const struct procfs_entry procfs_root_tab[] = {
	{ "self", S_IFLNK | 0777, 2, NULL, link_self, NULL, NULL },
	{ "meminfo", REG, 3, show_meminfo, NULL, NULL, NULL },
	{ "uptime", REG, 4, show_uptime, NULL, NULL, NULL },
	{ "loadavg", REG, 5, show_loadavg, NULL, NULL, NULL },
	{ "stat", REG, 6, show_stat, NULL, NULL, NULL },
	{ "cpuinfo", REG, 7, show_cpuinfo, NULL, NULL, NULL },
	{ "mounts", REG, 8, show_mounts, NULL, NULL, NULL },
	{ "filesystems", REG, 9, show_filesystems, NULL, NULL, NULL },
	{ "version", REG, 10, show_version, NULL, NULL, NULL },
	{ "cmdline", REG, 11, show_cmdline, NULL, NULL, NULL },
	{ "partitions", REG, 12, block_show_partitions, NULL, NULL, NULL },
	{ "diskstats", REG, 13, block_show_diskstats, NULL, NULL, NULL },
	{ "sys", S_IFDIR | 0555, 20, NULL, NULL, &sys_iops, &sys_fops },
};
const size_t procfs_root_ntab = ARRAY_SIZE(procfs_root_tab);
