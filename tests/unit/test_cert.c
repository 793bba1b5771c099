/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/test_cert.c: certificate name matching (RFC 9525 6.3), names
 * read from PEM files that the test makes with OpenSSL at run time, and the
 * inventory's choice of certificate by address, SNI and host name. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "cert/cert.h"

/* ---- helpers ---- */

/* A certificate made of names, as the configuration gives them. */
static struct cert *names_cert(const char *first, ...)
{
	struct cert_inventory *inv = cert_inventory_new();
	const char *names[16];
	size_t n = 0;
	va_list ap;
	va_start(ap, first);
	for (const char *s = first; s != NULL && n < 16; s = va_arg(ap, const char *))
		names[n++] = s;
	va_end(ap);
	const char *host = "192.0.2.1";
	cert_inventory_add(inv, names, n, &host, 1, "test");
	const struct cert *found = cert_inventory_lookup(inv, "192.0.2.1", NULL);
	assert_non_null(found);
	/* a private copy, so that the inventory can go */
	struct cert *c = calloc(1, sizeof(*c));
	c->names = calloc(found->name_count + 1, sizeof(char *));
	for (size_t i = 0; i < found->name_count; i++)
		c->names[i] = strdup(found->names[i]);
	c->name_count = found->name_count;
	c->source = strdup(found->source);
	cert_inventory_free(inv);
	return c;
}

static bool covers(const char *presented, const char *reference)
{
	struct cert *c = names_cert(presented, NULL);
	bool r = cert_covers(c, reference);
	cert_free(c);
	return r;
}

/* ---- cert_covers: RFC 9525 6.3 ---- */

static void exact_name_is_covered(void **state)
{
	(void)state;
	assert_true(covers("mail.example.net", "mail.example.net"));
}

static void other_names_are_not_covered(void **state)
{
	(void)state;
	assert_false(covers("mail.example.net", "autodiscover.example.net"));
	assert_false(covers("mail.example.net", "example.net"));
	assert_false(covers("example.net", "mail.example.net"));
	assert_false(covers("mail.example.net", "mail.example.net.evil"));
}

static void comparison_ignores_ascii_case(void **state)
{
	(void)state;
	assert_true(covers("Mail.Example.NET", "mail.example.net"));
	assert_true(covers("mail.example.net", "MAIL.EXAMPLE.NET"));
	assert_true(covers("*.Example.Net", "AutoDiscover.EXAMPLE.net"));
}

static void trailing_dot_on_either_side_is_ignored(void **state)
{
	(void)state;
	assert_true(covers("mail.example.net.", "mail.example.net"));
	assert_true(covers("mail.example.net", "mail.example.net."));
	assert_true(covers("*.example.net.", "autodiscover.example.net"));
	assert_true(covers("*.example.net", "autodiscover.example.net."));
}

static void wildcard_covers_exactly_one_label(void **state)
{
	(void)state;
	assert_true(covers("*.example.com", "autodiscover.example.com"));
	assert_true(covers("*.example.com", "x.example.com"));
}

static void wildcard_does_not_cover_the_apex(void **state)
{
	(void)state;
	assert_false(covers("*.example.com", "example.com"));
	assert_false(covers("*.example.com", ".example.com"));
}

static void wildcard_does_not_cover_two_labels(void **state)
{
	(void)state;
	assert_false(covers("*.example.com", "a.b.example.com"));
}

static void partial_wildcard_covers_nothing(void **state)
{
	(void)state;
	assert_false(covers("auto*.example.com", "autodiscover.example.com"));
	assert_false(covers("*discover.example.com", "autodiscover.example.com"));
	assert_false(covers("a*r.example.com", "autodiscover.example.com"));
	assert_false(covers("auto*.example.com", "auto*.example.com"));
}

static void wildcard_right_of_the_first_label_covers_nothing(void **state)
{
	(void)state;
	assert_false(covers("mail.*.example.com", "mail.x.example.com"));
	assert_false(covers("*.*.example.com", "a.b.example.com"));
}

static void wildcard_over_a_single_label_suffix_covers_nothing(void **state)
{
	(void)state;
	assert_false(covers("*.com", "example.com"));
	assert_false(covers("*.com.", "example.com"));
	assert_false(covers("*", "com"));
	assert_false(covers("*.", "com"));
}

