/*
 * tty_ktest.c -- self tests of the terminal: a tty whose device is this
 * file (echo captured, signals and flow control recorded) is fed bytes as
 * if typed and read through the tty file operations.
 */
#include "heap.h"
#include "ktest.h"
#include "proc.h"
#include "signal.h"
#include "tty.h"
#include "vfs.h"

/* What the fake device saw. */
static struct {
	char out[2048];
	size_t olen;
	int sigs[16];
	int nsigs;
	int flow_on, flow_off;
} dev;

static void
dev_write(struct tty *tty, const char *s, size_t n)
{
	n = MIN(n, sizeof(dev.out) - dev.olen);
	memcpy(dev.out + dev.olen, s, n);
	dev.olen += n;
}

static void
dev_flow(struct tty *tty, bool ready)
{
	if (ready)
		dev.flow_on++;
	else
		dev.flow_off++;
}

static void
dev_signal(struct tty *tty, int pgrp, int sig)
{
	if (dev.nsigs < (int)ARRAY_SIZE(dev.sigs))
		dev.sigs[dev.nsigs++] = sig;
}

static const struct tty_ops dev_ops = {
	.write = dev_write,
	.flow = dev_flow,
	.signal = dev_signal,
};

static struct tty *
tt_new(void)
{
	struct tty *tty = kmalloc(sizeof(*tty));

	memset(&dev, 0, sizeof(dev));
	if (tty != NULL)
		tty_setup(tty, "ktest", &dev_ops, NULL);
	return tty;
}

static void
feedn(struct tty *tty, const char *s, size_t n)
{
	tty_receive(tty, (const unsigned char *)s, n);
}

static void
feed(struct tty *tty, const char *s)
{
	feedn(tty, s, strlen(s));
}

static void
tt_file(struct tty *tty, struct file *f, bool nonblock)
{
	memset(f, 0, sizeof(*f));
	f->flags = O_RDWR | (nonblock ? O_NONBLOCK : 0);
	f->mode = FMODE_READ | FMODE_WRITE;
	f->fop = &tty_fops;
	f->priv = tty;
}

/* read(2) of the tty into buf (NUL-terminated when it fits). */
static ssize_t
tt_read(struct tty *tty, char *buf, size_t n, bool nonblock)
{
	struct uio u = { (uintptr_t)buf, n, true };
	struct file f;
	ssize_t r;

	tt_file(tty, &f, nonblock);
	memset(buf, 0, n);
	r = tty_fops.read(&f, &u, 0);
	return r;
}

static ssize_t
tt_write(struct tty *tty, const char *s, bool nonblock)
{
	struct uio u = { (uintptr_t)s, strlen(s), true };
	struct file f;

	tt_file(tty, &f, nonblock);
	return tty_fops.write(&f, &u, 0);
}

static unsigned
tt_poll(struct tty *tty)
{
	struct file f;

	tt_file(tty, &f, false);
	return tty_fops.poll(&f, NULL);
}

/* Read one line and compare it. */
static bool
read_is(struct tty *tty, const char *want)
{
	char buf[128];
	ssize_t r = tt_read(tty, buf, sizeof(buf) - 1, true);

	if (r != (ssize_t)strlen(want) || memcmp(buf, want, (size_t)r) != 0) {
		ktest_note("read %ld bytes: '%s', wanted '%s'", (long)r,
			   r > 0 ? buf : "", want);
		return false;
	}
	return true;
}

/* The captured output equals s; it is cleared for the next check. */
static bool
out_is(const char *s)
{
	char esc[512];
	size_t o = 0;
	bool ok = dev.olen == strlen(s) && memcmp(dev.out, s, dev.olen) == 0;

	for (size_t i = 0; !ok && i < dev.olen && o + 5 < sizeof(esc); i++) {
		unsigned char c = (unsigned char)dev.out[i];
		if (c >= 32 && c < 127)
			esc[o++] = (char)c;
		else
			o += (size_t)ksnprintf(esc + o, 5, "\\%03o", c);
	}
	esc[o] = '\0';
	if (!ok)
		ktest_note("output was '%s'", esc);
	dev.olen = 0;
	return ok;
}

