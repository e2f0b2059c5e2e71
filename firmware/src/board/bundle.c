/*
 * bundle.c - see bundle.h.  Owns the bundle format, its signature check
 * and the writing of its articles; the transport is fleet.c's.
 */
#include "board/bundle.h"

#include "core/fs.h"
#include "content/content.h"

#include <cjson/cJSON.h>
#include <sodium.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG "bundle"

typedef struct item {
    char *name; /* as in the bundle, without the prefix */
    char *text;
    size_t len;
} item;

struct bl_bundle {
    int64_t made;
    item *items;
    size_t n;
};

bool bl_bundle_key_decode(const char *b64, unsigned char *out, size_t n)
{
    size_t got = 0;
    const char *end;
    if (!b64 || sodium_init() < 0)
        return false;
    while (*b64 == ' ' || *b64 == '\t' || *b64 == '\n' || *b64 == '\r')
        b64++;
    return sodium_base642bin(out, n, b64, strlen(b64), " \t\r\n", &got, &end, sodium_base64_VARIANT_ORIGINAL) == 0 &&
           got == n && *end == '\0';
}

void bl_bundle_keygen(char *pk, size_t pk_size, char *sk, size_t sk_size)
{
    unsigned char p[crypto_sign_PUBLICKEYBYTES], s[crypto_sign_SECRETKEYBYTES];
    if (sodium_init() < 0)
        abort(); /* no randomness: nothing safe to do */
    crypto_sign_keypair(p, s);
    sodium_bin2base64(pk, pk_size, p, sizeof p, sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(sk, sk_size, s, sizeof s, sodium_base64_VARIANT_ORIGINAL);
    sodium_memzero(s, sizeof s);
}

void bl_bundle_sign(const char *data, size_t len, const unsigned char sk[BL_BUNDLE_SK_BYTES],
                    char sig[BL_BUNDLE_SIG_B64])
{
    unsigned char s[crypto_sign_BYTES];
    if (sodium_init() < 0)
        abort();
    crypto_sign_detached(s, NULL, (const unsigned char *)data, len, sk);
    sodium_bin2base64(sig, BL_BUNDLE_SIG_B64, s, sizeof s, sodium_base64_VARIANT_ORIGINAL);
}

/* A name a bundle may give an article: a plain file name ending in .txt
 * (letters, digits, '.', '_', '-'; not starting with a dot). */
static bool good_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 5 || n > 100 || s[0] == '.' || !bl_has_suffix(s, ".txt", false))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '.' ||
              *s == '_' || *s == '-'))
            return false;
    return true;
}

static bool good_group(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
              *s == '-'))
            return false;
    return true;
}

bl_status bl_bundle_make(const char *group, int64_t made, char *const *paths, size_t n, char **out, bl_err *err)
{
    cJSON *o = cJSON_CreateObject(), *arr;
    bl_status st = BL_OK;
    if (!group || !good_group(group)) {
        cJSON_Delete(o);
        return bl_err_set(err, BL_ERR_USAGE, "group '%s': 1 to 64 letters, digits, '_' or '-'", group ? group : "");
    }
    if (n > BL_BUNDLE_MAX_ARTICLES) {
        cJSON_Delete(o);
        return bl_err_set(err, BL_ERR_TOOBIG, "%zu articles: a bundle holds at most %d", n, BL_BUNDLE_MAX_ARTICLES);
    }
    cJSON_AddNumberToObject(o, "baolan-bundle", 1);
    cJSON_AddStringToObject(o, "group", group);
    cJSON_AddNumberToObject(o, "made", (double)made);
    arr = cJSON_AddArrayToObject(o, "articles");
    for (size_t i = 0; i < n && !st; i++) {
        const char *base = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
        char *text = NULL;
        size_t len = 0;
        bl_article *a = NULL;
        if (!good_name(base)) {
            st = bl_err_set(err, BL_ERR_USAGE, "%s: an article's file name is letters, digits, '.', '_' or '-', "
                                               "ending in .txt", paths[i]);
        } else if (!(st = bl_read_file(paths[i], BL_BUNDLE_MAX_BYTES, &text, &len, err)) &&
                   !(st = bl_article_parse(paths[i], text, len, &a, err))) {
            cJSON *it = cJSON_CreateObject();
            cJSON_AddStringToObject(it, "name", base);
            cJSON_AddStringToObject(it, "text", text);
            cJSON_AddItemToArray(arr, it);
        }
        bl_article_destroy(a);
        free(text);
    }
    if (!st) {
        *out = cJSON_Print(o);
        if (!*out)
            st = bl_err_set(err, BL_ERR_NOMEM, "out of memory");
        else if (strlen(*out) > BL_BUNDLE_MAX_BYTES) {
            free(*out);
            *out = NULL;
            st = bl_err_set(err, BL_ERR_TOOBIG, "the bundle is over %u bytes", BL_BUNDLE_MAX_BYTES);
        }
    }
    cJSON_Delete(o);
    return st;
}

void bl_bundle_destroy(bl_bundle *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++) {
        free(b->items[i].name);
        free(b->items[i].text);
    }
    free(b->items);
    free(b);
}

int64_t bl_bundle_made(const bl_bundle *b) { return b->made; }
size_t bl_bundle_count(const bl_bundle *b) { return b->n; }

