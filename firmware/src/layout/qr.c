/*
 * qr.c - an article link's QR code: the module matrix (libqrencode), and
 * its block of code and caption placed on the pages (build.h).
 * Depends on base, content, para, build and libqrencode.
 */
#include "layout/qr.h"

#include "layout/para.h"

#include <errno.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

bl_status bl__qr_encode(const char *text, uint8_t **cells, int *n, bl_err *err)
{
    QRcode *q;
    size_t i, count;
    *cells = NULL;
    *n = 0;
    if (!text || !*text)
        return bl_err_set(err, BL_ERR_RANGE, "qr: empty link");
    errno = 0;
    q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q)
        return bl_err_set(err, errno == ENOMEM ? BL_ERR_NOMEM : BL_ERR_RANGE,
                          "qr: the link (%zu bytes) does not fit a QR code", strlen(text));
    count = (size_t)q->width * (size_t)q->width;
    *cells = malloc(count);
    if (!*cells) {
        QRcode_free(q);
        return bl_err_set(err, BL_ERR_NOMEM, "qr: out of memory");
    }
    for (i = 0; i < count; i++)
        (*cells)[i] = q->data[i] & 1; /* bit 0 is the module's colour */
    *n = q->width;
    QRcode_free(q);
    return BL_OK;
}

int bl__qr_module_px(int w, int h)
{
    int shortside = w < h ? w : h;
    return BL_MAX(4, (shortside + 135) / 270);
}

/* ---- the block on the pages ---------------------------------------------- */

static int32_t whole_px(int32_t v)
{
    return (v + 63) / 64 * 64;
}

bl_status bl__qr_prepare(bl__builder *b, const bl_article *a, const bl__area *fit, bl__qrblock *q)
{
    const bl_layout_opts *o = b->o;
    bl_err e = {0};
    bl__para p;
    bl__span *lines = NULL;
    size_t nl = 0;
    int32_t natural, room = fit->right - fit->left;
    bl_status st;

    memset(q, 0, sizeof *q);
    if (!a->link || !*a->link)
        return BL_OK;
    st = bl__qr_encode(a->link, &b->doc->qr_cells, &q->n, &e);
    if (st == BL_ERR_NOMEM)
        return st;
    if (st) {
        BL_LOGW("layout", "%s: %s; no QR code", a->path ? a->path : a->title, e.msg);
        return BL_OK;
    }
    b->doc->qr_text = strdup(a->link);
    if (!b->doc->qr_text)
        return BL_ERR_NOMEM;
    q->module = bl__qr_module_px(o->width, o->height);
    q->side = (q->n + 8) * q->module * 64;
    q->caption = a->link_label && *a->link_label ? a->link_label : "扫码阅读全文";
    st = bl__para_prepare(&p, q->caption, o->fonts[BL_STYLE_BYLINE] ? o->fonts[BL_STYLE_BYLINE] : o->fonts[BL_STYLE_BODY],
                          BL_STYLE_BYLINE, BL_DIR_H, o->kinsoku, b->err);
    if (!st) {
        natural = bl__para_natural(&p, 0, p.n, true, false);
        q->w = whole_px(BL_MAX(q->side, natural < room ? natural : room));
        st = bl__para_break(&p, bl__measures_same(q->w), 0, 0, false, o->kinsoku, &lines, &nl);
    }
    if (!st) {
        q->gap = whole_px(p.em / 4);
        q->h = whole_px(q->side + q->gap + (int32_t)(nl ? nl - 1 : 0) * (p.em * 140 / 100) + p.em);
    }
    free(lines);
    bl__para_free(&p);
    if (!st && (q->w > room || q->h > fit->bottom - fit->top)) {
        BL_LOGW("layout", "%s: a %dx%d frame has no room for the link's QR code",
                a->path ? a->path : a->title, o->width, o->height);
        q->n = 0;
    }
    return st;
}

int32_t bl__qr_depth(bl_dir dir, const bl__qrblock *q, int32_t em)
{
    return (dir == BL_DIR_V ? q->w : q->h) + em / 2;
}

bl__keepout bl__qr_keepout(const bl__qrblock *q, bl_dir dir, const bl__area *ar, int32_t em)
{
    if (dir == BL_DIR_V)
        return (bl__keepout){ar->left, ar->left + q->w + em / 2, ar->bottom - q->h - em / 2, ar->bottom};
    return (bl__keepout){ar->bottom - q->h - em / 2, ar->bottom, ar->right - q->w - em, ar->right};
}

/* Puts the block on the current page in the far corner of ar: bottom
 * right under rows, bottom left beside columns. */
static bl_status qr_place(bl__builder *b, const bl__qrblock *q, bl_dir dir, const bl__area *ar)
{
    int32_t x = dir == BL_DIR_V ? ar->left : ar->right - q->w, y = ar->bottom - q->h;
    int32_t cpos = y + q->side + q->gap;
    bl_pbox *bx = bl__add_pbox(b);
    if (!bx)
        return BL_ERR_NOMEM;
    *bx = (bl_pbox){x + (q->w - q->side) / 128 * 64, y, q->side, q->side, BL_BOX_QR, q->n, q->module,
                    b->doc->qr_cells, b->doc->qr_text, NULL};
    return bl__emit_block(b, BL_DIR_H, q->caption, BL_STYLE_BYLINE, BL_PARA_CAPTION, &cpos, x, q->w, 140);
}

bl_status bl__qr_pages(bl__builder *b, const bl__qrblock *q, bl_dir dir, int32_t pos, const bl__area *page1,
                       int32_t head, bool kept)
{
    bl__area next = *page1;
    size_t pi, npages = b->doc->npages;
    bl_status st = BL_OK;
    next.top += head;
    if (!b->o->qr_every_page) {
        const bl__area *ar = b->doc->npages == 1 ? page1 : &next;
        bool room = kept || (dir == BL_DIR_V ? pos >= ar->left + q->w : pos <= ar->bottom - q->h);
        if (!room)
            st = bl__new_page(b);
        return st ? st : qr_place(b, q, dir, b->doc->npages == 1 ? page1 : &next);
    }
    for (pi = 0; !st && pi < npages; pi++) {
        bl__reopen_page(b, pi);
        st = qr_place(b, q, dir, pi == 0 ? page1 : &next);
        b->doc->npages = npages;
    }
    return st;
}
