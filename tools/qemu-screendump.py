#!/usr/bin/env python3
"""qemu-screendump.py -- take a screenshot of a running QEMU through its
monitor socket and write it as a PNG, then (with --quit) stop QEMU.

    qemu-system-... -display none -monitor unix:/tmp/mon.sock,server,nowait ...
    tools/qemu-screendump.py [--quit] /tmp/mon.sock shot.png

QEMU's `screendump` writes a PPM (P6); this converts it with zlib alone,
so nothing beyond Python's standard library is needed. With
`-no-shutdown`, QEMU keeps the last picture after the guest powers off.
"""
import os
import socket
import struct
import sys
import tempfile
import time
import zlib


def monitor(sock_path, commands):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock_path)
    s.settimeout(5)
    time.sleep(0.2)
    for c in commands:
        s.sendall(c.encode() + b"\n")
        time.sleep(0.5)
    s.close()


def ppm_to_png(ppm, png):
    for _ in range(50):             # the monitor answers before the file is whole
        with open(ppm, "rb") as f:
            data = f.read()
        if data.count(b"\n") >= 3:
            head = data.split(b"\n", 3)
            size = head[1].split()
            if len(size) == 2 and len(head[3]) >= int(size[0]) * int(size[1]) * 3:
                break
        time.sleep(0.1)
    else:
        sys.exit("qemu-screendump: QEMU wrote no whole picture (is there a display device?)")
    magic, size, maxval, pixels = data.split(b"\n", 3)
    if magic != b"P6" or maxval != b"255":
        sys.exit("qemu-screendump: not an 8-bit P6 image: %s" % ppm)
    w, h = map(int, size.split())
    rows = b"".join(b"\0" + pixels[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff))

    with open(png, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" +
                chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))
    return w, h


def main():
    args = sys.argv[1:]
    quit_after = "--quit" in args
    args = [a for a in args if a != "--quit"]
    if len(args) != 2:
        sys.exit("usage: qemu-screendump.py [--quit] MONITOR-SOCKET OUT.png")
    fd, ppm = tempfile.mkstemp(suffix=".ppm")
    os.close(fd)
    try:
        monitor(args[0], ["screendump " + ppm] + (["quit"] if quit_after else []))
        w, h = ppm_to_png(ppm, args[1])
    finally:
        os.unlink(ppm)
    print("%s: %dx%d" % (args[1], w, h))


if __name__ == "__main__":
    main()
