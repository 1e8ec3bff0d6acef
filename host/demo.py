#!/usr/bin/env python3
"""The demonstration: the Xen balloon grows dom0 without onlining anything.

    host/demo.py [-k patched,base]

Boots Xen 4.17 with out/bzImage as PV dom0 of 1536 MiB for the watermarks
to compare with (xen-wmark-ref, a few seconds), then as PV dom0 of 512 MiB
running the xen-balloon scenario with its console on the terminal (xl mem-max/mem-set 0 1536 and
the per-second timeline of MemTotal, current_kb and memory blocks), then
the same on out/bzImage-base, then prints the two side by side.  Dom0
boots with memhp_default_state=offline: nobody onlines memory blocks.
Exits non-zero if a case failed on the series' kernel; the base kernel's
result is shown, not judged (run.py's record=).
"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402

SCENARIO = "xen-balloon"
LABEL = {"patched": "out/bzImage", "base": "out/bzImage-base"}
RESULT = re.compile(r"^# result (\w+) (.*)$")


def facts(kernel):
    """The '# result' and '# before:' lines of the last boot, as a dict."""
    path = os.path.join(run.OUT, "runs", f"{SCENARIO}-{kernel}", "console.log")
    got = {}
    if not os.path.exists(path):
        return got
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if (m := RESULT.match(line)):
                for kv in m.group(2).split():
                    k, _, v = kv.partition("=")
                    got[f"{m.group(1)}.{k}"] = v
            elif line.startswith("# timeline "):
                got["timeline.last"] = line[len("# timeline "):]
    return got


def summary(kernels, results):
    def cell(k):
        f, res = facts(k), results[k]
        if len(res) <= 1:
            return dict(cases=f"not run: {res[0][2] if res else '?'}")
        reached = f.get("grow.reached") == "1"
        grow = (f"{f['grow.seconds']} s" if reached else
                f"not reached ({f.get('grow.seconds', '?')} s)")
        mt = (f"{int(f['memtotal.before']) // 1024} -> {int(f['memtotal.after']) // 1024} MiB"
              if "memtotal.after" in f else "?")
        cur = (f"{int(f['memtotal.current_before']) // 1024} -> "
               f"{int(f['memtotal.current_after']) // 1024} MiB"
               if "memtotal.current_after" in f else "?")
        blocks = (f"{f['blocks.before']} -> {f['blocks.after']}"
                  if "blocks.after" in f else "?")
        cases = f"{sum(ok for _, ok, _ in res[1:])}/{len(res) - 1} ok"
        if not res[0][2].startswith("done rc=") and not res[0][1]:
            cases += f" (boot: {res[0][2]})"
        return dict(grow=grow, memtotal=mt, current=cur, blocks=blocks, cases=cases)

    rows = [("time to 1536 MiB", "grow"), ("MemTotal", "memtotal"),
            ("current_kb", "current"), ("memory blocks", "blocks"),
            ("cases", "cases")]
    cells = {k: cell(k) for k in kernels}
    head = "dom0 512 -> 1536 MiB"
    w0 = max(len(r) for r, _ in rows + [(head, "")]) + 2
    w = {k: max([len(LABEL[k])] + [len(v) for v in cells[k].values()]) + 2 for k in kernels}
    print("\n" + head.ljust(w0) + "".join(LABEL[k].ljust(w[k]) for k in kernels))
    for title, key in rows:
        print(title.ljust(w0) + "".join(cells[k].get(key, "").ljust(w[k]) for k in kernels))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-k", "--kernels", default="patched,base")
    opts = ap.parse_args()
    kernels = opts.kernels.split(",")
    results = {}
    for k in kernels:
        # The watermarks are compared with a dom0 booted with 1536 MiB on
        # the same kernel: boot that reference afresh, in a few seconds.
        ref = run.SCENARIOS[SCENARIO]["ref"]
        print(f"\ndemo: {LABEL[k]}: {ref}, dom0 booted with 1536 MiB, for its watermarks",
              flush=True)
        run.run_boot(ref, k)
        print(f"\ndemo: Xen 4.17, {LABEL[k]} as PV dom0 with 512 MiB, memory auto-online off;"
              f" xl mem-max 0 1536; xl mem-set 0 1536", flush=True)
        results[k], _ = run.run_boot(SCENARIO, k, echo=True)
        if len(results[k]) == 1 and not results[k][0][1]:
            print(f"demo: not run: {results[k][0][2]}", flush=True)
    summary(kernels, results)
    # the boot case fails whenever a case does (exit 1): name it only for
    # boot problems of its own
    bad = [n for n, ok, note in results.get("patched", [])
           if not ok and not (n == "boot" and re.fullmatch(r"done rc=\d+", note))]
    if "patched" in results and bad:
        print(f"\ndemo: out/bzImage failed: {', '.join(bad)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
