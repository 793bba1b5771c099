/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/test_load.c: zone loading (libzscanner plus what zonelint adds)
 * and the index built from it. */
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static struct zone *try_load(const char *name, const char *text, struct zl_error *err)
{
	struct zone *z = NULL;
	zl_error_clear(err);
	zone_load_string(text, strlen(text), name, NULL, &z, err);
	return z;
}

/* the record of the given owner and type (first), or fail */
static const struct zone_rr *find_rr(const struct zone *z, const char *owner, uint16_t type)
{
	uint8_t name[ZONE_NAME_MAX];
	name_wire(owner, name);
	uint32_t node = zone_find(z, name);
	assert_int_not_equal(node, ZONE_NONE);
	size_t cursor = 0;
	uint32_t idx = zone_node_next(z, node, type, &cursor);
	assert_int_not_equal(idx, ZONE_NONE);
	return &z->rrs[idx];
}

static void broken_record_reports_its_file_and_line(void **state)
{
	(void)state;
	struct zl_error err;
	struct zone *z = try_load("zones/bad.zone",
				  "$ORIGIN example.net.\n$TTL 3600\n@ SOA ns1 h 1 2 3 4 5\n"
				  "  NS ns1\nns1 A 192.0.2.1\nmail IN A 192.0.2.999\n",
				  &err);
	assert_null(z);
	assert_int_equal(err.code, ZL_EPARSE);
	assert_int_equal(err.line, 6);
	assert_string_equal(err.file, "zones/bad.zone");
	assert_non_null(strstr(err.message, "mail IN A 192.0.2.999"));
}

static void multi_line_record_keeps_its_first_line(void **state)
{
	(void)state;
	struct zone *z = load_zone_text("ml.zone", "$ORIGIN example.net.\n"
						   "$TTL 3600\n"
						   "\n"
						   "; the SOA\n"
						   "@ IN SOA ns1 hostmaster (\n"
						   "     2024010101 ; serial\n"
						   "     3600 900 604800 300 )\n"
						   "  NS ns1\n"
						   "ns1 A 192.0.2.1 ; inline\n");
	const struct zone_rr *soa = find_rr(z, "example.net.", ZT_SOA);
	assert_int_equal(soa->line, 5);
	assert_int_equal(soa->span & ZONE_RR_SPAN_MASK, 2);
	assert_int_equal(find_rr(z, "example.net.", ZT_NS)->line, 8);
	assert_int_equal(find_rr(z, "ns1.example.net.", ZT_A)->line, 9);
	zone_free(z);
}

/* libzscanner hands over an A record before its ')' on a later line: the
 * record still ends there, and the next record starts after it */
static void closing_parenthesis_alone_belongs_to_its_record(void **state)
{
	(void)state;
	struct zone *z = load_zone_text("paren.zone", "$ORIGIN example.net.\n"
						      "$TTL 3600\n"
						      "@ SOA ns1 hostmaster 1 3600 900 604800 300\n"
						      "  NS ns1\n"
						      "ns1 A ( 192.0.2.1 ; the address\n"
						      "\n"
						      "  )\n"
						      "www AAAA ( 2001:db8::1\n"
						      ") ; closed\n"
						      "txt TXT ( \"a\"\n"
						      ")\n"
						      "mail A 192.0.2.2\n");
	const struct zone_rr *a = find_rr(z, "ns1.example.net.", ZT_A);
	assert_int_equal(a->line, 5);
	assert_int_equal(a->span & ZONE_RR_SPAN_MASK, 2);
	const struct zone_rr *aaaa = find_rr(z, "www.example.net.", ZT_AAAA);
	assert_int_equal(aaaa->line, 8);
	assert_int_equal(aaaa->span & ZONE_RR_SPAN_MASK, 1);
	const struct zone_rr *txt = find_rr(z, "txt.example.net.", ZT_TXT);
	assert_int_equal(txt->line, 10);
	assert_int_equal(txt->span & ZONE_RR_SPAN_MASK, 1);
	const struct zone_rr *mail = find_rr(z, "mail.example.net.", ZT_A);
	assert_int_equal(mail->line, 12);
	assert_int_equal(mail->span & ZONE_RR_SPAN_MASK, 0);
	zone_free(z);

	/* the last record of a file without a final newline */
	z = load_zone_text("end.zone", "$ORIGIN example.net.\n$TTL 3600\n"
				       "@ SOA ns1 hostmaster 1 3600 900 604800 300\n"
				       "ns1 A ( 192.0.2.1\n)");
	a = find_rr(z, "ns1.example.net.", ZT_A);
	assert_int_equal(a->line, 4);
	assert_int_equal(a->span & ZONE_RR_SPAN_MASK, 1);
	zone_free(z);
}

