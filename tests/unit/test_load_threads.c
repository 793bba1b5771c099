/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/test_load_threads.c: a zone loaded in two threads (a scanning
 * thread feeding a store thread) is the zone one thread loads: the same
 * records, names, lines, order, index and messages, whether the second
 * thread starts with the load or later; and $INCLUDE and $GENERATE found
 * however far the scanner ran ahead of the search. */
#include <sys/mman.h>
#include <unistd.h>

#include "testutil.h"
#include "zone/internal.h"

struct messages {
	char text[64][160];
	unsigned n;
};

static void keep_message(const struct zl_error *err, void *ctx)
{
	struct messages *m = ctx;
	if (m->n < 64)
		zl_error_format(err, m->text[m->n++], sizeof(m->text[0]));
}

struct loaded {
	struct zone *z;
	int rc;
	struct zl_error err;
	struct messages msgs;
};

/* Loads text (or the file path when text is NULL) with the given threads,
 * the second (with 2) from record after on. */
static void load_after(const char *name, const char *text, unsigned threads, size_t after,
		       struct loaded *out)
{
	memset(out, 0, sizeof(*out));
	struct zone_load_options opt = {0};
	opt.threads = threads;
	opt.second_thread_after = after;
	opt.on_error = keep_message;
	opt.ctx = &out->msgs;
	zl_error_clear(&out->err);
	if (text != NULL)
		out->rc = zone_load_string(text, strlen(text), name, &opt, &out->z, &out->err);
	else
		out->rc = zone_load_file(name, &opt, &out->z, &out->err);
}

static void load_with(const char *name, const char *text, unsigned threads, struct loaded *out)
{
	load_after(name, text, threads, 0, out);
}

static void assert_same_zone(const struct zone *a, const struct zone *b)
{
	assert_int_equal(a->rr_count, b->rr_count);
	assert_int_equal(a->node_count, b->node_count);
	assert_int_equal(a->apex, b->apex);
	assert_int_equal(a->soa, b->soa);
	assert_int_equal(a->rclass, b->rclass);
	assert_string_equal(a->origin_text, b->origin_text);
	for (size_t i = 0; i < a->rr_count; i++) {
		const struct zone_rr *x = &a->rrs[i], *y = &b->rrs[i];
		assert_int_equal(x->node, y->node);
		assert_int_equal(x->ttl, y->ttl);
		assert_int_equal(x->line, y->line);
		assert_int_equal(x->type, y->type);
		assert_int_equal(x->rdlen, y->rdlen);
		assert_int_equal(x->file, y->file);
		assert_int_equal(x->span, y->span);
		assert_memory_equal(zone_rr_rdata(a, x), zone_rr_rdata(b, y), x->rdlen);
		assert_int_equal(a->rr_order[i], b->rr_order[i]);
	}
	for (size_t i = 0; i < a->node_count; i++) {
		const struct zone_node *x = &a->nodes[i], *y = &b->nodes[i];
		assert_int_equal(x->parent, y->parent);
		assert_int_equal(x->rr_first, y->rr_first);
		assert_int_equal(zone_node_rr_count(a, (uint32_t)i), zone_node_rr_count(b, (uint32_t)i));
		assert_int_equal(x->flags, y->flags);
		assert_int_equal(x->depth, y->depth);
		assert_int_equal(x->namelen, y->namelen);
		const uint8_t *la = a->labels + x->label, *lb = b->labels + y->label;
		assert_memory_equal(la, lb, (size_t)la[0] + 1);
		assert_int_equal(a->child_first[i + 1], b->child_first[i + 1]);
	}
	struct zone_walk wa, wb;
	zone_walk_start(&wa);
	zone_walk_start(&wb);
	for (uint32_t n; (n = zone_walk_next(a, &wa)) != ZONE_NONE;)
		assert_int_equal(n, zone_walk_next(b, &wb));
	assert_int_equal(zone_walk_next(b, &wb), ZONE_NONE);
	if (a->node_count > 1)
		assert_memory_equal(a->children, b->children, (a->node_count - 1) * sizeof(uint32_t));
	assert_int_equal(a->file_count, b->file_count);
	for (size_t i = 0; i < a->file_count; i++)
		assert_string_equal(a->files[i], b->files[i]);
	assert_int_equal(a->directive_count, b->directive_count);
	for (size_t i = 0; i < a->directive_count; i++) {
		assert_int_equal(a->directives[i].file, b->directives[i].file);
		assert_int_equal(a->directives[i].line, b->directives[i].line);
		assert_string_equal(a->directives[i].text, b->directives[i].text);
	}
}