static void wildcard_never_matches_an_a_label(void **state)
{
	(void)state;
	assert_false(covers("*.example.com", "xn--bcher-kva.example.com"));
	assert_false(covers("*.example.com", "XN--bcher-kva.example.com"));
	/* the star stands for an ordinary label inside an IDN domain */
	assert_true(covers("*.xn--bcher-kva.test", "autodiscover.xn--bcher-kva.test"));
	/* and an A-label is matched exactly like any name */
	assert_true(covers("xn--bcher-kva.example.com", "xn--bcher-kva.example.com"));
}

static void any_of_several_names_may_cover(void **state)
{
	(void)state;
	struct cert *c = names_cert("www.example.net", "mail.example.net", "*.example.org", NULL);
	assert_true(cert_covers(c, "mail.example.net"));
	assert_true(cert_covers(c, "autodiscover.example.org"));
	assert_false(cert_covers(c, "autodiscover.example.net"));
	cert_free(c);
}

static void empty_names_cover_nothing(void **state)
{
	(void)state;
	assert_false(covers("mail.example.net", ""));
	assert_false(covers("mail.example.net", "."));
	assert_false(covers("", ""));
	assert_false(cert_covers(NULL, "mail.example.net"));
}

static void names_text_joins_the_names_with_commas(void **state)
{
	(void)state;
	struct cert *c = names_cert("mail.example.net", "www.example.net", NULL);
	char text[128];
	cert_names_text(c, text, sizeof(text));
	assert_string_equal(text, "mail.example.net, www.example.net");
	char small[8];
	cert_names_text(c, small, sizeof(small));
	assert_string_equal(small, "mail.ex");
	cert_free(c);
}

static void names_text_of_a_certificate_without_names_says_so(void **state)
{
	(void)state;
	struct cert_inventory *inv = cert_inventory_new();
	const char *host = "mail.example.net";
	cert_inventory_add(inv, NULL, 0, &host, 1, "test");
	const struct cert *c = cert_inventory_lookup(inv, NULL, "mail.example.net");
	assert_non_null(c);
	char text[64];
	cert_names_text(c, text, sizeof(text));
	assert_string_equal(text, "(no names)");
	assert_false(cert_covers(c, "mail.example.net"));
	cert_inventory_free(inv);
}

/* ---- PEM files made at run time ---- */

struct pem_fixture {
	char dir[64];
	EVP_PKEY *key;
	char *paths[16];
	size_t path_count;
};

static int pem_setup(void **state)
{
	struct pem_fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/zonelint-test-cert-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	/* EC P-256: quick to make, and the key type does not matter here */
	EVP_PKEY_CTX *kctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, NULL);
	if (kctx == NULL || EVP_PKEY_keygen_init(kctx) <= 0 ||
	    EVP_PKEY_CTX_set_ec_paramgen_curve_nid(kctx, NID_X9_62_prime256v1) <= 0 ||
	    EVP_PKEY_keygen(kctx, &f->key) <= 0)
		return -1;
	EVP_PKEY_CTX_free(kctx);
	*state = f;
	return 0;
}

static int pem_teardown(void **state)
{
	struct pem_fixture *f = *state;
	for (size_t i = 0; i < f->path_count; i++) {
		unlink(f->paths[i]);
		free(f->paths[i]);
	}
	rmdir(f->dir);
	EVP_PKEY_free(f->key);
	free(f);
	return 0;
}

static const char *fixture_path(struct pem_fixture *f, const char *file)
{
	assert_true(f->path_count < 16);
	size_t size = strlen(f->dir) + strlen(file) + 2;
	char *p = malloc(size);
	snprintf(p, size, "%s/%s", f->dir, file);
	f->paths[f->path_count++] = p;
	return p;
}

/* A self-signed certificate with subject CN cn (or none) and the SAN san in
 * OpenSSL's config syntax ("DNS:a, IP:192.0.2.1"; or none), written as PEM
 * to file in the fixture directory, after the key when with_key. */
