/*
 * lineedit.c - interactive line editor in raw terminal mode (VT100
 * sequences only), in-memory history and simple file-name completion.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"

#define HIST_MAX 500

static char *hist[HIST_MAX];
static int hist_len;

static int le_fd = -1;
static struct termios cooked;
static int have_cooked, is_raw;

struct editor {
	struct strbuf b;
	size_t cur;		/* cursor position */
	const char *prompt;	/* last line of the prompt */
	int plen;
};

int
le_init(int fd)
{
	if (tcgetattr(fd, &cooked) < 0)
		return -1;
	le_fd = fd;
	have_cooked = 1;
	return 0;
}

static int
raw_on(void)
{
	struct termios t;

	if (!have_cooked)
		return -1;
	t = cooked;
	t.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(IXON | INLCR | IGNCR);
	t.c_iflag |= ICRNL;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(le_fd, TCSANOW, &t) < 0)
		return -1;
	is_raw = 1;
	return 0;
}

void
le_restore(void)
{
	if (is_raw) {
		tcsetattr(le_fd, TCSANOW, &cooked);
		is_raw = 0;
	}
}

void
hist_add(const char *line)
{
	size_t n = strlen(line);

	while (n > 0 && line[n - 1] == '\n')
		n--;
	if (n == 0)
		return;
	if (hist_len > 0 && strlen(hist[hist_len - 1]) == n &&
	    !strncmp(hist[hist_len - 1], line, n))
		return;
	if (hist_len == HIST_MAX) {
		free(hist[0]);
		memmove(hist, hist + 1, (HIST_MAX - 1) * sizeof(char *));
		hist_len--;
	}
	hist[hist_len++] = xstrndup(line, n);
}

void
hist_print(void)
{
	int i;

	for (i = 0; i < hist_len; i++)
		out_fmt(1, "%5d  %s\n", i + 1, hist[i]);
}

