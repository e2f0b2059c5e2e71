/*
 * fontsubset.c - bl-fontsubset, the build-time tool that cuts the board's
 * fonts down to what it needs (toolchain/fonts.cmake runs it when
 * installing or packaging).
 *
 *   bl-fontsubset --font FILE|DIR... --family NAME --style NAME --out FILE.otf
 *                 [--text FILE]... [--unicodes HEX[-HEX],...]
 *                 [--unicodes-file FILE] [--language TAG]
 *
 * Finds the face by family and style name the way the board does
 * (firmware/src/font.c): the --font files and folders in order, a folder's
 * font files sorted by name, every face of a .ttc collection, first match
 * wins; the names are the typographic ones (name IDs 16/17, else 1/2), as
 * FreeType reports them; never an index taken on trust.  Then subsets it
 * with HarfBuzz's subsetter to every character of the --text files and the
 * --unicodes ranges, keeping the vertical metrics (vhea, vmtx, VORG), the
 * BASE table, the .notdef box and the layout features the board shapes
 * with, and checks the result (its names, every character kept).  Colour
 * bitmap faces (CBDT: Noto Color Emoji) subset the same way; where
 * HarfBuzz 6.0 cannot subset a cmap (HanaMinB's, beyond 517 scattered
 * characters) the glyphs are subset by id and the tool writes the cmap.
 *
 * Why a tool and not the hb-subset command: Noto CJK's `locl` feature maps
 * thousands of ideographs to their Japanese, Korean and traditional forms
 * under the JAN, KOR, ZHT and ZHH language systems, and hb-subset keeps the
 * closure of a feature over every language system: with `locl` kept that
 * way the serif face is 4.7 MB instead of 2.7 MB.  Without `locl` the board
 * would get other glyphs: measured on the SC faces, the zh-Hans (ZHS)
 * `locl` changes 14 characters, among them — ‼ ⁇ ＂ ＇.  The board shapes
 * each face in one language (the SC faces as zh-Hans, the TC faces as
 * zh-Hant), so this tool empties the other language systems (all but
 * --language, ZHS by default; ZHT for the TC faces) before subsetting: the
 * shaping the board does is unchanged and the faces small.
 *
 * A host tool: it runs on the build machine, also when cross-compiling.
 * Depends on HarfBuzz (libharfbuzz-subset) only.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

typedef struct {
    const char *family, *style, *out, *unicodes, *unicodes_file, *language;
    const char **fonts; /* font files or folders, searched in order */
    int nfonts;
    const char **texts; /* text files whose characters are kept */
    int ntexts;
} options;

static void usage(void)
{
    fputs("usage: bl-fontsubset --font FILE|DIR... --family NAME --style NAME --out FILE.otf\n"
          "                     [--text FILE]... [--unicodes HEX[-HEX],...] [--unicodes-file FILE]\n"
          "                     [--language TAG]\n",
          stderr);
}

/* ---- characters ------------------------------------------------------ */

/* Adds every code point of UTF-8 text (invalid bytes skipped, control
 * characters left out) to set. */
static void add_utf8(hb_set_t *set, const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t c = s[i], min;
        size_t need, k;
        if (c < 0x80) {
            if (c >= 0x20 && c != 0x7F)
                hb_set_add(set, c);
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            need = 2, c &= 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 3, c &= 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 4, c &= 0x07, min = 0x10000;
        } else {
            i++;
            continue;
        }
        if (i + need > len) {
            i++;
            continue;
        }
        for (k = 1; k < need && (s[i + k] & 0xC0) == 0x80; k++)
            c = (c << 6) | (s[i + k] & 0x3F);
        if (k < need || c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
            i++;
            continue;
        }
        if (c >= 0xA0)
            hb_set_add(set, c);
        i += need;
    }
}

