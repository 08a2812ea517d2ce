/*
 * main.c -- circlesim: parse the command line, build the machine (disks,
 * RAM, console, CPUs) and boot the kernel on CPU 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim.h"

struct sim_options sim_opt;
static void *ram;
static int ram_fd = -1;
static char describe[160];
static uint64_t initrd_off, initrd_len;	/* in RAM; len 0: none */

/* hal_initrd: where the initrd was loaded. */
int
sim_initrd(uint64_t *offset, uint64_t *size)
{
	*offset = initrd_off;
	*size = initrd_len;
	return initrd_len != 0;
}

/*
 * A file of the installation: `name` beside the circlesim executable (the
 * build tree), else the installed copy in $(pkgdatadir). NULL if neither
 * is readable.
 */
static const char *
data_file(const char *name, char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 32);
	char *slash;

	if (n > 0) {
		buf[n] = '\0';
		if ((slash = strrchr(buf, '/')) != NULL) {
			strcpy(slash + 1, name);
			if (access(buf, R_OK) == 0)
				return buf;
		}
	}
	snprintf(buf, size, "%s/%s", SIM_PKGDATADIR, name);
	return access(buf, R_OK) == 0 ? buf : NULL;
}

static const char *
default_initrd(char *buf, size_t size)
{
	return data_file("initramfs.cpio", buf, size);
}

/*
 * Without -drive, -initrd and -append (so `circlesim`, `circlesim
 * -nographic`, `circlesim -smp 4`), boot the default disk image,
 * circleos.img, as the root file system (root=/dev/vda): what the guest
 * changes stays. With -snapshot, or if we may not write the image (an
 * installed one), it is used with snapshot=on. A second circlesim on the
 * same image is refused by the image lock (sim/disk.c).
 */
static void
default_disk(void)
{
	static char path[4096];

	if (data_file("circleos.img", path, sizeof(path)) == NULL)
		return;		/* no image: the initramfs, as with arguments */
	sim_opt.drives[0] = (struct sim_drive_opt){
		.file = path,
		.snapshot = sim_opt.snapshot || access(path, W_OK) != 0,
	};
	sim_opt.ndrives = 1;
	sim_opt.append = "root=/dev/vda";
}

/* Copy the initrd to the top of RAM, as a boot loader would. */
static void
load_initrd(void)
{
	char buf[4096];
	const char *path = sim_opt.initrd;
	struct stat st;
	ssize_t r;
	size_t done = 0;
	int fd;

	if (path == NULL && (path = default_initrd(buf, sizeof(buf))) == NULL)
		return;		/* the kernel says what it misses */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		sim_fatal("-initrd %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode) || st.st_size == 0)
		sim_fatal("-initrd %s: not a non-empty regular file", path);
	if ((uint64_t)st.st_size > sim_opt.mem / 2)
		sim_fatal("-initrd %s: %lld bytes do not fit in half of the %llu MiB "
			  "of RAM; use a larger -m", path, (long long)st.st_size,
			  (unsigned long long)(sim_opt.mem >> 20));
	initrd_len = (uint64_t)st.st_size;
	initrd_off = (sim_opt.mem - initrd_len) & ~4095ull;
	while (done < initrd_len) {
		r = read(fd, (char *)ram + initrd_off + done, initrd_len - done);
		if (r <= 0)
			sim_fatal("-initrd %s: read error", path);
		done += (size_t)r;
	}
	close(fd);
}

void *
sim_ram(uint64_t *size)
{
	*size = sim_opt.mem;
	return ram;
}

const char *
sim_cmdline(void)
{
	return sim_opt.append;
}

const char *
sim_describe(void)
{
	return describe;
}

/* RAM is one memfd, mapped here as the kernel's direct map. */
static void
ram_init(void)
{
	ram_fd = memfd_create("circlesim-ram", MFD_CLOEXEC);
	if (ram_fd < 0)
		sim_fatal("cannot create guest RAM: %s", strerror(errno));
	if (ftruncate(ram_fd, (off_t)sim_opt.mem) < 0)
		sim_fatal("cannot size guest RAM to %llu bytes: %s",
			  (unsigned long long)sim_opt.mem, strerror(errno));
	ram = mmap(NULL, sim_opt.mem, PROT_READ | PROT_WRITE, MAP_SHARED,
		   ram_fd, 0);
	if (ram == MAP_FAILED)
		sim_fatal("cannot map guest RAM: %s", strerror(errno));
}

int
main(int argc, char **argv)
{
	char err[256];
	int r;

	sim_argv = argv;
	sim_options_default(&sim_opt);
	r = sim_options_parse(&sim_opt, argc, argv, err, sizeof(err));
	if (r == SIM_OPT_ERROR) {
		fprintf(stderr, "%s\n", err);
		return SIM_EXIT_USAGE;
	}
	if (r == SIM_OPT_EXIT)
		return 0;
	if (!sim_opt.seed_set && getrandom(&sim_opt.seed, sizeof(sim_opt.seed), 0) < 0)
		sim_opt.seed = (uint64_t)getpid();
	if (!sim_opt.seed_set)
		sim_opt.seed %= 1000000;	/* short enough to type back */
	sim_ncpu = sim_opt.smp;
	sim_virtual = sim_opt.clock == SIM_CLOCK_VIRTUAL;
	snprintf(describe, sizeof(describe), "%s clock, seed %llu",
		 sim_virtual ? "virtual" : "host",
		 (unsigned long long)sim_opt.seed);

	if (sim_opt.ndrives == 0 && sim_opt.initrd == NULL &&
	    sim_opt.append[0] == '\0')
		default_disk();
	sim_disks_open();
	sim_symbols_init();
	sim_signals_init();
	ram_init();
	load_initrd();
	sim_usermode_init(ram_fd);
	sim_boot_host_ns = sim_host_ns();
	sim_rand_seed(sim_opt.seed);
	if (sim_virtual)
		vclock_init();
	sim_console_init();
	sim_watchdog_start();
	sim_cpus_boot();
}
