/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/test_config.c: the .zonelint.yaml schema of DESIGN.md, every kind
 * of error with its FILE:LINE, pem paths relative to the configuration, and
 * where config_find looks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"

#define NAME "zones/.zonelint.yaml"

static struct config *load_ok(const char *text)
{
	struct config *c = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	int rc = config_load_string(text, strlen(text), NAME, &c, &err);
	if (rc != ZL_OK) {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		print_error("unexpected error: %s\n", msg);
	}
	assert_int_equal(rc, ZL_OK);
	assert_non_null(c);
	return c;
}

/* Loading text fails with "zones/.zonelint.yaml:LINE: ...message_part...". */
static void expect_error(const char *text, int code, unsigned long line, const char *message_part)
{
	struct config *c = (struct config *)1;
	struct zl_error err;
	zl_error_clear(&err);
	int rc = config_load_string(text, strlen(text), NAME, &c, &err);
	char msg[2200];
	zl_error_format(&err, msg, sizeof(msg));
	if (rc != code || err.line != line || strstr(err.message, message_part) == NULL)
		print_error("expected %d at line %lu with \"%s\"\n  got %d: %s\n", code, line,
			    message_part, rc, msg);
	assert_int_equal(rc, code);
	assert_int_equal(err.code, code);
	assert_null(c);
	assert_string_equal(err.file, NAME);
	assert_int_equal(err.line, line);
	assert_non_null(strstr(err.message, message_part));
}

/* ---- what parses ---- */

static const char design_example[] =
	"certificates:                 # what a TLS client sees on port 443\n"
	"  - names: [mail.example.net]           # SAN dNSNames covered\n"
	"    hosts: [mail.example.net]           # names (resolved in the zones) or addresses\n"
	"  - pem: certs/web.pem                  # or read the names from a certificate file\n"
	"    hosts: [192.0.2.80]\n"
	"mail:\n"
	"  domains: [example.net]      # default: every owner that has MX records\n"
	"  autodiscover-host: mail.example.net   # where fixes point the SRV record\n"
	"rules:\n"
	"  autodiscover-srv-missing: error       # error | warning | note | off\n";

static void design_example_parses_completely(void **state)
{
	(void)state;
	struct config *c = load_ok(design_example);
	assert_string_equal(c->path, NAME);
	assert_int_equal(c->certificate_count, 2);

	const struct config_certificate *a = &c->certificates[0];
	assert_int_equal(a->line, 2);
	assert_int_equal(a->name_count, 1);
	assert_string_equal(a->names[0], "mail.example.net");
	assert_null(a->pem);
	assert_int_equal(a->host_count, 1);
	assert_string_equal(a->hosts[0], "mail.example.net");

	const struct config_certificate *b = &c->certificates[1];
	assert_int_equal(b->line, 4);
	assert_int_equal(b->name_count, 0);
	assert_string_equal(b->pem, "zones/certs/web.pem");
	assert_int_equal(b->host_count, 1);
	assert_string_equal(b->hosts[0], "192.0.2.80");

	assert_true(c->has_mail_domains);
	assert_int_equal(c->mail_domain_count, 1);
	assert_string_equal(c->mail_domains[0], "example.net");
	assert_string_equal(c->autodiscover_host, "mail.example.net");

	assert_int_equal(c->rule_count, 1);
	assert_string_equal(c->rules[0].id, "autodiscover-srv-missing");
	assert_int_equal(c->rules[0].severity, ZL_SEV_ERROR);
	assert_int_equal(c->rules[0].line, 10);
	config_free(c);
}

static void every_severity_is_read(void **state)
{
	(void)state;
	struct config *c = load_ok("rules:\n  a: error\n  b: warning\n  c: note\n  d: off\n");
	assert_int_equal(c->rule_count, 4);
	assert_int_equal(c->rules[0].severity, ZL_SEV_ERROR);
	assert_int_equal(c->rules[1].severity, ZL_SEV_WARNING);
	assert_int_equal(c->rules[2].severity, ZL_SEV_NOTE);
	assert_int_equal(c->rules[3].severity, ZL_SEV_OFF);
	assert_int_equal(c->rules[3].line, 5);
	config_free(c);
}

