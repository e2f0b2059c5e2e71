/*
 * app.c - the baolan command line.
 *
 *   baolan                       the bundled demo (see README)
 *   baolan render ARTICLE ...    pages to PNG
 *   baolan layout ARTICLE ...    the layout as JSON
 *   baolan bench                 timing figures as JSON
 *
 * Exit status: 0 success, 1 bad input (one line on stderr naming the file
 * and the reason), 2 usage error.
 */
#include "app/app.h"

#include "board/board.h"
#include "core/fs.h"
#include "core/clock.h"
#include "core/fs.h"
#include "board/config.h"

#include "content/content.h"
#include "content/script.h"
#include "render/engine.h"
#include "render/image.h"
#include "content/import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#define EXIT_INPUT 1
#define EXIT_USAGE 2
#define usage_error bl__usage_error

static const char usage_text[] =
    "usage: baolan [COMMAND] [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  run [options]               the board (what plain 'baolan' does): the bundled demo content\n"
    "                              in the best display available\n"
    "      --config FILE           configuration (INI; example: assets/baolan.ini)\n"
    "      --content DIR           article folder (default: the bundled demo)\n"
    "      --window | --kiosk | --headless\n"
    "                              desktop window, fullscreen KMSDRM, or no display\n"
    "      --size WxH              screen size (default from the configuration, 1920x1080)\n"
    "      --exit-after SECONDS    stop after that long; --screenshot FILE.png saves the last frame\n"
    "      keys (window): right/left next/previous, . pause, + and - time faster/slower,\n"
    "                     o writing mode, s screenshot, q quit; a click or tap on the right\n"
    "                     half is next, on the left half previous\n"
    "  simulate --size WxH --duration SECONDS [--config FILE] [--content DIR] [--dump DIR]\n"
    "                              the board on a virtual clock, as fast as it goes: one JSON line per\n"
    "                              slide; with --dump a PNG per slide and slides.jsonl in DIR\n"
    "  import PAGE --out DIR [--year YYYY]\n"
    "                              a raw newspaper page (text in UTF-8 or GB18030, or a PDF) to\n"
    "                              article files; prints what it found and what it set aside\n"
    "  pages [--size WxH] [--out DIR]\n"
    "                              render every page of the demo articles to PNG files\n"
    "  render ARTICLE --out FILE.png [options]\n"
    "                              render pages of an article file to PNG\n"
    "  layout ARTICLE --json [--glyphs] [options]\n"
    "                              print the layout as JSON\n"
    "  bench [--runs N]            time layout and rendering; prints JSON\n"
    "  admin [--config FILE] [--content DIR] [--listen ADDR:PORT]\n"
    "                              the board's web page and JSON API (README \"The web page\")\n"
    "      --set-password          read a password from standard input and store its hash\n"
    "  fleet SUBCOMMAND [options]  the district office's side of a fleet on MQTT (README \"A fleet\"):\n"
    "                              status [--json] | alert --group G|--board ID [--minutes N] TEXT |\n"
    "                              clear|reload --group G|--board ID | screenshot --board ID --out F.png |\n"
    "                              keygen [--out STEM] | bundle --group G --out B.json ARTICLE.txt... |\n"
    "                              sign --key STEM.key B.json | send-bundle B.json; the broker from\n"
    "                              --broker mqtt(s)://HOST:PORT or --config FILE ([fleet] broker)\n"
    "  help [COMMAND]              this text, or one command's (also: baolan COMMAND --help)\n"
    "  --version                   the program's version\n"
    "\n"
    "options for render and layout:\n"
    "  --size WxH                  frame size in px (default 1920x1080)\n"
    "  --font-size PX              body text size (default: 3.7% of the short side)\n"
    "  --margin PX                 margin on every edge (default: 4% of the short side; 0 = none)\n"
    "  --font FAMILY               body face, e.g. \"Noto Sans CJK SC\" (default Noto Serif CJK SC)\n"
    "  --page N|all                which page, from 1 (default: all)\n"
    "  --orientation horizontal|vertical|auto\n"
    "                              writing mode (default: the article's 'orientation:', else\n"
    "                              horizontal; auto = vertical on landscape frames)\n"
    "  --theme FILE                theme file (default assets/theme.ini)\n"
    "  --line-break loose|normal|strict\n"
    "                              CSS Text 3's line-break level for Chinese instead of clreq's\n"
    "                              basic 禁则, as a board with 'line-break =' (see typesetting.md)\n"
    "  --script as-is|simplified|traditional\n"
    "                              show the article in that script (OpenCC), as a board with\n"
    "                              'script =' does (default as-is)\n"
    "  --out FILE.png              output; with several pages FILE-1.png, FILE-2.png, ...\n"
    "  --quiet                     no warnings\n"
    "\n"
    "exit status: 0 success, 1 bad input, 2 usage error\n";

