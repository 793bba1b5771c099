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
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "report/report.h"

static const char usage[] =
	"Usage: zonelint lint [OPTION]... FILE|DIR|-...\n"
	"Check BIND zone files: mail-client discovery (Autodiscover, RFC 6186 SRV,\n"
	"MTA-STS, autoconfig) and zone integrity as named-checkzone checks it.\n"
	"A directory means its zone files (*.zone, db.*, *.db) and those of its\n"
	"subdirectories; - means standard input. A zone file that cannot be read\n"
	"or parsed is reported (rule syntax) and the others are linted.\n"
	"\n"
	"  --origin NAME         zone origin (one file only); default: $ORIGIN/SOA, else the file name\n"
	"  --config FILE         configuration; default: ./.zonelint.yaml, else .zonelint.yaml\n"
	"                        next to the first zone file or in a directory above it\n"
	"  --format FORMAT       text (default), json, sarif or github\n"
	"  --min-severity LEVEL  lowest severity that makes the exit status 1:\n"
	"                        error, warning (default) or note\n"
	"  -w, --include-dir DIR read relative $INCLUDE file names from DIR, as named reads\n"
	"                        them from its directory (named-checkzone -w DIR); default:\n"
	"                        the directory of the including file\n"
	"  --previous REV        compare each zone with its version in git revision REV\n"
	"                        (serial-not-increased); the files it includes too\n"
	"  --changed FILE        lint only the zones that are FILE or include it, to any\n"
	"                        depth (repeatable; for hooks: the staged files)\n"
	"  --probe               read certificates from the hosts over TLS instead of the\n"
	"                        configuration (connects to port 443 of each address)\n"
	"  --probe-port PORT     port for --probe\n"
	"  --list-rules          list the rules: id, default severity, what it finds\n"
	"  -h, --help            this help\n"
	"\n"
	"Silence a rule for one record with a comment on its line or the line before:\n"
	"  ; zonelint: ignore RULE-ID\n"
	"\n"
	"Exit status: 0 no finding at or above --min-severity, 1 findings, 2 an input\n"
	"that cannot be read or parsed, or an error.\n";

