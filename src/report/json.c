/* SPDX-License-Identifier: BSD-3-Clause */
/* report/json.c: findings as JSON (RFC 8259), the shape DESIGN.md "JSON
 * output" fixes and tests/report/zonelint-report.schema.json describes:
 * keys always present and always in the same order, two-space indentation. */
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

/* keys are plain ASCII: written without escaping */
static void put_key(struct zl_buf *b, const char *indent, const char *key)
{
	report_puts(b, indent);
	report_put(b, "\"", 1);
	report_puts(b, key);
	report_puts(b, "\": ");
}

static void put_remedy(struct zl_buf *b, const struct finding *f, const struct remedy *r)
{
	/* a remedy usually carries its record's text: no copy then */
	char *made = r->record == NULL ? report_remedy_record(f, r) : NULL;
	report_puts(b, "{\"action\": ");
	report_json_string(b, report_remedy_action(r));
	if (r->action != REMEDY_ADD) {
		report_puts(b, ", \"file\": ");
		report_json_string(b, report_remedy_file(f, r));
		report_puts(b, ", \"line\": ");
		report_put_ulong(b, r->line);
	}
	report_puts(b, ", \"record\": ");
	report_json_string(b, made != NULL ? made : r->record);
	report_put(b, "}", 1);
	free(made);
}

void report_json_finding(struct zl_buf *b, const struct finding *f, const char *indent)
{
	char in[256];
	size_t n = strlen(indent);
	if (n > sizeof(in) - 3)
		n = sizeof(in) - 3;
	memcpy(in, indent, n);
	memcpy(in + n, "  ", 3);
	report_puts(b, "{\n");
	put_key(b, in, "rule");
	report_json_string(b, report_rule_id(f));
	report_puts(b, ",\n");
	put_key(b, in, "severity");
	report_json_string(b, zl_severity_name(f->severity));
	report_puts(b, ",\n");
	put_key(b, in, "file");
	report_json_string(b, report_finding_file(f));
	report_puts(b, ",\n");
	put_key(b, in, "line");
	report_put_ulong(b, report_finding_line(f));
	report_puts(b, ",\n");
	put_key(b, in, "column");
	report_put_ulong(b, report_finding_column(f));
	report_puts(b, ",\n");
	put_key(b, in, "zone");
	if (f->zone != NULL)
		report_json_string(b, f->zone->origin_text);
	else
		report_puts(b, "null");
	report_puts(b, ",\n");
	put_key(b, in, "owner");
	report_json_string(b, f->owner);
	report_puts(b, ",\n");
	put_key(b, in, "message");
	report_json_string(b, f->message);
	report_puts(b, ",\n");
	put_key(b, in, "fix");
	if (f->fix_count == 0) {
		report_puts(b, "[]\n");
	} else {
		report_puts(b, "[\n");
		for (size_t i = 0; i < f->fix_count; i++) {
			report_puts(b, in);
			report_puts(b, "  ");
			put_remedy(b, f, &f->fix[i]);
			report_puts(b, i + 1 < f->fix_count ? ",\n" : "\n");
		}
		report_puts(b, in);
		report_puts(b, "]\n");
	}
	report_puts(b, indent);
	report_put(b, "}", 1);
}

void report_json(struct report_out *o, const struct findings *fs, const struct report_options *opt)
{
	struct zl_buf *b = &o->b;
	report_puts(b, "{\n");
	put_key(b, "  ", "zonelint");
	report_json_string(b, opt->version != NULL ? opt->version : "");
	report_puts(b, ",\n");
	put_key(b, "  ", "findings");
	if (fs->count == 0) {
		report_puts(b, "[],\n");
	} else {
		report_puts(b, "[\n");
		for (size_t i = 0; i < fs->count; i++) {
			report_puts(b, "    ");
			report_json_finding(b, &fs->v[i], "    ");
			report_puts(b, i + 1 < fs->count ? ",\n" : "\n");
			report_drain(o, false);
		}
		report_puts(b, "  ],\n");
	}
	put_key(b, "  ", "summary");
	zl_buf_printf(b,
		      "{\"files\": %zu, \"records\": %zu, \"errors\": %zu, \"warnings\": %zu, "
		      "\"notes\": %zu}\n",
		      fs->files, fs->records, findings_count(fs, ZL_SEV_ERROR),
		      findings_count(fs, ZL_SEV_WARNING), findings_count(fs, ZL_SEV_NOTE));
	report_puts(b, "}\n");
}
