/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/lookup.c: the one place that knows how an authoritative server
 * answers (RFC 1034 4.3.2): zone cuts and referrals (RFC 1034 4.2.1),
 * wildcards (RFC 4592 3.3), CNAME chains (RFC 1034 3.6.2, RFC 6604), DNAME
 * (RFC 6672 3), negative answers (RFC 2308 3) and additional-section
 * processing, with NSD's choices where the RFCs leave room (one RRset for
 * ANY as in RFC 8482 4.1, the apex NS in positive answers, loops stopped
 * at the first repeated RRset, AA kept after a CNAME leads to a referral). */
#include <stdlib.h>
#include <string.h>

#include "zone/internal.h"

static const uint8_t wildcard_label[2] = {1, '*'};

enum outcome { DONE, FOLLOW };

struct ctx {
	const struct zone_set *set;
	uint16_t qtype;
	struct zone_result *r;
	unsigned chain;
	const uint8_t *next; /* the name to follow on FOLLOW */
	bool dnssec;         /* DO bit: NSEC and NSEC3 proofs, DS in referrals */
	bool via_dname;      /* the name looked up came from a DNAME */
};

/* The header only: steps and names are written before they are read, and
 * clearing their 55 KB a call cost more than many lookups. */
uint32_t zone_lookup_child(const struct zone *z, uint32_t parent, const uint8_t *label)
{
	uint32_t lo = z->child_first[parent], hi = z->child_first[parent + 1];
	if (hi - lo > 32)
		return zone_find_child(z, parent, label);
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2, child = z->children[mid];
		int c = zone_label_compare(z->labels + z->nodes[child].label, label);
		if (c == 0)
			return child;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return ZONE_NONE;
}

/* Label offsets of name (off) in one pass; returns how many labels name
 * has below z's apex, or -1 when name is not at or below the apex. */
static int labels_below_apex(const struct zone *z, const uint8_t *name, uint8_t *off)
{
	if (z->apex == ZONE_NONE)
		return -1;
	unsigned labels = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1)
		off[labels++] = (uint8_t)(p - name);
	unsigned depth = z->nodes[z->apex].depth;
	if (labels < depth || (depth > 0 && !zone_name_equal(name + off[labels - depth], z->origin)))
		return -1;
	return (int)(labels - depth);
}

uint32_t zone_lookup_node(const struct zone *z, const uint8_t *name)
{
	uint8_t off[128];
	int below = labels_below_apex(z, name, off);
	if (below < 0)
		return ZONE_NONE;
	uint32_t node = z->apex;
	for (; below > 0 && node != ZONE_NONE; below--)
		node = zone_lookup_child(z, node, name + off[below - 1]);
	return node;
}

uint32_t zone_lookup_node_near(const struct zone *z, const uint8_t *name, uint32_t near)
{
	if (z->apex == ZONE_NONE || near == ZONE_NONE || near >= z->node_count ||
	    !(z->nodes[near].flags & ZN_IN_ZONE))
		return zone_lookup_node(z, name);
	uint8_t off[128];
	int below = labels_below_apex(z, name, off);
	if (below < 0)
		return ZONE_NONE;
	unsigned labels = (unsigned)below + z->nodes[z->apex].depth;
	/* the deepest ancestor of near whose name ends name: up to name's
	 * depth, then up until every label to the apex matches */
	uint32_t a = near;
	while (z->nodes[a].depth > labels)
		a = z->nodes[a].parent;
	while (a != z->apex) {
		uint32_t b = a;
		unsigned i = labels - z->nodes[a].depth;
		while (b != z->apex && zone_label_compare(z->labels + z->nodes[b].label, name + off[i]) == 0) {
			b = z->nodes[b].parent;
			i++;
		}
		if (b == z->apex)
			break;
		a = z->nodes[a].parent;
	}
	for (below = (int)(labels - z->nodes[a].depth); below > 0 && a != ZONE_NONE; below--)
		a = zone_lookup_child(z, a, name + off[below - 1]);
	return a;
}

