/*
 * testhal.c -- kernel/hal.h for hosted unit tests: one CPU, RAM from malloc
 * at a fake physical base, time set by the test, console into a buffer.
 * Anything that would switch contexts or stop the machine aborts.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kerrno.h"
#include "sched.h"
#include "testhal.h"

#define ENOSYS_TEST 38

_Static_assert(TESTHAL_RAM_SIZE % HAL_PAGE_SIZE == 0, "RAM in whole pages");

static unsigned char *ram;
static struct hal_mem_range ranges[16];
static int nranges;
static bool irq_on;
static uint64_t now_ns, deadline_ns;
static unsigned long ipis[HAL_MAX_CPUS];
static unsigned long relax_calls;
static hal_irq_fn handlers[HAL_NR_IRQ];
static void *handler_args[HAL_NR_IRQ];
static char *console;
static size_t console_len, console_cap;
static const char *cmdline = "";
static const char *panic_expect;
static struct thread dummy_thread;
static void *current = &dummy_thread;
static uint64_t entropy_state = 0x2545f4914f6cdd1dull;

static void block_reset(void);

/* Print why the test cannot go on and stop it with SIGABRT. */
static void __noreturn
die(const char *what)
{
	fprintf(stderr, "testhal: %s\n", what);
	fflush(stderr);
	abort();
}

static void
ram_setup(void)
{
	if (ram != NULL)
		return;
	/* Aligned like the largest buddy block, as a real direct map is. */
	ram = aligned_alloc(4u << 20, TESTHAL_RAM_SIZE);
	if (ram == NULL)
		die("cannot allocate the test RAM");
}

void
testhal_reset(void)
{
	ram_setup();
	ranges[0].base = TESTHAL_RAM_BASE;
	ranges[0].size = TESTHAL_RAM_SIZE;
	nranges = 1;
	irq_on = false;
	now_ns = 0;
	deadline_ns = 0;
	relax_calls = 0;
	for (int i = 0; i < HAL_MAX_CPUS; i++)
		ipis[i] = 0;
	for (int i = 0; i < HAL_NR_IRQ; i++) {
		handlers[i] = NULL;
		handler_args[i] = NULL;
	}
	testhal_console_clear();
	cmdline = "";
	panic_expect = NULL;
	current = &dummy_thread;
	block_reset();
}

void
testhal_set_mem_ranges(const struct hal_mem_range *r, int n)
{
	if (n < 0 || n > (int)(sizeof(ranges) / sizeof(ranges[0])))
		die("testhal_set_mem_ranges: too many ranges");
	for (int i = 0; i < n; i++) {
		if (r[i].base < TESTHAL_RAM_BASE ||
		    r[i].base + r[i].size > TESTHAL_RAM_BASE + TESTHAL_RAM_SIZE)
			die("testhal_set_mem_ranges: range outside the RAM");
		ranges[i] = r[i];
	}
	nranges = n;
}

void *
testhal_ram(void)
{
	ram_setup();
	return ram;
}

void
testhal_set_time(uint64_t ns)
{
	now_ns = ns;
}

uint64_t
testhal_timer_deadline(void)
{
	return deadline_ns;
}

bool
testhal_irq_on(void)
{
	return irq_on;
}

unsigned long
testhal_ipi_count(int cpu)
{
	return cpu >= 0 && cpu < HAL_MAX_CPUS ? ipis[cpu] : 0;
}

const char *
testhal_console(void)
{
	return console != NULL ? console : "";
}

void
testhal_console_clear(void)
{
	console_len = 0;
	if (console != NULL)
		console[0] = '\0';
}

void
testhal_set_cmdline(const char *s)
{
	cmdline = s != NULL ? s : "";
}

void
testhal_expect_panic(const char *substr)
{
	panic_expect = substr;
}

/* ---- CPUs and power ---- */

int
hal_cpu_count(void)
{
	return 1;
}

int
hal_cpu_id(void)
{
	return 0;
}

void *
hal_current(void)
{
	return current;
}

void
hal_set_current(void *thread)
{
	current = thread;
}

int
hal_cpu_start(int cpu, void (*fn)(void))
{
	(void)cpu;
	(void)fn;
	die("hal_cpu_start: unit tests have one CPU");
}

void
hal_cpu_idle(void)
{
	die("hal_cpu_idle: nothing would ever wake this CPU");
}

