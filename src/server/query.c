/* SPDX-License-Identifier: BSD-3-Clause */
/* server/query.c: reads a query off the wire (RFC 1035 4.1), with its OPT
 * record (RFC 6891 6.1), a TSIG record (RFC 8945 4.2) and an IXFR's SOA
 * (RFC 1995 3), and decides the kind of answer in the order NSD 4.6 does,
 * so that malformed queries get NSD's FORMERR, NOTIMP or silence. */
#include <string.h>

#include "server/internal.h"

/* A name in the question: labels only (no compression, RFC 1035 4.1.4
 * allows it but NSD refuses it), at most 255 octets. Returns the offset
 * after it or 0. */
static size_t question_name(const uint8_t *p, size_t len, size_t off)
{
	size_t start = off;
	for (;;) {
		if (off >= len)
			return 0;
		uint8_t l = p[off];
		if (l == 0)
			break;
		/* a label (and the next length octet) inside the packet and the
		 * name still within 255 octets */
		if ((l & 0xc0) || off + l + 2 > len || off + l + 2 - start > ZONE_NAME_MAX)
			return 0;
		off += (size_t)l + 1;
	}
	off++;
	return off - start > ZONE_NAME_MAX ? 0 : off;
}

/* Skips a name in a record (compression allowed: a pointer ends it, as
 * in NSD's packet_skip_dname). Returns the offset after it or 0. */
static size_t skip_name(const uint8_t *p, size_t len, size_t off)
{
	for (;;) {
		if (off >= len)
			return 0;
		uint8_t l = p[off++];
		if (l == 0)
			return off;
		if (l & 0xc0)
			return off < len ? off + 1 : 0;
		if (off + l > len)
			return 0;
		off += l;
	}
}

/* Skips a whole record; returns the offset after it or 0. */
static size_t skip_rr(const uint8_t *p, size_t len, size_t off, uint16_t *type, size_t *rdata)
{
	off = skip_name(p, len, off);
	if (off == 0 || len - off < 10)
		return 0;
	if (type != NULL)
		*type = srv_get16(p + off);
	uint16_t rdlen = srv_get16(p + off + 8);
	off += 10;
	if (rdata != NULL)
		*rdata = off;
	if (len - off < rdlen)
		return 0;
	return off + rdlen;
}

/* The OPT record at *off (RFC 6891 6.1.2). Returns false when the record
 * there is not a well-formed OPT, leaving *off alone; then the caller sees
 * an extra record. A version above 0 is taken without looking further, as
 * NSD does, so that the answer can be BADVERS. */
static bool parse_opt(struct srv_query *q, size_t *off)
{
	const uint8_t *p = q->wire;
	size_t o = *off;
	if (q->len - o < SRV_OPT_LEN || p[o] != 0 || srv_get16(p + o + 1) != ZT_OPT)
		return false;
	uint16_t size = srv_get16(p + o + 3);
	uint8_t version = p[o + 6];
	uint16_t flags = srv_get16(p + o + 7);
	uint16_t rdlen = srv_get16(p + o + 9);
	o += SRV_OPT_LEN;
	if (version != 0) {
		q->edns = SRV_EDNS_BADVERS;
		*off = o;
		return true;
	}
	if (q->len - o < rdlen)
		return false;
	/* options: code, length, data; a malformed list makes it no OPT */
	size_t end = o + rdlen;
	while (end - o >= 4) {
		uint16_t olen = srv_get16(p + o + 2);
		o += 4;
		if (end - o < olen)
			return false;
		o += olen;
	}
	if (o != end)
		return false;
	q->edns = SRV_EDNS_OK;
	q->edns_size = size;
	q->edns_do = (flags & 0x8000u) != 0;
	*off = o;
	return true;
}

enum tsig_result { TSIG_ABSENT, TSIG_PRESENT, TSIG_MALFORMED };

/* A TSIG record at *off (RFC 8945 4.2): class ANY, TTL 0 and RDATA that
 * parses exactly. */
static enum tsig_result parse_tsig(struct srv_query *q, size_t *off)
{
	const uint8_t *p = q->wire;
	size_t len = q->len, o = *off;
	size_t owner = o;
	o = skip_name(p, len, o);
	if (o == 0 || len - o < 10)
		return TSIG_MALFORMED;
	if (srv_get16(p + o) != SRV_TYPE_TSIG)
		return TSIG_ABSENT;
	uint16_t rclass = srv_get16(p + o + 2);
	uint32_t ttl = srv_get32(p + o + 4);
	uint16_t rdlen = srv_get16(p + o + 8);
	o += 10;
	if (rclass != ZT_ANY || ttl != 0 || len - o < rdlen)
		return TSIG_MALFORMED;
	size_t end = o + rdlen;
	size_t alg = o;
	o = skip_name(p, end, o);
	if (o == 0 || end - o < 10)
		return TSIG_MALFORMED;
	size_t fixed = o;
	uint16_t mac = srv_get16(p + o + 8);
	o += 10;
	if (end - o < (size_t)mac + 6)
		return TSIG_MALFORMED;
	o += mac;
	size_t orig = o;
	o += 4;
	uint16_t other = srv_get16(p + o);
	if (end - o - 2 < other) /* octets after Other Data are ignored, as NSD does */
		return TSIG_MALFORMED;
	q->tsig_owner = owner;
	q->tsig_alg = alg;
	q->tsig_fixed = fixed;
	q->tsig_orig_id = orig;
	q->tsig_other = o;
	*off = end;
	return TSIG_PRESENT;
}

