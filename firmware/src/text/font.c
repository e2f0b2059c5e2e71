/*
 * font.c - face lookup by name, fallback chains and shaping.
 *
 * Shaping uses HarfBuzz's own OpenType font functions (hb_ot_font), not the
 * hb-ft callbacks: top-to-bottom shaping through hb-ft calls FreeType per
 * glyph for the vertical origin and was measured about 35 times slower.
 * FreeType is used only to rasterize, through one FT_Size per font so that
 * fonts of different sizes can share a face.
 *
 * Colour bitmap faces (Noto Color Emoji: CBDT strikes at 109 px, no
 * outlines) are set in an em square, like an ideograph: HarfBuzz's scale
 * for such a face makes its advance one em, each glyph is centred on the
 * ideographic em box in both directions, and the renderer scales the
 * strike's bitmap by the same factor (bl_font_color_scale).  A sequence
 * (bl_text_cluster_end: 👨‍👩‍👧 👍🏽 🇨🇳 1️⃣) goes to one face whole, the
 * colour face first when it asks for an emoji.
 */
#include "text/font.h"

#include "core/buf.h"
#include "core/fs.h"
#include "core/ini.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_SIZES_H
#include <hb-ot.h>
#include <hb.h>

#define TAG "font"
#define MAX_DIRS 16
#define MAX_CHAIN 16

struct bl_face {
    char *path;
    int index;
    char *family;
    char *style;
    int rank; /* how many faces of this family and style come before it in search order */
    FT_Face ft;
    hb_face_t *hb;
    int upem;
    bool color; /* colour bitmap strikes only (CBDT/sbix): no outlines */
    struct bl_face *next;
};

/* One face of one font file, as found when the folders were read. */
typedef struct face_entry {
    char *path;
    int index;
    char *family;
    char *style;
} face_entry;

struct bl_fontlib {
    FT_Library ft;
    char *dirs[MAX_DIRS];
    size_t ndirs;
    bl_face *faces;     /* opened so far */
    face_entry *index;  /* every face of every file, in search order */
    size_t nindex, index_cap;
    bool indexed;
};

struct bl_font {
    const bl_face *faces[MAX_CHAIN];
    size_t nfaces;
    int px;
    hb_font_t *hb[MAX_CHAIN];
    FT_Size sizes[MAX_CHAIN];
    int32_t color_scale[MAX_CHAIN]; /* colour faces: HarfBuzz's scale, 1/64 px per em of the strikes */
    int strike_ppem[MAX_CHAIN];     /* colour faces: the strike FreeType draws from */
    int32_t embox_top;
    hb_language_t lang; /* what it shapes with (bl_font_set_language) */
};

/* ---- library ------------------------------------------------------- */

bl_status bl_fontlib_create(const char *const *dirs, size_t ndirs, bl_fontlib **out, bl_err *err)
{
    bl_fontlib *lib = calloc(1, sizeof *lib);
    size_t i;

    *out = NULL;
    if (!lib)
        return bl_err_set(err, BL_ERR_NOMEM, "fonts: out of memory");
    if (FT_Init_FreeType(&lib->ft)) {
        free(lib);
        return bl_err_set(err, BL_ERR_FONT, "fonts: FreeType failed to start");
    }
    for (i = 0; i < ndirs && lib->ndirs < MAX_DIRS; i++) {
        lib->dirs[lib->ndirs] = bl_strdup(dirs[i]);
        if (!lib->dirs[lib->ndirs]) {
            bl_fontlib_destroy(lib);
            return bl_err_set(err, BL_ERR_NOMEM, "fonts: out of memory");
        }
        lib->ndirs++;
    }
    *out = lib;
    return BL_OK;
}

/* The folders a font list names, as it is read. */
typedef struct font_list {
    const char *path;
    const char *base; /* the list's folder: base[0, base_len) */
    int base_len;
    char *dirs[MAX_DIRS];
    size_t ndirs;
} font_list;

/* One "dir = PATH" line of a font list; a relative PATH is taken from the
 * list's folder. */