int bl__usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "baolan: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see 'baolan --help')\n");
    va_end(ap);
    return EXIT_USAGE;
}

typedef struct cli {
    const char *article;
    const char *out;
    const char *font;
    const char *theme;
    int w, h, font_px, margin;
    long page; /* -1 all, else 0-based */
    int orient; /* -1 not given, else bl_mode, or 2 for auto */
    bool json, glyphs, quiet;
    int runs;
    bl_script script; /* --script */
    bool has_line_break;   /* --line-break given: */
    bl_kinsoku line_break; /* its CSS level */
} cli;

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* Parses options from argv[i..]; returns 0 or an exit status. */
static int parse_opts(int argc, char **argv, int i, cli *c, bool want_article)
{
    c->w = 1920;
    c->h = 1080;
    c->margin = -1;
    c->page = -1;
    c->runs = 15;
    c->orient = -1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = true;
        if (!strcmp(a, "--json")) {
            c->json = true;
            takes = false;
        } else if (!strcmp(a, "--glyphs")) {
            c->glyphs = true;
            takes = false;
        } else if (!strcmp(a, "--quiet")) {
            c->quiet = true;
            takes = false;
        } else if (a[0] == '-' && a[1] == '-') {
            if (!v)
                return usage_error("%s needs a value", a);
            if (!strcmp(a, "--size")) {
                if (!bl_parse_size(v, 64, 64, 16384, 16384, &c->w, &c->h))
                    return usage_error("--size '%s' is not WxH (64..16384)", v);
            } else if (!strcmp(a, "--font-size")) {
                if (!parse_int(v, 8, 400, &c->font_px))
                    return usage_error("--font-size '%s' is not a size from 8 to 400 px", v);
            } else if (!strcmp(a, "--margin")) {
                if (!parse_int(v, 0, 4000, &c->margin))
                    return usage_error("--margin '%s' is not a number of px", v);
            } else if (!strcmp(a, "--orientation")) {
                if (!strcmp(v, "horizontal"))
                    c->orient = BL_MODE_HORIZONTAL;
                else if (!strcmp(v, "vertical"))
                    c->orient = BL_MODE_VERTICAL;
                else if (!strcmp(v, "auto"))
                    c->orient = 2;
                else
                    return usage_error("--orientation '%s' is not horizontal, vertical or auto", v);
            } else if (!strcmp(a, "--line-break")) {
                if (!bl_line_break_parse(v, &c->line_break))
                    return usage_error("--line-break '%s' is not loose, normal or strict", v);
                c->has_line_break = true;
            } else if (!strcmp(a, "--script")) {
                if (!bl_script_parse(v, &c->script))
                    return usage_error("--script '%s' is not as-is, simplified or traditional", v);
            } else if (!strcmp(a, "--font")) {
                c->font = v;
            } else if (!strcmp(a, "--theme")) {
                c->theme = v;
            } else if (!strcmp(a, "--out")) {
                c->out = v;
            } else if (!strcmp(a, "--runs")) {
                if (!parse_int(v, 1, 100000, &c->runs))
                    return usage_error("--runs '%s' is not a positive number", v);
            } else if (!strcmp(a, "--page")) {
                int p;
                if (!strcmp(v, "all"))
                    c->page = -1;
                else if (parse_int(v, 1, 1000000, &p))
                    c->page = p - 1;
                else
                    return usage_error("--page '%s' is not a page number or 'all'", v);
            } else {
                return usage_error("unknown option %s", a);
            }
        } else {
            takes = false;
            if (want_article && !c->article)
                c->article = a;
            else
                return usage_error("unexpected argument '%s'", a);
        }
        if (takes)
            i++;
    }
    if (c->quiet)
        bl_log_set_level(BL_LOG_ERROR);
    return 0;
}