static void origin_comes_from_soa_then_file_name(void **state)
{
	(void)state;
	struct zone *z = load_zone_text("whatever.zone",
					"example.org. 3600 SOA ns1.example.org. h.example.org. 1 2 3 4 5\n");
	assert_string_equal(z->origin_text, "example.org.");
	zone_free(z);
	z = load_zone_text("dir/db.example.com", "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n");
	assert_string_equal(z->origin_text, "example.com.");
	zone_free(z);
	z = load_zone_text("example.info.zone", "$TTL 60\nwww A 192.0.2.1\n");
	assert_string_equal(z->origin_text, "example.info.");
	zone_free(z);
	char buf[256];
	assert_true(zone_origin_from_filename("zones/example.net.db", buf, sizeof(buf)));
	assert_string_equal(buf, "example.net.");
	assert_true(zone_origin_from_filename("example.net", buf, sizeof(buf)));
	assert_string_equal(buf, "example.net.");
}

static void origin_option_wins(void **state)
{
	(void)state;
	struct zone_load_options opt = {0};
	opt.origin = "example.net";
	struct zone *z = NULL;
	const char text[] = "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\nwww A 192.0.2.1\n";
	assert_int_equal(zone_load_string(text, strlen(text), "x.zone", &opt, &z, NULL), ZL_OK);
	assert_string_equal(z->origin_text, "example.net.");
	find_rr(z, "www.example.net.", ZT_A);
	zone_free(z);
}

static void ttl_defaults_follow_bind(void **state)
{
	(void)state;
	/* no $TTL: the SOA without TTL takes its MINIMUM, which then is the
	 * default; with an explicit SOA TTL the last explicit TTL carries on */
	struct zone *z = load_zone_text("t.zone", "$ORIGIN example.net.\n"
						  "@ SOA ns1 h 1 2 3 4 5\n NS ns1\na 100 A 192.0.2.1\n"
						  "b A 192.0.2.2\n$TTL 77\nc A 192.0.2.3\nd 99 A 192.0.2.4\n"
						  "e A 192.0.2.5\n");
	assert_int_equal(find_rr(z, "example.net.", ZT_SOA)->ttl, 5);
	assert_int_equal(find_rr(z, "example.net.", ZT_NS)->ttl, 5);
	assert_int_equal(find_rr(z, "a.example.net.", ZT_A)->ttl, 100);
	assert_int_equal(find_rr(z, "b.example.net.", ZT_A)->ttl, 5);
	assert_int_equal(find_rr(z, "c.example.net.", ZT_A)->ttl, 77);
	assert_int_equal(find_rr(z, "d.example.net.", ZT_A)->ttl, 99);
	assert_int_equal(find_rr(z, "e.example.net.", ZT_A)->ttl, 77);
	zone_free(z);
	z = load_zone_text("t3.zone", "$ORIGIN example.net.\n@ 200 SOA ns1 h 1 2 3 4 5\n NS ns1\n"
				      "a 100 A 192.0.2.1\nb A 192.0.2.2\n");
	assert_int_equal(find_rr(z, "example.net.", ZT_NS)->ttl, 200);
	assert_int_equal(find_rr(z, "b.example.net.", ZT_A)->ttl, 100);
	zone_free(z);
}

