/*
 * options.c -- circlesim's command line, QEMU's habits: -smp, -m, -append,
 * -nographic, -serial, -drive (and a positional disk image), -snapshot,
 * plus -timeout, -clock and -seed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

const char sim_version[] = PACKAGE_VERSION;

void
sim_options_default(struct sim_options *o)
{
	memset(o, 0, sizeof(*o));
	o->smp = 1;
	o->mem = 256ull << 20;
	o->append = "";
	o->clock = SIM_CLOCK_HOST;
	o->display = "none";
}

void
sim_usage(FILE *f)
{
	fprintf(f,
"usage: circlesim [options] [IMG]\n"
"Boot CircleOS on a simulated machine whose CPUs are host threads.\n"
"\n"
"  -smp N            number of CPUs, 1-%d (default 1)\n"
"  -m SIZE           RAM, e.g. 256M or 1G; a bare number is MiB (default 256M)\n"
"  -append CMDLINE   kernel command line, e.g. \"ktest=all\"\n"
"  -initrd FILE      root file system archive (cpio newc) instead of the built-in one\n"
"  -drive file=IMG[,format=raw][,readonly=on][,snapshot=on]\n"
"                    a disk (repeatable, at most %d): /dev/vda, /dev/vdb, ...\n"
"  IMG               a disk image without -drive is the first disk (/dev/vda)\n"
"  -snapshot         every disk snapshot=on: writes stay in memory\n"
"  -nographic        console on this terminal (raw mode), no window\n"
"  -display none     no window (the only display so far)\n"
"  -serial stdio     console on standard input/output (default)\n"
"  -serial file:PATH console output to PATH (input still from stdin)\n"
"  -clock host       guest time follows the host clock (default)\n"
"  -clock virtual    deterministic: guest time advances per kernel entry\n"
"  -seed N           seed of the virtual clock's CPU order and the kernel RNG\n"
"  -timeout SECONDS  stop after SECONDS of guest time (exit status %d)\n"
"  -no-reboot        exit instead of rebooting\n"
"  -help             this text\n"
"  -version          print the version\n"
"\n"
"Exit status: the guest's poweroff code; %d kernel panic, %d watchdog,\n"
"%d timeout, %d bad command line, %d host error.\n"
"On a terminal, Ctrl-A x quits and Ctrl-A h lists the other Ctrl-A keys.\n",
		SIM_MAX_CPUS, SIM_MAX_DRIVES, SIM_EXIT_TIMEOUT, SIM_EXIT_PANIC,
		SIM_EXIT_WATCHDOG, SIM_EXIT_TIMEOUT, SIM_EXIT_USAGE,
		SIM_EXIT_HOST);
}

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = (size_t)vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (n < errlen)
		snprintf(err + n, errlen - n, "; try 'circlesim -help'");
	return SIM_OPT_ERROR;
}

/* Parse "256M", "1G", "65536K", "1048576B"; a bare number is MiB. */
int
sim_parse_size(const char *s, uint64_t *bytes)
{
	char *end;
	unsigned long long v;
	unsigned shift = 20;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	switch (*end) {
	case '\0': break;
	case 'b': case 'B': shift = 0; end++; break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: return -1;
	}
	if (*end == 'i' && end[1] == 'B')	/* "MiB" */
		end += 2;
	if (*end != '\0' || v > (UINT64_MAX >> shift))
		return -1;
	*bytes = (uint64_t)v << shift;
	return 0;
}

