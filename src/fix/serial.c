/* SPDX-License-Identifier: BSD-3-Clause */
/* fix/serial.c: the next SOA serial (RFC 1982 3.1 and 3.2 serial number
 * arithmetic, the YYYYMMDDnn date convention kept) and the edit that writes
 * it in place of the old one inside the SOA record's text (RFC 1035 5.1). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fix/fix.h"

static bool is_leap(unsigned y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool valid_date(unsigned y, unsigned m, unsigned d)
{
	static const unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1990 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= days[m - 1] + (m == 2 && is_leap(y) ? 1u : 0u);
}

/* A serial written as YYYYMMDDnn (RFC 1912 2.2's recommendation): a real
 * calendar date from 1990 on. 2026112599 is a date serial; 2026133100 is
 * not (no 13th month), nor is 1234567890. */
static bool is_date_serial(uint32_t s)
{
	uint32_t ymd = s / 100;
	return valid_date(ymd / 10000, ymd / 100 % 100, ymd % 100);
}

uint32_t fix_serial_next(uint32_t old, const struct tm *today)
{
	uint32_t plus_one = old + 1; /* RFC 1982 3.1: wraps, 4294967295 -> 0 */
	struct tm now;
	if (today == NULL) {
		time_t t = time(NULL);
		if (localtime_r(&t, &now) == NULL)
			return plus_one;
		today = &now;
	}
	if (!is_date_serial(old) || today->tm_year < 90 || today->tm_mon < 0 ||
	    today->tm_mday < 1)
		return plus_one;
	unsigned y = (unsigned)today->tm_year + 1900, m = (unsigned)today->tm_mon + 1,
		 d = (unsigned)today->tm_mday;
	if (!valid_date(y, m, d) || y > 42949)
		return plus_one;
	uint64_t base = ((uint64_t)y * 10000 + m * 100 + d) * 100;
	if (base > UINT32_MAX)
		return plus_one;
	/* Today's first serial when it is later, in the plain sense and in
	 * RFC 1982's (a serial more than 2^31 ahead would read as older);
	 * the same day or a date in the future: the next number. */
	uint32_t fresh = (uint32_t)base;
	if (fresh > old && zone_serial_gt(fresh, old))
		return fresh;
	return plus_one;
}

/* ---- finding the serial in the record's text ---- */

struct token {
	size_t line;  /* 1-based */
	size_t start; /* offset in the line */
	size_t len;
};

/* Walks the fields of a record over lines [first, last], skipping comments,
 * parentheses and blanks (RFC 1035 5.1). */
