/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/test_report.c: the report writers against their contracts
 * (DESIGN.md "Text output" and "JSON output", report/report.h): text byte for
 * byte, JSON strings per RFC 8259 7, SARIF 2.1.0 fields, GitHub escaping. */
#include "testutil.h"

#include <sys/wait.h>

#include "report/report.h"

/* the origin story: the wildcard and the CNAME that reaches mail */
static const char zone_text[] = "$ORIGIN example.net.\n"                                /* 1 */
				"@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n" /* 2 */
				"@ 3600 IN NS ns1\n"                                    /* 3 */
				"@ 3600 IN MX 10 mail\n"                                /* 4 */
				"ns1 3600 IN A 192.0.2.1\n"                             /* 5 */
				"mail 3600 IN A 192.0.2.25\n"                           /* 6 */
				"* 3600 IN A 192.0.2.80\n"                              /* 7 */
				"autodiscover 3600 IN CNAME mail\n";                    /* 8 */

#define MISMATCH_MESSAGE                                                                           \
	"autodiscover.example.net -> CNAME mail.example.net -> 192.0.2.25, certificate covers "    \
	"mail.example.net only"
#define SRV_RECORD "_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net."

struct fixture {
	struct zone *z;
	struct findings fs;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	fx->z = load_zone_text("example.net.zone", zone_text);
	findings_init(&fx->fs);
	fx->fs.files = 1;
	fx->fs.records = fx->z->rr_count;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	findings_free(&fx->fs);
	zone_free(fx->z);
	free(fx);
	return 0;
}

/* The record of the zone that starts at line. */
static uint32_t rr_at(const struct zone *z, unsigned long line)
{
	for (size_t i = 0; i < z->rr_count; i++)
		if (z->rrs[i].line == line)
			return (uint32_t)i;
	fail_msg("no record at line %lu", line);
	return ZONE_NONE;
}

/* A finding about the record at line (0: about the zone), as a rule makes it. */
static struct finding *add_finding(struct fixture *fx, const char *rule_id, enum zl_severity sev,
				   unsigned long line, const char *message)
{
	struct findings *fs = &fx->fs;
	fs->v = zl_grow(fs->v, &fs->cap, fs->count + 1, sizeof(*fs->v));
	struct finding *f = &fs->v[fs->count++];
	memset(f, 0, sizeof(*f));
	f->rule = rules_find(rule_id);
	assert_non_null(f->rule);
	f->severity = sev;
	f->zone = fx->z;
	f->file = fx->z->files[0];
	char owner[ZONE_TEXT_NAME_MAX];
	if (line != 0) {
		f->rr = rr_at(fx->z, line);
		f->line = line;
		zone_node_text(fx->z, fx->z->rrs[f->rr].node, owner, sizeof(owner));
	} else {
		f->rr = ZONE_NONE;
		f->line = 1;
		snprintf(owner, sizeof(owner), "%s", fx->z->origin_text);
	}
	f->owner = findings_text(fs, owner);
	f->message = findings_text(fs, message);
	return f;
}

static void fix_add(struct fixture *fx, struct finding *f, const char *record)
{
	findings_remedy(&fx->fs, f, REMEDY_ADD)->record = findings_text(&fx->fs, record);
}

/* record NULL: the writer prints the record from the zone */
static void fix_at(struct fixture *fx, struct finding *f, enum remedy_action action,
		   unsigned long line, const char *record)
{
	struct remedy *r = findings_remedy(&fx->fs, f, action);
	r->rr = rr_at(f->zone, line);
	r->file = f->zone->files[0];
	r->line = (uint32_t)line;
	r->record = findings_text(&fx->fs, record);
}

/* The origin-story finding with one remedy of each kind. */
static struct finding *add_mismatch(struct fixture *fx)
{
	struct finding *f =
		add_finding(fx, "autodiscover-cert-mismatch", ZL_SEV_ERROR, 8, MISMATCH_MESSAGE);
	fix_add(fx, f, SRV_RECORD);
	fix_at(fx, f, REMEDY_DELETE, 8, NULL);
	fix_at(fx, f, REMEDY_REPLACE, 7, "*.example.net. 3600 IN A 192.0.2.81");
	return f;
}

