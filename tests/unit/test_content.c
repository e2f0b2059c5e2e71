/*
 * test_content.c - unit tests for the article format (content.h): the four
 * demo articles of assets/articles, the header keys, how lines join into
 * paragraphs, damaged input (warnings with file, line and byte offset) and
 * every refusal (message starting with the file name).  Finds the demo
 * files through BL_SOURCE_DIR (environment, else the build's define).
 */
#include "content/content.h"
#include "core/utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#define FFFD "\xEF\xBF\xBD"

/* Times in the tests' local time zone, China Standard Time (UTC+8, no
 * summer time; set in main as "CST-8", which needs no tz database). */
#define T_0313 INT64_C(1773331200)      /* 2026-03-13 00:00 */
#define T_0313_0800 INT64_C(1773360000) /* 2026-03-13 08:00 */
#define T_0314_0800 INT64_C(1773446400) /* 2026-03-14 08:00 */
#define T_0320 INT64_C(1773936000)      /* 2026-03-20 00:00 */

/* ---- log capture ------------------------------------------------------- */

typedef struct capture {
    int n;              /* warnings seen from the content module */
    char lines[64][600]; /* the first 64 of them */
} capture;

static capture cap;

static void capture_sink(void *user, bl_log_level lvl, const char *tag, const char *line)
{
    capture *c = user;
    if (lvl != BL_LOG_WARN || strcmp(tag, "content") != 0)
        return;
    if (c->n < (int)BL_ARRAY_LEN(c->lines))
        snprintf(c->lines[c->n], sizeof c->lines[0], "%s", line);
    c->n++;
}

static int setup(void **state)
{
    (void)state;
    memset(&cap, 0, sizeof cap);
    bl_log_set_sink(capture_sink, &cap);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bl_log_set_sink(NULL, NULL);
    return 0;
}

/* True if a captured warning is exactly line. */
static int warned(const char *line)
{
    int i;
    for (i = 0; i < cap.n && i < (int)BL_ARRAY_LEN(cap.lines); i++)
        if (!strcmp(cap.lines[i], line))
            return 1;
    return 0;
}

/* Asserts the number of warnings, showing them when it is wrong. */
static void assert_warnings(int expected)
{
    int i;
    if (cap.n != expected)
        for (i = 0; i < cap.n && i < (int)BL_ARRAY_LEN(cap.lines); i++)
            print_message("  warning: %s\n", cap.lines[i]);
    assert_int_equal(cap.n, expected);
}

/* ---- helpers ----------------------------------------------------------- */

static bl_article *parse_ok(const char *name, const char *text, size_t len)
{
    bl_article *a = NULL;
    bl_err err = {0};
    bl_status st = bl_article_parse(name, text, len, &a, &err);
    if (st != BL_OK)
        print_message("unexpected failure: %s\n", err.msg);
    assert_int_equal(st, BL_OK);
    assert_non_null(a);
    return a;
}

static bl_article *parse_str(const char *text) { return parse_ok("t.txt", text, strlen(text)); }

/* Parses text expecting failure with status st and exactly message msg. */
static void parse_fails(const char *name, const char *text, size_t len, bl_status st,
                        const char *msg)
{
    bl_article dummy;
    bl_article *a = &dummy; /* must be reset to NULL */
    bl_err err = {0};
    assert_int_equal(bl_article_parse(name, text, len, &a, &err), st);
    assert_null(a);
    assert_int_equal(err.status, st);
    assert_string_equal(err.msg, msg);
}

/* parse_fails for a string literal, which may hold NUL bytes. */
#define FAILS(name, lit, st, msg) parse_fails(name, lit, sizeof lit - 1, st, msg)

static const char *source_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
#ifdef BL_SOURCE_DIR
    if (!d || !*d)
        d = BL_SOURCE_DIR;
#endif
    return d && *d ? d : ".";
}

