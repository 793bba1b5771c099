/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd/explain.c: "zonelint explain DOMAIN FILE...": what Outlook does for a
 * user @DOMAIN, step by step (MS-OXDISCO 3.1.5 in Outlook 2016's order),
 * from the same simulation the rules use, then the findings and the fix. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "report/report.h"

static const char usage[] =
	"Usage: zonelint explain [OPTION]... DOMAIN FILE|DIR...\n"
	"Show what Outlook does for a user @DOMAIN, step by step: https://DOMAIN/,\n"
	"https://autodiscover.DOMAIN/, the HTTP redirect and the _autodiscover._tcp SRV\n"
	"record, with the DNS answer, the address, the certificate and the outcome of\n"
	"each, then the findings for DOMAIN and the records that fix them.\n"
	"\n"
	"  --origin NAME        zone origin (one file only)\n"
	"  --config FILE        configuration (as for lint)\n"
	"  -w, --include-dir DIR  relative $INCLUDE file names from DIR (as for lint)\n"
	"  --format FORMAT      text (default) or json\n"
	"  --probe              read certificates from the hosts over TLS\n"
	"  --probe-port PORT    port for --probe\n"
	"  -h, --help           this help\n"
	"\n"
	"Exit status: 0 when Outlook gets its settings without a certificate warning,\n"
	"1 when it does not, 2 on error.\n";

static const char *outcome_text(enum discovery_outcome o)
{
	switch (o) {
	case OUTCOME_WORKS: return "works";
	case OUTCOME_CERT_WARNING: return "certificate warning";
	case OUTCOME_SKIPPED: return "skipped";
	case OUTCOME_UNKNOWN: return "unknown";
	case OUTCOME_NOT_TRIED: return "not tried";
	}
	return "?";
}

static void where(const struct discovery_step *st, char *out, size_t size)
{
	out[0] = '\0';
	uint32_t rr = st->via_wildcard ? st->wildcard_rr : st->first_rr;
	if (st->zone != NULL && rr != ZONE_NONE)
		snprintf(out, size, " (%s:%u)", zone_rr_file(st->zone, &st->zone->rrs[rr]),
			 st->zone->rrs[rr].line);
}

static void print_tls(FILE *out, const struct discovery_step *st)
{
	for (size_t i = 0; i < st->addr_count; i++) {
		const struct discovery_addr *a = &st->addrs[i];
		if (a->cert == NULL) {
			fprintf(out, "     TLS   %s: certificate unknown (add it under certificates: in %s, "
				     "or use --probe)\n",
				a->address, CONFIG_FILE_NAME);
			continue;
		}
		char names[800];
		cert_names_text(a->cert, names, sizeof(names));
		fprintf(out, "     TLS   %s%s presents %s%s (%s): %s %s\n", a->address,
			a->by_name ? " (a host under certificates:, no address in the zones)" : "", names,
			a->cert->from_cn ? " [subject CN, no SAN]" : "", a->cert->source,
			a->covers ? "covers" : "does NOT cover", st->host);
	}
}

static void print_step(FILE *out, const struct discovery *d, const struct discovery_step *st,
		       bool reached)
{
	char loc[1200];
	where(st, loc, sizeof(loc));
	fprintf(out, "%d. %s\n", st->number, st->url);
	fprintf(out, "     DNS   %s%s%s\n", st->chain, st->via_wildcard ? " [wildcard]" : "", loc);
	if (st->number != 3)
		print_tls(out, st);
	if (st->number == 4 && d->srv_count > 0) {
		/* the target the client takes (RFC 2782 order), then the others */
		const struct discovery_step *t = &d->srv[0].reach;
		where(t, loc, sizeof(loc));
		fprintf(out, "     DNS   %s%s%s\n", t->chain, t->via_wildcard ? " [wildcard]" : "", loc);
		print_tls(out, t);
		for (size_t i = 1; i < d->srv_count; i++)
			fprintf(out, "     also  SRV %u %u %u %s: %s\n", d->srv[i].priority, d->srv[i].weight,
				d->srv[i].port, d->srv[i].target, outcome_text(d->srv[i].reach.outcome));
	}
	fprintf(out, "     then  %s: %s%s\n", outcome_text(st->outcome), st->note,
		reached ? "" : " (not reached: an earlier step decided)");
}

static void json_step(struct zl_buf *b, const struct discovery *d, const struct discovery_step *st)
{
	zl_buf_printf(b, "{\"step\": %d, \"url\": ", st->number);
	report_json_string(b, st->url);
	zl_buf_puts(b, ", \"host\": ");
	report_json_string(b, st->host);
	zl_buf_puts(b, ", \"dns\": ");
	report_json_string(b, st->chain);
	zl_buf_printf(b, ", \"wildcard\": %s, \"addresses\": [", st->via_wildcard ? "true" : "false");
	for (size_t i = 0; i < st->addr_count; i++) {
		const struct discovery_addr *a = &st->addrs[i];
		zl_buf_printf(b, "%s{\"address\": ", i ? ", " : "");
		report_json_string(b, a->address);
		zl_buf_printf(b, ", \"by_name\": %s", a->by_name ? "true" : "false");
		if (a->cert != NULL && st->number != 3) {
			zl_buf_puts(b, ", \"certificate\": {\"names\": [");
			for (size_t k = 0; k < a->cert->name_count; k++) {
				if (k)
					zl_buf_puts(b, ", ");
				report_json_string(b, a->cert->names[k]);
			}
			zl_buf_puts(b, "], \"source\": ");
			report_json_string(b, a->cert->source);
			zl_buf_printf(b, "}, \"covers\": %s", a->covers ? "true" : "false");
		} else {
			zl_buf_puts(b, ", \"certificate\": null");
		}
		zl_buf_putc(b, '}');
	}
	zl_buf_puts(b, "], \"outcome\": ");
	report_json_string(b, outcome_text(st->outcome));
	zl_buf_puts(b, ", \"note\": ");
	report_json_string(b, st->note);
	zl_buf_printf(b, ", \"reached\": %s}",
		      d->decided_by == 0 || st->number <= d->decided_by ? "true" : "false");
}

struct explain_args {
	const char *origin, *config, *include_dir;
	bool json, probe;
	unsigned probe_port;
};

static int parse_args(int argc, char **argv, struct explain_args *a)
{
	static const struct option options[] = {
		{"origin", required_argument, NULL, 'o'}, {"config", required_argument, NULL, 'c'},
		{"format", required_argument, NULL, 'f'}, {"probe", no_argument, NULL, 'p'},
		{"probe-port", required_argument, NULL, 'P'}, {"help", no_argument, NULL, 'h'},
		{"include-dir", required_argument, NULL, 'w'}, {NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof(*a));
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "hw:", options, NULL)) != -1) {
		switch (opt) {
		case 'o': a->origin = optarg; break;
		case 'c': a->config = optarg; break;
		case 'w': a->include_dir = optarg; break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				a->json = true;
			else if (strcmp(optarg, "text") != 0) {
				cmd_error("explain: --format must be text or json, not '%s'", optarg);
				return cmd_usage_error("explain");
			}
			break;
		case 'p': a->probe = true; break;
		case 'P': {
			char *end;
			long port = strtol(optarg, &end, 10);
			if (*end != '\0' || port < 1 || port > 65535) {
				cmd_error("explain: --probe-port must be a port number, not '%s'", optarg);
				return cmd_usage_error("explain");
			}
			a->probe_port = (unsigned)port;
			break;
		}
		case 'h': fputs(usage, stdout); return -1;
		default: return cmd_usage_error("explain");
		}
	}
	if (argc - optind < 2) {
		cmd_error("explain: a domain and at least one zone file are needed");
		return cmd_usage_error("explain");
	}
	/* explain zones/ example.net: the domain comes first */
	struct stat st;
	const char *last = argv[argc - 1];
	uint8_t wire[ZONE_NAME_MAX];
	if (stat(argv[optind], &st) == 0 && stat(last, &st) != 0 && errno == ENOENT &&
	    zone_name_from_text(last, NULL, wire, NULL) == ZL_OK) {
		cmd_error("explain: '%s' is a zone file or directory and '%s' is none: the domain "
			  "comes first: zonelint explain %s %s",
			  argv[optind], last, last, argv[optind]);
		return cmd_usage_error("explain");
	}
	return EXIT_CLEAN;
}

