/*
 * test_feed.c - news feeds as the board reads them: RSS 2.0 in GBK with
 * its declared encoding, Atom with XHTML content, JSON Feed; item HTML
 * cleaned into the paragraphs a reader would see (scripts gone, entities
 * decoded, <br> and blocks breaking paragraphs, Chinese rejoined across
 * source line breaks); feed dates; an external entity never read; and
 * items kept as article files (deduplicated by guid, an edit replacing
 * its file, an unchanged item not written again, count and age bounded,
 * the lead picture fetched and named by image:, a bad picture left out).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/fs.h"
#include "board/config.h"
#include "content/content.h"
#include "content/feed.h"

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

/* UTF-8 text as GBK bytes (the test writes its GBK feed from readable text). */
static char *to_gbk(const char *utf8, size_t *len)
{
    iconv_t cd = iconv_open("GBK", "UTF-8");
    size_t in = strlen(utf8), left = in * 2 + 1;
    char *out = calloc(1, left + 1), *o = out, *copy = strdup(utf8), *i = copy;
    assert_true(cd != (iconv_t)-1);
    assert_true(iconv(cd, &i, &in, &o, &left) != (size_t)-1);
    iconv_close(cd);
    free(copy);
    *len = (size_t)(o - out);
    return out;
}

static void test_rss_in_gbk(void **state)
{
    const char *text =
        "<?xml version=\"1.0\" encoding=\"GBK\"?>\n"
        "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>丰台区新闻</title>\n"
        "<item><title>社区  义诊\n活动</title><link>http://example.org/a/1</link><guid>news-1</guid>"
        "<pubDate>Sun, 29 Nov 2026 08:30:00 +0800</pubDate><dc:creator>记者 张三</dc:creator>"
        "<description>&lt;p&gt;周六上午九点，在居委会。&lt;/p&gt;</description>"
        "<enclosure url=\"http://example.org/p.jpg\" type=\"image/jpeg\" length=\"1\"/></item>\n"
        "<item><title>停水通知</title><link>http://example.org/a/2</link>"
        "<description><![CDATA[<p>明天停水。</p>]]></description></item>\n"
        "</channel></rss>";
    size_t len;
    char *gbk = to_gbk(text, &len);
    bl_feed *f = NULL;
    bl_err err;
    (void)state;
    assert_int_equal(bl_feed_parse("gbk.xml", gbk, len, NULL, &f, &err), BL_OK);
    assert_string_equal(f->format, "rss");
    assert_string_equal(f->encoding, "GB18030");
    assert_string_equal(f->title, "丰台区新闻");
    assert_int_equal(f->n, 2);
    assert_string_equal(f->items[0].title, "社区 义诊活动"); /* the line break between two Chinese characters goes */
    assert_string_equal(f->items[0].guid, "news-1");
    assert_string_equal(f->items[0].author, "记者 张三");
    assert_string_equal(f->items[0].link, "http://example.org/a/1");
    assert_string_equal(f->items[0].image, "http://example.org/p.jpg");
    assert_int_equal(f->items[0].when, bl_feed_date("2026-11-29T00:30:00Z"));
    assert_string_equal(f->items[0].html, "<p>周六上午九点，在居委会。</p>");
    /* no guid: the link is its identity */
    assert_string_equal(f->items[1].guid, "http://example.org/a/2");
    assert_string_equal(f->items[1].html, "<p>明天停水。</p>");
    bl_feed_destroy(f);

    /* the charset of the HTTP answer counts too (no XML declaration) */
    {
        char *body = to_gbk("<rss><channel><title>北京</title></channel></rss>", &len);
        assert_int_equal(bl_feed_parse("ct.xml", body, len, "application/rss+xml; charset=gb2312", &f, &err), BL_OK);
        assert_string_equal(f->title, "北京");
        bl_feed_destroy(f);
        free(body);
    }
    free(gbk);
}

static void test_big5(void **state)
{
    iconv_t cd = iconv_open("BIG5", "UTF-8");
    char in[] = "<?xml version='1.0' encoding='big5'?><rss><channel><item><title>臺灣新聞</title></item></channel></rss>";
    char out[256] = {0}, *i = in, *o = out;
    size_t il = strlen(in), ol = sizeof out - 1;
    bl_feed *f = NULL;
    bl_err err;
    (void)state;
    assert_true(iconv(cd, &i, &il, &o, &ol) != (size_t)-1);
    iconv_close(cd);
    assert_int_equal(bl_feed_parse("big5.xml", out, (size_t)(o - out), NULL, &f, &err), BL_OK);
    assert_int_equal(f->n, 1);
    assert_string_equal(f->items[0].title, "臺灣新聞");
    bl_feed_destroy(f);
}