static char *render_as(const struct findings *fs, enum report_format format, bool color)
{
	char *data = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&data, &len);
	assert_non_null(out);
	struct report_options opt = {.format = format, .color = color, .version = "1.2.3"};
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(report_write(out, fs, &opt, &err), ZL_OK);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(strlen(data), len);
	return data;
}

static char *render(const struct findings *fs, enum report_format format)
{
	return render_as(fs, format, false);
}

#define assert_output(got, expected)                                                               \
	do {                                                                                       \
		if (strcmp((got), (expected)) != 0)                                                \
			print_error("expected:\n%s\ngot:\n%s\n", (expected), (got));               \
		assert_string_equal((got), (expected));                                            \
	} while (0)

/* Runs python3 with doc on its standard input; its exit status (0: the
 * checks in script passed). Skips the test when python3 is missing. */
static int python_check(const char *doc, const char *script)
{
	if (system("python3 -c '' >/dev/null 2>&1") != 0)
		skip();
	struct zl_buf cmd;
	zl_buf_init(&cmd);
	zl_buf_printf(&cmd, "python3 -c '%s'", script);
	FILE *p = popen(cmd.data, "w");
	zl_buf_free(&cmd);
	assert_non_null(p);
	fwrite(doc, 1, strlen(doc), p);
	int status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define PY_JSON "import json,sys; d=json.load(sys.stdin); "

/* ---- text ---- */

static void text_is_file_line_column_severity_message_and_rule_id(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "autodiscover-srv-missing", ZL_SEV_WARNING, 4,
		    "example.net has no _autodiscover._tcp SRV record");
	char *out = render(&fx->fs, REPORT_TEXT);
	assert_output(out,
		      "example.net.zone:4:1: warning: example.net has no _autodiscover._tcp SRV "
		      "record [autodiscover-srv-missing]\n");
	free(out);
}

static void text_lists_each_remedy_on_an_indented_fix_line(void **state)
{
	struct fixture *fx = *state;
	add_mismatch(fx);
	char *out = render(&fx->fs, REPORT_TEXT);
	assert_output(out, "example.net.zone:8:1: error: " MISMATCH_MESSAGE
			   " [autodiscover-cert-mismatch]\n"
			   "    fix: add " SRV_RECORD "\n"
			   "    fix: delete line 8: autodiscover.example.net. 3600 IN CNAME "
			   "mail.example.net.\n"
			   "    fix: replace line 7: *.example.net. 3600 IN A 192.0.2.81\n");
	free(out);
}

static void text_names_the_file_of_a_remedy_in_another_file(void **state)
{
	struct fixture *fx = *state;
	struct finding *f = add_finding(fx, "duplicate-record", ZL_SEV_WARNING, 6, "duplicate");
	fix_at(fx, f, REMEDY_DELETE, 6, "mail.example.net. 3600 IN A 192.0.2.25");
	f->fix[0].file = "include/hosts.zone";
	char *out = render(&fx->fs, REPORT_TEXT);
	assert_output(out,
		      "example.net.zone:6:1: warning: duplicate [duplicate-record]\n"
		      "    fix: delete line 6 of include/hosts.zone: mail.example.net. 3600 IN A "
		      "192.0.2.25\n");
	free(out);
}

static void text_without_colour_has_no_escape_codes(void **state)
{
	struct fixture *fx = *state;
	add_mismatch(fx);
	add_finding(fx, "autodiscover-srv-missing", ZL_SEV_WARNING, 4, "w");
	add_finding(fx, "wildcard-cname", ZL_SEV_NOTE, 7, "n");
	char *out = render_as(&fx->fs, REPORT_TEXT, false);
	assert_null(strchr(out, '\033'));
	free(out);
}