/* Only a spin on a lock nobody else can release gets here often. */
void
hal_cpu_relax(void)
{
	if (++relax_calls > 10000000ul)
		die("hal_cpu_relax: spinning forever on one CPU (deadlock?)");
}

void
hal_ipi(int cpu)
{
	if (cpu < 0 || cpu >= HAL_MAX_CPUS)
		die("hal_ipi: bad CPU");
	ipis[cpu]++;
}

void
hal_poweroff(int code)
{
	fprintf(stderr, "testhal: hal_poweroff(%d)\n", code);
	die("the kernel powered the machine off");
}

void
hal_reboot(void)
{
	die("the kernel rebooted the machine");
}

/*
 * A panic printed its message: check it against testhal_expect_panic and
 * abort, which is how Check's forked tests see it.
 */
void
hal_panic_halt(void)
{
	const char *out = testhal_console();

	fprintf(stderr, "testhal: console at panic:%s\n", out);
	if (panic_expect != NULL && strstr(out, panic_expect) == NULL) {
		fprintf(stderr, "testhal: expected a panic saying '%s'\n",
			panic_expect);
		fflush(stderr);
		_exit(99);
	}
	die("kernel panic");
}

const char *
hal_cmdline(void)
{
	return cmdline;
}

const char *
hal_describe(void)
{
	return "unit test HAL";
}

/* ---- interrupts: a flag; nothing is ever delivered ---- */

unsigned long
hal_irq_save(void)
{
	unsigned long f = irq_on;

	irq_on = false;
	return f;
}

void
hal_irq_restore(unsigned long flags)
{
	irq_on = flags != 0;
}

void
hal_irq_enable(void)
{
	irq_on = true;
}

void
hal_irq_disable(void)
{
	irq_on = false;
}

bool
hal_irq_enabled(void)
{
	return irq_on;
}

int
hal_irq_register(int line, hal_irq_fn fn, void *arg)
{
	if (line < 0 || line >= HAL_NR_IRQ || fn == NULL)
		return -EINVAL;
	if (handlers[line] != NULL)
		return -EBUSY;
	handlers[line] = fn;
	handler_args[line] = arg;
	return 0;
}

/* ---- contexts: never switched in unit tests ---- */

void
hal_ctx_init(struct hal_ctx *ctx, void *stack, size_t size,
	     void (*fn)(void *), void *arg)
{
	(void)ctx;
	(void)stack;
	(void)size;
	(void)fn;
	(void)arg;
	die("hal_ctx_init: unit tests do not run kernel threads");
}

/* Nothing to undo: hal_ctx_init never prepared a context here. */
void
hal_ctx_free(struct hal_ctx *ctx)
{
	(void)ctx;
}

void
hal_ctx_switch(struct hal_ctx *from, struct hal_ctx *to)
{
	(void)from;
	(void)to;
	die("hal_ctx_switch: unit tests do not switch contexts");
}

/* ---- time ---- */

uint64_t
hal_time_ns(void)
{
	return now_ns;
}

void
hal_timer_oneshot(uint64_t deadline)
{
	deadline_ns = deadline;
}

uint64_t
hal_rtc_boot_seconds(void)
{
	return 1700000000ull;
}

/* splitmix64, fixed seed: tests are reproducible. */
void
hal_entropy(void *buf, size_t n)
{
	unsigned char *p = buf;
	uint64_t z = 0;

	for (size_t i = 0; i < n; i++) {
		if (i % 8 == 0) {
			z = (entropy_state += 0x9e3779b97f4a7c15ull);
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
			z ^= z >> 31;
		}
		p[i] = (unsigned char)(z >> (8 * (i % 8)));
	}
}

/* ---- memory ---- */

int
hal_mem_ranges(struct hal_mem_range *r, int max)
{
	int n = nranges < max ? nranges : max;

	ram_setup();
	for (int i = 0; i < n; i++)
		r[i] = ranges[i];
	return n;
}

void *
hal_p2v(paddr_t pa)
{
	ram_setup();
	if (pa < TESTHAL_RAM_BASE || pa - TESTHAL_RAM_BASE >= TESTHAL_RAM_SIZE) {
		fprintf(stderr, "testhal: hal_p2v(%#llx)\n",
			(unsigned long long)pa);
		die("hal_p2v: not a RAM address");
	}
	return ram + (pa - TESTHAL_RAM_BASE);
}

