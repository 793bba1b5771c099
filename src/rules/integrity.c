/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/integrity.c: zone integrity, the checks named-checkzone makes with
 * the same meaning (RFC 1034 3.6.2, 4.2.1; RFC 1035 5; RFC 2181 5, 10;
 * RFC 2782; RFC 4592 4; RFC 7505; RFC 952/1123 host names), plus data a
 * server never serves. Names are resolved with the lookup, so a wildcard
 * CNAME makes a target an alias exactly as it does for BIND. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/internal.h"

/* ---- walking the records ---- */

/* Records of the zone that a server serves: in the zone, not occluded. */
static bool served(const struct zone *z, const struct zone_rr *rr)
{
	return zone_node_served(z, rr->node) && !(rr->span & ZONE_RR_DUPLICATE);
}

/* The loops over the targets read the records in file order, but a
 * target's data and owner a few records on are not in the next cache
 * line: ask for them ahead, for the records that have a target. */
#define READ_AHEAD 8

static void read_ahead(const struct zone *z, size_t i)
{
	if (i + READ_AHEAD >= z->rr_count)
		return;
	const struct zone_rr *rr = &z->rrs[i + READ_AHEAD];
	if (rr->type == ZT_MX || rr->type == ZT_SRV || rr->type == ZT_NS) {
		__builtin_prefetch(z->rdata + rr->rdata);
		__builtin_prefetch(&z->nodes[rr->node]);
	}
}

static void type_text(uint16_t type, char *out, size_t size)
{
	zone_type_to_text(type, out, size);
}

/* A name the mail rules look at more closely (their SRV targets are
 * reported there, not twice): _autodiscover/_submission(s)/_imap(s)/_pop3(s)
 * ._tcp under a mail domain, and CalDAV/CardDAV service names. */
static bool mail_rule_owner(const struct lint *l, uint32_t node)
{
	static const char *const mail[] = {"_autodiscover", "_submission", "_submissions",
					   "_imap", "_imaps", "_pop3", "_pop3s"};
	static const char *const dav[] = {"_caldav", "_caldavs", "_carddav", "_carddavs"};
	const struct zone *z = l->z;
	const struct zone_node *n = &z->nodes[node];
	if (n->parent == ZONE_NONE || z->nodes[n->parent].parent == ZONE_NONE)
		return false;
	const uint8_t *label = z->labels + n->label;
	const uint8_t *tcp = z->labels + z->nodes[n->parent].label;
	if (tcp[0] != 4 || strncasecmp((const char *)tcp + 1, "_tcp", 4) != 0)
		return false;
	for (size_t i = 0; i < sizeof(dav) / sizeof(dav[0]); i++)
		if (label[0] == strlen(dav[i]) && strncasecmp((const char *)label + 1, dav[i], label[0]) == 0)
			return true;
	uint32_t domain = z->nodes[n->parent].parent;
	if (!(l->domain_nodes[domain / 8] & (1u << (domain % 8))))
		return false;
	for (size_t i = 0; i < sizeof(mail) / sizeof(mail[0]); i++)
		if (label[0] == strlen(mail[i]) && strncasecmp((const char *)label + 1, mail[i], label[0]) == 0)
			return true;
	return false;
}

void rule_soa_missing(struct lint *l)
{
	const struct zone *z = l->z;
	if (z->soa == ZONE_NONE)
		lint_emit(l, ZONE_NONE, false, "the zone %s has no SOA record", z->origin_text);
	else if (!zone_node_has(z, z->apex, ZT_SOA))
		lint_emit(l, ZONE_NONE, false, "the zone %s has no SOA record at its apex",
			  z->origin_text);
}

void rule_soa_not_at_apex(struct lint *l)
{
	const struct zone *z = l->z;
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		if (rr->type != ZT_SOA || rr->node == z->apex || !(z->nodes[rr->node].flags & ZN_IN_ZONE) ||
		    (rr->span & ZONE_RR_DUPLICATE))
			continue;
		char owner[ZONE_TEXT_NAME_MAX];
		zone_node_text(z, rr->node, owner, sizeof(owner));
		struct finding *f = lint_emit(
			l, (uint32_t)i, false,
			"%s has an SOA record, but an SOA belongs only at the zone's apex %s: "
			"named-checkzone refuses the zone (a child zone's SOA goes in the child's own "
			"file, with a delegation here)",
			owner, z->origin_text);
		if (!(rr->span & ZONE_RR_GENERATED))
			finding_fix_delete(l, f, (uint32_t)i);
	}
}

