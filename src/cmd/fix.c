/* cmd/fix.c: "zonelint fix". */
#include <string.h>

#include "cmd/cmd.h"

int cmd_fix(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("Usage: zonelint fix ... (not built yet)");
		return EXIT_CLEAN;
	}
	cmd_error("fix: not built yet");
	return EXIT_ERROR;
}
