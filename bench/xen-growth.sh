#!/bin/sh
# Xen balloon growth, base and series interleaved in one run: dom0 booted
# with 512 MiB under Xen 4.17 (QEMU TCG) grows by 1, 2, 4 and 8 GiB with
# "xl mem-max; xl mem-set" (guest/scenarios/xen-grow), REPS times each
# (default 3):
#   series  memhp_default_state=offline (the balloon needs nobody)
#   base    memhp_default_state=online (the kernel onlines the blocks)
#   base    memhp_default_state=offline, +1 GiB only: it never gets there
# For each: the time from xl mem-set to current_kb at the target, the time
# to MemTotal +128 MiB, the longest balloon_mutex hold (lock_stat), and
# what the growth took from the memory the domain had (page tables, and the
# memmap unless it is on the added memory).  Growth factor, once (the first
# repetition): a dom0 booted with 256 MiB grows to 8 GiB (32x), series and
# base with auto-online.  Balloon-down: after +1 GiB, series and base with
# auto-online go back down by 1 GiB (mhp.shrink=1024), every page taken out
# of the kernel one at a time, and up again (mhp.regrow=1); the 32x growth
# goes back down to 256 MiB.  For each: the time from xl mem-set to
# current_kb, to every added range gone (the series gives emptied memory
# back; the base keeps it), free memory after drop_caches against before
# the growth, and the time to grow again.  The series' boots that shrink
# let memory_hotplug.online_policy=auto-movable put the added memory in
# ZONE_MOVABLE (auto_movable_ratio=4000, enough for 32x), where it can
# empty it; the base's stay with the default policy (see boot()).
# Writes
# out/bench/xen-growth.md (medians, ranges, ratios), xen-growth.raw (every
# number), xen/*.log (every console) and xen-growth-1g.png and
# xen-growth-8g.png (MemTotal over time, series and base, first repetition)
# and xen-up-down-up.png (MemTotal and MemFree over +1 GiB, down, up).
# QEMU TCG: the times are emulated; compare only within one run.
#   bench/xen-growth.sh [REPS] [SIZES_MIB]    (default: 3 "1024 2048 4096 8192")
#   bench/xen-growth.sh --report [REPS] [SIZES_MIB]   the table and plots
#                                         again from the last run's numbers
set -eu
. "$(dirname "$0")/../scripts/lib.sh"
report_only=
[ "${1:-}" = --report ] && { report_only=1; shift; }
reps=${1:-3}
sizes=${2:-1024 2048 4096 8192}
dir=$OUT/bench
mkdir -p "$dir/xen"
raw=$dir/xen-growth.raw
[ -n "$report_only" ] || : >"$raw"

# boot CONFIG KERNEL GROW ONLINE WAIT REP [LOW [SHRINK]]: one boot of a dom0
# of LOW MiB (default 512), down by SHRINK MiB after the growth and up
# again if that is all of it; its numbers to $raw.
boot() {
	cfg=$1 kernel=$2 grow=$3 online=$4 wait=$5 rep=$6 low=${7:-512} shrink=${8:-0}
	image=$OUT/bzImage tag=patched timeout=$((300 + grow / 10))
	[ "$kernel" = base ] && image=$OUT/bzImage-base tag=base
	append="mhp.grow=$grow mhp.low=$low mhp.shrink=$shrink memhp_default_state=$online"
	[ -z "$wait" ] || append="$append mhp.wait=$wait"
	if [ "$shrink" = "$grow" ]; then
		append="$append mhp.regrow=1"
		# The series is judged on the give-back, with the added memory
		# in ZONE_MOVABLE.  The base keeps its ranges, which a short
		# wait records, and stays with the kernel zone: its
		# balloon-down allocates without __GFP_MOVABLE, so with the
		# added memory in ZONE_MOVABLE it empties the kernel zone and
		# the OOM killer ends the boot.
		case $kernel in
		base) append="$append mhp.gone_wait=10" ;;
		*) append="$append mhp.giveback=1 memory_hotplug.online_policy=auto-movable"
		   append="$append memory_hotplug.auto_movable_ratio=4000" ;;
		esac
		timeout=$((timeout + 120 + grow * 3 / 10))
	fi
	log=$dir/xen/$cfg-$rep.log
	say "xen growth: $cfg, repetition $rep of $reps"
	"$TOP/host/xen.py" --kernel "$image" --initrd "$OUT/initramfs-$tag.cpio.gz" \
		--scenario xen-grow --append "$append" --mem "$((low + grow + 1024))M" \
		--dom0-mem "${low}M" \
		--timeout $timeout --quiet >/dev/null 2>&1 || :
	cp "$OUT/runs/xen-grow-$tag/console.log" "$log"
	sed -n 's/^# bench \([a-z0-9_]*\) \([0-9a-z.]*\).*/\1 \2/p' "$log" |
		sed "s/^/$cfg $grow $rep /" >>"$raw"
}