/* One thread and two load name (text or file) alike, the second thread
 * taken from the start or later, as a load that found the CPUs busy does
 * (after the first record, the third, the 4,099th, never); returns the
 * one-thread load for further checks (the caller frees its zone). */
static void assert_loads_alike(const char *name, const char *text, struct loaded *one)
{
	static const size_t afters[] = {0, 1, 3, 4099, (size_t)1 << 30};
	load_with(name, text, 1, one);
	for (size_t k = 0; k < sizeof(afters) / sizeof(afters[0]); k++) {
		struct loaded two;
		load_after(name, text, 2, afters[k], &two);
		assert_int_equal(one->rc, two.rc);
		assert_int_equal(one->msgs.n, two.msgs.n);
		for (unsigned i = 0; i < one->msgs.n; i++)
			assert_string_equal(one->msgs.text[i], two.msgs.text[i]);
		if (one->rc != ZL_OK) {
			assert_null(two.z);
			assert_int_equal(one->err.line, two.err.line);
			assert_string_equal(one->err.message, two.err.message);
			continue;
		}
		assert_same_zone(one->z, two.z);
		zone_free(two.z);
	}
}

/* A zone of about n records with what a loader must get right: owners
 * repeated and not, blank owners, multi-line records, comments and
 * "zonelint:" comments, $ORIGIN and $TTL changes, TTL defaults, $GENERATE,
 * wildcards, delegations, duplicates. The caller frees it. */
static char *mixed_zone(unsigned n)
{
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_puts(&b, "$ORIGIN example.net.\n$TTL 3600\n"
			"@ IN SOA ns1 hostmaster ( 2024010101 ; serial\n"
			"   7200 3600 1209600 300 )\n"
			"  NS ns1\n  NS ns2.example.org.\n"
			"ns1 A 192.0.2.1\n* 60 TXT \"wild\"\n");
	for (unsigned i = 0; i < n / 8; i++) {
		unsigned c = (i * 7919) % 977;
		zl_buf_printf(&b, "h%u.c%u A 10.%u.%u.%u\n", i, c, i >> 16 & 255, i >> 8 & 255, i & 255);
		zl_buf_printf(&b, "  AAAA 2001:db8::%x\n", i);
		if (i % 5 == 0)
			zl_buf_printf(&b, "; zonelint: ignore rule-%u\n", i);
		zl_buf_printf(&b, "h%u.c%u 300 TXT ( \"part one\"\n  \"part two %u\" ) ; two lines\n", i,
			      c, i);
		zl_buf_printf(&b, "www.h%u.c%u CNAME h%u.c%u\n", i, c, i, c);
		if (i % 97 == 0)
			zl_buf_printf(&b, "sub%u NS ns.sub%u\nns.sub%u A 192.0.2.9\n", i, i, i);
		if (i % 53 == 0)
			zl_buf_printf(&b, "$ORIGIN o%u.example.net.\nx MX 10 mail\nx MX 10 mail\n"
					  "$ORIGIN example.net.\n",
				      i);
		if (i % 211 == 0)
			zl_buf_printf(&b, "$TTL %u\n$GENERATE 1-5 g$.s%u A 192.0.2.$\n", 60 + i, i);
		zl_buf_puts(&b, "\n");
	}
	return zl_buf_steal(&b);
}

