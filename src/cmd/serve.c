/* cmd/serve.c: "zonelint serve". */
#include <string.h>

#include "cmd/cmd.h"

int cmd_serve(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("Usage: zonelint serve ... (not built yet)");
		return EXIT_CLEAN;
	}
	cmd_error("serve: not built yet");
	return EXIT_ERROR;
}
