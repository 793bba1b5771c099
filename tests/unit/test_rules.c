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

#include "rules/rules.h"

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
	struct lint_options lo = {r->cfg, r->certs};
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
		print_error("  %lu: %s: %s [%s]\n", r->f.v[i].line, zl_severity_name(r->f.v[i].severity),
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
	for (size_t i = 0; i < f->fix_count; i++)
		if (f->fix[i].action == action && strcmp(f->fix[i].record, record) == 0)
			return true;
	return false;
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
	assert_quiet(r, "autodiscover-wildcard");
	assert_quiet(r, "autodiscover-cert-mismatch");
	assert_quiet(r, "autodiscover-srv-missing");
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
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_alt_name, san);
	assert_non_null(ext);
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(origin_story_reports_the_chain_and_the_missing_srv),
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
		cmocka_unit_test(configured_mail_domains_replace_the_mx_owners),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
