/*
 * var.c - shell variables (hash table), the environment, temporary and
 * local assignments, positional parameters and the function table.
 */
#include <stdlib.h>
#include <string.h>

#include "sh.h"

#define NBUCKET 64

static struct var *table[NBUCKET];
static struct func *funcs;

int pos_n;
char **pos_v;
char *arg0;

struct saved {
	struct saved *next;
	char *name;
	char *val;
	int flags;
	int existed;
};

struct frame {
	struct frame *prev;
	struct saved *list;
};

static struct frame *locals;
static struct saved *tmpvars;

static unsigned
hash(const char *s)
{
	unsigned h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h % NBUCKET;
}

struct var *
var_lookup(const char *name)
{
	struct var *v;

	for (v = table[hash(name)]; v; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

const char *
var_get(const char *name)
{
	struct var *v = var_lookup(name);

	return v ? v->val : NULL;
}

static struct var *
var_create(const char *name)
{
	struct var *v = var_lookup(name);
	unsigned h;

	if (v)
		return v;
	v = xmalloc(sizeof(*v));
	v->name = xstrdup(name);
	v->val = NULL;
	v->flags = 0;
	h = hash(name);
	v->next = table[h];
	table[h] = v;
	return v;
}

/* Set a variable; val NULL keeps it unset.  Returns -1 if readonly. */
int
var_set(const char *name, const char *val, int flags)
{
	struct var *v = var_create(name);

	if (v->flags & V_READONLY) {
		sh_warn("%s: is read only", name);
		return -1;
	}
	if (val) {
		char *n = xstrdup(val);

		free(v->val);
		v->val = n;
	}
	v->flags |= flags;
	if (opt.allexport)
		v->flags |= V_EXPORT;
	return 0;
}

int
var_setflags(const char *name, int flags)
{
	var_create(name)->flags |= flags;
	return 0;
}

int
var_unset(const char *name)
{
	struct var **pp, *v;

	for (pp = &table[hash(name)]; (v = *pp); pp = &v->next) {
		if (strcmp(v->name, name) != 0)
			continue;
		if (v->flags & V_READONLY) {
			sh_warn("%s: is read only", name);
			return -1;
		}
		*pp = v->next;
		free(v->name);
		free(v->val);
		free(v);
		return 0;
	}
	return 0;
}

/* Perform "NAME=value" (value already expanded). */
int
var_assign(const char *assign, int flags)
{
	const char *eq = strchr(assign, '=');
	char *name = xstrndup(assign, eq - assign);
	int r = var_set(name, eq + 1, flags);

	free(name);
	return r;
}

void
var_init(char **envp)
{
	for (; envp && *envp; envp++) {
		const char *eq = strchr(*envp, '=');
		char *name;

		if (!eq)
			continue;
		name = xstrndup(*envp, eq - *envp);
		if (is_name(name))
			var_set(name, eq + 1, V_EXPORT);
		free(name);
	}
}

char **
var_environ(void)
{
	struct strvec env = { 0 };
	struct var *v;
	int i;

	for (i = 0; i < NBUCKET; i++) {
		for (v = table[i]; v; v = v->next) {
			struct strbuf sb = { 0 };

			if (!(v->flags & V_EXPORT) || !v->val)
				continue;
			sb_puts(&sb, v->name);
			sb_putc(&sb, '=');
			sb_puts(&sb, v->val);
			sv_push(&env, sb.s);
		}
	}
	if (!env.v) {
		env.v = xmalloc(sizeof(char *));
		env.v[0] = NULL;
	}
	return env.v;
}

static int
cmp_var(const void *a, const void *b)
{
	return strcmp((*(struct var *const *)a)->name,
		      (*(struct var *const *)b)->name);
}

/* List variables having all of flags, sorted, each line led by prefix. */
void
var_list(int flags, const char *prefix)
{
	struct var **all = NULL, *v;
	int n = 0, i;

	for (i = 0; i < NBUCKET; i++) {
		for (v = table[i]; v; v = v->next) {
			if ((v->flags & flags) != flags)
				continue;
			all = xrealloc(all, (n + 1) * sizeof(*all));
			all[n++] = v;
		}
	}
	qsort(all, n, sizeof(*all), cmp_var);
	for (i = 0; i < n; i++) {
		struct strbuf sb = { 0 };

		sb_puts(&sb, prefix);
		sb_puts(&sb, all[i]->name);
		if (all[i]->val) {
			char *q = shell_quote(all[i]->val);

			sb_putc(&sb, '=');
			sb_puts(&sb, q);
			free(q);
		}
		sb_putc(&sb, '\n');
		xwrite(1, sb.s, sb.len);
		free(sb.s);
	}
	free(all);
}

static struct saved *
save_var(const char *name, struct saved *next)
{
	struct saved *s = xmalloc(sizeof(*s));
	struct var *v = var_lookup(name);

	s->name = xstrdup(name);
	s->existed = v != NULL;
	s->val = v && v->val ? xstrdup(v->val) : NULL;
	s->flags = v ? v->flags : 0;
	s->next = next;
	return s;
}

static void
restore_list(struct saved *s)
{
	while (s) {
		struct saved *next = s->next;
		struct var *v;

		if (!s->existed) {
			v = var_lookup(s->name);
			if (v)
				v->flags &= ~V_READONLY;
			var_unset(s->name);
		} else {
			v = var_create(s->name);
			free(v->val);
			v->val = s->val;
			v->flags = s->flags;
			s->val = NULL;
		}
		free(s->name);
		free(s->val);
		free(s);
		s = next;
	}
}

/* "local NAME": remember the current value until the function returns. */
void
var_save_local(const char *name)
{
	struct saved *s;

	if (!locals)
		return;
	for (s = locals->list; s; s = s->next)
		if (strcmp(s->name, name) == 0)
			return;
	locals->list = save_var(name, locals->list);
}

void
local_push(void)
{
	struct frame *f = xmalloc(sizeof(*f));

	f->list = NULL;
	f->prev = locals;
	locals = f;
}

void
local_pop(void)
{
	struct frame *f = locals;

	locals = f->prev;
	restore_list(f->list);
	free(f);
}

void
local_pop_all(void)
{
	while (locals)
		local_pop();
}

/* Temporary assignments in front of a builtin or function (nestable). */
void *
tmpvar_begin(void)
{
	return tmpvars;
}

void
tmpvar_set(const char *name, const char *val)
{
	tmpvars = save_var(name, tmpvars);
	if (var_set(name, val, V_EXPORT) < 0)
		sh_fatal(1);
}

void
tmpvar_end(void *mark)
{
	struct saved *s = tmpvars, *stop = mark, *last = NULL;

	if (s == stop)
		return;
	while (s->next != stop)
		s = s->next;
	last = s;
	last->next = NULL;
	s = tmpvars;
	tmpvars = stop;
	restore_list(s);
}

void
pos_set(int n, char **v)
{
	char **nv = xmalloc((n + 1) * sizeof(char *));
	int i;

	for (i = 0; i < n; i++)
		nv[i] = xstrdup(v[i]);
	nv[n] = NULL;
	for (i = 0; i < pos_n; i++)
		free(pos_v[i]);
	free(pos_v);
	pos_n = n;
	pos_v = nv;
}

/* Hand the current parameters to the caller and start with none. */
void
pos_save(int *n, char ***v)
{
	*n = pos_n;
	*v = pos_v;
	pos_n = 0;
	pos_v = xmalloc(sizeof(char *));
	pos_v[0] = NULL;
}

void
pos_restore(int n, char **v)
{
	int i;

	for (i = 0; i < pos_n; i++)
		free(pos_v[i]);
	free(pos_v);
	pos_n = n;
	pos_v = v;
}

struct func *
func_lookup(const char *name)
{
	struct func *f;

	for (f = funcs; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

void
func_set(const char *name, struct node *body)
{
	struct func *f = func_lookup(name);

	if (!f) {
		f = xmalloc(sizeof(*f));
		f->name = xstrdup(name);
		f->next = funcs;
		funcs = f;
	}
	f->body = body;
}

int
func_unset(const char *name)
{
	struct func **pp, *f;

	for (pp = &funcs; (f = *pp); pp = &f->next) {
		if (strcmp(f->name, name) == 0) {
			*pp = f->next;
			free(f->name);
			free(f);
			return 0;
		}
	}
	return 0;
}
