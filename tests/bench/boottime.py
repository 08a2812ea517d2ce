#!/usr/bin/env python3
"""Boot time of circlesim to its first kernel log line, and to power-off of
a trivial boot: medians of N runs, measured from the exec of circlesim."""
import os, statistics, subprocess, sys, time

sim = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 21
first, total = [], []
for _ in range(runs):
    t0 = time.monotonic()
    p = subprocess.Popen([sim, "-append", "ktest=cmdline"], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    p.stdout.readline()
    first.append(time.monotonic() - t0)
    p.stdout.read()
    p.wait()
    total.append(time.monotonic() - t0)
print("bench boot_first_log_line %.2f ms" % (statistics.median(first) * 1e3))
print("bench boot_to_poweroff %.2f ms" % (statistics.median(total) * 1e3))
