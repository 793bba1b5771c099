/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz/fuzz_config.c: libFuzzer target for the .zonelint.yaml reader
 * (config_load_string: libyaml events, the schema, FILE:LINE errors).
 * Built and run by fuzz/fuzz.sh (make fuzz-smoke; make fuzz-run
 * FUZZ_TARGET=config); seeds in fuzz/corpus/config/. */
#include <stdint.h>
#include <stdlib.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *c = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	int rc = config_load_string((const char *)data, size, "fuzz/.zonelint.yaml", &c, &err);
	/* The contract: success gives a config; failure gives none, and an
	 * error that names the file and says something. */
	if (rc == ZL_OK && c == NULL)
		abort();
	if (rc != ZL_OK && (c != NULL || rc != err.code || err.file[0] == '\0' ||
			    err.message[0] == '\0'))
		abort();
	config_free(c);
	return 0;
}
