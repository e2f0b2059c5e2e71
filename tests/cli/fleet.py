#!/usr/bin/env python3
"""A district's fleet on MQTT (ctest cli_fleet): a real Mosquitto broker on
127.0.0.1 (a free port, started here) and two real `baolan run
--headless` boards in one group, driven by `baolan fleet` as the office
would.

An alert reaches both boards (their slide logs say kind alert) within a
second of the office sending it (measured and printed); each board's
status is retained on the broker; a bad alert payload is logged naming
the topic and shows nothing; a screenshot and a reload are answered; a
signed bundle's article shows on both boards; the same bundle with one
byte changed, and one without a signature, are refused (a log line
saying why) and nothing of them reaches a screen or the folder; a board
killed with SIGKILL is reported offline by its last will.

    fleet.py BAOLAN
"""
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

baolan = sys.argv[1]
emu = os.environ.get("BL_EMULATOR", "").split()
mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
if not os.path.exists(mosquitto) or not shutil.which("mosquitto_pub") or not shutil.which("mosquitto_sub"):
    print("SKIP: mosquitto and mosquitto-clients are needed (toolchain/dev.sh installs them)")
    sys.exit(77)

tmp = tempfile.mkdtemp(prefix="baolan-fleet-")
fails = 0
procs = []


def check(name, cond, detail=""):
    global fails
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {detail}"))
    if not cond:
        fails += 1


def stop_all():
    for p in procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


# ---- the broker ---------------------------------------------------------------
port = free_port()
url = f"mqtt://127.0.0.1:{port}"
with open(os.path.join(tmp, "mosquitto.conf"), "w") as f:
    f.write(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
broker = subprocess.Popen([mosquitto, "-c", os.path.join(tmp, "mosquitto.conf")], stdout=subprocess.DEVNULL,
                          stderr=open(os.path.join(tmp, "mosquitto.log"), "w"))
procs.append(broker)
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        break
    except OSError:
        time.sleep(0.1)
else:
    print("FAIL broker-starts:", open(os.path.join(tmp, "mosquitto.log")).read())
    stop_all()
    sys.exit(1)


def fleet(*args, timeout=30):
    return subprocess.run(emu + [baolan, "fleet"] + list(args), capture_output=True, text=True, timeout=timeout)


# ---- the district's keys --------------------------------------------------------
r = fleet("keygen", "--out", os.path.join(tmp, "district"))
check("keygen", r.returncode == 0, r.stderr)
pub = open(os.path.join(tmp, "district.pub")).read().strip()
check("secret-key-0600", os.stat(os.path.join(tmp, "district.key")).st_mode & 0o777 == 0o600)

# ---- two boards in group fengtai ----------------------------------------------------
boards = {}


class Board:
    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(tmp, name)
        self.content = os.path.join(self.dir, "content")
        os.makedirs(self.content)
        shutil.copy(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets", "articles",
                                 "2026-03-13-01-fengtai-cadres-meeting.txt"), self.content)
        self.conf = os.path.join(self.dir, "board.ini")
        with open(self.conf, "w") as f:
            f.write(f"""[content]
folder = {self.content}
settle = 0.2
[schedule]
min-dwell = 1
max-dwell = 1
headline-dwell = 1
[transition]
type = none
[fleet]
broker = {url}
board = {name}
group = fengtai
key = {pub}
""")
        self.slides = []  # (arrival time, slide)
        self.errlog = os.path.join(self.dir, "stderr")
        self.p = subprocess.Popen(emu + [baolan, "run", "--headless", "--config", self.conf, "--size", "640x360"],
                                  stdout=subprocess.PIPE, stderr=open(self.errlog, "w"), text=True,
                                  env=dict(os.environ, XDG_RUNTIME_DIR=self.dir))
        procs.append(self.p)
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.p.stdout:
            line = line.strip()
            if line.startswith("{"):
                try:
                    self.slides.append((time.time(), json.loads(line)))
                except ValueError:
                    pass

    def stderr(self):
        return open(self.errlog).read()

    def first(self, since, pred, within):
        """Arrival time of the first slide after `since` that pred accepts."""
        end = time.time() + within
        while time.time() < end:
            for t, s in list(self.slides):
                if t >= since and pred(s):
                    return t
            time.sleep(0.02)
        return None

    def shows(self, title, since, within):
        return self.first(since, lambda s: s.get("article") == title, within) is not None


