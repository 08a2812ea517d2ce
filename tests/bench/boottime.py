#!/usr/bin/env python3
"""Boot time of circlesim: to its first kernel log line, and to the shell's
first prompt (user mode up: init, the shell); medians of N runs, from the
exec of circlesim."""
import os, select, statistics, subprocess, sys, time

sim = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 11


def time_to(args, marker):
    t0 = time.monotonic()
    p = subprocess.Popen([sim] + args, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    buf = b""
    t = None
    while True:
        r, _, _ = select.select([p.stdout], [], [], 10)
        if not r:
            break
        chunk = os.read(p.stdout.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
        if marker in buf:
            t = time.monotonic() - t0
            break
    p.stdin.write(b"poweroff\n")
    p.stdin.close()
    p.stdout.read()
    p.wait()
    return t


first = [time_to([], b"]") for _ in range(runs)]
prompt = [time_to(["-append", "quiet"], b"# ") for _ in range(runs)]
first = [x for x in first if x is not None]
prompt = [x for x in prompt if x is not None]
if first:
    print("bench boot_first_log_line %.2f ms" % (statistics.median(first) * 1e3))
if prompt:
    print("bench boot_to_shell_prompt %.2f ms" % (statistics.median(prompt) * 1e3))
