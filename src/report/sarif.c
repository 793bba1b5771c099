/* SPDX-License-Identifier: BSD-3-Clause */
/* report/sarif.c: findings as SARIF 2.1.0 (OASIS, sarif-2.1.0-rtm.5): one
 * run, every rule of the table under tool.driver.rules (3.49), one result a
 * finding (3.27). Remedies go into the message text and into properties:
 * SARIF fixes (3.55) need byte regions of artifacts that we do not track. */
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

static const char *sarif_level(enum zl_severity sev)
{
	switch (sev) {
	case ZL_SEV_ERROR: return "error";
	case ZL_SEV_WARNING: return "warning";
	case ZL_SEV_NOTE: return "note";
	case ZL_SEV_OFF: break;
	}
	return "none";
}

/* "autodiscover-cert-mismatch" -> "AutodiscoverCertMismatch" */
static void put_camel(struct zl_buf *b, const char *id)
{
	struct zl_buf name;
	zl_buf_init(&name);
	bool upper = true;
	for (const char *p = id; *p; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			upper = true;
			continue;
		}
		char c = *p;
		if (upper && c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		zl_buf_putc(&name, c);
		upper = false;
	}
	report_json_string(b, name.data != NULL ? name.data : id);
	zl_buf_free(&name);
}

/* SARIF 3.10.2: a URI reference. Relative paths stay relative (against
 * SRCROOT); absolute ones become file: URIs. RFC 3986 2.3: every byte but
 * the unreserved ones and '/' percent-encoded. */
static void put_uri(struct zl_buf *b, const char *path)
{
	struct zl_buf uri;
	zl_buf_init(&uri);
	if (path[0] == '/')
		zl_buf_puts(&uri, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
			     c == '~' || c == '/';
		if (plain)
			zl_buf_putc(&uri, (char)c);
		else
			zl_buf_printf(&uri, "%%%02X", c);
	}
	zl_buf_puts(b, "\"uri\": ");
	report_json_string(b, uri.data != NULL ? uri.data : "");
	if (path[0] != '/')
		zl_buf_puts(b, ", \"uriBaseId\": \"SRCROOT\"");
	zl_buf_free(&uri);
}

/* Index of the finding's rule in the table, or -1. */
static long rule_index(const struct finding *f, const struct rule *table, size_t count)
{
	if (f->rule == NULL)
		return -1;
	for (size_t i = 0; i < count; i++)
		if (&table[i] == f->rule || strcmp(table[i].id, f->rule->id) == 0)
			return (long)i;
	return -1;
}

/* SARIF 3.27.17: a fingerprint that survives lines moving: FNV-1a (64 bit)
 * over rule, zone, owner, the record and the message. */
static void put_fingerprint(struct zl_buf *b, const struct finding *f)
{
	uint64_t h = 0xcbf29ce484222325u;
	char *record = NULL;
	if (f->zone != NULL && f->rr != ZONE_NONE && f->rr < f->zone->rr_count)
		record = zone_rr_to_text(f->zone, &f->zone->rrs[f->rr], NULL);
	const char *parts[] = {report_rule_id(f), f->zone != NULL ? f->zone->origin_text : "",
			       f->owner, record != NULL ? record : "",
			       f->message != NULL ? f->message : ""};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		/* the terminating NUL too, so that parts cannot run together */
		const unsigned char *p = (const unsigned char *)parts[i];
		do {
			h ^= *p;
			h *= 0x100000001b3u;
		} while (*p++ != 0);
	}
	free(record);
	zl_buf_printf(b, "\"partialFingerprints\": {\"zonelintFinding/v1\": \"%016llx\"}",
		      (unsigned long long)h);
}

static void put_remedy_object(struct zl_buf *b, const struct finding *f, const struct remedy *r,
			      const char *record)
{
	zl_buf_puts(b, "{\"action\": ");
	report_json_string(b, report_remedy_action(r));
	if (r->action != REMEDY_ADD) {
		zl_buf_puts(b, ", \"file\": ");
		report_json_string(b, report_remedy_file(f, r));
		zl_buf_printf(b, ", \"line\": %lu", (unsigned long)r->line);
	}
	zl_buf_puts(b, ", \"record\": ");
	report_json_string(b, record);
	zl_buf_putc(b, '}');
}

static void put_rule(struct zl_buf *b, const struct rule *r)
{
	static const char in[] = "              ";
	zl_buf_puts(b, "            {\n");
	zl_buf_printf(b, "%s\"id\": ", in);
	report_json_string(b, r->id);
	zl_buf_printf(b, ",\n%s\"name\": ", in);
	put_camel(b, r->id);
	zl_buf_printf(b, ",\n%s\"shortDescription\": {\"text\": ", in);
	report_json_string(b, r->summary);
	zl_buf_printf(b, "},\n%s\"fullDescription\": {\"text\": ", in);
	report_json_string(b, r->help != NULL ? r->help : r->summary);
	zl_buf_printf(b, "},\n%s\"help\": {\"text\": ", in);
	struct zl_buf help;
	zl_buf_init(&help);
	zl_buf_puts(&help, r->help != NULL ? r->help : (r->summary != NULL ? r->summary : ""));
	if (r->references != NULL && r->references[0] != '\0') {
		zl_buf_puts(&help, " References: ");
		zl_buf_puts(&help, r->references);
	}
	report_json_string(b, help.data);
	zl_buf_free(&help);
	zl_buf_printf(b, "},\n%s\"defaultConfiguration\": {\"level\": \"%s\"}\n", in,
		      sarif_level(r->severity));
	zl_buf_puts(b, "            }");
}

