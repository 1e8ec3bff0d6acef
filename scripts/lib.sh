# Common settings for the harness scripts; sourced, not run.
# shellcheck shell=sh

TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
OUT=${OUT:-$TOP/out}
DL=${DL:-$BUILD/dl}
TREE=$BUILD/linux		# the work tree: tag 'base' + one commit per patch
BASE_TREE=$BUILD/base/linux	# the unmodified base, for out/bzImage-base

# Fixed build identity so that both kernels (and reruns) share ccache hits.
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'
export KBUILD_BUILD_USER=mhp
export KBUILD_BUILD_HOST=harness
export CCACHE_BASEDIR=$BUILD
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_NOHASHDIR=1
# The only absolute path left in the compiler arguments; it maps the source
# tree to "" for __FILE__, so it does not change what is compiled.
export CCACHE_IGNOREOPTIONS="-fmacro-prefix-map=*"

say() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# pin KEY: one value from base/linux.pin ($PIN, for trying another pin)
PIN=${PIN:-$TOP/base/linux.pin}
pin() { sed -n "s/^$1=//p" "$PIN"; }

# result RC DESCRIPTION: the next KTAP case of a harness self-test, ok when
# RC is 0; counts in $n and sets $failed=1 on a failure (the caller starts
# with n=0 failed=0 and exits with $failed).
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; failed=1; fi
}