static void empty_file_is_an_empty_configuration(void **state)
{
	(void)state;
	static const char *const empties[] = {"", "\n\n", "# nothing but a comment\n", "---\n",
					      "certificates:\nmail:\nrules:\n"};
	for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		struct config *c = load_ok(empties[i]);
		assert_int_equal(c->certificate_count, 0);
		assert_false(c->has_mail_domains);
		assert_null(c->autodiscover_host);
		assert_int_equal(c->rule_count, 0);
		config_free(c);
	}
}

static void empty_domain_list_means_no_mail_domains(void **state)
{
	(void)state;
	struct config *c = load_ok("mail:\n  domains: []\n");
	assert_true(c->has_mail_domains);
	assert_int_equal(c->mail_domain_count, 0);
	config_free(c);
}

static void aliases_share_a_list(void **state)
{
	(void)state;
	struct config *c = load_ok("certificates:\n"
				   "  - names: [mail.example.net]\n"
				   "    hosts: &front [192.0.2.25, 2001:db8::25]\n"
				   "  - names: [www.example.net]\n"
				   "    hosts: *front\n");
	assert_int_equal(c->certificate_count, 2);
	assert_int_equal(c->certificates[1].host_count, 2);
	assert_string_equal(c->certificates[1].hosts[1], "2001:db8::25");
	config_free(c);
}

static void empty_configuration_has_no_path(void **state)
{
	(void)state;
	struct config *c = config_new_empty();
	assert_string_equal(c->path, "");
	assert_int_equal(c->certificate_count, 0);
	assert_int_equal(c->rule_count, 0);
	assert_false(c->has_mail_domains);
	config_free(c);
	config_free(NULL);
}

/* ---- pem paths ---- */

static char *pem_of(const char *name, const char *pem)
{
	char text[256];
	snprintf(text, sizeof(text), "certificates:\n  - pem: %s\n    hosts: [a]\n", pem);
	struct config *c = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(config_load_string(text, strlen(text), name, &c, &err), ZL_OK);
	char *path = strdup(c->certificates[0].pem);
	config_free(c);
	return path;
}

static void pem_path_is_relative_to_the_configuration_directory(void **state)
{
	(void)state;
	char *p = pem_of("zones/.zonelint.yaml", "certs/web.pem");
	assert_string_equal(p, "zones/certs/web.pem");
	free(p);
	p = pem_of("/etc/zonelint/.zonelint.yaml", "web.pem");
	assert_string_equal(p, "/etc/zonelint/web.pem");
	free(p);
	p = pem_of(".zonelint.yaml", "certs/web.pem");
	assert_string_equal(p, "certs/web.pem");
	free(p);
}

static void absolute_pem_path_is_kept(void **state)
{
	(void)state;
	char *p = pem_of("zones/.zonelint.yaml", "/etc/ssl/web.pem");
	assert_string_equal(p, "/etc/ssl/web.pem");
	free(p);
}

/* ---- errors, each at its line ---- */

static void yaml_syntax_error_reports_its_line(void **state)
{
	(void)state;
	expect_error("mail:\n  domains: [example.net]\n  autodiscover-host: a: b\nrules:\n",
		     ZL_EPARSE, 3, "YAML syntax error: mapping values are not allowed");
	expect_error("certificates:\n  - names: [a]\n    hosts: [b]\n   - pem: x\n", ZL_EPARSE, 4,
		     "YAML syntax error");
}

static void bad_encoding_reports_its_line(void **state)
{
	(void)state;
	expect_error("mail:\n  autodiscover-host: \"a\xff\"\n", ZL_EPARSE, 2, "YAML syntax error");
}

static void unknown_top_level_key_suggests_the_closest(void **state)
{
	(void)state;
	expect_error("mail: {}\ncertficates:\n  - names: [a]\n", ZL_ECONFIG, 2,
		     "unknown key 'certficates' (did you mean 'certificates'?)");
}

static void unknown_key_far_from_any_lists_the_known_keys(void **state)
{
	(void)state;
	expect_error("zones: [a]\n", ZL_ECONFIG, 1,
		     "unknown key 'zones' (known keys: certificates, mail, rules)");
}

static void unknown_key_in_a_certificates_entry_reports_its_line(void **state)
{
	(void)state;
	expect_error("certificates:\n  - names: [a]\n    hosts: [b]\n  - pem: x\n    hsots: [b]\n",
		     ZL_ECONFIG, 5,
		     "unknown key 'hsots' in a 'certificates' entry (did you mean 'hosts'?)");
}