static void text_with_colour_marks_location_severity_and_rule_id(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7, "e");
	add_finding(fx, "autodiscover-srv-missing", ZL_SEV_WARNING, 4, "w");
	fix_add(fx, add_finding(fx, "wildcard-cname", ZL_SEV_NOTE, 7, "n"), SRV_RECORD);
	char *out = render_as(&fx->fs, REPORT_TEXT, true);
	assert_output(out, "\033[1mexample.net.zone:7:1:\033[0m \033[1;31merror:\033[0m e "
			   "\033[2m[autodiscover-wildcard]\033[0m\n"
			   "\033[1mexample.net.zone:4:1:\033[0m \033[1;33mwarning:\033[0m w "
			   "\033[2m[autodiscover-srv-missing]\033[0m\n"
			   "\033[1mexample.net.zone:7:1:\033[0m \033[1;36mnote:\033[0m n "
			   "\033[2m[wildcard-cname]\033[0m\n"
			   "    fix: add " SRV_RECORD "\n");
	free(out);
}

static void text_keeps_a_finding_on_one_line_by_escaping_control_characters(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7, "two\nlines\033[2J\tand a tab");
	char *out = render(&fx->fs, REPORT_TEXT);
	assert_output(out, "example.net.zone:7:1: error: two\\010lines\\027[2J\\009and a tab "
			   "[autodiscover-wildcard]\n");
	free(out);
}

static void text_of_no_findings_is_empty(void **state)
{
	struct fixture *fx = *state;
	char *out = render_as(&fx->fs, REPORT_TEXT, true);
	assert_output(out, "");
	free(out);
}

/* ---- summary ---- */

static void summary_counts_findings_by_severity_with_files_and_records(void **state)
{
	struct fixture *fx = *state;
	add_mismatch(fx);
	add_finding(fx, "autodiscover-srv-missing", ZL_SEV_WARNING, 4, "w");
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7, "e");
	fx->fs.files = 2;
	fx->fs.records = 14;
	char line[256];
	report_summary(&fx->fs, line, sizeof(line));
	assert_string_equal(line,
			    "3 findings (2 errors, 1 warning, 0 notes) in 2 files, 14 records");
}

static void summary_uses_the_singular_for_one(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "wildcard-cname", ZL_SEV_NOTE, 7, "n");
	fx->fs.records = 1;
	char line[256];
	report_summary(&fx->fs, line, sizeof(line));
	assert_string_equal(line, "1 finding (0 errors, 0 warnings, 1 note) in 1 file, 1 record");
}

static void summary_of_no_findings_says_zero(void **state)
{
	struct fixture *fx = *state;
	char line[256];
	report_summary(&fx->fs, line, sizeof(line));
	assert_string_equal(line,
			    "0 findings (0 errors, 0 warnings, 0 notes) in 1 file, 7 records");
}

/* ---- JSON ---- */

static void json_is_the_design_shape_byte_for_byte(void **state)
{
	struct fixture *fx = *state;
	add_mismatch(fx);
	add_finding(fx, "autodiscover-srv-missing", ZL_SEV_WARNING, 0, "no SRV");
	char *out = render(&fx->fs, REPORT_JSON);
	assert_output(
		out,
		"{\n"
		"  \"zonelint\": \"1.2.3\",\n"
		"  \"findings\": [\n"
		"    {\n"
		"      \"rule\": \"autodiscover-cert-mismatch\",\n"
		"      \"severity\": \"error\",\n"
		"      \"file\": \"example.net.zone\",\n"
		"      \"line\": 8,\n"
		"      \"column\": 1,\n"
		"      \"zone\": \"example.net.\",\n"
		"      \"owner\": \"autodiscover.example.net.\",\n"
		"      \"message\": \"" MISMATCH_MESSAGE "\",\n"
		"      \"fix\": [\n"
		"        {\"action\": \"add\", \"record\": \"" SRV_RECORD "\"},\n"
		"        {\"action\": \"delete\", \"file\": \"example.net.zone\", \"line\": 8, "
		"\"record\": \"autodiscover.example.net. 3600 IN CNAME mail.example.net.\"},\n"
		"        {\"action\": \"replace\", \"file\": \"example.net.zone\", \"line\": 7, "
		"\"record\": \"*.example.net. 3600 IN A 192.0.2.81\"}\n"
		"      ]\n"
		"    },\n"
		"    {\n"
		"      \"rule\": \"autodiscover-srv-missing\",\n"
		"      \"severity\": \"warning\",\n"
		"      \"file\": \"example.net.zone\",\n"
		"      \"line\": 1,\n"
		"      \"column\": 1,\n"
		"      \"zone\": \"example.net.\",\n"
		"      \"owner\": \"example.net.\",\n"
		"      \"message\": \"no SRV\",\n"
		"      \"fix\": []\n"
		"    }\n"
		"  ],\n"
		"  \"summary\": {\"files\": 1, \"records\": 7, \"errors\": 1, \"warnings\": 1, "
		"\"notes\": 0}\n"
		"}\n");
	free(out);
}

