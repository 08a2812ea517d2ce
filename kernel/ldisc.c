/*
 * ldisc.c -- the line discipline of Linux's n_tty as a state machine on
 * struct tty: input mapping, canonical line editing, echo, keyboard
 * signals, output processing. No HAL and no sleeping: every function is
 * called with tty->lock held; output goes to tty->ops->write.
 */
#include "signal.h"
#include "tty.h"

#define MASK(x) ((x) & (TTY_BUF_SIZE - 1))
#define DISABLED_CHAR 0		/* _POSIX_VDISABLE; an EOF in the buffer */

#define I_(t, f) ((t)->tio.c_iflag & (f))
#define O_(t, f) ((t)->tio.c_oflag & (f))
#define L_(t, f) ((t)->tio.c_lflag & (f))

enum { KILL_CHAR, ERASE_CHAR, WERASE_CHAR };

/* ASCII control characters (Linux's iscntrl also counts 128-159; those
 * are UTF-8 continuation bytes here). */
static bool
is_ctrl(unsigned char c)
{
	return c < 32 || c == 127;
}

static bool
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static bool
is_cc(struct tty *tty, unsigned char c, int idx)
{
	return c != DISABLED_CHAR && tty->tio.c_cc[idx] == c;
}

static bool
is_continuation(struct tty *tty, unsigned char c)
{
	return I_(tty, IUTF8) && (c & 0xc0) == 0x80;
}

/* Fill t with Linux's tty_std_termios. Any context. */
void
tty_default_termios(struct termios *t)
{
	static const uint8_t cc[NCCS] = {
		003, 034, 0177, 025, 004, 0, 1, 0, 021, 023, 032, 0, 022,
		017, 027, 026, 0,
	};

	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		     IEXTEN;
	memcpy(t->c_cc, cc, NCCS);
}

/* ---- the input ring ---- */

static size_t
read_cnt(struct tty *tty)
{
	return tty->rhead - tty->rtail;
}

static bool
test_delim(struct tty *tty, size_t i)
{
	i = MASK(i);
	return tty->delim[i / 8] & (1u << (i % 8));
}

static void
set_delim(struct tty *tty, size_t i, bool on)
{
	i = MASK(i);
	if (on)
		tty->delim[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		tty->delim[i / 8] &= (uint8_t)~(1u << (i % 8));
}

/* Room for one more byte? In canonical mode an ordinary byte must leave
 * a slot for the byte that ends the line. */
static bool
has_room(struct tty *tty, bool ends_line)
{
	size_t free = TTY_BUF_SIZE - read_cnt(tty);

	return free >= (L_(tty, ICANON) && !ends_line ? 2u : 1u);
}

static void
put_queue(struct tty *tty, unsigned char c)
{
	tty->buf[MASK(tty->rhead)] = c;
	tty->rhead++;
}

/* Drop all input (n_tty's reset_buffer_flags). tty->lock held. */
void
ldisc_flush_input(struct tty *tty)
{
	tty->rtail = tty->canon = tty->rhead = 0;
	memset(tty->delim, 0, sizeof(tty->delim));
	tty->lnext = tty->erasing = false;
}

/* ---- output ---- */

/* Send the staged output to the device, unless output is stopped.
 * tty->lock held. */
void
ldisc_flush_out(struct tty *tty)
{
	if (tty->olen == 0 || tty->stopped)
		return;
	tty->ops->write(tty, tty->obuf, tty->olen);
	tty->olen = 0;
}

/* Stage one byte as is. While output is stopped, at most a buffer of it
 * is kept; the rest is lost. tty->lock held. */
void
ldisc_put_raw(struct tty *tty, char c)
{
	if (tty->olen == sizeof(tty->obuf))
		ldisc_flush_out(tty);
	if (tty->olen < sizeof(tty->obuf))
		tty->obuf[tty->olen++] = c;
}

/* One byte through OPOST processing (n_tty's do_output_char). */
static void
out_char(struct tty *tty, unsigned char c)
{
	unsigned spaces;

	switch (c) {
	case '\n':
		if (O_(tty, ONLRET))
			tty->column = 0;
		if (O_(tty, ONLCR)) {
			tty->canon_column = tty->column = 0;
			ldisc_put_raw(tty, '\r');
			break;
		}
		tty->canon_column = tty->column;
		break;
	case '\r':
		if (O_(tty, ONOCR) && tty->column == 0)
			return;
		if (O_(tty, OCRNL)) {
			c = '\n';
			if (O_(tty, ONLRET))
				tty->canon_column = tty->column = 0;
			break;
		}
		tty->canon_column = tty->column = 0;
		break;
	case '\t':
		spaces = 8 - (tty->column & 7);
		tty->column += spaces;
		if (O_(tty, TABDLY) == XTABS) {
			while (spaces-- > 0)
				ldisc_put_raw(tty, ' ');
			return;
		}
		break;
	case '\b':
		if (tty->column > 0)
			tty->column--;
		break;
	default:
		if (is_ctrl(c))
			break;
		if (O_(tty, OLCUC) && c >= 'a' && c <= 'z')
			c = (unsigned char)(c - 'a' + 'A');
		if (!is_continuation(tty, c))
			tty->column++;
		break;
	}
	ldisc_put_raw(tty, (char)c);
}

/* Stage written data: post-processed with OPOST, else as is.
 * tty->lock held. */
void
ldisc_output(struct tty *tty, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (O_(tty, OPOST))
			out_char(tty, (unsigned char)s[i]);
		else
			ldisc_put_raw(tty, s[i]);
	}
}

