#!/usr/bin/env python3
"""The crash test: kill the machine while it writes, then check the disk.

    tests/storage/crash.py [--runs N] [--seed S] [--keep DIR] CIRCLESIM

Makes a fresh ext2 image, then N times: boots CIRCLESIM with the image as
its disk, mounts it on /mnt, runs /usr/lib/tests/crashload (which writes
files and prints "synced NAME SIZE" once each is durable), and kills
circlesim with SIGKILL at a random moment. After each kill, `e2fsck -fy`
repairs the image (it must be able to) and every file any run reported
as synced must be intact, read back with debugfs (not with CircleOS's own
ext2 code). Prints the counts (how often `e2fsck -fn` found errors before
the repair, too: -fy also indexes the big directories, which counts as a
change but is no error); exits 1 on a lost or damaged file, 77 when
e2fsprogs is missing.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time

MAX_SIZE = 48 * 1024
MASK = 0xFFFFFFFF


def seed_of(run, i):
    """The same xorshift as tests/progs/crashload.c."""
    x = (run * 1000003 + i * 7919 + 1) & MASK
    x ^= (x << 13) & MASK
    x ^= x >> 17
    x ^= (x << 5) & MASK
    return x


def contents(run, i):
    """fill() of crashload.c: byte j is (s >> (j % 4 * 8)) + j * 31, whose
    low 8 bits repeat every 256 bytes."""
    s = seed_of(run, i)
    n = s % MAX_SIZE + 1
    period = bytes(((s >> (j % 4 * 8)) + j * 31) & 0xFF for j in range(256))
    return (period * (n // 256 + 1))[:n]


def boot_and_kill(sim, img, run, rng, log):
    """One run: returns the names the guest reported synced."""
    script = ("mkdir -p /mnt && mount -t ext2 /dev/vda /mnt && "
              "/usr/lib/tests/crashload /mnt %d\n" % run)
    p = subprocess.Popen([sim, "-drive", "file=%s" % img, "-append", "quiet"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    lines = []
    started = threading.Event()

    def reader():
        for raw in p.stdout:
            line = raw.decode("utf-8", "replace").replace("\r", "")
            if not line.endswith("\n"):
                break           # cut by the kill: not a whole report
            lines.append(line.rstrip("\n"))
            log.write(line)
            if line.startswith("crashload: start run"):
                started.set()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    p.stdin.write(script.encode())
    p.stdin.flush()
    if not started.wait(60):
        p.kill()
        p.wait()
        t.join(5)
        raise RuntimeError("run %d: the workload did not start; output:\n%s"
                           % (run, "\n".join(lines[-20:])))
    time.sleep(rng.uniform(0.05, 1.5))
    died = p.poll()
    p.kill()                    # SIGKILL: no chance to write anything back
    p.wait()
    t.join(10)
    if died is not None:
        raise RuntimeError("run %d: circlesim stopped by itself (exit %d) "
                           "before the kill; output:\n%s"
                           % (run, died, "\n".join(lines[-20:])))
    for line in lines:
        if (line.startswith("crashload: ") and "start run" not in line) \
                or "kernel panic" in line:
            raise RuntimeError("run %d: the workload failed: %s"
                               % (run, line))
    synced = []
    for line in lines:
        f = line.split()
        if len(f) == 3 and f[0] == "synced":
            synced.append(f[1])
    return synced


def check_files(img, names, work):
    """Names whose contents on the image are not what was written."""
    if not names:
        return []
    out = os.path.join(work, "dump")
    shutil.rmtree(out, ignore_errors=True)
    os.mkdir(out)
    cmds = os.path.join(work, "cmds")
    with open(cmds, "w") as f:
        for n in names:
            f.write("dump /%s %s/%s\n" % (n, out, n.replace("/", "_")))
    subprocess.run(["debugfs", "-f", cmds, img], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    bad = []
    for n in names:
        run, i = n.split("/")
        want = contents(int(run[1:]), int(i[1:]))
        try:
            with open(os.path.join(out, n.replace("/", "_")), "rb") as f:
                got = f.read()
        except OSError:
            got = None
        if got != want:
            bad.append(n)
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", help="keep the image and logs in this folder")
    ap.add_argument("circlesim")
    a = ap.parse_args()
    for tool in ("mke2fs", "e2fsck", "debugfs"):
        if shutil.which(tool) is None and not os.path.exists("/sbin/" + tool):
            print("crash: %s not found (e2fsprogs): skipped" % tool)
            return 77
    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    work = a.keep or tempfile.mkdtemp(prefix="circleos-crash.")
    os.makedirs(work, exist_ok=True)
    img = os.path.join(work, "crash.img")
    # room for 20 runs of the fastest workload (a full disk would stop it)
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-b", "1024", img,
                    "1G"], check=True, stdout=subprocess.DEVNULL)
    log = open(os.path.join(work, "console.log"), "w")
    synced, damaged, repaired, lost = [], 0, 0, []
    print("crash: seed %d, %d runs, work in %s" % (seed, a.runs, work))
    for run in range(a.runs):
        log.write("=== run %d\n" % run)
        try:
            got = boot_and_kill(a.circlesim, img, run, rng, log)
        except RuntimeError as e:
            print("crash: %s\ncrash: seed %d; see %s" % (e, seed, work))
            return 1
        synced += got
        # first look without touching: did the kill leave damage?
        r = subprocess.run(["e2fsck", "-fn", img], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        log.write(r.stdout.decode("utf-8", "replace"))
        damaged += r.returncode != 0
        r = subprocess.run(["e2fsck", "-fy", img], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        log.write(r.stdout.decode("utf-8", "replace"))
        if r.returncode & ~3:
            print("crash: run %d: e2fsck -fy could not repair the image "
                  "(exit %d); see %s" % (run, r.returncode, work))
            return 1
        fixed = r.returncode != 0
        repaired += fixed
        r = subprocess.run(["e2fsck", "-fn", img], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode != 0:
            print("crash: run %d: still not clean after repair; see %s"
                  % (run, work))
            return 1
        # this run's files now, everyone's at the end (damage stays)
        last = run == a.runs - 1
        bad = check_files(img, synced if last else got, work)
        print("crash: run %d: %d files synced before the kill, %d in all, "
              "image %s, %d damaged" % (run, len(got), len(synced),
                                        "changed by e2fsck -fy" if fixed
                                        else "clean", len(bad)))
        for n in bad:
            if n not in lost:
                lost.append(n)
    print("crash: %d kills, %d files fsynced, %d intact, %d lost or damaged; "
          "e2fsck -fn found errors after %d kills, e2fsck -fy changed the "
          "image %d times" % (a.runs, len(synced), len(synced) - len(lost),
                               len(lost), damaged, repaired))
    if lost:
        print("crash: lost: %s (seed %d)" % (" ".join(lost[:20]), seed))
        return 1
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