void zone_result_init(struct zone_result *r)
{
	r->answer_only = false;
	r->dnssec_ok = false;
	r->rcode = ZONE_RCODE_NOERROR;
	r->servfail_reason = NULL;
	r->aa = false;
	memset(&r->answer, 0, sizeof(r->answer));
	memset(&r->authority, 0, sizeof(r->authority));
	memset(&r->additional, 0, sizeof(r->additional));
	memset(&r->additional_aaaa, 0, sizeof(r->additional_aaaa));
	r->step_count = 0;
	r->names_len = 0;
}

void zone_result_free(struct zone_result *r)
{
	free(r->answer.rrs);
	free(r->authority.rrs);
	free(r->additional.rrs);
	free(r->additional_aaaa.rrs);
	zone_result_init(r);
}

static const uint8_t *keep_name(struct zone_result *r, const uint8_t *name)
{
	size_t len = zone_name_len(name);
	if (r->names_len + len > sizeof(r->names))
		return NULL;
	uint8_t *p = r->names + r->names_len;
	memcpy(p, name, len);
	r->names_len += len;
	return p;
}

static const uint8_t *keep_node_name(struct zone_result *r, const struct zone *z, uint32_t node)
{
	uint8_t name[ZONE_NAME_MAX];
	zone_node_name(z, node, name);
	return keep_name(r, name);
}

static void step(struct ctx *c, enum zone_step_kind kind, const struct zone *z, uint32_t node,
		 uint32_t rr, const uint8_t *name)
{
	struct zone_result *r = c->r;
	if (r->step_count >= sizeof(r->steps) / sizeof(r->steps[0]))
		return;
	struct zone_step *s = &r->steps[r->step_count++];
	s->kind = kind;
	s->zone = z;
	s->node = node;
	s->rr = rr;
	s->name = name;
}

static void section_add(struct zone_section *s, const struct zone *z, uint32_t rr,
			const uint8_t *owner, uint16_t type, uint32_t ttl, const uint8_t *rdata,
			uint16_t rdlen)
{
	s->rrs = zl_grow(s->rrs, &s->cap, s->count + 1, sizeof(*s->rrs));
	struct zone_answer_rr *a = &s->rrs[s->count++];
	a->zone = z;
	a->rr = rr;
	a->owner = owner;
	a->rdata = rdata;
	a->ttl = ttl;
	a->type = type;
	a->rclass = z != NULL ? z->rclass : ZC_IN;
	a->rdlen = rdlen;
}

static bool section_has(const struct zone_section *s, const struct zone *z, uint32_t node,
			uint16_t type, const uint8_t *owner)
{
	for (size_t i = 0; i < s->count; i++) {
		const struct zone_answer_rr *a = &s->rrs[i];
		if (a->zone == z && a->rr != ZONE_NONE && a->type == type &&
		    z->rrs[a->rr].node == node && zone_name_equal(a->owner, owner))
			return true;
	}
	return false;
}

/* NSD adds an RRset to a response once; a second time means a loop. */
static bool rrset_present(const struct zone_result *r, const struct zone *z, uint32_t node,
			  uint16_t type, const uint8_t *owner)
{
	return section_has(&r->answer, z, node, type, owner) ||
	       section_has(&r->authority, z, node, type, owner) ||
	       section_has(&r->additional, z, node, type, owner) ||
	       section_has(&r->additional_aaaa, z, node, type, owner);
}

static void add_additional(struct ctx *c, const struct zone *z, const uint8_t *target,
			   bool allow_glue);

/* Every record of type at node (duplicates skipped) with the given owner.
 * Returns false when the RRset is already in the response. */
