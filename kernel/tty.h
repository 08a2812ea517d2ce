/*
 * tty.h -- terminals: Linux's termios and n_tty line discipline (ldisc.c),
 * the tty file operations, job control and sessions (tty.c, tty_ioctl.c),
 * and the console terminal on the HAL's serial line (tty_console.c).
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include "kernel.h"
#include "spinlock.h"
#include "waitq.h"

/* struct termios as TCGETS/TCSETS copy it (same on x86_64 and aarch64). */
#define NCCS 19

struct termios {
	uint32_t c_iflag;
	uint32_t c_oflag;
	uint32_t c_cflag;
	uint32_t c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};

struct winsize {
	uint16_t ws_row;
	uint16_t ws_col;
	uint16_t ws_xpixel;
	uint16_t ws_ypixel;
};

_Static_assert(sizeof(struct termios) == 36, "Linux struct termios");
_Static_assert(sizeof(struct winsize) == 8, "Linux struct winsize");

/* c_cc indices */
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSWTC 7
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VEOL 11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15
#define VEOL2 16

/* c_iflag */
#define IGNBRK 0000001
#define BRKINT 0000002
#define IGNPAR 0000004
#define PARMRK 0000010
#define INPCK 0000020
#define ISTRIP 0000040
#define INLCR 0000100
#define IGNCR 0000200
#define ICRNL 0000400
#define IUCLC 0001000
#define IXON 0002000
#define IXANY 0004000
#define IXOFF 0010000
#define IMAXBEL 0020000
#define IUTF8 0040000

/* c_oflag */
#define OPOST 0000001
#define OLCUC 0000002
#define ONLCR 0000004
#define OCRNL 0000010
#define ONOCR 0000020
#define ONLRET 0000040
#define TABDLY 0014000
#define XTABS 0014000

/* c_cflag */
#define CBAUD 0010017
#define B38400 0000017
#define CSIZE 0000060
#define CS8 0000060
#define CREAD 0000200
#define HUPCL 0002000
#define CLOCAL 0004000

/* c_lflag */
#define ISIG 0000001
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHONL 0000100
#define NOFLSH 0000200
#define TOSTOP 0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE 0004000
#define IEXTEN 0100000

/* ioctl requests (asm-generic/ioctls.h, used by x86_64 and aarch64) */
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCEXCL 0x540C
#define TIOCNXCL 0x540D
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCOUTQ 0x5411
#define TIOCSTI 0x5412
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define FIONBIO 0x5421
#define TIOCNOTTY 0x5422
#define TIOCSETD 0x5423
#define TIOCGETD 0x5424
#define TCSBRKP 0x5425
#define TIOCSBRK 0x5427
#define TIOCCBRK 0x5428
#define TIOCGSID 0x5429

/* TCFLSH and TCXONC arguments */
#define TCIFLUSH 0
#define TCOFLUSH 1
#define TCIOFLUSH 2
#define TCOOFF 0
#define TCOON 1
#define TCIOFF 2
#define TCION 3

#define TTY_BUF_SIZE 4096	/* input buffer; a power of two */
#define TTY_OBUF_SIZE 256	/* output staged before ops->write */

struct tty;

/* What a terminal's device does; the line discipline calls these. */
struct tty_ops {
	/* Send n bytes to the device. Called with tty->lock held; must not
	 * sleep. */
	void (*write)(struct tty *tty, const char *s, size_t n);
	/* A reader waits with nothing to read (true) or no longer (false).
	 * May be NULL. Called with tty->lock held; must not sleep. */
	void (*flow)(struct tty *tty, bool ready);
	/* Send sig to process group pgrp (keyboard signals, SIGWINCH,
	 * hangup). NULL means signal_pgrp. Called in thread context
	 * without tty->lock and proc_lock. */
	void (*signal)(struct tty *tty, int pgrp, int sig);
};

struct tty {
	const char *name;
	const struct tty_ops *ops;
	void *priv;			/* the device's own data */
	struct waitq readq;		/* readers and pollers */
	struct waitq writeq;		/* writers while output is stopped */
	struct waitq flipq;		/* the input worker (tty_console.c) */
	struct mutex rlock;		/* one reader at a time */
	struct mutex wlock;		/* one writer at a time */

