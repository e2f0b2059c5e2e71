#!/usr/bin/env python3
"""News feeds end to end: a real HTTP server on 127.0.0.1, started here,
serves an RSS 2.0 feed in GBK (its encoding declared), an Atom feed, a
JSON Feed and an RSS feed whose items carry HTML (<p>, <br>, <script>,
entities, an <img> served by the same server).  A real `baolan run
--headless` configured with [feed] lines shows every item (its slide log
names their titles) after the local article; the server sees the second
round ask conditionally (If-None-Match, If-Modified-Since) and answers
304; then the server stops and the board keeps showing the items, logging
the outage once per feed, not at every try; the server comes back and
the board says so; and a board started again asks conditionally at once
(the validators are kept in the feed's folder).

usage: feeds.py BAOLAN
"""
import datetime
import email.utils
import glob
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

baolan = sys.argv[1]
emu = os.environ.get("BL_EMULATOR", "").split()
here = os.path.dirname(os.path.abspath(__file__))
tmp = tempfile.mkdtemp(prefix="baolan-feeds-")
content = os.path.join(tmp, "content")
os.mkdir(content)
with open(os.path.join(content, "local.txt"), "w") as f:
    f.write("title: 本地通知\n\n居委会的本地通知。\n")

fails = 0


def check(name, cond, detail=""):
    global fails
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {detail}"), flush=True)
    if not cond:
        fails += 1


now = datetime.datetime.now(datetime.timezone.utc)
rfc822 = email.utils.format_datetime(now - datetime.timedelta(hours=2))
rfc3339 = (now - datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
old822 = email.utils.format_datetime(now - datetime.timedelta(days=40))

GBK_TITLE, ATOM_TITLE, JSON_TITLE, HTML_TITLE = "丰台街道冬季供暖通知", "社区图书室开放", "疫苗接种安排", "垃圾分类新规"
OLD_TITLE = "四十天前的旧闻"

gbk_feed = f"""<?xml version="1.0" encoding="GBK"?>
<rss version="2.0"><channel><title>丰台区新闻</title>
<item><title>{GBK_TITLE}</title><link>http://example.org/heat</link><guid>heat-2026</guid>
<pubDate>{rfc822}</pubDate><author>记者 张三</author>
<description>供暖从十一月十五日开始，请居民检查暖气。</description></item>
<item><title>{OLD_TITLE}</title><guid>old</guid><pubDate>{old822}</pubDate><description>旧</description></item>
</channel></rss>""".encode("gbk")

atom_feed = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>街道办</title><id>urn:x</id><updated>{rfc3339}</updated>
<entry><title>{ATOM_TITLE}</title><id>urn:library</id><link href="/library"/>
<updated>{rfc3339}</updated><author><name>李四</name></author>
<content type="html">&lt;p&gt;每周六上午开放。&lt;/p&gt;</content></entry></feed>""".encode()

json_feed = json.dumps({
    "version": "https://jsonfeed.org/version/1.1", "title": "卫生站",
    "items": [{"id": "vaccine", "url": "https://example.org/vaccine", "title": JSON_TITLE,
               "content_text": "周三下午在卫生站接种。", "date_published": rfc3339}]}).encode()

html_feed = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>城管</title>
<item><title>{HTML_TITLE}</title><link>/sorting</link><guid isPermaLink="false">sorting-1</guid>
<pubDate>{rfc822}</pubDate>
<description><![CDATA[<p>第一段：厨余垃圾&amp;其他垃圾分开投放。</p><script>document.write('不该出现')</script>
<p>第二段<br>换行之后&nbsp;&lt;注意&gt;</p><p><img src="/img/lead.png" alt=""></p>]]></description></item>
</channel></rss>""".encode()

with open(os.path.join(here, "..", "golden", "a3-800x480-p1.png"), "rb") as f:
    lead_png = f.read()

LAST_MODIFIED = email.utils.format_datetime(now - datetime.timedelta(hours=1), usegmt=True)
routes = {
    "/gbk.xml": (gbk_feed, "application/rss+xml", "etag"),
    "/atom.xml": (atom_feed, "application/atom+xml", "modified"),
    "/feed.json": (json_feed, "application/feed+json", "etag"),
    "/html.xml": (html_feed, "application/rss+xml; charset=utf-8", "etag"),
    "/img/lead.png": (lead_png, "image/png", None),
}
hits = {}          # path -> requests
conditional = {}   # path -> requests that carried a validator (answered 304)
headers_seen = {}  # path -> set of validator headers seen
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path
        with lock:
            hits[path] = hits.get(path, 0) + 1
        if path not in routes:
            self.send_error(404)
            return
        body, ctype, kind = routes[path]
        etag = '"v1-%d"' % len(body)
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        with lock:
            seen = headers_seen.setdefault(path, set())
            if inm:
                seen.add("If-None-Match")
            if ims:
                seen.add("If-Modified-Since")
        if (kind == "etag" and inm == etag) or (kind == "modified" and ims == LAST_MODIFIED):
            with lock:
                conditional[path] = conditional.get(path, 0) + 1
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if kind == "etag":
            self.send_header("ETag", etag)
        if kind == "modified":
            self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def start_server(port=0):
    s = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=s.serve_forever, daemon=True).start()
    return s


