/* SPDX-License-Identifier: BSD-3-Clause */
/* bench/zoneload.c: load and index zone files with the zone module alone
 * (zone_load_file: libzscanner, the store, the name index), as bench/run's
 * "load+index" row. Usage: bench/zoneload FILE...; prints nodes and records. */
#include <stdio.h>

#include "zone/zone.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: zoneload FILE...\n");
		return 2;
	}
	unsigned long records = 0, nodes = 0;
	for (int i = 1; i < argc; i++) {
		struct zone *z;
		struct zl_error err;
		zl_error_clear(&err);
		if (zone_load_file(argv[i], NULL, &z, &err) != ZL_OK) {
			char line[2200];
			zl_error_format(&err, line, sizeof(line));
			fprintf(stderr, "%s\n", line);
			return 2;
		}
		records += z->rr_count;
		nodes += z->node_count;
		zone_free(z);
	}
	printf("%lu records, %lu nodes\n", records, nodes);
	return 0;
}
