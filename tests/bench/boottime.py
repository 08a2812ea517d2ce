#!/usr/bin/env python3
"""Boot time of circlesim, or of circleos-x86_64.elf or
circleos-aarch64.img under QEMU (TCG): to its first kernel log line, and
to the shell's first prompt (user mode up: init, the shell); medians of
N runs, from the exec of circlesim or QEMU.

    boottime.py circlesim|circleos-x86_64.elf|circleos-aarch64.img [RUNS]
"""
import os, select, statistics, subprocess, sys, time

sim = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
name = "boot"
cmd = [sim]
if sim.endswith("aarch64.img"):
    name = "qemu_aarch64_boot"
    cmd = [os.environ.get("QEMU_AARCH64") or "qemu-system-aarch64",
           "-M", "virt", "-cpu", "cortex-a57", "-kernel", sim,
           "-initrd", os.path.join(os.path.dirname(sim),
                                   "initramfs-aarch64.cpio"),
           "-m", "256M", "-display", "none", "-monitor", "none",
           "-serial", "stdio", "-no-reboot"]
elif sim.endswith(".elf"):
    name = "qemu_x86_64_boot"
    cmd = [os.environ.get("QEMU_X86_64") or "qemu-system-x86_64",
           "-kernel", sim,
           "-initrd", os.path.join(os.path.dirname(sim), "initramfs.cpio"),
           "-m", "256M", "-display", "none", "-monitor", "none",
           "-serial", "stdio", "-no-reboot",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]


def time_to(args, marker):
    if cmd[0] != sim and not args:
        args = ["-append", ""]
    t0 = time.monotonic()
    p = subprocess.Popen(cmd + args, stdin=subprocess.PIPE,
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
    print("bench %s_first_log_line %.2f ms"
          % (name, statistics.median(first) * 1e3))
if prompt:
    print("bench %s_to_shell_prompt %.2f ms"
          % (name, statistics.median(prompt) * 1e3))
