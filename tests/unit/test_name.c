/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/test_name.c: domain names in wire and presentation form. */
#include "testutil.h"

static void text_round_trips_with_escapes(void **state)
{
	(void)state;
	uint8_t w[ZONE_NAME_MAX];
	char t[ZONE_TEXT_NAME_MAX];
	assert_int_equal(zone_name_from_text("a\\.b.Example.NET.", NULL, w, NULL), ZL_OK);
	assert_int_equal(zone_name_labels(w), 3);
	assert_int_equal(w[0], 3);
	zone_name_to_text(w, t, sizeof(t));
	assert_string_equal(t, "a\\.b.Example.NET.");
	assert_int_equal(zone_name_from_text("\\000\\255x.", NULL, w, NULL), ZL_OK);
	assert_int_equal(w[0], 3);
	assert_int_equal(w[1], 0);
	assert_int_equal(w[2], 255);
	zone_name_to_text(w, t, sizeof(t));
	assert_string_equal(t, "\\000\\255x.");
	assert_int_equal(zone_name_from_text(".", NULL, w, NULL), ZL_OK);
	assert_int_equal(zone_name_len(w), 1);
	zone_name_to_text(w, t, sizeof(t));
	assert_string_equal(t, ".");
}

static void relative_names_take_the_origin(void **state)
{
	(void)state;
	uint8_t origin[ZONE_NAME_MAX], w[ZONE_NAME_MAX];
	char t[ZONE_TEXT_NAME_MAX];
	name_wire("example.net.", origin);
	assert_int_equal(zone_name_from_text("_autodiscover._tcp", origin, w, NULL), ZL_OK);
	zone_name_to_text(w, t, sizeof(t));
	assert_string_equal(t, "_autodiscover._tcp.example.net.");
	/* a name given without a dot on the command line is absolute */
	assert_int_equal(zone_name_from_text("example.net", NULL, w, NULL), ZL_OK);
	zone_name_to_text(w, t, sizeof(t));
	assert_string_equal(t, "example.net.");
}

static void bad_names_are_refused(void **state)
{
	(void)state;
	uint8_t w[ZONE_NAME_MAX];
	struct zl_error err;
	assert_int_equal(zone_name_from_text("a..b", NULL, w, &err), ZL_EUSAGE);
	assert_non_null(strstr(err.message, "empty label"));
	assert_int_equal(zone_name_from_text("", NULL, w, &err), ZL_EUSAGE);
	assert_int_equal(zone_name_from_text("bad name", NULL, w, &err), ZL_EUSAGE);
	char label[80];
	memset(label, 'a', 64);
	label[64] = '\0';
	assert_int_equal(zone_name_from_text(label, NULL, w, &err), ZL_EUSAGE);
	char longname[400] = "";
	for (int i = 0; i < 5; i++)
		strcat(longname, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.");
	assert_int_equal(zone_name_from_text(longname, NULL, w, &err), ZL_EUSAGE);
	assert_non_null(strstr(err.message, "255"));
	assert_int_equal(zone_name_from_text("a\\9", NULL, w, &err), ZL_EUSAGE);
}

static void comparison_ignores_ascii_case_only(void **state)
{
	(void)state;
	uint8_t a[ZONE_NAME_MAX], b[ZONE_NAME_MAX];
	name_wire("MAIL.Example.net.", a);
	name_wire("mail.example.NET.", b);
	assert_true(zone_name_equal(a, b));
	assert_int_equal(zone_name_compare(a, b), 0);
	name_wire("mail.example.ne.", b);
	assert_false(zone_name_equal(a, b));
}

static void below_is_by_whole_labels(void **state)
{
	(void)state;
	uint8_t a[ZONE_NAME_MAX], b[ZONE_NAME_MAX];
	name_wire("autodiscover.example.net.", a);
	name_wire("example.net.", b);
	assert_true(zone_name_is_below(a, b));
	assert_true(zone_name_is_below(b, b));
	assert_false(zone_name_is_below(b, a));
	name_wire("ample.net.", b);
	assert_false(zone_name_is_below(a, b));
	name_wire(".", b);
	assert_true(zone_name_is_below(a, b));
}

static void canonical_order_is_rfc4034(void **state)
{
	(void)state;
	const char *sorted[] = {"example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.",
				"zABC.a.EXAMPLE.", "z.example.", "\\001.z.example.", "*.z.example.",
				"\\200.z.example."};
	for (size_t i = 0; i + 1 < sizeof(sorted) / sizeof(sorted[0]); i++) {
		uint8_t a[ZONE_NAME_MAX], b[ZONE_NAME_MAX];
		name_wire(sorted[i], a);
		name_wire(sorted[i + 1], b);
		assert_true(zone_name_compare(a, b) < 0);
		assert_true(zone_name_compare(b, a) > 0);
	}
}

static void types_have_names_and_numbers(void **state)
{
	(void)state;
	char t[32];
	zone_type_to_text(ZT_SRV, t, sizeof(t));
	assert_string_equal(t, "SRV");
	zone_type_to_text(65280, t, sizeof(t));
	assert_string_equal(t, "TYPE65280");
	assert_int_equal(zone_type_from_text("AAAA"), ZT_AAAA);
	assert_int_equal(zone_type_from_text("srv"), ZT_SRV);
	assert_int_equal(zone_type_from_text("TYPE65280"), 65280);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_round_trips_with_escapes),
		cmocka_unit_test(relative_names_take_the_origin),
		cmocka_unit_test(bad_names_are_refused),
		cmocka_unit_test(comparison_ignores_ascii_case_only),
		cmocka_unit_test(below_is_by_whole_labels),
		cmocka_unit_test(canonical_order_is_rfc4034),
		cmocka_unit_test(types_have_names_and_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
