#!/usr/bin/env python3
"""Run scenarios on kernels and print one table.

    host/run.py [--soak] [-s SCENARIO,...] [-k KERNEL,...] [-j N] [--self-tests] [--console]

A scenario is a guest script (guest/scenarios/NAME) plus the boot options
in SCENARIOS below, as with rcutorture's kvm.sh.  Every boot goes through
host/boot.py into out/runs/NAME-KERNEL/.  Without arguments (make test),
every scenario of make test runs in its short form on the series kernel
and the harness self-tests (tests/*.sh) run too, after the boots, of which
-j run at once (JOBS, below).  --soak (make soak) runs
the long forms instead, on the series, the debug kernels and the base:
50 balloon cycles, 20 race rounds, stress-ng for 90 s, the fault sweep
under KASAN, and the base's expected results, among them the bugs that
the fixes at the front of the series describe (base_bug=).  --console also shows each guest console as it runs.  Ends
with "N passed, N failed"; exits non-zero if anything failed.

A scenario may name kernels whose result is recorded rather than judged
(record=): the base kernel's Xen balloon is expected to stall, and what it
did is the point.  Such a boot shows as "REC good/total" with the reasons
and the tail of its timeline, and only its harness side counts: it must
finish, print its plan and every result (ktap.harness_problems()).
"""

import argparse
import concurrent.futures
import glob
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import boot  # noqa: E402
import ktap  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(TOP, "out")

# Xen's CPU for HVM and PVH guests: SVM with nested paging (xen.CPU and more).
CPU_XEN_HVM = "qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt,+svm,+npt"

QEMU = ["qemu-system-x86_64", "-accel", "tcg",
        # plain qemu64 lacks what Debian's busybox-static needs
        "-cpu", "qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt", "-smp", "2",
        "-nodefaults", "-display", "none", "-serial", "stdio"]



def numa2(total_gib, cpuless_node1=False):
    """QEMU options for two NUMA nodes, half the memory each, and a CPU
    each, or both CPUs on node 0 (cpuless_node1)."""
    half = f"{total_gib * 512}M"
    if cpuless_node1:
        args = ["-m", f"{total_gib}G", "-smp", "2"]
        cpus = (",cpus=0-1", "")
    else:
        # A socket per node: CPUs sharing a cache across nodes make x86 WARN.
        args = ["-m", f"{total_gib}G", "-smp", "2,sockets=2,cores=1,threads=1"]
        cpus = (",cpus=0", ",cpus=1")
    for n in (0, 1):
        args += ["-object", f"memory-backend-ram,id=node{n}m,size={half}",
                 "-numa", f"node,nodeid={n}{cpus[n]},memdev=node{n}m"]
    return args


# The page allocator's own checks: built into every kernel
# (kconfig/debug.config), off unless the command line asks for them.
PAGE_ALLOC_CHECKS = "debug_pagealloc=on page_poison=on"

VIRTIO_MEM = ["-m", "2G,slots=2,maxmem=5G",
              "-object", "memory-backend-ram,id=vmem0m,size=1G",
              "-device", "virtio-mem-pci,id=vmem0,memdev=vmem0m,requested-size=0,"
              "block-size=2M"]


