# Fault sweeps for the guest scenarios (busybox sh), after mhp-lib.sh;
# installed as /lib/mhp-faults.sh.  A sweep runs one operation of the test
# module (lib/test_mhp_silent.c) once with the 1st fault point of its task
# failing, then the 2nd, and so on (fail-nth, for slab and page allocations
# alike; guest/fail-nth.c), until it runs to the end without reaching the
# fault.  The scenario defines what must not change: state() prints it,
# and PFN is a page of the range, which no owner may keep after a failed
# add.
FI=/sys/kernel/debug
# Past this many attempts an operation counts as failed.
MAX_ATTEMPTS=1000

zone_spans() { grep -E '^Node|^ +(spanned|present) ' /proc/zoneinfo; }
# removed: state() is what it was at the start (/tmp/state0); the test
# module's range START+SIZE is removed if it is still added.
removed() { state | cmp -s - /tmp/state0; }
remove_if_added() {
	! grep -q 'test_mhp_silent' /proc/iomem || silent_ctl remove $START $SIZE
}

# Both injectors fail whatever the task asks for, sleeping allocations and
# order-0 pages included, and print a stack trace for every failure.
setup_injection() {
	local d
	for d in failslab fail_page_alloc; do
		[ -d $FI/$d ] || return 1
		echo N > $FI/$d/ignore-gfp-wait
		echo 2 > $FI/$d/verbose
		echo 0 > $FI/$d/verbose_ratelimit_interval_ms
	done
	echo N > $FI/fail_page_alloc/ignore-gfp-highmem
	echo 0 > $FI/fail_page_alloc/min-order
}

# attempt N CMD...: the test module's CMD with this task's N-th fault point
# failing (guest/fail-nth.c); prints "ERRNO LEFT", LEFT 0 if the fault was
# injected.
attempt() {
	local n=$1
	shift
	fail-nth "$n" $SILENT_CTL/control "$*"
}

# site_of_fault: "KEY|LABEL" for the failure injected since the last call.
# KEY: the first three callers outside the allocators in the fault
# injector's stack trace, "(no trace)" for an allocation made with
# __GFP_NOWARN, which fails without one.  LABEL: KEY, or for those the
# callers in the allocation failure report that may follow (vmalloc's;
# rate-limited, so not a KEY).
site_of_fault() {
	dmesg -c | awk '
	function frame(   f) {
		f = $NF; sub(/\+0x.*/, "", f)
		if (f ~ /^(<TASK>|dump_stack|should_|__should_|fail_dump|warn_alloc|prepare_alloc_pages|_*alloc_pages|_*alloc_frozen|_*folio_alloc|alloc_slab|kmem_cache_alloc|_*kmalloc|kzalloc|kcalloc|_*kvmalloc|kvzalloc|slab_|__slab|_*vmalloc|vzalloc|__vzalloc|alloc_pages_exact|get_zeroed_page|__get_free_pages|get_free_pages|_*alloc_pages_bulk|vm_area_alloc|__get_vm_area|__pte_alloc|__pmd_alloc|__pud_alloc|__p4d_alloc|pte_alloc|kmem_cache_zalloc|__kmem_cache|alloc_low_page)/)
			return ""
		return f
	}
	/FAULT_INJECTION: forcing a failure/ { src = "fi"; n = 0; s = "" }
	!key && !src && /warn_alloc|allocation failure|vmalloc error/ { src = "report"; n = 0; s = "" }
	src == "fi" && / name fail_page_alloc,/ { s = "page:" }
	src == "fi" && / name failslab,/ { s = "slab:" }
	src && /Call Trace:/ { intrace = 1; next }
	intrace && /<\/TASK>/ {
		intrace = 0
		if (src == "fi") key = s; else if (!label) label = s
		src = ""
		next
	}
	intrace && !/ \? / { f = frame(); if (f != "" && n++ < 3) s = s (n > 1 ? " < " : " ") f }
	END {
		if (!key) { key = "(no trace)"; if (label) label = "(__GFP_NOWARN)" label }
		print key "|" (label ? label : key)
	}'
}