void rule_ns_missing(struct lint *l)
{
	const struct zone *z = l->z;
	if (!zone_node_has(z, z->apex, ZT_NS))
		lint_emit(l, ZONE_NONE, false, "the zone %s has no NS records at its apex", z->origin_text);
}

void rule_singleton_type(struct lint *l)
{
	const struct zone *z = l->z;
	static const uint16_t singletons[3] = {ZT_SOA, ZT_CNAME, ZT_DNAME};
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (!(z->nodes[node].flags & ZN_IN_ZONE))
			continue;
		if (zone_node_rr_count(z, node) < 2)
			continue;
		for (int t = 0; t < 3; t++) {
			size_t cursor = 0, count = 0;
			uint32_t idx, second = ZONE_NONE;
			while ((idx = zone_node_next(z, node, singletons[t], &cursor)) != ZONE_NONE) {
				if (z->rrs[idx].span & ZONE_RR_DUPLICATE)
					continue;
				if (++count == 2)
					second = idx;
			}
			if (count < 2)
				continue;
			char owner[ZONE_TEXT_NAME_MAX], type[32];
			zone_node_text(z, node, owner, sizeof(owner));
			type_text(singletons[t], type, sizeof(type));
			lint_emit(l, second, false, "%zu %s records at %s: %s allows one record per name",
				  count, type, owner, type);
		}
	}
}

void rule_cname_and_other_data(struct lint *l)
{
	const struct zone *z = l->z;
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (!(z->nodes[node].flags & ZN_IN_ZONE))
			continue;
		if (!(z->nodes[node].flags & ZN_HAS_CNAME) || !zone_node_served(z, node))
			continue;
		char others[256] = "";
		uint32_t cname = ZONE_NONE;
		uint16_t seen[16];
		unsigned nseen = 0;
		for (uint32_t k = 0; k < zone_node_rr_count(z, node); k++) {
			const struct zone_rr *rr = zone_node_rr(z, node, k);
			if (rr->type == ZT_CNAME) {
				if (cname == ZONE_NONE)
					cname = zone_rr_index(z, rr);
				continue;
			}
			/* RFC 4035 2.5: DNSSEC records may sit beside a CNAME */
			if (rr->type == ZT_RRSIG || rr->type == ZT_NSEC || rr->type == ZT_NSEC3)
				continue;
			bool again = false;
			for (unsigned s = 0; s < nseen; s++)
				again = again || seen[s] == rr->type;
			if (again || nseen >= 16)
				continue;
			seen[nseen++] = rr->type;
			char t[32];
			type_text(rr->type, t, sizeof(t));
			size_t n = strlen(others);
			snprintf(others + n, sizeof(others) - n, "%s%s", n ? ", " : "", t);
		}
		if (nseen == 0)
			continue;
		char owner[ZONE_TEXT_NAME_MAX];
		zone_node_text(z, node, owner, sizeof(owner));
		lint_emit(l, cname, false,
			  "%s has a CNAME and other records (%s): an alias holds no other data, servers "
			  "answer one or the other",
			  owner, others);
	}
}

/* ---- targets: aliases and addresses ---- */

typedef bool (*rr_filter)(const struct lint *l, const struct zone_rr *rr);

static bool is_mx(const struct lint *l, const struct zone_rr *rr)
{
	(void)l;
	return rr->type == ZT_MX;
}

static bool is_ns(const struct lint *l, const struct zone_rr *rr)
{
	(void)l;
	return rr->type == ZT_NS;
}

static bool is_plain_srv(const struct lint *l, const struct zone_rr *rr)
{
	return rr->type == ZT_SRV && !mail_rule_owner(l, rr->node);
}

/* Has the owner of rr another record of its type whose target is end
 * (and, for SRV, whose port is rr's)? */
static bool points_at_already(const struct zone *z, const struct zone_rr *rr, const uint8_t *end)
{
	size_t cursor = 0;
	for (uint32_t k = zone_node_next(z, rr->node, rr->type, &cursor); k != ZONE_NONE;
	     k = zone_node_next(z, rr->node, rr->type, &cursor)) {
		const struct zone_rr *other = &z->rrs[k];
		const uint8_t *t = zone_rr_target(z, other);
		if (other == rr || t == NULL || !zone_name_equal(t, end))
			continue;
		if (rr->type != ZT_SRV ||
		    memcmp(zone_rr_rdata(z, rr) + 4, zone_rr_rdata(z, other) + 4, 2) == 0)
			return true;
	}
	return false;
}

