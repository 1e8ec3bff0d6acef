#!/bin/sh
# Every prefix of the series compiles, and every patch is checkpatch --strict
# clean.  Full kernels are built only at HEAD (out/bzImage) and at the base;
# for each prefix this compiles, with the patched kernel's configuration, the
# files the series touches and the users of the headers it changes.  At HEAD
# it also compiles the Xen balloon's memory hotplug and mm/ without
# MEMORY_HOTREMOVE: adding silent memory must not need removal support.
# Prints KTAP; needs out/config (scripts/build-kernel patched).
set -u
. "$(dirname "$0")/../scripts/lib.sh"

# Users of include/linux/memory_hotplug.h and mmzone.h that matter here.
OBJECTS="mm/memory_hotplug.o mm/sparse.o mm/sparse-vmemmap.o mm/page_alloc.o mm/mm_init.o
mm/page_isolation.o drivers/base/memory.o drivers/base/node.o
drivers/xen/balloon.o drivers/virtio/virtio_mem.o drivers/hv/hv_balloon.o
drivers/dax/kmem.o"

wt=$BUILD/check/linux
obj=$BUILD/check/obj
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"

echo "TAP version 13"
[ -f "$OUT/config" ] || { echo "Bail out! no out/config: build the patched kernel first"; exit 1; }
# checkpatch runs scripts/spdxcheck.py, and skips the check silently when
# python3 cannot import these.
python3 -c 'import git, ply' 2>/dev/null ||
	{ echo "Bail out! python3 lacks GitPython or ply (scripts/deps)"; exit 1; }
commits=$(git -C "$TREE" rev-list --reverse base..HEAD)
echo "1..$(( $(echo "$commits" | grep -c .) * 2 + 1 ))"

if [ ! -d "$wt" ]; then
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$wt" base
fi
mkdir -p "$obj"
n=0 failed=0
for c in $commits; do
	subject=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$wt" checkout -q --detach "$c"
	cp "$OUT/config" "$obj/.config"
	objs=
	for o in $OBJECTS $(git -C "$TREE" diff --name-only base "$c" -- '*.c' | sed 's/\.c$/.o/'); do
		# Only what the kernel's configuration builds (out of the full build).
		[ -f "$wt/${o%.o}.c" ] && [ -f "$BUILD/obj/$o" ] && objs="$objs $o"
	done
	log=$obj/build-$(git -C "$TREE" rev-parse --short "$c").log
	rc=0
	make -C "$wt" O="$obj" CC="$cc" olddefconfig >"$log" 2>&1 &&
		make -C "$wt" O="$obj" CC="$cc" -j"$(nproc)" KCFLAGS=-Werror $(echo $objs | tr ' ' '\n' | sort -u) >>"$log" 2>&1 || rc=$?
	[ $rc = 0 ] || grep -E 'error|warning' "$log" | head -5 | sed 's/^/# /'
	result $rc "compiles: $subject"

	patch=$obj/patch.$n
	git -C "$TREE" format-patch -1 --stdout "$c" >"$patch"
	# UNKNOWN_COMMIT_ID: build/linux is Debian's source tarball with no
	# upstream history, so checkpatch cannot look up a Fixes: tag's
	# commit here; the ids and subjects were checked by hand.
	ignore=FILE_PATH_CHANGES,CAMELCASE,UNKNOWN_COMMIT_ID
	# A fix for stable whose origin could not be pinned says why it has
	# no Fixes: tag below its --- (the commit's note, "No Fixes: tag:
	# ..."); without that reason checkpatch's MISSING_FIXES_TAG counts.
	git -C "$TREE" notes show "$c" 2>/dev/null | grep -q '^No Fixes: tag: ' &&
		ignore=$ignore,MISSING_FIXES_TAG
	out=$(cd "$TREE" && ./scripts/checkpatch.pl --strict --terse --no-summary \
		--ignore "$ignore" "$patch" 2>/dev/null)
	[ -z "$out" ] || echo "$out" | sed 's/^/# /'
	[ -z "$out" ]
	result $? "checkpatch --strict: $subject"
done

norm=$BUILD/check/obj-no-hotremove
mkdir -p "$norm"
cp "$OUT/config" "$norm/.config"
log=$norm/build.log
rc=0
"$wt/scripts/config" --file "$norm/.config" --disable MEMORY_HOTREMOVE
make -C "$wt" O="$norm" CC="$cc" olddefconfig >"$log" 2>&1 || rc=$?
for want in 'CONFIG_XEN_BALLOON_MEMORY_HOTPLUG=y' '# CONFIG_MEMORY_HOTREMOVE is not set'; do
	grep -qxF "$want" "$norm/.config" || { echo "# config lacks '$want'"; rc=1; }
done
[ $rc != 0 ] || make -C "$wt" O="$norm" CC="$cc" -j"$(nproc)" KCFLAGS=-Werror \
	mm/memory_hotplug.o mm/page_alloc.o drivers/xen/balloon.o >>"$log" 2>&1 || rc=$?
[ $rc = 0 ] || grep -E 'error|warning' "$log" | head -5 | sed 's/^/# /'
result $rc "compiles without MEMORY_HOTREMOVE: mm/memory_hotplug.o, drivers/xen/balloon.o"
exit $failed
