/* cmd/lint.c: "zonelint lint": load zone files, run the rules, report. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

static const char usage[] =
	"Usage: zonelint lint [OPTION]... FILE|DIR...\n"
	"Check BIND zone files. A directory means its zone files (*.zone, db.*, *.db).\n"
	"\n"
	"  --origin NAME         zone origin (one file only); default: $ORIGIN/SOA, else the file name\n"
	"  --config FILE         configuration (default: ./.zonelint.yaml when present)\n"
	"  --format FORMAT       text (default), json, sarif or github\n"
	"  --min-severity LEVEL  lowest severity that makes the exit status 1:\n"
	"                        error, warning (default) or note\n"
	"  --probe               read certificates from the hosts over TLS (port 443)\n"
	"  --probe-port PORT     port for --probe (tests)\n"
	"  -h, --help            this help\n"
	"\n"
	"Exit status: 0 no finding at or above --min-severity, 1 findings, 2 error.\n";

int cmd_lint(int argc, char **argv)
{
	static const struct option options[] = {
		{"origin", required_argument, NULL, 'o'},
		{"config", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{"min-severity", required_argument, NULL, 'm'},
		{"probe", no_argument, NULL, 'p'},
		{"probe-port", required_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *origin = NULL;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'o': origin = optarg; break;
		case 'c':
		case 'f':
		case 'm':
		case 'p':
		case 'P': break;
		case 'h': fputs(usage, stdout); return EXIT_CLEAN;
		default: return cmd_usage_error("lint");
		}
	}
	if (optind >= argc) {
		cmd_error("lint: no zone file given");
		return cmd_usage_error("lint");
	}
	struct cmd_inputs in;
	struct zl_error err;
	if (cmd_inputs_collect(&in, argv + optind, argc - optind, &err) != ZL_OK) {
		cmd_print_error(&err);
		return EXIT_ERROR;
	}
	if (origin != NULL && in.count > 1) {
		cmd_error("lint: --origin applies to one zone file, %zu given", in.count);
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}
	struct zone **zones;
	int rc = cmd_load_zones(&in, origin, &zones);
	if (rc != ZL_OK) {
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}
	cmd_zones_free(zones, in.count);
	cmd_inputs_free(&in);
	return EXIT_CLEAN;
}
