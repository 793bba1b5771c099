/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/test_rules.c: every rule fires where it should and stays quiet
 * where it should not, with the cases of the origin story, wildcards and
 * empty non-terminals, delegations, certificate coverage (names and PEM
 * files made here) and the zone-integrity checks. */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include "testutil.h"

#include <arpa/inet.h>

#include "rules/internal.h"

struct run {
	struct zone_set set;
	struct config *cfg;
	struct cert_view *certs;
	struct findings f;
};

/* Lints zone text with an optional configuration (YAML text). */
static struct run *lint_text(const char *zone, const char *yaml)
{
	struct run *r = calloc(1, sizeof(*r));
	zone_set_init(&r->set);
	assert_int_equal(zone_set_add(&r->set, load_zone_text("t.zone", zone), NULL), ZL_OK);
	struct zl_error err;
	zl_error_clear(&err);
	if (yaml != NULL) {
		int rc = config_load_string(yaml, strlen(yaml), "/tmp/zonelint-test.yaml", &r->cfg, &err);
		if (rc != ZL_OK)
			print_error("config: %s:%lu: %s\n", err.file, err.line, err.message);
		assert_int_equal(rc, ZL_OK);
	} else {
		r->cfg = config_new_empty();
	}
	int rc = cert_view_new(r->cfg, &r->set, false, 0, &r->certs, &err);
	if (rc != ZL_OK)
		print_error("certs: %s\n", err.message);
	assert_int_equal(rc, ZL_OK);
	findings_init(&r->f);
	struct lint_options lo = {r->cfg, r->certs, NULL};
	assert_int_equal(lint_zone(r->set.zones[0], &r->set, &lo, &r->f, &err), ZL_OK);
	return r;
}

static void run_free(struct run *r)
{
	findings_free(&r->f);
	cert_view_free(r->certs);
	config_free(r->cfg);
	zone_set_free(&r->set);
	free(r);
}

/* The finding of rule (at line, when line > 0), or NULL. */
static const struct finding *find(const struct run *r, const char *rule, unsigned long line)
{
	for (size_t i = 0; i < r->f.count; i++)
		if (strcmp(r->f.v[i].rule->id, rule) == 0 && (line == 0 || r->f.v[i].line == line))
			return &r->f.v[i];
	return NULL;
}

static void dump(const struct run *r)
{
	for (size_t i = 0; i < r->f.count; i++)
		print_error("  %lu: %s: %s [%s]\n", (unsigned long)r->f.v[i].line, zl_severity_name(r->f.v[i].severity),
			    r->f.v[i].message, r->f.v[i].rule->id);
}

#define assert_fires(r, rule, line)                                                                \
	do {                                                                                       \
		if (find((r), (rule), (line)) == NULL) {                                           \
			print_error("expected %s at line %lu, got:\n", (rule), (unsigned long)(line)); \
			dump(r);                                                                   \
		}                                                                                  \
		assert_non_null(find((r), (rule), (line)));                                        \
	} while (0)

#define assert_quiet(r, rule)                                                                      \
	do {                                                                                       \
		if (find((r), (rule), 0) != NULL) {                                                \
			print_error("expected no %s, got:\n", (rule));                             \
			dump(r);                                                                   \
		}                                                                                  \
		assert_null(find((r), (rule), 0));                                                 \
	} while (0)

static void assert_message_has(const struct finding *f, const char *text)
{
	assert_non_null(f);
	if (strstr(f->message, text) == NULL)
		print_error("message: %s\n  lacks: %s\n", f->message, text);
	assert_non_null(strstr(f->message, text));
}

static bool has_fix(const struct finding *f, enum remedy_action action, const char *record)
{
	bool found = false;
	for (size_t i = 0; i < f->fix_count && !found; i++) {
		char *text = remedy_record(f->zone, &f->fix[i]);
		found = f->fix[i].action == action && strcmp(text, record) == 0;
		free(text);
	}
	return found;
}

/* ---- the zones ---- */

#define HEAD                                                                                       \
	"$ORIGIN example.net.\n$TTL 3600\n"                                                         \
	"@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n" /* 3 */                                   \
	"  NS ns1\n"                                       /* 4 */                                  \
	"  MX 10 mail\n"                                   /* 5 */                                  \
	"  A 192.0.2.80\n"                                 /* 6 */                                  \
	"ns1 A 192.0.2.53\n"                               /* 7 */                                  \
	"mail A 192.0.2.25\n"                              /* 8 */                                  \
	"www A 192.0.2.80\n"                               /* 9 */ \
	"web A 192.0.2.80\n"                               /* 10 */

#define CERTS                                                                                      \
	"certificates:\n"                                                                          \
	"  - names: [mail.example.net]\n"                                                          \
	"    hosts: [mail.example.net]\n"                                                          \
	"  - names: [example.net, www.example.net]\n"                                              \
	"    hosts: [192.0.2.80]\n"

static const char story[] = HEAD "* A 192.0.2.80\n"	       /* 11 */
				 "autodiscover CNAME mail\n"; /* 12 */

static void origin_story_reports_the_chain_and_the_missing_srv(void **state)
{
	(void)state;
	struct run *r = lint_text(story, CERTS);
	const struct finding *f = find(r, "autodiscover-cert-mismatch", 12);
	assert_message_has(f, "autodiscover.example.net → CNAME mail.example.net → 192.0.2.25, "
			      "certificate covers mail.example.net only");
	assert_int_equal(f->severity, ZL_SEV_ERROR);
	assert_true(has_fix(f, REMEDY_DELETE, "autodiscover.example.net. 3600 IN CNAME mail.example.net."));
	assert_true(has_fix(f, REMEDY_ADD, "autodiscover.example.net. 3600 IN TXT \"autodiscover via SRV\""));
	assert_true(has_fix(f, REMEDY_ADD, "_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net."));
	f = find(r, "autodiscover-srv-missing", 5);
	assert_non_null(f);
	assert_int_equal(f->severity, ZL_SEV_WARNING);
	assert_true(has_fix(f, REMEDY_ADD, "_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net."));
	/* autodiscover exists (as a CNAME), so the wildcard does not answer it */
	assert_quiet(r, "autodiscover-wildcard");
	run_free(r);
}

static void corrected_story_is_clean(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "* A 192.0.2.80\n"
				       "autodiscover TXT \"autodiscover via SRV\"\n"
				       "_autodiscover._tcp SRV 0 0 443 mail.example.net.\n",
				  CERTS);
	if (r->f.count != 0)
		dump(r);
	assert_int_equal(r->f.count, 0);
	run_free(r);
}

static void wildcard_answering_autodiscover_is_named_with_its_line(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "* A 192.0.2.80\n", CERTS);
	const struct finding *f = find(r, "autodiscover-wildcard", 11);
	assert_message_has(f, "autodiscover.example.net is answered by the wildcard *.example.net (line 11)");
	assert_message_has(f, "certificate covers example.net, www.example.net");
	assert_true(has_fix(f, REMEDY_ADD, "autodiscover.example.net. 3600 IN TXT \"autodiscover via SRV\""));
	/* the same wildcard also breaks TLS for the name */
	assert_fires(r, "autodiscover-cert-mismatch", 11);
	run_free(r);
}

static void wildcard_is_blocked_by_an_existing_node(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "* A 192.0.2.80\nautodiscover TXT \"no address here\"\n", CERTS);
	assert_quiet(r, "autodiscover-wildcard");
	assert_quiet(r, "autodiscover-cert-mismatch");
	assert_fires(r, "autodiscover-srv-missing", 5);
	run_free(r);
}

static void wildcard_does_not_reach_srv_below_an_empty_non_terminal(void **state)
{
	(void)state;
	/* _imaps._tcp exists: _tcp is an empty non-terminal, and
	 * _autodiscover._tcp is NXDOMAIN, not the wildcard's CNAME */
	struct run *r = lint_text(HEAD "* CNAME www\n_imaps._tcp SRV 0 1 993 mail\n", CERTS);
	assert_quiet(r, "autodiscover-srv-wildcard");
	assert_quiet(r, "mail-srv-wildcard");
	run_free(r);
	/* without it the wildcard CNAME answers the SRV question */
	r = lint_text(HEAD "* CNAME www\n", CERTS);
	const struct finding *f = find(r, "autodiscover-srv-wildcard", 11);
	assert_message_has(f, "_autodiscover._tcp.example.net is answered by the wildcard *.example.net");
	assert_message_has(f, "CNAME www.example.net");
	assert_fires(r, "mail-srv-wildcard", 11);
	assert_fires(r, "wildcard-cname", 11);
	run_free(r);
}

static void delegated_autodiscover_is_not_judged(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "* A 192.0.2.80\nautodiscover NS ns.example.org.\n", CERTS);
	if (r->f.count != 0)
		dump(r);
	assert_int_equal(r->f.count, 0);
	run_free(r);
}

