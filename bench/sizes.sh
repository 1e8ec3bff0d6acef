#!/bin/sh
# What the series costs in memory: sizeof(struct page), struct mem_section,
# the per-section usage data and struct zone, for the base and the patched
# kernel (same configuration), then scripts/bloat-o-meter of vmlinux base vs
# patched.
set -eu
. "$(dirname "$0")/../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/sizes.c" <<'C'
#include <linux/kbuild.h>
#include <linux/mm.h>
#include <linux/mmzone.h>

void sizes(void);
void sizes(void)
{
	DEFINE(struct_page, sizeof(struct page));
	DEFINE(struct_mem_section, sizeof(struct mem_section));
	DEFINE(struct_mem_section_usage, sizeof(struct mem_section_usage));
	DEFINE(struct_zone, sizeof(struct zone));
	DEFINE(mem_section_usage_size,
	       sizeof(struct mem_section_usage) +
	       BITS_TO_LONGS(SECTION_BLOCKFLAGS_BITS) * sizeof(unsigned long));
	DEFINE(section_bytes, 1UL << SECTION_SIZE_BITS);
}
C
echo 'obj-m := sizes.o' > "$tmp/Kbuild"

sizes() {	# sizes SRC OBJ: "name bytes" lines
	make -s -C "$1" O="$2" M="$tmp" sizes.s >/dev/null 2>&1 ||
		die "cannot compile sizes.c against ${1#$TOP/}"
	sed -n 's/^.*->\([a-z_]*\) \$\{0,1\}\([0-9]*\).*/\1 \2/p' "$tmp/sizes.s"
	rm -f "$tmp/sizes.s"
}
sizes "$BASE_TREE" "$BUILD/base/obj" > "$tmp/base"
sizes "$TREE" "$BUILD/obj" > "$tmp/patched"
printf '%-28s %10s %10s\n' "size in bytes" base patched
join "$tmp/base" "$tmp/patched" | while read -r name b p; do
	printf '%-28s %10s %10s\n' "$name" "$b" "$p"
done
echo
"$TREE/scripts/bloat-o-meter" "$BUILD/base/obj/vmlinux" "$BUILD/obj/vmlinux"
