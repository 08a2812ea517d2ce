/*
 * log.c -- the kernel log: a ring of text records stamped with the time
 * since boot, echoed to the console when their level passes the console
 * level (`quiet` and `loglevel=N` on the command line), read by dmesg.
 */
#include "kernel.h"
#include "proc.h"
#include "spinlock.h"

#define LOG_SIZE (64 * 1024)

static char ring[LOG_SIZE];
static uint64_t head;			/* bytes ever written; guarded by lock */
static struct spinlock lock = SPINLOCK_INIT("klog");
static int console_level = KLOG_INFO;
static int waiters;			/* readers sleeping in klog_wait */
static struct waitq readers = WAITQ_INIT(readers);

void
klog_set_console_level(int level)
{
	console_level = level;
}

int
klog_console_level(void)
{
	return console_level;
}

/* Bytes ever written to the log. */
uint64_t
klog_head(void)
{
	uint64_t h;

	spin_lock(&lock);
	h = head;
	spin_unlock(&lock);
	return h;
}

/*
 * Sleep until the log holds more than `pos` bytes: 0, or -ERESTARTSYS if
 * a signal came first. May sleep.
 */
int
klog_wait(uint64_t pos)
{
	int r;

	__atomic_add_fetch(&waiters, 1, __ATOMIC_SEQ_CST);
	r = wait_event_interruptible(&readers, klog_head() > pos);
	__atomic_sub_fetch(&waiters, 1, __ATOMIC_SEQ_CST);
	return r;
}

/*
 * Write to the console, turning "\n" into "\r\n" as a serial line wants,
 * in as few hal_console_put calls as possible so that a line is never
 * split by other console output.
 */
void
kputs_console(const char *s, size_t n)
{
	char buf[640];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (k + 2 > sizeof(buf)) {
			hal_console_put(buf, k);
			k = 0;
		}
		if (s[i] == '\n')
			buf[k++] = '\r';
		buf[k++] = s[i];
	}
	if (k > 0)
		hal_console_put(buf, k);
}

static void
ring_put(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ring[(head + i) % LOG_SIZE] = s[i];
	head += n;
}

int
kvlog(int level, const char *fmt, va_list ap)
{
	char buf[512];
	uint64_t ns = hal_time_ns();
	int n, m;
	bool locked;

	n = ksnprintf(buf, sizeof(buf), "[%5llu.%06llu] ",
		      (unsigned long long)(ns / NSEC_PER_SEC),
		      (unsigned long long)(ns % NSEC_PER_SEC / 1000));
	m = kvsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	m = MIN(m, (int)sizeof(buf) - n - 2);
	n += m;
	if (n > 0 && buf[n - 1] != '\n')
		buf[n++] = '\n';
	/* A panicking CPU must not wait for a lock another CPU holds. */
	if (READ_ONCE(panicking)) {
		locked = spin_trylock(&lock);
	} else {
		spin_lock(&lock);
		locked = true;
	}
	ring_put(buf, (size_t)n);
	if (level <= console_level || READ_ONCE(panicking))
		kputs_console(buf, (size_t)n);
	if (locked)
		spin_unlock(&lock);
	if (__atomic_load_n(&waiters, __ATOMIC_SEQ_CST) && !READ_ONCE(panicking))
		waitq_wake_all(&readers);
	return m;
}

int
klog(int level, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvlog(level, fmt, ap);
	va_end(ap);
	return n;
}

int
kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvlog(KLOG_INFO, fmt, ap);
	va_end(ap);
	return n;
}

/*
 * Copy log text from *pos (bytes since boot) into buf; advance *pos.
 * Text that was overwritten is skipped. Returns the bytes copied.
 */
size_t
klog_read(char *buf, size_t size, uint64_t *pos)
{
	size_t n = 0;

	spin_lock(&lock);
	if (*pos + LOG_SIZE < head)
		*pos = head - LOG_SIZE;
	while (*pos < head && n < size)
		buf[n++] = ring[(*pos)++ % LOG_SIZE];
	spin_unlock(&lock);
	return n;
}