static void wildcard_certificate_covers_autodiscover(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "* A 192.0.2.80\n",
				  "certificates:\n"
				  "  - names: [example.net, '*.example.net']\n"
				  "    hosts: [192.0.2.80]\n");
	/* research note AD001: still said, as a note, with nothing to apply */
	const struct finding *f = find(r, "autodiscover-wildcard", 11);
	assert_non_null(f);
	assert_int_equal(f->severity, ZL_SEV_NOTE);
	assert_int_equal(f->fix_count, 0);
	assert_message_has(f, "whose certificate covers example.net, *.example.net: this works");
	assert_quiet(r, "autodiscover-cert-mismatch");
	/* https://autodiscover.example.net/ works, no SRV needed */
	assert_quiet(r, "autodiscover-srv-missing");
	run_free(r);
	/* but a wildcard certificate does not cover two labels */
	r = lint_text(HEAD "autodiscover.mail CNAME www\n_tcp.mail TXT \"x\"\nmail MX 10 mail\n",
		      "certificates:\n  - names: ['*.example.net']\n    hosts: [192.0.2.80]\n");
	f = find(r, "autodiscover-cert-mismatch", 11);
	assert_message_has(f, "autodiscover.mail.example.net → CNAME www.example.net → 192.0.2.80");
	run_free(r);
}

static void cname_chain_of_three_leads_to_the_certificate_host(void **state)
{
	(void)state;
	const char *zone = HEAD "autodiscover CNAME a\na CNAME b\nb CNAME mail\n";
	struct run *r = lint_text(zone, CERTS);
	const struct finding *f = find(r, "autodiscover-cert-mismatch", 11);
	assert_message_has(f, "autodiscover.example.net → CNAME a.example.net → CNAME b.example.net → "
			      "CNAME mail.example.net → 192.0.2.25, certificate covers mail.example.net only");
	run_free(r);
	r = lint_text(zone, "certificates:\n"
			    "  - names: [mail.example.net, autodiscover.example.net]\n"
			    "    hosts: [mail.example.net]\n"
			    "  - names: [example.net]\n    hosts: [192.0.2.80]\n");
	assert_quiet(r, "autodiscover-cert-mismatch");
	assert_quiet(r, "autodiscover-srv-missing");
	run_free(r);
}

static void unknown_certificate_gives_no_mismatch_but_srv_missing(void **state)
{
	(void)state;
	struct run *r = lint_text(story, NULL);
	assert_quiet(r, "autodiscover-cert-mismatch");
	const struct finding *f = find(r, "autodiscover-srv-missing", 5);
	assert_message_has(f, "no certificate is known for autodiscover.example.net");
	run_free(r);
}

static void apex_certificate_mismatch_is_one_severity_lower(void **state)
{
	(void)state;
	struct run *r = lint_text(story, "certificates:\n"
					 "  - names: [www.example.net]\n    hosts: [192.0.2.80]\n"
					 "  - names: [mail.example.net]\n    hosts: [mail.example.net]\n");
	const struct finding *f = find(r, "autodiscover-cert-mismatch", 6);
	assert_message_has(f, "example.net → 192.0.2.80, certificate covers www.example.net only");
	assert_int_equal(f->severity, ZL_SEV_WARNING);
	run_free(r);
}

static void exchange_online_cname_is_known_good(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "autodiscover CNAME autodiscover.outlook.com.\n", CERTS);
	assert_quiet(r, "autodiscover-srv-missing");
	assert_quiet(r, "autodiscover-cert-mismatch");
	run_free(r);
}

/* ---- certificates from PEM files made here ---- */

static void write_pem(const char *path, const char *const *sans, size_t n)
{
	EVP_PKEY *key = EVP_RSA_gen(2048);
	assert_non_null(key);
	X509 *x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, key);
	X509_NAME *name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)sans[0], -1, -1, 0);
	X509_set_issuer_name(x, name);
	char san[1024] = "";
	for (size_t i = 0; i < n; i++) {
		strcat(san, i ? ",DNS:" : "DNS:");
		strcat(san, sans[i]);
	}
	/* n == 0: the subject CN sans[0] alone, no SAN extension */
	if (n > 0) {
		X509V3_CTX ctx;
		X509V3_set_ctx_nodb(&ctx);
		X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
		X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_alt_name, san);
		assert_non_null(ext);
		X509_add_ext(x, ext, -1);
		X509_EXTENSION_free(ext);
	}
	assert_true(X509_sign(x, key, EVP_sha256()) > 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	PEM_write_X509(f, x);
	fclose(f);
	X509_free(x);
	EVP_PKEY_free(key);
}

static void certificates_are_read_from_pem_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/zonelint-pem-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char mail[512], web[512], both[512];
	snprintf(mail, sizeof(mail), "%s/mail.pem", dir);
	snprintf(web, sizeof(web), "%s/web.pem", dir);
	snprintf(both, sizeof(both), "%s/both.pem", dir);
	const char *m[] = {"mail.example.net"};
	const char *w[] = {"example.net", "www.example.net"};
	const char *b[] = {"mail.example.net", "autodiscover.example.net"};
	write_pem(mail, m, 1);
	write_pem(web, w, 2);
	write_pem(both, b, 2);
	char yaml[2048];
	snprintf(yaml, sizeof(yaml),
		 "certificates:\n  - pem: %s\n    hosts: [mail.example.net]\n"
		 "  - pem: %s\n    hosts: [192.0.2.80]\n",
		 mail, web);
	struct run *r = lint_text(story, yaml);
	const struct finding *f = find(r, "autodiscover-cert-mismatch", 12);
	assert_message_has(f, "certificate covers mail.example.net only");
	run_free(r);
	snprintf(yaml, sizeof(yaml),
		 "certificates:\n  - pem: %s\n    hosts: [mail.example.net]\n"
		 "  - pem: %s\n    hosts: [192.0.2.80]\n",
		 both, web);
	r = lint_text(story, yaml);
	assert_quiet(r, "autodiscover-cert-mismatch");
	run_free(r);
	unlink(mail);
	unlink(web);
	unlink(both);
	rmdir(dir);
}


static void cn_only_pem_is_named_as_such_with_its_configuration_line(void **state)
{
	(void)state;
	char dir[] = "/tmp/zonelint-cn-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char cn[512], yaml[2048];
	snprintf(cn, sizeof(cn), "%s/cn.pem", dir);
	const char *m[] = {"mail.example.net"};
	write_pem(cn, m, 0);
	snprintf(yaml, sizeof(yaml),
		 "certificates:\n  - names: [example.net]\n    hosts: [192.0.2.80]\n"
		 "  - pem: %s\n    hosts: [mail.example.net]\n",
		 cn);
	struct run *r = lint_text(story, yaml);
	const struct finding *f = find(r, "autodiscover-cert-mismatch", 12);
	assert_message_has(f, "certificate (subject CN only, no SAN) covers mail.example.net only");
	/* the certificate's source is the file and the configuration line */
	char source[1024];
	snprintf(source, sizeof(source), "%s (/tmp/zonelint-test.yaml:4)", cn);
	const struct cert *c = cert_view_get(r->certs, "192.0.2.25", "autodiscover.example.net");
	assert_non_null(c);
	assert_true(c->from_cn);
	assert_string_equal(c->source, source);
	run_free(r);
	unlink(cn);
	rmdir(dir);
}

/* ---- the SRV record ---- */

static void srv_target_problems_are_each_reported(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "_autodiscover._tcp SRV 0 0 8443 mail\n" /* 11 */
				       "_autodiscover._tcp SRV 0 0 443 alias\n" /* 12 */
				       "_autodiscover._tcp SRV 0 0 443 v6only\n" /* 13 */
				       "_autodiscover._tcp SRV 0 0 443 nothere\n" /* 14 */
				       "alias CNAME mail\n"
				       "v6only AAAA 2001:db8::25\n",
				  CERTS);
	assert_message_has(find(r, "autodiscover-srv-target", 11), "port 8443");
	const struct finding *f = find(r, "autodiscover-srv-target", 12);
	assert_message_has(f, "alias");
	assert_true(has_fix(f, REMEDY_REPLACE,
			    "_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net."));
	f = find(r, "autodiscover-srv-target", 13);
	assert_message_has(f, "AAAA record but no A record");
	assert_int_equal(f->severity, ZL_SEV_WARNING);
	assert_message_has(find(r, "autodiscover-srv-target", 14), "has no address record");
	/* the records are not the general SRV rules' business */
	assert_quiet(r, "srv-target-cname");
	assert_quiet(r, "srv-target-no-address");
	run_free(r);
}

static void srv_target_dot_and_certificate(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "_autodiscover._tcp SRV 0 0 443 web\n", CERTS);
	const struct finding *f = find(r, "autodiscover-srv-target", 11);
	assert_message_has(f, "certificate covers example.net, www.example.net");
	run_free(r);
	r = lint_text(HEAD "_autodiscover._tcp SRV 0 0 0 .\n", CERTS);
	assert_message_has(find(r, "autodiscover-srv-target", 11), "no Autodiscover service");
	run_free(r);
	r = lint_text(HEAD "_autodiscover._tcp SRV 0 0 443 mail\n", CERTS);
	assert_quiet(r, "autodiscover-srv-target");
	assert_quiet(r, "autodiscover-srv-missing");
	run_free(r);
}

