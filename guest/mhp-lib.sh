# Helpers shared by the guest scenarios (busybox sh); installed as
# /lib/mhp-lib.sh.  Scenarios print KTAP with the kselftest helpers.
. /selftests/kselftest/ktap_helpers.sh

MEM=/sys/devices/system/memory

memtotal_kb() { sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo; }

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
