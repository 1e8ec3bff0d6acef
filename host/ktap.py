"""Judge one boot from its console log: the guest's KTAP cases plus a
"boot" case for everything around them.

Only the top level of the KTAP printed after the guest's "mhp-guest:
scenario" line is read (the kernel's own KUnit output comes before it).
A "# SKIP" result counts as a failure here: a check that did not run did
not pass.
"""

import re

START = re.compile(r"mhp-guest: scenario ")
PLAN = re.compile(r"^1\.\.(\d+)")
RESULT = re.compile(r"^(ok|not ok) (\d+)\s*(?:- )?([^#]*?)\s*(?:#\s*(.*))?$")
# Kernel splats; lockdep's other reports and hung tasks start with "INFO: ".
KERNEL_ERRORS = re.compile(
    r"BUG:|WARNING:|possible circular locking|(^|\] )INFO: |KASAN:|Oops|"
    r"Kernel panic|general protection fault|Call Trace:")


def parse(log):
    """KTAP cases in log: (plan or None, [(name, status, note)])."""
    plan, cases, started = None, [], False
    for line in log.splitlines():
        line = line.rstrip("\r")
        if START.search(line):
            plan, cases, started = None, [], True
            continue
        if not started:
            continue
        if (m := PLAN.match(line)):
            plan = int(m.group(1))
        elif (m := RESULT.match(line)):
            ok, name, directive = m.group(1) == "ok", m.group(3), m.group(4) or ""
            if directive.upper().startswith("SKIP"):
                status = "skip"
            else:
                status = "pass" if ok else "fail"
            cases.append((name or f"case {m.group(2)}", status, directive))
    return plan, cases


def harness_problems(log, outcome):
    """What went wrong with the boot itself, whatever the kernel did: no
    done line (timeout, panic, QEMU exit), no plan, missing results."""
    plan, cases = parse(log)
    problems = []
    if not outcome.startswith("done rc="):
        problems.append(outcome)
    if plan is None:
        problems.append("no KTAP plan")
    elif plan != len(cases):
        problems.append(f"KTAP plan 1..{plan} but {len(cases)} results")
    return problems


def judge(log, outcome):
    """All cases of one boot: [(name, passed, note)], the boot case first."""
    plan, cases = parse(log)
    problems = []
    if outcome != "done rc=0":
        problems.append(outcome)
    errors = [l.strip() for l in log.splitlines() if KERNEL_ERRORS.search(l)]
    if errors:
        problems.append(f"kernel: {errors[0]}" + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""))
    if plan is None:
        problems.append("no KTAP plan")
    elif plan != len(cases):
        problems.append(f"KTAP plan 1..{plan} but {len(cases)} results")
    results = [("boot", not problems, "; ".join(problems))]
    results += [(name, status == "pass", "skipped" if status == "skip" else note)
                for name, status, note in cases]
    return results
