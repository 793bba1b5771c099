/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd/fix.c: "zonelint fix": lint one zone file, turn the remedies of the
 * findings into minimal line edits (fix/remedy.c), check that the result
 * holds exactly the records meant (fix/check.c) and, by linting it, that
 * the findings are gone and nothing is new, then print the plan, a unified
 * diff, or write the file atomically; say what is left undone. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd/cmd.h"
#include "fix/fix.h"

static const char usage[] =
	"Usage: zonelint fix [--diff | --in-place] [OPTION]... FILE\n"
	"Apply the remedies of the lint findings to a zone file: records that give a\n"
	"name the wrong address are commented out (\"; zonelint: was: ...\"), missing\n"
	"records are added in the file's own style, and the SOA serial is bumped.\n"
	"Every other line stays byte for byte. The result is linted before anything\n"
	"is written: a fix that leaves what it fixes, changes records it does not\n"
	"address, or brings a new finding, is refused. Findings without a remedy\n"
	"are listed on stderr, and so are those whose records are in a file FILE\n"
	"$INCLUDEs (or made by $GENERATE), with what to change there by hand.\n"
	"\n"
	"  --diff           print a unified diff (apply with: patch -p0 < DIFF)\n"
	"  --in-place       replace FILE (temporary file, fsync, rename; mode kept;\n"
	"                   refused when FILE changed since it was read)\n"
	"                   without either: print the records to add and the lines to remove\n"
	"  --origin NAME    zone origin; default: $ORIGIN/SOA, else the file name\n"
	"  -w, --include-dir DIR  relative $INCLUDE file names from DIR (as for lint)\n"
	"  --previous REV   the zone's version in git revision REV: the new serial is\n"
	"                   greater than its serial, and raised when the records changed\n"
	"                   since REV under the same serial (serial-not-increased)\n"
	"  --config FILE    configuration (as for lint; mail.autodiscover-host names the\n"
	"                   host the _autodiscover._tcp SRV record points at)\n"
	"  -h, --help       this help\n"
	"\n"
	"Exit status: 0 fixed (or nothing to fix) and no finding left, 1 fixed what\n"
	"has a remedy but findings at warning or above are left, 2 error or fix refused.\n";

/* Is (rule, owner) reported at sev or above in now? */
static bool reported(const struct findings *now, const struct rule *rule, const char *owner,
		     enum zl_severity sev)
{
	for (size_t i = 0; i < now->count; i++)
		if (now->v[i].rule == rule && now->v[i].severity >= sev &&
		    strcmp(now->v[i].owner, owner) == 0)
			return true;
	return false;
}

static int lint_one(struct zone *z, const struct config *cfg, const struct lint_previous *previous,
		    struct findings *out, struct zl_error *err)
{
	struct zone_set view;
	cmd_zone_view(&z, 1, 0, &view);
	struct cert_view *certs = NULL;
	int rc = cert_view_new(cfg, &view, false, 0, &certs, err);
	if (rc == ZL_OK) {
		struct lint_options lo = {cfg, certs, previous};
		rc = lint_zone(z, &view, &lo, out, err);
	}
	cert_view_free(certs);
	free(view.zones);
	return rc;
}

/* Is f one the plan leaves to the admin? */
static bool left_by_plan(const struct fix_plan *plan, const struct finding *f)
{
	for (size_t i = 0; i < plan->left_count; i++) {
		const struct fix_left *l = &plan->left[i];
		if (l->rule == f->rule && l->line == f->line && strcmp(l->owner, f->owner) == 0 &&
		    strcmp(l->message, f->message) == 0)
			return true;
	}
	return false;
}

/* The lint of the fixed zone against the lint of the zone: every finding
 * a remedy addressed must be gone, and nothing at warning or above may be
 * new (a fix that trades one fault for another is no fix). */
