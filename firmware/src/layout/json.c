/*
 * json.c - the layout as JSON (bl_doc_write_json, see README "baolan
 * layout"): pages, lines, optionally their glyphs, and the boxes (QR
 * codes and pictures).  Numbers are px printed exactly from 1/64 px, so
 * a dump compares exactly.  Depends on base, utf8, font and layout.
 */
#include "layout/layout.h"

#include "core/utf8.h"

#include <stdio.h>

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_num(FILE *f, int32_t v)
{
    /* 1/64 px printed exactly with at most 6 decimals, trailing zeros off. */
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%.6f", BL_PX(v));
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
    fputs(buf, f);
}

/* Writes ,"key":v with v in px. */
static void json_field(FILE *f, const char *key, int32_t v)
{
    fprintf(f, ",\"%s\":", key);
    json_num(f, v);
}

bl_status bl_doc_write_json(const bl_doc *doc, FILE *f, bool glyphs, long page_sel)
{
    static const char *const orient[] = {"upright", "rotated", "tcy"};
    size_t pi, li, gi;
    bool first_page = true;
    fprintf(f, "{\"width\":%d,\"height\":%d,\"orientation\":\"%s\",\"npages\":%zu,\"pages\":[", doc->width,
            doc->height, doc->mode == BL_MODE_VERTICAL ? "vertical" : "horizontal", doc->npages);
    for (pi = 0; pi < doc->npages; pi++) {
        const bl_page *pg = &doc->pages[pi];
        if (page_sel >= 0 && (size_t)page_sel != pi)
            continue;
        fprintf(f, "%s\n{\"page\":%zu,\"lines\":[", first_page ? "" : ",", pi + 1);
        first_page = false;
        for (li = 0; li < pg->nlines; li++) {
            const bl_pline *ln = &pg->lines[li];
            fprintf(f, "%s\n {\"para\":%d,\"start\":%u,\"end\":%u", li ? "," : "", ln->para,
                    (unsigned)ln->start, (unsigned)ln->end);
            json_field(f, "x", ln->x);
            json_field(f, "y", ln->y);
            json_field(f, "w", ln->w);
            json_field(f, "h", ln->h);
            fprintf(f, ",\"justified\":%s", ln->justified ? "true" : "false");
            if (glyphs) {
                fputs(",\"glyphs\":[", f);
                for (gi = ln->g0; gi < ln->g0 + ln->gn; gi++) {
                    const bl_pglyph *g = &pg->glyphs[gi];
                    char u[5] = {0};
                    bl_utf8_encode(g->cp, u);
                    fprintf(f, "%s{\"cp\":", gi > ln->g0 ? "," : "");
                    json_str(f, u);
                    fprintf(f, ",\"gid\":%u,\"face\":", (unsigned)g->gid);
                    json_str(f, bl_face_family(bl_font_face(doc->fonts[g->style], g->face)));
                    json_field(f, "x", g->x);
                    json_field(f, "y", g->y);
                    json_field(f, "advance", g->advance);
                    if (doc->mode == BL_MODE_VERTICAL || g->orient != BL_ORIENT_UPRIGHT)
                        fprintf(f, ",\"orient\":\"%s\"", orient[g->orient]);
                    if (g->flags & BL_GLYPH_VERT)
                        fputs(",\"vert\":true", f);
                    if (g->flags & BL_GLYPH_HALF)
                        fputs(",\"half\":true", f);
                    if (g->flags & BL_GLYPH_MISSING)
                        fputs(",\"missing\":true", f);
                    fputc('}', f);
                }
                fputc(']', f);
            }
            fputc('}', f);
        }
        fputc(']', f);
        for (li = 0; li < pg->nboxes; li++) {
            const bl_pbox *bx = &pg->boxes[li];
            bool qr = bx->kind == BL_BOX_QR;
            fprintf(f, "%s{\"kind\":\"%s\"", li ? "," : ",\"boxes\":[", qr ? "qr" : "picture");
            json_field(f, "x", bx->x);
            json_field(f, "y", bx->y);
            json_field(f, "w", bx->w);
            json_field(f, "h", bx->h);
            if (qr)
                fprintf(f, ",\"modules\":%d,\"module\":%d,\"text\":", bx->n, bx->module);
            else
                fputs(",\"file\":", f);
            json_str(f, bx->text);
            fputs(li + 1 == pg->nboxes ? "}]" : "}", f);
        }
        fputc('}', f);
    }
    fputs("\n]}\n", f);
    return ferror(f) ? BL_ERR_IO : BL_OK;
}