static int
parse_int(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
opt_smp(struct sim_options *o, const char *v, char *err, size_t errlen)
{
	long n;

	if (strncmp(v, "cpus=", 5) == 0)
		v += 5;
	if (parse_int(v, 1, SIM_MAX_CPUS, &n) < 0)
		return fail(err, errlen, "circlesim: -smp: invalid CPU count '%s' "
			    "(1-%d)", v, SIM_MAX_CPUS);
	o->smp = (int)n;
	return 0;
}

static int
opt_mem(struct sim_options *o, const char *v, char *err, size_t errlen)
{
	uint64_t b;

	if (strncmp(v, "size=", 5) == 0)
		v += 5;
	if (sim_parse_size(v, &b) < 0)
		return fail(err, errlen, "circlesim: -m: invalid size '%s'", v);
	if (b < (16ull << 20) || b > (64ull << 30))
		return fail(err, errlen, "circlesim: -m: size '%s' out of range "
			    "(16M-64G)", v);
	o->mem = b & ~4095ull;
	return 0;
}

static int
opt_timeout(struct sim_options *o, const char *v, char *err, size_t errlen)
{
	char *end;
	double t;

	errno = 0;
	t = strtod(v, &end);
	if (*v == '\0' || *end != '\0' || errno != 0 || !(t > 0) || t > 1e9)
		return fail(err, errlen, "circlesim: -timeout: invalid number of "
			    "seconds '%s'", v);
	o->timeout = t;
	return 0;
}

static int
opt_seed(struct sim_options *o, const char *v, char *err, size_t errlen)
{
	char *end;
	unsigned long long s;

	errno = 0;
	s = strtoull(v, &end, 0);
	if (*v < '0' || *v > '9' || *end != '\0' || errno != 0)
		return fail(err, errlen, "circlesim: -seed: invalid seed '%s'", v);
	o->seed = s;
	o->seed_set = true;
	return 0;
}

static int
opt_serial(struct sim_options *o, const char *v, char *err, size_t errlen)
{
	if (strcmp(v, "stdio") == 0 || strcmp(v, "mon:stdio") == 0) {
		o->serial = NULL;
		return 0;
	}
	if (strncmp(v, "file:", 5) == 0 && v[5] != '\0') {
		o->serial = v + 5;
		return 0;
	}
	return fail(err, errlen, "circlesim: -serial: unsupported '%s' "
		    "(stdio or file:PATH)", v);
}

static int
opt_clock(struct sim_options *o, const char *v, char *err, size_t errlen)
{
	if (strcmp(v, "host") == 0 || strcmp(v, "real") == 0)
		o->clock = SIM_CLOCK_HOST;
	else if (strcmp(v, "virtual") == 0)
		o->clock = SIM_CLOCK_VIRTUAL;
	else
		return fail(err, errlen, "circlesim: -clock: unknown clock '%s' "
			    "(host or virtual)", v);
	return 0;
}

static int
opt_display(struct sim_options *o, const char *v, char *err, size_t errlen)
{
	if (strcmp(v, "none") == 0) {
		o->display = "none";
		return 0;
	}
	if (strcmp(v, "sdl") == 0 || strncmp(v, "sdl,", 4) == 0)
		return fail(err, errlen, "circlesim: -display sdl: not yet "
			    "available (the framebuffer comes later); use "
			    "-display none");
	return fail(err, errlen, "circlesim: -display: unknown display '%s'", v);
}

/* "on"/"off" (QEMU also takes yes/no, true/false): 1, 0, or -1. */
static int
parse_bool(const char *v)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0 ||
	    strcmp(v, "true") == 0)
		return 1;
	if (strcmp(v, "off") == 0 || strcmp(v, "no") == 0 ||
	    strcmp(v, "false") == 0)
		return 0;
	return -1;
}

/*
 * Split the next "key=value" off *p (QEMU's syntax: ',' separates, ",,"
 * is a comma inside a value). The text is unescaped in place; *key and
 * *val point into it (*val is NULL for a bare key).
 */
static void
next_pair(char **p, char **key, char **val)
{
	char *s = *p, *o = s;

	*key = s;
	*val = NULL;
	for (; *s != '\0'; s++) {
		if (*s == ',' && s[1] == ',') {
			*o++ = *s++;
			continue;
		}
		if (*s == ',')
			break;
		if (*s == '=' && *val == NULL) {
			*o++ = '\0';
			*val = o;
			continue;
		}
		*o++ = *s;
	}
	*p = *s == ',' ? s + 1 : s;
	*o = '\0';
}

/* -drive file=IMG[,format=raw][,if=virtio][,readonly=on][,snapshot=on] */
static int
opt_drive(struct sim_options *o, const char *v, char *err, size_t errlen)
{
	static const char *const keys[] = { "file", "format", "if",
					     "readonly", "snapshot" };
	struct sim_drive_opt d = { NULL, false, false, false };
	bool seen[5] = { false };
	char *copy, *p, *key, *val;
	size_t k;
	int b;

	if (o->ndrives + (o->image != NULL) >= SIM_MAX_DRIVES)
		return fail(err, errlen, "circlesim: -drive: too many drives "
			    "(at most %d)", SIM_MAX_DRIVES);
	if ((copy = strdup(v)) == NULL)
		return fail(err, errlen, "circlesim: -drive: out of memory");
	for (p = copy; *p != '\0';) {
		next_pair(&p, &key, &val);
		for (k = 0; k < 5 && strcmp(key, keys[k]) != 0; k++)
			;
		if (k == 5)
			return fail(err, errlen, "circlesim: -drive: unknown key "
				    "'%s' (file, format, if, readonly, snapshot)",
				    key);
		if (seen[k])
			return fail(err, errlen, "circlesim: -drive: '%s' given "
				    "twice", key);
		seen[k] = true;
		if (val == NULL && k >= 3) {
			val = (char *)"on";	/* QEMU's short form of a flag */
		} else if (val == NULL) {
			return fail(err, errlen, "circlesim: -drive: '%s' needs "
				    "a value (%s=...)", key, key);
		}
		switch (k) {
		case 0:
			if (*val == '\0')
				return fail(err, errlen, "circlesim: -drive: "
					    "empty file name");
			d.file = val;
			break;
		case 1:
			if (strcmp(val, "raw") != 0)
				return fail(err, errlen, "circlesim: -drive: "
					    "format '%s' is not supported (only "
					    "raw)", val);
			break;
		case 2:
			if (strcmp(val, "virtio") != 0)
				return fail(err, errlen, "circlesim: -drive: "
					    "interface '%s' is not supported "
					    "(only virtio)", val);
			break;
		default:
			if ((b = parse_bool(val)) < 0)
				return fail(err, errlen, "circlesim: -drive: "
					    "%s=%s: use on or off", key, val);
			if (k == 3)
				d.readonly = b;
			else
				d.snapshot = b;
		}
	}
	if (d.file == NULL)
		return fail(err, errlen, "circlesim: -drive: no file=IMG in "
			    "'%s'", v);
	o->drives[o->ndrives++] = d;
	return 0;
}

