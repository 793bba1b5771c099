/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/test_denial.c: zone_lookup with the DO bit (zone/denial.c):
 * which NSEC or NSEC3 RRsets prove each kind of answer (RFC 4035 3.1.3,
 * RFC 5155 7.2), in the order NSD 4.6 adds them, and NSEC3 owners, which
 * are no names of the zone (RFC 5155 7.2.8), with or without DO.
 * tests/server/test_serve_dnssec.sh checks the same against NSD on zones
 * it signs; the hashes here are ldns-nsec3-hash's (salt AABB, 1 iteration). */
#include "testutil.h"

/* Signed as far as the lookup cares: an RRSIG over the apex DNSKEY. */
#define SIGNED_APEX                                                                                \
	"$ORIGIN example.\n$TTL 3600\n"                                                            \
	"@ SOA ns1 hostmaster 1 7200 900 1209600 300\n"                                            \
	"@ NS ns1\n"                                                                               \
	"@ DNSKEY 257 3 13 AAAA\n"                                                                 \
	"@ RRSIG DNSKEY 13 1 3600 20300101000000 20200101000000 1 example. AAAA\n"

static const char nsec_zone[] = SIGNED_APEX
	"@ NSEC *.example. NS SOA RRSIG NSEC DNSKEY\n"
	"*.example. TXT \"wild\"\n"
	"*.example. NSEC a.b.example. TXT RRSIG NSEC\n"
	"a.b.example. A 192.0.2.2\n"
	"a.b.example. NSEC insecure.example. A RRSIG NSEC\n"
	"insecure.example. NS ns.insecure.example.\n"
	"insecure.example. NSEC ns1.example. NS RRSIG NSEC\n"
	"ns.insecure.example. A 192.0.2.9\n"
	"ns1.example. A 192.0.2.1\n"
	"ns1.example. NSEC secure.example. A RRSIG NSEC\n"
	"secure.example. NS ns1.example.\n"
	"secure.example. DS 1 13 2 0000000000000000000000000000000000000000000000000000000000000000\n"
	"secure.example. NSEC example. NS DS RRSIG NSEC\n";

static const char nsec3_zone[] = SIGNED_APEX
	"@ NSEC3PARAM 1 0 1 AABB\n"
	"www A 192.0.2.80\n"
	"de6vp3oqb4tbif48j4p3uvvsi1p8a34b NSEC3 1 0 1 AABB OF6PKDLD9A59E60MALPOE1649RGVJHFC "
	"NS SOA RRSIG DNSKEY NSEC3PARAM\n"
	"of6pkdld9a59e60malpoe1649rgvjhfc NSEC3 1 0 1 AABB DE6VP3OQB4TBIF48J4P3UVVSI1P8A34B A RRSIG\n";

static struct zone_set *set_of(const char *text)
{
	struct zone_set *set = malloc(sizeof(*set));
	zone_set_init(set);
	assert_int_equal(zone_set_add(set, load_zone_text("example.zone", text), NULL), ZL_OK);
	return set;
}

static void set_free(struct zone_set *set)
{
	zone_set_free(set);
	free(set);
}

/* "RCODE | answer: OWNER TYPE, ... | authority: OWNER TYPE, ..." */
static char *ask_owners(const struct zone_set *set, const char *name, const char *type,
			bool dnssec_ok)
{
	uint8_t wire[ZONE_NAME_MAX];
	name_wire(name, wire);
	struct zone_result *r = malloc(sizeof(*r));
	zone_result_init(r);
	r->dnssec_ok = dnssec_ok;
	assert_int_equal(zone_lookup(set, wire, zone_type_from_text(type), r), ZL_OK);
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_puts(&b, rcode_text(r->rcode));
	const struct zone_section *secs[2] = {&r->answer, &r->authority};
	for (int s = 0; s < 2; s++) {
		zl_buf_puts(&b, s == 0 ? " | answer:" : " | authority:");
		for (size_t i = 0; i < secs[s]->count; i++) {
			char owner[ZONE_TEXT_NAME_MAX], t[32];
			zone_name_to_text(secs[s]->rrs[i].owner, owner, sizeof(owner));
			zone_type_to_text(secs[s]->rrs[i].type, t, sizeof(t));
			zl_buf_printf(&b, "%s %s %s", i ? "," : "", owner, t);
		}
	}
	zone_result_free(r);
	free(r);
	return zl_buf_steal(&b);
}

#define assert_owners(set, name, type, dnssec_ok, expected)                                        \
	do {                                                                                       \
		char *got_ = ask_owners((set), (name), (type), (dnssec_ok));                       \
		if (strcmp(got_, (expected)) != 0)                                                 \
			print_error("%s %s\n  expected: %s\n  got:      %s\n", (name), (type),        \
				    (expected), got_);                                             \
		assert_string_equal(got_, (expected));                                             \
		free(got_);                                                                        \
	} while (0)

static void nsec_name_error_denies_the_name_then_the_wildcard(void **state)
{
	(void)state;
	struct zone_set *set = set_of(nsec_zone);
	/* the closest encloser a.b.example. has no wildcard: its NSEC covers
	 * both x.a.b.example. and *.a.b.example., and is given once */
	assert_owners(set, "x.a.b.example.", "A", true,
		      "NXDOMAIN | answer: | authority: a.b.example. NSEC, example. SOA");
	set_free(set);
}

static void nsec_no_data_gives_the_soa_then_the_nsec_of_the_name(void **state)
{
	(void)state;
	struct zone_set *set = set_of(nsec_zone);
	assert_owners(set, "ns1.example.", "TXT", true,
		      "NOERROR | answer: | authority: example. SOA, ns1.example. NSEC");
	/* an empty non-terminal: the NSEC before it in canonical order */
	assert_owners(set, "b.example.", "A", true,
		      "NOERROR | answer: | authority: example. SOA, *.example. NSEC");
	set_free(set);
}

