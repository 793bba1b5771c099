/* SPDX-License-Identifier: BSD-3-Clause */
/* cert/pem.c: the names a TLS client checks in a certificate (RFC 9525 6.3:
 * SAN dNSNames; RFC 6125 6.4.4's subject CN only when there is no dNSName),
 * read from an OpenSSL X509 or from a PEM file. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "cert/cert.h"
#include "cert/internal.h"

/* A certificate chain is a few kilobytes, a CA bundle a few hundred. */
#define PEM_FILE_MAX (16u << 20)

/* A name with a NUL inside is a forged or broken certificate ("good.com\0.evil")
 * and covers nothing; so does an empty one. */
static bool usable(const unsigned char *data, int len)
{
	return data != NULL && len > 0 && memchr(data, '\0', (size_t)len) == NULL;
}

/* Returns false when the SAN cannot be read: RFC 5280 4.2 allows one SAN
 * extension, and a certificate with two must not fall back to its CN. */
static bool add_san_dns_names(struct cert *c, X509 *x)
{
	int crit = 0;
	GENERAL_NAMES *sans = X509_get_ext_d2i(x, NID_subject_alt_name, &crit, NULL);
	if (sans == NULL)
		return crit == -1; /* -1: no SAN at all; -2: several; else unparsable */
	for (int i = 0; i < sk_GENERAL_NAME_num(sans); i++) {
		const GENERAL_NAME *gn = sk_GENERAL_NAME_value(sans, i);
		if (gn->type != GEN_DNS)
			continue;
		const unsigned char *data = ASN1_STRING_get0_data(gn->d.dNSName);
		int len = ASN1_STRING_length(gn->d.dNSName);
		if (usable(data, len))
			cert_add_name(c, (const char *)data, (size_t)len);
	}
	GENERAL_NAMES_free(sans);
	return true;
}

/* The most specific (last) CN, as OpenSSL's own host check takes it. */
static void add_subject_cn(struct cert *c, X509 *x)
{
	const X509_NAME *subject = X509_get_subject_name(x);
	if (subject == NULL)
		return;
	int last = -1;
	for (int i = -1; (i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) >= 0;)
		last = i;
	if (last < 0)
		return;
	const ASN1_STRING *cn = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, last));
	unsigned char *utf8 = NULL;
	int len = ASN1_STRING_to_UTF8(&utf8, cn);
	if (len > 0 && usable(utf8, len)) {
		cert_add_name(c, (const char *)utf8, (size_t)len);
		c->from_cn = true;
	}
	OPENSSL_free(utf8);
}

struct cert *cert_from_x509(X509 *x, const char *source)
{
	struct cert *c = cert_new(source);
	/* RFC 6125 6.4.4: the CN counts only when there is no DNS-ID at all;
	 * an IP-address SAN does not stop the fallback (OpenSSL behaves so). */
	if (add_san_dns_names(c, x) && c->name_count == 0)
		add_subject_cn(c, x);
	return c;
}

const char *cert_openssl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *reason = e != 0 ? ERR_reason_error_string(e) : NULL;
	return reason != NULL ? reason : "unknown error";
}

/* The error for a file without a certificate block, saying what the file
 * holds where that can be told: nothing, a key, a request, DER. */
static int not_a_certificate(const char *data, size_t len, const char *path,
			     struct zl_error *err)
{
	if (len == 0)
		return zl_error_set(err, ZL_EPARSE, path, 0, "empty file: no PEM certificate");
	if (strstr(data, "PRIVATE KEY-----") != NULL)
		return zl_error_set(err, ZL_EPARSE, path, 0,
				    "holds a private key but no certificate (no -----BEGIN "
				    "CERTIFICATE----- block)");
	if (strstr(data, "-----BEGIN CERTIFICATE REQUEST-----") != NULL ||
	    strstr(data, "-----BEGIN NEW CERTIFICATE REQUEST-----") != NULL)
		return zl_error_set(err, ZL_EPARSE, path, 0,
				    "holds a certificate request (CSR), not a certificate");
	/* DER: an ASN.1 SEQUENCE with a long-form length (RFC 5280 4.1) */
	const unsigned char *der = (const unsigned char *)data;
	if (len > 4 && der[0] == 0x30 && (der[1] == 0x81 || der[1] == 0x82 || der[1] == 0x83))
		return zl_error_set(err, ZL_EPARSE, path, 0,
				    "binary (DER) data, not PEM: convert it with openssl x509 "
				    "-inform der -in %s -out CERT.pem",
				    path);
	return zl_error_set(err, ZL_EPARSE, path, 0,
			    "no PEM certificate found (no -----BEGIN CERTIFICATE----- block)");
}

int cert_load_pem(const char *path, struct cert **out, struct zl_error *err)
{
	*out = NULL;
	char *data = NULL;
	size_t len = 0;
	int rc = zl_file_read_max(path, PEM_FILE_MAX, &data, &len, err);
	if (rc != ZL_OK)
		return rc;
	if (len > INT_MAX) {
		free(data);
		return zl_error_set(err, ZL_ELIMIT, path, 0, "file too large for a certificate");
	}
	BIO *bio = BIO_new_mem_buf(data, (int)len);
	if (bio == NULL) {
		free(data);
		return zl_error_set(err, ZL_EIO, path, 0, "cannot read: %s", cert_openssl_reason());
	}
	ERR_clear_error();
	/* The first certificate (a chain file starts with the server's own);
	 * other PEM blocks are skipped, so a key+certificate bundle works too;
	 * the _AUX form also takes "TRUSTED CERTIFICATE" blocks. */
	X509 *x = PEM_read_bio_X509_AUX(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (x == NULL) {
		bool has_begin = strstr(data, "-----BEGIN CERTIFICATE-----") != NULL ||
				 strstr(data, "-----BEGIN X509 CERTIFICATE-----") != NULL ||
				 strstr(data, "-----BEGIN TRUSTED CERTIFICATE-----") != NULL;
		if (has_begin)
			rc = zl_error_set(err, ZL_EPARSE, path, 0, "bad PEM certificate: %s",
					  cert_openssl_reason());
		else
			rc = not_a_certificate(data, len, path, err);
		ERR_clear_error();
		free(data);
		return rc;
	}
	free(data);
	*out = cert_from_x509(x, path);
	X509_free(x);
	return ZL_OK;
}
