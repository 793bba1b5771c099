/* zone/set.c: the zones one run answers for, and which one holds a name
 * (the zone with the longest origin at or above it, RFC 1034 4.3.2 step 2). */
#include <stdlib.h>

#include "zone/zone.h"

void zone_set_init(struct zone_set *set)
{
	set->zones = NULL;
	set->count = 0;
	set->cap = 0;
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
	return ZL_OK;
}

void zone_set_free(struct zone_set *set)
{
	for (size_t i = 0; i < set->count; i++)
		zone_free(set->zones[i]);
	free(set->zones);
	zone_set_init(set);
}

const struct zone *zone_set_find(const struct zone_set *set, const uint8_t *name)
{
	const struct zone *best = NULL;
	for (size_t i = 0; i < set->count; i++) {
		const struct zone *z = set->zones[i];
		if ((best == NULL || z->origin_len > best->origin_len) &&
		    zone_name_is_below(name, z->origin))
			best = z;
	}
	return best;
}
