/* report/internal.h: what the report writers share: JSON string escaping
 * (RFC 8259 7), the text of a remedy's record, and writing a finished
 * buffer to the caller's stream. */
#ifndef ZONELINT_REPORT_INTERNAL_H
#define ZONELINT_REPORT_INTERNAL_H

#include "report/report.h"

/* Each writer renders the whole report into b; report_write sends it. */
void report_text(struct zl_buf *b, const struct findings *f, const struct report_options *opt);
void report_json(struct zl_buf *b, const struct findings *f, const struct report_options *opt);
void report_sarif(struct zl_buf *b, const struct findings *f, const struct report_options *opt);
void report_github(struct zl_buf *b, const struct findings *f, const struct report_options *opt);

/* The rule id of a finding ("zonelint" when it has no rule). */
const char *report_rule_id(const struct finding *f);
/* The file of a finding, and that of a remedy (its own, else the finding's). */
const char *report_finding_file(const struct finding *f);
const char *report_remedy_file(const struct finding *f, const struct remedy *r);
/* Line and column of a finding, at least 1 (0 means "unknown": the start). */
unsigned long report_finding_line(const struct finding *f);
unsigned long report_finding_column(const struct finding *f);
/* The record a remedy adds, deletes or writes, in presentation form
 * ("owner TTL IN TYPE RDATA"): r->record, or for a record of the zone
 * without that text, the record printed from the zone. The caller frees
 * the result. */
char *report_remedy_record(const struct finding *f, const struct remedy *r);
/* "add", "delete", "replace" */
const char *report_remedy_action(const struct remedy *r);

#endif
