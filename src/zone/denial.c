/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/denial.c: what a signed zone proves and with which records: whether
 * it is signed, its NSEC owners in canonical order (RFC 4034 4, 6.1), its
 * NSEC3 chain (RFC 5155 7.2: hashed owners, closest encloser, next closer
 * and wildcard proofs, opt-out delegations) and the choice of records NSD
 * 4.6 puts in the authority section for each kind of answer, so that the
 * lookup answers a DO-bit question as NSD does. */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "zone/internal.h"

#define NSEC3_HASH_LEN 20 /* SHA-1, the one algorithm (RFC 5155 11) */
#define NSEC3_KEY_LEN 33  /* length octet and 32 base32hex digits */

/* An NSEC3 owner of the chain: its first label (length octet, lower-cased
 * digits, zero-padded), by which NSD orders the chain. */
struct nsec3_entry {
	uint8_t key[NSEC3_KEY_LEN];
	uint32_t node;
};

struct zone_dnssec {
	bool is_signed;
	bool has_nsec3;
	uint16_t iterations;
	uint8_t salt_len;
	uint8_t salt[255];
	struct nsec3_entry *chain; /* ordered by key */
	size_t chain_count;
	uint32_t *nsec; /* nodes that own NSEC records, canonical order */
	size_t nsec_count;
};

static uint16_t covered_type(const struct zone *z, const struct zone_rr *rr)
{
	const uint8_t *rd = zone_rr_rdata(z, rr);
	return rr->rdlen >= 2 ? (uint16_t)(rd[0] << 8 | rd[1]) : 0;
}

/* NSD's is_secure: an RRSIG over the apex DNSKEY RRset. */
static bool apex_signed(const struct zone *z)
{
	size_t cursor = 0;
	uint32_t idx;
	while ((idx = zone_node_next(z, z->apex, ZT_RRSIG, &cursor)) != ZONE_NONE)
		if (covered_type(z, &z->rrs[idx]) == ZT_DNSKEY)
			return true;
	return false;
}

/* RFC 5155 5: IH(salt, x, 0) = H(x || salt), IH(salt, x, k) = H(IH(k-1) || salt). */
static bool nsec3_hash(const struct zone_dnssec *d, const uint8_t *name, uint8_t *out)
{
	uint8_t lower[ZONE_NAME_MAX];
	size_t len = zone_name_len(name);
	memcpy(lower, name, len);
	zone_name_lower(lower);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (ctx == NULL)
		return false;
	bool ok = true;
	const uint8_t *in = lower;
	size_t in_len = len;
	for (unsigned i = 0; i <= d->iterations && ok; i++) {
		ok = EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) == 1 &&
		     EVP_DigestUpdate(ctx, in, in_len) == 1 &&
		     EVP_DigestUpdate(ctx, d->salt, d->salt_len) == 1 &&
		     EVP_DigestFinal_ex(ctx, out, NULL) == 1;
		in = out;
		in_len = NSEC3_HASH_LEN;
	}
	EVP_MD_CTX_free(ctx);
	return ok;
}

/* The chain's key of a hash: base32hex without padding (RFC 4648 7). */
static void hash_key(const uint8_t *hash, uint8_t *key)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuv";
	key[0] = 32;
	for (unsigned i = 0; i < 32; i++) {
		unsigned bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)hash[byte] << 8 | (byte + 1 < NSEC3_HASH_LEN ? hash[byte + 1] : 0);
		key[1 + i] = (uint8_t)digits[(v >> (11 - shift)) & 0x1f];
	}
}

static void label_key(const uint8_t *label, uint8_t *key)
{
	memset(key, 0, NSEC3_KEY_LEN);
	unsigned n = label[0] < NSEC3_KEY_LEN - 1 ? label[0] : NSEC3_KEY_LEN - 1;
	key[0] = label[0];
	for (unsigned i = 1; i <= n; i++)
		key[i] = zl_lower(label[i]);
}