static int on_font_list_key(void *user, const char *section, const char *key, const char *value, int line)
{
    font_list *l = user;
    bl_buf dir = {0};
    (void)section;
    if (strcmp(key, "dir") != 0) {
        BL_LOGW(TAG, "%s:%d: expected 'dir = PATH'", l->path, line);
        return 1;
    }
    if (l->ndirs >= MAX_DIRS)
        return 0;
    if (value[0] == '/')
        bl_buf_puts(&dir, value);
    else
        bl_buf_printf(&dir, "%.*s/%s", l->base_len, l->base, value);
    l->dirs[l->ndirs] = bl_buf_take(&dir);
    if (!l->dirs[l->ndirs])
        return 0; /* out of memory: the folders read so far */
    l->ndirs++;
    return 1;
}

bl_status bl_fontlib_create_from_list(const char *list_path, bl_fontlib **out, bl_err *err)
{
    font_list l = {.path = list_path, .base = ".", .base_len = 1};
    const char *slash = strrchr(list_path, '/');
    char *text = NULL;
    size_t i;
    bl_status st;

    *out = NULL;
    if (slash) {
        l.base = list_path;
        l.base_len = (int)(slash - list_path);
    }
    st = bl_read_file(list_path, 1 << 16, &text, NULL, err);
    if (!st)
        st = bl_ini_parse(list_path, text, on_font_list_key, &l, err);
    if (!st)
        st = bl_fontlib_create((const char *const *)l.dirs, l.ndirs, out, err);
    for (i = 0; i < l.ndirs; i++)
        free(l.dirs[i]);
    free(text);
    return st;
}

static void face_free(bl_face *f)
{
    if (!f)
        return;
    if (f->hb)
        hb_face_destroy(f->hb);
    if (f->ft)
        FT_Done_Face(f->ft);
    free(f->path);
    free(f->family);
    free(f->style);
    free(f);
}

void bl_fontlib_destroy(bl_fontlib *lib)
{
    size_t i;
    if (!lib)
        return;
    while (lib->faces) {
        bl_face *n = lib->faces->next;
        face_free(lib->faces);
        lib->faces = n;
    }
    for (i = 0; i < lib->ndirs; i++)
        free(lib->dirs[i]);
    for (i = 0; i < lib->nindex; i++) {
        free(lib->index[i].path);
        free(lib->index[i].family);
        free(lib->index[i].style);
    }
    free(lib->index);
    if (lib->ft)
        FT_Done_FreeType(lib->ft);
    free(lib);
}

/* The folder filter for font files: .ttc, .otf, .ttf, .otc, or the first
 * three in capitals. */
static bool has_font_ext(const char *name, void *user)
{
    const char *dot = strrchr(name, '.');
    (void)user;
    return dot && (!strcmp(dot, ".ttc") || !strcmp(dot, ".otf") || !strcmp(dot, ".ttf") ||
                   !strcmp(dot, ".otc") || !strcmp(dot, ".TTC") || !strcmp(dot, ".OTF") ||
                   !strcmp(dot, ".TTF"));
}

/* Opens face `index` of path as a bl_face with its HarfBuzz twin. */
static bl_face *face_open(bl_fontlib *lib, const char *path, int index, int rank, FT_Face ft)
{
    bl_face *f = calloc(1, sizeof *f);
    hb_blob_t *blob;
    if (!f)
        return NULL;
    f->ft = ft;
    f->path = bl_strdup(path);
    f->index = index;
    f->rank = rank;
    f->family = bl_strdup(ft->family_name ? ft->family_name : "");
    f->style = bl_strdup(ft->style_name ? ft->style_name : "");
    blob = hb_blob_create_from_file_or_fail(path);
    if (!blob || !f->path || !f->family || !f->style) {
        hb_blob_destroy(blob);
        face_free(f);
        return NULL;
    }
    f->hb = hb_face_create(blob, (unsigned)index);
    hb_blob_destroy(blob);
    f->upem = (int)hb_face_get_upem(f->hb);
    f->color = FT_HAS_COLOR(ft) && FT_HAS_FIXED_SIZES(ft) && !FT_IS_SCALABLE(ft);
    f->next = lib->faces;
    lib->faces = f;
    return f;
}

/* Appends every face of the font file path to lib->index. */
static void index_file(bl_fontlib *lib, const char *path)
{
    FT_Face probe;
    long k, nfaces;
    if (FT_New_Face(lib->ft, path, -1, &probe))
        return;
    nfaces = probe->num_faces;
    FT_Done_Face(probe);
    for (k = 0; k < nfaces; k++) {
        FT_Face ft;
        face_entry *ne;
        if (FT_New_Face(lib->ft, path, k, &ft))
            continue;
        if (BL_GROW(&lib->index, &lib->index_cap, lib->nindex + 1)) {
            ne = &lib->index[lib->nindex];
            ne->path = bl_strdup(path);
            ne->index = (int)k;
            ne->family = bl_strdup(ft->family_name ? ft->family_name : "");
            ne->style = bl_strdup(ft->style_name ? ft->style_name : "");
            if (ne->path && ne->family && ne->style)
                lib->nindex++;
            else {
                free(ne->path);
                free(ne->family);
                free(ne->style);
            }
        }
        FT_Done_Face(ft);
    }
}

