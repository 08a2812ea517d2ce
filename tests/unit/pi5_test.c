/*
 * pi5_test.c -- unit tests of the Raspberry Pi 5 board's register
 * programming and DTB reading (hal-pi5/), compiled for the host against
 * fake devices: the PL011's divisors and set-up order, the mailbox
 * property message for the framebuffer and its exchange, the answer's
 * checks, and the Pi's nodes in a DTB built like the firmware's.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "fdt.h"
#include "fdtbuild.h"
#include "mailbox.h"
#include "pi5dt.h"
#include "pl011.h"

/* ---- a fake device: registers, and a log of the writes ---- */

struct fake {
	uint32_t reg[64];
	uint32_t log_off[64], log_val[64];
	int nlog;
	int busy_reads;			/* FR reads that still say BUSY */
	/* the mailbox: what the VideoCore does with a written word */
	uint32_t *msg;			/* the message, as the VC sees it */
	int answer;			/* 0 echo, 1 never, 2 wrong address */
	int stale;			/* old answers waiting in mailbox 0 */
	int other;			/* answers on another channel first */
	uint32_t pending[8];
	int npending;
	uint32_t written;
};

static uint32_t
fake_read(void *ctx, uint32_t off)
{
	struct fake *f = ctx;

	if (off == PL011_FR && f->busy_reads > 0) {
		f->busy_reads--;
		return PL011_FR_BUSY;
	}
	if (off == MBOX_STATUS0)
		return f->npending > 0 ? 0 : MBOX_EMPTY;
	if (off == MBOX_STATUS1)
		return 0;
	if (off == MBOX_READ && f->npending > 0) {
		uint32_t v = f->pending[0];

		memmove(f->pending, f->pending + 1, --f->npending * sizeof(uint32_t));
		return v;
	}
	return f->reg[off / 4];
}

/* The VideoCore's side of the framebuffer request. */
static void
vc_answer(uint32_t *msg)
{
	size_t i = 2;

	msg[1] = MBOX_CODE_OK;
	while (msg[i] != TAG_END) {
		uint32_t id = msg[i], *v = &msg[i + 3];

		switch (id) {
		case TAG_FB_ALLOCATE:
			v[0] = 0xc3c00000u;	/* bus address: 0x03c00000 */
			v[1] = 1280 * 720 * 4;
			break;
		case TAG_FB_GET_PITCH:
			v[0] = 1280 * 4;
			break;
		default:
			break;			/* the set tags echo the request */
		}
		msg[i + 2] = MBOX_TAG_RESPONSE | (id == TAG_FB_GET_PITCH ||
						  id == TAG_FB_SET_DEPTH ? 4 : 8);
		i += 3 + msg[i + 1] / 4;
	}
}

static void
fake_write(void *ctx, uint32_t off, uint32_t val)
{
	struct fake *f = ctx;

	if (f->nlog < 64) {
		f->log_off[f->nlog] = off;
		f->log_val[f->nlog++] = val;
	}
	f->reg[off / 4] = val;
	if (off != MBOX_WRITE)
		return;
	f->written = val;
	if (f->answer == 1)
		return;
	while (f->other-- > 0)
		f->pending[f->npending++] = 0x12340001u;
	if (f->msg != NULL)
		vc_answer(f->msg);
	f->pending[f->npending++] = f->answer == 2 ? (val + 0x100) : val;
}

/* ---- PL011 ---- */

