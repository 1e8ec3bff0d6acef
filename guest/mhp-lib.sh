# Helpers shared by the guest scenarios (busybox sh); installed as
# /lib/mhp-lib.sh.  Scenarios print KTAP with the kselftest helpers.
. /selftests/kselftest/ktap_helpers.sh

MEM=/sys/devices/system/memory

# mhp_param NAME DEFAULT: the number given as mhp.NAME= on the kernel
# command line, else DEFAULT.  The host sets a scenario's length this way:
# short in make test, long in make soak (host/run.py).
mhp_param() {
	local v
	v=$(sed -n "s/.*mhp\.$1=\([0-9]*\).*/\1/p" /proc/cmdline)
	echo "${v:-$2}"
}

# series_kernel: the kernel under test carries the series (its test module).
series_kernel() { [ -e /lib/modules/$(uname -r)/kernel/lib/test_mhp_silent.ko ]; }

# ktap_fix_result NAME CMD...: a case that a fix at the front of the series
# makes pass.  On the series' kernel it is an ordinary case.  On the base
# kernel CMD must fail, showing the bug that the fix's commit message
# describes: an expected failure (XFAIL); a base on which it passes fails
# the case, since it no longer shows what the fix is for.
ktap_fix_result() {
	local name=$1
	shift
	if series_kernel; then
		ktap_test_result "$name" "$@"
	elif "$@"; then
		ktap_print_msg "the base kernel does not show the bug"
		ktap_test_fail "$name"
	else
		ktap_test_xfail "$name"
	fi
}

# page_flag PFN BIT: bit BIT of the page's /proc/kpageflags entry is set
# (include/uapi/linux/kernel-page-flags.h).
KPF_HWPOISON=19
KPF_OFFLINE=23
page_flag() {
	local flags
	flags=$(dd if=/proc/kpageflags bs=8 skip=$1 count=1 2>/dev/null | od -An -tu8 | tr -d ' ')
	[ -n "$flags" ] && [ $(((flags >> $2) & 1)) = 1 ]
}

memtotal_kb() { sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo; }
memfree_kb() { sed -n 's/^MemFree: *\([0-9]*\) kB$/\1/p' /proc/meminfo; }