/* Reads the names of every face in one directory, files sorted by name
 * so the order does not depend on the file system, into lib->index.  A
 * folder that cannot be read adds nothing. */
static void index_dir(bl_fontlib *lib, const char *dir)
{
    char **paths;
    size_t n, i;
    if (bl_dir_list(dir, has_font_ext, NULL, &paths, &n, NULL))
        return;
    for (i = 0; i < n; i++)
        index_file(lib, paths[i]);
    bl_strv_free(paths, n);
}

const bl_face *bl_fontlib_find_nth(bl_fontlib *lib, const char *family, const char *style, int n,
                                   bl_err *err)
{
    const bl_face *f;
    size_t i;
    int seen = 0;
    for (f = lib->faces; f; f = f->next)
        if (!strcmp(f->family, family) && !strcmp(f->style, style) && f->rank == n)
            return f;
    /* Every face's name is read once, the first time a face is asked for:
     * each later lookup, found or not, is a walk through that list. */
    if (!lib->indexed) {
        for (i = 0; i < lib->ndirs; i++)
            index_dir(lib, lib->dirs[i]);
        lib->indexed = true;
    }
    for (i = 0; i < lib->nindex; i++) {
        const face_entry *fe = &lib->index[i];
        FT_Face ft;
        if (strcmp(fe->family, family) || strcmp(fe->style, style) || seen++ != n)
            continue;
        if (FT_New_Face(lib->ft, fe->path, fe->index, &ft))
            break;
        f = face_open(lib, fe->path, fe->index, n, ft);
        if (!f) {
            FT_Done_Face(ft);
            break;
        }
        BL_LOGD(TAG, "%s %s #%d: %s face %d", family, style, n, f->path, f->index);
        return f;
    }
    bl_err_set(err, BL_ERR_FONT, "font '%s' (%s)%s not found in %zu font director%s%s%s", family, style,
               n > 0 ? " a second time" : "", lib->ndirs, lib->ndirs == 1 ? "y" : "ies",
               lib->ndirs ? ", first " : "", lib->ndirs ? lib->dirs[0] : "");
    return NULL;
}

const bl_face *bl_fontlib_find(bl_fontlib *lib, const char *family, const char *style, bl_err *err)
{
    return bl_fontlib_find_nth(lib, family, style, 0, err);
}

const char *bl_face_family(const bl_face *face) { return face->family; }
const char *bl_face_path(const bl_face *face) { return face->path; }
int bl_face_index(const bl_face *face) { return face->index; }

/* ---- fonts ----------------------------------------------------------- */

/* The strike of a colour face to draw at px from: the smallest at least px
 * tall, else the largest (scaling down loses least). */
static int strike_for(FT_Face ft, int px)
{
    int i, best = 0;
    for (i = 1; i < ft->num_fixed_sizes; i++) {
        FT_Pos b = ft->available_sizes[best].y_ppem, c = ft->available_sizes[i].y_ppem;
        bool c_fits = c >= (FT_Pos)px * 64, b_fits = b >= (FT_Pos)px * 64;
        if ((c_fits && (!b_fits || c < b)) || (!c_fits && !b_fits && c > b))
            best = i;
    }
    return best;
}

/* HarfBuzz's scale for colour face i at px: the one that makes its advance
 * (that of .notdef: an emoji font's glyphs share one) an em. */
static int32_t color_setup(bl_font *font, size_t i, int px)
{
    const bl_face *f = font->faces[i];
    int32_t scale = px * 64;
    hb_position_t adv;
    hb_font_set_scale(font->hb[i], f->upem, f->upem);
    adv = hb_font_get_glyph_h_advance(font->hb[i], 0);
    if (adv > 0)
        scale = (int32_t)((int64_t)px * 64 * f->upem / adv);
    font->color_scale[i] = scale;
    font->strike_ppem[i] = (int)(f->ft->available_sizes[strike_for(f->ft, px)].y_ppem >> 6);
    return scale;
}

