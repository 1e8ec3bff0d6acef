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
SPLATS = (r"BUG:|WARNING:|possible circular locking|(^|\] )INFO: |KASAN:|Oops|"
          r"Kernel panic|general protection fault")
KERNEL_ERRORS = re.compile(SPLATS + r"|Call Trace:")
SPLAT = re.compile(SPLATS)
# Warnings of the unmodified base kernel itself, with the reason; they are
# reported with the boot ("known: ..."), and the stack trace that follows
# each is its own.  Every other splat fails the boot.
KNOWN = (
    # 7.3.4, Xen PV with DEBUG_VM: xen_end_context_switch() resumes the lazy
    # MMU mode of a task that was never paused (a task's first switch-in:
    # its lazy_mmu_state is copied at fork from a running parent, whose
    # pause_count is 0), and the wrapped count warns again at its next
    # switch-out.  Both kernels, at boot; nothing of the series runs yet.
    (re.compile(r"WARNING: \S*include/linux/pgtable\.h:\d+ at "
                r"xen_(start|end)_context_switch\+"),
     "7.3 Xen PV lazy MMU pause count at a task's first switch (upstream)"),
)
# What a stack trace follows when a fault was injected on purpose: the fault
# injector's report, and the allocation failure report that may come next.
INJECTED = re.compile(r"FAULT_INJECTION: forcing a failure|page allocation failure:|"
                      r"vmalloc error:|vmemmap alloc failure:")


def known_warnings(log):
    """The reasons of the KNOWN warnings in log, each once."""
    return sorted({why for line in log.splitlines()
                   for pattern, why in KNOWN if pattern.search(line)})


def kernel_errors(log, injected=False):
    """Splat lines in log.  With injected, the first "Call Trace:" after an
    injected fault's report, with no other splat line between them, is the
    report's own and not a splat; so is the one after a KNOWN warning."""
    errors, expect = [], False
    for line in log.splitlines():
        if (injected and INJECTED.search(line)) or \
                any(pattern.search(line) for pattern, _ in KNOWN):
            expect = True
            continue
        if not KERNEL_ERRORS.search(line):
            continue
        if expect and not SPLAT.search(line):
            expect = False
            continue
        expect = False
        errors.append(line.strip())
    return errors


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


def judge(log, outcome, injected=False):
    """All cases of one boot: [(name, passed, note)], the boot case first.
    injected: faults are injected on purpose (kernel_errors())."""
    plan, cases = parse(log)
    problems = []
    if outcome != "done rc=0":
        problems.append(outcome)
    errors = kernel_errors(log, injected)
    if errors:
        problems.append(f"kernel: {errors[0]}" + (f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""))
    if plan is None:
        problems.append("no KTAP plan")
    elif plan != len(cases):
        problems.append(f"KTAP plan 1..{plan} but {len(cases)} results")
    notes = problems + [f"known: {why}" for why in known_warnings(log)]
    results = [("boot", not problems, "; ".join(notes))]
    results += [(name, status == "pass", "skipped" if status == "skip" else note)
                for name, status, note in cases]
    return results
