/*
 * lex.c - input sources (strings, files, the terminal) read one line at
 * a time, and the tokenizer that turns them into words and operators.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

struct input *in;
int need_ps1;
char *tok_text;
int tok_ionum;

static struct redir *hd_head, *hd_tail;
static struct strbuf wb;

void
input_push_string(const char *s)
{
	struct input *i = xmalloc(sizeof(*i));

	memset(i, 0, sizeof(*i));
	i->fd = -1;
	i->str = s;
	i->prev = in;
	in = i;
}

void
input_push_fd(int fd, int interactive)
{
	struct input *i = xmalloc(sizeof(*i));

	memset(i, 0, sizeof(*i));
	i->fd = fd;
	i->interactive = interactive;
	i->seekable = lseek(fd, 0, SEEK_CUR) >= 0;
	i->prev = in;
	in = i;
}

void
input_pop(void)
{
	struct input *i = in;

	in = i->prev;
	free(i->buf);
	free(i);
}

/* Forget what is left of the current line (after a syntax error). */
void
input_discard_line(void)
{
	if (in)
		in->pos = in->len;
}

static void
buf_add(struct input *i, const char *s, size_t n)
{
	if (i->len + n + 1 > i->cap) {
		i->cap = (i->len + n + 1) * 2;
		i->buf = xrealloc(i->buf, i->cap);
	}
	memcpy(i->buf + i->len, s, n);
	i->len += n;
}

/* Read one line from a file descriptor without reading past it. */
static int
read_fd_line(struct input *i)
{
	char tmp[512];
	ssize_t n;

	for (;;) {
		char *nl;

		n = read(i->fd, tmp, i->seekable ? sizeof(tmp) : 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return i->len > 0;
		nl = memchr(tmp, '\n', n);
		if (nl) {
			size_t keep = nl - tmp + 1;

			buf_add(i, tmp, keep);
			if (keep < (size_t)n)
				lseek(i->fd, -(off_t)(n - keep), SEEK_CUR);
			return 1;
		}
		buf_add(i, tmp, n);
	}
}

static int
read_interactive_line(struct input *i)
{
	const char *ps = need_ps1 ? var_get("PS1") : var_get("PS2");
	char *prompt, *line;

	if (!ps)
		ps = "";
	prompt = need_ps1 ? expand_prompt(ps) : xstrdup(ps);
	need_ps1 = 0;
	line = le_readline(prompt);
	free(prompt);
	if (line == LE_INTR)
		sh_interrupt();
	if (!line)
		return 0;
	if (line[0] && line[0] != '\n')
		hist_add(line);
	buf_add(i, line, strlen(line));
	free(line);
	return 1;
}

static int
fetch_line(struct input *i)
{
	int ok;

	i->len = i->pos = 0;
	if (i->eof)
		return 0;
	if (i->fd < 0) {
		const char *s = i->str + i->spos;
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s + 1) : strlen(s);

		buf_add(i, s, n);
		i->spos += n;
		ok = n > 0;
	} else if (i->interactive) {
		ok = read_interactive_line(i);
	} else {
		ok = read_fd_line(i);
	}
	if (!ok) {
		i->eof = 1;
		return 0;
	}
	i->lineno++;
	if (opt.verbose)
		xwrite(2, i->buf, i->len);
	return 1;
}

int
pgetc(void)
{
	if (in->pos >= in->len && !fetch_line(in)) {
		in->lastwas_eof = 1;
		return EOF;
	}
	in->lastwas_eof = 0;
	return (unsigned char)in->buf[in->pos++];
}

void
pungetc(void)
{
	if (!in->lastwas_eof && in->pos > 0)
		in->pos--;
}

void
heredoc_add(struct redir *r)
{
	r->hnext = NULL;
	if (hd_tail)
		hd_tail->hnext = r;
	else
		hd_head = r;
	hd_tail = r;
}

void
lex_reset(void)
{
	hd_head = hd_tail = NULL;
}

static void
syntax_error(const char *msg)
{
	sh_warn("line %d: syntax error: %s", in ? in->lineno : 0, msg);
	sh_fatal(2);
}