static int compare_lints(const struct zone *z, const struct fix_plan *plan,
			 const struct findings *before, const struct findings *after,
			 struct zl_error *err)
{
	for (size_t i = 0; i < before->count; i++) {
		const struct finding *f = &before->v[i];
		if (f->fix_count > 0 && !left_by_plan(plan, f) &&
		    reported(after, f->rule, f->owner, ZL_SEV_NOTE))
			return zl_error_set(err, ZL_EREFUSED, z->path, f->line,
					    "refusing: after the fix, %s still reports: %s", f->rule->id,
					    f->message);
	}
	for (size_t i = 0; i < after->count; i++) {
		const struct finding *f = &after->v[i];
		if (f->severity >= ZL_SEV_WARNING && !reported(before, f->rule, f->owner, ZL_SEV_WARNING))
			return zl_error_set(err, ZL_EREFUSED, z->path, 0,
					    "refusing: the fixed zone would have a new %s: %s [%s] (line %lu "
					    "of the fixed text)",
					    zl_severity_name(f->severity), f->message, f->rule->id,
					    (unsigned long)f->line);
	}
	size_t was = findings_count(before, ZL_SEV_ERROR), now = findings_count(after, ZL_SEV_ERROR);
	if (now > was)
		return zl_error_set(err, ZL_EREFUSED, z->path, 0,
				    "refusing: the fixed zone would have %zu errors, the zone has %zu",
				    now, was);
	return ZL_OK;
}

int cmd_fix_zone(struct zone *z, const struct config *cfg, const struct lint_previous *previous,
		 struct fix_plan *plan, struct zone **fixed, struct zl_error *err)
{
	*fixed = NULL;
	/* freeable whatever fails below */
	memset(plan, 0, sizeof(*plan));
	fix_edits_init(&plan->edits);
	struct findings before, after;
	findings_init(&before);
	findings_init(&after);
	time_t now = time(NULL);
	struct tm today;
	localtime_r(&now, &today);
	int rc = lint_one(z, cfg, previous, &before, err);
	if (rc == ZL_OK)
		rc = fix_plan_make(z, &before, &today, previous != NULL ? &previous->serial : NULL,
				   plan, err);
	if (rc != ZL_OK || !plan->changed)
		goto out;
	/* the fixed zone must load, hold exactly the records meant, and lint
	 * without what the fix addressed and without anything new */
	struct zone_load_options lo = {0};
	lo.origin = z->origin_text;
	rc = zone_load_string(plan->text, plan->len, z->path, &lo, fixed, err);
	if (rc != ZL_OK) {
		char msg[sizeof(err->message)];
		snprintf(msg, sizeof(msg), "%.900s", err->message);
		rc = zl_error_set(err, ZL_EREFUSED, z->path, 0,
				  "refusing: the fixed zone does not load (line %lu: %s)", err->line, msg);
		goto out;
	}
	rc = fix_plan_check(z, plan, *fixed, err);
	if (rc == ZL_OK)
		rc = lint_one(*fixed, cfg, previous, &after, err);
	if (rc == ZL_OK)
		rc = compare_lints(z, plan, &before, &after, err);
	if (rc == ZL_OK)
		fix_plan_keep_left(plan, &after);
out:
	if (rc != ZL_OK) {
		zone_free(*fixed);
		*fixed = NULL;
	}
	findings_free(&before);
	findings_free(&after);
	return rc;
}

/* What the fix leaves to the admin, as lint would say it (at the line of
 * the fixed file when it was written): for a finding in a file FILE
 * includes, what to change there and the comment that would silence it. */
static void print_left(FILE *out, const char *indent, const struct fix_plan *p, bool written)
{
	for (size_t i = 0; i < p->left_count; i++) {
		const struct fix_left *l = &p->left[i];
		bool elsewhere = strcmp(l->file, p->file.path) != 0;
		unsigned long line = written && !elsewhere ? l->line_after : l->line;
		fprintf(out, "%s%s:%lu:1: %s: %s [%s]\n", indent, l->file, line,
			zl_severity_name(l->severity), l->message, l->rule->id);
		for (const char *a = l->by_hand; a != NULL && *a != '\0';) {
			size_t n = strcspn(a, "\n");
			fprintf(out, "%s    by hand: %.*s\n", indent, (int)n, a);
			a += n + (a[n] == '\n');
		}
		if (l->by_hand != NULL || elsewhere)
			fprintf(out, "%s    or silence it: \"; zonelint: ignore %s\" on line %lu of %s "
				"or the line before\n",
				indent, l->rule->id, line, l->file);
	}
}

