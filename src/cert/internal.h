/* SPDX-License-Identifier: BSD-3-Clause */
/* cert/internal.h: what the files of the cert module share and nobody else
 * sees: building a struct cert, and reading names from an OpenSSL X509. */
#ifndef ZONELINT_CERT_INTERNAL_H
#define ZONELINT_CERT_INTERNAL_H

#include <openssl/x509.h>

#include "cert/cert.h"

/* An empty certificate (no names) from source; the caller owns it. */
struct cert *cert_new(const char *source);
/* Appends a lower-cased copy of the first len bytes of name. */
void cert_add_name(struct cert *c, const char *name, size_t len);
/* The names a client would check in x (SAN dNSNames, else the subject CN,
 * from_cn set), as a new certificate from source; the caller owns it. */
struct cert *cert_from_x509(X509 *x, const char *source);
/* The reason of OpenSSL's latest error, for messages ("unknown error" when
 * it gave none). */
const char *cert_openssl_reason(void);

#endif
