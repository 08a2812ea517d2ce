#!/usr/bin/env python3
"""pty_test.py - drive the interactive shell through a pseudo-terminal.

Usage: pty_test.py PATH/TO/sh
Checks line editing keys, history, Ctrl-C, job control (Ctrl-Z, jobs,
bg, fg, background completion notices), Ctrl-D and that the terminal
is back in canonical mode while commands run and after the shell exits.
Exit status 0 when every check passes.
"""
import os
import pty
import re
import select
import signal
import sys
import termios
import time

SH = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "sh")
failures = []
buf = b""


def start():
    global buf
    buf = b""
    env = dict(os.environ, PS1="PROMPT$ ", PS2="MORE> ", TERM="vt100",
               HOME="/tmp")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(SH, [SH, "-i"], env)
    return pid, fd


def read_until(fd, pattern, timeout=5.0):
    """Read output until the regex matches what arrived since last call."""
    global buf
    end = time.time() + timeout
    rx = re.compile(pattern.encode() if isinstance(pattern, str) else pattern,
                    re.S)
    while True:
        m = rx.search(buf)
        if m:
            out = buf[:m.end()]
            buf = buf[m.end():]
            return out
        left = end - time.time()
        if left <= 0:
            out = buf
            buf = b""
            return None if out is None else (b"TIMEOUT:" + out)
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            if not data:
                out = buf
                buf = b""
                return b"EOF:" + out
            buf += data


def check(name, ok, detail=b""):
    if ok:
        print("ok   %s" % name)
    else:
        print("FAIL %s: %r" % (name, detail[-300:]))
        failures.append(name)


def send(fd, s, pause=0.05):
    os.write(fd, s.encode() if isinstance(s, str) else s)
    time.sleep(pause)


def expect(fd, name, pattern, timeout=5.0):
    out = read_until(fd, pattern, timeout)
    ok = out is not None and not out.startswith(b"TIMEOUT:") and \
        not out.startswith(b"EOF:")
    check(name, ok, out or b"")
    return out or b""


def canonical(fd):
    attrs = termios.tcgetattr(fd)
    return bool(attrs[3] & termios.ICANON) and bool(attrs[3] & termios.ECHO)