static bl_status make_engine(const cli *c, bl_engine **e, bl_err *err)
{
    bl_engine_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.theme_path = c->theme;
    eo.body_family = c->font;
    eo.width = c->w;
    eo.height = c->h;
    eo.body_px = c->font_px;
    eo.margin_px = c->margin;
    eo.mode = BL_MODE_HORIZONTAL;
    return bl_engine_create(&eo, e, err);
}

/* The writing mode for an article: --orientation when given, else what
 * the article asks for, else horizontal; auto means vertical on a
 * landscape frame and horizontal on a portrait one. */
static bl_mode pick_mode(const cli *c, const bl_article *a)
{
    int m = c->orient;
    if (m < 0 && a->orientation != BL_ARTICLE_ORIENT_UNSET)
        m = a->orientation == BL_ARTICLE_ORIENT_VERTICAL ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL;
    if (m == 2)
        m = c->w > c->h ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL;
    return m == BL_MODE_VERTICAL ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL;
}

/* Lays out an article in its mode; prints the reason on failure. */
static int layout_one(const cli *c, bl_engine *e, const char *path, const bl_article *a, bl_doc **doc)
{
    bl_layout_opts lo = *bl_engine_layout_opts(e);
    bl_err err;
    lo.mode = pick_mode(c, a);
    if (c->has_line_break)
        lo.kinsoku = c->line_break;
    if (bl_layout_article(a, &lo, doc, &err)) {
        fprintf(stderr, "baolan: %s: %s\n", path, err.msg);
        return EXIT_INPUT;
    }
    return 0;
}

/* Loads and lays out one article; prints the reason on failure. */
static int load_layout(const cli *c, bl_engine *e, const char *path, bl_article **a, bl_doc **doc)
{
    bl_err err;
    *a = NULL;
    *doc = NULL;
    if (bl_article_load(path, BL_ARTICLE_MAX_BYTES, a, &err)) {
        fprintf(stderr, "baolan: %s\n", err.msg);
        return EXIT_INPUT;
    }
    if (c->script != BL_SCRIPT_AS_IS) {
        /* shown as a board with `script =` shows it */
        bl_converter *conv = NULL;
        bl_article *shown = NULL;
        if (bl_converter_open(c->script, NULL, &conv, &err) || bl_converter_article(conv, *a, &shown, &err)) {
            fprintf(stderr, "baolan: %s\n", err.msg);
            bl_converter_destroy(conv);
            bl_article_destroy(*a);
            *a = NULL;
            return EXIT_INPUT;
        }
        bl_converter_destroy(conv);
        if (shown) {
            bl_article_destroy(*a);
            *a = shown;
        }
    }
    if (layout_one(c, e, path, *a, doc)) {
        bl_article_destroy(*a);
        *a = NULL;
        return EXIT_INPUT;
    }
    return 0;
}

/* FILE.png -> FILE-N.png */
static void page_path(char *buf, size_t n, const char *out, size_t page, bool several)
{
    size_t len = strlen(out);
    if (!several) {
        snprintf(buf, n, "%s", out);
        return;
    }
    if (len > 4 && !strcmp(out + len - 4, ".png"))
        snprintf(buf, n, "%.*s-%zu.png", (int)(len - 4), out, page + 1);
    else
        snprintf(buf, n, "%s-%zu.png", out, page + 1);
}

