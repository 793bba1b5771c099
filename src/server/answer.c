/* SPDX-License-Identifier: BSD-3-Clause */
/* server/answer.c: turns a parsed query and the result of zone_lookup into
 * the response NSD 4.6 would send: header flags (RFC 1035 4.1.1), the
 * question echoed as it came, sections from the lookup with NSD's
 * truncation (RFC 2181 9: whole RRsets; additional data dropped silently,
 * TC when the answer or authority does not fit), EDNS (RFC 6891 6.1.1,
 * 7), extended errors (RFC 8914) and the error answers. */
#include <stdlib.h>
#include <string.h>

#include "server/internal.h"

/* NSD's sections, encoded in this order (answer.h: rr_section_type) */
enum section { SEC_ANSWER, SEC_AUTHORITY, SEC_OPTIONAL_AUTHORITY, SEC_ADDITIONAL_A,
	       SEC_ADDITIONAL_AAAA, SEC_COUNT, SEC_NONE = 99 };

/* One RRset of the response. The answerer keeps the list so that
 * answering stops allocating once it has grown. */
struct srv_rrset {
	const struct zone_answer_rr *rr; /* first record */
	unsigned count;
	unsigned section;
	unsigned order; /* additional: first claim, for ordering */
};

struct server_answerer *server_answerer_new(void)
{
	struct server_answerer *a = zl_calloc(1, sizeof(*a));
	zone_result_init(&a->result);
	return a;
}

void server_answerer_free(struct server_answerer *a)
{
	if (a == NULL)
		return;
	zone_result_free(&a->result);
	free(a->sets);
	free(a->cache);
	free(a);
}

static void write_header(uint8_t *out, uint16_t id, uint16_t flags, uint16_t qd, uint16_t an,
			 uint16_t ns, uint16_t ar)
{
	srv_put16(out, id);
	srv_put16(out + 2, flags);
	srv_put16(out + 4, qd);
	srv_put16(out + 6, an);
	srv_put16(out + 8, ns);
	srv_put16(out + 10, ar);
}

/* An OPT record (RFC 6891 6.1.2): our payload size, the extended RCODE
 * bits, DO echoed (RFC 3225 3) and an extended error when there is one,
 * with its text (text_len octets) when there is one. */
static size_t write_opt_text(uint8_t *p, uint8_t ext_rcode, bool dnssec_ok, int ede,
			     const char *text, size_t text_len)
{
	p[0] = 0;
	srv_put16(p + 1, ZT_OPT);
	srv_put16(p + 3, SERVER_EDNS_SIZE);
	p[5] = ext_rcode;
	p[6] = 0; /* version */
	srv_put16(p + 7, dnssec_ok ? 0x8000u : 0);
	if (ede < 0) {
		srv_put16(p + 9, 0);
		return SRV_OPT_LEN;
	}
	srv_put16(p + 9, (uint16_t)(6 + text_len));
	srv_put16(p + 11, 15); /* OPTION-CODE: Extended DNS Error */
	srv_put16(p + 13, (uint16_t)(2 + text_len));
	srv_put16(p + 15, (uint16_t)ede);
	if (text_len > 0)
		memcpy(p + 17, text, text_len);
	return SRV_OPT_LEN + 6 + text_len;
}

static size_t write_opt(uint8_t *p, uint8_t ext_rcode, bool dnssec_ok, int ede)
{
	return write_opt_text(p, ext_rcode, dnssec_ok, ede, NULL, 0);
}

static void note(struct server_answerer *a, const uint8_t *out, size_t len)
{
	a->rcode = out[3] & 0x0f;
	a->aa = (out[2] & 0x04) != 0;
	a->tc = (out[2] & 0x02) != 0;
	a->ancount = srv_get16(out + 6);
	a->nscount = srv_get16(out + 8);
	a->arcount = srv_get16(out + 10);
	(void)len;
}

