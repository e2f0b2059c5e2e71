#!/bin/sh
# A kiosk's life under systemd (issue 10): a kiosk that cannot open its
# screen exits non-zero so that systemd starts it again; night mode off
# switches the screen off once and shows a blank frame; the board tells
# systemd it is ready after its first frame and keeps its watchdog fed
# from the main loop, and a loop that stops stops feeding it.
#   kiosk_life.sh BAOLAN
# The notification socket and the PNG check are python3 (skipped without).
set -u
baolan=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
XDG_RUNTIME_DIR=$tmp
export XDG_RUNTIME_DIR
passes=0
fails=0
ok() { echo "ok   $1"; passes=$((passes + 1)); }
fail() { echo "FAIL $1"; shift; for f in "$@"; do sed 's/^/  /' "$f"; done; fails=$((fails + 1)); }

# --kiosk with no DRM device to be had (this machine has no /dev/dri, or
# the driver is one that fails): exit 1 and say so, never run headless
for how in "--kiosk" "--config $tmp/kiosk.ini"; do
    printf '[screen]\nmode = kiosk\n' >"$tmp/kiosk.ini"
    # shellcheck disable=SC2086
    SDL_VIDEODRIVER=nosuchdriver timeout 60 ${BL_EMULATOR:-} "$baolan" run $how --exit-after 2 \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc = 1 ] && grep -q "kiosk: no display could be opened (kiosk (KMSDRM): .*); exiting so that systemd retries" \
        "$tmp/err" && ! grep -q "running headless" "$tmp/err" && [ ! -s "$tmp/out" ]; then
        ok "kiosk-fails ($how): $(tail -1 "$tmp/err")"
    else
        fail "kiosk-fails ($how): exit $rc" "$tmp/err"
    fi
done
# AUTO on the same machine still runs headless
SDL_VIDEODRIVER=nosuchdriver timeout 60 ${BL_EMULATOR:-} "$baolan" run --exit-after 1 >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc = 0 ] && grep -q "running headless" "$tmp/err"; then
    ok "auto-falls-back: headless"
else
    fail "auto-falls-back: exit $rc" "$tmp/err"
fi

# [night] mode = off inside night hours (from a minute ago to three
# minutes on): the night slide, the screen switched off once, and a blank
# (all black) frame; mode = blank shows its dim night slide instead.
night() {
    printf '[night]\nstart = %s\nend = %s\nmode = %s\n' "$(date -d '-1 min' +%H:%M)" \
        "$(date -d '+3 min' +%H:%M)" "$1" >"$tmp/night.ini"
    rm -f "$tmp/shot.png"
    timeout 60 ${BL_EMULATOR:-} "$baolan" run --headless --config "$tmp/night.ini" --size 320x240 --screenshot "$tmp/shot.png" \
        --exit-after 2 >"$tmp/out" 2>"$tmp/err"
}
# prints "black" when every pixel of the PNG is black (RGB 0), else "not black"
black() {
    python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pos, idat, w, h, ctype = 8, b"", 0, 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
bpp = {2: 3, 6: 4}[ctype]
raw, stride, prev, black = zlib.decompress(idat), w * bpp, bytearray(w * bpp), True
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if any(line[i] for i in range(stride) if bpp == 3 or i % 4 != 3):
        black = False
        break
    prev = line
print("black" if black else "not black")
PY
}
night off
rc=$?
if [ $rc = 0 ] && grep -q '"kind": "night"' "$tmp/out" && [ "$(grep -c 'screen off' "$tmp/err")" = 1 ] &&
    grep -q "display: info: screen off (a blank frame)" "$tmp/err"; then
    ok "night-off: the night slide, the screen off once"
else
    fail "night-off: exit $rc" "$tmp/out" "$tmp/err"
fi
if command -v python3 >/dev/null 2>&1; then
    if [ "$(black "$tmp/shot.png")" = black ]; then
        ok "night-off: the frame shown is blank"
    else
        fail "night-off: the frame shown is not blank" "$tmp/err"
    fi
    night blank
    if grep -q '"kind": "night"' "$tmp/out" && ! grep -q 'screen off' "$tmp/err" &&
        [ "$(black "$tmp/shot.png")" = "not black" ]; then
        ok "night-blank: the dim night slide, the screen on"
    else
        fail "night-blank" "$tmp/out" "$tmp/err"
    fi
fi

if ! command -v python3 >/dev/null 2>&1; then
    echo "skip watchdog: no python3"
else
    # READY=1 after the first frame, WATCHDOG=1 every third of
    # WATCHDOG_USEC, none while the process is stopped (SIGSTOP), again
    # after SIGCONT, STOPPING=1 on SIGTERM with exit status 0.
    cat >"$tmp/notify.py" <<'PY'
import os, signal, socket, subprocess, sys, time
tmp, cmd = sys.argv[1], sys.argv[2:]
path = os.path.join(tmp, "notify")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC="600000")
env.pop("WATCHDOG_PID", None)
err = open(os.path.join(tmp, "err"), "w")
p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
got = []  # (seconds since start, message)
t0 = time.monotonic()
def listen(seconds):
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return
        sock.settimeout(left)
        try:
            msg = sock.recv(4096).decode()
        except socket.timeout:
            return
        for line in msg.split("\n"):
            got.append((time.monotonic() - t0, line))
def count(what, since):
    return sum(1 for t, m in got if m == what and t >= since)
def check(name, cond):
    print(("ok   " if cond else "FAIL ") + name)
    return cond
good = True
# the first frame can take a while under an emulator
while not any(m == "READY=1" for _, m in got) and time.monotonic() - t0 < 60 and p.poll() is None:
    listen(0.5)
ready = next((t for t, m in got if m == "READY=1"), None)
good &= check("watchdog: READY=1 after the first frame", ready is not None)
if ready is not None:
    listen(4)
    good &= check("watchdog: WATCHDOG=1 while the loop runs (%d in %.1f s)"
                  % (count("WATCHDOG=1", ready), got[-1][0] - ready), count("WATCHDOG=1", ready) >= 10)
    p.send_signal(signal.SIGSTOP)
    time.sleep(0.2)  # a datagram already on its way
    stopped = time.monotonic() - t0
    listen(3)
    good &= check("watchdog: nothing while the loop is stopped (%d)" % count("WATCHDOG=1", stopped),
                  count("WATCHDOG=1", stopped) == 0)
    p.send_signal(signal.SIGCONT)
    resumed = time.monotonic() - t0
    listen(3)
    good &= check("watchdog: WATCHDOG=1 again after SIGCONT", count("WATCHDOG=1", resumed) >= 2)
p.send_signal(signal.SIGTERM)
try:
    rc = p.wait(30)
except subprocess.TimeoutExpired:
    p.kill()
    rc = "timeout"
listen(0.5)
good &= check("watchdog: STOPPING=1 and exit 0 on SIGTERM (exit %s)" % rc,
              rc == 0 and count("STOPPING=1", 0) == 1)
if not good:
    print("  messages: %s" % got)
    sys.stdout.write("".join("  " + l for l in open(os.path.join(tmp, "err"))))
sys.exit(0 if good else 1)
PY
    # shellcheck disable=SC2086
    if python3 "$tmp/notify.py" "$tmp" ${BL_EMULATOR:-} "$baolan" run --headless; then
        ok "watchdog"
    else
        fail "watchdog"
    fi
fi

echo "kiosk_life: $passes passed, $fails failed"
[ $fails = 0 ]
