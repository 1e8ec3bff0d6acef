#!/usr/bin/env python3
"""Boot one QEMU guest under a timeout and record what happened.

    host/boot.py [--timeout S] RUN_DIR -- qemu-system-x86_64 ARGS...

The argv must send the guest console to stdout (-serial stdio, or
-nographic); boot() adds -no-reboot and a QMP socket.  Kernel command lines
are the caller's business and must carry panic=-1 (host/run.py sees to it).

RUN_DIR receives:
    cmdline      the exact QEMU command, shell-quoted, one line
    console.log  everything the guest printed, as it arrived
    host.log     every mhp-host request and what the host did about it
    outcome      "done rc=N", "timeout", "panic", "no done line (qemu
                 exit N)" or "host request failed: ..."; then the boot's
                 time ("123s") and QEMU's CPU time ("150s cpu")

Host requests: while the guest runs, a console line

    mhp-host: VERB ARGS...

makes the host run VERBS[VERB](qmp, *ARGS) through QMP.  The guest polls for
the effect itself; nothing is sent back.  A verb is a small function below;
add one to VERBS to give scenarios a new lever.
"""

import json
import os
import queue
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

DONE = re.compile(r"mhp-guest: done rc=(-?\d+)")
REQUEST = re.compile(r"mhp-host: (\S+)(.*)")
PANIC = re.compile(r"Kernel panic - not syncing")
GRACE = 30  # seconds QEMU gets to power off after the done line


class QMP:
    """A minimal QMP client on a unix socket."""

    def __init__(self, path, timeout=30):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.file = self.sock.makefile("rw")
        self._read()  # greeting
        self.cmd("qmp_capabilities")

    def _read(self):
        while True:
            msg = json.loads(self.file.readline())
            if "event" not in msg:
                return msg

    def cmd(self, name, **args):
        self.file.write(json.dumps({"execute": name, "arguments": args}) + "\n")
        self.file.flush()
        reply = self._read()
        if "error" in reply:
            raise RuntimeError(f"{name}: {reply['error'].get('desc', reply['error'])}")
        return reply.get("return")

    def close(self):
        self.sock.close()


def size(text):
    """'256M' -> 268435456; plain numbers are bytes."""
    m = re.fullmatch(r"(\d+)([KMGT]?)", text)
    if not m:
        raise ValueError(f"not a size: {text}")
    return int(m.group(1)) << (10 * " KMGT".index(m.group(2) or " "))


def dimm_add(qmp, dimm_id, dimm_size, addr=None):
    """dimm-add ID SIZE [ADDR]: a memory-backend-ram mem-ID plugged as pc-dimm
    ID, at guest-physical ADDR (0x...) if given."""
    qmp.cmd("object-add", **{"qom-type": "memory-backend-ram", "id": f"mem-{dimm_id}",
                             "size": size(dimm_size)})
    where = {"addr": int(addr, 0)} if addr else {}
    qmp.cmd("device_add", driver="pc-dimm", id=dimm_id, memdev=f"mem-{dimm_id}", **where)


def dimm_del(qmp, dimm_id):
    """dimm-del ID: ask the guest to eject pc-dimm ID (ACPI); does not wait."""
    qmp.cmd("device_del", id=dimm_id)


def qom_set(qmp, path, prop, value):
    """qom-set PATH PROP VALUE: VALUE is a size (512M), a number or a word."""
    try:
        value = size(value)
    except ValueError:
        value = {"true": True, "false": False}.get(value, value)
    qmp.cmd("qom-set", path=path, property=prop, value=value)


VERBS = {
    "dimm-add": dimm_add,
    "dimm-del": dimm_del,
    "qom-set": qom_set,
}


def _reader(stream, lines):
    for raw in iter(stream.readline, b""):
        lines.put(raw)
    lines.put(None)


def boot(argv, timeout, run_dir, echo=False):
    """Run QEMU argv for at most timeout seconds; return (outcome, seconds).

    With echo, the console is also copied to stdout as it arrives."""
    os.makedirs(run_dir, exist_ok=True)
    sockdir = tempfile.mkdtemp(prefix="mhp-qmp-")
    qmp_path = os.path.join(sockdir, "qmp.sock")
    argv = list(argv)
    if "-no-reboot" not in argv:
        argv.append("-no-reboot")
    argv += ["-qmp", f"unix:{qmp_path},server=on,wait=off"]
    with open(os.path.join(run_dir, "cmdline"), "w") as f:
        f.write(shlex.join(argv) + "\n")

    console = open(os.path.join(run_dir, "console.log"), "wb")
    hostlog = open(os.path.join(run_dir, "host.log"), "w")
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    lines = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, lines), daemon=True).start()
    start = time.monotonic()
    deadline = start + timeout
    outcome = None
    done = panic = None
    qmp = None
    while True:
        try:
            raw = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            outcome = "timeout"
            break
        if raw is None:  # QEMU closed its output: it exited
            break
        console.write(raw)
        console.flush()
        if echo:
            sys.stdout.buffer.write(raw)
            sys.stdout.flush()
        line = raw.decode(errors="replace").rstrip("\r\n")
        if (m := DONE.search(line)):
            done = m.group(1)
            deadline = min(deadline, time.monotonic() + GRACE)
        elif PANIC.search(line):
            panic = True
        elif (m := REQUEST.search(line)):
            verb, args = m.group(1), m.group(2).split()
            t = time.monotonic() - start
            try:
                if verb not in VERBS:
                    raise RuntimeError(f"unknown verb {verb}")
                qmp = qmp or QMP(qmp_path)
                VERBS[verb](qmp, *args)
                hostlog.write(f"{t:7.1f}s {verb} {' '.join(args)}: ok\n")
            except Exception as e:  # noqa: BLE001 - any failure ends the boot
                hostlog.write(f"{t:7.1f}s {verb} {' '.join(args)}: {e}\n")
                outcome = f"host request failed: {verb}: {e}"
                break
            hostlog.flush()

    # Reaped with wait4() for QEMU's CPU time (TCG: the guest's vCPUs
    # emulated), which tells how busy the host was with the boot.  Killed
    # with os.kill(), not proc.kill(): that polls first and may reap QEMU
    # itself when it exits just then, and wait4() would find no child.
    # Until reaped here, the pid cannot be reused.
    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
    if pid == 0:
        os.kill(proc.pid, signal.SIGKILL)
        pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = rc = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    if qmp:
        qmp.close()
    try:
        os.unlink(qmp_path)
    except FileNotFoundError:
        pass
    os.rmdir(sockdir)
    elapsed = time.monotonic() - start
    if outcome is None or (outcome == "timeout" and done is not None):
        if panic:
            outcome = "panic"
        elif done is not None:
            outcome = f"done rc={done}"
        else:
            outcome = f"no done line (qemu exit {rc})"
    elif outcome == "timeout" and panic:
        outcome = "panic"
    console.close()
    hostlog.close()
    with open(os.path.join(run_dir, "outcome"), "w") as f:
        f.write(f"{outcome}\n{elapsed:.0f}s\n{cpu:.0f}s cpu\n")
    return outcome, elapsed


def main():
    args = sys.argv[1:]
    timeout = 600
    if args[:1] == ["--timeout"]:
        timeout, args = float(args[1]), args[2:]
    if len(args) < 3 or args[1] != "--":
        sys.exit(__doc__)
    outcome, elapsed = boot(args[2:], timeout, args[0])
    print(f"{outcome} ({elapsed:.0f}s)")
    sys.exit(0 if outcome == "done rc=0" else 1)


if __name__ == "__main__":
    main()
