/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/server/dnscompare.c: asks NSD (the reference) and zonelint the same
 * questions about one zone and reports every difference. Without --server
 * zonelint's answer is zone_lookup in this process; with --server it is a
 * running `zonelint serve`. Questions: every name of the zone (owners and
 * empty non-terminals) and a name below each, the apex's parent and a name
 * outside, times the types given.
 *
 *   dnscompare --nsd ADDR:PORT [--server ADDR:PORT] [--tcp] [--types LIST]
 *              [--origin NAME] [--relaxed] [--edns SIZE] [--no-tc-retry] ZONEFILE
 *   --edns 0 sends no OPT record (512-octet answers); --no-tc-retry keeps
 *   truncated UDP answers instead of asking again over TCP, and then the TC
 *   flags must agree too. --exact (with --server) also wants the two answers
 *   identical octet for octet, letters compared without case (the same id
 *   is sent to both). --repeat (with --exact) asks zonelint every question
 *   a second time with another id and wants the same octets but for the id:
 *   the second answer comes from the server's answer cache. --dnssec sets
 *   the DO bit in the OPT record (RFC 3225: answers with RRSIGs and NSEC or
 *   NSEC3 proofs).
 *   dnscompare --origin-of ZONEFILE     print the origin zonelint finds
 *   dnscompare --free-port              print a port free on 127.0.0.1 (UDP and TCP)
 */
#include <arpa/inet.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dnsclient.h"
#include "zone/zone.h"

struct response {
	int rcode;
	bool aa;
	bool tc;
	struct section {
		char **rr;
		size_t count;
	} sec[3]; /* answer, authority, additional */
};

static const char *const section_names[3] = {"answer", "authority", "additional"};