/* Reads a text file into set.  False (with a message) if it cannot. */
static bool add_text_file(hb_set_t *set, const char *path)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    unsigned len;
    const char *data;
    if (!blob) {
        fprintf(stderr, "bl-fontsubset: %s: cannot read the file\n", path);
        return false;
    }
    data = hb_blob_get_data(blob, &len);
    add_utf8(set, (const unsigned char *)data, len);
    hb_blob_destroy(blob);
    return true;
}

/* Parses "20-7E,3000,FF01-FF5E" into set: hexadecimal code points and
 * ranges, separated by commas or white space; '#' starts a comment that
 * runs to the end of the line.  False on a malformed list. */
static bool add_ranges(hb_set_t *set, const char *s)
{
    for (;;) {
        char *end;
        unsigned long a, b;
        while (*s == ',' || *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '#') {
            if (*s == '#')
                while (*s && *s != '\n')
                    s++;
            else
                s++;
        }
        if (!*s)
            return true;
        a = b = strtoul(s, &end, 16);
        if (end == s)
            return false;
        s = end;
        if (*s == '-') {
            b = strtoul(s + 1, &end, 16);
            if (end == s + 1 || b < a)
                return false;
            s = end;
        }
        if (b > 0x10FFFF)
            return false;
        hb_set_add_range(set, (hb_codepoint_t)a, (hb_codepoint_t)b);
    }
}

/* ---- finding the face ------------------------------------------------ */

/* The English name `id`, else `fallback_id`, as UTF-8 into buf. */
static void face_name(hb_face_t *face, hb_ot_name_id_t id, hb_ot_name_id_t fallback_id, char *buf,
                      unsigned size)
{
    hb_language_t en = hb_language_from_string("en", -1);
    unsigned len = size;
    buf[0] = '\0';
    if (hb_ot_name_get_utf8(face, id, en, &len, buf) == 0) {
        len = size;
        buf[0] = '\0';
        hb_ot_name_get_utf8(face, fallback_id, en, &len, buf);
    }
}

static bool is_font_file(const char *name)
{
    static const char *const exts[] = {".ttc", ".otf", ".ttf", ".otc", ".TTC", ".OTF", ".TTF"};
    const char *dot = strrchr(name, '.');
    size_t i;
    for (i = 0; dot && i < sizeof exts / sizeof *exts; i++)
        if (!strcmp(dot, exts[i]))
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Looks for family/style among the faces of one font file.  Returns the
 * face (a new reference) and sets *blob_out (the file, referenced) and
 * *index, or returns NULL. */
static hb_face_t *find_in_file(const char *path, const options *o, hb_blob_t **blob_out, unsigned *index)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    unsigned n, i;
    if (!blob)
        return NULL;
    n = hb_face_count(blob);
    for (i = 0; i < n; i++) {
        hb_face_t *face = hb_face_create(blob, i);
        char fam[256], sty[256];
        face_name(face, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY, HB_OT_NAME_ID_FONT_FAMILY, fam, sizeof fam);
        face_name(face, HB_OT_NAME_ID_TYPOGRAPHIC_SUBFAMILY, HB_OT_NAME_ID_FONT_SUBFAMILY, sty, sizeof sty);
        if (!strcmp(fam, o->family) && !strcmp(sty, o->style)) {
            *blob_out = blob;
            *index = i;
            return face;
        }
        hb_face_destroy(face);
    }
    hb_blob_destroy(blob);
    return NULL;
}

/* Searches the --font files and folders in order (a folder's font files
 * sorted by name, as the board does) for family/style.  Returns the face
 * (a new reference), its file's blob and path and its index; NULL with a
 * message if no face matches. */