struct lint_args {
	const char *origin;
	const char *config;
	enum report_format format;
	enum zl_severity min;
	bool probe;
	unsigned probe_port;
	const char *include_dir;
	const char *previous;
	char **changed; /* --changed, changed_count of them (argv's strings) */
	size_t changed_count;
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
		{"include-dir", required_argument, NULL, 'w'},
		{"previous", required_argument, NULL, 'R'},
		{"changed", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	memset(a, 0, sizeof(*a));
	a->format = REPORT_TEXT;
	a->min = ZL_SEV_WARNING;
	a->changed = zl_calloc((size_t)argc + 1, sizeof(char *));
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "hw:", options, NULL)) != -1) {
		switch (opt) {
		case 'o': a->origin = optarg; break;
		case 'c': a->config = optarg; break;
		case 'w': a->include_dir = optarg; break;
		case 'R': a->previous = optarg; break;
		case 'C': a->changed[a->changed_count++] = optarg; break;
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
	struct stat st;
	if (a->include_dir != NULL && (stat(a->include_dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
		cmd_error("lint: --include-dir %s: not a directory", a->include_dir);
		return cmd_usage_error("lint");
	}
	return EXIT_CLEAN;
}

/* What one file yields: its zone, its load messages (errors and notes as
 * FILE:LINE lines, in the order they came), the errors alone (they become
 * findings of the rule syntax), its previous version's digest, and its
 * findings or the error that stopped its lint. */
struct lint_file {
	struct zone *zone;
	struct zl_buf messages;
	struct zl_error *errors;
	size_t error_count;
	int load_rc;
	bool skip;  /* found in a directory and $INCLUDEd by another zone: no zone of its own */
	bool check; /* to lint (all, or those --changed names) */
	bool has_previous;
	struct lint_previous previous;
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

static void keep_note(const struct zl_error *err, void *ctx)
{
	struct lint_file *f = ctx;
	char line[2200];
	zl_error_format(err, line, sizeof(line));
	zl_buf_printf(&f->messages, "%s\n", line);
}

static void keep_error(const struct zl_error *err, void *ctx)
{
	struct lint_file *f = ctx;
	keep_note(err, ctx);
	f->errors = zl_realloc(f->errors, (f->error_count + 1) * sizeof(*f->errors));
	f->errors[f->error_count++] = *err;
}

static void load_one(struct lint_work *w, size_t i)
{
	struct lint_file *f = &w->files[i];
	struct zone_load_options opt = {0};
	opt.origin = w->in->count == 1 ? w->a->origin : NULL;
	opt.include_dir = w->a->include_dir;
	opt.on_error = keep_error;
	opt.on_note = keep_note;
	opt.ctx = f;
	struct zl_error err;
	zl_error_clear(&err);
	f->load_rc = cmd_load_zone(w->in->paths[i], &opt, &f->zone, &err);
}

static void lint_one(struct lint_work *w, size_t i)
{
	struct lint_file *f = &w->files[i];
	if (f->zone == NULL || !f->check)
		return;
	/* this file's view: every loaded origin, its own zone for its own */
	struct zone_set view = w->all;
	view.primary = f->zone;
	struct cert_view *certs = NULL;
	zl_error_clear(&f->err);
	if (cert_view_new(w->cfg, &view, w->a->probe, w->a->probe_port, &certs, &f->err) != ZL_OK) {
		f->lint_rc = EXIT_ERROR;
	} else {
		struct lint_options lo = {w->cfg, certs, f->has_previous ? &f->previous : NULL};
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

/* A name for a file that two spellings of it share: its real path when
 * it exists, else the path made absolute without "." and ".." (a file a
 * commit deletes). The caller frees it. */
static char *file_key(const char *path)
{
	char *real = realpath(path, NULL);
	return real != NULL ? real : cmd_path_absolute(path);
}

/* A sorted list of file keys, searched by bsearch. */
struct key_list {
	char **v;
	size_t count, cap;
};

static void keys_add(struct key_list *k, const char *path)
{
	k->v = zl_grow(k->v, &k->cap, k->count + 1, sizeof(char *));
	k->v[k->count++] = file_key(path);
}

static int compare_keys(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool keys_have(const struct key_list *k, const char *key)
{
	return k->count > 0 && bsearch(&key, k->v, k->count, sizeof(char *), compare_keys) != NULL;
}

static void keys_free(struct key_list *k)
{
	for (size_t i = 0; i < k->count; i++)
		free(k->v[i]);
	free(k->v);
}

/* A zone file found in a directory that another zone $INCLUDEs is part of
 * that zone, not a zone of its own: it is not linted alone (its errors
 * alone, such as a missing TTL, would be none of the zone's). */
static void skip_included(struct lint_work *w)
{
	struct key_list included = {0};
	for (size_t i = 0; i < w->in->count; i++) {
		const struct zone *z = w->files[i].zone;
		for (size_t k = 1; z != NULL && k < zone_file_count(z); k++)
			keys_add(&included, zone_file_name(z, k));
	}
	if (included.count > 1)
		qsort(included.v, included.count, sizeof(char *), compare_keys);
	for (size_t i = 0; i < w->in->count && included.count > 0; i++) {
		if (!w->in->found[i])
			continue;
		char *key = file_key(w->in->paths[i]);
		w->files[i].skip = keys_have(&included, key);
		free(key);
	}
	keys_free(&included);
}

/* --changed: the zones to lint are those that are one of the files or
 * $INCLUDE one (to any depth); all of them when a configuration file
 * changed. A zone that did not load is reported whatever changed: which
 * files it includes is not known. */
static void choose_changed(struct lint_work *w)
{
	const struct lint_args *a = w->a;
	struct key_list changed = {0};
	bool all = a->changed_count == 0;
	for (size_t i = 0; i < a->changed_count; i++) {
		const char *base = strrchr(a->changed[i], '/');
		base = base != NULL ? base + 1 : a->changed[i];
		if (strcmp(base, CONFIG_FILE_NAME) == 0)
			all = true;
		keys_add(&changed, a->changed[i]);
	}
	if (changed.count > 1)
		qsort(changed.v, changed.count, sizeof(char *), compare_keys);
	for (size_t i = 0; i < w->in->count; i++) {
		struct lint_file *f = &w->files[i];
		f->check = !f->skip && (all || f->zone == NULL);
		for (size_t k = 0; !f->check && !f->skip && k < zone_file_count(f->zone); k++) {
			char *key = file_key(zone_file_name(f->zone, k));
			f->check = keys_have(&changed, key);
			free(key);
		}
	}
	keys_free(&changed);
}

/* --previous: the version of f's zone (and of the files it includes) in
 * the revision. None for a zone the revision does not have (new), and a
 * note when that version does not load. */
static void find_previous(struct lint_work *w, struct cmd_git *g, size_t i)
{
	struct lint_file *f = &w->files[i];
	const char *path = w->in->paths[i];
	if (f->zone == NULL || !f->check || f->zone->soa == ZONE_NONE || strcmp(path, "-") == 0)
		return;
	struct cmd_load how = {w->in->count == 1 ? w->a->origin : NULL, w->a->include_dir};
	struct zl_error err;
	zl_error_clear(&err);
	int rc = cmd_zone_previous(g, w->a->previous, path, &how, &f->previous, &f->has_previous,
				   &err);
	if (rc != ZL_OK) {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "%s: note: its version in %s cannot be read (%s): serial-not-increased "
			"is not checked\n", path, w->a->previous, msg);
	}
}

/* A finding of the rule syntax (a file that cannot be read or parsed) from
 * a load error, kept by out. */
static void add_syntax(struct findings *out, const struct zl_error *e, const char *path)
{
	out->v = zl_grow(out->v, &out->cap, out->count + 1, sizeof(*out->v));
	struct finding *f = &out->v[out->count++];
	memset(f, 0, sizeof(*f));
	f->rule = rules_find("syntax");
	f->severity = ZL_SEV_ERROR;
	f->file = findings_text(out, e->file[0] != '\0' ? e->file : path);
	f->line = e->line != 0 ? (uint32_t)e->line : 1;
	f->rr = ZONE_NONE;
	f->owner = findings_text(out, "");
	f->message = findings_text(out, e->message[0] != '\0' ? e->message : "cannot load zone");
}

/* Loads the zones, drops what is no zone of its own, chooses what to lint,
 * and indexes the origins of the zones that loaded (every file's lookups
 * see the other files' zones). */
static void load_all(struct lint_work *w, size_t threads)
{
	run_phase(w, true, threads);
	skip_included(w);
	choose_changed(w);
	size_t count = w->in->count;
	/* the first zone of each origin (two files of one origin never see
	 * each other: each sees itself, see zone_set.primary) */
	w->all.zones = zl_malloc((count ? count : 1) * sizeof(struct zone *));
	w->all.cap = count;
	for (size_t i = 0; i < count; i++)
		if (w->files[i].zone != NULL && !w->files[i].skip)
			w->all.zones[w->all.count++] = w->files[i].zone;
	zone_set_index(&w->all);
	size_t firsts = 0;
	for (size_t slot = 0; slot <= w->all.index_mask; slot++)
		firsts += w->all.index[slot] != 0;
	if (firsts < w->all.count) {
		/* keep the indexed (first) zone of each origin only */
		size_t n = w->all.count;
		struct zone **keep = zl_calloc(n ? n : 1, sizeof(struct zone *));
		for (size_t slot = 0; slot <= w->all.index_mask; slot++)
			if (w->all.index[slot] != 0)
				keep[w->all.index[slot] - 1] = w->all.zones[w->all.index[slot] - 1];
		w->all.count = 0;
		for (size_t i = 0; i < n; i++)
			if (keep[i] != NULL)
				w->all.zones[w->all.count++] = keep[i];
		free(keep);
		zone_set_index(&w->all);
	}
	if (w->all.count <= 8) {
		/* a few origins compare faster than they hash */
		free(w->all.index);
		w->all.index = NULL;
	}
}

/* The file to find the configuration near: the first zone to lint. */
static const char *config_near(const struct lint_work *w, char **args)
{
	for (size_t i = 0; i < w->in->count; i++)
		if (w->files[i].check && strcmp(w->in->paths[i], "-") != 0)
			return w->in->paths[i];
	return w->in->count > 0 ? w->in->paths[0] : args[0];
}

static int write_report(const struct lint_args *a, const struct findings *findings,
			const struct config *cfg, bool loaded_all)
{
	struct report_options ro;
	memset(&ro, 0, sizeof(ro));
	ro.format = a->format;
	ro.color = a->format == REPORT_TEXT && isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	ro.version = PACKAGE_VERSION;
	ro.config = cfg != NULL && cfg->path != NULL && cfg->path[0] != '\0' ? cfg->path : NULL;
	ro.incomplete = !loaded_all;
	struct zl_error err;
	zl_error_clear(&err);
	if (report_write(stdout, findings, &ro, &err) != ZL_OK || fflush(stdout) != 0) {
		cmd_error("lint: cannot write the report: %s", err.message);
		return EXIT_ERROR;
	}
	char summary[256];
	char with[1100] = "";
	if (ro.config != NULL)
		snprintf(with, sizeof(with), "; configuration %.1000s", ro.config);
	if (a->format == REPORT_TEXT && findings->count > 0) {
		report_summary(findings, summary, sizeof(summary));
		fprintf(stderr, "%s%s\n", summary, with);
	} else if (a->format == REPORT_TEXT && findings->files > 0 && isatty(STDERR_FILENO)) {
		/* on a terminal, a clean run says so, as other linters do */
		fprintf(stderr, "%zu file%s, %zu record%s, no findings%s\n", findings->files,
			findings->files == 1 ? "" : "s", findings->records,
			findings->records == 1 ? "" : "s", with);
	}
	int rc = EXIT_CLEAN;
	for (size_t i = 0; i < findings->count; i++)
		if (findings->v[i].severity >= a->min)
			rc = EXIT_FINDINGS;
	return rc;
}

int cmd_lint(int argc, char **argv)
{
	struct lint_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc != EXIT_CLEAN) {
		free(a.changed);
		return rc < 0 ? EXIT_CLEAN : rc;
	}
	struct cmd_inputs in;
	struct zl_error err;
	zl_error_clear(&err);
	/* inputs that cannot be read are reported (rule syntax); the others
	 * are linted */
	cmd_inputs_collect(&in, argv + optind, argc - optind, &err);
	if (a.origin != NULL && in.count + in.error_count > 1) {
		cmd_error("lint: --origin applies to one zone file, %zu given", in.count + in.error_count);
		cmd_inputs_free(&in);
		free(a.changed);
		return EXIT_ERROR;
	}
	struct cmd_git *git = NULL;
	if (a.previous != NULL && cmd_git_open(a.previous, &git, &err) != ZL_OK) {
		cmd_error("lint: %s", err.message);
		cmd_inputs_free(&in);
		free(a.changed);
		return EXIT_ERROR;
	}

	struct lint_work w;
	memset(&w, 0, sizeof(w));
	w.a = &a;
	w.in = &in;
	w.files = zl_calloc(in.count ? in.count : 1, sizeof(*w.files));
	for (size_t i = 0; i < in.count; i++) {
		zl_buf_init(&w.files[i].messages);
		findings_init(&w.files[i].findings);
	}
	zone_set_init(&w.all);
	size_t threads = thread_count(in.count ? in.count : 1);
	/* fewer files than CPUs (one zone, usually): the CPUs left over check
	 * a file's mail domains */
	w.domain_threads = (unsigned)(thread_count(SIZE_MAX) / threads);

	/* every zone is loaded before any is linted: each file's lookups see
	 * the other files' zones */
	load_all(&w, threads);
	bool loaded_all = in.error_count == 0;
	for (size_t i = 0; i < in.error_count; i++)
		cmd_print_error(&in.errors[i]);
	for (size_t i = 0; i < in.count; i++) {
		struct lint_file *f = &w.files[i];
		if (f->skip)
			continue;
		fputs(f->messages.data != NULL ? f->messages.data : "", stderr);
		if (f->load_rc != ZL_OK) {
			loaded_all = false;
			f->findings.files++;
			for (size_t k = 0; k < f->error_count; k++)
				add_syntax(&f->findings, &f->errors[k], in.paths[i]);
			if (f->error_count == 0) {
				struct zl_error e;
				zl_error_set(&e, ZL_EPARSE, in.paths[i], 0, "cannot load zone");
				add_syntax(&f->findings, &e, in.paths[i]);
			}
		}
	}

	struct config *cfg = NULL;
	rc = EXIT_CLEAN;
	if (cmd_load_config(a.config, config_near(&w, argv + optind), &cfg) != ZL_OK)
		rc = EXIT_ERROR;
	struct findings findings;
	findings_init(&findings);
	if (rc == EXIT_CLEAN) {
		w.cfg = cfg;
		for (size_t i = 0; git != NULL && i < in.count; i++)
			find_previous(&w, git, i);
		run_phase(&w, false, threads);
		/* the inputs that could not be read, then each file in order, as
		 * one thread would */
		for (size_t i = 0; i < in.error_count; i++)
			add_syntax(&findings, &in.errors[i], in.errors[i].file);
		findings.files += in.error_count;
		for (size_t i = 0; i < in.count; i++) {
			struct lint_file *f = &w.files[i];
			if (f->lint_rc != EXIT_CLEAN) {
				cmd_print_error(&f->err);
				loaded_all = false;
			}
			/* the first file's findings are taken, the next ones
			 * appended (each file's array freed once copied) */
			findings_move(&findings, &f->findings);
		}
		rc = write_report(&a, &findings, cfg, loaded_all);
		if (!loaded_all)
			rc = EXIT_ERROR;
	}
	findings_free(&findings);
	for (size_t i = 0; i < in.count; i++) {
		findings_free(&w.files[i].findings);
		zl_buf_free(&w.files[i].messages);
		free(w.files[i].errors);
		zone_free(w.files[i].zone);
	}
	cmd_git_close(git);
	free(w.files);
	free(w.all.zones);
	free(w.all.index);
	config_free(cfg);
	cmd_inputs_free(&in);
	free(a.changed);
	return rc;
}