/* Writes len bytes to a new temporary file; its path goes to path[64]. */
static void write_temp(char *path, const void *data, size_t len)
{
    int fd;
    snprintf(path, 64, "/tmp/bl_test_content_XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

/* ---- the demo articles --------------------------------------------------- */

static bl_article *load_demo(const char *file)
{
    char path[1024];
    bl_article *a = NULL;
    bl_err err = {0};
    bl_status st;
    snprintf(path, sizeof path, "%s/assets/articles/%s", source_dir(), file);
    st = bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, &err);
    if (st != BL_OK)
        print_message("cannot load %s: %s\n", path, err.msg);
    assert_int_equal(st, BL_OK);
    assert_string_equal(a->path, path);
    assert_warnings(0); /* the demo content is clean */
    return a;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* No paragraph of a demo article may keep a line break or a justification
 * space from the raw page: the only spaces are the ones in the reporter's
 * credit and before the note of article 3. */
static void assert_clean_paras(const bl_article *a)
{
    size_t i;
    for (i = 0; i < a->npara; i++) {
        const char *p = a->paras[i];
        assert_null(strchr(p, '\n'));
        assert_null(strchr(p, '\r'));
        for (; (p = strchr(p, ' ')) != NULL; p++) {
            size_t at = (size_t)(p - a->paras[i]);
            int ok = (at >= strlen("（记者") &&
                      starts_with(p - strlen("（记者"), "（记者 郭晓妍）")) ||
                     (at >= strlen("。") && starts_with(p - strlen("。"), "。 （详情"));
            if (!ok)
                print_message("stray space in paragraph %zu: %s\n", i, a->paras[i]);
            assert_true(ok);
        }
    }
}

static void test_demo_cadres_meeting(void **state)
{
    bl_article *a = load_demo("2026-03-13-01-fengtai-cadres-meeting.txt");
    (void)state;
    assert_string_equal(a->title, "丰台区召开全区领导干部大会");
    assert_string_equal(a->subtitle, "全面贯彻落实全国两会各项部署 全力实现“十五五”良好开局");
    assert_null(a->kicker);
    assert_string_equal(a->byline, "本报记者 郭晓妍");
    assert_string_equal(a->date, "2026-03-13");
    assert_int_equal(a->priority, 0);
    assert_int_equal(a->npara, 9);
    assert_true(starts_with(a->paras[0], "本报讯（记者 郭晓妍）3月13日下午，丰台区召开全区领导干部会议，"));
    assert_true(starts_with(a->paras[1], "会议指出，今年全国两会衔接"));
    assert_true(starts_with(a->paras[2], "会议强调，要深入学习领会习近平总书记"));
    assert_true(starts_with(a->paras[7], "会议要求，要深入推进全面从严治党"));
    assert_string_equal(a->paras[8], "区四套班子领导及全区各单位党政主要领导参加。");
    assert_clean_paras(a);
    bl_article_destroy(a);
}

static void test_demo_talent(void **state)
{
    bl_article *a = load_demo("2026-03-14-02-talent-education-ecosystem.txt");
    (void)state;
    assert_string_equal(a->kicker, "丰台区委书记王少峰代表：");
    assert_string_equal(a->title, "以人才为根本构建教育科技人才一体发展新生态");
    assert_string_equal(a->source, "学习时报");
    assert_null(a->subtitle);
    assert_null(a->date);
    assert_int_equal(a->npara, 6);
    assert_true(starts_with(a->paras[0], "教育、科技、人才是全面建设社会主义现代化国家的基础性、战略性支撑。"));
    assert_true(starts_with(a->paras[1], "聚焦精准引才，打造近悦远来的人才集聚生态。"));
    /* justified "灌 ”转 变 。 创 新" on the page */
    assert_non_null(strstr(a->paras[1], "向“精准滴灌”转变。创新人才评价机制，"));
    assert_true(starts_with(a->paras[4], "注重服务赋能，营造安心安业的人才保障环境。"));
    assert_string_equal(a->paras[5], "（原文刊载于《学习时报》）");
    assert_clean_paras(a);
    bl_article_destroy(a);
}

static void test_demo_spring(void **state)
{
    bl_article *a = load_demo("2026-03-14-03-spring-greenway-parks.txt");
    (void)state;
    assert_string_equal(a->title, "丰台石景山“两园一河”联动开启春日休闲新体验");
    assert_int_equal(a->npara, 1);
    assert_string_equal(a->paras[0],
                        "这个春天，丰台区将联合石景山举办“漫步绿道，畅游北京”春日活动，"
                        "串联园林秀色、工业遗存、河畔春光，让市民在骑行漫步中，"
                        "沉浸式感受“两园一河”协同发展的硕果。（详情请参阅二维码）");
    assert_null(strstr(a->paras[0], "媒体"));
    bl_article_destroy(a);
}

static void test_demo_civilized_city(void **state)
{
    bl_article *a = load_demo("2026-03-14-04-civilized-city-inspection.txt");
    (void)state;
    assert_string_equal(a->title, "区领导“四不两直”检查创城工作并召开全国文明城区创建工作会");
    assert_string_equal(a->subtitle, "切实增强责任感与紧迫感 推动各项创建指标全面达标");
    assert_string_equal(a->byline, "本报记者 郭晓妍");
    assert_string_equal(a->date, "2026-03-14");
    assert_int_equal(a->npara, 6);
    assert_true(starts_with(a->paras[0], "本报讯（记者 郭晓妍）3月14日，区委书记王少峰，"));
    assert_true(starts_with(a->paras[4], "张艳林强调，要提高政治站位。进一步深化对创城工作的认识，"));
    assert_string_equal(a->paras[5],
                        "区领导杨新光、尹航、郭晓一、李宗荣、李雪松及区有关部门负责人一同参加。");
    assert_clean_paras(a);
    bl_article_destroy(a);
}

/* ---- header ------------------------------------------------------------ */

static void test_chinese_keys(void **state)
{
    bl_article *a = parse_str("标题：丰台新闻\n"
                              "副标题: 副题\n"
                              "引题：引题：\n"
                              "作者：本报记者 郭晓妍\n"
                              "来源：学习时报\n"
                              "日期： 2026-03-13 \n"
                              "\n"
                              "正文。\n");
    (void)state;
    assert_string_equal(a->title, "丰台新闻");
    assert_string_equal(a->subtitle, "副题");
    assert_string_equal(a->kicker, "引题："); /* only the first colon splits */
    assert_string_equal(a->byline, "本报记者 郭晓妍");
    assert_string_equal(a->source, "学习时报");
    assert_string_equal(a->date, "2026-03-13");
    assert_int_equal(a->npara, 1);
    assert_string_equal(a->paras[0], "正文。");
    assert_warnings(0);
    bl_article_destroy(a);
}

static void test_english_keys(void **state)
{
    bl_article *a = parse_str("Title: T\n"
                              "link: https://example.org/a?b=c\n"
                              "链接说明: 扫码看视频\n"
                              "priority: 3\n"
                              "orientation: Vertical\n"
                              "show-from: 2026-03-13 08:00\n"
                              "show-until: 2026-03-20\n"
                              "\n"
                              "body\n");
    (void)state;
    assert_string_equal(a->title, "T");
    assert_string_equal(a->link, "https://example.org/a?b=c");
    assert_string_equal(a->link_label, "扫码看视频");
    assert_int_equal(a->priority, 3);
    assert_int_equal(a->orientation, BL_ARTICLE_ORIENT_VERTICAL);
    assert_int_equal(a->show_from, T_0313_0800);
    assert_int_equal(a->show_until, T_0320);
    assert_null(a->path);
    assert_warnings(0);
    bl_article_destroy(a);

    a = parse_str("title: T\npriority: -2\norientation: auto\n\nbody\n");
    assert_int_equal(a->priority, -2);
    assert_int_equal(a->orientation, BL_ARTICLE_ORIENT_UNSET);
    bl_article_destroy(a);
}

static void test_bad_priority_and_orientation(void **state)
{
    bl_article *a = parse_str("title: T\n"
                              "priority: high\n"
                              "orientation: diagonal\n"
                              "priority: 99999999999\n"
                              "\n"
                              "body\n");
    (void)state;
    assert_int_equal(a->priority, 0);
    assert_int_equal(a->orientation, BL_ARTICLE_ORIENT_UNSET);
    assert_warnings(4);
    assert_true(warned("t.txt:2: priority 'high' is not an integer, using 0"));
    assert_true(
        warned("t.txt:3: orientation 'diagonal' is not horizontal, vertical or auto; ignored"));
    assert_true(warned("t.txt:4: key 'priority' given again, the later value is used"));
    assert_true(warned("t.txt:4: priority '99999999999' is not an integer, using 0"));
    bl_article_destroy(a);
}

/* ---- typed fields ------------------------------------------------------ */

static void test_orientation_values(void **state)
{
    static const struct {
        const char *text;
        bl_article_orient want;
        int warnings;
    } cases[] = {
        {"title: T\n\nbody\n", BL_ARTICLE_ORIENT_UNSET, 0},
        {"title: T\norientation: horizontal\n\nbody\n", BL_ARTICLE_ORIENT_HORIZONTAL, 0},
        {"title: T\nORIENTATION: VERTICAL\n\nbody\n", BL_ARTICLE_ORIENT_VERTICAL, 0},
        {"title: T\norientation: vertical\norientation: Auto\n\nbody\n", BL_ARTICLE_ORIENT_UNSET, 1},
        {"title: T\norientation:\n\nbody\n", BL_ARTICLE_ORIENT_UNSET, 1},
        /* a bad value leaves the earlier one */
        {"title: T\norientation: vertical\norientation: sideways\n\nbody\n", BL_ARTICLE_ORIENT_VERTICAL, 2},
    };
    size_t i;
    (void)state;
    for (i = 0; i < BL_ARRAY_LEN(cases); i++) {
        bl_article *a;
        cap.n = 0;
        a = parse_str(cases[i].text);
        assert_int_equal(a->orientation, cases[i].want);
        assert_warnings(cases[i].warnings);
        bl_article_destroy(a);
    }
    assert_true(warned("t.txt:3: orientation 'sideways' is not horizontal, vertical or auto; ignored"));
}

static void test_show_times(void **state)
{
    static const struct {
        const char *value;
        int64_t want;
    } good[] = {
        {"2026-03-13", T_0313},
        {"2026-03-13 08:00", T_0313_0800},
        {"2026-3-13 8:0", T_0313_0800},
        {"2026-03-13 08:00 Beijing", T_0313_0800}, /* what follows the minutes is not read */
        {"2026-02-31", INT64_C(1772467200)},       /* up to 31 in any month: 2026-03-03 */
        {"", 0},                                   /* empty: no bound */
    };
    static const char *const bad[] = {"2026-13-01",       "2026-00-10",       "2026-03-32",
                                      "13/03/2026",       "2026-03-13 24:00", "2026-03-13 08:60",
                                      "2026-03-13 08",    "tomorrow",         "2026-03"};
    char text[256], line[200];
    size_t i;
    (void)state;
    for (i = 0; i < BL_ARRAY_LEN(good); i++) {
        bl_article *a;
        cap.n = 0;
        snprintf(text, sizeof text, "title: T\nshow-from: %s\nshow-until: %s\n\nbody\n", good[i].value,
                 good[i].value);
        a = parse_str(text);
        assert_int_equal(a->show_from, good[i].want);
        assert_int_equal(a->show_until, good[i].want);
        assert_warnings(0);
        bl_article_destroy(a);
    }
    for (i = 0; i < BL_ARRAY_LEN(bad); i++) {
        bl_article *a;
        cap.n = 0;
        /* a bad value after a good one: no bound, as the board always did */
        snprintf(text, sizeof text, "title: T\nshow-until: 2026-03-20\nshow-until: %s\n\nbody\n", bad[i]);
        a = parse_str(text);
        assert_int_equal(a->show_until, 0);
        assert_warnings(2);
        snprintf(line, sizeof line, "t.txt:3: show-until '%s' is not YYYY-MM-DD [HH:MM]; ignored", bad[i]);
        assert_true(warned(line));
        bl_article_destroy(a);
    }
}

/* The date and time are local: summer time is the zone's, not a fixed
 * offset. */
static void test_show_times_are_local(void **state)
{
    bl_article *a;
    (void)state;
    setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
    tzset();
    a = parse_str("title: T\nshow-from: 2026-01-01 12:00\nshow-until: 2026-07-01 12:00\n\nbody\n");
    assert_int_equal(a->show_from, INT64_C(1767265200));  /* 11:00 UTC */
    assert_int_equal(a->show_until, INT64_C(1782900000)); /* 10:00 UTC */
    bl_article_destroy(a);
    setenv("TZ", "CST-8", 1);
    tzset();
}

static void test_priority_values(void **state)
{
    static const struct {
        const char *value;
        int want;
        int warnings;
    } cases[] = {
        {"7", 7, 0},    {"-2", -2, 0},    {"+4", 4, 0}, {"0", 0, 0},
        {"5x", 0, 1},   {"urgent", 0, 1}, {"", 0, 1},   {"2147483648", 0, 1},
    };
    char text[128];
    size_t i;
    (void)state;
    for (i = 0; i < BL_ARRAY_LEN(cases); i++) {
        bl_article *a;
        cap.n = 0;
        snprintf(text, sizeof text, "title: T\npriority: %s\n\nbody\n", cases[i].value);
        a = parse_str(text);
        assert_int_equal(a->priority, cases[i].want);
        assert_warnings(cases[i].warnings);
        bl_article_destroy(a);
    }
    assert_true(warned("t.txt:2: priority '2147483648' is not an integer, using 0"));
}

/* ---- writing ----------------------------------------------------------- */

/* Asserts that every field the format has is the same in got and want. */
static void assert_same_fields(const bl_article *got, const bl_article *want)
{
    size_t i;
#define SAME_STR(f)                                                                                        \
    do {                                                                                                   \
        if (want->f)                                                                                       \
            assert_string_equal(got->f, want->f);                                                          \
        else                                                                                               \
            assert_null(got->f);                                                                           \
    } while (0)
    SAME_STR(title);
    SAME_STR(subtitle);
    SAME_STR(kicker);
    SAME_STR(byline);
    SAME_STR(source);
    SAME_STR(date);
    SAME_STR(link);
    SAME_STR(link_label);
#undef SAME_STR
    assert_int_equal(got->orientation, want->orientation);
    assert_int_equal(got->lang, want->lang);
    assert_int_equal(got->show_from, want->show_from);
    assert_int_equal(got->show_until, want->show_until);
    assert_int_equal(got->priority, want->priority);
    assert_int_equal(got->npara, want->npara);
    for (i = 0; i < got->npara; i++)
        assert_string_equal(got->paras[i], want->paras[i]);
}

/* Writes a, checks the text when want_text is not NULL, parses it back
 * without a warning and checks every field. */
static void roundtrip(const bl_article *a, const char *want_text)
{
    bl_buf b = {0};
    bl_err err = {0};
    bl_article *back = NULL;
    assert_int_equal(bl_article_write(a, &b, &err), BL_OK);
    assert_non_null(b.p);
    assert_int_equal(strlen(b.p), b.len);
    if (want_text)
        assert_string_equal(b.p, want_text);
    cap.n = 0;
    assert_int_equal(bl_article_parse("back.txt", b.p, b.len, &back, &err), BL_OK);
    assert_warnings(0);
    assert_same_fields(back, a);
    bl_article_destroy(back);
    bl_buf_free(&b);
}

static void test_write_every_key(void **state)
{
    char *paras[] = {"Smart Community Week 在 5 月举行，带宽 1000 Mbps。", "第二段：“引号”与（括号）。"};
    bl_article full = {.title = "标题: 带冒号",
                       .subtitle = "副标题 有空格",
                       .kicker = "引题：",
                       .byline = "本报记者 张三",
                       .source = "学习时报",
                       .date = "2026年3月14日", /* kept as written */
                       .link = "https://example.org/a?b=c",
                       .link_label = "扫码看视频",
                       .orientation = BL_ARTICLE_ORIENT_VERTICAL,
                       .show_from = T_0314_0800,
                       .show_until = T_0320,
                       .priority = -3,
                       .paras = paras,
                       .npara = 2};
    bl_article only = {.title = "T", .paras = paras, .npara = 1};
    (void)state;
    roundtrip(&full, "kicker: 引题：\n"
                     "title: 标题: 带冒号\n"
                     "subtitle: 副标题 有空格\n"
                     "byline: 本报记者 张三\n"
                     "source: 学习时报\n"
                     "date: 2026年3月14日\n"
                     "link: https://example.org/a?b=c\n"
                     "link-label: 扫码看视频\n"
                     "orientation: vertical\n"
                     "show-from: 2026-03-14 08:00\n"
                     "show-until: 2026-03-20\n"
                     "priority: -3\n"
                     "\n"
                     "Smart Community Week 在 5 月举行，带宽 1000 Mbps。\n"
                     "\n"
                     "第二段：“引号”与（括号）。\n");
    /* unset fields are left out; each typed value reads back alone */
    roundtrip(&only, "title: T\n\nSmart Community Week 在 5 月举行，带宽 1000 Mbps。\n");
    only.orientation = BL_ARTICLE_ORIENT_HORIZONTAL;
    roundtrip(&only, NULL);
    only.orientation = BL_ARTICLE_ORIENT_UNSET;
    only.show_until = T_0313;
    roundtrip(&only, NULL);
    only.show_until = 0;
    only.show_from = INT64_C(-86400 * 365 * 30 - 28800 + 60); /* before 1970, a minute past midnight */
    roundtrip(&only, NULL);
    only.show_from = 0;
    only.priority = 2147483647;
    roundtrip(&only, NULL);
}

/* lang: the tags a writer may use, the Chinese key, a bad value warned
 * and read as the default, and the tag written back. */
static void test_lang_values(void **state)
{
    static const struct {
        const char *text;
        bl_article_lang want;
        int warnings;
    } cases[] = {
        {"title: T\n\nbody\n", BL_ARTICLE_LANG_HANS, 0},
        {"title: T\nlang: zh-Hant\n\nbody\n", BL_ARTICLE_LANG_HANT, 0},
        {"title: T\nlang: zh-TW\n\nbody\n", BL_ARTICLE_LANG_HANT, 0},
        {"title: T\nLANG: ZH-hk\n\nbody\n", BL_ARTICLE_LANG_HK, 0},
        {"title: T\n语言：zh-HK\n\nbody\n", BL_ARTICLE_LANG_HK, 0},
        {"title: T\nlang: zh-CN\n\nbody\n", BL_ARTICLE_LANG_HANS, 0},
        {"title: T\nlang: zh-SG\n\nbody\n", BL_ARTICLE_LANG_HANS, 0},
        {"title: T\nlang: zh\n\nbody\n", BL_ARTICLE_LANG_HANS, 0},
        {"title: T\nlang:\n\nbody\n", BL_ARTICLE_LANG_HANS, 1},
        /* a bad value is the default, not the value before it */
        {"title: T\nlang: zh-Hant\nlang: ja\n\nbody\n", BL_ARTICLE_LANG_HANS, 2},
    };
    char *paras[] = {"臺北市民活動中心。"};
    bl_article hant = {.title = "T", .lang = BL_ARTICLE_LANG_HANT, .paras = paras, .npara = 1};
    bl_buf b = {0};
    bl_err err = {0};
    size_t i;
    (void)state;
    for (i = 0; i < BL_ARRAY_LEN(cases); i++) {
        bl_article *a;
        cap.n = 0;
        a = parse_str(cases[i].text);
        assert_int_equal(a->lang, cases[i].want);
        assert_warnings(cases[i].warnings);
        bl_article_destroy(a);
    }
    assert_true(warned("t.txt:3: lang 'ja' is not zh-Hans, zh-Hant or zh-HK; using zh-Hans"));
    assert_string_equal(bl_article_lang_tag(BL_ARTICLE_LANG_HK), "zh-HK");
    roundtrip(&hant, "title: T\nlang: zh-Hant\n\n臺北市民活動中心。\n");
    hant.lang = BL_ARTICLE_LANG_HK;
    roundtrip(&hant, "title: T\nlang: zh-HK\n\n臺北市民活動中心。\n");
    hant.lang = (bl_article_lang)7;
    assert_int_equal(bl_article_write(&hant, &b, &err), BL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "lang cannot be written"));
    assert_null(b.p);
}

/* An article read from a file with Chinese keys writes the English keys
 * and reads back the same; so do the four demo articles. */
static void test_write_parsed_articles(void **state)
{
    static const char *const demos[] = {
        "2026-03-13-01-fengtai-cadres-meeting.txt", "2026-03-14-02-talent-education-ecosystem.txt",
        "2026-03-14-03-spring-greenway-parks.txt", "2026-03-14-04-civilized-city-inspection.txt"};
    bl_article *a = parse_str("标题：标\n副标题：副\n引题：引\n作者：者\n来源：源\n日期：今天\n"
                              "orientation: horizontal\nshow-from: 2026-03-13 08:00\npriority: 1\n\n"
                              "正文一。\n\n正文二。\n");
    size_t i;
    (void)state;
    roundtrip(a, "kicker: 引\ntitle: 标\nsubtitle: 副\nbyline: 者\nsource: 源\ndate: 今天\n"
                 "orientation: horizontal\nshow-from: 2026-03-13 08:00\npriority: 1\n\n"
                 "正文一。\n\n正文二。\n");
    bl_article_destroy(a);
    for (i = 0; i < BL_ARRAY_LEN(demos); i++) {
        char path[1024], *bytes = NULL;
        size_t len = 0;
        bl_err err = {0};
        bl_buf b = {0};
        a = load_demo(demos[i]);
        /* the importer wrote these files: the writer gives their bytes */
        snprintf(path, sizeof path, "%s/assets/articles/%s", source_dir(), demos[i]);
        assert_int_equal(bl_read_file(path, BL_ARTICLE_MAX_BYTES, &bytes, &len, &err), BL_OK);
        assert_int_equal(bl_article_write(a, &b, &err), BL_OK);
        assert_int_equal(b.len, len);
        assert_memory_equal(b.p, bytes, len);
        roundtrip(a, NULL);
        bl_buf_free(&b);
        free(bytes);
        bl_article_destroy(a);
    }
}

static void write_fails(const bl_article *a, const char *want)
{
    bl_err err = {0};
    bl_buf b = {0};
    bl_buf_puts(&b, "before\n");
    assert_int_equal(bl_article_write(a, &b, &err), BL_ERR_PARSE);
    assert_string_equal(b.p, "before\n"); /* a refusal writes nothing */
    if (!strstr(err.msg, want))
        print_message("message: %s\n", err.msg);
    assert_non_null(strstr(err.msg, want));
    bl_buf_free(&b);
}

static void test_write_refuses(void **state)
{
    char *paras[] = {"一段。"}, *bad[] = {" 前面有空格。"}, *empty[] = {""}, *nl[] = {"两行\n文字"};
    bl_article a = {.title = "标题", .paras = paras, .npara = 1};
    (void)state;
    a.title = NULL;
    write_fails(&a, "<article>: an article needs a title");
    a.title = "两行\n标题";
    write_fails(&a, "the title cannot be written: a control character or line break (U+000A)");
    a.title = "标题";
    a.npara = 0;
    write_fails(&a, "标题: an article needs a paragraph");
    a.npara = 1;
    a.paras = bad;
    write_fails(&a, "paragraph 1 cannot be written: spaces at an end");
    a.paras = empty;
    write_fails(&a, "paragraph 1 cannot be written: it is empty");
    a.paras = nl;
    write_fails(&a, "paragraph 1 cannot be written: a control character");
    a.paras = paras;
    a.subtitle = "\xE4\xB8";
    write_fails(&a, "the subtitle cannot be written: invalid UTF-8");
    a.subtitle = "副题\xE3\x80\x80"; /* an ideographic space the reader would trim */
    write_fails(&a, "the subtitle cannot be written: spaces at an end");
    a.subtitle = NULL;
    a.orientation = (bl_article_orient)7;
    write_fails(&a, "the orientation cannot be written: 7 is not horizontal or vertical");
    a.orientation = BL_ARTICLE_ORIENT_UNSET;
    a.show_until = T_0320 + 30;
    write_fails(&a, "the show-until cannot be written: 1773936030 is not a whole minute of local time");
    a.show_until = 0;
    a.path = "dir/a.txt";
    a.link = "a\tb";
    write_fails(&a, "dir/a.txt: the link cannot be written: a control character or line break (U+0009)");
}

static void test_unknown_key_warns_with_line(void **state)
{
    static const char text[] = "title: T\n标题 : 二\nfoo: bar\n\nbody\n";
    bl_article *a = parse_ok("assets/articles/x.txt", text, sizeof text - 1);
    (void)state;
    assert_string_equal(a->title, "二"); /* 标题 again: the later one wins */
    assert_true(warned("assets/articles/x.txt:3: unknown key 'foo'"));
    assert_true(warned("assets/articles/x.txt:2: key '标题' given again, the later value is used"));
    assert_warnings(2);
    bl_article_destroy(a);
}

static void test_missing_blank_line_after_header(void **state)
{
    bl_article *a = parse_str("\n\ntitle: T\n正文第一行，\n第二行。\n");
    (void)state;
    assert_string_equal(a->title, "T");
    assert_int_equal(a->npara, 1);
    assert_string_equal(a->paras[0], "正文第一行，第二行。");
    assert_warnings(1);
    assert_true(warned("t.txt:4: no blank line after the header, the body starts here"));
    bl_article_destroy(a);
}

/* ---- paragraphs -------------------------------------------------------- */

static void test_line_joining(void **state)
{
    bl_article *a = parse_str("title: T\n"
                              "\n"
                              "  第一行  \n"
                              "\t第二行\n"
                              "Hello\n"
                              "world 2026\n"
                              "年3月\n"
                              "13日 OK.\n"
                              "Next\n"
                              "\n"
                              "   \n"
                              "\xE3\x80\x80\xE3\x80\x80第二段\xE3\x80\x80\n" /* U+3000 indent */
                              "内容（记者 郭晓妍）\n"
                              "\n\n\n"
                              "x\n");
    (void)state;
    assert_int_equal(a->npara, 3);
    /* no space between Han lines, one between Latin words, none between a
     * digit and Han, none after Latin punctuation (only letters/digits) */
    assert_string_equal(a->paras[0], "第一行第二行Hello world 2026年3月13日 OK.Next");
    assert_string_equal(a->paras[1], "第二段内容（记者 郭晓妍）");
    assert_string_equal(a->paras[2], "x");
    assert_warnings(0);
    bl_article_destroy(a);
}

static void test_crlf_cr_and_bom(void **state)
{
    bl_article *a = parse_str("\xEF\xBB\xBFtitle: 标题\r\n"
                              "subtitle: 副\r\n"
                              "\r\n"
                              "第一段\r\n"
                              "续\r\n"
                              "\r\n"
                              "第二段\r\n");
    (void)state;
    assert_string_equal(a->title, "标题");
    assert_string_equal(a->subtitle, "副");
    assert_int_equal(a->npara, 2);
    assert_string_equal(a->paras[0], "第一段续");
    assert_string_equal(a->paras[1], "第二段");
    bl_article_destroy(a);

    /* old Mac line ends */
    a = parse_str("title: t\r\rA\rb\r\r\rC");
    assert_int_equal(a->npara, 2);
    assert_string_equal(a->paras[0], "A b");
    assert_string_equal(a->paras[1], "C");
    assert_warnings(0);
    bl_article_destroy(a);
}

/* ---- damaged input ----------------------------------------------------- */

static void test_invalid_utf8_becomes_fffd(void **state)
{
    /* "title: 标题\n" is 14 bytes, "\n" 1, "第一段" 9: the bad byte is at 24,
     * and 27 with a BOM in front. */
    static const char text[] = "title: 标题\n\n第一段\xFF文字。\n";
    static const char bom_text[] = "\xEF\xBB\xBFtitle: 标题\n\n第一段\xC3(文字。\n";
    bl_article *a = parse_ok("bad.txt", text, sizeof text - 1);
    (void)state;
    assert_string_equal(a->paras[0], "第一段" FFFD "文字。");
    assert_warnings(1);
    assert_true(warned("bad.txt:3: invalid UTF-8 at byte 24, shown as U+FFFD"));
    bl_article_destroy(a);

    a = parse_ok("bad.txt", bom_text, sizeof bom_text - 1);
    assert_string_equal(a->paras[0], "第一段" FFFD "(文字。"); /* truncated sequence */
    assert_true(warned("bad.txt:3: invalid UTF-8 at byte 27, shown as U+FFFD"));
    bl_article_destroy(a);
}

static void test_nul_and_controls(void **state)
{
    static const char text[] = "title: T\n\nab\0cd\x1B" "e\x7F\n";
    bl_article *a = parse_ok("nul.txt", text, sizeof text - 1);
    (void)state;
    assert_string_equal(a->paras[0], "ab" FFFD "cd" FFFD "e" FFFD);
    assert_true(warned("nul.txt:3: invalid UTF-8 at byte 12, shown as U+FFFD"));
    assert_true(warned("nul.txt:3: control character U+001B, shown as U+FFFD"));
    assert_true(warned("nul.txt:3: control character U+007F, shown as U+FFFD"));
    assert_warnings(3);
    bl_article_destroy(a);
}

static void test_many_invalid_bytes_are_summed_up(void **state)
{
    char text[400];
    size_t len = 0;
    int i;
    bl_article *a;
    (void)state;
    len += (size_t)snprintf(text, sizeof text, "title: T\n\n");
    for (i = 0; i < 12; i++) {
        memcpy(text + len, "正文正文正文\xFE", 19);
        len += 19;
    }
    a = parse_ok("many.txt", text, len);
    assert_warnings(11);
    assert_true(warned("many.txt:3: invalid UTF-8 at byte 28, shown as U+FFFD"));
    assert_true(warned("many.txt: 12 invalid UTF-8 sequences in all, shown as U+FFFD"));
    assert_int_equal(strlen(a->paras[0]), 12 * (18 + 3));
    bl_article_destroy(a);
}

/* ---- refusals ---------------------------------------------------------- */

static void test_missing_title(void **state)
{
    (void)state;
    FAILS("a.txt", "subtitle: S\n\nbody\n", BL_ERR_PARSE, "a.txt: missing title");
    FAILS("a.txt", "title:   \n\nbody\n", BL_ERR_PARSE, "a.txt: missing title");
    FAILS("a.txt", "这个春天，丰台区将联合石景山举办活动。\n", BL_ERR_PARSE,
          "a.txt: missing title (the file must start with 'title: ...')");
    FAILS("a.txt", "   \n", BL_ERR_PARSE, "a.txt: missing title");
}

static void test_empty_body(void **state)
{
    (void)state;
    FAILS("b.txt", "title: T\n", BL_ERR_PARSE, "b.txt: empty body");
    FAILS("b.txt", "title: T\n\n \n\xE3\x80\x80\n\n", BL_ERR_PARSE, "b.txt: empty body");
}

static void test_empty_file(void **state)
{
    char path[64];
    bl_article *a = NULL;
    bl_err err = {0};
    char msg[128];
    (void)state;
    FAILS("c.txt", "", BL_ERR_PARSE, "c.txt: empty file");
    parse_fails("c.txt", NULL, 0, BL_ERR_PARSE, "c.txt: empty file");
    FAILS("c.txt", "\xEF\xBB\xBF", BL_ERR_PARSE, "c.txt: empty file");

    write_temp(path, "", 0);
    assert_int_equal(bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, &err), BL_ERR_PARSE);
    assert_null(a);
    snprintf(msg, sizeof msg, "%s: empty file", path);
    assert_string_equal(err.msg, msg);
    unlink(path);
}

