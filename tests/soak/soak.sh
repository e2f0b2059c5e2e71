#!/bin/bash
# The board's real loop for minutes, the way months of unattended running
# treat it: `baolan run --headless` at 240 fps on a 640x360 frame while a
# churn script adds, edits, deletes and half-writes articles, drops junk, a
# FIFO, a symlink loop, a directory named like an article and a thousand
# small files into the content folder, feeds the inbox, and sends SIGHUPs
# (one of them with the configuration file missing).
#
# It fails when the board dies, when slide lines stop coming, when its
# resident memory keeps growing (the last third of the run against the
# middle third), or when the sanitizers report anything at exit (LSan
# included).  Frame times are printed, not asserted (a shared machine is
# noisy).
#   soak.sh BAOLAN SECONDS [SRC_DIR]
# ctest runs it for three minutes in the ASan+UBSan build; for a nightly
# run give it hours: tests/soak/soak.sh build-asan/firmware/baolan 14400
set -u
baolan=$1
secs=${2:-180}
src=${3:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
pid=
churn=
cleanup() {
    [ -n "$churn" ] && kill "$churn" 2>/dev/null
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
    chmod -R u+rwX "$tmp" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_RUNTIME_DIR=$tmp SDL_VIDEODRIVER=offscreen
# A small quarantine so that ASan's own bookkeeping does not look like a
# leak in the RSS figures.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8:detect_leaks=1:abort_on_error=1"
c=$tmp/content
mkdir -p "$c" "$tmp/inbox"
cp "$src"/assets/articles/*.txt "$c/"
cat >"$tmp/board.ini" <<INI
[screen]
size = 640x360
fps = 240
[schedule]
min-dwell = 1
max-dwell = 4
headline-dwell = 2
[transition]
duration = 0.3
[content]
folder = $c
inbox = $tmp/inbox
settle = 0.5
[night]
start = 00:00
end = 00:00
INI
cp "$tmp/board.ini" "$tmp/board.ini.good"

"$baolan" run --headless --config "$tmp/board.ini" --exit-after "$secs" >"$tmp/slides" 2>"$tmp/err" &
pid=$!

article() { # FILE TITLE N: an article of N paragraphs
    { printf 'title: %s\n\n' "$2"; i=0; while [ $i -lt "$3" ]; do
        printf '第%d段。社区服务中心本周开展便民服务活动，欢迎居民前来参加。\n\n' $i; i=$((i + 1)); done; } >"$1"
}

churn_loop() {
    n=0
    raw=$(ls "$src"/tests/data/import/page-*.txt | head -3)
    while :; do
        n=$((n + 1))
        case $((n % 12)) in
        0) article "$c/.new.tmp" "新增通知$n" $((n % 7 + 1)); mv "$c/.new.tmp" "$c/50-new-$((n % 5)).txt" ;;
        1) f="$c/60-inplace.txt"; article "$tmp/full" "就地写入$n" 6
           head -c 200 "$tmp/full" >"$f"; sleep 0.3; cat "$tmp/full" >"$f" ;;
        2) rm -f "$c/50-new-$(((n / 12) % 5)).txt" ;;
        3) head -c 3000 /dev/urandom >"$c/70-junk.txt" ;;
        4) [ -p "$c/80-fifo.txt" ] || mkfifo "$c/80-fifo.txt" ;;
        5) ln -sfn "$c/81-loop-b.txt" "$c/81-loop-a.txt"; ln -sfn "$c/81-loop-a.txt" "$c/81-loop-b.txt" ;;
        6) mkdir -p "$c/82-folder.txt" ;;
        7) article "$c/83-locked.txt" "上锁$n" 2; chmod 000 "$c/83-locked.txt" ;;
        8) if [ $(((n / 12) % 4)) = 0 ]; then
               i=0; while [ $i -lt 1000 ]; do printf 'title: 小%d\n\n短。\n' $i >"$c/9$(printf %04d $i).txt"; i=$((i + 1)); done
           else rm -f "$c"/9[0-9][0-9][0-9][0-9].txt; fi ;;
        9) p=$(echo "$raw" | sed -n "$(((n / 12) % 3 + 1))p"); head -c 1000 "$p" >"$tmp/inbox/page-$n.txt"
           sleep 0.2; cat "$p" >"$tmp/inbox/page-$n.txt" ;;
        10) kill -HUP "$pid" 2>/dev/null ;;
        11) if [ $(((n / 12) % 3)) = 1 ]; then rm -f "$tmp/board.ini"; kill -HUP "$pid" 2>/dev/null; sleep 0.5
                cp "$tmp/board.ini.good" "$tmp/board.ini"; fi
            rm -f "$c"/7[0-9]-*.txt ;;
        esac
        sleep 0.25
    done
}
churn_loop >/dev/null 2>&1 &
churn=$!

# RSS (KiB) and slide lines, once a second
: >"$tmp/rss"
t=0
while kill -0 "$pid" 2>/dev/null; do
    r=$(awk '/^VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null)
    [ -n "$r" ] && echo "$t $r $(wc -l <"$tmp/slides")" >>"$tmp/rss"
    sleep 1
    t=$((t + 1))
done
wait "$pid"
rc=$?
pid=
kill "$churn" 2>/dev/null
wait "$churn" 2>/dev/null
churn=

fails=0
check() { if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fails=$((fails + 1)); fi; }
[ $rc = 0 ]; check $? "the board ran $secs s and exited 0 (exit $rc)"
if [ $rc != 0 ]; then tail -30 "$tmp/err"; fi
! grep -Eq "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:" "$tmp/err"
check $? "no sanitizer report"
# slide lines keep coming: none of the run's ten-second windows is silent
gap=$(awk 'NR > 1 && $3 == last { same++; if (same > worst) worst = same } $3 != last { same = 0 } { last = $3 }
    END { print worst + 0 }' "$tmp/rss")
[ "$gap" -le 10 ]; check $? "slide lines kept coming (longest silence ${gap} s, $(wc -l <"$tmp/slides") lines)"
# memory: the last third's median RSS within 10 % (and 8 MB) of the middle third's
n=$(wc -l <"$tmp/rss")
median() { awk '{ print $2 }' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] + 0 }'; }
mid=$(sed -n "$((n / 3 + 1)),$((2 * n / 3))p" "$tmp/rss" | median)
last=$(sed -n "$((2 * n / 3 + 1)),\$p" "$tmp/rss" | median)
[ "$last" -le $((mid + mid / 10 + 8192)) ]; check $? "memory flat: median RSS ${mid} KiB in the middle third, ${last} KiB in the last"
echo "frames: $(grep -o '{"frames".*' "$tmp/err" | tail -1)"
echo "slides by kind: $(grep -o '"kind": "[a-z]*"' "$tmp/slides" | sort | uniq -c | tr '\n' ' ')"
echo "warnings: $(grep -c 'warning' "$tmp/err"), errors: $(grep -c 'error' "$tmp/err")"
[ -n "${SOAK_KEEP:-}" ] && cp "$tmp/rss" "$tmp/slides" "$tmp/err" "$SOAK_KEEP"/
[ "$fails" = 0 ] && echo "1 passed, 0 failed" || { tail -20 "$tmp/err"; echo "0 passed, 1 failed"; }
[ "$fails" = 0 ]
