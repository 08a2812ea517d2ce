/*
 * pi5.c (Raspberry Pi 5) -- the board under the shared aarch64 core: the
 * boot tables' layout, the debug UART's baud rate before the first
 * character, a check of the compiled-in devices against the firmware's
 * DTB, RAM the DTB does not back taken out of the boot tables, and a
 * framebuffer from the VideoCore mailbox with the console on it
 * (hal-common/fbscreen.c; the aarch64 core's console.c writes to it).
 */
#include "a64.h"
#include "fdt.h"
#include "fbscreen.h"
#include "mailbox.h"
#include "pi5dt.h"
#include "pl011.h"

#define FB_WIDTH 1280
#define FB_HEIGHT 720
#define FB_DEPTH 32
#define FB_COLOUR 0x00203060u		/* dark blue: the kernel got here */
#define FB_XRGB 16, 8, 8, 8, 0, 8	/* colour fields: grey and black in any order */
#define MBOX_SPINS 20000000ul		/* polls: a second or two, not forever */
#define RAM_GIB_MAPPED 16
#define GICC_HPPIR 0x18

/*
 * RAM from 0 (every Pi 5 model has at least 1 GiB there; pi5_trim_map
 * unmaps what the DTB does not back), then the SoC's devices: the soc
 * bus at 0x10_0000_0000-0x10_7fffffff (UART, mailbox, GIC-400).
 */
const struct a64_map a64_boot_map[] = {
	{ 0, RAM_GIB_MAPPED, 1 },
	{ 64, 2, 0 },
	{ 0, 0, 0 },
};

extern uint64_t boot_l1[];		/* head.S */

static struct mbox_fb fb;
static int fb_err = 1;			/* 1: not tried */
static const char *fb_nocon;		/* why no console on it, or NULL */
static char extra[160];
static uint32_t mbox_msg[MBOX_FB_WORDS] __attribute__((aligned(64)));

static uint32_t
io_read(void *ctx, uint32_t off)
{
	return mmio_read32((uint64_t)(uintptr_t)ctx + off);
}

static void
io_write(void *ctx, uint32_t off, uint32_t val)
{
	mmio_write32((uint64_t)(uintptr_t)ctx + off, val);
}

static void
say(const char *s)
{
	hal_console_put(s, strlen(s));
}

/* The firmware set the UART up (enable_uart=1); set it again, to be sure. */
void
board_early(void)
{
	struct pi5_io io = { io_read, io_write, (void *)(uintptr_t)BOARD_UART };

	pl011_setup(&io, BOARD_UART_CLOCK, BOARD_UART_BAUD);
}

/* Clean and invalidate [p, p + n) to the point of coherency. */
static void
dcache_flush(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p & ~63ul, end = (uintptr_t)p + n;

	for (; a < end; a += 64)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}

/* True if [pa, pa + size) is normal memory in the boot tables. */
static bool
mapped(uint64_t pa, uint64_t size)
{
	for (uint64_t g = pa >> 30; g <= (pa + size - 1) >> 30; g++)
		if (g >= RAM_GIB_MAPPED || boot_l1[g] == 0)
			return false;
	return size != 0;
}

/* The framebuffer console's writes, out of the cache to the VideoCore. */
static void
fb_flush(void *p, size_t n)
{
	dcache_flush(p, n);
}

/* Paint the framebuffer: a sign of life when no console draws on it. */
static void
fb_paint(void)
{
	uint32_t *row;

	for (uint32_t y = 0; y < fb.height; y++) {
		row = (uint32_t *)((uint8_t *)hal_p2v(fb.pa) + (size_t)y * fb.pitch);
		for (uint32_t x = 0; x < fb.width; x++)
			row[x] = FB_COLOUR;
	}
	dcache_flush(hal_p2v(fb.pa), fb.size);
}

/* Ask the firmware for a framebuffer and show the console on it. */
static void
fb_init(void)
{
	struct pi5_io io = { io_read, io_write, (void *)(uintptr_t)BOARD_MBOX };
	uint32_t bus = mbox_bus_addr(hal_v2p(mbox_msg));
	struct fbcon_fb con;

	mbox_fb_request(mbox_msg, FB_WIDTH, FB_HEIGHT, FB_DEPTH);
	dcache_flush(mbox_msg, sizeof(mbox_msg));
	fb_err = mbox_call(&io, bus, MBOX_CH_PROP, MBOX_SPINS);
	dcache_flush(mbox_msg, sizeof(mbox_msg));
	if (fb_err == 0)
		fb_err = mbox_fb_parse(mbox_msg, &fb);
	if (fb_err == 0 && fb.depth == 32 && mapped(fb.pa, fb.size)) {
		a64_reserve(fb.pa, fb.size);
		con = (struct fbcon_fb){ hal_p2v(fb.pa), fb.width, fb.height,
					 fb.pitch, 32, FB_XRGB };
		if ((fb_nocon = fbscreen_attach(&con, NULL, 0, fb_flush)) != NULL)
			fb_paint();
	} else if (fb_err == 0) {
		fb_err = MBOX_ERR_FB;
	}
}

static void
check_addr(const char *what, uint64_t dt, uint64_t compiled)
{
	char buf[160];

	if (dt == compiled)
		return;
	if (dt == 0)
		ksnprintf(buf, sizeof(buf), "pi5: the DTB has no %s; this "
			  "kernel uses %#llx\n", what,
			  (unsigned long long)compiled);
	else
		ksnprintf(buf, sizeof(buf), "pi5: the DTB puts the %s at %#llx, "
			  "this kernel uses %#llx: is this a Raspberry Pi 5?\n",
			  what, (unsigned long long)dt,
			  (unsigned long long)compiled);
	say(buf);
}

