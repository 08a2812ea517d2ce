/*
 * procfs_ktest.c -- self tests of /proc through kernel APIs: the system
 * files parse, the root lists its names and the processes (also when
 * readdir is resumed), and a stand-in process shows up with the right
 * figures in PID/stat, status, cmdline, maps, fd/ and its links, then
 * vanishes (ENOENT) when it is gone.
 */
#include "cpu.h"
#include "fs_ktest.h"
#include "heap.h"
#include "pmm.h"
#include "procfs.h"
#include "vm.h"

#define D "/ktproc"
#define BUFSZ 4096

/* Mount a fresh proc on D. */
static int
mount_proc(void)
{
	int r;

	if ((r = kt_fs_begin(D)) < 0)
		return r;
	return vfs_mount("proc", D, "proc", 0, NULL);
}

static void
umount_proc(void)
{
	vfs_umount(D, 0);
	kt_fs_end(D);
}

/* Read path into buf (NUL-terminated); its length or -errno. */
static ssize_t
get(const char *path, char *buf)
{
	ssize_t n = kt_get(path, buf, BUFSZ - 1);

	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* The number after "key" in text (skipping blanks), or -1. */
static long long
field(const char *text, const char *key)
{
	const char *p = text;
	size_t n = strlen(key);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, n) == 0) {
			p += n;
			while (*p == ' ' || *p == '\t')
				p++;
			return (long long)kstrtoull(p, NULL, 10);
		}
		p = strchr(p, '\n');
		p = p != NULL ? p + 1 : NULL;
	}
	return -1;
}

/* Word i (0-based, split at spaces) of s, as a number. */
static long long
word(const char *s, int i)
{
	while (i-- > 0 && (s = strchr(s, ' ')) != NULL)
		s++;
	return s != NULL ? kstrtol(s, NULL, 10) : -1;
}

static bool
contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; *s != '\0'; s++)
		if (strncmp(s, needle, n) == 0)
			return true;
	return false;
}

static int
count_lines(const char *s, const char *prefix)
{
	int n = 0;

	for (; s != NULL && *s != '\0'; s = strchr(s, '\n'), s = s ? s + 1 : s)
		n += strncmp(s, prefix, strlen(prefix)) == 0;
	return n;
}

/* ---- the system files ---- */

static int
sys_files(char *buf)
{
	long long total = (long long)(pmm_total_pages() * (PAGE_SIZE / 1024));

	KT_ASSERT(get(D "/meminfo", buf) > 0);
	KT_ASSERT_MSG(field(buf, "MemTotal:") == total, "MemTotal %lld, want "
		      "%lld", field(buf, "MemTotal:"), total);
	KT_ASSERT(field(buf, "MemFree:") > 0);
	KT_ASSERT(field(buf, "MemFree:") <= total);
	KT_ASSERT(field(buf, "SwapTotal:") == 0);
	KT_ASSERT(field(buf, "MemAvailable:") >= field(buf, "MemFree:"));
	KT_ASSERT(field(buf, "Cached:") >= field(buf, "Shmem:"));
	KT_ASSERT(get(D "/uptime", buf) > 0 && strchr(buf, '.') != NULL);
	KT_ASSERT(get(D "/loadavg", buf) > 0 && strchr(buf, '/') != NULL);
	KT_ASSERT(buf[1] == '.' && buf[4] == ' ');
	KT_ASSERT(get(D "/stat", buf) > 0 && strncmp(buf, "cpu  ", 5) == 0);
	KT_ASSERT(count_lines(buf, "cpu") == ncpu + 1);
	KT_ASSERT(field(buf, "btime") == (long long)hal_rtc_boot_seconds());
	KT_ASSERT(get(D "/cpuinfo", buf) > 0);
	KT_ASSERT(count_lines(buf, "processor") == ncpu);
	KT_ASSERT(get(D "/mounts", buf) > 0);
	KT_ASSERT(contains(buf, "proc " D " proc rw 0 0\n"));
	KT_ASSERT(get(D "/filesystems", buf) > 0);
	KT_ASSERT(contains(buf, "nodev\tproc\n"));
	KT_ASSERT(contains(buf, "nodev\tramfs\n"));
	KT_ASSERT(contains(buf, "\text2\n") && !contains(buf, "nodev\text2"));
	KT_ASSERT(get(D "/version", buf) > 0);
	KT_ASSERT(strncmp(buf, "CircleOS", 8) == 0);
	KT_ASSERT(get(D "/cmdline", buf) > 0);
	return 0;
}

