#!/bin/sh
# virtio-mem timings, base and series interleaved in one run: the
# virtio-mem scenario (subblock mode) booted REPS times on each kernel
# (default 5), each boot printing "# bench NAME VALUE" lines (see
# guest/scenarios/virtio-mem): the time from the host's request to MemTotal
# +1 GiB, and the median time of onlining a 128 MiB block of the device
# (owned memory) and of a pc-dimm (no owner), 25 onlines each.  Writes
# out/bench/virtio-mem.md: per kernel the median over the boots and the
# range, per 4 MiB chunk too, and series/base.  QEMU TCG: the times are
# emulated; only ratios within one run mean anything.
#   bench/virtio-mem.sh [REPS]
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
reps=${1:-5}
dir=$OUT/bench
mkdir -p "$dir"
raw=$dir/virtio-mem.raw
: >"$raw"
for i in $(seq "$reps"); do
	for k in base patched; do
		say "virtio-mem bench: boot $i of $reps on $k"
		"$TOP/host/run.py" -s virtio-mem -k "$k" >"$dir/virtio-mem-run.log" 2>&1 ||
			die "virtio-mem failed on $k (see ${dir#$TOP/}/virtio-mem-run.log)"
		sed -n 's/^# bench \([a-z0-9_]*\) \([0-9]*\).*/\1 \2/p' \
			"$OUT/runs/virtio-mem-$k/console.log" | sed "s/^/$k $i /" >>"$raw"
	done
done
# median LIST: the median of whitespace-separated numbers.
median() { echo "$@" | tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
values() { awk -v k="$1" -v n="$2" '$1 == k && $3 == n { print $4 }' "$raw" | tr '\n' ' '; }
row() {	# row NAME LABEL DIVISOR UNIT
	b=$(values base "$1") p=$(values patched "$1")
	awk -v l="$2" -v d="$3" -v u="$4" \
	    -v mb="$(median $b)" -v lb="$(echo $b | tr ' ' '\n' | sort -n | head -1)" \
	    -v hb="$(echo $b | tr ' ' '\n' | sort -n | tail -1)" \
	    -v mp="$(median $p)" -v lp="$(echo $p | tr ' ' '\n' | sort -n | head -1)" \
	    -v hp="$(echo $p | tr ' ' '\n' | sort -n | tail -1)" 'BEGIN {
		printf "| %s | %.0f %s (%.0f-%.0f) | %.0f %s (%.0f-%.0f) | %.3f |\n",
			l, mb / d, u, lb / d, hb / d, mp / d, u, lp / d, hp / d, mp / mb }'
}
{
	echo "# virtio-mem: base and series, $reps boots each, interleaved"
	echo
	echo "QEMU $(qemu-system-x86_64 --version | sed -n '1s/.*version //p') with TCG on $(nproc) host CPUs:"
	echo "emulated times; compare only within this table.  Medians over the boots"
	echo "(range of the per-boot values in parentheses)."
	echo
	echo "| measure | base | series | series/base |"
	echo "| --- | --- | --- | --- |"
	row plug_1g_cs "plug 1 GiB: request to MemTotal +1 GiB" 0.1 ms
	row online_owned_us "online a 128 MiB virtio-mem block" 1 us
	row online_owned_us "  per 4 MiB chunk (owned memory)" 32 us
	row online_plain_us "online a 128 MiB pc-dimm block" 1 us
	row online_plain_us "  per 4 MiB chunk (no owner)" 32 us
} >"$dir/virtio-mem.md"
cat "$dir/virtio-mem.md"
