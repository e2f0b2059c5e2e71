#!/usr/bin/env python3
"""The web page's server over real HTTP (ctest cli_admin): a real
`baolan admin` on 127.0.0.1 beside a real `baolan run --headless` on the
same content folder.

A volunteer logs in, writes a notice, edits it and deletes it, and each
change shows in the board's slide log; and every security rule answers
with its status: no password set (the server does not start), 401 without
a session, 403 without the CSRF token, 400 with the reason for a bad
notice, 404 for an id that would leave the content folder, 413 for a body
over the bound, 429 after repeated wrong passwords, and the cookie is
HttpOnly and SameSite=Strict.

    admin.py BAOLAN
"""
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

baolan = sys.argv[1]
emu = os.environ.get("BL_EMULATOR", "").split()
tmp = tempfile.mkdtemp(prefix="baolan-admin-")
content = os.path.join(tmp, "content")
os.mkdir(content)
conf = os.path.join(tmp, "board.ini")
with open(conf, "w") as f:
    f.write(f"""[board]
control = {tmp}/control.sock
[content]
folder = {content}
settle = 0.2
[schedule]
min-dwell = 1
max-dwell = 1
headline-dwell = 1
[transition]
type = none
[admin]
listen = 127.0.0.1:8080
tls = no
max-upload = 2097152
""")

fails = 0


def check(name, cond, detail=""):
    global fails
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {detail}"))
    if not cond:
        fails += 1


procs = []


def stop_all():
    for p in procs:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


# ---- no password: the server does not start ---------------------------------
r = subprocess.run(emu + [baolan, "admin", "--config", conf], capture_output=True, text=True, timeout=60)
check("no-password-no-server", r.returncode == 1 and "no password is set" in r.stderr and
      "--set-password" in r.stderr, f"{r.returncode} {r.stderr}")

r = subprocess.run(emu + [baolan, "admin", "--config", conf, "--set-password"], input="short\n",
                   capture_output=True, text=True, timeout=60)
check("short-password-refused", r.returncode == 1 and "8 to 256" in r.stderr, r.stderr)

PASSWORD = "居委会 2026 notice board"
r = subprocess.run(emu + [baolan, "admin", "--config", conf, "--set-password"], input=PASSWORD + "\n",
                   capture_output=True, text=True, timeout=120)
pwfile = os.path.join(tmp, "admin.pass")
check("password-set", r.returncode == 0 and os.path.exists(pwfile), r.stderr)
mode = os.stat(pwfile).st_mode & 0o777
check("password-file-0600", mode == 0o600, oct(mode))
check("password-hashed", open(pwfile).read().startswith("$argon2id$") and PASSWORD not in open(pwfile).read())

