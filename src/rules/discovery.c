/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/discovery.c: what Outlook does for a user @DOMAIN, simulated on the
 * loaded zones and the known certificates (MS-OXDISCO 3.1.5.2-3.1.5.4 in
 * the order of Outlook 2016: https://DOMAIN/, https://autodiscover.DOMAIN/,
 * the HTTP redirect, the _autodiscover._tcp SRV record). The rules and
 * `zonelint explain` share this one simulation. TLS checks the name the
 * client asked for (RFC 9525 6.3, RFC 2818 3.1): a CNAME does not change it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/internal.h"

/* Exchange Online's documented target (autodiscover.<domain> CNAME
 * autodiscover.outlook.com.): it refuses TLS for other names, so the
 * client moves on cleanly. */
static const char exchange_online[] = "autodiscover.outlook.com";

static void append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strlen(buf);
	if (n + 1 >= size)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

/* The record a lookup of node went through, for locations: the CNAME, or
 * one of the type asked for, else the node's first record. */
static uint32_t first_rr_of(const struct zone *z, uint32_t node, uint16_t type)
{
	const uint16_t order[2] = {ZT_CNAME, type};
	for (int i = 0; i < 2; i++) {
		size_t cursor = 0;
		uint32_t idx = zone_node_next(z, node, order[i], &cursor);
		if (idx != ZONE_NONE)
			return idx;
	}
	return zone_node_rr_count(z, node) > 0 ? z->rr_order[z->nodes[node].rr_first] : ZONE_NONE;
}

/* Decimal octets of an IPv4 address, dotted. */
static char *ipv4_text(const uint8_t *a, char *p)
{
	for (int i = 0; i < 4; i++) {
		unsigned v = a[i];
		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
	return p - 1;
}

bool lint_address_text(uint16_t type, const uint8_t *rdata, uint16_t rdlen, char *out)
{
	if (type == ZT_A && rdlen == 4) {
		ipv4_text(rdata, out);
		return true;
	}
	if (type != ZT_AAAA || rdlen != 16)
		return false;
	/* as inet_ntop writes it: the first longest run of two or more zero
	 * groups as "::", groups in lower-case hex without leading zeros, and
	 * the last 32 bits dotted in IPv4-compatible and IPv4-mapped
	 * addresses (::a.b.c.d, ::ffff:a.b.c.d) */
	unsigned words[8];
	for (int i = 0; i < 8; i++)
		words[i] = (unsigned)rdata[2 * i] << 8 | rdata[2 * i + 1];
	int best = -1, best_len = 0;
	for (int i = 0; i < 8;) {
		if (words[i] != 0) {
			i++;
			continue;
		}
		int k = i;
		while (k < 8 && words[k] == 0)
			k++;
		if (k - i > best_len) {
			best = i;
			best_len = k - i;
		}
		i = k;
	}
	if (best_len < 2)
		best = -1;
	static const char hex[] = "0123456789abcdef";
	char *p = out;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i != 0)
			*p++ = ':';
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && words[5] == 0xffff))) {
			ipv4_text(rdata + 12, p);
			return true;
		}
		bool started = false;
		for (int shift = 12; shift >= 0; shift -= 4) {
			unsigned nibble = words[i] >> shift & 0xf;
			if (nibble != 0 || started || shift == 0) {
				*p++ = hex[nibble];
				started = true;
			}
		}
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	*p = '\0';
	return true;
}

/* The record an address of a step came from (st->addrs[i] from rrs[i]). */
struct addr_rr {
	uint16_t type;
	const uint8_t *rdata;
	uint16_t rdlen;
};

static void add_address(struct discovery_step *st, const struct zone_answer_rr *a,
			struct addr_rr *from)
{
	char addr[64];
	if (!lint_address_text(a->type, a->rdata, a->rdlen, addr))
		return;
	for (size_t i = 0; i < st->addr_count; i++)
		if (strcmp(st->addrs[i].address, addr) == 0)
			return;
	if (st->addr_count >= sizeof(st->addrs) / sizeof(st->addrs[0]))
		return;
	from[st->addr_count] = (struct addr_rr){a->type, a->rdata, a->rdlen};
	lint_put(st->addrs[st->addr_count++].address, sizeof(st->addrs[0].address), addr, NULL);
}

/* Remembers name as where a connection lands when the configuration lists
 * it under a certificate's hosts: (the last such name of a chain wins: the
 * one nearest the server). */
static void note_landing(struct cert_view *certs, const char *name, const char *sni,
			 char *landing, size_t size, const struct cert **cert)
{
	const struct cert *c = cert_view_on_host(certs, name, sni);
	if (c == NULL)
		return;
	lint_put(landing, size, name, NULL);
	*cert = c;
}