/* Reports targets of the records filter selects that are aliases, with a
 * remedy pointing the record at the end of the chain (or deleting it, when
 * another record of its name points there already). */
static void alias_targets(struct lint *l, rr_filter filter, const char *what, const char *why)
{
	const struct zone *z = l->z;
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		read_ahead(z, i);
		if (!filter(l, rr) || !served(z, rr))
			continue;
		const uint8_t *target = zone_rr_target(z, rr);
		uint8_t end[ZONE_NAME_MAX];
		if (target == NULL || target[0] == 0 || !lint_rr_alias(l, (uint32_t)i, end))
			continue;
		char t[ZONE_TEXT_NAME_MAX], e[ZONE_TEXT_NAME_MAX], owner[ZONE_TEXT_NAME_MAX];
		char via[ZONE_TEXT_NAME_MAX + 40] = "is";
		lint_name(target, t, sizeof(t));
		lint_name_text(end, e, sizeof(e));
		zone_node_text(z, rr->node, owner, sizeof(owner));
		/* named-checkzone: "is below a DNAME (illegal)"; the DNAME makes it an alias */
		uint32_t dname = zone_dname_above(z, target);
		if (dname != ZONE_NONE) {
			char d[ZONE_TEXT_NAME_MAX];
			zone_node_text(z, dname, d, sizeof(d));
			snprintf(via, sizeof(via), "is below the DNAME at %s, so it is", d);
		}
		struct finding *f = lint_emit(l, (uint32_t)i, false,
					      "%s %s: the %s target %s %s an alias of %.*s (%s)", owner,
					      what, what, t, via, (int)(strlen(e) - 1), e, why);
		/* the owner has a record of the type for that name already (an
		 * MX for the host the alias leads to): this one goes, rather than
		 * becoming a second record for the one host */
		if (points_at_already(z, rr, end)) {
			finding_fix_delete(l, f, (uint32_t)i);
			continue;
		}
		/* the same record, pointing at the name the chain ends at */
		const uint8_t *rd = zone_rr_rdata(z, rr);
		char rdata[ZONE_TEXT_NAME_MAX + 40];
		if (rr->type == ZT_MX)
			snprintf(rdata, sizeof(rdata), "%u %s", (unsigned)(rd[0] << 8 | rd[1]), e);
		else if (rr->type == ZT_SRV)
			snprintf(rdata, sizeof(rdata), "%u %u %u %s", (unsigned)(rd[0] << 8 | rd[1]),
				 (unsigned)(rd[2] << 8 | rd[3]), (unsigned)(rd[4] << 8 | rd[5]), e);
		else
			snprintf(rdata, sizeof(rdata), "%s", e);
		finding_fix_replace(l, f, (uint32_t)i, rdata);
	}
}

void rule_mx_target_cname(struct lint *l)
{
	alias_targets(l, is_mx, "MX", "RFC 2181 10.3: mail is not delivered through aliases reliably");
}

void rule_ns_target_cname(struct lint *l)
{
	alias_targets(l, is_ns, "NS", "RFC 2181 10.3 forbids it");
}

void rule_srv_target_cname(struct lint *l)
{
	alias_targets(l, is_plain_srv, "SRV", "RFC 2782 forbids it");
}

/* Targets in the loaded zones (and served there) that have no address. */
static void addressless_targets(struct lint *l, rr_filter filter, const char *what)
{
	const struct zone *z = l->z;
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		read_ahead(z, i);
		if (!filter(l, rr) || !served(z, rr))
			continue;
		const uint8_t *target = zone_rr_target(z, rr);
		uint8_t end[ZONE_NAME_MAX];
		bool a, aaaa;
		if (target == NULL || target[0] == 0 || lint_rr_alias(l, (uint32_t)i, end))
			continue;
		if (!lint_rr_has_address(l, (uint32_t)i, &a, &aaaa) || a || aaaa)
			continue;
		char t[ZONE_TEXT_NAME_MAX], owner[ZONE_TEXT_NAME_MAX];
		lint_name(target, t, sizeof(t));
		zone_node_text(z, rr->node, owner, sizeof(owner));
		lint_emit(l, (uint32_t)i, false, "%s %s: the target %s has no address record (A or AAAA)",
			  owner, what, t);
	}
}