/* Resume output stopped by ^S (not one stopped by TCXONC TCOOFF).
 * tty->lock held. */
void
ldisc_start_output(struct tty *tty)
{
	if (tty->tco_stopped)
		return;
	tty->stopped = false;
	ldisc_flush_out(tty);
}

/* ---- echo ---- */

static void
echo_raw(struct tty *tty, unsigned char c)
{
	if (O_(tty, OPOST))
		out_char(tty, c);
	else
		ldisc_put_raw(tty, (char)c);
}

/* Echo an input byte: control characters as ^X with ECHOCTL. */
static void
echo_char(struct tty *tty, unsigned char c)
{
	if (L_(tty, ECHOCTL) && is_ctrl(c) && c != '\t') {
		ldisc_put_raw(tty, '^');
		ldisc_put_raw(tty, (char)(c ^ 0100));
		tty->column += 2;
	} else {
		echo_raw(tty, c);
	}
}

/* End an ECHOPRT "\erased/" sequence. */
static void
finish_erasing(struct tty *tty)
{
	if (tty->erasing) {
		echo_raw(tty, '/');
		tty->erasing = false;
	}
}

static void
echo_backspace(struct tty *tty)
{
	echo_raw(tty, '\b');
	echo_raw(tty, ' ');
	echo_raw(tty, '\b');
}

/* Back over a tab: count the columns since the line's start or the tab
 * before it (n_tty's echo_erase_tab). */
static void
erase_tab(struct tty *tty)
{
	unsigned cols = 0, nbs;
	bool after_tab = false;
	size_t tail = tty->rhead;
	unsigned char c;

	while (tail != tty->canon) {
		c = tty->buf[MASK(--tail)];
		if (c == '\t') {
			after_tab = true;
			break;
		}
		if (is_ctrl(c))
			cols += L_(tty, ECHOCTL) ? 2 : 0;
		else if (!is_continuation(tty, c))
			cols++;
	}
	if (!after_tab)
		cols += tty->canon_column;
	for (nbs = 8 - (cols & 7); nbs > 0; nbs--) {
		ldisc_put_raw(tty, '\b');
		if (tty->column > 0)
			tty->column--;
	}
}

/* Show that character c, cnt bytes at head, was erased. */
static void
erase_echo(struct tty *tty, int kind, unsigned char c, size_t head,
	   size_t cnt)
{
	if (L_(tty, ECHOPRT)) {
		if (!tty->erasing) {
			echo_raw(tty, '\\');
			tty->erasing = true;
		}
		echo_char(tty, c);
		while (--cnt > 0) {
			echo_raw(tty, tty->buf[MASK(++head)]);
			if (tty->column > 0)
				tty->column--;
		}
	} else if (kind == ERASE_CHAR && !L_(tty, ECHOE)) {
		echo_char(tty, tty->tio.c_cc[VERASE]);
	} else if (c == '\t') {
		erase_tab(tty);
	} else {
		if (is_ctrl(c) && L_(tty, ECHOCTL))
			echo_backspace(tty);
		if (!is_ctrl(c) || L_(tty, ECHOCTL))
			echo_backspace(tty);
	}
}

