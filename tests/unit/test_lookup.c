/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/test_lookup.c: zone_lookup against RFC 1034 4.3.2, RFC 4592,
 * RFC 6672 and the choices NSD makes (checked against NSD 4.6 by
 * tests/server/nsd_oracle; here each behaviour is pinned by name). */
#include "testutil.h"

#define SOA_LINE "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
#define NEG "example.net. 300 SOA ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 300"
#define APEX_NS "example.net. 3600 NS ns1.example.net."
#define NS1_A "ns1.example.net. 3600 A 192.0.2.1"

static struct zone_set *set_of(const char *name, const char *text)
{
	struct zone_set *set = malloc(sizeof(*set));
	zone_set_init(set);
	assert_int_equal(zone_set_add(set, load_zone_text(name, text), NULL), ZL_OK);
	return set;
}

static void set_free(struct zone_set *set)
{
	zone_set_free(set);
	free(set);
}

/* ---- RFC 4592 2.2.1: every row of the example ---- */

static const char rfc4592_zone[] =
	"$ORIGIN example.\n"
	"example.                 3600 IN  SOA   ns.example.com. hostmaster.example. 1 7200 900 1209600 86400\n"
	"example.                 3600     NS    ns.example.com.\n"
	"example.                 3600     NS    ns.example.net.\n"
	"*.example.               3600     TXT   \"this is a wildcard\"\n"
	"*.example.               3600     MX    10 host1.example.\n"
	"sub.*.example.           3600     TXT   \"this is not a wildcard\"\n"
	"host1.example.           3600     A     192.0.2.1\n"
	"_ssh._tcp.host1.example. 3600     SRV   0 0 22 host1.example.\n"
	"_ssh._tcp.host2.example. 3600     SRV   0 0 22 host1.example.\n"
	"subdel.example.          3600     NS    ns.example.com.\n"
	"subdel.example.          3600     NS    ns.example.net.\n";

#define RFC_NEG "example. 3600 SOA ns.example.com. hostmaster.example. 1 7200 900 1209600 86400"
#define RFC_NS "example. 3600 NS ns.example.com.; example. 3600 NS ns.example.net."

static void rfc4592_wildcard_answers_host3_mx(void **state)
{
	(void)state;
	struct zone_set *set = set_of("example.zone", rfc4592_zone);
	assert_answer(set, "host3.example.", "MX",
		      "NOERROR aa | answer: host3.example. 3600 MX 10 host1.example. | authority: " RFC_NS
		      " | additional: host1.example. 3600 A 192.0.2.1 | path: wildcard(*.example.)");
	set_free(set);
}

static void rfc4592_wildcard_without_type_is_nodata(void **state)
{
	(void)state;
	struct zone_set *set = set_of("example.zone", rfc4592_zone);
	assert_answer(set, "host3.example.", "A",
		      "NOERROR aa | answer: | authority: " RFC_NEG
		      " | additional: | path: wildcard(*.example.) nodata(*.example.)");
	set_free(set);
}

static void rfc4592_wildcard_reaches_any_depth(void **state)
{
	(void)state;
	struct zone_set *set = set_of("example.zone", rfc4592_zone);
	assert_answer(set, "foo.bar.example.", "TXT",
		      "NOERROR aa | answer: foo.bar.example. 3600 TXT \"this is a wildcard\" | authority: " RFC_NS
		      " | additional: | path: wildcard(*.example.)");
	set_free(set);
}

static void rfc4592_existing_name_is_nodata_not_wildcard(void **state)
{
	(void)state;
	struct zone_set *set = set_of("example.zone", rfc4592_zone);
	assert_answer(set, "host1.example.", "MX",
		      "NOERROR aa | answer: | authority: " RFC_NEG
		      " | additional: | path: exact(host1.example.) nodata(host1.example.)");
	set_free(set);
}

static void rfc4592_asterisk_inside_name_is_literal(void **state)
{
	(void)state;
	struct zone_set *set = set_of("example.zone", rfc4592_zone);
	assert_answer(set, "sub.*.example.", "MX",
		      "NOERROR aa | answer: | authority: " RFC_NEG
		      " | additional: | path: exact(sub.*.example.) nodata(sub.*.example.)");
	set_free(set);
}

static void rfc4592_no_wildcard_at_closest_encloser_is_nxdomain(void **state)
{
	(void)state;
	struct zone_set *set = set_of("example.zone", rfc4592_zone);
	assert_answer(set, "_telnet._tcp.host1.example.", "SRV",
		      "NXDOMAIN aa | answer: | authority: " RFC_NEG
		      " | additional: | path: nxdomain(_tcp.host1.example.)");
	set_free(set);
}

static void rfc4592_below_cut_is_referral(void **state)
{
	(void)state;
	struct zone_set *set = set_of("example.zone", rfc4592_zone);
	assert_answer(set, "host.subdel.example.", "A",
		      "NOERROR | answer: | authority: subdel.example. 3600 NS ns.example.com.; "
		      "subdel.example. 3600 NS ns.example.net. | additional: | path: referral(subdel.example.)");
	set_free(set);
}

static void rfc4592_wildcard_does_not_match_itself_as_encloser(void **state)
{
	(void)state;
	struct zone_set *set = set_of("example.zone", rfc4592_zone);
	assert_answer(set, "ghost.*.example.", "MX",
		      "NXDOMAIN aa | answer: | authority: " RFC_NEG
		      " | additional: | path: nxdomain(*.example.)");
	set_free(set);
}

static void rfc4592_empty_non_terminal_is_closest_encloser(void **state)
{
	(void)state;
	struct zone_set *set = set_of("example.zone", rfc4592_zone);
	/* 3.3.2: host2.example. exists as an empty non-terminal */
	assert_answer(set, "_dns._udp.host2.example.", "SRV",
		      "NXDOMAIN aa | answer: | authority: " RFC_NEG
		      " | additional: | path: nxdomain(host2.example.)");
	assert_answer(set, "host2.example.", "A",
		      "NOERROR aa | answer: | authority: " RFC_NEG
		      " | additional: | path: exact(host2.example.) nodata(host2.example.)");
	set_free(set);
}