static void two_threads_build_the_zone_one_thread_builds(void **state)
{
	(void)state;
	char *text = mixed_zone(64000);
	struct loaded one;
	assert_loads_alike("example.net.zone", text, &one);
	assert_int_equal(one.rc, ZL_OK);
	assert_true(one.z->rr_count > 30000);
	assert_true(one.z->node_count > 15000);
	assert_true(one.z->directive_count > 1000);
	zone_free(one.z);
	free(text);
}

static void two_threads_report_the_same_errors(void **state)
{
	(void)state;
	char *good = mixed_zone(20000);
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_puts(&b, good);
	zl_buf_puts(&b, "bad A 192.0.2.300\nbad2 AAAA ::zz\nclassy CH TXT \"x\"\n");
	zl_buf_puts(&b, good + strlen("$ORIGIN example.net.\n$TTL 3600\n"));
	zl_buf_puts(&b, "last MX x y\n");
	struct loaded one;
	assert_loads_alike("errors.zone", b.data, &one);
	assert_int_equal(one.rc, ZL_EPARSE);
	assert_true(one.msgs.n >= 4);

	/* a record limit stops both at the same record */
	struct zone_load_options opt = {0};
	struct zone *z = NULL;
	struct zl_error e1, e2;
	opt.max_records = 1000;
	opt.threads = 1;
	assert_int_equal(zone_load_string(good, strlen(good), "l.zone", &opt, &z, &e1), ZL_ELIMIT);
	opt.threads = 2;
	assert_int_equal(zone_load_string(good, strlen(good), "l.zone", &opt, &z, &e2), ZL_ELIMIT);
	assert_int_equal(e1.line, e2.line);
	assert_null(z);
	zl_buf_free(&b);
	free(good);
}

static void includes_load_alike_in_two_threads(void **state)
{
	(void)state;
	char dir[] = "/tmp/zonelint-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char main_path[512], inc_path[512];
	snprintf(main_path, sizeof(main_path), "%s/example.net.zone", dir);
	snprintf(inc_path, sizeof(inc_path), "%s/hosts.inc", dir);
	char *hosts = mixed_zone(8000);
	FILE *f = fopen(inc_path, "w");
	assert_non_null(f);
	/* the included file starts where mixed_zone's records do */
	fputs(strstr(hosts, "ns1 A"), f);
	fclose(f);
	f = fopen(main_path, "w");
	assert_non_null(f);
	fputs(hosts, f);
	fputs("$INCLUDE hosts.inc sub ; hosts\nmail A 192.0.2.2\n$INCLUDE hosts.inc\n", f);
	fputs(hosts + strlen("$ORIGIN example.net.\n$TTL 3600\n"), f);
	fclose(f);
	struct loaded one;
	assert_loads_alike(main_path, NULL, &one);
	assert_int_equal(one.rc, ZL_OK);
	assert_int_equal(one.z->file_count, 2);
	zone_free(one.z);
	unlink(main_path);
	unlink(inc_path);
	rmdir(dir);
	free(hosts);
}

/* Comments are read by the scanner in one go with the record after them:
 * more of them than the loader searches ahead takes the scanner past a
 * $GENERATE it has not seen yet. */
static char *late_directive_zone(bool with_error)
{
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_puts(&b, "$ORIGIN example.net.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n");
	zl_buf_puts(&b, with_error ? "bad A 192.0.2.300\n" : "ok A 192.0.2.1\n");
	for (unsigned i = 0; i < 60000; i++) /* 3.5 MB */
		zl_buf_puts(&b, ";; a comment line, long enough to fill the lines up to sixty\n");
	zl_buf_puts(&b, "$GENERATE 1-3 host$ A 192.0.2.$\nafter A 192.0.2.200\n");
	if (with_error)
		zl_buf_puts(&b, "bad2 AAAA ::zz\n");
	return zl_buf_steal(&b);
}

