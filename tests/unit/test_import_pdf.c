/*
 * test_import_pdf.c - unit tests for the importer's PDF reader
 * (import_pdf.c, through import.h).
 *
 * Newspaper-like pages are set here with cairo and Pango from articles
 * written by hand below (columns of justified text with indented first
 * lines, headlines across columns, kickers and subtitles in their own
 * sizes, bylines and source lines of their own, a picture with its
 * caption, the page's furniture in small print) and written as PDF; the
 * importer must give back exactly the articles they were set from.
 * Broken, cut and textless PDFs are refused with the reason; a PDF in the
 * inbox is imported like a text page.  The PDFs are
 * drawn in a child process: cairo's PDF writer leaks a few hundred bytes
 * a file, which the leak checker would lay at our door.
 */
#include "content/import.h"

#include "content/content.h"
#include "content/inbox.h"
#include "core/fs.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "testfs.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#define YEAR 2026
#define MAXP 8

/* ---- the articles, written by hand --------------------------------------- */

/* An article as printed and as it must come back. */
typedef struct art {
    const char *kicker, *title, *subtitle;
    const char *byline_line; /* printed on a line of its own, or NULL */
    const char *source_line; /* printed after the body, or NULL */
    const char *paras[MAXP];
    /* what the importer must give besides the printed fields */
    const char *byline, *source, *date;
} art;

static const art street = {
    "聚焦春季环境整治：",
    "南苑街道清理背街小巷堆物堆料",
    "三个月内整治一百二十条小巷 居民全程参与评议",
    "记者 张三 通讯员 李四",
    NULL,
    {"本报讯3月13日上午，南苑街道启动春季环境整治行动，首批清理背街小巷堆物堆料四十余处，清运杂物三十多车。街"
     "道计划在三个月内完成辖区一百二十条小巷的整治。",
     "整治前，街道组织社区工作者和志愿者逐条摸排，建立问题台账。对占道堆放的废旧家具，工作人员先上门沟通，再"
     "统一清运；对长期无人认领的杂物，张贴告示七天后集中处理。",
     "“以前这条胡同堆满了旧沙发和花盆，晚上走路都得小心。”家住果园社区的刘大爷说，现在小巷干净了，孩子们放学"
     "也愿意走这条近路。",
     "街道还邀请居民代表组成评议小组，每月对小巷环境打分，结果在社区公告栏公示。得分靠后的小巷，由包片干部限"
     "期整改。"},
    "记者 张三 通讯员 李四",
    NULL,
    "2026-03-13",
};

static const art canteen = {
    NULL,
    "社区食堂推出老年助餐套餐",
    NULL,
    NULL,
    NULL,
    {"本报讯（记者 "
     "陈思远）3月12日，东高地街道社区食堂推出老年助餐套餐，六十岁以上老人持卡就餐可享受八折优惠，八十岁以上老"
     "人再减两元。",
     "套餐每天更换菜品，以少油少盐为主，一荤两素加一份主食和汤。食堂负责人介绍，菜单由营养师参与制定，还专门"
     "准备了软烂易嚼的菜品。",
     "对于行动不便的老人，社区志愿者提供送餐上门服务。目前已有一百多位老人登记，每天中午送出的饭菜有六十多份"
     "。"},
    "本报记者 陈思远",
    NULL,
    "2026-03-12",
};

static const art garden = {
    NULL,
    "口袋公园迎来首批“认养家庭”",
    "——卢沟桥街道探索绿地共建共治",
    NULL,
    "来源：区融媒体中心",
    {"卢沟桥街道的三处口袋公园日前迎来首批二十户“认养家庭”。他们将负责认养区域的浇水、除草和日常巡护，街道提"
     "供花苗和工具。",
     "参加认养的居民赵女士说，周末带孩子来种花，既锻炼了身体，也让孩子学到了不少植物知识。",
     "街道园林科负责人表示，认养期为一年，期满后将根据养护情况评选“最美花园”，并向更多社区推广这一做法。"},
    NULL,
    "区融媒体中心",
    NULL,
};

