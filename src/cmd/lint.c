/* cmd/lint.c: "zonelint lint": load zone files and the configuration, run
 * the rules, report the findings, and exit 0 / 1 / 2. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "report/report.h"

static const char usage[] =
	"Usage: zonelint lint [OPTION]... FILE|DIR...\n"
	"Check BIND zone files: mail-client discovery (Autodiscover, RFC 6186 SRV,\n"
	"MTA-STS, autoconfig) and zone integrity as named-checkzone checks it.\n"
	"A directory means its zone files (*.zone, db.*, *.db).\n"
	"\n"
	"  --origin NAME         zone origin (one file only); default: $ORIGIN/SOA, else the file name\n"
	"  --config FILE         configuration; default: ./.zonelint.yaml, else .zonelint.yaml\n"
	"                        next to the first zone file or in a directory above it\n"
	"  --format FORMAT       text (default), json, sarif or github\n"
	"  --min-severity LEVEL  lowest severity that makes the exit status 1:\n"
	"                        error, warning (default) or note\n"
	"  --probe               read certificates from the hosts over TLS instead of the\n"
	"                        configuration (connects to port 443 of each address)\n"
	"  --probe-port PORT     port for --probe\n"
	"  --list-rules          list the rules: id, default severity, what it finds\n"
	"  -h, --help            this help\n"
	"\n"
	"Silence a rule for one record with a comment on its line or the line before:\n"
	"  ; zonelint: ignore RULE-ID\n"
	"\n"
	"Exit status: 0 no finding at or above --min-severity, 1 findings, 2 error.\n";

struct lint_args {
	const char *origin;
	const char *config;
	enum report_format format;
	enum zl_severity min;
	bool probe;
	unsigned probe_port;
};

static int parse_args(int argc, char **argv, struct lint_args *a)
{
	static const struct option options[] = {
		{"origin", required_argument, NULL, 'o'},
		{"config", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'},
		{"min-severity", required_argument, NULL, 'm'},
		{"probe", no_argument, NULL, 'p'},
		{"probe-port", required_argument, NULL, 'P'},
		{"list-rules", no_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof(*a));
	a->format = REPORT_TEXT;
	a->min = ZL_SEV_WARNING;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'o': a->origin = optarg; break;
		case 'c': a->config = optarg; break;
		case 'f':
			if (!report_format_parse(optarg, &a->format)) {
				cmd_error("lint: unknown format '%s' (text, json, sarif or github)", optarg);
				return cmd_usage_error("lint");
			}
			break;
		case 'm':
			if (!zl_severity_parse(optarg, &a->min) || a->min == ZL_SEV_OFF) {
				cmd_error("lint: --min-severity must be error, warning or note, not '%s'", optarg);
				return cmd_usage_error("lint");
			}
			break;
		case 'p': a->probe = true; break;
		case 'P': {
			char *end;
			long port = strtol(optarg, &end, 10);
			if (*end != '\0' || port < 1 || port > 65535) {
				cmd_error("lint: --probe-port must be a port number, not '%s'", optarg);
				return cmd_usage_error("lint");
			}
			a->probe_port = (unsigned)port;
			break;
		}
		case 'h': fputs(usage, stdout); return -1;
		case 'L': {
			size_t count;
			const struct rule *rules = rules_all(&count);
			for (size_t i = 0; i < count; i++)
				printf("%-28s %-8s %s\n", rules[i].id, zl_severity_name(rules[i].severity),
				       rules[i].summary);
			return -1;
		}
		default: return cmd_usage_error("lint");
		}
	}
	if (optind >= argc) {
		cmd_error("lint: no zone file given");
		return cmd_usage_error("lint");
	}
	return EXIT_CLEAN;
}

int cmd_lint(int argc, char **argv)
{
	struct lint_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc != EXIT_CLEAN)
		return rc < 0 ? EXIT_CLEAN : rc;
	struct cmd_inputs in;
	struct zl_error err;
	zl_error_clear(&err);
	if (cmd_inputs_collect(&in, argv + optind, argc - optind, &err) != ZL_OK) {
		cmd_print_error(&err);
		return EXIT_ERROR;
	}
	if (a.origin != NULL && in.count > 1) {
		cmd_error("lint: --origin applies to one zone file, %zu given", in.count);
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}
	struct config *cfg = NULL;
	if (cmd_load_config(a.config, in.paths[0], &cfg) != ZL_OK) {
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}
	struct zone **zones;
	if (cmd_load_zones(&in, a.origin, &zones) != ZL_OK) {
		config_free(cfg);
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}

	struct findings findings;
	findings_init(&findings);
	rc = EXIT_CLEAN;
	for (size_t i = 0; i < in.count && rc == EXIT_CLEAN; i++) {
		struct zone_set view;
		cmd_zone_view(zones, in.count, i, &view);
		struct cert_view *certs = NULL;
		if (cert_view_new(cfg, &view, a.probe, a.probe_port, &certs, &err) != ZL_OK) {
			cmd_print_error(&err);
			rc = EXIT_ERROR;
		} else {
			struct lint_options lo = {cfg, certs};
			if (lint_zone(zones[i], &view, &lo, &findings, &err) != ZL_OK) {
				cmd_print_error(&err);
				rc = EXIT_ERROR;
			}
		}
		cert_view_free(certs);
		free(view.zones);
	}
	if (rc == EXIT_CLEAN) {
		struct report_options ro;
		ro.format = a.format;
		ro.color = a.format == REPORT_TEXT && isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
		ro.version = PACKAGE_VERSION;
		if (report_write(stdout, &findings, &ro, &err) != ZL_OK || fflush(stdout) != 0) {
			cmd_error("lint: cannot write the report: %s", err.message);
			rc = EXIT_ERROR;
		} else {
			if (a.format == REPORT_TEXT && findings.count > 0) {
				char summary[256];
				report_summary(&findings, summary, sizeof(summary));
				fprintf(stderr, "%s\n", summary);
			}
			for (size_t i = 0; i < findings.count; i++)
				if (findings.v[i].severity >= a.min)
					rc = EXIT_FINDINGS;
		}
	}
	findings_free(&findings);
	cmd_zones_free(zones, in.count);
	config_free(cfg);
	cmd_inputs_free(&in);
	return rc;
}