static hb_face_t *find_face(const options *o, hb_blob_t **blob, char *path, size_t pathsize, unsigned *index)
{
    int i;
    for (i = 0; i < o->nfonts; i++) {
        DIR *d = opendir(o->fonts[i]);
        struct dirent *de;
        char **names = NULL;
        size_t n = 0, cap = 0, k;
        hb_face_t *face = NULL;
        if (!d) {
            snprintf(path, pathsize, "%s", o->fonts[i]);
            face = find_in_file(path, o, blob, index);
            if (face)
                return face;
            continue;
        }
        while ((de = readdir(d))) {
            if (!is_font_file(de->d_name))
                continue;
            if (n == cap) {
                char **nn = realloc(names, (cap ? cap * 2 : 16) * sizeof *names);
                if (!nn)
                    break;
                names = nn;
                cap = cap ? cap * 2 : 16;
            }
            names[n] = malloc(strlen(o->fonts[i]) + strlen(de->d_name) + 2);
            if (!names[n])
                break;
            sprintf(names[n], "%s/%s", o->fonts[i], de->d_name);
            n++;
        }
        closedir(d);
        if (n > 0)
            qsort(names, n, sizeof *names, cmp_str);
        for (k = 0; k < n && !face; k++) {
            face = find_in_file(names[k], o, blob, index);
            if (face)
                snprintf(path, pathsize, "%s", names[k]);
        }
        for (k = 0; k < n; k++)
            free(names[k]);
        free(names);
        if (face)
            return face;
    }
    fprintf(stderr, "bl-fontsubset: no face '%s' (%s) in", o->family, o->style);
    for (i = 0; i < o->nfonts; i++)
        fprintf(stderr, " %s", o->fonts[i]);
    fputs(" (Debian: apt-get install fonts-noto-cjk)\n", stderr);
    return NULL;
}

/* ---- language systems -------------------------------------------------- */

