#!/usr/bin/env python3
"""address-patches.py TREE DIR: address the exported series in DIR.

Each patch gets To: (the maintainers) and Cc: (reviewers and mailing
lists) from TREE's scripts/get_maintainer.pl, run on that patch alone, and
the cover letter gets the union of them all, so that every maintainer sees
the whole series' rationale.  The lines go in front of Subject:, where git
send-email and b4 read them; running it again replaces them."""
import glob
import os
import subprocess
import sys

tree, outdir = (os.path.abspath(a) for a in sys.argv[1:])
script = os.path.join(tree, "scripts", "get_maintainer.pl")


def recipients(patch, who):
    """The addresses get_maintainer.pl gives for PATCH: who="to" for
    maintainers, "cc" for reviewers and lists."""
    roles = ["--m", "--no-r", "--no-l"] if who == "to" else ["--no-m", "--r", "--l"]
    out = subprocess.run(
        ["perl", script, "--no-git", "--no-git-fallback", "--no-rolestats",
         "--separator", "\n"] + roles + [patch],
        cwd=tree, check=True, capture_output=True, text=True,
        # Perl orders hash keys at random: fix the seed, so that the same
        # series always exports to the same files.
        env=dict(os.environ, PERL_HASH_SEED="0", PERL_PERTURB_KEYS="0")).stdout
    return [a.strip() for a in out.splitlines() if "@" in a]


def address(path, to, cc):
    """Put To: and Cc: in front of PATH's Subject:, replacing any there."""
    head, sep, rest = open(path).read().partition("\nSubject:")
    if not sep:
        sys.exit(f"address-patches: no Subject: in {path}")
    lines = [l for l in head.split("\n") if not l.startswith(("To: ", "Cc: "))]
    cc = [a for a in cc if a not in to]
    if to:
        lines.append("To: " + ",\n    ".join(to))
    if cc:
        lines.append("Cc: " + ",\n    ".join(cc))
    open(path, "w").write("\n".join(lines) + sep + rest)


patches = sorted(p for p in glob.glob(os.path.join(outdir, "[0-9][0-9][0-9][0-9]-*.patch"))
                 if not os.path.basename(p).startswith("0000-"))
all_to, all_cc = [], []
for p in patches:
    to, cc = recipients(p, "to"), recipients(p, "cc")
    if not to and not cc:
        sys.exit(f"address-patches: get_maintainer.pl names nobody for {p}")
    address(p, to, cc)
    all_to += [a for a in to if a not in all_to]
    all_cc += [a for a in cc if a not in all_cc]
cover = os.path.join(outdir, "0000-cover-letter.patch")
if os.path.exists(cover):
    address(cover, all_to, all_cc)
