/*
 * parse.c - recursive-descent parser for the POSIX shell grammar, plus
 * a printer that turns a parse tree back into text (for jobs and type).
 */
#include <stdlib.h>
#include <string.h>

#include "sh.h"

static int tok;
static int pushed;

static struct node *compound_list(int allow_empty);
static struct node *command(void);
static struct node *and_or(void);

void
parse_reset(void)
{
	pushed = 0;
	lex_reset();
}

static int
next(void)
{
	if (pushed) {
		pushed = 0;
		return tok;
	}
	tok = lex_token();
	return tok;
}

static void
back(void)
{
	pushed = 1;
}

static void __attribute__((noreturn))
unexpected(void)
{
	if (tok == T_EOF)
		sh_warn("line %d: syntax error: unexpected end of file",
			in->lineno);
	else if (tok == T_NL)
		sh_warn("line %d: syntax error: unexpected newline",
			in->lineno);
	else
		sh_warn("line %d: syntax error: unexpected \"%s\"",
			in->lineno, tok_name(tok));
	sh_fatal(2);
}

static int
is_kw(const char *kw)
{
	return tok == T_WORD && strcmp(tok_text, kw) == 0;
}

static void
expect_kw(const char *kw)
{
	next();
	if (!is_kw(kw))
		unexpected();
}

static void
skip_nl(void)
{
	while (next() == T_NL)
		;
	back();
}

static struct node *
mknode(int type)
{
	struct node *n = amalloc(sizeof(*n));

	n->type = type;
	n->lineno = in ? in->lineno : 0;
	return n;
}

static struct node *
mkbin(int type, struct node *l, struct node *r)
{
	struct node *n = mknode(type);

	n->left = l;
	n->right = r;
	return n;
}

/* Copy a NULL-terminated vector of strings into the arena. */
static char **
avec(struct strvec *v)
{
	char **a = amalloc((v->n + 1) * sizeof(char *));
	int i;

	for (i = 0; i < v->n; i++)
		a[i] = v->v[i];
	a[v->n] = NULL;
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
	return a;
}

static int
at_terminator(void)
{
	static const char *kws[] = {
		"then", "else", "elif", "fi", "do", "done", "esac", "}", NULL
	};
	int i;

	if (tok == T_EOF || tok == T_RPAREN || tok == T_DSEMI)
		return 1;
	if (tok != T_WORD)
		return 0;
	for (i = 0; kws[i]; i++)
		if (is_kw(kws[i]))
			return 1;
	return 0;
}

static struct node *
compound_list(int allow_empty)
{
	struct node *n = NULL, *c;
	int t;

	skip_nl();
	for (;;) {
		next();
		if (at_terminator()) {
			back();
			break;
		}
		back();
		c = and_or();
		t = next();
		if (t == T_AMP) {
			struct node *b = mknode(N_BG);

			b->left = c;
			c = b;
		}
		n = n ? mkbin(N_SEQ, n, c) : c;
		if (t == T_SEMI || t == T_AMP || t == T_NL) {
			skip_nl();
			continue;
		}
		back();
		break;
	}
	if (!n && !allow_empty) {
		next();
		unexpected();
	}
	return n;
}

static int
redir_tok(int t)
{
	return t == T_LT || t == T_GT || t == T_DGREAT || t == T_CLOBBER ||
	       t == T_DLESS || t == T_DLESSDASH || t == T_LESSGREAT ||
	       t == T_LESSAND || t == T_GREATAND;
}

static struct redir *
parse_redir(int fd)
{
	struct redir *r = amalloc(sizeof(*r));
	int t = tok;

	switch (t) {
	case T_LT: r->type = R_IN; break;
	case T_GT: r->type = R_OUT; break;
	case T_DGREAT: r->type = R_APPEND; break;
	case T_CLOBBER: r->type = R_CLOBBER; break;
	case T_LESSGREAT: r->type = R_RDWR; break;
	case T_LESSAND: r->type = R_DUPIN; break;
	case T_GREATAND: r->type = R_DUPOUT; break;
	default: r->type = R_HEREDOC; break;
	}
	if (fd < 0)
		fd = (t == T_LT || t == T_LESSGREAT || t == T_LESSAND ||
		      t == T_DLESS || t == T_DLESSDASH) ? 0 : 1;
	r->fd = fd;
	if (next() != T_WORD)
		unexpected();
	r->word = tok_text;
	if (r->type == R_HEREDOC) {
		char *d = unquote_word(tok_text, &r->quoted);

		r->delim = astrdup(d);
		free(d);
		r->strip = t == T_DLESSDASH;
		r->word = NULL;
		heredoc_add(r);
	}
	return r;
}