for rep in $(seq "$reps"); do
	[ -z "$report_only" ] || break
	for g in $sizes; do
		shrink=0
		[ "$g" = 1024 ] && shrink=1024
		boot "series-$g" patched "$g" offline "" "$rep" 512 $shrink
		boot "base-online-$g" base "$g" online "" "$rep" 512 $shrink
		[ "$g" = 1024 ] && boot "base-offline-$g" base "$g" offline 60 "$rep"
	done
	[ "$rep" = 1 ] || continue
	boot factor-series patched 7936 offline "" 1 256 7936
	boot factor-base-online base 7936 online "" 1 256 7936
done

# stat CONFIG NAME: "MEDIAN MIN MAX N_NEVER" of NAME over the repetitions.
stat() {
	awk -v c="$1" -v n="$2" '$1 == c && $4 == n { print $5 }' "$raw" | sort -n | awk '
		$1 == "never" { never++; next } { v[++k] = $1 }
		END { if (!k) { print "- - -", never + 0; exit }
		      m = (k % 2) ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2
		      print m, v[1], v[k], never + 0 }'
}
# cell CONFIG NAME DIVISOR: "median (min-max)" / DIVISOR, "never" counted.
cell() {
	stat "$1" "$2" | awk -v d="$3" '{
		if ($1 == "-") { printf "never (%d of %d)", $4, '"$reps"'; exit }
		printf "%.2f (%.2f-%.2f)", $1 / d, $2 / d, $3 / d
		if ($4) printf ", never %d", $4 }'
}
median() { stat "$1" "$2" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.2f", a / b }'; }

qemu=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')
{
	echo "# Xen balloon growth: base and series, $reps repetitions, interleaved"
	echo
	echo "dom0 booted with 512 MiB under Xen 4.17, QEMU $qemu with TCG on $(nproc) host"
	echo "CPUs: emulated times, compare only within this table.  Seconds from"
	echo "\`xl mem-set\`; medians over the repetitions, range in parentheses;"
	echo "\"never\": not within the wait."
	echo
	echo "| growth | kernel (blocks onlined by) | to target (s) | s per GiB | to MemTotal +128 MiB (s) | longest balloon_mutex hold (ms) | taken from the domain (MiB per GiB) |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	for g in $sizes; do
		gib=$(awk -v g="$g" 'BEGIN { print g / 1024 }')
		for c in series-$g base-online-$g base-offline-$g; do
			grep -q "^$c " "$raw" || continue
			case $c in
			series-*) who="series (nobody)" ;;
			base-online-*) who="base (kernel, auto-online)" ;;
			*) who="base (nobody: auto-online off)" ;;
			esac
			echo "| +$gib GiB | $who | $(cell "$c" reach_cs 100) | $(cell "$c" reach_cs $((100 * g / 1024))) |" \
				"$(cell "$c" first128_cs 100) | $(cell "$c" balloon_mutex_max_us 1000) |" \
				"$(cell "$c" taken_kb_per_gib 1024) |"
		done
	done
	echo
	if grep -q ' shrink_cs ' "$raw"; then
		echo "Back down after the growth (\`xl mem-set\` to the boot size), and up"
		echo "again: seconds to current_kb at the target, to no added range left in"
		echo "/proc/iomem (\"never\": within the wait, 10 s for the base, which keeps"
		echo "them), free memory after drop_caches before the growth and after the"
		echo "shrink, and seconds back up to the target."
		echo
		echo "| growth and back | kernel | down to target (s) | ranges gone (s) | ranges left | free before -> after (MiB) | up again (s) |"
		echo "| --- | --- | --- | --- | --- | --- | --- |"
		for c in series-1024 base-online-1024 factor-series factor-base-online; do
			grep -q "^$c .* shrink_cs " "$raw" || continue
			case $c in
			series-*) what="512 MiB +1 GiB" who="series" ;;
			base-*) what="512 MiB +1 GiB" who="base (auto-online)" ;;
			factor-series) what="256 MiB -> 8 GiB" who="series" ;;
			*) what="256 MiB -> 8 GiB" who="base (auto-online)" ;;
			esac
			echo "| $what | $who | $(cell "$c" shrink_cs 100) | $(cell "$c" gone_cs 100) |" \
				"$(median "$c" ranges_left) |" \
				"$(cell "$c" free_before_kb 1024) -> $(cell "$c" free_after_kb 1024) |" \
				"$(cell "$c" regrow_cs 100) |"
		done
		echo
	fi
	echo "Growth factor: dom0 booted with 256 MiB, \`xl mem-set 0 8192\` (32x), one run each."
	echo "\"Taken\": (MemTotal after - before) - (MemFree after - before), caches"
	echo "dropped: what the growth took from the memory the domain had."
	echo
	echo "| kernel | reached 8 GiB | seconds | MemTotal after (MiB) | taken (MiB) | taken (MiB per GiB added) |"
	echo "| --- | --- | --- | --- | --- | --- |"
	for c in factor-series factor-base-online; do
		log=$dir/xen/$c-1.log
		[ -f "$log" ] || continue
		who="series (auto-online off)"
		[ $c = factor-series ] || who="base (auto-online on)"
		if ! grep -q "^$c " "$raw"; then
			# The scenario printed nothing: say what the console did.
			oom=$(sed -n 's/.*\(Out of memory: Killed process [0-9]* ([^)]*)\).*/\1/p' "$log" | head -n 1)
			warn=$(sed -n 's/.*WARNING: .* at [./]*linux\/\([^ ]*\) \([a-z_0-9]*\)+.*/WARNING at \1 (\2)/p' "$log" | head -n 1)
			echo "| $who | no: ${oom:-no result}${warn:+; $warn} | - | - | - | - |"
			continue
		fi
		reach=$(median "$c" reach_cs)
		echo "| $who" \
			"| $([ "$reach" = - ] && echo no || echo yes) | $(cell "$c" reach_cs 100)" \
			"| $(cell "$c" memtotal_after_kb 1024) | $(cell "$c" taken_kb 1024)" \
			"| $(cell "$c" taken_kb_per_gib 1024) |"
	done
	echo
	echo "Series over base with auto-online, medians: time to the target at +1 GiB" \
		"$(ratio "$(median series-1024 reach_cs)" "$(median base-online-1024 reach_cs)");" \
		"time to MemTotal +128 MiB" \
		"$(ratio "$(median series-1024 first128_cs)" "$(median base-online-1024 first128_cs)")."
	echo "Series seconds per GiB, largest over smallest across the sizes:" \
		"$(for g in $sizes; do awk -v m="$(median series-$g reach_cs)" -v g="$g" 'BEGIN { if (m != "-") print m * 1024 / g }'; done |
		   sort -n | awk '{ v[++k] = $1 } END { if (k) printf "%.2f", v[k] / v[1]; else print "-" }')."
} >"$dir/xen-growth.md"

