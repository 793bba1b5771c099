/* SPDX-License-Identifier: BSD-3-Clause */
/* report: findings written for people and machines: compiler-style text
 * (colour only on a terminal), JSON (the contract in DESIGN.md), SARIF 2.1.0
 * and GitHub Actions workflow commands.
 * This header is the module's whole public face. */
#ifndef ZONELINT_REPORT_H
#define ZONELINT_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "rules/rules.h"

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_SARIF, REPORT_GITHUB };

/* "text", "json", "sarif", "github" */
bool report_format_parse(const char *name, enum report_format *out);

struct report_options {
	enum report_format format;
	bool color;            /* text only: ANSI colours (the caller decides: isatty) */
	const char *version;   /* zonelint's version for JSON and SARIF */
	const char *config;    /* the configuration file read, or NULL (SARIF: run properties) */
	bool incomplete;       /* an input could not be read or parsed (SARIF: the
				* invocation did not succeed) */
};

/* Writes all findings (already sorted) to out. Text: for each finding
 *   FILE:LINE:COL: SEVERITY: MESSAGE [RULE-ID]
 * then one indented line per remedy:
 *       fix: add RECORD | fix: delete line N: RECORD | fix: replace line N: RECORD
 * (a deleted record printed from the zone with zone_rr_to_text)
 * JSON: {"zonelint": VERSION, "findings": [...], "summary": {...}} exactly
 * as DESIGN.md shows; SARIF 2.1.0 with every rule of the table under
 * tool.driver.rules; GitHub: "::error file=F,line=L,col=C,title=RULE-ID::MESSAGE"
 * (warning/notice for the other severities), escaped as the workflow
 * command syntax requires. Returns ZL_EIO when writing fails. */
int report_write(FILE *out, const struct findings *f, const struct report_options *opt,
		 struct zl_error *err);

/* For documents that embed findings (explain --format json):
 * s as a JSON string with its quotes. RFC 8259 7: '"', '\\' and control
 * characters escaped; valid UTF-8 passed through; each byte that is not
 * part of valid UTF-8 written as \u00XX (the byte read as Latin-1, the
 * usual encoding of such bytes in zone files and paths), so the output is
 * always valid JSON. NULL is written as "". */
void report_json_string(struct zl_buf *b, const char *s);
/* One finding as a JSON object with exactly the keys, order and remedies
 * of the JSON report; keys are indented by indent plus two spaces, the
 * closing brace by indent (the caller writes what precedes the '{'). */
void report_json_finding(struct zl_buf *b, const struct finding *f, const char *indent);

/* The one-line summary for stderr after text output:
 * "2 findings (1 error, 1 warning, 0 notes) in 1 file, 14 records". */
void report_summary(const struct findings *f, char *out, size_t size);

#endif
