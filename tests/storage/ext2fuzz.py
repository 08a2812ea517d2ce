#!/usr/bin/env python3
"""The ext2 image fuzzer: corrupted metadata must never bring the kernel down.

    tests/storage/ext2fuzz.py [--count N] [--seed S] [--jobs J] [--keep DIR] CIRCLESIM

Makes a small valid ext2 image with `mke2fs -d` (directories over several
blocks, a file using double-indirect blocks, a sparse file, fast and slow
symlinks), then N times: copies it, overwrites a few random bytes in its
metadata (superblock, group descriptors, inodes, directory and indirect
blocks), boots CIRCLESIM with the copy as a snapshot disk, mounts it,
reads everything (`ls -lR`, `cat` of every file, `dd` for big ones), then
writes (new files and directories, a rename, removals, a sparse write,
`sync`) and unmounts. The machine must power off normally: a kernel
panic, the watchdog, a hang or a crashed simulator fails the test, and
the image is kept with the command that reproduces it.
A clean refusal to mount or I/O errors are the right answers.
Exits 0 when every image passed, 1 otherwise, 77 without e2fsprogs.
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

SCRIPT = (
    "mkdir -p /mnt\n"
    "if mount -t ext2 /dev/vda /mnt; then echo MOUNTED; "
    "ls -lR /mnt > /dev/null; echo LS $?; "
    "find /mnt -type f -size -1024k -exec cat {} + > /dev/null; echo CAT $?; "
    # a corrupted size can make a sparse file of gigabytes: 1 MiB reads
    "find /mnt -type f -size +1023k -exec dd if={} of=/dev/null bs=1M "
    "\\; 2>/dev/null; echo DD $?; "
    # then change it (snapshot=on: the image file stays as it was)
    "echo new > /mnt/new; mkdir /mnt/dir/newdir; "
    "mv /mnt/dir/sub /mnt/moved; rm -f /mnt/big /mnt/dir/file*01?; "
    "dd if=/dev/zero of=/mnt/sparse bs=1k seek=100 count=70 2>/dev/null; "
    "sync; echo WRITE; "
    "umount /mnt; echo UMOUNT $?; else echo REFUSED; "
    "dmesg | grep 'ext2 (' | tail -n 3; fi\n"
    "poweroff\n")


def make_tree(root):
    os.makedirs(os.path.join(root, "dir/sub/deeper"))
    for i in range(60):     # a directory over several 1 KiB blocks
        with open(os.path.join(root, "dir", "file-with-a-long-name-%03d" % i),
                  "w") as f:
            f.write("file %d\n" % i * (i + 1))
    with open(os.path.join(root, "big"), "wb") as f:   # double indirect
        f.write(bytes(range(256)) * (300 * 4))
    with open(os.path.join(root, "sparse"), "wb") as f:
        f.seek(600 * 1024)
        f.write(b"end of a sparse file\n")
    with open(os.path.join(root, "dir/sub/deeper/note"), "w") as f:
        f.write("deep\n")
    os.symlink("dir/sub", os.path.join(root, "fast-link"))
    os.symlink("dir/sub/deeper/" + "x" * 80 + "/../note",
               os.path.join(root, "slow-link"))
    os.mkfifo(os.path.join(root, "fifo"))


def metadata_ranges(img):
    """(offset, length) of every metadata block worth corrupting."""
    with open(img, "rb") as f:
        data = f.read()
    sb = data[1024:2048]
    (inodes_count, blocks_count) = struct.unpack_from("<II", sb, 0)
    first_data = struct.unpack_from("<I", sb, 20)[0]
    bsize = 1024 << struct.unpack_from("<I", sb, 24)[0]
    ipg = struct.unpack_from("<I", sb, 40)[0]
    rev = struct.unpack_from("<I", sb, 76)[0]
    isize = struct.unpack_from("<H", sb, 88)[0] if rev >= 1 else 128
    bpg = struct.unpack_from("<I", sb, 32)[0]
    groups = (blocks_count - first_data + bpg - 1) // bpg
    gdt = (first_data + 1) * bsize
    ranges = [(1024, 1024), (gdt, groups * 32)]
    for g in range(groups):
        bbitmap, ibitmap, itable = struct.unpack_from("<III", data, gdt + 32 * g)
        ranges.append((bbitmap * bsize, bsize))
        ranges.append((ibitmap * bsize, bsize))
        for k in range(ipg):
            ino = g * ipg + k + 1
            if ino > inodes_count:
                break
            off = itable * bsize + k * isize
            inode = data[off:off + isize]
            mode, = struct.unpack_from("<H", inode, 0)
            if mode == 0:
                continue
            ranges.append((off, 128))
            blocks = struct.unpack_from("<15I", inode, 40)
            kind = mode & 0o170000
            if kind == 0o040000:                    # directory blocks
                ranges += [(b * bsize, bsize) for b in blocks[:12] if b]
            if kind in (0o100000, 0o040000):        # indirect blocks
                ranges += [(b * bsize, bsize) for b in blocks[12:] if b]
    return [r for r in ranges if r[0] + r[1] <= len(data)]


def plan(data, ranges, rng):
    """A few random changes to the image's metadata: [(offset, bytes)]."""
    changes = []
    for _ in range(rng.randint(1, 8)):
        off, length = rng.choice(ranges)
        pos = off + rng.randrange(length)
        how = rng.randrange(4)
        if how == 0:
            new = bytes([data[pos] ^ (1 << rng.randrange(8))])
        elif how == 1:
            new = bytes([rng.randrange(256)])
        elif how == 2:
            new = struct.pack("<I", rng.choice(
                [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, rng.randrange(1 << 32)]))
        else:
            new = bytes([rng.choice([0, 0xFF])]) * rng.randint(1, 16)
        changes.append((pos, new))
        data[pos:pos + len(new)] = new     # later changes see earlier ones
    return changes


