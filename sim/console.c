/*
 * console.c -- the machine's serial console on the host terminal or a pipe.
 * A terminal is put in raw mode (restored on every exit); scripted input
 * from a pipe or file is paced a line at a time (see doc/handbook.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sim.h"

#define PACE_NS 2000000000ull	/* a line is typed at the latest 2 s after the last */
#define FIFO_SIZE 4096

static int out_fd = 1;
static bool tty_in;		/* stdin is a terminal: deliver keys at once */
static struct termios saved_tio;
static bool tio_saved;

/* Host side: bytes read from stdin, not yet delivered to the guest. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static char *host_buf;
static size_t host_len, host_cap;
static bool host_eof;

/* Guest side: the UART's receive FIFO. */
static unsigned char fifo[FIFO_SIZE];
static size_t fifo_head, fifo_tail;	/* guarded by lock */
static bool guest_eof;			/* EOF delivered to the guest */
static bool flow_ready;			/* the guest waits for input */
static uint64_t last_delivery;		/* guest ns of the last line */
atomic_bool sim_console_kick;		/* virtual clock: look at input now */

void
sim_console_write(const char *s, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = write(out_fd, s, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return;		/* the console went away: drop output */
		s += r;
		n -= (size_t)r;
	}
}

/* hal_console_get: one byte of the FIFO, or NONE/EOF. */
int
sim_console_read(void)
{
	int c = -1;

	pthread_mutex_lock(&lock);
	if (fifo_head != fifo_tail) {
		c = fifo[fifo_tail % FIFO_SIZE];
		fifo_tail++;
	} else if (guest_eof) {
		c = -2;
	}
	pthread_mutex_unlock(&lock);
	return c;
}

/* hal_console_flow: the guest asserts (1) or drops (0) "ready for input". */
void
sim_console_flow(int ready)
{
	pthread_mutex_lock(&lock);
	flow_ready = ready != 0;
	if (ready) {
		pthread_cond_broadcast(&cond);
		atomic_store(&sim_console_kick, true);
	}
	pthread_mutex_unlock(&lock);
}

/* Move n host bytes into the FIFO (lock held); raise the line. */
static void
push_locked(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && fifo_head - fifo_tail < FIFO_SIZE; i++)
		fifo[fifo_head++ % FIFO_SIZE] = (unsigned char)s[i];
	if (i < n)
		fprintf(stderr, "circlesim: console: receive FIFO overrun, "
			"%zu bytes dropped\n", n - i);
}

/*
 * A key that acts at once (Ctrl-C, Ctrl-Z, Ctrl-D...) at the start of a
 * line is typed alone; the rest of its line (its newline) is the next
 * line, typed when a reader waits. So the newline does not race the
 * shell taking the terminal back after the job it stopped or killed,
 * and the transcript is the same however the bytes travel (a UART may
 * deliver them one interrupt at a time). Tab, CR and Esc (which starts
 * a key's escape sequence) are typed with their line.
 */
static bool
key_alone(unsigned char c)
{
	return c < ' ' && c != '\t' && c != '\n' && c != '\r' && c != 0x1b;
}

/* Length of the first line in the host buffer (with its '\n'), or 0. */
static size_t
first_line(void)
{
	char *nl;

	if (host_len == 0)
		return 0;
	if (key_alone((unsigned char)host_buf[0]))
		return 1;
	nl = memchr(host_buf, '\n', host_len);
	if (nl != NULL)
		return (size_t)(nl - host_buf) + 1;
	return host_eof ? host_len : 0;
}

/*
 * Deliver the next scripted line, or EOF, to the guest (lock held).
 * Returns true when something was delivered.
 */
static bool
deliver_line_locked(uint64_t now)
{
	size_t n = first_line();

	if (n > 0) {
		push_locked(host_buf, n);
		memmove(host_buf, host_buf + n, host_len - n);
		host_len -= n;
	} else if (host_eof && !guest_eof) {
		guest_eof = true;
	} else {
		return false;
	}
	last_delivery = now;
	flow_ready = false;
	return true;
}

/*
 * Virtual clock: deliver console input due at guest time `now`; else store
 * in *next when it will be due (UINT64_MAX: never). Token holder only.
 * Blocks for host input when a line is due, so the schedule does not
 * depend on how fast the host pipe is.
 */
bool
sim_console_deliver_due(uint64_t now, uint64_t *next)
{
	bool done = false;
	uint64_t due;

	pthread_mutex_lock(&lock);
	if (tty_in) {
		if (host_len > 0) {
			push_locked(host_buf, host_len);
			host_len = 0;
			done = true;
		} else if (host_eof && !guest_eof) {
			guest_eof = done = true;
		}
		*next = UINT64_MAX;
		goto out;
	}
	if (guest_eof) {
		*next = UINT64_MAX;
		goto out;
	}
	due = flow_ready ? now : last_delivery + PACE_NS;
	if (now < due) {
		*next = due;
		goto out;
	}
	atomic_fetch_add(&sim_host_wait, 1);
	while (first_line() == 0 && !host_eof)
		pthread_cond_wait(&cond, &lock);
	atomic_fetch_sub(&sim_host_wait, 1);
	done = deliver_line_locked(now);
	*next = UINT64_MAX;
out:
	pthread_mutex_unlock(&lock);
	if (done)
		sim_irq_raise(0, SIM_IRQ_CONSOLE);
	return done;
}

