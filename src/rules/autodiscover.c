/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/autodiscover.c: the Exchange Autodiscover rules (MS-OXDISCO 3.1.5):
 * wildcards that answer autodiscover.DOMAIN (RFC 4592 3.3.1), certificates
 * that do not cover the name asked for (RFC 9525 6.3), and the
 * _autodiscover._tcp SRV record (RFC 2782). Each reads the one simulation
 * of discovery.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/internal.h"

void lint_cert_text(const struct cert *c, char *out, size_t size)
{
	char names[600];
	cert_names_text(c, names, sizeof(names));
	snprintf(out, size, "certificate%s covers %s%s", c->from_cn ? " (subject CN only, no SAN)" : "",
		 names, c->name_count == 1 ? " only" : "");
}

static const struct discovery_addr *bad_addr(const struct discovery_step *st)
{
	for (size_t i = 0; i < st->addr_count; i++)
		if (st->addrs[i].cert != NULL && !st->addrs[i].covers)
			return &st->addrs[i];
	return NULL;
}

static void wildcard_text(const struct zone *z, uint32_t rr, char *out, size_t size)
{
	char name[ZONE_TEXT_NAME_MAX];
	uint8_t wire[ZONE_NAME_MAX];
	zone_node_name(z, z->rrs[rr].node, wire);
	lint_name(wire, name, sizeof(name));
	snprintf(out, size, "the wildcard %s (line %u)", name, z->rrs[rr].line);
}

/* Is name a place to point the SRV record at? Not when it is an alias
 * (RFC 2782: the target must have addresses itself), has no address in the
 * zones, or presents a certificate known not to cover it (judged with the
 * certificate view and matching the rules use, discovery.c). A name outside
 * the loaded zones cannot be judged and is taken. why gets the reason for a
 * refusal. */
static bool srv_target_usable(struct lint *l, const uint8_t *name, char *why, size_t size)
{
	char text[ZONE_TEXT_NAME_MAX];
	lint_name(name, text, sizeof(text));
	uint8_t end[ZONE_NAME_MAX];
	if (lint_alias_end(l, name, end)) {
		snprintf(why, size, "%s is an alias", text);
		return false;
	}
	bool a, aaaa;
	if (lint_has_address(l, name, &a, &aaaa) && !a && !aaaa) {
		snprintf(why, size, "%s has no address", text);
		return false;
	}
	const struct discovery_step *st = lint_reach(l, name);
	const struct discovery_addr *bad = bad_addr(st);
	bool usable = !(st->outcome == OUTCOME_CERT_WARNING && bad != NULL);
	if (!usable) {
		char names[600];
		cert_names_text(bad->cert, names, sizeof(names));
		lint_put(why, size, text, " (", bad->address, ") presents a certificate for ", names,
			 bad->cert->name_count == 1 ? " only" : "", NULL);
	}
	return usable;
}

/* Where a remedy points the _autodiscover._tcp SRV record (out), in this
 * order: mail.autodiscover-host from the configuration, always (the admin
 * chose it); else the end of the chain of a real CNAME at
 * autodiscover.DOMAIN, inside the zones or not (never a CNAME synthesised by
 * a wildcard: that would point the record at whatever the wildcard serves);
 * else the most preferred MX host with an address. A candidate whose
 * certificate is known not to cover its own name is passed over. False,
 * with the reasons in why, when none is left. */