# plot GROW: MemTotal over time, series and base (auto-online), first run.
plot() {
	for c in series base-online; do
		sed -n 's/^# grow t=\([0-9]*\) memtotal=\([0-9]*\).*/\1 \2/p' "$dir/xen/$c-$1-1.log" |
			awk '{ print $1 / 100, $2 / 1024 }' >"$dir/xen/$c-$1.dat"
	done
	gnuplot <<GP
set terminal png size 800,500
set output "$dir/xen-growth-$(($1 / 1024))g.png"
set title "dom0 512 MiB + $(($1 / 1024)) GiB under Xen (QEMU TCG, emulated time)"
set xlabel "seconds after xl mem-set"
set ylabel "MemTotal (MiB)"
set key bottom right
plot "$dir/xen/series-$1.dat" with lines title "series (auto-online off)", \
     "$dir/xen/base-online-$1.dat" with lines title "base (auto-online on)"
GP
}
# plot_cycle: MemTotal and MemFree over +1 GiB, down and up again, series
# and base (auto-online), first repetition.
plot_cycle() {
	for c in series base-online; do
		sed -n 's/^# \(grow\|shrink\|regrow\) t=\([0-9]*\) memtotal=\([0-9]*\).* free=\([0-9]*\).*/\2 \3 \4/p' \
			"$dir/xen/$c-1024-1.log" | awk '{ print $1 / 100, $2 / 1024, $3 / 1024 }' >"$dir/xen/$c-cycle.dat"
	done
	gnuplot <<GP
set terminal png size 900,500
set output "$dir/xen-up-down-up.png"
set title "dom0 512 MiB, +1 GiB, back, +1 GiB under Xen (QEMU TCG, emulated time)"
set xlabel "seconds after the first xl mem-set"
set ylabel "MiB"
set key outside right
plot "$dir/xen/series-cycle.dat" using 1:2 with lines title "series MemTotal", \
     "$dir/xen/series-cycle.dat" using 1:3 with lines title "series MemFree", \
     "$dir/xen/base-online-cycle.dat" using 1:2 with lines title "base MemTotal", \
     "$dir/xen/base-online-cycle.dat" using 1:3 with lines title "base MemFree"
GP
}
if command -v gnuplot >/dev/null; then
	for g in 1024 8192; do
		[ -f "$dir/xen/series-$g-1.log" ] && plot "$g"
	done
	grep -q "^# regrow " "$dir/xen/series-1024-1.log" 2>/dev/null && plot_cycle
else
	say "no gnuplot (scripts/deps installs gnuplot-nox): no plots"
fi
cat "$dir/xen-growth.md"
