/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/name.c: domain names in uncompressed wire form (RFC 1035 3.1):
 * length, comparison (case-insensitive, RFC 4343), canonical order
 * (RFC 4034 6.1) and the presentation form (RFC 1035 5.1). */
#include <stdio.h>
#include <string.h>

#include "zone/internal.h"

size_t zone_name_len(const uint8_t *name)
{
	const uint8_t *p = name;
	while (*p != 0)
		p += *p + 1;
	return (size_t)(p - name) + 1;
}

unsigned zone_name_labels(const uint8_t *name)
{
	unsigned n = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1)
		n++;
	return n;
}

void zone_name_lower(uint8_t *name)
{
	for (uint8_t *p = name; *p != 0; p += *p + 1)
		for (unsigned i = 1; i <= *p; i++)
			p[i] = zl_lower(p[i]);
}

bool zone_name_equal(const uint8_t *a, const uint8_t *b)
{
	for (;;) {
		if (*a != *b)
			return false;
		if (*a == 0)
			return true;
		unsigned len = *a;
		for (unsigned i = 1; i <= len; i++)
			if (zl_lower(a[i]) != zl_lower(b[i]))
				return false;
		a += len + 1;
		b += len + 1;
	}
}

/* Offsets of the labels of name, left-most first; returns their number. */
static unsigned label_offsets(const uint8_t *name, uint8_t *off)
{
	unsigned n = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1)
		off[n++] = (uint8_t)(p - name);
	return n;
}

bool zone_name_is_below(const uint8_t *name, const uint8_t *parent)
{
	unsigned nl = zone_name_labels(name), pl = zone_name_labels(parent);
	if (nl < pl)
		return false;
	const uint8_t *p = name;
	for (unsigned i = 0; i < nl - pl; i++)
		p += *p + 1;
	return zone_name_equal(p, parent);
}

int zone_name_compare(const uint8_t *a, const uint8_t *b)
{
	uint8_t oa[128], ob[128];
	unsigned na = label_offsets(a, oa), nb = label_offsets(b, ob);
	while (na > 0 && nb > 0) {
		int c = zone_label_compare(a + oa[--na], b + ob[--nb]);
		if (c != 0)
			return c;
	}
	return na == nb ? 0 : (na < nb ? -1 : 1);
}

void zone_name_to_text(const uint8_t *name, char *out, size_t size)
{
	size_t o = 0;
#define PUT(c)                                                                                     \
	do {                                                                                       \
		if (o + 1 < size)                                                                  \
			out[o++] = (c);                                                            \
	} while (0)
	if (*name == 0)
		PUT('.');
	for (const uint8_t *p = name; *p != 0; p += *p + 1) {
		for (unsigned i = 1; i <= *p; i++) {
			uint8_t c = p[i];
			if (strchr(".\\\";()@$", c) != NULL && c != 0) {
				PUT('\\');
				PUT((char)c);
			} else if (c > 0x20 && c < 0x7f) {
				PUT((char)c);
			} else {
				char num[5];
				snprintf(num, sizeof(num), "\\%03u", c);
				for (int k = 0; k < 4; k++)
					PUT(num[k]);
			}
		}
		PUT('.');
	}
#undef PUT
	if (size > 0)
		out[o < size ? o : size - 1] = '\0';
}

int zone_name_from_text(const char *text, const uint8_t *origin, uint8_t *out, struct zl_error *err)
{
	static const uint8_t root[1] = {0};
	size_t len = 0;
	const char *p = text;
	if (p[0] == '\0')
		return zl_error_set(err, ZL_EUSAGE, NULL, 0, "empty domain name");
	if (strcmp(p, ".") == 0) {
		out[0] = 0;
		return ZL_OK;
	}
	bool absolute = false;
	while (*p != '\0') {
		size_t lpos = len++;
		unsigned llen = 0;
		if (*p == '.')
			return zl_error_set(err, ZL_EUSAGE, NULL, 0, "empty label in domain name '%s'", text);
		while (*p != '\0' && *p != '.') {
			unsigned c = (unsigned char)*p++;
			if (c == '\\') {
				if (p[0] >= '0' && p[0] <= '9') {
					if (!(p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9'))
						return zl_error_set(err, ZL_EUSAGE, NULL, 0,
								    "bad escape in domain name '%s'", text);
					c = (unsigned)(p[0] - '0') * 100 + (unsigned)(p[1] - '0') * 10 +
					    (unsigned)(p[2] - '0');
					if (c > 255)
						return zl_error_set(err, ZL_EUSAGE, NULL, 0,
								    "bad escape in domain name '%s'", text);
					p += 3;
				} else if (*p != '\0') {
					c = (unsigned char)*p++;
				} else {
					return zl_error_set(err, ZL_EUSAGE, NULL, 0,
							    "bad escape in domain name '%s'", text);
				}
			} else if (c <= 0x20 || c >= 0x7f) {
				return zl_error_set(err, ZL_EUSAGE, NULL, 0,
						    "bad character in domain name '%s'", text);
			}
			if (++llen > 63)
				return zl_error_set(err, ZL_EUSAGE, NULL, 0,
						    "label longer than 63 octets in '%s'", text);
			if (len >= ZONE_NAME_MAX)
				return zl_error_set(err, ZL_EUSAGE, NULL, 0,
						    "domain name longer than 255 octets: '%s'", text);
			out[len++] = (uint8_t)c;
		}
		out[lpos] = (uint8_t)llen;
		if (*p == '.') {
			p++;
			if (*p == '\0')
				absolute = true;
		}
	}
	const uint8_t *tail = absolute ? root : (origin != NULL ? origin : root);
	size_t tlen = zone_name_len(tail);
	if (len + tlen > ZONE_NAME_MAX)
		return zl_error_set(err, ZL_EUSAGE, NULL, 0, "domain name longer than 255 octets: '%s'",
				    text);
	memcpy(out + len, tail, tlen);
	return ZL_OK;
}