static void record_without_any_ttl_is_an_error(void **state)
{
	(void)state;
	struct zl_error err;
	assert_null(try_load("nottl.zone", "$ORIGIN example.net.\na A 192.0.2.1\n@ SOA a b 1 2 3 4 5\n",
			     &err));
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "no TTL"));
}

static void generate_expands_with_modifiers(void **state)
{
	(void)state;
	struct zone *z = load_zone_text("gen.zone", "$ORIGIN example.net.\n$TTL 60\n"
						    "@ SOA ns1 h 1 2 3 4 5\n"
						    "$GENERATE 1-3 host$ A 192.0.2.$\n"
						    "$GENERATE 10-14/2 h${0,3,d} CNAME x${-9,2,x}\n"
						    "after A 192.0.2.200\n");
	const struct zone_rr *rr = find_rr(z, "host2.example.net.", ZT_A);
	assert_int_equal(rr->line, 4);
	assert_true(rr->span & ZONE_RR_GENERATED);
	find_rr(z, "host3.example.net.", ZT_A);
	rr = find_rr(z, "h012.example.net.", ZT_CNAME);
	assert_int_equal(rr->line, 5);
	uint8_t target[ZONE_NAME_MAX];
	name_wire("x03.example.net.", target);
	assert_true(zone_name_equal(zone_rr_rdata(z, rr), target));
	uint8_t name[ZONE_NAME_MAX];
	name_wire("h011.example.net.", name);
	assert_int_equal(zone_find(z, name), ZONE_NONE);
	rr = find_rr(z, "after.example.net.", ZT_A);
	assert_int_equal(rr->line, 6);
	assert_false(rr->span & ZONE_RR_GENERATED);
	zone_free(z);
}

static void bad_generate_is_an_error_on_its_line(void **state)
{
	(void)state;
	struct zl_error err;
	assert_null(try_load("g.zone", "$ORIGIN example.net.\n$TTL 60\n$GENERATE 5-1 h$ A 192.0.2.$\n",
			     &err));
	assert_int_equal(err.line, 3);
}

static void include_takes_relative_origin_and_keeps_the_parent_origin(void **state)
{
	(void)state;
	char dir[] = "/tmp/zonelint-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char main_path[512], inc_path[512];
	snprintf(main_path, sizeof(main_path), "%s/example.net.zone", dir);
	snprintf(inc_path, sizeof(inc_path), "%s/hosts.inc", dir);
	FILE *f = fopen(inc_path, "w");
	assert_non_null(f);
	fputs("x A 192.0.2.3\n\ny A 192.0.2.4\n", f);
	fclose(f);
	f = fopen(main_path, "w");
	assert_non_null(f);
	fputs("$ORIGIN example.net.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n"
	      "$INCLUDE hosts.inc sub ; hosts\nmail A 192.0.2.2\n",
	      f);
	fclose(f);
	struct zone *z = NULL;
	struct zl_error err;
	assert_int_equal(zone_load_file(main_path, NULL, &z, &err), ZL_OK);
	const struct zone_rr *rr = find_rr(z, "y.sub.example.net.", ZT_A);
	assert_int_equal(rr->line, 3);
	assert_string_equal(zone_rr_file(z, rr), inc_path);
	rr = find_rr(z, "mail.example.net.", ZT_A);
	assert_int_equal(rr->line, 5);
	assert_string_equal(zone_rr_file(z, rr), main_path);
	zone_free(z);

	/* a missing include is an error on the $INCLUDE line */
	f = fopen(main_path, "w");
	fputs("$ORIGIN example.net.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n$INCLUDE missing.inc\n", f);
	fclose(f);
	assert_int_not_equal(zone_load_file(main_path, NULL, &z, &err), ZL_OK);
	assert_int_equal(err.line, 4);
	assert_non_null(strstr(err.message, "missing.inc"));
	unlink(main_path);
	unlink(inc_path);
	rmdir(dir);
}