static void srv_records_of_different_priorities_are_ambiguous(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "_autodiscover._tcp SRV 0 0 443 mail\n"
				       "_autodiscover._tcp SRV 10 0 443 www\n",
				  CERTS);
	assert_message_has(find(r, "autodiscover-srv-ambiguous", 12), "exchangelib uses 10");
	run_free(r);
	r = lint_text(HEAD "_autodiscover._tcp SRV 0 0 443 mail\n_autodiscover._tcp SRV 0 0 443 www\n",
		      CERTS);
	assert_quiet(r, "autodiscover-srv-ambiguous");
	run_free(r);
}

/* ---- RFC 6186 mail services ---- */

static void mail_service_records_are_checked(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "_imaps._tcp SRV 0 1 993 alias\n" /* 11 */
				       "_submission._tcp SRV 0 1 587 nothere\n" /* 12 */
				       "_submissions._tcp SRV 0 1 587 mail\n" /* 13 */
				       "_pop3._tcp SRV 0 0 0 .\n" /* 14 */
				       "_pop3._tcp SRV 0 1 110 mail\n" /* 15 */
				       "_imap._tcp SRV 0 1 143 web\n" /* 16 */
				       "alias CNAME mail\n",
				  CERTS);
	assert_fires(r, "mail-srv-target-alias", 11);
	assert_fires(r, "mail-srv-target-no-address", 12);
	assert_message_has(find(r, "mail-srv-port", 13), "the port of _submission");
	assert_fires(r, "mail-srv-absent-mixed", 14);
	assert_message_has(find(r, "mail-srv-cert-mismatch", 16), "certificate covers example.net, www.example.net");
	run_free(r);
	r = lint_text(HEAD "_imaps._tcp SRV 0 1 993 mail\n_imap._tcp SRV 0 0 0 .\n", CERTS);
	assert_quiet(r, "mail-srv-target-alias");
	assert_quiet(r, "mail-srv-port");
	assert_quiet(r, "mail-srv-absent-mixed");
	assert_quiet(r, "mail-srv-cert-mismatch");
	run_free(r);
}

/* ---- other discovery names ---- */

static void mta_sts_tls_rpt_dav_and_autoconfig(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "_mta-sts TXT \"v=STSv1; id=bad-id!\"\n" /* 11 */
				       "_smtp._tls TXT \"v=TLSRPTv1; rua=ftp://x\"\n" /* 12 */
				       "_caldavs._tcp SRV 0 1 443 alias\n" /* 13 */
				       "_caldavs._tcp TXT \"path=dav\"\n" /* 14 */
				       "alias CNAME www\n"
				       "* CNAME www\n",
				  CERTS);
	assert_message_has(find(r, "mta-sts-txt", 11), "1 to 32 letters and digits");
	/* mta-sts.example.net exists only through the wildcard */
	assert_fires(r, "mta-sts-host", 16);
	assert_message_has(find(r, "tls-rpt-txt", 12), "neither mailto: nor https:");
	assert_fires(r, "dav-srv-target", 13);
	assert_message_has(find(r, "dav-srv-path", 14), "must start with '/'");
	assert_fires(r, "autoconfig-wildcard", 16);
	run_free(r);
	r = lint_text(HEAD "_mta-sts TXT \"v=STSv1; id=20240101T000000;\"\n"
			   "mta-sts CNAME www\n"
			   "_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tls@example.net\"\n"
			   "autoconfig A 192.0.2.80\n",
		      "certificates:\n  - names: [example.net, www.example.net, mta-sts.example.net]\n"
		      "    hosts: [192.0.2.80]\n");
	assert_quiet(r, "mta-sts-txt");
	assert_quiet(r, "mta-sts-host");
	assert_quiet(r, "tls-rpt-txt");
	assert_quiet(r, "autoconfig-wildcard");
	run_free(r);
}

/* ---- zone integrity ---- */

static void integrity_rules_fire(void **state)
{
	(void)state;
	struct run *r = lint_text("$ORIGIN ex.test.\n$TTL 3600\n"
				  "@ SOA ns1 h 1 2 3 4 5\n" /* 3 */
				  "  NS ns1\n" /* 4 */
				  "  NS alias\n" /* 5 */
				  "  NS nsnoaddr\n" /* 6 */
				  "  MX 10 alias\n" /* 7 */
				  "  MX 20 noaddr\n" /* 8 */
				  "  MX 30 192.0.2.1\n" /* 9 */
				  "ns1 A 192.0.2.1\n" /* 10 */
				  "alias CNAME ns1\n" /* 11 */
				  "alias TXT \"other data\"\n" /* 12 */
				  "_sip._tcp SRV 0 0 5060 alias\n" /* 13 */
				  "_x._tcp SRV 0 0 1 noaddr2\n" /* 14 */
				  "sub NS ns.sub\n" /* 15 */
				  "sub NS ns2.sub\n" /* 16 */
				  "ns.sub A 192.0.2.53\n" /* 17 */
				  "deep.sub TXT \"occluded\"\n" /* 18 */
				  "dup A 192.0.2.10\n" /* 19 */
				  "dup A 192.0.2.10\n" /* 20 */
				  "ttl 100 A 192.0.2.11\n" /* 21 */
				  "ttl 200 A 192.0.2.12\n" /* 22 */
				  "www.other.test. A 192.0.2.13\n" /* 23 */
				  "host_1 A 192.0.2.14\n" /* 24 */
				  "*.wc CNAME ns1\n" /* 25 */
				  "c2 CNAME ns1\n" /* 26 */
				  "c2 CNAME alias\n" /* 27 */
				  "nmx MX 0 .\n" /* 28 */
				  "nmx MX 10 ns1\n" /* 29 */
				  "*.w NS ns1\n" /* 30 */
				  "typo CNAME ns1.ex.test.ex.test.\n" /* 31 */
				  "bad MX 10 mx_1.example.org.\n" /* 32 */
				  "sub.*.lit TXT \"literal\"\n", /* 33 */
				  NULL);
	assert_fires(r, "ns-target-cname", 5);
	assert_fires(r, "ns-missing-glue", 6);
	assert_fires(r, "mx-target-cname", 7);
	assert_fires(r, "mx-target-no-address", 8);
	assert_fires(r, "mx-target-is-address", 9);
	assert_fires(r, "cname-and-other-data", 11);
	assert_fires(r, "srv-target-cname", 13);
	assert_fires(r, "srv-target-no-address", 14);
	assert_message_has(find(r, "ns-missing-glue", 16), "inside the delegation sub.ex.test.");
	assert_fires(r, "occluded-data", 18);
	assert_fires(r, "duplicate-record", 20);
	assert_fires(r, "ttl-mismatch", 22);
	assert_fires(r, "out-of-zone", 23);
	assert_fires(r, "bad-hostname", 24);
	assert_fires(r, "wildcard-cname", 25);
	assert_fires(r, "singleton-type", 27);
	assert_fires(r, "null-mx-mixed", 28);
	assert_fires(r, "wildcard-special-type", 30);
	assert_fires(r, "target-doubled-origin", 31);
	assert_fires(r, "wildcard-not-leftmost", 33);
	assert_null(find(r, "wildcard-not-leftmost", 25));
	const struct finding *f = find(r, "bad-hostname", 32);
	assert_non_null(f);
	assert_int_equal(f->severity, ZL_SEV_WARNING);
	/* glue below the cut is not occluded data */
	assert_null(find(r, "occluded-data", 17));
	/* an MX target in the zone gets a remedy pointing past the alias */
	assert_true(has_fix(find(r, "mx-target-cname", 7), REMEDY_REPLACE, "ex.test. 3600 IN MX 10 ns1.ex.test."));
	run_free(r);
}

static void clean_zone_has_no_integrity_findings(void **state)
{
	(void)state;
	struct run *r = lint_text("$ORIGIN ex.test.\n$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n  NS ns1\n"
				  "  MX 10 mail\nns1 A 192.0.2.1\nmail A 192.0.2.2\n"
				  "_autodiscover._tcp SRV 0 0 443 mail\n"
				  "sub NS ns.sub\nns.sub A 192.0.2.53\n_sip._tcp SRV 0 0 5060 ns1\n"
				  "*.wc A 192.0.2.3\n",
				  NULL);
	if (r->f.count != 0)
		dump(r);
	assert_int_equal(r->f.count, 0);
	run_free(r);
}

static void missing_soa_and_ns_are_reported(void **state)
{
	(void)state;
	struct run *r = lint_text("$ORIGIN ex.test.\n$TTL 60\nwww A 192.0.2.1\n", NULL);
	assert_fires(r, "soa-missing", 1);
	assert_fires(r, "ns-missing", 1);
	run_free(r);
}

/* ---- configuration and suppression ---- */

static void configuration_sets_severities_and_turns_rules_off(void **state)
{
	(void)state;
	struct run *r = lint_text(story, CERTS "rules:\n  autodiscover-srv-missing: error\n"
						"  autodiscover-cert-mismatch: off\n");
	assert_int_equal(find(r, "autodiscover-srv-missing", 5)->severity, ZL_SEV_ERROR);
	assert_quiet(r, "autodiscover-cert-mismatch");
	run_free(r);
}

