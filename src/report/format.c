/* SPDX-License-Identifier: BSD-3-Clause */
/* report/format.c: choosing a report format, sending a report to the
 * caller's stream as it is rendered, the one-line summary, and what the
 * writers share (JSON strings per RFC 8259 7 with UTF-8 checked per Unicode
 * Table 3-7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/internal.h"

bool report_format_parse(const char *name, enum report_format *out)
{
	static const struct {
		const char *name;
		enum report_format format;
	} formats[] = {
		{"text", REPORT_TEXT},
		{"json", REPORT_JSON},
		{"sarif", REPORT_SARIF},
		{"github", REPORT_GITHUB},
	};
	if (name == NULL)
		return false;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(name, formats[i].name) == 0) {
			*out = formats[i].format;
			return true;
		}
	}
	return false;
}

void report_drain(struct report_out *o, bool all)
{
	if (o->b.len == 0 || (!all && o->b.len < 65536))
		return;
	if (!o->failed && fwrite(o->b.data, 1, o->b.len, o->stream) != o->b.len)
		o->failed = true;
	zl_buf_reset(&o->b);
}

int report_write(FILE *out, const struct findings *f, const struct report_options *opt,
		 struct zl_error *err)
{
	/* written as it is rendered, a chunk at a time: the report of a large
	 * zone is never whole in memory (rendering cannot fail) */
	struct report_out o = {{NULL, 0, 0}, out, false};
	o.b.data = zl_grow(NULL, &o.b.cap, 2 * 65536, 1);
	o.b.data[0] = '\0';
	switch (opt->format) {
	case REPORT_TEXT: report_text(&o, f, opt); break;
	case REPORT_JSON: report_json(&o, f, opt); break;
	case REPORT_SARIF: report_sarif(&o, f, opt); break;
	case REPORT_GITHUB: report_github(&o, f, opt); break;
	default:
		zl_buf_free(&o.b);
		return zl_error_set(err, ZL_EUSAGE, NULL, 0, "unknown report format %d",
				    (int)opt->format);
	}
	report_drain(&o, true);
	bool failed = o.failed;
	if (fflush(out) != 0 || ferror(out))
		failed = true;
	zl_buf_free(&o.b);
	if (failed)
		return zl_error_set(err, ZL_EIO, NULL, 0, "cannot write the report");
	return ZL_OK;
}

void report_put_ulong(struct zl_buf *b, unsigned long v)
{
	char digits[24];
	size_t n = sizeof(digits);
	do {
		digits[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	report_put(b, digits + n, sizeof(digits) - n);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void report_summary(const struct findings *f, char *out, size_t size)
{
	size_t errors = findings_count(f, ZL_SEV_ERROR);
	size_t warnings = findings_count(f, ZL_SEV_WARNING);
	size_t notes = findings_count(f, ZL_SEV_NOTE);
	snprintf(out, size, "%zu %s (%zu %s, %zu %s, %zu %s) in %zu %s, %zu %s", f->count,
		 plural(f->count, "finding", "findings"), errors, plural(errors, "error", "errors"),
		 warnings, plural(warnings, "warning", "warnings"), notes,
		 plural(notes, "note", "notes"), f->files, plural(f->files, "file", "files"),
		 f->records, plural(f->records, "record", "records"));
}

/* ---- shared by the writers ---- */

const char *report_rule_id(const struct finding *f)
{
	return f->rule != NULL && f->rule->id != NULL ? f->rule->id : "zonelint";
}

const char *report_finding_file(const struct finding *f)
{
	if (f->file != NULL)
		return f->file;
	if (f->zone != NULL && f->zone->path != NULL)
		return f->zone->path;
	return "";
}

unsigned long report_finding_line(const struct finding *f)
{
	return f->line != 0 ? f->line : 1;
}

unsigned long report_finding_column(const struct finding *f)
{
	(void)f;
	return 1;
}

const char *report_remedy_file(const struct finding *f, const struct remedy *r)
{
	return r->file != NULL ? r->file : report_finding_file(f);
}

const char *report_remedy_action(const struct remedy *r)
{
	switch (r->action) {
	case REMEDY_ADD: return "add";
	case REMEDY_DELETE: return "delete";
	case REMEDY_REPLACE: return "replace";
	}
	return "add";
}

char *report_remedy_record(const struct finding *f, const struct remedy *r)
{
	return remedy_record(f->zone, r);
}

/* Length of the well-formed UTF-8 sequence at s (Unicode 15, Table 3-7),
 * or 0 when the byte at s does not start one. */
static size_t utf8_sequence(const unsigned char *s)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0; /* no overlong forms */
		else if (c == 0xed)
			hi = 0x9f; /* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f; /* nothing above U+10FFFF */
	} else {
		return 0;
	}
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* Bytes written as they are: printable ASCII but '"' and '\\'. */
#define P1 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const uint8_t json_plain_byte[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20: '"' */
	P1,                                             /* 0x30 */
	P1,                                             /* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50: '\\' */
	P1,                                             /* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, /* 0x70: DEL */
};
#undef P1

static bool json_plain(unsigned char c)
{
	return json_plain_byte[c] != 0;
}

void report_json_string(struct zl_buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str != NULL ? str : "");
	report_put(b, "\"", 1);
	while (*s) {
		unsigned char c = *s;
		if (json_plain(c)) {
			/* the usual case: a run of plain bytes, appended at once */
			const unsigned char *run = s;
			while (json_plain(*s))
				s++;
			report_put(b, (const char *)run, (size_t)(s - run));
		} else if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			report_put(b, esc, 2);
			s++;
		} else if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\b': zl_buf_puts(b, "\\b"); break;
			case '\f': zl_buf_puts(b, "\\f"); break;
			case '\n': zl_buf_puts(b, "\\n"); break;
			case '\r': zl_buf_puts(b, "\\r"); break;
			case '\t': zl_buf_puts(b, "\\t"); break;
			default: zl_buf_printf(b, "\\u%04x", c); break;
			}
			s++;
		} else {
			size_t n = utf8_sequence(s);
			if (n == 0) {
				zl_buf_printf(b, "\\u%04x", c);
				s++;
			} else if (n == 3 && s[0] == 0xe2 && s[1] == 0x80 &&
				   (s[2] == 0xa8 || s[2] == 0xa9)) {
				/* U+2028 and U+2029 are valid JSON but end lines in JavaScript */
				zl_buf_printf(b, "\\u%04x", 0x2000 + (s[2] - 0x80));
				s += 3;
			} else {
				report_put(b, (const char *)s, n);
				s += n;
			}
		}
	}
	report_put(b, "\"", 1);
}