void rule_mx_target_no_address(struct lint *l)
{
	addressless_targets(l, is_mx, "MX");
}

void rule_srv_target_no_address(struct lint *l)
{
	addressless_targets(l, is_plain_srv, "SRV");
}

void rule_ns_missing_glue(struct lint *l)
{
	const struct zone *z = l->z;
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		read_ahead(z, i);
		if (rr->type != ZT_NS || !served(z, rr))
			continue;
		const uint8_t *target = zone_rr_rdata(z, rr);
		if (target[0] == 0 || !zone_name_is_below(target, z->origin))
			continue;
		char t[ZONE_TEXT_NAME_MAX], owner[ZONE_TEXT_NAME_MAX];
		lint_name(target, t, sizeof(t));
		zone_node_text(z, rr->node, owner, sizeof(owner));
		uint32_t cut = zone_cut_above(z, target);
		if (cut != ZONE_NONE) {
			/* inside a delegation: only glue here can make it reachable */
			uint32_t node = zone_find(z, target);
			if (node != ZONE_NONE && (zone_node_has(z, node, ZT_A) || zone_node_has(z, node, ZT_AAAA)))
				continue;
			char c[ZONE_TEXT_NAME_MAX];
			zone_node_text(z, cut, c, sizeof(c));
			lint_emit(l, (uint32_t)i, false,
				  "%s NS: the name server %s is inside the delegation %s and has no glue "
				  "address (A or AAAA)",
				  owner, t, c);
			continue;
		}
		uint8_t end[ZONE_NAME_MAX];
		bool a, aaaa;
		if (lint_rr_alias(l, (uint32_t)i, end))
			continue; /* ns-target-cname says it */
		if (lint_rr_has_address(l, (uint32_t)i, &a, &aaaa) && !a && !aaaa)
			lint_emit(l, (uint32_t)i, false,
				  "%s NS: the name server %s has no address record (A or AAAA)", owner, t);
	}
}

/* "192.0.2.1" written where a host name belongs (relative, it becomes
 * 192.0.2.1.ORIGIN): the first four labels are decimal octets. */
static bool looks_like_address(const uint8_t *name, const uint8_t *origin)
{
	const uint8_t *p = name;
	for (int k = 0; k < 4; k++) {
		if (p[0] == 0 || p[0] > 3)
			return false;
		unsigned v = 0;
		for (unsigned i = 1; i <= p[0]; i++) {
			if (p[i] < '0' || p[i] > '9')
				return false;
			v = v * 10 + (unsigned)(p[i] - '0');
		}
		if (v > 255)
			return false;
		p += p[0] + 1;
	}
	return p[0] == 0 || zone_name_equal(p, origin);
}

/* Records of type whose host name looks like an address. */
static void address_targets(struct lint *l, uint16_t type, const char *what)
{
	const struct zone *z = l->z;
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		read_ahead(z, i);
		if (rr->type != type || !served(z, rr))
			continue;
		const uint8_t *target = zone_rr_target(z, rr);
		if (target == NULL || !looks_like_address(target, z->origin))
			continue;
		char t[ZONE_TEXT_NAME_MAX];
		lint_name(target, t, sizeof(t));
		lint_emit(l, (uint32_t)i, false,
			  "the %s target %s looks like an IP address: %s holds a host name (with its "
			  "own A or AAAA record)",
			  what, t, what);
	}
}

void rule_mx_target_is_address(struct lint *l)
{
	address_targets(l, ZT_MX, "MX");
}

void rule_ns_target_is_address(struct lint *l)
{
	address_targets(l, ZT_NS, "NS");
}

/* RFC 952, RFC 1123 2.1 as BIND's check-names reads them: letters, digits
 * and hyphens, no hyphen first or last; a wildcard left-most label is
 * allowed in owner names. */
static bool is_hostname(const uint8_t *name, bool wildcard_ok)
{
	for (const uint8_t *p = name; *p != 0; p += *p + 1) {
		if (p == name && wildcard_ok && p[0] == 1 && p[1] == '*')
			continue;
		for (unsigned i = 1; i <= p[0]; i++) {
			uint8_t c = p[i];
			bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (alnum)
				continue;
			if (c == '-' && i != 1 && i != p[0])
				continue;
			return false;
		}
	}
	return true;
}