static const art lanes = {
    "文明城区创建进行时：",
    "背街小巷有了“街巷长”",
    NULL,
    "本报记者 王磊 实习记者 张一帆",
    NULL,
    {"全区二百六十条背街小巷日前都有了自己的“街巷长”。他们由街道干部担任，每周至少巡查两次，发现问题当天登记"
     "、限期解决。",
     "为了让居民反映问题更方便，每条小巷口都挂上了公示牌，写明街巷长的姓名和电话，扫描牌上的二维码还能在线留"
     "言。",
     "今年，全区还将在一百个小区完成Wi-Fi 6网络覆盖，公共区域的带宽最高可达1000 "
     "Mbps，街巷长巡查时可以随时上传照片。",
     "“有人管、管得好，小巷才能一直干净。”街道负责人说，下一步将把街巷长的巡查记录纳入考核。"},
    "本报记者 王磊 实习记者 张一帆",
    NULL,
    NULL,
};

static const art fire = {
    NULL,
    "南苑街道开展春季消防安全检查",
    NULL,
    "通讯员 刘畅",
    NULL,
    {"南苑街道近日联合消防救援站开展春季消防安全大检查，重点检查老旧小区、群租房和沿街商铺，共排查隐患一百二"
     "十余处。",
     "检查中发现的楼道堆物、电动自行车违规充电等问题，工作人员当场督促整改；一时无法整改的，下发通知书限期整"
     "改。"},
    "通讯员 刘畅",
    NULL,
    NULL,
};

static const art trees = {
    NULL,
    "春季义务植树活动启动",
    "三百余名志愿者参加 栽下树木一千二百余株",
    NULL,
    NULL,
    {"3月12日是我国第48个植树节。当天上午，区园林绿化局在南苑森林湿地公园举办义务植树活动，共栽下油松、银杏等"
     "树木一千二百余株。",
     "活动现场还设置了“Green Week”环保市集，居民可以用旧衣物和废旧电池兑换绿植。"},
    NULL,
    NULL,
    NULL,
};

static const art library = {
    NULL,
    "卢沟桥街道社区图书馆焕新开放",
    NULL,
    NULL,
    "来源：丰台区文化和旅游局",
    {"本报讯（记者 "
     "林晓雨）3月8日，卢沟桥街道社区图书馆完成改造后重新开放，首日接待居民四百余人次。改造后的图书馆面积扩大"
     "到六百平方米，新增阅览座位八十个，少儿阅读区和老年阅读区分开设置。",
     "图书馆还与区图书馆实现通借通还，居民持社保卡即可借阅，借期为三十天。周末开放时间延长至晚上九点，方便上"
     "班族下班后前来阅读。"},
    "本报记者 林晓雨",
    "丰台区文化和旅游局",
    "2026-03-08",
};

/* ---- setting a page --------------------------------------------------------- */

static const char *const SANS = "Noto Sans CJK SC";
static const char *const SERIF = "Noto Serif CJK SC";

#define BODY_PT 10.5
#define LEAD 1.6

/* Text at (x, y) (top), size pt, bold or not; returns its height in pt.
 * width > 0: wrapped to that width, each line centred. */
static double say(cairo_t *cr, const char *text, const char *family, double size, bool bold, double x,
                  double y, double width)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_new();
    PangoRectangle ink, log;
    pango_font_description_set_family(fd, family);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, text, -1);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    }
    pango_layout_get_extents(l, &ink, &log);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
    return (double)log.height / PANGO_SCALE;
}

/* One set line of a paragraph, to be placed in a column. */
typedef struct setline {
    PangoLayout *layout; /* the paragraph's (a reference) */
    int index;           /* line index in it */
} setline;

/* Sets the paragraphs in columns of width colw, with a 2-em first-line
 * indent, justified, balanced over ncols columns from (x, y); returns the
 * bottom. */