static void test_atom(void **state)
{
    const char *text =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"text\">街道办</title>"
        "<entry><title>垃圾分类</title><id>tag:example.org,2026:1</id>"
        "<link rel=\"self\" href=\"http://example.org/self\"/><link href=\"/news/1\"/>"
        "<link rel=\"enclosure\" type=\"image/png\" href=\"/p.png\"/>"
        "<updated>2026-11-28T10:00:00+08:00</updated><author><name>李四</name></author>"
        "<summary>摘要</summary>"
        "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>第一段</p><p>第二段</p></div>"
        "</content></entry>"
        "<entry xmlns:media=\"http://search.yahoo.com/mrss/\"><title>第二条</title><id>e2</id>"
        "<content type=\"html\">&lt;p&gt;正文&lt;/p&gt;</content>"
        "<media:content url=\"http://example.org/m.jpg\" medium=\"image\"/></entry></feed>";
    bl_feed *f = NULL;
    bl_err err;
    char **paras;
    size_t n;
    (void)state;
    assert_int_equal(bl_feed_parse("atom.xml", text, strlen(text), "application/atom+xml", &f, &err), BL_OK);
    assert_string_equal(f->format, "atom");
    assert_string_equal(f->title, "街道办");
    assert_int_equal(f->n, 2);
    assert_string_equal(f->items[0].guid, "tag:example.org,2026:1");
    /* a Media RSS picture is the lead picture, not the content */
    assert_string_equal(f->items[1].image, "http://example.org/m.jpg");
    assert_string_equal(f->items[1].html, "<p>正文</p>");
    assert_string_equal(f->items[0].link, "/news/1");
    assert_string_equal(f->items[0].image, "/p.png");
    assert_string_equal(f->items[0].author, "李四");
    assert_int_equal(f->items[0].when, bl_feed_date("2026-11-28T02:00:00Z"));
    /* the content, not the summary */
    assert_int_equal(bl_feed_html_paras(f->items[0].html, strlen(f->items[0].html), &paras, &n, NULL, &err), BL_OK);
    assert_int_equal(n, 2);
    assert_string_equal(paras[0], "第一段");
    assert_string_equal(paras[1], "第二段");
    bl_strv_free(paras, n);
    bl_feed_destroy(f);
}

static void test_json_feed(void **state)
{
    const char *text = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"社区 快讯\","
                       " \"items\": [{\"id\": \"j1\", \"url\": \"https://example.org/j1\", \"title\": \"疫苗接种\","
                       " \"content_html\": \"<p>地点：卫生站</p>\", \"image\": \"https://example.org/j1.jpg\","
                       " \"date_published\": \"2026-11-27T09:00:00Z\", \"authors\": [{\"name\": \"王五\"}]},"
                       " {\"id\": 7, \"content_text\": \"只有文字\\n两行\"}]}";
    bl_feed *f = NULL;
    bl_err err;
    (void)state;
    assert_int_equal(bl_feed_parse("feed.json", text, strlen(text), "application/feed+json", &f, &err), BL_OK);
    assert_string_equal(f->format, "json");
    assert_string_equal(f->title, "社区 快讯");
    assert_int_equal(f->n, 2);
    assert_string_equal(f->items[0].title, "疫苗接种");
    assert_string_equal(f->items[0].author, "王五");
    assert_string_equal(f->items[0].image, "https://example.org/j1.jpg");
    assert_int_equal(f->items[0].when, bl_feed_date("Fri, 27 Nov 2026 09:00:00 GMT"));
    assert_string_equal(f->items[1].guid, "7");
    assert_string_equal(f->items[1].html, "只有文字<br>两行");
    bl_feed_destroy(f);

    assert_int_not_equal(bl_feed_parse("x.json", "{\"items\": []}", 13, NULL, &f, &err), BL_OK);
    assert_non_null(strstr(err.msg, "x.json"));
    assert_int_not_equal(bl_feed_parse("x.xml", "<html><body/></html>", 20, NULL, &f, &err), BL_OK);
    assert_non_null(strstr(err.msg, "not a feed"));
    assert_int_not_equal(bl_feed_parse("y.xml", "<rss><channel>", 14, NULL, &f, &err), BL_OK);
}

