#!/bin/sh
# The kernel's own checkers on the files the series touches, against the
# base: the series adds no finding the base does not have.
#   - W=1 warnings and sparse (make C=2), for every touched .c file that
#     the patched kernel's configuration builds; the sparse is Debian
#     testing's (scripts/fetch-sparse: the kernel's checker-valid.sh
#     refuses Debian 12's 0.6.4), and a sparse the kernel refuses fails;
#   - scripts/kernel-doc -Wall -none, for every touched .c and .h file;
#   - every touched .rst file parses with docutils (the kernel's Sphinx
#     directives and roles aside: docutils does not know them);
#   - each fix (a patch with a Fixes: tag, or a note below its --- that
#     says why it has none) applies to the base on its own.
# Findings are compared per file with line and column numbers dropped, so
# that a finding that only moved is not new; a file the series adds has no
# base findings.  checkpatch --strict runs per patch in series-prefixes.sh.
# Compiles in the worktree and object directory of series-prefixes.sh
# (build/check), base first, then HEAD.  Prints KTAP.
set -u
. "$(dirname "$0")/../scripts/lib.sh"

wt=$BUILD/check/linux
obj=$BUILD/check/obj
res=$BUILD/check/checkers
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"

echo "TAP version 13"
echo "1..5"
[ -f "$OUT/config" ] || { echo "Bail out! no out/config: build the patched kernel first"; exit 1; }
sparse_bin=$("$TOP/scripts/fetch-sparse") || { echo "Bail out! no sparse (scripts/fetch-sparse)"; exit 1; }
if [ ! -d "$wt" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" base
fi
rm -rf "$res" && mkdir -p "$obj" "$res"
head=$(git -C "$TREE" rev-parse HEAD)
touched=$(git -C "$TREE" diff --name-only base "$head")
csrc=$(echo "$touched" | grep '\.c$' | grep -v '^tools/')
n=0 failed=0

# normalize: "path:line:col: text", "path:line: text" and kernel-doc's
# "Warning: path:line text" lose their numbers; make's own lines go.
normalize() {
	sed -n -e 's|^\([^ :]*\):[0-9]*:[0-9]*: |\1: |p' -e 's|^\([^ :]*\):[0-9]*: |\1: |p' \
		-e 's#^\([Ww]arning\|[Ee]rror\): \([^ :]*\):[0-9]* #\2: \1: #p' |
		sed "s|$wt/||" | sort
}

# findings TAG: sparse and W=1 on the touched .c files the configuration
# builds, and kernel-doc on every touched .c and .h, of the tree checked
# out in $wt, to $res/TAG.*.
findings() {
	local objs= f
	cp "$OUT/config" "$obj/.config"
	make -C "$wt" O="$obj" CC="$cc" olddefconfig >"$res/$1.make.log" 2>&1 || return 1
	for f in $csrc; do
		[ -f "$wt/$f" ] && [ -f "$BUILD/obj/${f%.c}.o" ] || continue
		objs="$objs ${f%.c}.o"
		rm -f "$obj/${f%.c}.o"
	done
	objs_built=$objs
	make -C "$wt" O="$obj" CC="$cc" -j"$(nproc)" C=2 CHECK="$sparse_bin" W=1 $objs \
		>>"$res/$1.make.log" 2>&1 ||
		return 1
	grep -E '(warning|error):' "$res/$1.make.log" | normalize >"$res/$1.compile"
	for f in $(echo "$touched" | grep -E '\.(c|h)$'); do
		[ -f "$wt/$f" ] || continue
		(cd "$wt" && ./scripts/kernel-doc -Wall -none "$f") 2>&1
	done | normalize >"$res/$1.kerneldoc"
}

# new TAG: the findings of HEAD that the base does not have (as often).
new() {
	sort "$res/base.$1" | uniq -c | awk '{ c = $1; $1 = ""; base[$0] = c }
		END { while ((getline l < "'"$res/head.$1.counted"'") > 0) {
			c = l; sub(/^ *[0-9]+/, "", l); c -= 0
			if (c > base[l] + 0) print c - base[l] + 0 "x" l } }'
}

git -C "$wt" checkout -q --detach base
# Whether this kernel takes that sparse (its own test; make C=2 would
# otherwise skip it without failing).
sparse_ok=$(sh "$wt/scripts/checker-valid.sh" "$sparse_bin" 2>/dev/null) || sparse_ok=0
findings base || { echo "Bail out! the base does not build: $res/base.make.log"; exit 1; }
git -C "$wt" checkout -q --detach "$head"
findings head || { echo "Bail out! HEAD does not build: $res/head.make.log"; exit 1; }
for kind in compile kerneldoc; do
	sort "$res/head.$kind" | uniq -c >"$res/head.$kind.counted"
done

out=$(new compile)
echo "# $(echo "$objs_built" | wc -w) objects; sparse and W=1: $(wc -l <"$res/base.compile") findings on the base, $(wc -l <"$res/head.compile") on HEAD"
[ -z "$out" ] || echo "$out" | sed 's/^/# new: /'
result "$([ -z "$out" ] && [ -n "$objs_built" ] && echo 0 || echo 1)" "W=1 and sparse (C=2): no new finding in the touched .c files"
# Sparse ran on every object: make prints a CHECK line for each.
checked=0
for o in $objs_built; do
	grep -q "^  CHECK  *${o%.o}\.c\$" "$res/head.make.log" && checked=$((checked + 1))
done
echo "# sparse $("$sparse_bin" --version 2>&1), taken by checker-valid.sh: $sparse_ok; $checked objects checked"
result "$([ "$sparse_ok" = 1 ] && [ "$checked" = "$(echo "$objs_built" | wc -w)" ] && echo 0 || echo 1)" \
	"sparse ran on each of them"

out=$(new kerneldoc)
echo "# kernel-doc -Wall: $(wc -l <"$res/base.kerneldoc") findings on the base, $(wc -l <"$res/head.kerneldoc") on HEAD"
[ -z "$out" ] || echo "$out" | sed 's/^/# new: /'
result "$([ -z "$out" ] && echo 0 || echo 1)" "kernel-doc -Wall: no new finding in the touched .c and .h files"

# docutils parses each touched .rst; unknown directives and roles (Sphinx's
# and the kernel's) are reported at level 3 and ignored, real syntax
# errors are level 3 too but not of those two kinds.
rc=0
for f in $(echo "$touched" | grep '\.rst$'); do
	out=$(/usr/bin/python3 - "$wt/$f" <<'EOF'
import sys
import docutils.frontend
import docutils.parsers.rst
import docutils.utils
src = open(sys.argv[1]).read()
msgs = []
def observer(msg):
    text = msg.astext()
    if msg["level"] >= 2 and "Unknown directive type" not in text \
            and "Unknown interpreted text role" not in text \
            and 'No role entry for' not in text \
            and 'No directive entry for' not in text:
        msgs.append(f"{msg['level']}: {text.splitlines()[0]}")
settings = {"report_level": 5, "halt_level": 5}
doc = docutils.utils.new_document(sys.argv[1], docutils.frontend.get_default_settings(docutils.parsers.rst.Parser))
doc.reporter.attach_observer(observer)
doc.reporter.report_level = 5
docutils.parsers.rst.Parser().parse(src, doc)
print("\n".join(msgs))
EOF
	) || { out="docutils failed"; }
	[ -z "$out" ] || { echo "$out" | sed "s|^|# $f: |"; rc=1; }
done
result $rc "the touched .rst files parse with docutils"

# The fixes stand alone: each patch with a Fixes: tag, or a note that says
# why it has none, applies to the base by itself.
rc=0 fixes=0
git -C "$wt" checkout -q --detach base
for c in $(git -C "$TREE" rev-list --reverse base.."$head"); do
	# A note below the --- (a git note) says why a fix has no Fixes: tag.
	{ git -C "$TREE" log -1 --format=%B "$c"; git -C "$TREE" notes show "$c" 2>/dev/null; } |
		grep -q '^Fixes: \|^No Fixes: tag' || continue
	fixes=$((fixes + 1))
	git -C "$TREE" format-patch -1 --stdout "$c" >"$res/fix.patch"
	git -C "$wt" apply --check "$res/fix.patch" 2>/dev/null ||
		{ echo "# does not apply to the base alone: $(git -C "$TREE" log -1 --format=%s "$c")"; rc=1; }
done
echo "# $fixes fixes"
[ $fixes -gt 0 ] || rc=1
result $rc "each fix applies to the base on its own"
exit $failed
