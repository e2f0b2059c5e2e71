/*
 * tls.h - the web page's certificate: the one given in the configuration,
 * or one made at first start and kept (a self-signed ECDSA P-256
 * certificate for this machine's name, ten years, GnuTLS).  A phone's
 * browser warns once about a self-signed certificate; the password and
 * the session cookie still never cross the network in the clear.
 * Depends on base and fs (and GnuTLS).
 */
#ifndef BL_ADMIN_TLS_H
#define BL_ADMIN_TLS_H

#include "core/base.h"

/* Reads the PEM key and certificate from key_path and cert_path; when
 * neither exists, makes them first (the key mode 0600).  *key and *cert
 * are the caller's (free).  Errors name the file and the reason; one of
 * the two missing is an error, not a reason to replace the other. */
bl_status bl_tls_load_or_make(const char *key_path, const char *cert_path, char **key, char **cert, bl_err *err);

#endif