/* Parse redirections following a compound command. */
static void
trailing_redirs(struct node *n)
{
	struct redir **tail = &n->redirs;
	int fd;

	for (;;) {
		int t = next();

		fd = -1;
		if (t == T_IONUM) {
			fd = tok_ionum;
			t = next();
		}
		if (!redir_tok(t)) {
			if (fd >= 0)
				unexpected();
			back();
			return;
		}
		*tail = parse_redir(fd);
		tail = &(*tail)->next;
	}
}

static int
is_assignment(const char *w)
{
	const char *p = w;

	if (!is_name_start((unsigned char)*p))
		return 0;
	while (is_name_char((unsigned char)*p))
		p++;
	return *p == '=';
}

static struct node *
function_def(char *name)
{
	struct node *n = mknode(N_FUNC);

	if (next() != T_RPAREN)
		unexpected();
	if (!is_name(name)) {
		sh_warn("line %d: syntax error: bad function name \"%s\"",
			in->lineno, name);
		sh_fatal(2);
	}
	skip_nl();
	n->name = name;
	n->left = command();
	n->arena = arena_current();
	return n;
}

static struct node *
simple_command(void)
{
	struct node *n = mknode(N_CMD);
	struct strvec words = { 0 }, assigns = { 0 };
	struct redir **tail = &n->redirs;

	for (;;) {
		int t = next(), fd = -1;

		if (t == T_IONUM) {
			fd = tok_ionum;
			t = next();
			if (!redir_tok(t))
				unexpected();
		}
		if (redir_tok(t)) {
			*tail = parse_redir(fd);
			tail = &(*tail)->next;
		} else if (t == T_WORD) {
			if (words.n == 0 && is_assignment(tok_text)) {
				sv_push(&assigns, tok_text);
				continue;
			}
			if (words.n == 0 && assigns.n == 0 && !n->redirs) {
				char *w = tok_text;

				if (next() == T_LPAREN) {
					free(words.v);
					return function_def(w);
				}
				back();
				sv_push(&words, w);
				continue;
			}
			sv_push(&words, tok_text);
		} else {
			back();
			break;
		}
	}
	if (words.n == 0 && assigns.n == 0 && !n->redirs) {
		next();
		unexpected();
	}
	n->words = avec(&words);
	n->assigns = avec(&assigns);
	return n;
}

static struct node *
parse_if(void)
{
	struct node *n = mknode(N_IF);

	n->left = compound_list(0);
	expect_kw("then");
	n->right = compound_list(0);
	next();
	if (is_kw("elif")) {
		n->third = parse_if();
		return n;
	}
	if (is_kw("else")) {
		n->third = compound_list(0);
		next();
	}
	if (!is_kw("fi"))
		unexpected();
	return n;
}

static struct node *
parse_loop(int type)
{
	struct node *n = mknode(type);

	n->left = compound_list(0);
	expect_kw("do");
	n->right = compound_list(0);
	expect_kw("done");
	return n;
}

static struct node *
parse_for(void)
{
	struct node *n = mknode(N_FOR);
	struct strvec words = { 0 };

	if (next() != T_WORD || !is_name(tok_text))
		unexpected();
	n->name = tok_text;
	skip_nl();
	next();
	if (is_kw("in")) {
		n->hasin = 1;
		while (next() == T_WORD)
			sv_push(&words, tok_text);
		if (tok != T_SEMI && tok != T_NL)
			unexpected();
		n->words = avec(&words);
		skip_nl();
	} else if (tok == T_SEMI) {
		skip_nl();
	} else {
		back();
	}
	expect_kw("do");
	n->left = compound_list(0);
	expect_kw("done");
	return n;
}

