/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd/help.c: the table of subcommands, the overview (`zonelint --help`) and
 * "zonelint help [COMMAND|RULE-ID|rules]". A rule's text comes from the one
 * rule table (rules/registry.c) and its example and fix from the manual
 * page (src/cmd/ruledoc.c, generated from doc/zonelint.1). */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static const struct cmd_command commands[] = {
	{"lint", cmd_lint, "check zone files and report findings"},
	{"explain", cmd_explain, "show what a mail client does for a domain, step by step"},
	{"fix", cmd_fix, "apply the remedies of the findings to a zone file"},
	{"srv", cmd_srv, "print SRV records for mail discovery"},
	{"serve", cmd_serve, "answer DNS queries for zone files (UDP and TCP)"},
	{"help", cmd_help, "this overview, a command's options, or what a rule finds"},
	{NULL, NULL, NULL},
};

const struct cmd_command *cmd_command_find(const char *name)
{
	for (const struct cmd_command *c = commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void cmd_help_overview(FILE *out)
{
	fputs("Usage: zonelint COMMAND [OPTION]... ARGUMENT...\n"
	      "Lint, explain, fix and serve BIND zone files, with the mail-discovery\n"
	      "faults (Autodiscover, RFC 6186 SRV) no other checker reports.\n"
	      "\n"
	      "Commands:\n",
	      out);
	for (const struct cmd_command *c = commands; c->name != NULL; c++)
		fprintf(out, "  %-8s %s\n", c->name, c->summary);
	fputs("\n"
	      "  zonelint COMMAND --help   options of one command (or: zonelint help COMMAND)\n"
	      "  zonelint help RULE-ID     what a rule finds, an example and the fix\n"
	      "  zonelint help rules       every rule: id, default severity, what it finds\n"
	      "  zonelint --version        print the version\n"
	      "\n"
	      "Exit status: 0 no finding at or above the threshold, 1 findings,\n"
	      "2 usage error or input that cannot be read or parsed.\n"
	      "The manual page zonelint(1) has every option and every rule.\n",
	      out);
}

/* text on lines of at most width columns after indent blanks, broken at
 * blanks (a word longer than the line stands alone) */
static void wrap(FILE *out, const char *text, int indent, int width)
{
	const char *p = text;
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		int used = 0;
		fprintf(out, "%*s", indent, "");
		while (*p != '\0') {
			size_t word = strcspn(p, " ");
			if (used > 0 && used + 1 + (int)word > width - indent)
				break;
			fprintf(out, "%s%.*s", used > 0 ? " " : "", (int)word, p);
			used += (used > 0) + (int)word;
			p += word;
			while (*p == ' ')
				p++;
		}
		fputc('\n', out);
	}
}

/* lines of text, each indented */
static void indented(FILE *out, const char *text, int indent)
{
	for (const char *p = text; *p != '\0';) {
		size_t len = strcspn(p, "\n");
		if (len > 0)
			fprintf(out, "%*s%.*s", indent, "", (int)len, p);
		fputc('\n', out);
		p += len;
		if (*p == '\n')
			p++;
	}
}

static void print_rule(const struct rule *r)
{
	char head[512];
	snprintf(head, sizeof(head), "%s (%s): %s", r->id, zl_severity_name(r->severity),
		 r->summary);
	wrap(stdout, head, 0, 76);
	if (r->help != NULL) {
		putchar('\n');
		wrap(stdout, r->help, 0, 76);
	}
	const struct cmd_rule_doc *doc = cmd_rule_doc_find(r->id);
	if (doc != NULL && doc->example != NULL) {
		fputs("\nExample (records of the zone example.net, as in zonelint(1), RULES):\n",
		      stdout);
		indented(stdout, doc->example, 4);
	}
	if (doc != NULL && doc->fix != NULL) {
		fputs("\nFix:\n", stdout);
		indented(stdout, doc->fix, 4);
	}
	if (r->references != NULL && r->references[0] != '\0')
		printf("\nReferences: %s\n", r->references);
	if (strcmp(r->id, "syntax") == 0) {
		/* a zone that does not load cannot be linted: nothing to turn down */
		wrap(stdout,
		     "It cannot be configured or silenced: a zone file that cannot be read or parsed "
		     "is always an error (exit status 2).",
		     0, 76);
		return;
	}
	wrap(stdout,
	     "Severity: change it in .zonelint.yaml under \"rules:\" (error, warning, note or "
	     "off). Silence it for one record with a comment on the record's line or the line "
	     "before:",
	     0, 76);
	printf("    ; zonelint: ignore %s\n", r->id);
}

const char *cmd_suggest(const char *word, bool rules_too)
{
	size_t best = 4, count; /* at most three edits away */
	const char *near = NULL;
	for (const struct cmd_command *c = commands; c->name != NULL; c++) {
		size_t d = zl_edit_distance(word, c->name);
		if (d < best) {
			best = d;
			near = c->name;
		}
	}
	const struct rule *rules = rules_all(&count);
	for (size_t i = 0; i < count && rules_too; i++) {
		size_t d = zl_edit_distance(word, rules[i].id);
		if (d < best) {
			best = d;
			near = rules[i].id;
		}
	}
	return near;
}

/* An unknown topic: the rules it begins, else the nearest name. */
static int unknown_topic(const char *word)
{
	size_t count, len = strlen(word), matches = 0;
	const struct rule *rules = rules_all(&count);
	for (size_t i = 0; i < count; i++)
		if (len > 0 && strncmp(rules[i].id, word, len) == 0)
			matches++;
	if (matches > 0) {
		fprintf(stderr, "zonelint: help: no rule '%s'; the rules that begin with it:\n", word);
		for (size_t i = 0; i < count; i++)
			if (strncmp(rules[i].id, word, len) == 0)
				fprintf(stderr, "  %s\n", rules[i].id);
		return EXIT_ERROR;
	}
	const char *near = cmd_suggest(word, true);
	if (near != NULL)
		cmd_error("help: no command or rule '%s' (did you mean '%s'?)", word, near);
	else
		cmd_error("help: no command or rule '%s'", word);
	fputs("Try 'zonelint help rules' for the rules, 'zonelint --help' for the commands.\n",
	      stderr);
	return EXIT_ERROR;
}

int cmd_help(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cmd_help_overview(stdout);
		return EXIT_CLEAN;
	}
	if (argc > 2) {
		cmd_error("help: one topic at a time: a command or a rule id");
		return cmd_usage_error("help");
	}
	const char *topic = argv[1];
	if (strcmp(topic, "rules") == 0) {
		char *list[] = {(char *)"lint", (char *)"--list-rules", NULL};
		return cmd_lint(2, list);
	}
	const struct cmd_command *c = cmd_command_find(topic);
	if (c != NULL && c->run == cmd_help) {
		cmd_help_overview(stdout);
		return EXIT_CLEAN;
	}
	if (c != NULL) {
		char *args[] = {(char *)c->name, (char *)"--help", NULL};
		return c->run(2, args);
	}
	const struct rule *r = rules_find(topic);
	if (r == NULL)
		return unknown_topic(topic);
	print_rule(r);
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_ERROR;
}