static void nsec_wildcard_answer_proves_the_name_absent(void **state)
{
	(void)state;
	struct zone_set *set = set_of(nsec_zone);
	/* host.example. sorts after b.example.'s names: a.b.example.'s NSEC */
	assert_owners(set, "host.example.", "TXT", true,
		      "NOERROR | answer: host.example. TXT | authority: a.b.example. NSEC, example. NS");
	/* RFC 4035 3.1.3.4: wildcard no data, the NSEC of the wildcard too */
	assert_owners(set, "host.example.", "A", true,
		      "NOERROR | answer: | authority: a.b.example. NSEC, example. SOA, *.example. NSEC");
	set_free(set);
}

static void nsec_referral_carries_ds_or_the_nsec_of_the_cut(void **state)
{
	(void)state;
	struct zone_set *set = set_of(nsec_zone);
	assert_owners(set, "www.secure.example.", "A", true,
		      "NOERROR | answer: | authority: secure.example. NS, secure.example. DS");
	assert_owners(set, "www.insecure.example.", "A", true,
		      "NOERROR | answer: | authority: insecure.example. NS, insecure.example. NSEC");
	assert_owners(set, "www.insecure.example.", "A", false,
		      "NOERROR | answer: | authority: insecure.example. NS");
	set_free(set);
}

static void any_with_do_leaves_rrsig_out(void **state)
{
	(void)state;
	struct zone_set *set = set_of(SIGNED_APEX "only RRSIG A 13 2 3600 20300101000000 "
						 "20200101000000 1 example. AAAA\n");
	assert_owners(set, "only.example.", "ANY", false,
		      "NOERROR | answer: only.example. RRSIG | authority:");
	assert_owners(set, "only.example.", "ANY", true, "NOERROR | answer: | authority: example. SOA");
	set_free(set);
}

static void nsec3_name_error_is_a_closest_encloser_proof(void **state)
{
	(void)state;
	struct zone_set *set = set_of(nsec3_zone);
	/* nope.example. hashes after the apex's hash (covered by it), the
	 * apex matches, *.example. hashes before the first (the last covers) */
	assert_owners(set, "nope.example.", "A", true,
		      "NXDOMAIN | answer: | authority: de6vp3oqb4tbif48j4p3uvvsi1p8a34b.example. NSEC3,"
		      " of6pkdld9a59e60malpoe1649rgvjhfc.example. NSEC3, example. SOA");
	assert_owners(set, "nope.example.", "A", false, "NXDOMAIN | answer: | authority: example. SOA");
	set_free(set);
}

static void nsec3_no_data_gives_the_nsec3_of_the_name(void **state)
{
	(void)state;
	struct zone_set *set = set_of(nsec3_zone);
	assert_owners(set, "www.example.", "TXT", true,
		      "NOERROR | answer: | authority: example. SOA,"
		      " of6pkdld9a59e60malpoe1649rgvjhfc.example. NSEC3");
	set_free(set);
}

static void nsec3_owner_is_no_name_of_the_zone(void **state)
{
	(void)state;
	struct zone_set *set = set_of(nsec3_zone);
	assert_owners(set, "of6pkdld9a59e60malpoe1649rgvjhfc.example.", "NSEC3", false,
		      "NXDOMAIN | answer: | authority: example. SOA");
	assert_owners(set, "OF6PKDLD9A59E60MALPOE1649RGVJHFC.example.", "A", false,
		      "NXDOMAIN | answer: | authority: example. SOA");
	set_free(set);
}

static void nsec3_question_is_answered_with_no_data(void **state)
{
	(void)state;
	struct zone_set *set = set_of(nsec3_zone);
	assert_owners(set, "www.example.", "NSEC3", false,
		      "NOERROR | answer: | authority: example. SOA");
	set_free(set);
}

static void apex_dname_rewrites_only_names_the_apex_encloses(void **state)
{
	(void)state;
	struct zone_set *set = set_of("$ORIGIN example.\n$TTL 3600\n"
				      "@ SOA ns1 hostmaster 1 7200 900 1209600 300\n"
				      "@ NS ns1.example.net.\n@ DNAME example.org.\n"
				      "www A 192.0.2.1\n");
	assert_owners(set, "mail.example.", "A", false,
		      "NOERROR | answer: example. DNAME, mail.example. CNAME | authority:");
	/* NSD: below an existing name the data there answers (find_dname_above) */
	assert_owners(set, "www.example.", "A", false, "NOERROR | answer: www.example. A | authority: example. NS");
	assert_owners(set, "x.www.example.", "A", false, "NXDOMAIN | answer: | authority: example. SOA");
	set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nsec_name_error_denies_the_name_then_the_wildcard),
		cmocka_unit_test(nsec_no_data_gives_the_soa_then_the_nsec_of_the_name),
		cmocka_unit_test(nsec_wildcard_answer_proves_the_name_absent),
		cmocka_unit_test(nsec_referral_carries_ds_or_the_nsec_of_the_cut),
		cmocka_unit_test(any_with_do_leaves_rrsig_out),
		cmocka_unit_test(nsec3_name_error_is_a_closest_encloser_proof),
		cmocka_unit_test(nsec3_no_data_gives_the_nsec3_of_the_name),
		cmocka_unit_test(nsec3_owner_is_no_name_of_the_zone),
		cmocka_unit_test(nsec3_question_is_answered_with_no_data),
		cmocka_unit_test(apex_dname_rewrites_only_names_the_apex_encloses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
