#!/bin/sh
# The firmware as installed: `cmake --install` lays out the program, the
# demo, the theme, the configuration, the unit and the subset fonts; with
# ONLY the subset fonts (no fonts-noto-cjk behind them) every demo page
# renders to the same bytes as this build does with the full fonts, a notice
# with emoji and CJK Extension B names (tests/data/emoji/notice.txt) shows
# no box and its emoji come from the colour face, and the installed files
# stay under 12 MB (18 MB with the TC faces).  With the TC faces (TC = ON) a
# Traditional article (tests/data/hant-*.txt) and the demo articles shown
# with --script traditional have no box (no "missing" glyph, no "no font
# has" warning) in both writing modes at 1920x1080, 1080x1920 and 800x480,
# set in the TC faces.
#   firmware.sh BUILD_DIR BAOLAN PREFIX SYSCONFDIR UNITDIR TC SOURCE_DIR
# It installs into a scratch DESTDIR, never onto this machine.
set -u
build=$1
baolan=$2
prefix=$3
sysconf=$4
unitdir=$5
tc=$6
src=$7
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! DESTDIR="$tmp/root" cmake --install "$build" >"$tmp/install.log" 2>&1; then
    echo "FAIL: cmake --install"; cat "$tmp/install.log"; echo "0 passed, 1 failed"; exit 1
fi
fails=0
for f in "$prefix/bin/baolan" "$prefix/share/baolan/assets/theme.ini" "$prefix/share/baolan/fonts/fonts.list" \
    "$prefix/share/baolan/fonts/NotoSerifCJKsc-Regular-subset.otf" \
    "$prefix/share/baolan/fonts/NotoSansCJKsc-Bold-subset.otf" "$sysconf/baolan/baolan.ini" \
    "$unitdir/baolan.service"; do
    [ -e "$tmp/root/$f" ] || { echo "FAIL: $f not installed"; fails=$((fails + 1)); }
done
limit=12288
if [ "$tc" = ON ]; then
    limit=18432
    for f in NotoSerifCJKtc-Regular-subset.otf NotoSansCJKtc-Regular-subset.otf NotoSansCJKtc-Bold-subset.otf; do
        [ -e "$tmp/root/$prefix/share/baolan/fonts/$f" ] || { echo "FAIL: $f not installed"; fails=$((fails + 1)); }
    done
fi
size=$(du -sk "$tmp/root" | cut -f1)
if [ "${BL_SANITIZED_PROGRAM:-0}" = 1 ]; then
    # a sanitizer build: the program is not the one that ships; count the rest
    size=$((size - $(du -sk "$tmp/root/$prefix/bin/baolan" | cut -f1)))
    echo "installed without the (sanitized) program: ${size} KiB"
else
    echo "installed: ${size} KiB"
fi
[ "$size" -lt "$limit" ] || { echo "FAIL: the firmware is over $((limit / 1024)) MB"; fails=$((fails + 1)); }
# only the subset fonts: a font list naming the installed folder alone
data="$tmp/root/$prefix/share/baolan"
echo "dir = ." >"$data/fonts/fonts.list"
BAOLAN_DATA="$data" "$tmp/root/$prefix/bin/baolan" pages --out "$tmp/subset" >"$tmp/subset.log" 2>&1 ||
    { echo "FAIL: pages with the subset fonts"; cat "$tmp/subset.log"; fails=$((fails + 1)); }
if grep -q "no font has" "$tmp/subset.log"; then
    echo "FAIL: a demo character is missing from the subset fonts"; grep "no font has" "$tmp/subset.log"
    fails=$((fails + 1))
