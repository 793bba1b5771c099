/* fuzz/fuzz_config.c: libFuzzer target for the .zonelint.yaml reader
 * (config_load_string: libyaml events, the schema, FILE:LINE errors).
 * Build and run in a build directory, SRC being the source tree (not part
 * of make check):
 *   clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -I$SRC/src \
 *     $SRC/fuzz/fuzz_config.c $SRC/src/config/config.c $SRC/src/util/error.c \
 *     $SRC/src/util/alloc.c $SRC/src/util/buf.c -lyaml -o fuzz_config
 *   mkdir -p corpus && ./fuzz_config -max_total_time=60 corpus */
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