static void
set_lflag(struct tty *tty, uint32_t on, uint32_t off)
{
	struct termios t;

	tty_get_termios(tty, &t);
	t.c_lflag = (t.c_lflag | on) & ~off;
	tty_set_termios(tty, &t, false);
}

static void
set_iflag(struct tty *tty, uint32_t on, uint32_t off)
{
	struct termios t;

	tty_get_termios(tty, &t);
	t.c_iflag = (t.c_iflag | on) & ~off;
	tty_set_termios(tty, &t, false);
}

static void
set_oflag(struct tty *tty, uint32_t on, uint32_t off)
{
	struct termios t;

	tty_get_termios(tty, &t);
	t.c_oflag = (t.c_oflag | on) & ~off;
	tty_set_termios(tty, &t, false);
}

/* Non-canonical, no echo, with VMIN and VTIME. */
static void
set_raw(struct tty *tty, int vmin, int vtime)
{
	struct termios t;

	tty_get_termios(tty, &t);
	t.c_lflag &= ~(uint32_t)(ICANON | ECHO);
	t.c_cc[VMIN] = (uint8_t)vmin;
	t.c_cc[VTIME] = (uint8_t)vtime;
	tty_set_termios(tty, &t, false);
}

static size_t
inq(struct tty *tty)
{
	size_t n;

	spin_lock(&tty->lock);
	n = ldisc_inq(tty);
	spin_unlock(&tty->lock);
	return n;
}

/* Canonical mode: lines are assembled, echoed, and read one at a time. */
static int
canon_test(struct tty *tty)
{
	char buf[64];

	feed(tty, "hello");
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == -EAGAIN);
	KT_ASSERT(!(tt_poll(tty) & POLLIN));
	KT_ASSERT(tt_poll(tty) & POLLOUT);
	feed(tty, "\r");
	KT_ASSERT(out_is("hello\r\n"));
	KT_ASSERT(tt_poll(tty) & POLLIN);
	KT_ASSERT(inq(tty) == 6);
	KT_ASSERT(read_is(tty, "hello\n"));
	feed(tty, "abcdef\n");
	KT_ASSERT(tt_read(tty, buf, 4, true) == 4);
	KT_ASSERT(memcmp(buf, "abcd", 4) == 0);
	KT_ASSERT(read_is(tty, "ef\n"));
	feed(tty, "one\ntwo\n");
	KT_ASSERT(read_is(tty, "one\n"));
	KT_ASSERT(read_is(tty, "two\n"));
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == -EAGAIN);
	return 0;
}

/* Canonical line assembly, partial reads, poll. Returns 0 when it passes. */
int
ktest_tty_canon(void)
{
	struct tty *tty = tt_new();
	int r;

	KT_ASSERT(tty != NULL);
	r = canon_test(tty);
	kfree(tty);
	return r;
}

/* ERASE, KILL, WERASE, their echoes with ECHOE/ECHOK/ECHOKE/ECHOCTL. */
static int
erase_test(struct tty *tty)
{
	feed(tty, "abc\x7f\x7f" "d\n");
	KT_ASSERT(out_is("abc\b \b\b \bd\r\n"));
	KT_ASSERT(read_is(tty, "ad\n"));
	feed(tty, "foo bar\x15" "baz\n");
	KT_ASSERT(out_is("foo bar\b \b\b \b\b \b\b \b\b \b\b \b\b \bbaz\r\n"));
	KT_ASSERT(read_is(tty, "baz\n"));
	feed(tty, "foo bar  \x17x\n");
	KT_ASSERT(out_is("foo bar  \b \b\b \b\b \b\b \b\b \bx\r\n"));
	KT_ASSERT(read_is(tty, "foo x\n"));
	feed(tty, "\x7f\x15\x17\n");
	KT_ASSERT(out_is("\r\n"));
	KT_ASSERT(read_is(tty, "\n"));
	feed(tty, "\x01\x7f\n");
	KT_ASSERT(out_is("^A\b \b\b \b\r\n"));
	KT_ASSERT(read_is(tty, "\n"));
	return 0;
}

