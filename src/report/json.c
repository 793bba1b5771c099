/* report/json.c: findings as JSON (RFC 8259), the shape DESIGN.md "JSON
 * output" fixes and tests/report/zonelint-report.schema.json describes:
 * keys always present and always in the same order, two-space indentation. */
#include <stdlib.h>

#include "report/internal.h"

static void put_key(struct zl_buf *b, const char *indent, const char *key)
{
	zl_buf_puts(b, indent);
	report_json_string(b, key);
	zl_buf_puts(b, ": ");
}

static void put_remedy(struct zl_buf *b, const struct finding *f, const struct remedy *r)
{
	char *record = report_remedy_record(f, r);
	zl_buf_puts(b, "{\"action\": ");
	report_json_string(b, report_remedy_action(r));
	if (r->action != REMEDY_ADD) {
		zl_buf_puts(b, ", \"file\": ");
		report_json_string(b, report_remedy_file(f, r));
		zl_buf_printf(b, ", \"line\": %lu", r->line);
	}
	zl_buf_puts(b, ", \"record\": ");
	report_json_string(b, record);
	zl_buf_putc(b, '}');
	free(record);
}

void report_json_finding(struct zl_buf *b, const struct finding *f, const char *indent)
{
	struct zl_buf in;
	zl_buf_init(&in);
	zl_buf_printf(&in, "%s  ", indent);
	zl_buf_puts(b, "{\n");
	put_key(b, in.data, "rule");
	report_json_string(b, report_rule_id(f));
	zl_buf_puts(b, ",\n");
	put_key(b, in.data, "severity");
	report_json_string(b, zl_severity_name(f->severity));
	zl_buf_puts(b, ",\n");
	put_key(b, in.data, "file");
	report_json_string(b, report_finding_file(f));
	zl_buf_puts(b, ",\n");
	put_key(b, in.data, "line");
	zl_buf_printf(b, "%lu,\n", report_finding_line(f));
	put_key(b, in.data, "column");
	zl_buf_printf(b, "%lu,\n", report_finding_column(f));
	put_key(b, in.data, "zone");
	if (f->zone != NULL)
		report_json_string(b, f->zone->origin_text);
	else
		zl_buf_puts(b, "null");
	zl_buf_puts(b, ",\n");
	put_key(b, in.data, "owner");
	report_json_string(b, f->owner);
	zl_buf_puts(b, ",\n");
	put_key(b, in.data, "message");
	report_json_string(b, f->message);
	zl_buf_puts(b, ",\n");
	put_key(b, in.data, "fix");
	if (f->fix_count == 0) {
		zl_buf_puts(b, "[]\n");
	} else {
		zl_buf_puts(b, "[\n");
		for (size_t i = 0; i < f->fix_count; i++) {
			zl_buf_printf(b, "%s  ", in.data);
			put_remedy(b, f, &f->fix[i]);
			zl_buf_puts(b, i + 1 < f->fix_count ? ",\n" : "\n");
		}
		zl_buf_printf(b, "%s]\n", in.data);
	}
	zl_buf_printf(b, "%s}", indent);
	zl_buf_free(&in);
}

void report_json(struct zl_buf *b, const struct findings *fs, const struct report_options *opt)
{
	zl_buf_puts(b, "{\n");
	put_key(b, "  ", "zonelint");
	report_json_string(b, opt->version != NULL ? opt->version : "");
	zl_buf_puts(b, ",\n");
	put_key(b, "  ", "findings");
	if (fs->count == 0) {
		zl_buf_puts(b, "[],\n");
	} else {
		zl_buf_puts(b, "[\n");
		for (size_t i = 0; i < fs->count; i++) {
			zl_buf_puts(b, "    ");
			report_json_finding(b, &fs->v[i], "    ");
			zl_buf_puts(b, i + 1 < fs->count ? ",\n" : "\n");
		}
		zl_buf_puts(b, "  ],\n");
	}
	put_key(b, "  ", "summary");
	zl_buf_printf(b,
		      "{\"files\": %zu, \"records\": %zu, \"errors\": %zu, \"warnings\": %zu, "
		      "\"notes\": %zu}\n",
		      fs->files, fs->records, findings_count(fs, ZL_SEV_ERROR),
		      findings_count(fs, ZL_SEV_WARNING), findings_count(fs, ZL_SEV_NOTE));
	zl_buf_puts(b, "}\n");
}