static void inline_comments_silence_one_rule(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "* A 192.0.2.80\n"
				       "; zonelint: ignore autodiscover-cert-mismatch\n"
				       "autodiscover CNAME mail\n"
				       "dup A 192.0.2.1 ; zonelint: ignore duplicate-record\n"
				       "dup A 192.0.2.1 ; zonelint: ignore duplicate-record\n"
				       "dup2 A 192.0.2.1\n"
				       "dup2 A 192.0.2.1 ; zonelint: ignore ttl-mismatch\n",
				  CERTS);
	assert_quiet(r, "autodiscover-cert-mismatch");
	assert_fires(r, "autodiscover-srv-missing", 5);
	assert_null(find(r, "duplicate-record", 15));
	assert_fires(r, "duplicate-record", 17);
	run_free(r);
}

static void a_comment_above_an_rrset_speaks_for_all_its_records(void **state)
{
	(void)state;
	/* ns2.sub has no glue: the finding is on the second NS line (12) */
	const char *zone = HEAD "sub NS ns1.sub\n"     /* 11 */
				"sub NS ns2.sub\n"     /* 12 */
				"ns1.sub A 192.0.2.54\n";
	struct run *r = lint_text(zone, CERTS);
	assert_fires(r, "ns-missing-glue", 12);
	run_free(r);
	/* a comment alone above the first NS record silences it */
	r = lint_text(HEAD "; zonelint: ignore ns-missing-glue\n"
			   "sub NS ns1.sub\n"
			   "sub NS ns2.sub\n"
			   "ns1.sub A 192.0.2.54\n",
		      CERTS);
	assert_quiet(r, "ns-missing-glue");
	run_free(r);
	/* the comment of the record on the line above is that record's, not
	 * the RRset's */
	r = lint_text(HEAD "www2 A 192.0.2.80 ; zonelint: ignore ns-missing-glue\n"
			   "sub NS ns1.sub\n"
			   "sub NS ns2.sub\n"
			   "ns1.sub A 192.0.2.54\n",
		      CERTS);
	assert_fires(r, "ns-missing-glue", 13);
	run_free(r);
}

static void a_mistyped_rule_in_a_comment_is_reported_with_the_nearest_id(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "; zonelint: ignore ttl-mismach\n" /* 11 */
				       "www 300 A 192.0.2.81\n",
				  CERTS);
	assert_fires(r, "ignore-unknown-rule", 11);
	assert_message_has(find(r, "ignore-unknown-rule", 11),
			   "names rule 'ttl-mismach', which does not exist (did you mean 'ttl-mismatch'?)");
	/* it silenced nothing */
	assert_fires(r, "ttl-mismatch", 0);
	assert_int_equal(find(r, "ignore-unknown-rule", 11)->severity, ZL_SEV_ERROR);
	run_free(r);
	/* "ignore" mistyped */
	r = lint_text(HEAD "www2 A 192.0.2.80 ; zonelint: ignroe ttl-mismatch\n", CERTS);
	assert_message_has(find(r, "ignore-unknown-rule", 11),
			   "'; zonelint: ignroe' is no zonelint comment (did you mean 'ignore'?)");
	run_free(r);
	/* ids that exist, and prose after them, are no finding */
	r = lint_text(HEAD "; zonelint: ignore ttl-mismatch, as the CDN wants it\n"
			   "www 300 A 192.0.2.81\n"
			   "; zonelint: ignore\n"
			   "www3 A 192.0.2.80\n"
			   "; managed by zonelint: do not edit\n",
		      CERTS);
	assert_quiet(r, "ignore-unknown-rule");
	assert_quiet(r, "ttl-mismatch");
	run_free(r);
	/* the rule can be turned off like any other */
	r = lint_text(HEAD "; zonelint: ignore ttl-mismach\n", CERTS "rules:\n  ignore-unknown-rule: off\n");
	assert_quiet(r, "ignore-unknown-rule");
	run_free(r);
}

static void an_aliased_mx_beside_an_mx_for_its_end_is_deleted(void **state)
{
	(void)state;
	/* the apex has MX 10 mail already: MX 20 relay, relay being an alias
	 * of mail, goes rather than becoming a second MX for mail */
	struct run *r = lint_text(HEAD "@ MX 20 relay\n" /* 11 */
				       "relay CNAME mail\n",
				  CERTS);
	const struct finding *f = find(r, "mx-target-cname", 11);
	assert_non_null(f);
	assert_int_equal(f->fix_count, 1);
	assert_true(has_fix(f, REMEDY_DELETE, "example.net. 3600 IN MX 20 relay.example.net."));
	run_free(r);
}

/* Lints text with the digest and serial of previous as its previous
 * version (lint --previous). */
static struct run *lint_after(const char *previous, const char *text)
{
	struct zone *prev = load_zone_text("t.zone", previous);
	struct lint_previous p = {"HEAD", zone_soa_serial(prev), lint_records_digest(prev)};
	zone_free(prev);
	struct run *r = calloc(1, sizeof(*r));
	zone_set_init(&r->set);
	assert_int_equal(zone_set_add(&r->set, load_zone_text("t.zone", text), NULL), ZL_OK);
	r->cfg = config_new_empty();
	struct zl_error err;
	zl_error_clear(&err);
	findings_init(&r->f);
	struct lint_options lo = {r->cfg, NULL, &p};
	assert_int_equal(lint_zone(r->set.zones[0], &r->set, &lo, &r->f, &err), ZL_OK);
	return r;
}

#define SERIAL_ZONE(serial, www)                                                                   \
	"$ORIGIN example.org.\n$TTL 3600\n"                                                         \
	"@ SOA ns1 hostmaster " serial " 7200 3600 1209600 3600\n"                                 \
	"  NS ns1\n"                                                                               \
	"ns1 A 192.0.2.53\n"                                                                       \
	"www A " www "\n"

static void serial_not_increased_fires_when_records_change_under_the_same_serial(void **state)
{
	(void)state;
	struct run *r = lint_after(SERIAL_ZONE("1", "192.0.2.80"), SERIAL_ZONE("1", "192.0.2.81"));
	assert_fires(r, "serial-not-increased", 3);
	assert_message_has(find(r, "serial-not-increased", 3),
			   "the records changed since HEAD but the SOA serial is still 1");
	run_free(r);
	/* a serial that went down (RFC 1982: 2^31 + 5 is not above 5) */
	r = lint_after(SERIAL_ZONE("5", "192.0.2.80"), SERIAL_ZONE("2147483653", "192.0.2.81"));
	assert_message_has(find(r, "serial-not-increased", 3), "went from 5 to 2147483653");
	run_free(r);
	/* a TTL is a change too */
	r = lint_after(SERIAL_ZONE("1", "192.0.2.80"),
		       "$ORIGIN example.org.\n$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 3600\n"
		       "  NS ns1\nns1 A 192.0.2.53\nwww 300 A 192.0.2.80\n");
	assert_fires(r, "serial-not-increased", 3);
	run_free(r);
}

static void serial_not_increased_is_quiet_when_the_served_records_are_the_same(void **state)
{
	(void)state;
	/* the serial grew (RFC 1982 wraps: 4294967295 -> 0 grows) */
	struct run *r = lint_after(SERIAL_ZONE("1", "192.0.2.80"), SERIAL_ZONE("2", "192.0.2.81"));
	assert_quiet(r, "serial-not-increased");
	run_free(r);
	r = lint_after(SERIAL_ZONE("4294967295", "192.0.2.80"), SERIAL_ZONE("0", "192.0.2.81"));
	assert_quiet(r, "serial-not-increased");
	run_free(r);
	/* other order, comments, case, a duplicate, absolute names: the same
	 * records */
	r = lint_after(SERIAL_ZONE("1", "192.0.2.80"),
		       "; rewritten\n$ORIGIN example.org.\n$TTL 3600\n"
		       "www.EXAMPLE.org. A 192.0.2.80 ; the web\n"
		       "WWW A 192.0.2.80\n"
		       "example.org. SOA NS1 hostmaster 1 7200 3600 1209600 3600\n"
		       "ns1 A 192.0.2.53\n"
		       "@ NS ns1.example.org.\n");
	assert_quiet(r, "serial-not-increased");
	run_free(r);
}

static void configured_mail_domains_replace_the_mx_owners(void **state)
{
	(void)state;
	struct run *r = lint_text(story, CERTS "mail:\n  domains: [sub.example.net]\n");
	/* example.net is no mail domain now: its autodiscover CNAME is not judged;
	 * the wildcard answers for sub.example.net and its autodiscover name */
	assert_null(find(r, "autodiscover-cert-mismatch", 12));
	assert_null(find(r, "autodiscover-srv-missing", 5));
	assert_fires(r, "autodiscover-wildcard", 11);
	const struct finding *f = find(r, "autodiscover-srv-missing", 0);
	assert_message_has(f, "sub.example.net has no _autodiscover._tcp SRV record");
	run_free(r);
	r = lint_text(story, CERTS "mail:\n  autodiscover-host: exchange.example.com\n");
	f = find(r, "autodiscover-srv-missing", 5);
	assert_true(has_fix(f, REMEDY_ADD,
			    "_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 exchange.example.com."));
	run_free(r);
}

/* ---- added: wildcards, certificate hosts, explain's domain ---- */