/* A header-only answer (NSD's query_error): no question, maybe an OPT. */
static size_t error_answer(const struct srv_query *q, uint16_t flags, int rcode, bool opt, int ede,
			   uint8_t *out)
{
	flags = (uint16_t)((flags & ~SRV_F_RCODE) | (unsigned)rcode);
	write_header(out, q->id, flags, 0, 0, 0, opt ? 1 : 0);
	size_t len = SRV_HEADER;
	if (opt)
		len += write_opt(out + len, 0, q->edns_do, ede);
	return len;
}

/* An answer with the question echoed and no records, maybe an OPT. */
static size_t question_answer(const struct srv_query *q, uint16_t flags, int rcode, int ede,
			      uint8_t *out)
{
	flags = (uint16_t)((flags & ~SRV_F_RCODE) | (unsigned)rcode);
	bool opt = q->edns == SRV_EDNS_OK;
	write_header(out, q->id, flags, 1, 0, 0, opt ? 1 : 0);
	size_t len = q->question_end;
	memcpy(out + SRV_HEADER, q->wire + SRV_HEADER, len - SRV_HEADER);
	if (opt)
		len += write_opt(out + len, 0, q->edns_do, ede);
	return len;
}

/* A name of the query in uncompressed form (pointers followed, at most
 * 255 octets, lower case as NSD stores names); false when malformed. */
static bool read_name(const uint8_t *wire, size_t len, size_t off, uint8_t *out)
{
	size_t n = 0;
	for (unsigned hops = 0; hops < 128;) {
		if (off >= len)
			return false;
		uint8_t l = wire[off];
		if ((l & 0xc0) == 0xc0) {
			if (off + 1 >= len)
				return false;
			off = (size_t)(l & 0x3f) << 8 | wire[off + 1];
			hops++;
			continue;
		}
		if (l & 0xc0)
			return false;
		if (n + l + 1 > ZONE_NAME_MAX || off + l + 1 > len)
			return false;
		out[n++] = l;
		for (unsigned i = 1; i <= l; i++)
			out[n++] = zl_lower(wire[off + i]);
		if (l == 0)
			return true;
		off += (size_t)l + 1;
	}
	return false;
}

/* RFC 8945 5.2.1: a key we do not know is NOTAUTH with a TSIG record
 * carrying BADKEY and no MAC; NSD echoes the rest of the request's TSIG. */
static size_t tsig_answer(const struct srv_query *q, uint8_t *out, size_t size)
{
	uint16_t flags = (uint16_t)((q->flags | SRV_F_QR) & ~SRV_F_AD);
	bool opt = q->edns != SRV_EDNS_NONE;
	uint8_t owner[ZONE_NAME_MAX], alg[ZONE_NAME_MAX];
	if (!read_name(q->wire, q->len, q->tsig_owner, owner) ||
	    !read_name(q->wire, q->len, q->tsig_alg, alg))
		return error_answer(q, SRV_F_QR | (q->flags & SRV_F_RD), SRV_RCODE_FORMERR, false,
				    SRV_EDE_NONE, out);
	size_t olen = zone_name_len(owner), alen = zone_name_len(alg);
	uint16_t other = srv_get16(q->wire + q->tsig_other);
	size_t rdlen = alen + 10 + 2 + 2 + 2 + other;
	if (SRV_HEADER + SRV_OPT_LEN + olen + 10 + rdlen > size)
		return 0;
	write_header(out, q->id, (uint16_t)((flags & ~SRV_F_RCODE) | SRV_RCODE_NOTAUTH), 0, 0, 0,
		     opt ? 2 : 1);
	size_t len = SRV_HEADER;
	if (opt)
		len += write_opt(out + len, q->edns == SRV_EDNS_BADVERS ? 1 : 0,
				 q->edns == SRV_EDNS_OK && q->edns_do, SRV_EDE_NONE);
	uint8_t *p = out + len;
	memcpy(p, owner, olen);
	p += olen;
	srv_put16(p, SRV_TYPE_TSIG);
	srv_put16(p + 2, ZT_ANY);
	memset(p + 4, 0, 4);
	srv_put16(p + 8, (uint16_t)rdlen);
	p += 10;
	memcpy(p, alg, alen);
	p += alen;
	memcpy(p, q->wire + q->tsig_fixed, 8); /* Time Signed, Fudge */
	srv_put16(p + 8, 0);                   /* MAC Size */
	memcpy(p + 10, q->wire + q->tsig_orig_id, 2);
	srv_put16(p + 12, 17);                 /* Error: BADKEY */
	memcpy(p + 14, q->wire + q->tsig_other, 2 + (size_t)other);
	p += 16 + other;
	return (size_t)(p - out);
}