static double flow(cairo_t *cr, const char *const *paras, int ncols, double x, double y, double colw,
                   double gutter)
{
    setline lines[400];
    int n = 0, i, per;
    double lh = BODY_PT * LEAD, bottom = y;
    for (i = 0; i < MAXP && paras[i]; i++) {
        PangoLayout *l = pango_cairo_create_layout(cr);
        PangoFontDescription *fd = pango_font_description_new();
        int k, nl;
        pango_font_description_set_family(fd, SERIF);
        pango_font_description_set_absolute_size(fd, BODY_PT * PANGO_SCALE);
        pango_layout_set_font_description(l, fd);
        pango_font_description_free(fd);
        pango_layout_set_width(l, (int)(colw * PANGO_SCALE));
        pango_layout_set_indent(l, (int)(2 * BODY_PT * PANGO_SCALE));
        pango_layout_set_justify(l, TRUE);
        pango_layout_set_text(l, paras[i], -1);
        nl = pango_layout_get_line_count(l);
        for (k = 0; k < nl && n < 400; k++) {
            lines[n].layout = l;
            g_object_ref(l);
            lines[n++].index = k;
        }
        g_object_unref(l);
    }
    per = (n + ncols - 1) / ncols;
    for (i = 0; i < n; i++) {
        int col = i / per, row = i % per;
        PangoLayoutLine *ll = pango_layout_get_line_readonly(lines[i].layout, lines[i].index);
        double lx = x + col * (colw + gutter), ly = y + row * lh;
        cairo_set_source_rgb(cr, 0, 0, 0);
        /* a paragraph's first line stands in by its indent */
        cairo_move_to(cr, lx + (lines[i].index == 0 ? 2 * BODY_PT : 0), ly + BODY_PT);
        pango_cairo_show_layout_line(cr, ll);
        bottom = BL_MAX(bottom, ly + lh);
        g_object_unref(lines[i].layout);
    }
    return bottom;
}

/* A grey picture w x h at (x, y), embedded as an image. */
static void picture(cairo_t *cr, double x, double y, int w, int h)
{
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *ic = cairo_create(img);
    cairo_set_source_rgb(ic, 0.6, 0.7, 0.6);
    cairo_paint(ic);
    cairo_destroy(ic);
    cairo_set_source_surface(cr, img, x, y);
    cairo_paint(cr);
    cairo_surface_destroy(img);
}

/* Headlines of a, across width w from (x, y); returns the y under them. */
static double headlines(cairo_t *cr, const art *a, double title_pt, double x, double y, double w)
{
    if (a->kicker)
        y += say(cr, a->kicker, SANS, 13, false, x, y, w) + 2;
    y += say(cr, a->title, SANS, title_pt, true, x, y, w) + 2;
    if (a->subtitle)
        y += say(cr, a->subtitle, SANS, a->subtitle[0] == '\xe2' ? BODY_PT : 14, a->subtitle[0] == '\xe2', x,
                 y, w) +
             2;
    if (a->byline_line)
        y += say(cr, a->byline_line, SERIF, BODY_PT, false, x, y, w) + 2;
    return y + 8;
}

/* Page one: the furniture, a story across three columns, then a story
 * over two columns beside a picture story in the third. */
static void draw_page_one(const char *path)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
    cairo_t *cr = cairo_create(s);
    const double m = 40, gut = 14, colw = (595 - 2 * m - 2 * gut) / 3;
    double y, y2, x3 = m + 2 * (colw + gut);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        _exit(1);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    say(cr, "丰台社区报　2026年3月14日　星期六　第3版", SANS, 8, false, m, 24, 0);
    y = headlines(cr, &street, 24, m, 52, 595 - 2 * m);
    y = flow(cr, street.paras, 3, m, y, colw, gut) + 16;
    /* two columns on the left */
    y2 = headlines(cr, &canteen, 18, m, y, 2 * colw + gut);
    flow(cr, canteen.paras, 2, m, y2, colw, gut);
    /* the picture story on the right */
    picture(cr, x3, y, (int)colw, 90);
    y2 = y + 92;
    y2 += say(cr, "▲ 居民在口袋公园种植花苗。 王芳 摄", SANS, 8, false, x3, y2, 0) + 10;
    y2 = headlines(cr, &garden, 16, x3, y2, colw);
    y2 = flow(cr, garden.paras, 1, x3, y2, colw, gut);
    say(cr, garden.source_line, SERIF, BODY_PT, false, x3, y2 + 2, 0);
    say(cr, "责任编辑：周敏", SANS, 8, false, m, 800, 0);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        _exit(1);
    cairo_surface_destroy(s);
}

/* Pages two and three, one file: two wide columns under a story with a
 * body-size bold kicker, a story in each column under it (one with a
 * QR code's label under a picture); then a page of one wide column. */