static void empty_non_terminal_blocks_the_wildcard_for_autodiscover(void **state)
{
	(void)state;
	/* x.autodiscover makes autodiscover exist (RFC 4592 2.2.2): NODATA, not the wildcard */
	struct run *r = lint_text(HEAD "* A 192.0.2.80\nx.autodiscover TXT \"below\"\n", CERTS);
	assert_quiet(r, "autodiscover-wildcard");
	assert_quiet(r, "autodiscover-cert-mismatch");
	assert_message_has(find(r, "autodiscover-srv-missing", 5), "autodiscover.example.net has no address");
	run_free(r);
}

static void wildcard_without_address_or_alias_does_not_fire(void **state)
{
	(void)state;
	/* NODATA for A and AAAA: Outlook moves on cleanly */
	struct run *r = lint_text(HEAD "* TXT \"catch-all\"\n* MX 10 mail\n", CERTS);
	assert_quiet(r, "autodiscover-wildcard");
	assert_quiet(r, "autodiscover-cert-mismatch");
	run_free(r);
	/* AAAA only is an address too */
	r = lint_text(HEAD "* AAAA 2001:db8::80\n", CERTS);
	const struct finding *f = find(r, "autodiscover-wildcard", 11);
	assert_non_null(f);
	assert_int_equal(f->severity, ZL_SEV_ERROR);
	assert_message_has(f, "2001:db8::80, whose certificate is not known");
	run_free(r);
}

static void wildcard_with_unknown_certificate_is_an_error_with_the_fix(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "* A 192.0.2.99\n", CERTS);
	const struct finding *f = find(r, "autodiscover-wildcard", 11);
	assert_non_null(f);
	assert_int_equal(f->severity, ZL_SEV_ERROR);
	assert_message_has(f, "Outlook reaches 192.0.2.99, whose certificate is not known");
	assert_true(has_fix(f, REMEDY_ADD, "autodiscover.example.net. 3600 IN TXT \"autodiscover via SRV\""));
	assert_true(has_fix(f, REMEDY_ADD, "_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net."));
	run_free(r);
}

static void wildcard_cname_to_a_covering_host_is_a_note(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "* CNAME mail\n",
				  "certificates:\n  - names: [mail.example.net, autodiscover.example.net]\n"
				  "    hosts: [mail.example.net]\n");
	const struct finding *f = find(r, "autodiscover-wildcard", 11);
	assert_non_null(f);
	assert_int_equal(f->severity, ZL_SEV_NOTE);
	assert_int_equal(f->fix_count, 0);
	run_free(r);
}

static void certificate_host_outside_the_zones_is_where_the_chain_lands(void **state)
{
	(void)state;
	const char *zone = HEAD "autodiscover CNAME exch.hoster.example.\n"; /* 11 */
	struct run *r = lint_text(zone, CERTS "  - names: [exch.hoster.example]\n"
					      "    hosts: [exch.hoster.example]\n");
	const struct finding *f = find(r, "autodiscover-cert-mismatch", 11);
	assert_message_has(f, "autodiscover.example.net → CNAME exch.hoster.example → (outside the loaded "
			      "zones) → certificate host exch.hoster.example, certificate covers "
			      "exch.hoster.example only");
	assert_true(has_fix(f, REMEDY_DELETE, "autodiscover.example.net. 3600 IN CNAME exch.hoster.example."));
	assert_message_has(find(r, "autodiscover-srv-missing", 5),
			   "presents a certificate for exch.hoster.example only");
	run_free(r);
	/* the hoster's certificate names the domain's autodiscover: it works */
	r = lint_text(zone, CERTS "  - names: [exch.hoster.example, autodiscover.example.net]\n"
				  "    hosts: [exch.hoster.example]\n");
	if (r->f.count != 0)
		dump(r);
	assert_int_equal(r->f.count, 0);
	run_free(r);
	/* not listed: nothing is known, as before */
	r = lint_text(zone, CERTS);
	assert_quiet(r, "autodiscover-cert-mismatch");
	assert_message_has(find(r, "autodiscover-srv-missing", 5), "no certificate is known");
	run_free(r);
}

static void certificate_host_outside_the_zones_serves_an_srv_target(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "_autodiscover._tcp SRV 0 0 443 exch.hoster.example.\n",
				  CERTS "  - names: [other.hoster.example]\n"
					"    hosts: [exch.hoster.example]\n");
	assert_message_has(find(r, "autodiscover-srv-target", 11),
			   "certificate covers other.hoster.example only");
	run_free(r);
}

/* Lints like explain DOMAIN does, with its simulation. */
static struct run *explain_text(const char *zone, const char *yaml, const char *domain,
				struct discovery *d)
{
	struct run *r = calloc(1, sizeof(*r));
	zone_set_init(&r->set);
	assert_int_equal(zone_set_add(&r->set, load_zone_text("t.zone", zone), NULL), ZL_OK);
	struct zl_error err;
	zl_error_clear(&err);
	r->cfg = yaml != NULL ? NULL : config_new_empty();
	if (yaml != NULL)
		assert_int_equal(config_load_string(yaml, strlen(yaml), "/tmp/t.yaml", &r->cfg, &err), ZL_OK);
	assert_int_equal(cert_view_new(r->cfg, &r->set, false, 0, &r->certs, &err), ZL_OK);
	findings_init(&r->f);
	struct lint_options lo = {r->cfg, r->certs, NULL};
	uint8_t name[ZONE_NAME_MAX];
	assert_int_equal(zone_name_from_text(domain, NULL, name, NULL), ZL_OK);
	assert_int_equal(lint_zone_explain(r->set.zones[0], &r->set, &lo, name, d, &r->f, &err), ZL_OK);
	return r;
}

static void explained_domain_without_mx_is_simulated_and_judged(void **state)
{
	(void)state;
	struct discovery d;
	discovery_init(&d);
	struct run *r = explain_text(HEAD "* A 192.0.2.80\n", CERTS, "sub.example.net", &d);
	/* the simulation the rules judged is the one explain prints */
	assert_string_equal(d.domain, "sub.example.net");
	assert_true(d.step[1].via_wildcard);
	assert_int_equal(d.step[1].outcome, OUTCOME_CERT_WARNING);
	const struct finding *f = NULL;
	for (size_t i = 0; i < r->f.count; i++)
		if (strcmp(r->f.v[i].rule->id, "autodiscover-wildcard") == 0 && r->f.v[i].domain != NULL &&
		    strcmp(r->f.v[i].domain, "sub.example.net") == 0)
			f = &r->f.v[i];
	assert_message_has(f, "autodiscover.sub.example.net is answered by the wildcard *.example.net");
	assert_int_equal(f->line, 11);
	assert_true(has_fix(f, REMEDY_ADD, "autodiscover.sub.example.net. 3600 IN TXT \"autodiscover via SRV\""));
	/* example.net's own findings name example.net */
	f = find(r, "autodiscover-srv-missing", 5);
	assert_non_null(f);
	assert_string_equal(f->domain, "example.net");
	run_free(r);
	discovery_free(&d);
	/* a plain lint run does not look at sub.example.net */
	r = lint_text(HEAD "* A 192.0.2.80\n", CERTS);
	for (size_t i = 0; i < r->f.count; i++)
		assert_null(strstr(r->f.v[i].message, "sub.example.net"));
	run_free(r);
}

static void mail_domain_is_what_lint_checks(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "nomail A 192.0.2.1\nnull MX 0 .\n", NULL);
	const struct zone *z = r->set.zones[0];
	uint8_t n[ZONE_NAME_MAX];
	name_wire("example.net.", n);
	assert_true(lint_is_mail_domain(z, r->cfg, n));
	name_wire("nomail.example.net.", n);
	assert_false(lint_is_mail_domain(z, r->cfg, n));
	name_wire("null.example.net.", n);
	assert_false(lint_is_mail_domain(z, r->cfg, n));
	run_free(r);
	r = lint_text(HEAD, "mail:\n  domains: [nomail.example.net]\n");
	z = r->set.zones[0];
	name_wire("nomail.example.net.", n);
	assert_true(lint_is_mail_domain(z, r->cfg, n));
	name_wire("example.net.", n);
	assert_false(lint_is_mail_domain(z, r->cfg, n));
	run_free(r);
}

static void certificate_names_that_are_no_dns_names_are_config_errors(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"certificates:\n  - names: [1, 2]\n    hosts: [192.0.2.80]\n",
		"certificates:\n  - names: [\"a b\"]\n    hosts: [192.0.2.80]\n",
		"certificates:\n  - names: [mail.example.net, 192.0.2.25]\n    hosts: [192.0.2.80]\n",
		"certificates:\n  - names: [mail.example.net]\n    hosts: [\"mail example\"]\n",
	};
	static const char *const why[] = {"'1' is not a DNS name", "'a b' is not a DNS name",
					  "'192.0.2.25' is not a DNS name: it is an IP address",
					  "hosts: 'mail example' is not a DNS name"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct config *cfg = NULL;
		struct zl_error err;
		zl_error_clear(&err);
		assert_int_equal(config_load_string(bad[i], strlen(bad[i]), "/tmp/z.yaml", &cfg, &err), ZL_OK);
		struct zone_set set;
		zone_set_init(&set);
		assert_int_equal(zone_set_add(&set, load_zone_text("t.zone", HEAD), NULL), ZL_OK);
		struct cert_view *v = NULL;
		assert_int_equal(cert_view_new(cfg, &set, false, 0, &v, &err), ZL_ECONFIG);
		assert_null(v);
		assert_string_equal(err.file, "/tmp/z.yaml");
		assert_int_equal(err.line, 2);
		if (strstr(err.message, why[i]) == NULL)
			print_error("%s\n  lacks: %s\n", err.message, why[i]);
		assert_non_null(strstr(err.message, why[i]));
		zone_set_free(&set);
		config_free(cfg);
	}
}