/* The findings about domain: those the rules made for it as a mail domain,
 * and other mail-discovery findings on names at or below it. */
static bool about(const struct finding *f, const uint8_t *domain)
{
	static const char *const families[] = {"autodiscover-", "mail-srv-", "autoconfig-",
					       "mta-sts-", "tls-rpt-", "dav-srv-"};
	uint8_t name[ZONE_NAME_MAX];
	if (f->domain != NULL)
		return zone_name_from_text(f->domain, NULL, name, NULL) == ZL_OK &&
		       zone_name_equal(name, domain);
	bool mail = false;
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]) && !mail; i++)
		mail = strncmp(f->rule->id, families[i], strlen(families[i])) == 0;
	return mail && zone_name_from_text(f->owner, NULL, name, NULL) == ZL_OK &&
	       zone_name_is_below(name, domain);
}

static void write_json(FILE *out, const struct discovery *d, const struct findings *mine,
		       bool listed, struct zone *const *zones, size_t zone_count)
{
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_puts(&b, "{\n  \"zonelint\": ");
	report_json_string(&b, PACKAGE_VERSION);
	zl_buf_puts(&b, ",\n  \"domain\": ");
	report_json_string(&b, d->domain);
	zl_buf_printf(&b, ",\n  \"mail_domain\": %s,\n  \"decided_by\": %d,\n  \"steps\": [",
		      listed ? "true" : "false", d->decided_by);
	for (int i = 0; i < 4; i++) {
		zl_buf_puts(&b, i ? ",\n    " : "\n    ");
		json_step(&b, d, &d->step[i]);
	}
	zl_buf_puts(&b, "\n  ],\n  \"srv\": [");
	for (size_t i = 0; i < d->srv_count; i++) {
		zl_buf_printf(&b, "%s{\"priority\": %u, \"weight\": %u, \"port\": %u, \"target\": ",
			      i ? ",\n    " : "\n    ", d->srv[i].priority, d->srv[i].weight,
			      d->srv[i].port);
		report_json_string(&b, d->srv[i].target);
		zl_buf_puts(&b, ", \"reach\": ");
		json_step(&b, d, &d->srv[i].reach);
		zl_buf_putc(&b, '}');
	}
	zl_buf_puts(&b, d->srv_count ? "\n  ],\n  \"findings\": [" : "],\n  \"findings\": [");
	/* each finding exactly as lint --format json writes it */
	for (size_t i = 0; i < mine->count; i++) {
		zl_buf_puts(&b, i ? ",\n    " : "\n    ");
		report_json_finding(&b, &mine->v[i], "    ");
	}
	zl_buf_puts(&b, mine->count ? "\n  ],\n  \"zones\": [" : "],\n  \"zones\": [");
	/* the zones loaded, each with its file */
	for (size_t i = 0; i < zone_count; i++) {
		zl_buf_puts(&b, i ? ",\n    {\"origin\": " : "\n    {\"origin\": ");
		report_json_string(&b, zones[i]->origin_text);
		zl_buf_puts(&b, ", \"file\": ");
		report_json_string(&b, zones[i]->path);
		zl_buf_putc(&b, '}');
	}
	zl_buf_puts(&b, zone_count ? "\n  ]\n}\n" : "]\n}\n");
	fwrite(b.data, 1, b.len, out);
	zl_buf_free(&b);
}