/* The format, once the signature holds. */
static bl_status parse(const char *data, size_t len, const char *group, const char *board, bl_bundle *b,
                       bl_err *err)
{
    cJSON *j = cJSON_ParseWithLength(data, len);
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(j, "baolan-bundle");
    const cJSON *grp = cJSON_GetObjectItemCaseSensitive(j, "group");
    const cJSON *made = cJSON_GetObjectItemCaseSensitive(j, "made");
    const cJSON *arts = cJSON_GetObjectItemCaseSensitive(j, "articles"), *it;
    bl_status st = BL_OK;
    if (!cJSON_IsObject(j) || !cJSON_IsNumber(ver) || ver->valuedouble != 1 || !cJSON_IsString(grp) ||
        !cJSON_IsNumber(made) || !cJSON_IsArray(arts))
        st = bl_err_set(err, BL_ERR_PARSE, "not a bundle (baolan-bundle 1, group, made, articles)");
    else if (strcmp(grp->valuestring, group ? group : "") && strcmp(grp->valuestring, board ? board : ""))
        st = bl_err_set(err, BL_ERR_USAGE, "addressed to '%s', not to this board or its group",
                        grp->valuestring);
    else if (cJSON_GetArraySize(arts) > BL_BUNDLE_MAX_ARTICLES)
        st = bl_err_set(err, BL_ERR_TOOBIG, "more than %d articles", BL_BUNDLE_MAX_ARTICLES);
    else if (!(b->items = calloc((size_t)cJSON_GetArraySize(arts) + 1, sizeof *b->items)))
        st = bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    if (st) {
        cJSON_Delete(j);
        return st;
    }
    b->made = (int64_t)made->valuedouble;
    cJSON_ArrayForEach(it, arts)
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(it, "text");
        bl_article *a = NULL;
        bl_err aerr;
        if (!cJSON_IsString(name) || !good_name(name->valuestring) || !cJSON_IsString(text)) {
            st = bl_err_set(err, BL_ERR_PARSE, "an article without a good name (NAME.txt) or text");
            break;
        }
        for (size_t k = 0; k < b->n; k++)
            if (!strcmp(b->items[k].name, name->valuestring))
                st = bl_err_set(err, BL_ERR_PARSE, "%s: listed twice", name->valuestring);
        if (st)
            break;
        if (bl_article_parse(name->valuestring, text->valuestring, strlen(text->valuestring), &a, &aerr)) {
            st = bl_err_set(err, BL_ERR_PARSE, "%s", aerr.msg);
            break;
        }
        bl_article_destroy(a);
        b->items[b->n].name = bl_strdup(name->valuestring);
        b->items[b->n].text = bl_strdup(text->valuestring);
        b->items[b->n].len = strlen(text->valuestring);
        if (!b->items[b->n].name || !b->items[b->n].text) {
            b->n++;
            st = bl_err_set(err, BL_ERR_NOMEM, "out of memory");
            break;
        }
        b->n++;
    }
    cJSON_Delete(j);
    return st;
}

bl_status bl_bundle_open(const char *data, size_t len, const char *sig, const unsigned char pk[BL_BUNDLE_PK_BYTES],
                         const char *group, const char *board, bl_bundle **out, bl_err *err)
{
    unsigned char s[crypto_sign_BYTES];
    bl_bundle *b;
    bl_status st;
    *out = NULL;
    if (len > BL_BUNDLE_MAX_BYTES)
        return bl_err_set(err, BL_ERR_TOOBIG, "over %u bytes", BL_BUNDLE_MAX_BYTES);
    if (!sig || !*sig)
        return bl_err_set(err, BL_ERR_USAGE, "unsigned");
    if (!bl_bundle_key_decode(sig, s, sizeof s))
        return bl_err_set(err, BL_ERR_PARSE, "the signature is not 64 bytes of base64");
    if (crypto_sign_verify_detached(s, (const unsigned char *)data, len, pk) != 0)
        return bl_err_set(err, BL_ERR_USAGE, "the signature does not match (altered, or not signed with the district's key)");
    if (!(b = calloc(1, sizeof *b)))
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    if ((st = parse(data, len, group, board, b, err))) {
        bl_bundle_destroy(b);
        return st;
    }
    *out = b;
    return BL_OK;
}

static bool is_ours(const char *name, void *user)
{
    (void)user;
    return !strncmp(name, BL_BUNDLE_PREFIX, strlen(BL_BUNDLE_PREFIX)) && bl_has_suffix(name, ".txt", false);
}

bl_status bl_bundle_apply(const bl_bundle *b, const char *dir, size_t *changed, bl_err *err)
{
    char **old = NULL, file[160], path[2048];
    size_t nold = 0, done = 0;
    bl_status st;
    for (size_t i = 0; i < b->n; i++) {
        char *have = NULL;
        size_t hlen = 0;
        snprintf(file, sizeof file, "%s%s", BL_BUNDLE_PREFIX, b->items[i].name);
        snprintf(path, sizeof path, "%s/%s", dir, file);
        bool same = !bl_read_file(path, BL_BUNDLE_MAX_BYTES, &have, &hlen, NULL) && hlen == b->items[i].len &&
                    !memcmp(have, b->items[i].text, hlen);
        free(have);
        if (same)
            continue;
        if ((st = bl_write_atomic(dir, file, b->items[i].text, b->items[i].len, 0644, NULL, err)))
            return st;
        done++;
    }
    /* the bundle is the group's whole content: what it no longer lists goes */
    if ((st = bl_dir_list(dir, is_ours, NULL, &old, &nold, err)))
        return st;
    for (size_t k = 0; k < nold; k++) {
        const char *base = strrchr(old[k], '/') + 1 + strlen(BL_BUNDLE_PREFIX);
        bool listed = false;
        for (size_t i = 0; i < b->n && !listed; i++)
            listed = !strcmp(b->items[i].name, base);
        if (listed)
            continue;
        if (unlink(old[k]) && errno != ENOENT)
            BL_LOGW(TAG, "%s: cannot remove: %s", old[k], strerror(errno));
        else
            done++;
    }
    bl_strv_free(old, nold);
    if (changed)
        *changed = done;
    return BL_OK;
}