/* RFC 1982: s1 is at or after s2 */
static bool serial_not_older(uint32_t s1, uint32_t s2)
{
	return s1 == s2 || (uint32_t)(s1 - s2) < 0x80000000u;
}

const struct zone *srv_zone_at_apex(const struct zone_set *set, const uint8_t *name)
{
	for (size_t i = 0; i < set->count; i++)
		if (set->zones[i]->apex != ZONE_NONE && zone_name_equal(set->zones[i]->origin, name))
			return set->zones[i];
	return NULL;
}

static uint32_t zone_serial(const struct zone *z)
{
	const struct zone_rr *rr = &z->rrs[z->soa];
	const uint8_t *rd = zone_rr_rdata(z, rr);
	return rr->rdlen >= 20 ? srv_get32(rd + rr->rdlen - 20) : 0;
}

static size_t transfer(struct server_answerer *a, const struct srv_query *q,
		       const struct zone_set *zones, const struct server_acl *acl,
		       const struct server_client *c, uint8_t *out, size_t size, struct srv_xfr *xfr)
{
	uint16_t flags = SRV_F_QR | (q->flags & SRV_F_RD);
	/* RFC 5936 4.2: AXFR over TCP only; NSD says NOTIMP over UDP */
	if (q->qtype == ZT_AXFR && !c->is_tcp)
		return question_answer(q, flags, SRV_RCODE_NOTIMP, SRV_EDE_NONE, out);
	const struct zone *z = srv_zone_at_apex(zones, q->qname);
	if (z == NULL || z->soa == ZONE_NONE)
		return question_answer(q, flags, SRV_RCODE_NOTAUTH, SRV_EDE_NONE, out);
	if (acl == NULL || c->addr == NULL || !server_acl_allows(acl, c->addr))
		return question_answer(q, flags, SRV_RCODE_REFUSED, SRV_EDE_PROHIBITED, out);
	if (q->qtype == ZT_IXFR) {
		if (!q->has_serial)
			return error_answer(q, flags, SRV_RCODE_FORMERR, false, SRV_EDE_NONE, out);
		/* RFC 1995 2: a client as new as we are gets our SOA alone */
		if (serial_not_older(q->serial, zone_serial(z))) {
			struct srv_xfr none;
			return srv_xfr_start(&none, q, z, SRV_XFR_SOA, &a->writer, out, size);
		}
	}
	/* RFC 1995 4: IXFR without a history is answered as AXFR */
	return srv_xfr_start(xfr, q, z, c->is_tcp ? SRV_XFR_TCP : SRV_XFR_UDP, &a->writer, out,
			     size);
}

/* CH queries (RFC 2929 3.2): NSD with hide-version and hide-identity. */
static size_t chaos_answer(const struct srv_query *q, uint16_t flags, uint8_t *out)
{
	static const uint8_t *const names[] = {
		(const uint8_t *)"\007version\004bind", (const uint8_t *)"\007version\006server",
		(const uint8_t *)"\002id\006server", (const uint8_t *)"\010hostname\004bind",
	};
	int ede = SRV_EDE_NOT_SUPPORTED;
	if (q->qtype == ZT_TXT || q->qtype == ZT_ANY)
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (zone_name_equal(q->qname, names[i]))
				ede = SRV_EDE_PROHIBITED;
	return question_answer(q, flags, SRV_RCODE_REFUSED, ede, out);
}

/* ---- turning a lookup result into sections ---- */

