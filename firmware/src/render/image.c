/*
 * image.c - PNG writing with reproducible bytes and PNG reading into
 * ARGB8888 surfaces.  Depends on base, SDL2 (surfaces only; SDL_Init is
 * not needed) and libpng 1.6.
 *
 * libpng reports errors by longjmp.  Each setjmp lives in a small helper
 * (write_body, read_body) whose locals are dead once it has returned, and
 * everything that must survive a longjmp (the surface, the row table) is
 * kept in a struct owned by the caller, so nothing needs to be volatile
 * and no jump ever leaves this file.
 */
#include "render/image.h"

#include <png.h>
#include <zlib.h>

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG "png"

/* ---- libpng plumbing ---------------------------------------------------- */

/* What libpng's callbacks need: the path for messages, and a place to
 * leave the error text before jumping. */
typedef struct err_ctx {
    const char *path;
    char msg[200];      /* libpng's last error message */
    int errno_at_error; /* errno when the error was raised: names I/O faults */
} err_ctx;

_Noreturn static void on_png_error(png_structp png, png_const_charp msg)
{
    err_ctx *ctx = png_get_error_ptr(png);
    ctx->errno_at_error = errno;
    snprintf(ctx->msg, sizeof ctx->msg, "%s", msg ? msg : "libpng error");
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
    err_ctx *ctx = png_get_error_ptr(png);
    BL_LOGD(TAG, "%s: %s", ctx->path, msg);
}

SDL_Surface *bl_image_argb(SDL_Surface *s, SDL_Surface **conv)
{
    *conv = NULL;
    if (s->format->format == SDL_PIXELFORMAT_ARGB8888 && !SDL_MUSTLOCK(s))
        return s;
    *conv = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    return *conv;
}

/* ---- Writing ------------------------------------------------------------ */

/* Encodes s (ARGB8888, unlocked) through png into the open file.  row
 * holds 3 * s->w bytes.  Returns false after a libpng error, whose text is
 * in the error context.  Only this function calls setjmp for writing. */