static void test_html_paragraphs(void **state)
{
    const char *html = "<div>导语<br/>第二行</div>\n<p>周六  上午\n九点，<b>在</b>&nbsp;居委会&amp;卫生站。"
                       "<script>alert('x')</script><style>p{}</style></p>"
                       "<p>  </p><img src=\"data:image/png;base64,AAAA\"><img src=\"/p/1.jpg\"><img src=\"/p/2.jpg\">"
                       "<ul><li>one &lt;two&gt;</li><li>Hello\nworld</li></ul>尾声";
    char **p, *img;
    size_t n;
    bl_err err;
    (void)state;
    assert_int_equal(bl_feed_html_paras(html, strlen(html), &p, &n, &img, &err), BL_OK);
    assert_int_equal(n, 6);
    assert_string_equal(p[0], "导语");
    assert_string_equal(p[1], "第二行");
    assert_string_equal(p[2], "周六 上午九点，在 居委会&卫生站。");
    assert_string_equal(p[3], "one <two>");
    assert_string_equal(p[4], "Hello world");
    assert_string_equal(p[5], "尾声");
    assert_string_equal(img, "/p/1.jpg");
    bl_strv_free(p, n);
    free(img);

    assert_int_equal(bl_feed_html_paras("", 0, &p, &n, &img, &err), BL_OK);
    assert_int_equal(n, 0);
    assert_null(img);
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(bl_feed_date("Thu, 01 Jan 1970 00:00:00 GMT"), 0);
    assert_int_equal(bl_feed_date("Sun, 29 Nov 2026 08:30:00 +0800"), 1795912200);
    assert_int_equal(bl_feed_date("29 Nov 2026 00:30 Z"), 1795912200);
    assert_int_equal(bl_feed_date("2026-11-29T00:30:00Z"), 1795912200);
    assert_int_equal(bl_feed_date("2026-11-29T08:30:00.123+08:00"), 1795912200);
    assert_int_equal(bl_feed_date("2026-11-28T19:30:00-05:00"), 1795912200);
    assert_int_equal(bl_feed_date("yesterday"), 0);
    assert_int_equal(bl_feed_date(""), 0);
}

/* An external entity (a classic XXE) is never read into an item. */
static void test_no_external_entities(void **state)
{
    const char *text = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                       "<rss><channel><item><title>t&x;</title><guid>g</guid></item></channel></rss>";
    bl_feed *f = NULL;
    bl_err err;
    (void)state;
    if (bl_feed_parse("xxe.xml", text, strlen(text), NULL, &f, &err) == BL_OK) {
        assert_int_equal(f->n, 1);
        assert_null(strstr(f->items[0].title ? f->items[0].title : "", "root:"));
        bl_feed_destroy(f);
    }
}

/* ---- keeping items ----------------------------------------------------------------- */

static int gets;

static bl_status fake_get(void *user, const char *url, char **data, size_t *len, bl_err *err)
{
    char path[1024];
    (void)user;
    gets++;
    if (strstr(url, "broken")) {
        *data = strdup("<html>not a picture</html>");
        *len = strlen(*data);
        return BL_OK;
    }
    if (!strstr(url, "good.png"))
        return bl_err_set(err, BL_ERR_IO, "%s: the server answered 404", url);
    snprintf(path, sizeof path, "%s/tests/golden/a3-800x480-p1.png", src_dir());
    return bl_read_file(path, 1 << 24, data, len, err);
}

static int count_txt(const char *dir)
{
    char **paths = NULL;
    size_t n = 0, i;
    int c = 0;
    bl_err err;
    assert_int_equal(bl_dir_list(dir, NULL, NULL, &paths, &n, &err), BL_OK);
    for (i = 0; i < n; i++)
        c += bl_has_suffix(paths[i], ".txt", false);
    bl_strv_free(paths, n);
    return c;
}

static bl_article *load_item(const char *dir, const char *guid)
{
    char path[1200];
    bl_article *a = NULL;
    bl_err err;
    snprintf(path, sizeof path, "%s/%016llx.txt", dir, (unsigned long long)bl_feed_hash(guid));
    if (bl_article_load(path, 1 << 20, &a, &err))
        return NULL;
    return a;
}

static void make_feed(bl_feed *f, bl_feed_item *items, size_t n)
{
    memset(f, 0, sizeof *f);
    f->title = "测试源";
    f->format = "rss";
    f->encoding = "UTF-8";
    f->items = items;
    f->n = n;
}

