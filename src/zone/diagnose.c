/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/diagnose.c: what to tell the user about a line of zone text that
 * libzscanner rejects, where its own message would mislead or say too
 * little: binary data, labels and names too long (RFC 1035 2.3.4), unknown
 * types (RFC 3597 generic form), \DDD escapes (RFC 1035 5.1), UTF-8 where
 * A-labels belong (RFC 5891), unclosed quotes and parentheses, line ends;
 * and the line itself, printable, for the message. */
#include <libzscanner/scanner.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "zone/internal.h"

bool zone_line_around(const char *seg, size_t seglen, const char *pos, const char **b,
		      const char **e)
{
	if (pos == NULL || pos < seg || pos > seg + seglen || seglen == 0)
		return false;
	if (pos == seg + seglen || (*pos == '\n' && pos > seg))
		pos--;
	*b = *e = pos;
	while (*b > seg && (*b)[-1] != '\n')
		(*b)--;
	while (*e < seg + seglen && **e != '\n')
		(*e)++;
	while (*b < *e && (**b == ' ' || **b == '\t'))
		(*b)++;
	while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
	return true;
}

/* Length of the UTF-8 sequence at p (2 to 4 octets), 0 when it is none. */
static size_t utf8_length(const unsigned char *p, const unsigned char *end)
{
	size_t n = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
	if (n == 0 || (size_t)(end - p) < n || p[0] > 0xf4)
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

void zone_line_context(const char *seg, size_t seglen, const char *pos, char *out, size_t size)
{
	out[0] = '\0';
	const char *b, *e;
	if (!zone_line_around(seg, seglen, pos, &b, &e))
		return;
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)b, *end = (const unsigned char *)e;
	while (p < end && (size_t)(p - (const unsigned char *)b) < 100 && n + 5 < size) {
		size_t u = *p >= 0x80 ? utf8_length(p, end) : 0;
		if (u > 0 && n + u < size) {
			memcpy(out + n, p, u);
			n += u;
			p += u;
		} else if ((*p < 0x20 && *p != '\t') || *p >= 0x7f) {
			n += (size_t)snprintf(out + n, size - n, "\\%03u", *p);
			p++;
		} else {
			out[n++] = (char)*p++;
		}
	}
	out[n] = '\0';
}

bool zone_diagnose_line(int code, const char *b, const char *e, char *msg, size_t size)
{
	/* binary data: a control character other than tab and CR */
	for (const char *p = b; p < e; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
			snprintf(msg, size, "binary data (a control character, octet %u)", c);
			return true;
		}
	}
	if (e > b && e[-1] == '\\' && (e - b < 2 || e[-2] != '\\')) {
		snprintf(msg, size,
			 "a backslash at the end of the line (an escape is \\X or \\DDD)");
		return true;
	}
	/* RFC 1035 5.1: \DDD is three digits */
	if (code == ZS_BAD_NUMBER) {
		for (const char *p = b; p + 1 < e; p++) {
			if (*p != '\\')
				continue;
			size_t digits = 0;
			while (p + 1 + digits < e && digits < 3 && p[1 + digits] >= '0' &&
			       p[1 + digits] <= '9')
				digits++;
			if (digits == 1 || digits == 2) {
				int value = p[1] - '0';
				if (digits == 2)
					value = value * 10 + (p[2] - '0');
				snprintf(msg, size,
					 "an escape of %zu digit%s: \\DDD takes three "
					 "(\\%03d)",
					 digits, digits == 1 ? "" : "s", value);
				return true;
			}
			p++; /* the escaped character */
		}
	}
	switch (code) {
	case ZS_LABEL_OVERFLOW:
		snprintf(msg, size, "a label longer than 63 octets (RFC 1035 2.3.4)");
		return true;
	case ZS_DNAME_OVERFLOW:
		snprintf(msg, size, "a name longer than 255 octets (RFC 1035 2.3.4)");
		return true;
	case ZS_DOS_NEWLINE:
		snprintf(msg, size,
			 "a line that ends in CR LF in a file whose first line ends in "
			 "LF alone: use one kind of line end");
		return true;
	case ZS_UNCLOSED_MULTILINE:
		snprintf(msg, size, "a '(' that is never closed: the file ends inside the record");
		return true;
	case ZS_BAD_TEXT_CHAR: {
		unsigned quotes = 0;
		for (const char *p = b; p < e; p++) {
			if (*p == '\\' && p + 1 < e)
				p++;
			else if (*p == '"')
				quotes++;
		}
		if (quotes % 2 == 1) {
			snprintf(msg, size,
				 "a quoted string that is not closed (a '\"' is missing)");
			return true;
		}
		/* BIND takes UTF-8 in text as it is; libzscanner wants escapes */
		const char *p = b;
		while (p < e && (unsigned char)*p < 0x80)
			p++;
		if (p == e)
			return false;
		const char *w = p;
		while (w > b && w[-1] != ' ' && w[-1] != '\t' && w[-1] != '"')
			w--;
		int n = snprintf(msg, size,
				 "non-ASCII text: write each octet outside ASCII as a "
				 "\\DDD escape, as in '");
		for (;
		     w < e && *w != ' ' && *w != '\t' && *w != '"' && n > 0 && (size_t)n + 6 < size;
		     w++) {
			unsigned char c = (unsigned char)*w;
			n += c >= 0x80 ? snprintf(msg + n, size - (size_t)n, "\\%03u", c)
				       : snprintf(msg + n, size - (size_t)n, "%c", c);
		}
		if (n > 0 && (size_t)n + 2 < size)
			snprintf(msg + n, size - (size_t)n, "'");
		return true;
	}
	case ZS_BAD_DNAME_CHAR:
		for (const char *p = b; p < e; p++)
			if ((unsigned char)*p >= 0x80) {
				snprintf(msg, size,
					 "a name with non-ASCII characters: write "
					 "internationalised names in their A-label form (xn--..., "
					 "RFC "
					 "5891)");
				return true;
			}
		return false;
	case ZS_BAD_NUMBER:
	case ZS_UNSUPPORTED_TYPE:
		break;
	default:
		return false;
	}
	/* owner (unless the line starts blank), TTL and class in either order,
	 * then the type */
	const char *p = b;
	bool owner = b == e || (*b != ' ' && *b != '\t');
	for (int field = 0; field < 4 && p < e; field++) {
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		const char *t = p;
		while (p < e && *p != ' ' && *p != '\t' && *p != ';' && *p != '(')
			p++;
		char word[64];
		size_t len = (size_t)(p - t);
		if (len == 0 || len >= sizeof(word))
			return false;
		memcpy(word, t, len);
		word[len] = '\0';
		if (owner) {
			owner = false;
			continue;
		}
		if (word[0] >= '0' && word[0] <= '9')
			continue; /* a TTL */
		if (strcasecmp(word, "IN") == 0)
			continue;
		if (strcasecmp(word, "CH") == 0 || strcasecmp(word, "HS") == 0 ||
		    strncasecmp(word, "CLASS", 5) == 0) {
			snprintf(msg, size, "class %s: zonelint reads zones of class IN", word);
			return true;
		}
		if (word[0] == '$' || zone_type_from_text(word) != 0)
			return false;
		snprintf(msg, size,
			 "unknown record type '%s' (write an unknown type as "
			 "TYPEnnn \\# LENGTH HEX, RFC 3597)",
			 word);
		return true;
	}
	return false;
}
