#!/usr/bin/env python3
"""xv6-riscv under QEMU, for comparison with CircleOS's QEMU figures:
time from QEMU's start to xv6's first shell prompt ("$ ", median of
BOOT_RUNS boots), and the wall time of "usertests -q" (from QEMU's start,
boot included, to its result line; USERTESTS_RUNS runs, each stopped
after TIMEOUT seconds). QEMU runs with the command line of xv6's own
Makefile ("make qemu"), but on a fresh copy of fs.img for every run, so
that no run sees the files an earlier one left behind.

    xv6.py XV6_DIR SMP BOOT_RUNS USERTESTS_RUNS [TIMEOUT]

XV6_DIR holds a built kernel/kernel and fs.img. Prints "bench" lines,
and "#" comments with each run and the host's load average.
"""
import os, re, select, shutil, statistics, subprocess, sys, tempfile, time

xv6, smp = sys.argv[1], int(sys.argv[2])
boot_runs, ut_runs = int(sys.argv[3]), int(sys.argv[4])
timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 900
qemu = os.environ.get("QEMU_RISCV64") or "qemu-system-riscv64"
suffix = "" if smp == 3 else "-smp%d" % smp
result_re = re.compile(rb"(ALL TESTS PASSED|SOME TESTS FAILED|FAILED -- [^\r\n]*)")


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def start(img):
    """QEMU as xv6's Makefile runs it, on disk image img; returns
    (process, start time)."""
    cmd = [qemu, "-machine", "virt", "-bios", "none",
           "-kernel", os.path.join(xv6, "kernel/kernel"),
           "-m", "128M", "-smp", str(smp), "-nographic",
           "-global", "virtio-mmio.force-legacy=false",
           "-drive", "file=%s,if=none,format=raw,id=x0" % img,
           "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0"]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    return p, t0


def wait_for(p, pattern, buf, deadline):
    """Reads p's output into buf until pattern matches; returns (match,
    buf), match None if p ended or the deadline passed."""
    while True:
        m = pattern.search(buf)
        if m:
            return m, buf
        left = deadline - time.monotonic()
        if left <= 0:
            return None, buf
        r, _, _ = select.select([p.stdout], [], [], min(left, 10))
        if not r:
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            return None, buf
        buf += chunk


def stop(p):
    p.kill()
    p.wait()


def one_run(img, usertests):
    """Boots xv6 on a fresh copy of fs.img; returns (seconds to the first
    prompt, seconds to usertests' result line or None, result text)."""
    shutil.copyfile(os.path.join(xv6, "fs.img"), img)
    p, t0 = start(img)
    m, buf = wait_for(p, re.compile(rb"\$ "), b"", t0 + 60)
    if m is None:
        stop(p)
        return None, None, "no prompt"
    boot = time.monotonic() - t0
    if not usertests:
        stop(p)
        return boot, None, ""
    p.stdin.write(b"usertests -q\n")
    p.stdin.flush()
    m, buf = wait_for(p, result_re, buf, t0 + timeout)
    t = time.monotonic() - t0
    stop(p)
    if m is None:
        tail = buf.decode(errors="replace").splitlines()[-3:]
        return boot, None, "no result after %.0f s: %s" % (t, " | ".join(tail))
    return boot, t, m.group(1).decode()


tmp = tempfile.mkdtemp(prefix="xv6bench")
img = os.path.join(tmp, "fs.img")
try:
    print("# xv6 -smp %d, %s" % (smp, os.path.abspath(xv6)))
    boots = []
    for i in range(boot_runs):
        la = loadavg()
        b, _, _ = one_run(img, False)
        if b is not None:
            boots.append(b)
        print("#   boot run %d: %s ms (load %s)"
              % (i + 1, "%.0f" % (b * 1e3) if b else "no prompt", la))
    if boots:
        print("bench xv6_boot_to_prompt@qemu-riscv64%s %.0f ms"
              % (suffix, statistics.median(boots) * 1e3))
    uts = []
    for i in range(ut_runs):
        la = loadavg()
        b, t, res = one_run(img, True)
        if t is not None:
            uts.append(t)
            print("#   usertests -q run %d: %.1f s from QEMU start, "
                  "%.1f s after the prompt, %s (load %s, then %s)"
                  % (i + 1, t, t - b, res, la, loadavg()))
        else:
            print("#   usertests -q run %d: %s (load %s)" % (i + 1, res, la))
    if uts:
        print("bench xv6_usertests_q@qemu-riscv64%s %.1f s"
              % (suffix, statistics.median(uts)))
finally:
    shutil.rmtree(tmp)
