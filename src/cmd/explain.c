/* cmd/explain.c: "zonelint explain". */
#include <string.h>

#include "cmd/cmd.h"

int cmd_explain(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("Usage: zonelint explain ... (not built yet)");
		return EXIT_CLEAN;
	}
	cmd_error("explain: not built yet");
	return EXIT_ERROR;
}