static void draw_pages_two(const char *path)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
    cairo_t *cr = cairo_create(s);
    const double m = 48, gut = 18, colw = (595 - 2 * m - gut) / 2, x2 = m + colw + gut;
    double y, yl, yr;
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        _exit(1);
    y = 50 + say(cr, lanes.kicker, SANS, BODY_PT, true, m, 50, 595 - 2 * m) + 2;
    y += say(cr, lanes.title, SANS, 20, true, m, y, 595 - 2 * m) + 2;
    y += say(cr, lanes.byline_line, SERIF, BODY_PT, false, m, y, 595 - 2 * m) + 10;
    y = flow(cr, lanes.paras, 2, m, y, colw, gut) + 20;
    yl = headlines(cr, &fire, 15, m, y, colw);
    flow(cr, fire.paras, 1, m, yl, colw, gut);
    yr = headlines(cr, &trees, 15, x2, y, colw);
    yr = flow(cr, trees.paras, 1, x2, yr, colw, gut) + 10;
    picture(cr, x2 + colw - 60, yr, 60, 60);
    say(cr, "扫码看视频", SANS, 8, false, x2 + colw - 60, yr + 62, 0);
    cairo_show_page(cr);
    y = headlines(cr, &library, 18, m, 60, 595 - 2 * m);
    y = flow(cr, library.paras, 1, m, y, 595 - 2 * m, gut);
    say(cr, library.source_line, SERIF, BODY_PT, false, m, y + 2, 0);
    say(cr, "- 4 -", SANS, 8, false, 280, 810, 0);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        _exit(1);
    cairo_surface_destroy(s);
}

