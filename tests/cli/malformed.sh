#!/bin/sh
# What a user sees when an article file is bad: the exit status, and one
# line on stderr that names the file and the reason.  Nothing crashes.
#   malformed.sh BAOLAN   (BL_EMULATOR, if set, runs it: qemu for ARM builds)
set -u
baolan=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0

# expect NAME STATUS PATTERN -- ARGS...: runs baolan ARGS, checks the exit
# status and that stderr matches PATTERN (grep -E).
expect() {
    name=$1 want=$2 pat=$3
    shift 4
    # shellcheck disable=SC2086
    timeout 60 ${BL_EMULATOR:-} "$baolan" "$@" >"$tmp/out" 2>"$tmp/err" # 124: it hung
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, wanted $want"; sed 's/^/  stderr: /' "$tmp/err"; fails=$((fails + 1)); return
    fi
    if ! grep -Eq -- "$pat" "$tmp/err"; then
        echo "FAIL $name: stderr does not match /$pat/"; sed 's/^/  stderr: /' "$tmp/err"; fails=$((fails + 1)); return
    fi
    echo "ok   $name: $(head -1 "$tmp/err")"
    passes=$((passes + 1))
}

good="$tmp/good.txt"
printf 'title: 好消息\n\n社区活动中心本周六开放。\n' >"$good"

# invalid UTF-8: rendered with U+FFFD, a warning gives the byte offset
printf 'title: 坏字节\n\n社区\377\376活动中心开放。\n' >"$tmp/bad-utf8.txt"
expect invalid-utf8 0 "bad-utf8.txt.*(byte|offset) 2[0-9]" -- render "$tmp/bad-utf8.txt" --out "$tmp/b.png"
[ -s "$tmp/b.png" ] || { echo "FAIL invalid-utf8: no PNG written"; fails=$((fails + 1)); }

: >"$tmp/empty.txt"
expect empty-file 1 "empty.txt.*empty" -- render "$tmp/empty.txt" --out "$tmp/e.png"

printf 'title: 没有正文\n\n\n' >"$tmp/nobody.txt"
expect empty-body 1 "nobody.txt.*empty body" -- render "$tmp/nobody.txt" --out "$tmp/e.png"

printf 'subtitle: 没有标题\n\n正文。\n' >"$tmp/notitle.txt"
expect missing-title 1 "notitle.txt.*missing title" -- layout "$tmp/notitle.txt" --json

head -c 4096 /dev/urandom >"$tmp/binary.txt"
expect binary-file 1 "binary.txt.*(not a UTF-8 text|binary)" -- render "$tmp/binary.txt" --out "$tmp/e.png"

expect missing-file 1 "nosuch.txt.*No such file" -- render "$tmp/nosuch.txt" --out "$tmp/e.png"

# a 5 MB article is over the 4 MB limit
{ printf 'title: 太长\n\n'; i=0; while [ $i -lt 5 ]; do head -c 1048576 /dev/zero | tr '\0' 'a'; i=$((i + 1)); done; printf '\n'; } >"$tmp/huge.txt"
expect huge-article 1 "huge.txt.*(larger than|limit)" -- render "$tmp/huge.txt" --out "$tmp/e.png"

printf 'title: 未知\nfoo: bar\n\n正文。\n' >"$tmp/unknown.txt"
expect unknown-key 0 "unknown.txt:2.*unknown key" -- layout "$tmp/unknown.txt" --json

expect directory 1 "$tmp.*(directory|Is a)" -- render "$tmp" --out "$tmp/e.png"

# a FIFO with no writer: refused at once, never waited on (the board reads
# its files the same way)
mkfifo "$tmp/pipe.txt"
expect fifo 1 "pipe.txt.*FIFO" -- render "$tmp/pipe.txt" --out "$tmp/e.png"

# usage errors exit 2
expect no-out 2 "needs --out" -- render "$good"
expect bad-size 2 "--size" -- render "$good" --size 12 --out "$tmp/x.png"
expect bad-command 2 "unknown command" -- frobnicate
expect bad-page 1 "page 9 does not exist" -- render "$good" --page 9 --out "$tmp/x.png"
expect unwritable-out 1 "nodir/x.png" -- render "$good" --out "$tmp/nodir/x.png"

expect jpeg-out 2 "x.jpg.*PNG" -- render "$good" --out "$tmp/x.jpg"

# what a user asks the program about itself: stdout, exit 0
says() {
    name=$1 pat=$2
    shift 2
    if timeout 60 ${BL_EMULATOR:-} "$baolan" "$@" >"$tmp/out" 2>"$tmp/err" && grep -Eq -- "$pat" "$tmp/out"; then
        echo "ok   $name: $(head -1 "$tmp/out")"
        passes=$((passes + 1))
    else
        echo "FAIL $name: wanted /$pat/ on stdout and exit 0"; sed 's/^/  out: /' "$tmp/out" "$tmp/err"
        fails=$((fails + 1))
    fi
}
says version "^baolan [0-9]+\.[0-9]+\.[0-9]+$" --version
says render-help "^usage: baolan render ARTICLE" render --help
says render-help-options "^  --orientation" render --help
says import-help "^usage: baolan import PAGE" import -h
says help-simulate "^usage: baolan simulate" help simulate

echo "$passes passed, $fails failed"
[ "$fails" = 0 ]
