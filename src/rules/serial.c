/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/serial.c: serial-not-increased: the records of a zone changed since
 * its previous version (a git revision: lint --previous REV) while its SOA
 * serial did not grow in RFC 1982 arithmetic, so that secondaries keep the
 * old records (RFC 1034 4.3.5, RFC 1996). */
#include <stdlib.h>
#include <string.h>

#include "rules/internal.h"

/* FNV-1a, 64 bits, over n octets, from h */
static uint64_t fnv(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3u;
	}
	return h;
}

/* splitmix64's finalizer: every bit of a record's hash stirs every bit of
 * what is summed, so that a sum of them is a sound digest of the set */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

uint64_t lint_records_digest(const struct zone *z)
{
	uint64_t sum = 0;
	uint8_t *data = NULL;
	size_t cap = 0;
	/* every name with records, those outside the zone too */
	for (size_t node = 0; node < z->node_count; node++) {
		uint32_t count = zone_node_rr_count(z, (uint32_t)node);
		if (count == 0)
			continue;
		uint8_t owner[ZONE_NAME_MAX];
		size_t owner_len = zone_node_name(z, (uint32_t)node, owner);
		zone_name_lower(owner);
		uint64_t named = fnv(0xcbf29ce484222325u, owner, owner_len);
		for (uint32_t i = 0; i < count; i++) {
			const struct zone_rr *rr = zone_node_rr(z, (uint32_t)node, i);
			if (rr->span & ZONE_RR_DUPLICATE)
				continue;
			data = zl_grow(data, &cap, (size_t)rr->rdlen + 1, 1);
			memcpy(data, zone_rr_rdata(z, rr), rr->rdlen);
			zone_rdata_lower(rr->type, data, rr->rdlen);
			if (rr->type == ZT_SOA) {
				/* the serial is what the rule compares */
				size_t off = zone_name_len(data);
				off += zone_name_len(data + off);
				if (off + 4 <= rr->rdlen)
					memset(data + off, 0, 4);
			}
			uint8_t fixed[8] = {(uint8_t)(rr->type >> 8), (uint8_t)rr->type,
					    (uint8_t)(z->rclass >> 8), (uint8_t)z->rclass,
					    (uint8_t)(rr->ttl >> 24), (uint8_t)(rr->ttl >> 16),
					    (uint8_t)(rr->ttl >> 8), (uint8_t)rr->ttl};
			uint64_t h = fnv(named, fixed, sizeof(fixed));
			h = fnv(h, data, rr->rdlen);
			sum += mix(h ^ rr->rdlen);
		}
	}
	free(data);
	return sum;
}

void rule_serial_not_increased(struct lint *l)
{
	const struct lint_previous *p = l->opt->previous;
	const struct zone *z = l->z;
	if (p == NULL || z->soa == ZONE_NONE || lint_records_digest(z) == p->digest)
		return;
	uint32_t now = zone_soa_serial(z);
	if (zone_serial_gt(now, p->serial))
		return;
	if (now == p->serial)
		lint_emit(l, z->soa, false,
			  "the records changed since %s but the SOA serial is still %u: secondaries "
			  "that have serial %u do not transfer the zone and keep the old records",
			  p->revision, now, now);
	else
		lint_emit(l, z->soa, false,
			  "the records changed since %s but the SOA serial went from %u to %u, which "
			  "is not greater (RFC 1982): secondaries keep the old records",
			  p->revision, p->serial, now);
}