/* Read the bodies of the here-documents queued on the line just ended. */
static void
read_heredocs(void)
{
	struct redir *r;

	for (r = hd_head; r; r = r->hnext) {
		struct strbuf body = { 0 };

		for (;;) {
			struct strbuf line = { 0 };
			const char *l;
			int c;

			while ((c = pgetc()) != EOF && c != '\n')
				sb_putc(&line, c);
			l = line.s ? line.s : "";
			if (r->strip)
				while (*l == '\t')
					l++;
			if (strcmp(l, r->delim) == 0 || (c == EOF && !*l)) {
				free(line.s);
				break;
			}
			sb_puts(&body, l);
			sb_putc(&body, '\n');
			free(line.s);
			if (c == EOF)
				break;
		}
		r->word = astrdup(body.s ? body.s : "");
		free(body.s);
	}
	hd_head = hd_tail = NULL;
}

static void read_dollar(void);
static void read_dquote(void);

static int
must_getc(void)
{
	int c = pgetc();

	if (c == EOF)
		syntax_error("unexpected end of file (unterminated quote or substitution)");
	return c;
}

static void
read_squote(void)
{
	int c;

	sb_putc(&wb, '\'');
	while ((c = must_getc()) != '\'')
		sb_putc(&wb, c);
	sb_putc(&wb, '\'');
}

static void
read_bquote(void)
{
	int c;

	sb_putc(&wb, '`');
	while ((c = must_getc()) != '`') {
		sb_putc(&wb, c);
		if (c == '\\')
			sb_putc(&wb, must_getc());
	}
	sb_putc(&wb, '`');
}

static void
read_dquote(void)
{
	int c;

	sb_putc(&wb, '"');
	while ((c = must_getc()) != '"') {
		if (c == '\\') {
			c = must_getc();
			if (c == '\n')
				continue;
			sb_putc(&wb, '\\');
			sb_putc(&wb, c);
		} else if (c == '$') {
			read_dollar();
		} else if (c == '`') {
			read_bquote();
		} else {
			sb_putc(&wb, c);
		}
	}
	sb_putc(&wb, '"');
}

/* $( ... ): balance parentheses, skipping quotes and case patterns. */
static void
read_cmdsub(void)
{
	int depth = 0, casedepth = 0, c;
	char word[8];
	int wlen = 0, atstart = 1;

	sb_puts(&wb, "$(");
	for (;;) {
		c = must_getc();
		if (is_name_char(c)) {
			if (wlen < 7)
				word[wlen] = c;
			wlen++;
			atstart = 0;
			sb_putc(&wb, c);
			continue;
		}
		if (wlen > 0 && wlen < 7) {
			word[wlen] = '\0';
			if (strcmp(word, "case") == 0)
				casedepth++;
			else if (strcmp(word, "esac") == 0 && casedepth > 0)
				casedepth--;
		}
		wlen = 0;
		if (c == '\\') {
			sb_putc(&wb, c);
			sb_putc(&wb, must_getc());
		} else if (c == '\'') {
			read_squote();
		} else if (c == '"') {
			read_dquote();
		} else if (c == '`') {
			read_bquote();
		} else if (c == '$') {
			read_dollar();
		} else if (c == '#' && atstart) {
			while (c != '\n') {
				sb_putc(&wb, c);
				c = must_getc();
			}
			sb_putc(&wb, c);
		} else if (c == '(') {
			depth++;
			sb_putc(&wb, c);
		} else if (c == ')') {
			sb_putc(&wb, c);
			if (depth > 0)
				depth--;
			else if (casedepth == 0)
				return;
		} else {
			sb_putc(&wb, c);
		}
		atstart = c == ' ' || c == '\t' || c == '\n' || c == ';' ||
			  c == '&' || c == '|' || c == '(';
	}
}

static void
read_arith(void)
{
	int depth = 0, c;

	sb_puts(&wb, "$((");
	for (;;) {
		c = must_getc();
		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (depth == 0) {
				c = must_getc();
				if (c != ')')
					syntax_error("missing '))'");
				sb_puts(&wb, "))");
				return;
			}
			depth--;
		} else if (c == '$') {
			read_dollar();
			continue;
		} else if (c == '`') {
			read_bquote();
			continue;
		} else if (c == '\'') {
			read_squote();
			continue;
		} else if (c == '"') {
			read_dquote();
			continue;
		}
		sb_putc(&wb, c);
	}
}