static void unknown_key_in_mail_reports_its_line(void **state)
{
	(void)state;
	expect_error("mail:\n  domains: [example.net]\n  autodiscover_host: mail\n", ZL_ECONFIG, 3,
		     "unknown key 'autodiscover_host' in 'mail' "
		     "(did you mean 'autodiscover-host'?)");
}

static void duplicate_key_is_an_error(void **state)
{
	(void)state;
	expect_error("rules:\n  a: error\n  a: off\n", ZL_ECONFIG, 3,
		     "duplicate key 'a' (first at line 2)");
}

static void configuration_that_is_not_a_mapping_is_an_error(void **state)
{
	(void)state;
	expect_error("\n- certificates\n", ZL_ECONFIG, 2, "the configuration must be a mapping");
}

static void hosts_that_is_not_a_list_is_a_type_error(void **state)
{
	(void)state;
	expect_error("certificates:\n  - names: [a]\n    hosts: mail.example.net\n", ZL_ECONFIG, 3,
		     "'hosts' must be a list of strings");
}

static void list_item_that_is_not_a_string_reports_the_item_line(void **state)
{
	(void)state;
	expect_error("mail:\n  domains:\n    - example.net\n    - {a: b}\n", ZL_ECONFIG, 4,
		     "'domains' must be a list of strings");
}

static void string_value_that_is_a_list_is_a_type_error(void **state)
{
	(void)state;
	expect_error("certificates:\n  - hosts: [a]\n    pem: [a.pem]\n", ZL_ECONFIG, 3,
		     "'pem' must be a string");
	expect_error("mail:\n  autodiscover-host:\n", ZL_ECONFIG, 2,
		     "'autodiscover-host' must be a string");
}

static void sections_of_the_wrong_type_are_errors(void **state)
{
	(void)state;
	expect_error("certificates: yes\n", ZL_ECONFIG, 1, "'certificates' must be a list");
	expect_error("certificates:\n  - mail.example.net\n", ZL_ECONFIG, 2,
		     "a 'certificates' entry must be a mapping");
	expect_error("mail: [example.net]\n", ZL_ECONFIG, 1, "'mail' must be a mapping");
	expect_error("rules: [a]\n", ZL_ECONFIG, 1, "'rules' must be a mapping");
}

static void certificates_entry_without_hosts_is_an_error(void **state)
{
	(void)state;
	expect_error("certificates:\n  - names: [a]\n    hosts: [b]\n  - names: [c]\n", ZL_ECONFIG,
		     4, "certificates entry needs 'hosts'");
	expect_error("certificates:\n  - names: [c]\n    hosts: []\n", ZL_ECONFIG, 2,
		     "certificates entry needs 'hosts'");
}

static void certificates_entry_without_names_or_pem_is_an_error(void **state)
{
	(void)state;
	expect_error("certificates:\n\n  - hosts: [b]\n", ZL_ECONFIG, 3,
		     "certificates entry needs 'names' or 'pem'");
	expect_error("certificates:\n  - hosts: [b]\n    names: []\n", ZL_ECONFIG, 2,
		     "certificates entry needs 'names' or 'pem'");
}

static void certificates_entry_with_both_names_and_pem_is_an_error(void **state)
{
	(void)state;
	expect_error("certificates:\n  - hosts: [b]\n    names: [a]\n    pem: a.pem\n", ZL_ECONFIG,
		     2, "both 'names' and 'pem'");
}

static void bad_severity_is_an_error_at_its_line(void **state)
{
	(void)state;
	expect_error("rules:\n  autodiscover-wildcard: warning\n"
		     "  autodiscover-srv-missing: fatal\n",
		     ZL_ECONFIG, 3, "severity must be error, warning, note or off (got 'fatal')");
	expect_error("rules:\n  a: Error\n", ZL_ECONFIG, 2,
		     "severity must be error, warning, note or off");
	expect_error("rules:\n  a:\n", ZL_ECONFIG, 2,
		     "severity must be error, warning, note or off");
}

static void several_documents_are_an_error(void **state)
{
	(void)state;
	expect_error("rules: {}\n---\nmail: {}\n", ZL_ECONFIG, 2, "one YAML document");
}

static void undefined_alias_is_an_error(void **state)
{
	(void)state;
	expect_error("mail:\n  domains: *nowhere\n", ZL_ECONFIG, 2, "undefined alias '*nowhere'");
}

static void nul_inside_a_string_is_an_error(void **state)
{
	(void)state;
	expect_error("mail:\n  autodiscover-host: \"mail\\0.example.net\"\n", ZL_ECONFIG, 2,
		     "NUL character");
}