static int entry_cmp(const void *a, const void *b)
{
	return memcmp(((const struct nsec3_entry *)a)->key, ((const struct nsec3_entry *)b)->key,
		      NSEC3_KEY_LEN);
}

/* NSEC3 data with the chain's parameters: algorithm, iterations and
 * salt as the NSEC3PARAM's (RFC 5155 7.3; flags aside, as NSD). */
static bool nsec3_uses_params(const struct zone_dnssec *d, const uint8_t *rd, size_t len,
			      uint8_t alg)
{
	return len >= 5 && rd[0] == alg && (uint16_t)(rd[2] << 8 | rd[3]) == d->iterations &&
	       rd[4] == d->salt_len && len >= 5u + rd[4] && memcmp(rd + 5, d->salt, rd[4]) == 0;
}

/* The type bitmap of NSEC3 data has SOA (window 0, bit 6). */
static bool nsec3_has_soa(const uint8_t *rd, size_t len)
{
	if (len < 5 || len < 5u + rd[4] + 1)
		return false;
	size_t off = 5u + rd[4];
	off += 1u + rd[off]; /* next hashed owner */
	return off + 3 <= len && rd[off] == 0 && rd[off + 1] >= 1 && (rd[off + 2] & 0x02);
}

/* The node of the NSEC3 owner for hash in z, or ZONE_NONE. */
static uint32_t hashed_node(const struct zone *z, const uint8_t *hash)
{
	uint8_t name[ZONE_NAME_MAX];
	uint8_t key[NSEC3_KEY_LEN];
	hash_key(hash, key);
	if (1 + 32 + z->origin_len > ZONE_NAME_MAX)
		return ZONE_NONE;
	memcpy(name, key, 33);
	memcpy(name + 33, z->origin, z->origin_len);
	return zone_lookup_node(z, name);
}

/* NSD's choice of NSEC3PARAM: the first with SHA-1 and no flags whose
 * hash of the apex owns an NSEC3 with SOA in its bitmap. */
static void choose_nsec3(struct zone *z, struct zone_dnssec *d)
{
	size_t cursor = 0;
	uint32_t idx;
	while ((idx = zone_node_next(z, z->apex, 51 /* NSEC3PARAM */, &cursor)) != ZONE_NONE) {
		const struct zone_rr *rr = &z->rrs[idx];
		const uint8_t *rd = zone_rr_rdata(z, rr);
		if (rr->span & ZONE_RR_DUPLICATE)
			continue;
		if (rr->rdlen < 5 || rd[0] != 1 || rd[1] != 0 || rr->rdlen < 5u + rd[4])
			continue;
		d->iterations = (uint16_t)(rd[2] << 8 | rd[3]);
		d->salt_len = rd[4];
		memcpy(d->salt, rd + 5, rd[4]);
		uint8_t h[NSEC3_HASH_LEN];
		if (!nsec3_hash(d, z->origin, h))
			continue;
		uint32_t node = hashed_node(z, h);
		if (node == ZONE_NONE)
			continue;
		size_t c2 = 0;
		uint32_t n3;
		while ((n3 = zone_node_next(z, node, ZT_NSEC3, &c2)) != ZONE_NONE) {
			const struct zone_rr *r3 = &z->rrs[n3];
			if (nsec3_has_soa(zone_rr_rdata(z, r3), r3->rdlen)) {
				d->has_nsec3 = true;
				return;
			}
		}
	}
}