static unsigned be16(const uint8_t *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* Empties, in a copy of a GSUB or GPOS table, every language system other
 * than each script's default and `keep` (e.g. 'ZHS '), so that the
 * subsetter's closure does not follow features only they use.  A LangSys
 * table shared with a kept one stays.  Returns a new blob (the original one,
 * referenced again, when the table is absent or not understood). */
static hb_blob_t *prune_langsys(hb_blob_t *table, hb_tag_t keep, unsigned *emptied)
{
    unsigned len, nscripts, s, pass;
    const uint8_t *src = (const uint8_t *)hb_blob_get_data(table, &len);
    uint8_t *t;
    size_t sl;
    size_t kept[512]; /* offsets of the LangSys tables kept */
    unsigned nkept = 0;
    bool full = false;

    *emptied = 0;
    if (!src || len < 10 || be16(src) != 1)
        return hb_blob_reference(table);
    sl = be16(src + 4);
    if (sl == 0 || sl + 2 > len)
        return hb_blob_reference(table);
    t = malloc(len);
    if (!t)
        return hb_blob_reference(table);
    memcpy(t, src, len);
    nscripts = be16(t + sl);
    /* Pass 0 notes the kept LangSys tables, pass 1 empties the others
     * (none if there were too many to note). */
    for (pass = 0; pass < 2 && !(pass == 1 && full); pass++) {
        for (s = 0; s < nscripts && sl + 2 + 6 * (s + 1) <= len; s++) {
            const uint8_t *rec = t + sl + 2 + 6 * s;
            size_t so = sl + be16(rec + 4), dl;
            unsigned nlang, l;
            if (so + 4 > len)
                continue;
            dl = be16(t + so);
            if (pass == 0 && dl) {
                full |= nkept == 512;
                if (!full)
                    kept[nkept++] = so + dl;
            }
            nlang = be16(t + so + 2);
            for (l = 0; l < nlang && so + 4 + 6 * (l + 1) <= len; l++) {
                const uint8_t *lr = t + so + 4 + 6 * l;
                hb_tag_t tag = HB_TAG(lr[0], lr[1], lr[2], lr[3]);
                size_t lo = so + be16(lr + 4), k;
                bool shared = false;
                if (lo + 6 > len)
                    continue;
                if (pass == 0) {
                    if (tag == keep) {
                        full |= nkept == 512;
                        if (!full)
                            kept[nkept++] = lo;
                    }
                    continue;
                }
                if (tag == keep)
                    continue;
                for (k = 0; k < nkept; k++)
                    shared |= kept[k] == lo;
                if (shared || be16(t + lo + 4) == 0)
                    continue;
                t[lo + 2] = t[lo + 3] = 0xFF; /* no required feature */
                t[lo + 4] = t[lo + 5] = 0;    /* no features */
                (*emptied)++;
            }
        }
    }
    return hb_blob_create((const char *)t, len, HB_MEMORY_MODE_WRITABLE, t, free);
}

/* A copy of face whose GSUB and GPOS keep only the default and `keep`
 * language systems (a new reference). */
static hb_face_t *face_for_language(hb_face_t *face, hb_tag_t keep, unsigned *emptied)
{
    hb_face_t *builder = hb_face_builder_create();
    hb_tag_t tags[64];
    unsigned ntags = 64, i;
    hb_blob_t *whole;
    hb_face_t *out;

    *emptied = 0;
    hb_face_get_table_tags(face, 0, &ntags, tags);
    for (i = 0; i < ntags; i++) {
        hb_blob_t *tb = hb_face_reference_table(face, tags[i]);
        if (tags[i] == HB_OT_TAG_GSUB || tags[i] == HB_OT_TAG_GPOS) {
            unsigned n;
            hb_blob_t *p = prune_langsys(tb, keep, &n);
            hb_blob_destroy(tb);
            tb = p;
            *emptied += n;
        }
        hb_face_builder_add_table(builder, tags[i], tb);
        hb_blob_destroy(tb);
    }
    whole = hb_face_reference_blob(builder);
    hb_face_destroy(builder);
    out = hb_face_create(whole, 0);
    hb_blob_destroy(whole);
    return out;
}

/* ---- subsetting --------------------------------------------------------- */

/* The layout features kept besides HarfBuzz's defaults (which already
 * hold ccmp, locl, liga, calt, kern, vert, vkrn, vrt2 ...): those the board
 * turns on by name (typesetting.md). */
static const char *const extra_features[] = {"vert", "vrt2", "hwid", "fwid", "pwid", "locl",
                                             "halt", "vhal", "palt", "vpal", "kern", "vkrn"};

#define TAG_CMAP HB_TAG('c', 'm', 'a', 'p')

/* The subsetter's input for cps: by code point, or (by_glyphs) by the
 * glyphs cps map to, without a cmap (subset_by_glyphs writes it). */
static hb_subset_input_t *subset_input(hb_face_t *face, const hb_set_t *cps, bool by_glyphs)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    size_t i;
    if (!in)
        return NULL;
    if (by_glyphs) {
        hb_font_t *font = hb_font_create(face);
        hb_codepoint_t cp = HB_SET_VALUE_INVALID, g;
        while (hb_set_next(cps, &cp))
            if (hb_font_get_nominal_glyph(font, cp, &g))
                hb_set_add(hb_subset_input_glyph_set(in), g);
        hb_font_destroy(font);
        hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), TAG_CMAP);
    } else {
        hb_set_union(hb_subset_input_unicode_set(in), cps);
    }
    for (i = 0; i < sizeof extra_features / sizeof *extra_features; i++)
        hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG),
                   hb_tag_from_string(extra_features[i], -1));
    /* BASE (the ideographic em box the layout aligns to) names no glyph:
     * keep it as it is; HarfBuzz 6 drops it by default. */
    hb_set_del(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), HB_TAG('B', 'A', 'S', 'E'));
    hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_NO_SUBSET_TABLE_TAG), HB_TAG('B', 'A', 'S', 'E'));
    /* Every name record: the family names the board looks faces up by,
     * the licence and its URL. */
    hb_set_add_range(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID), 0, 0x7FFF);
    hb_set_add_range(hb_subset_input_set(in, HB_SUBSET_SETS_NAME_LANG_ID), 0, 0xFFFF);
    /* .notdef keeps its box: the board draws it for a character no face has. */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
    return in;
}

static void put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xFFFF);
}