static int render_pages(bl_engine *e, const bl_doc *doc, long page_sel, const char *out)
{
    SDL_Surface *s = bl_surface_create(doc->width, doc->height);
    size_t p;
    bl_err err;
    int rc = 0;
    if (!s) {
        fprintf(stderr, "baolan: cannot create a %dx%d surface: %s\n", doc->width, doc->height, SDL_GetError());
        return EXIT_INPUT;
    }
    if (page_sel >= 0 && (size_t)page_sel >= doc->npages) {
        fprintf(stderr, "baolan: page %ld does not exist: the article has %zu page%s\n", page_sel + 1,
                doc->npages, doc->npages == 1 ? "" : "s");
        SDL_FreeSurface(s);
        return EXIT_INPUT;
    }
    for (p = 0; p < doc->npages && !rc; p++) {
        char path[4096];
        if (page_sel >= 0 && (size_t)page_sel != p)
            continue;
        page_path(path, sizeof path, out, p, page_sel < 0 && doc->npages > 1);
        if (bl_render_page(bl_engine_cache(e), doc, p, bl_engine_palette(e), s, &err) ||
            bl_png_write(path, s, &err)) {
            fprintf(stderr, "baolan: %s\n", err.msg);
            rc = EXIT_INPUT;
        } else {
            printf("%s\n", path);
        }
    }
    SDL_FreeSurface(s);
    return rc;
}

/* What render and layout share: options, the engine, the article laid
 * out.  Returns 0 with *e, *a and *doc the caller's, or an exit status. */
static int open_article(int argc, char **argv, const char *cmd, cli *c, bl_engine **e, bl_article **a,
                        bl_doc **doc)
{
    bl_err err;
    int rc;
    memset(c, 0, sizeof *c);
    *e = NULL;
    *a = NULL;
    *doc = NULL;
    if ((rc = parse_opts(argc, argv, 2, c, true)))
        return rc;
    if (!c->article)
        return usage_error("%s needs an ARTICLE file", cmd);
    if (!strcmp(cmd, "render") && !c->out)
        return usage_error("render needs --out FILE.png");
    if (!strcmp(cmd, "render") && !bl_has_suffix(c->out, ".png", true))
        return usage_error("--out '%s': render writes PNG files, name it FILE.png", c->out);
    if (!strcmp(cmd, "layout") && !c->json)
        return usage_error("layout prints JSON: add --json");
    if (make_engine(c, e, &err)) {
        fprintf(stderr, "baolan: %s\n", err.msg);
        return EXIT_INPUT;
    }
    return load_layout(c, *e, c->article, a, doc);
}

static int cmd_render(int argc, char **argv)
{
    cli c;
    bl_engine *e;
    bl_article *a;
    bl_doc *doc;
    int rc = open_article(argc, argv, "render", &c, &e, &a, &doc);
    if (!rc)
        rc = render_pages(e, doc, c.page, c.out);
    bl_doc_destroy(doc);
    bl_article_destroy(a);
    bl_engine_destroy(e);
    return rc;
}

static int cmd_layout(int argc, char **argv)
{
    cli c;
    bl_engine *e;
    bl_article *a;
    bl_doc *doc;
    int rc = open_article(argc, argv, "layout", &c, &e, &a, &doc);
    if (!rc && c.page >= 0 && (size_t)c.page >= doc->npages) {
        fprintf(stderr, "baolan: page %ld does not exist: the article has %zu pages\n", c.page + 1, doc->npages);
        rc = EXIT_INPUT;
    }
    if (!rc)
        bl_doc_write_json(doc, stdout, c.glyphs, c.page);
    bl_doc_destroy(doc);
    bl_article_destroy(a);
    bl_engine_destroy(e);
    return rc;
}

