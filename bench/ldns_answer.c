/* SPDX-License-Identifier: BSD-3-Clause */
/* bench/ldns_answer.c: what answering a query would cost if the server
 * handled queries and responses with ldns (ldns_wire2pkt, a response
 * ldns_pkt built from zone_lookup's records, ldns_pkt2wire) against the
 * server's own wire code (server_answer, and the running server's path with
 * its answer cache), on the same queries and the same lookups. The records
 * are made into ldns_rr once, as a server keeping its zone in ldns would,
 * and cloned into each response. Prints the CPU time per query of each
 * way and how many of ldns's answers are octet for octet the server's.
 *
 *   bench/ldns_answer [-n PASSES] [-e] [-m zonelint|cache|ldns|all] ZONEFILE QUERYFILE
 *
 * QUERYFILE has "NAME TYPE" lines (dnsperf's format). -e adds an OPT record
 * (EDNS, 1232 octets) to every query. CPU times under load are rough: for
 * figures to decide on, count instructions of one mode at a time, e.g.
 *   valgrind --tool=callgrind --toggle-collect=run_mode bench/ldns_answer -m ldns ZONE QUERIES
 * and divide the total by the queries answered (printed). */
#include <ldns/ldns.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/internal.h"
#include "server/server.h"
#include "zone/zone.h"

struct query {
	uint8_t *wire;
	size_t len;
};

enum mode { MODE_ZONELINT, MODE_CACHE, MODE_LDNS };
static const char *const mode_names[] = {"zonelint", "cache", "ldns"};

/* The ldns form of every record of every zone, made on first use. */
struct ldns_zones {
	const struct zone_set *set;
	ldns_rr ***rrs; /* [zone][record] */
};

static ldns_rr *rr_to_ldns(const struct zone_answer_rr *a)
{
	uint8_t wire[ZONE_NAME_MAX + 10 + 65535];
	size_t olen = zone_name_len(a->owner);
	memcpy(wire, a->owner, olen);
	uint8_t *p = wire + olen;
	srv_put16(p, a->type);
	srv_put16(p + 2, a->rclass);
	srv_put16(p + 4, (uint16_t)(a->ttl >> 16));
	srv_put16(p + 6, (uint16_t)a->ttl);
	srv_put16(p + 8, a->rdlen);
	memcpy(p + 10, a->rdata, a->rdlen);
	size_t pos = 0;
	ldns_rr *rr = NULL;
	if (ldns_wire2rr(&rr, wire, olen + 10 + a->rdlen, &pos, LDNS_SECTION_ANSWER) !=
	    LDNS_STATUS_OK)
		return NULL;
	return rr;
}

/* A copy of the record for a response: the one made before when the owner
 * is the zone's, else (a wildcard's or DNAME's product) made now. */
static ldns_rr *ldns_record(struct ldns_zones *lz, const struct zone_answer_rr *a)
{
	size_t zi = 0;
	while (zi < lz->set->count && lz->set->zones[zi] != a->zone)
		zi++;
	if (a->rr == ZONE_NONE || zi == lz->set->count)
		return rr_to_ldns(a);
	ldns_rr **slot = &lz->rrs[zi][a->rr];
	if (*slot == NULL)
		*slot = rr_to_ldns(a);
	if (*slot == NULL)
		return NULL;
	const ldns_rdf *owner = ldns_rr_owner(*slot);
	if (ldns_rdf_size(owner) != zone_name_len(a->owner) ||
	    memcmp(ldns_rdf_data(owner), a->owner, ldns_rdf_size(owner)) != 0)
		return rr_to_ldns(a);
	return ldns_rr_clone(*slot);
}

static bool push_section(struct ldns_zones *lz, ldns_pkt *resp, ldns_pkt_section section,
			 const struct zone_section *s)
{
	for (size_t i = 0; i < s->count; i++) {
		ldns_rr *rr = ldns_record(lz, &s->rrs[i]);
		if (rr == NULL || !ldns_pkt_push_rr(resp, section, rr)) {
			ldns_rr_free(rr);
			return false;
		}
	}
	return true;
}

/* The ldns way: parse, look up, build, encode. Returns the length, 0 on
 * failure. */