static struct node *
parse_case(void)
{
	struct node *n = mknode(N_CASE);
	struct casearm **tail = &n->arms;
	struct strvec w = { 0 };

	if (next() != T_WORD)
		unexpected();
	sv_push(&w, tok_text);
	n->words = avec(&w);
	skip_nl();
	expect_kw("in");
	skip_nl();
	for (;;) {
		struct casearm *a;
		struct strvec pats = { 0 };

		next();
		if (is_kw("esac"))
			break;
		if (tok != T_LPAREN)
			back();
		for (;;) {
			if (next() != T_WORD)
				unexpected();
			sv_push(&pats, tok_text);
			if (next() != T_PIPE)
				break;
		}
		if (tok != T_RPAREN)
			unexpected();
		a = amalloc(sizeof(*a));
		a->pats = avec(&pats);
		a->body = compound_list(1);
		*tail = a;
		tail = &a->next;
		next();
		if (tok == T_DSEMI) {
			skip_nl();
			continue;
		}
		if (is_kw("esac"))
			break;
		unexpected();
	}
	return n;
}

static struct node *
command(void)
{
	struct node *n;

	next();
	if (tok == T_LPAREN) {
		n = mknode(N_SUBSHELL);
		n->left = compound_list(0);
		if (next() != T_RPAREN)
			unexpected();
	} else if (is_kw("{")) {
		n = mknode(N_GROUP);
		n->left = compound_list(0);
		expect_kw("}");
	} else if (is_kw("if")) {
		n = parse_if();
	} else if (is_kw("while")) {
		n = parse_loop(N_WHILE);
	} else if (is_kw("until")) {
		n = parse_loop(N_UNTIL);
	} else if (is_kw("for")) {
		n = parse_for();
	} else if (is_kw("case")) {
		n = parse_case();
	} else if (at_terminator() && tok != T_EOF) {
		unexpected();
	} else {
		back();
		return simple_command();
	}
	trailing_redirs(n);
	return n;
}

static struct node *
pipeline(void)
{
	struct node *c, *n;
	struct node *cmds[64];
	int ncmds = 0, neg = 0;

	while (next() == T_WORD && is_kw("!"))
		neg = !neg;
	back();
	c = command();
	cmds[ncmds++] = c;
	while (next() == T_PIPE) {
		skip_nl();
		if (ncmds >= 64) {
			sh_warn("line %d: pipeline too long", in->lineno);
			sh_fatal(2);
		}
		cmds[ncmds++] = command();
	}
	back();
	if (ncmds == 1) {
		n = c;
	} else {
		n = mknode(N_PIPE);
		n->ncmds = ncmds;
		n->cmds = amalloc(ncmds * sizeof(struct node *));
		memcpy(n->cmds, cmds, ncmds * sizeof(struct node *));
	}
	if (neg) {
		c = mknode(N_NOT);
		c->left = n;
		n = c;
	}
	return n;
}

static struct node *
and_or(void)
{
	struct node *n = pipeline();

	for (;;) {
		int t = next();

		if (t != T_AND && t != T_OR) {
			back();
			return n;
		}
		skip_nl();
		n = mkbin(t == T_AND ? N_AND : N_OR, n, pipeline());
	}
}

/*
 * Parse one complete command (a list ended by a newline) from the
 * current input.  Returns NULL for an empty line; *eof is set at the end.
 */
struct node *
parse_command(int *eof)
{
	struct node *n = NULL, *c;
	int t;

	*eof = 0;
	pushed = 0;
	t = next();
	if (t == T_EOF) {
		*eof = 1;
		return NULL;
	}
	if (t == T_NL)
		return NULL;
	back();
	for (;;) {
		c = and_or();
		t = next();
		if (t == T_AMP) {
			struct node *b = mknode(N_BG);

			b->left = c;
			c = b;
		}
		n = n ? mkbin(N_SEQ, n, c) : c;
		if (t == T_SEMI || t == T_AMP) {
			t = next();
			if (t == T_NL || t == T_EOF)
				break;
			back();
			continue;
		}
		if (t == T_NL || t == T_EOF)
			break;
		unexpected();
	}
	return n;
}

