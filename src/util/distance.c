/* SPDX-License-Identifier: BSD-3-Clause */
/* util/distance.c: how far apart two short strings are, for "did you mean"
 * suggestions wherever a name is mistyped: subcommands, configuration keys,
 * rule ids in the configuration and in "; zonelint:" comments. */
#include <string.h>

#include "util/util.h"

/* Optimal string alignment distance: insertions, deletions, changes, and a
 * swap of two neighbours counting as one ("hsots" is one edit from
 * "hosts"); ASCII case aside. */
size_t zl_edit_distance(const char *a, const char *b)
{
	enum { MAXLEN = 64 };
	size_t la = strlen(a), lb = strlen(b);
	if (la > MAXLEN || lb > MAXLEN)
		return SIZE_MAX;
	size_t d[MAXLEN + 1][MAXLEN + 1];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			bool same = zl_lower((uint8_t)a[i - 1]) == zl_lower((uint8_t)b[j - 1]);
			size_t best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + (same ? 0 : 1) < best)
				best = d[i - 1][j - 1] + (same ? 0 : 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}