static void test_store(void **state)
{
    char dir[] = "/tmp/bl-feed-XXXXXX";
    int64_t now = 1795912200;
    bl_feed_item items[4] = {
        {"g1", "第一条", "/a/1", "张三", now - 3600, "<p>正文一</p><img src=\"/img/good.png\">", NULL},
        {"g2", "第二条", "http://example.org/a/2", NULL, now - 7200, "<p>正文二</p>", "http://example.org/broken.jpg"},
        {"g3", "旧闻", "/a/3", NULL, now - 30 * 86400, "<p>太旧</p>", NULL},
        {"g1", "第一条（重复）", "/a/1", NULL, now - 9000, "<p>重复</p>", NULL},
    };
    bl_feed f;
    bl_feed_store_opts o = {20, 14, now, "http://example.org/feed.xml", fake_get, NULL};
    size_t written;
    bl_article *a;
    bl_err err;
    struct stat before, after;
    char path[1200];
    (void)state;
    assert_non_null(mkdtemp(dir));
    make_feed(&f, items, 4);
    assert_int_equal(bl_feed_store(&f, dir, &o, &written, &err), BL_OK);
    assert_int_equal(written, 2); /* the old one left out, the duplicate guid once */
    assert_int_equal(count_txt(dir), 2);
    a = load_item(dir, "g1");
    assert_non_null(a);
    assert_string_equal(a->title, "第一条");
    assert_string_equal(a->byline, "张三");
    assert_string_equal(a->source, "测试源");
    assert_string_equal(a->link, "http://example.org/a/1");
    assert_non_null(a->date);
    assert_int_equal(a->npara, 1);
    assert_string_equal(a->paras[0], "正文一");
    assert_non_null(a->image);
    snprintf(path, sizeof path, "%s/%s", dir, a->image);
    assert_int_equal(stat(path, &before), 0); /* the picture is there, named by image: */
    bl_article_destroy(a);
    a = load_item(dir, "g2");
    assert_non_null(a);
    assert_null(a->image); /* an empty "picture" is left out, the item is not */
    bl_article_destroy(a);

    /* again, unchanged: nothing written, the picture not fetched again */
    gets = 0;
    snprintf(path, sizeof path, "%s/%016llx.txt", dir, (unsigned long long)bl_feed_hash("g1"));
    assert_int_equal(stat(path, &before), 0);
    sleep(1);
    assert_int_equal(bl_feed_store(&f, dir, &o, &written, &err), BL_OK);
    assert_int_equal(written, 0);
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(before.st_mtime, after.st_mtime);
    assert_int_equal(gets, 0); /* neither the picture it has nor the broken one is asked for again */

    /* an edited item replaces its file; an item that left the feed stays */
    items[0].title = "第一条（更正）";
    make_feed(&f, items, 1);
    assert_int_equal(bl_feed_store(&f, dir, &o, &written, &err), BL_OK);
    assert_int_equal(written, 1);
    assert_int_equal(count_txt(dir), 2);
    a = load_item(dir, "g1");
    assert_string_equal(a->title, "第一条（更正）");
    bl_article_destroy(a);

    /* a day later than its age allows, the item that left goes; the count is bounded */
    o.now = now + 15 * 86400 - 7200 + 60;
    items[0].when = o.now;
    o.max_items = 1;
    assert_int_equal(bl_feed_store(&f, dir, &o, &written, &err), BL_OK);
    assert_int_equal(count_txt(dir), 1);
    assert_null(load_item(dir, "g2"));
    a = load_item(dir, "g1");
    assert_non_null(a);
    bl_article_destroy(a);

    /* a headline-only item is still an article, its headline its text */
    {
        bl_feed_item only = {"g9", "只有标题", NULL, NULL, 0, NULL, NULL};
        make_feed(&f, &only, 1);
        o.max_items = 5;
        assert_int_equal(bl_feed_store(&f, dir, &o, &written, &err), BL_OK);
        a = load_item(dir, "g9");
        assert_non_null(a);
        assert_string_equal(a->paras[0], "只有标题");
        bl_article_destroy(a);
    }
    {
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        assert_int_equal(system(cmd), 0);
    }
}

/* [feed]: url lines add feeds (once each, http(s) only); bad values keep the defaults */
static void test_config(void **state)
{
    const char *text = "[feed]\nurl = https://a.example/rss.xml\nurl = https://a.example/rss.xml\n"
                       "url = ftp://b.example/x\nurl = http://c.example/feed.json\ninterval = 0.5\n"
                       "max-items = 5\nmax-age-days = 0\n";
    bl_config c;
    bl_err err;
    (void)state;
    bl_config_defaults(&c);
    assert_int_equal(c.nfeeds, 0);
    assert_true(c.feed_interval == 300);
    assert_int_equal(bl_config_parse("t.ini", text, &c, &err), BL_OK);
    assert_int_equal(c.nfeeds, 2);
    assert_string_equal(c.feed_urls[0], "https://a.example/rss.xml");
    assert_string_equal(c.feed_urls[1], "http://c.example/feed.json");
    assert_true(c.feed_interval == 300);
    assert_int_equal(c.feed_max_items, 5);
    assert_int_equal(c.feed_max_age_days, 14);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss_in_gbk),   cmocka_unit_test(test_big5),
        cmocka_unit_test(test_atom),         cmocka_unit_test(test_json_feed),
        cmocka_unit_test(test_html_paragraphs), cmocka_unit_test(test_dates),
        cmocka_unit_test(test_no_external_entities), cmocka_unit_test(test_store),
        cmocka_unit_test(test_config),
    };
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