/* What the rules below ask of every owner name, found for all nodes in one
 * pass (once a lint run, for the first rule that asks) instead of a name
 * built a record: a node is made after its parent, so in node order every
 * parent is done before its children. */
enum {
	TRAIT_HOST = 1,    /* every label up to the root is a host-name label */
	TRAIT_STAR = 2,    /* some label up to the root holds a '*' */
	TRAIT_PREFIX = 4,  /* below the apex by k <= its depth labels that repeat the origin's */
	TRAIT_DOUBLED = 8, /* the name ends in the origin twice (doubled() of the name) */
};

static bool host_label(const uint8_t *p)
{
	for (unsigned i = 1; i <= p[0]; i++) {
		uint8_t c = p[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum && !(c == '-' && i != 1 && i != p[0]))
			return false;
	}
	return true;
}

static const uint8_t *node_traits(struct lint *l)
{
	const struct zone *z = l->z;
	if (l->traits != NULL)
		return l->traits; /* made for an earlier rule of this run */
	uint8_t *t = l->traits = zl_malloc(z->node_count ? z->node_count : 1);
	unsigned ol = z->apex != ZONE_NONE ? z->nodes[z->apex].depth : 0;
	const uint8_t *olabel[128];
	unsigned k = 0;
	for (const uint8_t *p = z->origin; *p != 0 && k < 128; p += *p + 1)
		olabel[k++] = p;
	t[0] = TRAIT_HOST;
	for (size_t n = 1; n < z->node_count; n++) {
		const struct zone_node *node = &z->nodes[n];
		const uint8_t *label = z->labels + node->label;
		uint8_t up = t[node->parent], v = 0;
		if ((up & TRAIT_HOST) && host_label(label))
			v |= TRAIT_HOST;
		if ((up & TRAIT_STAR) || memchr(label + 1, '*', label[0]) != NULL)
			v |= TRAIT_STAR;
		unsigned d = node->depth;
		if (ol > 0 && d > ol && d <= 2 * ol &&
		    (d == ol + 1 ? node->parent == z->apex : (up & TRAIT_PREFIX) != 0)) {
			const uint8_t *o = olabel[2 * ol - d];
			bool same = o[0] == label[0];
			for (unsigned i = 1; same && i <= label[0]; i++)
				same = zl_lower(o[i]) == zl_lower(label[i]);
			if (same)
				v |= TRAIT_PREFIX;
		}
		if (ol > 0 && ((d == 2 * ol && (v & TRAIT_PREFIX)) || (d > 2 * ol && (up & TRAIT_DOUBLED))))
			v |= TRAIT_DOUBLED;
		t[n] = v;
	}
	return t;
}

void rule_bad_hostname(struct lint *l)
{
	const struct zone *z = l->z;
	const uint8_t *traits = node_traits(l);
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		read_ahead(z, i);
		if (!(z->nodes[rr->node].flags & ZN_IN_ZONE) || (rr->span & ZONE_RR_DUPLICATE))
			continue;
		char type[32];
		if (rr->type == ZT_A || rr->type == ZT_AAAA || rr->type == ZT_MX) {
			/* is_hostname(owner, true): a wildcard's own label aside */
			const struct zone_node *n = &z->nodes[rr->node];
			uint8_t host = (n->flags & ZN_WILDCARD) ? traits[n->parent] : traits[rr->node];
			if (!(host & TRAIT_HOST)) {
				type_text(rr->type, type, sizeof(type));
				uint8_t owner[ZONE_NAME_MAX];
				zone_node_name(z, rr->node, owner);
				char o[ZONE_TEXT_NAME_MAX];
				lint_name(owner, o, sizeof(o));
				lint_emit(l, (uint32_t)i, false,
					  "%s is not a host name (letters, digits, inner hyphens) but owns "
					  "an %s record",
					  o, type);
				continue;
			}
		}
		if (rr->type == ZT_MX || rr->type == ZT_NS || rr->type == ZT_SRV) {
			const uint8_t *target = zone_rr_target(z, rr);
			if (target == NULL || target[0] == 0 || is_hostname(target, false))
				continue;
			type_text(rr->type, type, sizeof(type));
			char t[ZONE_TEXT_NAME_MAX];
			lint_name(target, t, sizeof(t));
			lint_emit(l, (uint32_t)i, true, "the %s target %s is not a host name", type, t);
		}
	}
}