/* ---- the mail-discovery cases ---- */

static const char story_zone[] =
	"$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
	"  NS ns1\n  MX 10 mail\n"
	"ns1 A 192.0.2.1\n"
	"mail A 192.0.2.25\n"
	"www A 192.0.2.80\n"
	"* A 192.0.2.80\n"
	"autodiscover CNAME mail\n"
	"_imaps._tcp SRV 0 1 993 mail\n";

static void wildcard_does_not_answer_an_existing_name(void **state)
{
	(void)state;
	struct zone_set *set = set_of("story.zone", story_zone);
	assert_answer(set, "www.example.net.", "A",
		      "NOERROR aa | answer: www.example.net. 3600 A 192.0.2.80 | authority: " APEX_NS
		      " | additional: " NS1_A " | path: exact(www.example.net.)");
	assert_answer(set, "www.example.net.", "TXT",
		      "NOERROR aa | answer: | authority: " NEG
		      " | additional: | path: exact(www.example.net.) nodata(www.example.net.)");
	set_free(set);
}

static void wildcard_does_not_match_below_empty_non_terminal(void **state)
{
	(void)state;
	struct zone_set *set = set_of("story.zone", story_zone);
	/* _imaps._tcp exists, so _tcp is an empty non-terminal and the
	 * closest encloser of _autodiscover._tcp: no wildcard there */
	assert_answer(set, "_autodiscover._tcp.example.net.", "SRV",
		      "NXDOMAIN aa | answer: | authority: " NEG
		      " | additional: | path: nxdomain(_tcp.example.net.)");
	set_free(set);
}

static void wildcard_reaches_service_names_without_tcp_node(void **state)
{
	(void)state;
	struct zone_set *set = set_of("w.zone",
				      "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
				      "  NS ns1\nns1 A 192.0.2.1\n* A 192.0.2.80\n");
	assert_answer(set, "_autodiscover._tcp.example.net.", "SRV",
		      "NOERROR aa | answer: | authority: " NEG
		      " | additional: | path: wildcard(*.example.net.) nodata(*.example.net.)");
	assert_answer(set, "autodiscover.example.net.", "A",
		      "NOERROR aa | answer: autodiscover.example.net. 3600 A 192.0.2.80 | authority: " APEX_NS
		      " | additional: " NS1_A " | path: wildcard(*.example.net.)");
	set_free(set);
}

static void node_without_address_blocks_the_wildcard(void **state)
{
	(void)state;
	struct zone_set *set = set_of("b.zone",
				      "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
				      "  NS ns1\nns1 A 192.0.2.1\n* A 192.0.2.80\n"
				      "autodiscover TXT \"autodiscover via SRV\"\n");
	assert_answer(set, "autodiscover.example.net.", "A",
		      "NOERROR aa | answer: | authority: " NEG
		      " | additional: | path: exact(autodiscover.example.net.) nodata(autodiscover.example.net.)");
	set_free(set);
}

static void cname_is_followed_inside_the_zone(void **state)
{
	(void)state;
	struct zone_set *set = set_of("story.zone", story_zone);
	assert_answer(set, "autodiscover.example.net.", "A",
		      "NOERROR aa | answer: autodiscover.example.net. 3600 CNAME mail.example.net.;"
		      " mail.example.net. 3600 A 192.0.2.25 | authority: " APEX_NS
		      " | additional: " NS1_A
		      " | path: exact(autodiscover.example.net.) cname(autodiscover.example.net.)"
		      " exact(mail.example.net.)");
	/* a CNAME question gets the CNAME alone */
	assert_answer(set, "autodiscover.example.net.", "CNAME",
		      "NOERROR aa | answer: autodiscover.example.net. 3600 CNAME mail.example.net. | authority: " APEX_NS
		      " | additional: " NS1_A " | path: exact(autodiscover.example.net.)");
	set_free(set);
}

static void wildcard_cname_is_synthesised_for_every_missing_name(void **state)
{
	(void)state;
	struct zone_set *set = set_of("wc.zone",
				      "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
				      "  NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.80\n* CNAME www\n");
	assert_answer(set, "_autodiscover._tcp.example.net.", "SRV",
		      "NOERROR aa | answer: _autodiscover._tcp.example.net. 3600 CNAME www.example.net. | authority: " NEG
		      " | additional: | path: wildcard(*.example.net.) cname(*.example.net.)"
		      " exact(www.example.net.) nodata(www.example.net.)");
	assert_answer(set, "autodiscover.example.net.", "A",
		      "NOERROR aa | answer: autodiscover.example.net. 3600 CNAME www.example.net.;"
		      " www.example.net. 3600 A 192.0.2.80 | authority: " APEX_NS
		      " | additional: " NS1_A " | path: wildcard(*.example.net.) cname(*.example.net.)"
		      " exact(www.example.net.)");
	set_free(set);
}

static const char chain_zone[] =
	"$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
	"  NS ns1\nns1 A 192.0.2.1\n"
	"c1 CNAME c2\nc2 CNAME c3\nc3 CNAME mail\nmail A 192.0.2.25\n"
	"loop1 CNAME loop2\nloop2 CNAME loop1\n"
	"self CNAME self\n"
	"out CNAME www.example.org.\n"
	"dangling CNAME nothere\n";

static void cname_chain_of_three_is_followed(void **state)
{
	(void)state;
	struct zone_set *set = set_of("chain.zone", chain_zone);
	assert_answer(set, "c1.example.net.", "A",
		      "NOERROR aa | answer: c1.example.net. 3600 CNAME c2.example.net.;"
		      " c2.example.net. 3600 CNAME c3.example.net.; c3.example.net. 3600 CNAME mail.example.net.;"
		      " mail.example.net. 3600 A 192.0.2.25 | authority: " APEX_NS " | additional: " NS1_A
		      " | path: exact(c1.example.net.) cname(c1.example.net.) exact(c2.example.net.)"
		      " cname(c2.example.net.) exact(c3.example.net.) cname(c3.example.net.) exact(mail.example.net.)");
	set_free(set);
}