	struct spinlock lock;		/* guards everything below */
	struct termios tio;
	struct winsize ws;
	int session;			/* sid of its session, 0: none */
	int pgrp;			/* foreground process group, 0: none */

	/* Input ring: [rtail, canon) complete lines, [canon, rhead) the line
	 * being edited (canonical mode); counters wrap at TTY_BUF_SIZE. */
	unsigned char buf[TTY_BUF_SIZE];
	uint8_t delim[TTY_BUF_SIZE / 8];	/* bit set: a line ends here */
	size_t rtail, canon, rhead;
	bool lnext;			/* the next byte is literal */
	bool erasing;			/* ECHOPRT: inside "\...". */
	bool ended;			/* the device's input ended for good */
	uint64_t sigs;			/* SIGBIT()s to send once unlocked */

	/* Output state. */
	unsigned column, canon_column;	/* for tabs and erasing them */
	bool stopped;			/* ^S (IXON) */
	bool tco_stopped;		/* TCXONC TCOOFF */
	char obuf[TTY_OBUF_SIZE];	/* staged output and echoes */
	size_t olen;

	/* Flow control toward the device. */
	int nwaiting;			/* readers sleeping for input */
	bool flow_ready;		/* last value passed to ops->flow */

	/* Bytes from the device not yet through the line discipline
	 * (tty_console.c fills it from the interrupt handler). */
	struct spinlock flip_lock;	/* guards flip*, taken in interrupts */
	unsigned char flip[TTY_BUF_SIZE];
	size_t flip_head, flip_tail;
	bool flip_eof;
	bool flip_kick;			/* the worker has something to do */
};

/* ---- ldisc.c: the line discipline, a state machine on struct tty. All
 * functions are called with tty->lock held and never sleep. ---- */

void ldisc_receive(struct tty *tty, unsigned char c);
void ldisc_input_end(struct tty *tty);
void ldisc_flush_input(struct tty *tty);
void ldisc_set_termios(struct tty *tty, const struct termios *t);
bool ldisc_readable(struct tty *tty, bool poll);
size_t ldisc_read_canon(struct tty *tty, char *dst, size_t n, bool *eol);
size_t ldisc_read_raw(struct tty *tty, char *dst, size_t n);
size_t ldisc_inq(struct tty *tty);
void ldisc_output(struct tty *tty, const char *s, size_t n);
void ldisc_put_raw(struct tty *tty, char c);
void ldisc_flush_out(struct tty *tty);
void ldisc_start_output(struct tty *tty);
void tty_default_termios(struct termios *t);

/* ---- tty.c: terminals as files. ---- */

struct file;
struct file_ops;
struct proc;
struct uio;
struct poll_table;

void tty_setup(struct tty *tty, const char *name, const struct tty_ops *ops,
	       void *priv);
void tty_receive(struct tty *tty, const unsigned char *s, size_t n);
void tty_input_end(struct tty *tty);
bool tty_flip_push(struct tty *tty, int c);
bool tty_flip_take_kick(struct tty *tty);
void tty_flip_process(struct tty *tty);
ssize_t tty_read(struct file *f, struct uio *u, uint64_t off);
ssize_t tty_write(struct file *f, struct uio *u, uint64_t off);
unsigned tty_poll(struct file *f, struct poll_table *pt);
void tty_deliver_sigs(struct tty *tty, int pgrp, uint64_t sigs);
ssize_t tty_kwrite(struct tty *tty, const char *buf, size_t n);
int tty_job_check(struct tty *tty, int sig);
struct tty *tty_of_file(struct file *f);

/* ---- tty_ioctl.c: ioctls, termios changes, sessions. ---- */

int tty_ioctl(struct file *f, unsigned long cmd, uintptr_t arg);
int tty_set_termios(struct tty *tty, const struct termios *t, bool flush);
void tty_get_termios(struct tty *tty, struct termios *t);
int tty_set_winsize(struct tty *tty, const struct winsize *ws);
void tty_open_ctty(struct tty *tty, struct proc *p, unsigned flags);
void tty_session_leave(struct proc *p);
void tty_exit_session_leader(struct proc *p);

/* ---- tty_console.c: the console terminal, /dev/console, /dev/tty. ---- */

extern struct tty console_tty;
extern const struct file_ops tty_fops;

void tty_init(void);
int tty_console_file(struct proc *p, struct file **out);
ssize_t tty_console_write(const char *buf, size_t n);

#endif