START_TEST(test_pl011_divisors)
{
	uint32_t i, f;

	/* the Pi 5's uart clock: exactly 5 */
	ck_assert_int_eq(pl011_divisors(BOARD_UART_CLOCK, 115200, &i, &f), 0);
	ck_assert_uint_eq(i, 5);
	ck_assert_uint_eq(f, 0);
	/* 48 MHz (a Pi 4's): 26.042 -> 26 + 3/64 */
	ck_assert_int_eq(pl011_divisors(48000000, 115200, &i, &f), 0);
	ck_assert_uint_eq(i, 26);
	ck_assert_uint_eq(f, 3);
	/* 3 MHz: 1.628 -> 1 + 40/64 */
	ck_assert_int_eq(pl011_divisors(3000000, 115200, &i, &f), 0);
	ck_assert_uint_eq(i, 1);
	ck_assert_uint_eq(f, 40);
	ck_assert_int_eq(pl011_divisors(BOARD_UART_CLOCK, 9600, &i, &f), 0);
	ck_assert_uint_eq(i, 60);
	ck_assert_uint_eq(f, 0);
	/* out of reach: too fast, too slow, zero */
	ck_assert_int_eq(pl011_divisors(BOARD_UART_CLOCK, 1000000, &i, &f), -1);
	ck_assert_int_eq(pl011_divisors(BOARD_UART_CLOCK, 1, &i, &f), -1);
	ck_assert_int_eq(pl011_divisors(BOARD_UART_CLOCK, 0, &i, &f), -1);
}
END_TEST

START_TEST(test_pl011_setup_order)
{
	struct fake f = { .busy_reads = 3 };
	struct pi5_io io = { fake_read, fake_write, &f };
	static const uint32_t off[] = { PL011_CR, PL011_LCRH, PL011_IBRD,
		PL011_FBRD, PL011_LCRH, PL011_IMSC, PL011_ICR, PL011_CR };
	static const uint32_t val[] = { 0, 0, 5, 0, 0x70, 0, 0x7ff, 0x301 };

	ck_assert_int_eq(pl011_setup(&io, BOARD_UART_CLOCK, BOARD_UART_BAUD), 0);
	ck_assert_int_eq(f.busy_reads, 0);	/* it waited for the last byte */
	ck_assert_int_eq(f.nlog, 8);
	for (int k = 0; k < 8; k++) {
		ck_assert_uint_eq(f.log_off[k], off[k]);
		ck_assert_uint_eq(f.log_val[k], val[k]);
	}
	/* a UART stuck busy does not hang it */
	f = (struct fake){ .busy_reads = 1 << 30 };
	ck_assert_int_eq(pl011_setup(&io, BOARD_UART_CLOCK, BOARD_UART_BAUD), 0);
	/* an impossible rate leaves the UART alone */
	f = (struct fake){ .nlog = 0 };
	ck_assert_int_eq(pl011_setup(&io, BOARD_UART_CLOCK, 0), -1);
	ck_assert_int_eq(f.nlog, 0);
}
END_TEST

/* ---- mailbox ---- */

static uint32_t msg[MBOX_FB_WORDS] __attribute__((aligned(16)));

START_TEST(test_fb_request_layout)
{
	static const uint32_t want[] = {
		128, 0,
		TAG_FB_SET_PHYS_WH, 8, 8, 1280, 720,
		TAG_FB_SET_VIRT_WH, 8, 8, 1280, 720,
		TAG_FB_SET_VIRT_OFFSET, 8, 8, 0, 0,
		TAG_FB_SET_DEPTH, 4, 4, 32,
		TAG_FB_ALLOCATE, 8, 4, 4096, 0,
		TAG_FB_GET_PITCH, 4, 0, 0,
		TAG_END, 0,
	};

	memset(msg, 0xee, sizeof(msg));
	ck_assert_uint_eq(mbox_fb_request(msg, 1280, 720, 32), 128);
	ck_assert_uint_eq(msg[0] % 16, 0);
	ck_assert_uint_le(msg[0] / 4, MBOX_FB_WORDS);
	for (size_t i = 0; i < sizeof(want) / 4; i++)
		ck_assert_msg(msg[i] == want[i], "word %zu: %#x, want %#x", i,
			      msg[i], want[i]);
}
END_TEST

START_TEST(test_bus_addr)
{
	ck_assert_uint_eq(mbox_bus_addr(0x000d7040), 0xc00d7040u);
	ck_assert_uint_eq(mbox_bus_addr(0x3ffffff0), 0xfffffff0u);
	ck_assert_uint_eq(mbox_bus_addr(0x000d7048), 0);	/* unaligned */
	ck_assert_uint_eq(mbox_bus_addr(0x40000000), 0);	/* above 1 GiB */
}
END_TEST

