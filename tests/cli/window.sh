#!/bin/sh
# The desktop simulation in a real window under a virtual X server: the
# board starts, shows a frame, and what the window shows (read back from
# the renderer) matches the headless render of the same slide.
#   window.sh BAOLAN COMPARE_PNG
set -u
baolan=$1
compare=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the headless run writes its slide-change frame here, not over a running
# board's $XDG_RUNTIME_DIR/baolan-screen.png
XDG_RUNTIME_DIR=$tmp
export XDG_RUNTIME_DIR
if ! command -v xvfb-run >/dev/null 2>&1; then
    echo "FAIL: xvfb-run is not installed (toolchain/dev.sh installs xvfb)"; exit 1
fi
# No ticker, no night, no transition into the first slide: the two frames
# differ only in the clock's minute and the progress mark, which are left
# out of the comparison (the status bar and the bottom rows).
cat >"$tmp/board.ini" <<'INI'
[screen]
size = 960x540
[ticker]
enabled = no
[night]
start = 00:00
end = 00:00
INI
# Under AddressSanitizer, X11's client libraries (libdbus, the GL driver
# that SDL loads and unloads) leave allocations LeakSanitizer reports; they
# are not ours, and our own code is leak-checked by every other test.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
xvfb-run -a -s "-screen 0 1280x800x24" "$baolan" run --window --config "$tmp/board.ini" \
    --exit-after 2 --screenshot "$tmp/window.png" >"$tmp/window.log" 2>&1
rc=$?
if [ $rc != 0 ] || [ ! -s "$tmp/window.png" ]; then
    echo "FAIL: the window run exited $rc"; cat "$tmp/window.log"; exit 1
fi
if ! grep -q "window display" "$tmp/window.log"; then
    echo "FAIL: no window was opened"; cat "$tmp/window.log"; exit 1
fi
"$baolan" run --headless --config "$tmp/board.ini" --exit-after 2 --screenshot "$tmp/headless.png" \
    >"$tmp/headless.log" 2>&1 || { echo "FAIL: headless run"; cat "$tmp/headless.log"; exit 1; }
# status bar: 6.5% of 540 = 35 rows; the progress mark sits at the bottom
# of the slide area (540 - 3 rows)
if "$compare" "$tmp/window.png" "$tmp/headless.png" 40 530; then
    echo "1 passed, 0 failed"
else
    cp "$tmp/window.png" "$tmp/headless.png" . 2>/dev/null
    echo "0 passed, 1 failed"; exit 1
fi