/*
 * Virtual clock, every CPU idle and nothing scheduled: wait for keys on a
 * terminal. Returns false when no input can ever come.
 */
bool
sim_console_wait_input(void)
{
	uint64_t next;

	pthread_mutex_lock(&lock);
	atomic_fetch_add(&sim_host_wait, 1);
	while (tty_in && host_len == 0 && !host_eof)
		pthread_cond_wait(&cond, &lock);
	atomic_fetch_sub(&sim_host_wait, 1);
	pthread_mutex_unlock(&lock);
	return sim_console_deliver_due(sim_vtime, &next);
}

static void
help_keys(void)
{
	static const char msg[] =
		"\r\nC-a h    print this help\r\n"
		"C-a x    exit circlesim\r\n"
		"C-a C-a  send C-a to the guest\r\n";
	sim_console_write(msg, sizeof(msg) - 1);
}

/* Terminal keys: C-a x quits, C-a h helps, C-a C-a sends C-a. */
static size_t
filter_keys(char *b, size_t n)
{
	static bool escape;
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (escape) {
			escape = false;
			if (b[i] == 'x') {
				sim_console_restore();
				fprintf(stderr, "\ncirclesim: terminated by C-a x\n");
				sim_exit(0);
			}
			if (b[i] == 'h' || b[i] == '?')
				help_keys();
			if (b[i] == 1 || b[i] == 'a')
				b[o++] = 1;
			continue;
		}
		if (b[i] == 1) {
			escape = true;
			continue;
		}
		b[o++] = b[i];
	}
	return o;
}

static void
append_host(const char *b, size_t n)
{
	if (host_len + n > host_cap) {
		host_cap = (host_len + n) * 2 + 4096;
		host_buf = realloc(host_buf, host_cap);
		if (host_buf == NULL)
			sim_fatal("console: out of memory");
	}
	memcpy(host_buf + host_len, b, n);
	host_len += n;
}

/* Reads stdin for the whole run. */
static void *
reader_thread(void *arg)
{
	char b[4096];
	ssize_t r;
	size_t n;

	(void)arg;
	for (;;) {
		r = read(0, b, sizeof(b));
		if (r < 0 && errno == EINTR)
			continue;
		pthread_mutex_lock(&lock);
		if (r <= 0) {
			host_eof = true;
		} else {
			n = tty_in ? filter_keys(b, (size_t)r) : (size_t)r;
			if (tty_in && !sim_virtual) {
				push_locked(b, n);
			} else {
				append_host(b, n);
			}
		}
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
		if (tty_in)
			atomic_store(&sim_console_kick, true);
		if (tty_in && !sim_virtual)
			sim_irq_raise(0, SIM_IRQ_CONSOLE);
		if (r <= 0)
			return NULL;
	}
}

/* Host clock, scripted input: type a line when the guest is ready. */
static void *
pacer_thread(void *arg)
{
	struct timespec ts;
	uint64_t now, due;
	bool done;

	(void)arg;
	pthread_mutex_lock(&lock);
	while (!guest_eof) {
		now = sim_time_ns();
		due = flow_ready ? now : last_delivery + PACE_NS;
		if ((first_line() > 0 || host_eof) && now >= due) {
			done = deliver_line_locked(now);
			pthread_mutex_unlock(&lock);
			if (done)
				sim_irq_raise(0, SIM_IRQ_CONSOLE);
			pthread_mutex_lock(&lock);
			continue;
		}
		if (first_line() == 0 && !host_eof) {
			pthread_cond_wait(&cond, &lock);
			continue;
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += (time_t)((due - now) / 1000000000u);
		ts.tv_nsec += (long)((due - now) % 1000000000u);
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&cond, &lock, &ts);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

/* Put the host terminal back as we found it. Async-signal-safe. */
void
sim_console_restore(void)
{
	if (tio_saved)
		tcsetattr(0, TCSAFLUSH, &saved_tio);
}

static void
raw_mode(void)
{
	struct termios t;

	if (tcgetattr(0, &saved_tio) < 0)
		return;
	tio_saved = true;
	t = saved_tio;
	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				  IGNCR | ICRNL | IXON);
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
	t.c_cflag |= CS8;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(0, TCSAFLUSH, &t);	/* output processing stays on */
}

void
sim_console_init(void)
{
	pthread_t t;

	if (sim_opt.serial != NULL) {
		out_fd = open(sim_opt.serial, O_WRONLY | O_CREAT | O_TRUNC |
			      O_CLOEXEC, 0644);
		if (out_fd < 0)
			sim_fatal("-serial file:%s: %s", sim_opt.serial,
				  strerror(errno));
	}
	tty_in = isatty(0);
	if (tty_in)
		raw_mode();
	if (pthread_create(&t, NULL, reader_thread, NULL) != 0)
		sim_fatal("console: cannot start the input thread");
	pthread_detach(t);
	if (!tty_in && !sim_virtual) {
		if (pthread_create(&t, NULL, pacer_thread, NULL) != 0)
			sim_fatal("console: cannot start the pacing thread");
		pthread_detach(t);
	}
}