static void json_parses_and_keeps_the_key_order(void **state)
{
	struct fixture *fx = *state;
	add_mismatch(fx);
	char *out = render(&fx->fs, REPORT_JSON);
	assert_int_equal(
		python_check(out,
			     "import json,sys; "
			     "d=json.load(sys.stdin, object_pairs_hook=list); "
			     "assert [k for k,v in d] == [\"zonelint\",\"findings\",\"summary\"]; "
			     "f=dict(d)[\"findings\"][0]; "
			     "assert [k for k,v in f] == "
			     "[\"rule\",\"severity\",\"file\",\"line\",\"column\",\"zone\","
			     "\"owner\",\"message\",\"fix\"]; "
			     "assert [k for k,v in dict(d)[\"summary\"]] == "
			     "[\"files\",\"records\",\"errors\",\"warnings\",\"notes\"]"),
		0);
	free(out);
}

static void json_escapes_quotes_backslashes_and_control_characters(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7,
		    "say \"hi\" \\ back\nnew\ttab\001bell\x1f\x7f\b\f\r");
	char *out = render(&fx->fs, REPORT_JSON);
	assert_non_null(strstr(out, "\"message\": \"say \\\"hi\\\" \\\\ back\\nnew\\ttab\\u0001bell"
				    "\\u001f\\u007f\\b\\f\\r\",\n"));
	assert_int_equal(
		python_check(
			out, PY_JSON
			"assert d[\"findings\"][0][\"message\"] == "
			"\"say \\\"hi\\\" \\\\ back\\nnew\\ttab\\x01bell\\x1f\\x7f\\b\\f\\r\""),
		0);
	free(out);
}

static void json_passes_valid_utf8_through(void **state)
{
	struct fixture *fx = *state;
	/* é (2 bytes), € (3), U+10FFFF (4), 😀 (4) */
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7,
		    "caf\xc3\xa9 \xe2\x82\xac \xf4\x8f\xbf\xbf \xf0\x9f\x98\x80");
	char *out = render(&fx->fs, REPORT_JSON);
	assert_non_null(strstr(out, "\"message\": \"caf\xc3\xa9 \xe2\x82\xac \xf4\x8f\xbf\xbf "
				    "\xf0\x9f\x98\x80\",\n"));
	free(out);
}

static void json_escapes_each_byte_of_invalid_utf8(void **state)
{
	struct fixture *fx = *state;
	/* Latin-1 é; a lone continuation byte; an overlong '/'; a surrogate;
	 * above U+10FFFF; a sequence cut short by the end of the string */
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7,
		    "caf\xe9 \x80 \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82");
	char *out = render(&fx->fs, REPORT_JSON);
	assert_non_null(strstr(out, "\"message\": \"caf\\u00e9 \\u0080 \\u00c0\\u00af "
				    "\\u00ed\\u00a0\\u0080 \\u00f4\\u0090\\u0080\\u0080 "
				    "\\u00e2\\u0082\",\n"));
	/* Python's UTF-8 decoder is strict: the document as a whole is valid */
	assert_int_equal(
		python_check(out,
			     "import json,sys; "
			     "json.loads(sys.stdin.buffer.read().decode(\"utf-8\", \"strict\"))"),
		0);
	free(out);
}

static void json_escapes_line_and_paragraph_separators(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7,
		    "a\xe2\x80\xa8"
		    "b\xe2\x80\xa9"
		    "c");
	char *out = render(&fx->fs, REPORT_JSON);
	assert_non_null(strstr(out, "\"message\": \"a\\u2028b\\u2029c\",\n"));
	free(out);
}