/* Resolves name (A and AAAA, CNAME/DNAME chains and wildcards as a
 * resolver sees them) and judges the certificates on the addresses. */
void discovery_reach(const struct zone_set *set, struct cert_view *certs, const uint8_t *name,
		     struct discovery_step *st, struct zone_result *r)
{
	lint_name(name, st->host, sizeof(st->host));
	lint_put(st->chain, sizeof(st->chain), st->host, NULL);
	st->addr_count = 0;
	st->via_wildcard = st->delegated = st->known_good = false;
	st->wildcard_rr = st->first_rr = ZONE_NONE;
	st->zone = NULL;
	bool left_zones = false, delegated = false, known_good = false, nxdomain = false;
	/* the last name of the chain listed under a certificate's hosts: */
	char landing[ZONE_TEXT_NAME_MAX] = "";
	const struct cert *landing_cert = NULL;
	const uint16_t types[2] = {ZT_A, ZT_AAAA};
	struct addr_rr from[sizeof(st->addrs) / sizeof(st->addrs[0])];
	for (int t = 0; t < 2; t++) {
		zone_lookup(set, name, types[t], r);
		for (size_t i = 0; i < r->step_count; i++) {
			const struct zone_step *s = &r->steps[i];
			if (t == 0) {
				if (i == 0)
					note_landing(certs, st->host, st->host, landing, sizeof(landing),
						     &landing_cert);
				if (i == 0 && s->kind == ZONE_STEP_EXACT) {
					st->zone = s->zone;
					st->first_rr = first_rr_of(s->zone, s->node, types[t]);
				} else if (i == 0 && s->kind == ZONE_STEP_WILDCARD) {
					st->zone = s->zone;
					st->via_wildcard = true;
					st->wildcard_rr = first_rr_of(s->zone, s->node, types[t]);
					st->first_rr = st->wildcard_rr;
				}
				char target[ZONE_TEXT_NAME_MAX];
				if (s->kind == ZONE_STEP_CNAME || s->kind == ZONE_STEP_DNAME) {
					const uint8_t *next = s->kind == ZONE_STEP_CNAME
								      ? zone_rr_rdata(s->zone, &s->zone->rrs[s->rr])
								      : NULL;
					if (next == NULL && i + 1 < r->step_count)
						next = r->steps[i + 1].name;
					if (next != NULL) {
						lint_name(next, target, sizeof(target));
						lint_add(st->chain, sizeof(st->chain), " → ",
						    s->kind == ZONE_STEP_CNAME ? "CNAME" : "DNAME", " ", target,
						    NULL);
						if (strcasecmp(target, exchange_online) == 0)
							known_good = true;
						note_landing(certs, target, st->host, landing,
							     sizeof(landing), &landing_cert);
					}
				}
			}
			if (s->kind == ZONE_STEP_OUTSIDE)
				left_zones = true;
			if (s->kind == ZONE_STEP_REFERRAL)
				delegated = true;
			if (s->kind == ZONE_STEP_NXDOMAIN)
				nxdomain = true;
		}
		for (size_t i = 0; i < r->answer.count; i++)
			if (r->answer.rrs[i].type == types[t])
				add_address(st, &r->answer.rrs[i], from);
	}
	for (size_t i = 0; i < st->addr_count; i++) {
		struct discovery_addr *a = &st->addrs[i];
		lint_add(st->chain, sizeof(st->chain), i == 0 ? " → " : ", ", a->address, NULL);
		/* (address records' data point into the zones, not into r) */
		a->cert = cert_view_get_record(certs, from[i].type, from[i].rdata, from[i].rdlen,
					       a->address, st->host);
		a->covers = a->cert != NULL && cert_covers(a->cert, st->host);
		a->by_name = false;
	}
	st->delegated = delegated;
	st->known_good = known_good;
	/* the zones do not say where the name leads, but the configuration
	 * names a host on the way that presents a known certificate: the
	 * connection lands there */
	if (st->addr_count == 0 && !known_good && (left_zones || delegated) && landing_cert != NULL) {
		struct discovery_addr *a = &st->addrs[st->addr_count++];
		lint_put(a->address, sizeof(a->address), landing, NULL);
		a->cert = landing_cert;
		a->covers = cert_covers(landing_cert, st->host);
		a->by_name = true;
		lint_add(st->chain, sizeof(st->chain), " → (", delegated ? "delegated" : "outside the loaded zones",
		    ") → certificate host ", landing, NULL);
	}
	if (st->addr_count == 0) {
		if (known_good) {
			st->outcome = OUTCOME_SKIPPED;
			snprintf(st->note, sizeof(st->note),
				 "Exchange Online: %s refuses TLS for other names, so Outlook moves on "
				 "without a prompt",
				 exchange_online);
		} else if (left_zones || delegated) {
			st->outcome = OUTCOME_UNKNOWN;
			lint_add(st->chain, sizeof(st->chain), " → (",
			    delegated ? "delegated" : "outside the loaded zones", ")", NULL);
			lint_put(st->note, sizeof(st->note),
			    "the name resolves outside the loaded zones: zonelint cannot tell", NULL);
		} else {
			st->outcome = OUTCOME_SKIPPED;
			lint_add(st->chain, sizeof(st->chain), " → ", nxdomain ? "NXDOMAIN" : "no address", NULL);
			lint_put(st->note, sizeof(st->note),
			    "no address: the lookup fails cleanly and Outlook moves on without a prompt",
			    NULL);
		}
		return;
	}
	bool all_known = true, mismatch = false;
	const struct discovery_addr *bad = NULL;
	for (size_t i = 0; i < st->addr_count; i++) {
		if (st->addrs[i].cert == NULL)
			all_known = false;
		else if (!st->addrs[i].covers && bad == NULL) {
			mismatch = true;
			bad = &st->addrs[i];
		}
	}
	if (mismatch) {
		char names[512];
		cert_names_text(bad->cert, names, sizeof(names));
		st->outcome = OUTCOME_CERT_WARNING;
		lint_put(st->note, sizeof(st->note), "the certificate on ", bad->address, " covers ", names,
		    bad->cert->name_count == 1 ? " only" : "", ", not ", st->host,
		    ": a certificate warning", NULL);
	} else if (all_known) {
		st->outcome = OUTCOME_WORKS;
		lint_put(st->note, sizeof(st->note), "the certificate covers ", st->host, NULL);
	} else {
		st->outcome = OUTCOME_UNKNOWN;
		snprintf(st->note, sizeof(st->note),
			 "no certificate is known for %s (list it under certificates: in %s, or use "
			 "--probe)",
			 st->addrs[0].address, CONFIG_FILE_NAME);
	}
}