static void test_binary_file(void **state)
{
    char bin[256];
    /* "title: T" in UTF-16LE: every other byte is NUL */
    static const char utf16[] = "t\0i\0t\0l\0e\0:\0 \0T\0\n\0\n\0b\0";
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bin; i++)
        bin[i] = (char)(i * 7 % 5 ? 0 : 0x90 + i % 16);
    parse_fails("d.bin", bin, sizeof bin, BL_ERR_PARSE,
                "d.bin: not a UTF-8 text file (256 invalid bytes)");
    /* UTF-16 without a byte-order mark cannot be told from binary */
    FAILS("d.txt", utf16, BL_ERR_PARSE, "d.txt: not a UTF-8 text file (11 invalid bytes)");
    assert_warnings(0); /* refused, not warned about byte by byte */
}

/* days:/hours: (星期/时段): kept as written, parsed for the schedule; a
 * bad value warns with file, line and value and is dropped. */
static void test_days_and_hours(void **state)
{
    bl_article *a;
    bl_buf out = {0};
    bl_err err = {0};
    (void)state;
    a = parse_str("title: 早市\ndays: 一至五\nhours: 06:30-09:00，17:00-19:00\n\n正文。\n");
    assert_string_equal(a->days, "一至五");
    assert_int_equal(a->weekly.days, 0x1F);
    assert_int_equal(a->weekly.nranges, 2);
    assert_int_equal(a->weekly.from[0], 390);
    assert_int_equal(a->weekly.until[1], 1140);
    assert_int_equal(bl_article_write(a, &out, &err), BL_OK);
    assert_non_null(strstr(out.p, "days: 一至五\nhours: 06:30-09:00，17:00-19:00\n"));
    bl_buf_free(&out);
    bl_article_destroy(a);
    assert_warnings(0);

    a = parse_str("标题: 周末集市\n星期: 周末\n时段: 8:00-12:00\n\n正文。\n");
    assert_int_equal(a->weekly.days, 0x60);
    assert_int_equal(a->weekly.nranges, 1);
    bl_article_destroy(a);

    a = parse_str("title: T\ndays: 周八\nhours: 上午\n\n正文。\n");
    assert_null(a->days);
    assert_null(a->hours);
    assert_int_equal(a->weekly.days, 0);
    assert_int_equal(a->weekly.nranges, 0);
    assert_true(warned("t.txt:2: days '周八' is not days of the week such as 一至五, 周末 or 一、三、五; ignored"));
    assert_true(warned("t.txt:3: hours '上午' is not hours such as 08:00-12:00 (up to 4 ranges); ignored"));
    bl_article_destroy(a);
}