static void include_of_a_device_is_refused(void **state)
{
	(void)state;
	struct zl_error err;
	/* /dev/zero would never end */
	assert_null(try_load("dev.zone", "$ORIGIN example.net.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n"
					 "$INCLUDE /dev/zero\n",
			     &err));
	assert_int_equal(err.line, 4);
	assert_non_null(strstr(err.message, "is not a regular file"));
}

static void record_limit_stops_loading(void **state)
{
	(void)state;
	struct zone_load_options opt = {0};
	opt.max_records = 100;
	struct zone *z = NULL;
	struct zl_error err;
	const char text[] = "$ORIGIN example.net.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n"
			    "$GENERATE 1-1000 h$ A 192.0.2.1\n";
	assert_int_equal(zone_load_string(text, strlen(text), "g.zone", &opt, &z, &err), ZL_ELIMIT);
	assert_null(z);
	assert_non_null(strstr(err.message, "more than 100 records"));
}

static void zonelint_comments_are_kept_with_their_lines(void **state)
{
	(void)state;
	struct zone *z = load_zone_text("c.zone", "$ORIGIN example.net.\n$TTL 60\n"
						  "@ SOA ns1 h 1 2 3 4 5\n"
						  "; zonelint: ignore autodiscover-wildcard\n"
						  "* A 192.0.2.80\n"
						  "www A 192.0.2.80 ; zonelint: ignore wildcard-cname\n"
						  "txt TXT \"zonelint: not a comment\"\n");
	assert_int_equal(z->directive_count, 2);
	assert_int_equal(z->directives[0].line, 4);
	assert_string_equal(z->directives[0].text, "ignore autodiscover-wildcard");
	assert_int_equal(z->directives[1].line, 6);
	assert_string_equal(z->directives[1].text, "ignore wildcard-cname");
	zone_free(z);
}

static void index_knows_ents_cuts_wildcards_and_out_of_zone(void **state)
{
	(void)state;
	struct zone *z = load_zone_text("i.zone", "$ORIGIN example.net.\n$TTL 60\n"
						  "@ SOA ns1 h 1 2 3 4 5\n NS ns1\n"
						  "_imaps._tcp SRV 0 0 993 mail\n"
						  "sub NS ns.sub\nns.sub A 192.0.2.53\n"
						  "* TXT \"w\"\n"
						  "www.example.org. A 192.0.2.9\n");
	uint8_t n[ZONE_NAME_MAX];
	name_wire("_tcp.example.net.", n);
	uint32_t tcp = zone_find(z, n);
	assert_int_not_equal(tcp, ZONE_NONE);
	assert_true(zone_node_is_ent(z, tcp));
	name_wire("sub.example.net.", n);
	assert_true(z->nodes[zone_find(z, n)].flags & ZN_CUT);
	name_wire("ns.sub.example.net.", n);
	assert_true(z->nodes[zone_find(z, n)].flags & ZN_OCCLUDED);
	name_wire("*.example.net.", n);
	assert_true(z->nodes[zone_find(z, n)].flags & ZN_WILDCARD);
	name_wire("www.example.org.", n);
	uint32_t out = zone_find(z, n);
	assert_int_not_equal(out, ZONE_NONE);
	assert_false(z->nodes[out].flags & ZN_IN_ZONE);
	assert_true(z->nodes[z->apex].flags & ZN_APEX);
	zone_free(z);
}