bl_status bl_font_create(const bl_face *const *faces, size_t nfaces, int px, bl_font **out, bl_err *err)
{
    bl_font *font;
    size_t i;
    hb_position_t top = 0;

    *out = NULL;
    if (nfaces == 0 || px < 4 || px > 1000)
        return bl_err_set(err, BL_ERR_RANGE, "font size %d px or chain of %zu faces out of range", px,
                          nfaces);
    font = calloc(1, sizeof *font);
    if (!font)
        return bl_err_set(err, BL_ERR_NOMEM, "fonts: out of memory");
    font->px = px;
    font->lang = hb_language_from_string("zh-Hans", -1);
    for (i = 0; i < nfaces && i < MAX_CHAIN; i++) {
        FT_Face ft = faces[i]->ft;
        int scale = px * 64;
        font->faces[i] = faces[i];
        font->hb[i] = hb_font_create(faces[i]->hb);
        hb_ot_font_set_funcs(font->hb[i]);
        if (faces[i]->color)
            scale = color_setup(font, i, px);
        hb_font_set_scale(font->hb[i], scale, scale);
        if (FT_New_Size(ft, &font->sizes[i]) || FT_Activate_Size(font->sizes[i]) ||
            (faces[i]->color ? FT_Select_Size(ft, strike_for(ft, px)) : FT_Set_Pixel_Sizes(ft, 0, (FT_UInt)px))) {
            font->nfaces = i + 1;
            bl_font_destroy(font);
            return bl_err_set(err, BL_ERR_FONT, "%s: cannot set size %d px", faces[i]->path, px);
        }
        font->nfaces = i + 1;
    }
    /* The ideographic em box top, from the BASE table or HarfBuzz's
     * fallback (0.88 em for CJK fonts). */
    hb_ot_layout_get_baseline_with_fallback(font->hb[0], HB_OT_LAYOUT_BASELINE_TAG_IDEO_EMBOX_TOP_OR_RIGHT,
                                            HB_DIRECTION_LTR, HB_OT_TAG_DEFAULT_SCRIPT,
                                            HB_OT_TAG_DEFAULT_LANGUAGE, &top);
    font->embox_top = top > 0 ? top : px * 64 * 88 / 100;
    *out = font;
    return BL_OK;
}

void bl_font_destroy(bl_font *font)
{
    size_t i;
    if (!font)
        return;
    for (i = 0; i < font->nfaces; i++) {
        if (font->hb[i])
            hb_font_destroy(font->hb[i]);
        if (font->sizes[i])
            FT_Done_Size(font->sizes[i]);
    }
    free(font);
}

void bl_font_set_language(bl_font *font, const char *bcp47)
{
    font->lang = hb_language_from_string(bcp47 && *bcp47 ? bcp47 : "zh-Hans", -1);
}

const char *bl_font_language(const bl_font *font) { return hb_language_to_string(font->lang); }

int bl_font_px(const bl_font *font) { return font->px; }
const bl_face *bl_font_face(const bl_font *font, size_t i) { return font->faces[i]; }
int32_t bl_font_embox_top(const bl_font *font) { return font->embox_top; }

bool bl_font_glyph_ink(const bl_font *font, size_t face, uint32_t gid, int32_t box[4])
{
    hb_glyph_extents_t ext;
    if (face >= font->nfaces || !hb_font_get_glyph_extents(font->hb[face], gid, &ext) || ext.width == 0)
        return false;
    box[0] = ext.x_bearing;
    box[1] = -ext.y_bearing;
    box[2] = ext.x_bearing + ext.width;
    box[3] = -(ext.y_bearing + ext.height);
    return true;
}

bool bl_font_color_scale(const bl_font *font, size_t i, int32_t *num, int32_t *den)
{
    if (i >= font->nfaces || !font->faces[i]->color || font->strike_ppem[i] <= 0)
        return false;
    *num = font->color_scale[i];
    *den = font->strike_ppem[i] * 64;
    return true;
}

void *bl_font_ft_face(const bl_font *font, size_t i)
{
    FT_Activate_Size(font->sizes[i]);
    return font->faces[i]->ft;
}

/* Which face of the chain draws cp; -1 if none. Spaces and format
 * characters go with any face that has them. */
static int pick_face(const bl_font *font, uint32_t cp)
{
    size_t i;
    for (i = 0; i < font->nfaces; i++) {
        hb_codepoint_t g;
        if (hb_font_get_nominal_glyph(font->hb[i], cp, &g))
            return (int)i;
    }
    return -1;
}