static void put_result(struct zl_buf *b, const struct finding *f, const struct rule *table,
		       size_t rule_count)
{
	static const char in[] = "          ";
	zl_buf_puts(b, "        {\n");
	zl_buf_printf(b, "%s\"ruleId\": ", in);
	report_json_string(b, report_rule_id(f));
	long index = rule_index(f, table, rule_count);
	if (index >= 0)
		zl_buf_printf(b, ",\n%s\"ruleIndex\": %ld", in, index);
	zl_buf_printf(b, ",\n%s\"level\": \"%s\"", in, sarif_level(f->severity));

	/* the message, then the remedies as "fix:" lines; the records for
	 * properties.fix are rendered once */
	char **records = zl_calloc(f->fix_count + 1, sizeof(*records));
	struct zl_buf text;
	zl_buf_init(&text);
	zl_buf_puts(&text, f->message != NULL ? f->message : "");
	for (size_t i = 0; i < f->fix_count; i++) {
		const struct remedy *r = &f->fix[i];
		records[i] = report_remedy_record(f, r);
		zl_buf_printf(&text, "\nfix: %s", report_remedy_action(r));
		if (r->action != REMEDY_ADD)
			zl_buf_printf(&text, " line %lu", (unsigned long)r->line);
		zl_buf_printf(&text, "%s %s", r->action != REMEDY_ADD ? ":" : "", records[i]);
	}
	zl_buf_printf(b, ",\n%s\"message\": {\"text\": ", in);
	report_json_string(b, text.data != NULL ? text.data : "");
	zl_buf_free(&text);
	zl_buf_puts(b, "},\n");

	zl_buf_printf(b, "%s\"locations\": [\n%s  {\"physicalLocation\": {\"artifactLocation\": {",
		      in, in);
	put_uri(b, report_finding_file(f));
	zl_buf_printf(b, "}, \"region\": {\"startLine\": %lu, \"startColumn\": %lu}}}\n%s],\n",
		      report_finding_line(f), report_finding_column(f), in);
	zl_buf_puts(b, in);
	put_fingerprint(b, f);
	zl_buf_printf(b, ",\n%s\"properties\": {\"zone\": ", in);
	if (f->zone != NULL)
		report_json_string(b, f->zone->origin_text);
	else
		zl_buf_puts(b, "null");
	zl_buf_puts(b, ", \"owner\": ");
	report_json_string(b, f->owner);
	zl_buf_puts(b, ", \"fix\": [");
	for (size_t i = 0; i < f->fix_count; i++) {
		if (i > 0)
			zl_buf_puts(b, ", ");
		put_remedy_object(b, f, &f->fix[i], records[i]);
		free(records[i]);
	}
	free(records);
	zl_buf_puts(b, "]}\n        }");
}

void report_sarif(struct report_out *o, const struct findings *fs, const struct report_options *opt)
{
	struct zl_buf *b = &o->b;
	size_t rule_count = 0;
	const struct rule *table = rules_all(&rule_count);
	zl_buf_puts(b, "{\n"
		       "  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		       "  \"version\": \"2.1.0\",\n"
		       "  \"runs\": [\n"
		       "    {\n"
		       "      \"tool\": {\n"
		       "        \"driver\": {\n"
		       "          \"name\": \"zonelint\",\n"
		       "          \"version\": ");
	report_json_string(b, opt->version != NULL ? opt->version : "");
	zl_buf_puts(b, ",\n          \"rules\": [");
	for (size_t i = 0; i < rule_count; i++) {
		zl_buf_puts(b, i == 0 ? "\n" : ",\n");
		put_rule(b, &table[i]);
	}
	zl_buf_puts(b, rule_count > 0 ? "\n          ]\n" : "]\n");
	zl_buf_puts(b, "        }\n"
		       "      },\n"
		       "      \"results\": [");
	for (size_t i = 0; i < fs->count; i++) {
		zl_buf_puts(b, i == 0 ? "\n" : ",\n");
		put_result(b, &fs->v[i], table, rule_count);
		report_drain(o, false);
	}
	zl_buf_puts(b, fs->count > 0 ? "\n      ],\n" : "],\n");
	/* SARIF 3.20: whether the run could read every input; 3.14.22 (run
	 * properties): the configuration it read */
	zl_buf_printf(b, "      \"invocations\": [{\"executionSuccessful\": %s}]",
		      opt->incomplete ? "false" : "true");
	if (opt->config != NULL) {
		zl_buf_puts(b, ",\n      \"properties\": {\"configuration\": ");
		report_json_string(b, opt->config);
		zl_buf_putc(b, '}');
	}
	zl_buf_puts(b, "\n    }\n"
		       "  ]\n"
		       "}\n");
}