/* ---- RFC 6186 services, each rule on several of them ---- */

static void mail_srv_rules_fire_on_several_services_pop3s_included(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "_pop3s._tcp SRV 0 1 995 alias\n" /* 11 */
				       "_submissions._tcp SRV 0 1 465 alias\n" /* 12 */
				       "alias CNAME mail\n",
				  CERTS);
	assert_message_has(find(r, "mail-srv-target-alias", 11), "of _pop3s._tcp.example.net. is an alias");
	assert_message_has(find(r, "mail-srv-target-alias", 12), "of _submissions._tcp.example.net. is an alias");
	assert_true(has_fix(find(r, "mail-srv-target-alias", 11), REMEDY_REPLACE,
			    "_pop3s._tcp.example.net. 3600 IN SRV 0 1 995 mail.example.net."));
	run_free(r);
	r = lint_text(HEAD "_pop3s._tcp SRV 0 1 995 nothere\n_imap._tcp SRV 0 1 143 nothere\n", CERTS);
	assert_message_has(find(r, "mail-srv-target-no-address", 11), "_pop3s._tcp.example.net.");
	assert_message_has(find(r, "mail-srv-target-no-address", 12), "_imap._tcp.example.net.");
	run_free(r);
	r = lint_text(HEAD "_pop3s._tcp SRV 0 1 995 web\n_submission._tcp SRV 0 1 587 web\n", CERTS);
	assert_message_has(find(r, "mail-srv-cert-mismatch", 11), "pop3s (POP3 over implicit TLS)");
	assert_message_has(find(r, "mail-srv-cert-mismatch", 12), "submission (message submission with STARTTLS)");
	run_free(r);
	r = lint_text(HEAD "_pop3s._tcp SRV 0 1 993 mail\n" /* 11 */
			   "_imap._tcp SRV 0 1 993 mail\n"  /* 12 */
			   "_pop3._tcp SRV 0 1 2110 mail\n", /* 13 */
		      CERTS);
	assert_message_has(find(r, "mail-srv-port", 11), "_pop3s uses port 993, the port of _imaps");
	assert_message_has(find(r, "mail-srv-port", 12), "_imap uses port 993, the port of _imaps");
	const struct finding *f = find(r, "mail-srv-port", 13);
	assert_message_has(f, "_pop3 uses port 2110");
	assert_int_equal(f->severity, ZL_SEV_NOTE);
	run_free(r);
	r = lint_text(HEAD "_pop3s._tcp SRV 0 0 0 .\n_pop3s._tcp SRV 0 1 995 mail\n" /* 11, 12 */
			   "_imaps._tcp SRV 0 0 0 .\n_imaps._tcp SRV 0 1 993 mail\n", /* 13, 14 */
		      CERTS);
	assert_fires(r, "mail-srv-absent-mixed", 11);
	assert_fires(r, "mail-srv-absent-mixed", 13);
	assert_true(has_fix(find(r, "mail-srv-absent-mixed", 11), REMEDY_DELETE,
			    "_pop3s._tcp.example.net. 3600 IN SRV 0 0 0 ."));
	run_free(r);
}

static void mail_srv_wildcard_names_the_services_it_answers(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "* SRV 0 0 443 www\n", CERTS);
	const struct finding *f = find(r, "mail-srv-wildcard", 11);
	assert_message_has(f, "the wildcard *.example.net answers the mail service names _submissions, "
			      "_submission, _imaps, _imap, _pop3s, _pop3 of example.net with an SRV record "
			      "for www.example.net");
	run_free(r);
	/* a wildcard under _tcp answers only the names that do not exist */
	r = lint_text(HEAD "_imaps._tcp SRV 0 1 993 mail\n*._tcp CNAME www\n", CERTS);
	f = find(r, "mail-srv-wildcard", 12);
	assert_message_has(f, "mail service names _submissions, _submission, _imap, _pop3s, _pop3 of "
			      "example.net with an alias of www.example.net");
	run_free(r);
}

static void mail_and_dav_targets_that_resolve_do_not_fire(void **state)
{
	(void)state;
	struct run *r = lint_text(HEAD "_pop3s._tcp SRV 0 1 995 v6only\n"
				       "_imaps._tcp SRV 0 1 993 mail.example.org.\n"
				       "_imap._tcp SRV 0 0 0 .\n"
				       "_caldavs._tcp SRV 0 1 443 mail\n"
				       "_caldavs._tcp TXT \"txtvers=1\" \"path=/dav/cal/\"\n"
				       "_carddavs._tcp SRV 0 1 443 v6only\n"
				       "_carddavs._tcp TXT \"path=/\"\n"
				       "_caldav._tcp SRV 0 0 0 .\n"
				       "v6only AAAA 2001:db8::25\n",
				  NULL);
	assert_quiet(r, "mail-srv-target-no-address");
	assert_quiet(r, "mail-srv-target-alias");
	assert_quiet(r, "dav-srv-target");
	assert_quiet(r, "dav-srv-path");
	run_free(r);
}

/* ---- zone integrity: the new classes and the near misses ---- */

#define ITEST "$ORIGIN ex.test.\n$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n  NS ns1\nns1 A 192.0.2.1\n" /* 1-5 */

static void soa_below_the_apex_is_an_error_with_a_delete(void **state)
{
	(void)state;
	struct run *r = lint_text(ITEST "sub SOA ns1 h 1 2 3 4 5\n" /* 6 */
					"www A 192.0.2.2\n",
				  NULL);
	const struct finding *f = find(r, "soa-not-at-apex", 6);
	assert_non_null(f);
	assert_int_equal(f->severity, ZL_SEV_ERROR);
	assert_message_has(f, "sub.ex.test. has an SOA record, but an SOA belongs only at the zone's apex ex.test.");
	assert_true(has_fix(f, REMEDY_DELETE, "sub.ex.test. 3600 IN SOA ns1.ex.test. h.ex.test. 1 2 3 4 5"));
	assert_quiet(r, "soa-missing");
	run_free(r);
	/* a zone whose only SOA is below the origin given: both said */
	struct zone_set set;
	zone_set_init(&set);
	struct zone *z = NULL;
	struct zl_error err;
	struct zone_load_options opt = {.origin = "ex.test."};
	static const char text[] = "$TTL 3600\nsub.ex.test. SOA ns1.ex.test. h.ex.test. 1 2 3 4 5\n"
				   "ex.test. NS ns1.ex.test.\nns1.ex.test. A 192.0.2.1\n";
	assert_int_equal(zone_load_string(text, strlen(text), "o.zone", &opt, &z, &err), ZL_OK);
	assert_int_equal(zone_set_add(&set, z, NULL), ZL_OK);
	struct config *cfg = config_new_empty();
	struct findings fs;
	findings_init(&fs);
	struct lint_options lo = {cfg, NULL, NULL};
	assert_int_equal(lint_zone(z, &set, &lo, &fs, &err), ZL_OK);
	bool missing = false, below = false;
	for (size_t i = 0; i < fs.count; i++) {
		missing = missing || strcmp(fs.v[i].rule->id, "soa-missing") == 0;
		below = below || (strcmp(fs.v[i].rule->id, "soa-not-at-apex") == 0 && fs.v[i].line == 2);
	}
	assert_true(missing);
	assert_true(below);
	findings_free(&fs);
	config_free(cfg);
	zone_set_free(&set);
}

static void address_written_as_name_server_is_reported(void **state)
{
	(void)state;
	struct run *r = lint_text(ITEST "sub NS 192.0.2.2\n" /* 6 */
					"sub2 NS 192.0.2.3.\n", /* 7 */
				  NULL);
	const struct finding *f = find(r, "ns-target-is-address", 6);
	assert_message_has(f, "the NS target 192.0.2.2.ex.test looks like an IP address");
	assert_int_equal(f->severity, ZL_SEV_WARNING);
	assert_fires(r, "ns-target-is-address", 7);
	run_free(r);
}

static void spf_type_without_txt_twin_gets_the_txt(void **state)
{
	(void)state;
	struct run *r = lint_text(ITEST "@ SPF \"v=spf1 mx -all\"\n" /* 6 */
					"a SPF \"v=spf1 -all\"\n" /* 7 */
					"a TXT \"v=spf1x -all\"\n" /* 8 */
					"b SPF \"not a policy\"\n", /* 9 */
				  NULL);
	const struct finding *f = find(r, "spf-without-txt", 6);
	assert_message_has(f, "ex.test. has an SPF-type record but no TXT record starting with v=spf1");
	assert_true(has_fix(f, REMEDY_ADD, "ex.test. 3600 IN TXT \"v=spf1 mx -all\""));
	assert_fires(r, "spf-without-txt", 7);
	f = find(r, "spf-without-txt", 9);
	assert_non_null(f);
	assert_int_equal(f->fix_count, 0);
	run_free(r);
}

