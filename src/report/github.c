/* SPDX-License-Identifier: BSD-3-Clause */
/* report/github.c: findings as GitHub Actions workflow commands
 * ("::error file=F,line=L,col=C,title=ID::MESSAGE"), escaped as the runner
 * reads them: data %, CR, LF; property values also ':' and ','. */
#include <stdlib.h>

#include "report/internal.h"

static void put_escaped(struct zl_buf *b, const char *s, bool is_property)
{
	for (const char *p = s != NULL ? s : ""; *p; p++) {
		switch (*p) {
		case '%': zl_buf_puts(b, "%25"); break;
		case '\r': zl_buf_puts(b, "%0D"); break;
		case '\n': zl_buf_puts(b, "%0A"); break;
		case ':':
			if (is_property)
				zl_buf_puts(b, "%3A");
			else
				zl_buf_putc(b, ':');
			break;
		case ',':
			if (is_property)
				zl_buf_puts(b, "%2C");
			else
				zl_buf_putc(b, ',');
			break;
		default: zl_buf_putc(b, *p); break;
		}
	}
}

static const char *command(enum zl_severity sev)
{
	switch (sev) {
	case ZL_SEV_ERROR: return "error";
	case ZL_SEV_WARNING: return "warning";
	case ZL_SEV_NOTE:
	case ZL_SEV_OFF: break;
	}
	return "notice";
}

void report_github(struct report_out *o, const struct findings *fs, const struct report_options *opt)
{
	struct zl_buf *b = &o->b;
	(void)opt;
	for (size_t i = 0; i < fs->count; i++) {
		const struct finding *f = &fs->v[i];
		zl_buf_printf(b, "::%s file=", command(f->severity));
		put_escaped(b, report_finding_file(f), true);
		zl_buf_printf(b, ",line=%lu,col=%lu,title=", report_finding_line(f),
			      report_finding_column(f));
		put_escaped(b, report_rule_id(f), true);
		zl_buf_puts(b, "::");
		/* the message, then one "fix:" line a remedy: one command, one annotation */
		struct zl_buf msg;
		zl_buf_init(&msg);
		zl_buf_puts(&msg, f->message != NULL ? f->message : "");
		for (size_t j = 0; j < f->fix_count; j++) {
			const struct remedy *r = &f->fix[j];
			char *record = report_remedy_record(f, r);
			zl_buf_printf(&msg, "\nfix: %s", report_remedy_action(r));
			if (r->action != REMEDY_ADD)
				zl_buf_printf(&msg, " line %lu:", (unsigned long)r->line);
			zl_buf_printf(&msg, " %s", record);
			free(record);
		}
		put_escaped(b, msg.data, false);
		zl_buf_free(&msg);
		zl_buf_putc(b, '\n');
		report_drain(o, false);
	}
}