fi
"$baolan" pages --out "$tmp/full" >"$tmp/full.log" 2>&1 || { echo "FAIL: pages with the full fonts"; fails=$((fails + 1)); }
n=0
for p in "$tmp"/full/*.png; do
    n=$((n + 1))
    cmp -s "$p" "$tmp/subset/$(basename "$p")" || { echo "FAIL: $(basename "$p") differs with the subset fonts"; fails=$((fails + 1)); }
done
echo "$n demo pages compared"
# emoji and Extension B with the package's own faces: no box, colour emoji
notice=$(dirname "$0")/../data/emoji/notice.txt
for f in NotoColorEmoji-subset.ttf HanaMinB-subset.ttf; do
    [ -e "$build/fonts/$f" ] || { echo "SKIP: $f was not made (its Debian font is not on this machine)"; continue; }
    [ -e "$data/fonts/$f" ] || { echo "FAIL: $f not installed"; fails=$((fails + 1)); }
done
if [ -e "$data/fonts/NotoColorEmoji-subset.ttf" ] && [ -e "$data/fonts/HanaMinB-subset.ttf" ]; then
    for o in horizontal vertical; do
        for s in 1920x1080 1080x1920 800x480; do
            BAOLAN_DATA="$data" "$tmp/root/$prefix/bin/baolan" layout "$notice" --json --glyphs --size $s \
                --orientation $o >"$tmp/notice.json" 2>"$tmp/notice.log" ||
                { echo "FAIL: layout of the notice ($o $s)"; cat "$tmp/notice.log"; fails=$((fails + 1)); }
            if grep -q "no font has" "$tmp/notice.log"; then
                echo "FAIL: the notice shows boxes with the package's fonts ($o $s)"; grep "no font has" "$tmp/notice.log"
                fails=$((fails + 1))
            fi
            # 🎉 📅 ☎️ 👨‍👩‍👧 👍🏽 🇨🇳 each one glyph of the colour face
            for e in 🎉 📅 ☎ 👨 👍 🇨; do
                grep -q "\"cp\":\"$e\",\"gid\":[0-9]*,\"face\":\"Noto Color Emoji\"" "$tmp/notice.json" ||
                    { echo "FAIL: $e is not drawn by Noto Color Emoji ($o $s)"; fails=$((fails + 1)); }
            done
        done
    done
    echo "the emoji notice laid out in both modes at 3 sizes with the package's fonts"
fi
[ "$n" -gt 0 ] || fails=$((fails + 1))
# Traditional text with only the subset fonts: no box anywhere
if [ "$tc" = ON ]; then
    checked=0
    for size in 1920x1080 1080x1920 800x480; do
        for mode in horizontal vertical; do
            for art in "$src"/tests/data/hant-*.txt "$data"/assets/articles/*.txt; do
                case $art in "$src"/tests/*) script=as-is ;; *) script=traditional ;; esac
                out="$tmp/tc-$(basename "$art" .txt)-$size-$mode.json"
                if ! BAOLAN_DATA="$data" "$tmp/root/$prefix/bin/baolan" layout "$art" --json --glyphs --size "$size" \
                    --orientation "$mode" --script "$script" >"$out" 2>"$out.log"; then
                    echo "FAIL: layout of $(basename "$art") ($size $mode, script $script) with the subset fonts"
                    cat "$out.log"; fails=$((fails + 1)); continue
                fi
                checked=$((checked + 1))
                if grep -q '"missing":true' "$out" || grep -q "no font has" "$out.log"; then
                    echo "FAIL: $(basename "$art") ($size $mode, script $script) has a box with the subset fonts:"
                    grep "no font has" "$out.log"; fails=$((fails + 1))
                fi
                grep -q '"face":"Noto Serif CJK TC"' "$out" ||
                    { echo "FAIL: $(basename "$art") ($size $mode) is not set in Noto Serif CJK TC"; fails=$((fails + 1)); }
                if grep -q '"face":"Noto S[a-z]* CJK SC"' "$out" && [ "$script" = as-is ]; then
                    echo "FAIL: $(basename "$art") ($size $mode) has glyphs from an SC face"; fails=$((fails + 1))
                fi
            done
        done
    done
    echo "$checked Traditional layouts checked for boxes"
fi
if [ "$fails" = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; exit 1; fi