static void json_of_no_findings_has_an_empty_list_and_zero_counts(void **state)
{
	struct fixture *fx = *state;
	char *out = render(&fx->fs, REPORT_JSON);
	assert_output(out, "{\n"
			   "  \"zonelint\": \"1.2.3\",\n"
			   "  \"findings\": [],\n"
			   "  \"summary\": {\"files\": 1, \"records\": 7, \"errors\": 0, "
			   "\"warnings\": 0, \"notes\": 0}\n"
			   "}\n");
	assert_int_equal(python_check(out, PY_JSON "assert d[\"findings\"] == []"), 0);
	free(out);
}

/* ---- SARIF ---- */

static void sarif_of_no_findings_lists_every_rule_and_no_results(void **state)
{
	struct fixture *fx = *state;
	size_t count = 0;
	rules_all(&count);
	char *out = render(&fx->fs, REPORT_SARIF);
	char script[1024];
	snprintf(script, sizeof(script),
		 PY_JSON
		 "assert d[\"version\"] == \"2.1.0\"; "
		 "assert d[\"$schema\"] == \"https://json.schemastore.org/sarif-2.1.0.json\"; "
		 "assert len(d[\"runs\"]) == 1; r=d[\"runs\"][0]; "
		 "assert r[\"results\"] == []; dr=r[\"tool\"][\"driver\"]; "
		 "assert dr[\"name\"] == \"zonelint\" and dr[\"version\"] == \"1.2.3\"; "
		 "assert \"informationUri\" not in dr; "
		 "assert len(dr[\"rules\"]) == %zu",
		 count);
	assert_int_equal(python_check(out, script), 0);
	free(out);
}

static void sarif_rule_has_descriptions_help_with_references_and_level(void **state)
{
	struct fixture *fx = *state;
	const struct rule *rule = rules_find("autodiscover-srv-missing");
	char *out = render(&fx->fs, REPORT_SARIF);
	assert_non_null(strstr(out, "\"id\": \"autodiscover-srv-missing\",\n"
				    "              \"name\": \"AutodiscoverSrvMissing\",\n"));
	struct zl_buf want;
	zl_buf_init(&want);
	zl_buf_printf(&want, "\"help\": {\"text\": \"%s References: %s\"},\n", rule->help,
		      rule->references);
	zl_buf_puts(&want, "              \"defaultConfiguration\": {\"level\": \"warning\"}");
	assert_non_null(strstr(out, want.data));
	zl_buf_free(&want);
	free(out);
}

static void sarif_result_names_rule_index_level_and_region(void **state)
{
	struct fixture *fx = *state;
	add_mismatch(fx);
	size_t count = 0;
	const struct rule *table = rules_all(&count);
	long index = (long)(rules_find("autodiscover-cert-mismatch") - table);
	char *out = render(&fx->fs, REPORT_SARIF);
	char script[2048];
	snprintf(script, sizeof(script),
		 PY_JSON "r=d[\"runs\"][0][\"results\"][0]; "
			 "assert r[\"ruleId\"] == \"autodiscover-cert-mismatch\"; "
			 "assert r[\"ruleIndex\"] == %ld; assert r[\"level\"] == \"error\"; "
			 "pl=r[\"locations\"][0][\"physicalLocation\"]; "
			 "assert pl[\"artifactLocation\"] == {\"uri\": \"example.net.zone\", "
			 "\"uriBaseId\": \"SRCROOT\"}; "
			 "assert pl[\"region\"] == {\"startLine\": 8, \"startColumn\": 1}; "
			 "assert r[\"properties\"][\"owner\"] == \"autodiscover.example.net.\"; "
			 "assert r[\"properties\"][\"zone\"] == \"example.net.\"; "
			 "assert len(r[\"partialFingerprints\"][\"zonelintFinding/v1\"]) == 16",
		 index);
	assert_int_equal(python_check(out, script), 0);
	free(out);
}

static void sarif_message_carries_the_remedies_as_fix_lines(void **state)
{
	struct fixture *fx = *state;
	add_mismatch(fx);
	char *out = render(&fx->fs, REPORT_SARIF);
	assert_non_null(
		strstr(out, "\"message\": {\"text\": \"" MISMATCH_MESSAGE "\\nfix: add " SRV_RECORD
			    "\\nfix: delete line 8: autodiscover.example.net. 3600 IN CNAME "
			    "mail.example.net.\\nfix: replace line 7: *.example.net. 3600 IN A "
			    "192.0.2.81\"}"));
	assert_int_equal(
		python_check(
			out, PY_JSON
			"fx=d[\"runs\"][0][\"results\"][0][\"properties\"][\"fix\"]; "
			"assert [x[\"action\"] for x in fx] == [\"add\",\"delete\",\"replace\"]; "
			"assert fx[1][\"line\"] == 8 and fx[1][\"file\"] == \"example.net.zone\""),
		0);
	free(out);
}

