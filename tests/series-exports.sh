#!/bin/sh
# Every symbol the series exports has a modular user in the tree:
# - EXPORT_SYMBOL{,_GPL}(sym): a file outside mm/ and the test module uses
#   it, and that file is built by a tristate Kconfig option;
# - EXPORT_SYMBOL_FOR_MODULES(sym, "mods"): one of the named modules uses
#   it, and a module of another name that uses it is refused by modpost
#   (built against the patched kernel's objects, build/obj).
# Prints KTAP; needs the patched kernel built (scripts/build-kernel patched).
set -u
. "$(dirname "$0")/../scripts/lib.sh"

echo "TAP version 13"
[ -f "$BUILD/obj/Module.symvers" ] || { echo "Bail out! no build/obj/Module.symvers: build the patched kernel first"; exit 1; }

# Exports the series adds in the tree as built (those it only moves appear
# as removed too), one a line without blanks: EXPORT_SYMBOL_GPL(sym),
# EXPORT_SYMBOL_FOR_MODULES(sym,"mods").
added=$(git -C "$TREE" diff base -- '*.c' | sed -n 's/^+\(EXPORT_SYMBOL[A-Z_]*(.*)\);$/\1/p' | tr -d ' ' | sort)
removed=$(git -C "$TREE" diff base -- '*.c' | sed -n 's/^-\(EXPORT_SYMBOL[A-Z_]*(.*)\);$/\1/p' | tr -d ' ' | sort)
exports=$(printf '%s\n' "$added" | grep -vxF -e "$removed" -e '' || :)
plan=$(printf '%s\n' "$exports" | grep -c . || :)
echo "1..$((plan + 1))"

n=0 failed=0

# tristate_builds FILE.c: FILE is built by obj-$(CONFIG_X) with X tristate.
tristate_builds() {
	dir=$(dirname "$1") base=$(basename "$1" .c)
	opt=$(sed -n "s/^obj-\$(CONFIG_\([A-Z0-9_]*\))[ 	]*+=.*[ 	]$base\.o.*/\1/p" "$TREE/$dir/Makefile" | head -1)
	[ -n "$opt" ] || return 1
	grep -rl --include='Kconfig*' -E "^(menu)?config $opt\$" "$TREE/$dir" "$TREE/$(dirname "$dir")" 2>/dev/null |
		xargs awk -v opt="$opt" '$0 ~ "^(menu)?config " opt "$" { f = 1; next }
			f && /^(menu)?config / { f = 0 }
			f && /^[ \t]+tristate/ { found = 1 }
			END { exit !found }'
}

restricted=
for e in $exports; do
	sym=$(echo "$e" | sed 's/^[A-Z_]*(\([a-z0-9_]*\).*/\1/')
	case "$e" in
	EXPORT_SYMBOL_FOR_MODULES*)
		mods=$(echo "$e" | sed -n 's/.*"\(.*\)")$/\1/p')
		users=
		for m in $(echo "$mods" | tr , ' '); do
			users="$users $(git -C "$TREE" grep -l -w "$sym" -- "*/$m.c")"
		done
		restricted="$restricted $sym"
		[ -n "$(echo $users)" ]
		result $? "$sym: exported only to $mods, which uses it ($(echo $users))"
		;;
	*)
		ok=1 users=
		for f in $(git -C "$TREE" grep -l -w "$sym" -- 'drivers/*.c' 'fs/*.c' 'lib/*.c' 'arch/*.c' |
			grep -v '^lib/test_mhp_silent\.c$'); do
			tristate_builds "$f" && { ok=0; users="$users $f"; }
		done
		result $ok "$sym: used by a module ($(echo $users))"
		;;
	esac
done

# A module that is none of the named ones and uses every restricted export.
ext=$BUILD/check/exports-outsider
rm -rf "$ext" && mkdir -p "$ext"
{
	echo '#include <linux/module.h>'
	echo '#include <linux/memory_hotplug.h>'
	echo 'static void *used[] __used = {'
	for sym in $restricted; do echo "	(void *)$sym,"; done
	echo '};'
	echo 'MODULE_LICENSE("GPL");'
	echo 'MODULE_DESCRIPTION("uses the exports restricted to other modules");'
} >"$ext/mhp_outsider.c"
echo 'obj-m := mhp_outsider.o' >"$ext/Kbuild"
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
log=$ext/build.log
make -C "$TREE" O="$BUILD/obj" CC="$cc" M="$ext" modules >"$log" 2>&1
rc=$?
refused=0
for sym in $restricted; do
	grep -q "module uses symbol '$sym' from namespace 'module:" "$log" || refused=1
done
[ $rc != 0 ] && [ -n "$restricted" ] || refused=1
[ $refused = 0 ] || grep -E 'ERROR|error|WARNING' "$log" | head -5 | sed 's/^/# /'
result $refused "modpost refuses another module that uses them:$restricted"
exit $failed