void rule_null_mx_mixed(struct lint *l)
{
	const struct zone *z = l->z;
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (!(z->nodes[node].flags & ZN_IN_ZONE))
			continue;
		size_t cursor = 0, count = 0;
		uint32_t idx, null_mx = ZONE_NONE;
		while ((idx = zone_node_next(z, node, ZT_MX, &cursor)) != ZONE_NONE) {
			const struct zone_rr *rr = &z->rrs[idx];
			if (rr->span & ZONE_RR_DUPLICATE)
				continue;
			count++;
			if (rr->rdlen == 3 && zone_rr_rdata(z, rr)[2] == 0)
				null_mx = idx;
		}
		if (null_mx == ZONE_NONE || count < 2)
			continue;
		char owner[ZONE_TEXT_NAME_MAX];
		zone_node_text(z, node, owner, sizeof(owner));
		lint_emit(l, null_mx, false,
			  "%s has a null MX (0 .) and %zu other MX record%s: a null MX must be the only "
			  "one",
			  owner, count - 1, count == 2 ? "" : "s");
	}
}

void rule_duplicate_record(struct lint *l)
{
	const struct zone *z = l->z;
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		if (!(rr->span & ZONE_RR_DUPLICATE))
			continue;
		/* the first copy, for the message */
		uint32_t first = ZONE_NONE;
		for (uint32_t k = 0; k < zone_node_rr_count(z, rr->node) && first == ZONE_NONE; k++) {
			const struct zone_rr *o = zone_node_rr(z, rr->node, k);
			if (o != rr && o->type == rr->type && o->rdlen == rr->rdlen &&
			    !(o->span & ZONE_RR_DUPLICATE) &&
			    zone_rdata_equal(rr->type, zone_rr_rdata(z, o), zone_rr_rdata(z, rr),
					     rr->rdlen))
				first = zone_rr_index(z, o);
		}
		/* the copy itself, with its own TTL, as the remedy deletes it */
		char *text = lint_rr_text(z, rr);
		struct finding *f;
		if (first != ZONE_NONE)
			f = lint_emit(l, (uint32_t)i, false,
				      "%s repeats the record on line %u: servers answer it once", text,
				      z->rrs[first].line);
		else
			f = lint_emit(l, (uint32_t)i, false, "%s is a duplicate record", text);
		free(text);
		if (!(rr->span & ZONE_RR_GENERATED))
			finding_fix_delete(l, f, (uint32_t)i);
	}
}

void rule_ttl_mismatch(struct lint *l)
{
	const struct zone *z = l->z;
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (!(z->nodes[node].flags & ZN_IN_ZONE))
			continue;
		uint32_t count = zone_node_rr_count(z, node);
		if (count < 2)
			continue;
		for (uint32_t k = 0; k < count; k++) {
			const struct zone_rr *first = zone_node_rr(z, node, k);
			/* the first record of each type only */
			bool earlier = false;
			for (uint32_t j = 0; j < k && !earlier; j++)
				earlier = zone_node_rr(z, node, j)->type == first->type;
			if (earlier)
				continue;
			for (uint32_t j = k + 1; j < count; j++) {
				const struct zone_rr *rr = zone_node_rr(z, node, j);
				if (rr->type != first->type || rr->ttl == first->ttl)
					continue;
				char owner[ZONE_TEXT_NAME_MAX], type[32];
				zone_node_text(z, node, owner, sizeof(owner));
				type_text(rr->type, type, sizeof(type));
				lint_emit(l, zone_rr_index(z, rr), false,
					  "TTL %u differs from TTL %u (line %u) of the other %s records at %s: "
					  "an RRset has one TTL (RFC 2181 5.2)",
					  rr->ttl, first->ttl, first->line, type, owner);
				break;
			}
		}
	}
}

void rule_out_of_zone(struct lint *l)
{
	const struct zone *z = l->z;
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		if (z->nodes[rr->node].flags & ZN_IN_ZONE)
			continue;
		char owner[ZONE_TEXT_NAME_MAX];
		zone_node_text(z, rr->node, owner, sizeof(owner));
		lint_emit(l, (uint32_t)i, false,
			  "%s is outside the zone %s: the record is ignored (a missing trailing dot, or "
			  "the wrong $ORIGIN?)",
			  owner, z->origin_text);
	}
}