/* Article files: visible names ending in .txt. */
static bool is_article_name(const char *name, void *user)
{
    (void)user;
    return name[0] != '.' && bl_has_suffix(name, ".txt", false);
}

/* The article files of a folder, sorted; *out is the caller's
 * (bl_strv_free).  A folder that cannot be read has none. */
static size_t list_articles(const char *dir, char ***out)
{
    size_t n;
    if (bl_dir_list(dir, is_article_name, NULL, out, &n, NULL))
        return 0;
    return n;
}

static int cmd_demo(int argc, char **argv, int first_opt)
{
    cli c;
    bl_engine *e;
    bl_err err;
    char dir[1024], outdir[1024];
    char **files;
    size_t n, i;
    int rc = 0;
    memset(&c, 0, sizeof c);
    if ((rc = parse_opts(argc, argv, first_opt, &c, false)))
        return rc;
    snprintf(dir, sizeof dir, "%s/assets/articles", bl_engine_data_dir());
    snprintf(outdir, sizeof outdir, "%s", c.out ? c.out : "baolan-pages");
    if (mkdir(outdir, 0755) && errno != EEXIST) {
        fprintf(stderr, "baolan: cannot create %s: %s\n", outdir, strerror(errno));
        return EXIT_INPUT;
    }
    if (make_engine(&c, &e, &err)) {
        fprintf(stderr, "baolan: %s\n", err.msg);
        return EXIT_INPUT;
    }
    n = list_articles(dir, &files);
    if (n == 0) {
        fprintf(stderr, "baolan: no article files (*.txt) in %s\n", dir);
        rc = EXIT_INPUT;
    }
    for (i = 0; i < n; i++) {
        bl_article *a;
        bl_doc *doc;
        char out[2048];
        const char *base = strrchr(files[i], '/');
        int r = load_layout(&c, e, files[i], &a, &doc);
        base = base ? base + 1 : files[i];
        snprintf(out, sizeof out, "%s/%.*s.png", outdir, (int)(strlen(base) - 4), base);
        if (!r)
            r = render_pages(e, doc, -1, out);
        if (r)
            rc = r;
        bl_doc_destroy(doc);
        bl_article_destroy(a);
    }
    bl_strv_free(files, n);
    bl_engine_destroy(e);
    if (!rc)
        fprintf(stderr, "baolan: the demo pages are in %s/\n", outdir);
    return rc;
}

/* ---- import ------------------------------------------------------------ */

static int cmd_import(int argc, char **argv)
{
    const char *page = NULL, *out = NULL;
    char *summary = NULL, *end;
    int i, year = 0;
    bl_err err = {0};
    for (i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--out") || !strcmp(argv[i], "--year")) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", argv[i]);
            if (!strcmp(argv[i], "--out")) {
                out = argv[++i];
            } else {
                long y = strtol(argv[++i], &end, 10);
                if (end == argv[i] || *end || y < 1 || y > 9999)
                    return usage_error("--year '%s' is not a year from 1 to 9999", argv[i]);
                year = (int)y;
            }
        } else if (argv[i][0] == '-') {
            return usage_error("unknown option %s", argv[i]);
        } else if (!page) {
            page = argv[i];
        } else {
            return usage_error("unexpected argument '%s'", argv[i]);
        }
    }
    if (!page || !out)
        return usage_error("import needs a page and --out DIR");
    if (!year) { /* a dateline gives month and day only: this year */
        time_t now = time(NULL);
        struct tm tm;
        year = localtime_r(&now, &tm) ? tm.tm_year + 1900 : 1970;
    }
    if (bl_import_file(page, out, year, &summary, &err) != BL_OK) {
        fprintf(stderr, "baolan: %s\n", err.msg);
        return EXIT_INPUT;
    }
    fputs(summary, stdout);
    free(summary);
    return 0;
}