static void sarif_uri_keeps_relative_paths_relative_and_percent_encodes(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7, "e")->file =
		"zones/db.my zone,v1";
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7, "e")->file =
		"/srv/dns/caf\xc3\xa9.zone";
	char *out = render(&fx->fs, REPORT_SARIF);
	assert_non_null(
		strstr(out, "{\"uri\": \"zones/db.my%20zone%2Cv1\", \"uriBaseId\": \"SRCROOT\"}"));
	assert_non_null(strstr(out, "{\"uri\": \"file:///srv/dns/caf%C3%A9.zone\"}"));
	free(out);
}

static void sarif_fingerprint_does_not_depend_on_the_line(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7, "e");
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7, "e")->line = 70;
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7, "other message");
	char *out = render(&fx->fs, REPORT_SARIF);
	assert_int_equal(python_check(out, PY_JSON
				      "fp=[r[\"partialFingerprints\"][\"zonelintFinding/v1\"] "
				      "for r in d[\"runs\"][0][\"results\"]]; "
				      "assert fp[0] == fp[1] and fp[0] != fp[2]"),
			 0);
	free(out);
}

/* ---- GitHub workflow commands ---- */

static void github_writes_one_command_a_finding_with_fixes_as_escaped_lines(void **state)
{
	struct fixture *fx = *state;
	add_mismatch(fx);
	char *out = render(&fx->fs, REPORT_GITHUB);
	assert_output(out, "::error "
			   "file=example.net.zone,line=8,col=1,title=autodiscover-cert-mismatch:"
			   ":" MISMATCH_MESSAGE "%0Afix: add " SRV_RECORD
			   "%0Afix: delete line 8: autodiscover.example.net. 3600 IN CNAME "
			   "mail.example.net.%0Afix: replace line 7: *.example.net. 3600 IN A "
			   "192.0.2.81\n");
	free(out);
}

static void github_uses_warning_and_notice_for_the_other_severities(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "autodiscover-srv-missing", ZL_SEV_WARNING, 4, "w");
	add_finding(fx, "wildcard-cname", ZL_SEV_NOTE, 7, "n");
	char *out = render(&fx->fs, REPORT_GITHUB);
	assert_output(
		out,
		"::warning file=example.net.zone,line=4,col=1,title=autodiscover-srv-missing::w\n"
		"::notice file=example.net.zone,line=7,col=1,title=wildcard-cname::n\n");
	free(out);
}

static void github_escapes_percent_and_line_breaks_in_the_message(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7, "100% a:b,c\r\nnext");
	char *out = render(&fx->fs, REPORT_GITHUB);
	assert_output(out,
		      "::error file=example.net.zone,line=7,col=1,title=autodiscover-wildcard::"
		      "100%25 a:b,c%0D%0Anext\n");
	free(out);
}

static void github_escapes_colon_comma_and_percent_in_properties(void **state)
{
	struct fixture *fx = *state;
	add_finding(fx, "autodiscover-wildcard", ZL_SEV_ERROR, 7, "e")->file = "C:/z,1%\n.zone";
	char *out = render(&fx->fs, REPORT_GITHUB);
	assert_output(
		out,
		"::error file=C%3A/z%2C1%25%0A.zone,line=7,col=1,title=autodiscover-wildcard::e\n");
	free(out);
}

static void github_of_no_findings_is_empty(void **state)
{
	struct fixture *fx = *state;
	char *out = render(&fx->fs, REPORT_GITHUB);
	assert_output(out, "");
	free(out);
}

/* ---- formats and writing ---- */