void zone_denial_build(struct zone *z)
{
	z->dnssec = NULL;
	if (z->apex == ZONE_NONE)
		return;
	bool is_signed = apex_signed(z);
	if (!is_signed && !zone_node_has(z, z->apex, 51 /* NSEC3PARAM */))
		return;
	struct zone_dnssec *d = zl_calloc(1, sizeof(*d));
	d->is_signed = is_signed;
	choose_nsec3(z, d);
	size_t chain_cap = 0, nsec_cap = 0;
	struct zone_walk walk;
	zone_walk_start(&walk);
	for (uint32_t node; (node = zone_walk_next(z, &walk)) != ZONE_NONE;) {
		if (is_signed && zone_node_has(z, node, ZT_NSEC)) {
			d->nsec = zl_grow(d->nsec, &nsec_cap, d->nsec_count + 1, sizeof(*d->nsec));
			d->nsec[d->nsec_count++] = node;
		}
		if (!d->has_nsec3)
			continue;
		size_t cursor = 0;
		uint32_t idx;
		while ((idx = zone_node_next(z, node, ZT_NSEC3, &cursor)) != ZONE_NONE) {
			const struct zone_rr *rr = &z->rrs[idx];
			const uint8_t *rd = zone_rr_rdata(z, rr);
			if (rr->rdlen >= 1 && nsec3_uses_params(d, rd, rr->rdlen, 1)) {
				d->chain = zl_grow(d->chain, &chain_cap, d->chain_count + 1,
						   sizeof(*d->chain));
				struct nsec3_entry *e = &d->chain[d->chain_count++];
				label_key(z->labels + z->nodes[node].label, e->key);
				e->node = node;
				break;
			}
		}
	}
	if (d->chain_count > 1)
		qsort(d->chain, d->chain_count, sizeof(*d->chain), entry_cmp);
	z->dnssec = d;
}

void zone_denial_free(struct zone *z)
{
	if (z->dnssec == NULL)
		return;
	free(z->dnssec->chain);
	free(z->dnssec->nsec);
	free(z->dnssec);
	z->dnssec = NULL;
}

bool zone_is_signed(const struct zone *z)
{
	return z->dnssec != NULL && z->dnssec->is_signed;
}

enum zone_denial zone_denial_kind(const struct zone *z)
{
	if (z->dnssec == NULL)
		return ZONE_DENIAL_NONE;
	if (z->dnssec->has_nsec3)
		return ZONE_DENIAL_NSEC3;
	return z->dnssec->is_signed ? ZONE_DENIAL_NSEC : ZONE_DENIAL_NONE;
}

bool zone_node_only_nsec3(const struct zone *z, uint32_t node)
{
	uint32_t count = zone_node_rr_count(z, node);
	bool seen = false;
	for (uint32_t i = 0; i < count; i++) {
		uint16_t t = z->rrs[z->rr_order[z->nodes[node].rr_first + i]].type;
		if (t == ZT_NSEC3)
			seen = true;
		else if (t != ZT_RRSIG)
			return false;
	}
	return seen;
}

/* ---- NSEC (RFC 4035 3.1.3) ---- */

static void proof_add(struct zone_proof *p, uint32_t node)
{
	if (node == ZONE_NONE || p->count >= sizeof(p->node) / sizeof(p->node[0]))
		return;
	p->node[p->count++] = node;
}

/* The last NSEC owner at or before name in canonical order: the NSEC that
 * covers (or matches) it, as NSD walks back from its closest match. */