/* What Windows Notepad saves: "Unicode" (UTF-16LE with a BOM), "Unicode
 * big endian", and "ANSI" on a Chinese Windows (GBK).  Each is read, with
 * one warning naming the file and the encoding. */
static void test_windows_encodings(void **state)
{
    static const char utf8[] = "title: 停水通知\n\n明天上午九点至十二点停水。\n";
    /* "标题：丰台" / "丰台区召开会议。" in GBK */
    static const char gbk[] = "title: \xB1\xEA\xCC\xE2\xA3\xBA\xB7\xE1\xCC\xA8\n\n"
                              "\xB7\xE1\xCC\xA8\xC7\xF8\xD5\xD9\xBF\xAA\xBB\xE1\xD2\xE9\xA1\xA3\r\n";
    char le[256], be[256];
    size_t n = 2;
    bl_article *a;
    (void)state;
    /* UTF-16 of the ASCII/BMP text: each code point as two bytes */
    le[0] = (char)0xFF, le[1] = (char)0xFE, be[0] = (char)0xFE, be[1] = (char)0xFF;
    {
        uint32_t *cps = NULL;
        size_t ncps = 0, i;
        assert_int_equal(bl_utf8_decode(utf8, sizeof utf8 - 1, &cps, &ncps, NULL, NULL), BL_OK);
        for (i = 0; i < ncps; i++, n += 2) {
            le[n] = (char)(cps[i] & 0xFF), le[n + 1] = (char)(cps[i] >> 8);
            be[n] = (char)(cps[i] >> 8), be[n + 1] = (char)(cps[i] & 0xFF);
        }
        free(cps);
    }
    a = parse_ok("notepad-unicode.txt", le, n);
    assert_string_equal(a->title, "停水通知");
    assert_string_equal(a->paras[0], "明天上午九点至十二点停水。");
    bl_article_destroy(a);
    assert_true(warned("notepad-unicode.txt: UTF-16LE text, read as such (save it as UTF-8 to silence this)"));
    a = parse_ok("notepad-be.txt", be, n);
    assert_string_equal(a->title, "停水通知");
    bl_article_destroy(a);

    a = parse_ok("notepad-ansi.txt", gbk, sizeof gbk - 1);
    assert_string_equal(a->title, "标题：丰台");
    assert_string_equal(a->paras[0], "丰台区召开会议。");
    bl_article_destroy(a);
    assert_true(warned("notepad-ansi.txt: GB18030 text, read as such (save it as UTF-8 to silence this)"));
    assert_warnings(3);

    /* A BOM that lies: named, refused */
    FAILS("liar.txt", "\xFF\xFE\x00\xD8", BL_ERR_PARSE, "liar.txt: starts with a UTF-16LE byte-order mark but is not UTF-16LE text");
}

