/*
 * exec.c -- execve: load a static or static-PIE ELF executable of the ISA
 * (or a "#!" script's interpreter) into a fresh address space, with argv,
 * envp and the auxiliary vector on its stack.
 */
#include "abi.h"
#include "heap.h"
#include "proc.h"
#include "random.h"
#include "syscall.h"
#include "uaccess.h"
#include "vfs.h"
#include "vm.h"

#define ARG_MAX (2u << 20)	/* bytes of argv and envp strings */
#define MAX_ARGS 65536
#define SCRIPT_DEPTH 4
#define PIE_BASE 0x555555554000ul

/* ELF64 (the fields we use). */
struct elf_ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define ET_EXEC 2
#define ET_DYN 3
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define MAX_PHNUM 64

#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_BASE 7
#define AT_FLAGS 8
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_HWCAP 16
#define AT_CLKTCK 17
#define AT_SECURE 23
#define AT_RANDOM 25
#define AT_EXECFN 31

/* argv and envp, copied into the kernel: strings back to back. */
struct exec_args {
	char *buf;
	size_t len;
	int argc, envc;
};

static int
args_add(struct exec_args *a, const char *s, size_t n)
{
	if (a->len + n + 1 > ARG_MAX || a->argc + a->envc >= MAX_ARGS)
		return -E2BIG;
	memcpy(a->buf + a->len, s, n);
	a->buf[a->len + n] = '\0';
	a->len += n + 1;
	return 0;
}

/* Copy a user NULL-terminated array of strings. */
static int
args_from_user(struct exec_args *a, uintptr_t uvec, int *count)
{
	uintptr_t up;
	long n;

	for (int i = 0; uvec != 0; i++) {
		if (copy_from_user(&up, uvec + (uintptr_t)i * sizeof(up), sizeof(up)) < 0)
			return -EFAULT;
		if (up == 0)
			return 0;
		if (a->argc + a->envc >= MAX_ARGS)
			return -E2BIG;
		n = strncpy_from_user(a->buf + a->len, up,
				      MIN((size_t)ARG_MAX - a->len, (size_t)PATH_MAX * 32));
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return (int)n;
		a->len += (size_t)n + 1;
		(*count)++;
	}
	return 0;
}

/* The start of argument i (argv first, then envp). */
static const char *
arg_at(const struct exec_args *a, int i)
{
	const char *s = a->buf;

	while (i-- > 0)
		s += strlen(s) + 1;
	return s;
}

/* ---- loading ---- */

struct image {
	uintptr_t entry;
	uintptr_t phdr;		/* AT_PHDR */
	uint16_t phnum;
	uintptr_t base;		/* load bias */
	uintptr_t end;		/* highest byte mapped + 1 */
};

