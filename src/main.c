/* SPDX-License-Identifier: BSD-3-Clause */
/* main.c: subcommand dispatch only (the table of subcommands and the
 * overview live in cmd/help.c). */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		cmd_help_overview(stderr);
		return EXIT_ERROR;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		cmd_help_overview(stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		/* the version and the licence are configure.ac's */
		printf("zonelint %s\n"
		       "Copyright (c) 2026, the zonelint authors.\n"
		       "Licence: %s (the LICENSE file, installed with the documentation).\n",
		       PACKAGE_VERSION, PACKAGE_LICENSE);
		return EXIT_CLEAN;
	}
	const struct cmd_command *c = cmd_command_find(name);
	if (c != NULL) {
		/* getopt names argv[0] in its messages: "zonelint lint: ..." */
		char prog[64];
		snprintf(prog, sizeof(prog), "zonelint %s", c->name);
		argv[1] = prog;
		return c->run(argc - 1, argv + 1);
	}
	const char *near = name[0] == '-' ? NULL : cmd_suggest(name, false);
	if (name[0] == '-')
		fprintf(stderr, "zonelint: unknown option '%s'\n", name);
	else if (near != NULL)
		fprintf(stderr, "zonelint: unknown command '%s' (did you mean '%s'?)\n", name, near);
	else
		fprintf(stderr, "zonelint: unknown command '%s'\n", name);
	fputs("Try 'zonelint --help'.\n", stderr);
	return EXIT_ERROR;
}