static bool add_rrset(struct ctx *c, struct zone_section *sec, const struct zone *z,
		      uint32_t node, uint16_t type, const uint8_t *owner)
{
	/* authority and additional records come after the answer is decided:
	 * leaving them out changes nothing else */
	if (c->r->answer_only && sec != &c->r->answer)
		return true;
	if (owner == NULL || rrset_present(c->r, z, node, type, owner))
		return false;
	size_t first = sec->count;
	size_t cursor = 0;
	uint32_t idx;
	while ((idx = zone_node_next(z, node, type, &cursor)) != ZONE_NONE) {
		const struct zone_rr *rr = &z->rrs[idx];
		if (rr->span & ZONE_RR_DUPLICATE)
			continue;
		section_add(sec, z, idx, owner, type, rr->ttl, zone_rr_rdata(z, rr), rr->rdlen);
	}
	size_t last = sec->count;
	/* additional-section processing for names in the data */
	if (!c->r->answer_only && (type == ZT_NS || type == ZT_MX || type == ZT_KX || type == ZT_SRV)) {
		for (size_t i = first; i < last; i++) {
			const struct zone_rr *rr = &z->rrs[sec->rrs[i].rr];
			const uint8_t *target = zone_rr_target(z, rr);
			if (target != NULL && target[0] != 0)
				add_additional(c, z, target, type == ZT_NS);
		}
	}
	return true;
}

/* Addresses of target from zone z for the additional section: the node's own
 * or, when the name does not exist, a wildcard's with target as owner. Glue
 * (at or below a cut) only for NS. */
static void add_additional(struct ctx *c, const struct zone *z, const uint8_t *target,
			   bool allow_glue)
{
	if (!zone_name_is_below(target, z->origin))
		return;
	uint8_t off[128];
	unsigned labels = 0;
	for (const uint8_t *p = target; *p != 0; p += *p + 1)
		off[labels++] = (uint8_t)(p - target);
	unsigned below = labels - z->nodes[z->apex].depth;
	uint32_t node = z->apex;
	bool glue = false;
	while (below > 0) {
		uint32_t child = zone_lookup_child(z, node, target + off[below - 1]);
		if (child == ZONE_NONE)
			break;
		node = child;
		below--;
		if (z->nodes[node].flags & (ZN_CUT | ZN_OCCLUDED))
			glue = true;
	}
	if (glue && !allow_glue)
		return;
	uint32_t source = node;
	if (below > 0) {
		source = zone_lookup_child(z, node, wildcard_label);
		if (source == ZONE_NONE)
			return;
	}
	add_rrset(c, &c->r->additional, z, source, ZT_A, target);
	add_rrset(c, &c->r->additional_aaaa, z, source, ZT_AAAA, target);
}

static void add_soa(struct ctx *c, const struct zone *z)
{
	if (z->soa == ZONE_NONE || c->r->answer_only)
		return;
	const struct zone_rr *rr = &z->rrs[z->soa];
	const uint8_t *rd = zone_rr_rdata(z, rr);
	uint32_t ttl = rr->ttl;
	if (rr->rdlen >= 20) {
		/* RFC 2308 3: the lesser of the SOA TTL and its MINIMUM */
		const uint8_t *m = rd + rr->rdlen - 4;
		uint32_t minimum = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
		if (minimum < ttl)
			ttl = minimum;
	}
	section_add(&c->r->authority, z, z->soa, z->origin, ZT_SOA, ttl, rd, rr->rdlen);
}

/* RFC 8482 4.1 as NSD does it: one RRset, the first of a small common
 * type, else the last other one, RRsets taken in order of first appearance. */
static uint16_t any_type(const struct zone *z, uint32_t node, bool skip_rrsig)
{
	uint16_t normal = 0, unwanted = 0, seen[64];
	unsigned nseen = 0;
	const struct zone_node *n = &z->nodes[node];
	uint32_t count = zone_node_rr_count(z, node);
	for (uint32_t i = 0; i < count; i++) {
		uint16_t t = z->rrs[z->rr_order[n->rr_first + i]].type;
		bool again = false;
		for (unsigned k = 0; k < nseen && !again; k++)
			again = seen[k] == t;
		if (again || (t == ZT_RRSIG && skip_rrsig))
			continue;
		if (nseen < sizeof(seen) / sizeof(seen[0]))
			seen[nseen++] = t;
		switch (t) {
		case ZT_A:
		case ZT_AAAA:
		case ZT_SOA:
		case ZT_MX:
		case ZT_PTR:
			return t;
		case ZT_DNSKEY:
		case ZT_RRSIG:
		case ZT_NSEC:
			unwanted = t;
			break;
		case ZT_NSEC3:
			break;
		default:
			normal = t;
			break;
		}
	}
	return normal ? normal : unwanted;
}

