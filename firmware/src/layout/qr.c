/*
 * qr.c - an article link's QR code as a module matrix (libqrencode).
 * Depends on base and libqrencode.
 */
#include "layout/qr.h"

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
