#!/bin/sh
# The exported series sends: git send-email --dry-run (Debian's git-email)
# takes every file of patches/series, addressed as scripts/export left it
# (To: and Cc: from get_maintainer.pl), and nothing is sent.  A malformed
# export, a patch nobody would receive, or a header send-email cannot parse
# fails here; so does a fix whose Cc: stable tag send-email would not
# honour.  Prints KTAP.
set -u
. "$(dirname "$0")/../scripts/lib.sh"

echo "TAP version 13"
echo "1..3"
git send-email --help >/dev/null 2>&1 ||
	{ echo "Bail out! no git send-email (scripts/deps installs git-email)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0

set -- $(sed "s|^|$TOP/patches/|" "$TOP/patches/series")
from=$(sed -n 's/^From: //p;/^$/q' "$1")
rc=0
# In an empty repository: send-email reads nothing but the files.
git init -q "$tmp/repo"
(cd "$tmp/repo" && git send-email --dry-run --confirm=never --8bit-encoding=UTF-8 \
	--suppress-cc=self --from="$from" "$@" </dev/null >"$tmp/log" 2>&1) || rc=$?
sent=$(grep -c '^Dry-OK' "$tmp/log")
echo "# git send-email --dry-run: exit $rc, $sent of $# messages"
[ $rc = 0 ] || tail -n 5 "$tmp/log" | sed 's/^/# /'
[ $rc = 0 ] && [ "$sent" = $# ]
result $? "git send-email --dry-run takes all $# files of patches/series"

rc=0
for f in "$@"; do
	to=$(sed -n '/^$/q;/^To: /,/^[A-Z][a-z-]*: /p' "$f" | grep -o '<[^>]*>\|[^ ,<>]*@[^ ,<>]*' | head -n 1)
	[ -n "$to" ] || { echo "# no To: in ${f##*/}"; rc=1; continue; }
	grep -q "^RCPT TO:<${to#<}" "$tmp/log" 2>/dev/null ||
		grep -q "^RCPT TO:${to}" "$tmp/log" || { echo "# ${f##*/}: $to not among the recipients"; rc=1; }
done
result $rc "every message has a To: and send-email sends to it"

tagged=$(grep -l '^Cc: stable@vger.kernel.org' "$@" | wc -l)
added=$(grep -c '^(body) Adding cc: stable@vger.kernel.org' "$tmp/log")
echo "# Cc: stable tags: $tagged patches, $added honoured by send-email"
[ "$tagged" = "$added" ]
result $? "every Cc: stable tag reaches stable@vger.kernel.org"
exit $failed