/* A cmap of one format 12 subtable (Unicode full repertoire, for both the
 * Unicode and the Windows platform) mapping cps through the face's own
 * cmap and old_to_new to the subset's glyphs. */
static hb_blob_t *make_cmap(hb_face_t *face, const hb_set_t *cps, const hb_map_t *old_to_new)
{
    hb_font_t *font = hb_font_create(face);
    hb_codepoint_t cp = HB_SET_VALUE_INVALID, g;
    unsigned n = hb_set_get_population(cps), ngroups = 0;
    size_t len = 4 + 2 * 8 + 16 + (size_t)n * 12;
    uint8_t *t = calloc(1, len), *grp;
    uint32_t first = 0, last = 0, gfirst = 0;
    bool open = false;
    if (!t) {
        hb_font_destroy(font);
        return NULL;
    }
    grp = t + 4 + 16 + 16;
    while (hb_set_next(cps, &cp)) {
        uint32_t ng;
        if (!hb_font_get_nominal_glyph(font, cp, &g) || !hb_map_has(old_to_new, g))
            continue;
        ng = hb_map_get(old_to_new, g);
        if (open && cp == last + 1 && ng == gfirst + (cp - first)) {
            last = cp;
            continue;
        }
        if (open) {
            put32(grp + 12 * ngroups, first), put32(grp + 12 * ngroups + 4, last), put32(grp + 12 * ngroups + 8, gfirst);
            ngroups++;
        }
        first = last = cp;
        gfirst = ng;
        open = true;
    }
    if (open) {
        put32(grp + 12 * ngroups, first), put32(grp + 12 * ngroups + 4, last), put32(grp + 12 * ngroups + 8, gfirst);
        ngroups++;
    }
    hb_font_destroy(font);
    put16(t, 0);
    put16(t + 2, 2);
    put16(t + 4, 0), put16(t + 6, 4), put32(t + 8, 20);   /* Unicode, full repertoire */
    put16(t + 12, 3), put16(t + 14, 10), put32(t + 16, 20); /* Windows, UCS-4 */
    put16(t + 20, 12);
    put32(t + 24, 16 + 12 * ngroups);
    put32(t + 32, ngroups);
    len = 20 + 16 + 12 * (size_t)ngroups;
    return hb_blob_create((const char *)t, (unsigned)len, HB_MEMORY_MODE_WRITABLE, t, free);
}

/* HarfBuzz 6.0's cmap subsetter fails on HanaMinB beyond about 520 of its
 * scattered Extension B characters (measured: 517 subset, 518 fail).  The
 * glyphs then subset by glyph id, and the tool writes the cmap itself. */
static hb_face_t *subset_by_glyphs(hb_face_t *face, const hb_set_t *cps)
{
    hb_subset_input_t *in = subset_input(face, cps, true);
    hb_subset_plan_t *plan = in ? hb_subset_plan_create_or_fail(face, in) : NULL;
    hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL, *builder, *out = NULL;
    hb_blob_t *cmap = sub ? make_cmap(face, cps, hb_subset_plan_old_to_new_glyph_mapping(plan)) : NULL;
    if (cmap) {
        hb_tag_t tags[64];
        unsigned ntags = 64, i;
        hb_blob_t *whole, *subblob = hb_face_reference_blob(sub);
        hb_face_t *subface = hb_face_create(subblob, 0); /* a builder face lists no tables */
        hb_blob_destroy(subblob);
        builder = hb_face_builder_create();
        hb_face_get_table_tags(subface, 0, &ntags, tags);
        for (i = 0; i < ntags; i++) {
            hb_blob_t *tb = hb_face_reference_table(subface, tags[i]);
            hb_face_builder_add_table(builder, tags[i], tb);
            hb_blob_destroy(tb);
        }
        hb_face_destroy(subface);
        hb_face_builder_add_table(builder, TAG_CMAP, cmap);
        whole = hb_face_reference_blob(builder);
        hb_face_destroy(builder);
        out = hb_face_create(whole, 0);
        hb_blob_destroy(whole);
    }
    hb_blob_destroy(cmap);
    hb_face_destroy(sub);
    hb_subset_plan_destroy(plan);
    hb_subset_input_destroy(in);
    return out;
}

