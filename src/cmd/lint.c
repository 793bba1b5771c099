/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd/lint.c: "zonelint lint": load zone files and the configuration, run
 * the rules, report the findings, and exit 0 / 1 / 2. Many files are loaded
 * and linted by a thread a CPU (one file's mail domains by the CPUs the
 * files leave); every file's messages and findings are kept apart and
 * written in file order, so the output is the same as one thread's. */
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
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

/* What one file yields: its zone, its load messages (FILE:LINE lines, as
 * cmd_print_error writes them), and its findings or the error that
 * stopped its lint. */
struct lint_file {
	struct zone *zone;
	struct zl_buf messages;
	int load_rc;
	struct findings findings;
	int lint_rc;
	struct zl_error err;
};

/* The work shared by the threads: read-only but for next (the next file
 * to take) and each thread's own lint_file entries. */
struct lint_work {
	const struct lint_args *a;
	const struct cmd_inputs *in;
	const struct config *cfg;
	struct lint_file *files;
	struct zone_set all; /* the first zone of each origin, indexed */
	bool loading;        /* which phase the threads run */
	unsigned domain_threads; /* threads a file's lint runs its mail domains' checks in */
	atomic_size_t next;
};

static void keep_message(const struct zl_error *err, void *ctx)
{
	struct zl_buf *b = ctx;
	char line[2200];
	zl_error_format(err, line, sizeof(line));
	zl_buf_printf(b, "%s\n", line);
}

static void load_one(struct lint_work *w, size_t i)
{
	struct lint_file *f = &w->files[i];
	struct zone_load_options opt = {0};
	opt.origin = w->in->count == 1 ? w->a->origin : NULL;
	opt.on_error = keep_message;
	opt.ctx = &f->messages;
	struct zl_error err;
	zl_error_clear(&err);
	f->load_rc = zone_load_file(w->in->paths[i], &opt, &f->zone, &err);
}

static void lint_one(struct lint_work *w, size_t i)
{
	struct lint_file *f = &w->files[i];
	/* this file's view: every loaded origin, its own zone for its own */
	struct zone_set view = w->all;
	view.primary = f->zone;
	struct cert_view *certs = NULL;
	zl_error_clear(&f->err);
	if (cert_view_new(w->cfg, &view, w->a->probe, w->a->probe_port, &certs, &f->err) != ZL_OK) {
		f->lint_rc = EXIT_ERROR;
	} else {
		struct lint_options lo = {w->cfg, certs, NULL};
		if (lint_zone_threads(f->zone, &view, &lo, w->domain_threads, &f->findings,
				      &f->err) != ZL_OK)
			f->lint_rc = EXIT_ERROR;
	}
	cert_view_free(certs);
}

static void *worker(void *arg)
{
	struct lint_work *w = arg;
	for (;;) {
		size_t i = atomic_fetch_add(&w->next, 1);
		if (i >= w->in->count)
			return NULL;
		if (w->loading)
			load_one(w, i);
		else
			lint_one(w, i);
	}
}

/* Runs the phase over every file with up to threads threads (this one
 * included). */
static void run_phase(struct lint_work *w, bool loading, size_t threads)
{
	w->loading = loading;
	atomic_store(&w->next, 0);
	pthread_t tid[16];
	size_t started = 0;
	for (size_t t = 1; t < threads && t < 16; t++)
		if (zl_thread_start(&tid[started], worker, w) == 0)
			started++;
	worker(w);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
}

/* A thread a CPU this process may run on (taskset and cpusets count). */
static size_t thread_count(size_t files)
{
	size_t n = zl_cpu_count();
	if (n > 16)
		n = 16;
	return files < n ? files : n;
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

	struct lint_work w;
	memset(&w, 0, sizeof(w));
	w.a = &a;
	w.in = &in;
	w.cfg = cfg;
	w.files = zl_calloc(in.count, sizeof(*w.files));
	for (size_t i = 0; i < in.count; i++) {
		zl_buf_init(&w.files[i].messages);
		findings_init(&w.files[i].findings);
	}
	zone_set_init(&w.all);
	size_t threads = thread_count(in.count);
	/* fewer files than CPUs (one zone, usually): the CPUs left over check
	 * a file's mail domains */
	w.domain_threads = (unsigned)(thread_count(SIZE_MAX) / threads);

	/* every zone is loaded before any is linted: each file's lookups see
	 * the other files' zones */
	run_phase(&w, true, threads);
	rc = EXIT_CLEAN;
	for (size_t i = 0; i < in.count; i++) {
		fputs(w.files[i].messages.data != NULL ? w.files[i].messages.data : "", stderr);
		if (w.files[i].load_rc != ZL_OK)
			rc = EXIT_ERROR;
	}

	struct findings findings;
	findings_init(&findings);
	if (rc == EXIT_CLEAN) {
		/* the first zone of each origin (two files of one origin never
		 * see each other: each sees itself, see zone_set.primary) */
		w.all.zones = zl_malloc(in.count * sizeof(struct zone *));
		w.all.cap = in.count;
		for (size_t i = 0; i < in.count; i++)
			w.all.zones[w.all.count++] = w.files[i].zone;
		zone_set_index(&w.all);
		size_t firsts = 0;
		for (size_t slot = 0; slot <= w.all.index_mask; slot++)
			firsts += w.all.index[slot] != 0;
		if (firsts < w.all.count) {
			/* keep the indexed (first) zone of each origin only */
			struct zone **keep = zl_calloc(in.count, sizeof(struct zone *));
			for (size_t slot = 0; slot <= w.all.index_mask; slot++)
				if (w.all.index[slot] != 0)
					keep[w.all.index[slot] - 1] = w.all.zones[w.all.index[slot] - 1];
			w.all.count = 0;
			for (size_t i = 0; i < in.count; i++)
				if (keep[i] != NULL)
					w.all.zones[w.all.count++] = keep[i];
			free(keep);
			zone_set_index(&w.all);
		}
		if (w.all.count <= 8) {
			/* a few origins compare faster than they hash */
			free(w.all.index);
			w.all.index = NULL;
		}
		run_phase(&w, false, threads);
		/* in file order, as one thread would: the first error stops */
		for (size_t i = 0; i < in.count && rc == EXIT_CLEAN; i++) {
			struct lint_file *f = &w.files[i];
			if (f->lint_rc != EXIT_CLEAN) {
				cmd_print_error(&f->err);
				rc = EXIT_ERROR;
				break;
			}
			/* the first file's findings are taken, the next ones
			 * appended (each file's array freed once copied) */
			findings_move(&findings, &f->findings);
		}
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
	for (size_t i = 0; i < in.count; i++) {
		findings_free(&w.files[i].findings);
		zl_buf_free(&w.files[i].messages);
		zone_free(w.files[i].zone);
	}
	free(w.files);
	free(w.all.zones);
	free(w.all.index);
	config_free(cfg);
	cmd_inputs_free(&in);
	return rc;
}