void rule_occluded_data(struct lint *l)
{
	const struct zone *z = l->z;
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (!(z->nodes[node].flags & ZN_IN_ZONE))
			continue;
		const struct zone_node *n = &z->nodes[node];
		if (zone_node_rr_count(z, node) == 0 || !(n->flags & ZN_IN_ZONE) || zone_node_served(z, node))
			continue;
		/* glue (addresses of a name an NS record names) belongs there */
		uint8_t name[ZONE_NAME_MAX];
		zone_node_name(z, node, name);
		uint32_t reported = ZONE_NONE;
		for (uint32_t k = 0; k < zone_node_rr_count(z, node) && reported == ZONE_NONE; k++) {
			const struct zone_rr *rr = zone_node_rr(z, node, k);
			if (rr->type == ZT_A || rr->type == ZT_AAAA) {
				bool glue = false;
				for (size_t j = 0; j < z->rr_count && !glue; j++)
					glue = z->rrs[j].type == ZT_NS &&
					       zone_name_equal(zone_rr_rdata(z, &z->rrs[j]), name);
				if (glue)
					continue;
			}
			reported = zone_rr_index(z, rr);
		}
		if (reported == ZONE_NONE)
			continue;
		uint32_t above = zone_node_occluder(z, node);
		char owner[ZONE_TEXT_NAME_MAX], at[ZONE_TEXT_NAME_MAX] = "?";
		zone_node_text(z, node, owner, sizeof(owner));
		if (above != ZONE_NONE)
			zone_node_text(z, above, at, sizeof(at));
		/* a cut takes precedence over a DNAME at the same name */
		bool dname = above != ZONE_NONE && !zone_node_has(z, above, ZT_NS);
		lint_emit(l, reported, false, "%s is below the %s %s: its records are never served", owner,
			  dname ? "DNAME at" : "delegation", at);
	}
}

void rule_wildcard_cname(struct lint *l)
{
	const struct zone *z = l->z;
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		if (rr->type != ZT_CNAME || !(z->nodes[rr->node].flags & ZN_WILDCARD) || !served(z, rr))
			continue;
		char owner[ZONE_TEXT_NAME_MAX], t[ZONE_TEXT_NAME_MAX];
		zone_node_text(z, rr->node, owner, sizeof(owner));
		lint_name(zone_rr_rdata(z, rr), t, sizeof(t));
		lint_emit(l, (uint32_t)i, false,
			  "the wildcard CNAME %s makes every name that does not exist below it an alias "
			  "of %s, autodiscover and service names included",
			  owner, t);
	}
}

void rule_wildcard_special_type(struct lint *l)
{
	const struct zone *z = l->z;
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		if (!(z->nodes[rr->node].flags & ZN_WILDCARD) || !(z->nodes[rr->node].flags & ZN_IN_ZONE))
			continue;
		if (rr->type != ZT_NS && rr->type != ZT_DNAME && rr->type != ZT_SOA)
			continue;
		char owner[ZONE_TEXT_NAME_MAX], type[32];
		zone_node_text(z, rr->node, owner, sizeof(owner));
		type_text(rr->type, type, sizeof(type));
		lint_emit(l, (uint32_t)i, false, "the wildcard %s owns %s records (RFC 4592 4: %s)", owner,
			  type, rr->type == ZT_SOA ? "invalid" : "undefined in practice, BIND refuses it");
	}
}

void rule_wildcard_not_leftmost(struct lint *l)
{
	const struct zone *z = l->z;
	const uint8_t *traits = node_traits(l);
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (!(z->nodes[node].flags & ZN_IN_ZONE))
			continue;
		const struct zone_node *n = &z->nodes[node];
		if (zone_node_rr_count(z, node) == 0 || !(traits[node] & TRAIT_STAR))
			continue;
		/* a '*' anywhere but as the whole left-most label (a real wildcard) */
		bool literal = node != 0 && (traits[n->parent] & TRAIT_STAR);
		if (!literal && !(n->flags & ZN_WILDCARD))
			literal = true; /* the star is in this node's own label, not all of it */
		if (!literal)
			continue;
		uint8_t name[ZONE_NAME_MAX];
		zone_node_name(z, node, name);
		char owner[ZONE_TEXT_NAME_MAX];
		lint_name_text(name, owner, sizeof(owner));
		lint_emit(l, z->rr_order[z->nodes[node].rr_first], false,
			  "%s has a '*' that is not the whole left-most label: it is a literal "
			  "character, not a wildcard (RFC 4592 2.1.1)",
			  owner);
	}
}

