/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz/fuzz_zone.c: libFuzzer target for zone text: the loader (libzscanner
 * plus $GENERATE, $INCLUDE, TTL rules), the index, every lookup path
 * (each name of the zone and one below it, for a handful of types) and
 * every lint rule over what loaded. Built and run by fuzz/fuzz.sh (make
 * fuzz-smoke; make fuzz-run FUZZ_TARGET=zone); seeds in fuzz/corpus/zone/,
 * zones/ and tests/zones/. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "zone/zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zone_load_options opt = {0};
	opt.origin = "fuzz.example.";
	opt.max_records = 5000; /* $GENERATE may ask for millions: not interesting here */
	struct zone *z = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	if (zone_load_string((const char *)data, size, "/nonexistent/fuzz.zone", &opt, &z, &err) !=
	    ZL_OK) {
		if (z != NULL || err.message[0] == '\0')
			abort(); /* a failure must say why and return nothing */
		return 0;
	}
	struct zone_set set;
	zone_set_init(&set);
	if (zone_set_add(&set, z, NULL) != ZL_OK)
		abort();
	struct zone_result *r = malloc(sizeof(*r));
	zone_result_init(r);
	static const uint16_t types[] = {ZT_A, ZT_AAAA, ZT_CNAME, ZT_MX, ZT_SRV, ZT_NS, ZT_DS, ZT_ANY};
	struct zone_walk walk;
	zone_walk_start(&walk);
	uint32_t node = zone_walk_next(z, &walk);
	for (size_t i = 0; node != ZONE_NONE && i < 300; i++, node = zone_walk_next(z, &walk)) {
		uint8_t name[ZONE_NAME_MAX], below[ZONE_NAME_MAX];
		size_t len = zone_node_name(z, node, name);
		below[0] = 1;
		below[1] = 'x';
		if (len + 2 <= ZONE_NAME_MAX)
			memcpy(below + 2, name, len);
		for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
			zone_lookup(&set, name, types[t], r);
			if (len + 2 <= ZONE_NAME_MAX)
				zone_lookup(&set, below, types[t], r);
		}
	}
	zone_result_free(r);
	free(r);
	struct config *cfg = config_new_empty();
	struct cert_view *certs = NULL;
	if (cert_view_new(cfg, &set, false, 0, &certs, &err) == ZL_OK) {
		struct findings f;
		findings_init(&f);
		struct lint_options lo = {cfg, certs, NULL};
		lint_zone(z, &set, &lo, &f, &err);
		findings_free(&f);
	}
	cert_view_free(certs);
	config_free(cfg);
	zone_set_free(&set);
	return 0;
}
