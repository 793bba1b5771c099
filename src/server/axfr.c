/* SPDX-License-Identifier: BSD-3-Clause */
/* server/axfr.c: zone transfers. AXFR (RFC 5936 2.2): the SOA, every
 * record of the zone, the SOA again, in messages of up to 16 KiB as NSD
 * sends them (question and OPT in the first only); IXFR (RFC 1995) is
 * answered as AXFR (section 4), with the SOA alone for a client that is
 * up to date and over UDP when the zone does not fit (section 2); and the
 * --allow-axfr networks. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/internal.h"

/* ---- who may transfer ---- */

struct acl_entry {
	int family;
	uint8_t addr[16];
	unsigned prefix;
};

struct server_acl {
	struct acl_entry *v;
	size_t count;
};

int server_acl_new(const char *const *specs, size_t count, struct server_acl **out,
		   struct zl_error *err)
{
	struct server_acl *acl = zl_calloc(1, sizeof(*acl));
	acl->v = zl_calloc(count ? count : 1, sizeof(*acl->v));
	for (size_t i = 0; i < count; i++) {
		char text[128];
		const char *slash = strchr(specs[i], '/');
		size_t alen = slash ? (size_t)(slash - specs[i]) : strlen(specs[i]);
		struct acl_entry *e = &acl->v[i];
		bool ok = alen > 0 && alen < sizeof(text);
		if (ok) {
			memcpy(text, specs[i], alen);
			text[alen] = '\0';
			if (inet_pton(AF_INET, text, e->addr) == 1) {
				e->family = AF_INET;
				e->prefix = 32;
			} else if (inet_pton(AF_INET6, text, e->addr) == 1) {
				e->family = AF_INET6;
				e->prefix = 128;
			} else {
				ok = false;
			}
		}
		if (ok && slash != NULL) {
			char *end;
			unsigned long p = strtoul(slash + 1, &end, 10);
			if (slash[1] == '\0' || *end != '\0' || p > e->prefix)
				ok = false;
			else
				e->prefix = (unsigned)p;
		}
		if (!ok) {
			server_acl_free(acl);
			return zl_error_set(err, ZL_EUSAGE, NULL, 0,
					    "--allow-axfr %s: expected ADDR/PREFIX (192.0.2.0/24, 2001:db8::/32)",
					    specs[i]);
		}
	}
	acl->count = count;
	*out = acl;
	return ZL_OK;
}

void server_acl_free(struct server_acl *acl)
{
	if (acl == NULL)
		return;
	free(acl->v);
	free(acl);
}

static bool prefix_match(const uint8_t *a, const uint8_t *b, unsigned bits)
{
	unsigned bytes = bits / 8, rest = bits % 8;
	if (memcmp(a, b, bytes) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a[bytes] & mask) == (b[bytes] & mask);
}

bool server_acl_allows(const struct server_acl *acl, const struct sockaddr *addr)
{
	const uint8_t *bytes;
	int family = addr->sa_family;
	uint8_t mapped[4];
	if (family == AF_INET) {
		bytes = (const uint8_t *)&((const struct sockaddr_in *)(const void *)addr)->sin_addr;
	} else if (family == AF_INET6) {
		bytes = (const uint8_t *)&((const struct sockaddr_in6 *)(const void *)addr)->sin6_addr;
		/* an IPv4 client on a dual-stack socket (::ffff:a.b.c.d) */
		static const uint8_t v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		if (memcmp(bytes, v4mapped, 12) == 0) {
			memcpy(mapped, bytes + 12, 4);
			bytes = mapped;
			family = AF_INET;
		}
	} else {
		return false;
	}
	for (size_t i = 0; i < acl->count; i++)
		if (acl->v[i].family == family && prefix_match(acl->v[i].addr, bytes, acl->v[i].prefix))
			return true;
	return false;
}

/* ---- the messages ---- */

static size_t put_header(uint8_t *out, const struct srv_xfr *x, bool first, unsigned an)
{
	srv_put16(out, x->id);
	srv_put16(out + 2, x->flags);
	srv_put16(out + 4, first ? 1 : 0);
	srv_put16(out + 6, (uint16_t)an);
	srv_put16(out + 8, 0);
	srv_put16(out + 10, first && x->edns ? 1 : 0);
	return SRV_HEADER;
}

static size_t put_opt(uint8_t *p, const struct srv_xfr *x)
{
	p[0] = 0;
	srv_put16(p + 1, ZT_OPT);
	srv_put16(p + 3, SERVER_EDNS_SIZE);
	p[5] = 0;
	p[6] = 0;
	srv_put16(p + 7, x->edns_do ? 0x8000u : 0);
	srv_put16(p + 9, 0);
	return SRV_OPT_LEN;
}

static bool put_soa(struct srv_writer *w, const struct zone *z)
{
	const struct zone_rr *soa = &z->rrs[z->soa];
	return srv_write_rr(w, z->origin, ZT_SOA, z->rclass, soa->ttl, zone_rr_rdata(z, soa),
			    soa->rdlen);
}

/* The next record of the zone after the SOA, in canonical order of the
 * names; NULL at the end. Loads the owner name into x->owner. */