/* Kill without visual erase: echo the kill character (and a newline). */
static void
kill_plain(struct tty *tty, unsigned char c)
{
	tty->rhead = tty->canon;
	if (!L_(tty, ECHO))
		return;
	finish_erasing(tty);
	echo_char(tty, c);
	if (L_(tty, ECHOK))
		echo_raw(tty, '\n');
}

/* ERASE, WERASE or KILL in canonical mode (n_tty's eraser). */
static void
eraser(struct tty *tty, unsigned char c)
{
	int kind, seen_alnums = 0;
	size_t head;
	unsigned char ch;

	if (tty->rhead == tty->canon)
		return;
	if (is_cc(tty, c, VERASE)) {
		kind = ERASE_CHAR;
	} else if (is_cc(tty, c, VWERASE)) {
		kind = WERASE_CHAR;
	} else {
		if (!L_(tty, ECHO) || !L_(tty, ECHOK) || !L_(tty, ECHOKE) ||
		    !L_(tty, ECHOE)) {
			kill_plain(tty, c);
			return;
		}
		kind = KILL_CHAR;
	}
	while (tty->rhead != tty->canon) {
		head = tty->rhead;
		do {
			ch = tty->buf[MASK(--head)];
		} while (is_continuation(tty, ch) && head != tty->canon);
		if (is_continuation(tty, ch))
			break;
		if (kind == WERASE_CHAR) {
			if (is_alnum(ch) || ch == '_')
				seen_alnums++;
			else if (seen_alnums)
				break;
		}
		size_t cnt = tty->rhead - head;
		tty->rhead = head;
		if (L_(tty, ECHO))
			erase_echo(tty, kind, ch, head, cnt);
		if (kind == ERASE_CHAR)
			break;
	}
	if (tty->rhead == tty->canon && L_(tty, ECHO))
		finish_erasing(tty);
}

/* ^R: echo the character, a newline, and the line typed so far. */
static void
reprint(struct tty *tty, unsigned char c)
{
	finish_erasing(tty);
	echo_char(tty, c);
	echo_raw(tty, '\n');
	for (size_t i = tty->canon; i != tty->rhead; i++)
		echo_char(tty, tty->buf[MASK(i)]);
}

/* ---- input ---- */

/* Queue c as the byte that completes a line (an EOF is queued as NUL). */
static void
end_line(struct tty *tty, unsigned char c)
{
	set_delim(tty, tty->rhead, true);
	put_queue(tty, c);
	tty->canon = tty->rhead;
}

/* Queue an ordinary byte, doubling \377 for PARMRK as n_tty does. */
static void
store(struct tty *tty, unsigned char c)
{
	if (c == 0377 && I_(tty, PARMRK) && has_room(tty, false))
		put_queue(tty, c);
	put_queue(tty, c);
}

/* Echo an ordinary byte, remembering where the line began. */
static void
echo_input(struct tty *tty, unsigned char c)
{
	finish_erasing(tty);
	if (tty->canon == tty->rhead)
		tty->canon_column = tty->column;
	echo_char(tty, c);
}

static void
restart_on_any(struct tty *tty)
{
	if (tty->stopped && !tty->tco_stopped && I_(tty, IXON) &&
	    I_(tty, IXANY))
		ldisc_start_output(tty);
}

/* An ordinary byte (n_tty_receive_char). */
static void
receive_plain(struct tty *tty, unsigned char c)
{
	if (!has_room(tty, false))
		return;
	restart_on_any(tty);
	if (L_(tty, ECHO))
		echo_input(tty, c);
	store(tty, c);
}

