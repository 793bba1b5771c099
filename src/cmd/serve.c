/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd/serve.c: "zonelint serve": loads the zones and answers DNS queries
 * for them over UDP and TCP (src/server), reloading them on SIGHUP. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "fix/fix.h"
#include "server/server.h"

static const char usage[] =
	"Usage: zonelint serve [OPTION]... FILE|DIR...\n"
	"Answer DNS queries for zone files over UDP and TCP, as NSD would, so that a\n"
	"test zone (or a corrected one) can be asked with dig or a mail client.\n"
	"A directory means its zone files (*.zone, db.*, *.db).\n"
	"\n"
	"  --origin NAME            zone origin (one file only); default: $ORIGIN/SOA, else the file name\n"
	"  --listen ADDR:PORT       address to answer on, repeatable ([ADDR]:PORT for IPv6;\n"
	"                           ADDR alone: port 5300); default: 127.0.0.1:5300 and\n"
	"                           [::1]:5300\n"
	"  --allow-axfr ADDR/PREFIX clients allowed zone transfers (AXFR, IXFR), repeatable;\n"
	"                           default: none\n"
	"  --fixed                  serve the zones with the fixes applied in memory\n"
	"  --config FILE            configuration for --fixed (default: ./.zonelint.yaml)\n"
	"  --tcp-timeout SECONDS    close idle TCP connections after this long (default: 10)\n"
	"  --tcp-max N              most TCP connections open at once (default: 128)\n"
	"  --verbose                log every query\n"
	"  -h, --help               this help\n"
	"\n"
	"Signals: SIGHUP reloads the zones (a zone that does not load keeps the data\n"
	"served before), SIGTERM and SIGINT stop. Logs go to standard error.\n"
	"\n"
	"Exit status: 0 after a clean stop, 2 on a usage error, zone files that do not\n"
	"load, or an address that cannot be listened on.\n";

struct serve_args {
	const char *origin;
	char **paths;
	int path_count;
	bool fixed;
	const char *config; /* for --fixed */
};

/* The zones to serve, from the files and directories named: used at the
 * start and again on every SIGHUP. Fills *out (which the caller owns) or
 * returns an error with err filled; the loader prints FILE:LINE errors as it
 * finds them. */
static void log_line(void *ctx, enum server_log_level level, const char *line)
{
	(void)ctx;
	(void)level;
	fprintf(stderr, "zonelint: serve: %s\n", line);
	fflush(stderr);
}

/* --fixed: replaces *z by the zone that "zonelint fix" would write, checked
 * the same way (cmd_fix_zone); the file stays as it is. A zone with nothing
 * to fix is served as loaded; a fix that is refused is an error, so that
 * what is served is never mistaken for the fixed zone. */
static int serve_fix(struct zone **z, const struct config *cfg, struct zl_error *err)
{
	struct fix_plan plan;
	struct zone *fixed = NULL;
	int rc = cmd_fix_zone(*z, cfg, NULL, &plan, &fixed, err);
	char line[2600];
	if (rc == ZL_OK && plan.changed) {
		snprintf(line, sizeof(line),
			 "zone %.1100s: serving the fixed zone: %u record%s commented out, %u added, "
			 "serial %u -> %u (%.1200s itself is unchanged)",
			 (*z)->origin_text, plan.removed, plan.removed == 1 ? "" : "s", plan.added,
			 plan.old_serial, plan.new_serial, (*z)->path);
		zone_free(*z);
		*z = fixed;
	} else if (rc == ZL_OK) {
		snprintf(line, sizeof(line), "zone %.1100s: nothing to fix, serving it as loaded",
			 (*z)->origin_text);
	}
	if (rc == ZL_OK)
		log_line(NULL, SERVER_LOG_INFO, line);
	/* what fix cannot remove is served as it is: say so, as fix does */
	for (size_t i = 0; rc == ZL_OK && i < plan.left_count; i++) {
		const struct fix_left *left = &plan.left[i];
		snprintf(line, sizeof(line), "zone %.1100s: left as is: %.600s:%lu: %s: %.800s [%s]",
			 (*z)->origin_text, left->file, left->line, zl_severity_name(left->severity),
			 left->message, left->rule->id);
		log_line(NULL, SERVER_LOG_INFO, line);
		/* a record in an $INCLUDEd file: what zonelint fix says to do there */
		for (const char *a = left->by_hand; a != NULL && *a != '\0';) {
			size_t n = strcspn(a, "\n");
			snprintf(line, sizeof(line), "zone %.1100s: by hand: %.*s", (*z)->origin_text,
				 (int)(n < 1400 ? n : 1400), a);
			log_line(NULL, SERVER_LOG_INFO, line);
			a += n + (a[n] == '\n');
		}
	}
	fix_plan_free(&plan);
	return rc;
}