START_TEST(test_mbox_call)
{
	struct fake f = { .stale = 0 };
	struct pi5_io io = { fake_read, fake_write, &f };
	uint32_t bus = 0xc00d7040u;

	/* the write word is the bus address with the channel below it */
	ck_assert_int_eq(mbox_call(&io, bus, MBOX_CH_PROP, 1000), 0);
	ck_assert_uint_eq(f.written, 0xc00d7048u);
	/* stale answers are drained before; other channels' are skipped */
	f = (struct fake){ .other = 2 };
	f.pending[0] = 0xdead0008u;
	f.npending = 1;
	ck_assert_int_eq(mbox_call(&io, bus, MBOX_CH_PROP, 1000), 0);
	ck_assert_int_eq(f.npending, 0);
	/* no answer: a timeout, not a hang */
	f = (struct fake){ .answer = 1 };
	ck_assert_int_eq(mbox_call(&io, bus, MBOX_CH_PROP, 1000), MBOX_ERR_TIMEOUT);
	/* an answer for another message */
	f = (struct fake){ .answer = 2 };
	ck_assert_int_eq(mbox_call(&io, bus, MBOX_CH_PROP, 1000), MBOX_ERR_MISMATCH);
	/* an unaligned or missing address is refused before any write */
	f = (struct fake){ .nlog = 0 };
	ck_assert_int_eq(mbox_call(&io, bus | 4, MBOX_CH_PROP, 1000), MBOX_ERR_ALIGN);
	ck_assert_int_eq(mbox_call(&io, 0, MBOX_CH_PROP, 1000), MBOX_ERR_ALIGN);
	ck_assert_int_eq(f.nlog, 0);
}
END_TEST

START_TEST(test_fb_answer)
{
	struct fake f = { .msg = msg };
	struct pi5_io io = { fake_read, fake_write, &f };
	struct mbox_fb fb;

	mbox_fb_request(msg, 1280, 720, 32);
	ck_assert_int_eq(mbox_call(&io, 0xc00d7040u, MBOX_CH_PROP, 1000), 0);
	ck_assert_int_eq(mbox_fb_parse(msg, &fb), 0);
	ck_assert_uint_eq(fb.width, 1280);
	ck_assert_uint_eq(fb.height, 720);
	ck_assert_uint_eq(fb.depth, 32);
	ck_assert_uint_eq(fb.pitch, 5120);
	ck_assert_uint_eq(fb.pa, 0x03c00000);	/* bus 0xc3c00000, masked */
	ck_assert_uint_eq(fb.size, 1280 * 720 * 4);
}
END_TEST

START_TEST(test_fb_answer_refused)
{
	struct mbox_fb fb;

	mbox_fb_request(msg, 1280, 720, 32);
	ck_assert_int_eq(mbox_fb_parse(msg, &fb), MBOX_ERR_CODE); /* unanswered */
	vc_answer(msg);
	msg[1] = MBOX_CODE_ERROR;
	ck_assert_int_eq(mbox_fb_parse(msg, &fb), MBOX_ERR_CODE);
	vc_answer(msg);
	msg[2 + 5 + 5 + 5 + 4 + 2] = 4;		/* allocate: no response bit */
	ck_assert_int_eq(mbox_fb_parse(msg, &fb), MBOX_ERR_TAG);
	vc_answer(msg);
	msg[2 + 5 + 5 + 5 + 4 + 3] = 0;		/* no framebuffer (no display) */
	ck_assert_int_eq(mbox_fb_parse(msg, &fb), MBOX_ERR_FB);
	vc_answer(msg);
	msg[2 + 5 + 5 + 5 + 4 + 5 + 3] = 1000;	/* pitch below 1280 * 4 */
	ck_assert_int_eq(mbox_fb_parse(msg, &fb), MBOX_ERR_FB);
	vc_answer(msg);
	msg[2 + 5 + 5 + 5 + 4 + 4] = 4096;	/* smaller than pitch * height */
	ck_assert_int_eq(mbox_fb_parse(msg, &fb), MBOX_ERR_FB);
	vc_answer(msg);
	msg[0] = 0x10000;			/* a size past our buffer */
	ck_assert_int_eq(mbox_fb_parse(msg, &fb), 0);
	ck_assert_str_eq(mbox_strerror(MBOX_ERR_TIMEOUT), "the firmware did not answer");
}
END_TEST