# name: front end, QEMU options, extra kernel command line, timeout (s),
# and optionally:
#   kernels=   the kernels make test runs it on (DEFAULT_KERNELS, base and
#              series, if not named);
#   test=      what make test adds to the command line: the short form of a
#              long scenario (mhp.cycles=, mhp.rounds=), and on the series
#              kernel the page allocator's checks that are built into both
#              kernels but off unless asked for (debug_pagealloc=on
#              page_poison=on);
#   soak=      the long form, for make soak: dict(kernels=..., append=...),
#              the kernels it runs on there and what it adds to the command
#              line instead of test=;
#   default=False  not in make test (make soak, or when named with -s);
#   record=    kernels whose result is recorded rather than judged;
#   initrd_suffix=  another initrd (initramfs-KERNEL<initrd_suffix>.cpio.gz);
#   base_bug=  dict(signs=[(what, regex), ...], panics=bool): on the base
#              kernel the scenario reproduces the bug that a fix at the front
#              of the series describes, and that boot is judged by it: each
#              regex must match its console.  With panics=True the bug ends
#              the boot in a panic (an oops: the boot gets oops=panic; or the
#              OOM killer with nothing left to kill), which it must.
#              Otherwise the boot must finish, and its KTAP cases count as
#              usual, the bug's own case an expected failure (XFAIL,
#              ktap_fix_result in guest/mhp-lib.sh); the splat the signs
#              match is what the boot is for, not a failure.
# Boots take 10-40 s under TCG here; a timeout is several times that.
# make test must fit in CI from a cold start: what catches a mutant
# (tests/mutants/RESULTS.md) runs there, the repetitions and the KASAN and
# debug-object kernels run in make soak.
SCENARIOS = {
    # Upstream's mem-on-off-test.sh (the kselftest scenario runs it too).
    "mem-on-off": dict(front="qemu", qemu=numa2(2), append="movablecore=50%",
                       timeout=300, default=False,
                       soak=dict(kernels=("patched", "base"))),
    "acpi-dimm": dict(front="qemu", qemu=["-m", "1G,slots=4,maxmem=4G"], append="",
                      timeout=180, default=False,
                      soak=dict(kernels=("patched", "base"))),
    # virtio-mem in subblock mode (2 MiB device blocks), then in big block
    # mode; [1.25 GiB, 2 GiB) is RAM the kernel does not use, for a silent
    # owner beside the device.
    # The base: a poisoned fake-offline page leaves the emptied
    # ZONE_MOVABLE's managed pages at -1, its lowmem_reserve huge, and the
    # OOM killer panics with memory free (patch 1).
    "virtio-mem": dict(front="qemu", qemu=VIRTIO_MEM, append="mem=1280M",
                       timeout=400, soak=dict(kernels=("base",)),
                       base_bug=dict(panics=True, signs=[
                           ("ZONE_MOVABLE's managed pages below 0: a huge lowmem_reserve",
                            r"lowmem_reserve\[\]: 0 0 7205759403792793\d"),
                           ("the OOM killer's panic with memory free",
                            r"System is deadlocked on memory")])),
    "virtio-mem-bbm": dict(front="qemu", qemu=VIRTIO_MEM,
                           append="mem=1280M virtio_mem.force_bbm=1", timeout=400,
                           default=False, soak=dict(kernels=("patched", "base"))),
    # Memory removed from the top of ZONE_MOVABLE while compaction runs
    # (virtio-mem in big block mode): 2 rounds in make test, 20 in make
    # soak.  The base oopses in its first round, in the free scanner, as
    # patch 7 describes.
    "compact-remove": dict(front="qemu", qemu=VIRTIO_MEM,
                           append="mem=1280M virtio_mem.force_bbm=1",
                           timeout=600, test="mhp.rounds=2",
                           base_bug=dict(panics=True, signs=[
                               ("oops", r"BUG: unable to handle page fault|"
                                        r"general protection fault"),
                               ("in compaction's free scanner",
                                r"\b(compaction_alloc|isolate_freepages)")]),
                           soak=dict(kernels=("patched", "debug", "base"),
                                     append="mhp.rounds=20")),
    # /sys/devices/system/memory/probe of RAM beyond mem=, every allocation
    # up to the first page table of its direct map failing in turn: clean
    # failures, -ENOMEM.  The base oopses on the NULL page table (patch 5).
    "probe-faults": dict(front="qemu", qemu=["-m", "2G"],
                         append="mem=1024M", timeout=600, injected=True,
                         soak=dict(kernels=("base",)),
                         base_bug=dict(panics=True, signs=[
                             ("oops on the NULL page table",
                              r"RIP: \S+:phys_p[tmu]d_init")])),
    # And a domU created and destroyed: the base's lockdep report of
    # gntdev's lock inversion (patch 2).
    "xen-dom0": dict(front="xen", qemu=[], append="", timeout=600,
                     initrd_suffix="-domu", soak=dict(kernels=("base",)),
                     base_bug=dict(signs=[
                         ("lockdep: circular locking dependency",
                          r"possible circular locking dependency detected"),
                         ("gntdev's priv->lock under mmap_lock",
                          r"gntdev_mmap")])),
    # The watermarks of a dom0 booted with 1536 MiB, for xen-balloon.
    "xen-wmark-ref": dict(front="xen", qemu=[], append="", timeout=600,
                          front_args=dict(dom0_mem="1536M"),
                          soak=dict(kernels=("patched", "debug-xen"))),
    # dom0 grows 512 MiB -> 1536 MiB through xenstore with auto-online off,
    # and compares its watermarks with xen-wmark-ref's (ref=).
    # The base kernel stalls with offline blocks: make demo shows it side by
    # side with the series, so make test spends no time on it.
    # 2 cycles of 128 MiB down and up in make test, 50 in make soak.
    "xen-balloon": dict(front="xen", qemu=[], append="memhp_default_state=offline",
                        timeout=900, kernels=("patched",), record=("base",),
                        ref="xen-wmark-ref", test="mhp.cycles=2",
                        soak=dict(kernels=("patched", "debug-xen"),
                                  append="mhp.cycles=50")),
    # The smoke form of bench/xen-growth.sh: dom0 grows +256 MiB with
    # auto-online off, sampled every 0.1 s (base: recorded in make soak, it
    # stalls).  page_owner=off, as in the benchmark: it measures what the
    # growth takes from the domain, and page_ext would take 22 MiB per GiB.
    "xen-grow": dict(front="xen", qemu=[],
                     append="mhp.grow=256 memhp_default_state=offline page_owner=off",
                     timeout=600, kernels=("patched",), record=("base",),
                     soak=dict(kernels=("debug-xen", "base"))),
    # Every allocation of a balloon growth in dom0 fails once, in turn
    # (fail-nth on the balloon thread, then on its add-ahead worker): the
    # books balance after each, and the growth arrives.  Each attempt adds
    # a section, hence the 10 GiB machine.  debug-xen in make soak.
    "xen-balloon-faults": dict(front="xen", qemu=[], append="memhp_default_state=offline",
                               timeout=1500, kernels=("patched",), injected=True,
                               front_args=dict(mem="10G"),
                               soak=dict(kernels=("debug-xen",))),
    # dom0 grows 512 MiB -> 1536 (make soak: 2560) and back with auto-online
    # off: every chunk the balloon hot-added is given back, free memory as
    # before; cycles of +1 GiB without drift (2; make soak: 10), a target
    # raised during a removal, a removal among pfn walkers.  The base kernel
    # stalls with offline blocks: recorded in make soak.
    # Hot-added memory in ZONE_MOVABLE, as an administrator who wants it
    # given back sets it: in the kernel zone, unmovable allocations keep
    # chunks (README, xen-giveback).
    "xen-giveback": dict(front="xen", qemu=[],
                         append="memhp_default_state=offline "
                                "memory_hotplug.online_policy=auto-movable "
                                "memory_hotplug.auto_movable_ratio=500",
                         timeout=1500, kernels=("patched",), record=("base",),
                         test="mhp.high=1536 mhp.cycles=2",
                         soak=dict(kernels=("patched", "debug-xen", "base"),
                                   append="mhp.high=2560 mhp.cycles=10")),
    # dom0 creates a PV domU of the same kernel (initrd-KERNEL-domu carries
    # it) and grows it 512 MiB -> 1536 MiB; the domU reports on its console.
    # The base, whose domU stalls, is recorded.  make soak only: no mutant
    # needs it (xen-domu-save grows a PV domU in make test).
    "xen-domu": dict(front="xen", qemu=[], append="", timeout=600,
                     initrd_suffix="-domu", record=("base",), default=False,
                     soak=dict(kernels=("patched", "base"))),
    # dom0 saves the PV domU to a file and restores it in the middle of a
    # growth into its boot maximum (256 MiB -> 768) and, in make soak, of
    # one beyond it, by hot-add (-> 1280): it reaches each target with its
    # data intact, and all its memory is usable.  The base kernel, with
    # auto-online, in make soak: recorded.  dom0 holds the saved image in a
    # tmpfs, hence its 2.5 GiB.
    # The domU keeps the memmap of what it adds in its own memory
    # (mhp.domu_unpop=1): with it on the added memory, the domU crashes
    # after a restore mid-growth (xen-domu-save-memmap, below).
    "xen-domu-save": dict(front="xen", qemu=[], append="mhp.domu_save=1 mhp.domu_unpop=1",
                          timeout=1200, initrd_suffix="-domu", kernels=("patched",),
                          record=("base",), front_args=dict(mem="6G", dom0_mem="2560M"),
                          test="mhp.domu_rounds=1",
                          soak=dict(kernels=("patched", "base"))),
    # The same with the series' default, the memmap on the added memory: a
    # known bug, not in make test or make soak (README, "Known bugs"): after
    # a restore mid-growth the vmemmap of the chunks added just before the
    # save is unmapped and the domU oopses.  Run it with -s to reproduce.
    "xen-domu-save-memmap": dict(front="xen", qemu=[], append="mhp.domu_save=1",
                                 timeout=1200, initrd_suffix="-domu", kernels=("patched",),
                                 front_args=dict(mem="6G", dom0_mem="2560M"),
                                 default=False),
    # The same with a PVH domU: Xen needs SVM with nested paging for it
    # (Debian's Xen has no shadow paging), which TCG emulates, slowly.  Not
    # in the default set (only when named with -s): the domU's boot stalls
    # for minutes in some runs under TCG, so it would make make test flaky.
    "xen-domu-pvh": dict(front="xen", qemu=[], append="mhp.domu=pvh", timeout=900,
                         initrd_suffix="-domu", record=("base",),
                         front_args=dict(cpu=CPU_XEN_HVM), default=False),
    # The series' kselftest; [1.25 GiB, 2 GiB) is RAM the kernel does not
    # use, on the second of two nodes.
    "silent-hotplug": dict(front="qemu", qemu=numa2(2), append="mem=1280M",
                           timeout=600, kernels=("patched",),
                           soak=dict(kernels=("debug",))),
    # The memory-hotplug selftests the upstream way: installed by make -C
    # tools/testing/selftests install, run by run_kselftest.sh, in a guest
    # booted without mem=: silent-hotplug.sh borrows 640 MiB of ZONE_NORMAL
    # (QEMU puts 3 of the 6 GiB above 4 GiB) and returns it at the end.
    "kselftest": dict(front="qemu", qemu=["-m", "6G"], append="", timeout=900,
                      kernels=("patched",)),
    # The same on a CPU without PSE, as in a Xen PV domain: the vmemmap in
    # 4 KiB pages, from the range itself for MHP_MEMMAP_ON_MEMORY.
    "silent-hotplug-4k": dict(front="qemu", qemu=numa2(2),
                              append="mem=1280M clearcpuid=pse",
                              timeout=300, kernels=("patched",)),
    # pfn walkers and compaction race with silent add, online and removal;
    # soft/hard offline of silent pages.  silent-hotplug's guest.  5 rounds
    # with debug_pagealloc in make test, 20 in make soak.
    "silent-race": dict(front="qemu", qemu=numa2(2), append="mem=1280M",
                        timeout=900, kernels=("patched",), default=False,
                        test=f"mhp.rounds=5 {PAGE_ALLOC_CHECKS}",
                        soak=dict(kernels=("patched", "debug"),
                                  append="mhp.rounds=20")),
    # Every allocation of silent add, owner onlining and removal fails once,
    # in turn (fail-nth); every kernel has the fault injectors
    # (kconfig/debug.config).  The stack traces of the injected faults'
    # reports are expected (injected=).  The whole sweep in both; make soak
    # runs it under KASAN.
    "silent-faults": dict(front="qemu", qemu=numa2(2), append="mem=1280M",
                          timeout=1200, kernels=("patched",), injected=True,
                          test=PAGE_ALLOC_CHECKS, soak=dict(kernels=("debug",))),
    # Silent memory that brings a node its first memory: node 1 has no CPU
    # and mem= leaves its RAM unused, so it is offline at boot.  Who hears
    # of the add and removal in which order, refusals by the owner, the
    # node and the memory notifier, and the fail-nth sweep of such an add
    # (node registration and its rollback), with the page allocator's
    # checks; under KASAN in make soak.
    "silent-node": dict(front="qemu", qemu=numa2(2, cpuless_node1=True), append="mem=1024M",
                        timeout=900, kernels=("patched",), injected=True,
                        test=PAGE_ALLOC_CHECKS, soak=dict(kernels=("debug",))),
    # Debian's stress-ng offlines and onlines memory blocks under memory
    # pressure while silent memory and a virtio-mem device come and go
    # (virtio-mem's guest), and in dom0 while the balloon grows and shrinks.
    # make soak only: 90 s of stress-ng each (mhp.stress_s=), no mutant
    # needs them; named with -s, 20 s on the series kernel.
    "stress-silent": dict(front="qemu", qemu=VIRTIO_MEM, append="mem=1280M",
                          timeout=600, initrd_suffix="-stress",
                          kernels=("patched",), default=False,
                          test="mhp.stress_s=20",
                          soak=dict(kernels=("patched", "debug"),
                                    append="mhp.stress_s=90")),
    "stress-xen": dict(front="xen", qemu=[], append="memhp_default_state=offline",
                       timeout=600, initrd_suffix="-stress",
                       kernels=("patched",), default=False,
                       test="mhp.stress_s=20",
                       soak=dict(kernels=("patched", "debug-xen"),
                                 append="mhp.stress_s=90")),
    # Silent memory is section-aligned even where memory blocks are 2 GiB:
    # x86 picks those for guests whose RAM ends at 64 GiB.  QEMU allocates
    # guest RAM lazily (reserve=off: no commit charge for all of it); the
    # guest touches about 1 GiB of it, its memmap.
    "silent-bigblock": dict(front="qemu", qemu=[
        "-m", "63G", "-object", "memory-backend-ram,id=ram0,size=63G,reserve=off",
        "-machine", "memory-backend=ram0"], append="",
                            timeout=300, kernels=("patched",)),
}

