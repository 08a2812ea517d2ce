/*
 * sh.h - shared declarations for the CircleOS POSIX shell.
 * Every module (lexer, parser, expander, executor, jobs, builtins) uses it.
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/types.h>

#define SH_NAME "sh"

/* ---- util.c: memory, strings, output ---- */
struct strbuf {
	char *s;
	size_t len, cap;
};

struct strvec {
	char **v;
	int n, cap;
};

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void sb_putc(struct strbuf *b, int c);
void sb_putn(struct strbuf *b, const char *s, size_t n);
void sb_puts(struct strbuf *b, const char *s);
char *sb_str(struct strbuf *b);
void sv_push(struct strvec *v, char *s);
void sv_free(struct strvec *v);
int xwrite(int fd, const char *s, size_t n);
void out_str(int fd, const char *s);
void out_fmt(int fd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sh_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int is_name(const char *s);
int is_name_start(int c);
int is_name_char(int c);
int parse_int(const char *s, long *out);
char *shell_quote(const char *s);

/* ---- arena allocation for parse trees ---- */
struct arena {
	struct arena_blk *blk;
	int keep;
};

struct arena *arena_new(void);
struct arena *arena_set(struct arena *a);
struct arena *arena_current(void);
void arena_release(struct arena *a);
void *amalloc(size_t n);
char *astrdup(const char *s);

/* ---- parse tree ---- */
enum {
	N_CMD, N_PIPE, N_AND, N_OR, N_SEQ, N_BG, N_NOT, N_SUBSHELL, N_GROUP,
	N_IF, N_WHILE, N_UNTIL, N_FOR, N_CASE, N_FUNC
};

enum {
	R_IN, R_OUT, R_APPEND, R_CLOBBER, R_RDWR, R_DUPIN, R_DUPOUT, R_HEREDOC
};

struct redir {
	struct redir *next;
	struct redir *hnext;	/* pending here-document chain */
	int type;
	int fd;
	char *word;		/* target, or here-document body */
	char *delim;		/* here-document delimiter (unquoted) */
	int quoted;		/* here-document delimiter was quoted */
	int strip;		/* <<- */
};

struct casearm {
	struct casearm *next;
	char **pats;
	struct node *body;
};

struct node {
	int type;
	int lineno;
	struct node *left, *right, *third;
	char **words;
	char **assigns;
	struct redir *redirs;
	struct casearm *arms;
	char *name;
	struct node **cmds;
	int ncmds;
	int hasin;
	struct arena *arena;
};

/* ---- lex.c: input sources and tokens ---- */
struct input {
	struct input *prev;
	int fd;			/* -1 for a string */
	const char *str;
	size_t spos;
	char *buf;
	size_t len, pos, cap;
	int interactive;
	int seekable;
	int eof;
	int lastwas_eof;
	int lineno;
};

enum {
	T_EOF, T_NL, T_WORD, T_IONUM, T_SEMI, T_DSEMI, T_AMP, T_AND, T_PIPE,
	T_OR, T_LPAREN, T_RPAREN, T_LT, T_GT, T_DGREAT, T_CLOBBER, T_DLESS,
	T_DLESSDASH, T_LESSGREAT, T_LESSAND, T_GREATAND
};

extern struct input *in;
extern int need_ps1;
extern char *tok_text;
extern int tok_ionum;

void input_push_string(const char *s);
void input_push_fd(int fd, int interactive);
void input_pop(void);
void input_discard_line(void);
int pgetc(void);
void pungetc(void);
int lex_token(void);
void lex_reset(void);
void heredoc_add(struct redir *r);
const char *tok_name(int t);

/* ---- parse.c ---- */
struct node *parse_command(int *eof);
void parse_reset(void);
void node_to_str(struct node *n, struct strbuf *sb);
char *node_text(struct node *n);

/* ---- expand.c ---- */
#define EXP_TILDE 0x1
#define EXP_ASSIGN 0x2
char **expand_words(char **words, int *argcp);
char *expand_str(const char *w, int flags);
char *expand_pattern(const char *w);
char *expand_heredoc(const char *body);
char *expand_prompt(const char *ps);
int pmatch(const char *pat, const char *str);
int has_glob(const char *s);
char *unquote_word(const char *w, int *quoted);
void glob_into(const char *pat, struct strvec *out);
extern int back_status;

/* ---- arith.c ---- */
long arith_eval(const char *expr);

/* ---- var.c ---- */
#define V_EXPORT 0x1
#define V_READONLY 0x2

struct var {
	struct var *next;
	char *name;
	char *val;		/* NULL: unset */
	int flags;
};

struct func {
	struct func *next;
	char *name;
	struct node *body;
};

extern int pos_n;
extern char **pos_v;
extern char *arg0;

void var_init(char **envp);
struct var *var_lookup(const char *name);
const char *var_get(const char *name);
int var_set(const char *name, const char *val, int flags);
int var_setflags(const char *name, int flags);
int var_unset(const char *name);
int var_assign(const char *assign, int flags);
char **var_environ(void);
void var_list(int flags, const char *prefix);
void var_save_local(const char *name);
void local_push(void);
void local_pop(void);
void local_pop_all(void);
void *tmpvar_begin(void);
void tmpvar_set(const char *name, const char *val);
void tmpvar_end(void *mark);
void pos_set(int n, char **v);
void pos_save(int *n, char ***v);
void pos_restore(int n, char **v);
struct func *func_lookup(const char *name);
void func_set(const char *name, struct node *body);
int func_unset(const char *name);

/* ---- exec.c ---- */
#define EV_EXIT 0x1
#define EV_TESTED 0x2

#define SKIPBREAK 1
#define SKIPCONT 2
#define SKIPRETURN 3

struct opts {
	int errexit, nounset, xtrace, noglob, verbose, noexec, noclobber;
	int allexport, interactive, monitor, stdin_mode;
};

extern struct opts opt;
extern int exitstatus;
extern pid_t rootpid;
extern pid_t lastbgpid;
extern int evalskip, skipcount, loopnest, funcnest, dotnest;
extern int is_subshell;

int evaltree(struct node *n, int flags);
int evalstring(const char *s, int flags);
int run_input(void);
void shell_exec(char **argv, int *status);
char *find_path(const char *name, int *err);
char *run_cmdsub(const char *text);
void exit_shell(int status) __attribute__((noreturn));
void sh_fatal(int status) __attribute__((noreturn));
void sh_interrupt(void) __attribute__((noreturn));
void set_toplevel(jmp_buf *jb);
void reset_after_error(struct input *top);
char *opt_flags(void);
int run_script_file(const char *path);

/* ---- redir.c ---- */
int redirect(struct redir *r, int save);
void popredir(void);
void popredir_all(void);
int redir_depth(void);
void popredir_to(int depth);

/* ---- jobs.c ---- */
#define FORK_FG 0
#define FORK_BG 1
#define FORK_NOJOB 2

struct job;
extern int jobctl;
extern int ttyfd;
extern pid_t shell_pgid;

void jobs_init(void);
void jobs_exit(void);
struct job *job_new(const char *cmd);
pid_t fork_child(struct job *j, int mode);
int job_wait(struct job *j);
void job_background(struct job *j);
void jobs_notify(void);
void jobs_clear(void);
int status_of(int wstatus);
int builtin_jobs(int argc, char **argv);
int builtin_fg(int argc, char **argv);
int builtin_bg(int argc, char **argv);
int builtin_wait(int argc, char **argv);
int builtin_kill(int argc, char **argv);

/* ---- trap.c ---- */
extern volatile sig_atomic_t pending_sigs;
extern volatile sig_atomic_t got_sigint;
extern int in_trap;

void signals_init(void);
void signals_child(int bg);
void dotrap(void);
void run_exit_trap(void);
int have_exit_trap(void);
int last_trap_sig(void);
int sig_number(const char *name);
const char *sig_name(int sig);
const char *sig_desc(int sig);
int builtin_trap(int argc, char **argv);

/* ---- builtin.c ---- */
#define BI_SPECIAL 0x1

struct builtin {
	const char *name;
	int (*fn)(int argc, char **argv);
	int flags;
};

const struct builtin *builtin_lookup(const char *name);
int set_option(int letter, const char *name, int on);
int builtin_test(int argc, char **argv);
int builtin_echo(int argc, char **argv);
int builtin_printf(int argc, char **argv);

/* ---- lineedit.c ---- */
#define LE_INTR ((char *)-1)

int le_init(int fd);
char *le_readline(const char *prompt);
void le_restore(void);
void hist_add(const char *line);
void hist_print(void);

#endif
