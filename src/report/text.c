/* SPDX-License-Identifier: BSD-3-Clause */
/* report/text.c: findings as a compiler writes diagnostics (DESIGN.md "Text
 * output"): FILE:LINE:COL: SEVERITY: MESSAGE [RULE-ID], then one indented
 * "fix:" line a remedy; ANSI SGR colours (ECMA-48 8.3.117) only on request. */
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"
#define SGR_RED "\033[1;31m"
#define SGR_YELLOW "\033[1;33m"
#define SGR_CYAN "\033[1;36m"

/* One finding is one line: control characters (a newline, or an escape
 * sequence that would drive the terminal) are written as RFC 1035 \DDD. */
static void put_line_text(struct zl_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	while (*p) {
		const unsigned char *run = p;
		while (*p >= 0x20 && *p != 0x7f)
			p++;
		zl_buf_append(b, run, (size_t)(p - run));
		if (*p != 0)
			zl_buf_printf(b, "\\%03u", *p++);
	}
}

static const char *severity_colour(enum zl_severity sev)
{
	switch (sev) {
	case ZL_SEV_ERROR: return SGR_RED;
	case ZL_SEV_WARNING: return SGR_YELLOW;
	case ZL_SEV_NOTE: return SGR_CYAN;
	case ZL_SEV_OFF: break;
	}
	return "";
}

static void put_remedy(struct zl_buf *b, const struct finding *f, const struct remedy *r)
{
	char *record = report_remedy_record(f, r);
	zl_buf_puts(b, "    fix: ");
	zl_buf_puts(b, report_remedy_action(r));
	if (r->action != REMEDY_ADD) {
		const char *file = report_remedy_file(f, r);
		zl_buf_printf(b, " line %lu", (unsigned long)r->line);
		/* a record of an $INCLUDEd file: say which */
		if (strcmp(file, report_finding_file(f)) != 0) {
			zl_buf_puts(b, " of ");
			put_line_text(b, file);
		}
		zl_buf_putc(b, ':');
	}
	zl_buf_putc(b, ' ');
	put_line_text(b, record);
	zl_buf_putc(b, '\n');
	free(record);
}

void report_text(struct report_out *o, const struct findings *fs, const struct report_options *opt)
{
	struct zl_buf *b = &o->b;
	bool color = opt->color;
	for (size_t i = 0; i < fs->count; i++) {
		const struct finding *f = &fs->v[i];
		if (color)
			zl_buf_puts(b, SGR_BOLD);
		put_line_text(b, report_finding_file(f));
		zl_buf_printf(b, ":%lu:%lu:", report_finding_line(f), report_finding_column(f));
		if (color)
			zl_buf_printf(b, SGR_RESET " %s%s:" SGR_RESET " ",
				      severity_colour(f->severity), zl_severity_name(f->severity));
		else
			zl_buf_printf(b, " %s: ", zl_severity_name(f->severity));
		put_line_text(b, f->message);
		zl_buf_puts(b, color ? " " SGR_DIM "[" : " [");
		put_line_text(b, report_rule_id(f));
		zl_buf_puts(b, color ? "]" SGR_RESET "\n" : "]\n");
		for (size_t j = 0; j < f->fix_count; j++)
			put_remedy(b, f, &f->fix[j]);
		report_drain(o, false);
	}
}
