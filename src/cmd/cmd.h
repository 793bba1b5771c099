/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd: one file a subcommand. Each parses its options, calls into the
 * modules and decides the exit status; only this layer and main print. */
#ifndef ZONELINT_CMD_H
#define ZONELINT_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "config/config.h"
#include "rules/rules.h"
#include "util/util.h"
#include "zone/zone.h"

/* Exit statuses (DESIGN.md): */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

int cmd_lint(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_srv(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* ---- the subcommands and help (help.c) ---- */
struct cmd_command {
	const char *name;              /* "lint" */
	int (*run)(int argc, char **argv); /* argv[0] is the name */
	const char *summary;           /* one line for the overview */
};
/* The subcommand called name, or NULL. */
const struct cmd_command *cmd_command_find(const char *name);
/* The subcommand (or, with rules_too, the rule id) nearest to word, at most
 * three edits away, or NULL: for "did you mean". */
const char *cmd_suggest(const char *word, bool rules_too);
/* The overview of `zonelint --help`. */
void cmd_help_overview(FILE *out);

/* A rule's example and fix (records of example.net, one a line), as the
 * manual page gives them: src/cmd/ruledoc.c is generated from
 * doc/zonelint.1. NULL when the page has none for id. */
struct cmd_rule_doc {
	const char *id;
	const char *example; /* may be NULL */
	const char *fix;     /* may be NULL */
};
const struct cmd_rule_doc *cmd_rule_doc_find(const char *id);

/* ---- shared by the subcommands (common.c) ---- */

/* The zone files named by the arguments: files as given ("-" is standard
 * input), directories expanded to their zone files (*.zone, db.*, *.db),
 * their subdirectories' too, in name order. */
struct cmd_inputs {
	char **paths;
	bool *found; /* paths[i] was found in a directory, not named */
	size_t count, cap;
	/* inputs that cannot be read (a name that does not exist, a dangling
	 * link in a directory, a pipe): the collection goes on past them */
	struct zl_error *errors;
	size_t error_count;
};
/* Fills in; returns ZL_OK, or the first error (in err, and all of them in
 * in->errors) when an input cannot be read. cmd_inputs_free in any case. */
int cmd_inputs_collect(struct cmd_inputs *in, char **args, int count, struct zl_error *err);
void cmd_inputs_free(struct cmd_inputs *in);

/* How the zone files are read (options every command that loads shares). */
struct cmd_load {
	const char *origin;      /* --origin (one file only), or NULL */
	const char *include_dir; /* -w DIR: relative $INCLUDEs from there, or NULL */
};
/* zone_load_file, or for "-" standard input (read to its end). */
int cmd_load_zone(const char *path, const struct zone_load_options *opt, struct zone **out,
		  struct zl_error *err);
/* Loads every input; load errors (and notes) are printed as FILE:LINE:
 * message. Returns ZL_OK when all loaded. zones[i] belongs to
 * in->paths[i]; the caller frees them with cmd_zones_free. */
int cmd_load_zones(const struct cmd_inputs *in, const struct cmd_load *how, struct zone ***zones);
void cmd_zones_free(struct zone **zones, size_t count);

/* The configuration: path (--config) or, when NULL, the one config_find
 * finds near the first input, else an empty one. Rule ids in it must exist.
 * Errors are printed (FILE:LINE: message). */
int cmd_load_config(const char *path, const char *near, struct config **out);
/* The zones lint and explain look names up in for zones[i]: zones[i] and
 * every other loaded zone whose origin differs from those already in
 * (two files of one origin never see each other). view->zones is the
 * caller's to free (not the zones). */
void cmd_zone_view(struct zone **zones, size_t count, size_t i, struct zone_set *view);

struct fix_plan;
/* Lints z, plans the fix (fix_plan_make) and checks it: the fixed text must
 * load (*fixed, the caller frees it) and lint without the findings the fix
 * addressed and with no more errors. previous (may be NULL): the zone's
 * version in git, for serial-not-increased and the serial's floor. plan is the caller's to free with
 * fix_plan_free, also on failure. Used by fix and by serve --fixed. */
int cmd_fix_zone(struct zone *z, const struct config *cfg, const struct lint_previous *previous,
		 struct fix_plan *plan, struct zone **fixed, struct zl_error *err);

/* ---- files as a git revision has them (git.c) ---- */
struct cmd_git;
/* Starts reading from revision (a commit, a branch, HEAD...) of the git
 * work tree the current directory is in. Errors say why (no work tree, no
 * such revision: a repository's first commit has none before it). */
int cmd_git_open(const char *revision, struct cmd_git **out, struct zl_error *err);
/* The file at path (relative to the current directory, or absolute) as
 * the revision has it: *text (NUL terminated, *len octets, the caller
 * frees it), or NULL when the revision has no such file. Errors: outside
 * the work tree, git stopped. */
int cmd_git_read(struct cmd_git *g, const char *path, char **text, size_t *len,
		 struct zl_error *err);
/* The version of the zone at path in the revision of g, loaded as how
 * says, its $INCLUDEd files from the revision too: its serial and records'
 * digest in *out (revision kept for messages). *found is false when the
 * revision has no such file (a zone new since) or no SOA record. Errors:
 * the version does not load (err says why), git failed. */
int cmd_zone_previous(struct cmd_git *g, const char *revision, const char *path,
		      const struct cmd_load *how, struct lint_previous *out, bool *found,
		      struct zl_error *err);
/* The commit id the revision named. */
const char *cmd_git_commit(const struct cmd_git *g);
void cmd_git_close(struct cmd_git *g);

/* path made absolute (against the current directory) without ".", ".."
 * and doubled slashes, as text: symbolic links are not followed (the path
 * may name a file that is gone). The caller frees it. */
char *cmd_path_absolute(const char *path);

/* "zonelint: message" on stderr */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A struct zl_error as FILE:LINE: message on stderr. */
void cmd_print_error(const struct zl_error *err);
/* For getopt_long errors: "Try 'zonelint CMD --help'." */
int cmd_usage_error(const char *cmd);

#endif
