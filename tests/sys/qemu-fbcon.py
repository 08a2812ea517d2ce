#!/usr/bin/env python3
"""qemu-fbcon.py -- the framebuffer console on QEMU's ramfb, seen from
outside: boot a QEMU HAL with -device ramfb, type `echo FBCON-OK` on
the serial line, take a screenshot (the monitor's screendump) and read
the screen back as text, cell by cell, against the glyphs of GRUB's
font as this script renders them itself from the PF2 file (not with the
kernel's pf2.c). A blank, shifted or garbled screen reads wrong.
tests/sys/qemu-fbcon.sh runs it once per HAL.

    qemu-fbcon.py x86_64|aarch64 QEMU IMAGE INITRD FONT.pf2 NAME
    qemu-fbcon.py --screen MONITOR-SOCKET FONT.pf2

Passes (0) when the screen shows the kernel's banner, the command line
`~ # echo FBCON-OK`, below it `FBCON-OK`, and below that the prompt with
the cursor. NAME.out gets the serial line; on failure NAME.png keeps
the screenshot and the screen as read is printed. With --screen, it
prints the screen of a running QEMU as text and exits.
"""
import importlib.util
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time


BOOT_TIMEOUT = 60.0
STEP_TIMEOUT = 20.0
CW, CH = 8, 16