static void target_below_a_dname_is_an_alias_named_with_the_dname(void **state)
{
	(void)state;
	struct run *r = lint_text(ITEST "  MX 10 mx.d\n" /* 6 */
					"d DNAME other.test.\n" /* 7 */
					"_x._tcp SRV 0 0 1 srv.d\n" /* 8 */
					"sub NS ns.d\n", /* 9 */
				  NULL);
	assert_message_has(find(r, "mx-target-cname", 6),
			   "the MX target mx.d.ex.test is below the DNAME at d.ex.test., so it is an alias of "
			   "mx.other.test");
	assert_fires(r, "srv-target-cname", 8);
	assert_message_has(find(r, "ns-target-cname", 9), "below the DNAME at d.ex.test.");
	run_free(r);
}

static void duplicate_message_quotes_the_copy_with_single_spaces(void **state)
{
	(void)state;
	struct run *r = lint_text(ITEST "dup 300 A 192.0.2.9\n" /* 6 */
					"dup 600 A 192.0.2.9\n", /* 7 */
				  NULL);
	const struct finding *f = find(r, "duplicate-record", 7);
	assert_message_has(f, "dup.ex.test. 600 IN A 192.0.2.9 repeats the record on line 6");
	assert_null(strchr(f->message, '\t'));
	assert_true(has_fix(f, REMEDY_DELETE, "dup.ex.test. 600 IN A 192.0.2.9"));
	assert_int_equal(f->fix[0].line, 7);
	run_free(r);
}

/* Each integrity rule on a zone made to come as close as it can without
 * being the fault. */