/* ---- the Pi's DTB ---- */

static uint8_t blob[32768];

/*
 * The nodes of the firmware's bcm2712-rpi-5-b.dtb this HAL reads, laid
 * out as in Linux's bcm2712.dtsi: soc_ranges 0 gives its ranges
 * (upstream: bus 0 at 0x10_00000000; else the downstream window at
 * 0x7c000000).
 */
static size_t
pi5_tree(int downstream)
{
	static const char pl011[] = "arm,pl011\0arm,primecell";
	struct fdtb b;

	fdtb_init(&b);
	fdtb_reserve(&b, 0, 0x80000);
	fdtb_begin(&b, "");
	fdtb_cells(&b, "#address-cells", 1, 2);
	fdtb_cells(&b, "#size-cells", 1, 2);
	fdtb_str(&b, "model", "Raspberry Pi 5 Model B Rev 1.0");
	fdtb_begin(&b, "memory@0");
	fdtb_str(&b, "device_type", "memory");
	fdtb_cells(&b, "reg", 8, 0, 0, 0, 0x3fc00000, 0, 0x40000000, 0, 0xc0000000);
	fdtb_end(&b);
	fdtb_begin(&b, "cpus");
	fdtb_cells(&b, "#address-cells", 1, 1);
	fdtb_cells(&b, "#size-cells", 1, 0);
	for (int i = 0; i < 4; i++) {
		char name[16];

		snprintf(name, sizeof(name), "cpu@%d", i);
		fdtb_begin(&b, name);
		fdtb_str(&b, "device_type", "cpu");
		fdtb_str(&b, "compatible", "arm,cortex-a76");
		fdtb_cells(&b, "reg", 1, (uint32_t)i << 8);
		fdtb_str(&b, "enable-method", "psci");
		fdtb_begin(&b, "l2-cache");
		fdtb_str(&b, "compatible", "cache");
		fdtb_end(&b);
		fdtb_end(&b);
	}
	fdtb_end(&b);
	fdtb_begin(&b, "psci");
	fdtb_str(&b, "method", "smc");
	fdtb_strs(&b, "compatible", "arm,psci-1.0\0arm,psci-0.2", 26);
	fdtb_end(&b);
	fdtb_begin(&b, "soc@107c000000");
	fdtb_str(&b, "compatible", "simple-bus");
	if (downstream)
		fdtb_cells(&b, "ranges", 4, 0x7c000000, 0x10, 0x7c000000, 0x04000000);
	else
		fdtb_cells(&b, "ranges", 4, 0, 0x10, 0, 0x80000000);
	fdtb_cells(&b, "#address-cells", 1, 1);
	fdtb_cells(&b, "#size-cells", 1, 1);
	fdtb_begin(&b, "mailbox@7c013880");
	fdtb_str(&b, "compatible", "brcm,bcm2835-mbox");
	fdtb_cells(&b, "reg", 2, 0x7c013880, 0x40);
	fdtb_end(&b);
	fdtb_begin(&b, "serial@7d001000");
	fdtb_strs(&b, "compatible", pl011, sizeof(pl011));
	fdtb_cells(&b, "reg", 2, 0x7d001000, 0x200);
	fdtb_end(&b);
	fdtb_begin(&b, "interrupt-controller@7fff9000");
	fdtb_str(&b, "compatible", "arm,gic-400");
	fdtb_cells(&b, "reg", 8, 0x7fff9000, 0x1000, 0x7fffa000, 0x2000,
		   0x7fffc000, 0x2000, 0x7fffe000, 0x2000);
	fdtb_end(&b);
	fdtb_begin(&b, "timer@7c003000");
	fdtb_str(&b, "compatible", "brcm,bcm2835-system-timer");
	fdtb_cells(&b, "reg", 2, 0x7c003000, 0x1000);
	fdtb_end(&b);
	fdtb_end(&b);
	/* RP1's UARTs sit behind PCIe: no ranges this reader follows */
	fdtb_begin(&b, "axi");
	fdtb_cells(&b, "#address-cells", 1, 2);
	fdtb_cells(&b, "#size-cells", 1, 2);
	fdtb_cells(&b, "ranges", 0);
	fdtb_begin(&b, "pcie@1000120000");
	fdtb_cells(&b, "#address-cells", 1, 3);
	fdtb_cells(&b, "#size-cells", 1, 2);
	fdtb_begin(&b, "rp1");
	fdtb_cells(&b, "#address-cells", 1, 2);
	fdtb_cells(&b, "#size-cells", 1, 2);
	fdtb_begin(&b, "serial@30000");
	fdtb_strs(&b, "compatible", pl011, sizeof(pl011));
	fdtb_cells(&b, "reg", 4, 0xc0, 0x40030000, 0, 0x100);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_begin(&b, "reserved-memory");
	fdtb_cells(&b, "#address-cells", 1, 2);
	fdtb_cells(&b, "#size-cells", 1, 2);
	fdtb_cells(&b, "ranges", 0);
	fdtb_begin(&b, "atf@0");
	fdtb_cells(&b, "reg", 4, 0, 0, 0, 0x80000);
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_end(&b);
	return fdtb_finish(&b, blob, sizeof(blob));
}