KERNELS = {
    "base": ("bzImage-base", "initramfs-base.cpio.gz"),
    "patched": ("bzImage", "initramfs-patched.cpio.gz"),
    # The series with KASAN, page poisoning, debug_pagealloc, debugobjects
    # and fault injection (kconfig/debug-kernel.config, kasan.config) ...
    "debug": ("bzImage-debug", "initramfs-debug.cpio.gz"),
    # ... and the same without KASAN, which Xen PV does not have.
    "debug-xen": ("bzImage-debug-xen", "initramfs-debug-xen.cpio.gz"),
}
# What each kernel's boots add to the command line.
KERNEL_APPEND = {"debug": PAGE_ALLOC_CHECKS, "debug-xen": PAGE_ALLOC_CHECKS}
# The kernels a scenario runs on in make test unless it names them
# (kernels=): the series only.  make test builds only out/bzImage; the
# base's runs (its expected results, base_bug=, and the comparisons) are
# in make soak, which builds every kernel.
DEFAULT_KERNELS = ("patched",)
# Boots at once.  QEMU's TCG keeps about one host CPU busy per boot on
# average (out/runs/*/outcome records its CPU time): two boots share the
# two CPUs of the machines this runs on.
JOBS = 2


def progress(line):
    """One line of progress, whole: boots run in threads (run_boots())."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def planned(scenario, soak):
    """The kernels scenario runs on, and what it adds to the command line."""
    sc = SCENARIOS[scenario]
    if soak:
        form = sc.get("soak")
        return (form["kernels"], form.get("append", "")) if form else ((), "")
    return sc.get("kernels", DEFAULT_KERNELS), sc.get("test", "")


def qemu_argv(kernel, initrd, cmdline, extra):
    return QEMU + ["-kernel", kernel, "-initrd", initrd,
                   "-append", f"console=ttyS0 {cmdline}"] + extra


def front_end(name):
    """The function that turns (kernel, initrd, cmdline, extra) into argv."""
    if name == "qemu":
        return qemu_argv
    try:
        import xen  # host/xen.py, the Xen 4.17 PV dom0 front end
    except ImportError as e:
        raise RuntimeError(f"xen front end missing ({e})") from e
    return xen.xen_qemu_argv


def reference(scenario, kernel):
    """' mhp.wmark_ref=MFK,MIN,LOW,HIGH' from scenario's last boot on kernel."""
    log = os.path.join(OUT, "runs", f"{scenario}-{kernel}", "console.log")
    try:
        with open(log, errors="replace") as f:
            m = re.search(r"# result wmark mfk=(\d+) min=(\d+) low=(\d+) high=(\d+)",
                          f.read())
    except FileNotFoundError:
        m = None
    return f" mhp.wmark_ref={','.join(m.groups())}" if m else ""