/* Tabs are erased by the columns they took; ^R, ^V, and a plain kill. */
static int
erase_more_test(struct tty *tty)
{
	feed(tty, "\t\x7f\n");
	KT_ASSERT(out_is("\t\b\b\b\b\b\b\b\b\r\n"));
	tty_kwrite(tty, "$ ", 2);
	feed(tty, "\t\x7f\n");
	KT_ASSERT(out_is("$ \t\b\b\b\b\b\b\r\n"));
	KT_ASSERT(read_is(tty, "\n") && read_is(tty, "\n"));
	feed(tty, "ab\x12");
	KT_ASSERT(out_is("ab^R\r\nab"));
	feed(tty, "\x16\x7f\n");
	KT_ASSERT(out_is("^\b^?\r\n"));
	KT_ASSERT(read_is(tty, "ab\x7f\n"));
	set_lflag(tty, 0, ECHOKE);
	feed(tty, "ab\x15" "c\n");
	KT_ASSERT(out_is("ab^U\r\nc\r\n"));
	KT_ASSERT(read_is(tty, "c\n"));
	set_lflag(tty, 0, ECHOE);
	feed(tty, "ab\x7f\n");
	KT_ASSERT(out_is("ab^?\r\n"));
	KT_ASSERT(read_is(tty, "a\n"));
	return 0;
}

/* Line editing and its echoes. Returns 0 when it passes. */
int
ktest_tty_erase(void)
{
	struct tty *tty = tt_new();
	int r;

	KT_ASSERT(tty != NULL);
	r = erase_test(tty);
	if (r == 0)
		r = erase_more_test(tty);
	kfree(tty);
	return r;
}

/* ^D: EOF on an empty line, end of a line elsewhere; the device's end. */
static int
eof_test(struct tty *tty)
{
	char buf[64];

	feed(tty, "\x04");
	KT_ASSERT(out_is(""));
	KT_ASSERT(tt_poll(tty) & POLLIN);
	KT_ASSERT(inq(tty) == 0);
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == 0);
	feed(tty, "abc\x04");
	KT_ASSERT(inq(tty) == 3);
	KT_ASSERT(read_is(tty, "abc"));
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == -EAGAIN);
	feed(tty, "xyz\x04");
	KT_ASSERT(tt_read(tty, buf, 3, true) == 3);
	KT_ASSERT(tt_read(tty, buf, 3, true) == 0);
	feed(tty, "partial");
	tty_input_end(tty);
	KT_ASSERT(read_is(tty, "partial"));
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), false) == 0);
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), false) == 0);
	KT_ASSERT(tt_poll(tty) & POLLIN);
	return 0;
}

/* EOF characters and the end of the device's input. Returns 0 when it
 * passes. */
int
ktest_tty_eof(void)
{
	struct tty *tty = tt_new();
	int r;

	KT_ASSERT(tty != NULL);
	r = eof_test(tty);
	kfree(tty);
	return r;
}

/* ISIG: ^C ^\ ^Z signal the foreground group and flush (not NOFLSH). */
static int
isig_test(struct tty *tty)
{
	char buf[64];

	feed(tty, "abc");
	feed(tty, "\x03");
	KT_ASSERT(out_is("abc^C"));
	KT_ASSERT(dev.nsigs == 1 && dev.sigs[0] == SIGINT);
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == -EAGAIN);
	feed(tty, "\x1c");
	feed(tty, "\x1a");
	KT_ASSERT(dev.nsigs == 3 && dev.sigs[1] == SIGQUIT &&
		  dev.sigs[2] == SIGTSTP);
	KT_ASSERT(out_is("^\\^Z"));
	set_lflag(tty, NOFLSH, 0);
	feed(tty, "xy");
	feed(tty, "\x03\n");
	KT_ASSERT(dev.nsigs == 4 && dev.sigs[3] == SIGINT);
	KT_ASSERT(read_is(tty, "xy\n"));
	feed(tty, "\x16\x03\n");
	KT_ASSERT(dev.nsigs == 4);
	KT_ASSERT(read_is(tty, "\x03\n"));
	set_lflag(tty, 0, ISIG);
	feed(tty, "\x03\n");
	KT_ASSERT(dev.nsigs == 4);
	KT_ASSERT(read_is(tty, "\x03\n"));
	return 0;
}