/* Does c need more than receive_plain (n_tty's char_map)? */
static bool
is_special(struct tty *tty, unsigned char c)
{
	if (c == '\r' && I_(tty, IGNCR | ICRNL))
		return true;
	if (c == '\n' && I_(tty, INLCR))
		return true;
	if (c == DISABLED_CHAR)
		return false;
	if (I_(tty, IXON) && (is_cc(tty, c, VSTART) || is_cc(tty, c, VSTOP)))
		return true;
	if (L_(tty, ISIG) && (is_cc(tty, c, VINTR) || is_cc(tty, c, VQUIT) ||
			      is_cc(tty, c, VSUSP)))
		return true;
	if (!L_(tty, ICANON))
		return false;
	if (c == '\n' || is_cc(tty, c, VERASE) || is_cc(tty, c, VKILL) ||
	    is_cc(tty, c, VEOF) || is_cc(tty, c, VEOL))
		return true;
	return L_(tty, IEXTEN) && (is_cc(tty, c, VWERASE) ||
				   is_cc(tty, c, VLNEXT) ||
				   is_cc(tty, c, VEOL2) ||
				   (L_(tty, ECHO) && is_cc(tty, c, VREPRINT)));
}

/* ^S and ^Q with IXON. */
static bool
flow_char(struct tty *tty, unsigned char c)
{
	if (is_cc(tty, c, VSTART)) {
		ldisc_start_output(tty);
		return true;
	}
	if (is_cc(tty, c, VSTOP)) {
		tty->stopped = true;
		return true;
	}
	return false;
}

/* ^C ^\ ^Z with ISIG: queue the signal for the foreground group, flush
 * unless NOFLSH, echo the character. */
static bool
sig_char(struct tty *tty, unsigned char c)
{
	int sig;

	if (is_cc(tty, c, VINTR))
		sig = SIGINT;
	else if (is_cc(tty, c, VQUIT))
		sig = SIGQUIT;
	else if (is_cc(tty, c, VSUSP))
		sig = SIGTSTP;
	else
		return false;
	tty->sigs |= SIGBIT(sig);
	if (!L_(tty, NOFLSH)) {
		ldisc_flush_input(tty);
		tty->olen = 0;
	}
	if (I_(tty, IXON))
		ldisc_start_output(tty);
	if (L_(tty, ECHO))
		echo_char(tty, c);
	return true;
}

/* Newline, EOF, EOL, EOL2: complete the line. */
static bool
line_end_char(struct tty *tty, unsigned char c)
{
	bool eof = is_cc(tty, c, VEOF);

	if (c != '\n' && !eof && !is_cc(tty, c, VEOL) &&
	    !(is_cc(tty, c, VEOL2) && L_(tty, IEXTEN)))
		return false;
	if (!has_room(tty, true))
		return true;
	if (c == '\n') {
		if (L_(tty, ECHO | ECHONL))
			echo_raw(tty, '\n');
	} else if (!eof && L_(tty, ECHO)) {
		if (tty->canon == tty->rhead)
			tty->canon_column = tty->column;
		echo_char(tty, c);
	}
	if (!eof && c == 0377 && I_(tty, PARMRK))
		put_queue(tty, c);
	end_line(tty, eof ? DISABLED_CHAR : c);
	return true;
}

/* The editing characters of canonical mode; true when c was one. */
static bool
canon_char(struct tty *tty, unsigned char c)
{
	if (is_cc(tty, c, VERASE) || is_cc(tty, c, VKILL) ||
	    (is_cc(tty, c, VWERASE) && L_(tty, IEXTEN))) {
		eraser(tty, c);
		return true;
	}
	if (is_cc(tty, c, VLNEXT) && L_(tty, IEXTEN)) {
		tty->lnext = true;
		if (L_(tty, ECHO)) {
			finish_erasing(tty);
			if (L_(tty, ECHOCTL)) {
				echo_raw(tty, '^');
				echo_raw(tty, '\b');
			}
		}
		return true;
	}
	if (is_cc(tty, c, VREPRINT) && L_(tty, ECHO) && L_(tty, IEXTEN)) {
		reprint(tty, c);
		return true;
	}
	return line_end_char(tty, c);
}