static size_t answer_ldns(struct ldns_zones *lz, struct zone_result *r, const struct query *q,
			  uint8_t *out, size_t size)
{
	ldns_pkt *query = NULL;
	if (ldns_wire2pkt(&query, q->wire, q->len) != LDNS_STATUS_OK)
		return 0;
	size_t len = 0;
	ldns_pkt *resp = NULL;
	uint8_t *wire = NULL;
	if (ldns_pkt_qdcount(query) != 1)
		goto done;
	const ldns_rr *question = ldns_rr_list_rr(ldns_pkt_question(query), 0);
	const ldns_rdf *qname = ldns_rr_owner(question);
	if (zone_lookup(lz->set, ldns_rdf_data(qname), (uint16_t)ldns_rr_get_type(question), r) !=
	    ZL_OK)
		goto done;
	resp = ldns_pkt_new();
	ldns_pkt_set_id(resp, ldns_pkt_id(query));
	ldns_pkt_set_qr(resp, true);
	ldns_pkt_set_aa(resp, r->aa);
	ldns_pkt_set_rd(resp, ldns_pkt_rd(query));
	ldns_pkt_set_rcode(resp, (uint8_t)r->rcode);
	if (!ldns_pkt_push_rr(resp, LDNS_SECTION_QUESTION, ldns_rr_clone(question)) ||
	    !push_section(lz, resp, LDNS_SECTION_ANSWER, &r->answer) ||
	    !push_section(lz, resp, LDNS_SECTION_AUTHORITY, &r->authority) ||
	    !push_section(lz, resp, LDNS_SECTION_ADDITIONAL, &r->additional))
		goto done;
	if (ldns_pkt_edns(query)) {
		ldns_pkt_set_edns_udp_size(resp, SERVER_EDNS_SIZE);
		ldns_pkt_set_edns_do(resp, ldns_pkt_edns_do(query));
	}
	size_t wlen = 0;
	if (ldns_pkt2wire(&wire, resp, &wlen) != LDNS_STATUS_OK || wlen > size)
		goto done;
	memcpy(out, wire, wlen);
	len = wlen;
done:
	free(wire);
	ldns_pkt_free(resp);
	ldns_pkt_free(query);
	return len;
}

struct run {
	enum mode mode;
	const struct zone_set *set;
	struct server_answerer *answerer;
	struct ldns_zones *lz;
	struct zone_result *result;
	const struct query *queries;
	size_t count;
	unsigned passes;
	size_t answered;
	uint8_t out[SRV_UDP_BUFFER];
};

static void run_passes(struct run *rn)
{
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct server_client client = {(const struct sockaddr *)&sa, false};
	for (unsigned p = 0; p < rn->passes; p++) {
		for (size_t i = 0; i < rn->count; i++) {
			const struct query *q = &rn->queries[i];
			size_t len;
			if (rn->mode == MODE_LDNS) {
				len = answer_ldns(rn->lz, rn->result, q, rn->out, sizeof(rn->out));
			} else {
				struct srv_query parsed;
				len = srv_answer(rn->answerer, rn->set, NULL, &client, q->wire, q->len,
						 rn->out, sizeof(rn->out), NULL, &parsed);
			}
			rn->answered += len > 0;
		}
	}
}

/* One pass, not measured: records made, caches filled. */
__attribute__((noinline)) static void warm_up(struct run *rn)
{
	unsigned passes = rn->passes;
	rn->passes = 1;
	run_passes(rn);
	rn->passes = passes;
}

/* The measured passes (callgrind: --toggle-collect=run_mode). */
__attribute__((noinline)) static void run_mode(struct run *rn)
{
	run_passes(rn);
}

