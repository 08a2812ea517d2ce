/*
 * symbols.c -- names for addresses in circlesim itself, kernel included:
 * the kernel's symbols are local in the executable's .symtab, so we read
 * that table from /proc/self/exe rather than ask the dynamic linker.
 */
#include <elf.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim.h"

struct sym {
	uintptr_t addr;
	uintptr_t size;
	const char *name;
};

static struct sym *syms;
static size_t nsyms;
static uintptr_t load_bias;

static int
cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int
find_bias(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	load_bias = info->dlpi_addr;	/* the first object is the executable */
	return 1;
}

static void
load_table(const unsigned char *img, size_t len)
{
	const Elf64_Ehdr *eh = (const void *)img;
	const Elf64_Shdr *sh;
	const Elf64_Sym *st;
	const char *str;
	size_t i, n, k;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shoff + (size_t)eh->e_shnum * sizeof(*sh) > len)
		return;
	sh = (const void *)(img + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		if (sh[i].sh_offset + sh[i].sh_size > len ||
		    sh[sh[i].sh_link].sh_offset + sh[sh[i].sh_link].sh_size > len)
			return;
		st = (const void *)(img + sh[i].sh_offset);
		str = (const char *)img + sh[sh[i].sh_link].sh_offset;
		n = sh[i].sh_size / sizeof(*st);
		syms = calloc(n, sizeof(*syms));
		if (syms == NULL)
			return;
		for (k = 0; k < n; k++) {
			if (ELF64_ST_TYPE(st[k].st_info) != STT_FUNC ||
			    st[k].st_value == 0 ||
			    st[k].st_name >= sh[sh[i].sh_link].sh_size)
				continue;
			syms[nsyms].addr = st[k].st_value + load_bias;
			syms[nsyms].size = st[k].st_size;
			syms[nsyms].name = str + st[k].st_name;
			nsyms++;
		}
		qsort(syms, nsyms, sizeof(*syms), cmp_sym);
		return;
	}
}

/* Read our own symbol table once, at start-up. */
void
sim_symbols_init(void)
{
	struct stat stb;
	void *img;
	int fd;

	dl_iterate_phdr(find_bias, NULL);
	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &stb) == 0 && stb.st_size > 0) {
		img = mmap(NULL, (size_t)stb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (img != MAP_FAILED)
			load_table(img, (size_t)stb.st_size);	/* names stay mapped */
	}
	close(fd);
}

/* hal_symbolize: the function holding pc, or NULL. */
const char *
sim_symbolize(uintptr_t pc, uintptr_t *offset)
{
	size_t lo = 0, hi = nsyms;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (syms[mid].addr <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	lo--;
	if (pc >= syms[lo].addr + (syms[lo].size ? syms[lo].size : 1))
		return NULL;
	*offset = pc - syms[lo].addr;
	return syms[lo].name;
}

/* hal_backtrace: return addresses of the caller's stack. */
int
sim_backtrace(uintptr_t *pcs, int max)
{
	void *buf[64];
	int n, i;

	n = backtrace(buf, max + 1 < 64 ? max + 1 : 64);
	for (i = 1; i < n; i++)		/* skip ourselves */
		pcs[i - 1] = (uintptr_t)buf[i];
	return n > 0 ? n - 1 : 0;
}

/* Print a symbolized backtrace on fd (watchdog, fatal errors). */
void
sim_print_backtrace(int fd, uintptr_t *pcs, int n)
{
	const char *name;
	uintptr_t off;
	int i;

	for (i = 0; i < n; i++) {
		/* A return address may lie just past its call's function. */
		name = sim_symbolize(pcs[i] - 1, &off);
		if (name != NULL)
			dprintf(fd, "  #%d %#lx %s+%#lx\n", i,
				(unsigned long)pcs[i], name, (unsigned long)off + 1);
		else
			dprintf(fd, "  #%d %#lx ?\n", i, (unsigned long)pcs[i]);
	}
}