/* The NSEC or NSEC3 RRsets of a proof, into the authority section. */
static void add_proof(struct ctx *c, const struct zone *z, const struct zone_proof *p)
{
	uint16_t type = zone_denial_kind(z) == ZONE_DENIAL_NSEC3 ? ZT_NSEC3 : ZT_NSEC;
	for (unsigned i = 0; i < p->count; i++)
		add_rrset(c, &c->r->authority, z, p->node[i], type, keep_node_name(c->r, z, p->node[i]));
}

/* NSD answers SERVFAIL when the next closer name hashes to an owner of
 * the chain (nsec3.c: a hash collision), after the rest of the proof. */
static bool proof_failed(struct ctx *c, const struct zone_proof *p)
{
	if (!p->collision && !p->failed)
		return false;
	c->r->rcode = ZONE_RCODE_SERVFAIL;
	c->r->servfail_reason = "NSEC3 hash collision";
	return true;
}

static void deny_data(struct ctx *c, const struct zone *z, uint32_t node)
{
	if (!c->dnssec)
		return;
	struct zone_proof p = {0};
	zone_denial_nodata(z, node, c->qtype, &p);
	add_proof(c, z, &p);
}

static enum outcome answer_node(struct ctx *c, const struct zone *z, uint32_t node,
				const uint8_t *owner, bool wildcard)
{
	struct zone_result *r = c->r;
	step(c, wildcard ? ZONE_STEP_WILDCARD : ZONE_STEP_EXACT, z, node, ZONE_NONE, owner);
	uint16_t t = c->qtype;
	/* an empty non-terminal of an NSEC3 zone: NSD proves it before the SOA */
	if (c->dnssec && zone_node_rr_count(z, node) == 0 &&
	    zone_denial_kind(z) == ZONE_DENIAL_NSEC3)
		deny_data(c, z, node);
	if (t == ZT_ANY) {
		t = any_type(z, node, c->dnssec && zone_is_signed(z));
		if (t != 0) {
			add_rrset(c, &r->answer, z, node, t, owner);
			return DONE;
		}
	} else if (t == ZT_NSEC3 || (t == ZT_DS && node == z->apex && !wildcard)) {
		/* NSEC3 records answer no question of their type (RFC 5155 7.2.8,
		 * as NSD); DS at a child apex is the parent's (RFC 4035 3.1.4.1) */
	} else if (zone_node_has(z, node, t)) {
		add_rrset(c, &r->answer, z, node, t, owner);
		if (t != ZT_DS && t != ZT_DNSKEY && zone_node_has(z, z->apex, ZT_NS))
			add_rrset(c, &r->authority, z, z->apex, ZT_NS, z->origin);
		return DONE;
	} else if (z->nodes[node].flags & ZN_HAS_CNAME) {
		size_t cursor = 0;
		uint32_t cname = zone_node_next(z, node, ZT_CNAME, &cursor);
		if (!add_rrset(c, &r->answer, z, node, ZT_CNAME, owner)) {
			step(c, ZONE_STEP_LOOP, z, node, cname, owner);
			return DONE;
		}
		step(c, ZONE_STEP_CNAME, z, node, cname, owner);
		c->next = zone_rr_rdata(z, &z->rrs[cname]);
		c->via_dname = false;
		return FOLLOW;
	}
	step(c, ZONE_STEP_NODATA, z, node, ZONE_NONE, owner);
	add_soa(c, z);
	deny_data(c, z, node);
	return DONE;
}