/* The system files of a fresh mount say what the kernel knows. */
static bool same_ino(const char *a, const char *b);

int
ktest_procfs_sys(void)
{
	char *buf = kmalloc(BUFSZ);
	int r;

	if (buf == NULL)
		return -1;
	KT_ASSERT(mount_proc() == 0);
	r = sys_files(buf);
	KT_ASSERT(kt_lookup_err(D "/nosuch", 0) == -ENOENT);
	KT_ASSERT(kt_lookup_err(D "/0", 0) == -ENOENT);
	KT_ASSERT(kt_lookup_err(D "/01", 0) == -ENOENT);
	KT_ASSERT(kt_put(D "/meminfo", "x", 1) < 0);
	/* /proc/sys/vm: ".." climbs one level; drop_caches takes 1-3 only */
	KT_ASSERT(same_ino(D "/sys/vm/..", D "/sys"));
	KT_ASSERT(same_ino(D "/sys/..", D));
	KT_ASSERT(kt_put(D "/sys/vm/drop_caches", "4", 1) < 0);
	KT_ASSERT(kt_put(D "/sys/vm/drop_caches", "3\n", 2) == 0);
	umount_proc();
	kfree(buf);
	return r;
}

/* ---- the process directories ---- */

/* Do paths a and b (followed) name the same proc inode? (Each lookup
 * makes a new inode: compare numbers.) */
static bool
same_ino(const char *a, const char *b)
{
	struct inode *x, *y;
	bool r;

	if (kt_lookup(a, LOOKUP_FOLLOW, &x) < 0)
		return false;
	if (kt_lookup(b, LOOKUP_FOLLOW, &y) < 0) {
		inode_put(x);
		return false;
	}
	r = x->ino == y->ino && x->sb == y->sb;
	inode_put(x);
	inode_put(y);
	return r;
}

struct names {
	struct dir_ctx ctx;
	char *text;		/* "name name ... " */
	size_t len, size;
	int room;		/* entries taken before reporting full */
};

static bool
names_emit(struct dir_ctx *ctx, const char *name, size_t len, uint64_t ino,
	   unsigned type)
{
	struct names *k = container_of(ctx, struct names, ctx);

	(void)ino;
	(void)type;
	if (k->room == 0 || k->len + len + 2 > k->size)
		return false;
	k->room--;
	memcpy(k->text + k->len, name, len);
	k->len += len;
	k->text[k->len++] = ' ';
	k->text[k->len] = '\0';
	return true;
}

/* " name1 name2 ... " of directory path, read `batch` entries at a time. */
static int
list_dir(const char *path, char *buf, int batch)
{
	struct names k = { { names_emit, 0 }, buf, 1, BUFSZ, 0 };
	struct file *f;
	uint64_t pos;
	int r;

	buf[0] = ' ';
	buf[1] = '\0';
	if ((r = vfs_open(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0, &f)) < 0)
		return r;
	do {
		pos = k.ctx.pos;
		k.room = batch;
		r = f->fop->readdir(f, &k.ctx);
	} while (r == 0 && k.ctx.pos != pos);
	file_put(f);
	return r;
}

/* A stand-in process in the process list: pid, comm, argv, a vm with
 * one anonymous region, an open file. */