def main():
    pid, fd = start()
    expect(fd, "first prompt", r"PROMPT\$ ")

    send(fd, "echo hello\r")
    expect(fd, "simple command", r"\r\nhello\r\nPROMPT\$ ")

    send(fd, "echo wrld" + "\x1b[D" * 3 + "o\r")
    expect(fd, "left arrow + insert", r"\r\nworld\r\nPROMPT\$ ")

    send(fd, "echo abcx\x7f\r")
    expect(fd, "backspace (DEL)", r"\r\nabc\r\nPROMPT\$ ")

    send(fd, "echo abcx\x08\r")
    expect(fd, "backspace (^H)", r"\r\nabc\r\nPROMPT\$ ")

    send(fd, "cho A1\x01e\x052\r")
    expect(fd, "ctrl-a / ctrl-e", r"\r\nA12\r\nPROMPT\$ ")

    send(fd, "cho H1" + "\x1b[H" + "e" + "\x1b[F" + "2\r")
    expect(fd, "home / end keys", r"\r\nH12\r\nPROMPT\$ ")

    send(fd, "garbage\x15echo U\r")
    expect(fd, "ctrl-u", r"\r\nU\r\nPROMPT\$ ")

    send(fd, "echo one two\x17three\r")
    expect(fd, "ctrl-w", r"\r\none three\r\nPROMPT\$ ")

    send(fd, "echo keep drop" + "\x1b[D" * 5 + "\x0b\r")
    expect(fd, "ctrl-k", r"\r\nkeep\r\nPROMPT\$ ")

    send(fd, "\x1b[A\r")
    expect(fd, "history up", r"\r\nkeep\r\nPROMPT\$ ")

    send(fd, "\x1b[A\x1b[A\x1b[B\r")
    expect(fd, "history up/down", r"\r\nkeep\r\nPROMPT\$ ")

    send(fd, "echo nope\x03")
    out = expect(fd, "ctrl-c abandons line", r"\^C\r*\nPROMPT\$ ")
    send(fd, "echo yes\r")
    out = expect(fd, "after ctrl-c", r"\r\nyes\r\nPROMPT\$ ")
    check("ctrl-c did not run the line", b"nope\r\n" not in out, out)

    send(fd, "echo 'multi\rline'\r")
    expect(fd, "PS2 continuation", r"MORE> .*multi\r\nline\r\nPROMPT\$ ")

    send(fd, "\x0c")
    expect(fd, "ctrl-l clears", r"\x1b\[H\x1b\[2JPROMPT\$ ")
    send(fd, "\x15")

    send(fd, "sleep 1\r")
    time.sleep(0.3)
    check("cooked mode while a command runs", canonical(fd))
    expect(fd, "sleep finished", r"\r\nPROMPT\$ ")

    send(fd, "sleep 5\r", 0.5)
    send(fd, "\x1a")
    expect(fd, "ctrl-z stops job", r"\[1\]\+ Stopped  sleep 5\r\nPROMPT\$ ")

    send(fd, "jobs\r")
    expect(fd, "jobs lists it", r"\[1\]\+ Stopped  sleep 5\r\nPROMPT\$ ")

    send(fd, "bg %1\r")
    expect(fd, "bg continues it", r"\[1\]\+ sleep 5 &\r\nPROMPT\$ ")

    send(fd, "jobs\r")
    expect(fd, "jobs shows running", r"\[1\]\+ Running  sleep 5 &\r\nPROMPT\$ ")

    send(fd, "fg\r", 0.5)
    expect(fd, "fg prints command", r"sleep 5\r\n")
    send(fd, "\x03")
    expect(fd, "ctrl-c kills fg job", r"\r\nPROMPT\$ ")
    send(fd, "echo status=$?\r")
    expect(fd, "status after ctrl-c", r"status=130\r\nPROMPT\$ ")

    send(fd, "sleep 0.3 &\r")
    expect(fd, "background job number", r"\[1\] \d+\r\nPROMPT\$ ")
    time.sleep(0.6)
    send(fd, "\r")
    expect(fd, "done notice", r"\[1\]\+ Done  sleep 0\.3\r\nPROMPT\$ ")

    send(fd, "while true; do sleep 1; done\r", 0.5)
    send(fd, "\x03")
    expect(fd, "ctrl-c stops a loop", r"\r\nPROMPT\$ ")

    send(fd, "cat\r", 0.3)
    send(fd, "typed\r")
    expect(fd, "cat echoes input", r"typed\r\ntyped\r\n")
    send(fd, "\x04")
    expect(fd, "ctrl-d ends cat", r"PROMPT\$ ")

    send(fd, "history\r")
    expect(fd, "history builtin", r"\d+  echo hello\r\n.*\r\nPROMPT\$ ")

    send(fd, "exit 3\r")
    time.sleep(0.3)
    check("terminal restored at exit", canonical(fd))
    _, st = os.waitpid(pid, 0)
    check("exit status", os.WIFEXITED(st) and os.WEXITSTATUS(st) == 3,
          str(st).encode())

    pid, fd = start()
    expect(fd, "second shell prompt", r"PROMPT\$ ")
    send(fd, "\x04")
    time.sleep(0.3)
    for _ in range(50):
        wpid, st = os.waitpid(pid, os.WNOHANG)
        if wpid:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        wpid, st = os.waitpid(pid, 0)
    check("ctrl-d on empty line exits", os.WIFEXITED(st), str(st).encode())

    if failures:
        print("pty tests: %d failed: %s" % (len(failures), ", ".join(failures)))
        return 1
    print("pty tests: all passed")
    return 0


if __name__ == "__main__":
    signal.alarm(120)
    sys.exit(main())