/* The serial of the first SOA among the authority records, which start
 * at off (RFC 1995 3). Returns the offset after them or 0. */
static size_t ixfr_authority(struct srv_query *q, size_t off)
{
	/* NSD bounds the records it skips here: one SOA is expected */
	if (q->nscount > 64)
		return 0;
	for (unsigned i = 0; i < q->nscount; i++) {
		uint16_t type;
		size_t rdata;
		size_t next = skip_rr(q->wire, q->len, off, &type, &rdata);
		if (next == 0)
			return 0;
		if (type == ZT_SOA && !q->has_serial) {
			size_t o = skip_name(q->wire, next, rdata);
			o = o ? skip_name(q->wire, next, o) : 0;
			if (o != 0 && next - o >= 20) {
				q->has_serial = true;
				q->serial = srv_get32(q->wire + o);
			}
		}
		off = next;
	}
	return off;
}

enum srv_verdict srv_query_parse(struct srv_query *q, const uint8_t *wire, size_t len)
{
	memset(q, 0, sizeof(*q));
	q->wire = wire;
	q->len = len;
	if (len < SRV_HEADER)
		return SRV_DROP;
	q->id = srv_get16(wire);
	q->flags = srv_get16(wire + 2);
	q->qdcount = srv_get16(wire + 4);
	q->ancount = srv_get16(wire + 6);
	q->nscount = srv_get16(wire + 8);
	q->arcount = srv_get16(wire + 10);
	if (q->flags & SRV_F_QR)
		return SRV_DROP; /* a response: never answer it (no loops between servers) */
	/* the opcode first: another opcode may give the rest another meaning.
	 * NOTIFY (RFC 1996) is not implemented either: we serve no secondaries. */
	if ((q->flags & SRV_F_OPCODE) != 0)
		return SRV_NOTIMP;
	size_t off = question_name(wire, len, SRV_HEADER);
	if ((q->flags & SRV_F_RCODE) != 0 || off == 0 || len - off < 4)
		return SRV_FORMERR;
	q->qname = wire + SRV_HEADER;
	q->qname_len = off - SRV_HEADER;
	q->qtype = srv_get16(wire + off);
	q->qclass = srv_get16(wire + off + 2);
	off += 4;
	q->question_end = off;

	if (q->qdcount != 1) {
		/* NSD answers a header with only an OPT record (an EDNS probe,
		 * RFC 7873 5.4 style) with its own OPT */
		if (q->qdcount == 0 && q->ancount == 0 && q->nscount == 0 && q->arcount == 1 &&
		    len >= SRV_HEADER + SRV_OPT_LEN) {
			size_t o = SRV_HEADER;
			q->edns = SRV_EDNS_NONE;
			if (parse_opt(q, &o) && q->edns == SRV_EDNS_OK)
				return SRV_EDNS_ONLY;
		}
		q->edns = SRV_EDNS_NONE;
		return SRV_FORMERR_BARE;
	}
	/* no records in the answer section, nor in the authority section but
	 * an IXFR's SOA */
	if (q->ancount != 0 || (q->qtype != ZT_IXFR && q->nscount != 0))
		return SRV_FORMERR;
	if (q->qtype == ZT_IXFR && q->nscount > 0) {
		off = ixfr_authority(q, off);
		if (off == 0)
			return SRV_FORMERR;
	}
	unsigned ar = q->arcount;
	if (ar > 0 && parse_opt(q, &off))
		ar--;
	bool tsig = false;
	if (ar > 0) {
		switch (parse_tsig(q, &off)) {
		case TSIG_MALFORMED: return SRV_FORMERR;
		case TSIG_PRESENT: tsig = true; ar--; break;
		case TSIG_ABSENT: break;
		}
	}
	/* RFC 6891 6.1.1: one OPT; RFC 8945 5.1: TSIG last; nothing else */
	if (ar > 0)
		return SRV_FORMERR;
	/* trailing octets are ignored, as NSD does */
	if (tsig)
		return SRV_NOTAUTH_TSIG;
	if (q->edns == SRV_EDNS_BADVERS)
		return SRV_BADVERS;
	return SRV_ANSWER;
}