static const char *write_cert(struct pem_fixture *f, const char *file, const char *cn,
			      const char *san, bool with_key)
{
	X509 *x = X509_new();
	assert_non_null(x);
	assert_int_equal(X509_set_version(x, 2), 1);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	assert_int_equal(X509_set_pubkey(x, f->key), 1);
	X509_NAME *name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"zonelint test",
				   -1, -1, 0);
	if (cn != NULL)
		X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1,
					   -1, 0);
	X509_set_issuer_name(x, name);
	if (san != NULL) {
		X509V3_CTX ctx;
		X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
		X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_alt_name, san);
		assert_non_null(ext);
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	assert_true(X509_sign(x, f->key, EVP_sha256()) > 0);

	const char *path = fixture_path(f, file);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	if (with_key)
		assert_int_equal(PEM_write_PrivateKey(fp, f->key, NULL, NULL, 0, NULL, NULL), 1);
	assert_int_equal(PEM_write_X509(fp, x), 1);
	fclose(fp);
	X509_free(x);
	return path;
}

static const char *write_text(struct pem_fixture *f, const char *file, const char *text)
{
	const char *path = fixture_path(f, file);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static struct cert *load_ok(const char *path)
{
	struct cert *c = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	int rc = cert_load_pem(path, &c, &err);
	if (rc != ZL_OK)
		print_error("%s: %s\n", err.file, err.message);
	assert_int_equal(rc, ZL_OK);
	assert_non_null(c);
	return c;
}

static void pem_san_dns_names_are_read_in_lower_case(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = write_cert(f, "san.pem", "ignored.example.net",
				      "DNS:Mail.Example.NET, DNS:www.example.net, IP:192.0.2.25",
				      false);
	struct cert *c = load_ok(path);
	assert_int_equal(c->name_count, 2);
	assert_string_equal(c->names[0], "mail.example.net");
	assert_string_equal(c->names[1], "www.example.net");
	assert_false(c->from_cn);
	assert_string_equal(c->source, path);
	assert_false(cert_covers(c, "ignored.example.net"));
	cert_free(c);
}

static void pem_with_only_an_ip_san_falls_back_to_the_cn(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = write_cert(f, "ip.pem", "mail.cnip.test", "IP:192.0.2.25", false);
	struct cert *c = load_ok(path);
	assert_int_equal(c->name_count, 1);
	assert_string_equal(c->names[0], "mail.cnip.test");
	assert_true(c->from_cn);
	cert_free(c);
}

static void pem_without_san_gives_the_cn(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = write_cert(f, "cn.pem", "Mail.CN.test", NULL, false);
	struct cert *c = load_ok(path);
	assert_int_equal(c->name_count, 1);
	assert_string_equal(c->names[0], "mail.cn.test");
	assert_true(c->from_cn);
	cert_free(c);
}

static void pem_without_san_and_cn_has_no_names(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = write_cert(f, "none.pem", NULL, NULL, false);
	struct cert *c = load_ok(path);
	assert_int_equal(c->name_count, 0);
	assert_false(c->from_cn);
	cert_free(c);
}

static void pem_with_two_san_extensions_does_not_fall_back_to_the_cn(void **state)
{
	struct pem_fixture *f = *state;
	/* RFC 5280 4.2 allows one; which one a client reads is anybody's guess */
	const char *path = write_cert(f, "twosan.pem", "mail.example.net", "DNS:a.example.net",
				      false);
	X509 *x = NULL;
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	x = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	assert_non_null(x);
	X509V3_CTX ctx;
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	X509_EXTENSION *ext =
		X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_alt_name, "DNS:b.example.net");
	assert_non_null(ext);
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	assert_true(X509_sign(x, f->key, EVP_sha256()) > 0);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(PEM_write_X509(fp, x), 1);
	fclose(fp);
	X509_free(x);

	struct cert *c = load_ok(path);
	assert_int_equal(c->name_count, 0);
	assert_false(c->from_cn);
	cert_free(c);
}

static void pem_wildcard_san_covers_one_label(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = write_cert(f, "wild.pem", NULL, "DNS:*.w.test", false);
	struct cert *c = load_ok(path);
	assert_int_equal(c->name_count, 1);
	assert_string_equal(c->names[0], "*.w.test");
	assert_true(cert_covers(c, "autodiscover.w.test"));
	assert_false(cert_covers(c, "w.test"));
	assert_false(cert_covers(c, "a.b.w.test"));
	cert_free(c);
}