static void test_too_large_file(void **state)
{
    char path[64], msg[160];
    bl_article *a = NULL;
    bl_err err = {0};
    static const char text[] = "title: T\n\n第一段，比五十字节长一些的正文。\n";
    (void)state;
    write_temp(path, text, sizeof text - 1);
    assert_int_equal(bl_article_load(path, 50, &a, &err), BL_ERR_TOOBIG);
    assert_null(a);
    snprintf(msg, sizeof msg, "%s: larger than the limit of 50 bytes", path);
    assert_string_equal(err.msg, msg);

    /* the same file loads under the default limit */
    assert_int_equal(bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, &err), BL_OK);
    assert_string_equal(a->paras[0], "第一段，比五十字节长一些的正文。");
    assert_string_equal(a->path, path);
    bl_article_destroy(a);
    unlink(path);
}

static void test_missing_file(void **state)
{
    bl_article *a = NULL;
    bl_err err = {0};
    const char *path = "/nonexistent/baolan/article.txt";
    (void)state;
    assert_int_equal(bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, &err), BL_ERR_NOTFOUND);
    assert_null(a);
    assert_true(starts_with(err.msg, "/nonexistent/baolan/article.txt: "));
}

static void test_destroy_null(void **state)
{
    (void)state;
    bl_article_destroy(NULL);
}