/* ECHOCTL shows control characters as ^X; ECHO and ECHONL. */
static int
echoctl_test(struct tty *tty)
{
	feed(tty, "\x01\n");
	KT_ASSERT(out_is("^A\r\n"));
	KT_ASSERT(read_is(tty, "\x01\n"));
	set_lflag(tty, 0, ECHOCTL);
	feed(tty, "\x01\n");
	KT_ASSERT(out_is("\x01\r\n"));
	KT_ASSERT(read_is(tty, "\x01\n"));
	set_lflag(tty, 0, ECHO);
	feed(tty, "secret\n");
	KT_ASSERT(out_is(""));
	set_lflag(tty, ECHONL, 0);
	feed(tty, "pw\n");
	KT_ASSERT(out_is("\r\n"));
	KT_ASSERT(read_is(tty, "secret\n") && read_is(tty, "pw\n"));
	return 0;
}

/* Keyboard signals (through the test hook) and ECHOCTL. Returns 0 when
 * it passes. */
int
ktest_tty_isig(void)
{
	struct tty *tty = tt_new();
	int r;

	KT_ASSERT(tty != NULL);
	r = isig_test(tty);
	kfree(tty);
	if (r == 0 && (tty = tt_new()) != NULL) {
		r = echoctl_test(tty);
		kfree(tty);
	}
	return r;
}

/* Input mapping (ICRNL IGNCR INLCR ISTRIP IUCLC), output processing. */
static int
map_test(struct tty *tty)
{
	ssize_t r;

	feed(tty, "a\r");
	KT_ASSERT(read_is(tty, "a\n"));
	set_iflag(tty, IGNCR, 0);
	feed(tty, "a\rb\n");
	KT_ASSERT(read_is(tty, "ab\n"));
	set_iflag(tty, ISTRIP, IGNCR | ICRNL);
	feed(tty, "\xe1\r\n");
	KT_ASSERT(read_is(tty, "a\r\n"));
	set_iflag(tty, IUCLC | ICRNL, ISTRIP);
	feed(tty, "AB\n");
	KT_ASSERT(read_is(tty, "ab\n"));
	set_iflag(tty, INLCR, IUCLC);
	set_raw(tty, 1, 0);
	feed(tty, "\n");
	KT_ASSERT(read_is(tty, "\r"));
	dev.olen = 0;
	KT_ASSERT(tt_write(tty, "a\nb\r", false) == 4);
	KT_ASSERT(out_is("a\r\nb\r"));
	set_oflag(tty, OCRNL | ONOCR | XTABS | OLCUC, ONLCR);
	r = tt_write(tty, "\rx\ry\tz", false);
	KT_ASSERT_MSG(r == 6, "write returned %ld", (long)r);
	KT_ASSERT(out_is("X\nY      Z"));
	set_oflag(tty, 0, OPOST);
	KT_ASSERT(tt_write(tty, "a\nb\r", false) == 4);
	KT_ASSERT(out_is("a\nb\r"));
	return 0;
}

/* Input mapping and output processing. Returns 0 when it passes. */
int
ktest_tty_map(void)
{
	struct tty *tty = tt_new();
	int r;

	KT_ASSERT(tty != NULL);
	r = map_test(tty);
	kfree(tty);
	return r;
}

struct feeder {
	struct tty *tty;
	const char *s;
	uint64_t delay;
};

static void
feeder(void *arg)
{
	struct feeder *fd = arg;

	thread_sleep_ns(fd->delay);
	feed(fd->tty, fd->s);
}

/* read(2) while another thread types s after delay ns; *ns is how long
 * the read took. */
static ssize_t
read_fed(struct tty *tty, char *buf, size_t n, const char *s,
	 uint64_t delay, uint64_t *ns)
{
	struct feeder fd = { tty, s, delay };
	struct thread *t = thread_create("ttyfeed", feeder, &fd, PRIO_DEFAULT);
	uint64_t t0 = hal_time_ns();
	ssize_t r;

	if (t == NULL)
		return -ENOMEM;
	r = tt_read(tty, buf, n, false);
	*ns = hal_time_ns() - t0;
	thread_join(t);
	return r;
}

