/* SPDX-License-Identifier: BSD-3-Clause */
/* fix/check.c: the records of a fixed zone compared with what the fix
 * meant: the zone's records less those commented out, plus those added,
 * the SOA with its new serial. Catches a line edit that changes a record it
 * does not address, such as a blank owner (RFC 1035 5.1) or a TTL that a
 * record inherited from a line the fix commented out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix/fix.h"

#define ADDED 0x80000000u /* in key.rr: a record of the added set */

struct key {
	uint64_t hash; /* owner (any case), type, data */
	uint32_t ttl;
	uint32_t rr;
};

/* FNV-1a, 64 bits */
static uint64_t mix(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static int key_order(const void *pa, const void *pb)
{
	const struct key *a = pa, *b = pb;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	if (a->ttl != b->ttl)
		return a->ttl < b->ttl ? -1 : 1;
	return a->rr < b->rr ? -1 : (a->rr > b->rr ? 1 : 0);
}

/* Keys of the records of z, skipping those marked in skip (may be NULL);
 * the record soa gets serial instead of its own. */
static void collect(const struct zone *z, const bool *skip, uint32_t soa, uint32_t serial,
		    uint32_t flag, struct key *v, size_t *n)
{
	uint8_t name[ZONE_NAME_MAX];
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (zone_node_rr_count(z, node) == 0)
			continue;
		zone_node_name(z, node, name);
		zone_name_lower(name);
		uint64_t base = mix(14695981039346656037ull, name, zone_name_len(name));
		for (uint32_t i = 0; i < zone_node_rr_count(z, node); i++) {
			uint32_t idx = z->rr_order[z->nodes[node].rr_first + i];
			if (skip != NULL && skip[idx])
				continue;
			const struct zone_rr *rr = &z->rrs[idx];
			uint8_t type[2] = {(uint8_t)(rr->type >> 8), (uint8_t)rr->type};
			uint64_t h = mix(base, type, 2);
			const uint8_t *rd = zone_rr_rdata(z, rr);
			size_t at = 0;
			if (idx == soa) {
				at = zone_name_len(rd);
				at += zone_name_len(rd + at);
			}
			if (idx == soa && (size_t)rr->rdlen >= at + 4) {
				/* RFC 1035 3.3.13: MNAME, RNAME, then the serial */
				uint8_t s[4] = {(uint8_t)(serial >> 24), (uint8_t)(serial >> 16),
						(uint8_t)(serial >> 8), (uint8_t)serial};
				h = mix(h, rd, at);
				h = mix(h, s, 4);
				h = mix(h, rd + at + 4, rr->rdlen - at - 4);
			} else {
				h = mix(h, rd, rr->rdlen);
			}
			v[*n].hash = h;
			v[*n].ttl = rr->ttl;
			v[*n].rr = idx | flag;
			(*n)++;
		}
	}
}

enum problem { LOST, TTL_CHANGED, EXTRA, NOT_ADDED };

struct mismatch {
	const struct zone *z; /* NULL: none yet */
	uint32_t rr;
	enum problem what;
	uint32_t ttl; /* TTL_CHANGED: the new TTL */
	size_t count;
};

static void note(struct mismatch *m, const struct zone *z, uint32_t rr, enum problem what,
		 uint32_t ttl)
{
	m->count++;
	/* report the earliest line: the first place to look */
	if (m->z == NULL || z->rrs[rr].line < m->z->rrs[m->rr].line) {
		m->z = z;
		m->rr = rr;
		m->what = what;
		m->ttl = ttl;
	}
}

int fix_plan_check(const struct zone *z, const struct fix_plan *plan, const struct zone *fixed,
		   struct zl_error *err)
{
	struct zone *added = NULL;
	if (plan->added_records != NULL && plan->added_records[0] != '\0') {
		struct zone_load_options lo = {0};
		lo.origin = ".";
		struct zl_error e;
		zl_error_clear(&e);
		if (zone_load_string(plan->added_records, strlen(plan->added_records),
				     "(records the fix adds)", &lo, &added, &e) != ZL_OK)
			return zl_error_set(err, ZL_EREFUSED, z->path, 0,
					    "refusing: a record the fix would add does not load: %s",
					    e.message);
	}
	bool *skip = zl_calloc(z->rr_count ? z->rr_count : 1, sizeof(*skip));
	for (size_t i = 0; i < plan->removed; i++)
		skip[plan->removed_rrs[i]] = true;
	size_t nexp = 0, nhave = 0;
	size_t cap = z->rr_count + (added != NULL ? added->rr_count : 0);
	struct key *exp = zl_malloc((cap ? cap : 1) * sizeof(*exp));
	struct key *have = zl_malloc((fixed->rr_count ? fixed->rr_count : 1) * sizeof(*have));
	collect(z, skip, z->soa, plan->new_serial, 0, exp, &nexp);
	if (added != NULL)
		collect(added, NULL, ZONE_NONE, 0, ADDED, exp, &nexp);
	collect(fixed, NULL, ZONE_NONE, 0, 0, have, &nhave);
	free(skip);
	qsort(exp, nexp, sizeof(*exp), key_order);
	qsort(have, nhave, sizeof(*have), key_order);

