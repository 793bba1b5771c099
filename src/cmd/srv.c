/* cmd/srv.c: "zonelint srv". */
#include <string.h>

#include "cmd/cmd.h"

int cmd_srv(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("Usage: zonelint srv ... (not built yet)");
		return EXIT_CLEAN;
	}
	cmd_error("srv: not built yet");
	return EXIT_ERROR;
}