static void names_come_in_canonical_order(void **state)
{
	(void)state;
	/* RFC 4034 6.1's example, shuffled, with case differences */
	struct zone *z = load_zone_text("o.zone", "$ORIGIN example.\n$TTL 60\n"
						  "@ SOA ns1 h 1 2 3 4 5\n"
						  "\\200.z.example. A 192.0.2.1\n"
						  "*.z.example. A 192.0.2.1\n"
						  "a.example. A 192.0.2.1\n"
						  "Z.a.example. A 192.0.2.1\n"
						  "zABC.a.EXAMPLE. A 192.0.2.1\n"
						  "z.example. A 192.0.2.1\n"
						  "\\001.z.example. A 192.0.2.1\n"
						  "yljkjljk.a.example. A 192.0.2.1\n");
	/* a node keeps the case its label had where it was first written */
	const char *expected[] = {"example.",          "a.example.",   "yljkjljk.a.example.",
				  "Z.a.example.",      "zABC.a.example.", "z.example.",
				  "\\001.z.example.", "*.z.example.", "\\200.z.example."};
	struct zone_walk walk;
	zone_walk_start(&walk);
	size_t i = 0;
	for (uint32_t n; (n = zone_walk_next(z, &walk)) != ZONE_NONE; i++) {
		char text[ZONE_TEXT_NAME_MAX];
		assert_true(i < 9);
		zone_node_text(z, n, text, sizeof(text));
		assert_string_equal(text, expected[i]);
	}
	assert_int_equal(i, 9);
	zone_free(z);
}

static void large_sibling_groups_sort_like_small_ones(void **state)
{
	(void)state;
	struct zl_buf text;
	zl_buf_init(&text);
	zl_buf_puts(&text, "$ORIGIN example.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n");
	/* long common prefixes exercise the comparison after the radix pass */
	for (int i = 2000; i > 0; i--)
		zl_buf_printf(&text, "commonprefix-%d A 192.0.2.1\nh%d A 192.0.2.1\n", i * 7919 % 2003, i);
	struct zone *z = load_zone_text("big.zone", text.data);
	assert_int_equal(assert_walk_is_canonical(z), 4001);
	zone_free(z);
	zl_buf_free(&text);
}

static void class_other_than_the_zones_is_an_error(void **state)
{
	(void)state;
	struct zl_error err;
	assert_null(try_load("cls.zone", "$ORIGIN example.net.\n$TTL 60\n@ IN SOA ns1 h 1 2 3 4 5\n"
					 "txt CH TXT \"x\"\n",
			     &err));
	assert_int_equal(err.line, 4);
}

static void duplicates_are_marked(void **state)
{
	(void)state;
	struct zone *z = load_zone_text("d.zone", "$ORIGIN example.net.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n"
						  "a A 192.0.2.1\na A 192.0.2.2\na A 192.0.2.1\n");
	assert_int_equal(z->rr_count, 4);
	assert_false(z->rrs[1].span & ZONE_RR_DUPLICATE);
	assert_false(z->rrs[2].span & ZONE_RR_DUPLICATE);
	assert_true(z->rrs[3].span & ZONE_RR_DUPLICATE);
	zone_free(z);
}

/* names in the data of NS, MX, SRV, SOA... compare without case (BIND and
 * NSD keep one record); the octets around them and text keep theirs */
static void duplicates_compare_names_in_data_without_case(void **state)
{
	(void)state;
	struct zone *z = load_zone_text("d.zone", "$ORIGIN example.net.\n$TTL 60\n"
						  "@ SOA ns1 h 1 2 3 4 5\n"
						  "@ SOA NS1 H 1 2 3 4 5\n"
						  "@ MX 10 MAIL\n"
						  "@ MX 10 mail\n"
						  "@ MX 65 a\n"
						  "@ MX 97 a\n"
						  "_x._tcp SRV 0 0 443 Host\n"
						  "_x._tcp SRV 0 0 443 hOST\n"
						  "_x._tcp SRV 0 0 444 host\n"
						  "t TXT \"A\"\n"
						  "t TXT \"a\"\n"
						  "t CNAME X\n"
						  "t CNAME x\n");
	assert_int_equal(z->rr_count, 13);
	static const bool dup[13] = {false, true, false, true, false, false,
				     false, true, false, false, false, false, true};
	for (size_t i = 0; i < 13; i++)
		assert_int_equal(!!(z->rrs[i].span & ZONE_RR_DUPLICATE), dup[i]);
	zone_free(z);
}

struct error_lines {
	unsigned n;
	unsigned long lines[8];
};

static void collect_line(const struct zl_error *err, void *ctx)
{
	struct error_lines *c = ctx;
	if (c->n < 8)
		c->lines[c->n++] = err->line;
}