static bool write_body(png_structp png, png_infop info, FILE *f, const SDL_Surface *s,
                       png_bytep row)
{
    if (setjmp(png_jmpbuf(png)))
        return false;

    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)s->w, (png_uint_32)s->h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    /* Every encoder knob is pinned rather than left to defaults, so the
     * bytes cannot change with a libpng default.  The adaptive filter
     * choice is itself deterministic (smallest sum of residuals). */
    png_set_compression_level(png, 6);
    png_set_compression_mem_level(png, 8);
    png_set_compression_window_bits(png, 15);
    png_set_compression_strategy(png, Z_FILTERED);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_ALL_FILTERS);
    /* No tIME, tEXt or gAMA chunk is ever set: nothing but the pixels. */
    png_write_info(png, info);

    for (int y = 0; y < s->h; y++) {
        for (int x = 0; x < s->w; x++) {
            Uint32 p = bl_image_pixel(s, x, y);
            row[3 * x + 0] = (png_byte)(p >> 16);
            row[3 * x + 1] = (png_byte)(p >> 8);
            row[3 * x + 2] = (png_byte)p;
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    return true;
}

bl_status bl_png_write(const char *path, SDL_Surface *s, bl_err *err)
{
    err_ctx ctx = {.path = path};
    SDL_Surface *conv = NULL;
    const SDL_Surface *src;
    png_structp png = NULL;
    png_infop info = NULL;
    png_bytep row = NULL;
    char *tmp = NULL;
    FILE *f = NULL;
    bl_status st = BL_OK;
    size_t plen;

    if (!path || !s)
        return bl_err_set(err, BL_ERR_USAGE, "bl_png_write: %s is NULL", path ? "surface" : "path");
    if (s->w <= 0 || s->h <= 0)
        return bl_err_set(err, BL_ERR_USAGE, "%s: cannot write an empty %dx%d surface", path, s->w,
                          s->h);

    src = bl_image_argb(s, &conv);
    if (!src)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: cannot convert the surface to ARGB8888: %s",
                          path, SDL_GetError());

    plen = strlen(path);
    tmp = malloc(plen + sizeof ".tmp");
    row = malloc((size_t)src->w * 3);
    if (!tmp || !row) {
        st = bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", path);
        goto out;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp", sizeof ".tmp");

    f = fopen(tmp, "wb");
    if (!f) {
        st = bl_err_set(err, BL_ERR_IO, "%s: cannot create %s: %s", path, tmp, strerror(errno));
        goto out;
    }
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, on_png_error, on_png_warning);
    if (png)
        info = png_create_info_struct(png);
    if (!png || !info) {
        st = bl_err_set(err, BL_ERR_NOMEM, "%s: cannot set up libpng", path);
        goto out;
    }

    errno = 0;
    if (!write_body(png, info, f, src, row)) {
        /* libpng's own I/O reports only "Write Error"; errno says which. */
        if (ctx.errno_at_error)
            st = bl_err_set(err, BL_ERR_IO, "%s: cannot write: %s (%s)", path, ctx.msg,
                            strerror(ctx.errno_at_error));
        else
            st = bl_err_set(err, BL_ERR_IO, "%s: cannot write: %s", path, ctx.msg);
        goto out;
    }
    if (fflush(f) != 0 || ferror(f)) {
        st = bl_err_set(err, BL_ERR_IO, "%s: cannot write: %s", path,
                        strerror(errno ? errno : EIO));
        goto out;
    }
    {
        FILE *closing = f;
        f = NULL;
        if (fclose(closing) != 0) {
            st = bl_err_set(err, BL_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
            goto out;
        }
    }
    /* rename() replaces path in one step: readers see the old file or the
     * whole new one.  (No fsync: this guards readers, not power cuts.) */
    if (rename(tmp, path) != 0) {
        st = bl_err_set(err, BL_ERR_IO, "%s: cannot rename %s into place: %s", path, tmp,
                        strerror(errno));
        goto out;
    }

out:
    if (png)
        png_destroy_write_struct(&png, info ? &info : NULL);
    if (f)
        fclose(f);
    if (st != BL_OK && tmp)
        remove(tmp);
    free(tmp);
    free(row);
    SDL_FreeSurface(conv);
    return st;
}

/* ---- Reading ------------------------------------------------------------ */

/* What read_body builds; lives in the caller so it survives a longjmp. */
typedef struct read_job {
    err_ctx ctx;
    SDL_Surface *surf; /* the result, ours until handed out */
    png_bytep *rows;   /* row pointers into surf */
} read_job;

/* Decodes the rest of the file (the signature was already read) into
 * job->surf.  Only this function calls setjmp for reading. */
static bl_status read_body(png_structp png, png_infop info, FILE *f, read_job *job, bl_err *err)
{
    png_uint_32 w, h;
    SDL_Surface *s;

    if (setjmp(png_jmpbuf(png)))
        return bl_err_set(err, BL_ERR_PARSE, "%s: bad PNG: %s", job->ctx.path, job->ctx.msg);

    png_init_io(png, f);
    png_set_sig_bytes(png, 8);
    png_read_info(png, info);
    w = png_get_image_width(png, info);
    h = png_get_image_height(png, info);
    if (w > BL_PNG_MAX_SIDE || h > BL_PNG_MAX_SIDE)
        return bl_err_set(err, BL_ERR_TOOBIG, "%s: %lux%lu pixels, more than %d on a side",
                          job->ctx.path, (unsigned long)w, (unsigned long)h, BL_PNG_MAX_SIDE);

    /* Whatever the file holds, ask libpng for 8-bit R, G, B, A bytes:
     * palette and low-depth grey expand, tRNS becomes alpha, 16-bit
     * samples are rounded (scale, not truncate), grey is copied to RGB and
     * opaque images get alpha 255.  Gamma is deliberately not applied. */
    png_set_expand(png);
    png_set_scale_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_bit_depth(png, info) != 8 || png_get_channels(png, info) != 4 ||
        png_get_rowbytes(png, info) != (size_t)w * 4)
        return bl_err_set(err, BL_ERR_PARSE, "%s: unexpected layout after conversion",
                          job->ctx.path);

    job->surf = SDL_CreateRGBSurfaceWithFormat(0, (int)w, (int)h, 32, SDL_PIXELFORMAT_ARGB8888);
    job->rows = malloc((size_t)h * sizeof *job->rows);
    if (!job->surf || !job->rows)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: no memory for %lux%lu pixels", job->ctx.path,
                          (unsigned long)w, (unsigned long)h);
    s = job->surf;
    for (png_uint_32 y = 0; y < h; y++)
        job->rows[y] = (png_bytep)s->pixels + (size_t)y * (size_t)s->pitch;
    png_read_image(png, job->rows);
    /* Reads the chunks after the image too, so a file cut short after its
     * pixel data still fails. */
    png_read_end(png, NULL);

    /* R, G, B, A bytes -> native ARGB8888 words, in place; byte order
     * independent, unlike asking libpng for BGRA. */
    for (png_uint_32 y = 0; y < h; y++) {
        uint8_t *p = job->rows[y];
        for (png_uint_32 x = 0; x < w; x++, p += 4) {
            Uint32 v = (Uint32)p[3] << 24 | (Uint32)p[0] << 16 | (Uint32)p[1] << 8 | p[2];
            memcpy(p, &v, sizeof v);
        }
    }
    return BL_OK;
}

bl_status bl_png_read(const char *path, SDL_Surface **out, bl_err *err)
{
    read_job job = {.ctx = {.path = path}};
    png_structp png = NULL;
    png_infop info = NULL;
    unsigned char sig[8];
    bl_status st;
    size_t got;
    FILE *f;

    if (!out)
        return bl_err_set(err, BL_ERR_USAGE, "bl_png_read: out is NULL");
    *out = NULL;
    if (!path)
        return bl_err_set(err, BL_ERR_USAGE, "bl_png_read: path is NULL");

    f = fopen(path, "rb");
    if (!f)
        return bl_err_set(err, errno == ENOENT ? BL_ERR_NOTFOUND : BL_ERR_IO, "%s: %s", path,
                          strerror(errno));
    got = fread(sig, 1, sizeof sig, f);
    if (got != sizeof sig && ferror(f)) {
        st = bl_err_set(err, BL_ERR_IO, "%s: %s", path, strerror(errno ? errno : EIO));
        goto out;
    }
    if (got != sizeof sig || png_sig_cmp(sig, 0, sizeof sig) != 0) {
        st = bl_err_set(err, BL_ERR_PARSE, "%s: not a PNG file", path);
        goto out;
    }

    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &job.ctx, on_png_error, on_png_warning);
    if (png)
        info = png_create_info_struct(png);
    if (!png || !info) {
        st = bl_err_set(err, BL_ERR_NOMEM, "%s: cannot set up libpng", path);
        goto out;
    }
    st = read_body(png, info, f, &job, err);
    if (st == BL_OK) {
        *out = job.surf;
        job.surf = NULL;
    }

out:
    if (png)
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
    free(job.rows);
    SDL_FreeSurface(job.surf);
    fclose(f);
    return st;
}