static void
check_pi5_nodes(const struct pi5_dt *dt)
{
	ck_assert_str_eq(dt->model, "Raspberry Pi 5 Model B Rev 1.0");
	/* the compiled-in addresses are what the DTB says */
	ck_assert_int_eq(dt->npl011, 1);	/* RP1's is not reachable */
	ck_assert_uint_eq(dt->pl011[0], BOARD_UART);
	ck_assert_uint_eq(dt->gicd, BOARD_GICD);
	ck_assert_uint_eq(dt->gicc, BOARD_GICC);
	ck_assert_uint_eq(dt->mbox, BOARD_MBOX);
	ck_assert(dt->psci_smc);
	ck_assert_int_eq(dt->nram, 2);
	ck_assert_uint_eq(dt->ram_base[1], 0x40000000);
	ck_assert_uint_eq(dt->ram_size[1], 0xc0000000);
	/* PSCI CPU_ON targets: the core number in Aff1 */
	ck_assert_int_eq(dt->ncpu, 4);
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(dt->mpidr[i], pi5_cpu_mpidr(i));
	ck_assert_uint_eq(pi5_cpu_mpidr(3), 0x300);
}

START_TEST(test_dt_upstream)
{
	struct pi5_dt dt;
	size_t n = pi5_tree(0);

	ck_assert_int_eq(pi5_dt_scan(blob, n, &dt), 0);
	check_pi5_nodes(&dt);
}
END_TEST

START_TEST(test_dt_downstream_ranges)
{
	struct pi5_dt dt;
	size_t n = pi5_tree(1);

	ck_assert_int_eq(pi5_dt_scan(blob, n, &dt), 0);
	check_pi5_nodes(&dt);
}
END_TEST

/* A damaged DTB: the error, and what came before it. */
START_TEST(test_dt_damaged)
{
	struct pi5_dt dt;
	size_t n = pi5_tree(0);

	ck_assert_int_eq(pi5_dt_scan(blob, n - 1, &dt), FDT_ERR_SIZE);
	blob[0] ^= 0xff;
	ck_assert_int_eq(pi5_dt_scan(blob, n, &dt), FDT_ERR_MAGIC);
	ck_assert_int_eq(dt.ncpu, 0);
	ck_assert_str_eq(dt.model, "");
}
END_TEST

static Suite *
pi5_suite(void)
{
	Suite *s = suite_create("Raspberry Pi 5 board");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_pl011_divisors);
	tcase_add_test(tc, test_pl011_setup_order);
	tcase_add_test(tc, test_fb_request_layout);
	tcase_add_test(tc, test_bus_addr);
	tcase_add_test(tc, test_mbox_call);
	tcase_add_test(tc, test_fb_answer);
	tcase_add_test(tc, test_fb_answer_refused);
	tcase_add_test(tc, test_dt_upstream);
	tcase_add_test(tc, test_dt_downstream_ranges);
	tcase_add_test(tc, test_dt_damaged);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pi5_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
