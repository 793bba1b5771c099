/* SPDX-License-Identifier: BSD-3-Clause */
/* fix/srv.c: SRV records for mail discovery (RFC 2782; RFC 6186 3 and
 * RFC 8314 5.1 for submission(s), imap(s), pop3(s); Microsoft's
 * _autodiscover._tcp), "0 0 0 ." for a service declared absent
 * (RFC 2782), built and printed by ldns. */
#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix/fix.h"

static const struct service {
	const char *name;
	uint16_t port;
} services[] = {
	{"autodiscover", 443}, {"submissions", 465}, {"submission", 587}, {"imaps", 993},
	{"imap", 143},         {"pop3s", 995},       {"pop3", 110},
};
#define SERVICE_COUNT (sizeof(services) / sizeof(services[0]))
#define TTL_MAX 2147483647u /* RFC 2181 8 */

/* A comma list of services as indices into services[], in the order given,
 * each once. Returns the number, or a negative status. */
static int parse_list(const char *list, const char *what, size_t *out, struct zl_error *err)
{
	size_t n = 0;
	const char *p = list;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		while (len > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 0)
			return zl_error_set(err, ZL_EUSAGE, NULL, 0, "empty service name in %s '%s'",
					    what, list);
		size_t i;
		for (i = 0; i < SERVICE_COUNT; i++)
			if (strlen(services[i].name) == len && strncasecmp(services[i].name, p, len) == 0)
				break;
		if (i == SERVICE_COUNT)
			return zl_error_set(err, ZL_EUSAGE, NULL, 0,
					    "unknown service '%.*s' in %s (known: autodiscover, "
					    "submissions, submission, imaps, imap, pop3s, pop3)",
					    (int)len, p, what);
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			seen = seen || out[k] == i;
		if (!seen)
			out[n++] = i;
		if (end == NULL)
			break;
		p = end + 1;
	}
	return (int)n;
}

/* A name given on the command line, in wire form; what for the message. */
static int parse_name(const char *text, const char *what, uint8_t *wire, struct zl_error *err)
{
	struct zl_error e;
	zl_error_clear(&e);
	if (text == NULL || text[0] == '\0')
		return zl_error_set(err, ZL_EUSAGE, NULL, 0, "no %s given", what);
	if (zone_name_from_text(text, NULL, wire, &e) != ZL_OK)
		return zl_error_set(err, ZL_EUSAGE, NULL, 0, "bad %s '%s': %s", what, text,
				    e.message);
	if (wire[0] == 0)
		return zl_error_set(err, ZL_EUSAGE, NULL, 0, "bad %s '%s': the root cannot be one",
				    what, text);
	for (const uint8_t *p = wire; *p != 0; p += *p + 1)
		if (*p == 1 && p[1] == '*')
			return zl_error_set(err, ZL_EUSAGE, NULL, 0,
					    "bad %s '%s': a wildcard cannot be one", what, text);
	return ZL_OK;
}

/* RFC 2782: the target is a host name (RFC 1123 2.1: letters, digits,
 * hyphens), which has address records; the mail domain is the domain of
 * addresses (RFC 5321 4.1.2: the same characters). This catches typing
 * slips like "example,net" that are valid DNS names. */
static int check_host_name(const char *text, const char *what, const uint8_t *wire,
			   struct zl_error *err)
{
	for (const uint8_t *p = wire; *p != 0; p += *p + 1) {
		for (unsigned i = 1; i <= *p; i++) {
			uint8_t c = p[i];
			bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				  (c >= '0' && c <= '9') || c == '-';
			if (!ok)
				return zl_error_set(err, ZL_EUSAGE, NULL, 0,
						    "bad %s '%s': a host name has only letters, "
						    "digits and hyphens (RFC 1123 2.1)",
						    what, text);
		}
		if (p[1] == '-' || p[*p] == '-')
			return zl_error_set(err, ZL_EUSAGE, NULL, 0,
					    "bad %s '%s': a label of a host name cannot start or "
					    "end with a hyphen (RFC 1123 2.1)",
					    what, text);
	}
	return ZL_OK;
}

/* One record printed by ldns on one line ending in "\n". */
static int put_record(struct zl_buf *out, const uint8_t *owner, uint32_t ttl, unsigned priority,
		      unsigned weight, unsigned port, const uint8_t *target, struct zl_error *err)
{
	ldns_rr *rr = ldns_rr_new();
	ldns_rdf *owner_rdf = ldns_dname_new_frm_data((uint16_t)zone_name_len(owner), owner);
	ldns_rdf *target_rdf = ldns_dname_new_frm_data((uint16_t)zone_name_len(target), target);
	ldns_rdf *fields[3] = {ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16, (uint16_t)priority),
			       ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16, (uint16_t)weight),
			       ldns_native2rdf_int16(LDNS_RDF_TYPE_INT16, (uint16_t)port)};
	if (rr == NULL || owner_rdf == NULL || target_rdf == NULL || fields[0] == NULL ||
	    fields[1] == NULL || fields[2] == NULL) {
		ldns_rr_free(rr);
		ldns_rdf_deep_free(owner_rdf);
		ldns_rdf_deep_free(target_rdf);
		for (int i = 0; i < 3; i++)
			ldns_rdf_deep_free(fields[i]);
		return zl_error_set(err, ZL_EPARSE, NULL, 0, "ldns could not build an SRV record");
	}
	/* RFC 2782: Priority Weight Port Target; the rr owns the rdfs now */
	ldns_rr_set_owner(rr, owner_rdf);
	ldns_rr_set_ttl(rr, ttl);
	ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
	ldns_rr_set_type(rr, LDNS_RR_TYPE_SRV);
	for (int i = 0; i < 3; i++)
		ldns_rr_push_rdf(rr, fields[i]);
	ldns_rr_push_rdf(rr, target_rdf);
	char *s = ldns_rr2str(rr);
	ldns_rr_free(rr);
	if (s == NULL)
		return zl_error_set(err, ZL_EPARSE, NULL, 0, "ldns could not print an SRV record");
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		n--;
	zl_buf_append(out, s, n);
	zl_buf_putc(out, '\n');
	free(s);
	return ZL_OK;
}