static void directive_after_a_long_run_of_comments_is_still_a_directive(void **state)
{
	(void)state;
	char *text = late_directive_zone(false);
	struct loaded one;
	assert_loads_alike("late.zone", text, &one);
	assert_int_equal(one.rc, ZL_OK);
	assert_int_equal(one.z->rr_count, 6);
	uint8_t name[ZONE_NAME_MAX];
	name_wire("host3.example.net.", name);
	uint32_t node = zone_find(one.z, name);
	assert_int_not_equal(node, ZONE_NONE);
	assert_int_equal(zone_node_rr(one.z, node, 0)->line, 60005);
	name_wire("after.example.net.", name);
	assert_int_equal(zone_node_rr(one.z, zone_find(one.z, name), 0)->line, 60006);
	zone_free(one.z);
	free(text);
}

static void errors_before_a_late_directive_are_reported_once(void **state)
{
	(void)state;
	char *text = late_directive_zone(true);
	struct loaded one;
	assert_loads_alike("late.zone", text, &one);
	assert_int_equal(one.rc, ZL_EPARSE);
	assert_int_equal(one.msgs.n, 2);
	assert_non_null(strstr(one.msgs.text[0], "late.zone:4:"));
	assert_non_null(strstr(one.msgs.text[1], "late.zone:60007:"));
	assert_int_equal(one.err.line, 4);
	free(text);
}

/* Records of 14 octets a line: more than the store guesses from the
 * text's length, so its arrays grow past their first room (from malloc's
 * memory to mappings of their own, and mappings moved), and every record,
 * name and datum is still where the index says. */
static void short_lines_grow_the_store_and_keep_every_record(void **state)
{
	(void)state;
	enum { N = 150000 };
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_puts(&b, "$TTL 60\n@ SOA ns h 1 2 3 4 5\n");
	for (unsigned i = 0; i < N; i++)
		zl_buf_printf(&b, "%x A 10.%u.%u.%u\n", i, i >> 16 & 255, i >> 8 & 255, i & 255);
	char *text = zl_buf_steal(&b);
	struct loaded one;
	assert_loads_alike("grow.example.zone", text, &one);
	assert_int_equal(one.rc, ZL_OK);
	struct zone *z = one.z;
	assert_int_equal(z->rr_count, N + 1);
	/* the walk: every name once, the apex first, then in canonical order */
	assert_int_equal(assert_walk_is_canonical(z), N + 1);
	for (unsigned i = 0; i < N; i += 997) {
		char name[64];
		snprintf(name, sizeof(name), "%x.grow.example.", i);
		uint8_t wire[ZONE_NAME_MAX];
		assert_int_equal(zone_name_from_text(name, NULL, wire, NULL), ZL_OK);
		uint32_t node = zone_find(z, wire);
		assert_int_not_equal(node, ZONE_NONE);
		assert_int_equal(zone_node_rr_count(z, node), 1);
		const struct zone_rr *rr = zone_node_rr(z, node, 0);
		assert_int_equal(rr->line, i + 3);
		const uint8_t want[4] = {10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
		assert_int_equal(rr->rdlen, 4);
		assert_memory_equal(zone_rr_rdata(z, rr), want, 4);
	}
	zone_free(z);
	free(text);
}

/* A file is read (small) or mapped (large) as the text it holds: either
 * loads as that text does from memory. */
static void files_read_or_mapped_load_as_their_text(void **state)
{
	(void)state;
	static const unsigned sizes[] = {800, 16000}; /* about 20 KB and 400 KB */
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		char path[] = "/tmp/zonelint-test-XXXXXX";
		int fd = mkstemp(path);
		assert_true(fd >= 0);
		char *text = mixed_zone(sizes[k]);
		size_t len = strlen(text);
		assert_int_equal(write(fd, text, len), (ssize_t)len);
		close(fd);
		struct loaded file, mem;
		load_with(path, NULL, 1, &file);
		load_with(path, text, 1, &mem);
		assert_int_equal(file.rc, ZL_OK);
		assert_int_equal(mem.rc, ZL_OK);
		assert_same_zone(file.z, mem.z);
		zone_free(file.z);
		zone_free(mem.z);
		unlink(path);
		free(text);
	}
}

/* zl_malloc_populated (the scanner state, the mail-discovery simulation):
 * every page of the block is mapped before the caller writes to it, both
 * when malloc maps it afresh and when it comes from the heap. */