int bl_font_face_for(const bl_font *font, uint32_t cp)
{
    return pick_face(font, cp);
}

/* The face for a sequence whose first character is cp: one asking for an
 * emoji goes to the first colour face that has cp, anything else (or an
 * emoji no colour face has) to the first face that has cp. */
static int pick_cluster_face(const bl_font *font, uint32_t cp, bool emoji)
{
    size_t i;
    hb_codepoint_t g;
    for (i = 0; emoji && i < font->nfaces; i++)
        if (font->faces[i]->color && hb_font_get_nominal_glyph(font->hb[i], cp, &g))
            return (int)i;
    return pick_face(font, cp);
}

int bl_font_cluster_face(const bl_font *font, const uint32_t *cps, size_t n, size_t i, size_t *end)
{
    bool emoji;
    *end = bl_text_cluster_end(cps, n, i, &emoji);
    return pick_cluster_face(font, cps[i], emoji);
}

/* Sets a colour glyph in an em square like an ideograph: advance one em
 * (zero stays zero: a joiner the font did not ligate), no half-width form,
 * its ink centred on the ideographic em box; down a column the cell is
 * the same square, the glyph upright. */
static void color_cell(const bl_font *font, int fi, bl_dir dir, bl_shaped *s)
{
    hb_glyph_extents_t ext;
    int32_t em = font->px * 64, shift = 0;
    if (hb_font_get_glyph_extents(font->hb[fi], s->gid, &ext) && ext.height != 0) {
        /* ink centre above the baseline vs the em box centre above it */
        int32_t ink_mid = ext.y_bearing + ext.height / 2, box_mid = font->embox_top - em / 2;
        shift = box_mid - ink_mid;
    }
    s->adv = s->adv ? em : 0;
    s->vert = 0;
    s->dx = dir == BL_DIR_V ? -em / 2 : 0;
    s->dy = dir == BL_DIR_V ? font->embox_top - shift : -shift;
    s->adv_half = s->adv;
    s->dx_half = s->dx;
    s->dy_half = s->dy;
}

/* Shapes one run [start, start+len) of cps with face index fi, appending
 * to *out (*cap elements, grown as needed).  The whole text is passed as
 * context. */