static int
term_cols(void)
{
	struct winsize ws;

	if (ioctl(le_fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/*
 * What the terminal shows now: the line and the cursor, and the row the
 * terminal's cursor is on, counted from the prompt's row. Long lines
 * wrap over several rows, as in a terminal; nothing scrolls sideways.
 */
static struct strbuf shown;
static size_t shown_cur;
static int shown_valid, shown_row;

static void
remember(struct editor *e)
{
	shown.len = 0;
	sb_putn(&shown, e->b.s, e->b.len);
	shown_cur = e->cur;
	shown_valid = 1;
}

/* The prompt was just written: the line shows as empty. */
static void
shown_prompt(struct editor *e)
{
	shown.len = 0;
	shown_cur = 0;
	shown_valid = 1;
	shown_row = e->plen > 0 ? (e->plen - 1) / term_cols() : 0;
}

static void
put_move(struct strbuf *o, int n, char dir)
{
	char buf[16];

	if (n > 0) {
		snprintf(buf, sizeof(buf), "\033[%d%c", n, dir);
		sb_puts(o, buf);
	}
}

/*
 * Bring the terminal up to date. Typing at the end of the line only
 * writes the new characters, so a transcript of the session reads like
 * the keys typed; any other change redraws from the prompt down.
 */
static void
refresh(struct editor *e)
{
	struct strbuf o = { 0 };
	size_t cols = (size_t)term_cols(), end, at;
	int end_row, row;

	end = e->plen + e->b.len;
	if (shown_valid && shown_cur == shown.len && e->cur == e->b.len &&
	    e->b.len >= shown.len &&
	    memcmp(e->b.s, shown.s ? shown.s : "", shown.len) == 0) {
		xwrite(le_fd, e->b.s + shown.len, e->b.len - shown.len);
		/* after the last column the cursor stays on that row */
		shown_row = end > 0 ? (int)((end - 1) / cols) : 0;
		remember(e);
		return;
	}
	if (shown_valid)
		put_move(&o, shown_row, 'A');
	sb_puts(&o, "\r");
	sb_puts(&o, e->prompt);
	sb_putn(&o, e->b.s, e->b.len);
	sb_puts(&o, "\033[J");
	if (end > 0 && end % cols == 0)
		sb_puts(&o, "\r\n");	/* start the next row for the cursor */
	end_row = (int)(end / cols);
	at = e->plen + e->cur;
	row = (int)(at / cols);
	put_move(&o, end_row - row, 'A');
	sb_puts(&o, "\r");
	put_move(&o, (int)(at % cols), 'C');
	xwrite(le_fd, o.s, o.len);
	free(o.s);
	shown_row = row;
	remember(e);
}

static void
set_line(struct editor *e, const char *s)
{
	e->b.len = 0;
	sb_puts(&e->b, s);
	e->cur = e->b.len;
}

static void
insert(struct editor *e, const char *s, size_t n)
{
	sb_putn(&e->b, s, n);	/* grow */
	memmove(e->b.s + e->cur + n, e->b.s + e->cur, e->b.len - n - e->cur);
	memcpy(e->b.s + e->cur, s, n);
	e->cur += n;
}

static void
erase(struct editor *e, size_t from, size_t to)
{
	memmove(e->b.s + from, e->b.s + to, e->b.len - to);
	e->b.len -= to - from;
	e->b.s[e->b.len] = '\0';
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

static int
read_key(void)
{
	unsigned char c;

	for (;;) {
		ssize_t n = read(le_fd, &c, 1);

		if (n == 1)
			return c;
		if (n < 0 && errno == EINTR) {
			if (got_sigint) {
				got_sigint = 0;
				return 3;
			}
			continue;
		}
		return -1;
	}
}

/* ---- completion ---- */
static void
complete(struct editor *e)
{
	size_t start = e->cur, i;
	char *word, *dir, *base, *slash, *common = NULL;
	struct strvec m = { 0 };
	struct dirent *d;
	DIR *dp;

	while (start > 0 && e->b.s[start - 1] != ' ')
		start--;
	word = xstrndup(e->b.s + start, e->cur - start);
	slash = strrchr(word, '/');
	dir = slash ? xstrndup(word, slash - word + 1) : xstrdup("");
	base = slash ? slash + 1 : word;
	dp = opendir(*dir ? dir : ".");
	while (dp && (d = readdir(dp))) {
		if (strncmp(d->d_name, base, strlen(base)) ||
		    (d->d_name[0] == '.' && base[0] != '.') ||
		    !strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		sv_push(&m, xstrdup(d->d_name));
	}
	if (dp)
		closedir(dp);
	if (m.n > 0) {
		size_t cl = strlen(m.v[0]);
		int k;

		for (k = 1; k < m.n; k++) {
			for (i = 0; i < cl && m.v[k][i] == m.v[0][i]; i++)
				;
			cl = i;
		}
		common = xstrndup(m.v[0], cl);
	}
	if (m.n == 1) {
		struct strbuf full = { 0 };
		struct stat st;

		sb_puts(&full, dir);
		sb_puts(&full, common);
		insert(e, common + strlen(base), strlen(common) - strlen(base));
		if (stat(full.s, &st) == 0 && S_ISDIR(st.st_mode))
			insert(e, "/", 1);
		else
			insert(e, " ", 1);
		free(full.s);
	} else if (m.n > 1 && strlen(common) > strlen(base)) {
		insert(e, common + strlen(base), strlen(common) - strlen(base));
	} else if (m.n > 1) {
		int k;

		xwrite(le_fd, "\r\n", 2);
		for (k = 0; k < m.n && k < 100; k++) {
			out_str(le_fd, m.v[k]);
			xwrite(le_fd, k + 1 < m.n ? "  " : "\r\n", 2);
		}
		if (m.n > 100)
			out_str(le_fd, "...\r\n");
		shown_valid = 0;	/* redraw the prompt below the list */
		shown_row = 0;
	} else {
		xwrite(le_fd, "\a", 1);
	}
	free(common);
	sv_free(&m);
	free(dir);
	free(word);
}

/* ---- the editor ---- */
static int
escape_seq(struct editor *e, int *hidx, char **saved)
{
	int c = read_key(), d;

	if (c != '[' && c != 'O')
		return 0;
	d = read_key();
	if (d >= '0' && d <= '9') {
		int t = read_key();

		while (t >= '0' && t <= '9')
			t = read_key();
		if (t != '~')
			return 0;
		if (d == '1' || d == '7')
			d = 'H';
		else if (d == '4' || d == '8')
			d = 'F';
		else if (d == '3')
			d = 'X';
		else
			return 0;
	}
	switch (d) {
	case 'C':
		if (e->cur < e->b.len)
			e->cur++;
		break;
	case 'D':
		if (e->cur > 0)
			e->cur--;
		break;
	case 'H':
		e->cur = 0;
		break;
	case 'F':
		e->cur = e->b.len;
		break;
	case 'X':
		if (e->cur < e->b.len)
			erase(e, e->cur, e->cur + 1);
		break;
	case 'A':
		if (*hidx > 0) {
			if (*hidx == hist_len) {
				free(*saved);
				*saved = xstrdup(e->b.s ? e->b.s : "");
			}
			set_line(e, hist[--*hidx]);
		}
		break;
	case 'B':
		if (*hidx < hist_len) {
			++*hidx;
			set_line(e, *hidx == hist_len ? (*saved ? *saved : "") :
				 hist[*hidx]);
		}
		break;
	}
	return 0;
}

static char *
finish(struct editor *e, char *saved, int nl)
{
	char *r;

	e->cur = e->b.len;
	refresh(e);
	xwrite(le_fd, "\r\n", 2);
	le_restore();
	free(saved);
	if (nl)
		sb_putc(&e->b, '\n');
	r = sb_str(&e->b);
	return r;
}

/* Edit one line. */
static char *
edit(const char *prompt)
{
	struct editor e = { { 0 }, 0, NULL, 0 };
	const char *last = strrchr(prompt, '\n');
	int hidx = hist_len, c;
	char *saved = NULL;

	e.prompt = last ? last + 1 : prompt;
	e.plen = (int)strlen(e.prompt);
	sb_puts(&e.b, "");
	xwrite(le_fd, prompt, strlen(prompt));
	shown_prompt(&e);
	for (;;) {
		refresh(&e);
		c = read_key();
		if (c < 0 || (c == 4 && e.b.len == 0)) {
			le_restore();
			xwrite(le_fd, "\r\n", 2);
			free(saved);
			free(e.b.s);
			return NULL;
		}
		switch (c) {
		case '\r':
		case '\n':
			return finish(&e, saved, 1);
		case 3:		/* Ctrl-C */
			xwrite(le_fd, "^C\r\n", 4);
			le_restore();
			free(saved);
			free(e.b.s);
			return LE_INTR;
		case 4:		/* Ctrl-D: delete under cursor */
			if (e.cur < e.b.len)
				erase(&e, e.cur, e.cur + 1);
			break;
		case 1:
			e.cur = 0;
			break;
		case 5:
			e.cur = e.b.len;
			break;
		case 2:
			if (e.cur > 0)
				e.cur--;
			break;
		case 6:
			if (e.cur < e.b.len)
				e.cur++;
			break;
		case 8:
		case 127:
			if (e.cur > 0)
				erase(&e, e.cur - 1, e.cur);
			break;
		case 11:	/* Ctrl-K */
			erase(&e, e.cur, e.b.len);
			break;
		case 21:	/* Ctrl-U */
			erase(&e, 0, e.cur);
			break;
		case 23: {	/* Ctrl-W */
			size_t s = e.cur;

			while (s > 0 && e.b.s[s - 1] == ' ')
				s--;
			while (s > 0 && e.b.s[s - 1] != ' ')
				s--;
			erase(&e, s, e.cur);
			break;
		}
		case 12:	/* Ctrl-L */
			xwrite(le_fd, "\033[H\033[2J", 7);
			xwrite(le_fd, prompt, strlen(prompt));
			shown_prompt(&e);
			break;
		case 9:
			complete(&e);
			break;
		case 27:
			escape_seq(&e, &hidx, &saved);
			break;
		default:
			if (c >= 32) {
				char ch = (char)c;

				insert(&e, &ch, 1);
			}
			break;
		}
	}
}

/* Plain line reading when the terminal cannot be put in raw mode. */
static char *
plain_read(const char *prompt)
{
	struct strbuf b = { 0 };
	char c;

	out_str(2, prompt);
	for (;;) {
		ssize_t n = read(0, &c, 1);

		if (n < 0 && errno == EINTR) {
			if (got_sigint) {
				free(b.s);
				out_str(2, "\n");
				return LE_INTR;
			}
			continue;
		}
		if (n <= 0) {
			if (b.len == 0) {
				free(b.s);
				return NULL;
			}
			break;
		}
		sb_putc(&b, c);
		if (c == '\n')
			break;
	}
	return sb_str(&b);
}

/* Read a line with the prompt; NULL at end of input, LE_INTR on ^C. */
char *
le_readline(const char *prompt)
{
	got_sigint = 0;
	if (le_fd >= 0 && raw_on() == 0)
		return edit(prompt);
	return plain_read(prompt);
}