static struct kt_proc *
fake_begin(void)
{
	struct kt_proc *kp = kt_proc_begin(0, 0);
	struct proc *p;
	uintptr_t at;

	if (kp == NULL)
		return NULL;
	p = &kp->p;
	strlcpy(p->comm, "ktfake", sizeof(p->comm));
	proc_set_cmdline(p, "ktfake\0-v\0", 10);
	p->exe_path = kstrdup("/bin/ktfake");
	p->start_ns = hal_time_ns();
	p->utime_ns = 3 * NSEC_PER_SEC;
	if ((p->vm = vm_new()) != NULL)
		vm_map(p->vm, 0x400000, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0, &at);
	spin_lock(&proc_lock);
	p->pid = kp->ut.tid = alloc_pid();
	p->pgid = p->sid = p->pid;
	p->parent = p;
	p->state = P_ALIVE;
	list_append(&p->threads, &kp->ut.plink);
	p->nthreads = 1;
	list_append(&all_procs, &p->all_link);
	spin_unlock(&proc_lock);
	return kp;
}

static void
fake_end(struct kt_proc *kp)
{
	struct proc *p = &kp->p;

	spin_lock(&proc_lock);
	list_remove(&p->all_link);
	list_remove(&kp->ut.plink);
	p->nthreads = 0;
	spin_unlock(&proc_lock);
	if (p->vm != NULL)
		vm_put(p->vm);
	kfree(p->cmdline);
	kfree(p->exe_path);
	kt_proc_end(kp);
}

static int
pid_stat(int pid, char *buf, char *path)
{
	const char *rest;

	ksnprintf(path, 64, D "/%d/stat", pid);
	KT_ASSERT(get(path, buf) > 0);
	KT_ASSERT(word(buf, 0) == pid);
	KT_ASSERT(strncmp(strchr(buf, ' '), " (ktfake) R ", 12) == 0);
	rest = strchr(buf, ')') + 2;	/* field 3, the state */
	KT_ASSERT(word(rest, 1) == 0);		/* ppid */
	KT_ASSERT(word(rest, 2) == pid && word(rest, 3) == pid);
	KT_ASSERT(word(rest, 11) == 300);	/* utime: 3 s in 1/100 s */
	KT_ASSERT(word(rest, 17) == 1);	/* num_threads */
	KT_ASSERT(word(rest, 20) == 2 * PAGE_SIZE);	/* vsize */
	KT_ASSERT(word(rest, 49) == 0 && word(rest, 50) == -1);	/* 52 */
	KT_ASSERT(rest[strlen(rest) - 1] == '\n');
	return 0;
}

static int
pid_files(int pid, char *buf, char *path)
{
	ksnprintf(path, 64, D "/%d/status", pid);
	KT_ASSERT(get(path, buf) > 0);
	KT_ASSERT(field(buf, "Pid:") == pid && field(buf, "PPid:") == 0);
	KT_ASSERT(field(buf, "VmSize:") == 2 * PAGE_SIZE / 1024);
	KT_ASSERT(field(buf, "Threads:") == 1);
	KT_ASSERT(contains(buf, "Name:\tktfake\n"));
	KT_ASSERT(contains(buf, "State:\tR (running)\n"));
	ksnprintf(path, 64, D "/%d/cmdline", pid);
	KT_ASSERT(get(path, buf) == 10 && memcmp(buf, "ktfake\0-v\0", 10) == 0);
	ksnprintf(path, 64, D "/%d/maps", pid);
	KT_ASSERT(get(path, buf) > 0);
	KT_ASSERT(strcmp(buf,
			 "00400000-00402000 rw-p 00000000 00:00 0 \n") == 0);
	ksnprintf(path, 64, D "/%d/statm", pid);
	KT_ASSERT(get(path, buf) > 0 && word(buf, 0) == 2);
	return 0;
}