static void cname_loop_stops_at_the_repeated_rrset(void **state)
{
	(void)state;
	struct zone_set *set = set_of("chain.zone", chain_zone);
	assert_answer(set, "loop1.example.net.", "A",
		      "NOERROR aa | answer: loop1.example.net. 3600 CNAME loop2.example.net.;"
		      " loop2.example.net. 3600 CNAME loop1.example.net. | authority: | additional:"
		      " | path: exact(loop1.example.net.) cname(loop1.example.net.) exact(loop2.example.net.)"
		      " cname(loop2.example.net.) exact(loop1.example.net.) loop(loop1.example.net.)");
	assert_answer(set, "self.example.net.", "A",
		      "NOERROR aa | answer: self.example.net. 3600 CNAME self.example.net. | authority: | additional:"
		      " | path: exact(self.example.net.) cname(self.example.net.) exact(self.example.net.)"
		      " loop(self.example.net.)");
	set_free(set);
}

static void cname_chain_longer_than_the_limit_is_cut(void **state)
{
	(void)state;
	struct zl_buf text;
	zl_buf_init(&text);
	zl_buf_puts(&text, "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE "  NS ns1\nns1 A 192.0.2.1\n");
	for (int i = 0; i < ZONE_MAX_CHAIN + 10; i++)
		zl_buf_printf(&text, "n%d CNAME n%d\n", i, i + 1);
	struct zone_set *set = set_of("long.zone", text.data);
	uint8_t q[ZONE_NAME_MAX];
	name_wire("n0.example.net.", q);
	struct zone_result *r = malloc(sizeof(*r));
	zone_result_init(r);
	assert_int_equal(zone_lookup(set, q, ZT_A, r), ZL_OK);
	assert_int_equal(r->answer.count, ZONE_MAX_CHAIN + 1);
	assert_int_equal(zone_result_last(r)->kind, ZONE_STEP_LOOP);
	zone_result_free(r);
	free(r);
	zl_buf_free(&text);
	set_free(set);
}

static void cname_leaving_the_zones_ends_the_answer(void **state)
{
	(void)state;
	struct zone_set *set = set_of("chain.zone", chain_zone);
	assert_answer(set, "out.example.net.", "A",
		      "NOERROR aa | answer: out.example.net. 3600 CNAME www.example.org. | authority: | additional:"
		      " | path: exact(out.example.net.) cname(out.example.net.) outside(-)");
	set_free(set);
}

static void cname_to_missing_name_gives_nxdomain_with_the_chain(void **state)
{
	(void)state;
	struct zone_set *set = set_of("chain.zone", chain_zone);
	/* RFC 6604 2.1: the rcode is that of the last name */
	assert_answer(set, "dangling.example.net.", "A",
		      "NXDOMAIN aa | answer: dangling.example.net. 3600 CNAME nothere.example.net. | authority: " NEG
		      " | additional: | path: exact(dangling.example.net.) cname(dangling.example.net.)"
		      " nxdomain(example.net.)");
	set_free(set);
}

static void cname_is_followed_into_another_zone_of_the_set(void **state)
{
	(void)state;
	struct zone_set *set = set_of("chain.zone", chain_zone);
	assert_int_equal(zone_set_add(set,
				      load_zone_text("org.zone", "$ORIGIN example.org.\n$TTL 600\n"
								 "@ SOA ns1 h 1 2 3 4 5\n NS ns1\nns1 A 198.51.100.1\n"
								 "www A 198.51.100.80\n"),
				      NULL),
			 ZL_OK);
	assert_answer(set, "out.example.net.", "A",
		      "NOERROR aa | answer: out.example.net. 3600 CNAME www.example.org.;"
		      " www.example.org. 600 A 198.51.100.80 | authority: example.org. 600 NS ns1.example.org."
		      " | additional: ns1.example.org. 600 A 198.51.100.1"
		      " | path: exact(out.example.net.) cname(out.example.net.) exact(www.example.org.)");
	set_free(set);
}

/* ---- delegations ---- */

static const char cut_zone[] =
	"$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
	"  NS ns1\nns1 A 192.0.2.1\n"
	"sub NS ns.sub\nsub NS ns.other.org.\n"
	"ns.sub A 192.0.2.53\nns.sub AAAA 2001:db8::53\n"
	"deep.sub A 192.0.2.54\n"
	"autodiscover.sub CNAME mail\n"
	"* A 192.0.2.80\n"
	"tosub CNAME host.sub\n";

#define SUB_NS "sub.example.net. 3600 NS ns.sub.example.net.; sub.example.net. 3600 NS ns.other.org."
#define SUB_GLUE "ns.sub.example.net. 3600 A 192.0.2.53; ns.sub.example.net. 3600 AAAA 2001:db8::53"

static void delegation_gives_referral_with_glue(void **state)
{
	(void)state;
	struct zone_set *set = set_of("cut.zone", cut_zone);
	assert_answer(set, "www.sub.example.net.", "A",
		      "NOERROR | answer: | authority: " SUB_NS " | additional: " SUB_GLUE
		      " | path: referral(sub.example.net.)");
	assert_answer(set, "sub.example.net.", "NS",
		      "NOERROR | answer: | authority: " SUB_NS " | additional: " SUB_GLUE
		      " | path: referral(sub.example.net.)");
	set_free(set);
}

static void nothing_below_a_cut_is_authoritative(void **state)
{
	(void)state;
	struct zone_set *set = set_of("cut.zone", cut_zone);
	/* occluded data and glue are never answers, and no wildcard applies */
	assert_answer(set, "deep.sub.example.net.", "A",
		      "NOERROR | answer: | authority: " SUB_NS " | additional: " SUB_GLUE
		      " | path: referral(sub.example.net.)");
	assert_answer(set, "autodiscover.sub.example.net.", "A",
		      "NOERROR | answer: | authority: " SUB_NS " | additional: " SUB_GLUE
		      " | path: referral(sub.example.net.)");
	set_free(set);
}

static void ds_at_a_cut_is_answered_by_the_parent(void **state)
{
	(void)state;
	struct zone_set *set = set_of("cut.zone", cut_zone);
	assert_answer(set, "sub.example.net.", "DS",
		      "NOERROR aa | answer: | authority: " NEG
		      " | additional: | path: exact(sub.example.net.) nodata(sub.example.net.)");
	set_free(set);
}

static void cname_into_a_delegation_keeps_aa_and_refers(void **state)
{
	(void)state;
	struct zone_set *set = set_of("cut.zone", cut_zone);
	assert_answer(set, "tosub.example.net.", "A",
		      "NOERROR aa | answer: tosub.example.net. 3600 CNAME host.sub.example.net. | authority: " SUB_NS
		      " | additional: " SUB_GLUE " | path: exact(tosub.example.net.) cname(tosub.example.net.)"
		      " referral(sub.example.net.)");
	set_free(set);
}

/* ---- DNAME ---- */

static const char dname_zone[] =
	"$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
	"  NS ns1\nns1 A 192.0.2.1\nmail A 192.0.2.25\n"
	"old DNAME example.net.\n"
	"away DNAME example.org.\n";

static void dname_rewrites_names_below_its_owner(void **state)
{
	(void)state;
	struct zone_set *set = set_of("dname.zone", dname_zone);
	assert_answer(set, "mail.old.example.net.", "A",
		      "NOERROR aa | answer: old.example.net. 3600 DNAME example.net.;"
		      " mail.old.example.net. 3600 CNAME mail.example.net.; mail.example.net. 3600 A 192.0.2.25"
		      " | authority: " APEX_NS " | additional: " NS1_A
		      " | path: dname(old.example.net.) exact(mail.example.net.)");
	assert_answer(set, "x.y.away.example.net.", "A",
		      "NOERROR aa | answer: away.example.net. 3600 DNAME example.org.;"
		      " x.y.away.example.net. 3600 CNAME x.y.example.org. | authority: | additional:"
		      " | path: dname(away.example.net.) outside(-)");
	set_free(set);
}

static void dname_answers_a_cname_question_with_the_synthesised_cname(void **state)
{
	(void)state;
	struct zone_set *set = set_of("dname.zone", dname_zone);
	assert_answer(set, "nothere.old.example.net.", "CNAME",
		      "NOERROR aa | answer: old.example.net. 3600 DNAME example.net.;"
		      " nothere.old.example.net. 3600 CNAME nothere.example.net. | authority: | additional:"
		      " | path: dname(old.example.net.)");
	set_free(set);
}

static void dname_owner_itself_is_not_rewritten(void **state)
{
	(void)state;
	struct zone_set *set = set_of("dname.zone", dname_zone);
	assert_answer(set, "old.example.net.", "A",
		      "NOERROR aa | answer: | authority: " NEG
		      " | additional: | path: exact(old.example.net.) nodata(old.example.net.)");
	set_free(set);
}

static void dname_substitution_too_long_is_yxdomain(void **state)
{
	(void)state;
	char text[2048];
	/* target of 200 octets: a 60-octet prefix cannot fit */
	char target[256] = "";
	for (int i = 0; i < 3; i++)
		strcat(target, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.");
	strcat(target, "org.");
	snprintf(text, sizeof(text),
		 "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE "  NS ns1\nns1 A 192.0.2.1\nd DNAME %s\n",
		 target);
	struct zone_set *set = set_of("long.zone", text);
	uint8_t q[ZONE_NAME_MAX];
	name_wire("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.d.example.net.", q);
	struct zone_result *r = malloc(sizeof(*r));
	zone_result_init(r);
	zone_lookup(set, q, ZT_A, r);
	assert_int_equal(r->rcode, ZONE_RCODE_YXDOMAIN);
	assert_int_equal(zone_result_last(r)->kind, ZONE_STEP_YXDOMAIN);
	zone_result_free(r);
	free(r);
	set_free(set);
}

/* ---- negative answers, case, ANY, outside ---- */

static void nodata_and_nxdomain_differ(void **state)
{
	(void)state;
	struct zone_set *set = set_of("chain.zone", chain_zone);
	assert_answer(set, "mail.example.net.", "AAAA",
		      "NOERROR aa | answer: | authority: " NEG
		      " | additional: | path: exact(mail.example.net.) nodata(mail.example.net.)");
	assert_answer(set, "nosuch.example.net.", "AAAA",
		      "NXDOMAIN aa | answer: | authority: " NEG
		      " | additional: | path: nxdomain(example.net.)");
	set_free(set);
}

static void negative_ttl_is_the_lesser_of_soa_ttl_and_minimum(void **state)
{
	(void)state;
	struct zone_set *set = set_of("ttl.zone", "$ORIGIN example.net.\n"
						  "@ 60 SOA ns1 h 1 2 3 4 300\n@ 60 NS ns1\nns1 60 A 192.0.2.1\n");
	assert_answer(set, "x.example.net.", "A",
		      "NXDOMAIN aa | answer: | authority: example.net. 60 SOA ns1.example.net. h.example.net. 1 2 3 4 300"
		      " | additional: | path: nxdomain(example.net.)");
	set_free(set);
}

static void lookup_ignores_case(void **state)
{
	(void)state;
	struct zone_set *set = set_of("story.zone", story_zone);
	assert_answer(set, "AutoDiscover.EXAMPLE.net.", "A",
		      "NOERROR aa | answer: autodiscover.example.net. 3600 CNAME mail.example.net.;"
		      " mail.example.net. 3600 A 192.0.2.25 | authority: " APEX_NS
		      " | additional: " NS1_A
		      " | path: exact(autodiscover.example.net.) cname(autodiscover.example.net.)"
		      " exact(mail.example.net.)");
	assert_answer(set, "_IMAPS._TCP.example.NET.", "SRV",
		      "NOERROR aa | answer: _imaps._tcp.example.net. 3600 SRV 0 1 993 mail.example.net. | authority: " APEX_NS
		      " | additional: mail.example.net. 3600 A 192.0.2.25; " NS1_A
		      " | path: exact(_imaps._tcp.example.net.)");
	set_free(set);
}

static void any_gets_one_rrset_as_nsd_chooses(void **state)
{
	(void)state;
	struct zone_set *set = set_of("any.zone", "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
						  "  NS ns1\nns1 A 192.0.2.1\n"
						  "o2 TXT \"t\"\no2 MX 10 ns1\no2 A 192.0.2.5\n"
						  "o4 SRV 0 0 1 ns1\no4 TXT \"x\"\n");
	assert_answer(set, "o2.example.net.", "ANY",
		      "NOERROR aa | answer: o2.example.net. 3600 MX 10 ns1.example.net. | authority:"
		      " | additional: " NS1_A " | path: exact(o2.example.net.)");
	assert_answer(set, "o4.example.net.", "ANY",
		      "NOERROR aa | answer: o4.example.net. 3600 TXT \"x\" | authority: | additional:"
		      " | path: exact(o4.example.net.)");
	set_free(set);
}

static void names_outside_the_zones_are_refused(void **state)
{
	(void)state;
	struct zone_set *set = set_of("story.zone", story_zone);
	assert_answer(set, "example.com.", "A",
		      "REFUSED | answer: | authority: | additional: | path: outside(-)");
	assert_answer(set, "net.", "SOA", "REFUSED | answer: | authority: | additional: | path: outside(-)");
	set_free(set);
}

static void duplicate_records_are_answered_once(void **state)
{
	(void)state;
	struct zone_set *set = set_of("dup.zone", "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
						  "  NS ns1\nns1 A 192.0.2.1\nns1 A 192.0.2.1\n");
	assert_answer(set, "ns1.example.net.", "A",
		      "NOERROR aa | answer: ns1.example.net. 3600 A 192.0.2.1 | authority: " APEX_NS
		      " | additional: | path: exact(ns1.example.net.)");
	set_free(set);
}

/* ---- the questions the rules ask (zone_cut_above and friends) ---- */

/* The node's name, "-" for ZONE_NONE. */
static const char *node_text(const struct zone *z, uint32_t node)
{
	static char out[ZONE_TEXT_NAME_MAX];
	if (node == ZONE_NONE)
		return "-";
	zone_node_text(z, node, out, sizeof(out));
	return out;
}

static uint32_t node_of(const struct zone *z, const char *name)
{
	uint8_t wire[ZONE_NAME_MAX];
	name_wire(name, wire);
	uint32_t node = zone_find(z, wire);
	assert_int_not_equal(node, ZONE_NONE);
	return node;
}

#define assert_node(z, got, expected) assert_string_equal(node_text((z), (got)), (expected))

static const char tree_zone[] = "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
				"  NS ns1\n"
				"ns1 A 192.0.2.1\n"
				"* A 192.0.2.80\n"
				"sub NS ns.sub\n"
				"ns.sub A 192.0.2.53\n"
				"d.sub DNAME other.test.\n"
				"deep.d.sub TXT \"under a DNAME under a cut\"\n"
				"alias DNAME example.org.\n"
				"x.alias TXT \"occluded\"\n"
				"autodiscover TXT \"blocker\"\n"
				"x.ent TXT \"alone below an empty non-terminal\"\n"
				"y.ent2 TXT \"one of two\"\n"
				"z.ent2 TXT \"two of two\"\n"
				"parent TXT \"has data\"\n"
				"kid.parent TXT \"a child\"\n"
				"*.wc.ent3 TXT \"wildcard\"\n"
				"a.wc.ent3 TXT \"beside it\"\n";

static uint32_t cut_of(const struct zone *z, const char *name)
{
	uint8_t wire[ZONE_NAME_MAX];
	name_wire(name, wire);
	return zone_cut_above(z, wire);
}

static void cut_above_finds_the_delegation_of_names_at_and_below_it(void **state)
{
	(void)state;
	struct zone_set *set = set_of("tree.zone", tree_zone);
	const struct zone *z = set->zones[0];
	assert_node(z, cut_of(z, "sub.example.net."), "sub.example.net.");
	assert_node(z, cut_of(z, "ns.sub.example.net."), "sub.example.net.");
	/* a name that does not exist below the cut is still delegated */
	assert_node(z, cut_of(z, "a.b.sub.example.net."), "sub.example.net.");
	assert_node(z, cut_of(z, "ns1.example.net."), "-");
	assert_node(z, cut_of(z, "nothere.example.net."), "-");
	assert_node(z, cut_of(z, "example.net."), "-");
	assert_node(z, cut_of(z, "www.example.org."), "-");
	set_free(set);
}

static uint32_t dname_of(const struct zone *z, const char *name)
{
	uint8_t wire[ZONE_NAME_MAX];
	name_wire(name, wire);
	return zone_dname_above(z, wire);
}

static void dname_above_rewrites_names_below_the_owner_only(void **state)
{
	(void)state;
	struct zone_set *set = set_of("tree.zone", tree_zone);
	const struct zone *z = set->zones[0];
	assert_node(z, dname_of(z, "mx.alias.example.net."), "alias.example.net.");
	assert_node(z, dname_of(z, "x.alias.example.net."), "alias.example.net.");
	/* RFC 6672 2.3: the owner itself is not rewritten */
	assert_node(z, dname_of(z, "alias.example.net."), "-");
	/* behind a cut the referral comes first */
	assert_node(z, dname_of(z, "deep.d.sub.example.net."), "-");
	assert_node(z, dname_of(z, "ns1.example.net."), "-");
	set_free(set);
}

static uint32_t wildcard_of(const struct zone *z, const char *name)
{
	uint8_t wire[ZONE_NAME_MAX];
	name_wire(name, wire);
	return zone_wildcard_for(z, wire);
}

static void wildcard_for_is_the_source_of_synthesis_as_the_lookup_finds_it(void **state)
{
	(void)state;
	struct zone_set *set = set_of("tree.zone", tree_zone);
	const struct zone *z = set->zones[0];
	assert_node(z, wildcard_of(z, "nothere.example.net."), "*.example.net.");
	assert_node(z, wildcard_of(z, "a.b.nothere.example.net."), "*.example.net.");
	/* an existing name (data or empty non-terminal) is never synthesised */
	assert_node(z, wildcard_of(z, "autodiscover.example.net."), "-");
	assert_node(z, wildcard_of(z, "ent.example.net."), "-");
	/* below an empty non-terminal the closest encloser has no wildcard */
	assert_node(z, wildcard_of(z, "other.ent.example.net."), "-");
	/* at or below a cut, or below a DNAME: a referral or a rewrite */
	assert_node(z, wildcard_of(z, "nothere.sub.example.net."), "-");
	assert_node(z, wildcard_of(z, "nothere.alias.example.net."), "-");
	assert_node(z, wildcard_of(z, "b.wc.ent3.example.net."), "*.wc.ent3.example.net.");
	assert_node(z, wildcard_of(z, "www.example.org."), "-");
	set_free(set);
	/* the same answers as zone_lookup on RFC 4592's own example */
	set = set_of("example.zone", rfc4592_zone);
	z = set->zones[0];
	assert_node(z, wildcard_of(z, "host3.example."), "*.example.");
	assert_node(z, wildcard_of(z, "_telnet._tcp.host1.example."), "-");
	assert_node(z, wildcard_of(z, "_dns._udp.host2.example."), "-");
	assert_node(z, wildcard_of(z, "_telnet._tcp.host3.example."), "*.example.");
	assert_node(z, wildcard_of(z, "foobar.*.example."), "-");
	assert_node(z, wildcard_of(z, "host.subdel.example."), "-");
	set_free(set);
}

static void wildcard_behind_a_node_answers_once_its_records_are_gone(void **state)
{
	(void)state;
	struct zone_set *set = set_of("tree.zone", tree_zone);
	const struct zone *z = set->zones[0];
	assert_node(z, zone_wildcard_behind(z, node_of(z, "autodiscover.example.net.")), "*.example.net.");
	/* x.ent goes, and ent (an empty non-terminal kept by x.ent only) with it */
	assert_node(z, zone_wildcard_behind(z, node_of(z, "x.ent.example.net.")), "*.example.net.");
	/* y.ent2 goes, but ent2 stays for z.ent2: its closest encloser has no wildcard */
	assert_node(z, zone_wildcard_behind(z, node_of(z, "y.ent2.example.net.")), "-");
	/* a name with names below it still exists */
	assert_node(z, zone_wildcard_behind(z, node_of(z, "parent.example.net.")), "-");
	assert_node(z, zone_wildcard_behind(z, node_of(z, "kid.parent.example.net.")), "-");
	assert_node(z, zone_wildcard_behind(z, node_of(z, "a.wc.ent3.example.net.")),
		    "*.wc.ent3.example.net.");
	/* the wildcard itself, occluded names, the apex */
	assert_node(z, zone_wildcard_behind(z, node_of(z, "*.wc.ent3.example.net.")), "-");
	assert_node(z, zone_wildcard_behind(z, node_of(z, "x.alias.example.net.")), "-");
	assert_node(z, zone_wildcard_behind(z, node_of(z, "ns.sub.example.net.")), "-");
	assert_node(z, zone_wildcard_behind(z, z->apex), "-");
	set_free(set);
}

static void occluder_is_the_first_cut_or_dname_from_the_apex(void **state)
{
	(void)state;
	struct zone_set *set = set_of("tree.zone", tree_zone);
	const struct zone *z = set->zones[0];
	assert_node(z, zone_node_occluder(z, node_of(z, "ns.sub.example.net.")), "sub.example.net.");
	assert_node(z, zone_node_occluder(z, node_of(z, "x.alias.example.net.")), "alias.example.net.");
	/* a DNAME inside a delegation: the delegation hides it all */
	assert_node(z, zone_node_occluder(z, node_of(z, "deep.d.sub.example.net.")), "sub.example.net.");
	assert_node(z, zone_node_occluder(z, node_of(z, "sub.example.net.")), "-");
	assert_node(z, zone_node_occluder(z, node_of(z, "alias.example.net.")), "-");
	assert_node(z, zone_node_occluder(z, node_of(z, "ns1.example.net.")), "-");
	set_free(set);
}

static void served_nodes_exclude_occluded_ones_and_cuts_answer_referrals(void **state)
{
	(void)state;
	struct zone_set *set = set_of("tree.zone", tree_zone);
	const struct zone *z = set->zones[0];
	assert_true(zone_node_served(z, node_of(z, "ns1.example.net.")));
	assert_true(zone_node_served(z, node_of(z, "ent.example.net.")));
	assert_true(zone_node_served(z, node_of(z, "sub.example.net.")));
	assert_false(zone_node_answers_data(z, node_of(z, "sub.example.net.")));
	assert_true(zone_node_answers_data(z, node_of(z, "alias.example.net.")));
	assert_false(zone_node_served(z, node_of(z, "ns.sub.example.net.")));
	assert_false(zone_node_served(z, node_of(z, "x.alias.example.net.")));
	set_free(set);
}

/* zone_set_index: many zones, the longest origin at or above a name wins,
 * in any case, whether the origins are indexed or compared one by one. */
static void indexed_set_finds_the_longest_origin(void **state)
{
	(void)state;
	static const char *const origins[] = {"net.", "example.net.", "sub.example.net.",
					      "other.org.", "a.b.c.example.net."};
	struct zone_set set;
	zone_set_init(&set);
	for (size_t i = 0; i < sizeof(origins) / sizeof(origins[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "$ORIGIN %s\n$TTL 3600\n" SOA_LINE "  NS ns1\n", origins[i]);
		assert_int_equal(zone_set_add(&set, load_zone_text(origins[i], text), NULL), ZL_OK);
	}
	static const char *const cases[][2] = {
		{"www.example.net.", "example.net."},   {"WWW.Sub.EXAMPLE.net.", "sub.example.net."},
		{"x.b.c.example.net.", "example.net."}, {"a.b.c.example.net.", "a.b.c.example.net."},
		{"z.a.b.c.example.net.", "a.b.c.example.net."}, {"example.org.", NULL},
		{"net.", "net."},                       {"deep.other.org.", "other.org."},
	};
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			zone_set_index(&set);
		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			uint8_t name[ZONE_NAME_MAX];
			name_wire(cases[i][0], name);
			const struct zone *z = zone_set_find(&set, name);
			if (cases[i][1] == NULL) {
				assert_null(z);
			} else {
				assert_non_null(z);
				assert_string_equal(z->origin_text, cases[i][1]);
			}
		}
	}
	zone_set_free(&set);
}

/* One file's view of many files: its own zone answers for its origin,
 * even when another file of that origin came first. */
static void primary_zone_answers_for_its_origin(void **state)
{
	(void)state;
	struct zone_set set;
	zone_set_init(&set);
	assert_int_equal(zone_set_add(&set, load_zone_text("a", "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE
							       "  NS ns1\n"), NULL), ZL_OK);
	assert_int_equal(zone_set_add(&set, load_zone_text("b", "$ORIGIN example.org.\n$TTL 3600\n" SOA_LINE
							       "  NS ns1\n"), NULL), ZL_OK);
	struct zone *mine = load_zone_text("c", "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE "  NS ns2\n");
	uint8_t name[ZONE_NAME_MAX];
	name_wire("www.example.net.", name);
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			zone_set_index(&set);
		set.primary = mine;
		assert_ptr_equal(zone_set_find(&set, name), mine);
		set.primary = NULL;
		assert_ptr_equal(zone_set_find(&set, name), set.zones[0]);
	}
	zone_free(mine);
	zone_set_free(&set);
}

/* answer_only: the answer and the path of a full lookup, nothing after */
static void answer_only_keeps_answer_and_path_and_leaves_the_rest_empty(void **state)
{
	(void)state;
	struct zone_set *set = set_of("example.zone", rfc4592_zone);
	static const char *const asked[][2] = {
		{"host3.example.", "MX"},     {"host3.example.", "A"},  {"host1.example.", "A"},
		{"_ssh._tcp.host1.example.", "SRV"}, {"foo.subdel.example.", "A"},
		{"sub.*.example.", "TXT"},   {"nothere.host1.example.", "A"}, {"example.", "NS"},
	};
	for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
		uint8_t wire[ZONE_NAME_MAX];
		name_wire(asked[i][0], wire);
		uint16_t t = zone_type_from_text(asked[i][1]);
		struct zone_result *full = malloc(sizeof(*full)), *only = malloc(sizeof(*only));
		zone_result_init(full);
		zone_result_init(only);
		only->answer_only = true;
		assert_int_equal(zone_lookup(set, wire, t, full), ZL_OK);
		assert_int_equal(zone_lookup(set, wire, t, only), ZL_OK);
		assert_int_equal(only->authority.count, 0);
		assert_int_equal(only->additional.count, 0);
		/* the same once the sections it leaves out are left out of the full one */
		full->authority.count = full->additional.count = 0;
		char *a = result_text(full), *b = result_text(only);
		assert_string_equal(a, b);
		free(a);
		free(b);
		zone_result_free(full);
		zone_result_free(only);
		free(full);
		free(only);
	}
	set_free(set);
}

