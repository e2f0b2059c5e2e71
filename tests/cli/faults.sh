#!/bin/sh
# Faults an operator runs into, each once a bug: the board must name the
# mistake or keep the community's content on screen.
#   faults.sh BAOLAN
set -u
baolan=$1
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
XDG_RUNTIME_DIR=$tmp
export XDG_RUNTIME_DIR
passes=0
fails=0
ok() { echo "ok   $1"; passes=$((passes + 1)); }
fail() { echo "FAIL $1"; shift; for f in "$@"; do sed 's/^/  /' "$f"; done; fails=$((fails + 1)); }

mkdir "$tmp/content"
printf 'title: 居委会通知\n\n本周六上午在社区活动中心举行义诊，欢迎居民参加。\n' >"$tmp/content/01-notice.txt"

# --content naming a file, not a folder: exit 1 with the reason, not an
# empty board that exits 0
timeout 60 ${BL_EMULATOR:-} "$baolan" run --headless --content "$tmp/content/01-notice.txt" --exit-after 1 \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 1 ] && grep -q "01-notice.txt is a file, not a folder" "$tmp/err"; then
    ok "content-is-a-file: $(grep 'not a folder' "$tmp/err")"
else
    fail "content-is-a-file: exit $rc" "$tmp/err"
fi

# SIGHUP while the configuration file is missing: the running board and
# its content stay (it used to fall back to the defaults: the bundled demo)
cat >"$tmp/board.ini" <<INI
[screen]
size = 640x360
[content]
folder = $tmp/content
[night]
start = 00:00
end = 00:00
INI
${BL_EMULATOR:-} "$baolan" run --headless --config "$tmp/board.ini" --exit-after 6 >"$tmp/slides" 2>"$tmp/err" &
pid=$!
sleep 2
rm "$tmp/board.ini"
kill -HUP "$pid"
sleep 1
kill -HUP "$pid"
wait "$pid"
rc=$?
pid=
if [ $rc = 0 ] && grep -q "keeping the running board" "$tmp/err" && grep -q "居委会通知" "$tmp/slides" &&
    ! grep -q "丰台" "$tmp/slides"; then
    ok "sighup-without-configuration: $(grep -c . "$tmp/slides") slide lines, all from the community's folder"
else
    fail "sighup-without-configuration: exit $rc" "$tmp/slides" "$tmp/err"
fi

# the smallest frames the configuration accepts run the board (they used
# to stop it at start: a font size out of range, under systemd a restart
# loop with a black screen)
for size in 160x120 1920x120; do
    timeout 120 ${BL_EMULATOR:-} "$baolan" simulate --size $size --duration 30 >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc = 0 ] && grep -q '"kind": "page"' "$tmp/out"; then
        ok "frame-$size: $(grep -c . "$tmp/out") slides"
    else
        fail "frame-$size: exit $rc" "$tmp/err"
    fi
done

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