a, b = Board("board-a"), Board("board-b")


def statuses(wait="1"):
    r = fleet("status", "--broker", url, "--json", "--wait", wait)
    out = {}
    for line in r.stdout.splitlines():
        try:
            j = json.loads(line)
            out[j["board"]] = j
        except ValueError:
            pass
    return out


# both boards connected: their retained statuses are on the broker
st = {}
for _ in range(30):
    st = statuses()
    if all(n in st and st[n]["alive"] for n in ("board-a", "board-b")):
        break
    time.sleep(0.5)
check("both-boards-alive", all(n in st and st[n]["alive"] for n in ("board-a", "board-b")), st)
s = st.get("board-a", {}).get("status", {})
check("status-fields", all(k in s for k in ("version", "uptime", "slide", "articles", "last_error", "free_disk")) and
      s["articles"] == 1 and s["free_disk"] > 0 and s["group"] == "fengtai", s)
# retained: a subscriber that comes later is given them at once
r = subprocess.run(["mosquitto_sub", "-p", str(port), "-t", "baolan/+/status", "-C", "2", "-W", "5", "-v"],
                   capture_output=True, text=True, timeout=20)
check("status-retained", r.returncode == 0 and "baolan/board-a/status {" in r.stdout and
      "baolan/board-b/status {" in r.stdout, (r.returncode, r.stdout, r.stderr))

# ---- an alert to the group: both boards within a second -------------------------------
TEXT = "燃气管道抢修，请勿在楼内使用明火！"
t0 = time.time()
r = fleet("alert", "--broker", url, "--group", "fengtai", "--minutes", "5", TEXT)
check("alert-sent", r.returncode == 0, r.stderr)
took = []
for bd in (a, b):
    t = bd.first(t0, lambda s: s.get("kind") == "alert" and s.get("article") == TEXT, 5)
    took.append(t - t0 if t else None)
print("     alert reached board-a in %s s, board-b in %s s (from before `baolan fleet alert` started)" %
      tuple("%.3f" % x if x is not None else "never" for x in took))
# Speed is measured, not asserted: the second is printed above; the
# check fails only when an alert does not arrive at all (5 s: qemu-user and
# the sanitizer build are slow, not wrong)
check("alert-reaches-both", all(x is not None for x in took), took)
time.sleep(0.5)
st = statuses()
check("status-shows-alert", all((st.get(n, {}).get("status") or {}).get("alert", {}) and
                                st[n]["status"]["alert"]["text"] == TEXT for n in ("board-a", "board-b")), st)

# a bad payload: logged naming the topic and the reason, nothing shown
t0 = time.time()
subprocess.run(["mosquitto_pub", "-p", str(port), "-q", "1", "-t", "baolan/board-b/alert", "-m",
                '{"text": "", "minutes": 5}'], timeout=10)
subprocess.run(["mosquitto_pub", "-p", str(port), "-q", "1", "-t", "baolan/board-b/alert", "-m", "not json"],
               timeout=10)
time.sleep(1)
err = b.stderr()
check("bad-alert-logged", "baolan/board-b/alert: not shown: text" in err and
      "baolan/board-b/alert: not shown: the payload is not JSON" in err, err[-800:])
check("bad-alert-not-shown", not any(t >= t0 and s.get("kind") == "alert" and s.get("article") != TEXT
                                     for t, s in b.slides))