static void format_names_are_text_json_sarif_and_github_only(void **state)
{
	(void)state;
	enum report_format f = REPORT_TEXT;
	assert_true(report_format_parse("json", &f));
	assert_int_equal(f, REPORT_JSON);
	assert_true(report_format_parse("sarif", &f));
	assert_int_equal(f, REPORT_SARIF);
	assert_true(report_format_parse("github", &f));
	assert_int_equal(f, REPORT_GITHUB);
	assert_true(report_format_parse("text", &f));
	assert_int_equal(f, REPORT_TEXT);
	assert_false(report_format_parse("JSON", &f));
	assert_false(report_format_parse("xml", &f));
	assert_false(report_format_parse("", &f));
}

/* A report far larger than the chunk the writers send at a time comes out
 * whole, each finding once and in order, in every format. */
static void report_larger_than_a_chunk_is_written_whole_in_order(void **state)
{
	struct fixture *fx = *state;
	for (int i = 0; i < 1500; i++) {
		char message[64];
		snprintf(message, sizeof(message), "finding number %04d", i);
		struct finding *f = add_finding(fx, "wildcard-cname", ZL_SEV_WARNING, 7, message);
		fix_add(fx, f, SRV_RECORD);
	}
	static const enum report_format formats[] = {REPORT_JSON, REPORT_TEXT, REPORT_SARIF,
						     REPORT_GITHUB};
	for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++) {
		char *out = render(&fx->fs, formats[k]);
		assert_true(strlen(out) > 2 * 65536);
		const char *p = out;
		for (int i = 0; i < 1500; i++) {
			char message[64];
			snprintf(message, sizeof(message), "finding number %04d", i);
			p = strstr(p, message);
			assert_non_null(p);
			p++;
		}
		if (formats[k] == REPORT_JSON) {
			assert_int_equal(python_check(out, PY_JSON "sys.exit(len(d[\"findings\"]) != 1500)"), 0);
			assert_non_null(strstr(out, "\"warnings\": 1500, \"notes\": 0}\n}\n"));
		}
		free(out);
	}
}

static void write_to_a_full_device_fails_with_eio(void **state)
{
	struct fixture *fx = *state;
	add_mismatch(fx);
	FILE *out = fopen("/dev/full", "w");
	if (out == NULL)
		skip();
	struct report_options opt = {.format = REPORT_JSON, .version = "1"};
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(report_write(out, &fx->fs, &opt, &err), ZL_EIO);
	assert_int_equal(err.code, ZL_EIO);
	fclose(out);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(text_is_file_line_column_severity_message_and_rule_id),
		T(report_larger_than_a_chunk_is_written_whole_in_order),
		T(text_lists_each_remedy_on_an_indented_fix_line),
		T(text_names_the_file_of_a_remedy_in_another_file),
		T(text_without_colour_has_no_escape_codes),
		T(text_with_colour_marks_location_severity_and_rule_id),
		T(text_keeps_a_finding_on_one_line_by_escaping_control_characters),
		T(text_of_no_findings_is_empty),
		T(summary_counts_findings_by_severity_with_files_and_records),
		T(summary_uses_the_singular_for_one),
		T(summary_of_no_findings_says_zero),
		T(json_is_the_design_shape_byte_for_byte),
		T(json_parses_and_keeps_the_key_order),
		T(json_escapes_quotes_backslashes_and_control_characters),
		T(json_passes_valid_utf8_through),
		T(json_escapes_each_byte_of_invalid_utf8),
		T(json_escapes_line_and_paragraph_separators),
		T(json_of_no_findings_has_an_empty_list_and_zero_counts),
		T(sarif_of_no_findings_lists_every_rule_and_no_results),
		T(sarif_rule_has_descriptions_help_with_references_and_level),
		T(sarif_result_names_rule_index_level_and_region),
		T(sarif_message_carries_the_remedies_as_fix_lines),
		T(sarif_uri_keeps_relative_paths_relative_and_percent_encodes),
		T(sarif_fingerprint_does_not_depend_on_the_line),
		T(github_writes_one_command_a_finding_with_fixes_as_escaped_lines),
		T(github_uses_warning_and_notice_for_the_other_severities),
		T(github_escapes_percent_and_line_breaks_in_the_message),
		T(github_escapes_colon_comma_and_percent_in_properties),
		T(github_of_no_findings_is_empty),
		T(format_names_are_text_json_sarif_and_github_only),
		T(write_to_a_full_device_fails_with_eio),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