static bool find_srv_target_host(struct lint *l, struct mail_domain *d, uint8_t *out, char *why,
				 size_t size)
{
	const struct config *cfg = l->opt->config;
	if (cfg != NULL && cfg->autodiscover_host != NULL &&
	    zone_name_from_text(cfg->autodiscover_host, NULL, out, NULL) == ZL_OK)
		return true;
	const struct zone *z = l->z;
	char alias_why[ZONE_TEXT_NAME_MAX + 800], mx_why[ZONE_TEXT_NAME_MAX + 800];
	alias_why[0] = mx_why[0] = '\0';
	uint32_t ad = lint_domain_child(l, d, NULL, "autodiscover");
	if (ad != ZONE_NONE && (z->nodes[ad].flags & ZN_HAS_CNAME)) {
		uint8_t name[ZONE_NAME_MAX], end[ZONE_NAME_MAX];
		zone_node_name(z, ad, name);
		if (lint_alias_end(l, name, end) &&
		    srv_target_usable(l, end, alias_why, sizeof(alias_why))) {
			memcpy(out, end, zone_name_len(end));
			return true;
		}
	}
	/* RFC 5321 5.1: the lowest preference first; ties in file order */
	unsigned best = 70000;
	size_t cursor = 0, mx_count = 0;
	uint32_t idx;
	while (d->node != ZONE_NONE && (idx = zone_node_next(z, d->node, ZT_MX, &cursor)) != ZONE_NONE) {
		const struct zone_rr *rr = &z->rrs[idx];
		const uint8_t *rd = zone_rr_rdata(z, rr);
		if (rr->rdlen < 3 || rd[2] == 0)
			continue;
		mx_count++;
		unsigned pref = (unsigned)(rd[0] << 8 | rd[1]);
		bool a, aaaa;
		if (pref >= best || !lint_has_address(l, rd + 2, &a, &aaaa) || !(a || aaaa))
			continue;
		if (srv_target_usable(l, rd + 2, mx_why, sizeof(mx_why))) {
			best = pref;
			memcpy(out, rd + 2, zone_name_len(rd + 2));
		}
	}
	if (best < 70000)
		return true;
	if (mx_why[0] == '\0')
		snprintf(mx_why, sizeof(mx_why), "%s", mx_count ? "no MX host has an address in the zones"
							    : "no MX host");
	if (alias_why[0] != '\0' && strcmp(alias_why, mx_why) != 0)
		snprintf(why, size, "%s; %s", alias_why, mx_why);
	else
		snprintf(why, size, "%s", mx_why);
	return false;
}

/* find_srv_target_host, once a domain: up to three rules ask */
static bool srv_target_host(struct lint *l, struct mail_domain *d, uint8_t *out, char *why,
			    size_t size)
{
	if (l->srv_target_of != d) {
		l->srv_target_found = find_srv_target_host(l, d, l->srv_target, l->srv_target_why,
							   sizeof(l->srv_target_why));
		l->srv_target_of = d;
	}
	if (l->srv_target_found)
		memcpy(out, l->srv_target, zone_name_len(l->srv_target));
	else
		snprintf(why, size, "%s", l->srv_target_why);
	return l->srv_target_found;
}

/* The remedy: _autodiscover._tcp.DOMAIN SRV 0 0 443 target. */
static void fix_add_srv_to(struct lint *l, struct finding *f, struct mail_domain *d,
			   const uint8_t *target)
{
	uint8_t tcp[ZONE_NAME_MAX], owner[ZONE_NAME_MAX];
	char rdata[ZONE_TEXT_NAME_MAX + 32], t[ZONE_TEXT_NAME_MAX];
	lint_name_text(target, t, sizeof(t));
	snprintf(rdata, sizeof(rdata), "0 0 443 %s", t);
	discovery_name("_tcp", d->name, tcp);
	discovery_name("_autodiscover", tcp, owner);
	finding_fix_add(l, f, owner, lint_default_ttl(l, d), ZT_SRV, rdata);
}

static void fix_add_srv(struct lint *l, struct finding *f, struct mail_domain *d)
{
	uint8_t target[ZONE_NAME_MAX];
	char why[2 * ZONE_TEXT_NAME_MAX + 1700];
	if (srv_target_host(l, d, target, why, sizeof(why)))
		fix_add_srv_to(l, f, d, target);
}

/* A node at autodiscover.DOMAIN that holds no address, so that a wildcard
 * stops answering for it (RFC 4592 2.2: the name then exists). */
static void fix_add_blocker(struct lint *l, struct finding *f, struct mail_domain *d)
{
	uint8_t ad[ZONE_NAME_MAX];
	discovery_name("autodiscover", d->name, ad);
	finding_fix_add(l, f, ad, lint_default_ttl(l, d), ZT_TXT, "\"autodiscover via SRV\"");
}

/* Would a wildcard answer for the name of node once its records are gone?
 * (The lookup knows: zone_wildcard_behind.) */
static bool wildcard_behind(const struct zone *z, uint32_t node)
{
	return zone_wildcard_behind(z, node) != ZONE_NONE;
}