# balloon_memmap_kb: the memmap the series' Xen balloon places on the memory
# it hot-adds: 64 bytes per 4 KiB page of every "System RAM (Xen balloon)"
# range in /proc/iomem.  0 on the base kernel, whose ranges are "System RAM".
balloon_memmap_kb() {
	local r sum=0
	for r in $(sed -n 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM (Xen balloon)$/\1-\2/p' /proc/iomem); do
		sum=$((sum + (0x${r#*-} - 0x${r%-*} + 1) / 1024 / 64))
	done
	echo $sum
}

# free_after_drop_kb: free memory once the page cache and slab caches are
# dropped: MemFree and the pages on the per-cpu lists (free, but not counted
# in MemFree; their limits grow with the zones).
free_after_drop_kb() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	echo $(($(memfree_kb) + $(awk '$1 == "count:" { n += $2 } END { print n + 0 }' /proc/zoneinfo) * 4))
}

# Memory block names (memory0 memory1 ...), one a line.
mem_blocks() { ls -d $MEM/memory[0-9]* | sed 's,.*/,,' | sort; }

block_size() { echo $(( 0x$(cat $MEM/block_size_bytes) )); }

# host VERB ARGS...: ask the host runner to act on this machine (see
# host/boot.py); the caller then polls for the effect.
host() { echo "mhp-host: $*"; }

# wait_until SECONDS COMMAND...: poll COMMAND once a second until it
# succeeds; fail after SECONDS.
wait_until() {
	local left=$1
	shift
	while ! "$@"; do
		[ "$left" -gt 0 ] || return 1
		left=$((left - 1))
		sleep 1
	done
}

# wmark_sums: "MFK MIN LOW HIGH": min_free_kbytes and the min, low and high
# watermarks (pages) summed over every zone of /proc/zoneinfo.
wmark_sums() {
	awk -v mfk="$(cat /proc/sys/vm/min_free_kbytes)" '
	$1 == "min" { min += $2 } $1 == "low" { low += $2 } $1 == "high" { high += $2 }
	END { print mfk, min, low, high }' /proc/zoneinfo
}

# wmark_details: each populated zone's managed pages, watermarks,
# lowmem_reserve and the per-cpu list high limits, as KTAP diagnostics.
wmark_details() {
	awk '
	/^Node/ { zone = $2 " " $4; pcp = "" }
	$1 == "min" || $1 == "low" || $1 == "high" || $1 == "managed" { w[zone] = w[zone] " " $1 "=" $2 }
	$1 == "protection:" { p[zone] = $0; sub(/^ *protection: */, "", p[zone]) }
	$1 == "high:" && zone in w { h[zone] = h[zone] "," $2 }
	END { for (z in w) print "# zone " z ":" w[z] " lowmem_reserve=" p[z] " pcp_high=" substr(h[z], 2) }
	' /proc/zoneinfo | sort
}

# The test module's first owner (lib/test_mhp_silent.c), for the scenarios
# that drive it beyond its kselftest.  silent_try CMD...: true if the
# command succeeded; silent_ctl CMD...: the same, and say why it failed;
# silent_fails_with ERRNO CMD...: the command fails with -ERRNO;
# silent_status KEY: a value of its status file.
SILENT_CTL=/sys/kernel/debug/test_mhp_silent/owner0
silent_status() { sed -n "s/^$1 //p" $SILENT_CTL/status; }
silent_try() { echo "$*" > $SILENT_CTL/control 2>/dev/null; }
silent_ctl() {
	silent_try "$@" || { ktap_print_msg "'$*': $(silent_status last)"; return 1; }
}
# silent_take PFN NR: take pages back from the buddy allocator; its
# alloc_contig_range() fails with -EBUSY while someone else holds one of
# them for a moment (a pfn walker, compaction, a migration), so retry for
# up to 10 s.
silent_take() {
	local n=0
	while ! silent_try take "$1" "$2"; do
		n=$((n + 1))
		[ $n -lt 50 ] || { ktap_print_msg "take $1 $2: $(silent_status last), $n tries"; return 1; }
		sleep 0.2
	done
}
silent_fails_with() {
	local e=$1
	shift
	! silent_try "$@" && [ "$(silent_status last)" = "-$e" ]
}

# walkers PFN PAGES: pfn walkers that user space can start, over
# [PFN, PFN + PAGES), until /tmp/race is gone: /proc/kpageflags and
# /proc/kpagecount readers, the idle page bitmap (read and set), /proc/kcore
# reads (16 MiB at a time, a sixteenth of the range each: /proc/kcore
# places RAM at its physical address plus the size of its headers) and
# compaction.  Each pass of a walker adds a byte to /tmp/walk.NAME.
walkers() {
	local pfn=$1 pages=$2
	rm -f /tmp/walk.*
	( while [ -e /tmp/race ]; do
		dd if=/proc/kpageflags bs=8 skip=$pfn count=$pages 2>/dev/null | wc -c >/dev/null
		printf . >>/tmp/walk.kpageflags
	  done ) &
	( while [ -e /tmp/race ]; do
		dd if=/proc/kpagecount bs=8 skip=$pfn count=$pages 2>/dev/null | wc -c >/dev/null
		printf . >>/tmp/walk.kpagecount
	  done ) &
	( while [ -e /tmp/race ]; do
		dd if=/sys/kernel/mm/page_idle/bitmap bs=8 skip=$((pfn / 64)) \
			count=$((pages / 64)) 2>/dev/null | wc -c >/dev/null
		dd if=/dev/zero bs=8 count=$((pages / 64)) 2>/dev/null | tr '\000' '\377' |
			dd of=/sys/kernel/mm/page_idle/bitmap bs=8 seek=$((pfn / 64)) \
			   conv=notrunc 2>/dev/null
		printf . >>/tmp/walk.page_idle
	  done ) &
	( i=0
	  while [ -e /tmp/race ]; do
		dd if=/proc/kcore bs=1M skip=$(((pfn >> 8) + i % 16 * (pages >> 12))) \
			count=$((pages >> 12)) 2>/dev/null | wc -c >/dev/null
		printf . >>/tmp/walk.kcore
		i=$((i + 1))
	  done ) &
	( while [ -e /tmp/race ]; do
		echo 1 >/proc/sys/vm/compact_memory
		printf . >>/tmp/walk.compact
		sleep 0.2
	  done ) &
}

# walked: every walker made passes (prints how many).
walked() {
	local w n ok=0
	for w in kpageflags kpagecount page_idle kcore compact; do
		n=$(wc -c 2>/dev/null </tmp/walk.$w || echo 0)
		ktap_print_msg "$w: $n passes"
		[ "$n" -gt 1 ] || ok=1
	done
	return $ok
}
