/*
 * tls.c - the web page's certificate (tls.h), made with GnuTLS.
 */
#include "admin/tls.h"

#include "core/fs.h"

#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TAG "admin"

static bl_status write_pem(const char *path, const gnutls_datum_t *d, unsigned mode, bl_err *err)
{
    char *dd = bl_strdup(path), *bb = bl_strdup(path);
    bl_status st = dd && bb ? bl_write_atomic(dirname(dd), basename(bb), (const char *)d->data, d->size, mode, NULL, err)
                            : bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", path);
    free(dd);
    free(bb);
    return st;
}

static bl_status make(const char *key_path, const char *cert_path, bl_err *err)
{
    gnutls_x509_privkey_t key = NULL;
    gnutls_x509_crt_t crt = NULL;
    gnutls_datum_t kd = {0}, cd = {0};
    bl_status st = BL_OK;
    int rc;
    unsigned char serial[16];
    char host[256] = "baolan";
    time_t now = time(NULL);

    if ((rc = gnutls_x509_privkey_init(&key)) < 0 ||
        (rc = gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0)) < 0 ||
        (rc = gnutls_x509_crt_init(&crt)) < 0)
        goto fail;
    gethostname(host, sizeof host - 1);
    if ((rc = gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial)) < 0)
        goto fail;
    serial[0] &= 0x7F; /* a positive serial number */
    if ((rc = gnutls_x509_crt_set_version(crt, 3)) < 0 || (rc = gnutls_x509_crt_set_serial(crt, serial, sizeof serial)) < 0 ||
        (rc = gnutls_x509_crt_set_activation_time(crt, now - 86400)) < 0 ||
        (rc = gnutls_x509_crt_set_expiration_time(crt, now + 10L * 365 * 86400)) < 0 ||
        (rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, host, (unsigned)strlen(host))) < 0 ||
        (rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_ORGANIZATION_NAME, 0, "baolan", 6)) < 0 ||
        (rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, host, (unsigned)strlen(host), GNUTLS_FSAN_SET)) < 0 ||
        (rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, "localhost", 9, GNUTLS_FSAN_APPEND)) < 0 ||
        (rc = gnutls_x509_crt_set_key(crt, key)) < 0 || (rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1)) < 0 ||
        (rc = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE)) < 0 ||
        (rc = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
        (rc = gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0)) < 0 ||
        (rc = gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &kd)) < 0 ||
        (rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &cd)) < 0)
        goto fail;
    /* the key first: a certificate without its key is never left alone */
    st = write_pem(key_path, &kd, 0600, err);
    if (st == BL_OK)
        st = write_pem(cert_path, &cd, 0644, err);
    if (st == BL_OK)
        BL_LOGI(TAG, "made a self-signed certificate for %s: %s", host, cert_path);
    goto out;
fail:
    st = bl_err_set(err, BL_ERR_IO, "making a certificate: %s", gnutls_strerror(rc));
out:
    gnutls_free(kd.data);
    gnutls_free(cd.data);
    gnutls_x509_crt_deinit(crt);
    gnutls_x509_privkey_deinit(key);
    return st;
}

bl_status bl_tls_load_or_make(const char *key_path, const char *cert_path, char **key, char **cert, bl_err *err)
{
    struct stat sb;
    bool have_key = stat(key_path, &sb) == 0, have_cert = stat(cert_path, &sb) == 0;
    *key = *cert = NULL;
    if (have_key != have_cert)
        return bl_err_set(err, BL_ERR_NOTFOUND, "%s: missing beside %s (both or neither, to make a new pair)",
                          have_key ? cert_path : key_path, have_key ? key_path : cert_path);
    if (!have_key) {
        bl_status st = make(key_path, cert_path, err);
        if (st != BL_OK)
            return st;
    }
    size_t n;
    bl_status st = bl_read_file(key_path, 65536, key, &n, err);
    if (st == BL_OK)
        st = bl_read_file(cert_path, 65536, cert, &n, err);
    if (st != BL_OK) {
        free(*key);
        free(*cert);
        *key = *cert = NULL;
    }
    return st;
}
