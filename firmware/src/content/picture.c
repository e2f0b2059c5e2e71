/*
 * picture.c - picture files decoded (SDL2_image), turned upright (libexif)
 * and scaled (our own integer filter).
 *
 * Why the size sniffing below: SDL2_image decodes a whole file into one
 * surface, so a small file that declares a huge picture would allocate
 * gigabytes on a board with 1 GB.  Reading the width and height from the
 * PNG IHDR, the JPEG SOF or the WebP header first is a few lines and lets
 * us refuse such a file by name before decoding.  The same headers tell
 * which of the three formats a file is, and only those three are decoded.
 *
 * Why our own scaler: SDL's SDL_BlitScaled is nearest-neighbour (or a
 * linear filter whose rounding is not specified across versions and
 * SIMD paths); the board's frames must be the same bytes everywhere.
 */
#include "content/picture.h"

#include <SDL.h>
#include <SDL_image.h>
#include <libexif/exif-data.h>

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define TAG "picture"

typedef enum { FMT_UNKNOWN, FMT_PNG, FMT_JPEG, FMT_WEBP } pic_format;

static const char *const fmt_names[] = {"unknown", "PNG", "JPEG", "WebP"};

static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const uint8_t *p) { return be16(p) << 16 | be16(p + 2); }
static uint32_t le16(const uint8_t *p) { return (uint32_t)p[1] << 8 | p[0]; }
static uint32_t le24(const uint8_t *p) { return (uint32_t)p[2] << 16 | le16(p); }

/* The format and declared size of d[0..n); FMT_UNKNOWN, or a known format
 * with *w = *h = 0 when its header is cut short. */
static pic_format sniff(const uint8_t *d, size_t n, long *w, long *h)
{
    *w = *h = 0;
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
        if (n >= 24 && memcmp(d + 12, "IHDR", 4) == 0) {
            *w = (long)be32(d + 16);
            *h = (long)be32(d + 20);
        }
        return FMT_PNG;
    }
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
        /* Walk the marker segments to the first start-of-frame. */
        size_t i = 2;
        while (i + 4 <= n && d[i] == 0xFF) {
            uint8_t m = d[i + 1];
            if (m == 0xFF) { /* fill byte */
                i++;
                continue;
            }
            size_t seg = be16(d + i + 2);
            bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
            if (sof && i + 9 <= n) {
                *h = (long)be16(d + i + 5);
                *w = (long)be16(d + i + 7);
                break;
            }
            if (m == 0xD9 || m == 0xDA || seg < 2)
                break;
            i += 2 + seg;
        }
        return FMT_JPEG;
    }
    if (n >= 16 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) {
        if (n >= 30 && memcmp(d + 12, "VP8X", 4) == 0) {
            *w = (long)le24(d + 24) + 1;
            *h = (long)le24(d + 27) + 1;
        } else if (n >= 30 && memcmp(d + 12, "VP8 ", 4) == 0) {
            *w = (long)(le16(d + 26) & 0x3FFF);
            *h = (long)(le16(d + 28) & 0x3FFF);
        } else if (n >= 25 && memcmp(d + 12, "VP8L", 4) == 0) {
            uint32_t b = (uint32_t)d[21] | (uint32_t)d[22] << 8 | (uint32_t)d[23] << 16 | (uint32_t)d[24] << 24;
            *w = (long)(b & 0x3FFF) + 1;
            *h = (long)((b >> 14) & 0x3FFF) + 1;
        }
        return FMT_WEBP;
    }
    return FMT_UNKNOWN;
}

/* The EXIF orientation (1..8) of JPEG data, 1 when there is none. */
static int exif_orientation(const uint8_t *d, size_t n)
{
    if (n > UINT_MAX)
        return 1;
    ExifData *ed = exif_data_new_from_data(d, (unsigned int)n);
    if (!ed)
        return 1;
    int o = 1;
    ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->size >= 2)
        o = exif_get_short(e->data, exif_data_get_byte_order(ed));
    exif_data_unref(ed);
    return o >= 1 && o <= 8 ? o : 1;
}

