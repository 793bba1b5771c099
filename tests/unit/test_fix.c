/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/test_fix.c: the fix engine: line edits that keep every other
 * byte, SOA serials (RFC 1982), unified diffs checked with GNU patch and
 * diff, atomic writes, the file's own style, SRV records (RFC 2782/6186). */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "fix/fix.h"

/* ---- helpers: a temporary directory a test, files in it ---- */

static char *make_dir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof(tmpl), "%s/test_fix.XXXXXX", base != NULL && base[0] ? base : "/tmp");
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	return strdup(dir);
}

static char *path_in(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void write_bytes(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void write_text(const char *path, const char *text)
{
	write_bytes(path, text, strlen(text));
}

static char *read_text(const char *path, size_t *len)
{
	char *data = NULL;
	size_t n = 0;
	assert_int_equal(zl_file_read(path, &data, &n, NULL), ZL_OK);
	if (len != NULL)
		*len = n;
	return data;
}

/* Names in dir, sorted, joined by spaces: shows temporary files left behind. */
static char *dir_listing(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	char *names[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && n < 64)
			names[n++] = strdup(e->d_name);
	closedir(d);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	struct zl_buf b;
	zl_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		zl_buf_printf(&b, "%s%s", i ? " " : "", names[i]);
		free(names[i]);
	}
	return zl_buf_steal(&b);
}

static void remove_dir(char *dir)
{
	chmod(dir, 0700);
	DIR *d = opendir(dir);
	if (d != NULL) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *p = path_in(dir, e->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
	free(dir);
}

/* A fix_file holding text, read back from a file in dir. */
static void file_of(const char *dir, const char *text, size_t len, struct fix_file *f)
{
	char *p = path_in(dir, "zone");
	write_bytes(p, text, len);
	struct zl_error err;
	assert_int_equal(fix_file_read(p, f, &err), ZL_OK);
	free(p);
}

/* fix_apply on text with the edits; asserts the result is expected. */
static void assert_applied(const char *text, struct fix_edits *e, const char *expected)
{
	char *dir = make_dir();
	struct fix_file f;
	file_of(dir, text, strlen(text), &f);
	char *out = NULL;
	size_t len = 0;
	struct zl_error err;
	zl_error_clear(&err);
	int rc = fix_apply(&f, e, &out, &len, &err);
	if (rc != ZL_OK)
		print_error("fix_apply: %s\n", err.message);
	assert_int_equal(rc, ZL_OK);
	assert_int_equal(len, strlen(expected));
	assert_memory_equal(out, expected, len);
	free(out);
	fix_file_free(&f);
	fix_edits_free(e);
	remove_dir(dir);
}

/* fix_apply must refuse; returns nothing, checks the message mentions what. */
static void assert_refused(const char *text, struct fix_edits *e, const char *what)
{
	char *dir = make_dir();
	struct fix_file f;
	file_of(dir, text, strlen(text), &f);
	char *out = NULL;
	size_t len = 0;
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(fix_apply(&f, e, &out, &len, &err), ZL_EUSAGE);
	assert_null(out);
	if (strstr(err.message, what) == NULL)
		print_error("message: %s\n", err.message);
	assert_non_null(strstr(err.message, what));
	fix_file_free(&f);
	fix_edits_free(e);
	remove_dir(dir);
}

/* ---- reading ---- */

static void file_read_keeps_bytes_and_counts_a_last_line_without_newline(void **state)
{
	(void)state;
	char *dir = make_dir();
	static const char text[] = "a\r\n\n\tb ; c\nlast";
	struct fix_file f;
	file_of(dir, text, sizeof(text) - 1, &f);
	assert_int_equal(f.len, sizeof(text) - 1);
	assert_memory_equal(f.text, text, f.len);
	assert_int_equal(f.line_count, 4);
	size_t len;
	const char *l = fix_file_line(&f, 1, &len);
	assert_int_equal(len, 2);
	assert_memory_equal(l, "a\r", 2);
	l = fix_file_line(&f, 2, &len);
	assert_int_equal(len, 0);
	l = fix_file_line(&f, 4, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(l, "last", 4);
	assert_null(fix_file_line(&f, 5, &len));
	assert_null(fix_file_line(&f, 0, &len));
	fix_file_free(&f);
	remove_dir(dir);
}

static void file_read_records_the_identity_and_mode(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *p = path_in(dir, "zone");
	write_text(p, "x\n");
	assert_int_equal(chmod(p, 0640), 0);
	struct fix_file f;
	assert_int_equal(fix_file_read(p, &f, NULL), ZL_OK);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_true(f.ino == st.st_ino && f.dev == st.st_dev);
	assert_int_equal(f.size, 2);
	assert_int_equal(f.mode, 0640);
	assert_string_equal(f.path, p);
	fix_file_free(&f);
	free(p);
	remove_dir(dir);
}

static void file_read_of_a_missing_file_says_why(void **state)
{
	(void)state;
	struct fix_file f;
	struct zl_error err;
	assert_int_equal(fix_file_read("/nonexistent/zone", &f, &err), ZL_EIO);
	assert_string_equal(err.file, "/nonexistent/zone");
	assert_string_equal(err.message, "cannot open: No such file or directory");
}

/* ---- applying edits ---- */

/* Comments, blank lines, tabs, a CRLF line, trailing blanks, no final newline. */
static const char messy[] = "; the zone\n"
			    "$TTL 3600\n"
			    "\n"
			    "@\tIN\tSOA\tns1 hostmaster ( 1 2 3 4 5 ) ; soa\n"
			    "www   IN  A   192.0.2.1   \n"
			    "crlf\tIN\tA\t192.0.2.2\r\n"
			    "\t\t; indented comment\n"
			    "old\tIN\tA\t192.0.2.3\n"
			    "\n"
			    "last\tIN\tA\t192.0.2.4";

static void apply_without_edits_gives_the_same_bytes(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	assert_applied(messy, &e, messy);
}

static void apply_keeps_every_untouched_byte_around_a_replace(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_REPLACE, 8, 1, "new\tIN\tA\t192.0.2.9\n");
	assert_applied(messy, &e,
		       "; the zone\n"
		       "$TTL 3600\n"
		       "\n"
		       "@\tIN\tSOA\tns1 hostmaster ( 1 2 3 4 5 ) ; soa\n"
		       "www   IN  A   192.0.2.1   \n"
		       "crlf\tIN\tA\t192.0.2.2\r\n"
		       "\t\t; indented comment\n"
		       "new\tIN\tA\t192.0.2.9\n"
		       "\n"
		       "last\tIN\tA\t192.0.2.4");
}

static void comment_out_keeps_a_crlf_line_ending(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_COMMENT_OUT, 2, 1, NULL);
	assert_applied("a\ncrlf\tIN\tA\t192.0.2.2\r\nb\n", &e,
		       "a\n; zonelint: was: crlf\tIN\tA\t192.0.2.2\r\nb\n");
}

static void comment_out_prefixes_every_line_of_a_multi_line_record(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_COMMENT_OUT, 2, 3, NULL);
	assert_applied("www IN A 192.0.2.1\n"
		       "autodiscover IN CNAME (\n"
		       "\tmail ; the mail host\n"
		       ")\n"
		       "mail IN A 192.0.2.2\n",
		       &e,
		       "www IN A 192.0.2.1\n"
		       "; zonelint: was: autodiscover IN CNAME (\n"
		       "; zonelint: was: \tmail ; the mail host\n"
		       "; zonelint: was: )\n"
		       "mail IN A 192.0.2.2\n");
}

static void inserts_after_the_same_line_keep_the_order_they_were_added_in(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_INSERT, 1, 0, "second\n");
	fix_edits_add(&e, FIX_EDIT_INSERT, 2, 0, "fourth\n");
	fix_edits_add(&e, FIX_EDIT_INSERT, 1, 0, "third\n");
	assert_applied("first\nsecond-line\n", &e, "first\nsecond\nthird\nsecond-line\nfourth\n");
}

static void insert_after_a_replaced_line_comes_after_the_replacement(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_INSERT, 2, 0, "added\n");
	fix_edits_add(&e, FIX_EDIT_COMMENT_OUT, 2, 1, NULL);
	assert_applied("a\nb\nc\n", &e, "a\n; zonelint: was: b\nadded\nc\n");
}

static void insert_at_line_zero_goes_before_the_first_line(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_INSERT, 0, 0, "; header\n");
	assert_applied("a\n", &e, "; header\na\n");
}

static void insert_text_without_newline_becomes_a_whole_line(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_INSERT, 1, 0, "b");
	assert_applied("a\nc\n", &e, "a\nb\nc\n");
}

static void insert_after_a_last_line_without_newline_supplies_one(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_INSERT, 2, 0, "new\n");
	assert_applied("a\nlast", &e, "a\nlast\nnew\n");
}

static void replace_of_a_last_line_without_newline_keeps_it_without(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_REPLACE, 2, 1, "LAST\n");
	assert_applied("a\nlast", &e, "a\nLAST");
}

static void comment_out_of_a_last_line_without_newline_keeps_it_without(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_COMMENT_OUT, 2, 1, NULL);
	assert_applied("a\nlast", &e, "a\n; zonelint: was: last");
}

static void replace_with_nothing_deletes_the_lines(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_REPLACE, 2, 2, "");
	assert_applied("a\nb\nc\nd\n", &e, "a\nd\n");
}

static void overlapping_ranges_are_refused(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_COMMENT_OUT, 2, 2, NULL);
	fix_edits_add(&e, FIX_EDIT_REPLACE, 3, 1, "x\n");
	assert_refused("a\nb\nc\nd\n", &e, "overlapping edits");
}

static void two_edits_of_the_same_line_are_refused(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_REPLACE, 2, 1, "x\n");
	fix_edits_add(&e, FIX_EDIT_REPLACE, 2, 1, "y\n");
	assert_refused("a\nb\nc\n", &e, "overlapping edits");
}

static void insert_inside_a_changed_range_is_refused(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_COMMENT_OUT, 1, 3, NULL);
	fix_edits_add(&e, FIX_EDIT_INSERT, 2, 0, "x\n");
	assert_refused("a\nb\nc\nd\n", &e, "insert inside lines 1-3");
}

static void edit_beyond_the_last_line_is_refused(void **state)
{
	(void)state;
	struct fix_edits e;
	fix_edits_init(&e);
	fix_edits_add(&e, FIX_EDIT_REPLACE, 2, 2, "x\n");
	assert_refused("a\nb\n", &e, "the file has 2 lines");
}

/* ---- serials ---- */

static struct tm day(int y, int m, int d)
{
	struct tm t;
	memset(&t, 0, sizeof(t));
	t.tm_year = y - 1900;
	t.tm_mon = m - 1;
	t.tm_mday = d;
	t.tm_hour = 12;
	return t;
}

