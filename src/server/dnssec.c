/* SPDX-License-Identifier: BSD-3-Clause */
/* server/dnssec.c: the RRSIGs that follow an RRset in an answer to a query
 * with the DO bit (RFC 4035 3.1.1): those at the RRset's owner that cover
 * its type, written with the owner the RRset has in the answer (a wildcard's
 * signatures under the query name, RFC 4035 3.1.3.3), as NSD does: only for
 * a signed zone, never for RRSIG itself, and with the TTL of the SOA for
 * the SOA's signatures (a negative answer's SOA has its shortened TTL). */
#include "server/internal.h"

bool srv_write_rrsigs(struct srv_writer *w, const struct zone_answer_rr *set, unsigned *added)
{
	const struct zone *z = set->zone;
	if (z == NULL || set->rr == ZONE_NONE || set->type == ZT_RRSIG || !zone_is_signed(z))
		return true;
	uint32_t node = z->rrs[set->rr].node;
	size_t cursor = 0;
	uint32_t idx;
	while ((idx = zone_node_next(z, node, ZT_RRSIG, &cursor)) != ZONE_NONE) {
		const struct zone_rr *rr = &z->rrs[idx];
		const uint8_t *rd = zone_rr_rdata(z, rr);
		if ((rr->span & ZONE_RR_DUPLICATE) || rr->rdlen < 2 || srv_get16(rd) != set->type)
			continue;
		uint32_t ttl = set->type == ZT_SOA ? set->ttl : rr->ttl;
		if (!srv_write_rr(w, set->owner, ZT_RRSIG, set->rclass, ttl, rd, rr->rdlen))
			return false;
		(*added)++;
	}
	return true;
}