static int serve_load(const struct serve_args *a, struct zone_set *out, struct zl_error *err)
{
	zone_set_init(out);
	struct cmd_inputs in;
	int rc = cmd_inputs_collect(&in, a->paths, a->path_count, err);
	if (rc != ZL_OK)
		return rc;
	if (a->origin != NULL && in.count > 1) {
		rc = zl_error_set(err, ZL_EUSAGE, NULL, 0, "--origin applies to one zone file, %zu given",
				  in.count);
		cmd_inputs_free(&in);
		return rc;
	}
	struct config *cfg = NULL;
	if (a->fixed && cmd_load_config(a->config, in.paths[0], &cfg) != ZL_OK) {
		rc = zl_error_set(err, ZL_ECONFIG, NULL, 0, "the configuration did not load (errors above)");
		cmd_inputs_free(&in);
		return rc;
	}
	struct zone **zones;
	struct cmd_load how = {a->origin, NULL};
	rc = cmd_load_zones(&in, &how, &zones);
	if (rc != ZL_OK) {
		rc = zl_error_set(err, rc, NULL, 0, "zone files did not load (errors above)");
		config_free(cfg);
		cmd_inputs_free(&in);
		return rc;
	}
	for (size_t i = 0; i < in.count && rc == ZL_OK; i++) {
		if (a->fixed && zones[i]->soa != ZONE_NONE && zones[i]->rclass == ZC_IN)
			rc = serve_fix(&zones[i], cfg, err);
		if (rc != ZL_OK)
			break;
		struct zone *z = zones[i];
		zones[i] = NULL;
		if (z->soa == ZONE_NONE) {
			rc = zl_error_set(err, ZL_EPARSE, z->path, 0,
					  "zone %s has no SOA record: a server cannot answer for it",
					  z->origin_text);
			zone_free(z);
		} else if (z->rclass != ZC_IN) {
			rc = zl_error_set(err, ZL_EPARSE, z->path, 0,
					  "zone %s is not of class IN: only IN is served", z->origin_text);
			zone_free(z);
		} else {
			/* two files with the same origin: the message names both */
			rc = zone_set_add(out, z, err);
		}
	}
	cmd_zones_free(zones, in.count);
	config_free(cfg);
	cmd_inputs_free(&in);
	if (rc != ZL_OK)
		zone_set_free(out);
	return rc;
}

static int reload_zones(void *ctx, struct zone_set *out, struct zl_error *err)
{
	return serve_load(ctx, out, err);
}

static bool parse_count(const char *text, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v = strtoul(text, &end, 10);
	if (text[0] == '\0' || text[0] == '-' || *end != '\0' || v == 0 || v > max)
		return false;
	*out = v;
	return true;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option options[] = {
		{"origin", required_argument, NULL, 'o'},
		{"listen", required_argument, NULL, 'l'},
		{"allow-axfr", required_argument, NULL, 'a'},
		{"fixed", no_argument, NULL, 'f'},
		{"config", required_argument, NULL, 'c'},
		{"tcp-timeout", required_argument, NULL, 't'},
		{"tcp-max", required_argument, NULL, 'm'},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct serve_args args = {0};
	struct server_config cfg = {0};
	const char **listen = zl_calloc((size_t)argc + 1, sizeof(char *));
	const char **allow = zl_calloc((size_t)argc + 1, sizeof(char *));
	int status = EXIT_ERROR;
	unsigned long v;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'o': args.origin = optarg; break;
		case 'l': listen[cfg.listen_count++] = optarg; break;
		case 'a': allow[cfg.allow_axfr_count++] = optarg; break;
		case 'f': args.fixed = true; break;
		case 'c': args.config = optarg; break;
		case 'v': cfg.verbose = true; break;
		case 't':
			if (!parse_count(optarg, 86400, &v)) {
				cmd_error("serve: --tcp-timeout %s: expected seconds (1 to 86400)", optarg);
				goto out;
			}
			cfg.tcp_timeout_ms = (unsigned)v * 1000u;
			break;
		case 'm':
			if (!parse_count(optarg, 100000, &v)) {
				cmd_error("serve: --tcp-max %s: expected a number (1 to 100000)", optarg);
				goto out;
			}
			cfg.tcp_max = (unsigned)v;
			break;
		case 'h':
			fputs(usage, stdout);
			status = EXIT_CLEAN;
			goto out;
		default:
			status = cmd_usage_error("serve");
			goto out;
		}
	}
	if (optind >= argc) {
		cmd_error("serve: no zone file given");
		status = cmd_usage_error("serve");
		goto out;
	}
	args.paths = argv + optind;
	args.path_count = argc - optind;
	cfg.listen = listen;
	cfg.allow_axfr = allow;
	cfg.log = log_line;
	cfg.reload = reload_zones;
	cfg.reload_ctx = &args;

	struct zl_error err;
	zl_error_clear(&err);
	struct zone_set zones;
	if (serve_load(&args, &zones, &err) != ZL_OK) {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		cmd_error("serve: %s", msg);
		goto out;
	}
	struct server *server;
	if (server_open(&cfg, &server, &err) != ZL_OK) {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		cmd_error("serve: %s", msg);
		zone_set_free(&zones);
		goto out;
	}
	if (server_run(server, &zones, &err) == ZL_OK) {
		status = EXIT_CLEAN;
	} else {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		cmd_error("serve: %s", msg);
	}
	server_close(server);
	zone_set_free(&zones);
out:
	free(listen);
	free(allow);
	return status;
}
