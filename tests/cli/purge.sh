#!/bin/sh
# The package's purge (firmware/debian/postrm) keeps the community's
# articles: the content folder and the inbox stay, the rest of the board's
# state goes; BAOLAN_PURGE_CONTENT=yes takes everything.  Runs the real
# maintainer script on a scratch state folder (BAOLAN_STATE_DIR); the
# systemd and user steps find nothing to do here.
#   purge.sh POSTRM
set -u
postrm=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passes=0
fails=0
check() { if eval "$2"; then echo "ok   $1"; passes=$((passes + 1)); else echo "FAIL $1"; fails=$((fails + 1)); fi; }

make_state() {
    rm -rf "$tmp/state"
    mkdir -p "$tmp/state/content" "$tmp/state/inbox/imported" "$tmp/state/cache"
    printf 'title: 居委会通知\n\n周六义诊。\n' >"$tmp/state/content/01.txt"
    printf 'page\n' >"$tmp/state/inbox/imported/p.txt"
    printf 'x' >"$tmp/state/cache/x"
    printf 'x' >"$tmp/state/.hidden"
}

make_state
BAOLAN_STATE_DIR=$tmp/state sh "$postrm" purge >"$tmp/out" 2>&1
check "purge keeps the articles" '[ -f "$tmp/state/content/01.txt" ] && [ -f "$tmp/state/inbox/imported/p.txt" ]'
check "purge removes the rest" '[ ! -e "$tmp/state/cache" ] && [ ! -e "$tmp/state/.hidden" ]'
check "purge says what it kept" 'grep -q "kept the articles in.*content" "$tmp/out"'

make_state
BAOLAN_STATE_DIR=$tmp/state BAOLAN_PURGE_CONTENT=yes sh "$postrm" purge >"$tmp/out" 2>&1
check "BAOLAN_PURGE_CONTENT=yes removes everything" '[ ! -e "$tmp/state" ]'

make_state
BAOLAN_STATE_DIR=$tmp/state sh "$postrm" remove >"$tmp/out" 2>&1
check "remove keeps everything" '[ -f "$tmp/state/content/01.txt" ] && [ -f "$tmp/state/cache/x" ]'

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