/* ---- robustness: what the fuzzer will do, in small ------------------------ */

static uint32_t rng_state = 12345;

static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static void test_mangled_input_never_crashes(void **state)
{
    static const char seed[] = "\xEF\xBB\xBFtitle: 标题\r\n引题：引\npriority: 7\nfoo: x\n\n"
                               "第一段\nLatin\nword\r\n\r\n第二段\xE3\x80\x80\n";
    char buf[sizeof seed + 16];
    size_t len, i, k;
    int round;
    (void)state;
    bl_log_set_level(BL_LOG_QUIET); /* thousands of warnings otherwise */
    /* every prefix */
    for (len = 0; len < sizeof seed; len++) {
        bl_article *a = NULL;
        bl_err err = {0};
        char *copy = malloc(len ? len : 1); /* exact size: ASan sees overreads */
        memcpy(copy, seed, len);
        if (bl_article_parse("f.txt", copy, len, &a, &err) == BL_OK)
            assert_true(a->npara > 0 && a->title && a->title[0]);
        else
            assert_true(starts_with(err.msg, "f.txt: ") || starts_with(err.msg, "f.txt:"));
        bl_article_destroy(a);
        free(copy);
    }
    /* random byte mutations */
    for (round = 0; round < 3000; round++) {
        bl_article *a = NULL;
        bl_err err = {0};
        char *copy;
        memcpy(buf, seed, sizeof seed - 1);
        len = sizeof seed - 1;
        k = 1 + rng() % 6;
        for (i = 0; i < k; i++)
            buf[rng() % len] = rng() % 4 == 0 ? "\r\n:：\0"[rng() % 5] : (char)rng();
        len -= rng() % 8;
        copy = malloc(len);
        memcpy(copy, buf, len);
        if (bl_article_parse("f.txt", copy, len, &a, &err) == BL_OK) {
            for (i = 0; i < a->npara; i++)
                assert_true(a->paras[i][0] != '\0' && !strchr(a->paras[i], '\n'));
        } else {
            assert_true(starts_with(err.msg, "f.txt"));
        }
        bl_article_destroy(a);
        free(copy);
    }
    bl_log_set_level(BL_LOG_INFO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_demo_cadres_meeting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_talent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_spring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_demo_civilized_city, setup, teardown),
        cmocka_unit_test_setup_teardown(test_chinese_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_english_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_priority_and_orientation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_orientation_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_show_times, setup, teardown),
        cmocka_unit_test_setup_teardown(test_show_times_are_local, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priority_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_every_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_parsed_articles, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_key_warns_with_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_blank_line_after_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_joining, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crlf_cr_and_bom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8_becomes_fffd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_and_controls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_invalid_bytes_are_summed_up, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_title, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_body, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_binary_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_windows_encodings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_days_and_hours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_too_large_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_destroy_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lang_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mangled_input_never_crashes, setup, teardown),
    };
    /* show-from and show-until are local times: fix the zone */
    setenv("TZ", "CST-8", 1);
    tzset();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
