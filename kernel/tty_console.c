/*
 * tty_console.c -- the console terminal on the HAL's serial line: its
 * interrupt handler and input worker, the /dev/console and /dev/tty
 * devices (major 5), and kernel writes to the console.
 */
#include "dev.h"
#include "proc.h"
#include "tty.h"
#include "vfs.h"

#define TTYAUX_MAJOR 5
#define MINOR_TTY 0		/* /dev/tty: the caller's terminal */
#define MINOR_CONSOLE 1		/* /dev/console */

struct tty console_tty;

static void
console_put(struct tty *tty, const char *s, size_t n)
{
	hal_console_put(s, n);
}

/*
 * A "ready" must not pass a byte in transit: console_pull takes a byte
 * from the HAL (which counts it as delivered, hal.h) and queues it under
 * flip_lock, so with flip_lock held and the queue empty no byte is
 * between the two. (Without it, a scripted console on QEMU typed the
 * next line while the shell still had the last byte of this one to
 * read.) tty->lock held; flip_lock nests inside it.
 */
static void
console_flow(struct tty *tty, bool ready)
{
	spin_lock(&tty->flip_lock);
	if (!ready || tty->flip_head == tty->flip_tail)
		hal_console_flow(ready);
	spin_unlock(&tty->flip_lock);
}

static const struct tty_ops console_ops = {
	.write = console_put,
	.flow = console_flow,
};

/* Move what the HAL received into the flip queue; true if the queue
 * filled up before the HAL was empty. Any context. */
static bool
console_pull(struct tty *tty)
{
	bool full = false;
	int c;

	spin_lock(&tty->flip_lock);
	while (!tty->flip_eof) {
		if (tty->flip_head - tty->flip_tail == TTY_BUF_SIZE) {
			full = true;
			break;
		}
		c = hal_console_get();
		if (c == HAL_CONSOLE_NONE)
			break;
		tty_flip_push(tty, c == HAL_CONSOLE_EOF ? -1 : c);
	}
	spin_unlock(&tty->flip_lock);
	return full;
}

static void
console_irq(int line, void *arg)
{
	struct tty *tty = arg;

	console_pull(tty);
	waitq_wake_all(&tty->flipq);
}

/* The line discipline runs here, in a thread, so that keyboard signals
 * and echoes are not sent from the interrupt handler. */
static void
console_worker(void *arg)
{
	struct tty *tty = arg;
	bool full;

	for (;;) {
		wait_event(&tty->flipq, tty_flip_take_kick(tty));
		do {
			full = console_pull(tty);
			tty_flip_process(tty);
		} while (full);
	}
}

/* The value of "name=N" at p if p starts with name=, else 0. */
static long
option(const char *p, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(p, name, n) != 0 || p[n] != '=')
		return 0;
	return kstrtol(p + n + 1, NULL, 10);
}

/* console=...,cols=N,rows=M on the command line sets the window size. */
static void
winsize_from_cmdline(struct winsize *ws)
{
	char buf[128], *p = buf;
	long v;

	if (cmdline_get("console", buf, sizeof(buf)) == NULL)
		return;
	while (p != NULL) {
		if ((v = option(p, "cols")) > 0)
			ws->ws_col = (uint16_t)MIN(v, 9999);
		if ((v = option(p, "rows")) > 0)
			ws->ws_row = (uint16_t)MIN(v, 9999);
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
}

/* file_ops open of /dev/tty (the caller's controlling terminal, -ENXIO
 * without one) and /dev/console (which a session leader without a
 * terminal acquires, unless O_NOCTTY). Process context. */
static int
tty_open(struct inode *ip, struct file *f)
{
	struct proc *p = curproc();
	struct tty *tty;

	if (MINOR(ip->rdev) == MINOR_TTY) {
		tty = p != NULL ? READ_ONCE(p->ctty) : NULL;
		if (tty == NULL)
			return -ENXIO;
		f->priv = tty;
		return 0;
	}
	f->priv = &console_tty;
	tty_open_ctty(&console_tty, p, f->flags);
	return 0;
}

const struct file_ops tty_fops = {
	.open = tty_open,
	.read = tty_read,
	.write = tty_write,
	.ioctl = tty_ioctl,
	.poll = tty_poll,
};

/* The terminal behind an open file, or NULL. Any context. */
struct tty *
tty_of_file(struct file *f)
{
	struct proc *p;

	if (f->priv != NULL)
		return f->priv;
	if (f->ip == NULL || MAJOR(f->ip->rdev) != TTYAUX_MAJOR)
		return NULL;
	if (MINOR(f->ip->rdev) == MINOR_CONSOLE)
		return &console_tty;
	p = curproc();
	return p != NULL ? READ_ONCE(p->ctty) : NULL;
}

/* Bring up the console terminal and register /dev/console and /dev/tty.
 * Called once at boot, before any process; may not sleep. */
void
tty_init(void)
{
	struct tty *tty = &console_tty;
	int r;

	tty_setup(tty, "console", &console_ops, NULL);
	winsize_from_cmdline(&tty->ws);
	r = chrdev_register(TTYAUX_MAJOR, MINOR_TTY, 2, &tty_fops, "tty");
	if (r == 0)
		r = devfs_add("console", S_IFCHR | 0600,
			      MKDEV(TTYAUX_MAJOR, MINOR_CONSOLE));
	if (r == 0)
		r = devfs_add("tty", S_IFCHR | 0666,
			      MKDEV(TTYAUX_MAJOR, MINOR_TTY));
	if (r < 0)
		kprintf("tty: cannot register the console devices (%d)", r);
	if (thread_create("ttyin", console_worker, tty,
			  PRIO_DEFAULT - 1) == NULL)
		panic("tty_init: cannot start the input thread");
	if ((r = hal_irq_register(hal_console_irq(), console_irq, tty)) < 0)
		kprintf("tty: cannot take the console interrupt (%d)", r);
	console_irq(hal_console_irq(), tty);
}

/* A new open file of the console for process p (init's fds 0-2), which
 * acquires it as controlling terminal if it is a session leader without
 * one. 0 or -ENOMEM. Thread context; may sleep. */
int
tty_console_file(struct proc *p, struct file **out)
{
	struct file *f = file_new(NULL, O_RDWR, &tty_fops);

	if (f == NULL)
		return -ENOMEM;
	f->priv = &console_tty;
	tty_open_ctty(&console_tty, p, O_RDWR);
	*out = f;
	return 0;
}

/* Kernel output on the console with the terminal's output processing
 * (before tty_init: as the kernel log writes). Returns n. Thread
 * context. */
ssize_t
tty_console_write(const char *buf, size_t n)
{
	if (console_tty.ops == NULL) {
		kputs_console(buf, n);
		return (ssize_t)n;
	}
	return tty_kwrite(&console_tty, buf, n);
}