void rule_autodiscover_wildcard(struct lint *l, struct mail_domain *d)
{
	const struct discovery *disc = lint_discovery(l, d);
	const struct discovery_step *st = &disc->step[1];
	if (!st->via_wildcard || st->zone != l->z || st->wildcard_rr == ZONE_NONE)
		return;
	/* only a wildcard that gives the name an address or an alias answers
	 * Outlook's request; one without (NODATA) fails cleanly */
	const struct zone *z = l->z;
	uint32_t wnode = z->rrs[st->wildcard_rr].node;
	if (!zone_node_has(z, wnode, ZT_A) && !zone_node_has(z, wnode, ZT_AAAA) &&
	    !zone_node_has(z, wnode, ZT_CNAME))
		return;
	char wc[ZONE_TEXT_NAME_MAX + 32], what[8192];
	wildcard_text(z, st->wildcard_rr, wc, sizeof(wc));
	const struct discovery_addr *bad = bad_addr(st);
	/* research note AD001: a note only when the certificate seen is known
	 * to cover autodiscover.DOMAIN (say a *.DOMAIN certificate) */
	bool covered = st->outcome == OUTCOME_WORKS || st->known_good;
	if (bad != NULL) {
		char ct[700];
		lint_cert_text(bad->cert, ct, sizeof(ct));
		snprintf(what, sizeof(what), "Outlook reaches %s, whose %s", bad->address, ct);
	} else if (covered && st->addr_count > 0 && st->addrs[0].cert != NULL) {
		char ct[700];
		lint_cert_text(st->addrs[0].cert, ct, sizeof(ct));
		snprintf(what, sizeof(what),
			 "Outlook reaches %s, whose %s: this works, but only while the wildcard's "
			 "host serves Autodiscover and keeps that certificate; give %s a record of its "
			 "own",
			 st->addrs[0].address, ct, st->host);
	} else if (covered) {
		snprintf(what, sizeof(what), "%s", st->note);
	} else if (st->addr_count > 0) {
		snprintf(what, sizeof(what), "Outlook reaches %s, whose certificate is not known",
			 st->addrs[0].address);
	} else {
		snprintf(what, sizeof(what), "Outlook reaches a host outside the zones (%s)", st->chain);
	}
	struct finding *f = lint_emit(l, st->wildcard_rr, false, "%s is answered by %s: %s",
				      st->host, wc, what);
	if (covered) {
		/* it works: nothing to change in a hurry, and no remedy to apply */
		f->severity = ZL_SEV_NOTE;
		return;
	}
	fix_add_blocker(l, f, d);
	if (!disc->srv_exists)
		fix_add_srv(l, f, d);
}

void rule_autodiscover_cert_mismatch(struct lint *l, struct mail_domain *d)
{
	const struct discovery *disc = lint_discovery(l, d);
	/* Outlook's first try: the domain itself, one severity lower */
	const struct discovery_step *root = &disc->step[0];
	const struct discovery_addr *bad = bad_addr(root);
	if (root->outcome == OUTCOME_CERT_WARNING && bad != NULL && root->zone == l->z) {
		char ct[700];
		lint_cert_text(bad->cert, ct, sizeof(ct));
		lint_emit(l, root->first_rr, true,
			  "%s, %s: Outlook tries https://%s/autodiscover/ first and shows a "
			  "certificate warning",
			  root->chain, ct, root->host);
	}
	const struct discovery_step *st = &disc->step[1];
	bad = bad_addr(st);
	if (st->outcome != OUTCOME_CERT_WARNING || bad == NULL || st->zone != l->z ||
	    st->first_rr == ZONE_NONE)
		return;
	char ct[700];
	lint_cert_text(bad->cert, ct, sizeof(ct));
	struct finding *f = lint_emit(l, st->first_rr, false,
				      "%s, %s: Outlook shows a certificate warning at every start",
				      st->chain, ct);
	const struct zone *z = l->z;
	uint32_t node = z->rrs[st->first_rr].node;
	if (st->via_wildcard) {
		fix_add_blocker(l, f, d);
	} else {
		/* remove what gives autodiscover.DOMAIN an address */
		static const uint16_t types[3] = {ZT_CNAME, ZT_A, ZT_AAAA};
		size_t removed = 0;
		for (int t = 0; t < 3; t++) {
			size_t cursor = 0;
			uint32_t idx;
			while ((idx = zone_node_next(z, node, types[t], &cursor)) != ZONE_NONE) {
				finding_fix_delete(l, f, idx);
				removed++;
			}
		}
		if (removed == zone_node_rr_count(z, node) && wildcard_behind(z, node))
			fix_add_blocker(l, f, d);
	}
	if (!disc->srv_exists)
		fix_add_srv(l, f, d);
}