static void sets_add(struct server_answerer *a, const struct zone_answer_rr *rr, unsigned section)
{
	if (a->set_count > 0) {
		struct srv_rrset *last = &a->sets[a->set_count - 1];
		/* records of one RRset come together and share the owner pointer */
		if (last->rr + last->count == rr && last->rr->type == rr->type &&
		    last->rr->owner == rr->owner && last->section == section) {
			last->count++;
			return;
		}
	}
	a->sets = zl_grow(a->sets, &a->set_cap, a->set_count + 1, sizeof(*a->sets));
	struct srv_rrset *s = &a->sets[a->set_count++];
	s->rr = rr;
	s->count = 1;
	s->section = section;
	s->order = 0;
}

static const uint8_t *rdata_target(const struct zone_answer_rr *rr)
{
	size_t skip;
	switch (rr->type) {
	case ZT_NS: skip = 0; break;
	case ZT_MX: case ZT_KX: skip = 2; break;
	case ZT_SRV: skip = 6; break;
	default: return NULL;
	}
	return rr->rdlen > skip ? rr->rdata + skip : NULL;
}

/* NSD files each additional RRset under the record that asked for it:
 * addresses of name servers go AAAA first for IPv6 clients (A into the
 * AAAA section and back), and with QCLASS ANY the apex NS RRset, and so
 * its addresses, are not there at all. Replays that from the sections
 * kept. */
static void claim_additional(struct server_answerer *a, size_t first_additional, bool ipv6)
{
	unsigned order = 1;
	for (size_t i = 0; i < first_additional; i++) {
		const struct srv_rrset *s = &a->sets[i];
		if (s->section == SEC_NONE)
			continue;
		bool is_ns = s->rr->type == ZT_NS;
		for (unsigned k = 0; k < s->count; k++) {
			const uint8_t *target = rdata_target(&s->rr[k]);
			if (target == NULL)
				continue;
			for (size_t j = first_additional; j < a->set_count; j++) {
				struct srv_rrset *add = &a->sets[j];
				if (!zone_name_equal(add->rr->owner, target))
					continue;
				bool is_a = add->rr->type == ZT_A;
				unsigned sec = (is_a != (is_ns && ipv6)) ? SEC_ADDITIONAL_A
									 : SEC_ADDITIONAL_AAAA;
				if (add->order == 0) {
					add->order = order++;
					add->section = sec;
				} else if (sec < add->section) {
					add->section = sec;
				}
			}
		}
	}
	for (size_t j = first_additional; j < a->set_count; j++)
		if (a->sets[j].order == 0)
			a->sets[j].section = SEC_NONE;
	/* keep first-claim order among the additional RRsets */
	for (size_t j = first_additional + 1; j < a->set_count; j++) {
		struct srv_rrset t = a->sets[j];
		size_t k = j;
		while (k > first_additional && a->sets[k - 1].order > t.order) {
			a->sets[k] = a->sets[k - 1];
			k--;
		}
		a->sets[k] = t;
	}
}

/* NSD's packet_encode_rrset: whole RRsets; a required one that does not
 * fit sets TC; an optional one that does not fit (or, over UDP, ends past
 * the minimal response size) is dropped and ends the optional part. */
static unsigned encode_rrset(struct srv_writer *w, const struct srv_rrset *s, bool tcp,
			     bool dnssec_ok, size_t minimal, bool *tc, bool *done)
{
	size_t mark = w->pos;
	unsigned added = 0;
	bool all = true;
	for (unsigned i = 0; i < s->count; i++) {
		const struct zone_answer_rr *r = &s->rr[i];
		if (!srv_write_rr(w, r->owner, r->type, r->rclass, r->ttl, r->rdata, r->rdlen)) {
			all = false;
			break;
		}
		added++;
	}
	/* RFC 4035 3.1.1: the signatures go with the RRset, whole or not at all */
	if (all && dnssec_ok)
		all = srv_write_rrsigs(w, s->rr, &added);
	bool optional = s->section >= SEC_OPTIONAL_AUTHORITY;
	if (optional && !tcp && (!all || w->pos > minimal)) {
		w->pos = mark;
		srv_writer_forget(w, mark);
		*done = true;
		return 0;
	}
	if (!all && !optional) {
		w->pos = mark;
		srv_writer_forget(w, mark);
		*tc = true;
		return 0;
	}
	return added;
}