/* A disk image given without -drive: the first disk, like QEMU's -hda. */
static int
opt_image(struct sim_options *o, const char *v, char *err, size_t errlen)
{
	if (o->image != NULL)
		return fail(err, errlen, "circlesim: unexpected argument '%s' "
			    "(only one disk image may be given without -drive)",
			    v);
	if (*v == '\0')
		return fail(err, errlen, "circlesim: empty disk image name");
	if (o->ndrives >= SIM_MAX_DRIVES)
		return fail(err, errlen, "circlesim: too many drives (at "
			    "most %d)", SIM_MAX_DRIVES);
	o->image = v;
	return 0;
}

/* After parsing: the positional image becomes drive 0; -snapshot. */
static void
finish_drives(struct sim_options *o)
{
	if (o->image != NULL) {
		memmove(&o->drives[1], &o->drives[0],
			(size_t)o->ndrives * sizeof(o->drives[0]));
		o->drives[0] = (struct sim_drive_opt){ o->image, false, false,
						       true };
		o->ndrives++;
		o->image = NULL;
	}
	for (int i = 0; i < o->ndrives; i++)
		if (o->snapshot)
			o->drives[i].snapshot = true;
}

struct opt {
	const char *name;
	int (*fn)(struct sim_options *, const char *, char *, size_t);
	int flag;		/* for options without a value */
};

enum { F_NONE, F_NOGRAPHIC, F_NOREBOOT, F_HELP, F_VERSION, F_SNAPSHOT };

static int opt_append(struct sim_options *o, const char *v, char *e, size_t l)
{
	(void)e; (void)l;
	o->append = v;
	return 0;
}

static int opt_initrd(struct sim_options *o, const char *v, char *e, size_t l)
{
	if (*v == '\0')
		return fail(e, l, "circlesim: -initrd: empty file name");
	o->initrd = v;
	return 0;
}

static const struct opt opts[] = {
	{ "smp", opt_smp, F_NONE },
	{ "m", opt_mem, F_NONE },
	{ "append", opt_append, F_NONE },
	{ "initrd", opt_initrd, F_NONE },
	{ "timeout", opt_timeout, F_NONE },
	{ "seed", opt_seed, F_NONE },
	{ "serial", opt_serial, F_NONE },
	{ "clock", opt_clock, F_NONE },
	{ "display", opt_display, F_NONE },
	{ "drive", opt_drive, F_NONE },
	{ "snapshot", NULL, F_SNAPSHOT },
	{ "nographic", NULL, F_NOGRAPHIC },
	{ "no-reboot", NULL, F_NOREBOOT },
	{ "help", NULL, F_HELP },
	{ "h", NULL, F_HELP },
	{ "version", NULL, F_VERSION },
};

static const struct opt *
find_opt(const char *arg)
{
	size_t i;

	if (arg[0] != '-')
		return NULL;
	arg += arg[1] == '-' ? 2 : 1;	/* accept --opt as well as -opt */
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(arg, opts[i].name) == 0)
			return &opts[i];
	return NULL;
}

static int
apply_flag(struct sim_options *o, int flag)
{
	switch (flag) {
	case F_NOGRAPHIC: o->nographic = true; break;
	case F_NOREBOOT: o->no_reboot = true; break;
	case F_SNAPSHOT: o->snapshot = true; break;
	case F_HELP: sim_usage(stdout); return SIM_OPT_EXIT;
	case F_VERSION:
		printf("circlesim (CircleOS) %s\n", sim_version);
		return SIM_OPT_EXIT;
	}
	return SIM_OPT_RUN;
}

/*
 * Parse argv into o (which holds the defaults). Returns SIM_OPT_RUN,
 * SIM_OPT_EXIT after printing help or version, or SIM_OPT_ERROR with a
 * one-line message in err.
 */
int
sim_options_parse(struct sim_options *o, int argc, char **argv,
		  char *err, size_t errlen)
{
	const struct opt *op;
	int i, r;

	for (i = 1; i < argc; i++) {
		op = find_opt(argv[i]);
		if (op == NULL) {
			if (argv[i][0] == '-')
				return fail(err, errlen, "circlesim: unknown "
					    "option '%s'", argv[i]);
			if ((r = opt_image(o, argv[i], err, errlen)) != 0)
				return r;
			continue;
		}
		if (op->fn == NULL) {
			if ((r = apply_flag(o, op->flag)) != SIM_OPT_RUN)
				return r;
			continue;
		}
		if (i + 1 >= argc)
			return fail(err, errlen, "circlesim: option '%s' needs "
				    "a value", argv[i]);
		if ((r = op->fn(o, argv[++i], err, errlen)) != 0)
			return r;
	}
	finish_drives(o);
	return SIM_OPT_RUN;
}