void rule_autodiscover_srv_missing(struct lint *l, struct mail_domain *d)
{
	const struct discovery *disc = lint_discovery(l, d);
	const struct discovery_step *st = &disc->step[1];
	if (disc->srv_exists || disc->srv_via_wildcard)
		return;
	if (st->outcome == OUTCOME_WORKS || st->known_good || st->delegated)
		return;
	char why[ZONE_TEXT_NAME_MAX + 800];
	switch (st->outcome) {
	case OUTCOME_CERT_WARNING: {
		const struct discovery_addr *bad = bad_addr(st);
		char names[600];
		cert_names_text(bad->cert, names, sizeof(names));
		snprintf(why, sizeof(why), "https://%s/ presents a certificate for %s%s", st->host,
			 names, bad->cert->name_count == 1 ? " only" : "");
		break;
	}
	case OUTCOME_SKIPPED:
		snprintf(why, sizeof(why), "%s has no address", st->host);
		break;
	default:
		snprintf(why, sizeof(why), "no certificate is known for %s", st->host);
		break;
	}
	uint8_t target[ZONE_NAME_MAX];
	char none[2 * ZONE_TEXT_NAME_MAX + 1700], note[sizeof(none) + 200];
	note[0] = '\0';
	bool has_target = srv_target_host(l, d, target, none, sizeof(none));
	if (!has_target)
		snprintf(note, sizeof(note),
			 " (no host to point the record at: %s; set mail.autodiscover-host in "
			 ".zonelint.yaml to choose one)",
			 none);
	struct finding *f = lint_emit(l, d->mx_rr, false,
				      "%s has no _autodiscover._tcp SRV record, and %s%s", disc->domain,
				      why, note);
	if (has_target)
		fix_add_srv_to(l, f, d, target);
}

void rule_autodiscover_srv_wildcard(struct lint *l, struct mail_domain *d)
{
	const struct discovery *disc = lint_discovery(l, d);
	const struct discovery_step *st = &disc->step[3];
	if (!disc->srv_via_wildcard || st->zone != l->z || disc->srv_wildcard_rr == ZONE_NONE)
		return;
	char wc[ZONE_TEXT_NAME_MAX + 32];
	wildcard_text(l->z, disc->srv_wildcard_rr, wc, sizeof(wc));
	struct finding *f = lint_emit(l, disc->srv_wildcard_rr, false,
				      "%s is answered by %s: %s", st->host, wc, st->chain);
	fix_add_srv(l, f, d);
}

/* The records at _autodiscover._tcp.DOMAIN in this zone (not through a
 * wildcard). */
static uint32_t srv_node(struct lint *l, struct mail_domain *d)
{
	return lint_domain_child(l, d, "_tcp", "_autodiscover");
}

struct srv_fields {
	unsigned priority, weight, port;
	const uint8_t *target;
};

static bool srv_parse(const struct zone *z, const struct zone_rr *rr, struct srv_fields *s)
{
	if (rr->rdlen < 7)
		return false;
	const uint8_t *rd = zone_rr_rdata(z, rr);
	s->priority = (unsigned)(rd[0] << 8 | rd[1]);
	s->weight = (unsigned)(rd[2] << 8 | rd[3]);
	s->port = (unsigned)(rd[4] << 8 | rd[5]);
	s->target = rd + 6;
	return true;
}