static const struct zone_rr *next_record(struct srv_xfr *x, uint8_t *owner, uint32_t *owner_node)
{
	const struct zone *z = x->zone;
	while (x->node != ZONE_NONE) {
		uint32_t node = x->node;
		const struct zone_node *n = &z->nodes[node];
		uint32_t count = zone_node_rr_count(z, node);
		while (x->rr < count) {
			const struct zone_rr *rr = &z->rrs[z->rr_order[n->rr_first + x->rr]];
			if (rr->type == ZT_SOA || (rr->span & ZONE_RR_DUPLICATE)) {
				x->rr++;
				continue;
			}
			if (*owner_node != node) {
				zone_node_name(z, node, owner);
				*owner_node = node;
			}
			return rr;
		}
		x->node = zone_walk_next(z, &x->walk);
		x->rr = 0;
	}
	return NULL;
}

/* Adds records to the message until it holds soft octets (or, for a
 * record bigger than that alone, hard). Returns how many were added. */
static unsigned fill(struct srv_xfr *x, struct srv_writer *w, size_t soft, size_t hard)
{
	uint8_t owner[ZONE_NAME_MAX];
	uint32_t owner_node = ZONE_NONE;
	unsigned added = 0;
	w->limit = soft;
	if (!x->soa_sent) {
		if (!put_soa(w, x->zone)) {
			w->limit = hard;
			if (!put_soa(w, x->zone))
				return 0;
			w->limit = soft;
		}
		x->soa_sent = true;
		added++;
	}
	const struct zone_rr *rr;
	while ((rr = next_record(x, owner, &owner_node)) != NULL) {
		const struct zone *z = x->zone;
		const uint8_t *rd = zone_rr_rdata(z, rr);
		if (!srv_write_rr(w, owner, rr->type, z->rclass, rr->ttl, rd, rr->rdlen)) {
			if (added > 0)
				return added;
			w->limit = hard;
			bool ok = srv_write_rr(w, owner, rr->type, z->rclass, rr->ttl, rd, rr->rdlen);
			w->limit = soft;
			/* a record no message can hold is left out rather than looping */
			x->rr++;
			if (ok)
				added++;
			continue;
		}
		x->rr++;
		added++;
	}
	if (!put_soa(w, x->zone)) {
		if (added > 0)
			return added;
		w->limit = hard;
		if (!put_soa(w, x->zone))
			return 0;
	}
	x->active = false;
	return added + 1;
}

size_t srv_xfr_start(struct srv_xfr *x, const struct srv_query *q, const struct zone *z,
		     enum srv_xfr_mode mode, struct srv_writer *w, uint8_t *out, size_t size)
{
	memset(x, 0, sizeof(*x));
	x->zone = z;
	x->id = q->id;
	x->flags = SRV_F_QR | SRV_F_AA | (q->flags & SRV_F_RD);
	x->edns = q->edns == SRV_EDNS_OK;
	x->edns_do = q->edns_do;
	x->active = true;
	zone_walk_start(&x->walk);
	x->node = zone_walk_next(z, &x->walk);
	size_t reserved = x->edns ? SRV_OPT_LEN : 0;
	size_t maxlen = SRV_TCP_MAX;
	if (mode != SRV_XFR_TCP) {
		maxlen = SRV_UDP_MAX;
		if (x->edns && q->edns_size > SRV_UDP_MAX)
			maxlen = q->edns_size < SERVER_EDNS_SIZE ? q->edns_size : SERVER_EDNS_SIZE;
	}
	if (maxlen > size)
		maxlen = size;
	srv_writer_init(w, out, maxlen - reserved);
	memcpy(out + SRV_HEADER, q->wire + SRV_HEADER, q->question_end - SRV_HEADER);
	w->pos = q->question_end;
	srv_writer_remember(w, SRV_HEADER, q->qname);
	unsigned an = 0;
	if (mode == SRV_XFR_TCP) {
		size_t soft = SRV_XFR_MESSAGE < maxlen ? SRV_XFR_MESSAGE : maxlen;
		an = fill(x, w, soft - reserved, maxlen - reserved);
	} else {
		if (mode == SRV_XFR_UDP) {
			an = fill(x, w, maxlen - reserved, maxlen - reserved);
			if (x->active) {
				/* RFC 1995 2: too big for UDP: the SOA tells the
				 * client to ask over TCP */
				w->pos = q->question_end;
				srv_writer_forget(w, q->question_end);
				an = 0;
			}
		}
		if (an == 0 && put_soa(w, z))
			an = 1;
		x->active = false;
	}
	put_header(out, x, true, an);
	size_t len = w->pos;
	if (x->edns)
		len += put_opt(out + len, x);
	return len;
}

size_t srv_xfr_next(struct srv_xfr *x, struct srv_writer *w, uint8_t *out, size_t size)
{
	size_t maxlen = size < SRV_TCP_MAX ? size : SRV_TCP_MAX;
	size_t soft = SRV_XFR_MESSAGE < maxlen ? SRV_XFR_MESSAGE : maxlen;
	srv_writer_init(w, out, soft);
	w->pos = SRV_HEADER;
	unsigned an = fill(x, w, soft, maxlen);
	if (an == 0) {
		x->active = false; /* nothing fits: end the transfer rather than loop */
		return 0;
	}
	put_header(out, x, false, an);
	return w->pos;
}