static void pem_after_a_private_key_in_the_same_file_is_read(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = write_cert(f, "bundle.pem", NULL, "DNS:mail.example.net", true);
	struct cert *c = load_ok(path);
	assert_int_equal(c->name_count, 1);
	assert_string_equal(c->names[0], "mail.example.net");
	cert_free(c);
}

static void expect_pem_error(const char *path, const char *message_part)
{
	struct cert *c = (struct cert *)1;
	struct zl_error err;
	zl_error_clear(&err);
	int rc = cert_load_pem(path, &c, &err);
	assert_true(rc < 0);
	assert_int_equal(err.code, rc);
	assert_null(c);
	assert_string_equal(err.file, path);
	char text[2200];
	zl_error_format(&err, text, sizeof(text));
	if (strstr(text, message_part) == NULL || strncmp(text, path, strlen(path)) != 0)
		print_error("unexpected error: %s\n", text);
	assert_non_null(strstr(text, message_part));
	assert_true(strncmp(text, path, strlen(path)) == 0);
}

static void text_that_is_no_pem_gives_an_error_naming_the_file(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = write_text(f, "garbage.pem", "this is not a certificate\n");
	expect_pem_error(path, "no PEM certificate found");
}

static void broken_pem_block_gives_an_error_naming_the_file(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = write_text(f, "broken.pem",
				      "-----BEGIN CERTIFICATE-----\nMIIBnotbase64!!\n"
				      "-----END CERTIFICATE-----\n");
	expect_pem_error(path, "bad PEM certificate");
}

static void missing_pem_file_gives_an_error_naming_the_file(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = fixture_path(f, "missing.pem");
	expect_pem_error(path, "cannot open");
}

/* ---- the inventory ---- */

static const char *const MAIL[] = {"mail.example.net"};
static const char *const WWW[] = {"www.example.net", "example.net"};
static const char *const WILD[] = {"*.example.net"};

static void each_address_presents_its_own_certificate(void **state)
{
	(void)state;
	struct cert_inventory *inv = cert_inventory_new();
	const char *a25[] = {"192.0.2.25"}, *a80[] = {"192.0.2.80", "2001:db8::80"};
	cert_inventory_add(inv, MAIL, 1, a25, 1, "conf:2");
	cert_inventory_add(inv, WWW, 2, a80, 2, "conf:4");
	const struct cert *c = cert_inventory_lookup(inv, "192.0.2.25", "autodiscover.example.net");
	assert_non_null(c);
	assert_string_equal(c->source, "conf:2");
	assert_false(cert_covers(c, "autodiscover.example.net"));
	c = cert_inventory_lookup(inv, "192.0.2.80", "example.net");
	assert_non_null(c);
	assert_string_equal(c->source, "conf:4");
	c = cert_inventory_lookup(inv, "2001:db8::80", "www.example.net");
	assert_non_null(c);
	assert_string_equal(c->source, "conf:4");
	cert_inventory_free(inv);
}

static void sni_selects_the_covering_certificate_on_a_shared_address(void **state)
{
	(void)state;
	struct cert_inventory *inv = cert_inventory_new();
	const char *addr[] = {"192.0.2.80"};
	cert_inventory_add(inv, WWW, 2, addr, 1, "www");
	cert_inventory_add(inv, MAIL, 1, addr, 1, "mail");
	const struct cert *c = cert_inventory_lookup(inv, "192.0.2.80", "mail.example.net");
	assert_non_null(c);
	assert_string_equal(c->source, "mail");
	c = cert_inventory_lookup(inv, "192.0.2.80", "WWW.example.net.");
	assert_non_null(c);
	assert_string_equal(c->source, "www");
	cert_inventory_free(inv);
}

static void first_certificate_is_the_default_when_none_covers(void **state)
{
	(void)state;
	struct cert_inventory *inv = cert_inventory_new();
	const char *addr[] = {"192.0.2.80"};
	cert_inventory_add(inv, WWW, 2, addr, 1, "www");
	cert_inventory_add(inv, MAIL, 1, addr, 1, "mail");
	const struct cert *c =
		cert_inventory_lookup(inv, "192.0.2.80", "autodiscover.example.net");
	assert_non_null(c);
	assert_string_equal(c->source, "www");
	c = cert_inventory_lookup(inv, "192.0.2.80", NULL);
	assert_non_null(c);
	assert_string_equal(c->source, "www");
	cert_inventory_free(inv);
}