def pf2_glyphs(path):
    """{16 row bytes: character} for ' '..'~' of a GRUB PF2 font, each
    glyph placed in an 8x16 cell on the font's ascent."""
    data = open(path, "rb").read()
    at, ascent, chix = 0, 14, None
    while at + 8 <= len(data):
        name, size = data[at:at + 4], struct.unpack(">I", data[at + 4:at + 8])[0]
        if name == b"DATA":
            break
        body = data[at + 8:at + 8 + size]
        if name == b"ASCE":
            ascent = struct.unpack(">H", body)[0]
        elif name == b"CHIX":
            chix = body
        at += 8 + size
    if chix is None:
        raise SystemExit("%s: no CHIX section: not a PF2 font" % path)
    cells = {}
    for e in range(0, len(chix) - 8, 9):
        code, flags, off = struct.unpack(">IBI", chix[e:e + 9])
        if not 32 <= code < 127 or flags != 0:
            continue
        w, h, xoff, yoff = struct.unpack(">HHhh", data[off:off + 8])
        bits = data[off + 10:]
        rows = [0] * CH
        for y in range(h):
            for x in range(w):
                i = y * w + x
                cy, cx = ascent - yoff - h + y, xoff + x
                if bits[i // 8] & (0x80 >> (i % 8)) and 0 <= cy < CH and 0 <= cx < CW:
                    rows[cy] |= 0x80 >> cx
        cells[chr(code)] = rows
    return {bytes(rows): ch for ch, rows in cells.items()}


def read_screen(ppm, glyphs):
    """The screen's rows as text ('?' for a cell that is no glyph) and
    where the cursor (an underline on the last two pixel rows) is."""
    magic, size, maxval, pixels = ppm.split(b"\n", 3)
    width, height = map(int, size.split())
    green = pixels[1::3]		# the console draws grey on black
    lit = [[v > 0x40 for v in green[y * width:(y + 1) * width]] for y in range(height)]
    by_top = {}
    for rows, ch in glyphs.items():
        by_top.setdefault(rows[:CH - 2], []).append((rows, ch))
    text, cursor = [], None
    for r in range(height // CH):
        line = ""
        for c in range(width // CW):
            rows = bytes(sum(0x80 >> x for x in range(CW) if lit[r * CH + y][c * CW + x])
                         for y in range(CH))
            ch = glyphs.get(rows)
            if ch is None and rows[CH - 2:] == b"\xff\xff":
                under = by_top.get(rows[:CH - 2])	# the cursor's cell
                if under:
                    ch, cursor = under[0][1], (r, c)
            line += ch if ch is not None else "?"
        text.append(line.rstrip())
    return text, cursor


class Monitor:
    """QEMU's human monitor on a unix socket."""

    def __init__(self, sock_path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(STEP_TIMEOUT)
        self.sock.connect(sock_path)
        self.out = b""
        self._prompt()

    def command(self, command):
        self.sock.sendall(command.encode() + b"\n")
        return self._prompt()

    def _prompt(self):
        while b"(qemu) " not in self.out:
            self.out += self.sock.recv(65536)
        answer, _, self.out = self.out.partition(b"(qemu) ")
        return answer

    def screendump(self, tmpdir):
        """The screen as a P6 PPM (the monitor answers before the file is whole)."""
        path = os.path.join(tmpdir, "screen.ppm")
        self.command("screendump " + path)
        for _ in range(50):
            data = open(path, "rb").read() if os.path.exists(path) else b""
            head = data.split(b"\n", 3)
            if len(head) == 4 and len(head[1].split()) == 2:
                w, h = map(int, head[1].split())
                if len(head[3]) >= w * h * 3:
                    os.unlink(path)
                    return data
            time.sleep(0.1)
        raise SystemExit("QEMU wrote no whole screenshot")

    def close(self):
        self.sock.close()


class Guest:
    def __init__(self, arch, qemu, image, initrd, out):
        self.arch = arch
        self.dir = tempfile.mkdtemp(prefix="qemu-fbcon.")
        self.sock_path = os.path.join(self.dir, "monitor")
        if arch == "x86_64":
            machine = ["-vga", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        else:
            machine = ["-M", "virt", "-cpu", "cortex-a57"]
        self.proc = subprocess.Popen(
            [qemu] + machine + ["-kernel", image, "-initrd", initrd, "-m", "256M",
                                "-display", "none", "-device", "ramfb", "-serial", "stdio",
                                "-monitor", "unix:%s,server,nowait" % self.sock_path,
                                "-no-reboot"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.out = b""
        self.log = open(out, "wb")
        self.mon = None

    def wait_for(self, pattern, timeout, since=0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            data = self.proc.stdout.read()
            if data:
                self.out += data
                self.log.write(data)
                self.log.flush()
            m = re.search(pattern, self.out[since:])
            if m or self.proc.poll() is not None:
                return m
            time.sleep(0.05)
        return None

    def type_serial(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def screendump(self):
        if self.mon is None:
            self.mon = Monitor(self.sock_path)
        return self.mon.screendump(self.dir)

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.mon is not None:
            self.mon.close()
        self.log.close()
        for f in os.listdir(self.dir):
            os.unlink(os.path.join(self.dir, f))
        os.rmdir(self.dir)


def save_png(ppm, png):
    spec = importlib.util.spec_from_file_location(
        "shot", os.path.join(os.path.dirname(__file__), "..", "..", "tools",
                             "qemu-screendump.py"))
    shot = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shot)
    fd, tmp = tempfile.mkstemp(suffix=".ppm")
    os.write(fd, ppm)
    os.close(fd)
    try:
        shot.ppm_to_png(tmp, png)
    finally:
        os.unlink(tmp)


def check(g, glyphs):
    """None if the screen shows the command and its answer, else why not;
    and the screenshot."""
    start = time.monotonic()
    if not g.wait_for(rb"~ # ", BOOT_TIMEOUT):
        return "no shell prompt on the serial line within %d s" % BOOT_TIMEOUT, None
    if not re.search(rb"ramfb: 1024x768 XRGB8888 at 0x[0-9a-f]+, console 128x48", g.out):
        return "the boot log does not say the console is on ramfb", None
    mark = len(g.out)
    g.type_serial("echo FBCON-OK")
    if not g.wait_for(rb"\nFBCON-OK\r?\n~ # ", STEP_TIMEOUT, mark):
        return "no answer on the serial line", None
    ppm = g.screendump()
    text, cursor = read_screen(ppm, glyphs)
    print("%s: booted, typed and read the screen in %.1f s" % (g.arch, time.monotonic() - start))
    try:
        i = text.index("~ # echo FBCON-OK")
    except ValueError:
        return "the screen does not show the command", (ppm, text)
    if text[i + 1:i + 3] != ["FBCON-OK", "~ #"]:
        return "the screen does not show the answer and the prompt below it", (ppm, text)
    if cursor != (i + 2, 4):
        return "the cursor is at %s, not after the prompt" % (cursor,), (ppm, text)
    if not any(re.search(r"CircleOS \S+ \((x86_64|aarch64)\): ", row) for row in text):
        return "the screen does not show the banner", (ppm, text)
    if any("?" in row for row in text):
        return "cells that are no glyph of the font", (ppm, text)
    print("%s: screen rows %d-%d: %r %r %r, cursor after the prompt"
          % (g.arch, i, i + 2, *text[i:i + 3]))
    return None, None


def print_screen(sock_path, font):
    """--screen: the screen of the QEMU at sock_path as text, its
    non-blank rows (tests/sys/pi5-raspi3b-board.sh)."""
    mon = Monitor(sock_path)
    tmpdir = tempfile.mkdtemp(prefix="qemu-fbcon.")
    try:
        text, cursor = read_screen(mon.screendump(tmpdir), pf2_glyphs(font))
    finally:
        mon.close()
        os.rmdir(tmpdir)
    for row in text:
        if row:
            print(row)
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--screen":
        return print_screen(sys.argv[2], sys.argv[3])
    if len(sys.argv) != 7:
        sys.exit("usage: qemu-fbcon.py x86_64|aarch64 QEMU IMAGE INITRD FONT.pf2 NAME")
    arch, qemu, image, initrd, font, name = sys.argv[1:]
    glyphs = pf2_glyphs(font)
    g = Guest(arch, qemu, image, initrd, name + ".out")
    try:
        err, shot = check(g, glyphs)
    finally:
        g.close()
    if err is None:
        return 0
    print("FAIL (%s): %s" % (arch, err))
    if shot is not None:
        ppm, text = shot
        save_png(ppm, name + ".png")
        print("the screen as read (%s.png):" % name)
        for row in text:
            if row:
                print("  |" + row)
    return 1


if __name__ == "__main__":
    sys.exit(main())