int cmd_explain(int argc, char **argv)
{
	struct explain_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc != EXIT_CLEAN)
		return rc < 0 ? EXIT_CLEAN : rc;
	uint8_t domain[ZONE_NAME_MAX];
	struct zl_error err;
	zl_error_clear(&err);
	if (zone_name_from_text(argv[optind], NULL, domain, &err) != ZL_OK) {
		cmd_error("explain: %s", err.message);
		return EXIT_ERROR;
	}
	struct cmd_inputs in;
	if (cmd_inputs_collect(&in, argv + optind + 1, argc - optind - 1, &err) != ZL_OK) {
		cmd_print_error(&err);
		return EXIT_ERROR;
	}
	if (a.origin != NULL && in.count > 1) {
		cmd_error("explain: --origin applies to one zone file, %zu given", in.count);
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}
	struct config *cfg = NULL;
	struct zone **zones = NULL;
	struct cmd_load how = {a.origin, a.include_dir};
	if (cmd_load_config(a.config, in.paths[0], &cfg) != ZL_OK ||
	    cmd_load_zones(&in, &how, &zones) != ZL_OK) {
		config_free(cfg);
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}
	/* the zone that holds the domain (the deepest origin above it) */
	size_t holder = in.count;
	for (size_t i = 0; i < in.count; i++)
		if (zone_name_is_below(domain, zones[i]->origin) &&
		    (holder == in.count || zones[i]->origin_len > zones[holder]->origin_len))
			holder = i;
	if (holder == in.count) {
		cmd_error("explain: %s is in none of the zones given", argv[optind]);
		cmd_zones_free(zones, in.count);
		config_free(cfg);
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}
	struct zone_set view;
	cmd_zone_view(zones, in.count, holder, &view);
	struct cert_view *certs = NULL;
	if (cert_view_new(cfg, &view, a.probe, a.probe_port, &certs, &err) != ZL_OK) {
		cmd_print_error(&err);
		free(view.zones);
		cmd_zones_free(zones, in.count);
		config_free(cfg);
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}
	/* one simulation: the rules judge it and this command shows it */
	struct discovery *d = zl_malloc_populated(sizeof(*d));
	discovery_init(d);
	struct findings all;
	findings_init(&all);
	struct lint_options lo = {cfg, certs, NULL};
	lint_zone_explain(zones[holder], &view, &lo, domain, d, &all, &err);
	bool listed = lint_is_mail_domain(zones[holder], cfg, domain);
	/* the findings about this domain (they stay owned by all) */
	struct findings mine;
	findings_init(&mine);
	for (size_t i = 0; i < all.count; i++)
		if (about(&all.v[i], domain)) {
			mine.v = zl_grow(mine.v, &mine.cap, mine.count + 1, sizeof(*mine.v));
			mine.v[mine.count++] = all.v[i];
		}

	FILE *out = stdout;
	if (a.json) {
		write_json(out, d, &mine, listed, zones, in.count);
	} else {
		fputs("Zones loaded:", out);
		for (size_t i = 0; i < in.count; i++)
			fprintf(out, "%s %s (%s)", i ? "," : "", zones[i]->origin_text, zones[i]->path);
		fputs("\n\n", out);
		fprintf(out, "Outlook, for a user @%s (Autodiscover, MS-OXDISCO 3.1.5; the order of Outlook 2016):\n\n",
			d->domain);
		for (int i = 0; i < 4; i++)
			print_step(out, d, &d->step[i], d->decided_by == 0 || i + 1 <= d->decided_by);
		fputc('\n', out);
		if (d->decided_by == 0)
			fprintf(out, "Result: no step gives Outlook its settings for certain.\n");
		else if (d->step[d->decided_by - 1].outcome == OUTCOME_WORKS)
			fprintf(out, "Result: Outlook gets its settings at step %d without a certificate warning.\n",
				d->decided_by);
		else
			fprintf(out, "Result: Outlook shows a certificate warning at step %d, at every start.\n",
				d->decided_by);
		if (mine.count > 0) {
			fputs("\nFindings:\n", out);
			struct report_options ro = {
				.format = REPORT_TEXT,
				.color = isatty(STDOUT_FILENO) != 0 && getenv("NO_COLOR") == NULL,
				.version = PACKAGE_VERSION};
			report_write(out, &mine, &ro, &err);
			if (listed)
				fprintf(out, "\nTo apply the fixes: zonelint fix --diff %s\n",
					zones[holder]->path);
			else
				fprintf(out,
					"\n%s is not a mail domain to lint and fix (%s): add it under "
					"mail: domains: in %s to have zonelint fix write these records, or "
					"add them by hand.\n",
					d->domain,
					cfg != NULL && cfg->has_mail_domains
						? "mail: domains: does not list it"
						: "it has no MX record",
					CONFIG_FILE_NAME);
		}
	}
	free(mine.v);
	rc = d->decided_by != 0 && d->step[d->decided_by - 1].outcome == OUTCOME_WORKS ? EXIT_CLEAN
											 : EXIT_FINDINGS;
	findings_free(&all);
	discovery_free(d);
	free(d);
	cert_view_free(certs);
	free(view.zones);
	cmd_zones_free(zones, in.count);
	config_free(cfg);
	cmd_inputs_free(&in);
	return rc;
}