	/* group by hash; in a group every kept record must be there with its
	 * TTL, and what is left over must be as many as the records added
	 * (whose TTL is the file's default when the file writes none) */
	struct mismatch m = {NULL, 0, LOST, 0, 0};
	size_t i = 0, j = 0;
	while (i < nexp || j < nhave) {
		uint64_t h = i < nexp && (j >= nhave || exp[i].hash <= have[j].hash) ? exp[i].hash
										   : have[j].hash;
		size_t ie = i, je = j;
		while (ie < nexp && exp[ie].hash == h)
			ie++;
		while (je < nhave && have[je].hash == h)
			je++;
		size_t adds = 0, extra = 0, lost = 0;
		uint32_t extra_rr = ZONE_NONE, extra_ttl = 0, added_rr = ZONE_NONE, lost_rr = ZONE_NONE;
		size_t a = i, b = j;
		while (a < ie || b < je) {
			if (a < ie && (exp[a].rr & ADDED)) {
				adds++;
				added_rr = exp[a].rr & ~ADDED;
				a++;
			} else if (a < ie && b < je && exp[a].ttl == have[b].ttl) {
				a++;
				b++;
			} else if (b < je && (a >= ie || have[b].ttl < exp[a].ttl)) {
				if (extra++ == 0) {
					extra_rr = have[b].rr;
					extra_ttl = have[b].ttl;
				}
				b++;
			} else {
				if (lost++ == 0)
					lost_rr = exp[a].rr;
				a++;
			}
		}
		/* records added take their TTL from the file when it writes none */
		if (lost > 0 && extra > adds)
			note(&m, z, lost_rr, TTL_CHANGED, extra_ttl);
		else if (lost > 0)
			note(&m, z, lost_rr, LOST, 0);
		else if (extra > adds)
			note(&m, fixed, extra_rr, EXTRA, 0);
		else if (extra < adds)
			note(&m, added, added_rr, NOT_ADDED, 0);
		i = ie;
		j = je;
	}
	free(exp);
	free(have);
	int rc = ZL_OK;
	if (m.z != NULL) {
		char *text = zone_rr_to_text(m.z, &m.z->rrs[m.rr], NULL);
		for (char *t = text; *t != '\0'; t++)
			if (*t == '\t')
				*t = ' ';
		char more[64] = "";
		if (m.count > 1)
			snprintf(more, sizeof(more), " (and %zu more)", m.count - 1);
		unsigned line = m.z->rrs[m.rr].line;
		switch (m.what) {
		case LOST:
			rc = zl_error_set(err, ZL_EREFUSED, z->path, line,
					  "refusing: the edits would change a record the fix does not "
					  "address%s: %s would not be in the fixed zone as it is (a blank "
					  "owner repeats the owner of the line before, RFC 1035 5.1)",
					  more, text);
			break;
		case TTL_CHANGED:
			rc = zl_error_set(err, ZL_EREFUSED, z->path, line,
					  "refusing: the edits would change the TTL of a record the fix does "
					  "not address%s: %s would get TTL %u (without $TTL a record without "
					  "a TTL takes the last one written, RFC 1035 5.1); write its TTL "
					  "out, or add a $TTL line",
					  more, text, m.ttl);
			break;
		case EXTRA:
			rc = zl_error_set(err, ZL_EREFUSED, z->path, 0,
					  "refusing: the edited file would hold a record nobody asked "
					  "for%s: %s (line %u of the fixed text)",
					  more, text, line);
			break;
		case NOT_ADDED:
			rc = zl_error_set(err, ZL_EREFUSED, z->path, 0,
					  "refusing: a record the fix adds is not in the edited file as "
					  "meant%s: %s",
					  more, text);
			break;
		}
		free(text);
	}
	zone_free(added);
	return rc;
}