struct lexer {
	const struct fix_file *f;
	size_t line, last;
	size_t pos;
	const char *text;
	size_t len;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool next_token(struct lexer *lx, struct token *t)
{
	for (;;) {
		while (lx->pos < lx->len && (is_blank(lx->text[lx->pos]) || lx->text[lx->pos] == '(' ||
					     lx->text[lx->pos] == ')'))
			lx->pos++;
		if (lx->pos < lx->len && lx->text[lx->pos] != ';')
			break;
		/* end of the line or a comment: the next line */
		if (lx->line >= lx->last)
			return false;
		lx->line++;
		lx->text = fix_file_line(lx->f, lx->line, &lx->len);
		lx->pos = 0;
		if (lx->text == NULL)
			return false;
	}
	size_t start = lx->pos;
	if (lx->text[lx->pos] == '"') {
		lx->pos++;
		while (lx->pos < lx->len && lx->text[lx->pos] != '"') {
			if (lx->text[lx->pos] == '\\' && lx->pos + 1 < lx->len)
				lx->pos++;
			lx->pos++;
		}
		if (lx->pos < lx->len)
			lx->pos++;
	} else {
		while (lx->pos < lx->len) {
			char c = lx->text[lx->pos];
			if (is_blank(c) || c == ';' || c == '(' || c == ')' || c == '"')
				break;
			if (c == '\\' && lx->pos + 1 < lx->len)
				lx->pos++;
			lx->pos++;
		}
	}
	t->line = lx->line;
	t->start = start;
	t->len = lx->pos - start;
	return true;
}

static bool token_is(const struct lexer *lx, const struct token *t, const char *word)
{
	size_t n;
	const char *line = fix_file_line(lx->f, t->line, &n);
	return t->len == strlen(word) && strncasecmp(line + t->start, word, t->len) == 0;
}

static bool token_is_class(const struct lexer *lx, const struct token *t)
{
	size_t n;
	const char *line = fix_file_line(lx->f, t->line, &n);
	if (token_is(lx, t, "IN") || token_is(lx, t, "CH") || token_is(lx, t, "HS") ||
	    token_is(lx, t, "CS") || token_is(lx, t, "NONE") || token_is(lx, t, "ANY"))
		return true;
	/* RFC 3597 5: CLASS followed by a number */
	if (t->len > 5 && strncasecmp(line + t->start, "CLASS", 5) == 0) {
		for (size_t i = 5; i < t->len; i++)
			if (!isdigit((unsigned char)line[t->start + i]))
				return false;
		return true;
	}
	return false;
}

/* A TTL starts with a digit: "3600" or BIND's "1h30m". */
static bool token_is_ttl(const struct lexer *lx, const struct token *t)
{
	size_t n;
	const char *line = fix_file_line(lx->f, t->line, &n);
	return t->len > 0 && isdigit((unsigned char)line[t->start]);
}

/* The serial field as a number; false unless it is all decimal digits. */
static bool token_number(const struct lexer *lx, const struct token *t, uint64_t *value)
{
	size_t n;
	const char *line = fix_file_line(lx->f, t->line, &n);
	uint64_t v = 0;
	if (t->len == 0 || t->len > 20)
		return false;
	for (size_t i = 0; i < t->len; i++) {
		char c = line[t->start + i];
		if (!isdigit((unsigned char)c))
			return false;
		v = v * 10 + (uint64_t)(c - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*value = v;
	return true;
}

int fix_serial_edit(const struct fix_file *f, size_t soa_line, size_t span, uint32_t old,
		    uint32_t new_serial, struct fix_edits *e, struct zl_error *err)
{
	size_t len;
	const char *text = fix_file_line(f, soa_line, &len);
	if (text == NULL)
		return zl_error_set(err, ZL_EPARSE, f->path, soa_line,
				    "no SOA record here: the file has %zu lines", f->line_count);
	struct lexer lx = {f, soa_line, soa_line + span, 0, text, len};
	if (lx.last > f->line_count)
		lx.last = f->line_count;
	struct token t;
	/* RFC 1035 5.1: a line starting with a blank has no owner field. */
	bool has_owner = len > 0 && !is_blank(text[0]) && text[0] != ';';
	if (has_owner && !next_token(&lx, &t))
		goto not_found;
	/* [TTL] [class] or [class] [TTL], then the type */
	bool seen_ttl = false, seen_class = false;
	for (;;) {
		if (!next_token(&lx, &t))
			goto not_found;
		if (!seen_ttl && token_is_ttl(&lx, &t)) {
			seen_ttl = true;
		} else if (!seen_class && token_is_class(&lx, &t)) {
			seen_class = true;
		} else {
			break;
		}
	}
	if (!token_is(&lx, &t, "SOA"))
		goto not_found;
	/* RFC 1035 3.3.13: MNAME, RNAME, SERIAL */
	for (int i = 0; i < 3; i++)
		if (!next_token(&lx, &t))
			goto not_found;
	uint64_t value;
	if (!token_number(&lx, &t, &value) || value != old)
		goto not_found;

	size_t n;
	const char *line = fix_file_line(f, t.line, &n);
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_append(&b, line, t.start);
	zl_buf_printf(&b, "%lu", (unsigned long)new_serial);
	zl_buf_append(&b, line + t.start + t.len, n - t.start - t.len);
	zl_buf_putc(&b, '\n');
	fix_edits_add(e, FIX_EDIT_REPLACE, t.line, 1, b.data);
	zl_buf_free(&b);
	return ZL_OK;

not_found:
	return zl_error_set(err, ZL_EPARSE, f->path, soa_line,
			    "SOA serial %lu not found as the seventh field of the record on lines "
			    "%zu-%zu; edit the serial by hand",
			    (unsigned long)old, soa_line, lx.last);
}