static uint32_t nsec_cover(const struct zone *z, const uint8_t *name)
{
	const struct zone_dnssec *d = z->dnssec;
	size_t lo = 0, hi = d->nsec_count;
	uint8_t owner[ZONE_NAME_MAX];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		zone_node_name(z, d->nsec[mid], owner);
		if (zone_name_compare(owner, name) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? d->nsec[lo - 1] : ZONE_NONE;
}

static uint32_t nsec_cover_node(const struct zone *z, uint32_t node)
{
	uint8_t name[ZONE_NAME_MAX];
	zone_node_name(z, node, name);
	return nsec_cover(z, name);
}

/* NSD starts the search for the NSEC that denies the wildcard at the last
 * child of the closest encloser whose label sorts at or before "*" (the
 * encloser itself when none does), not at the last name before
 * "*.encloser": the two differ only when that child has children. */
static uint32_t nsec_wildcard_cover(const struct zone *z, uint32_t encloser)
{
	static const uint8_t star[2] = {1, '*'};
	uint32_t start = encloser;
	for (size_t i = 0; i < zone_child_count(z, encloser); i++) {
		uint32_t child = zone_child(z, encloser, i);
		if (zone_label_compare(z->labels + z->nodes[child].label, star) > 0)
			break;
		start = child;
	}
	return nsec_cover_node(z, start);
}

/* ---- NSEC3 (RFC 5155 7.2) ---- */

/* The chain's owner at or before key, else the last (the chain wraps);
 * *exact when it matches. */
static uint32_t nsec3_find(const struct zone_dnssec *d, const uint8_t *key, bool *exact)
{
	size_t lo = 0, hi = d->chain_count;
	*exact = false;
	if (d->chain_count == 0)
		return ZONE_NONE;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (memcmp(d->chain[mid].key, key, NSEC3_KEY_LEN) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return d->chain[d->chain_count - 1].node;
	*exact = memcmp(d->chain[lo - 1].key, key, NSEC3_KEY_LEN) == 0;
	return d->chain[lo - 1].node;
}

static uint32_t nsec3_cover_name(const struct zone *z, const uint8_t *name, bool *exact,
				 bool *failed)
{
	uint8_t h[NSEC3_HASH_LEN], key[NSEC3_KEY_LEN];
	*exact = false;
	if (!nsec3_hash(z->dnssec, name, h)) {
		*failed = true;
		return ZONE_NONE;
	}
	hash_key(h, key);
	return nsec3_find(z->dnssec, key, exact);
}

/* What NSD precomputes for a name of the zone (nsec3.c): names that are
 * neither delegations, glue nor NSEC3 owners alone are hashed; a
 * delegation (or a name with DS) has the hash of its parent side. */
struct n3 {
	bool known;     /* NSD keeps NSEC3 data for the name at all */
	bool hashed;    /* cover, exact, the wildcard's cover */
	bool exact;
	uint32_t cover;
	bool ds_hashed; /* ds_exact, ds_cover */
	bool ds_exact;
	uint32_t ds_cover;
};

static bool below_ns(const struct zone *z, uint32_t node)
{
	for (uint32_t n = node; n != ZONE_NONE && n != z->apex; n = z->nodes[n].parent)
		if (z->nodes[n].flags & ZN_HAS_NS)
			return true;
	return false;
}

static bool in_chain(const struct zone *z, uint32_t node)
{
	size_t cursor = 0;
	uint32_t idx;
	while ((idx = zone_node_next(z, node, ZT_NSEC3, &cursor)) != ZONE_NONE) {
		const struct zone_rr *rr = &z->rrs[idx];
		if (nsec3_uses_params(z->dnssec, zone_rr_rdata(z, rr), rr->rdlen, 1))
			return true;
	}
	return false;
}

static struct n3 n3_of(const struct zone *z, uint32_t node, bool *failed)
{
	struct n3 n = {false, false, false, ZONE_NONE, false, false, ZONE_NONE};
	if (node == ZONE_NONE || !(z->nodes[node].flags & ZN_IN_ZONE))
		return n;
	bool only = zone_node_only_nsec3(z, node);
	n.hashed = !only && !below_ns(z, node);
	uint16_t f = z->nodes[node].flags;
	n.ds_hashed = !only && node != z->apex && (f & (ZN_HAS_NS | ZN_HAS_DS));
	n.known = n.hashed || n.ds_hashed || in_chain(z, node);
	if (n.hashed || n.ds_hashed) {
		uint8_t name[ZONE_NAME_MAX];
		bool exact;
		zone_node_name(z, node, name);
		uint32_t cover = nsec3_cover_name(z, name, &exact, failed);
		if (n.hashed) {
			n.cover = cover;
			n.exact = exact;
		}
		if (n.ds_hashed) {
			n.ds_cover = cover;
			n.ds_exact = exact;
		}
	}
	return n;
}

static void wildcard_cover(const struct zone *z, uint32_t node, struct zone_proof *p)
{
	uint8_t name[ZONE_NAME_MAX];
	size_t len = zone_node_name(z, node, name);
	if (len + 2 > ZONE_NAME_MAX)
		return;
	memmove(name + 2, name, len);
	name[0] = 1;
	name[1] = '*';
	bool exact;
	proof_add(p, nsec3_cover_name(z, name, &exact, &p->failed));
}

/* RFC 5155 7.2.1: the NSEC3 that covers the next closer name, the name
 * one label longer than encloser on the way to qname (NSD: a match
 * there is a hash collision, SERVFAIL). */
static void nsec3_nonexist(const struct zone *z, uint32_t encloser, const uint8_t *qname,
			   struct zone_proof *p)
{
	uint8_t ename[ZONE_NAME_MAX];
	zone_node_name(z, encloser, ename);
	/* labels qname and the encloser share from the right */
	uint8_t qo[128], eo[128];
	unsigned qn = 0, en = 0;
	for (const uint8_t *s = qname; *s != 0 && qn < 128; s += *s + 1)
		qo[qn++] = (uint8_t)(s - qname);
	for (const uint8_t *s = ename; *s != 0 && en < 128; s += *s + 1)
		eo[en++] = (uint8_t)(s - ename);
	unsigned match = 0;
	while (match < qn && match < en) {
		const uint8_t *a = qname + qo[qn - 1 - match], *b = ename + eo[en - 1 - match];
		if (zone_label_compare(a, b) != 0)
			break;
		match++;
	}
	if (match >= qn)
		return;
	bool exact;
	uint32_t cover = nsec3_cover_name(z, qname + qo[qn - 1 - match], &exact, &p->failed);
	if (exact)
		p->collision = true;
	else
		proof_add(p, cover);
}

static bool is_wildcard_node(const struct zone *z, uint32_t node)
{
	const uint8_t *l = z->labels + z->nodes[node].label;
	return l[0] == 1 && l[1] == '*';
}

/* NSD's nsec3_add_ds_proof: the NSEC3 of the delegation's parent side,
 * else a closest provable encloser with the next closer's cover (RFC 5155
 * 7.2.4, 7.2.7: the opt-out span). */
static void nsec3_ds_proof(const struct zone *z, uint32_t node, bool delegation,
			   struct zone_proof *p)
{
	struct n3 n = n3_of(z, node, &p->failed);
	if (n.ds_hashed && n.ds_exact) {
		proof_add(p, n.ds_cover);
		return;
	}
	if (!delegation && n.hashed && n.exact) {
		proof_add(p, n.cover);
		return;
	}
	uint32_t par = z->nodes[node].parent, prev = ZONE_NONE;
	struct n3 pn = {0}, prevn = {0};
	while (par != ZONE_NONE) {
		pn = n3_of(z, par, &p->failed);
		if (pn.known && pn.exact)
			break;
		prev = par;
		prevn = pn;
		par = z->nodes[par].parent;
	}
	if (par == ZONE_NONE)
		return;
	proof_add(p, pn.cover);
	if (prev != ZONE_NONE && prevn.known)
		proof_add(p, prevn.cover);
	else if (n.ds_hashed)
		proof_add(p, n.ds_cover);
}

/* NSD's nsec3_answer_nodata for the name (or wildcard) original. */
static void nsec3_nodata(const struct zone *z, uint32_t original, uint16_t qtype,
			 struct zone_proof *p)
{
	uint32_t parent = z->nodes[original].parent;
	if (qtype == ZT_DS) {
		if (original == z->apex) {
			struct n3 n = n3_of(z, original, &p->failed);
			if (n.exact)
				proof_add(p, n.cover);
			return;
		}
		nsec3_ds_proof(z, original, false, p);
		if (is_wildcard_node(z, original)) {
			struct n3 pn = n3_of(z, parent, &p->failed);
			if (pn.exact)
				proof_add(p, pn.cover);
		}
		return;
	}
	if (is_wildcard_node(z, original)) {
		/* RFC 5155 7.2.5: the closest encloser and the wildcard */
		struct n3 pn = n3_of(z, parent, &p->failed);
		if (pn.exact)
			proof_add(p, pn.cover);
		struct n3 n = n3_of(z, original, &p->failed);
		if (n.known)
			proof_add(p, n.cover);
		return;
	}
	struct n3 n = n3_of(z, original, &p->failed);
	if (!n.known)
		return;
	uint32_t o = original;
	if (!n.exact) {
		/* up to the last name without an NSEC3 of its own (opt-out ENTs) */
		for (;;) {
			uint32_t up = z->nodes[o].parent;
			struct n3 un = n3_of(z, up, &p->failed);
			if (up == ZONE_NONE || !un.known || un.exact)
				break;
			o = up;
			n = un;
		}
	}
	proof_add(p, n.cover);
	if (!n.exact) {
		struct n3 un = n3_of(z, z->nodes[o].parent, &p->failed);
		if (un.known && un.exact)
			proof_add(p, un.cover);
	}
}

/* ---- the proofs of each kind of answer, as NSD adds them ---- */

void zone_denial_wildcard(const struct zone *z, const uint8_t *qname, const uint8_t *start,
			  uint32_t wildcard, struct zone_proof *p)
{
	switch (zone_denial_kind(z)) {
	case ZONE_DENIAL_NSEC:
		/* RFC 4035 3.1.3.3: no closer match for the name */
		proof_add(p, nsec_cover(z, start));
		break;
	case ZONE_DENIAL_NSEC3:
		/* RFC 5155 7.2.6: the next closer name is covered */
		nsec3_nonexist(z, wildcard, qname, p);
		break;
	case ZONE_DENIAL_NONE:
		break;
	}
}

void zone_denial_nxdomain(const struct zone *z, const uint8_t *qname, const uint8_t *start,
			  uint32_t encloser, struct zone_proof *p)
{
	switch (zone_denial_kind(z)) {
	case ZONE_DENIAL_NSEC:
		/* RFC 4035 3.1.3.2: the name and the wildcard do not exist */
		proof_add(p, nsec_cover(z, start));
		proof_add(p, nsec_wildcard_cover(z, encloser));
		break;
	case ZONE_DENIAL_NSEC3: {
		/* RFC 5155 7.2.2: closest encloser proof, wildcard denied */
		nsec3_nonexist(z, encloser, qname, p);
		struct n3 n = n3_of(z, encloser, &p->failed);
		if (n.exact)
			proof_add(p, n.cover);
		if (n.hashed)
			wildcard_cover(z, encloser, p);
		break;
	}
	case ZONE_DENIAL_NONE:
		break;
	}
}

void zone_denial_nodata(const struct zone *z, uint32_t original, uint16_t qtype,
			struct zone_proof *p)
{
	switch (zone_denial_kind(z)) {
	case ZONE_DENIAL_NSEC:
		proof_add(p, nsec_cover_node(z, original));
		break;
	case ZONE_DENIAL_NSEC3:
		nsec3_nodata(z, original, qtype, p);
		break;
	case ZONE_DENIAL_NONE:
		break;
	}
}

void zone_denial_referral(const struct zone *z, uint32_t cut, struct zone_proof *p)
{
	switch (zone_denial_kind(z)) {
	case ZONE_DENIAL_NSEC:
		/* RFC 4035 3.1.4: the delegation's own NSEC proves no DS */
		if (zone_node_has(z, cut, ZT_NSEC))
			proof_add(p, cut);
		break;
	case ZONE_DENIAL_NSEC3:
		nsec3_ds_proof(z, cut, true, p);
		break;
	case ZONE_DENIAL_NONE:
		break;
	}
}