static hb_face_t *subset(hb_face_t *face, const hb_set_t *cps)
{
    hb_subset_input_t *in = subset_input(face, cps, false);
    hb_face_t *out;
    if (!in)
        return NULL;
    out = hb_subset_or_fail(face, in);
    hb_subset_input_destroy(in);
    if (!out) {
        fputs("bl-fontsubset: HarfBuzz could not subset the cmap; subsetting by glyphs\n", stderr);
        out = subset_by_glyphs(face, cps);
    }
    return out;
}

static bool write_blob(hb_blob_t *blob, const char *path)
{
    unsigned len;
    const char *data = hb_blob_get_data(blob, &len);
    FILE *f = fopen(path, "wb");
    bool ok;
    if (!f) {
        fprintf(stderr, "bl-fontsubset: %s: %s\n", path, strerror(errno));
        return false;
    }
    ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok)
        fprintf(stderr, "bl-fontsubset: %s: cannot write the file\n", path);
    return ok;
}

/* Checks the subset: same family and style names, and every requested
 * character the source face has still mapped. */
static bool verify(hb_face_t *src, hb_face_t *sub, const hb_set_t *want, const options *o)
{
    char fam[256], sty[256];
    hb_set_t *have_src = hb_set_create(), *have_sub = hb_set_create();
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    unsigned lost = 0;
    bool ok;
    face_name(sub, HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY, HB_OT_NAME_ID_FONT_FAMILY, fam, sizeof fam);
    face_name(sub, HB_OT_NAME_ID_TYPOGRAPHIC_SUBFAMILY, HB_OT_NAME_ID_FONT_SUBFAMILY, sty, sizeof sty);
    hb_face_collect_unicodes(src, have_src);
    hb_face_collect_unicodes(sub, have_sub);
    while (hb_set_next(want, &cp))
        if (hb_set_has(have_src, cp) && !hb_set_has(have_sub, cp)) {
            if (lost++ < 5)
                fprintf(stderr, "bl-fontsubset: %s: U+%04X lost\n", o->out, (unsigned)cp);
        }
    ok = lost == 0 && !strcmp(fam, o->family) && !strcmp(sty, o->style);
    if (strcmp(fam, o->family) || strcmp(sty, o->style))
        fprintf(stderr, "bl-fontsubset: %s: names itself '%s' (%s), not '%s' (%s)\n", o->out, fam, sty,
                o->family, o->style);
    hb_set_destroy(have_src);
    hb_set_destroy(have_sub);
    return ok;
}

/* Fills o from the command line; o->fonts and o->texts are new arrays the
 * caller frees.  False (with a message) on a usage error. */
static bool parse_args(int argc, char **argv, options *o)
{
    int i;
    memset(o, 0, sizeof *o);
    o->language = "ZHS";
    o->fonts = calloc((size_t)argc, sizeof *o->fonts);
    o->texts = calloc((size_t)argc, sizeof *o->texts);
    if (!o->fonts || !o->texts) {
        fputs("bl-fontsubset: out of memory\n", stderr);
        return false;
    }
    for (i = 1; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "bl-fontsubset: %s needs a value\n", a);
            return false;
        }
        if (!strcmp(a, "--font"))
            o->fonts[o->nfonts++] = v;
        else if (!strcmp(a, "--family"))
            o->family = v;
        else if (!strcmp(a, "--style"))
            o->style = v;
        else if (!strcmp(a, "--out"))
            o->out = v;
        else if (!strcmp(a, "--unicodes"))
            o->unicodes = v;
        else if (!strcmp(a, "--unicodes-file"))
            o->unicodes_file = v;
        else if (!strcmp(a, "--language"))
            o->language = v;
        else if (!strcmp(a, "--text"))
            o->texts[o->ntexts++] = v;
        else {
            fprintf(stderr, "bl-fontsubset: unknown option '%s'\n", a);
            return false;
        }
    }
    if (!o->nfonts || !o->family || !o->style || !o->out) {
        fputs("bl-fontsubset: --font, --family, --style and --out are required\n", stderr);
        return false;
    }
    return true;
}