static void every_error_is_reported_not_only_the_first(void **state)
{
	(void)state;
	struct error_lines c = {0, {0}};
	struct zone_load_options opt = {0};
	opt.on_error = collect_line;
	opt.ctx = &c;
	struct zl_error err;
	struct zone *z = NULL;
	const char text[] = "$ORIGIN example.net.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n"
			    "a A 192.0.2.300\nb AAAA ::zz\nok A 192.0.2.1\nc MX x y\n";
	assert_int_equal(zone_load_string(text, strlen(text), "m.zone", &opt, &z, &err), ZL_EPARSE);
	assert_null(z);
	assert_int_equal(err.line, 4);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.lines[0], 4);
	assert_int_equal(c.lines[1], 5);
	assert_int_equal(c.lines[2], 7);
}

/* ---- $INCLUDE names, notes, includes read by the caller ---- */

struct notes {
	unsigned n;
	unsigned long line;
	char text[1100];
};

static void collect_note(const struct zl_error *e, void *ctx)
{
	struct notes *c = ctx;
	c->n++;
	c->line = e->line;
	snprintf(c->text, sizeof(c->text), "%s", e->message);
}

static void origin_from_the_file_name_is_noted_once(void **state)
{
	(void)state;
	struct notes c = {0, 0, ""};
	struct zone_load_options opt = {0};
	opt.on_note = collect_note;
	opt.ctx = &c;
	struct zl_error err;
	struct zone *z = NULL;
	const char guessed[] = "$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n";
	assert_int_equal(zone_load_string(guessed, strlen(guessed), "northwind.zone", &opt, &z, &err),
			 ZL_OK);
	assert_string_equal(z->origin_text, "northwind.");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.line, 2);
	assert_non_null(strstr(c.text, "note: the origin northwind. is taken from the file name"));
	zone_free(z);
	/* $ORIGIN before the first record, --origin, or absolute owners: no note */
	const char *quiet[] = {
		"$ORIGIN northwind.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n",
		"$TTL 60\nnorthwind. SOA ns1 h 1 2 3 4 5\n",
	};
	for (size_t i = 0; i < 2; i++) {
		c.n = 0;
		assert_int_equal(zone_load_string(quiet[i], strlen(quiet[i]), "northwind.zone", &opt, &z,
						  &err),
				 ZL_OK);
		assert_int_equal(c.n, 0);
		zone_free(z);
	}
	opt.origin = "northwind.example";
	assert_int_equal(zone_load_string(guessed, strlen(guessed), "northwind.zone", &opt, &z, &err),
			 ZL_OK);
	assert_int_equal(c.n, 0);
	zone_free(z);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void include_dir_reads_relative_names_as_named_does(void **state)
{
	(void)state;
	char dir[] = "/tmp/zonelint-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(mkdir("zones", 0755), 0);
	write_text("zones/x.zone", "$ORIGIN x.example.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n"
				   "$INCLUDE hosts.inc\n");
	write_text("zones/hosts.inc", "beside A 192.0.2.1\n");
	write_text("hosts.inc", "top A 192.0.2.2\n");
	struct notes c = {0, 0, ""};
	struct zone_load_options opt = {0};
	opt.on_note = collect_note;
	opt.ctx = &c;
	struct zl_error err;
	struct zone *z = NULL;
	/* by default: next to the including file, and a note that named,
	 * running here, would read ./hosts.inc */
	assert_int_equal(zone_load_file("zones/x.zone", &opt, &z, &err), ZL_OK);
	find_rr(z, "beside.x.example.", ZT_A);
	assert_string_equal(zone_file_name(z, 1), "zones/hosts.inc");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.line, 4);
	assert_non_null(strstr(c.text, "named-checkzone run from here would read hosts.inc"));
	zone_free(z);
	/* -w .: from here, as named-checkzone; the note names the other */
	c.n = 0;
	opt.include_dir = ".";
	assert_int_equal(zone_load_file("zones/x.zone", &opt, &z, &err), ZL_OK);
	find_rr(z, "top.x.example.", ZT_A);
	assert_int_equal(zone_file_count(z), 2);
	assert_string_equal(zone_file_name(z, 1), "hosts.inc");
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.text, "without -w, zonelint would read zones/hosts.inc"));
	zone_free(z);
	/* one file only: no note */
	c.n = 0;
	unlink("hosts.inc");
	opt.include_dir = NULL;
	assert_int_equal(zone_load_file("zones/x.zone", &opt, &z, &err), ZL_OK);
	assert_int_equal(c.n, 0);
	zone_free(z);
	unlink("zones/hosts.inc");
	unlink("zones/x.zone");
	rmdir("zones");
	assert_int_equal(chdir(cwd), 0);
	rmdir(dir);
}