static enum outcome referral(struct ctx *c, const struct zone *z, uint32_t cut,
			     const uint8_t *name)
{
	struct zone_result *r = c->r;
	if (c->chain == 0)
		r->aa = false; /* NSD keeps AA once a CNAME was followed */
	step(c, ZONE_STEP_REFERRAL, z, cut, ZONE_NONE, name);
	const uint8_t *owner = keep_node_name(r, z, cut);
	add_rrset(c, &r->authority, z, cut, ZT_NS, owner);
	/* RFC 4035 3.1.4: the DS RRset, or the proof that there is none */
	if (c->dnssec && zone_is_signed(z)) {
		if (zone_node_has(z, cut, ZT_DS)) {
			add_rrset(c, &r->authority, z, cut, ZT_DS, owner);
		} else {
			struct zone_proof p = {0};
			zone_denial_referral(z, cut, &p);
			add_proof(c, z, &p);
		}
	}
	return DONE;
}

/* RFC 6672 3.1: replace the DNAME owner suffix of name by the target. */
static enum outcome dname(struct ctx *c, const struct zone *z, uint32_t node, const uint8_t *name,
			  unsigned prefix_labels)
{
	struct zone_result *r = c->r;
	size_t cursor = 0;
	uint32_t idx = zone_node_next(z, node, ZT_DNAME, &cursor);
	const struct zone_rr *rr = &z->rrs[idx];
	const uint8_t *target = zone_rr_rdata(z, rr);
	const uint8_t *owner = keep_node_name(r, z, node);
	if (!add_rrset(c, &r->answer, z, node, ZT_DNAME, owner)) {
		step(c, ZONE_STEP_LOOP, z, node, idx, name);
		return DONE;
	}
	const uint8_t *p = name;
	for (unsigned i = 0; i < prefix_labels; i++)
		p += *p + 1;
	size_t plen = (size_t)(p - name), tlen = zone_name_len(target);
	if (plen + tlen > ZONE_NAME_MAX) {
		r->rcode = ZONE_RCODE_YXDOMAIN;
		step(c, ZONE_STEP_YXDOMAIN, z, node, idx, name);
		return DONE;
	}
	uint8_t synth[ZONE_NAME_MAX];
	memcpy(synth, name, plen);
	memcpy(synth + plen, target, tlen);
	const uint8_t *next = keep_name(r, synth);
	if (next == NULL) {
		step(c, ZONE_STEP_LOOP, z, node, idx, name);
		return DONE;
	}
	section_add(&r->answer, NULL, ZONE_NONE, name, ZT_CNAME, rr->ttl, next,
		    (uint16_t)(plen + tlen));
	r->answer.rrs[r->answer.count - 1].rclass = z->rclass;
	step(c, ZONE_STEP_DNAME, z, node, idx, name);
	/* a CNAME question is answered by the synthesised CNAME (as NSD and BIND do) */
	if (c->qtype == ZT_CNAME)
		return DONE;
	c->next = next;
	c->via_dname = true;
	return FOLLOW;
}