/* Addresses outside the RAM map to physical 0, which is never RAM. */
paddr_t
hal_v2p(const void *va)
{
	uintptr_t v = (uintptr_t)va, b = (uintptr_t)ram;

	if (ram == NULL || v < b || v - b >= TESTHAL_RAM_SIZE)
		return 0;
	return TESTHAL_RAM_BASE + (v - b);
}

/* ---- console ---- */

void
hal_console_put(const char *s, size_t n)
{
	if (console_len + n + 1 > console_cap) {
		size_t cap = console_cap ? console_cap : 4096;
		char *p;

		while (cap < console_len + n + 1)
			cap *= 2;
		if ((p = realloc(console, cap)) == NULL)
			die("hal_console_put: out of memory");
		console = p;
		console_cap = cap;
	}
	for (size_t i = 0; i < n; i++)
		console[console_len++] = s[i];
	console[console_len] = '\0';
}

int
hal_console_get(void)
{
	return HAL_CONSOLE_EOF;
}

int
hal_console_irq(void)
{
	return 2;
}

void
hal_console_flow(bool ready)
{
	(void)ready;
}

/* ---- block devices: image files ---- */

struct tdisk {
	int fd;
	uint64_t sectors;
	bool readonly;
	uint64_t fail_sector;
	int inflight;
	unsigned long requests[3];
	char model[32];
};

static struct tdisk disks[TESTHAL_MAX_DISKS];
static int ndisks;
static bool block_held, delivering;
/* Requests started and not completed, oldest first (hal_priv[0] links;
 * hal_priv[1] is the disk). */
static struct hal_block_req *pend_head, **pend_tail = &pend_head;
static int npending;

static void
block_reset(void)
{
	for (int i = 0; i < ndisks; i++)
		close(disks[i].fd);
	ndisks = 0;
	block_held = delivering = false;
	pend_head = NULL;
	pend_tail = &pend_head;
	npending = 0;
}

int
testhal_block_attach(const char *path, bool readonly)
{
	struct tdisk *d = &disks[ndisks];
	struct stat st;
	const char *base;
	int fd;

	if (ndisks == TESTHAL_MAX_DISKS) {
		fprintf(stderr, "testhal: too many disks\n");
		return -1;
	}
	fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size < HAL_BLOCK_SECTOR) {
		fprintf(stderr, "testhal: %s: %s\n", path,
			fd < 0 ? strerror(errno) : "smaller than a sector");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	memset(d, 0, sizeof(*d));
	d->fd = fd;
	d->sectors = (uint64_t)st.st_size / HAL_BLOCK_SECTOR;
	d->readonly = readonly;
	d->fail_sector = UINT64_MAX;
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	snprintf(d->model, sizeof(d->model), "test %s", base);
	return ndisks++;
}

void
testhal_block_fail(int dev, uint64_t sector)
{
	if (dev < 0 || dev >= ndisks)
		die("testhal_block_fail: no such disk");
	disks[dev].fail_sector = sector;
}

int
hal_block_count(void)
{
	return ndisks;
}

int
hal_block_info(int dev, struct hal_block_info *info)
{
	if (dev < 0 || dev >= ndisks)
		return -ENODEV;
	memset(info, 0, sizeof(*info));
	info->sectors = disks[dev].sectors;
	info->readonly = disks[dev].readonly;
	info->max_sectors = TESTHAL_BLOCK_MAX_SECTORS;
	info->max_segs = TESTHAL_BLOCK_MAX_SEGS;
	info->queue_depth = TESTHAL_BLOCK_DEPTH;
	snprintf(info->model, sizeof(info->model), "%s", disks[dev].model);
	return 0;
}

