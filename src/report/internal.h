/* SPDX-License-Identifier: BSD-3-Clause */
/* report/internal.h: what the report writers share: JSON string escaping
 * (RFC 8259 7), the text of a remedy's record, and sending what a writer
 * renders to the caller's stream a chunk at a time. */
#ifndef ZONELINT_REPORT_INTERNAL_H
#define ZONELINT_REPORT_INTERNAL_H

#include <stdio.h>
#include <string.h>

#include "report/report.h"

/* Where a writer renders: b, which report_drain sends to stream once it
 * holds a chunk, so that a large report is never whole in memory. */
struct report_out {
	struct zl_buf b;
	FILE *stream;
	bool failed; /* a write failed: the rest is rendered and dropped */
};
/* Sends b to the stream when it holds at least a chunk (64 KiB), or
 * whatever it holds when all is true. */
void report_drain(struct report_out *o, bool all);

/* Each writer renders the report into o->b, calling report_drain(o,
 * false) between findings; report_write sends the rest. */
void report_text(struct report_out *o, const struct findings *f, const struct report_options *opt);
void report_json(struct report_out *o, const struct findings *f, const struct report_options *opt);
void report_sarif(struct report_out *o, const struct findings *f, const struct report_options *opt);
void report_github(struct report_out *o, const struct findings *f, const struct report_options *opt);

/* A number in decimal. */
void report_put_ulong(struct zl_buf *b, unsigned long v);

/* zl_buf_append for the writers' many short pieces: a copy while the
 * buffer has room (report_write gives it two chunks' worth). */
static inline void report_put(struct zl_buf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
	} else {
		zl_buf_append(b, s, n);
	}
}

static inline void report_puts(struct zl_buf *b, const char *s)
{
	report_put(b, s, strlen(s));
}

/* The rule id of a finding ("zonelint" when it has no rule). */
const char *report_rule_id(const struct finding *f);
/* The file of a finding, and that of a remedy (its own, else the finding's). */
const char *report_finding_file(const struct finding *f);
const char *report_remedy_file(const struct finding *f, const struct remedy *r);
/* Line of a finding, at least 1 (0 means "unknown": the start), and its
 * column: 1. */
unsigned long report_finding_line(const struct finding *f);
unsigned long report_finding_column(const struct finding *f);
/* The record a remedy adds, deletes or writes, in presentation form
 * ("owner TTL IN TYPE RDATA"): remedy_record of the finding's zone. The
 * caller frees the result. */
char *report_remedy_record(const struct finding *f, const struct remedy *r);
/* "add", "delete", "replace" */
const char *report_remedy_action(const struct remedy *r);

#endif
