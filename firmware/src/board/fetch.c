/*
 * fetch.c - one bounded HTTP(S) GET (fetch.h).
 */
#include "board/fetch.h"

#include <curl/curl.h>

#include <stdbool.h>

#include <stdlib.h>
#include <string.h>

typedef struct body {
    char *p;
    size_t len, max;
    bool over;
} body;

static size_t on_body(char *p, size_t size, size_t n, void *user)
{
    body *b = user;
    size_t add = size * n;
    if (b->len + add > b->max) {
        b->over = true;
        return 0; /* stops the transfer */
    }
    char *np = realloc(b->p, b->len + add + 1);
    if (!np)
        return 0;
    b->p = np;
    memcpy(b->p + b->len, p, add);
    b->len += add;
    b->p[b->len] = '\0';
    return add;
}

void bl_fetch_setup(void *curl, const char *url)
{
    CURL *c = curl;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_USERAGENT, "baolan (community news board)");
}

bl_status bl_fetch_url(const char *url, size_t max_bytes, char **out, size_t *len, bl_err *err)
{
    body b = {NULL, 0, max_bytes, false};
    long code = 0;
    *out = NULL;
    *len = 0;
    CURL *c = curl_easy_init();
    if (!c)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: cannot start a transfer", url);
    bl_fetch_setup(c, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(c);
    bl_status st = BL_OK;
    if (b.over)
        st = bl_err_set(err, BL_ERR_TOOBIG, "%s: more than %zu bytes", url, max_bytes);
    else if (rc != CURLE_OK)
        st = bl_err_set(err, BL_ERR_IO, "%s: %s", url, curl_easy_strerror(rc));
    else if (code != 200)
        st = bl_err_set(err, BL_ERR_IO, "%s: the server answered %ld", url, code);
    if (st) {
        free(b.p);
        return st;
    }
    *out = b.p ? b.p : calloc(1, 1);
    *len = b.len;
    return *out ? BL_OK : bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", url);
}