static void report_left(const struct fix_plan *p, const char *path, bool changed, bool written)
{
	if (p->left_count == 0)
		return;
	size_t by_hand = 0;
	for (size_t i = 0; i < p->left_count; i++)
		by_hand += p->left[i].by_hand != NULL;
	if (by_hand > 0)
		fprintf(stderr,
			"zonelint: fix: %s%zu finding%s in %s that fix cannot remove: %zu with records "
			"in files %s includes (or made by $GENERATE), which fix does not edit; change "
			"by hand:\n",
			changed ? "left as is: " : "nothing fix can do: ", p->left_count,
			p->left_count == 1 ? "" : "s", path, by_hand, path);
	else
		fprintf(stderr,
			"zonelint: fix: %s%zu finding%s in %s that fix cannot remove (no remedy "
			"known); change by hand:\n",
			changed ? "left as is: " : "nothing fix can do: ", p->left_count,
			p->left_count == 1 ? "" : "s", path);
	print_left(stderr, "  ", p, written);
}

static int edit_order(const void *pa, const void *pb)
{
	const struct fix_edit *a = *(const struct fix_edit *const *)pa,
			      *b = *(const struct fix_edit *const *)pb;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a < b ? -1 : (a > b ? 1 : 0); /* the order they were made in */
}

static void print_plan(const struct fix_plan *p)
{
	printf("zonelint fix %s would:\n", p->file.path);
	/* in the order of the file */
	const struct fix_edit **order = zl_calloc(p->edits.count ? p->edits.count : 1, sizeof(*order));
	for (size_t i = 0; i < p->edits.count; i++)
		order[i] = &p->edits.v[i];
	qsort(order, p->edits.count, sizeof(*order), edit_order);
	for (size_t i = 0; i < p->edits.count; i++) {
		const struct fix_edit *e = order[i];
		size_t len;
		if (e->kind == FIX_EDIT_COMMENT_OUT) {
			for (size_t n = e->line; n < e->line + e->count; n++) {
				const char *text = fix_file_line(&p->file, n, &len);
				printf("  remove line %zu: %.*s\n", n, (int)len, text);
			}
		} else if (e->kind == FIX_EDIT_INSERT) {
			len = strcspn(e->text, "\n");
			printf("  add after line %zu: %.*s\n", e->line, (int)len, e->text);
		} else {
			/* the serial's line is shown below, unless an owner was
			 * written out on it too */
			const char *was = fix_file_line(&p->file, e->line, &len);
			if (e->line == p->serial_line && len > 0 && (was[0] == ' ' || was[0] == '\t') ==
								   (e->text[0] == ' ' || e->text[0] == '\t'))
				continue;
			len = strcspn(e->text, "\n");
			printf("  change line %zu to: %.*s\n", e->line, (int)len, e->text);
		}
	}
	free(order);
	printf("  serial: %u -> %u (line %zu)\n", p->old_serial, p->new_serial, p->serial_line);
	if (p->left_count > 0) {
		size_t by_hand = 0;
		for (size_t i = 0; i < p->left_count; i++)
			by_hand += p->left[i].by_hand != NULL;
		printf("and leave as is (%s):\n",
		       by_hand > 0 ? "no remedy known, or records only the admin can change"
				   : "no remedy known");
		print_left(stdout, "  ", p, false);
	}
	printf("Run with --diff to see the change, or --in-place to apply it.\n");
}