/* Timed reads: VMIN=0 VTIME=0, VMIN=0 VTIME>0, VMIN>0 VTIME>0. */
static int
vtime_test(struct tty *tty)
{
	char buf[64];
	uint64_t t0, ns;

	set_raw(tty, 0, 0);
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), false) == 0);
	feed(tty, "xy");
	KT_ASSERT(read_is(tty, "xy"));
	set_raw(tty, 0, 2);
	t0 = hal_time_ns();
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), false) == 0);
	KT_ASSERT(hal_time_ns() - t0 >= 190 * NSEC_PER_MSEC);
	set_raw(tty, 0, 50);
	KT_ASSERT(read_fed(tty, buf, sizeof(buf), "z", 20 * NSEC_PER_MSEC,
			   &ns) == 1);
	KT_ASSERT(buf[0] == 'z' && ns < 4 * NSEC_PER_SEC);
	return 0;
}

/* VMIN>0 VTIME=0 blocks for VMIN bytes, asserting flow control; the
 * inter-byte timer of VMIN>0 VTIME>0; O_NONBLOCK; mode switches. */
static int
vmin_test(struct tty *tty)
{
	char buf[64];
	uint64_t ns, t0;

	set_raw(tty, 1, 0);
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == -EAGAIN);
	set_raw(tty, 3, 0);
	feed(tty, "ab");
	KT_ASSERT(!(tt_poll(tty) & POLLIN));
	dev.flow_on = dev.flow_off = 0;
	KT_ASSERT(read_fed(tty, buf, sizeof(buf), "cde", 20 * NSEC_PER_MSEC,
			   &ns) == 5);
	KT_ASSERT(memcmp(buf, "abcde", 5) == 0);
	KT_ASSERT(dev.flow_on >= 1 && dev.flow_off >= 1);
	KT_ASSERT(tt_read(tty, buf, 1, true) == -EAGAIN);
	feed(tty, "pq");
	KT_ASSERT(tt_read(tty, buf, 1, false) == 1 && buf[0] == 'p');
	KT_ASSERT(tt_read(tty, buf, 1, false) == 1 && buf[0] == 'q');
	set_raw(tty, 4, 1);
	feed(tty, "ab");
	t0 = hal_time_ns();
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), false) == 2);
	KT_ASSERT(hal_time_ns() - t0 >= 90 * NSEC_PER_MSEC);
	set_lflag(tty, ICANON, 0);
	feed(tty, "abc");
	set_raw(tty, 1, 0);
	KT_ASSERT(read_is(tty, "abc"));
	feed(tty, "xy");
	set_lflag(tty, ICANON, 0);
	KT_ASSERT(read_is(tty, "xy"));
	return 0;
}

/* Non-canonical reads: the four VMIN/VTIME cases. Returns 0 when it passes. */
int
ktest_tty_raw(void)
{
	struct tty *tty = tt_new();
	int r;

	KT_ASSERT(tty != NULL);
	r = vtime_test(tty);
	if (r == 0)
		r = vmin_test(tty);
	kfree(tty);
	return r;
}

/* ^S/^Q, TCSETSF, window size changes, poll of output. */
static int
ctl_test(struct tty *tty)
{
	struct winsize ws = { 30, 100, 0, 0 };
	struct termios t;
	char buf[16];

	tty_set_winsize(tty, &ws);
	tty_set_winsize(tty, &ws);
	KT_ASSERT(dev.nsigs == 1 && dev.sigs[0] == SIGWINCH);
	feed(tty, "\x13");
	KT_ASSERT(!(tt_poll(tty) & POLLOUT));
	KT_ASSERT(tt_write(tty, "zz", true) == -EAGAIN);
	feed(tty, "ab");
	KT_ASSERT(out_is(""));
	feed(tty, "\x11");
	KT_ASSERT(out_is("ab"));
	KT_ASSERT(tt_write(tty, "zz", true) == 2);
	KT_ASSERT(out_is("zz"));
	feed(tty, "\n");
	tty_get_termios(tty, &t);
	tty_set_termios(tty, &t, true);
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == -EAGAIN);
	return 0;
}

