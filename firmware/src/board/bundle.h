/*
 * bundle.h - the district's signed content bundles: articles an office
 * sends to a group of boards (board/fleet.h carries them over MQTT).
 *
 * A bundle is one JSON file (UTF-8):
 *
 *   {"baolan-bundle": 1, "group": "fengtai", "made": 1764460000,
 *    "articles": [{"name": "notice.txt", "text": "title: ...\n\n..."}]}
 *
 * signed with Ed25519 (libsodium): the signature is detached, 64 bytes
 * over the file's exact bytes, written in base64.  Keys are base64 too:
 * the public key (32 bytes) in each board's [fleet] key, the secret key
 * (64 bytes, libsodium's form) in the office's file.  A board takes a
 * bundle only when the signature holds for its key, the bundle names its
 * group (or the board itself), every article parses, and it is not older
 * than the last one taken; then its articles replace the content folder's
 * files named fleet-*.txt (written atomically).  Nothing is written
 * before all of that is checked.  Depends on base, fs, content (and
 * libsodium, cJSON).
 */
#ifndef BL_BUNDLE_H
#define BL_BUNDLE_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BL_BUNDLE_MAX_BYTES (4u << 20)
#define BL_BUNDLE_MAX_ARTICLES 200
#define BL_BUNDLE_PREFIX "fleet-" /* the content folder's files a bundle owns */
#define BL_BUNDLE_PK_BYTES 32
#define BL_BUNDLE_SK_BYTES 64
#define BL_BUNDLE_SIG_B64 89 /* base64 of 64 bytes, with its NUL */

typedef struct bl_bundle bl_bundle;

/* Decodes base64 (surrounding white space ignored) that must be exactly n
 * bytes into out. */
bool bl_bundle_key_decode(const char *b64, unsigned char *out, size_t n);

/* Makes a key pair, written in base64 into pk (>= 45 bytes) and sk
 * (>= 89 bytes). */
void bl_bundle_keygen(char *pk, size_t pk_size, char *sk, size_t sk_size);

/* Signs len bytes of data with sk: the base64 signature into sig
 * (BL_BUNDLE_SIG_B64 bytes). */
void bl_bundle_sign(const char *data, size_t len, const unsigned char sk[BL_BUNDLE_SK_BYTES],
                    char sig[BL_BUNDLE_SIG_B64]);

/* Makes a bundle's text for group from n article files (each read, parsed
 * to check it, and named by its file name), made at the time made.  *out
 * (NUL terminated) is the caller's.  Errors name the file and why. */
bl_status bl_bundle_make(const char *group, int64_t made, char *const *paths, size_t n, char **out,
                         bl_err *err);

/* Checks a bundle as a board does: sig (base64; NULL or "" is unsigned)
 * over data against pk, then the format, then that it is addressed to
 * group or board and that every article parses.  *out is the caller's.
 * Errors say why, for the log. */
bl_status bl_bundle_open(const char *data, size_t len, const char *sig, const unsigned char pk[BL_BUNDLE_PK_BYTES],
                         const char *group, const char *board, bl_bundle **out, bl_err *err);

int64_t bl_bundle_made(const bl_bundle *b);
size_t bl_bundle_count(const bl_bundle *b);

/* Writes the bundle's articles into dir as fleet-NAME (a file already
 * holding the same text is left alone) and removes the fleet-*.txt files
 * it does not list.  Returns the number of files written or removed in
 * *changed (may be NULL). */
bl_status bl_bundle_apply(const bl_bundle *b, const char *dir, size_t *changed, bl_err *err);

void bl_bundle_destroy(bl_bundle *b);

#endif