/* ---- bench ------------------------------------------------------------- */

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Times one article at one frame size; prints one JSON object. */
static int bench_one(const char *path, int w, int h, bl_mode mode, int runs, bool first)
{
    cli c;
    bl_engine *e;
    bl_article *a;
    bl_doc *doc = NULL;
    bl_err err;
    SDL_Surface *s;
    double *t_layout, *t_warm, *t_cold, *t_redraw;
    bl_layout_opts lo;
    size_t glyphs = 0;
    int i, rc;
    memset(&c, 0, sizeof c);
    c.w = w;
    c.h = h;
    c.margin = -1;
    if (make_engine(&c, &e, &err)) {
        fprintf(stderr, "baolan: %s\n", err.msg);
        return EXIT_INPUT;
    }
    if (bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, &err)) {
        fprintf(stderr, "baolan: %s\n", err.msg);
        bl_engine_destroy(e);
        return EXIT_INPUT;
    }
    lo = *bl_engine_layout_opts(e);
    lo.mode = mode;
    s = bl_surface_create(w, h);
    t_layout = calloc((size_t)runs, sizeof(double));
    t_warm = calloc((size_t)runs, sizeof(double));
    t_cold = calloc((size_t)runs, sizeof(double));
    t_redraw = calloc((size_t)runs, sizeof(double));
    rc = s && t_layout && t_warm && t_cold && t_redraw ? 0 : EXIT_INPUT;
    for (i = 0; !rc && i < runs; i++) {
        double t0, t1, t2;
        /* cold: an empty glyph cache, layout + render of page 1 */
        bl_cache_clear(bl_engine_cache(e));
        bl_doc_destroy(doc);
        doc = NULL;
        t0 = bl_now_seconds();
        if (bl_layout_article(a, &lo, &doc, &err) ||
            bl_render_page(bl_engine_cache(e), doc, 0, bl_engine_palette(e), s, &err)) {
            fprintf(stderr, "baolan: %s: %s\n", path, err.msg);
            rc = EXIT_INPUT;
            break;
        }
        t_cold[i] = bl_now_seconds() - t0;
        /* warm: layout + render again with the cache filled */
        bl_doc_destroy(doc);
        doc = NULL;
        t0 = bl_now_seconds();
        bl_layout_article(a, &lo, &doc, &err);
        t1 = bl_now_seconds();
        bl_render_page(bl_engine_cache(e), doc, 0, bl_engine_palette(e), s, &err);
        t2 = bl_now_seconds();
        t_layout[i] = t1 - t0;
        t_warm[i] = t2 - t0;
        /* redraw: an already laid-out page */
        t0 = bl_now_seconds();
        bl_render_page(bl_engine_cache(e), doc, 0, bl_engine_palette(e), s, &err);
        t_redraw[i] = bl_now_seconds() - t0;
    }
    if (!rc) {
        double warm = bl_median(t_warm, (size_t)runs);
        bl_cache_stats cs;
        bl_cache_get_stats(bl_engine_cache(e), &cs);
        glyphs = doc->pages[0].nglyphs;
        printf("%s  {\"article\":\"%s\",\"size\":\"%dx%d\",\"orientation\":\"%s\",\"pages\":%zu,\"page1_glyphs\":%zu,"
               "\"runs\":%d,\"layout_ms\":%.3f,\"render_warm_ms\":%.3f,\"render_cold_ms\":%.3f,"
               "\"redraw_ms\":%.3f,\"glyphs_per_s\":%.0f,\"glyph_cache_kb\":%zu,\"peak_rss_kb\":%ld}",
               first ? "" : ",\n", path, w, h, mode == BL_MODE_VERTICAL ? "vertical" : "horizontal", doc->npages, glyphs, runs, bl_median(t_layout, (size_t)runs) * 1e3,
               warm * 1e3, bl_median(t_cold, (size_t)runs) * 1e3, bl_median(t_redraw, (size_t)runs) * 1e3,
               warm > 0 ? (double)glyphs / warm : 0.0, cs.bytes / 1024, peak_rss_kb());
    }
    free(t_layout);
    free(t_warm);
    free(t_cold);
    free(t_redraw);
    SDL_FreeSurface(s);
    bl_doc_destroy(doc);
    bl_article_destroy(a);
    bl_engine_destroy(e);
    return rc;
}

