/*
 * procfs.h -- what the files of /proc share (procfs.c: the file system,
 * its inodes and snapshot files; procfs_sys.c: system-wide files;
 * procfs_load.c: the load average; procfs_pid.c, procfs_pidfile.c: the
 * per-process directories). The rest of the kernel needs only
 * procfs_init (kmain) and procfs_loadavg (sysinfo).
 */
#ifndef KERNEL_PROCFS_H
#define KERNEL_PROCFS_H

#include "fs_local.h"

/*
 * Locking: a process is looked up under proc_lock, which is held only to
 * copy its fields and take references (vm_get, its fdtable's refs, its
 * cwd or root under itable_lock, nested inside proc_lock). A process
 * with no thread left (exiting, or a zombie) shows no vm, files or
 * directories: proc_finish releases them without proc_lock. vm->lock
 * and fdtable.lock are taken after proc_lock is released.
 */

#define PROC_SUPER_MAGIC 0x9fa0

/*
 * Text built when a file is opened (snapshot semantics, as seq_file):
 * pbuf_printf grows the buffer as needed, up to PBUF_MAX bytes.
 */
#define PBUF_MAX (1024 * 1024)

struct pbuf {
	char *buf;
	size_t len, cap;
	bool overflow;		/* something did not fit (or no memory) */
};

int pbuf_printf(struct pbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int pbuf_put(struct pbuf *b, const char *s, size_t n);
int pbuf_reserve(struct pbuf *b, size_t n);

/*
 * One name in a /proc directory. Inode numbers encode (pid, n, kind),
 * so a name always has the same number and nothing is cached: inodes
 * are made by lookup and freed by their last inode_put.
 */
struct procfs_entry {
	const char *name;
	uint32_t mode;		/* S_IFREG|0444, S_IFLNK|0777, ... */
	uint8_t kind;		/* unique, part of the inode number */
	/* Regular files: write the text for process pid (0 for system
	 * files) into b. 0, or -ENOENT when the process is gone. */
	int (*show)(struct pbuf *b, int pid);
	/* Symbolic links: the target of link n of process pid into buf
	 * (size bytes): its length or -EXXX. May sleep. */
	ssize_t (*link)(int pid, int n, char *buf, size_t size);
	/* Directories; and writable files (their fop has a write, their
	 * iop is procfs_store_iops). */
	const struct inode_ops *iop;
	const struct file_ops *fop;
};

#define PINO(pid, n, kind) \
	(((uint64_t)(pid) << 32) | ((uint64_t)(n) << 8) | (uint64_t)(kind))
#define PINO_PID(ino) ((int)((ino) >> 32))
#define PINO_N(ino) ((int)(((ino) >> 8) & 0xffffff))

/* Kinds of the per-process names start here; system ones are below. */
#define PK_PID_BASE 64

/* ---- procfs.c ---- */
extern const struct fs_type procfs_type;
extern const struct file_ops procfs_file_fops;
void procfs_init(void);
int procfs_make(struct inode *dir, const struct procfs_entry *e, int pid,
		int n, struct inode **out);
int procfs_lookup_table(struct inode *dir, const struct procfs_entry *tab,
			size_t ntab, int pid, const char *name, size_t len,
			struct inode **out);
bool procfs_emit_table(struct dir_ctx *ctx, const struct procfs_entry *tab,
		       size_t ntab, int pid, uint64_t first);
bool procfs_emit_dots(struct dir_ctx *ctx, struct inode *dir, uint64_t up);
int procfs_lookup_fixed(struct inode *dir, const char *up,
			const struct procfs_entry *tab, size_t ntab,
			const char *name, size_t len, struct inode **out);
void procfs_readdir_fixed(struct dir_ctx *ctx, struct inode *dir, uint64_t up,
			  const struct procfs_entry *tab, size_t ntab);
int procfs_parse_num(const char *name, size_t len);
void procfs_stamp(struct inode *ip, uint64_t ns);

/* ---- procfs_sys.c ---- */
extern const struct inode_ops procfs_store_iops;
extern const struct procfs_entry procfs_root_tab[];
extern const size_t procfs_root_ntab;

/* ---- procfs_load.c ---- */
#define PROCFS_FSHIFT 11	/* fraction bits of the load averages */
unsigned procfs_nr_active(void);
uint64_t procfs_idle_ns(int i, uint64_t now);
void procfs_sampler_start(void);
void procfs_loadavg(uint64_t loads[3], unsigned shift);

/* ---- procfs_pid.c: the process directories ---- */
struct proc *procfs_find(int pid);
int procfs_pid_lookup(struct inode *root, const char *name, size_t len,
		      struct inode **out);
void procfs_pid_readdir(struct dir_ctx *ctx, uint64_t first);

/* ---- procfs_pidfile.c: the per-process files ---- */

/* What /proc/PID shows of a process, copied under proc_lock. */
struct psnap {
	int pid, ppid, pgid, sid, tpgid;
	char state;			/* R S T Z */
	bool zombie;			/* no vm, files or cwd any more */
	int nthreads, cpu, exit_signal, exit_code;
	uint32_t tty_nr, umask, fdsize;
	char comm[16];
	struct cred cred;
	uint64_t utime, stime, cutime, cstime;	/* ns */
	uint64_t start_ns, min_flt, maj_flt, switches;
	uint64_t sigpnd, shdpnd, sigblk, sigign, sigcgt;
	size_t cmdline_len;
	struct vm *vm;			/* a reference (PS_VM), or NULL */
};

#define PS_VM 1			/* take a reference to the vm */

void procfs_thread_times(struct uthread *ut, uint64_t now, uint64_t *user,
			 uint64_t *sys);
int psnap_take(int pid, struct psnap *s, unsigned want);
void psnap_drop(struct psnap *s);
int procfs_show_stat(struct pbuf *b, int pid);
int procfs_show_statm(struct pbuf *b, int pid);
int procfs_show_status(struct pbuf *b, int pid);
int procfs_show_cmdline(struct pbuf *b, int pid);
int procfs_show_comm(struct pbuf *b, int pid);
int procfs_show_maps(struct pbuf *b, int pid);

#endif