/* RFC 1982 3.2 */
static bool serial_greater(uint32_t s1, uint32_t s2)
{
	return (s1 < s2 && s2 - s1 > 0x80000000u) || (s1 > s2 && s1 - s2 < 0x80000000u);
}

static void serial_date_of_today_gets_the_next_number(void **state)
{
	(void)state;
	struct tm t = day(2026, 11, 25);
	assert_int_equal(fix_serial_next(2026112503u, &t), 2026112504u);
}

static void serial_date_of_an_older_day_becomes_today_with_00(void **state)
{
	(void)state;
	struct tm t = day(2026, 11, 25);
	assert_int_equal(fix_serial_next(2026112017u, &t), 2026112500u);
	assert_int_equal(fix_serial_next(1990010100u, &t), 2026112500u);
}

static void serial_date_in_the_future_gets_the_next_number(void **state)
{
	(void)state;
	struct tm t = day(2026, 11, 25);
	assert_int_equal(fix_serial_next(2027010100u, &t), 2027010101u);
}

static void serial_counter_gets_the_next_number(void **state)
{
	(void)state;
	struct tm t = day(2026, 11, 25);
	assert_int_equal(fix_serial_next(1u, &t), 2u);
	assert_int_equal(fix_serial_next(41u, &t), 42u);
	/* 12345678xx: year 1234 is before 1990, so a counter */
	assert_int_equal(fix_serial_next(1234567890u, &t), 1234567891u);
}

static void serial_that_is_no_calendar_date_is_a_counter(void **state)
{
	(void)state;
	struct tm t = day(2026, 11, 25);
	assert_int_equal(fix_serial_next(2026133100u, &t), 2026133101u); /* month 13 */
	assert_int_equal(fix_serial_next(2026022900u, &t), 2026022901u); /* 2026 is no leap year */
	assert_int_equal(fix_serial_next(1989123100u, &t), 1989123101u); /* before 1990 */
	/* 2024 is: a real date, so today's serial */
	assert_int_equal(fix_serial_next(2024022900u, &t), 2026112500u);
}

static void serial_4294967295_wraps_to_0(void **state)
{
	(void)state;
	struct tm t = day(2026, 11, 25);
	assert_int_equal(fix_serial_next(4294967295u, &t), 0u);
	assert_true(serial_greater(0u, 4294967295u));
}

/* 2026112599 on its own day: +1 gives 2026112600, which reads as the first
 * serial of 2026-11-26. It is still greater (RFC 1982), so it is used; the
 * next day's bump then sees "the same day" and counts on (2026112601). */
static void serial_99_of_today_moves_into_tomorrows_date(void **state)
{
	(void)state;
	struct tm t = day(2026, 11, 25);
	uint32_t s = fix_serial_next(2026112599u, &t);
	assert_int_equal(s, 2026112600u);
	assert_true(serial_greater(s, 2026112599u));
	struct tm tomorrow = day(2026, 11, 26);
	assert_int_equal(fix_serial_next(s, &tomorrow), 2026112601u);
}

static void serial_next_is_always_greater_in_rfc1982_terms(void **state)
{
	(void)state;
	static const uint32_t olds[] = {0u,          1u,          2147483647u, 2147483648u,
					2026112503u, 2026112599u, 1990010100u, 4294967295u,
					4294967294u, 3000010100u, 2100022900u, 2000022900u};
	static const int days[][3] = {{1990, 1, 1}, {2026, 11, 25}, {2099, 12, 31}, {4000, 1, 1}};
	for (size_t i = 0; i < sizeof(olds) / sizeof(olds[0]); i++) {
		for (size_t k = 0; k < sizeof(days) / sizeof(days[0]); k++) {
			struct tm t = day(days[k][0], days[k][1], days[k][2]);
			uint32_t s = fix_serial_next(olds[i], &t);
			if (!serial_greater(s, olds[i]))
				print_error("%u on %d-%d-%d gave %u\n", olds[i], days[k][0],
					    days[k][1], days[k][2], s);
			assert_true(serial_greater(s, olds[i]));
		}
	}
}

/* ---- the serial inside the SOA record ---- */

/* Runs fix_serial_edit on text, SOA at soa_line spanning span more lines,
 * applies it and compares with expected. */
static void assert_serial_edit(const char *text, size_t soa_line, size_t span, uint32_t old,
			       uint32_t new_serial, const char *expected)
{
	char *dir = make_dir();
	struct fix_file f;
	file_of(dir, text, strlen(text), &f);
	struct fix_edits e;
	fix_edits_init(&e);
	struct zl_error err;
	zl_error_clear(&err);
	int rc = fix_serial_edit(&f, soa_line, span, old, new_serial, &e, &err);
	if (rc != ZL_OK)
		print_error("fix_serial_edit: %s\n", err.message);
	assert_int_equal(rc, ZL_OK);
	assert_int_equal(e.count, 1);
	char *out;
	size_t len;
	assert_int_equal(fix_apply(&f, &e, &out, &len, &err), ZL_OK);
	assert_string_equal(out, expected);
	free(out);
	fix_edits_free(&e);
	fix_file_free(&f);
	remove_dir(dir);
}

static void serial_edit_on_a_one_line_soa_changes_only_the_digits(void **state)
{
	(void)state;
	assert_serial_edit("$TTL 3600\n"
			   "example.net.  3600 IN SOA ns1.example.net. hostmaster.example.net. 2026112503 7200 900 1209600 300 ; soa\n"
			   "@ NS ns1\n",
			   2, 0, 2026112503u, 2026112504u,
			   "$TTL 3600\n"
			   "example.net.  3600 IN SOA ns1.example.net. hostmaster.example.net. 2026112504 7200 900 1209600 300 ; soa\n"
			   "@ NS ns1\n");
}

static void serial_edit_with_class_before_ttl(void **state)
{
	(void)state;
	assert_serial_edit("@\tIN\t3600\tSOA\tns1 hostmaster\t7 7200 900 1209600 300\n", 1, 0, 7u, 8u,
			   "@\tIN\t3600\tSOA\tns1 hostmaster\t8 7200 900 1209600 300\n");
}

static void serial_edit_without_ttl_or_class(void **state)
{
	(void)state;
	assert_serial_edit("@ SOA ns1 hostmaster 99 7200 900 1209600 300\n", 1, 0, 99u, 100u,
			   "@ SOA ns1 hostmaster 100 7200 900 1209600 300\n");
}

static void serial_edit_on_a_multi_line_soa_with_comments_and_parentheses(void **state)
{
	(void)state;
	assert_serial_edit("$ORIGIN example.net.\n"
			   "@\t3600\tIN\tSOA\tns1.example.net. hostmaster.example.net. ( ; 7 fields\n"
			   "\t\t\t; serial 2026112503 below, not in this comment\n"
			   "\t\t\t2026112503\t; serial\n"
			   "\t\t\t7200 ; refresh\n"
			   "\t\t\t900 1209600 300 )\n"
			   "\tNS\tns1\n",
			   2, 4, 2026112503u, 2026112600u,
			   "$ORIGIN example.net.\n"
			   "@\t3600\tIN\tSOA\tns1.example.net. hostmaster.example.net. ( ; 7 fields\n"
			   "\t\t\t; serial 2026112503 below, not in this comment\n"
			   "\t\t\t2026112600\t; serial\n"
			   "\t\t\t7200 ; refresh\n"
			   "\t\t\t900 1209600 300 )\n"
			   "\tNS\tns1\n");
}

static void serial_edit_with_names_on_their_own_lines_and_class_first(void **state)
{
	(void)state;
	assert_serial_edit("example.net. IN 1h (\r\n"
			   "   SOA ns1.example.net.\r\n"
			   "   hostmaster\\.admin.example.net. 42 ; serial\r\n"
			   "   7200 900 1209600 300 )\r\n",
			   1, 3, 42u, 43u,
			   "example.net. IN 1h (\r\n"
			   "   SOA ns1.example.net.\r\n"
			   "   hostmaster\\.admin.example.net. 43 ; serial\r\n"
			   "   7200 900 1209600 300 )\r\n");
}

static void serial_edit_of_a_record_without_owner_field(void **state)
{
	(void)state;
	assert_serial_edit("$ORIGIN example.net.\n"
			   "\t3600 IN SOA ns1 hostmaster 5 7200 900 1209600 300\n",
			   2, 0, 5u, 6u,
			   "$ORIGIN example.net.\n"
			   "\t3600 IN SOA ns1 hostmaster 6 7200 900 1209600 300\n");
}

static void serial_edit_of_a_last_line_without_newline_keeps_it_without(void **state)
{
	(void)state;
	assert_serial_edit("@ IN SOA ns1 hostmaster 5 7200 900 1209600 300", 1, 0, 5u, 6u,
			   "@ IN SOA ns1 hostmaster 6 7200 900 1209600 300");
}

static void serial_edit_refuses_when_the_seventh_field_is_not_the_serial(void **state)
{
	(void)state;
	char *dir = make_dir();
	struct fix_file f;
	static const char text[] = "@ IN SOA ns1 hostmaster 5 7200 900 1209600 300\n";
	file_of(dir, text, sizeof(text) - 1, &f);
	struct fix_edits e;
	fix_edits_init(&e);
	struct zl_error err;
	zl_error_clear(&err);
	/* the record says 5, the zone said 7 */
	assert_int_equal(fix_serial_edit(&f, 1, 0, 7u, 8u, &e, &err), ZL_EPARSE);
	assert_int_equal(e.count, 0);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.message, "SOA serial 7 not found as the seventh field"));
	/* not a SOA at all */
	assert_int_equal(fix_serial_edit(&f, 2, 0, 5u, 6u, &e, &err), ZL_EPARSE);
	assert_int_equal(e.count, 0);
	fix_edits_free(&e);
	fix_file_free(&f);
	remove_dir(dir);
}