void discovery_name(const char *prefix, const uint8_t *domain, uint8_t *out)
{
	size_t plen = strlen(prefix), dlen = zone_name_len(domain);
	if (plen + 1 + dlen > ZONE_NAME_MAX) {
		memcpy(out, domain, dlen);
		return;
	}
	out[0] = (uint8_t)plen;
	memcpy(out + 1, prefix, plen);
	memcpy(out + 1 + plen, domain, dlen);
}

static int srv_order(const void *pa, const void *pb)
{
	const struct discovery_srv *a = pa, *b = pb;
	if (a->priority != b->priority)
		return a->priority < b->priority ? -1 : 1;
	return a->weight > b->weight ? -1 : a->weight < b->weight ? 1 : 0;
}

static void srv_step(const struct zone_set *set, struct cert_view *certs, const uint8_t *domain,
		     struct discovery *d, struct zone_result *r, struct zone_result *r2)
{
	struct discovery_step *st = &d->step[3];
	uint8_t tcp[ZONE_NAME_MAX], name[ZONE_NAME_MAX];
	discovery_name("_tcp", domain, tcp);
	discovery_name("_autodiscover", tcp, name);
	lint_name(name, st->host, sizeof(st->host));
	lint_put(st->url, sizeof(st->url), "SRV ", st->host, NULL);
	lint_put(st->chain, sizeof(st->chain), st->host, " SRV", NULL);
	st->first_rr = st->wildcard_rr = ZONE_NONE;
	zone_lookup(set, name, ZT_SRV, r);
	const struct zone_step *first = r->step_count ? &r->steps[0] : NULL;
	if (first != NULL && first->kind == ZONE_STEP_WILDCARD && r->answer.count > 0) {
		d->srv_via_wildcard = true;
		d->srv_wildcard_rr = first_rr_of(first->zone, first->node, ZT_SRV);
		st->via_wildcard = true;
		st->wildcard_rr = d->srv_wildcard_rr;
		st->zone = first->zone;
	} else if (first != NULL && first->kind == ZONE_STEP_WILDCARD) {
		/* the wildcard answers, but with no SRV record: a clean NODATA */
		char wn[ZONE_TEXT_NAME_MAX];
		zone_node_text(first->zone, first->node, wn, sizeof(wn));
		lint_add(st->chain, sizeof(st->chain), " → from the wildcard ", wn, NULL);
		st->zone = first->zone;
		st->via_wildcard = true;
		st->wildcard_rr = first_rr_of(first->zone, first->node, ZT_SRV);
	} else if (first != NULL && first->kind == ZONE_STEP_EXACT) {
		st->zone = first->zone;
		st->first_rr = first_rr_of(first->zone, first->node, ZT_SRV);
	}
	bool cname = false;
	for (size_t i = 0; i < r->answer.count; i++) {
		const struct zone_answer_rr *a = &r->answer.rrs[i];
		if (a->type == ZT_CNAME) {
			char t[ZONE_TEXT_NAME_MAX];
			lint_name(a->rdata, t, sizeof(t));
			lint_add(st->chain, sizeof(st->chain), " → CNAME ", t, NULL);
			cname = true;
		}
		if (a->type != ZT_SRV || a->rdlen < 7 || d->srv_count >= sizeof(d->srv) / sizeof(d->srv[0]))
			continue;
		struct discovery_srv *s = &d->srv[d->srv_count++];
		/* what a cleared entry held, without clearing its 19 KB */
		s->reach.what = NULL;
		s->reach.host[0] = s->reach.chain[0] = s->reach.note[0] = '\0';
		s->reach.via_wildcard = s->reach.delegated = s->reach.known_good = false;
		s->reach.wildcard_rr = s->reach.first_rr = 0;
		s->reach.zone = NULL;
		s->reach.addr_count = 0;
		s->reach.outcome = OUTCOME_WORKS;
		s->priority = (uint16_t)(a->rdata[0] << 8 | a->rdata[1]);
		s->weight = (uint16_t)(a->rdata[2] << 8 | a->rdata[3]);
		s->port = (uint16_t)(a->rdata[4] << 8 | a->rdata[5]);
		lint_name(a->rdata + 6, s->target, sizeof(s->target));
		s->rr = a->rr;
		s->reach.number = 4;
		if (a->rdata[6] == 0) {
			lint_put(s->reach.host, sizeof(s->reach.host), ".", NULL);
			lint_put(s->reach.chain, sizeof(s->reach.chain), ".", NULL);
			s->reach.outcome = OUTCOME_SKIPPED;
			snprintf(s->reach.note, sizeof(s->reach.note),
				 "target '.': the domain declares it has no Autodiscover service");
		} else {
			discovery_reach(set, certs, a->rdata + 6, &s->reach, r2);
		}
		lint_put(s->reach.url, sizeof(s->reach.url), "https://", s->target,
		    "/autodiscover/autodiscover.xml", NULL);
	}
	d->srv_exists = d->srv_count > 0;
	qsort(d->srv, d->srv_count, sizeof(d->srv[0]), srv_order);
	if (d->srv_count == 0) {
		const struct zone_step *last = zone_result_last(r);
		st->outcome = OUTCOME_SKIPPED;
		if (cname)
			snprintf(st->note, sizeof(st->note),
				 "the name is an alias, not an SRV record: Outlook finds no server");
		else
			snprintf(st->note, sizeof(st->note), "no SRV record (%s)",
				 last != NULL && last->kind == ZONE_STEP_NXDOMAIN ? "NXDOMAIN" : "no data");
		lint_add(st->chain, sizeof(st->chain), ": none", NULL);
		return;
	}
	const struct discovery_srv *best = &d->srv[0];
	append(st->chain, sizeof(st->chain), " → %u %u %u %s", best->priority, best->weight,
	       best->port, best->target);
	st->outcome = best->reach.outcome;
	lint_put(st->url, sizeof(st->url), "SRV ", st->host, " → https://", best->target,
	    "/autodiscover/autodiscover.xml", NULL);
	if (best->reach.outcome == OUTCOME_WORKS)
		snprintf(st->note, sizeof(st->note),
			 "Outlook asks once whether to trust %s for the settings, then uses it",
			 best->target);
	else
		lint_put(st->note, sizeof(st->note), best->reach.note, NULL);
}