/* ---- printing a tree back as text ---- */
static void
redirs_to_str(struct redir *r, struct strbuf *sb)
{
	static const char *ops[] = { "<", ">", ">>", ">|", "<>", "<&", ">&", "<<" };

	for (; r; r = r->next) {
		int deffd = (r->type == R_IN || r->type == R_RDWR ||
			     r->type == R_DUPIN || r->type == R_HEREDOC) ? 0 : 1;

		sb_putc(sb, ' ');
		if (r->fd != deffd) {
			char num[16];

			num[0] = '0' + r->fd % 10;
			num[1] = '\0';
			sb_puts(sb, num);
		}
		sb_puts(sb, ops[r->type]);
		sb_puts(sb, r->type == R_HEREDOC ? r->delim : r->word);
	}
}

static void
words_to_str(char **w, struct strbuf *sb, int lead)
{
	for (; w && *w; w++) {
		if (lead)
			sb_putc(sb, ' ');
		sb_puts(sb, *w);
		lead = 1;
	}
}

void
node_to_str(struct node *n, struct strbuf *sb)
{
	struct casearm *a;
	int i;

	if (!n)
		return;
	switch (n->type) {
	case N_CMD:
		words_to_str(n->assigns, sb, 0);
		words_to_str(n->words, sb, n->assigns && n->assigns[0]);
		break;
	case N_PIPE:
		for (i = 0; i < n->ncmds; i++) {
			if (i)
				sb_puts(sb, " | ");
			node_to_str(n->cmds[i], sb);
		}
		break;
	case N_AND:
	case N_OR:
		node_to_str(n->left, sb);
		sb_puts(sb, n->type == N_AND ? " && " : " || ");
		node_to_str(n->right, sb);
		break;
	case N_SEQ:
		node_to_str(n->left, sb);
		if (n->left->type != N_BG)
			sb_putc(sb, ';');
		sb_putc(sb, ' ');
		node_to_str(n->right, sb);
		break;
	case N_BG:
		node_to_str(n->left, sb);
		sb_puts(sb, " &");
		break;
	case N_NOT:
		sb_puts(sb, "! ");
		node_to_str(n->left, sb);
		break;
	case N_SUBSHELL:
		sb_puts(sb, "( ");
		node_to_str(n->left, sb);
		sb_puts(sb, " )");
		break;
	case N_GROUP:
		sb_puts(sb, "{ ");
		node_to_str(n->left, sb);
		sb_puts(sb, "; }");
		break;
	case N_IF:
		sb_puts(sb, "if ");
		node_to_str(n->left, sb);
		sb_puts(sb, "; then ");
		node_to_str(n->right, sb);
		if (n->third) {
			sb_puts(sb, "; else ");
			node_to_str(n->third, sb);
		}
		sb_puts(sb, "; fi");
		break;
	case N_WHILE:
	case N_UNTIL:
		sb_puts(sb, n->type == N_WHILE ? "while " : "until ");
		node_to_str(n->left, sb);
		sb_puts(sb, "; do ");
		node_to_str(n->right, sb);
		sb_puts(sb, "; done");
		break;
	case N_FOR:
		sb_puts(sb, "for ");
		sb_puts(sb, n->name);
		if (n->hasin) {
			sb_puts(sb, " in");
			words_to_str(n->words, sb, 1);
		}
		sb_puts(sb, "; do ");
		node_to_str(n->left, sb);
		sb_puts(sb, "; done");
		break;
	case N_CASE:
		sb_puts(sb, "case ");
		sb_puts(sb, n->words[0]);
		sb_puts(sb, " in");
		for (a = n->arms; a; a = a->next) {
			sb_putc(sb, ' ');
			for (i = 0; a->pats[i]; i++) {
				if (i)
					sb_putc(sb, '|');
				sb_puts(sb, a->pats[i]);
			}
			sb_puts(sb, ") ");
			node_to_str(a->body, sb);
			sb_puts(sb, ";;");
		}
		sb_puts(sb, " esac");
		break;
	case N_FUNC:
		sb_puts(sb, n->name);
		sb_puts(sb, "() ");
		node_to_str(n->left, sb);
		break;
	}
	if (n->type != N_FUNC)
		redirs_to_str(n->redirs, sb);
}

char *
node_text(struct node *n)
{
	struct strbuf sb = { 0 };

	node_to_str(n, &sb);
	return sb_str(&sb);
}
