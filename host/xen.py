#!/usr/bin/env python3
"""Xen 4.17 front end: boot the test kernel as a PV dom0 under QEMU TCG.

    host/xen.py --kernel out/bzImage-base [--initrd F] [--scenario xen-dom0]
                [--append ARGS] [--mem 4G] [--dom0-mem 512M] [--timeout 300]
                [--quiet]

QEMU loads Xen (out/xen, from guest/xen/mkoverlay) as a multiboot kernel;
the dom0 kernel with its command line and the initramfs are the multiboot
modules.  Xen owns the serial port (com1) and prints dom0's hvc0 on it, so
the console is QEMU's stdout as for a bare guest.  dom0 starts with 512 MiB
of the machine's 4 GiB (--dom0-mem, --mem) and may balloon into the rest.

On dom0 poweroff Xen powers the machine off and QEMU exits; a dom0 panic
(panic=-1) reboots and a Xen panic reboots after 5 s, which -no-reboot turns
into a QEMU exit too.

Standalone, boots one scenario through host/boot.py into
out/runs/SCENARIO-KERNEL/ and exits 0 if the guest reported "done rc=0".
"""

import argparse
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
XEN = os.path.join(TOP, "out", "xen")

CPU = "qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt"  # -cpu max crashes a PV dom0
XEN_CMDLINE = ("console=com1 com1=115200,8n1 console_timestamps=boot "
               "loglvl=all guest_loglvl=all dom0_mem={0},max:{0}")
# clocksource=xen: under TCG the TSC is emulated, and a dom0 left to itself
# switches to tsc-early, then tsc, until the watchdog marks tsc unstable
# seconds later; one 7.3.4 base dom0 boot hung in that switch (the console
# stopped at "vgaarb: loaded", just before it).  Xen's own clock is what a
# PV domain keeps anyway.
DOM0_CMDLINE = "console=hvc0 earlyprintk=xen panic=-1 clocksource=xen"


def _module(text):
    """One multiboot module for -initrd: QEMU splits modules at commas."""
    return text.replace(",", ",,")


def xen_qemu_argv(kernel, initrd, cmdline, extra_qemu_args, *, xen=XEN, mem="4G",
                  smp=2, cpu=CPU, xen_cmdline=XEN_CMDLINE, dom0_mem="512M"):
    """The qemu-system-x86_64 argv booting kernel as Xen's PV dom0.

    cmdline is dom0's test command line; console= and earlyprintk= in it are
    dropped for dom0's own (hvc0).  extra_qemu_args go last.
    """
    if not os.path.exists(xen):
        raise RuntimeError(f"{os.path.relpath(xen, TOP)} missing: run guest/xen/mkoverlay")
    if " " in kernel:
        raise RuntimeError(f"{kernel}: Xen takes the first word of a module as its name")
    args = [a for a in cmdline.split() if not a.startswith(("console=", "earlyprintk="))]
    dom0 = " ".join([DOM0_CMDLINE] + [a for a in args if a != "panic=-1"])
    return ["qemu-system-x86_64", "-accel", "tcg", "-cpu", cpu, "-smp", str(smp),
            "-m", mem, "-nodefaults", "-display", "none", "-serial", "stdio",
            "-no-reboot",
            "-kernel", xen, "-append", xen_cmdline.format(dom0_mem),
            "-initrd", _module(f"{kernel} {dom0}") + "," + _module(initrd),
            ] + list(extra_qemu_args)


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import boot  # host/boot.py

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", help="default: out/initramfs-KERNEL.cpio.gz")
    ap.add_argument("--scenario", default="xen-dom0")
    ap.add_argument("--append", default="", help="more dom0 command line")
    ap.add_argument("--mem", default="4G",
                    help="the machine's memory; above 4G Xen does not scrub it at boot")
    ap.add_argument("--dom0-mem", default="512M", help="dom0's memory at boot")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--quiet", action="store_true", help="do not copy the console to stdout")
    opts = ap.parse_args()
    name = os.path.basename(opts.kernel)
    tag = name[len("bzImage-"):] if name.startswith("bzImage-") else "patched"
    initrd = opts.initrd or os.path.join(TOP, "out", f"initramfs-{tag}.cpio.gz")
    run_dir = os.path.join(TOP, "out", "runs", f"{opts.scenario}-{tag}")
    xen_cmdline = XEN_CMDLINE if opts.mem == "4G" else XEN_CMDLINE + " bootscrub=0"
    argv = xen_qemu_argv(opts.kernel, initrd,
                         f"mhp.scenario={opts.scenario} {opts.append}", [],
                         mem=opts.mem, xen_cmdline=xen_cmdline,
                         dom0_mem=opts.dom0_mem)
    print(f"xen: booting {opts.scenario} on {name} under Xen "
          f"(timeout {opts.timeout:.0f}s, log {os.path.relpath(run_dir, TOP)}/console.log)",
          flush=True)
    outcome, elapsed = boot.boot(argv, opts.timeout, run_dir)
    if not opts.quiet:
        with open(os.path.join(run_dir, "console.log"), errors="replace") as f:
            sys.stdout.write(re.sub(r"\r+\n", "\n", f.read()))
    print(f"xen: {outcome} ({elapsed:.0f}s)")
    sys.exit(0 if outcome == "done rc=0" else 1)


if __name__ == "__main__":
    main()