/* n_tty_receive_char_special. */
static void
receive_special(struct tty *tty, unsigned char c)
{
	if (I_(tty, IXON) && flow_char(tty, c))
		return;
	if (L_(tty, ISIG) && sig_char(tty, c))
		return;
	restart_on_any(tty);
	if (c == '\r') {
		if (I_(tty, IGNCR))
			return;
		if (I_(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I_(tty, INLCR)) {
		c = '\r';
	}
	if (L_(tty, ICANON) && canon_char(tty, c))
		return;
	if (!has_room(tty, false))
		return;
	if (L_(tty, ECHO)) {
		if (c == '\n') {
			finish_erasing(tty);
			echo_raw(tty, '\n');
		} else {
			echo_input(tty, c);
		}
	}
	store(tty, c);
}

/* One byte from the device. Output it causes is staged (flush it with
 * ldisc_flush_out); signals it raises are added to tty->sigs.
 * tty->lock held. */
void
ldisc_receive(struct tty *tty, unsigned char c)
{
	bool literal = tty->lnext;

	tty->lnext = false;
	if (I_(tty, ISTRIP))
		c &= 0x7f;
	if (I_(tty, IUCLC) && L_(tty, IEXTEN) && c >= 'A' && c <= 'Z')
		c = (unsigned char)(c - 'A' + 'a');
	if (literal || !is_special(tty, c))
		receive_plain(tty, c);
	else
		receive_special(tty, c);
}

/* The device's input ended for good: a partial line becomes readable.
 * tty->lock held. */
void
ldisc_input_end(struct tty *tty)
{
	tty->ended = true;
	if (L_(tty, ICANON) && tty->rhead != tty->canon) {
		set_delim(tty, tty->rhead - 1, true);
		tty->canon = tty->rhead;
	}
}

/* Install termios t; switching ICANON turns the buffer around like
 * n_tty. tty->lock held. */
void
ldisc_set_termios(struct tty *tty, const struct termios *t)
{
	struct termios old = tty->tio;

	tty->tio = *t;
	if ((old.c_lflag ^ t->c_lflag) & ICANON) {
		memset(tty->delim, 0, sizeof(tty->delim));
		if (!L_(tty, ICANON) || read_cnt(tty) == 0) {
			tty->canon = tty->rtail;
		} else {
			set_delim(tty, tty->rhead - 1, true);
			tty->canon = tty->rhead;
		}
		tty->erasing = tty->lnext = false;
	}
	if (!I_(tty, IXON) && (old.c_iflag & IXON))
		ldisc_start_output(tty);
}

/* ---- reading ---- */

/* Would a read return now? In canonical mode: a complete line. For poll
 * with VMIN > 0 and VTIME == 0: VMIN bytes. tty->lock held. */
bool
ldisc_readable(struct tty *tty, bool poll)
{
	size_t amt = 1;

	if (L_(tty, ICANON))
		return tty->canon != tty->rtail;
	if (poll && tty->tio.c_cc[VTIME] == 0 && tty->tio.c_cc[VMIN] > 0)
		amt = tty->tio.c_cc[VMIN];
	return read_cnt(tty) >= amt;
}

/*
 * Canonical mode: copy up to n bytes of the first complete line into dst
 * and return how many. *eol tells whether the line's end was consumed
 * (an EOF is consumed but not copied). tty->lock held.
 */
size_t
ldisc_read_canon(struct tty *tty, char *dst, size_t n, bool *eol)
{
	size_t i = 0;
	unsigned char c;

	*eol = false;
	while (tty->rtail != tty->canon && i < n) {
		c = tty->buf[MASK(tty->rtail)];
		if (test_delim(tty, tty->rtail)) {
			set_delim(tty, tty->rtail, false);
			tty->rtail++;
			if (c != DISABLED_CHAR)
				dst[i++] = (char)c;
			*eol = true;
			break;
		}
		dst[i++] = (char)c;
		tty->rtail++;
	}
	return i;
}

/* Non-canonical mode: copy up to n buffered bytes; return how many.
 * tty->lock held. */
size_t
ldisc_read_raw(struct tty *tty, char *dst, size_t n)
{
	size_t i;

	n = MIN(n, read_cnt(tty));
	for (i = 0; i < n; i++)
		dst[i] = (char)tty->buf[MASK(tty->rtail + i)];
	tty->rtail += n;
	if (tty->canon - tty->rtail > TTY_BUF_SIZE)
		tty->canon = tty->rtail;
	return n;
}

/* FIONREAD: bytes a read could return (EOF marks do not count).
 * tty->lock held. */
size_t
ldisc_inq(struct tty *tty)
{
	size_t n = 0;

	if (!L_(tty, ICANON))
		return read_cnt(tty);
	for (size_t i = tty->rtail; i != tty->canon; i++)
		if (!test_delim(tty, i) || tty->buf[MASK(i)] != DISABLED_CHAR)
			n++;
	return n;
}