void rule_autodiscover_srv_target(struct lint *l, struct mail_domain *d)
{
	const struct zone *z = l->z;
	uint32_t node = srv_node(l, d);
	if (node == ZONE_NONE)
		return;
	size_t cursor = 0;
	uint32_t idx;
	while ((idx = zone_node_next(z, node, ZT_SRV, &cursor)) != ZONE_NONE) {
		const struct zone_rr *rr = &z->rrs[idx];
		struct srv_fields s;
		if ((rr->span & ZONE_RR_DUPLICATE) || !srv_parse(z, rr, &s))
			continue;
		char target[ZONE_TEXT_NAME_MAX];
		lint_name(s.target, target, sizeof(target));
		if (s.target[0] == 0) {
			char dn[ZONE_TEXT_NAME_MAX];
			lint_name(d->name, dn, sizeof(dn));
			lint_emit(l, idx, false,
				  "the _autodiscover._tcp SRV target is '.': it declares that %s has "
				  "no Autodiscover service, so Outlook finds no server",
				  dn);
			continue;
		}
		if (s.port != 443)
			lint_emit(l, idx, false,
				  "the _autodiscover._tcp SRV record uses port %u: Outlook ignores the "
				  "port and connects to %s on 443, exchangelib skips the record; use 443",
				  s.port, target);
		uint8_t end[ZONE_NAME_MAX];
		if (lint_alias_end(l, s.target, end)) {
			char endt[ZONE_TEXT_NAME_MAX], rdata[ZONE_TEXT_NAME_MAX + 32];
			lint_name_text(end, endt, sizeof(endt));
			struct finding *f =
				lint_emit(l, idx, false,
					  "the _autodiscover._tcp SRV target %s is an alias (RFC 2782 "
					  "forbids it): point it at %.*s",
					  target, (int)(strlen(endt) - 1), endt);
			snprintf(rdata, sizeof(rdata), "%u %u %u %s", s.priority, s.weight, s.port, endt);
			finding_fix_replace(l, f, idx, rdata);
			continue;
		}
		bool a, aaaa;
		if (lint_has_address(l, s.target, &a, &aaaa)) {
			if (!a && !aaaa) {
				lint_emit(l, idx, false,
					  "the _autodiscover._tcp SRV target %s has no address record",
					  target);
				continue;
			}
			if (!a)
				lint_emit(l, idx, true,
					  "the _autodiscover._tcp SRV target %s has an AAAA record but "
					  "no A record: clients that look up A only (exchangelib) miss it",
					  target);
		}
		const struct discovery_step *st = lint_reach(l, s.target);
		const struct discovery_addr *bad = bad_addr(st);
		if (st->outcome == OUTCOME_CERT_WARNING && bad != NULL) {
			char ct[700];
			lint_cert_text(bad->cert, ct, sizeof(ct));
			lint_emit(l, idx, false,
				  "the _autodiscover._tcp SRV target %s: %s, %s: Outlook shows a "
				  "certificate warning",
				  target, st->chain, ct);
		}
	}
}

void rule_autodiscover_srv_ambiguous(struct lint *l, struct mail_domain *d)
{
	const struct zone *z = l->z;
	uint32_t node = srv_node(l, d);
	if (node == ZONE_NONE)
		return;
	size_t cursor = 0;
	uint32_t idx, first = ZONE_NONE;
	struct srv_fields s0 = {0, 0, 0, NULL}, s;
	unsigned count = 0, lowest = 70000, highest = 0;
	uint32_t differs = ZONE_NONE;
	while ((idx = zone_node_next(z, node, ZT_SRV, &cursor)) != ZONE_NONE) {
		if ((z->rrs[idx].span & ZONE_RR_DUPLICATE) || !srv_parse(z, &z->rrs[idx], &s))
			continue;
		count++;
		if (s.priority < lowest)
			lowest = s.priority;
		if (s.priority > highest)
			highest = s.priority;
		if (first == ZONE_NONE) {
			first = idx;
			s0 = s;
		} else if (differs == ZONE_NONE && (s.priority != s0.priority || s.weight != s0.weight)) {
			differs = idx;
		}
	}
	if (differs == ZONE_NONE)
		return;
	if (lowest != highest)
		lint_emit(l, differs, false,
			  "%u _autodiscover._tcp SRV records with priorities %u to %u: RFC 2782 "
			  "clients use priority %u, exchangelib uses %u and tries no other",
			  count, lowest, highest, lowest, highest);
	else
		lint_emit(l, differs, false,
			  "%u _autodiscover._tcp SRV records with different weights: exchangelib "
			  "ignores weights and uses the first one it receives",
			  count);
}