/* "_service._tcp." + domain, in wire form. */
static int service_owner(const struct service *svc, const uint8_t *domain, const char *domain_text,
			 uint8_t *out, struct zl_error *err)
{
	size_t slen = strlen(svc->name);
	size_t dlen = zone_name_len(domain);
	size_t len = 1 + 1 + slen + 1 + 4 + dlen;
	if (len > ZONE_NAME_MAX)
		return zl_error_set(err, ZL_EUSAGE, NULL, 0,
				    "bad domain '%s': _%s._tcp.%s would be longer than 255 octets",
				    domain_text, svc->name, domain_text);
	size_t o = 0;
	out[o++] = (uint8_t)(slen + 1);
	out[o++] = '_';
	memcpy(out + o, svc->name, slen);
	o += slen;
	memcpy(out + o, "\4_tcp", 5);
	o += 5;
	memcpy(out + o, domain, dlen);
	return ZL_OK;
}

int fix_srv_records(const struct fix_srv_options *o, struct zl_buf *out, struct zl_error *err)
{
	size_t present[SERVICE_COUNT], absent[SERVICE_COUNT];
	int np = parse_list(o->services != NULL ? o->services : "autodiscover", "--services",
			    present, err);
	if (np < 0)
		return np;
	int na = 0;
	if (o->absent != NULL) {
		na = parse_list(o->absent, "--absent", absent, err);
		if (na < 0)
			return na;
	}
	for (int i = 0; i < np; i++)
		for (int k = 0; k < na; k++)
			if (present[i] == absent[k])
				return zl_error_set(err, ZL_EUSAGE, NULL, 0,
						    "service '%s' is both offered and declared absent",
						    services[present[i]].name);
	if (o->port < -1 || o->port > 65535)
		return zl_error_set(err, ZL_EUSAGE, NULL, 0, "bad port %d: it must be 0-65535",
				    o->port);
	if (o->port != -1 && np > 1)
		return zl_error_set(err, ZL_EUSAGE, NULL, 0,
				    "a port applies to one service, %d given", np);
	if (o->priority > 65535 || o->weight > 65535)
		return zl_error_set(err, ZL_EUSAGE, NULL, 0,
				    "bad %s %u: it must be 0-65535",
				    o->priority > 65535 ? "priority" : "weight",
				    o->priority > 65535 ? o->priority : o->weight);
	if (o->ttl > TTL_MAX)
		return zl_error_set(err, ZL_EUSAGE, NULL, 0,
				    "bad TTL %lu: it must be 0-2147483647 (RFC 2181 8)",
				    (unsigned long)o->ttl);

	uint8_t domain[ZONE_NAME_MAX], target[ZONE_NAME_MAX], owner[ZONE_NAME_MAX];
	int rc = parse_name(o->domain, "domain", domain, err);
	if (rc == ZL_OK)
		rc = check_host_name(o->domain, "domain", domain, err);
	if (rc != ZL_OK)
		return rc;
	if (np > 0) {
		rc = parse_name(o->target, "target", target, err);
		if (rc == ZL_OK)
			rc = check_host_name(o->target, "target", target, err);
		if (rc != ZL_OK)
			return rc;
	}
	/* Build everything before appending anything: all or nothing. */
	struct zl_buf b;
	zl_buf_init(&b);
	static const uint8_t root[1] = {0};
	for (int i = 0; i < np + na && rc == ZL_OK; i++) {
		bool is_present = i < np;
		const struct service *svc = &services[is_present ? present[i] : absent[i - np]];
		rc = service_owner(svc, domain, o->domain, owner, err);
		if (rc != ZL_OK)
			break;
		if (is_present)
			rc = put_record(&b, owner, o->ttl, o->priority, o->weight,
					o->port >= 0 ? (unsigned)o->port : svc->port, target, err);
		else /* RFC 2782: target "." means the service is decidedly not available */
			rc = put_record(&b, owner, o->ttl, 0, 0, 0, root, err);
	}
	if (rc == ZL_OK && b.len > 0)
		zl_buf_append(out, b.data, b.len);
	zl_buf_free(&b);
	return rc;
}