static void bound_host_name_presents_its_certificate_on_the_address(void **state)
{
	(void)state;
	struct cert_inventory *inv = cert_inventory_new();
	const char *hosts[] = {"Mail.Example.NET."};
	cert_inventory_add(inv, MAIL, 1, hosts, 1, "mail");
	assert_null(cert_inventory_lookup(inv, "192.0.2.25", "other.example.org"));
	cert_inventory_bind(inv, "mail.example.net", "192.0.2.25");
	cert_inventory_bind(inv, "mail.example.net.", "2001:DB8:0::25");
	const struct cert *c = cert_inventory_lookup(inv, "192.0.2.25", "other.example.org");
	assert_non_null(c);
	assert_string_equal(c->source, "mail");
	c = cert_inventory_lookup(inv, "2001:db8::25", "autodiscover.example.net");
	assert_non_null(c);
	assert_string_equal(c->source, "mail");
	cert_inventory_free(inv);
}

static void address_certificates_come_before_the_host_name_fallback(void **state)
{
	(void)state;
	struct cert_inventory *inv = cert_inventory_new();
	const char *by_name[] = {"mail.example.net"}, *by_addr[] = {"192.0.2.80"};
	cert_inventory_add(inv, MAIL, 1, by_name, 1, "mail");
	cert_inventory_add(inv, WILD, 1, by_addr, 1, "wild");
	const struct cert *c = cert_inventory_lookup(inv, "192.0.2.80", "mail.example.net");
	assert_non_null(c);
	assert_string_equal(c->source, "wild");
	cert_inventory_free(inv);
}

static void unknown_address_falls_back_to_the_host_name(void **state)
{
	(void)state;
	struct cert_inventory *inv = cert_inventory_new();
	const char *hosts[] = {"mail.example.net", "192.0.2.25"};
	cert_inventory_add(inv, MAIL, 1, hosts, 2, "mail");
	const struct cert *c = cert_inventory_lookup(inv, "198.51.100.7", "MAIL.example.net");
	assert_non_null(c);
	assert_string_equal(c->source, "mail");
	c = cert_inventory_lookup(inv, NULL, "mail.example.net.");
	assert_non_null(c);
	assert_string_equal(c->source, "mail");
	cert_inventory_free(inv);
}

static void unknown_address_and_host_give_null(void **state)
{
	(void)state;
	struct cert_inventory *inv = cert_inventory_new();
	const char *hosts[] = {"mail.example.net", "192.0.2.25"};
	cert_inventory_add(inv, MAIL, 1, hosts, 2, "mail");
	assert_null(cert_inventory_lookup(inv, "198.51.100.7", "www.example.net"));
	assert_null(cert_inventory_lookup(inv, NULL, "www.example.net"));
	assert_null(cert_inventory_lookup(inv, NULL, NULL));
	cert_inventory_free(inv);
}

static void host_names_are_listed_once_without_addresses(void **state)
{
	(void)state;
	struct cert_inventory *inv = cert_inventory_new();
	const char *h1[] = {"mail.example.net", "192.0.2.25", "www.example.net"};
	const char *h2[] = {"MAIL.example.net.", "[2001:db8::1]", "web.example.net"};
	cert_inventory_add(inv, MAIL, 1, h1, 3, "one");
	cert_inventory_add(inv, WWW, 2, h2, 3, "two");
	const char *const *names = NULL;
	size_t n = cert_inventory_host_names(inv, &names);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "mail.example.net");
	assert_string_equal(names[1], "www.example.net");
	assert_string_equal(names[2], "web.example.net");
	/* the bracketed IPv6 literal is an address, found in canonical form */
	const struct cert *c = cert_inventory_lookup(inv, "2001:0db8:0:0::1", NULL);
	assert_non_null(c);
	assert_string_equal(c->source, "two");
	cert_inventory_free(inv);
}

