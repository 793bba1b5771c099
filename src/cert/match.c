/* SPDX-License-Identifier: BSD-3-Clause */
/* cert/match.c: whether a certificate's presented names cover a reference
 * name, RFC 9525 6.3 (strict: wildcard only as the whole left-most label,
 * matching one label, never an A-label), and the small helpers around it. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/cert.h"
#include "cert/internal.h"

/* Length without one trailing dot: "example.com." and "example.com" are the
 * same name (RFC 9525 6.3 compares the names, not their spelling). */
static size_t name_len(const char *s)
{
	size_t n = strlen(s);
	if (n > 0 && s[n - 1] == '.')
		n--;
	return n;
}

static bool equal_nocase(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (zl_lower((uint8_t)a[i]) != zl_lower((uint8_t)b[i]))
			return false;
	return true;
}

static bool is_a_label(const char *label, size_t len)
{
	return len >= 4 && equal_nocase(label, "xn--", 4);
}

static bool name_covers(const char *presented, const char *reference)
{
	size_t plen = name_len(presented);
	size_t rlen = name_len(reference);
	if (plen == 0 || rlen == 0)
		return false;

	const char *star = memchr(presented, '*', plen);
	if (star == NULL)
		return plen == rlen && equal_nocase(presented, reference, plen);

	/* RFC 9525 6.3: the wildcard must be the whole left-most label; a
	 * partial label ("auto*.example.com") or a star further right matches
	 * nothing. */
	if (star != presented || plen < 2 || presented[1] != '.')
		return false;
	const char *suffix = presented + 1; /* ".example.com" */
	size_t slen = plen - 1;
	if (memchr(suffix, '*', slen) != NULL)
		return false;
	/* "*.com": a wildcard over a single label would cover a whole TLD. */
	if (memchr(suffix + 1, '.', slen - 1) == NULL)
		return false;

	/* The star takes exactly one non-empty label of the reference name. */
	const char *dot = memchr(reference, '.', rlen);
	if (dot == NULL || dot == reference)
		return false;
	size_t first = (size_t)(dot - reference);
	if (rlen - first != slen || !equal_nocase(dot, suffix, slen))
		return false;
	/* RFC 9525 6.3: no wildcard matching into A-labels (IDNs). */
	return !is_a_label(reference, first);
}

bool cert_covers(const struct cert *c, const char *name)
{
	if (c == NULL || name == NULL)
		return false;
	for (size_t i = 0; i < c->name_count; i++)
		if (name_covers(c->names[i], name))
			return true;
	return false;
}

/* Why c has no place in a host name, for cert_name_check. */
static void bad_character(unsigned char c, bool wildcard_ok, char *why, size_t size)
{
	if (c == '*')
		snprintf(why, size, "%s",
			 wildcard_ok ? "'*' belongs in the left-most label only" : "a host name has no '*'");
	else if (c == ' ' || c == '\t')
		snprintf(why, size, "it contains a blank");
	else if (c < 0x20 || c >= 0x7f)
		snprintf(why, size, "it is not ASCII (write an IDN as its A-label, xn--...)");
	else
		snprintf(why, size, "'%c' is not a letter, a digit or a hyphen", c);
}

bool cert_name_check(const char *name, bool wildcard_ok, char *why, size_t size)
{
	size_t len = name_len(name);
	if (len == 0) {
		snprintf(why, size, "it is empty");
		return false;
	}
	if (len > 253) {
		snprintf(why, size, "it is longer than 253 characters");
		return false;
	}
	unsigned char bin[16];
	if (inet_pton(AF_INET, name, bin) == 1 || inet_pton(AF_INET6, name, bin) == 1) {
		snprintf(why, size, "it is an IP address (addresses go under hosts:)");
		return false;
	}
	const char *label = name;
	bool all_digits = true;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && name[i] != '.') {
			unsigned char c = (unsigned char)name[i];
			bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				  (c >= '0' && c <= '9') || c == '-' ||
				  (c == '*' && wildcard_ok && label == name);
			if (!ok) {
				bad_character(c, wildcard_ok, why, size);
				return false;
			}
			if (c < '0' || c > '9')
				all_digits = false;
			continue;
		}
		size_t llen = (size_t)(name + i - label);
		if (llen == 0 || llen > 63) {
			snprintf(why, size, llen ? "a label is longer than 63 characters"
					      : "it has an empty label");
			return false;
		}
		if (label[0] == '-' || label[llen - 1] == '-') {
			snprintf(why, size, "a label starts or ends with a hyphen");
			return false;
		}
		if (i < len) {
			label = name + i + 1;
			all_digits = true;
		}
	}
	/* RFC 1123 2.1, RFC 3696 2: a top-level label is never all digits */
	if (all_digits) {
		snprintf(why, size, "its last label is all digits (a number, not a name)");
		return false;
	}
	return true;
}

void cert_names_text(const struct cert *c, char *out, size_t size)
{
	if (size == 0)
		return;
	out[0] = '\0';
	if (c == NULL || c->name_count == 0) {
		snprintf(out, size, "(no names)");
		return;
	}
	struct zl_buf b;
	zl_buf_init(&b);
	for (size_t i = 0; i < c->name_count; i++)
		zl_buf_printf(&b, "%s%s", i ? ", " : "", c->names[i]);
	snprintf(out, size, "%s", b.data);
	zl_buf_free(&b);
}

void cert_free(struct cert *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->name_count; i++)
		free(c->names[i]);
	free(c->names);
	free(c->source);
	free(c);
}

struct cert *cert_new(const char *source)
{
	struct cert *c = zl_calloc(1, sizeof(*c));
	c->source = zl_strdup(source != NULL ? source : "");
	return c;
}

void cert_add_name(struct cert *c, const char *name, size_t len)
{
	/* Certificates carry a handful of names: growing one at a time is fine. */
	c->names = zl_realloc(c->names, (c->name_count + 1) * sizeof(*c->names));
	char *copy = zl_strndup(name, len);
	for (char *p = copy; *p != '\0'; p++)
		*p = (char)zl_lower((uint8_t)*p);
	c->names[c->name_count++] = copy;
}