static int
pid_links(int pid, char *buf, char *path)
{
	struct file *f;
	int fd;

	KT_ASSERT(vfs_readlink(AT_FDCWD, D "/self", buf, 32) > 0);
	KT_ASSERT(kstrtol(buf, NULL, 10) == pid);
	KT_ASSERT(vfs_readlink(AT_FDCWD, D "/self/exe", buf, 32) == 11);
	KT_ASSERT(memcmp(buf, "/bin/ktfake", 11) == 0);
	KT_ASSERT(vfs_readlink(AT_FDCWD, D "/self/cwd", buf, 32) == 1);
	KT_ASSERT(buf[0] == '/');
	KT_ASSERT(vfs_open(AT_FDCWD, D "/version", O_RDONLY, 0, &f) == 0);
	KT_ASSERT((fd = fd_install(f, 0, false)) >= 0);
	ksnprintf(path, 64, D "/self/fd/%d", fd);
	KT_ASSERT(vfs_readlink(AT_FDCWD, path, buf, 64) ==
		  (ssize_t)strlen(D "/version"));
	KT_ASSERT(same_ino(path, D "/version"));
	KT_ASSERT((kt_mode(path) & 0777) == 0500);
	KT_ASSERT(list_dir(D "/self/fd", buf, 1) == 0);
	ksnprintf(path, 64, " . .. %d ", fd);
	KT_ASSERT_MSG(strcmp(buf, path) == 0, "fd/ lists '%s'", buf);
	KT_ASSERT(fd_close(fd) == 0);
	ksnprintf(path, 64, D "/self/fd/%d", fd);
	KT_ASSERT(kt_lookup_err(path, 0) == -ENOENT);
	return 0;
}

/* The root lists its files and this pid, whatever the batch size. */
static int
root_list(int pid, char *buf, char *path)
{
	ksnprintf(path, 64, " %d ", pid);
	for (int batch = 1; batch <= 64; batch *= 8) {
		KT_ASSERT(list_dir(D, buf, batch) == 0);
		KT_ASSERT(strncmp(buf, " . .. self meminfo ", 19) == 0);
		KT_ASSERT_MSG(contains(buf, path), "no %s in %s", path, buf);
	}
	ksnprintf(path, 64, D "/%d", pid);
	KT_ASSERT(list_dir(path, buf, 3) == 0);
	KT_ASSERT(contains(buf, " stat statm status "));
	KT_ASSERT(kt_mode(path) == (S_IFDIR | 0555));
	ksnprintf(path, 64, D "/%d/fd/..", pid);
	ksnprintf(buf, 64, D "/%d", pid);
	KT_ASSERT(same_ino(path, buf));
	return 0;
}

static int
pid_tests(char *buf, char *path)
{
	struct kt_proc *kp = fake_begin();
	int pid, r;

	KT_ASSERT(kp != NULL && kp->p.vm != NULL);
	pid = kp->p.pid;
	r = pid_stat(pid, buf, path);
	if (r == 0)
		r = pid_files(pid, buf, path);
	if (r == 0)
		r = pid_links(pid, buf, path);
	if (r == 0)
		r = root_list(pid, buf, path);
	fake_end(kp);
	ksnprintf(path, 64, D "/%d/stat", pid);
	KT_ASSERT(r == 0 && kt_lookup_err(path, 0) == -ENOENT);
	ksnprintf(path, 64, " %d ", pid);
	KT_ASSERT(list_dir(D, buf, 4) == 0 && !contains(buf, path));
	KT_ASSERT(kt_lookup_err(D "/self", LOOKUP_FOLLOW) == -ENOENT);
	return 0;
}

/* If init runs (not in ktest mode), its stat says pid 1, ppid 0. */
static int
init_stat(char *buf)
{
	if (kt_lookup_err(D "/1", 0) == -ENOENT)
		return 0;
	KT_ASSERT(get(D "/1/stat", buf) > 0 && word(buf, 0) == 1);
	KT_ASSERT(word(strchr(buf, ')') + 2, 1) == 0);
	return 0;
}

/* A stand-in process appears in /proc with its figures, then goes. */
int
ktest_procfs_pid(void)
{
	char *buf = kmalloc(BUFSZ), *path = kmalloc(64);
	int r = -1;

	if (buf != NULL && path != NULL && mount_proc() == 0) {
		r = pid_tests(buf, path);
		if (r == 0)
			r = init_stat(buf);
		umount_proc();
	}
	kfree(buf);
	kfree(path);
	return r;
}
