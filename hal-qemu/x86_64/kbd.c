/*
 * kbd.c (x86_64) -- a PC keyboard on the i8042 controller (ports 0x60
 * and 0x64, ISA IRQ 1) as console input beside the serial port, for a
 * PC booted from circleos.iso with a screen and no serial line. Only
 * when GRUB booted the kernel: under QEMU's -kernel the console is the
 * serial port alone, as before.
 *
 * The controller translates the keyboard's codes to scan code set 1
 * (we turn translation on); keys become the bytes a terminal sends for
 * them on a US layout: letters, digits and punctuation with Shift, Caps
 * Lock and Ctrl (Ctrl-C is 0x03, Ctrl-D 0x04), Enter as '\r', Backspace
 * as DEL (0x7f), the arrows and Home/End/Delete as VT100 sequences. A
 * USB keyboard works when the firmware emulates a PS/2 one ("USB legacy
 * support"), as most PC firmware does until an OS takes the USB
 * controller over, which CircleOS never does.
 */
#include "x86.h"

#define DATA 0x60
#define STATUS 0x64
#define CMD 0x64
#define ST_OUT_FULL 0x01	/* a byte for us at DATA */
#define ST_IN_FULL 0x02		/* the controller has not taken our last byte */
#define ST_AUX 0x20		/* the byte is the mouse's */
#define CFG_IRQ1 0x01
#define CFG_NO_CLOCK 0x10
#define CFG_TRANSLATE 0x40
#define SPINS 100000

/* Set 1 make codes 0x00..0x39 without and with Shift; 0: not a character. */
static const char plain[0x3a] =
	"\0\0331234567890-=\177\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char shifted[0x3a] =
	"\0\033!@#$%^&*()_+\177\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

#define SC_LCTRL 0x1d
#define SC_LSHIFT 0x2a
#define SC_RSHIFT 0x36
#define SC_CAPS 0x3a

static bool present;
static bool shift_l, shift_r, ctrl, caps, e0;

static bool
wait_status(uint8_t bit, bool set)
{
	for (int i = 0; i < SPINS; i++) {
		if (((inb(STATUS) & bit) != 0) == set)
			return true;
		__asm__ volatile("pause");
	}
	return false;
}

/* The configuration byte, or -1 when the controller does not answer. */
static int
read_config(void)
{
	if (!wait_status(ST_IN_FULL, false))
		return -1;
	outb(CMD, 0x20);
	if (!wait_status(ST_OUT_FULL, true))
		return -1;
	return inb(DATA);
}

static bool
write_config(uint8_t cfg)
{
	if (!wait_status(ST_IN_FULL, false))
		return false;
	outb(CMD, 0x60);
	if (!wait_status(ST_IN_FULL, false))
		return false;
	outb(DATA, cfg);
	return true;
}

/*
 * Find the controller and turn its keyboard interrupt and translation
 * on; a message when it does not answer. Boot CPU, interrupts off.
 */
void
kbd_init(void)
{
	int cfg;

	if (inb(STATUS) == 0xff)
		return;				/* nothing on the port */
	for (int i = 0; i < 64 && (inb(STATUS) & ST_OUT_FULL); i++)
		(void)inb(DATA);		/* keys pressed during the boot */
	cfg = read_config();
	if (cfg >= 0)
		cfg = (cfg | CFG_IRQ1 | CFG_TRANSLATE) & ~CFG_NO_CLOCK;
	if (cfg < 0 || !write_config((uint8_t)cfg)) {
		console_early_puts("x86_64: the PS/2 keyboard controller does not answer: "
				   "no keyboard input\r\n");
		return;
	}
	present = true;
}

/* True when kbd_init found the controller. */
bool
kbd_present(void)
{
	return present;
}

/* The bytes of the extended (0xe0-prefixed) key sc into out. */
static int
extended(uint8_t sc, uint8_t *out)
{
	static const struct {
		uint8_t sc;
		char seq[5];
	} keys[] = {
		{ 0x48, "\033[A" }, { 0x50, "\033[B" },	/* up, down */
		{ 0x4d, "\033[C" }, { 0x4b, "\033[D" },	/* right, left */
		{ 0x47, "\033[H" }, { 0x4f, "\033[F" },	/* Home, End */
		{ 0x53, "\033[3~" },			/* Delete */
		{ 0x1c, "\r" }, { 0x35, "/" },		/* keypad Enter and / */
	};
	int n = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].sc == sc)
			while (keys[i].seq[n] != '\0') {
				out[n] = (uint8_t)keys[i].seq[n];
				n++;
			}
	return n;
}

/* The bytes for make code sc (no prefix) into out. */
static int
character(uint8_t sc, uint8_t *out)
{
	char c;

	if (sc >= sizeof(plain))
		return 0;
	c = (shift_l || shift_r) ? shifted[sc] : plain[sc];
	if (caps && c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	else if (caps && c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	if (c == '\0')
		return 0;
	if (ctrl && ((c >= '@' && c <= '_') || (c >= 'a' && c <= 'z')))
		c = (char)(c & 0x1f);
	out[0] = (uint8_t)c;
	return 1;
}

/*
 * Read one byte from the controller: -1 when it has none, else the
 * number of bytes (0 to KBD_MAX_BYTES) the key made in out. Called with
 * console.c's rx_lock held (the shift state is under it too).
 */
int
kbd_read(uint8_t out[KBD_MAX_BYTES])
{
	uint8_t st, sc;
	bool up, was_e0;

	if (!present || !((st = inb(STATUS)) & ST_OUT_FULL))
		return -1;
	sc = inb(DATA);
	if (st & ST_AUX)
		return 0;			/* a mouse: not ours */
	if (sc == 0xe0) {
		e0 = true;
		return 0;
	}
	was_e0 = e0;
	e0 = false;
	up = sc & 0x80;
	sc &= 0x7f;
	if (sc == SC_LSHIFT || sc == SC_RSHIFT) {
		if (!was_e0)			/* e0 2a: a fake shift of PrtSc */
			*(sc == SC_LSHIFT ? &shift_l : &shift_r) = !up;
		return 0;
	}
	if (sc == SC_LCTRL) {			/* either Ctrl (e0 1d is the right one) */
		ctrl = !up;
		return 0;
	}
	if (up)
		return 0;
	if (sc == SC_CAPS) {
		caps = !caps;
		return 0;
	}
	return was_e0 ? extended(sc, out) : character(sc, out);
}

/* Route ISA IRQ 1 to the console's vector: console_isr reads both. */
void
kbd_irq_init(void)
{
	bool level, low;
	int gsi;

	if (!present)
		return;
	gsi = acpi_isa_gsi(1, &level, &low);
	ioapic_route(gsi, VEC_LINE0 + HAL_LINE_CONSOLE, level, low, lapic_id());
}