server = start_server()
port = server.server_address[1]
base = f"http://127.0.0.1:{port}"
conf = os.path.join(tmp, "board.ini")
with open(conf, "w") as f:
    f.write(f"""[content]
folder = {content}
settle = 0.2
[schedule]
min-dwell = 1
max-dwell = 1
headline-dwell = 1
[transition]
type = none
[feed]
url = {base}/gbk.xml
url = {base}/atom.xml
url = {base}/feed.json
url = {base}/html.xml
interval = 1
""")

slides, logs = [], []
board = None


def start_board():
    global board
    board = subprocess.Popen(emu + [baolan, "run", "--headless", "--config", conf, "--size", "640x360",
                              "--screenshot", os.path.join(tmp, "screen.png")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def out(stream):
        for line in stream:
            line = line.strip()
            if line.startswith("{"):
                try:
                    slides.append(json.loads(line))
                except ValueError:
                    pass

    def err(stream):
        for line in stream:
            logs.append(line.rstrip("\n"))

    threading.Thread(target=out, args=(board.stdout,), daemon=True).start()
    threading.Thread(target=err, args=(board.stderr,), daemon=True).start()


def stop_board():
    if board and board.poll() is None:
        board.terminate()
        try:
            board.wait(20)
        except subprocess.TimeoutExpired:
            board.kill()


def shown_since(mark):
    return {s.get("article") for s in slides[mark:]}


def wait_for(titles, mark=0, within=60.0):
    end = time.monotonic() + within
    while time.monotonic() < end:
        if set(titles) <= shown_since(mark):
            return True
        time.sleep(0.2)
    return False


TITLES = [GBK_TITLE, ATOM_TITLE, JSON_TITLE, HTML_TITLE]
try:
    start_board()
    check("board-shows-every-feed", wait_for(TITLES + ["本地通知"]), sorted(t or "" for t in shown_since(0)))
    check("old-item-left-out", OLD_TITLE not in shown_since(0))
    order = [s.get("article") for s in slides if s.get("article")]
    check("local-content-first", order and order[0] == "本地通知", order[:3])

    # what the items became
    folders = sorted(glob.glob(os.path.join(tmp, "feeds", "127.0.0.1-*")))
    check("a-folder-per-feed", len(folders) == 4, folders)
    arts = {}
    for d in folders:
        for p in glob.glob(os.path.join(d, "*.txt")):
            text = open(p, encoding="utf-8").read()
            head, _, body = text.partition("\n\n")
            keys = dict(l.split(": ", 1) for l in head.splitlines())
            arts[keys.get("title")] = (keys, body.strip("\n").split("\n\n"), d)
    keys, paras, d = arts.get(HTML_TITLE, ({}, [], ""))
    check("html-paragraphs", paras == ["第一段：厨余垃圾&其他垃圾分开投放。", "第二段", "换行之后 <注意>"], paras)
    check("html-no-script", "不该出现" not in "".join(paras))
    check("html-link-resolved", keys.get("link") == f"{base}/sorting", keys)
    check("html-source", keys.get("source") == "城管", keys)
    pic = os.path.join(d, keys.get("image", "none"))
    check("lead-picture-kept", keys.get("image", "").startswith("pictures/") and
          os.path.exists(pic) and open(pic, "rb").read() == lead_png, keys)
    keys, paras, d = arts.get(GBK_TITLE, ({}, [], ""))
    check("gbk-converted", paras == ["供暖从十一月十五日开始，请居民检查暖气。"] and keys.get("byline") == "记者 张三" and
          keys.get("source") == "丰台区新闻" and "date" in keys, (keys, paras))
    check("no-temp-files", not [p for d in folders for p in os.listdir(d) if p.startswith(".baolan-tmp")])

    # the second round asks conditionally and gets 304
    end = time.monotonic() + 30
    feeds = [p for p in routes if p.endswith((".xml", ".json"))]
    while time.monotonic() < end and not all(conditional.get(p, 0) >= 1 for p in feeds):
        time.sleep(0.2)
    with lock:
        check("conditional-requests-304", all(conditional.get(p, 0) >= 1 for p in feeds), (hits, conditional))
        check("etag-sent", "If-None-Match" in headers_seen.get("/gbk.xml", set()), headers_seen)
        check("last-modified-sent", "If-Modified-Since" in headers_seen.get("/atom.xml", set()), headers_seen)
        check("picture-fetched-once", hits.get("/img/lead.png") == 1, hits)

    # the server goes away: the items stay, the outage is logged once per feed
    server.shutdown()
    server.server_close()
    down_at = len(logs)
    mark = len(slides)
    check("items-stay-through-outage", wait_for(TITLES, mark, within=30), sorted(t or "" for t in shown_since(mark)))
    time.sleep(6)  # several intervals (1 s, backing off) of failures
    outage = [l for l in logs[down_at:] if "until it is back" in l]
    per_feed = {p: sum(1 for l in outage if base + p in l) for p in feeds}
    check("outage-logged-once-per-feed", all(n == 1 for n in per_feed.values()), (per_feed, outage))
    check("board-alive-in-outage", board.poll() is None)

    # it comes back: said once per feed
    server = start_server(port)
    end = time.monotonic() + 90
    while time.monotonic() < end and sum(1 for l in logs[down_at:] if l.endswith(" is back")) < len(feeds):
        time.sleep(0.3)
    back = [l for l in logs[down_at:] if l.endswith(" is back")]
    check("back-logged", len(back) == len(feeds), back)

    # a board started again shows the kept items at once and asks conditionally
    stop_board()
    check("board-stops-cleanly", board.returncode == 0, board.returncode)
    with lock:
        before = dict(conditional)
    slides.clear()
    server.shutdown()
    server.server_close()
    start_board()
    check("kept-items-after-restart-offline", wait_for(TITLES, within=30), sorted(t or "" for t in shown_since(0)))
    server = start_server(port)
    end = time.monotonic() + 60
    while time.monotonic() < end and conditional.get("/gbk.xml", 0) <= before.get("/gbk.xml", 0):
        time.sleep(0.2)
    check("restart-asks-conditionally", conditional.get("/gbk.xml", 0) > before.get("/gbk.xml", 0), conditional)

    # SIGHUP with one feed left: the others' items leave the screen (their files stay)
    text = open(conf).read()
    with open(conf, "w") as f:
        f.write("".join(l for l in text.splitlines(True) if not l.startswith("url =") or "gbk" in l))
    mark = len(slides)
    board.send_signal(signal.SIGHUP)
    end = time.monotonic() + 40
    while time.monotonic() < end and [s.get("article") for s in slides[mark:]].count(GBK_TITLE) < 3:
        time.sleep(0.2)
    later = [s.get("article") for s in slides[mark:]]
    seen_after = set(later[later.index(GBK_TITLE) + 1:]) if GBK_TITLE in later else set()
    check("sighup-drops-removed-feeds", later.count(GBK_TITLE) >= 3 and not (seen_after & {ATOM_TITLE, JSON_TITLE}),
          later)
    check("sighup-keeps-files", len(glob.glob(os.path.join(tmp, "feeds", "*", "*.txt"))) == 4)
finally:
    stop_board()
    try:
        server.shutdown()
        server.server_close()
    except Exception:
        pass

bad = [l for l in logs if "AddressSanitizer" in l or "runtime error" in l]
check("no-sanitizer-reports", not bad, bad[:3])
if fails:
    print("\n".join(logs[-40:]))
    print(f"{fails} check(s) failed; files in {tmp}")
    sys.exit(1)
shutil.rmtree(tmp, ignore_errors=True)
print("feeds: all checks passed")