static bl_status picture_new(int w, int h, bl_picture **out, bl_err *err)
{
    bl_picture *p = calloc(1, sizeof *p);
    if (p)
        p->px = malloc((size_t)w * (size_t)h * sizeof *p->px);
    if (!p || !p->px) {
        bl_picture_destroy(p);
        return bl_err_set(err, BL_ERR_NOMEM, "picture of %d x %d: out of memory", w, h);
    }
    p->w = w;
    p->h = h;
    *out = p;
    return BL_OK;
}

/* The picture src turned by EXIF orientation o (2..8) into a new one.
 * Orientation o says where the stored rows belong: for each pixel of the
 * upright result, which stored pixel it is. */
static bl_status orient(const bl_picture *src, int o, bl_picture **out, bl_err *err)
{
    bool swap = o >= 5;
    int w = swap ? src->h : src->w, h = swap ? src->w : src->h;
    bl_status st = picture_new(w, h, out, err);
    if (st != BL_OK)
        return st;
    uint32_t *dst = (*out)->px;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int sx, sy;
            switch (o) {
            case 2: sx = src->w - 1 - x; sy = y; break;                       /* mirrored */
            case 3: sx = src->w - 1 - x; sy = src->h - 1 - y; break;          /* 180 */
            case 4: sx = x; sy = src->h - 1 - y; break;                       /* flipped */
            case 5: sx = y; sy = x; break;                                    /* transposed */
            case 6: sx = y; sy = src->h - 1 - x; break;                       /* 90 clockwise */
            case 7: sx = src->w - 1 - y; sy = src->h - 1 - x; break;          /* transversed */
            case 8: sx = src->w - 1 - y; sy = x; break;                       /* 90 counter-clockwise */
            default: sx = x; sy = y; break;
            }
            dst[(size_t)y * (size_t)w + (size_t)x] = src->px[(size_t)sy * (size_t)src->w + (size_t)sx];
        }
    }
    return BL_OK;
}

bl_status bl_picture_decode(const char *name, const void *data, size_t len, bl_picture **out, bl_err *err)
{
    *out = NULL;
    long dw, dh;
    pic_format fmt = sniff(data, len, &dw, &dh);
    if (fmt == FMT_UNKNOWN)
        return bl_err_set(err, BL_ERR_PARSE, "%s: not a JPEG, PNG or WebP picture", name);
    if (dw <= 0 || dh <= 0)
        return bl_err_set(err, BL_ERR_PARSE, "%s: %s header is cut short or gives no size", name,
                          fmt_names[fmt]);
    if (dw > BL_PICTURE_MAX_PIXELS / dh)
        return bl_err_set(err, BL_ERR_TOOBIG, "%s: %s picture of %ld x %ld pixels is over the limit of %ld",
                          name, fmt_names[fmt], dw, dh, (long)BL_PICTURE_MAX_PIXELS);
    if (len > INT_MAX)
        return bl_err_set(err, BL_ERR_TOOBIG, "%s: file too large", name);

    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    SDL_Surface *s = rw ? IMG_Load_RW(rw, 1) : NULL;
    if (!s)
        return bl_err_set(err, BL_ERR_PARSE, "%s: cannot decode the %s picture: %s", name, fmt_names[fmt],
                          IMG_GetError());
    SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(s);
    if (!c)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: cannot convert the picture: %s", name, SDL_GetError());

    bl_picture *p = NULL;
    bl_status st = picture_new(c->w, c->h, &p, err);
    if (st == BL_OK) {
        for (int y = 0; y < c->h; y++) {
            const uint32_t *row = (const uint32_t *)((const uint8_t *)c->pixels + (size_t)y * (size_t)c->pitch);
            uint32_t *d = p->px + (size_t)y * (size_t)c->w;
            for (int x = 0; x < c->w; x++) {
                uint32_t v = row[x], a = v >> 24;
                if (a == 255) {
                    d[x] = v;
                    continue;
                }
                /* premultiply, rounding: (c * a + 127) / 255 */
                uint32_t r = ((v >> 16 & 255) * a + 127) / 255, g = ((v >> 8 & 255) * a + 127) / 255,
                         b = ((v & 255) * a + 127) / 255;
                d[x] = a << 24 | r << 16 | g << 8 | b;
            }
        }
    }
    SDL_FreeSurface(c);
    if (st != BL_OK)
        return st;

    int o = fmt == FMT_JPEG ? exif_orientation(data, len) : 1;
    if (o != 1) {
        bl_picture *u = NULL;
        st = orient(p, o, &u, err);
        bl_picture_destroy(p);
        if (st != BL_OK)
            return st;
        p = u;
        BL_LOGD(TAG, "%s: EXIF orientation %d applied (%d x %d)", name, o, p->w, p->h);
    }
    *out = p;
    return BL_OK;
}