int cmd_fix(int argc, char **argv)
{
	static const struct option options[] = {
		{"diff", no_argument, NULL, 'd'},	  {"in-place", no_argument, NULL, 'i'},
		{"origin", required_argument, NULL, 'o'}, {"config", required_argument, NULL, 'c'},
		{"include-dir", required_argument, NULL, 'w'},
		{"previous", required_argument, NULL, 'R'},
		{"help", no_argument, NULL, 'h'},	  {NULL, 0, NULL, 0},
	};
	bool diff = false, in_place = false;
	const char *config = NULL, *previous = NULL;
	struct cmd_load how = {NULL, NULL};
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "hw:", options, NULL)) != -1) {
		switch (opt) {
		case 'd': diff = true; break;
		case 'i': in_place = true; break;
		case 'o': how.origin = optarg; break;
		case 'c': config = optarg; break;
		case 'w': how.include_dir = optarg; break;
		case 'R': previous = optarg; break;
		case 'h': fputs(usage, stdout); return EXIT_CLEAN;
		default: return cmd_usage_error("fix");
		}
	}
	if (diff && in_place) {
		cmd_error("fix: --diff and --in-place exclude each other");
		return cmd_usage_error("fix");
	}
	if (argc - optind != 1) {
		cmd_error("fix: exactly one zone file is needed");
		return cmd_usage_error("fix");
	}
	const char *path = argv[optind];
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		cmd_error("fix: %s is a directory: fix one zone file at a time", path);
		return EXIT_ERROR;
	}
	if (strcmp(path, "-") == 0) {
		cmd_error("fix: fix edits a file: standard input cannot be fixed");
		return cmd_usage_error("fix");
	}
	struct cmd_inputs in;
	struct zl_error err;
	zl_error_clear(&err);
	if (cmd_inputs_collect(&in, argv + optind, 1, &err) != ZL_OK) {
		cmd_print_error(&err);
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}
	struct config *cfg = NULL;
	struct zone **zones = NULL;
	if (cmd_load_config(config, path, &cfg) != ZL_OK ||
	    cmd_load_zones(&in, &how, &zones) != ZL_OK) {
		config_free(cfg);
		cmd_inputs_free(&in);
		return EXIT_ERROR;
	}
	/* --previous: the zone's version in git */
	struct lint_previous prev;
	bool has_prev = false;
	struct cmd_git *git = NULL;
	int rc = EXIT_CLEAN;
	if (previous != NULL) {
		if (cmd_git_open(previous, &git, &err) != ZL_OK ||
		    cmd_zone_previous(git, previous, path, &how, &prev, &has_prev, &err) != ZL_OK) {
			cmd_error("fix: --previous %s: %s", previous, err.message);
			rc = EXIT_ERROR;
		}
		cmd_git_close(git);
	}
	struct fix_plan plan;
	memset(&plan, 0, sizeof(plan));
	struct zone *fixed = NULL;
	if (rc != EXIT_CLEAN) {
		/* said above */
	} else if (cmd_fix_zone(zones[0], cfg, has_prev ? &prev : NULL, &plan, &fixed, &err) != ZL_OK) {
		cmd_print_error(&err);
		rc = EXIT_ERROR;
	} else if (!plan.changed) {
		if (plan.left_count == 0)
			fprintf(stderr, "zonelint: fix: nothing to fix in %s\n", path);
		report_left(&plan, path, false, false);
	} else if (diff) {
		char *d = fix_diff(path, plan.file.text, plan.file.len, plan.text, plan.len);
		fputs(d, stdout);
		free(d);
	} else if (in_place) {
		if (fix_write_atomic(&plan.file, plan.text, plan.len, &err) != ZL_OK) {
			cmd_print_error(&err);
			rc = EXIT_ERROR;
		} else {
			fprintf(stderr,
				"zonelint: fix: wrote %s: %u record%s commented out, %u added, serial %u -> %u\n",
				path, plan.removed, plan.removed == 1 ? "" : "s", plan.added, plan.old_serial,
				plan.new_serial);
			if (plan.owners_written > 0)
				fprintf(stderr,
					"zonelint: fix: %u line%s with a blank owner got %s owner written out\n",
					plan.owners_written, plan.owners_written == 1 ? "" : "s",
					plan.owners_written == 1 ? "its" : "their");
		}
	} else {
		print_plan(&plan);
	}
	/* after --in-place the lines are those of the file written */
	if (rc == EXIT_CLEAN && plan.changed && (diff || in_place))
		report_left(&plan, path, true, in_place);
	/* like lint: findings left (at warning or above) make the exit status 1 */
	if (rc == EXIT_CLEAN && plan.left_count > 0)
		rc = EXIT_FINDINGS;
	zone_free(fixed);
	fix_plan_free(&plan);
	cmd_zones_free(zones, in.count);
	config_free(cfg);
	cmd_inputs_free(&in);
	return rc;
}