/* RFC 1034 4.3.2 step 3 inside zone z for name. */
static enum outcome resolve(struct ctx *c, const struct zone *z, const uint8_t *name)
{
	uint8_t off[128];
	unsigned labels = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1)
		off[labels++] = (uint8_t)(p - name);
	unsigned below = labels - z->nodes[z->apex].depth;
	uint32_t node = z->apex;
	for (;;) {
		uint16_t flags = z->nodes[node].flags;
		if ((flags & ZN_CUT) && !(below == 0 && c->qtype == ZT_DS))
			return referral(c, z, node, name);
		/* NSD applies a DNAME at the apex only to names whose closest
		 * encloser is the apex (find_dname_above stops below it): below
		 * a name that exists, the data there answers */
		if (below > 0 && (flags & ZN_HAS_DNAME) && node != z->apex)
			return dname(c, z, node, name, below);
		if (below == 0) {
			/* RFC 5155 7.2.8: an NSEC3 owner is no name of the zone */
			if (node != z->apex && zone_node_only_nsec3(z, node)) {
				node = z->nodes[node].parent;
				below = 1;
				break;
			}
			return answer_node(c, z, node, name, false);
		}
		uint32_t child = zone_lookup_child(z, node, name + off[below - 1]);
		if (child == ZONE_NONE)
			break;
		node = child;
		below--;
	}
	if (z->nodes[node].flags & ZN_HAS_DNAME)
		return dname(c, z, node, name, below); /* the apex's */
	/* RFC 4592 3.3.1: node is the closest encloser. NSD looks for the NSEC
	 * covering the name from the name, or from the closest encloser when a
	 * DNAME made the name. */
	uint8_t encloser[ZONE_NAME_MAX];
	const uint8_t *start = name;
	if (c->dnssec && c->via_dname) {
		zone_node_name(z, node, encloser);
		start = encloser;
	}
	uint32_t wc = zone_lookup_child(z, node, wildcard_label);
	if (wc != ZONE_NONE) {
		if (c->dnssec) {
			struct zone_proof p = {0};
			zone_denial_wildcard(z, name, start, wc, &p);
			add_proof(c, z, &p);
			if (proof_failed(c, &p))
				return DONE;
		}
		return answer_node(c, z, wc, name, true);
	}
	c->r->rcode = ZONE_RCODE_NXDOMAIN;
	step(c, ZONE_STEP_NXDOMAIN, z, node, ZONE_NONE, name);
	if (c->dnssec) {
		struct zone_proof p = {0};
		zone_denial_nxdomain(z, name, start, node, &p);
		add_proof(c, z, &p);
		if (proof_failed(c, &p))
			return DONE;
	}
	add_soa(c, z);
	return DONE;
}

static const struct zone *zone_for(const struct zone_set *set, const uint8_t *name,
				   uint16_t qtype)
{
	const struct zone *z = zone_set_find(set, name);
	/* RFC 4035 3.1.4.1: DS at a child apex comes from the parent zone */
	if (z != NULL && qtype == ZT_DS && name[0] != 0 && zone_name_equal(name, z->origin)) {
		const struct zone *parent = zone_set_find(set, name + name[0] + 1);
		if (parent != NULL)
			z = parent;
	}
	return z;
}

int zone_lookup(const struct zone_set *set, const uint8_t *qname, uint16_t qtype,
		struct zone_result *r)
{
	r->rcode = ZONE_RCODE_NOERROR;
	r->servfail_reason = NULL;
	r->aa = false;
	r->answer.count = r->authority.count = r->additional.count = 0;
	r->additional_aaaa.count = 0;
	r->step_count = 0;
	r->names_len = 0;

	struct ctx c = {set, qtype, r, 0, NULL, r->dnssec_ok && !r->answer_only, false};
	const uint8_t *name = keep_name(r, qname);
	const struct zone *z = zone_for(set, name, qtype);
	if (z == NULL || z->apex == ZONE_NONE) {
		r->rcode = ZONE_RCODE_REFUSED;
		step(&c, ZONE_STEP_OUTSIDE, NULL, ZONE_NONE, ZONE_NONE, name);
		return ZL_OK;
	}
	r->aa = true;
	while (resolve(&c, z, name) == FOLLOW) {
		if (++c.chain > ZONE_MAX_CHAIN) {
			step(&c, ZONE_STEP_LOOP, z, ZONE_NONE, ZONE_NONE, c.next);
			break;
		}
		name = c.next;
		z = zone_for(set, name, qtype);
		if (z == NULL || z->apex == ZONE_NONE) {
			step(&c, ZONE_STEP_OUTSIDE, NULL, ZONE_NONE, ZONE_NONE, name);
			break;
		}
	}
	/* NSD writes additional A records before AAAA records */
	for (size_t i = 0; i < r->additional_aaaa.count; i++) {
		const struct zone_answer_rr *a = &r->additional_aaaa.rrs[i];
		section_add(&r->additional, a->zone, a->rr, a->owner, a->type, a->ttl, a->rdata,
			    a->rdlen);
	}
	r->additional_aaaa.count = 0;
	return ZL_OK;
}

