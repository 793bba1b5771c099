/* cmd: one file a subcommand. Each parses its options, calls into the
 * modules and decides the exit status; only this layer and main print. */
#ifndef ZONELINT_CMD_H
#define ZONELINT_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "util/util.h"
#include "zone/zone.h"

/* Exit statuses (DESIGN.md): */
enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_ERROR = 2 };

int cmd_lint(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_fix(int argc, char **argv);
int cmd_srv(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* ---- shared by the subcommands (common.c) ---- */

/* The zone files named by the arguments: files as given, directories
 * expanded to their zone files (*.zone, db.*, *.db) in name order. */
struct cmd_inputs {
	char **paths;
	size_t count, cap;
};
int cmd_inputs_collect(struct cmd_inputs *in, char **args, int count, struct zl_error *err);
void cmd_inputs_free(struct cmd_inputs *in);

/* Loads every input; load errors are printed as FILE:LINE: message. Returns
 * ZL_OK when all loaded. zones[i] belongs to in->paths[i]; the caller frees
 * them with cmd_zones_free. */
int cmd_load_zones(const struct cmd_inputs *in, const char *origin, struct zone ***zones);
void cmd_zones_free(struct zone **zones, size_t count);

/* "zonelint: message" on stderr */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A struct zl_error as FILE:LINE: message on stderr. */
void cmd_print_error(const struct zl_error *err);
/* For getopt_long errors: "Try 'zonelint CMD --help'." */
int cmd_usage_error(const char *cmd);

#endif