/* ---- the answer cache ----
 *
 * A response to a well-formed query is a function of the question as it
 * came (names keep their case), the transport, the client's address family
 * and the size the client takes; the id, RD and DO are copied in. So the
 * records after the question are kept per question and copied into the
 * next response to it instead of looking up and compressing again, as
 * PowerDNS's packet cache does. Four ways per set, fixed slots: answering
 * never allocates; longer answers are simply not kept. */

#define CACHE_SETS 1024 /* a power of two */
#define CACHE_WAYS 4
/* question and records: any UDP answer up to our EDNS size (the OPT is
 * not kept); pages of slots never used are never touched */
#define CACHE_DATA (SERVER_EDNS_SIZE - SRV_HEADER)

enum { CACHE_TCP = 1, CACHE_IPV6 = 2, CACHE_EDNS = 4, CACHE_DO = 8 };

/* The tags of a set share one cache line, so that finding the way costs one
 * memory access; the slot is read only on a match. */
struct cache_tag {
	uint64_t hash;
	uint32_t generation; /* valid while it is the cache's; 0: never used */
	uint32_t unused;
};

struct cache_slot {
	uint16_t maxlen;
	uint8_t meta;        /* CACHE_TCP | CACHE_IPV6 | CACHE_EDNS | CACHE_DO */
	bool ede;            /* REFUSED with room for the extended error */
	uint16_t key_len;    /* the question: name, type, class */
	uint16_t body_len;   /* the records after it */
	uint16_t flags;      /* QR, AA, TC and RCODE; RD is the query's */
	uint16_t an, ns, ar; /* ar without the OPT */
	uint8_t data[CACHE_DATA];
};

struct srv_cache {
	uint32_t generation;
	struct cache_tag (*tags)[CACHE_WAYS]; /* [CACHE_SETS], in tag_space on a line boundary */
	uint8_t victim[CACHE_SETS];           /* the way to replace next */
	struct cache_slot slots[CACHE_SETS][CACHE_WAYS];
	uint64_t tag_space[(CACHE_SETS * CACHE_WAYS * sizeof(struct cache_tag) + 64) / 8];
};

void srv_cache_enable(struct server_answerer *a)
{
	if (a->cache == NULL) {
		struct srv_cache *c = zl_calloc(1, sizeof(*c));
		uintptr_t at = ((uintptr_t)c->tag_space + 63) & ~(uintptr_t)63;
		c->tags = (struct cache_tag(*)[CACHE_WAYS])at;
		c->generation = 1;
		a->cache = c;
	}
}

void srv_cache_clear(struct server_answerer *a)
{
	if (a->cache != NULL && ++a->cache->generation == 0)
		a->cache->generation = 1; /* 0 is what unused tags hold */
}

/* Eight octets at a time, multiply and fold (any fair mix will do: the
 * key is compared in full). */
static uint64_t cache_hash(const uint8_t *p, size_t len, uint64_t h)
{
	const uint64_t k = 0x9e3779b97f4a7c15u;
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	uint64_t w = 0;
	memcpy(&w, p, len);
	h = (h ^ w ^ (uint64_t)len << 56) * k;
	return h ^ h >> 32;
}

struct cache_key {
	const uint8_t *question;
	uint16_t len, maxlen;
	uint8_t meta;
	uint64_t hash;
};

static const struct cache_slot *cache_find(const struct srv_cache *cache,
					   const struct cache_key *k)
{
	size_t set = k->hash & (CACHE_SETS - 1);
	for (unsigned i = 0; i < CACHE_WAYS; i++) {
		const struct cache_tag *t = &cache->tags[set][i];
		if (t->hash != k->hash || t->generation != cache->generation)
			continue;
		const struct cache_slot *s = &cache->slots[set][i];
		if (s->key_len == k->len && s->maxlen == k->maxlen && s->meta == k->meta &&
		    memcmp(s->data, k->question, k->len) == 0)
			return s;
	}
	return NULL;
}

