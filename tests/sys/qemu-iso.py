#!/usr/bin/env python3
"""qemu-iso.py -- boot circleos.iso under QEMU as a PC boots it and talk
to it both ways a PC user can: the serial line and the keyboard and
screen. tests/sys/qemu-iso.sh runs it (and says when it is skipped).

    qemu-iso.py QEMU ISO TRANSCRIPT [OVMF]

Steps, each waited for with a deadline:
  1. GRUB boots its first entry; the kernel reaches the shell prompt on
     the serial line, its banner naming multiboot2 and 2 CPUs.
  2. On the serial line: `echo iso says $((6 * 7))` answers 42.
  3. On the keyboard (QEMU's monitor `sendkey`, PS/2): `echo kbd OK`,
     answered on the serial line; the screen (VGA text memory at
     0xb8000, read with the monitor's `xp`) shows the command and the
     answer.
  4. `poweroff 3` on the serial line: QEMU exits with 7 (isa-debug-exit).
Then a second boot on a PC without a serial port (-serial none), with
the screen and the keyboard only: the prompt and the banner on the
screen, a command typed and answered there, `poweroff 3` typed.
With OVMF (QEMU's UEFI firmware), a third boot as a UEFI PC: GRUB's EFI
image, a graphics framebuffer the kernel says it draws on (and the
screen's top rows lit, the rest dark), a command on the serial line,
`poweroff 3`.
Everything QEMU wrote on the serial line goes to TRANSCRIPT. Exit status
0 when all held, 1 otherwise (with the reason).
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

BOOT_TIMEOUT = 60.0
STEP_TIMEOUT = 20.0


class Guest:
    def __init__(self, qemu, iso, transcript, serial=True, extra=()):
        self.dir = tempfile.mkdtemp(prefix="qemu-iso.")
        self.sock_path = os.path.join(self.dir, "monitor")
        self.out = b""
        self.log = open(transcript, "wb")
        self.proc = subprocess.Popen(
            [qemu, "-cdrom", iso, "-m", "256M", "-smp", "2", "-display", "none",
             "-monitor", "unix:%s,server,nowait" % self.sock_path,
             "-serial", "stdio" if serial else "none", "-no-reboot",
             "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"] + list(extra),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.mon = None
        self.mon_out = b""

    def read_serial(self):
        try:
            data = self.proc.stdout.read()
        except OSError:
            data = None
        if data:
            self.out += data
            self.log.write(data)
            self.log.flush()

    def wait_for(self, pattern, timeout, since=0):
        """Wait until the regex (bytes) matches the serial output after
        offset `since`; the match, or None at the deadline or exit."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read_serial()
            m = re.search(pattern, self.out[since:])
            if m:
                return m
            if self.proc.poll() is not None:
                self.read_serial()
                return re.search(pattern, self.out[since:])
            time.sleep(0.05)
        return None

    def type_serial(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def monitor(self, command):
        """A monitor command's answer (text up to the next prompt)."""
        if self.mon is None:
            self.mon = socket.socket(socket.AF_UNIX)
            end = time.monotonic() + STEP_TIMEOUT
            while not os.path.exists(self.sock_path) and time.monotonic() < end:
                time.sleep(0.1)	# QEMU has not made it yet
            self.mon.connect(self.sock_path)
            self.mon.settimeout(STEP_TIMEOUT)
            self.mon_out = b""
            self._monitor_prompt()
        self.mon.sendall(command.encode() + b"\n")
        return self._monitor_prompt().decode(errors="replace")

    def _monitor_prompt(self):
        while b"(qemu) " not in self.mon_out:
            self.mon_out += self.mon.recv(65536)
        answer, _, self.mon_out = self.mon_out.partition(b"(qemu) ")
        return answer

    def screen_text(self):
        """The 80x25 VGA text screen, a line per row."""
        dump = self.monitor("xp /2000hx 0xb8000")
        cells = []		# from lines "ADDRESS: 0xHHHH 0xHHHH ...", not the echo
        for values in re.findall(r"^[0-9a-f]+:((?: 0x[0-9a-f]{4})+)", dump, re.M):
            cells += [int(h, 16) for h in values.split()]
        chars = "".join(chr(c & 0xff) if 32 <= (c & 0xff) < 127 else " " for c in cells)
        return [chars[i:i + 80].rstrip() for i in range(0, len(chars), 80)]

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.mon is not None:
            self.mon.close()
        self.log.close()
        try:
            os.unlink(self.sock_path)
        except OSError:
            pass
        os.rmdir(self.dir)


KEYS = {" ": "spc", ".": "dot", "\n": "ret"}


def type_keys(g, text):
    for ch in text:
        key = KEYS.get(ch, ch)
        if ch.isupper():
            key = "shift-" + ch.lower()
        g.monitor("sendkey " + key)
        time.sleep(0.05)


def wait_screen(g, line, timeout, after=None):
    """Wait until the screen has a row equal to `line` (below the row
    equal to `after`, if given); the screen's rows, or None."""
    end = time.monotonic() + timeout
    while time.monotonic() < end and g.proc.poll() is None:
        screen = g.screen_text()
        start = screen.index(after) + 1 if after in screen else 0
        if (after is None or after in screen) and line in screen[start:]:
            return screen
        time.sleep(0.5)
    return None


def screen_pixels(g):
    """The screen as (width, height, RGB bytes), from QEMU's screendump."""
    path = os.path.join(g.dir, "screen.ppm")
    g.monitor("screendump " + path)
    with open(path, "rb") as f:
        data = f.read()
    os.unlink(path)
    magic, size, maxval, pixels = data.split(b"\n", 3)
    width, height = map(int, size.split())
    return width, height, pixels


def run_uefi(g):
    start = time.monotonic()
    if not g.wait_for(rb"~ # ", BOOT_TIMEOUT):
        return "UEFI: no shell prompt on the serial line within %d s" % BOOT_TIMEOUT
    print("UEFI: prompt after %.1f s" % (time.monotonic() - start))
    mode = re.search(rb"x86_64: screen: framebuffer [^\r\n]*", g.out)
    if not mode or b"multiboot2:" in g.out:
        return "UEFI: the kernel did not take GRUB's framebuffer"
    print("UEFI:", mode.group(0).decode())
    mark = len(g.out)
    g.type_serial("echo uefi says $((6 * 7))")
    if not g.wait_for(rb"\nuefi says 42\r?\n~ # ", STEP_TIMEOUT, mark):
        return "UEFI: the shell did not answer on the serial line"
    width, height, pixels = screen_pixels(g)
    row = width * 3
    top = sum(1 for b in pixels[:16 * row] if b)	# the first text row
    bottom = sum(1 for b in pixels[(height - 16) * row:] if b)
    if top < 100 or bottom != 0:
        return "UEFI: the screen (%dx%d) shows no text at the top (%d lit)" \
            " or something at the bottom (%d lit)" % (width, height, top, bottom)
    print("UEFI: screen %dx%d, first text row drawn" % (width, height))
    g.type_serial("poweroff 3")
    try:
        rc = g.proc.wait(STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "UEFI: no power-off"
    if rc != 7:
        return "UEFI: QEMU's exit status %d, 7 expected (poweroff 3)" % rc
    print("UEFI: powered off after %.1f s" % (time.monotonic() - start))
    return None


def run_without_serial(g):
    start = time.monotonic()
    screen = wait_screen(g, "~ #", BOOT_TIMEOUT)
    if screen is None:
        return "no shell prompt on the screen within %d s" % BOOT_TIMEOUT
    print("no serial port: prompt on the screen after %.1f s" % (time.monotonic() - start))
    if not any("(x86_64):" in row and "multiboot2" in row for row in screen):
        return "no banner on the screen:\n" + "\n".join(screen)
    type_keys(g, "echo no serial port\n")
    screen = wait_screen(g, "no serial port", STEP_TIMEOUT, "~ # echo no serial port")
    if screen is None:
        return "no answer on the screen:\n" + "\n".join(g.screen_text())
    type_keys(g, "poweroff 3\n")
    try:
        rc = g.proc.wait(STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "no power-off"
    if rc != 7:
        return "QEMU's exit status %d, 7 expected (poweroff 3)" % rc
    print("no serial port: powered off after %.1f s" % (time.monotonic() - start))
    return None


def run(g):
    start = time.monotonic()
    if not g.wait_for(rb"~ # ", BOOT_TIMEOUT):
        return "no shell prompt on the serial line within %d s" % BOOT_TIMEOUT
    print("prompt after %.1f s (GRUB's 2 s countdown included)" % (time.monotonic() - start))
    banner = re.search(rb"CircleOS [^\r\n]*\(x86_64\):[^\r\n]*", g.out)
    if not banner:
        return "no banner"
    print(banner.group(0).decode())
    if not re.search(rb" 2 CPUs, .*multiboot2", banner.group(0)):
        return "the banner should say 2 CPUs and multiboot2"
    if b"multiboot2:" in g.out:
        return "the kernel complained about GRUB's information"

    mark = len(g.out)
    g.type_serial("echo iso says $((6 * 7))")
    if not g.wait_for(rb"\niso says 42\r?\n~ # ", STEP_TIMEOUT, mark):
        return "the shell did not answer on the serial line"

    mark = len(g.out)
    type_keys(g, "echo kbd OK\n")
    if not g.wait_for(rb"\nkbd OK\r?\n~ # ", STEP_TIMEOUT, mark):
        return "the command typed on the keyboard got no answer"
    screen = g.screen_text()
    try:
        i = screen.index("~ # echo kbd OK")
    except ValueError:
        return "the screen does not show the command:\n" + "\n".join(screen)
    if i + 2 >= len(screen) or screen[i + 1] != "kbd OK" or screen[i + 2] != "~ #":
        return "the screen does not show the answer:\n" + "\n".join(screen)
    print("keyboard and screen: %r, %r" % (screen[i], screen[i + 1]))

    g.type_serial("poweroff 3")
    try:
        rc = g.proc.wait(STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "no power-off"
    g.read_serial()
    if rc != 7:
        return "QEMU's exit status %d, 7 expected (poweroff 3)" % rc
    print("powered off after %.1f s, QEMU status 7" % (time.monotonic() - start))
    return None


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: qemu-iso.py QEMU ISO TRANSCRIPT [OVMF]")
    g = Guest(*sys.argv[1:])
    try:
        err = run(g)
    finally:
        g.close()
    if not err:
        g = Guest(*sys.argv[1:3], os.devnull, serial=False)
        try:
            err = run_without_serial(g)
        finally:
            g.close()
    if not err and len(sys.argv) == 5:
        g = Guest(*sys.argv[1:4], extra=["-bios", sys.argv[4]])
        try:
            err = run_uefi(g)
        finally:
            g.close()
    elif not err:
        print("UEFI boot skipped: no OVMF (Debian's ovmf)")
    if err:
        print("FAIL:", err)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