def corrupt(src, dst, changes):
    shutil.copyfile(src, dst)
    with open(dst, "r+b") as f:
        for pos, new in changes:
            f.seek(pos)
            f.write(new)


def boot(sim, img, seed):
    # A corrupted size can make a legal sparse file of up to 16 GiB,
    # which cat reads in a minute or two: the limit leaves room for it.
    cmd = [sim, "-clock", "virtual", "-seed", str(seed), "-timeout", "400",
           "-drive", "file=%s,snapshot=on" % img, "-append", "quiet"]
    try:
        p = subprocess.run(cmd, input=SCRIPT.encode(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=400)
        return p.returncode, p.stdout.decode("utf-8", "replace"), cmd
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        return "hang", out, cmd


def lines_of(out, word):
    """The console lines that start with word (not the echoed script)."""
    return [l for l in out.replace("\r", "").split("\n")
            if l.startswith(word)]


def verdict(rc, out):
    """(ok, why): the machine powered off after mounting, reading and
    changing the image, or after refusing it with a kernel message naming
    the disk."""
    if rc != 0:
        return False, {112: "kernel panic", 113: "watchdog",
                       "hang": "hang"}.get(rc, "circlesim failed")
    if lines_of(out, "MOUNTED"):
        if not lines_of(out, "UMOUNT"):
            return False, "did not get to the end of the script"
        return True, ""
    if lines_of(out, "REFUSED"):
        if not [l for l in out.split("\n")
                if "ext2 (" in l and "grep" not in l]:
            return False, "mount refused without a message"
        return True, ""
    return False, "no answer from the shell"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", help="folder for failing images")
    ap.add_argument("circlesim")
    a = ap.parse_args()
    if shutil.which("mke2fs") is None and not os.path.exists("/sbin/mke2fs"):
        print("ext2fuzz: mke2fs not found (e2fsprogs): skipped")
        return 77
    work = tempfile.mkdtemp(prefix="circleos-fuzz.")
    keep = a.keep or "ext2fuzz-failures"
    base = os.path.join(work, "base.img")
    tree = os.path.join(work, "tree")
    make_tree(tree)
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-b", "1024", "-N",
                    "128", "-d", tree, base, "4M"], check=True,
                   stdout=subprocess.DEVNULL)
    ranges = metadata_ranges(base)
    rng = random.Random(a.seed)
    with open(base, "rb") as f:
        pristine = f.read()
    jobs = []
    for n in range(a.count):        # planned in order: the seed decides
        img = os.path.join(work, "fuzz%04d.img" % n)
        changes = plan(bytearray(pristine), ranges, rng)
        jobs.append((n, img, changes))
    counts = {"mounted": 0, "refused": 0, "failed": 0}
    failures = []

    def one(job):
        n, img, changes = job
        corrupt(base, img, changes)     # made when its turn comes
        what = ["%d:%s" % (pos, new.hex()) for pos, new in changes]
        rc, out, cmd = boot(a.circlesim, img, a.seed + n)
        return n, img, what, rc, out, cmd

    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        for n, img, what, rc, out, cmd in ex.map(one, jobs):
            ok, why = verdict(rc, out)
            if not ok:
                counts["failed"] += 1
                os.makedirs(keep, exist_ok=True)
                kept = os.path.join(keep, os.path.basename(img))
                shutil.copyfile(img, kept)
                with open(kept + ".log", "w") as f:
                    f.write(out)
                cmd[cmd.index("-drive") + 1] = "file=%s,snapshot=on" % kept
                failures.append("image %d (%s): %s (exit %s); kept %s; "
                                "bytes %s\n  reproduce: printf %r | %s" %
                                (n, os.path.basename(img), why, rc, kept,
                                 " ".join(what), SCRIPT, " ".join(cmd)))
            elif lines_of(out, "MOUNTED"):
                counts["mounted"] += 1
            else:
                counts["refused"] += 1
            os.unlink(img)
    shutil.rmtree(work, ignore_errors=True)
    print("ext2fuzz: %d images (seed %d): %d mounted and read, %d refused, "
          "%d failed" % (a.count, a.seed, counts["mounted"], counts["refused"],
                         counts["failed"]))
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
