/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/report/report_sample.c: writes a fixed set of synthetic findings
 * (every severity, every remedy kind, awkward strings and paths) in one
 * report format, for test_report_schemas.sh to validate against the JSON
 * Schemas (ours, and SARIF 2.1.0's).
 * Usage: report_sample text|json|sarif|github [--empty] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

static const char zone_text[] = "$ORIGIN example.net.\n"
				"@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
				"@ 3600 IN NS ns1\n"
				"@ 3600 IN MX 10 mail\n"
				"ns1 3600 IN A 192.0.2.1\n"
				"mail 3600 IN A 192.0.2.25\n"
				"* 3600 IN A 192.0.2.80\n"
				"autodiscover 3600 IN CNAME mail\n"
				"_imaps._tcp 3600 IN SRV 0 1 993 autodiscover\n";

static uint32_t rr_at(const struct zone *z, unsigned long line)
{
	for (size_t i = 0; i < z->rr_count; i++)
		if (z->rrs[i].line == line)
			return (uint32_t)i;
	fprintf(stderr, "report_sample: no record at line %lu\n", line);
	exit(99);
}

static struct finding *add(struct findings *fs, const struct zone *z, const char *rule_id,
			   enum zl_severity sev, unsigned long line, const char *message)
{
	fs->v = zl_grow(fs->v, &fs->cap, fs->count + 1, sizeof(*fs->v));
	struct finding *f = &fs->v[fs->count++];
	memset(f, 0, sizeof(*f));
	f->rule = rules_find(rule_id);
	if (f->rule == NULL) {
		fprintf(stderr, "report_sample: no rule %s\n", rule_id);
		exit(99);
	}
	f->severity = sev;
	f->zone = z;
	f->file = z->files[0];
	f->rr = rr_at(z, line);
	f->line = line;
	char owner[ZONE_TEXT_NAME_MAX];
	zone_node_text(z, z->rrs[f->rr].node, owner, sizeof(owner));
	f->owner = findings_text(fs, owner);
	f->message = findings_text(fs, message);
	return f;
}

static void remedy(struct findings *fs, struct finding *f, enum remedy_action action,
		   unsigned long line, const char *record)
{
	struct remedy *r = findings_remedy(fs, f, action);
	r->record = findings_text(fs, record);
	if (action != REMEDY_ADD) {
		r->rr = rr_at(f->zone, line);
		r->file = f->file;
		r->line = (uint32_t)line;
	}
}

int main(int argc, char **argv)
{
	enum report_format format;
	if (argc < 2 || !report_format_parse(argv[1], &format) ||
	    (argc == 3 && strcmp(argv[2], "--empty") != 0) || argc > 3) {
		fprintf(stderr, "usage: report_sample text|json|sarif|github [--empty]\n");
		return 2;
	}
	struct zone *z = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	if (zone_load_string(zone_text, strlen(zone_text), "zones/example.net.zone", NULL, &z,
			     &err) != ZL_OK) {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		fprintf(stderr, "report_sample: %s\n", msg);
		return 99;
	}
	struct findings fs;
	findings_init(&fs);
	fs.files = 2;
	fs.records = z->rr_count;
	if (argc == 2) {
		struct finding *f =
			add(&fs, z, "autodiscover-cert-mismatch", ZL_SEV_ERROR, 8,
			    "autodiscover.example.net \xe2\x86\x92 CNAME mail.example.net "
			    "\xe2\x86\x92 192.0.2.25, certificate covers mail.example.net only");
		remedy(&fs, f, REMEDY_ADD, 0,
		       "_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net.");
		remedy(&fs, f, REMEDY_DELETE, 8, NULL);
		remedy(&fs, f, REMEDY_ADD, 0,
		       "autodiscover.example.net. 3600 IN TXT \"no address here\"");
		f = add(&fs, z, "autodiscover-wildcard", ZL_SEV_ERROR, 7,
			"quotes \"q\", backslash \\, newline\nand tab\t, bell\a, "
			"invalid \xff\xfe bytes, 100% a:b,c");
		f = add(&fs, z, "mail-srv-target-alias", ZL_SEV_ERROR, 9,
			"_imaps._tcp.example.net SRV target autodiscover.example.net is an alias");
		remedy(&fs, f, REMEDY_REPLACE, 9,
		       "_imaps._tcp.example.net. 3600 IN SRV 0 1 993 mail.example.net.");
		f = add(&fs, z, "autodiscover-srv-missing", ZL_SEV_WARNING, 4,
			"example.net has no _autodiscover._tcp SRV record");
		f->file = "/srv/dns/db.example net,v1:caf\xc3\xa9";
		add(&fs, z, "wildcard-cname", ZL_SEV_NOTE, 7, "a note");
	}
	struct report_options opt = {.format = format, .color = false, .version = "0.0-test"};
	int rc = report_write(stdout, &fs, &opt, &err);
	findings_free(&fs);
	zone_free(z);
	if (rc != ZL_OK) {
		fprintf(stderr, "report_sample: %s\n", err.message);
		return 1;
	}
	return 0;
}