bl_status bl_picture_load(const char *path, size_t max_bytes, bl_picture **out, bl_err *err)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    bl_status st = bl_read_file(path, max_bytes, &data, &len, err);
    if (st != BL_OK)
        return st;
    st = bl_picture_decode(path, data, len, out, err);
    free(data);
    return st;
}

bl_status bl_picture_create(int w, int h, uint32_t argb, bl_picture **out, bl_err *err)
{
    *out = NULL;
    if (w < 1 || h < 1 || w > BL_PICTURE_MAX_PIXELS / h)
        return bl_err_set(err, BL_ERR_RANGE, "picture of %d x %d: bad size", w, h);
    bl_status st = picture_new(w, h, out, err);
    if (st != BL_OK)
        return st;
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
        (*out)->px[i] = argb;
    return BL_OK;
}

/*
 * One axis of the scaler.  Weights are integers that sum to `total` for
 * every output sample:
 * - shrinking (dn <= sn): an area average.  Input sample i covers
 *   [i*dn, (i+1)*dn) and output sample o covers [o*sn, (o+1)*sn) on a
 *   common axis of sn*dn units; the weight is their overlap, total = sn.
 * - growing: linear interpolation between the two input samples around
 *   the output sample's centre, in 1/256 steps, total = 256.
 * Each output sample takes at most `span` inputs from first[o].
 */
typedef struct axis {
    int *first;
    uint32_t *w; /* dn * span weights */
    int span;
    uint32_t total;
} axis;

static void axis_free(axis *a)
{
    free(a->first);
    free(a->w);
}

static bool axis_make(axis *a, int sn, int dn)
{
    memset(a, 0, sizeof *a);
    if (dn <= sn) {
        a->span = sn / dn + 2;
        a->total = (uint32_t)sn;
    } else {
        a->span = 2;
        a->total = 256;
    }
    a->first = calloc((size_t)dn, sizeof *a->first);
    a->w = calloc((size_t)dn * (size_t)a->span, sizeof *a->w);
    if (!a->first || !a->w) {
        axis_free(a);
        return false;
    }
    for (int o = 0; o < dn; o++) {
        uint32_t *wo = a->w + (size_t)o * (size_t)a->span;
        if (dn <= sn) {
            int64_t lo = (int64_t)o * sn, hi = lo + sn;
            int i0 = (int)(lo / dn);
            a->first[o] = i0;
            for (int k = 0; k < a->span && i0 + k < sn; k++) {
                int64_t ilo = (int64_t)(i0 + k) * dn, ihi = ilo + dn;
                int64_t ov = (ihi < hi ? ihi : hi) - (ilo > lo ? ilo : lo);
                wo[k] = ov > 0 ? (uint32_t)ov : 0;
            }
        } else {
            /* centre of o in input units, times 256: ((2o+1) * sn / (2dn) - 1/2) * 256 */
            int64_t c = (((int64_t)(2 * o + 1) * sn * 256) / (2 * (int64_t)dn)) - 128;
            if (c < 0)
                c = 0;
            int i0 = (int)(c / 256);
            uint32_t f = (uint32_t)(c % 256);
            if (i0 >= sn - 1) {
                i0 = sn - 1;
                f = 0;
            }
            a->first[o] = i0;
            wo[0] = 256 - f;
            wo[1] = i0 + 1 < sn ? f : 0;
            if (i0 + 1 >= sn)
                wo[0] = 256;
        }
    }
    return true;
}