static void inventory_reads_names_from_a_pem_file(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = write_cert(f, "inv.pem", NULL, "DNS:autodiscover.example.net", false);
	struct cert_inventory *inv = cert_inventory_new();
	const char *hosts[] = {"192.0.2.80"};
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(cert_inventory_add_pem(inv, path, hosts, 1, "conf:7", &err), ZL_OK);
	const struct cert *c = cert_inventory_lookup(inv, "192.0.2.80", NULL);
	assert_non_null(c);
	assert_true(cert_covers(c, "autodiscover.example.net"));
	char source[512];
	snprintf(source, sizeof(source), "%s (conf:7)", path);
	assert_string_equal(c->source, source);
	cert_inventory_free(inv);
}

static void inventory_with_a_bad_pem_file_fails_and_adds_nothing(void **state)
{
	struct pem_fixture *f = *state;
	const char *path = write_text(f, "bad-inv.pem", "nothing here\n");
	struct cert_inventory *inv = cert_inventory_new();
	const char *hosts[] = {"192.0.2.80"};
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(cert_inventory_add_pem(inv, path, hosts, 1, "conf:7", &err), ZL_EPARSE);
	assert_string_equal(err.file, path);
	assert_null(cert_inventory_lookup(inv, "192.0.2.80", NULL));
	const char *const *names = NULL;
	assert_int_equal(cert_inventory_host_names(inv, &names), 0);
	cert_inventory_free(inv);
}

/* ---- names a configuration may give ---- */

static void name_check_accepts_host_names_and_wildcards(void **state)
{
	(void)state;
	char why[200];
	assert_true(cert_name_check("mail.example.net", true, why, sizeof(why)));
	assert_true(cert_name_check("Mail.Example.NET.", true, why, sizeof(why)));
	assert_true(cert_name_check("localhost", true, why, sizeof(why)));
	assert_true(cert_name_check("xn--bcher-kva.example", true, why, sizeof(why)));
	assert_true(cert_name_check("*.example.net", true, why, sizeof(why)));
	/* a partial wildcard is a name a certificate can carry (it covers nothing) */
	assert_true(cert_name_check("auto*.example.net", true, why, sizeof(why)));
	assert_true(cert_name_check("3com.example", true, why, sizeof(why)));
}

static void expect_not_a_name(const char *name, bool wildcard_ok, const char *reason)
{
	char why[200] = "";
	assert_false(cert_name_check(name, wildcard_ok, why, sizeof(why)));
	if (strstr(why, reason) == NULL)
		print_error("'%s': %s\n  lacks: %s\n", name, why, reason);
	assert_non_null(strstr(why, reason));
}

static void name_check_rejects_what_is_no_dns_name(void **state)
{
	(void)state;
	expect_not_a_name("1", true, "all digits");
	expect_not_a_name("2", true, "all digits");
	expect_not_a_name("mail.123", true, "all digits");
	expect_not_a_name("192.0.2.1", true, "IP address");
	expect_not_a_name("2001:db8::1", true, "IP address");
	expect_not_a_name("a b", true, "blank");
	expect_not_a_name("", true, "empty");
	expect_not_a_name("mail..example.net", true, "empty label");
	expect_not_a_name("-mail.example.net", true, "hyphen");
	expect_not_a_name("mail_1.example.net", true, "'_'");
	expect_not_a_name("b\xc3\xbc" "cher.example", true, "A-label");
	expect_not_a_name("x.*.example.net", true, "left-most");
	expect_not_a_name("*.example.net", false, "no '*'");
	char longlabel[80];
	memset(longlabel, 'a', 64);
	strcpy(longlabel + 64, ".net");
	expect_not_a_name(longlabel, true, "63");
}

static void addresses_are_recognised_with_or_without_brackets(void **state)
{
	(void)state;
	assert_true(cert_is_address("192.0.2.1"));
	assert_true(cert_is_address("2001:db8::1"));
	assert_true(cert_is_address("[2001:db8::1]"));
	assert_false(cert_is_address("mail.example.net"));
	assert_false(cert_is_address("1"));
}