static void cache_store(struct srv_cache *cache, const struct cache_key *k, const uint8_t *out,
			size_t body_len, bool ede)
{
	if ((size_t)k->len + body_len > CACHE_DATA)
		return;
	size_t set = k->hash & (CACHE_SETS - 1);
	unsigned way = cache->victim[set];
	cache->victim[set] = (uint8_t)((way + 1) % CACHE_WAYS);
	cache->tags[set][way].hash = k->hash;
	cache->tags[set][way].generation = cache->generation;
	struct cache_slot *s = &cache->slots[set][way];
	s->maxlen = k->maxlen;
	s->meta = k->meta;
	s->ede = ede;
	s->key_len = k->len;
	s->body_len = (uint16_t)body_len;
	s->flags = (uint16_t)(srv_get16(out + 2) & ~SRV_F_RD);
	s->an = srv_get16(out + 6);
	s->ns = srv_get16(out + 8);
	s->ar = (uint16_t)(srv_get16(out + 10) - ((k->meta & CACHE_EDNS) ? 1 : 0));
	memcpy(s->data, k->question, k->len);
	memcpy(s->data + k->len, out + SRV_HEADER + k->len, body_len);
}

static size_t cache_answer(const struct cache_slot *s, const struct srv_query *q, uint8_t *out)
{
	bool opt = q->edns == SRV_EDNS_OK;
	write_header(out, q->id, (uint16_t)(s->flags | (q->flags & SRV_F_RD)), 1, s->an, s->ns,
		     (uint16_t)(s->ar + (opt ? 1 : 0)));
	size_t len = SRV_HEADER + (size_t)s->key_len + s->body_len;
	memcpy(out + SRV_HEADER, s->data, len - SRV_HEADER);
	if (opt)
		len += write_opt(out + len, 0, q->edns_do,
				 s->ede ? SRV_EDE_NOT_AUTHORITATIVE : SRV_EDE_NONE);
	return len;
}