/* What the redirect step takes over from step 2: the strings as far as
 * they go (the struct is 17 KB, mostly unused buffer); url and note are
 * written afresh. */
static void step_copy(struct discovery_step *to, const struct discovery_step *from)
{
	to->number = from->number;
	to->what = from->what;
	lint_put(to->host, sizeof(to->host), from->host, NULL);
	lint_put(to->chain, sizeof(to->chain), from->chain, NULL);
	to->via_wildcard = from->via_wildcard;
	to->delegated = from->delegated;
	to->known_good = from->known_good;
	to->wildcard_rr = from->wildcard_rr;
	to->first_rr = from->first_rr;
	to->zone = from->zone;
	memcpy(to->addrs, from->addrs, from->addr_count * sizeof(from->addrs[0]));
	to->addr_count = from->addr_count;
	to->outcome = from->outcome;
	to->url[0] = to->note[0] = '\0';
}

void discovery_init(struct discovery *d)
{
	/* Not cleared whole: discovery_run sets every field before it reads it
	 * (the struct is 150 KiB, forty pages to fault in for a short run). */
	d->domain[0] = '\0';
	d->srv_exists = d->srv_via_wildcard = false;
	d->srv_wildcard_rr = ZONE_NONE;
	d->srv_count = 0;
	d->decided_by = 0;
	for (int i = 0; i < 2; i++) {
		d->scratch[i] = zl_malloc(sizeof(*d->scratch[i]));
		zone_result_init(d->scratch[i]);
		/* the simulation reads the answer and the path only */
		d->scratch[i]->answer_only = true;
	}
}

