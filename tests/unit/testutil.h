/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/unit/testutil.h: helpers the cmocka tests share: load zone text,
 * run a lookup by names in presentation form, render a result as text. */
#ifndef ZONELINT_TESTUTIL_H
#define ZONELINT_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zone/zone.h"

static inline struct zone *load_zone_text(const char *name, const char *text)
{
	struct zone *z = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	int rc = zone_load_string(text, strlen(text), name, NULL, &z, &err);
	if (rc != ZL_OK) {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		print_error("load failed: %s\n", msg);
	}
	assert_int_equal(rc, ZL_OK);
	assert_non_null(z);
	return z;
}

/* Walks z's names (zone_walk), asserting that the apex comes first and
 * that each name sorts after the one before it (RFC 4034 6.1); returns
 * how many there are. */
static inline size_t assert_walk_is_canonical(const struct zone *z)
{
	struct zone_walk walk;
	zone_walk_start(&walk);
	size_t count = 0;
	uint8_t prev[ZONE_NAME_MAX], cur[ZONE_NAME_MAX];
	for (uint32_t n; (n = zone_walk_next(z, &walk)) != ZONE_NONE; count++) {
		zone_node_name(z, n, cur);
		if (count == 0)
			assert_int_equal(n, z->apex);
		else
			assert_true(zone_name_compare(prev, cur) < 0);
		memcpy(prev, cur, zone_name_len(cur));
	}
	return count;
}

static inline void name_wire(const char *text, uint8_t *out)
{
	assert_int_equal(zone_name_from_text(text, NULL, out, NULL), ZL_OK);
}

static inline const char *rcode_text(int rcode)
{
	switch (rcode) {
	case 0: return "NOERROR";
	case 2: return "SERVFAIL";
	case 3: return "NXDOMAIN";
	case 5: return "REFUSED";
	case 6: return "YXDOMAIN";
	default: return "OTHER";
	}
}

static inline void section_text(struct zl_buf *b, const char *label, const struct zone_section *s)
{
	zl_buf_printf(b, " | %s:", label);
	for (size_t i = 0; i < s->count; i++) {
		const struct zone_answer_rr *a = &s->rrs[i];
		char owner[ZONE_TEXT_NAME_MAX], type[32];
		zone_name_to_text(a->owner, owner, sizeof(owner));
		zone_type_to_text(a->type, type, sizeof(type));
		char *rd = zone_rdata_to_text(a->type, a->rdata, a->rdlen);
		/* owner case is whatever was asked: compare lower-case */
		for (char *p = owner; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
		zl_buf_printf(b, "%s %s %u %s %s", i ? ";" : "", owner, a->ttl, type, rd);
		free(rd);
	}
}

static inline const char *step_kind_text(enum zone_step_kind k)
{
	switch (k) {
	case ZONE_STEP_EXACT: return "exact";
	case ZONE_STEP_WILDCARD: return "wildcard";
	case ZONE_STEP_CNAME: return "cname";
	case ZONE_STEP_DNAME: return "dname";
	case ZONE_STEP_REFERRAL: return "referral";
	case ZONE_STEP_NXDOMAIN: return "nxdomain";
	case ZONE_STEP_NODATA: return "nodata";
	case ZONE_STEP_OUTSIDE: return "outside";
	case ZONE_STEP_LOOP: return "loop";
	case ZONE_STEP_YXDOMAIN: return "yxdomain";
	}
	return "?";
}

/* "NOERROR aa | answer: ... | authority: ... | additional: ... | path: exact(x.) ..." */
static inline char *result_text(const struct zone_result *r)
{
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_printf(&b, "%s%s", rcode_text(r->rcode), r->aa ? " aa" : "");
	section_text(&b, "answer", &r->answer);
	section_text(&b, "authority", &r->authority);
	section_text(&b, "additional", &r->additional);
	zl_buf_puts(&b, " | path:");
	for (size_t i = 0; i < r->step_count; i++) {
		const struct zone_step *s = &r->steps[i];
		char node[ZONE_TEXT_NAME_MAX] = "-";
		if (s->zone != NULL && s->node != ZONE_NONE)
			zone_node_text(s->zone, s->node, node, sizeof(node));
		zl_buf_printf(&b, " %s(%s)", step_kind_text(s->kind), node);
	}
	return zl_buf_steal(&b);
}

/* Looks name/type up in the set and returns the rendered result. */
static inline char *ask(const struct zone_set *set, const char *name, const char *type)
{
	uint8_t wire[ZONE_NAME_MAX];
	name_wire(name, wire);
	uint16_t t = zone_type_from_text(type);
	assert_true(t != 0);
	struct zone_result *r = malloc(sizeof(*r));
	zone_result_init(r);
	assert_int_equal(zone_lookup(set, wire, t, r), ZL_OK);
	char *text = result_text(r);
	zone_result_free(r);
	free(r);
	return text;
}

/* assert that ask() gives exactly expected */
#define assert_answer(set, name, type, expected)                                                   \
	do {                                                                                       \
		char *got_ = ask((set), (name), (type));                                           \
		if (strcmp(got_, (expected)) != 0)                                                 \
			print_error("%s %s\n  expected: %s\n  got:      %s\n", (name), (type),        \
				    (expected), got_);                                             \
		assert_string_equal(got_, (expected));                                             \
		free(got_);                                                                        \
	} while (0)

#endif