static void
read_brace(void)
{
	int c;

	sb_puts(&wb, "${");
	while ((c = must_getc()) != '}') {
		if (c == '\\') {
			sb_putc(&wb, c);
			sb_putc(&wb, must_getc());
		} else if (c == '\'') {
			read_squote();
		} else if (c == '"') {
			read_dquote();
		} else if (c == '`') {
			read_bquote();
		} else if (c == '$') {
			read_dollar();
		} else {
			sb_putc(&wb, c);
		}
	}
	sb_putc(&wb, '}');
}

/* Called after a '$' was read. */
static void
read_dollar(void)
{
	int c = pgetc();

	if (c == '(') {
		c = pgetc();
		if (c == '(') {
			read_arith();
			return;
		}
		pungetc();
		read_cmdsub();
	} else if (c == '{') {
		read_brace();
	} else {
		sb_putc(&wb, '$');
		if (c != EOF)
			pungetc();
	}
}

static int
is_meta(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' ||
	       c == '|' || c == '(' || c == ')' || c == '<' || c == '>';
}

static int
read_word(int c)
{
	const char *p;
	int digits = 1;

	free(wb.s);
	memset(&wb, 0, sizeof(wb));
	for (;; c = pgetc()) {
		if (c == EOF)
			break;
		if (is_meta(c)) {
			pungetc();
			break;
		}
		if (c == '\\') {
			c = pgetc();
			if (c == '\n')
				continue;
			sb_putc(&wb, '\\');
			if (c == EOF)
				break;
			sb_putc(&wb, c);
		} else if (c == '\'') {
			read_squote();
		} else if (c == '"') {
			read_dquote();
		} else if (c == '`') {
			read_bquote();
		} else if (c == '$') {
			read_dollar();
		} else {
			sb_putc(&wb, c);
		}
	}
	tok_text = astrdup(wb.s ? wb.s : "");
	for (p = tok_text; *p; p++)
		if (*p < '0' || *p > '9')
			digits = 0;
	c = pgetc();
	if (c != EOF)
		pungetc();
	if (digits && *tok_text && (c == '<' || c == '>') &&
	    strlen(tok_text) < 5) {
		tok_ionum = atoi(tok_text);
		return T_IONUM;
	}
	return T_WORD;
}

static int
next_is(int want)
{
	int c = pgetc();

	if (c == want)
		return 1;
	if (c != EOF)
		pungetc();
	return 0;
}

static int
read_op(int c)
{
	switch (c) {
	case ';':
		return next_is(';') ? T_DSEMI : T_SEMI;
	case '&':
		return next_is('&') ? T_AND : T_AMP;
	case '|':
		return next_is('|') ? T_OR : T_PIPE;
	case '(':
		return T_LPAREN;
	case ')':
		return T_RPAREN;
	case '<':
		if (next_is('<'))
			return next_is('-') ? T_DLESSDASH : T_DLESS;
		if (next_is('&'))
			return T_LESSAND;
		if (next_is('>'))
			return T_LESSGREAT;
		return T_LT;
	default:	/* '>' */
		if (next_is('>'))
			return T_DGREAT;
		if (next_is('&'))
			return T_GREATAND;
		if (next_is('|'))
			return T_CLOBBER;
		return T_GT;
	}
}

int
lex_token(void)
{
	int c;

	for (;;) {
		c = pgetc();
		if (c == ' ' || c == '\t')
			continue;
		if (c == '\\') {
			if (next_is('\n'))
				continue;
		}
		break;
	}
	if (c == '#') {
		while ((c = pgetc()) != EOF && c != '\n')
			;
	}
	if (c == EOF) {
		if (hd_head)
			read_heredocs();
		return T_EOF;
	}
	if (c == '\n') {
		if (hd_head)
			read_heredocs();
		return T_NL;
	}
	if (strchr(";&|()<>", c))
		return read_op(c);
	return read_word(c);
}

const char *
tok_name(int t)
{
	static const char *names[] = {
		"end of file", "newline", "word", "number", ";", ";;", "&",
		"&&", "|", "||", "(", ")", "<", ">", ">>", ">|", "<<", "<<-",
		"<>", "<&", ">&"
	};

	if (t == T_WORD)
		return tok_text;
	return names[t];
}