# cleared for the group: both boards go back to their articles
t0 = time.time()
r = fleet("clear", "--broker", url, "--group", "fengtai")
for bd in (a, b):
    check(bd.name + "-alert-cleared", r.returncode == 0 and bd.first(t0, lambda s: s.get("kind") != "alert", 5)
          is not None, bd.slides[-2:])

# ---- screenshot and reload ---------------------------------------------------------------
shot = os.path.join(tmp, "board-a.png")
r = fleet("screenshot", "--broker", url, "--board", "board-a", "--out", shot)
ok = r.returncode == 0 and os.path.exists(shot)
if ok:
    head = open(shot, "rb").read(24)
    ok = head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", head[16:24]) == (640, 360)
check("screenshot-answered", ok, (r.returncode, r.stderr))
r = fleet("reload", "--broker", url, "--board", "board-b")
time.sleep(1.5)
check("reload-answered", r.returncode == 0 and "configuration and content reloaded" in b.stderr(), b.stderr()[-500:])

# ---- a signed bundle ---------------------------------------------------------------------
src = os.path.join(tmp, "office")
os.mkdir(src)
TITLE = "流感疫苗接种 2026"
with open(os.path.join(src, "vaccine.txt"), "w") as f:
    f.write(f"title: {TITLE}\n\n本周六上午九点，社区卫生站接种流感疫苗，请带身份证。\n")
bundle = os.path.join(tmp, "week48.json")
r1 = fleet("bundle", "--group", "fengtai", "--out", bundle, os.path.join(src, "vaccine.txt"))
r2 = fleet("sign", "--key", os.path.join(tmp, "district.key"), bundle)
t0 = time.time()
r3 = fleet("send-bundle", "--broker", url, bundle)
check("bundle-made-signed-sent", r1.returncode == r2.returncode == r3.returncode == 0,
      (r1.stderr, r2.stderr, r3.stderr))
for bd in (a, b):
    check(bd.name + "-shows-bundle", bd.shows(TITLE, t0, 20), [s for _, s in bd.slides[-3:]])
for _ in range(20):
    st = statuses("0.5")
    if all((st.get(n, {}).get("status") or {}).get("articles") == 2 for n in ("board-a", "board-b")):
        break
check("status-counts-bundle", all((st.get(n, {}).get("status") or {}).get("articles") == 2
                                  for n in ("board-a", "board-b")), st)
kept = {bd.name: open(os.path.join(bd.content, "fleet-vaccine.txt")).read() for bd in (a, b)}

# the same bundle with one byte changed (2026 -> 2027), with its signature
text = open(bundle).read()
sig = open(bundle + ".sig").read().strip()
tampered = text.replace(TITLE, TITLE[:-1] + "7", 1)  # the title's last digit
check("tampered-one-byte", len(tampered.encode()) == len(text.encode()) and
      sum(x != y for x, y in zip(tampered.encode(), text.encode())) == 1)
forged = text.replace(TITLE, "伪造通知 没有签名")
t0 = time.time()
for payload in ({"sig": sig, "bundle": tampered}, {"bundle": forged}):
    pf = os.path.join(tmp, "payload.json")
    with open(pf, "w") as f:
        json.dump(payload, f, ensure_ascii=False)
    subprocess.run(["mosquitto_pub", "-p", str(port), "-q", "1", "-t", "baolan/fengtai/bundle", "-f", pf],
                   timeout=10)
time.sleep(4)  # several slides: what is refused must not come up
for bd in (a, b):
    err = bd.stderr()
    check(bd.name + "-tampered-refused", "bundle refused: the signature does not match" in err, err[-600:])
    check(bd.name + "-unsigned-refused", "bundle refused: unsigned" in err, err[-600:])
    check(bd.name + "-refused-never-shown", not any(s.get("article") in ("流感疫苗接种 2027", "伪造通知 没有签名")
                                                    for _, s in bd.slides))
    check(bd.name + "-keeps-bundle", open(os.path.join(bd.content, "fleet-vaccine.txt")).read() == kept[bd.name] and
          bd.shows(TITLE, t0, 10))