static void deep_nesting_is_refused(void **state)
{
	(void)state;
	char text[256] = "rules: ";
	for (int i = 0; i < 100; i++)
		strcat(text, "[");
	expect_error(text, ZL_ELIMIT, 1, "nesting deeper than");
}

static void aliases_cannot_multiply_the_configuration_without_bound(void **state)
{
	(void)state;
	/* 400 entries sharing one list of 1000 hosts: 400,000 values from 8 kB */
	struct zl_buf b;
	struct config *c = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	zl_buf_init(&b);
	zl_buf_puts(&b, "certificates:\n  - &e {names: [a], hosts: [&h x");
	for (int i = 1; i < 1000; i++)
		zl_buf_puts(&b, ", *h");
	zl_buf_puts(&b, "]}\n");
	for (int i = 0; i < 400; i++)
		zl_buf_puts(&b, "  - *e\n");
	char *text = zl_buf_steal(&b);
	int rc = config_load_string(text, strlen(text), NAME, &c, &err);
	assert_int_equal(rc, ZL_ELIMIT);
	assert_null(c);
	assert_non_null(strstr(err.message, "values in the configuration"));
	free(text);
}

static void missing_file_gives_an_error_naming_it(void **state)
{
	(void)state;
	struct config *c = (struct config *)1;
	struct zl_error err;
	zl_error_clear(&err);
	int rc = config_load_file("/nonexistent/zonelint/.zonelint.yaml", &c, &err);
	assert_int_equal(rc, ZL_EIO);
	assert_null(c);
	assert_string_equal(err.file, "/nonexistent/zonelint/.zonelint.yaml");
}

/* ---- files on disk: config_load_file and config_find ---- */

struct tree {
	char root[64];
	char cwd[PATH_MAX];
};

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* root/a/.zonelint.yaml, root/a/example.net.zone, root/a/sub/deeper.zone,
 * root/b/x.zone */
static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	snprintf(t->root, sizeof(t->root), "/tmp/zonelint-test-config-XXXXXX");
	if (mkdtemp(t->root) == NULL || getcwd(t->cwd, sizeof(t->cwd)) == NULL)
		return -1;
	if (chdir(t->root) != 0 || mkdir("a", 0700) != 0 || mkdir("a/sub", 0700) != 0 ||
	    mkdir("b", 0700) != 0)
		return -1;
	write_file("a/.zonelint.yaml", "certificates:\n  - pem: web.pem\n    hosts: [a]\n");
	write_file("a/example.net.zone", "");
	write_file("a/sub/deeper.zone", "");
	write_file("b/x.zone", "");
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	if (chdir(t->root) == 0) {
		unlink(".zonelint.yaml");
		unlink("a/.zonelint.yaml");
		unlink("a/example.net.zone");
		unlink("a/sub/deeper.zone");
		unlink("b/x.zone");
		rmdir("a/sub");
		rmdir("a");
		rmdir("b");
	}
	int rc = chdir(t->cwd);
	rmdir(t->root);
	free(t);
	return rc;
}

static void in_dir(const struct tree *t, const char *sub)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", t->root, sub);
	assert_int_equal(chdir(path), 0);
}

static void file_is_loaded_with_pem_paths_next_to_it(void **state)
{
	struct tree *t = *state;
	in_dir(t, ".");
	struct config *c = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(config_load_file("a/.zonelint.yaml", &c, &err), ZL_OK);
	assert_string_equal(c->path, "a/.zonelint.yaml");
	assert_string_equal(c->certificates[0].pem, "a/web.pem");
	config_free(c);
}

static void find_prefers_the_current_directory(void **state)
{
	struct tree *t = *state;
	in_dir(t, ".");
	write_file(".zonelint.yaml", "");
	char out[PATH_MAX];
	bool found = config_find("a/example.net.zone", out, sizeof(out));
	unlink(".zonelint.yaml");
	assert_true(found);
	assert_string_equal(out, ".zonelint.yaml");
}

static void find_uses_the_directory_of_the_zone_file(void **state)
{
	struct tree *t = *state;
	in_dir(t, "b");
	char out[PATH_MAX];
	assert_true(config_find("../a/example.net.zone", out, sizeof(out)));
	assert_string_equal(out, "../a/.zonelint.yaml");
	in_dir(t, ".");
	assert_true(config_find("a", out, sizeof(out)));
	assert_string_equal(out, "a/.zonelint.yaml");
}

