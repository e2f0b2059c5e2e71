/*
 * poster.c - poster files (see poster.h): pictures through picture.c,
 * PDF pages through poppler-glib onto cairo image surfaces.
 *
 * The PDF is read into memory with bl_read_file (a size limit, never
 * blocking on a FIFO) and handed to poppler as GBytes, so poppler opens
 * no file of its own.  Cairo's ARGB32 is premultiplied 0xAARRGGBB in
 * native order, the layout bl_picture uses: rows are copied as they are.
 * Depends on base, utf8 (the title check) and picture.
 */
#include "content/poster.h"

#include "core/fs.h"
#include "core/utf8.h"

#include <cairo.h>
#include <poppler.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TAG "poster"

struct bl_poster {
    char *path;
    bl_picture *pic;       /* a picture poster, decoded */
    PopplerDocument *doc;  /* a PDF */
    int npages;
    char *title;           /* the PDF's title metadata, or NULL */
};

bool bl_poster_file(const char *name)
{
    static const char *const ext[] = {".png", ".jpg", ".jpeg", ".webp", ".pdf"};
    size_t i;
    for (i = 0; i < BL_ARRAY_LEN(ext); i++)
        if (bl_has_suffix(name, ext[i], true))
            return true;
    return false;
}

char *bl_poster_resolve(const char *article_path, const char *file)
{
    const char *slash = article_path ? strrchr(article_path, '/') : NULL;
    size_t dl = slash ? (size_t)(slash - article_path) + 1 : 0, fl = strlen(file);
    char *p;
    if (file[0] == '/' || !dl)
        return bl_strdup(file);
    p = malloc(dl + fl + 1);
    if (!p)
        return NULL;
    memcpy(p, article_path, dl);
    memcpy(p + dl, file, fl + 1);
    return p;
}

void bl_poster_destroy(bl_poster *p)
{
    if (!p)
        return;
    if (p->doc)
        g_object_unref(p->doc);
    bl_picture_destroy(p->pic);
    free(p->title);
    free(p->path);
    free(p);
}

/* The PDF's title, trimmed; NULL when it has none that reads. */
static char *pdf_title(PopplerDocument *doc)
{
    gchar *t = poppler_document_get_title(doc);
    char *r = NULL;
    if (t) {
        const char *s = t, *e;
        while (*s == ' ' || *s == '\t')
            s++;
        e = s + strlen(s);
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > s && !bl_utf8_count_invalid(s, (size_t)(e - s)) && (r = malloc((size_t)(e - s) + 1))) {
            memcpy(r, s, (size_t)(e - s));
            r[e - s] = '\0';
        }
        g_free(t);
    }
    return r;
}