/* The board's frame cost at 1920x1080: a frame in the middle of a
 * cross-fade (two slides blended, status bar, ticker, progress mark), a
 * steady frame, and the first frame after start (the board built and its
 * first slide rendered). */
static int bench_board(int runs)
{
    bl_config cfg;
    bl_clock *clk = bl_clock_create_virtual(1800000000);
    bl_board *b = NULL;
    bl_err err;
    bl_sched_state st;
    char dir[1024];
    double *fade, *steady, t0, first;
    int i, n = runs * 4;

    bl_config_defaults(&cfg);
    cfg.sched.night_start = cfg.sched.night_end = 0;
    snprintf(dir, sizeof dir, "%s/assets/articles", bl_engine_data_dir());
    fade = calloc((size_t)n, sizeof *fade);
    steady = calloc((size_t)n, sizeof *steady);
    t0 = bl_now_seconds();
    if (!clk || !fade || !steady || bl_board_create(&cfg, dir, clk, &b, &err)) {
        fprintf(stderr, "baolan: %s\n", clk && fade && steady ? err.msg : "out of memory");
        free(fade);
        free(steady);
        bl_clock_destroy(clk);
        printf("null");
        return EXIT_INPUT;
    }
    bl_board_frame(b, &st);
    first = bl_now_seconds() - t0;
    /* into the first transition: the headline screen fading to page 1 */
    bl_clock_advance(clk, st.cur.dwell + 0.05);
    bl_board_frame(b, &st);
    for (i = 0; i < n; i++) {
        double t = bl_now_seconds();
        bl_board_frame(b, &st);
        fade[i] = bl_now_seconds() - t;
        if (st.transition >= 1.0)
            break;
        bl_clock_advance(clk, 0.5 * cfg.sched.transition / n);
    }
    n = i > 0 ? i : 1;
    bl_clock_advance(clk, cfg.sched.transition);
    for (i = 0; i < n; i++) {
        double t = bl_now_seconds();
        bl_board_frame(b, &st);
        steady[i] = bl_now_seconds() - t;
        bl_clock_advance(clk, 1.0 / 60);
    }
    printf("{\"size\":\"1920x1080\",\"frames\":%d,\"crossfade_frame_ms\":%.3f,\"steady_frame_ms\":%.3f,"
           "\"first_frame_ms\":%.1f}",
           n, bl_median(fade, (size_t)n) * 1e3, bl_median(steady, (size_t)n) * 1e3, first * 1e3);
    free(fade);
    free(steady);
    bl_board_destroy(b);
    bl_clock_destroy(clk);
    return 0;
}

static int cmd_bench(int argc, char **argv)
{
    static const int sizes[][3] = {{1920, 1080, BL_MODE_HORIZONTAL}, {1920, 1080, BL_MODE_VERTICAL},
                                   {1080, 1920, BL_MODE_HORIZONTAL}, {1080, 1920, BL_MODE_VERTICAL},
                                   {1280, 720, BL_MODE_HORIZONTAL}};
    cli c;
    char dir[1024];
    char **files;
    size_t n, i, k;
    int rc;
    bool first = true;
    memset(&c, 0, sizeof c);
    if ((rc = parse_opts(argc, argv, 2, &c, true)))
        return rc;
    bl_log_set_level(BL_LOG_ERROR);
    snprintf(dir, sizeof dir, "%s/assets/articles", bl_engine_data_dir());
    if (c.article) {
        files = malloc(sizeof *files);
        if (!files)
            return EXIT_INPUT;
        files[0] = bl_strdup(c.article);
        n = 1;
    } else {
        n = list_articles(dir, &files);
    }
    printf("{\"unit\":\"median milliseconds over %d runs; render_* include layout of page 1\",\"results\":[\n",
           c.runs);
    for (i = 0; i < n; i++) {
        for (k = 0; k < BL_ARRAY_LEN(sizes) && !rc; k++) {
            rc = bench_one(files[i], sizes[k][0], sizes[k][1], (bl_mode)sizes[k][2], c.runs, first);
            first = false;
        }
    }
    bl_strv_free(files, n);
    printf("\n],\n\"board\":");
    if (!rc)
        rc = bench_board(c.runs);
    printf("}\n");
    return rc;
}