void discovery_free(struct discovery *d)
{
	for (int i = 0; i < 2; i++) {
		if (d->scratch[i] != NULL)
			zone_result_free(d->scratch[i]);
		free(d->scratch[i]);
		d->scratch[i] = NULL;
	}
}

void discovery_run(const struct zone_set *set, struct cert_view *certs, const uint8_t *domain,
		   struct discovery *d)
{
	/* only the state that the steps do not overwrite is reset: the struct
	 * is large and a zone may have many mail domains */
	d->srv_exists = d->srv_via_wildcard = false;
	d->srv_wildcard_rr = ZONE_NONE;
	d->srv_count = 0;
	d->decided_by = 0;
	lint_name(domain, d->domain, sizeof(d->domain));
	struct zone_result *r = d->scratch[0], *r2 = d->scratch[1];
	for (int i = 0; i < 4; i++) {
		d->step[i].number = i + 1;
		d->step[i].note[0] = d->step[i].url[0] = '\0';
		d->step[i].addr_count = 0;
		d->step[i].zone = NULL;
		d->step[i].via_wildcard = d->step[i].delegated = d->step[i].known_good = false;
	}

	/* 1: the domain itself (MS-OXDISCO 3.1.5.2, tried first) */
	discovery_reach(set, certs, domain, &d->step[0], r);
	lint_put(d->step[0].url, sizeof(d->step[0].url), "https://", d->domain,
	    "/autodiscover/autodiscover.xml", NULL);
	if (d->step[0].outcome == OUTCOME_WORKS)
		snprintf(d->step[0].note, sizeof(d->step[0].note),
			 "the certificate covers %s: no warning; unless this web server answers "
			 "Autodiscover it returns an HTTP error and Outlook moves on",
			 d->domain);

	/* 2: autodiscover.DOMAIN */
	uint8_t ad[ZONE_NAME_MAX];
	discovery_name("autodiscover", domain, ad);
	discovery_reach(set, certs, ad, &d->step[1], r);
	lint_put(d->step[1].url, sizeof(d->step[1].url), "https://", d->step[1].host,
	    "/autodiscover/autodiscover.xml", NULL);
	if (d->step[1].outcome == OUTCOME_WORKS)
		snprintf(d->step[1].note, sizeof(d->step[1].note),
			 "the certificate covers %s: Outlook gets its settings here",
			 d->step[1].host);

	/* 3: the unauthenticated HTTP GET for a redirect (3.1.5.4) */
	struct discovery_step *h = &d->step[2];
	step_copy(h, &d->step[1]);
	h->number = 3;
	lint_put(h->url, sizeof(h->url), "http://", d->step[1].host, "/autodiscover/autodiscover.xml",
	    NULL);
	for (size_t i = 0; i < h->addr_count; i++)
		h->addrs[i].cert = NULL, h->addrs[i].covers = false;
	if (h->addr_count == 0) {
		h->outcome = OUTCOME_SKIPPED;
		lint_put(h->note, sizeof(h->note), "no address: skipped", NULL);
	} else {
		h->outcome = OUTCOME_UNKNOWN;
		lint_put(h->note, sizeof(h->note),
		    "plain HTTP on port 80: only a redirect is used, after a prompt; it depends "
		    "on the web server",
		    NULL);
	}

	/* 4: _autodiscover._tcp SRV (3.1.5.3) */
	srv_step(set, certs, domain, d, r, r2);

	/* the step that decides: the first certificate warning, or the first
	 * working Autodiscover host (step 1 only passes the client on) */
	for (int i = 0; i < 4 && d->decided_by == 0; i++) {
		if (i == 2)
			continue;
		if (d->step[i].outcome == OUTCOME_CERT_WARNING ||
		    (i != 0 && d->step[i].outcome == OUTCOME_WORKS))
			d->decided_by = i + 1;
	}
}