def run_boot(scenario, kernel, echo=False, soak=False):
    """Boot scenario on kernel; return [(case, passed, note)] and the time.
    soak: its long form (make soak) rather than make test's."""
    sc = SCENARIOS[scenario]
    image, initrd = (os.path.join(OUT, f) for f in KERNELS[kernel])
    if sc.get("initrd_suffix"):
        initrd = initrd.replace(".cpio.gz", f"{sc['initrd_suffix']}.cpio.gz")
    run_dir = os.path.join(OUT, "runs", f"{scenario}-{kernel}")
    for f in (image, initrd):
        if not os.path.exists(f):
            return [("boot", False, f"{os.path.relpath(f, TOP)} missing")], 0
    bug = sc.get("base_bug") if kernel == "base" else None
    # page_owner=on: page_ext (a memory notifier user) for every section.
    cmdline = " ".join(filter(None, (
        f"panic=-1 page_owner=on mhp.scenario={scenario}",
        KERNEL_APPEND.get(kernel, ""), sc["append"], planned(scenario, soak)[1],
        "oops=panic" if bug and bug.get("panics") else "")))
    if sc.get("ref"):
        if not reference(sc["ref"], kernel):
            # Its reference boot has not run on this kernel (a fresh
            # machine, make demo, -s without it): run it first.
            progress(f"run: {scenario} compares with {sc['ref']}, which has not run "
                     f"on {kernel}: booting it first")
            run_boot(sc["ref"], kernel, soak=soak)
        cmdline += reference(sc["ref"], kernel)
    try:
        argv = front_end(sc["front"])(image, initrd, cmdline, list(sc["qemu"]),
                                      **sc.get("front_args", {}))
    except RuntimeError as e:
        return [("boot", False, str(e))], 0
    progress(f"run: booting {scenario} on {kernel} (timeout {sc['timeout']}s, "
             f"log {os.path.relpath(run_dir, TOP)}/console.log)")
    outcome, elapsed = boot.boot(argv, sc["timeout"], run_dir, echo)
    with open(os.path.join(run_dir, "console.log"), errors="replace") as f:
        log = f.read()
    if bug:
        results = shows_bug(log, outcome, bug)
    else:
        results = ktap.judge(log, outcome, sc.get("injected", False))
    progress(f"run: {scenario} on {kernel}: {outcome}, {elapsed:.0f}s")
    return results, elapsed