# sweep NAME SETUP CMD SUCCEEDED RESET: every fault point of CMD in turn.
# SETUP brings the range to where CMD starts; after a failed attempt the
# state must equal SETUP's (and after an add no page of the range may be
# onlined: no section keeps the owner), after a successful one SUCCEEDED
# must hold; RESET goes back to where SETUP starts.
#
# Some sites are loops (vmalloc allocates a page at a time): while
# consecutive attempts hit the same site (KEY of site_of_fault), the step to
# the next fault point doubles, up to 256; where the site changes after a
# step of more than one, the gap is walked again one by one.  So every site
# with a trace is hit, and a site's run is sampled.
sweep() {
	local name setup cmd succeeded reset n=1 step=1 last_n=0 last_site= rc=1 left
	local attempts=0 injected=0 tolerated=0 errors="" site label
	name=$1 setup=$2 cmd=$3 succeeded=$4 reset=$5
	rm -f /tmp/sites.$name
	dmesg -c >/dev/null
	while [ $attempts -lt $MAX_ATTEMPTS ]; do
		eval "$setup" || { ktap_print_msg "$name: setup failed at $n"; return 1; }
		state >/tmp/before
		set -- $(attempt $n $cmd)
		rc=${1:-?} left=${2:-?}
		site=$(site_of_fault)
		label=${site#*|} site=${site%%|*}
		attempts=$((attempts + 1))
		if [ "$left" = 0 ]; then
			injected=$((injected + 1))
			echo "$label" >>/tmp/sites.$name
			if [ "$rc" = 0 ]; then
				tolerated=$((tolerated + 1))
				eval "$succeeded" || {
					ktap_print_msg "$name: fault $n ($site) tolerated, but the result is incomplete"
					return 1; }
			else
				case "$errors " in *" -$rc "*) ;; *) errors="$errors -$rc" ;; esac
				state >/tmp/after
				if ! cmp -s /tmp/before /tmp/after; then
					ktap_print_msg "$name: fault $n ($site) left a change behind:"
					diff /tmp/before /tmp/after | sed -n '3,10s/^/#   /p'
					return 1
				fi
				if [ "$name" != online ] && [ "$name" != remove ] &&
				   silent_try online $PFN 1; then
					ktap_print_msg "$name: fault $n ($site) left the range to the owner"
					return 1
				fi
			fi
		elif [ "$rc" != 0 ] || ! eval "$succeeded"; then
			ktap_print_msg "$name: failed without a fault: rc $rc, $(silent_status last)"
			return 1
		fi
		eval "$reset" || { ktap_print_msg "$name: reset failed after fault $n"; return 1; }
		if [ "$left" != 0 ] || [ "$site" != "$last_site" ]; then
			# Past the last fault point, or at another site: was a
			# site skipped in between?
			if [ $((n - last_n)) -gt 1 ]; then
				n=$((last_n + 1)) step=1
				continue
			fi
			[ "$left" = 0 ] || break
			step=1
		elif [ $step -lt 256 ]; then
			step=$((step * 2))
		fi
		last_n=$n last_site=$site
		n=$((n + step))
	done
	if [ $attempts -ge $MAX_ATTEMPTS ]; then
		ktap_print_msg "$name: not through after $MAX_ATTEMPTS attempts (fault point $n)"
		return 1
	fi
	ktap_print_msg "$name: $((n - 1)) fault points; $attempts attempts injected $injected faults:" \
		"$((injected - tolerated)) failed the operation (errors:$errors), $tolerated were tolerated"
	[ $injected = 0 ] || sort /tmp/sites.$name | uniq -c | sort -rn |
		while read -r count site; do ktap_print_msg "  ${count}x $site"; done
}

