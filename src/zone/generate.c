/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/generate.c: BIND's $GENERATE directive, which libzscanner does not
 * know: "$GENERATE start-stop[/step] lhs [ttl] [class] type rhs", with "$"
 * or "${offset,width,base}" replaced by the iterator and "\$" for a dollar. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zone/internal.h"

#define GENERATE_MAX 10000000L

static bool parse_long(const char **p, const char *end, long *out)
{
	const char *s = *p;
	bool neg = false;
	if (s < end && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	if (s >= end || !isdigit((unsigned char)*s))
		return false;
	long v = 0;
	while (s < end && isdigit((unsigned char)*s)) {
		if (v > GENERATE_MAX * 100)
			return false;
		v = v * 10 + (*s++ - '0');
	}
	*out = neg ? -v : v;
	*p = s;
	return true;
}

static void put_value(struct zl_buf *out, long value, long width, char base)
{
	char tmp[128];
	if (base == 'n' || base == 'N') {
		/* nibbles, least significant first, dot separated (for ip6.arpa) */
		unsigned long v = (unsigned long)value;
		long n = 0;
		do {
			unsigned d = (unsigned)(v & 0xf);
			v >>= 4;
			if (n > 0)
				zl_buf_putc(out, '.');
			zl_buf_putc(out, (char)(d < 10 ? '0' + d : (base == 'n' ? 'a' : 'A') + d - 10));
			n++;
		} while (v != 0 || n < width);
		return;
	}
	unsigned long u = (unsigned long)value;
	if (base == 'd' || value < 0)
		snprintf(tmp, sizeof(tmp), "%0*ld", (int)width, value);
	else if (base == 'o')
		snprintf(tmp, sizeof(tmp), "%0*lo", (int)width, u);
	else if (base == 'x')
		snprintf(tmp, sizeof(tmp), "%0*lx", (int)width, u);
	else
		snprintf(tmp, sizeof(tmp), "%0*lX", (int)width, u);
	zl_buf_puts(out, tmp);
}

/* One expansion of the template for value i. */
static int substitute(const char *t, size_t len, long i, struct zl_buf *out, char *msg, size_t msize)
{
	const char *p = t, *end = t + len;
	while (p < end) {
		if (*p == '\\' && p + 1 < end) {
			if (p[1] == '$')
				zl_buf_putc(out, '$');
			else
				zl_buf_append(out, p, 2);
			p += 2;
			continue;
		}
		if (*p != '$') {
			zl_buf_putc(out, *p++);
			continue;
		}
		p++;
		long offset = 0, width = 0;
		char base = 'd';
		if (p < end && *p == '{') {
			p++;
			if (!parse_long(&p, end, &offset))
				goto bad;
			if (p < end && *p == ',') {
				p++;
				if (!parse_long(&p, end, &width) || width < 0 || width > 64)
					goto bad;
				if (p < end && *p == ',') {
					p++;
					if (p >= end || strchr("doxXnN", *p) == NULL)
						goto bad;
					base = *p++;
				}
			}
			if (p >= end || *p != '}')
				goto bad;
			p++;
		}
		put_value(out, i + offset, width, base);
	}
	return ZL_OK;
bad:
	snprintf(msg, msize, "bad ${offset,width,base} modifier in $GENERATE");
	return ZL_EPARSE;
}

int zone_generate(const char *args, size_t len,
		  int (*emit)(const char *line, size_t len, void *ctx), void *ctx, char *msg,
		  size_t msize)
{
	const char *p = args, *end = args + len;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	long start, stop, step = 1;
	if (!parse_long(&p, end, &start) || start < 0 || p >= end || *p != '-') {
		snprintf(msg, msize, "$GENERATE needs a range start-stop[/step]");
		return ZL_EPARSE;
	}
	p++;
	if (!parse_long(&p, end, &stop) || stop < start) {
		snprintf(msg, msize, "$GENERATE range: stop must be a number not below start");
		return ZL_EPARSE;
	}
	if (p < end && *p == '/') {
		p++;
		if (!parse_long(&p, end, &step) || step < 1) {
			snprintf(msg, msize, "$GENERATE range: step must be a positive number");
			return ZL_EPARSE;
		}
	}
	if ((stop - start) / step >= GENERATE_MAX) {
		snprintf(msg, msize, "$GENERATE range of more than %ld records", GENERATE_MAX);
		return ZL_ELIMIT;
	}
	if (p >= end || (*p != ' ' && *p != '\t')) {
		snprintf(msg, msize, "$GENERATE range must be followed by the record template");
		return ZL_EPARSE;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	/* the template ends at a comment outside quotes */
	const char *t = p;
	bool quoted = false;
	const char *q = t;
	for (; q < end && *q != '\n'; q++) {
		if (*q == '\\' && q + 1 < end) {
			q++;
			continue;
		}
		if (*q == '"')
			quoted = !quoted;
		else if (*q == ';' && !quoted)
			break;
	}
	size_t tlen = (size_t)(q - t);
	while (tlen > 0 && isspace((unsigned char)t[tlen - 1]))
		tlen--;
	struct zl_buf line;
	zl_buf_init(&line);
	int rc = ZL_OK;
	for (long i = start; i <= stop && rc == ZL_OK; i += step) {
		zl_buf_reset(&line);
		rc = substitute(t, tlen, i, &line, msg, msize);
		if (rc == ZL_OK) {
			zl_buf_putc(&line, '\n');
			rc = emit(line.data, line.len, ctx);
		}
	}
	zl_buf_free(&line);
	return rc;
}