static size_t lookup_answer(struct server_answerer *a, const struct srv_query *q,
			    const struct zone_set *zones, const struct server_client *c,
			    uint8_t *out, size_t size)
{
	bool ipv6 = c->addr != NULL && c->addr->sa_family == AF_INET6;
	/* the size the client takes: RFC 1035 4.2.1, RFC 6891 6.2.3-5 */
	size_t maxlen = SRV_TCP_MAX;
	if (!c->is_tcp) {
		maxlen = SRV_UDP_MAX;
		if (q->edns == SRV_EDNS_OK && q->edns_size > SRV_UDP_MAX)
			maxlen = q->edns_size < SERVER_EDNS_SIZE ? q->edns_size : SERVER_EDNS_SIZE;
	}
	if (maxlen > size)
		maxlen = size;
	bool dnssec_ok = q->edns == SRV_EDNS_OK && q->edns_do;

	struct cache_key key = {0};
	if (a->cache != NULL) {
		key.question = q->wire + SRV_HEADER;
		key.len = (uint16_t)(q->question_end - SRV_HEADER);
		key.maxlen = (uint16_t)maxlen;
		key.meta = (uint8_t)((c->is_tcp ? CACHE_TCP : 0) | (ipv6 ? CACHE_IPV6 : 0) |
				     (q->edns == SRV_EDNS_OK ? CACHE_EDNS : 0) | (dnssec_ok ? CACHE_DO : 0));
		key.hash = cache_hash(key.question, key.len, (uint64_t)key.meta << 16 | maxlen);
		const struct cache_slot *hit = cache_find(a->cache, &key);
		if (hit != NULL)
			return cache_answer(hit, q, out);
	}

	struct zone_result *r = &a->result;
	r->dnssec_ok = dnssec_ok;
	if (zone_lookup(zones, q->qname, q->qtype, r) != ZL_OK)
		return question_answer(q, SRV_F_QR | (q->flags & SRV_F_RD), SRV_RCODE_SERVFAIL,
				       SRV_EDE_NONE, out);
	const struct zone_step *last = zone_result_last(r);
	bool referral = last != NULL && last->kind == ZONE_STEP_REFERRAL;
	bool class_any = q->qclass == ZT_ANY;
	bool aa = r->aa;
	/* NSD answers QCLASS ANY without AA (but after a CNAME into a
	 * delegation) and without the SOA and NS RRsets of the authority */
	if (class_any)
		aa = aa && referral;

	a->set_count = 0;
	for (size_t i = 0; i < r->answer.count; i++)
		sets_add(a, &r->answer.rrs[i], SEC_ANSWER);
	for (size_t i = 0; i < r->authority.count; i++) {
		const struct zone_answer_rr *rr = &r->authority.rrs[i];
		unsigned sec = SEC_AUTHORITY;
		if (rr->type == ZT_NS && !referral)
			sec = class_any ? SEC_NONE : SEC_OPTIONAL_AUTHORITY;
		else if (rr->type == ZT_SOA && class_any)
			sec = SEC_NONE;
		sets_add(a, rr, sec);
	}
	size_t first_additional = a->set_count;
	for (size_t i = 0; i < r->additional.count; i++) {
		const struct zone_answer_rr *rr = &r->additional.rrs[i];
		sets_add(a, rr, rr->type == ZT_A ? SEC_ADDITIONAL_A : SEC_ADDITIONAL_AAAA);
	}
	if ((ipv6 || class_any) && a->set_count > first_additional)
		claim_additional(a, first_additional, ipv6);

	size_t reserved = q->edns == SRV_EDNS_OK ? SRV_OPT_LEN : 0;
	size_t minimal = ipv6 ? SRV_MINIMAL_V6 : SRV_MINIMAL_V4;

	struct srv_writer *w = &a->writer;
	srv_writer_init(w, out, maxlen - reserved);
	w->names_stay = true; /* owners and data live in the zones and the result */
	memcpy(out + SRV_HEADER, q->wire + SRV_HEADER, q->question_end - SRV_HEADER);
	w->pos = q->question_end;
	srv_writer_remember(w, SRV_HEADER, q->qname);

	unsigned counts[SEC_COUNT] = {0};
	bool tc = false, done = false;
	for (unsigned sec = SEC_ANSWER; sec < SEC_COUNT && !tc; sec++) {
		for (size_t i = 0; i < a->set_count && !tc; i++)
			if (a->sets[i].section == sec)
				counts[sec] += encode_rrset(w, &a->sets[i], c->is_tcp, dnssec_ok,
							    minimal, &tc, &done);
		if (done) {
			/* a referral should carry an address to go on with */
			if (sec == SEC_ADDITIONAL_A && counts[SEC_ADDITIONAL_A] == 0 && referral)
				tc = true;
			break;
		}
	}
	uint16_t flags = SRV_F_QR | (q->flags & SRV_F_RD) | (uint16_t)(r->rcode & 0x0f);
	if (aa)
		flags |= SRV_F_AA;
	if (tc)
		flags |= SRV_F_TC;
	bool opt = q->edns == SRV_EDNS_OK;
	write_header(out, q->id, flags, 1, (uint16_t)counts[SEC_ANSWER],
		     (uint16_t)(counts[SEC_AUTHORITY] + counts[SEC_OPTIONAL_AUTHORITY]),
		     (uint16_t)(counts[SEC_ADDITIONAL_A] + counts[SEC_ADDITIONAL_AAAA] + (opt ? 1 : 0)));
	size_t len = w->pos;
	/* RFC 8914: the extended error only where it fits */
	bool ede = r->rcode == ZONE_RCODE_REFUSED && len + SRV_OPT_LEN + 6 <= maxlen;
	/* NSD's SERVFAIL for an NSEC3 hash collision says why (EDE 0, Other) */
	const char *why = r->rcode == ZONE_RCODE_SERVFAIL ? r->servfail_reason : NULL;
	size_t why_len = why != NULL ? strlen(why) : 0;
	if (a->cache != NULL && why == NULL)
		cache_store(a->cache, &key, out, len - q->question_end, ede);
	if (opt && why != NULL && len + SRV_OPT_LEN + 6 + why_len <= maxlen)
		len += write_opt_text(out + len, 0, q->edns_do, 0, why, why_len);
	else if (opt)
		len += write_opt(out + len, 0, q->edns_do,
				 ede ? SRV_EDE_NOT_AUTHORITATIVE : SRV_EDE_NONE);
	return len;
}