st = statuses()
check("status-last-error", "unsigned" in ((st.get("board-a", {}).get("status") or {}).get("last_error") or ""), st)

# ---- a bundle announced by URL: the office's web server keeps it, the boards fetch it -----
import http.server
import threading
www = os.path.join(tmp, "www")
os.mkdir(www)
TITLE2 = "网址发布的通知"
with open(os.path.join(src, "notice.txt"), "w") as f:
    f.write(f"title: {TITLE2}\n\n本通知由区里的网站发布，各报栏自己去取。\n")
bundle2 = os.path.join(www, "week49.json")
r1 = fleet("bundle", "--group", "fengtai", "--out", bundle2, os.path.join(src, "notice.txt"))
r2 = fleet("sign", "--key", os.path.join(tmp, "district.key"), bundle2)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kw):
        super().__init__(*args, directory=www, **kw)

    def log_message(self, *args):
        pass


httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
threading.Thread(target=httpd.serve_forever, daemon=True).start()
burl = "http://127.0.0.1:%d/week49.json" % httpd.server_address[1]
t0 = time.time()
r3 = fleet("send-bundle", "--broker", url, "--url", burl, bundle2)
check("url-bundle-sent", r1.returncode == r2.returncode == r3.returncode == 0, (r1.stderr, r2.stderr, r3.stderr))
for bd in (a, b):
    check(bd.name + "-shows-url-bundle", bd.shows(TITLE2, t0, 20), [s for _, s in bd.slides[-3:]])
# the file on the server altered after signing: refused, nothing changes
text2 = open(bundle2).read()
with open(bundle2, "w") as f:
    f.write(text2.replace("各报栏", "各报亭", 1))
kept2 = {bd.name: sorted(os.listdir(bd.content)) for bd in (a, b)}
refusals = {bd.name: bd.stderr().count("bundle refused: the signature does not match") for bd in (a, b)}
r4 = fleet("send-bundle", "--broker", url, "--url", burl, "--sig", bundle2 + ".sig", bundle2)
time.sleep(3)
for bd in (a, b):
    check(bd.name + "-altered-url-bundle-refused",
          bd.stderr().count("bundle refused: the signature does not match") == refusals[bd.name] + 1 and
          sorted(os.listdir(bd.content)) == kept2[bd.name] and bd.shows(TITLE2, time.time() - 3, 10),
          bd.stderr()[-400:])
httpd.shutdown()

# ---- a board dies: its last will says offline --------------------------------------------
a.p.send_signal(signal.SIGKILL)
a.p.wait(10)
t0 = time.time()
st = {}
while time.time() - t0 < 10:
    st = statuses("0.5")
    if st.get("board-a", {}).get("alive") is False:
        break
print("     board-a reported offline %.2f s after SIGKILL" % (time.time() - t0))
check("last-will-offline", st.get("board-a", {}).get("alive") is False and st.get("board-b", {}).get("alive"), st)
r = subprocess.run(["mosquitto_sub", "-p", str(port), "-t", "baolan/board-a/status", "-C", "1", "-W", "5"],
                   capture_output=True, text=True, timeout=20)
check("last-will-retained", r.stdout.strip() == "offline", r.stdout)

check("board-b-still-running", b.p.poll() is None)
b.p.terminate()
b.p.wait(10)
check("board-b-stops-cleanly", b.p.returncode == 0, b.p.returncode)
r = subprocess.run(["mosquitto_sub", "-p", str(port), "-t", "baolan/board-b/status", "-C", "1", "-W", "5"],
                   capture_output=True, text=True, timeout=20)
check("clean-stop-offline", r.stdout.strip() == "offline", r.stdout)
stop_all()
if not fails:
    shutil.rmtree(tmp, ignore_errors=True)
print("fleet: %d failed" % fails)
sys.exit(1 if fails else 0)