static void populated_blocks_are_resident_before_they_are_written(void **state)
{
	(void)state;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	/* kernels before 5.14 have no MADV_POPULATE_WRITE (23): the pages then
	 * fault in as they are written, and there is nothing to test */
	void *probe = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(probe != MAP_FAILED);
	int supported = madvise(probe, page, 23) == 0;
	munmap(probe, page);
	if (!supported)
		skip();
	const size_t sizes[] = {256u << 10, 40u << 10};
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint8_t *p = zl_malloc_populated(sizes[k]);
		uintptr_t from = (uintptr_t)p & ~(uintptr_t)(page - 1);
		size_t pages = ((uintptr_t)p + sizes[k] - from + page - 1) / page;
		unsigned char *in = calloc(pages, 1);
		assert_non_null(in);
		assert_int_equal(mincore((void *)from, pages * page, in), 0);
		size_t resident = 0;
		for (size_t i = 0; i < pages; i++)
			resident += in[i] & 1;
		assert_int_equal(resident, pages);
		memset(p, 0xa5, sizes[k]);
		assert_int_equal(p[sizes[k] - 1], 0xa5);
		free(in);
		free(p);
	}
}

/* The mapping (of /proc/self/maps) that holds address a: its end, 0 when
 * none does. */
static uintptr_t mapping_end(uintptr_t a)
{
	FILE *f = fopen("/proc/self/maps", "r");
	assert_non_null(f);
	char line[512];
	uintptr_t end = 0;
	while (end == 0 && fgets(line, sizeof(line), f) != NULL) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= a && a < hi)
			end = hi;
	}
	fclose(f);
	return end;
}

/* A large array of the store that grows (records, names, record data) is
 * one mapping, the page before it (its length) included, so that mremap
 * can grow it in place or move it, never copying it nor holding it twice;
 * and a move keeps it on a huge page boundary. Growing it when the room
 * after it is taken moves it. */
static void growing_arrays_stay_one_aligned_mapping(void **state)
{
	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	skip(); /* the store's arrays come from malloc under AddressSanitizer */
#endif
	const uintptr_t huge = 2u << 20;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t cap = 0, size = 3u << 20;
	uint8_t *a = zone_big_grow(NULL, &cap, size, 1);
	assert_int_equal((uintptr_t)a % huge, 0);
	assert_true(mapping_end((uintptr_t)a - page) >= (uintptr_t)a + size);
	for (size_t i = 0; i < cap; i += 4096)
		a[i] = (uint8_t)(i >> 12);
	/* take the room after the mapping: growing cannot stay in place */
	uintptr_t end = mapping_end((uintptr_t)a);
	void *block = mmap((void *)end, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			   -1, 0);
	size_t old = cap;
	uint8_t *b = zone_big_grow(a, &cap, 4 * size, 1);
	assert_true(cap >= 4 * size);
	assert_int_equal((uintptr_t)b % huge, 0);
	assert_true(mapping_end((uintptr_t)b - page) >= (uintptr_t)b + cap);
	if (block == (void *)end) /* (an old kernel takes the address as a hint) */
		assert_ptr_not_equal(a, b);
	if (block != MAP_FAILED)
		munmap(block, page);
	for (size_t i = 0; i < old; i += 4096)
		assert_int_equal(b[i], (uint8_t)(i >> 12));
	b[cap - 1] = 1;
	zone_big_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_threads_build_the_zone_one_thread_builds),
		cmocka_unit_test(two_threads_report_the_same_errors),
		cmocka_unit_test(includes_load_alike_in_two_threads),
		cmocka_unit_test(directive_after_a_long_run_of_comments_is_still_a_directive),
		cmocka_unit_test(errors_before_a_late_directive_are_reported_once),
		cmocka_unit_test(short_lines_grow_the_store_and_keep_every_record),
		cmocka_unit_test(files_read_or_mapped_load_as_their_text),
		cmocka_unit_test(populated_blocks_are_resident_before_they_are_written),
		cmocka_unit_test(growing_arrays_stay_one_aligned_mapping),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
