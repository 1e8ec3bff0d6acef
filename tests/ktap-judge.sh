#!/bin/sh
# host/ktap.py's splat detection: a boot that injects faults on purpose
# (silent-faults) may print the injector's stack traces, and nothing else;
# any other boot fails on any stack trace but those of the base kernel's
# own known warnings (ktap.KNOWN).  Prints KTAP.
cd "$(dirname "$0")/../host" || exit 1
exec python3 - <<'PY'
import ktap

INJ = "[1] FAULT_INJECTION: forcing a failure.\n[2] name failslab\n[3] Call Trace:\n"
REPORT = "[4] sh: vmalloc error: size 4096\n[5] Call Trace:\n"
KTAP = "mhp-guest: scenario 'x'\n1..1\nok 1 x\n"
WARN = "[6] WARNING: CPU: 0 PID: 1 at mm/x.c:1 f+0x0/0x1\n[7] Call Trace:\n"
KNOWN = ("[10] WARNING: ../linux/include/linux/pgtable.h:362 at "
         "xen_end_context_switch+0x37/0x43, CPU#0: swapper/0/0\n[11] Call Trace:\n")
cases = [
    ("an injected fault's trace passes where faults are injected",
     ktap.kernel_errors(INJ + REPORT, True) == []),
    ("the same trace fails any other boot",
     len(ktap.kernel_errors(INJ + REPORT)) == 2),
    ("a WARNING after an injected fault still fails",
     ktap.kernel_errors(INJ + WARN, True) ==
     ["[6] WARNING: CPU: 0 PID: 1 at mm/x.c:1 f+0x0/0x1", "[7] Call Trace:"]),
    ("a second trace after one report fails",
     ktap.kernel_errors(INJ + "[8] Call Trace:\n", True) == ["[8] Call Trace:"]),
    ("a passing boot with injected faults passes",
     ktap.judge(KTAP + INJ + REPORT, "done rc=0", True)[0] == ("boot", True, "")),
    ("the same boot with a panic line fails on it",
     ktap.judge(KTAP + INJ + "[9] Kernel panic - not syncing\n", "done rc=0", True)[0]
     == ("boot", False, "kernel: [9] Kernel panic - not syncing")),
    ("a known warning of the base and its trace pass, and the boot says so",
     ktap.judge(KTAP + KNOWN, "done rc=0")[0] ==
     ("boot", True, "known: " + ktap.KNOWN[0][1])),
    ("any other warning after a known one still fails",
     ktap.kernel_errors(KNOWN + WARN) ==
     ["[6] WARNING: CPU: 0 PID: 1 at mm/x.c:1 f+0x0/0x1", "[7] Call Trace:"]),
    ("the known warning's text elsewhere is no pass",
     len(ktap.kernel_errors("[1] WARNING: ../linux/include/linux/pgtable.h:362 at "
                            "xen_set_pte+0x37/0x43\n[2] Call Trace:\n")) == 2),
]
print("TAP version 13")
print(f"1..{len(cases)}")
for i, (name, ok) in enumerate(cases, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}")
raise SystemExit(0 if all(ok for _, ok in cases) else 1)
PY