/* Carry out r on its disk: its status. */
static int
block_do(struct hal_block_req *r)
{
	struct tdisk *d = r->hal_priv[1];
	struct hal_block_seg one = { r->buf, r->count * HAL_BLOCK_SECTOR };
	const struct hal_block_seg *seg = r->nseg > 0 ? r->seg : &one;
	off_t off = (off_t)(r->sector * HAL_BLOCK_SECTOR);
	ssize_t n;

	if (d->fail_sector != UINT64_MAX && r->op != HAL_BLOCK_FLUSH &&
	    d->fail_sector >= r->sector && d->fail_sector < r->sector + r->count)
		return -EIO;
	if (r->op == HAL_BLOCK_FLUSH)
		return fdatasync(d->fd) == 0 ? 0 : -EIO;
	for (uint32_t i = 0; i < (r->nseg > 0 ? r->nseg : 1); i++) {
		if (r->op == HAL_BLOCK_READ)
			n = pread(d->fd, seg[i].buf, seg[i].len, off);
		else
			n = pwrite(d->fd, seg[i].buf, seg[i].len, off);
		if (n != (ssize_t)seg[i].len)
			return -EIO;
		off += seg[i].len;
	}
	return 0;
}

/* Is [p, p + len) inside the test RAM, as a device's transfer must be? */
static bool
in_ram(const void *p, size_t len)
{
	uintptr_t b = (uintptr_t)p, lo = (uintptr_t)ram;

	return ram != NULL && b >= lo && b - lo <= TESTHAL_RAM_SIZE &&
	       len <= TESTHAL_RAM_SIZE - (b - lo);
}

/* Complete the pending requests, oldest first, with interrupts off, as
 * an interrupt handler would; requests their done starts are taken too. */
static int
block_deliver(void)
{
	struct hal_block_req *r;
	bool was_on;
	int n = 0;

	if (delivering)
		return 0;
	delivering = true;
	while ((r = pend_head) != NULL) {
		if ((pend_head = r->hal_priv[0]) == NULL)
			pend_tail = &pend_head;
		npending--;
		((struct tdisk *)r->hal_priv[1])->inflight--;
		r->status = block_do(r);
		was_on = irq_on;
		irq_on = false;
		r->done(r);
		irq_on = was_on;
		n++;
	}
	delivering = false;
	return n;
}

int
hal_block_submit(int dev, struct hal_block_req *r)
{
	struct tdisk *d;
	uint64_t bytes = 0;

	if (dev < 0 || dev >= ndisks)
		return -ENODEV;
	d = &disks[dev];
	if (r->op != HAL_BLOCK_FLUSH) {
		if (r->op != HAL_BLOCK_READ && r->op != HAL_BLOCK_WRITE)
			return -EINVAL;
		if (r->count == 0 || r->count > TESTHAL_BLOCK_MAX_SECTORS ||
		    r->sector > d->sectors || r->count > d->sectors - r->sector ||
		    r->nseg > TESTHAL_BLOCK_MAX_SEGS)
			return -EINVAL;
		/* The buffers must be RAM, like DMA. */
		for (uint32_t i = 0; i < r->nseg; i++) {
			if (!in_ram(r->seg[i].buf, r->seg[i].len) ||
			    r->seg[i].len % HAL_BLOCK_SECTOR != 0)
				return -EINVAL;
			bytes += r->seg[i].len;
		}
		if (r->nseg == 0 ? !in_ram(r->buf, (size_t)r->count *
					   HAL_BLOCK_SECTOR) :
		    bytes != (uint64_t)r->count * HAL_BLOCK_SECTOR)
			return -EINVAL;
		if (r->op == HAL_BLOCK_WRITE && d->readonly)
			return -EROFS;
	}
	if (d->inflight++ >= TESTHAL_BLOCK_DEPTH)
		die("hal_block_submit: more requests in flight than queue_depth");
	d->requests[r->op]++;
	r->hal_priv[0] = NULL;
	r->hal_priv[1] = d;
	*pend_tail = r;
	pend_tail = (struct hal_block_req **)&r->hal_priv[0];
	npending++;
	if (!block_held)
		block_deliver();
	return 0;
}

void
testhal_block_hold(bool hold)
{
	block_held = hold;
}

int
testhal_block_complete(void)
{
	return block_deliver();
}

int
testhal_block_inflight(void)
{
	return npending;
}

unsigned long
testhal_block_requests(int dev, int op)
{
	if (dev < 0 || dev >= ndisks || op < 0 || op > 2)
		return 0;
	return disks[dev].requests[op];
}

/* ---- debugging ---- */

int
hal_backtrace(uintptr_t *pcs, int max)
{
	(void)pcs;
	(void)max;
	return 0;
}

const char *
hal_symbolize(uintptr_t pc, uintptr_t *offset)
{
	(void)pc;
	(void)offset;
	return NULL;
}

/* ---- the MMU and user mode: unit tests run no user code ---- */