/* ---- questions about one zone's tree, for the rules ----
 * The same walk as resolve(): down from the apex label by label, a zone
 * cut first (RFC 1034 4.3.2 step 3b), then a DNAME above the name (RFC
 * 6672 3.1 step 3c), then the wildcard at the closest encloser (RFC 4592
 * 3.3.1). Each function answers one question the rules would otherwise
 * answer by reading node flags themselves. */

uint32_t zone_cut_above(const struct zone *z, const uint8_t *name)
{
	uint8_t off[128];
	int below = labels_below_apex(z, name, off);
	uint32_t node = z->apex;
	for (; below > 0; below--) {
		node = zone_lookup_child(z, node, name + off[below - 1]);
		if (node == ZONE_NONE)
			return ZONE_NONE;
		if (z->nodes[node].flags & ZN_CUT)
			return node;
	}
	return ZONE_NONE;
}

uint32_t zone_dname_above(const struct zone *z, const uint8_t *name)
{
	uint8_t off[128];
	int below = labels_below_apex(z, name, off);
	if (below < 0)
		return ZONE_NONE;
	uint32_t node = z->apex;
	for (;;) {
		uint16_t flags = z->nodes[node].flags;
		if (flags & ZN_CUT)
			return ZONE_NONE; /* a referral comes first */
		if (below == 0)
			return ZONE_NONE;
		if (flags & ZN_HAS_DNAME)
			return node;
		node = zone_lookup_child(z, node, name + off[below - 1]);
		if (node == ZONE_NONE)
			return ZONE_NONE;
		below--;
	}
}

uint32_t zone_wildcard_for(const struct zone *z, const uint8_t *name)
{
	uint8_t off[128];
	int below = labels_below_apex(z, name, off);
	if (below < 0)
		return ZONE_NONE;
	uint32_t node = z->apex;
	for (;;) {
		uint16_t flags = z->nodes[node].flags;
		if ((flags & ZN_CUT) || below == 0 || (flags & ZN_HAS_DNAME))
			return ZONE_NONE; /* a referral, the name itself, or DNAME substitution */
		uint32_t child = zone_lookup_child(z, node, name + off[below - 1]);
		if (child == ZONE_NONE)
			break;
		node = child;
		below--;
	}
	return zone_lookup_child(z, node, wildcard_label);
}

uint32_t zone_node_occluder(const struct zone *z, uint32_t node)
{
	if (node == ZONE_NONE || !(z->nodes[node].flags & ZN_IN_ZONE))
		return ZONE_NONE;
	/* the ancestors up to the apex, then the first cut or DNAME from the top */
	uint32_t path[128];
	unsigned n = 0;
	for (uint32_t p = z->nodes[node].parent; p != ZONE_NONE && n < 128; p = z->nodes[p].parent) {
		path[n++] = p;
		if (p == z->apex)
			break;
	}
	while (n > 0) {
		uint32_t p = path[--n];
		if (z->nodes[p].flags & (ZN_CUT | ZN_HAS_DNAME))
			return p;
	}
	return ZONE_NONE;
}

uint32_t zone_wildcard_behind(const struct zone *z, uint32_t node)
{
	if (node == ZONE_NONE || node == z->apex || !zone_node_served(z, node) ||
	    zone_child_count(z, node) > 0)
		return ZONE_NONE;
	/* RFC 4592 2.2.2: an empty non-terminal that held only this name goes too */
	uint32_t gone = node, encloser = z->nodes[node].parent;
	while (encloser != z->apex && zone_node_rr_count(z, encloser) == 0 &&
	       zone_child_count(z, encloser) == 1) {
		gone = encloser;
		encloser = z->nodes[encloser].parent;
	}
	if ((z->nodes[encloser].flags & (ZN_CUT | ZN_HAS_DNAME)) ||
	    zone_node_occluder(z, encloser) != ZONE_NONE)
		return ZONE_NONE;
	uint32_t wc = zone_lookup_child(z, encloser, wildcard_label);
	return wc == gone ? ZONE_NONE : wc;
}