/* Reads "DIR/hosts.inc" from memory: a version in git, say. */
static int read_hosts(const char *path, char **text, size_t *len, void *ctx, struct zl_error *err)
{
	unsigned *calls = ctx;
	(*calls)++;
	if (strcmp(path, "d/hosts.inc") != 0)
		return zl_error_set(err, ZL_EIO, path, 0, "not in the revision");
	*text = zl_strdup("www A 192.0.2.80\n");
	*len = strlen(*text);
	return ZL_OK;
}

static void includes_are_read_through_the_callers_reader(void **state)
{
	(void)state;
	unsigned calls = 0;
	struct zone_load_options opt = {0};
	opt.read_include = read_hosts;
	opt.read_ctx = &calls;
	struct zl_error err;
	struct zone *z = NULL;
	const char text[] = "$ORIGIN r.example.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n$INCLUDE hosts.inc\n";
	assert_int_equal(zone_load_string(text, strlen(text), "d/r.example.zone", &opt, &z, &err), ZL_OK);
	assert_int_equal(calls, 1);
	const struct zone_rr *rr = find_rr(z, "www.r.example.", ZT_A);
	assert_string_equal(zone_rr_file(z, rr), "d/hosts.inc");
	zone_free(z);
	/* what the reader does not have is an error on the $INCLUDE line */
	const char missing[] = "$ORIGIN r.example.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n$INCLUDE other.inc\n";
	assert_int_not_equal(zone_load_string(missing, strlen(missing), "d/r.example.zone", &opt, &z, &err),
			     ZL_OK);
	assert_int_equal(err.line, 4);
	assert_non_null(strstr(err.message, "not in the revision"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(broken_record_reports_its_file_and_line),
		cmocka_unit_test(multi_line_record_keeps_its_first_line),
		cmocka_unit_test(closing_parenthesis_alone_belongs_to_its_record),
		cmocka_unit_test(origin_comes_from_soa_then_file_name),
		cmocka_unit_test(origin_option_wins),
		cmocka_unit_test(ttl_defaults_follow_bind),
		cmocka_unit_test(record_without_any_ttl_is_an_error),
		cmocka_unit_test(generate_expands_with_modifiers),
		cmocka_unit_test(bad_generate_is_an_error_on_its_line),
		cmocka_unit_test(include_takes_relative_origin_and_keeps_the_parent_origin),
		cmocka_unit_test(include_of_a_device_is_refused),
		cmocka_unit_test(record_limit_stops_loading),
		cmocka_unit_test(zonelint_comments_are_kept_with_their_lines),
		cmocka_unit_test(index_knows_ents_cuts_wildcards_and_out_of_zone),
		cmocka_unit_test(names_come_in_canonical_order),
		cmocka_unit_test(large_sibling_groups_sort_like_small_ones),
		cmocka_unit_test(class_other_than_the_zones_is_an_error),
		cmocka_unit_test(duplicates_are_marked),
		cmocka_unit_test(duplicates_compare_names_in_data_without_case),
		cmocka_unit_test(every_error_is_reported_not_only_the_first),
		cmocka_unit_test(origin_from_the_file_name_is_noted_once),
		cmocka_unit_test(include_dir_reads_relative_names_as_named_does),
		cmocka_unit_test(includes_are_read_through_the_callers_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