/* ---- diffs, checked with the real patch and diff programs ---- */

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int run(const char *fmt, ...)
{
	struct zl_buf b;
	zl_buf_init(&b);
	va_list ap;
	va_start(ap, fmt);
	zl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	int st = system(b.data);
	zl_buf_free(&b);
	return st == -1 ? -1 : (WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

/* Writes old to DIR/zone, the diff to DIR/zone.diff, runs patch and
 * compares the result with new byte for byte. */
static void assert_patch_applies(const char *old, size_t old_len, const char *new_text,
				 size_t new_len)
{
	char *dir = make_dir();
	char *zone = path_in(dir, "zone"), *diffp = path_in(dir, "zone.diff");
	write_bytes(zone, old, old_len);
	char *d = fix_diff("zone", old, old_len, new_text, new_len);
	write_text(diffp, d);
	int rc = run("cd '%s' && patch -s -p0 --batch --no-backup-if-mismatch < zone.diff", dir);
	if (rc != 0)
		print_error("patch failed (%d) on:\n%s\n", rc, d);
	assert_int_equal(rc, 0);
	size_t len;
	char *got = read_text(zone, &len);
	if (len != new_len || memcmp(got, new_text, len) != 0)
		print_error("patched:\n%s\nexpected:\n%s\ndiff:\n%s\n", got, new_text, d);
	assert_int_equal(len, new_len);
	assert_memory_equal(got, new_text, len);
	free(got);
	free(d);
	free(zone);
	free(diffp);
	remove_dir(dir);
}

static void assert_patch_applies_text(const char *old, const char *new_text)
{
	assert_patch_applies(old, strlen(old), new_text, strlen(new_text));
}

static void diff_of_equal_texts_is_empty(void **state)
{
	(void)state;
	char *d = fix_diff("zone", "a\nb\n", 4, "a\nb\n", 4);
	assert_string_equal(d, "");
	free(d);
}

static void diff_of_one_changed_line_matches_diff_u(void **state)
{
	(void)state;
	static const char old[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
	static const char new_text[] = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
	char *d = fix_diff("zone", old, strlen(old), new_text, strlen(new_text));
	assert_string_equal(d, "--- zone\n+++ zone\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
	free(d);
}

/* Hunks whose context would touch are one hunk, as diff -u makes them;
 * gaps of 7 unchanged lines give two. */
static void diff_hunks_are_merged_as_diff_u_merges_them(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *a = path_in(dir, "a"), *b = path_in(dir, "b"), *out = path_in(dir, "out");
	static const char old[] =
		"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n21\n22\n";
	static const char new_text[] =
		"1\nTWO\n3\n4\n5\n6\n7\n8\nNINE\n10\n11\n12\n13\n14\n15\n16\nSEVENTEEN\n18\n19\n20\n21\nnew\n22\n";
	write_text(a, old);
	write_text(b, new_text);
	/* GNU diff's hunks, without its header lines */
	assert_int_equal(run("diff -u '%s' '%s' | tail -n +3 > '%s'", a, b, out), 0);
	char *expected = read_text(out, NULL);
	char *d = fix_diff("zone", old, strlen(old), new_text, strlen(new_text));
	const char *hunks = strstr(d, "@@");
	assert_non_null(hunks);
	assert_string_equal(hunks, expected);
	free(expected);
	free(d);
	free(a);
	free(b);
	free(out);
	remove_dir(dir);
}

static void diff_applies_with_patch_for_changes_at_the_start_and_end(void **state)
{
	(void)state;
	assert_patch_applies_text("; header\n$TTL 3600\n@ IN SOA ns1 hm 1 2 3 4 5\na A 192.0.2.1\n"
				  "b A 192.0.2.2\nc A 192.0.2.3\nd A 192.0.2.4\n",
				  "; new header\n$TTL 3600\n@ IN SOA ns1 hm 2 2 3 4 5\na A 192.0.2.1\n"
				  "b A 192.0.2.2\nc A 192.0.2.3\nd A 192.0.2.4\ne A 192.0.2.5\n");
}

static void diff_applies_with_patch_when_the_old_file_has_no_final_newline(void **state)
{
	(void)state;
	/* the last line gains a newline and a line follows */
	assert_patch_applies_text("a\nb\nc", "a\nb\nc\nd\n");
	/* an edit elsewhere: the last line stays without newline */
	assert_patch_applies_text("a\nb\nc\nd\ne\nf", "A\nb\nc\nd\ne\nf");
	/* the last line itself changes, still without newline */
	assert_patch_applies_text("a\nb\nc", "a\nb\nC");
}

static void diff_applies_with_patch_when_the_new_file_loses_its_final_newline(void **state)
{
	(void)state;
	assert_patch_applies_text("a\nb\nc\n", "a\nb\nc");
}

static void diff_applies_with_patch_to_and_from_an_empty_file(void **state)
{
	(void)state;
	assert_patch_applies_text("", "a\nb\n");
	assert_patch_applies_text("a\nb\n", "");
}

static void diff_applies_with_patch_to_crlf_lines(void **state)
{
	(void)state;
	assert_patch_applies_text("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\nd\r\n");
}

/* Pseudo-random edits of a zone-like file (fixed seed): Myers' algorithm
 * must give diffs patch applies whatever the changes are. */
static void diff_applies_with_patch_after_many_scattered_edits(void **state)
{
	(void)state;
	uint32_t seed = 12345;
	for (int round = 0; round < 20; round++) {
		struct zl_buf a, b;
		zl_buf_init(&a);
		zl_buf_init(&b);
		int lines = 10 + (int)(seed % 60);
		for (int i = 0; i < lines; i++) {
			seed = seed * 1103515245u + 12345u;
			unsigned r = (seed >> 16) % 10;
			/* few distinct lines, so that matches are ambiguous */
			char line[64];
			snprintf(line, sizeof(line), "h%u IN A 192.0.2.%u\n", (seed >> 8) % 5,
				 (seed >> 4) % 3);
			if (r != 0)
				zl_buf_puts(&a, line); /* r == 0: inserted in b only */
			if (r == 1)
				continue; /* deleted from b */
			if (r == 2)
				zl_buf_puts(&b, "changed\n");
			else
				zl_buf_puts(&b, line);
		}
		if (round % 3 == 0 && b.len > 0)
			b.data[--b.len] = '\0'; /* and no final newline */
		zl_buf_append(&a, "", 0);
		zl_buf_append(&b, "", 0);
		assert_patch_applies(a.data, a.len, b.data, b.len);
		zl_buf_free(&a);
		zl_buf_free(&b);
	}
}

/* ---- atomic writes ---- */

static void atomic_write_replaces_the_content_and_keeps_the_mode(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *p = path_in(dir, "zone");
	write_text(p, "old\n");
	assert_int_equal(chmod(p, 0640), 0);
	struct fix_file f;
	assert_int_equal(fix_file_read(p, &f, NULL), ZL_OK);
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(fix_write_atomic(&f, "new\ncontent\n", 12, &err), ZL_OK);
	char *got = read_text(p, NULL);
	assert_string_equal(got, "new\ncontent\n");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	char *ls = dir_listing(dir);
	assert_string_equal(ls, "zone");
	free(ls);
	free(got);
	fix_file_free(&f);
	free(p);
	remove_dir(dir);
}

/* Runs fix_write_atomic where we cannot write to dir. As root (who may
 * write anywhere) that is done in a child process that becomes nobody. */
static void write_in_read_only_dir(const char *dir, struct fix_file *f, char *msg, size_t size)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(3);
		struct zl_error err;
		zl_error_clear(&err);
		int rc = fix_write_atomic(f, "new\n", 4, &err);
		ssize_t n = write(fds[1], err.message, strlen(err.message));
		(void)n;
		_exit(rc == ZL_EIO ? 0 : 1);
	}
	close(fds[1]);
	size_t got = 0;
	ssize_t n;
	while (got + 1 < size && (n = read(fds[0], msg + got, size - got - 1)) > 0)
		got += (size_t)n;
	msg[got] = '\0';
	close(fds[0]);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		print_error("child: status %d, message '%s'\n", st, msg);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	(void)dir;
}

static void atomic_write_in_a_read_only_directory_fails_clearly_and_changes_nothing(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *p = path_in(dir, "zone");
	write_text(p, "old\n");
	/* the file itself writable by all: only the directory stands in the way */
	assert_int_equal(chmod(p, 0666), 0);
	struct fix_file f;
	assert_int_equal(fix_file_read(p, &f, NULL), ZL_OK);
	assert_int_equal(chmod(dir, 0555), 0);
	char msg[2048], expected[2048];
	write_in_read_only_dir(dir, &f, msg, sizeof(msg));
	snprintf(expected, sizeof(expected), "cannot write %s: Permission denied", p);
	assert_string_equal(msg, expected);
	char *got = read_text(p, NULL);
	assert_string_equal(got, "old\n");
	char *ls = dir_listing(dir);
	assert_string_equal(ls, "zone");
	free(ls);
	free(got);
	fix_file_free(&f);
	free(p);
	remove_dir(dir);
}

static void atomic_write_over_a_read_only_file_fails_clearly_and_changes_nothing(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *p = path_in(dir, "zone");
	write_text(p, "old\n");
	assert_int_equal(chmod(p, 0444), 0);
	struct fix_file f;
	assert_int_equal(fix_file_read(p, &f, NULL), ZL_OK);
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(fix_write_atomic(&f, "new\n", 4, &err), ZL_EIO);
	char expected[2048];
	snprintf(expected, sizeof(expected), "cannot write %s: Permission denied", p);
	assert_string_equal(err.message, expected);
	char *got = read_text(p, NULL);
	assert_string_equal(got, "old\n");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0444);
	char *ls = dir_listing(dir);
	assert_string_equal(ls, "zone");
	free(ls);
	free(got);
	fix_file_free(&f);
	free(p);
	remove_dir(dir);
}

static void atomic_write_refuses_a_file_changed_since_it_was_read(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *p = path_in(dir, "zone");
	write_text(p, "old\n");
	struct fix_file f;
	assert_int_equal(fix_file_read(p, &f, NULL), ZL_OK);
	/* someone else edits the file in place meanwhile */
	write_text(p, "edited by someone else\n");
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(fix_write_atomic(&f, "ours\n", 5, &err), ZL_ECHANGED);
	assert_non_null(strstr(err.message, "changed since it was read"));
	char *got = read_text(p, NULL);
	assert_string_equal(got, "edited by someone else\n");
	assert_string_equal(f.text, "old\n");
	char *ls = dir_listing(dir);
	assert_string_equal(ls, "zone");
	free(ls);
	free(got);
	fix_file_free(&f);
	free(p);
	remove_dir(dir);
}

static void atomic_write_refuses_a_file_replaced_since_it_was_read(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *p = path_in(dir, "zone"), *other = path_in(dir, "other");
	write_text(p, "old\n");
	struct fix_file f;
	assert_int_equal(fix_file_read(p, &f, NULL), ZL_OK);
	/* an editor that saves by rename: same size, another inode */
	write_text(other, "OLD\n");
	assert_int_equal(rename(other, p), 0);
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(fix_write_atomic(&f, "ours\n", 5, &err), ZL_ECHANGED);
	char *got = read_text(p, NULL);
	assert_string_equal(got, "OLD\n");
	char *ls = dir_listing(dir);
	assert_string_equal(ls, "zone");
	free(ls);
	free(got);
	fix_file_free(&f);
	free(p);
	free(other);
	remove_dir(dir);
}

static void atomic_write_through_a_symlink_replaces_the_file_it_points_to(void **state)
{
	(void)state;
	char *dir = make_dir();
	char *p = path_in(dir, "real.zone"), *link = path_in(dir, "zone");
	write_text(p, "old\n");
	assert_int_equal(symlink("real.zone", link), 0);
	struct fix_file f;
	assert_int_equal(fix_file_read(link, &f, NULL), ZL_OK);
	assert_int_equal(fix_write_atomic(&f, "new\n", 4, NULL), ZL_OK);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	char *got = read_text(p, NULL);
	assert_string_equal(got, "new\n");
	char *ls = dir_listing(dir);
	assert_string_equal(ls, "real.zone zone");
	free(ls);
	free(got);
	fix_file_free(&f);
	free(p);
	free(link);
	remove_dir(dir);
}

/* ---- the file's own style ---- */

static const char relative_tab_zone[] = "$ORIGIN example.net.\n"
					"$TTL 3600\n"
					"@\tIN\tSOA\tns1 hostmaster (\n"
					"\t\t1 7200 900 1209600 300 )\n"
					"\tIN\tNS\tns1\n"
					"\tIN\tMX\t10 mail\n"
					"ns1\tIN\tA\t192.0.2.1\n"
					"mail\tIN\tA\t192.0.2.2\n"
					"www\tIN\tCNAME\tmail\n";

static const char absolute_space_zone[] =
	"example.org.          3600 IN SOA   ns1.example.org. hostmaster.example.org. 1 7200 900 1209600 300\n"
	"example.org.          3600 IN NS    ns1.example.org.\n"
	"ns1.example.org.      3600 IN A     192.0.2.1\n"
	"mail.example.org.     300  IN A     192.0.2.2\n"
	"www.example.org.      3600 IN CNAME mail.example.org.\n";

/* Loads text from a file, reads it as fix_file, detects its style. */
static void style_of(const char *text, struct fix_style *s, struct zone **zp)
{
	char *dir = make_dir();
	char *p = path_in(dir, "zone");
	write_text(p, text);
	struct fix_file f;
	assert_int_equal(fix_file_read(p, &f, NULL), ZL_OK);
	struct zone *z = NULL;
	struct zl_error err;
	assert_int_equal(zone_load_file(p, NULL, &z, &err), ZL_OK);
	memset(s, 0xff, sizeof(*s));
	fix_style_detect(&f, z, s);
	fix_file_free(&f);
	if (zp != NULL)
		*zp = z;
	else
		zone_free(z);
	free(p);
	remove_dir(dir);
}

static void style_of_a_relative_file_with_tabs(void **state)
{
	(void)state;
	struct fix_style s;
	style_of(relative_tab_zone, &s, NULL);
	assert_true(s.relative_owners);
	assert_true(s.has_class);
	assert_false(s.has_ttl);
	assert_true(s.tabs);
	assert_int_equal(s.owner_width, 8);
	assert_int_equal(s.class_column, 8);
	assert_int_equal(s.type_column, 16);
	assert_int_equal(s.type_width, 8);
}

static void style_of_an_absolute_file_with_spaces_and_ttls(void **state)
{
	(void)state;
	struct fix_style s;
	style_of(absolute_space_zone, &s, NULL);
	assert_false(s.relative_owners);
	assert_true(s.has_class);
	assert_true(s.has_ttl);
	assert_false(s.tabs);
	assert_int_equal(s.owner_width, 22);
	assert_int_equal(s.class_column, 27);
	assert_int_equal(s.type_column, 30);
	assert_int_equal(s.type_width, 6);
}

static void style_of_a_file_without_records_is_what_ldns_prints(void **state)
{
	(void)state;
	struct fix_style s;
	char *dir = make_dir();
	struct fix_file f;
	file_of(dir, "", 0, &f);
	struct zone *z = load_zone_text("other.zone", "@ 3600 IN SOA ns1 hm 1 2 3 4 5\n");
	memset(&s, 0xff, sizeof(s));
	fix_style_detect(&f, z, &s);
	assert_false(s.relative_owners);
	assert_true(s.has_class && s.has_ttl && s.tabs);
	assert_int_equal(s.owner_width, 0);
	zone_free(z);
	fix_file_free(&f);
	remove_dir(dir);
}

static void style_record_in_a_relative_file_with_tabs(void **state)
{
	(void)state;
	struct fix_style s;
	struct zone *z;
	style_of(relative_tab_zone, &s, &z);
	uint8_t owner[ZONE_NAME_MAX];
	name_wire("_autodiscover._tcp.example.net.", owner);
	char *line = fix_style_record(&s, z->origin, owner, 3600, ZT_SRV, "0 0 443 mail.example.net.");
	assert_string_equal(line, "_autodiscover._tcp\tIN\tSRV\t0 0 443 mail\n");
	free(line);
	line = fix_style_record(&s, z->origin, z->origin, 3600, ZT_TXT, "\"autodiscover via SRV\"");
	assert_string_equal(line, "@\tIN\tTXT\t\"autodiscover via SRV\"\n");
	free(line);
	name_wire("autodiscover.example.net.", owner);
	line = fix_style_record(&s, z->origin, owner, 3600, ZT_TXT, "\"x\"");
	assert_string_equal(line, "autodiscover\tIN\tTXT\t\"x\"\n");
	free(line);
	zone_free(z);
}

static void style_record_in_an_absolute_file_with_spaces(void **state)
{
	(void)state;
	struct fix_style s;
	struct zone *z;
	style_of(absolute_space_zone, &s, &z);
	uint8_t owner[ZONE_NAME_MAX];
	name_wire("_autodiscover._tcp.example.org.", owner);
	char *line = fix_style_record(&s, z->origin, owner, 3600, ZT_SRV, "0 0 443 mail.example.org.");
	assert_string_equal(line,
			    "_autodiscover._tcp.example.org. 3600 IN SRV   0 0 443 mail.example.org.\n");
	free(line);
	name_wire("mx.example.org.", owner);
	line = fix_style_record(&s, z->origin, owner, 300, ZT_TXT, "\"x\"");
	assert_string_equal(line, "mx.example.org.       300  IN TXT   \"x\"\n");
	free(line);
	zone_free(z);
}

static void style_record_outside_the_origin_is_absolute(void **state)
{
	(void)state;
	struct fix_style s;
	struct zone *z;
	style_of(relative_tab_zone, &s, &z);
	uint8_t owner[ZONE_NAME_MAX];
	name_wire("mail.example.com.", owner);
	char *line = fix_style_record(&s, z->origin, owner, 3600, ZT_A, "192.0.2.1");
	assert_string_equal(line, "mail.example.com.\tIN\tA\t192.0.2.1\n");
	free(line);
	zone_free(z);
}

static void style_record_line_loads_back_as_the_same_record(void **state)
{
	(void)state;
	struct fix_style s;
	struct zone *z;
	style_of(relative_tab_zone, &s, &z);
	uint8_t owner[ZONE_NAME_MAX];
	name_wire("_autodiscover._tcp.example.net.", owner);
	char *line = fix_style_record(&s, z->origin, owner, 3600, ZT_SRV, "0 0 443 mail.example.net.");
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_puts(&b, relative_tab_zone);
	zl_buf_puts(&b, line);
	struct zone *z2 = load_zone_text("example.net.zone", b.data);
	uint32_t node = zone_find(z2, owner);
	assert_int_not_equal(node, ZONE_NONE);
	assert_true(zone_node_has(z2, node, ZT_SRV));
	zone_free(z2);
	zl_buf_free(&b);
	free(line);
	zone_free(z);
}

/* ---- SRV records ---- */

static int srv(const char *domain, const char *target, const char *services, const char *absent,
	       char **text, struct zl_error *err)
{
	struct fix_srv_options o = {domain, target, -1, 3600, 0, 0, services, absent};
	struct zl_buf b;
	zl_buf_init(&b);
	int rc = fix_srv_records(&o, &b, err);
	*text = zl_buf_steal(&b);
	return rc;
}

static void srv_autodiscover_record_is_printed_by_ldns_with_tabs(void **state)
{
	(void)state;
	char *text;
	assert_int_equal(srv("example.net", "mail.example.net", NULL, NULL, &text, NULL), ZL_OK);
	assert_string_equal(text,
			    "_autodiscover._tcp.example.net.\t3600\tIN\tSRV\t0 0 443 mail.example.net.\n");
	free(text);
}

static void srv_absent_services_get_target_root_and_port_zero(void **state)
{
	(void)state;
	char *text;
	assert_int_equal(srv("example.net.", "mail.example.net.", "imaps", "pop3", &text, NULL), ZL_OK);
	assert_string_equal(text, "_imaps._tcp.example.net.\t3600\tIN\tSRV\t0 0 993 mail.example.net.\n"
				  "_pop3._tcp.example.net.\t3600\tIN\tSRV\t0 0 0 .\n");
	free(text);
}

static void srv_service_both_offered_and_absent_is_refused(void **state)
{
	(void)state;
	char *text;
	struct zl_error err;
	assert_int_equal(srv("example.net", "mail.example.net", "imaps,imap", "imap", &text, &err),
			 ZL_EUSAGE);
	assert_string_equal(err.message, "service 'imap' is both offered and declared absent");
	assert_string_equal(text, "");
	free(text);
}

static void srv_unknown_service_is_refused(void **state)
{
	(void)state;
	char *text;
	struct zl_error err;
	assert_int_equal(srv("example.net", "mail.example.net", "imaps,smtp", NULL, &text, &err),
			 ZL_EUSAGE);
	assert_non_null(strstr(err.message, "unknown service 'smtp' in --services"));
	free(text);
}

static void srv_bad_names_are_refused(void **state)
{
	(void)state;
	char *text;
	struct zl_error err;
	assert_int_equal(srv("exa mple.net", "mail.example.net", NULL, NULL, &text, &err), ZL_EUSAGE);
	assert_non_null(strstr(err.message, "bad domain 'exa mple.net'"));
	free(text);
	assert_int_equal(srv("example.net", "mail..example.net", NULL, NULL, &text, &err), ZL_EUSAGE);
	assert_non_null(strstr(err.message, "bad target 'mail..example.net'"));
	free(text);
	assert_int_equal(srv("example.net", "mail_1.example.net", NULL, NULL, &text, &err),
			 ZL_EUSAGE);
	assert_non_null(strstr(err.message, "host name"));
	free(text);
	assert_int_equal(srv("example.net", ".", NULL, NULL, &text, &err), ZL_EUSAGE);
	free(text);
}

static void srv_ttl_above_rfc2181_limit_is_refused(void **state)
{
	(void)state;
	struct fix_srv_options o = {"example.net", "mail.example.net", -1, 2147483648u, 0, 0, NULL,
				    NULL};
	struct zl_buf b;
	zl_buf_init(&b);
	struct zl_error err;
	assert_int_equal(fix_srv_records(&o, &b, &err), ZL_EUSAGE);
	assert_non_null(strstr(err.message, "RFC 2181"));
	o.ttl = 2147483647u;
	assert_int_equal(fix_srv_records(&o, &b, &err), ZL_OK);
	zl_buf_free(&b);
}

static void srv_port_priority_and_weight_are_written(void **state)
{
	(void)state;
	struct fix_srv_options o = {"example.net", "mail.example.net", 8443, 60, 10, 5, NULL, NULL};
	struct zl_buf b;
	zl_buf_init(&b);
	assert_int_equal(fix_srv_records(&o, &b, NULL), ZL_OK);
	assert_string_equal(b.data,
			    "_autodiscover._tcp.example.net.\t60\tIN\tSRV\t10 5 8443 mail.example.net.\n");
	zl_buf_free(&b);
}

/* ---- planning: which edits come from which findings ---- */


#define HEAD                                                                                       \
	"$ORIGIN example.net.\n"                                                                   \
	"$TTL 3600\n"                                                                              \
	"@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n"                                      \
	"  IN NS ns1\n"                                                                            \
	"  IN MX 10 mail\n"                                                                        \
	"ns1 IN A 192.0.2.53\n"                                                                    \
	"mail A 192.0.2.25\n"

/* the mail host's certificate names it; the web server's names www only */
static const char certs_yaml[] = "certificates:\n"
				 "  - names: [mail.example.net]\n"
				 "    hosts: [mail.example.net]\n"
				 "  - names: [www.example.net]\n"
				 "    hosts: [192.0.2.80]\n";

struct fixture {
	char *dir, *path;
	struct config *cfg;
	struct zone *z;
	struct findings found;
};

/* The zone text in DIR/example.net.zone (and inc_text in DIR/inc_name,
 * unless NULL), loaded and linted with the configuration yaml. */
static void fixture_load_with(struct fixture *fx, const char *zone_text, const char *yaml,
			      const char *inc_name, const char *inc_text)
{
	fx->dir = make_dir();
	fx->path = path_in(fx->dir, "example.net.zone");
	write_text(fx->path, zone_text);
	if (inc_name != NULL) {
		char *inc = path_in(fx->dir, inc_name);
		write_text(inc, inc_text);
		free(inc);
	}
	struct zl_error err;
	zl_error_clear(&err);
	assert_int_equal(config_load_string(yaml, strlen(yaml), fx->path, &fx->cfg, &err), ZL_OK);
	assert_int_equal(zone_load_file(fx->path, NULL, &fx->z, &err), ZL_OK);
	findings_init(&fx->found);
	struct zone *zones[1] = {fx->z};
	struct zone_set set = {.zones = zones, .count = 1, .cap = 1};
	struct cert_view *certs = NULL;
	assert_int_equal(cert_view_new(fx->cfg, &set, false, 0, &certs, &err), ZL_OK);
	struct lint_options lo = {fx->cfg, certs, NULL};
	assert_int_equal(lint_zone(fx->z, &set, &lo, &fx->found, &err), ZL_OK);
	cert_view_free(certs);
}

static void fixture_load(struct fixture *fx, const char *zone_text, const char *yaml)
{
	fixture_load_with(fx, zone_text, yaml, NULL, NULL);
}

static void fixture_free(struct fixture *fx)
{
	findings_free(&fx->found);
	zone_free(fx->z);
	config_free(fx->cfg);
	free(fx->path);
	remove_dir(fx->dir);
}

static const struct tm plan_day = {.tm_year = 124, .tm_mon = 4, .tm_mday = 15};

/* fix_plan_make on the fixture; rc is what it must return. */
static void plan_of(struct fixture *fx, struct fix_plan *plan, int rc, struct zl_error *err)
{
	zl_error_clear(err);
	int got = fix_plan_make(fx->z, &fx->found, &plan_day, NULL, plan, err);
	if (got != rc)
		print_error("fix_plan_make: %d (%s), expected %d\n", got, err->message, rc);
	assert_int_equal(got, rc);
}

/* The plan for zone_text must turn it into expected. */
static void assert_plan(const char *zone_text, const char *yaml, const char *expected)
{
	struct fixture fx;
	fixture_load(&fx, zone_text, yaml);
	struct fix_plan plan;
	struct zl_error err;
	plan_of(&fx, &plan, ZL_OK, &err);
	assert_true(plan.changed);
	if (strcmp(plan.text, expected) != 0)
		print_error("plan text:\n%s\nexpected:\n%s\n", plan.text, expected);
	assert_string_equal(plan.text, expected);
	fix_plan_free(&plan);
	fixture_free(&fx);
}

/* The SRV record the remedies of zone_text add, or "" when none. */
static char *srv_remedy(const char *zone_text, const char *yaml, char **finding)
{
	struct fixture fx;
	fixture_load(&fx, zone_text, yaml);
	char *srv_rdata = strdup("");
	*finding = NULL;
	for (size_t i = 0; i < fx.found.count; i++) {
		const struct finding *f = &fx.found.v[i];
		if (strcmp(f->rule->id, "autodiscover-srv-missing") == 0)
			*finding = strdup(f->message);
		for (size_t k = 0; k < f->fix_count; k++)
			if (f->fix[k].type == ZT_SRV && f->fix[k].action == REMEDY_ADD) {
				free(srv_rdata);
				srv_rdata = strdup(f->fix[k].rdata);
			}
	}
	if (*finding == NULL)
		*finding = strdup("");
	fixture_free(&fx);
	return srv_rdata;
}

static void plan_comments_out_the_alias_and_adds_the_blocker_and_the_srv_record(void **state)
{
	(void)state;
	assert_plan(HEAD "* A 192.0.2.80\n"
			 "; the mail host, by name\n"
			 "autodiscover CNAME mail\n"
			 "www A 192.0.2.80\n",
		    certs_yaml,
		    "$ORIGIN example.net.\n"
		    "$TTL 3600\n"
		    "@ IN SOA ns1 hostmaster 2 7200 3600 1209600 3600\n"
		    "  IN NS ns1\n"
		    "  IN MX 10 mail\n"
		    "_autodiscover._tcp IN SRV 0 0 443 mail\n"
		    "ns1 IN A 192.0.2.53\n"
		    "mail A 192.0.2.25\n"
		    "* A 192.0.2.80\n"
		    "; the mail host, by name\n"
		    "; zonelint: was: autodiscover CNAME mail\n"
		    "autodiscover IN TXT \"autodiscover via SRV\"\n"
		    "www A 192.0.2.80\n");
}

static void plan_writes_out_the_owner_a_blank_owner_line_inherited_from_a_removed_record(void **state)
{
	(void)state;
	assert_plan(HEAD "autodiscover IN A 192.0.2.25\n"
			 "\tIN TXT \"hello\"\n",
		    certs_yaml,
		    "$ORIGIN example.net.\n"
		    "$TTL 3600\n"
		    "@ IN SOA ns1 hostmaster 2 7200 3600 1209600 3600\n"
		    "  IN NS ns1\n"
		    "  IN MX 10 mail\n"
		    "_autodiscover._tcp IN SRV 0 0 443 mail\n"
		    "ns1 IN A 192.0.2.53\n"
		    "mail A 192.0.2.25\n"
		    "; zonelint: was: autodiscover IN A 192.0.2.25\n"
		    "autodiscover\tIN TXT \"hello\"\n");
}

static void plan_writes_out_the_owner_in_the_columns_of_a_space_aligned_file(void **state)
{
	(void)state;
	assert_plan("$ORIGIN example.net.\n"
		    "$TTL 3600\n"
		    "@               IN SOA   ns1 hostmaster 1 7200 3600 1209600 3600\n"
		    "                IN NS    ns1\n"
		    "                IN MX    10 mail\n"
		    "ns1             IN A     192.0.2.53\n"
		    "mail            IN A     192.0.2.25\n"
		    "autodiscover    IN A     192.0.2.25\n"
		    "\n"
		    "; more of autodiscover\n"
		    "                IN TXT   \"hello\"\n"
		    "                IN TXT   \"world\"\n",
		    certs_yaml,
		    "$ORIGIN example.net.\n"
		    "$TTL 3600\n"
		    "@               IN SOA   ns1 hostmaster 2 7200 3600 1209600 3600\n"
		    "                IN NS    ns1\n"
		    "                IN MX    10 mail\n"
		    "_autodiscover._tcp IN SRV   0 0 443 mail\n"
		    "ns1             IN A     192.0.2.53\n"
		    "mail            IN A     192.0.2.25\n"
		    "; zonelint: was: autodiscover    IN A     192.0.2.25\n"
		    "\n"
		    "; more of autodiscover\n"
		    "autodiscover    IN TXT   \"hello\"\n"
		    "                IN TXT   \"world\"\n");
}

static void plan_writes_out_the_owner_on_the_first_line_of_a_multi_line_record(void **state)
{
	(void)state;
	assert_plan(HEAD "autodiscover IN A (\n"
			 "        192.0.2.25 ) ; old\n"
			 "        IN AAAA ( 2001:db8::25 )\n"
			 "\tIN TXT ( \"hello\"\n"
			 "\t  \"world\" )\n"
			 "www A 192.0.2.80\n",
		    "certificates:\n"
		    "  - names: [mail.example.net]\n"
		    "    hosts: [mail.example.net, 2001:db8::25]\n",
		    "$ORIGIN example.net.\n"
		    "$TTL 3600\n"
		    "@ IN SOA ns1 hostmaster 2 7200 3600 1209600 3600\n"
		    "  IN NS ns1\n"
		    "  IN MX 10 mail\n"
		    "_autodiscover._tcp IN SRV 0 0 443 mail\n"
		    "ns1 IN A 192.0.2.53\n"
		    "mail A 192.0.2.25\n"
		    "; zonelint: was: autodiscover IN A (\n"
		    "; zonelint: was:         192.0.2.25 ) ; old\n"
		    "; zonelint: was:         IN AAAA ( 2001:db8::25 )\n"
		    "autodiscover\tIN TXT ( \"hello\"\n"
		    "\t  \"world\" )\n"
		    "www A 192.0.2.80\n");
}

static void plan_leaves_a_blank_owner_alone_when_the_line_before_has_the_same_owner(void **state)
{
	(void)state;
	/* the duplicate goes; the TXT line still repeats example.net */
	assert_plan("$ORIGIN example.net.\n"
		    "$TTL 3600\n"
		    "@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n"
		    "@ IN NS ns1\n"
		    "@ IN NS ns1\n"
		    "  IN TXT \"v=spf1 -all\"\n"
		    "ns1 IN A 192.0.2.53\n",
		    "", /* no mail domain */
		    "$ORIGIN example.net.\n"
		    "$TTL 3600\n"
		    "@ IN SOA ns1 hostmaster 2 7200 3600 1209600 3600\n"
		    "@ IN NS ns1\n"
		    "; zonelint: was: @ IN NS ns1\n"
		    "  IN TXT \"v=spf1 -all\"\n"
		    "ns1 IN A 192.0.2.53\n");
}

static void plan_writes_out_the_owner_of_a_blank_owner_soa_line_with_its_new_serial(void **state)
{
	(void)state;
	assert_plan("$ORIGIN example.net.\n"
		    "$TTL 3600\n"
		    "@ IN NS ns1\n"
		    "ns1 IN A 192.0.2.53\n"
		    "@ IN NS ns1\n"
		    "  IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n",
		    "",
		    "$ORIGIN example.net.\n"
		    "$TTL 3600\n"
		    "@ IN NS ns1\n"
		    "ns1 IN A 192.0.2.53\n"
		    "; zonelint: was: @ IN NS ns1\n"
		    "@ IN SOA ns1 hostmaster 2 7200 3600 1209600 3600\n");
}

static void plan_puts_the_srv_record_after_the_domain_block_in_an_absolute_file(void **state)
{
	(void)state;
	assert_plan("example.net.      3600 IN SOA ns1.example.net. h.example.net. 7 3600 600 86400 300\n"
		    "example.net.      3600 IN NS  ns1.example.net.\n"
		    "example.net.      3600 IN MX  10 mail.example.net.\n"
		    "ns1.example.net.  3600 IN A   192.0.2.53\n"
		    "mail.example.net. 3600 IN A   192.0.2.25\n",
		    certs_yaml,
		    "example.net.      3600 IN SOA ns1.example.net. h.example.net. 8 3600 600 86400 300\n"
		    "example.net.      3600 IN NS  ns1.example.net.\n"
		    "example.net.      3600 IN MX  10 mail.example.net.\n"
		    "_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 mail.example.net.\n"
		    "ns1.example.net.  3600 IN A   192.0.2.53\n"
		    "mail.example.net. 3600 IN A   192.0.2.25\n");
}

static void plan_puts_the_srv_record_at_the_end_when_the_domain_block_is_included(void **state)
{
	(void)state;
	struct fixture fx;
	/* sub.example.net has its MX record in sub.inc: its SRV record goes to
	 * the end of the main file; example.net's joins the apex block */
	fixture_load_with(&fx, HEAD "$INCLUDE sub.inc\nwww A 192.0.2.80\n", certs_yaml, "sub.inc",
			  "sub IN MX 10 mail.example.net.\n");
	struct fix_plan plan;
	struct zl_error err;
	plan_of(&fx, &plan, ZL_OK, &err);
	assert_string_equal(plan.text, "$ORIGIN example.net.\n"
				       "$TTL 3600\n"
				       "@ IN SOA ns1 hostmaster 2 7200 3600 1209600 3600\n"
				       "  IN NS ns1\n"
				       "  IN MX 10 mail\n"
				       "_autodiscover._tcp IN SRV 0 0 443 mail\n"
				       "ns1 IN A 192.0.2.53\n"
				       "mail A 192.0.2.25\n"
				       "$INCLUDE sub.inc\n"
				       "www A 192.0.2.80\n"
				       "_autodiscover._tcp.sub IN SRV 0 0 443 mail\n");
	assert_int_equal(plan.added, 2);
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void plan_leaves_a_record_in_an_included_file_to_the_admin(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load_with(&fx, HEAD "$INCLUDE ad.inc\n", certs_yaml, "ad.inc",
			  "autodiscover CNAME mail\n");
	struct fix_plan plan;
	struct zl_error err;
	plan_of(&fx, &plan, ZL_OK, &err);
	/* the main file gets what is its own (the SRV record of
	 * autodiscover-srv-missing); the finding whose record is in ad.inc
	 * is said, with every remedy, and none of them is applied */
	assert_true(plan.changed);
	assert_non_null(strstr(plan.text, "_autodiscover._tcp IN SRV 0 0 443 mail\n"));
	assert_null(strstr(plan.text, "autodiscover via SRV"));
	assert_int_equal(plan.left_count, 1);
	const struct fix_left *l = &plan.left[0];
	assert_string_equal(l->rule->id, "autodiscover-cert-mismatch");
	assert_non_null(strstr(l->file, "ad.inc"));
	assert_int_equal(l->line, 1);
	assert_non_null(l->by_hand);
	assert_non_null(strstr(l->by_hand, "ad.inc: autodiscover.example.net. 3600 IN CNAME "
					   "mail.example.net.\n"));
	assert_non_null(strstr(l->by_hand, "delete line 1 of "));
	/* the SRV record the plan adds anyway is not for the admin to add */
	assert_null(strstr(l->by_hand, "add "));
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void plan_leaves_a_record_made_by_generate_to_the_admin(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load(&fx, HEAD "$GENERATE 1-1 autodiscover CNAME mail\n", certs_yaml);
	struct fix_plan plan;
	struct zl_error err;
	plan_of(&fx, &plan, ZL_OK, &err);
	assert_int_equal(plan.left_count, 1);
	assert_non_null(plan.left[0].by_hand);
	assert_non_null(strstr(plan.left[0].by_hand, "(the $GENERATE line that makes it)"));
	assert_null(strstr(plan.text, "zonelint: was: $GENERATE"));
	fix_plan_free(&plan);
	fixture_free(&fx);
}

/* lint --previous found the records changed under the same serial: the
 * serial goes up even though nothing else is to do, past the previous
 * version's serial, a date serial staying a date */
static void plan_raises_the_serial_past_the_previous_one(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load(&fx, "$ORIGIN example.net.\n$TTL 3600\n"
			  "@ IN SOA ns1 hostmaster 2026010101 7200 3600 1209600 3600\n"
			  "  IN NS ns1\nns1 IN A 192.0.2.53\n",
		     "");
	/* the finding serial-not-increased, as lint makes it */
	const struct rule *rule = rules_find("serial-not-increased");
	assert_non_null(rule);
	fx.found.v = zl_grow(fx.found.v, &fx.found.cap, fx.found.count + 1, sizeof(*fx.found.v));
	struct finding *f = &fx.found.v[fx.found.count++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->zone = fx.z;
	f->severity = ZL_SEV_ERROR;
	f->file = fx.z->path;
	f->line = 3;
	f->rr = fx.z->soa;
	f->owner = "example.net.";
	f->message = "the records changed";
	struct fix_plan plan;
	struct zl_error err;
	uint32_t previous = 2026010105;
	assert_int_equal(fix_plan_make(fx.z, &fx.found, &plan_day, &previous, &plan, &err), ZL_OK);
	assert_true(plan.changed);
	assert_int_equal(plan.left_count, 0);
	assert_int_equal(plan.old_serial, 2026010101u);
	assert_true(zone_serial_gt(plan.new_serial, previous));
	assert_int_equal(plan.new_serial / 100 >= 20260101u, 1);
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void plan_refuses_a_file_that_grew_after_the_zone_was_loaded(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load(&fx, HEAD "autodiscover CNAME mail\n", certs_yaml);
	/* an editor adds a line between the load and the plan: the line
	 * numbers the findings carry would hit other text */
	write_text(fx.path, "; new first line\n" HEAD "autodiscover CNAME mail\n");
	struct fix_plan plan;
	struct zl_error err;
	plan_of(&fx, &plan, ZL_ECHANGED, &err);
	assert_non_null(strstr(err.message, "the file changed after the zone was read from it"));
	assert_false(plan.changed);
	assert_null(plan.text);
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void plan_refuses_a_file_replaced_after_the_zone_was_loaded(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load(&fx, HEAD "autodiscover CNAME mail\n", certs_yaml);
	/* same bytes, another file (as editors save by rename) */
	char *other = path_in(fx.dir, "new");
	write_text(other, HEAD "autodiscover CNAME mail\n");
	assert_int_equal(rename(other, fx.path), 0);
	free(other);
	struct fix_plan plan;
	struct zl_error err;
	plan_of(&fx, &plan, ZL_ECHANGED, &err);
	assert_non_null(strstr(err.message, "it was replaced"));
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void plan_refuses_a_file_rewritten_with_the_same_size(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load(&fx, HEAD "autodiscover CNAME mail\n", certs_yaml);
	/* same size, same inode, another mtime */
	int fd = open(fx.path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "; ", 2, 0), 2);
	struct timespec times[2] = {{0, UTIME_OMIT}, {1000000000, 0}};
	assert_int_equal(futimens(fd, times), 0);
	close(fd);
	struct fix_plan plan;
	struct zl_error err;
	plan_of(&fx, &plan, ZL_ECHANGED, &err);
	assert_non_null(strstr(err.message, "its mtime differs"));
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void plan_refuses_a_zone_that_was_not_loaded_from_its_file(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load(&fx, HEAD "autodiscover CNAME mail\n", certs_yaml);
	struct zone *mem = NULL;
	const char *text = HEAD "autodiscover CNAME mail\n";
	assert_int_equal(zone_load_string(text, strlen(text), fx.path, NULL, &mem, NULL), ZL_OK);
	/* the findings are about fx.z; a zone from memory cannot vouch for the file */
	struct fix_plan plan;
	struct zl_error err;
	assert_int_equal(fix_plan_make(mem, &fx.found, &plan_day, NULL, &plan, &err), ZL_EUSAGE);
	assert_non_null(strstr(err.message, "the zone was not loaded from this file"));
	fix_plan_free(&plan);
	zone_free(mem);
	fixture_free(&fx);
}

static void plan_lists_the_findings_no_remedy_addresses(void **state)
{
	(void)state;
	struct fixture fx;
	/* the mail host's certificate does not name it: no host for an SRV
	 * record is left, so the finding about it stays */
	fixture_load(&fx, HEAD "autodiscover CNAME mail\n",
		     "certificates:\n  - names: [smtp.example.org]\n    hosts: [mail.example.net]\n");
	struct fix_plan plan;
	struct zl_error err;
	plan_of(&fx, &plan, ZL_OK, &err);
	assert_true(plan.changed);
	assert_int_equal(plan.removed, 1);
	assert_int_equal(plan.added, 0);
	assert_int_equal(plan.left_count, 1);
	assert_string_equal(plan.left[0].rule->id, "autodiscover-srv-missing");
	assert_int_equal(plan.left[0].line, 5);
	assert_non_null(strstr(plan.left[0].message,
			       "no host to point the record at: mail.example.net (192.0.2.25) "
			       "presents a certificate for smtp.example.org only"));
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void plan_with_nothing_to_do_is_unchanged_but_lists_what_is_left(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load(&fx, HEAD,
		     "certificates:\n  - names: [smtp.example.org]\n    hosts: [mail.example.net]\n");
	struct fix_plan plan;
	struct zl_error err;
	plan_of(&fx, &plan, ZL_OK, &err);
	assert_false(plan.changed);
	assert_null(plan.text);
	assert_int_equal(plan.edits.count, 0);
	assert_int_equal(plan.left_count, 1);
	assert_string_equal(plan.left[0].owner, "example.net.");
	fix_plan_free(&plan);
	fixture_free(&fx);
}

/* ---- where the added SRV record points ---- */

static void assert_srv_target(const char *zone_text, const char *yaml, const char *rdata,
			      const char *message_part)
{
	char *finding;
	char *got = srv_remedy(zone_text, yaml, &finding);
	if (strcmp(got, rdata) != 0 || strstr(finding, message_part) == NULL)
		print_error("SRV remedy '%s' (expected '%s'), finding: %s\n", got, rdata, finding);
	assert_string_equal(got, rdata);
	assert_non_null(strstr(finding, message_part));
	free(got);
	free(finding);
}

static void srv_target_is_the_configured_host_whatever_its_certificate(void **state)
{
	(void)state;
	char yaml[512];
	snprintf(yaml, sizeof(yaml), "%smail:\n  autodiscover-host: www.example.net\n", certs_yaml);
	assert_srv_target(HEAD "www A 192.0.2.80\n", yaml, "0 0 443 www.example.net.", "");
}

static void srv_target_is_the_end_of_the_autodiscover_cname_chain(void **state)
{
	(void)state;
	assert_srv_target(HEAD "autodiscover CNAME ad1\n"
			       "ad1 CNAME exch\n"
			       "exch A 192.0.2.26\n",
			  "certificates:\n  - names: [exch.example.net]\n    hosts: [exch.example.net]\n",
			  "0 0 443 exch.example.net.", "");
}

static void srv_target_is_a_cname_target_outside_the_zone(void **state)
{
	(void)state;
	assert_srv_target(HEAD "autodiscover CNAME exch.hoster.example.\n", certs_yaml,
			  "0 0 443 exch.hoster.example.", "");
}

static void srv_target_is_never_what_a_wildcard_cname_synthesises(void **state)
{
	(void)state;
	/* "* CNAME www" answers autodiscover: the web server is no mail host */
	assert_srv_target(HEAD "www A 192.0.2.80\n* CNAME www\n", certs_yaml,
			  "0 0 443 mail.example.net.", "");
}

static void srv_target_passes_over_a_cname_target_whose_certificate_misses_it(void **state)
{
	(void)state;
	/* web's certificate names neither autodiscover nor web */
	assert_srv_target(HEAD "web A 192.0.2.80\nautodiscover CNAME web\n", certs_yaml,
			  "0 0 443 mail.example.net.", "");
}

static void srv_target_passes_over_an_mx_host_whose_certificate_misses_it(void **state)
{
	(void)state;
	assert_srv_target("$ORIGIN example.net.\n$TTL 3600\n"
			  "@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n"
			  "  IN NS ns1\n"
			  "  IN MX 10 mx1\n"
			  "  IN MX 20 mail\n"
			  "  IN MX 30 mx3\n"
			  "ns1 IN A 192.0.2.53\n"
			  "mx1 A 192.0.2.24\n"
			  "mail A 192.0.2.25\n"
			  "mx3 A 192.0.2.26\n",
			  "certificates:\n"
			  "  - names: [smtp.example.org]\n    hosts: [mx1.example.net]\n"
			  "  - names: [mail.example.net]\n    hosts: [mail.example.net]\n",
			  "0 0 443 mail.example.net.", "");
}

static void srv_target_prefers_the_lowest_mx_preference_with_an_address(void **state)
{
	(void)state;
	assert_srv_target("$ORIGIN example.net.\n$TTL 3600\n"
			  "@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n"
			  "  IN NS ns1\n"
			  "  IN MX 20 mail\n"
			  "  IN MX 5 noaddr\n"
			  "  IN MX 10 mx1\n"
			  "ns1 IN A 192.0.2.53\n"
			  "noaddr TXT \"no address here\"\n"
			  "mx1 A 192.0.2.24\n"
			  "mail A 192.0.2.25\n",
			  "", "0 0 443 mx1.example.net.", "");
}

static void srv_target_none_left_adds_no_record_and_says_why(void **state)
{
	(void)state;
	assert_srv_target(HEAD "web A 192.0.2.80\nautodiscover CNAME web\n",
			  "certificates:\n"
			  "  - names: [smtp.example.org]\n    hosts: [mail.example.net]\n"
			  "  - names: [www.example.org]\n    hosts: [web.example.net]\n",
			  "",
			  "(no host to point the record at: web.example.net (192.0.2.80) presents a "
			  "certificate for www.example.org only; mail.example.net (192.0.2.25) "
			  "presents a certificate for smtp.example.org only; set "
			  "mail.autodiscover-host in .zonelint.yaml to choose one)");
}

/* ---- cmd_fix_zone: the checks before anything is written ---- */

/* cmd_fix_zone on the fixture; returns its status, err and plan filled. */
static int fix_zone(struct fixture *fx, struct fix_plan *plan, struct zl_error *err)
{
	struct zone *fixed = NULL;
	zl_error_clear(err);
	int rc = cmd_fix_zone(fx->z, fx->cfg, NULL, plan, &fixed, err);
	if (rc == ZL_OK && plan->changed)
		assert_non_null(fixed);
	else
		assert_null(fixed);
	zone_free(fixed);
	return rc;
}

static void assert_fix_refused(const char *zone_text, const char *yaml, int code, const char *what)
{
	struct fixture fx;
	fixture_load(&fx, zone_text, yaml);
	struct fix_plan plan;
	struct zl_error err;
	int rc = fix_zone(&fx, &plan, &err);
	if (rc != code || strstr(err.message, what) == NULL)
		print_error("cmd_fix_zone: %d: %s\n", rc, err.message);
	assert_int_equal(rc, code);
	assert_non_null(strstr(err.message, what));
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void fix_zone_refuses_a_new_finding_in_place_of_the_old_one(void **state)
{
	(void)state;
	/* the admin's host for the SRV record presents a certificate without
	 * its name: the cert mismatch would become an SRV target error */
	char yaml[512];
	snprintf(yaml, sizeof(yaml), "%smail:\n  autodiscover-host: www.example.net\n",
		 "certificates:\n  - names: [mail.example.net]\n    hosts: [mail.example.net]\n"
		 "  - names: [example.org]\n    hosts: [192.0.2.80]\n");
	assert_fix_refused(HEAD "www A 192.0.2.80\nautodiscover CNAME www\n", yaml, ZL_EREFUSED,
			   "refusing: the fixed zone would have a new error: the _autodiscover._tcp SRV "
			   "target www.example.net");
}

static void fix_zone_refuses_when_an_addressed_finding_stays(void **state)
{
	(void)state;
	/* an alias loop: the end of the chain is still an alias */
	assert_fix_refused(HEAD "_autodiscover._tcp SRV 0 0 443 a\na CNAME b\nb CNAME a\n",
			   certs_yaml, ZL_EREFUSED,
			   "refusing: after the fix, autodiscover-srv-target still reports");
}

static void fix_zone_refuses_edits_that_change_an_inherited_ttl(void **state)
{
	(void)state;
	/* no $TTL: x takes the TTL of the line before it (RFC 1035 5.1),
	 * which the fix comments out */
	assert_fix_refused("$ORIGIN example.net.\n"
			   "@ 3600 IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n"
			   "  3600 IN NS ns1\n"
			   "  3600 IN MX 10 mail\n"
			   "ns1 3600 IN A 192.0.2.53\n"
			   "mail 7200 IN A 192.0.2.25\n"
			   "autodiscover 300 IN A 192.0.2.25\n"
			   "x IN A 192.0.2.9\n",
			   certs_yaml, ZL_EREFUSED,
			   "would get TTL 7200 (without $TTL a record without a TTL takes the last one");
}

static void fix_zone_refuses_a_file_changed_since_the_zone_was_loaded(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load(&fx, HEAD "autodiscover CNAME mail\n", certs_yaml);
	write_text(fx.path, HEAD "; a comment\nautodiscover CNAME mail\n");
	struct fix_plan plan;
	struct zl_error err;
	assert_int_equal(fix_zone(&fx, &plan, &err), ZL_ECHANGED);
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void fix_zone_refuses_when_the_fixed_zone_does_not_load(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load_with(&fx, HEAD "$INCLUDE hosts.inc\nautodiscover CNAME mail\n", certs_yaml,
			  "hosts.inc", "www A 192.0.2.80\n");
	/* the included file goes away after the load: the fixed text, loaded
	 * to be checked, cannot include it */
	char *inc = path_in(fx.dir, "hosts.inc");
	assert_int_equal(unlink(inc), 0);
	free(inc);
	struct fix_plan plan;
	struct zl_error err;
	assert_int_equal(fix_zone(&fx, &plan, &err), ZL_EREFUSED);
	assert_non_null(strstr(err.message, "refusing: the fixed zone does not load (line 9: "));
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void fix_zone_keeps_only_the_findings_still_reported_as_left(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load(&fx, HEAD "autodiscover CNAME mail\n",
		     "certificates:\n  - names: [smtp.example.org]\n    hosts: [mail.example.net]\n");
	struct fix_plan plan;
	struct zl_error err;
	assert_int_equal(fix_zone(&fx, &plan, &err), ZL_OK);
	assert_true(plan.changed);
	assert_int_equal(plan.left_count, 1);
	assert_string_equal(plan.left[0].rule->id, "autodiscover-srv-missing");
	fix_plan_free(&plan);
	fixture_free(&fx);
}

static void fix_zone_of_the_blank_owner_case_keeps_every_other_record(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_load(&fx, HEAD "autodiscover IN A 192.0.2.25\n\tIN TXT \"hello\"\n", certs_yaml);
	struct fix_plan plan;
	struct zl_error err;
	struct zone *fixed = NULL;
	assert_int_equal(cmd_fix_zone(fx.z, fx.cfg, NULL, &plan, &fixed, &err), ZL_OK);
	assert_int_equal(plan.owners_written, 1);
	/* the TXT record is still autodiscover's */
	uint8_t name[ZONE_NAME_MAX];
	name_wire("autodiscover.example.net.", name);
	uint32_t node = zone_find(fixed, name);
	assert_true(node != ZONE_NONE);
	assert_true(zone_node_has(fixed, node, ZT_TXT));
	assert_false(zone_node_has(fixed, node, ZT_A));
	name_wire("mail.example.net.", name);
	assert_false(zone_node_has(fixed, zone_find(fixed, name), ZT_TXT));
	zone_free(fixed);
	fix_plan_free(&plan);
	fixture_free(&fx);
}

/* ---- fix_plan_check: the record set of the edited file ---- */

/* The plan of the blank-owner zone, its text changed by edit (from, to),
 * loaded and checked; returns the status and err. */
static int check_tampered(const char *from, const char *to, struct zl_error *err)
{
	struct fixture fx;
	fixture_load(&fx, HEAD "autodiscover IN A 192.0.2.25\n\tIN TXT \"hello\"\n", certs_yaml);
	struct fix_plan plan;
	plan_of(&fx, &plan, ZL_OK, err);
	char *at = strstr(plan.text, from);
	assert_non_null(at);
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_append(&b, plan.text, (size_t)(at - plan.text));
	zl_buf_puts(&b, to);
	zl_buf_puts(&b, at + strlen(from));
	struct zone *fixed = NULL;
	assert_int_equal(zone_load_string(b.data, b.len, fx.path, NULL, &fixed, err), ZL_OK);
	zl_error_clear(err);
	int rc = fix_plan_check(fx.z, &plan, fixed, err);
	zone_free(fixed);
	zl_buf_free(&b);
	fix_plan_free(&plan);
	fixture_free(&fx);
	return rc;
}

static void check_accepts_the_plan_as_made(void **state)
{
	(void)state;
	struct zl_error err;
	assert_int_equal(check_tampered("\n", "\n", &err), ZL_OK);
}

static void check_refuses_a_record_that_changed_owner(void **state)
{
	(void)state;
	struct zl_error err;
	assert_int_equal(check_tampered("autodiscover\tIN TXT", "\tIN TXT", &err), ZL_EREFUSED);
	assert_non_null(strstr(err.message, "autodiscover.example.net. 3600 IN TXT \"hello\" would "
					    "not be in the fixed zone as it is"));
	assert_int_equal(err.line, 9);
}

static void check_refuses_a_record_nobody_asked_for(void **state)
{
	(void)state;
	struct zl_error err;
	assert_int_equal(check_tampered("ns1 IN A 192.0.2.53\n", "ns1 IN A 192.0.2.53\nns2 A 192.0.2.54\n",
					&err),
			 ZL_EREFUSED);
	assert_non_null(strstr(err.message, "would hold a record nobody asked for: ns2.example.net."));
}

static void check_refuses_a_missing_added_record(void **state)
{
	(void)state;
	struct zl_error err;
	assert_int_equal(check_tampered("_autodiscover._tcp IN SRV 0 0 443 mail\n", "",
					&err),
			 ZL_EREFUSED);
	assert_non_null(strstr(err.message, "a record the fix adds is not in the edited file"));
}

static void check_refuses_a_serial_that_was_not_bumped(void **state)
{
	(void)state;
	struct zl_error err;
	assert_int_equal(check_tampered("hostmaster 2 ", "hostmaster 1 ", &err), ZL_EREFUSED);
	assert_non_null(strstr(err.message, "IN SOA"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(file_read_keeps_bytes_and_counts_a_last_line_without_newline),
		cmocka_unit_test(file_read_records_the_identity_and_mode),
		cmocka_unit_test(file_read_of_a_missing_file_says_why),
		cmocka_unit_test(apply_without_edits_gives_the_same_bytes),
		cmocka_unit_test(apply_keeps_every_untouched_byte_around_a_replace),
		cmocka_unit_test(comment_out_keeps_a_crlf_line_ending),
		cmocka_unit_test(comment_out_prefixes_every_line_of_a_multi_line_record),
		cmocka_unit_test(inserts_after_the_same_line_keep_the_order_they_were_added_in),
		cmocka_unit_test(insert_after_a_replaced_line_comes_after_the_replacement),
		cmocka_unit_test(insert_at_line_zero_goes_before_the_first_line),
		cmocka_unit_test(insert_text_without_newline_becomes_a_whole_line),
		cmocka_unit_test(insert_after_a_last_line_without_newline_supplies_one),
		cmocka_unit_test(replace_of_a_last_line_without_newline_keeps_it_without),
		cmocka_unit_test(comment_out_of_a_last_line_without_newline_keeps_it_without),
		cmocka_unit_test(replace_with_nothing_deletes_the_lines),
		cmocka_unit_test(overlapping_ranges_are_refused),
		cmocka_unit_test(two_edits_of_the_same_line_are_refused),
		cmocka_unit_test(insert_inside_a_changed_range_is_refused),
		cmocka_unit_test(edit_beyond_the_last_line_is_refused),
		cmocka_unit_test(serial_date_of_today_gets_the_next_number),
		cmocka_unit_test(serial_date_of_an_older_day_becomes_today_with_00),
		cmocka_unit_test(serial_date_in_the_future_gets_the_next_number),
		cmocka_unit_test(serial_counter_gets_the_next_number),
		cmocka_unit_test(serial_that_is_no_calendar_date_is_a_counter),
		cmocka_unit_test(serial_4294967295_wraps_to_0),
		cmocka_unit_test(serial_99_of_today_moves_into_tomorrows_date),
		cmocka_unit_test(serial_next_is_always_greater_in_rfc1982_terms),
		cmocka_unit_test(serial_edit_on_a_one_line_soa_changes_only_the_digits),
		cmocka_unit_test(serial_edit_with_class_before_ttl),
		cmocka_unit_test(serial_edit_without_ttl_or_class),
		cmocka_unit_test(serial_edit_on_a_multi_line_soa_with_comments_and_parentheses),
		cmocka_unit_test(serial_edit_with_names_on_their_own_lines_and_class_first),
		cmocka_unit_test(serial_edit_of_a_record_without_owner_field),
		cmocka_unit_test(serial_edit_of_a_last_line_without_newline_keeps_it_without),
		cmocka_unit_test(serial_edit_refuses_when_the_seventh_field_is_not_the_serial),
		cmocka_unit_test(diff_of_equal_texts_is_empty),
		cmocka_unit_test(diff_of_one_changed_line_matches_diff_u),
		cmocka_unit_test(diff_hunks_are_merged_as_diff_u_merges_them),
		cmocka_unit_test(diff_applies_with_patch_for_changes_at_the_start_and_end),
		cmocka_unit_test(diff_applies_with_patch_when_the_old_file_has_no_final_newline),
		cmocka_unit_test(diff_applies_with_patch_when_the_new_file_loses_its_final_newline),
		cmocka_unit_test(diff_applies_with_patch_to_and_from_an_empty_file),
		cmocka_unit_test(diff_applies_with_patch_to_crlf_lines),
		cmocka_unit_test(diff_applies_with_patch_after_many_scattered_edits),
		cmocka_unit_test(atomic_write_replaces_the_content_and_keeps_the_mode),
		cmocka_unit_test(atomic_write_in_a_read_only_directory_fails_clearly_and_changes_nothing),
		cmocka_unit_test(atomic_write_over_a_read_only_file_fails_clearly_and_changes_nothing),
		cmocka_unit_test(atomic_write_refuses_a_file_changed_since_it_was_read),
		cmocka_unit_test(atomic_write_refuses_a_file_replaced_since_it_was_read),
		cmocka_unit_test(atomic_write_through_a_symlink_replaces_the_file_it_points_to),
		cmocka_unit_test(style_of_a_relative_file_with_tabs),
		cmocka_unit_test(style_of_an_absolute_file_with_spaces_and_ttls),
		cmocka_unit_test(style_of_a_file_without_records_is_what_ldns_prints),
		cmocka_unit_test(style_record_in_a_relative_file_with_tabs),
		cmocka_unit_test(style_record_in_an_absolute_file_with_spaces),
		cmocka_unit_test(style_record_outside_the_origin_is_absolute),
		cmocka_unit_test(style_record_line_loads_back_as_the_same_record),
		cmocka_unit_test(srv_autodiscover_record_is_printed_by_ldns_with_tabs),
		cmocka_unit_test(srv_absent_services_get_target_root_and_port_zero),
		cmocka_unit_test(srv_service_both_offered_and_absent_is_refused),
		cmocka_unit_test(srv_unknown_service_is_refused),
		cmocka_unit_test(srv_bad_names_are_refused),
		cmocka_unit_test(srv_ttl_above_rfc2181_limit_is_refused),
		cmocka_unit_test(srv_port_priority_and_weight_are_written),
		cmocka_unit_test(plan_comments_out_the_alias_and_adds_the_blocker_and_the_srv_record),
		cmocka_unit_test(plan_writes_out_the_owner_a_blank_owner_line_inherited_from_a_removed_record),
		cmocka_unit_test(plan_writes_out_the_owner_in_the_columns_of_a_space_aligned_file),
		cmocka_unit_test(plan_writes_out_the_owner_on_the_first_line_of_a_multi_line_record),
		cmocka_unit_test(plan_leaves_a_blank_owner_alone_when_the_line_before_has_the_same_owner),
		cmocka_unit_test(plan_writes_out_the_owner_of_a_blank_owner_soa_line_with_its_new_serial),
		cmocka_unit_test(plan_puts_the_srv_record_after_the_domain_block_in_an_absolute_file),
		cmocka_unit_test(plan_puts_the_srv_record_at_the_end_when_the_domain_block_is_included),
		cmocka_unit_test(plan_leaves_a_record_in_an_included_file_to_the_admin),
		cmocka_unit_test(plan_raises_the_serial_past_the_previous_one),
		cmocka_unit_test(plan_leaves_a_record_made_by_generate_to_the_admin),
		cmocka_unit_test(plan_refuses_a_file_that_grew_after_the_zone_was_loaded),
		cmocka_unit_test(plan_refuses_a_file_replaced_after_the_zone_was_loaded),
		cmocka_unit_test(plan_refuses_a_file_rewritten_with_the_same_size),
		cmocka_unit_test(plan_refuses_a_zone_that_was_not_loaded_from_its_file),
		cmocka_unit_test(plan_lists_the_findings_no_remedy_addresses),
		cmocka_unit_test(plan_with_nothing_to_do_is_unchanged_but_lists_what_is_left),
		cmocka_unit_test(srv_target_is_the_configured_host_whatever_its_certificate),
		cmocka_unit_test(srv_target_is_the_end_of_the_autodiscover_cname_chain),
		cmocka_unit_test(srv_target_is_a_cname_target_outside_the_zone),
		cmocka_unit_test(srv_target_is_never_what_a_wildcard_cname_synthesises),
		cmocka_unit_test(srv_target_passes_over_a_cname_target_whose_certificate_misses_it),
		cmocka_unit_test(srv_target_passes_over_an_mx_host_whose_certificate_misses_it),
		cmocka_unit_test(srv_target_prefers_the_lowest_mx_preference_with_an_address),
		cmocka_unit_test(srv_target_none_left_adds_no_record_and_says_why),
		cmocka_unit_test(fix_zone_refuses_a_new_finding_in_place_of_the_old_one),
		cmocka_unit_test(fix_zone_refuses_when_an_addressed_finding_stays),
		cmocka_unit_test(fix_zone_refuses_edits_that_change_an_inherited_ttl),
		cmocka_unit_test(fix_zone_refuses_a_file_changed_since_the_zone_was_loaded),
		cmocka_unit_test(fix_zone_refuses_when_the_fixed_zone_does_not_load),
		cmocka_unit_test(fix_zone_keeps_only_the_findings_still_reported_as_left),
		cmocka_unit_test(fix_zone_of_the_blank_owner_case_keeps_every_other_record),
		cmocka_unit_test(check_accepts_the_plan_as_made),
		cmocka_unit_test(check_refuses_a_record_that_changed_owner),
		cmocka_unit_test(check_refuses_a_record_nobody_asked_for),
		cmocka_unit_test(check_refuses_a_missing_added_record),
		cmocka_unit_test(check_refuses_a_serial_that_was_not_bumped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