size_t srv_answer(struct server_answerer *a, const struct zone_set *zones,
		  const struct server_acl *acl, const struct server_client *client,
		  const uint8_t *query, size_t qlen, uint8_t *out, size_t size, struct srv_xfr *xfr,
		  struct srv_query *q)
{
	if (xfr != NULL)
		xfr->active = false;
	enum srv_verdict v = srv_query_parse(q, query, qlen);
	a->verdict = v;
	a->rcode = -1;
	size_t len = 0;
	uint16_t keep = (uint16_t)((q->flags | SRV_F_QR) & ~SRV_F_AD);
	switch (v) {
	case SRV_DROP:
		return 0;
	case SRV_NOTIMP:
		len = error_answer(q, keep, SRV_RCODE_NOTIMP, false, SRV_EDE_NONE, out);
		break;
	case SRV_FORMERR:
		len = error_answer(q, SRV_F_QR | (q->flags & (SRV_F_RD | SRV_F_OPCODE)),
				   SRV_RCODE_FORMERR, false, SRV_EDE_NONE, out);
		break;
	case SRV_FORMERR_BARE:
		len = error_answer(q, SRV_F_QR | (q->flags & SRV_F_OPCODE), SRV_RCODE_FORMERR, false,
				   SRV_EDE_NONE, out);
		break;
	case SRV_EDNS_ONLY:
		len = error_answer(q, SRV_F_QR | (q->flags & (SRV_F_RD | SRV_F_OPCODE)),
				   SRV_RCODE_NOERROR, true, SRV_EDE_NONE, out);
		break;
	case SRV_NOTAUTH_TSIG:
		len = tsig_answer(q, out, size);
		break;
	case SRV_BADVERS: {
		/* RFC 6891 6.1.3: BADVERS is 16, its upper eight bits in the OPT */
		write_header(out, q->id, (uint16_t)(keep & ~SRV_F_RCODE), 1, 0, 0, 1);
		len = q->question_end;
		memcpy(out + SRV_HEADER, query + SRV_HEADER, len - SRV_HEADER);
		len += write_opt(out + len, 1, false, SRV_EDE_NONE);
		break;
	}
	case SRV_ANSWER: {
		uint16_t flags = SRV_F_QR | (q->flags & SRV_F_RD);
		if (q->qclass != ZC_IN && q->qclass != ZT_ANY) {
			if (q->qclass == ZC_CH)
				len = chaos_answer(q, flags, out);
			else
				len = error_answer(q, flags, SRV_RCODE_REFUSED,
						   q->edns == SRV_EDNS_OK, SRV_EDE_NOT_SUPPORTED, out);
		} else if (q->qtype == ZT_AXFR || q->qtype == ZT_IXFR) {
			struct srv_xfr none;
			len = transfer(a, q, zones, acl, client, out, size, xfr ? xfr : &none);
		} else {
			len = lookup_answer(a, q, zones, client, out, size);
		}
		break;
	}
	}
	if (len >= SRV_HEADER)
		note(a, out, len);
	return len;
}

size_t server_answer(struct server_answerer *a, const struct zone_set *zones,
		     const struct server_acl *acl, const struct server_client *client,
		     const uint8_t *query, size_t qlen, uint8_t *out, size_t size)
{
	struct srv_query q;
	struct srv_xfr xfr;
	memset(&xfr, 0, sizeof(xfr));
	return srv_answer(a, zones, acl, client, query, qlen, out, size, &xfr, &q);
}