bl_status bl_picture_scale(const bl_picture *src, int w, int h, bl_picture **out, bl_err *err)
{
    *out = NULL;
    if (w < 1 || h < 1 || w > BL_PICTURE_MAX_PIXELS / h)
        return bl_err_set(err, BL_ERR_RANGE, "picture scaled to %d x %d: bad size", w, h);
    axis ax, ay;
    if (!axis_make(&ax, src->w, w))
        return bl_err_set(err, BL_ERR_NOMEM, "picture scaler: out of memory");
    if (!axis_make(&ay, src->h, h)) {
        axis_free(&ax);
        return bl_err_set(err, BL_ERR_NOMEM, "picture scaler: out of memory");
    }
    /* Horizontal pass into 4 channels of 8.8 fixed point per pixel (the
     * extra 8 bits keep the rounding of the first pass out of the second). */
    uint16_t *mid = malloc((size_t)w * (size_t)src->h * 4 * sizeof *mid);
    bl_status st = mid ? picture_new(w, h, out, err) : bl_err_set(err, BL_ERR_NOMEM, "picture scaler: out of memory");
    if (st != BL_OK) {
        free(mid);
        axis_free(&ax);
        axis_free(&ay);
        return st;
    }
    for (int y = 0; y < src->h; y++) {
        const uint32_t *row = src->px + (size_t)y * (size_t)src->w;
        uint16_t *m = mid + (size_t)y * (size_t)w * 4;
        for (int x = 0; x < w; x++) {
            uint64_t acc[4] = {0, 0, 0, 0};
            const uint32_t *wx = ax.w + (size_t)x * (size_t)ax.span;
            for (int k = 0; k < ax.span; k++) {
                if (!wx[k])
                    continue;
                uint32_t v = row[ax.first[x] + k];
                for (int c = 0; c < 4; c++)
                    acc[c] += (uint64_t)(v >> (24 - 8 * c) & 255) * wx[k];
            }
            for (int c = 0; c < 4; c++)
                m[x * 4 + c] = (uint16_t)((acc[c] * 256 + ax.total / 2) / ax.total);
        }
    }
    for (int y = 0; y < h; y++) {
        const uint32_t *wy = ay.w + (size_t)y * (size_t)ay.span;
        uint32_t *d = (*out)->px + (size_t)y * (size_t)w;
        for (int x = 0; x < w; x++) {
            uint64_t acc[4] = {0, 0, 0, 0};
            for (int k = 0; k < ay.span; k++) {
                if (!wy[k])
                    continue;
                const uint16_t *m = mid + ((size_t)(ay.first[y] + k) * (size_t)w + (size_t)x) * 4;
                for (int c = 0; c < 4; c++)
                    acc[c] += (uint64_t)m[c] * wy[k];
            }
            uint32_t v = 0;
            for (int c = 0; c < 4; c++) {
                uint64_t q = (acc[c] + (uint64_t)ay.total * 128) / ((uint64_t)ay.total * 256);
                v |= (uint32_t)(q > 255 ? 255 : q) << (24 - 8 * c);
            }
            d[x] = v;
        }
    }
    free(mid);
    axis_free(&ax);
    axis_free(&ay);
    return BL_OK;
}

void bl_picture_fit(int pw, int ph, int box_w, int box_h, int max_up_pct, int *w, int *h)
{
    /* The largest scale s = min(box_w/pw, box_h/ph, max_up/100), kept as a
     * fraction num/den so the result is exact. */
    int64_t num = box_w, den = pw;
    if ((int64_t)box_h * den < num * ph) {
        num = box_h;
        den = ph;
    }
    if (num * 100 > (int64_t)max_up_pct * den) {
        num = max_up_pct;
        den = 100;
    }
    int64_t fw = (int64_t)pw * num / den, fh = (int64_t)ph * num / den;
    *w = fw < 1 ? 1 : (int)fw;
    *h = fh < 1 ? 1 : (int)fh;
}

void bl_picture_destroy(bl_picture *p)
{
    if (!p)
        return;
    free(p->px);
    free(p);
}