/* A page set vertically (竖排): columns of characters from the right. */
static void draw_vertical(const char *path)
{
    static const char text[] = "南苑街道启动春季环境整治行动首批清理背街小巷堆物堆料四十余处清运杂物三十多车";
    cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
    cairo_t *cr = cairo_create(s);
    const char *p = text;
    int k = 0;
    while (*p) {
        char ch[5] = {0};
        int n = (*p & 0xF0) == 0xE0 ? 3 : 1;
        memcpy(ch, p, (size_t)n);
        p += n;
        say(cr, ch, SERIF, 12, false, 540 - (k / 12) * 19, 60 + (k % 12) * 12, 0);
        k++;
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* A PDF with a rectangle and no text. */
static void draw_blank(const char *path)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, 300, 300);
    cairo_t *cr = cairo_create(s);
    cairo_rectangle(cr, 20, 20, 100, 100);
    cairo_fill(cr);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* Runs draw(path) in a child process. */
static void make_pdf(void (*draw)(const char *), const char *path)
{
    int status = 0;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        draw(path);
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- checks --------------------------------------------------------------------- */

static void same(const char *what, const char *got, const char *want)
{
    if ((got == NULL) != (want == NULL) || (got && strcmp(got, want))) {
        print_message("%s: got '%s', wanted '%s'\n", what, got ? got : "(none)", want ? want : "(none)");
        fail();
    }
}

static void assert_article(const bl_article *got, const art *want)
{
    size_t n = 0, i;
    while (n < MAXP && want->paras[n])
        n++;
    same("title", got->title, want->title);
    same("kicker", got->kicker, want->kicker);
    same("subtitle", got->subtitle, want->subtitle);
    same("byline", got->byline, want->byline);
    same("source", got->source, want->source);
    same("date", got->date, want->date);
    if (got->npara != n)
        for (i = 0; i < got->npara; i++)
            print_message("  got paragraph %zu: %s\n", i + 1, got->paras[i]);
    assert_int_equal(got->npara, n);
    for (i = 0; i < n; i++)
        same("paragraph", got->paras[i], want->paras[i]);
}

static char *slurp(const char *path, size_t *len)
{
    char *buf = NULL;
    bl_err err = {0};
    assert_int_equal(bl_read_file(path, BL_IMPORT_MAX_PDF_BYTES, &buf, len, &err), BL_OK);
    return buf;
}

/* Removes a test PDF and its folder, or with BL_TEST_KEEP_PDF=DIR set
 * moves it there to be looked at. */
static void keep_or_remove(const char *path, const char *dir)
{
    const char *keep = getenv("BL_TEST_KEEP_PDF");
    if (keep && *keep) {
        char to[512];
        const char *slash = strrchr(path, '/');
        snprintf(to, sizeof to, "%s/%s", keep, slash ? slash + 1 : path);
        if (rename(path, to) != 0)
            unlink(path);
    } else {
        unlink(path);
    }
    rmdir(dir);
}

static void test_page_one(void **state)
{
    char dir[] = "/tmp/bl_test_import_pdf_XXXXXX", path[128];
    bl_import_result *r = NULL;
    bl_err err = {0};
    size_t len = 0, i;
    char *bytes, *sum;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/page.pdf", dir);
    make_pdf(draw_page_one, path);
    bytes = slurp(path, &len);
    if (bl_import_page("page.pdf", bytes, len, YEAR, &r, &err) != BL_OK)
        print_message("%s\n", err.msg);
    assert_non_null(r);
    sum = bl_import_summary(r, "page.pdf");
    print_message("%s", sum);
    assert_string_equal(r->encoding, "PDF");
    assert_int_equal(r->npages, 1);
    assert_int_equal(r->narticles, 3);
    assert_article(r->articles[0], &street);
    assert_article(r->articles[1], &canteen);
    assert_article(r->articles[2], &garden);
    /* the furniture, the caption and the editor's credit are set aside */
    assert_int_equal(r->nset_aside, 3);
    assert_non_null(strstr(r->set_aside[0].text, "丰台社区报"));
    assert_string_equal(r->set_aside[1].why, "photo caption");
    assert_string_equal(r->set_aside[2].why, "editor's credit");
    /* measured columns: three of about 15 em on a 10.5 pt body */
    for (i = 0; i < 3; i++)
        assert_true(r->info[i].column_width >= 14 && r->info[i].column_width <= 16.5);
    assert_int_equal(r->nnotes, 0);
    free(sum);
    bl_import_result_destroy(r);
    free(bytes);
    keep_or_remove(path, dir);
}

static void test_pages_two(void **state)
{
    char dir[] = "/tmp/bl_test_import_pdf_XXXXXX", path[128], out[160], *summary = NULL;
    bl_import_result *r = NULL;
    bl_err err = {0};
    size_t len = 0;
    char *bytes;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/pages.pdf", dir);
    make_pdf(draw_pages_two, path);
    bytes = slurp(path, &len);
    if (bl_import_page("pages.pdf", bytes, len, YEAR, &r, &err) != BL_OK)
        print_message("%s\n", err.msg);
    assert_non_null(r);
    assert_int_equal(r->npages, 2);
    if (r->narticles != 4) {
        char *sum = bl_import_summary(r, "pages.pdf");
        print_message("%s", sum);
        free(sum);
    }
    assert_int_equal(r->narticles, 4);
    assert_article(r->articles[0], &lanes);
    assert_article(r->articles[1], &fire);
    assert_article(r->articles[2], &trees);
    assert_article(r->articles[3], &library);
    assert_int_equal(r->nset_aside, 2);
    assert_string_equal(r->set_aside[0].why, "label of a QR code");
    assert_string_equal(r->set_aside[1].text, "- 4 -");
    assert_int_equal(r->nnotes, 0);
    /* the wide column of page three measured: about 47 em */
    assert_true(r->info[3].column_width >= 45 && r->info[3].column_width <= 48.5);
    bl_import_result_destroy(r);
    free(bytes);

    /* what `baolan import pages.pdf --out DIR` does */
    snprintf(out, sizeof out, "%s/articles", dir);
    assert_int_equal(bl_import_file(path, out, YEAR, &summary, &err), BL_OK);
    assert_non_null(strstr(summary, ": 4 articles, 10 paragraphs"));
    assert_non_null(strstr(summary, "(PDF, "));
    assert_non_null(strstr(summary, "written: 4"));
    assert_non_null(strstr(summary, "2026-03-08-04-"));
    free(summary);
    {
        char **names = NULL;
        size_t n = 0, i;
        assert_int_equal(bl_dir_list(out, NULL, NULL, &names, &n, &err), BL_OK);
        assert_int_equal(n, 4);
        for (i = 0; i < n; i++)
            unlink(names[i]);
        bl_strv_free(names, n);
    }
    rmdir(out);
    keep_or_remove(path, dir);
}

static void test_refusals(void **state)
{
    char dir[] = "/tmp/bl_test_import_pdf_XXXXXX", path[128];
    static const char broken[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\n";
    bl_import_result *r = NULL;
    bl_err err = {0};
    size_t len = 0;
    char *bytes;
    (void)state;
    assert_int_equal(bl_import_page("broken.pdf", broken, sizeof broken - 1, YEAR, &r, &err), BL_ERR_PARSE);
    assert_null(r);
    assert_non_null(strstr(err.msg, "broken.pdf: not a PDF poppler can read"));

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/blank.pdf", dir);
    make_pdf(draw_blank, path);
    bytes = slurp(path, &len);
    assert_int_equal(bl_import_page("blank.pdf", bytes, len, YEAR, &r, &err), BL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "blank.pdf: no text in the PDF"));
    free(bytes);
    unlink(path);

    snprintf(path, sizeof path, "%s/vertical.pdf", dir);
    make_pdf(draw_vertical, path);
    bytes = slurp(path, &len);
    assert_int_equal(bl_import_page("vertical.pdf", bytes, len, YEAR, &r, &err), BL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "vertical.pdf: the text stands in vertical columns"));
    free(bytes);
    unlink(path);

    /* a real page cut short anywhere: articles or a reason, never a crash */
    snprintf(path, sizeof path, "%s/page.pdf", dir);
    make_pdf(draw_page_one, path);
    bytes = slurp(path, &len);
    {
        size_t cut;
        for (cut = 5; cut < len; cut += len / 23 + 1) {
            r = NULL;
            if (bl_import_page("cut.pdf", bytes, cut, YEAR, &r, &err) == BL_OK)
                assert_true(r->narticles > 0);
            else
                assert_true(strncmp(err.msg, "cut.pdf: ", 9) == 0);
            bl_import_result_destroy(r);
        }
    }
    free(bytes);
    unlink(path);
    rmdir(dir);
}

/* A PDF dropped in the inbox becomes articles in the content folder and
 * moves to inbox/imported/; a damaged one moves to inbox/failed/. */
static void test_inbox(void **state)
{
    char dir[] = "/tmp/bl_test_import_pdf_XXXXXX", inbox[128], content[128], path[192], moved[256];
    bl_inbox *in = NULL;
    bl_err err = {0};
    char **names = NULL;
    size_t n = 0, i;
    FILE *f;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(inbox, sizeof inbox, "%s/inbox", dir);
    snprintf(content, sizeof content, "%s/content", dir);
    assert_int_equal(mkdir(inbox, 0755), 0);
    assert_int_equal(mkdir(content, 0755), 0);
    snprintf(path, sizeof path, "%s/page.pdf", inbox);
    make_pdf(draw_page_one, path);
    snprintf(path, sizeof path, "%s/broken.pdf", inbox);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("%PDF-1.4\ntruncated", f);
    fclose(f);
    assert_int_equal(bl_inbox_create(inbox, content, 0, &in, &err), BL_OK);
    assert_int_equal(bl_inbox_import(in), 2);
    bl_inbox_destroy(in);
    assert_int_equal(bl_dir_list(content, NULL, NULL, &names, &n, &err), BL_OK);
    assert_int_equal(n, 3);
    for (i = 0; i < n; i++) {
        bl_article *a = NULL;
        assert_int_equal(bl_article_load(names[i], BL_ARTICLE_MAX_BYTES, &a, &err), BL_OK);
        bl_article_destroy(a);
        unlink(names[i]);
    }
    bl_strv_free(names, n);
    snprintf(moved, sizeof moved, "%s/imported/page.pdf", inbox);
    assert_int_equal(access(moved, F_OK), 0);
    unlink(moved);
    snprintf(moved, sizeof moved, "%s/failed/broken.pdf", inbox);
    assert_int_equal(access(moved, F_OK), 0);
    unlink(moved);
    snprintf(moved, sizeof moved, "%s/imported", inbox);
    rmdir(moved);
    snprintf(moved, sizeof moved, "%s/failed", inbox);
    rmdir(moved);
    rmdir(inbox);
    rmdir(content);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_one),
        cmocka_unit_test(test_pages_two),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_inbox),
    };
    int rc;
    bl_test_fontconfig();
    bl_log_set_level(BL_LOG_QUIET);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    return rc;
}
