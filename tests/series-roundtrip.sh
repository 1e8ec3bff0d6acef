#!/bin/sh
# The series round trip: exporting build/linux (base..HEAD) gives exactly the
# files in patches/, and applying them with git am to the base gives exactly
# the tree of HEAD, to which every mutant of tests/mutants/ applies.  Prints
# KTAP.
set -u
. "$(dirname "$0")/../scripts/lib.sh"

echo "TAP version 13"
echo "1..4"
[ -d "$TREE/.git" ] || { echo "Bail out! no $TREE: run scripts/tree"; exit 1; }
tmp=$(mktemp -d)
trap 'git -C "$TREE" worktree remove --force "$tmp/wt" 2>/dev/null; rm -rf "$tmp"' EXIT

n=0 failed=0

PATCHES=$tmp/export "$TOP/scripts/export" 2>/dev/null
rc=0
for f in "$tmp"/export/*.patch "$tmp/export/series"; do
	cmp -s "$f" "$TOP/patches/${f##*/}" || { echo "# differs: patches/${f##*/}"; rc=1; }
done
for f in "$TOP"/patches/*.patch; do
	[ -f "$tmp/export/${f##*/}" ] || { echo "# stale: patches/${f##*/}"; rc=1; }
done
result $rc "patches/ is the export of build/linux base..HEAD"

git -C "$TREE" worktree add -q --detach "$tmp/wt" base 2>/dev/null
rc=0
while read -r p; do
	case "$p" in ''|'#'*|*cover-letter*) continue ;; esac
	git -C "$tmp/wt" am -q --keep-cr "$tmp/export/$p" >/dev/null 2>&1 || { echo "# git am failed: $p"; rc=1; break; }
done < "$tmp/export/series"
result $rc "the exported series applies to tag base with git am"

want=$(git -C "$TREE" rev-parse 'HEAD^{tree}')
got=$(git -C "$tmp/wt" rev-parse 'HEAD^{tree}')
[ "$want" = "$got" ] || echo "# tree $got, HEAD has $want"
[ "$want" = "$got" ]
result $? "base + series has exactly the tree of HEAD"

# make mutants counts a mutant that no longer applies as one that survived:
# say so here, where it costs nothing.
rc=0
for m in "$TOP"/tests/mutants/*.patch; do
	git -C "$tmp/wt" apply --check "$m" 2>/dev/null || { echo "# does not apply: ${m#$TOP/}"; rc=1; }
done
result $rc "every tests/mutants/*.patch applies to the series"
exit $failed
