#!/usr/bin/env python3
"""qemu-pace.py -- run QEMU with a script typed at its serial console a
line at a time, the way circlesim types a script it reads from a pipe.

    qemu-pace.py [--timeout SECONDS] [--semihosting] -- QEMU [ARGS...] < SCRIPT

QEMU gets the serial console on a pipe (-serial stdio) and an
isa-debugcon device whose output comes here. The x86_64 HAL writes
"R<n>" there when a reader waits for input with nothing buffered and n
bytes taken (hal_console_flow in hal-qemu/x86_64/console.c; with
--semihosting, Arm semihosting's output instead, for the aarch64 HAL,
whose console.c writes the same): the next
line is typed when n says everything typed so far was read. A key that
acts at once (^C, ^Z...) at the start of a line is typed alone, and the
rest of its line as the next line (split_keys). Such a key (to a job
in the foreground, which reads nothing) is typed at the latest
CTRL_PACE seconds after the previous line, as the sim types any line
after 2 s of its virtual time;
any other line at the latest PACE seconds after ($QEMU_PACE, 120 s by
default: a safety net, since QEMU runs in host time and a long command
on a busy host would see the next line typed while it runs). QEMU's
console output goes to standard output. Exit status: QEMU's, 124 on
timeout.
"""
import os
import select
import subprocess
import sys
import time

PACE = float(os.environ.get("QEMU_PACE") or 120.0)
CTRL_PACE = 5.0


def pace_for(line):
    """Seconds after the previous line at which `line` is typed anyway."""
    return CTRL_PACE if key_alone(line[0]) else PACE


def key_alone(c):
    """A key that acts at once (Ctrl-C, Ctrl-Z, Ctrl-D...), typed alone
    at the start of a line; Tab, CR and Esc are typed with their line.
    circlesim's console (sim/console.c) does the same."""
    return c < 0x20 and c not in (0x09, 0x0a, 0x0d, 0x1b)


def split_keys(lines):
    """Type such a key alone, and the rest of its line (its newline) as
    the next line, when a reader waits: the newline then cannot race
    the shell taking the terminal back from the job the key stopped."""
    out = []
    for line in lines:
        if len(line) > 1 and key_alone(line[0]):
            out += [line[:1], line[1:]]
        else:
            out.append(line)
    return out


def main():
    args = sys.argv[1:]
    timeout = 300.0
    semihosting = False
    while args and args[0] in ("--timeout", "--semihosting"):
        if args[0] == "--semihosting":
            semihosting = True
            args = args[1:]
        elif len(args) >= 2:
            timeout = float(args[1])
            args = args[2:]
        else:
            break
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        sys.exit("usage: qemu-pace.py [--timeout S] [--semihosting] -- QEMU ARGS... < SCRIPT")
    lines = split_keys(sys.stdin.buffer.read().splitlines(keepends=True))
    # The end of the script: a UART has no end of file, so type the
    # terminal's EOF character (Ctrl-D) at the next prompt, as a person
    # ends a session (the sim's console reports EOF to the kernel).
    lines.append(b"\x04")
    rfd, wfd = os.pipe()
    if semihosting:     # the aarch64 HAL writes through semihosting
        cmd = args + ["-serial", "stdio", "-chardev",
                      "file,id=pace,path=/dev/fd/%d" % wfd,
                      "-semihosting-config",
                      "enable=on,target=native,chardev=pace"]
    else:
        cmd = args + ["-serial", "stdio", "-debugcon", "file:/dev/fd/%d" % wfd]
    qemu = subprocess.Popen(cmd, stdin=subprocess.PIPE, pass_fds=(wfd,))
    os.close(wfd)
    start = last = time.monotonic()
    sent = 0
    pending = b""
    nxt = 0

    def type_line():
        nonlocal sent, last, nxt
        line = lines[nxt]
        nxt += 1
        try:
            qemu.stdin.write(line)
            qemu.stdin.flush()
        except BrokenPipeError:
            pass
        sent += len(line)
        last = time.monotonic()

    while qemu.poll() is None:
        now = time.monotonic()
        if now - start > timeout:
            qemu.kill()
            qemu.wait()
            print("qemu-pace: timeout after %g s" % timeout, file=sys.stderr)
            sys.exit(124)
        wait = 0.5
        if nxt < len(lines):
            wait = max(0.0, min(wait, last + pace_for(lines[nxt]) - now))
        ready, _, _ = select.select([rfd], [], [], wait)
        if ready:
            data = os.read(rfd, 4096)
            if not data:
                qemu.wait()
                break
            pending += data
            while b"\n" in pending:
                msg, pending = pending.split(b"\n", 1)
                if (msg.startswith(b"R") and msg[1:].isdigit() and
                        int(msg[1:]) >= sent and nxt < len(lines)):
                    type_line()
        elif (nxt < len(lines) and
              time.monotonic() - last >= pace_for(lines[nxt])):
            type_line()
    sys.exit(qemu.returncode)


if __name__ == "__main__":
    main()