# ---- the board and the server ------------------------------------------------
board = subprocess.Popen(emu + [baolan, "run", "--headless", "--config", conf, "--size", "640x360"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
procs.append(board)
slides = []


def read_board():
    for line in board.stdout:
        line = line.strip()
        if line.startswith("{"):
            try:
                slides.append(json.loads(line))
            except ValueError:
                pass


threading.Thread(target=read_board, daemon=True).start()

admin = subprocess.Popen(emu + [baolan, "admin", "--config", conf, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
procs.append(admin)
port = None
line = admin.stdout.readline()
m = re.match(r"listening on port (\d+)", line)
if not m:
    print("FAIL admin-starts:", line, admin.stderr.read() if admin.poll() is not None else "")
    stop_all()
    sys.exit(1)
port = int(m.group(1))


def req(method, path, body=None, cookie=None, csrf=None, raw=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = dict(headers or {})
    if body is not None:
        raw = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    if cookie:
        h["Cookie"] = "bl_session=" + cookie
    if csrf:
        h["X-CSRF-Token"] = csrf
    c.request(method, path, body=raw, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    try:
        js = json.loads(data) if data else None
    except ValueError:
        js = None
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), js


def board_shows(title, want=True, within=20.0):
    """The board's slide log names the article by its title within
    `within` seconds; or (want False) its latest slide is another one and
    stays so for 3 s (an empty board logs one slide and holds it)."""
    t0 = time.time()
    n = len(slides)
    while time.time() - t0 < within:
        time.sleep(0.5)
        if want and any(s.get("article") == title for s in slides[n:]):
            return True
        if not want and slides and slides[-1].get("article") != title:
            mark = len(slides)
            time.sleep(3)
            if not any(s.get("article") == title for s in slides[mark:]):
                return True
    return False


st, h, js = req("GET", "/api/articles")
check("401-without-session", st == 401, st)
check("security-headers", "default-src 'self'" in h.get("content-security-policy", "") and
      h.get("x-content-type-options") == "nosniff" and h.get("cache-control") == "no-store", h)

st, h, js = req("POST", "/api/login", {"password": "wrong password"})
check("401-wrong-password", st == 401, st)

st, h, js = req("POST", "/api/login", {"password": PASSWORD, "name": "王阿姨"})
cookie = re.search(r"bl_session=([0-9a-f]+)", h.get("set-cookie", ""))
check("login", st == 200 and js and len(js.get("csrf", "")) == 64 and cookie, (st, h, js))
sc = h.get("set-cookie", "")
check("cookie-httponly-samesite", "HttpOnly" in sc and "SameSite=Strict" in sc, sc)
cookie = cookie.group(1)
csrf = js["csrf"]

notice = {"title": "停水通知", "subtitle": "请居民提前储水", "priority": 0,
          "body": "因管道检修，本小区十二月二日上午九点至十二点停水。\n\n请各位居民提前储水，给您带来不便，敬请谅解。"}
st, h, js = req("POST", "/api/articles", notice, cookie)
check("403-without-csrf", st == 403, st)
st, h, js = req("POST", "/api/articles", notice, cookie, "0" * 64)
check("403-wrong-csrf", st == 403, st)
st, h, js = req("POST", "/api/articles", notice, cookie, csrf)
check("create-201", st == 201 and js and js.get("id") and js.get("title") == "停水通知", (st, js))
aid = js["id"]
path = os.path.join(content, aid + ".txt")
check("create-file-written", os.path.exists(path) and "停水通知" in open(path, encoding="utf-8").read())
check("no-temp-files-left", not [n for n in os.listdir(content) if n.startswith(".")], os.listdir(content))
check("board-shows-created", board_shows("停水通知"), [s.get("article") for s in slides[-5:]])

st, h, js = req("GET", "/api/articles/" + aid, cookie=cookie)
check("get-one", st == 200 and js["subtitle"] == "请居民提前储水" and js["body"] == notice["body"], js)
st, h, js = req("GET", "/api/articles", cookie=cookie)
check("list", st == 200 and [a["id"] for a in js["articles"]] == [aid] and js["articles"][0]["state"] == "showing", js)

edited = dict(notice, title="停水通知（时间调整）", **{"show-until": "2099-12-31 12:00"})
st, h, js = req("PUT", "/api/articles/" + aid, edited, cookie, csrf)
check("edit-200", st == 200 and js["title"] == "停水通知（时间调整）", (st, js))
check("edit-file", "时间调整" in open(path, encoding="utf-8").read())
# days/hours that exclude now: listed as off hours
st, h, js = req("POST", "/api/articles", {"title": "夜间通知", "body": "正文。", "hours": "03:00-03:01",
                                          "days": "一"}, cookie, csrf)
offid = js and js.get("id")
st2, h, js = req("GET", "/api/articles", cookie=cookie)
states = {a["id"]: a["state"] for a in js["articles"]} if js else {}
lt = time.localtime()
check("offhours-state", st == 201 and states.get(offid) == ("showing" if (lt.tm_wday == 0 and lt.tm_hour == 3 and lt.tm_min == 0) else "offhours"), (st, states))
st, h, js = req("POST", "/api/articles", {"title": "坏时段", "body": "正文。", "hours": "上午"}, cookie, csrf)
check("400-bad-hours", st == 400 and "hours" in js.get("error", ""), (st, js))
if offid:
    os.unlink(os.path.join(content, offid + ".txt"))
check("board-shows-edited", board_shows("停水通知（时间调整）"), [s.get("article") for s in slides[-5:]])

# the preview: the notice as the board will show it (its slide area)
import struct
c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
c.request("POST", "/api/preview.png", body=json.dumps(dict(notice, body=notice["body"] * 8)).encode(),
          headers={"Cookie": "bl_session=" + cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"})
resp = c.getresponse()
pv = resp.read()
c.close()
w_, h_ = struct.unpack(">II", pv[16:24]) if pv[:8] == b"\x89PNG\r\n\x1a\n" else (0, 0)
pages = int(resp.getheader("X-Baolan-Pages") or 0)
check("preview-unsaved", resp.status == 200 and w_ == 1920 and 0 < h_ < 1080 and pages >= 2, (resp.status, w_, h_, pages))
open(os.path.join(tmp, "preview.png"), "wb").write(pv)
st, h, js = req("GET", "/api/preview.png?id=%s&page=1" % aid, cookie=cookie)
check("preview-saved", st == 200 and h.get("content-type") == "image/png" and h.get("x-baolan-pages") == "1", (st, h))
st, h, js = req("GET", "/api/preview.png?id=%s&page=9" % aid, cookie=cookie)
check("preview-404-past-last-page", st == 404, st)
st, h, js = req("GET", "/api/preview.png?id=..%2Fboard&page=1", cookie=cookie)
check("preview-404-bad-id", st == 404, st)

# bad notices: 400 with the reason, nothing written
before = sorted(os.listdir(content))
for name, body, want in [
        ("no-title", {"body": "正文"}, "title"),
        ("no-body", {"title": "标题"}, "body"),
        ("bad-time", {"title": "标题", "body": "正文", "show-from": "明天"}, "show-from"),
        ("bad-key", {"title": "标题", "body": "正文", "Evil Key": "x"}, "not a key"),
        ("newline-in-title", {"title": "标题\nsubtitle: x", "body": "正文"}, "one line"),
        ("not-json", None, "not JSON")]:
    if body is None:
        st, h, js = req("POST", "/api/articles", cookie=cookie, csrf=csrf, raw=b"{title:",
                        headers={"Content-Type": "application/json"})
    else:
        st, h, js = req("POST", "/api/articles", body, cookie, csrf)
    check("400-" + name, st == 400 and js and want in js.get("error", ""), (st, js))
check("400-writes-nothing", sorted(os.listdir(content)) == before, os.listdir(content))

# ids never become paths outside the folder
secret = os.path.join(tmp, "board.ini")
for bad in ["..%2Fboard.ini", "../board", "..", ".hidden", "%2E%2E%2Fboard", "a%2Fb", "a%5Cb", "x%00y"]:
    st, h, js = req("GET", "/api/articles/" + bad, cookie=cookie)
    st2, _, _ = req("PUT", "/api/articles/" + bad, notice, cookie, csrf)
    st3, _, _ = req("DELETE", "/api/articles/" + bad, cookie=cookie, csrf=csrf)
    check("404-path-" + bad, st in (400, 404) and st2 in (400, 404) and st3 in (400, 404), (st, st2, st3))
check("config-untouched", os.path.exists(secret) and "[admin]" in open(secret).read())

# bounded bodies: a declared length over the bound is answered before the
# body is sent (as a client that waits for 100 Continue sees it); a chunked
# body without a length is read, dropped past the bound, and answered 413


def raw_status(head, body=b""):
    import socket
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(head)
    try:
        s.sendall(body)
    except OSError:
        pass
    data = b""
    while b"\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    s.close()
    m = re.match(rb"HTTP/1\.1 (\d+)", data)
    return int(m.group(1)) if m else 0


hdr = ("POST /api/articles HTTP/1.1\r\nHost: x\r\nCookie: bl_session=%s\r\nX-CSRF-Token: %s\r\n"
       "Content-Type: application/json\r\n" % (cookie, csrf)).encode()
check("413-declared-too-big", raw_status(hdr + b"Content-Length: 300000\r\nExpect: 100-continue\r\n\r\n") == 413)
chunks = b"".join(b"%x\r\n%s\r\n" % (8192, b"x" * 8192) for _ in range(40)) + b"0\r\n\r\n"
check("413-chunked-too-big", raw_status(hdr + b"Transfer-Encoding: chunked\r\n\r\n", chunks) == 413)
check("413-before-login", raw_status(b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n") == 413)

# uploads: multipart, checked by content, moved into place, names cleaned
def multipart(fields, filename, data):
    b = "----baolanTestBoundary7"
    out = b""
    for k, v in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (b, k, v)).encode()
    out += ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n" % (b, filename)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % b).encode()
    return out, "multipart/form-data; boundary=" + b


def upload(kind, filename, data, csrf_=None, cookie_=None):
    body, ctype = multipart({"kind": kind}, filename, data)
    return req("POST", "/api/uploads", cookie=cookie_ if cookie_ is not None else cookie,
               csrf=csrf_ if csrf_ is not None else csrf, raw=body, headers={"Content-Type": ctype})


png_path = os.path.join(tmp, "photo.png")
subprocess.run(emu + [baolan, "render", os.path.join(os.path.dirname(__file__), "..", "..", "assets", "articles",
                      sorted(os.listdir(os.path.join(os.path.dirname(__file__), "..", "..", "assets", "articles")))[0]),
                      "--size", "320x200", "--page", "1", "--out", png_path, "--quiet"], check=True, timeout=120)
png = open(png_path, "rb").read()
st, h, js = upload("picture", "../../家门口 的 照片!.png", png)
check("upload-picture-201", st == 201 and js and js.get("file", "").startswith("pictures/") and js.get("width") == 320,
      (st, js))
if st == 201:
    check("upload-picture-name-clean", js["file"] == "pictures/家门口-的-照片.png", js["file"])
    check("upload-picture-in-place", open(os.path.join(content, js["file"]), "rb").read() == png)
st, h, js = upload("picture", "notes.jpg", b"this is not a picture at all\n" * 10)
check("upload-text-as-jpg-415", st == 415 and "notes.jpg" in js.get("error", "") and "not a JPEG, PNG or WebP" in js["error"],
      (st, js))
pdf = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
       b"4 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
st, h, js = upload("poster", "社区活动海报.pdf", pdf)
check("upload-pdf-poster-201", st == 201 and js.get("file") == "社区活动海报.pdf" and js.get("pages") == 2, (st, js))
st, h, js = upload("poster", "broken.pdf", b"%PDF-1.4\n garbage")
check("upload-broken-pdf-415", st == 415 and "broken.pdf" in js.get("error", ""), (st, js))
st, h, js = upload("poster", "again.png", png)
check("upload-png-poster", st == 201 and js.get("file") == "again.png", (st, js))
page_txt = open(os.path.join(os.path.dirname(__file__), "..", "data", "import", "page-a-w12.txt"), "rb").read()
st, h, js = upload("page", "丰台报第3版.txt", page_txt)
check("upload-page-imported", st == 201 and "article" in js.get("summary", "") and "丰台报第3版.txt" in js["summary"],
      (st, js and js.get("summary", "")[:300]))
st, h, js = upload("picture", "x.png", png, csrf_="")
check("upload-403-without-csrf", st == 403, st)
st, h, js = upload("picture", "x.png", png, cookie_="")
check("upload-401-without-session", st == 401, st)
check("upload-413-declared", raw_status(("POST /api/uploads HTTP/1.1\r\nHost: x\r\nCookie: bl_session=%s\r\n"
                                         "X-CSRF-Token: %s\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                                         "Content-Length: 9999999\r\n\r\n" % (cookie, csrf)).encode()) == 413)
check("upload-no-temp-left", not [n for n in os.listdir(content) if n.startswith(".")], os.listdir(content))
for n in os.listdir(content):
    if n.endswith(".txt") and n != aid + ".txt":
        os.unlink(os.path.join(content, n))  # the imported page's articles: out of the board's way

# delete
st, h, js = req("DELETE", "/api/articles/" + aid, cookie=cookie)
check("delete-403-without-csrf", st == 403 and os.path.exists(path), st)
st, h, js = req("DELETE", "/api/articles/" + aid, cookie=cookie, csrf=csrf)
check("delete-204", st == 204 and not os.path.exists(path), st)
st, h, js = req("GET", "/api/articles/" + aid, cookie=cookie)
check("deleted-404", st == 404, st)
check("board-drops-deleted", board_shows("停水通知（时间调整）", want=False), [s.get("article") for s in slides[-5:]])

audit = [json.loads(l) for l in open(os.path.join(tmp, "admin-audit.log"), encoding="utf-8")]
check("audit-log", [(a["action"], a["who"]) for a in audit] ==
      [("create", "王阿姨"), ("edit", "王阿姨"), ("create", "王阿姨"), ("upload picture", "王阿姨"), ("upload poster", "王阿姨"),
       ("upload poster", "王阿姨"), ("import page", "王阿姨"), ("delete", "王阿姨")], audit)

# the emergency alert: on screen within 2 s whatever is showing, in the
# log as kind alert, on /api/screen.png, kept across a restart, cleared
def board_kind(kind, within=10.0):
    t0 = time.time()
    n = len(slides)
    while time.time() - t0 < within:
        if any(s.get("kind") == kind for s in slides[n - 1 if n else 0:]):
            return time.time() - t0
        time.sleep(0.05)
    return None


st, h, js = req("POST", "/api/alert", {"text": "燃气管道抢修，请勿在楼内使用明火！", "minutes": 30}, cookie, csrf)
took = board_kind("alert")
check("alert-201", st == 201, (st, js))
# measured, not asserted: the issue asks for 2 s, printed here; the check
# fails only when the alert never comes (10 s: emulated and sanitizer runs)
check("alert-on-screen", took is not None, [s.get("kind") for s in slides[-3:]])
print("     alert took %.2f s (the issue asks for 2 s)" % (took or -1))
check("alert-log-text", slides and slides[-1].get("article") == "燃气管道抢修，请勿在楼内使用明火！", slides[-1:])
st, h, js = req("GET", "/api/status", cookie=cookie)
check("status-shows-alert", st == 200 and js["screen"] and js["screen"]["alert"]["text"].startswith("燃气"), js)
st, h, png = None, None, None
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
c.request("GET", "/api/screen.png", headers={"Cookie": "bl_session=" + cookie})
resp = c.getresponse()
png = resp.read()
c.close()
check("screen-png", resp.status == 200 and resp.getheader("Content-Type") == "image/png" and png[:8] == b"\x89PNG\r\n\x1a\n",
      (resp.status, png[:16]))
shot = os.path.join(tmp, "screen-alert.png")
open(shot, "wb").write(png)
st, h, js = req("POST", "/api/alert", {"text": "", "minutes": 5}, cookie, csrf)
check("alert-400-empty", st == 400 and "text" in js.get("error", ""), (st, js))
st, h, js = req("POST", "/api/alert", {"text": "x", "minutes": 99999999}, cookie, csrf)
check("alert-400-minutes", st == 400 and "minutes" in js.get("error", ""), (st, js))
st, h, js = req("POST", "/api/alert", {"text": "x"}, cookie)
check("alert-403-without-csrf", st == 403, st)
check("alert-file-kept", os.path.exists(os.path.join(tmp, "alert.txt")))

# the board restarts: the alert comes back
board.terminate()
board.wait(20)
slides.clear()
board = subprocess.Popen(emu + [baolan, "run", "--headless", "--config", conf, "--size", "640x360"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
procs.append(board)
threading.Thread(target=read_board, daemon=True).start()
time.sleep(0.5)
check("alert-after-restart", board_kind("alert", 20) is not None, slides[:3])

st, h, js = req("DELETE", "/api/alert", cookie=cookie, csrf=csrf)
check("alert-cleared-204", st == 204, st)
t0 = time.time()
while time.time() - t0 < 3 and (not slides or slides[-1].get("kind") == "alert"):
    time.sleep(0.05)
check("alert-gone-from-screen", slides and slides[-1].get("kind") != "alert", slides[-2:])
check("alert-file-removed", not os.path.exists(os.path.join(tmp, "alert.txt")))

# logout ends the session
st, h, js = req("POST", "/api/logout", cookie=cookie, csrf=csrf)
st2, _, _ = req("GET", "/api/status", cookie=cookie)
check("logout", st == 204 and st2 == 401, (st, st2))

# guessing: the fifth wrong password locks the address out, the right one too
codes = [req("POST", "/api/login", {"password": "guess %d" % i})[0] for i in range(6)]
st, h, js = req("POST", "/api/login", {"password": PASSWORD})
check("429-after-guessing", codes[:4] == [401] * 4 and codes[5] == 429 and st == 429 and
      int(h.get("retry-after", "0")) > 0, (codes, st, h.get("retry-after")))

# HTTPS (the default): a certificate made at first start, kept, and used;
# the cookie gets Secure
import ssl
tls_conf = os.path.join(tmp, "tls.ini")
with open(conf) as f:
    text = f.read().replace("tls = no", "tls = yes")
with open(tls_conf, "w") as f:
    f.write(text)
tadmin = subprocess.Popen(emu + [baolan, "admin", "--config", tls_conf, "--listen", "127.0.0.1:0"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
procs.append(tadmin)
m = re.match(r"listening on port (\d+)", tadmin.stdout.readline())
certfile = os.path.join(tmp, "admin-cert.pem")
keyfile = os.path.join(tmp, "admin-key.pem")
check("tls-cert-made", m and os.path.exists(certfile) and os.stat(keyfile).st_mode & 0o777 == 0o600)
if m:
    ctx = ssl.create_default_context(cafile=certfile)
    ctx.check_hostname = False  # the certificate names the machine, the test dials 127.0.0.1
    c = http.client.HTTPSConnection("127.0.0.1", int(m.group(1)), context=ctx, timeout=30)
    c.request("POST", "/api/login", body=json.dumps({"password": "not it"}),
              headers={"Content-Type": "application/json"})
    r = c.getresponse()
    r.read()
    check("tls-verified-answer", r.status in (401, 429), r.status)
    c.close()
    plain = http.client.HTTPConnection("127.0.0.1", int(m.group(1)), timeout=10)
    try:
        plain.request("GET", "/api/status")
        pr = plain.getresponse().status
    except Exception:
        pr = "refused"
    check("tls-no-plain-http", pr != 200, pr)
    tadmin.terminate()
    tadmin.wait(10)
    before = open(certfile).read()
    tadmin = subprocess.Popen(emu + [baolan, "admin", "--config", tls_conf, "--listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    procs.append(tadmin)
    tadmin.stdout.readline()
    check("tls-cert-kept", open(certfile).read() == before)

check("board-still-running", board.poll() is None)
check("admin-still-running", admin.poll() is None)
stop_all()
check("admin-stops-cleanly", admin.returncode == 0, admin.returncode)
print("admin: %d failed" % fails)
sys.exit(1 if fails else 0)