def expected_seconds(scenario, kernel):
    """How long a boot took last time here (out/runs/.../outcome), or its
    timeout if it never ran: the longest boots start first."""
    try:
        with open(os.path.join(OUT, "runs", f"{scenario}-{kernel}", "outcome")) as f:
            return float(f.read().split("\n")[1].rstrip("s"))
    except (OSError, IndexError, ValueError):
        return SCENARIOS[scenario]["timeout"]


def run_boots(boots, jobs, echo, soak):
    """Run the (scenario, kernel) boots, up to jobs at once, the longest
    first; return {(scenario, kernel): (results, seconds)}.  A scenario
    that compares with a reference boot (ref=) waits until that boot, if it
    is among these, has finished."""
    pending = sorted(boots, key=lambda b: expected_seconds(*b), reverse=True)
    finished, running = {}, {}
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        while pending or running:
            for b in list(pending):
                ref = (SCENARIOS[b[0]].get("ref"), b[1])
                if len(running) == jobs or (ref in boots and ref not in finished):
                    continue
                pending.remove(b)
                running[pool.submit(run_boot, *b, echo, soak)] = b
            done, _ = concurrent.futures.wait(
                running, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                finished[running.pop(future)] = future.result()
    return finished


def shows_bug(log, outcome, bug):
    """A base_bug boot: it ended as the bug makes it end, showed each of
    the bug's signs, and, unless it panicked, passed its KTAP cases (the
    bug's own an expected failure)."""
    if bug.get("panics"):
        results = [("boot ends in the bug's panic", outcome == "panic", outcome)]
    else:
        problems = ktap.harness_problems(log, outcome)
        if outcome.startswith("done rc=") and outcome != "done rc=0":
            problems.append(outcome)
        results = [("boot, the bug's splat expected", not problems, "; ".join(problems))]
    for what, regex in bug["signs"]:
        m = re.search(regex, log, re.M)
        results.append((f"base shows: {what}", bool(m),
                        m.group(0).strip() if m else f"no /{regex}/ in the console"))
    if not bug.get("panics"):
        results += ktap.judge(log, outcome)[1:]
    return results


def recorded(scenario, kernel, results):
    """What a recorded boot did: its harness case and a few summary lines."""
    run_dir = os.path.join(OUT, "runs", f"{scenario}-{kernel}")
    with open(os.path.join(run_dir, "console.log"), errors="replace") as f:
        log = f.read()
    with open(os.path.join(run_dir, "outcome")) as f:
        outcome = f.readline().strip()
    problems = ktap.harness_problems(log, outcome)
    harness = ("harness", not problems, "; ".join(problems))
    good = sum(ok for _, ok, _ in results)
    lines = [f"{scenario} on {kernel}: REC {good}/{len(results)} ({outcome})"]
    lines += [f"  not ok {name}: {note or 'not ok'}"
              for name, ok, note in results[1:] if not ok]
    tail = [l.rstrip("\r") for l in log.splitlines()
            if l.startswith(("# timeline ", "# domu: timeline "))][-3:]
    lines += [f"  {l[2:]}" for l in tail]
    return harness, lines


def self_tests():
    results = []
    for script in sorted(glob.glob(os.path.join(TOP, "tests", "*.sh"))):
        name = os.path.basename(script)
        progress(f"run: self-test {name}")
        rc = subprocess.call(["sh", script], cwd=TOP)
        results.append((name, rc == 0, f"exit {rc}" if rc else ""))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--soak", action="store_true",
                    help="the long forms and the debug kernels (make soak)")
    ap.add_argument("-s", "--scenarios")
    ap.add_argument("-k", "--kernels")
    ap.add_argument("--self-tests", action="store_true")
    ap.add_argument("--console", action="store_true")
    ap.add_argument("-j", "--jobs", type=int, default=JOBS,
                    help=f"boots at once (default {JOBS}; 1 with --console)")
    opts = ap.parse_args()
    if opts.console:
        opts.jobs = 1
    if opts.soak:
        default = [n for n, sc in SCENARIOS.items() if sc.get("soak")]
    else:
        default = [n for n, sc in SCENARIOS.items() if sc.get("default", True)]
    scenarios = opts.scenarios.split(",") if opts.scenarios else default
    kernels = (opts.kernels.split(",") if opts.kernels else
               [k for k in KERNELS
                if any(k in planned(s, opts.soak)[0] for s in scenarios
                       if s in SCENARIOS)])
    for s in scenarios:
        if s not in SCENARIOS:
            ap.error(f"unknown scenario {s}; known: {', '.join(SCENARIOS)}")
    for k in kernels:
        if k not in KERNELS:
            ap.error(f"unknown kernel {k}; known: {', '.join(KERNELS)}")
    everything = not (opts.soak or opts.scenarios or opts.kernels)

    # A scenario and a kernel both named run even where make test would
    # not (-s compact-remove -k base: the base's oops).
    named = opts.scenarios and opts.kernels
    boots = [(s, k) for s in scenarios for k in kernels
             if k in planned(s, opts.soak)[0] or named]
    finished = run_boots(boots, opts.jobs, opts.console, opts.soak)
    cells, failures, passed, failed, records = {}, [], 0, 0, []
    for s in scenarios:
        for k in kernels:
            if (s, k) not in finished:
                cells[s, k] = "n/a"
                continue
            results, elapsed = finished[s, k]
            good = sum(ok for _, ok, _ in results)
            if k in SCENARIOS[s].get("record", ()) and len(results) > 1:
                (name, ok, note), lines = recorded(s, k, results)
                passed, failed = passed + ok, failed + (not ok)
                cells[s, k] = f"REC {good}/{len(results)} {elapsed:4.0f}s"
                records += lines
                if not ok:
                    failures.append(f"{s} on {k}: {name}: {note}")
                continue
            passed, failed = passed + good, failed + len(results) - good
            cells[s, k] = (f"{'PASS' if good == len(results) else 'FAIL'} "
                           f"{good}/{len(results)} {elapsed:4.0f}s")
            failures += [f"{s} on {k}: {name}: {note or 'not ok'}"
                         for name, ok, note in results if not ok]
    extra = self_tests() if opts.self_tests or everything else []
    for name, ok, note in extra:
        passed, failed = passed + ok, failed + (not ok)
        if not ok:
            failures.append(f"tests/{name}: {note}")

    width = max([len(s) for s in scenarios] +
                [len(f"tests/{name}") for name, _, _ in extra]) + 2
    print("\n" + "scenario".ljust(width) + "".join(k.ljust(20) for k in kernels))
    for s in scenarios:
        print(s.ljust(width) + "".join(cells[s, k].ljust(20) for k in kernels))
    for name, ok, _ in extra:
        print(f"tests/{name}".ljust(width) + ("PASS" if ok else "FAIL"))
    if records:
        print("\nrecorded, not counted (only their harness side is):")
        print("\n".join(f"  {r}" for r in records))
    if failures:
        print("\nfailed:")
        print("\n".join(f"  {f}" for f in failures))
    print(f"\n{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
