#!/usr/bin/env python3
"""The notes below a patch's "---" (its changelog since v1, why it has no
Fixes: tag) across git am and git format-patch, which both drop them.

    patch-notes.py attach TREE DIR   the notes of DIR/series, patch by
                                     patch, as git notes of the commits of
                                     TREE's base..HEAD, in order
    patch-notes.py insert TREE DIR   the git notes of base..HEAD back below
                                     the "---" of the files format-patch wrote
                                     to DIR (0001-*.patch, ...)

In a patch file the notes are the lines between the "---" that ends the
commit message and a second "---" line, which the diffstat follows.
"""
import glob
import os
import subprocess
import sys


def git(tree, *args, stdin=None):
    return subprocess.run(["git", "-C", tree, *args], input=stdin, text=True,
                          check=True, capture_output=True).stdout


def commits(tree):
    return git(tree, "rev-list", "--reverse", "base..HEAD").split()


def numbered(directory, by_series):
    """DIR's patch files in order, the cover letter left out: as DIR/series
    lists them, or (by_series False: format-patch's fresh output) by name."""
    series = os.path.join(directory, "series")
    if by_series:
        with open(series) as f:
            names = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    else:
        names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(directory, "*.patch")))
    return [os.path.join(directory, n) for n in names if "cover-letter" not in n]


def split(lines):
    """(index of the message's "---", index of the notes' closing "---" or
    None) in a patch's lines."""
    first = lines.index("---\n")
    for i in range(first + 1, len(lines)):
        if lines[i].startswith("diff --git "):
            break
        if lines[i] == "---\n":
            return first, i
    return first, None


def attach(tree, directory):
    patches, revs = numbered(directory, True), commits(tree)
    if len(patches) != len(revs):
        sys.exit(f"patch-notes: {len(patches)} patches in {directory}, "
                 f"{len(revs)} commits in {tree}")
    for path, rev in zip(patches, revs):
        with open(path) as f:
            lines = f.readlines()
        first, second = split(lines)
        if second is not None:
            git(tree, "notes", "add", "-f", "-F", "-", rev,
                stdin="".join(lines[first + 1:second]))


def insert(tree, directory):
    patches, revs = numbered(directory, False), commits(tree)
    for path, rev in zip(patches, revs):
        try:
            note = git(tree, "notes", "show", rev)
        except subprocess.CalledProcessError:
            continue
        with open(path) as f:
            lines = f.readlines()
        first, _ = split(lines)
        lines[first + 1:first + 1] = [note, "---\n"]
        with open(path, "w") as f:
            f.writelines(lines)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("attach", "insert"):
        sys.exit(__doc__)
    {"attach": attach, "insert": insert}[sys.argv[1]](sys.argv[2], sys.argv[3])