bool
hal_initrd(paddr_t *start, size_t *size)
{
	(void)start;
	(void)size;
	return false;
}

int
hal_pt_init(struct hal_pt *pt)
{
	(void)pt;
	return -ENOSYS_TEST;
}

void hal_pt_destroy(struct hal_pt *pt) { (void)pt; }
void hal_pt_unmap(struct hal_pt *pt, uintptr_t va) { (void)pt; (void)va; }
void hal_pt_activate(struct hal_pt *pt) { (void)pt; }

int
hal_pt_map(struct hal_pt *pt, uintptr_t va, paddr_t pa, unsigned prot)
{
	(void)pt; (void)va; (void)pa; (void)prot;
	return -ENOSYS_TEST;
}

bool
hal_pt_lookup(struct hal_pt *pt, uintptr_t va, paddr_t *pa, unsigned *prot)
{
	(void)pt; (void)va; (void)pa; (void)prot;
	return false;
}

unsigned
hal_pt_clear_ad(struct hal_pt *pt, uintptr_t va)
{
	(void)pt; (void)va;
	return 0;
}

int
hal_pt_walk(struct hal_pt *pt, uintptr_t start, uintptr_t end,
	    int (*fn)(uintptr_t, paddr_t, unsigned, void *), void *arg)
{
	(void)pt; (void)start; (void)end; (void)fn; (void)arg;
	return 0;
}

void
hal_tlb_flush(struct hal_pt *pt, uintptr_t va, size_t len)
{
	(void)pt; (void)va; (void)len;
}

int
hal_user_run(struct hal_tf *tf, struct hal_trap *trap)
{
	(void)tf;
	(void)trap;
	die("hal_user_run: unit tests run no user code");
}

void
hal_tf_init(struct hal_tf *tf, uintptr_t pc, uintptr_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->r[0] = pc;
	tf->r[1] = sp;
}

long hal_tf_sysnr(const struct hal_tf *tf) { return (long)tf->orig_nr; }
unsigned long hal_tf_arg(const struct hal_tf *tf, int i) { return i >= 0 && i < 6 ? tf->r[2 + i] : 0; }
void hal_tf_set_ret(struct hal_tf *tf, long v) { tf->r[8] = (uint64_t)v; }
uintptr_t hal_tf_pc(const struct hal_tf *tf) { return tf->r[0]; }
uintptr_t hal_tf_sp(const struct hal_tf *tf) { return tf->r[1]; }
void hal_tf_set_sp(struct hal_tf *tf, uintptr_t sp) { tf->r[1] = sp; }
void hal_tf_set_tls(struct hal_tf *tf, uintptr_t tls) { tf->r[9] = tls; }
uintptr_t hal_tf_tls(const struct hal_tf *tf) { return tf->r[9]; }
void hal_tf_restart_syscall(struct hal_tf *tf) { (void)tf; }

size_t hal_sigframe_size(void) { return 1024; }

size_t
hal_sigframe_build(struct hal_tf *tf, void *buf, uintptr_t sp, bool altstack,
		   int sig, const void *info, uint64_t mask, uintptr_t ss_sp,
		   uint32_t ss_flags, size_t ss_size, uintptr_t handler,
		   uintptr_t restorer, uintptr_t *at)
{
	(void)tf; (void)buf; (void)sp; (void)altstack; (void)sig; (void)info;
	(void)mask; (void)ss_sp; (void)ss_flags; (void)ss_size; (void)handler;
	(void)restorer; (void)at;
	die("hal_sigframe_build: unit tests deliver no signals");
}

uintptr_t hal_sigframe_at(const struct hal_tf *tf) { return hal_tf_sp(tf); }

int
hal_sigframe_restore(struct hal_tf *tf, const void *buf, size_t len,
		     uintptr_t at, uint64_t *mask)
{
	(void)tf; (void)buf; (void)len; (void)at; (void)mask;
	return -ENOSYS_TEST;
}

int hal_pt_reserve(struct hal_pt *pt) { (void)pt; return -ENOSYS_TEST; }
void hal_pt_inherit(struct hal_pt *to, struct hal_pt *from) { (void)to; (void)from; }

/* No framebuffer in unit tests. */
int
hal_fb_info(struct hal_fb *fb)
{
	(void)fb;
	return -ENODEV;
}