static void section_add(struct section *s, char *text)
{
	/* names compare case-insensitively; TXT-like data keeps its case */
	bool in_quotes = false;
	for (char *p = text; *p; p++) {
		if (*p == '"')
			in_quotes = !in_quotes;
		else if (!in_quotes && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	}
	size_t n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	s->rr = realloc(s->rr, (s->count + 1) * sizeof(char *));
	s->rr[s->count++] = text;
}

static int compare_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void response_sort(struct response *r)
{
	for (int i = 0; i < 3; i++)
		if (r->sec[i].count > 1)
			qsort(r->sec[i].rr, r->sec[i].count, sizeof(char *), compare_text);
}

static void response_free(struct response *r)
{
	for (int i = 0; i < 3; i++) {
		for (size_t k = 0; k < r->sec[i].count; k++)
			free(r->sec[i].rr[k]);
		free(r->sec[i].rr);
	}
	memset(r, 0, sizeof(*r));
}

static void from_pkt(const ldns_pkt *p, struct response *r)
{
	memset(r, 0, sizeof(*r));
	r->rcode = ldns_pkt_get_rcode(p);
	r->aa = ldns_pkt_aa(p);
	r->tc = ldns_pkt_tc(p);
	const ldns_rr_list *lists[3] = {ldns_pkt_answer(p), ldns_pkt_authority(p),
					ldns_pkt_additional(p)};
	for (int i = 0; i < 3; i++)
		for (size_t k = 0; k < ldns_rr_list_rr_count(lists[i]); k++)
			section_add(&r->sec[i], ldns_rr2str(ldns_rr_list_rr(lists[i], k)));
	response_sort(r);
}

static void from_result(const struct zone_result *res, struct response *r)
{
	memset(r, 0, sizeof(*r));
	r->rcode = res->rcode;
	r->aa = res->aa;
	const struct zone_section *secs[3] = {&res->answer, &res->authority, &res->additional};
	for (int i = 0; i < 3; i++) {
		for (size_t k = 0; k < secs[i]->count; k++) {
			const struct zone_answer_rr *a = &secs[i]->rrs[k];
			section_add(&r->sec[i], zone_record_to_text(a->owner, a->type, a->rclass, a->ttl,
								      a->rdata, a->rdlen));
		}
	}
	response_sort(r);
}

static bool section_equal(const struct section *a, const struct section *b)
{
	if (a->count != b->count)
		return false;
	for (size_t k = 0; k < a->count; k++)
		if (strcmp(a->rr[k], b->rr[k]) != 0)
			return false;
	return true;
}

/* Authority and additional of a positive answer are optional extras
 * (the apex NS set and addresses); --relaxed compares them only for
 * negative answers and referrals. */
static bool is_negative_or_referral(const struct response *r)
{
	return r->rcode != 0 || r->sec[0].count == 0 || !r->aa;
}

static bool responses_agree(const struct response *want, const struct response *got, bool relaxed,
			    bool compare_tc)
{
	if (want->rcode != got->rcode || want->aa != got->aa)
		return false;
	if (compare_tc && want->tc != got->tc)
		return false;
	if (!section_equal(&want->sec[0], &got->sec[0]))
		return false;
	if (relaxed && !is_negative_or_referral(want))
		return true;
	if (!section_equal(&want->sec[1], &got->sec[1]))
		return false;
	/* glue belongs to referrals; elsewhere additional is compared unless relaxed */
	return section_equal(&want->sec[2], &got->sec[2]);
}

static void print_response(const char *who, const struct response *r)
{
	printf("    %s: rcode %d%s%s\n", who, r->rcode, r->aa ? " aa" : "", r->tc ? " tc" : "");
	for (int i = 0; i < 3; i++)
		for (size_t k = 0; k < r->sec[i].count; k++)
			printf("      %-10s %s\n", section_names[i], r->sec[i].rr[k]);
}

struct names {
	uint8_t (*v)[ZONE_NAME_MAX];
	size_t count;
};

static void names_add(struct names *n, const uint8_t *name)
{
	n->v = realloc(n->v, (n->count + 1) * sizeof(*n->v));
	memcpy(n->v[n->count++], name, zone_name_len(name));
}

static void names_add_below(struct names *n, const char *label, const uint8_t *name)
{
	uint8_t below[ZONE_NAME_MAX];
	size_t llen = strlen(label), nlen = zone_name_len(name);
	if (1 + llen + nlen > ZONE_NAME_MAX)
		return;
	below[0] = (uint8_t)llen;
	memcpy(below + 1, label, llen);
	memcpy(below + 1 + llen, name, nlen);
	names_add(n, below);
}

static void question_names(const struct zone *z, struct names *n)
{
	uint8_t name[ZONE_NAME_MAX];
	struct zone_walk walk;
	zone_walk_start(&walk);
	for (uint32_t node; (node = zone_walk_next(z, &walk)) != ZONE_NONE;) {
		zone_node_name(z, node, name);
		names_add(n, name);
		names_add_below(n, "zl-below", name);
	}
	/* outside: the apex's parent, and a name in no zone */
	if (z->origin[0] != 0)
		names_add(n, z->origin + z->origin[0] + 1);
	uint8_t outside[ZONE_NAME_MAX];
	zone_name_from_text("zonelint-outside.invalid.", NULL, outside, NULL);
	names_add(n, outside);
}

static bool parse_types(const char *list, uint16_t *types, size_t *count)
{
	char *copy = strdup(list), *save = NULL;
	*count = 0;
	for (char *t = strtok_r(copy, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save)) {
		uint16_t v = zone_type_from_text(t);
		if (v == 0 || *count >= 32) {
			fprintf(stderr, "dnscompare: bad type %s\n", t);
			free(copy);
			return false;
		}
		types[(*count)++] = v;
	}
	free(copy);
	return *count > 0;
}

static int free_port(void)
{
	for (int attempt = 0; attempt < 50; attempt++) {
		int u = socket(AF_INET, SOCK_DGRAM, 0);
		struct sockaddr_in sa;
		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		socklen_t len = sizeof(sa);
		if (u < 0 || bind(u, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
		    getsockname(u, (struct sockaddr *)&sa, &len) != 0) {
			if (u >= 0)
				close(u);
			continue;
		}
		int t = socket(AF_INET, SOCK_STREAM, 0);
		bool ok = t >= 0 && bind(t, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		if (t >= 0)
			close(t);
		close(u);
		if (ok) {
			printf("%u\n", ntohs(sa.sin_port));
			return 0;
		}
	}
	fprintf(stderr, "dnscompare: no free port\n");
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{"nsd", required_argument, NULL, 'n'},   {"server", required_argument, NULL, 's'},
		{"tcp", no_argument, NULL, 't'},         {"types", required_argument, NULL, 'T'},
		{"origin", required_argument, NULL, 'o'}, {"relaxed", no_argument, NULL, 'r'},
		{"origin-of", required_argument, NULL, 'O'}, {"free-port", no_argument, NULL, 'F'},
		{"edns", required_argument, NULL, 'e'},  {"no-tc-retry", no_argument, NULL, 'N'},
		{"exact", no_argument, NULL, 'X'},       {"repeat", no_argument, NULL, 'R'},
		{"dnssec", no_argument, NULL, 'D'},
		{NULL, 0, NULL, 0},
	};
	struct dns_target nsd = {"", 0}, server = {"", 0};
	bool has_nsd = false, has_server = false, tcp = false, relaxed = false, tc_retry = true,
	     exact = false, repeat = false, dnssec = false;
	const char *origin = NULL;
	unsigned edns = 1232;
	uint16_t types[32];
	size_t type_count = 0;
	parse_types("A,AAAA,CNAME,MX,SRV,TXT,NS,SOA,PTR,DS,ANY", types, &type_count);
	int opt;
	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'n': has_nsd = dns_target_parse(optarg, &nsd); break;
		case 's': has_server = dns_target_parse(optarg, &server); break;
		case 't': tcp = true; break;
		case 'r': relaxed = true; break;
		case 'o': origin = optarg; break;
		case 'e': edns = (unsigned)atoi(optarg); break;
		case 'N': tc_retry = false; break;
		case 'X': exact = true; break;
		case 'R': repeat = true; break;
		case 'D': dnssec = true; break;
		case 'T':
			if (!parse_types(optarg, types, &type_count))
				return 2;
			break;
		case 'F': return free_port();
		case 'O': {
			struct zone *z = NULL;
			struct zl_error err;
			if (zone_load_file(optarg, NULL, &z, &err) != ZL_OK) {
				char msg[2200];
				zl_error_format(&err, msg, sizeof(msg));
				fprintf(stderr, "%s\n", msg);
				return 2;
			}
			printf("%s\n", z->origin_text);
			zone_free(z);
			return 0;
		}
		default: return 2;
		}
	}
	if (!has_nsd || optind != argc - 1 || (exact && !has_server) || (repeat && !exact) ||
	    (dnssec && !has_server)) {
		fprintf(stderr, "usage: dnscompare --nsd ADDR:PORT [--server ADDR:PORT] [--tcp] [--edns SIZE] [--no-tc-retry] "
				"[--exact [--repeat]] [--dnssec] [--types LIST] [--relaxed] ZONEFILE\n");
		return 2;
	}
	if (dnssec && edns == 0) {
		fprintf(stderr, "dnscompare: --dnssec needs EDNS (--edns above 0)\n");
		return 2;
	}
	unsigned edns_label = edns;
	if (dnssec)
		edns |= DNS_EDNS_DO;
	struct zone_load_options lopt = {0};
	lopt.origin = origin;
	struct zone *z = NULL;
	struct zl_error err;
	if (zone_load_file(argv[optind], &lopt, &z, &err) != ZL_OK) {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		return 2;
	}
	struct zone_set set;
	zone_set_init(&set);
	zone_set_add(&set, z, NULL);
	struct names names = {NULL, 0};
	question_names(z, &names);
	struct zone_result *res = malloc(sizeof(*res));
	zone_result_init(res);
	srand((unsigned)getpid());

	size_t asked = 0, agreed = 0, reported = 0;
	char errbuf[256];
	for (size_t i = 0; i < names.count; i++) {
		for (size_t t = 0; t < type_count; t++) {
			struct response want, got;
			bool octets_agree = true;
			size_t first_diff = 0;
			if (exact) {
				/* the same id to both, then every octet must agree */
				static uint8_t a[65535], b[65535];
				size_t alen = sizeof(a), blen = sizeof(b);
				uint16_t id = (uint16_t)(rand() & 0xffff);
				ldns_pkt *ref = NULL, *mine = NULL;
				if (dns_ask_wire(&nsd, tcp, tc_retry, names.v[i], types[t], edns, id, a,
						 &alen, errbuf, sizeof(errbuf)) != 0 ||
				    ldns_wire2pkt(&ref, a, alen) != LDNS_STATUS_OK) {
					fprintf(stderr, "dnscompare: NSD: %s\n", errbuf);
					return 1;
				}
				if (dns_ask_wire(&server, tcp, tc_retry, names.v[i], types[t], edns, id,
						 b, &blen, errbuf, sizeof(errbuf)) != 0 ||
				    ldns_wire2pkt(&mine, b, blen) != LDNS_STATUS_OK) {
					fprintf(stderr, "dnscompare: zonelint serve: %s\n", errbuf);
					return 1;
				}
				/* letters without case: NSD prints a name in the case
				 * of its first appearance in the zone file, zonelint in
				 * the case of the record at hand (RFC 4343: the same) */
				while (first_diff < alen && first_diff < blen &&
				       zl_lower(a[first_diff]) == zl_lower(b[first_diff]))
					first_diff++;
				octets_agree = alen == blen && first_diff == alen;
				if (repeat && octets_agree) {
					/* the same again under another id: only the id may change */
					static uint8_t c[65535];
					size_t clen = sizeof(c);
					uint16_t id2 = (uint16_t)(id ^ 0x5a5a);
					if (dns_ask_wire(&server, tcp, tc_retry, names.v[i], types[t], edns,
							 id2, c, &clen, errbuf, sizeof(errbuf)) != 0) {
						fprintf(stderr, "dnscompare: zonelint serve, asked again: %s\n",
							errbuf);
						return 1;
					}
					first_diff = 2;
					while (first_diff < blen && first_diff < clen &&
					       b[first_diff] == c[first_diff])
						first_diff++;
					octets_agree = clen == blen && first_diff == blen &&
						       c[0] == (uint8_t)(id2 >> 8) && c[1] == (uint8_t)id2;
					if (!octets_agree)
						printf("  asked again, zonelint answers otherwise:\n");
				}
				from_pkt(ref, &want);
				from_pkt(mine, &got);
				ldns_pkt_free(ref);
				ldns_pkt_free(mine);
			} else {
				ldns_pkt *ref = NULL;
				if (dns_ask(&nsd, tcp, tc_retry, names.v[i], types[t], edns, &ref, errbuf,
					    sizeof(errbuf)) != 0) {
					fprintf(stderr, "dnscompare: NSD: %s\n", errbuf);
					return 1;
				}
				from_pkt(ref, &want);
				ldns_pkt_free(ref);
			}
			if (exact) {
				/* asked above */
			} else if (has_server) {
				ldns_pkt *mine = NULL;
				if (dns_ask(&server, tcp, tc_retry, names.v[i], types[t], edns, &mine, errbuf,
					    sizeof(errbuf)) != 0) {
					fprintf(stderr, "dnscompare: zonelint serve: %s\n", errbuf);
					return 1;
				}
				from_pkt(mine, &got);
				ldns_pkt_free(mine);
			} else {
				zone_lookup(&set, names.v[i], types[t], res);
				from_result(res, &got);
			}
			asked++;
			if (responses_agree(&want, &got, relaxed, !tc_retry && !tcp) && octets_agree) {
				agreed++;
			} else if (reported++ < 20) {
				char qn[ZONE_TEXT_NAME_MAX], qt[32];
				zone_name_to_text(names.v[i], qn, sizeof(qn));
				zone_type_to_text(types[t], qt, sizeof(qt));
				printf("  DIFFERENT %s %s\n", qn, qt);
				if (!octets_agree)
					printf("    the octets differ from offset %zu on\n", first_diff);
				print_response("nsd     ", &want);
				print_response("zonelint", &got);
			}
			response_free(&want);
			response_free(&got);
		}
	}
	char mode[64];
	snprintf(mode, sizeof(mode), "%s", tcp ? "TCP" : "UDP");
	if (!tcp && edns == 0)
		snprintf(mode, sizeof(mode), "UDP, no EDNS%s", tc_retry ? "" : ", TC kept");
	else if (!tcp && !tc_retry)
		snprintf(mode, sizeof(mode), "UDP, EDNS %u, TC kept", edns_label);
	if (dnssec)
		strncat(mode, ", DO", sizeof(mode) - strlen(mode) - 1);
	if (exact)
		strncat(mode, ", every octet", sizeof(mode) - strlen(mode) - 1);
	if (repeat)
		strncat(mode, ", asked twice", sizeof(mode) - strlen(mode) - 1);
	printf("%s %s (%s, %s): %zu questions, %zu agree, %zu differ\n", argv[optind], z->origin_text,
	       has_server ? "zonelint serve" : "zone_lookup", mode, asked, agreed, asked - agreed);
	zone_result_free(res);
	free(res);
	free(names.v);
	zone_set_free(&set);
	return asked == agreed ? 0 : 1;
}