static void named_host_presents_its_certificate_without_an_address(void **state)
{
	(void)state;
	struct cert_inventory *inv = cert_inventory_new();
	const char *hoster[] = {"exch.hoster.example"};
	const char *hoster_names[] = {"exch.hoster.example"};
	const char *both_names[] = {"exch.hoster.example", "autodiscover.example.net"};
	cert_inventory_add(inv, hoster_names, 1, hoster, 1, "conf:2");
	cert_inventory_add(inv, both_names, 2, hoster, 1, "conf:4");
	/* SNI picks the certificate that covers the name asked for */
	const struct cert *c = cert_inventory_on_host(inv, "EXCH.hoster.example.", "autodiscover.example.net");
	assert_non_null(c);
	assert_string_equal(c->source, "conf:4");
	/* none covers: the first, the server's default */
	c = cert_inventory_on_host(inv, "exch.hoster.example", "www.example.net");
	assert_non_null(c);
	assert_string_equal(c->source, "conf:2");
	assert_null(cert_inventory_on_host(inv, "other.hoster.example", "www.example.net"));
	assert_null(cert_inventory_on_host(inv, NULL, "www.example.net"));
	cert_inventory_free(inv);
}

int main(void)
{
	const struct CMUnitTest matching[] = {
		cmocka_unit_test(exact_name_is_covered),
		cmocka_unit_test(other_names_are_not_covered),
		cmocka_unit_test(comparison_ignores_ascii_case),
		cmocka_unit_test(trailing_dot_on_either_side_is_ignored),
		cmocka_unit_test(wildcard_covers_exactly_one_label),
		cmocka_unit_test(wildcard_does_not_cover_the_apex),
		cmocka_unit_test(wildcard_does_not_cover_two_labels),
		cmocka_unit_test(partial_wildcard_covers_nothing),
		cmocka_unit_test(wildcard_right_of_the_first_label_covers_nothing),
		cmocka_unit_test(wildcard_over_a_single_label_suffix_covers_nothing),
		cmocka_unit_test(wildcard_never_matches_an_a_label),
		cmocka_unit_test(any_of_several_names_may_cover),
		cmocka_unit_test(empty_names_cover_nothing),
		cmocka_unit_test(names_text_joins_the_names_with_commas),
		cmocka_unit_test(names_text_of_a_certificate_without_names_says_so),
		cmocka_unit_test(each_address_presents_its_own_certificate),
		cmocka_unit_test(sni_selects_the_covering_certificate_on_a_shared_address),
		cmocka_unit_test(first_certificate_is_the_default_when_none_covers),
		cmocka_unit_test(bound_host_name_presents_its_certificate_on_the_address),
		cmocka_unit_test(address_certificates_come_before_the_host_name_fallback),
		cmocka_unit_test(unknown_address_falls_back_to_the_host_name),
		cmocka_unit_test(unknown_address_and_host_give_null),
		cmocka_unit_test(host_names_are_listed_once_without_addresses),
		cmocka_unit_test(name_check_accepts_host_names_and_wildcards),
		cmocka_unit_test(name_check_rejects_what_is_no_dns_name),
		cmocka_unit_test(addresses_are_recognised_with_or_without_brackets),
		cmocka_unit_test(named_host_presents_its_certificate_without_an_address),
	};
	const struct CMUnitTest pem[] = {
		cmocka_unit_test(pem_san_dns_names_are_read_in_lower_case),
		cmocka_unit_test(pem_with_only_an_ip_san_falls_back_to_the_cn),
		cmocka_unit_test(pem_without_san_gives_the_cn),
		cmocka_unit_test(pem_without_san_and_cn_has_no_names),
		cmocka_unit_test(pem_with_two_san_extensions_does_not_fall_back_to_the_cn),
		cmocka_unit_test(pem_wildcard_san_covers_one_label),
		cmocka_unit_test(pem_after_a_private_key_in_the_same_file_is_read),
		cmocka_unit_test(text_that_is_no_pem_gives_an_error_naming_the_file),
		cmocka_unit_test(broken_pem_block_gives_an_error_naming_the_file),
		cmocka_unit_test(missing_pem_file_gives_an_error_naming_the_file),
		cmocka_unit_test(inventory_reads_names_from_a_pem_file),
		cmocka_unit_test(inventory_with_a_bad_pem_file_fails_and_adds_nothing),
	};
	int failed = cmocka_run_group_tests_name("cert matching", matching, NULL, NULL);
	failed += cmocka_run_group_tests_name("cert PEM files", pem, pem_setup, pem_teardown);
	return failed;
}