static bl_status open_pdf(bl_poster *p, char *data, size_t len, bl_err *err)
{
    GError *gerr = NULL;
    GBytes *bytes = g_bytes_new_with_free_func(data, len, free, data);
    int n;
    p->doc = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    g_bytes_unref(bytes); /* the document holds its own reference */
    if (!p->doc) {
        bl_status st;
        if (gerr && g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
            st = bl_err_set(err, BL_ERR_PARSE, "%s: the PDF is encrypted (save it without a password)", p->path);
        else
            st = bl_err_set(err, BL_ERR_PARSE, "%s: not a PDF poppler can read: %s", p->path,
                            gerr ? gerr->message : "unknown error");
        g_clear_error(&gerr);
        return st;
    }
    n = poppler_document_get_n_pages(p->doc);
    if (n < 1)
        return bl_err_set(err, BL_ERR_PARSE, "%s: the PDF has no pages", p->path);
    if (n > BL_POSTER_MAX_PAGES)
        BL_LOGW(TAG, "%s: %d pages; the first %d are shown, the rest skipped", p->path, n, BL_POSTER_MAX_PAGES);
    p->npages = BL_MIN(n, BL_POSTER_MAX_PAGES);
    p->title = pdf_title(p->doc);
    return BL_OK;
}

bl_status bl_poster_open(const char *path, size_t max_bytes, bl_poster **out, bl_err *err)
{
    bl_poster *p = calloc(1, sizeof *p);
    char *data = NULL;
    size_t len = 0;
    bl_status st;
    *out = NULL;
    if (!p || !(p->path = bl_strdup(path))) {
        free(p);
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", path);
    }
    if ((st = bl_read_file(path, max_bytes, &data, &len, err)))
        goto fail;
    if (len >= 5 && !memcmp(data, "%PDF-", 5)) {
        st = open_pdf(p, data, len, err); /* takes data */
    } else if (bl_has_suffix(path, ".pdf", true)) {
        free(data);
        st = bl_err_set(err, BL_ERR_PARSE, "%s: not a PDF file (it does not start with %%PDF-)", path);
    } else {
        st = bl_picture_decode(path, data, len, &p->pic, err);
        free(data);
        p->npages = 1;
    }
    if (st)
        goto fail;
    *out = p;
    return BL_OK;
fail:
    bl_poster_destroy(p);
    return st;
}

int bl_poster_pages(const bl_poster *p)
{
    return p->npages;
}

bool bl_poster_is_pdf(const bl_poster *p)
{
    return p->doc != NULL;
}

const char *bl_poster_title(const bl_poster *p)
{
    return p->title;
}

/* Page i of a PDF drawn at the size that fits w x h, on white. */
static bl_status pdf_page(const bl_poster *p, int i, int w, int h, bl_picture **out, bl_err *err)
{
    PopplerPage *page = poppler_document_get_page(p->doc, i);
    double pw = 0, ph = 0;
    int fw, fh, y;
    cairo_surface_t *cs;
    cairo_t *cr;
    bl_status st;
    if (!page)
        return bl_err_set(err, BL_ERR_PARSE, "%s: page %d cannot be read", p->path, i + 1);
    poppler_page_get_size(page, &pw, &ph);
    if (!(pw >= 1 && ph >= 1 && pw < 1e6 && ph < 1e6)) {
        g_object_unref(page);
        return bl_err_set(err, BL_ERR_PARSE, "%s: page %d has no size (%.0f x %.0f pt)", p->path, i + 1, pw, ph);
    }
    /* in hundredths of a point, so a page's shape is kept to well under a pixel */
    bl_picture_fit((int)(pw * 100 + 0.5), (int)(ph * 100 + 0.5), w, h, 1000000, &fw, &fh);
    cs = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, fw, fh);
    if (cairo_surface_status(cs) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(cs);
        g_object_unref(page);
        return bl_err_set(err, BL_ERR_NOMEM, "%s: page %d at %d x %d: out of memory", p->path, i + 1, fw, fh);
    }
    cr = cairo_create(cs);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, fw / pw, fh / ph);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(cs);
    g_object_unref(page);
    st = bl_picture_create(fw, fh, 0xFFFFFFFFu, out, err);
    if (st == BL_OK) {
        const unsigned char *d = cairo_image_surface_get_data(cs);
        int stride = cairo_image_surface_get_stride(cs);
        for (y = 0; y < fh; y++)
            memcpy((*out)->px + (size_t)y * (size_t)fw, d + (size_t)y * (size_t)stride, (size_t)fw * 4);
    }
    cairo_surface_destroy(cs);
    return st;
}

bl_status bl_poster_page(const bl_poster *p, int i, int w, int h, bl_picture **out, bl_err *err)
{
    int fw, fh;
    *out = NULL;
    if (i < 0 || i >= p->npages || w < 1 || h < 1)
        return bl_err_set(err, BL_ERR_RANGE, "%s: no page %d at %d x %d", p->path, i + 1, w, h);
    if (p->doc)
        return pdf_page(p, i, w, h, out, err);
    bl_picture_fit(p->pic->w, p->pic->h, w, h, BL_POSTER_MAX_UPSCALE_PCT, &fw, &fh);
    return bl_picture_scale(p->pic, fw, fh, out, err);
}