/* zone_lookup_child and zone_lookup_node(_near) find what zone_find_child
 * and zone_find find, below nodes with few children (a binary search in
 * the child list) and with many (the hash table), in any case, from any
 * node nearby. */
static void lookup_child_and_node_find_what_the_index_finds(void **state)
{
	(void)state;
	struct zl_buf text;
	zl_buf_init(&text);
	zl_buf_puts(&text, "$ORIGIN example.net.\n$TTL 3600\n" SOA_LINE "  NS ns1\nns1 A 192.0.2.1\n");
	/* 40 children of the apex; a, b and c with 1, 20 and 33 children */
	for (int i = 0; i < 40; i++)
		zl_buf_printf(&text, "h%d A 192.0.2.%d\n", i, i + 2);
	for (int i = 0; i < 20; i++)
		zl_buf_printf(&text, "x%d.b TXT \"b\"\nX%dy.c TXT \"c\"\n", i, i);
	for (int i = 20; i < 33; i++)
		zl_buf_printf(&text, "x%d.c TXT \"c\"\n", i);
	zl_buf_puts(&text, "only.a TXT \"a\"\n*.b A 192.0.2.99\nx-.b TXT \"b\"\nx.b TXT \"b\"\n");
	struct zone *z = load_zone_text("example.zone", text.data);
	zl_buf_free(&text);
	for (uint32_t n = 0; n < z->node_count; n++) {
		uint8_t name[ZONE_NAME_MAX];
		zone_node_name(z, n, name);
		if (!zone_name_is_below(name, z->origin))
			continue;
		assert_int_equal(zone_lookup_node(z, name), n);
		/* from any node of the zone, and from none */
		for (uint32_t near = 0; near < z->node_count; near++)
			assert_int_equal(zone_lookup_node_near(z, name, near), n);
		assert_int_equal(zone_lookup_node_near(z, name, ZONE_NONE), n);
		/* a child that does not exist, from near its parent */
		uint8_t child[ZONE_NAME_MAX];
		size_t len = zone_name_len(name);
		if (len + 4 <= ZONE_NAME_MAX) {
			memcpy(child, "\3zzz", 4);
			memcpy(child + 4, name, len);
			assert_int_equal(zone_lookup_node_near(z, child, n), ZONE_NONE);
			assert_int_equal(zone_lookup_node_near(z, child, 0), ZONE_NONE);
		}
		/* the same name in upper case */
		for (uint8_t *p = name; *p != 0; p += *p + 1)
			for (unsigned i = 1; i <= *p; i++)
				if (p[i] >= 'a' && p[i] <= 'z')
					p[i] = (uint8_t)(p[i] - 32);
		assert_int_equal(zone_lookup_node(z, name), n);
		/* children that do not exist, around the ones that do */
		static const char *const missing[] = {"", "0", "x", "x0", "x20a", "zz", "*x", "\x7f"};
		for (size_t k = 0; k < sizeof(missing) / sizeof(missing[0]); k++) {
			uint8_t label[64];
			label[0] = (uint8_t)strlen(missing[k]);
			memcpy(label + 1, missing[k], label[0]);
			if (label[0] == 0)
				continue;
			assert_int_equal(zone_lookup_child(z, n, label), zone_find_child(z, n, label));
		}
		for (size_t i = 0; i < zone_child_count(z, n); i++) {
			uint32_t c = zone_child(z, n, i);
			assert_int_equal(zone_lookup_child(z, n, z->labels + z->nodes[c].label), c);
		}
	}
	uint8_t outside[ZONE_NAME_MAX];
	name_wire("h1.example.org.", outside);
	assert_int_equal(zone_lookup_node(z, outside), ZONE_NONE);
	name_wire("net.", outside);
	assert_int_equal(zone_lookup_node(z, outside), ZONE_NONE);
	assert_int_equal(zone_lookup_node_near(z, outside, z->apex), ZONE_NONE);
	name_wire("h1.example.org.", outside);
	assert_int_equal(zone_lookup_node_near(z, outside, z->apex), ZONE_NONE);
	zone_free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc4592_wildcard_answers_host3_mx),
		cmocka_unit_test(rfc4592_wildcard_without_type_is_nodata),
		cmocka_unit_test(rfc4592_wildcard_reaches_any_depth),
		cmocka_unit_test(rfc4592_existing_name_is_nodata_not_wildcard),
		cmocka_unit_test(rfc4592_asterisk_inside_name_is_literal),
		cmocka_unit_test(rfc4592_no_wildcard_at_closest_encloser_is_nxdomain),
		cmocka_unit_test(rfc4592_below_cut_is_referral),
		cmocka_unit_test(rfc4592_wildcard_does_not_match_itself_as_encloser),
		cmocka_unit_test(rfc4592_empty_non_terminal_is_closest_encloser),
		cmocka_unit_test(wildcard_does_not_answer_an_existing_name),
		cmocka_unit_test(wildcard_does_not_match_below_empty_non_terminal),
		cmocka_unit_test(wildcard_reaches_service_names_without_tcp_node),
		cmocka_unit_test(node_without_address_blocks_the_wildcard),
		cmocka_unit_test(cname_is_followed_inside_the_zone),
		cmocka_unit_test(wildcard_cname_is_synthesised_for_every_missing_name),
		cmocka_unit_test(cname_chain_of_three_is_followed),
		cmocka_unit_test(cname_loop_stops_at_the_repeated_rrset),
		cmocka_unit_test(cname_chain_longer_than_the_limit_is_cut),
		cmocka_unit_test(cname_leaving_the_zones_ends_the_answer),
		cmocka_unit_test(cname_to_missing_name_gives_nxdomain_with_the_chain),
		cmocka_unit_test(cname_is_followed_into_another_zone_of_the_set),
		cmocka_unit_test(delegation_gives_referral_with_glue),
		cmocka_unit_test(nothing_below_a_cut_is_authoritative),
		cmocka_unit_test(ds_at_a_cut_is_answered_by_the_parent),
		cmocka_unit_test(cname_into_a_delegation_keeps_aa_and_refers),
		cmocka_unit_test(dname_rewrites_names_below_its_owner),
		cmocka_unit_test(dname_answers_a_cname_question_with_the_synthesised_cname),
		cmocka_unit_test(dname_owner_itself_is_not_rewritten),
		cmocka_unit_test(dname_substitution_too_long_is_yxdomain),
		cmocka_unit_test(nodata_and_nxdomain_differ),
		cmocka_unit_test(negative_ttl_is_the_lesser_of_soa_ttl_and_minimum),
		cmocka_unit_test(lookup_ignores_case),
		cmocka_unit_test(any_gets_one_rrset_as_nsd_chooses),
		cmocka_unit_test(names_outside_the_zones_are_refused),
		cmocka_unit_test(duplicate_records_are_answered_once),
		cmocka_unit_test(cut_above_finds_the_delegation_of_names_at_and_below_it),
		cmocka_unit_test(dname_above_rewrites_names_below_the_owner_only),
		cmocka_unit_test(wildcard_for_is_the_source_of_synthesis_as_the_lookup_finds_it),
		cmocka_unit_test(wildcard_behind_a_node_answers_once_its_records_are_gone),
		cmocka_unit_test(occluder_is_the_first_cut_or_dname_from_the_apex),
		cmocka_unit_test(served_nodes_exclude_occluded_ones_and_cuts_answer_referrals),
		cmocka_unit_test(indexed_set_finds_the_longest_origin),
		cmocka_unit_test(primary_zone_answers_for_its_origin),
		cmocka_unit_test(answer_only_keeps_answer_and_path_and_leaves_the_rest_empty),
		cmocka_unit_test(lookup_child_and_node_find_what_the_index_finds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