/* Reads the code points the subset must keep: the text files' characters
 * and the ranges.  False (with a message) on an unreadable file or a bad
 * range. */
static bool collect(const options *o, hb_set_t *cps)
{
    int i;
    for (i = 0; i < o->ntexts; i++)
        if (!add_text_file(cps, o->texts[i]))
            return false;
    if (o->unicodes && !add_ranges(cps, o->unicodes)) {
        fprintf(stderr, "bl-fontsubset: --unicodes '%s': expected HEX or HEX-HEX, comma-separated\n",
                o->unicodes);
        return false;
    }
    if (o->unicodes_file) {
        hb_blob_t *blob = hb_blob_create_from_file_or_fail(o->unicodes_file);
        unsigned len;
        const char *data;
        char *text;
        bool ok;
        if (!blob) {
            fprintf(stderr, "bl-fontsubset: %s: cannot read the file\n", o->unicodes_file);
            return false;
        }
        data = hb_blob_get_data(blob, &len);
        text = malloc(len + 1);
        ok = text != NULL;
        if (ok) {
            memcpy(text, data, len);
            text[len] = '\0';
            ok = add_ranges(cps, text);
            if (!ok)
                fprintf(stderr, "bl-fontsubset: %s: expected HEX or HEX-HEX, comma-separated\n",
                        o->unicodes_file);
        }
        free(text);
        hb_blob_destroy(blob);
        return ok;
    }
    return true;
}

int main(int argc, char **argv)
{
    options o;
    hb_blob_t *blob = NULL, *outblob = NULL;
    hb_face_t *src = NULL, *pruned = NULL, *sub = NULL;
    hb_set_t *cps = hb_set_create(), *have = hb_set_create(), *missing = hb_set_create();
    unsigned index = 0, emptied = 0, outlen;
    char path[4096];
    int rc = 1;

    if (!parse_args(argc, argv, &o)) {
        usage();
        rc = 2;
        goto done;
    }
    if (!collect(&o, cps))
        goto done;
    src = find_face(&o, &blob, path, sizeof path, &index);
    if (!src)
        goto done;
    /* hb_tag_from_string pads "ZHS" to the tag 'ZHS ' */
    pruned = face_for_language(src, hb_tag_from_string(o.language, -1), &emptied);
    sub = subset(pruned, cps);
    if (!sub) {
        fprintf(stderr, "bl-fontsubset: %s face %u: HarfBuzz could not subset it\n", path, index);
        goto done;
    }
    outblob = hb_face_reference_blob(sub);
    if (!write_blob(outblob, o.out) || !verify(src, sub, cps, &o)) {
        remove(o.out);
        goto done;
    }
    hb_face_collect_unicodes(src, have);
    hb_set_set(missing, cps);
    hb_set_subtract(missing, have);
    hb_blob_get_data(outblob, &outlen);
    printf("%s: %s %s from face %u of %s: %u characters asked, %u of them not in the font; "
           "%u glyphs, %u language systems emptied, %u bytes\n",
           o.out, o.family, o.style, index, path, hb_set_get_population(cps), hb_set_get_population(missing),
           hb_face_get_glyph_count(sub), emptied, outlen);
    rc = 0;
done:
    hb_blob_destroy(outblob);
    hb_face_destroy(sub);
    hb_face_destroy(pruned);
    hb_face_destroy(src);
    hb_blob_destroy(blob);
    hb_set_destroy(cps);
    hb_set_destroy(have);
    hb_set_destroy(missing);
    free(o.fonts);
    free(o.texts);
    return rc;
}