static void integrity_rules_stay_quiet_just_short_of_their_fault(void **state)
{
	(void)state;
	static const struct {
		const char *rule;
		const char *body;
	} cases[] = {
		{"soa-missing", ""},
		{"soa-not-at-apex", "sub NS ns1\nsub2 NS ns1.sub2\nns1.sub2 A 192.0.2.7\n"},
		{"ns-missing", ""},
		{"singleton-type", "a CNAME ns1\nb CNAME ns1\nd DNAME other.test.\nd TXT \"beside\"\n"},
		{"cname-and-other-data", "alias CNAME ns1\nalias NSEC zz.ex.test. CNAME RRSIG NSEC\n"
					 "x.alias TXT \"a child is another name\"\n"},
		{"mx-target-cname", "  MX 10 mail\nmail A 192.0.2.2\nmail2 CNAME mail\n"},
		{"ns-target-cname", "  NS ns2\nns2 A 192.0.2.3\nns3 CNAME ns2\n"},
		{"srv-target-cname", "_sip._tcp SRV 0 0 5060 sip\nsip A 192.0.2.4\nsip2 CNAME sip\n"},
		{"mx-target-no-address", "  MX 10 v6\n  MX 20 mail.example.org.\nv6 AAAA 2001:db8::1\n"},
		{"srv-target-no-address", "_sip._tcp SRV 0 0 5060 v6\n_x._tcp SRV 0 0 1 .\nv6 AAAA 2001:db8::1\n"},
		{"ns-missing-glue", "  NS ns2\nns2 AAAA 2001:db8::2\nsub NS ns.sub\nns.sub A 192.0.2.53\n"
				    "sub2 NS ns.example.org.\n"},
		{"mx-target-is-address", "  MX 10 192.0.2.1.in-addr.example.org.\n  MX 20 mx1-192-0-2-1\n"
					 "mx1-192-0-2-1 A 192.0.2.1\n"},
		{"ns-target-is-address", "sub NS 192.0.2.1.in-addr.example.org.\nsub2 NS 1.2.3.ns1\n"
					 "1.2.3.ns1 A 192.0.2.1\n"},
		{"bad-hostname", "_dmarc TXT \"v=DMARC1; p=none\"\nhost-1 A 192.0.2.5\n"
				 "* A 192.0.2.6\n_sip._tcp SRV 0 0 5060 ns1\n"},
		{"null-mx-mixed", "nomail MX 0 .\nmail2 MX 0 ns1\n"},
		{"duplicate-record", "dup A 192.0.2.10\ndup A 192.0.2.11\ndup TXT \"192.0.2.10\"\n"},
		{"spf-without-txt", "@ SPF \"v=spf1 -all\"\n@ TXT \"v=spf1 -all\"\n"
				    "sub NS ns1\nsub SPF \"v=spf1 -all\"\n"},
		{"ttl-mismatch", "t 100 A 192.0.2.11\nt 100 A 192.0.2.12\nt 200 TXT \"other type\"\n"},
		{"out-of-zone", "www.ex.test. A 192.0.2.13\nWWW2.EX.TEST. A 192.0.2.14\n"},
		{"occluded-data", "sub NS ns.sub\nns.sub A 192.0.2.53\nd DNAME other.test.\n"
				  "d TXT \"at the DNAME owner\"\n"},
		{"wildcard-cname", "*.wc A 192.0.2.3\nx.*.wc CNAME ns1\n"},
		{"wildcard-special-type", "* MX 10 ns1\n* TXT \"x\"\n"},
		{"wildcard-not-leftmost", "*.wc A 192.0.2.3\n"},
		{"target-doubled-origin", "typo CNAME ns1.test.ex.test.\nns1.test A 192.0.2.8\n"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char zone[2048];
		snprintf(zone, sizeof(zone), "%s%s", ITEST, cases[i].body);
		struct run *r = lint_text(zone, NULL);
		if (find(r, cases[i].rule, 0) != NULL)
			print_error("case %zu (%s):\n", i, cases[i].rule);
		assert_quiet(r, cases[i].rule);
		run_free(r);
	}
}

/* Findings compared field by field, remedies included. */
static void assert_same_findings(const struct findings *a, const struct findings *b)
{
	assert_int_equal(a->count, b->count);
	assert_int_equal(a->records, b->records);
	for (size_t i = 0; i < a->count; i++) {
		const struct finding *x = &a->v[i], *y = &b->v[i];
		assert_ptr_equal(x->rule, y->rule);
		assert_int_equal(x->severity, y->severity);
		assert_string_equal(x->file, y->file);
		assert_int_equal(x->line, y->line);
		assert_int_equal(x->rr, y->rr);
		assert_string_equal(x->owner, y->owner);
		assert_string_equal(x->domain != NULL ? x->domain : "-", y->domain != NULL ? y->domain : "-");
		assert_string_equal(x->message, y->message);
		assert_int_equal(x->fix_count, y->fix_count);
		for (size_t k = 0; k < x->fix_count; k++) {
			assert_int_equal(x->fix[k].action, y->fix[k].action);
			assert_int_equal(x->fix[k].line, y->fix[k].line);
			char *xr = remedy_record(x->zone, &x->fix[k]), *yr = remedy_record(y->zone, &y->fix[k]);
			assert_string_equal(xr, yr);
			free(xr);
			free(yr);
		}
	}
}

/* The mail domains' checks in several threads: the same findings in the
 * same order as one thread's, also where findings of one rule share a
 * line and a message (a $GENERATE line) and so keep the domains' order. */
static void threads_find_what_one_thread_finds_in_the_same_order(void **state)
{
	(void)state;
	struct zl_buf text;
	zl_buf_init(&text);
	zl_buf_puts(&text, "$ORIGIN ex.test.\n$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n  NS ns1\n"
			   "ns1 A 192.0.2.1\nmail A 192.0.2.25\n");
	/* customers with the hazards of bench/genzone.sh's lint zone */
	for (int c = 0; c < 300; c++) {
		zl_buf_printf(&text, "c%d MX 10 mx.c%d\nmx.c%d A 10.0.%d.1\n", c, c, c, c % 250);
		if (c % 3 == 0)
			zl_buf_printf(&text, "*.c%d A 192.0.2.80\n", c);
		else if (c % 3 == 1)
			zl_buf_printf(&text, "autodiscover.c%d CNAME mail\n", c);
		else
			zl_buf_printf(&text, "_autodiscover._tcp.c%d SRV 0 0 443 mail\n", c);
		if (c % 7 == 0)
			zl_buf_printf(&text, "*.dept.c%d CNAME www.c%d\nwww.c%d CNAME c%d\n", c, c, c, c);
		if (c % 5 == 0)
			zl_buf_printf(&text, "_submission._tcp.c%d SRV 0 1 465 www.c%d\n", c, c);
		zl_buf_printf(&text, "_imaps._tcp.c%d SRV 0 1 993 mx.c%d\n", c, c);
	}
	/* 100 domains whose SRV records all come from one line */
	zl_buf_puts(&text, "$GENERATE 1-100 g$ MX 10 mail\n"
			   "$GENERATE 1-100 _autodiscover._tcp.g$ SRV 0 0 80 mail\n");
	struct zone_set set;
	zone_set_init(&set);
	assert_int_equal(zone_set_add(&set, load_zone_text("t.zone", text.data), NULL), ZL_OK);
	zl_buf_free(&text);
	static const char yaml[] = "certificates:\n  - names: [mail.ex.test]\n    hosts: [mail.ex.test]\n";
	struct config *cfg = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(config_load_string(yaml, strlen(yaml), "/tmp/zonelint-test.yaml", &cfg, &err),
			 ZL_OK);
	struct cert_view *certs = NULL;
	assert_int_equal(cert_view_new(cfg, &set, false, 0, &certs, &err), ZL_OK);
	struct lint_options lo = {cfg, certs, NULL};
	struct findings one;
	findings_init(&one);
	assert_int_equal(lint_zone(set.zones[0], &set, &lo, &one, &err), ZL_OK);
	assert_true(one.count > 500);
	/* the $GENERATE line's port findings, in the domains' canonical order */
	size_t same_line = 0;
	unsigned long line = 0;
	for (size_t i = 0; i < one.count; i++) {
		if (strcmp(one.v[i].rule->id, "autodiscover-srv-target") != 0 ||
		    strstr(one.v[i].message, "uses port 80") == NULL)
			continue;
		if (same_line++ == 0)
			line = one.v[i].line;
		assert_int_equal(one.v[i].line, line);
	}
	assert_int_equal(same_line, 100);
	for (unsigned threads = 2; threads <= 5; threads += 3) {
		struct findings many;
		findings_init(&many);
		assert_int_equal(lint_zone_threads(set.zones[0], &set, &lo, threads, &many, &err), ZL_OK);
		assert_same_findings(&one, &many);
		findings_free(&many);
	}
	findings_free(&one);
	cert_view_free(certs);
	config_free(cfg);
	zone_set_free(&set);
}

/* Names in messages are written as zone_name_to_text writes them: every
 * byte value in a label, every buffer size down to one byte. */
static void names_are_written_as_zone_name_to_text_writes_them(void **state)
{
	(void)state;
	uint8_t name[ZONE_NAME_MAX];
	for (unsigned c = 0; c < 256; c++) {
		static const uint8_t tail[] = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
		name[0] = 3;
		name[1] = 'a';
		name[2] = (uint8_t)c;
		name[3] = 'z';
		memcpy(name + 4, tail, sizeof(tail));
		for (size_t size = 1; size <= 24; size++) {
			char want[32], got[32];
			memset(want, 'x', sizeof(want));
			memset(got, 'x', sizeof(got));
			zone_name_to_text(name, want, size);
			lint_name_text(name, got, size);
			assert_memory_equal(got, want, size);
		}
	}
	name[0] = 0;
	char want[8], got[8];
	for (size_t size = 1; size <= sizeof(want); size++) {
		memset(want, 'x', sizeof(want));
		memset(got, 'x', sizeof(got));
		zone_name_to_text(name, want, size);
		lint_name_text(name, got, size);
		assert_memory_equal(got, want, size);
	}
}

/* Addresses in findings are written as inet_ntop writes them. */
static void addresses_are_written_as_inet_ntop_writes_them(void **state)
{
	(void)state;
	static const uint8_t v6[][16] = {
		{0},
		{[15] = 1},
		{[10] = 0xff, [11] = 0xff, [12] = 192, [14] = 2, [15] = 1},
		{[12] = 192, [14] = 2, [15] = 1},
		{[11] = 0xff, [12] = 1},
		{[10] = 0xff, [11] = 0xfe, [12] = 1, [15] = 9},
		{0x20, 0x01, 0x0d, 0xb8, [15] = 1},
		{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 1, [15] = 1},
		{1, [15] = 0},
		{[8] = 0xff, [9] = 0xff, [12] = 1},
		{0xfe, 0x80, [8] = 0x02, [9] = 0x1a, [10] = 0x2b, [11] = 0xff, [12] = 0xfe, [13] = 0x3c},
	};
	char want[64], got[64];
	for (size_t i = 0; i < sizeof(v6) / sizeof(v6[0]); i++) {
		assert_non_null(inet_ntop(AF_INET6, v6[i], want, sizeof(want)));
		assert_true(lint_address_text(ZT_AAAA, v6[i], 16, got));
		assert_string_equal(got, want);
	}
	/* every pattern of zero and non-zero groups */
	for (unsigned pattern = 0; pattern < 256; pattern++) {
		uint8_t a[16] = {0};
		for (int g = 0; g < 8; g++)
			if (pattern >> g & 1)
				a[2 * g + (g & 1)] = (uint8_t)(0x11 * (g + 1));
		assert_non_null(inet_ntop(AF_INET6, a, want, sizeof(want)));
		assert_true(lint_address_text(ZT_AAAA, a, 16, got));
		assert_string_equal(got, want);
	}
	static const uint8_t v4[][4] = {{0, 0, 0, 0}, {192, 0, 2, 1}, {10, 100, 9, 255}, {255, 255, 255, 255}};
	for (size_t i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		assert_non_null(inet_ntop(AF_INET, v4[i], want, sizeof(want)));
		assert_true(lint_address_text(ZT_A, v4[i], 4, got));
		assert_string_equal(got, want);
	}
	assert_false(lint_address_text(ZT_A, v4[0], 3, got));
	assert_false(lint_address_text(ZT_TXT, v4[0], 4, got));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(origin_story_reports_the_chain_and_the_missing_srv),
		cmocka_unit_test(threads_find_what_one_thread_finds_in_the_same_order),
		cmocka_unit_test(addresses_are_written_as_inet_ntop_writes_them),
		cmocka_unit_test(names_are_written_as_zone_name_to_text_writes_them),
		cmocka_unit_test(corrected_story_is_clean),
		cmocka_unit_test(wildcard_answering_autodiscover_is_named_with_its_line),
		cmocka_unit_test(wildcard_is_blocked_by_an_existing_node),
		cmocka_unit_test(wildcard_does_not_reach_srv_below_an_empty_non_terminal),
		cmocka_unit_test(delegated_autodiscover_is_not_judged),
		cmocka_unit_test(wildcard_certificate_covers_autodiscover),
		cmocka_unit_test(cname_chain_of_three_leads_to_the_certificate_host),
		cmocka_unit_test(unknown_certificate_gives_no_mismatch_but_srv_missing),
		cmocka_unit_test(apex_certificate_mismatch_is_one_severity_lower),
		cmocka_unit_test(exchange_online_cname_is_known_good),
		cmocka_unit_test(certificates_are_read_from_pem_files),
		cmocka_unit_test(srv_target_problems_are_each_reported),
		cmocka_unit_test(srv_target_dot_and_certificate),
		cmocka_unit_test(srv_records_of_different_priorities_are_ambiguous),
		cmocka_unit_test(mail_service_records_are_checked),
		cmocka_unit_test(mta_sts_tls_rpt_dav_and_autoconfig),
		cmocka_unit_test(integrity_rules_fire),
		cmocka_unit_test(clean_zone_has_no_integrity_findings),
		cmocka_unit_test(missing_soa_and_ns_are_reported),
		cmocka_unit_test(configuration_sets_severities_and_turns_rules_off),
		cmocka_unit_test(inline_comments_silence_one_rule),
		cmocka_unit_test(a_comment_above_an_rrset_speaks_for_all_its_records),
		cmocka_unit_test(a_mistyped_rule_in_a_comment_is_reported_with_the_nearest_id),
		cmocka_unit_test(an_aliased_mx_beside_an_mx_for_its_end_is_deleted),
		cmocka_unit_test(serial_not_increased_fires_when_records_change_under_the_same_serial),
		cmocka_unit_test(serial_not_increased_is_quiet_when_the_served_records_are_the_same),
		cmocka_unit_test(configured_mail_domains_replace_the_mx_owners),
		cmocka_unit_test(cn_only_pem_is_named_as_such_with_its_configuration_line),
		cmocka_unit_test(empty_non_terminal_blocks_the_wildcard_for_autodiscover),
		cmocka_unit_test(wildcard_without_address_or_alias_does_not_fire),
		cmocka_unit_test(wildcard_with_unknown_certificate_is_an_error_with_the_fix),
		cmocka_unit_test(wildcard_cname_to_a_covering_host_is_a_note),
		cmocka_unit_test(certificate_host_outside_the_zones_is_where_the_chain_lands),
		cmocka_unit_test(certificate_host_outside_the_zones_serves_an_srv_target),
		cmocka_unit_test(explained_domain_without_mx_is_simulated_and_judged),
		cmocka_unit_test(mail_domain_is_what_lint_checks),
		cmocka_unit_test(certificate_names_that_are_no_dns_names_are_config_errors),
		cmocka_unit_test(mail_srv_rules_fire_on_several_services_pop3s_included),
		cmocka_unit_test(mail_srv_wildcard_names_the_services_it_answers),
		cmocka_unit_test(mail_and_dav_targets_that_resolve_do_not_fire),
		cmocka_unit_test(soa_below_the_apex_is_an_error_with_a_delete),
		cmocka_unit_test(address_written_as_name_server_is_reported),
		cmocka_unit_test(spf_type_without_txt_twin_gets_the_txt),
		cmocka_unit_test(target_below_a_dname_is_an_alias_named_with_the_dname),
		cmocka_unit_test(duplicate_message_quotes_the_copy_with_single_spaces),
		cmocka_unit_test(integrity_rules_stay_quiet_just_short_of_their_fault),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