/* Flow control, TCSETSF, SIGWINCH. Returns 0 when it passes. */
int
ktest_tty_ctl(void)
{
	struct tty *tty = tt_new();
	int r;

	KT_ASSERT(tty != NULL);
	r = ctl_test(tty);
	kfree(tty);
	return r;
}

/* A process that is not in the process table, for the session checks:
 * the current thread poses as its only thread. */
static struct sighand fake_sh;
static struct proc fake_p;
static struct uthread fake_ut;

static void
pose_as(int pid, int pgid, int sid)
{
	memset(&fake_sh, 0, sizeof(fake_sh));
	memset(&fake_p, 0, sizeof(fake_p));
	memset(&fake_ut, 0, sizeof(fake_ut));
	fake_p.pid = pid;
	fake_p.pgid = pgid;
	fake_p.sid = sid;
	fake_p.sighand = &fake_sh;
	sigpending_init(&fake_p.shared_pending);
	sigpending_init(&fake_ut.pending);
	fake_ut.p = &fake_p;
}

/* Reads and writes of a background group (orphaned: it has no parent),
 * with SIGTTIN and SIGTTOU blocked, ignored or default. */
static int
background_test(struct tty *tty)
{
	char buf[16];

	fake_p.pgid = 90002;
	fake_ut.sigmask = SIGBIT(SIGTTIN);
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == -EIO);
	fake_ut.sigmask = 0;
	fake_sh.action[SIGTTIN - 1].handler = SIG_IGN;
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == -EIO);
	fake_sh.action[SIGTTIN - 1].handler = SIG_DFL;
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == -EIO);
	KT_ASSERT(tt_write(tty, "w", true) == 1);
	set_lflag(tty, TOSTOP, 0);
	KT_ASSERT(tt_write(tty, "w", true) == -EIO);
	fake_ut.sigmask = SIGBIT(SIGTTOU);
	KT_ASSERT(tt_write(tty, "w", true) == 1);
	fake_ut.sigmask = 0;
	fake_sh.action[SIGTTOU - 1].handler = SIG_IGN;
	KT_ASSERT(tt_write(tty, "w", true) == 1);
	KT_ASSERT(tty_job_check(tty, SIGTTOU) == 0);
	fake_p.ctty = NULL;
	fake_sh.action[SIGTTOU - 1].handler = SIG_DFL;
	KT_ASSERT(tt_read(tty, buf, sizeof(buf), true) == -EAGAIN);
	KT_ASSERT(tt_write(tty, "w", true) == 1);
	return 0;
}

/* A session leader acquires the terminal on open, its foreground group
 * reads, background groups are stopped by the checks, and its exit hangs
 * up the foreground group. */
static int
session_test(struct tty *tty)
{
	struct thread *me = curthread();
	int r;

	pose_as(90001, 90001, 90001);
	tty_open_ctty(tty, &fake_p, O_RDWR | O_NOCTTY);
	KT_ASSERT(fake_p.ctty == NULL && tty->session == 0);
	tty_open_ctty(tty, &fake_p, O_RDWR);
	KT_ASSERT(fake_p.ctty == tty && tty->session == 90001);
	KT_ASSERT(tty->pgrp == 90001);
	me->proc = &fake_ut;
	feed(tty, "x\n");
	r = read_is(tty, "x\n") ? 0 : -1;
	if (r == 0)
		r = background_test(tty);
	me->proc = NULL;
	KT_ASSERT(r == 0);
	tty_session_leave(&fake_p);
	KT_ASSERT(fake_p.ctty == NULL);
	fake_p.ctty = tty;
	tty_exit_session_leader(&fake_p);
	KT_ASSERT(dev.nsigs == 2 && dev.sigs[0] == SIGHUP &&
		  dev.sigs[1] == SIGCONT);
	KT_ASSERT(fake_p.ctty == NULL && tty->session == 0 && tty->pgrp == 0);
	return 0;
}

/* Controlling terminal and job-control checks. Returns 0 when it passes. */
int
ktest_tty_session(void)
{
	struct tty *tty = tt_new();
	int r;

	KT_ASSERT(tty != NULL);
	r = session_test(tty);
	kfree(tty);
	return r;
}
