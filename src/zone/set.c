/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/set.c: the zones one run answers for, and which one holds a name
 * (the zone with the longest origin at or above it, RFC 1034 4.3.2 step 2).
 * Sets of many zones (a directory of zone files) index their origins. */
#include <stdlib.h>
#include <string.h>

#include "zone/zone.h"

void zone_set_init(struct zone_set *set)
{
	set->zones = NULL;
	set->count = 0;
	set->cap = 0;
	set->index = NULL;
	set->index_mask = 0;
	set->primary = NULL;
}

/* Hashes of every suffix of name (case-insensitive), built from the root
 * label by label: hash[i] is that of the suffix starting at label i,
 * hash[labels] that of the root. Returns the number of labels. */
static unsigned suffix_hashes(const uint8_t *name, uint64_t *hash)
{
	uint8_t off[128];
	unsigned labels = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1)
		off[labels++] = (uint8_t)(p - name);
	uint64_t h = 0x9e3779b97f4a7c15u;
	hash[labels] = h;
	for (unsigned i = labels; i-- > 0;) {
		const uint8_t *label = name + off[i];
		h = (h ^ label[0]) * 0x100000001b3u;
		for (unsigned k = 1; k <= label[0]; k++)
			h = (h ^ zl_lower(label[k])) * 0x100000001b3u;
		h ^= h >> 29;
		hash[i] = h;
	}
	return labels;
}

void zone_set_index(struct zone_set *set)
{
	free(set->index);
	size_t size = 16;
	while (size < set->count * 2)
		size *= 2;
	set->index = zl_calloc(size, sizeof(uint32_t));
	set->index_mask = size - 1;
	for (size_t i = 0; i < set->count; i++) {
		uint64_t hash[129];
		suffix_hashes(set->zones[i]->origin, hash);
		size_t slot = (size_t)hash[0] & set->index_mask;
		bool taken = false;
		for (; set->index[slot] != 0 && !taken; slot = (slot + 1) & set->index_mask)
			taken = zone_name_equal(set->zones[set->index[slot] - 1]->origin,
						set->zones[i]->origin);
		if (!taken)
			set->index[slot] = (uint32_t)(i + 1);
	}
}

int zone_set_add(struct zone_set *set, struct zone *z, struct zl_error *err)
{
	for (size_t i = 0; i < set->count; i++) {
		if (zone_name_equal(set->zones[i]->origin, z->origin)) {
			zl_error_set(err, ZL_EUSAGE, z->path, 0, "zone %s is already loaded from %s",
				     z->origin_text, set->zones[i]->path);
			zone_free(z);
			return ZL_EUSAGE;
		}
	}
	set->zones = zl_grow(set->zones, &set->cap, set->count + 1, sizeof(*set->zones));
	set->zones[set->count++] = z;
	free(set->index); /* stale: zone_set_index again when wanted */
	set->index = NULL;
	return ZL_OK;
}

void zone_set_free(struct zone_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		zone_free(set->zones[i]);
	free(set->zones);
	free(set->index);
	zone_set_init(set);
}

const struct zone *zone_set_find(const struct zone_set *set, const uint8_t *name)
{
	const struct zone *best = NULL;
	if (set->index != NULL) {
		/* the longest suffix of name that is an origin */
		uint64_t hash[129];
		unsigned labels = suffix_hashes(name, hash);
		const uint8_t *suffix = name;
		for (unsigned i = 0; i <= labels && best == NULL; i++) {
			for (size_t slot = (size_t)hash[i] & set->index_mask; set->index[slot] != 0;
			     slot = (slot + 1) & set->index_mask) {
				const struct zone *z = set->zones[set->index[slot] - 1];
				if (zone_name_equal(z->origin, suffix)) {
					best = z;
					break;
				}
			}
			suffix += *suffix + 1;
		}
	} else {
		for (size_t i = 0; i < set->count; i++) {
			const struct zone *z = set->zones[i];
			if ((best == NULL || z->origin_len > best->origin_len) &&
			    zone_name_is_below(name, z->origin))
				best = z;
		}
	}
	if (best != NULL && set->primary != NULL && best != set->primary &&
	    zone_name_equal(best->origin, set->primary->origin))
		best = set->primary;
	return best;
}
