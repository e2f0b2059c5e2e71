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

# simulate on a content folder written a moment ago: the articles show at
# once (the settle time used to leave the board empty for the whole
# simulated hour)
mkdir "$tmp/fresh"
printf 'title: 刚同步的通知\n\n本周六上午在社区活动中心举行义诊。\n' >"$tmp/fresh/01-fresh.txt"
printf 'title: 大写后缀\n\n文件名的后缀是大写的。\n' >"$tmp/fresh/07-upper.TXT"
timeout 120 ${BL_EMULATOR:-} "$baolan" simulate --size 640x360 --duration 120 --content "$tmp/fresh" \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 0 ] && grep -q '"kind": "page", "article": "刚同步的通知"' "$tmp/out" &&
    grep -q '"article": "大写后缀"' "$tmp/out"; then
    ok "fresh-content: $(grep -c '"kind": "page"' "$tmp/out") page slides, 07-upper.TXT among them"
else
    fail "fresh-content: exit $rc" "$tmp/out" "$tmp/err"
fi

# SIGHUP keeps the rotation's place: the board is not built again, so the
# slide times go on (a new board started them from 0 again)
cat >"$tmp/hup.ini" <<INI
[screen]
size = 640x360
[schedule]
min-dwell = 1
max-dwell = 1
headline-dwell = 1
[content]
folder = $tmp/content
[night]
start = 00:00
end = 00:00
INI
printf 'title: 第二条通知\n\n图书角新到一批图书。\n' >"$tmp/content/02-books.txt"
${BL_EMULATOR:-} "$baolan" run --headless --config "$tmp/hup.ini" --exit-after 7 >"$tmp/slides" 2>"$tmp/err" &
pid=$!
sleep 2
kill -HUP "$pid"
sleep 2
kill -HUP "$pid"
wait "$pid"
rc=$?
pid=
starts=$(sed -n 's/^{"t": \([0-9.]*\),.*/\1/p' "$tmp/slides" |
    awk 'NR == 1 || $1 < last { n++ } { last = $1 } END { print n + 0 }')
if [ $rc = 0 ] && [ "$starts" = 1 ] && [ "$(grep -c 'configuration and content reloaded' "$tmp/err")" = 2 ]; then
    ok "sighup-keeps-the-place: $(grep -c . "$tmp/slides") slides, the rotation started once"
else
    fail "sighup-keeps-the-place: exit $rc, the rotation started $starts times" "$tmp/slides" "$tmp/err"
fi
rm "$tmp/content/02-books.txt"

# an inbox configured as the content folder is refused with one message;
# it used to import the operator's articles again and again ('title:
# title: ...', hundreds of files a minute)
sed "s|^folder = .*|folder = $tmp/content\ninbox = $tmp/content|" "$tmp/hup.ini" >"$tmp/loop.ini"
${BL_EMULATOR:-} "$baolan" run --headless --config "$tmp/loop.ini" --exit-after 4 >"$tmp/slides" 2>"$tmp/err"
rc=$?
files=$(ls -A "$tmp/content" | wc -l)
if [ $rc = 0 ] && [ "$(grep -c 'is the content folder' "$tmp/err")" = 1 ] && [ "$files" = 1 ] &&
    grep -q '"article": "居委会通知"' "$tmp/slides"; then
    ok "inbox-is-the-content-folder: $(grep 'is the content folder' "$tmp/err" | cut -c1-120)..."
else
    fail "inbox-is-the-content-folder: exit $rc, $files files in the content folder" "$tmp/err"
    ls -A "$tmp/content"
fi

# the content budget: an article past it is refused with a message naming it
mkdir "$tmp/big"
for n in 1 2; do
    { printf 'title: 长文%s\n\n' $n; i=0; while [ $i -lt 900 ]; do printf '社区活动中心本周六开放，欢迎居民参加。\n'; i=$((i + 1)); done; } \
        >"$tmp/big/0$n-long.txt"
done
printf '[content]\nbudget = 65536\n' >"$tmp/budget.ini"
timeout 120 ${BL_EMULATOR:-} "$baolan" simulate --config "$tmp/budget.ini" --size 640x360 --duration 60 \
    --content "$tmp/big" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 0 ] && grep -q '02-long.txt: .* content budget of 65536 bytes' "$tmp/err" &&
    grep -q '"article": "长文1"' "$tmp/out" && ! grep -q '"article": "长文2"' "$tmp/out"; then
    ok "content-budget: $(grep -o '02-long.txt: .*budget of 65536 bytes' "$tmp/err")"
else
    fail "content-budget: exit $rc" "$tmp/err"
fi

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