static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int read_queries(const char *path, bool edns, struct query **out, size_t *count)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		perror(path);
		return -1;
	}
	char line[1100];
	size_t n = 0, cap = 0;
	struct query *v = NULL;
	uint16_t id = 1;
	while (fgets(line, sizeof(line), f) != NULL) {
		char name[1025], type[64];
		if (line[0] == '#' || sscanf(line, "%1024s %63s", name, type) != 2)
			continue;
		ldns_rr_type t = ldns_get_rr_type_by_name(type);
		ldns_rdf *dname = ldns_dname_new_frm_str(name);
		if (t == 0 || dname == NULL) {
			fprintf(stderr, "%s: cannot read: %s", path, line);
			ldns_rdf_deep_free(dname);
			continue;
		}
		ldns_pkt *pkt = ldns_pkt_query_new(dname, t, LDNS_RR_CLASS_IN, LDNS_RD);
		ldns_pkt_set_id(pkt, id++);
		if (edns)
			ldns_pkt_set_edns_udp_size(pkt, 1232);
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			v = realloc(v, cap * sizeof(*v));
			if (v == NULL)
				abort();
		}
		if (ldns_pkt2wire(&v[n].wire, pkt, &v[n].len) == LDNS_STATUS_OK)
			n++;
		ldns_pkt_free(pkt);
	}
	fclose(f);
	*out = v;
	*count = n;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned passes = 200;
	bool edns = false;
	const char *only = "all";
	int opt;
	while ((opt = getopt(argc, argv, "n:em:")) != -1) {
		switch (opt) {
		case 'n': passes = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'e': edns = true; break;
		case 'm': only = optarg; break;
		default: goto usage;
		}
	}
	if (optind != argc - 2 || passes == 0)
		goto usage;
	struct zone *z = NULL;
	struct zl_error err;
	if (zone_load_file(argv[optind], NULL, &z, &err) != ZL_OK) {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		return 2;
	}
	struct zone_set set;
	zone_set_init(&set);
	zone_set_add(&set, z, NULL);
	struct query *queries;
	size_t count;
	if (read_queries(argv[optind + 1], edns, &queries, &count) != 0 || count == 0)
		return 2;

	struct ldns_zones lz = {&set, calloc(set.count, sizeof(ldns_rr **))};
	for (size_t i = 0; i < set.count; i++)
		lz.rrs[i] = calloc(set.zones[i]->rr_count + 1, sizeof(ldns_rr *));
	struct zone_result *result = malloc(sizeof(*result));
	zone_result_init(result);
	struct run *rn = calloc(1, sizeof(*rn));
	rn->set = &set;
	rn->lz = &lz;
	rn->result = result;
	rn->queries = queries;
	rn->count = count;

	/* how many of ldns's answers are the server's, octet for octet */
	struct server_answerer *plain = server_answerer_new();
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct server_client client = {(const struct sockaddr *)&sa, false};
	size_t same = 0;
	for (size_t i = 0; i < count; i++) {
		uint8_t mine[SRV_UDP_BUFFER], theirs[SRV_UDP_BUFFER];
		size_t a = server_answer(plain, &set, NULL, &client, queries[i].wire, queries[i].len,
					 mine, sizeof(mine));
		size_t b = answer_ldns(&lz, result, &queries[i], theirs, sizeof(theirs));
		same += a == b && memcmp(mine, theirs, a) == 0;
	}
	server_answerer_free(plain);
	printf("%s: %zu queries%s, %u passes; ldns's answer is the server's octet for octet for %zu of %zu\n",
	       argv[optind + 1], count, edns ? " with EDNS" : "", passes, same, count);
	double ns[MODE_LDNS + 1] = {0};
	size_t answered[MODE_LDNS + 1] = {0};
	for (int m = MODE_ZONELINT; m <= MODE_LDNS; m++) {
		if (strcmp(only, "all") != 0 && strcmp(only, mode_names[m]) != 0)
			continue;
		rn->mode = (enum mode)m;
		rn->answerer = server_answerer_new();
		if (m == MODE_CACHE)
			srv_cache_enable(rn->answerer);
		rn->passes = passes;
		warm_up(rn);
		rn->answered = 0;
		double t0 = cpu_seconds();
		run_mode(rn);
		answered[m] = rn->answered;
		ns[m] = (cpu_seconds() - t0) * 1e9 / (double)(rn->answered ? rn->answered : 1);
		server_answerer_free(rn->answerer);
	}
	static const char *const what[] = {
		"server_answer: parse, zone_lookup, own wire writer",
		"the same with the answer cache (the running server)",
		"ldns_wire2pkt, zone_lookup, ldns_pkt of cloned ldns_rr, ldns_pkt2wire",
	};
	printf("%-9s %13s %12s %10s  %s\n", "way", "CPU ns/query", "vs zonelint", "answered", "what");
	for (int m = MODE_ZONELINT; m <= MODE_LDNS; m++) {
		if (answered[m] == 0)
			continue;
		char ratio[32] = "-";
		if (ns[MODE_ZONELINT] > 0)
			snprintf(ratio, sizeof(ratio), "%.2f", ns[m] / ns[MODE_ZONELINT]);
		printf("%-9s %13.0f %12s %10zu  %s\n", mode_names[m], ns[m], ratio, answered[m],
		       what[m]);
	}

	for (size_t i = 0; i < set.count; i++) {
		for (size_t k = 0; k <= set.zones[i]->rr_count; k++)
			ldns_rr_free(lz.rrs[i][k]);
		free(lz.rrs[i]);
	}
	free(lz.rrs);
	for (size_t i = 0; i < count; i++)
		free(queries[i].wire);
	free(queries);
	zone_result_free(result);
	free(result);
	free(rn);
	zone_set_free(&set);
	return 0;
usage:
	fprintf(stderr, "usage: bench/ldns_answer [-n PASSES] [-e] [-m zonelint|cache|ldns|all] ZONEFILE QUERYFILE\n");
	return 2;
}