static void find_walks_up_from_a_subdirectory(void **state)
{
	struct tree *t = *state;
	in_dir(t, ".");
	char out[PATH_MAX];
	assert_true(config_find("a/sub/deeper.zone", out, sizeof(out)));
	assert_string_equal(out, "a/.zonelint.yaml");
	assert_true(config_find("a/sub/", out, sizeof(out)));
	assert_string_equal(out, "a/.zonelint.yaml");
	in_dir(t, "a/sub");
	assert_true(config_find("deeper.zone", out, sizeof(out)));
	assert_string_equal(out, "../.zonelint.yaml");
	char abs[PATH_MAX], expected[PATH_MAX];
	snprintf(abs, sizeof(abs), "%s/a/sub/deeper.zone", t->root);
	snprintf(expected, sizeof(expected), "%s/a/.zonelint.yaml", t->root);
	in_dir(t, "b");
	assert_true(config_find(abs, out, sizeof(out)));
	assert_string_equal(out, expected);
}

static void find_reports_none_when_there_is_none(void **state)
{
	struct tree *t = *state;
	in_dir(t, "b");
	char out[PATH_MAX];
	/* walks b, its parents up to /: assumes no /tmp/.zonelint.yaml */
	assert_false(config_find("x.zone", out, sizeof(out)));
	assert_string_equal(out, "");
	assert_false(config_find(NULL, out, sizeof(out)));
}

int main(void)
{
	const struct CMUnitTest parsing[] = {
		cmocka_unit_test(design_example_parses_completely),
		cmocka_unit_test(every_severity_is_read),
		cmocka_unit_test(empty_file_is_an_empty_configuration),
		cmocka_unit_test(empty_domain_list_means_no_mail_domains),
		cmocka_unit_test(aliases_share_a_list),
		cmocka_unit_test(empty_configuration_has_no_path),
		cmocka_unit_test(pem_path_is_relative_to_the_configuration_directory),
		cmocka_unit_test(absolute_pem_path_is_kept),
		cmocka_unit_test(yaml_syntax_error_reports_its_line),
		cmocka_unit_test(bad_encoding_reports_its_line),
		cmocka_unit_test(unknown_top_level_key_suggests_the_closest),
		cmocka_unit_test(unknown_key_far_from_any_lists_the_known_keys),
		cmocka_unit_test(unknown_key_in_a_certificates_entry_reports_its_line),
		cmocka_unit_test(unknown_key_in_mail_reports_its_line),
		cmocka_unit_test(duplicate_key_is_an_error),
		cmocka_unit_test(configuration_that_is_not_a_mapping_is_an_error),
		cmocka_unit_test(hosts_that_is_not_a_list_is_a_type_error),
		cmocka_unit_test(list_item_that_is_not_a_string_reports_the_item_line),
		cmocka_unit_test(string_value_that_is_a_list_is_a_type_error),
		cmocka_unit_test(sections_of_the_wrong_type_are_errors),
		cmocka_unit_test(certificates_entry_without_hosts_is_an_error),
		cmocka_unit_test(certificates_entry_without_names_or_pem_is_an_error),
		cmocka_unit_test(certificates_entry_with_both_names_and_pem_is_an_error),
		cmocka_unit_test(bad_severity_is_an_error_at_its_line),
		cmocka_unit_test(several_documents_are_an_error),
		cmocka_unit_test(undefined_alias_is_an_error),
		cmocka_unit_test(nul_inside_a_string_is_an_error),
		cmocka_unit_test(deep_nesting_is_refused),
		cmocka_unit_test(aliases_cannot_multiply_the_configuration_without_bound),
		cmocka_unit_test(missing_file_gives_an_error_naming_it),
	};
	const struct CMUnitTest files[] = {
		cmocka_unit_test(file_is_loaded_with_pem_paths_next_to_it),
		cmocka_unit_test(find_prefers_the_current_directory),
		cmocka_unit_test(find_uses_the_directory_of_the_zone_file),
		cmocka_unit_test(find_walks_up_from_a_subdirectory),
		cmocka_unit_test(find_reports_none_when_there_is_none),
	};
	int failed = cmocka_run_group_tests_name("config parsing", parsing, NULL, NULL);
	failed += cmocka_run_group_tests_name("config files", files, tree_setup, tree_teardown);
	return failed;
}