/* Warn of every compiled-in fact the firmware's DTB contradicts. */
static void
check_dt(const struct pi5_dt *dt)
{
	char buf[160];
	bool uart = false;

	for (int i = 0; i < dt->npl011; i++)
		uart |= dt->pl011[i] == BOARD_UART;
	if (!uart)
		check_addr("debug PL011", dt->npl011 > 0 ? dt->pl011[0] : 0,
			   BOARD_UART);
	check_addr("GIC-400 distributor", dt->gicd, BOARD_GICD);
	check_addr("GIC-400 CPU interface", dt->gicc, BOARD_GICC);
	check_addr("VideoCore mailbox", dt->mbox, BOARD_MBOX);
	for (int i = 0; i < dt->ncpu; i++) {
		if (dt->mpidr[i] == pi5_cpu_mpidr(i))
			continue;
		ksnprintf(buf, sizeof(buf), "pi5: cpu %d has MPIDR %#llx, not "
			  "%#llx (core number in Aff1)\n", i,
			  (unsigned long long)dt->mpidr[i],
			  (unsigned long long)pi5_cpu_mpidr(i));
		say(buf);
	}
	if (!dt->psci_smc)
		say("pi5: the DTB does not name SMC as the PSCI conduit\n");
}

/*
 * Unmap the GiBs of head.S's RAM map that no DTB memory range touches:
 * nothing is there, and normal memory invites speculative reads. GiB 0,
 * which holds the kernel, stays whatever the DTB says.
 */
static void
trim_map(const struct pi5_dt *dt)
{
	for (uint64_t g = 1; g < RAM_GIB_MAPPED; g++) {
		bool used = false;

		for (int i = 0; i < dt->nram; i++)
			used |= dt->ram_base[i] < (g + 1) << 30 &&
				dt->ram_base[i] + dt->ram_size[i] > g << 30;
		if (!used)
			boot_l1[g] = 0;
	}
	__asm__ volatile("dsb ishst; tlbi vmalle1is; dsb ish; isb" : : : "memory");
}

/*
 * The kernel needs the timer's interrupt, and whether TF-A left it to
 * the non-secure world only the GIC can say: arm the virtual timer for
 * 1 ms and watch GICC_HPPIR (which shows a pending interrupt without
 * acknowledging it) for INTID 27, 10 ms at most. Interrupts are masked.
 */
static void
check_timer_irq(void)
{
	uint64_t freq = sysreg_read(cntfrq_el0), start, now;
	bool seen = false;

	if (freq == 0)
		freq = 54000000;
	__asm__ volatile("isb");
	start = sysreg_read(cntvct_el0);
	sysreg_write(cntv_cval_el0, start + freq / 1000);
	sysreg_write(cntv_ctl_el0, 1);
	__asm__ volatile("isb");
	do {
		seen = (mmio_read32(BOARD_GICC + GICC_HPPIR) & 0x3ff) == INTID_VTIMER;
		__asm__ volatile("isb");
		now = sysreg_read(cntvct_el0);
	} while (!seen && now - start < freq / 100);
	sysreg_write(cntv_ctl_el0, 0);		/* lowers it again */
	__asm__ volatile("isb");
	if (!seen)
		say("pi5: the timer's interrupt (INTID 27) does not reach the "
		    "GIC's CPU interface: the kernel will stop when it first "
		    "sleeps (is it secure, group 0, after the firmware?)\n");
}

/*
 * After the shared core read the DTB; before kmain. The framebuffer
 * first, so that the board's warnings below are on the screen too.
 */
void
board_init(uint64_t dtb_pa)
{
	struct pi5_dt dt;
	char buf[160];
	int r = -1;

	fb_init();
	if (dtb_pa != 0 && (r = pi5_dt_scan(hal_p2v(dtb_pa), FDT_MAX_SIZE, &dt)) == 0) {
		ksnprintf(buf, sizeof(buf), "pi5: %s, %d CPUs, DTB at %#llx\n",
			  dt.model[0] ? dt.model : "(no model)", dt.ncpu,
			  (unsigned long long)dtb_pa);
		say(buf);
		check_dt(&dt);
		if (dt.nram > 0)
			trim_map(&dt);
	} else {
		say("pi5: no readable device tree: the compiled-in devices are "
		    "unchecked (is bcm2712-rpi-5-b.dtb on the SD card?)\n");
	}
	check_timer_irq();
	if (fb_err == 0)
		ksnprintf(extra, sizeof(extra), ", framebuffer %ux%ux%u at %#llx%s%s",
			  fb.width, fb.height, fb.depth, (unsigned long long)fb.pa,
			  fb_nocon ? " without a console: " : " with the console",
			  fb_nocon ? fb_nocon : "");
	else
		ksnprintf(extra, sizeof(extra), ", no framebuffer (%s)",
			  mbox_strerror(fb_err));
}

/* The framebuffer, or why there is none, for hal_describe. */
const char *
board_describe(void)
{
	return extra;
}

/*
 * The kernel is not given the VideoCore's framebuffer: the console draws
 * on it, and its pixel order (RGB or BGR) is not asked for.
 */
int
hal_fb_info(struct hal_fb *out)
{
	(void)out;
	return -ENODEV_HAL;
}

/* No driver for the Pi 5's RTC (behind the firmware) yet: 1970. */
uint64_t
hal_rtc_boot_seconds(void)
{
	return 0;
}