/* name ends in the origin twice: mail.example.net.example.net. */
static bool doubled(const uint8_t *name, const struct zone *z)
{
	unsigned ol = z->nodes[z->apex].depth, nl = zone_name_labels(name);
	if (ol == 0 || nl < 2 * ol)
		return false;
	const uint8_t *p = name;
	for (unsigned i = 0; i < nl - 2 * ol; i++)
		p += *p + 1;
	const uint8_t *q = p;
	for (unsigned i = 0; i < ol; i++)
		q += *q + 1;
	size_t half = (size_t)z->origin_len - 1; /* the origin without its root label */
	if ((size_t)(q - p) != half || !zone_name_equal(q, z->origin))
		return false;
	for (size_t i = 0; i < half; i++)
		if (zl_lower(p[i]) != zl_lower(z->origin[i]))
			return false;
	return true;
}

void rule_target_doubled_origin(struct lint *l)
{
	const struct zone *z = l->z;
	const uint8_t *traits = node_traits(l);
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rr = &z->rrs[i];
		read_ahead(z, i);
		if (!(z->nodes[rr->node].flags & ZN_IN_ZONE) || (rr->span & ZONE_RR_DUPLICATE))
			continue;
		/* doubled(owner) without building the owner name */
		bool owner_doubled = (traits[rr->node] & TRAIT_DOUBLED) != 0;
		const uint8_t *target = zone_rr_target(z, rr);
		if (!owner_doubled && !(target != NULL && doubled(target, z)))
			continue;
		/* report a doubled owner once, at its first record */
		if (owner_doubled && zone_node_rr(z, rr->node, 0) != rr)
			continue;
		uint8_t owner[ZONE_NAME_MAX];
		const uint8_t *bad = target;
		if (owner_doubled) {
			zone_node_name(z, rr->node, owner);
			bad = owner;
		}
		char b[ZONE_TEXT_NAME_MAX];
		lint_name_text(bad, b, sizeof(b));
		lint_emit(l, (uint32_t)i, false,
			  "%s ends in the origin twice: a name written without its trailing dot?", b);
	}
}

/* The SPF RR type (RFC 4408 3.1.1; obsolete since RFC 7208 3.1). */
enum { RR_SPF = 99 };

/* BIND's test: the first character-string is "v=spf1", alone or followed
 * by a space (RFC 7208 4.5: the version section). */
static bool is_spf_text(const uint8_t *rd, uint16_t rdlen)
{
	return rdlen >= 7 && rd[0] >= 6 && rd[0] < rdlen && memcmp(rd + 1, "v=spf1", 6) == 0 &&
	       (rd[0] == 6 || rd[7] == ' ');
}

void rule_spf_without_txt(struct lint *l)
{
	const struct zone *z = l->z;
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (!(z->nodes[node].flags & ZN_IN_ZONE))
			continue;
		if (zone_node_rr_count(z, node) == 0 || !zone_node_answers_data(z, node))
			continue;
		size_t cursor = 0;
		uint32_t spf = zone_node_next(z, node, RR_SPF, &cursor);
		if (spf == ZONE_NONE)
			continue;
		bool has_txt = false;
		uint32_t idx;
		cursor = 0;
		while (!has_txt && (idx = zone_node_next(z, node, ZT_TXT, &cursor)) != ZONE_NONE)
			has_txt = is_spf_text(zone_rr_rdata(z, &z->rrs[idx]), z->rrs[idx].rdlen);
		if (has_txt)
			continue;
		const struct zone_rr *rr = &z->rrs[spf];
		char owner[ZONE_TEXT_NAME_MAX];
		zone_node_text(z, node, owner, sizeof(owner));
		struct finding *f = lint_emit(
			l, spf, false,
			"%s has an SPF-type record but no TXT record starting with v=spf1: RFC 7208 3.1 "
			"publishes SPF as TXT only, and mail servers do not ask for type SPF",
			owner);
		/* the same policy as TXT, when the SPF record holds one */
		if (is_spf_text(zone_rr_rdata(z, rr), rr->rdlen)) {
			char *rdata = zone_rdata_to_text(ZT_TXT, zone_rr_rdata(z, rr), rr->rdlen);
			uint8_t name[ZONE_NAME_MAX];
			zone_node_name(z, node, name);
			finding_fix_add(l, f, name, rr->ttl, ZT_TXT, rdata);
			free(rdata);
		}
	}
}