/* Each command's lines of the usage text: from the line that starts with
 * "  NAME " up to the next command (or the blank line after the list), plus
 * the shared options for render, layout and bench. */
static void print_command_help(const char *name)
{
    const char *p = strstr(usage_text, "commands:\n"), *end;
    size_t n = strlen(name);
    for (p = strchr(p, '\n') + 1; *p != '\n'; p = strchr(p, '\n') + 1) {
        if (!strncmp(p, "  ", 2) && p[2] != ' ' && !strncmp(p + 2, name, n) && (p[2 + n] == ' ' || p[2 + n] == '\n'))
            break;
    }
    if (*p == '\n') {
        fputs(usage_text, stdout);
        return;
    }
    /* up to the next line that starts a command, or the end of the list */
    for (end = strchr(p, '\n') + 1; *end != '\n' && !(end[2] != ' ' && !strncmp(end, "  ", 2)); end = strchr(end, '\n') + 1)
        ;
    printf("usage: baolan %.*s", (int)(end - p - 2), p + 2);
    if (!strcmp(name, "render") || !strcmp(name, "layout")) {
        const char *o = strstr(usage_text, "\noptions for render and layout:");
        const char *oe = strstr(o + 1, "\n\n");
        printf("%.*s\n", (int)(oe - o), o);
    }
}

int bl_app_main(int argc, char **argv)
{
    static const char *const commands[] = {"run", "simulate", "pages", "render", "layout", "bench", "import", "admin", "fleet"};
    const char *cmd = argc > 1 ? argv[1] : "run";
    size_t k;
    int i;
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (argc > 2)
            print_command_help(argv[2]);
        else
            fputs(usage_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") || !strcmp(cmd, "version")) {
        printf("baolan %s\n", BL_VERSION);
        return 0;
    }
    /* "baolan COMMAND --help": that command's part of the usage */
    for (k = 0; k < BL_ARRAY_LEN(commands); k++)
        if (!strcmp(cmd, commands[k]))
            for (i = 2; i < argc; i++)
                if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
                    print_command_help(cmd);
                    return 0;
                }
    if (argc < 2)
        return bl__cmd_run(argc, argv, 1);
    if (!strcmp(cmd, "run"))
        return bl__cmd_run(argc, argv, 2);
    if (!strcmp(cmd, "simulate"))
        return bl__cmd_simulate(argc, argv, 2);
    if (!strcmp(cmd, "pages"))
        return cmd_demo(argc, argv, 2);
    if (!strcmp(cmd, "render"))
        return cmd_render(argc, argv);
    if (!strcmp(cmd, "layout"))
        return cmd_layout(argc, argv);
    if (!strcmp(cmd, "bench"))
        return cmd_bench(argc, argv);
    if (!strcmp(cmd, "import"))
        return cmd_import(argc, argv);
    if (!strcmp(cmd, "admin"))
        return bl__cmd_admin(argc, argv, 2);
    if (!strcmp(cmd, "fleet"))
        return bl__cmd_fleet(argc, argv, 2);
    if (cmd[0] == '-')
        return bl__cmd_run(argc, argv, 1);
    return usage_error("unknown command '%s'", cmd);
}
