# Common settings for the harness scripts; sourced, not run.
# shellcheck shell=sh

TOP=$(cd "$(dirname "$0")/.." && pwd)
# Debian's programs, which scripts/deps installs, before anything put first
# in PATH: a pyenv python3 has neither ply nor GitPython, and without them
# checkpatch skips its SPDX check without a word.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
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

# apt_suite SUITE DIR: set APT_OPTS so that apt-get and apt-cache reach
# Debian's SUITE through a sources list, package lists and a cache of the
# harness's own under DIR, given with apt's -o options: the machine's apt
# sources and lists are never changed.  An empty SUITE leaves APT_OPTS
# empty: the machine's own sources serve.  Then:
#   apt_lists [--refresh]   fetch the suite's package lists, once or anew;
#   apt_download PKG=VERSION [TO]   download the .deb into TO ($DL);
#   candidate PKG           the newest version apt knows of PKG, or nothing.
apt_suite() {
	suite=$1 aptdir=$2 APT_OPTS=
	[ -n "$suite" ] || return 0
	mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]" \
		"${MIRROR:-http://deb.debian.org/debian} $suite main" >"$aptdir/sources.list.new"
	cmp -s "$aptdir/sources.list.new" "$aptdir/sources.list" ||
		{ mv "$aptdir/sources.list.new" "$aptdir/sources.list"; rm -f "$aptdir/lists/"*_Packages*; }
	rm -f "$aptdir/sources.list.new"
	APT_OPTS="-o Dir::Etc::sourcelist=$aptdir/sources.list -o Dir::Etc::sourceparts=/dev/null
		-o Dir::State::Lists=$aptdir/lists -o Dir::Cache=$aptdir/cache
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root"
}
apt_lists() {
	[ -n "$suite" ] || return 0
	if [ "${1:-}" = --refresh ] || ! ls "$aptdir/lists/"*_Packages* >/dev/null 2>&1; then
		say "reading the package lists of $suite"
		# shellcheck disable=SC2086
		apt-get $APT_OPTS -q update >"$aptdir/update.log" 2>&1 ||
			{ cat "$aptdir/update.log" >&2; die "apt-get update of $suite failed"; }
	fi
}
apt_download() {
	mkdir -p "${2:-$DL}"
	# shellcheck disable=SC2086
	(cd "${2:-$DL}" && apt-get $APT_OPTS download "$1" >"$DL/apt.log" 2>&1)
}
candidate() {
	# shellcheck disable=SC2086
	apt-cache $APT_OPTS policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: //p' | grep -v '^(none)$' || :
}