static unsigned
seg_prot(uint32_t flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

static int
check_ehdr(const struct elf_ehdr *eh)
{
	if (memcmp(eh->ident, "\177ELF", 4) != 0)
		return -ENOEXEC;
	if (eh->ident[4] != 2 || eh->ident[5] != 1)	/* 64-bit, little endian */
		return -ENOEXEC;
	if (eh->machine != ABI_ELF_MACHINE || (eh->type != ET_EXEC && eh->type != ET_DYN))
		return -ENOEXEC;
	if (eh->phentsize != sizeof(struct elf_phdr) || eh->phnum == 0 ||
	    eh->phnum > MAX_PHNUM)
		return -ENOEXEC;
	return 0;
}

/* Map one PT_LOAD segment: file pages, then zero-filled memory. */
static int
load_segment(struct vm *vm, struct file *f, const struct elf_phdr *ph,
	     uintptr_t bias, uint64_t fsize)
{
	uintptr_t va = ph->vaddr + bias, start = ALIGN_DOWN(va, PAGE_SIZE);
	uintptr_t file_end = va + ph->filesz, mem_end = va + ph->memsz;
	uintptr_t zero_from = ALIGN_UP(file_end, PAGE_SIZE), out;
	unsigned prot = seg_prot(ph->flags);
	uint64_t off = ph->offset - (va - start);
	static const char zeros[256];
	int r;

	if ((ph->offset & (PAGE_SIZE - 1)) != (va & (PAGE_SIZE - 1)) ||
	    ph->filesz > ph->memsz || ph->offset + ph->filesz > fsize ||
	    ph->offset + ph->filesz < ph->offset || mem_end < va ||
	    start < USER_MIN || mem_end > vm->mmap_top)
		return -ENOEXEC;
	if (ph->filesz > 0) {
		r = vm_map(vm, start, file_end - start,
			   prot | (ph->memsz > ph->filesz ? PROT_WRITE : 0),
			   MAP_PRIVATE | MAP_FIXED, f, off, &out);
		if (r < 0)
			return r;
		/* The rest of the last file page is bss: clear it. */
		for (uintptr_t z = file_end; z < MIN(zero_from, mem_end); ) {
			size_t n = MIN(sizeof(zeros), MIN(zero_from, mem_end) - z);
			if ((r = vm_copy_out(vm, z, zeros, n)) < 0)
				return r;
			z += n;
		}
		if (ph->memsz > ph->filesz && !(prot & PROT_WRITE))
			vm_protect(vm, start, zero_from - start, prot);
	} else {
		zero_from = start;
	}
	if (mem_end > zero_from) {
		r = vm_map(vm, zero_from, mem_end - zero_from, prot,
			   MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, NULL, 0, &out);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Read the ELF headers of f and map its segments into vm. */
static int
load_elf(struct vm *vm, struct file *f, struct image *img)
{
	struct elf_ehdr eh;
	struct elf_phdr ph[MAX_PHNUM];
	uintptr_t bias = 0, lo = ~0ul, hi = 0;
	size_t n;
	int r;

	if (kernel_read(f, &eh, sizeof(eh), 0) != sizeof(eh))
		return -ENOEXEC;
	if ((r = check_ehdr(&eh)) < 0)
		return r;
	n = (size_t)eh.phnum * sizeof(ph[0]);
	if (eh.phoff > f->ip->size || kernel_read(f, ph, n, eh.phoff) != (ssize_t)n)
		return -ENOEXEC;
	for (int i = 0; i < eh.phnum; i++) {
		if (ph[i].type == PT_INTERP)
			return -ENOEXEC;	/* dynamic linking: not here */
		if (ph[i].type != PT_LOAD)
			continue;
		lo = MIN(lo, ph[i].vaddr);
		hi = MAX(hi, ph[i].vaddr + ph[i].memsz);
	}
	if (lo == ~0ul || hi <= lo || hi - lo > vm->mmap_top)
		return -ENOEXEC;
	if (eh.type == ET_DYN)
		bias = PIE_BASE - ALIGN_DOWN(lo, PAGE_SIZE);
	img->phdr = 0;
	for (int i = 0; i < eh.phnum; i++) {
		if (ph[i].type == PT_PHDR)
			img->phdr = ph[i].vaddr + bias;
		if (ph[i].type != PT_LOAD)
			continue;
		if ((r = load_segment(vm, f, &ph[i], bias, f->ip->size)) < 0)
			return r;
		if (img->phdr == 0 && eh.phoff >= ph[i].offset &&
		    eh.phoff + n <= ph[i].offset + ph[i].filesz)
			img->phdr = ph[i].vaddr + bias + (eh.phoff - ph[i].offset);
	}
	img->entry = eh.entry + bias;
	if (img->entry < USER_MIN || img->entry >= vm->mmap_top)
		return -ENOEXEC;
	img->phnum = eh.phnum;
	img->base = bias;
	img->end = hi + bias;
	return 0;
}

/* ---- the new stack ---- */

static int
push(struct vm *vm, uintptr_t *sp, const void *data, size_t n)
{
	*sp -= n;
	return vm_copy_out(vm, *sp, data, n);
}

/* Lay out strings, argv, envp and auxv below the top of the stack. */
static int
build_stack(struct vm *vm, const struct exec_args *a, const struct image *img,
	    const struct cred *cr, const char *execfn, uintptr_t *spout)
{
	uintptr_t sp = vm->stack_top, strs, execfn_at, random_at;
	uintptr_t *ptrs, aux[2 * 16];
	uint8_t rnd[16];
	int n = a->argc + a->envc, k = 0, r, j;
	size_t words;
	const char *s = a->buf;

	if ((r = push(vm, &sp, execfn, strlen(execfn) + 1)) < 0)
		return r;
	execfn_at = sp;
	if ((r = push(vm, &sp, a->buf, a->len)) < 0)
		return r;
	strs = sp;
	random_get(rnd, sizeof(rnd));
	if ((r = push(vm, &sp, rnd, sizeof(rnd))) < 0)
		return r;
	random_at = sp;
#define AUX(t, v) (aux[k++] = (t), aux[k++] = (uintptr_t)(v))
	AUX(AT_PHDR, img->phdr);
	AUX(AT_PHENT, sizeof(struct elf_phdr));
	AUX(AT_PHNUM, img->phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, img->entry);
	AUX(AT_UID, cr->uid);
	AUX(AT_EUID, cr->euid);
	AUX(AT_GID, cr->gid);
	AUX(AT_EGID, cr->egid);
	AUX(AT_CLKTCK, 100);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random_at);
	AUX(AT_EXECFN, execfn_at);
	AUX(AT_NULL, 0);
#undef AUX
	words = 1 + (size_t)a->argc + 1 + (size_t)a->envc + 1 + (size_t)k;
	sp = ALIGN_DOWN(sp - words * sizeof(uintptr_t), 16);
	ptrs = kmalloc(words * sizeof(uintptr_t));
	if (ptrs == NULL)
		return -ENOMEM;
	ptrs[0] = (uintptr_t)a->argc;
	j = 1;
	for (int i = 0; i < n; i++) {
		ptrs[j++] = strs + (uintptr_t)(s - a->buf);
		s += strlen(s) + 1;
		if (i == a->argc - 1)
			ptrs[j++] = 0;		/* end of argv */
	}
	if (a->argc == 0)
		memmove(&ptrs[2], &ptrs[1], (size_t)n * sizeof(uintptr_t)), ptrs[1] = 0, j++;
	ptrs[j++] = 0;				/* end of envp */
	memcpy(&ptrs[j], aux, (size_t)k * sizeof(uintptr_t));
	r = vm_copy_out(vm, sp, ptrs, words * sizeof(uintptr_t));
	kfree(ptrs);
	*spout = sp;
	return r;
}

/* ---- execve ---- */

/* If f starts with "#!", rewrite args for its interpreter; 1 if so. */
static int
script(struct file *f, struct exec_args *a, const char *path, char *interp)
{
	char line[256], *p, *arg = NULL;
	struct exec_args na;
	ssize_t n = kernel_read(f, line, sizeof(line) - 1, 0);
	int r;

	if (n < 2 || line[0] != '#' || line[1] != '!')
		return 0;
	line[n] = '\0';
	if ((p = strchr(line, '\n')) != NULL)
		*p = '\0';
	else if (n == (ssize_t)sizeof(line) - 1)
		return -ENOEXEC;		/* interpreter line too long */
	for (p = line + 2; *p == ' ' || *p == '\t'; p++)
		;
	if (*p == '\0')
		return -ENOEXEC;
	strlcpy(interp, p, PATH_MAX);
	for (p = interp; *p && *p != ' ' && *p != '\t'; p++)
		;
	if (*p) {
		*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p) {
			arg = p;
			for (char *e = p + strlen(p); e > p && (e[-1] == ' ' || e[-1] == '\t'); )
				*--e = '\0';
		}
	}
	na.buf = kmalloc(ARG_MAX);
	if (na.buf == NULL)
		return -ENOMEM;
	na.len = 0;
	na.argc = na.envc = 0;
	r = args_add(&na, interp, strlen(interp));
	if (r == 0 && arg != NULL)
		r = args_add(&na, arg, strlen(arg));
	if (r == 0)
		r = args_add(&na, path, strlen(path));
	na.argc = arg != NULL ? 3 : 2;
	for (int i = 1; r == 0 && i < a->argc + a->envc; i++) {
		const char *s = arg_at(a, i);
		r = args_add(&na, s, strlen(s));
	}
	na.argc += a->argc > 0 ? a->argc - 1 : 0;
	na.envc = a->envc;
	if (r < 0) {
		kfree(na.buf);
		return r;
	}
	kfree(a->buf);
	*a = na;
	return 1;
}

static int
open_exec(const char *path, struct file **out)
{
	struct file *f;
	int r = vfs_open(AT_FDCWD, path, O_RDONLY, 0, &f);

	if (r < 0)
		return r;
	if (!S_ISREG(f->ip->mode)) {
		file_put(f);
		return -EACCES;
	}
	if ((r = inode_permission(f->ip, X_OK)) < 0 || !(f->ip->mode & 0111)) {
		file_put(f);
		return r < 0 ? r : -EACCES;
	}
	*out = f;
	return 0;
}

/* Past the point of no return: make the current process run img. */
static void
commit(struct uthread *ut, struct vm *vm, const struct image *img,
       uintptr_t sp, const char *path, const struct exec_args *a)
{
	struct proc *p = ut->p;
	struct vm *old = p->vm;
	const char *base = strrchr(path, '/');
	char *exe, *old_exe;
	size_t cmdlen = 0;
	const char *s = a->buf;

	for (int i = 0; i < a->argc; i++) {
		cmdlen += strlen(s) + 1;
		s += strlen(s) + 1;
	}
	proc_kill_other_threads(p, ut);
	vm->brk_start = vm->brk = ALIGN_UP(img->end, PAGE_SIZE);
	if (old != NULL)
		hal_pt_inherit(&vm->pt, &old->pt);	/* reuse what ran it */
	spin_lock(&proc_lock);		/* /proc reads these under it */
	p->vm = vm;
	spin_unlock(&proc_lock);
	hal_irq_disable();
	hal_pt_activate(&vm->pt);
	hal_irq_enable();
	if (old != NULL)
		vm_put(old);
	fd_close_on_exec(p->fds);
	signal_exec_reset(p);
	ut->ss_flags = SS_DISABLE;
	ut->ss_sp = 0;
	ut->ss_size = 0;
	ut->clear_child_tid = 0;
	ut->robust_list = 0;
	strlcpy(p->comm, base ? base + 1 : path, sizeof(p->comm));
	proc_set_cmdline(p, a->buf, cmdlen);
	exe = kstrdup(path);
	spin_lock(&proc_lock);
	old_exe = p->exe_path;
	p->exe_path = exe;
	spin_unlock(&proc_lock);
	kfree(old_exe);
	hal_tf_init(&ut->tf, img->entry, sp);
	vfork_release(p);
}

/* Load path with args a (freed here) into the current process. */
static int
exec_image(struct uthread *ut, const char *path, struct exec_args *a)
{
	char *interp = kmalloc(PATH_MAX), *cur = kstrdup(path);
	struct image img;
	struct file *f = NULL;
	struct vm *vm = NULL;
	uintptr_t sp;
	int r = interp && cur ? 0 : -ENOMEM;

	for (int depth = 0; r == 0; depth++) {
		if ((r = open_exec(cur, &f)) < 0)
			break;
		r = script(f, a, cur, interp);
		if (r <= 0)
			break;
		file_put(f);
		f = NULL;
		r = depth < SCRIPT_DEPTH ? 0 : -ELOOP;
		kfree(cur);
		if ((cur = kstrdup(interp)) == NULL)
			r = -ENOMEM;
	}
	if (r == 0 && (vm = vm_new()) == NULL)
		r = -ENOMEM;
	if (r == 0)
		r = load_elf(vm, f, &img);
	if (r == 0)
		r = vm_map(vm, vm->stack_top - STACK_SIZE_MAX, STACK_SIZE_MAX,
			   PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | (VMA_STACK << 24),
			   NULL, 0, &sp);
	if (r == 0)
		r = build_stack(vm, a, &img, &ut->p->cred, path, &sp);
	if (r == 0)
		commit(ut, vm, &img, sp, cur, a);
	else if (vm != NULL)
		vm_put(vm);
	if (f != NULL)
		file_put(f);
	kfree(interp);
	kfree(cur);
	kfree(a->buf);
	return r;
}

SYSCALL3(execve, uintptr_t, upath, uintptr_t, uargv, uintptr_t, uenvp)
{
	struct exec_args a = { kmalloc(ARG_MAX), 0, 0, 0 };
	char *path = kmalloc(PATH_MAX);
	long r;

	if (a.buf == NULL || path == NULL) {
		r = -ENOMEM;
		goto out;
	}
	r = strncpy_from_user(path, upath, PATH_MAX);
	if (r >= 0 && path[0] == '\0')
		r = -ENOENT;
	if (r >= 0)
		r = args_from_user(&a, uargv, &a.argc);
	if (r >= 0)
		r = args_from_user(&a, uenvp, &a.envc);
	if (r >= 0) {
		r = exec_image(curut(), path, &a);
		a.buf = NULL;
	}
out:
	kfree(a.buf);
	kfree(path);
	return r;		/* on success the new image ignores it */
}

/* Start the first program (boot): argv = { path }, a minimal environment. */
int
exec_first(struct uthread *ut, const char *path)
{
	static const char *const env[] = { "HOME=/", "TERM=linux",
		"PATH=/sbin:/bin:/usr/sbin:/usr/bin" };
	struct exec_args a = { kmalloc(ARG_MAX), 0, 0, 0 };
	int r;

	if (a.buf == NULL)
		return -ENOMEM;
	r = args_add(&a, path, strlen(path));
	a.argc = 1;
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(env); i++) {
		r = args_add(&a, env[i], strlen(env[i]));
		a.envc++;
	}
	if (r < 0) {
		kfree(a.buf);
		return r;
	}
	return exec_image(ut, path, &a);
}