static bl_status shape_run(const bl_font *font, int fi, const uint32_t *cps, size_t n, size_t start,
                           size_t len, bl_dir dir, const hb_feature_t *feats, unsigned nfeats,
                           bl_shaped **out, size_t *nout, size_t *cap, bool missing)
{
    static const hb_feature_t half_h = {HB_TAG('h', 'a', 'l', 't'), 1, 0, (unsigned)-1};
    static const hb_feature_t half_v = {HB_TAG('v', 'h', 'a', 'l'), 1, 0, (unsigned)-1};
    hb_feature_t fs[34];
    hb_buffer_t *buf[2];
    unsigned gn[2], i, k;
    hb_glyph_info_t *inf[2];
    hb_glyph_position_t *pos[2];
    hb_font_t *hbf = font->hb[fi];
    bl_status st = BL_OK;

    for (k = 0; k < 2; k++) {
        unsigned nf = 0;
        buf[k] = hb_buffer_create();
        hb_buffer_add_codepoints(buf[k], cps, (int)n, (unsigned)start, (int)len);
        hb_buffer_set_direction(buf[k], dir == BL_DIR_V ? HB_DIRECTION_TTB : HB_DIRECTION_LTR);
        hb_buffer_set_script(buf[k], HB_SCRIPT_HAN);
        hb_buffer_set_language(buf[k], font->lang);
        hb_buffer_set_cluster_level(buf[k], HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
        for (i = 0; i < nfeats && nf < 32; i++)
            fs[nf++] = feats[i];
        if (k == 1)
            fs[nf++] = dir == BL_DIR_V ? half_v : half_h;
        hb_shape(hbf, buf[k], fs, nf);
        inf[k] = hb_buffer_get_glyph_infos(buf[k], &gn[k]);
        pos[k] = hb_buffer_get_glyph_positions(buf[k], NULL);
    }
    for (i = 0; i < gn[0]; i++) {
        bl_shaped *s;
        bool same = gn[0] == gn[1] && inf[0][i].codepoint == inf[1][i].codepoint;
        if (!BL_GROW(out, cap, *nout + 1)) {
            st = BL_ERR_NOMEM;
            break;
        }
        s = &(*out)[(*nout)++];
        s->gid = inf[0][i].codepoint;
        s->cluster = inf[0][i].cluster;
        s->face = (uint16_t)fi;
        s->missing = missing;
        s->vert = 0;
        if (dir == BL_DIR_V) {
            hb_codepoint_t nominal = 0;
            hb_font_get_nominal_glyph(hbf, cps[s->cluster], &nominal);
            s->vert = nominal != s->gid;
            s->adv = -pos[0][i].y_advance;
            s->adv_half = same ? -pos[1][i].y_advance : s->adv;
            s->dx_half = same ? pos[1][i].x_offset : pos[0][i].x_offset;
            s->dy_half = same ? -pos[1][i].y_offset : -pos[0][i].y_offset;
        } else {
            s->adv = pos[0][i].x_advance;
            s->adv_half = same ? pos[1][i].x_advance : s->adv;
            s->dx_half = same ? pos[1][i].x_offset : pos[0][i].x_offset;
            s->dy_half = same ? -pos[1][i].y_offset : -pos[0][i].y_offset;
        }
        s->dx = pos[0][i].x_offset;
        s->dy = -pos[0][i].y_offset;
        if (font->faces[fi]->color)
            color_cell(font, fi, dir, s);
    }
    hb_buffer_destroy(buf[0]);
    hb_buffer_destroy(buf[1]);
    return st;
}

bl_status bl_font_shape(const bl_font *font, const uint32_t *cps, size_t n, bl_dir dir,
                        const char *features, bl_shaped **out, size_t *nout, bl_err *err)
{
    hb_feature_t feats[32];
    unsigned nfeats = 0;
    int *faceof = NULL;
    size_t cap = n * 2 + 8, i, start;
    bl_shaped *res;
    bl_status st = BL_OK;

    *out = NULL;
    *nout = 0;
    if (features && *features) {
        const char *p = features;
        while (*p && nfeats < BL_ARRAY_LEN(feats)) {
            const char *c = strchr(p, ',');
            int len = c ? (int)(c - p) : (int)strlen(p);
            if (hb_feature_from_string(p, len, &feats[nfeats]))
                nfeats++;
            else
                BL_LOGW(TAG, "ignoring bad feature '%.*s'", len, p);
            p += len;
            if (*p == ',')
                p++;
        }
    }
    res = malloc(cap * sizeof *res);
    faceof = malloc((n + 1) * sizeof *faceof);
    if (!res || !faceof) {
        free(res);
        free(faceof);
        return bl_err_set(err, BL_ERR_NOMEM, "shaping: out of memory");
    }
    /* Assign faces, a sequence (bl_text_cluster_end) to one face whole;
     * spaces take their neighbour's face so runs stay long (not a colour
     * face's: its space would be an em wide). */
    for (i = 0; i < n;) {
        size_t end, k;
        int f = bl_font_cluster_face(font, cps, n, i, &end);
        bl_char_class c = bl_text_class(cps[i]);
        if (f < 0) {
            static uint32_t warned[64];
            static size_t nwarned;
            size_t w;
            bool seen = false;
            for (w = 0; w < nwarned; w++)
                seen |= warned[w] == cps[i];
            if (!seen) {
                if (nwarned < BL_ARRAY_LEN(warned))
                    warned[nwarned++] = cps[i];
                BL_LOGW(TAG, "no font has U+%04X; drawing a box", (unsigned)cps[i]);
            }
            f = -1; /* shaped with face 0, flagged missing */
        } else if (c == BL_CC_SPACE && i > 0 && faceof[i - 1] >= 0 && !font->faces[faceof[i - 1]]->color) {
            f = faceof[i - 1];
        }
        for (k = i; k < end; k++)
            faceof[k] = f;
        i = end;
    }
    for (start = 0; start < n && st == BL_OK;) {
        size_t end = start + 1;
        int f = faceof[start];
        while (end < n && faceof[end] == f)
            end++;
        st = shape_run(font, f < 0 ? 0 : f, cps, n, start, end - start, dir, feats, nfeats, &res, nout, &cap,
                       f < 0);
        start = end;
    }
    free(faceof);
    if (st) {
        free(res);
        *nout = 0;
        return bl_err_set(err, st, "shaping: out of memory");
    }
    *out = res;
    return BL_OK;
}
