/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/mailext.c: the other names mail software looks up: Thunderbird's
 * autoconfig.DOMAIN, MTA-STS (RFC 8461 3.1, 3.3), SMTP TLS reporting
 * (RFC 8460 3) and CalDAV/CardDAV service records (RFC 6764 3, 4). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rules/internal.h"

void rule_autoconfig_wildcard(struct lint *l, struct mail_domain *d)
{
	uint8_t name[ZONE_NAME_MAX];
	discovery_name("autoconfig", d->name, name);
	const struct discovery_step *st = lint_reach(l, name);
	if (!st->via_wildcard || st->zone != l->z || st->wildcard_rr == ZONE_NONE ||
	    (st->addr_count == 0 && st->outcome != OUTCOME_UNKNOWN))
		return;
	/* a wildcard address fails Thunderbird's TLS silently and serves
	 * no config over HTTP; a wildcard CNAME hands the name to another
	 * platform, which may serve somebody's config-v1.1.xml */
	if (l->z->rrs[st->wildcard_rr].type != ZT_CNAME)
		return;
	char wn[ZONE_TEXT_NAME_MAX];
	uint8_t wire[ZONE_NAME_MAX];
	zone_node_name(l->z, l->z->rrs[st->wildcard_rr].node, wire);
	lint_name(wire, wn, sizeof(wn));
	struct finding *f = lint_emit(l, st->wildcard_rr, false,
				      "%s is answered by the wildcard CNAME %s: Thunderbird fetches "
				      "its mail configuration from %s",
				      st->host, wn, st->chain);
	finding_fix_add(l, f, name, lint_default_ttl(l, d), ZT_TXT, "\"no autoconfig host\"");
}

/* The node prefix1[.prefix2].DOMAIN in this zone, when it has TXT records. */
static uint32_t txt_node(struct lint *l, const char *prefix1, const char *prefix2,
			 struct mail_domain *d)
{
	uint32_t node = lint_domain_child(l, d, prefix2, prefix1);
	if (node == ZONE_NONE || !zone_node_has(l->z, node, ZT_TXT))
		return ZONE_NONE;
	return node;
}

/* RFC 8461 3.1 / RFC 8460 3: "key=value" fields separated by ';' with
 * optional blanks; *value gets the value of key in record, if any. */
static bool field(const char *record, const char *key, char *value, size_t size)
{
	size_t klen = strlen(key);
	const char *p = record;
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
			size_t vlen = len - klen - 1;
			while (vlen > 0 && (p[klen + 1 + vlen - 1] == ' ' || p[klen + 1 + vlen - 1] == '\t'))
				vlen--;
			snprintf(value, size, "%.*s", (int)vlen, p + klen + 1);
			return true;
		}
		p += len;
	}
	return false;
}

/* Records of node starting with version (e.g. "v=STSv1"): how many, and
 * the first's index and text. */
static unsigned versioned(struct lint *l, uint32_t node, const char *version, uint32_t *first,
			  char *text, size_t size)
{
	const struct zone *z = l->z;
	unsigned n = 0;
	size_t cursor = 0;
	uint32_t idx;
	size_t vlen = strlen(version);
	while ((idx = zone_node_next(z, node, ZT_TXT, &cursor)) != ZONE_NONE) {
		const struct zone_rr *rr = &z->rrs[idx];
		if (rr->span & ZONE_RR_DUPLICATE)
			continue;
		char buf[4096];
		lint_txt_join(zone_rr_rdata(z, rr), rr->rdlen, buf, sizeof(buf));
		if (strncmp(buf, version, vlen) != 0 || (buf[vlen] != ';' && buf[vlen] != ' ' && buf[vlen] != '\0'))
			continue;
		if (n++ == 0) {
			*first = idx;
			snprintf(text, size, "%s", buf);
		}
	}
	return n;
}

void rule_mta_sts_txt(struct lint *l, struct mail_domain *d)
{
	uint32_t node = txt_node(l, "_mta-sts", NULL, d);
	if (node == ZONE_NONE)
		return;
	uint32_t first = ZONE_NONE;
	char text[4096];
	unsigned n = versioned(l, node, "v=STSv1", &first, text, sizeof(text));
	if (n == 0) {
		size_t cursor = 0;
		lint_emit(l, zone_node_next(l->z, node, ZT_TXT, &cursor), false,
			  "_mta-sts.%s has TXT records but none starts with \"v=STSv1;\": "
			  "senders act as if there were no MTA-STS policy",
			  d->text);
		return;
	}
	if (n > 1) {
		lint_emit(l, first, false,
			  "_mta-sts.%s has %u records starting with v=STSv1: senders act as if "
			  "there were no MTA-STS policy (RFC 8461 3.1 wants exactly one)",
			  d->text, n);
		return;
	}
	char id[256];
	if (!field(text, "id", id, sizeof(id))) {
		lint_emit(l, first, false, "_mta-sts.%s: the record has no id= field", d->text);
		return;
	}
	size_t len = strlen(id);
	bool alnum = len >= 1 && len <= 32;
	for (size_t k = 0; k < len && alnum; k++)
		alnum = isalnum((unsigned char)id[k]) != 0;
	if (!alnum)
		lint_emit(l, first, false,
			  "_mta-sts.%s: id \"%s\" must be 1 to 32 letters and digits", d->text, id);
}

void rule_mta_sts_host(struct lint *l, struct mail_domain *d)
{
	uint32_t node = txt_node(l, "_mta-sts", NULL, d);
	uint32_t first = ZONE_NONE;
	char text[4096];
	if (node == ZONE_NONE || versioned(l, node, "v=STSv1", &first, text, sizeof(text)) == 0)
		return;
	uint8_t host[ZONE_NAME_MAX];
	discovery_name("mta-sts", d->name, host);
	const struct discovery_step *st = lint_reach(l, host);
	if (st->delegated || st->known_good)
		return;
	if (st->via_wildcard) {
		lint_emit(l, st->zone == l->z && st->wildcard_rr != ZONE_NONE ? st->wildcard_rr : first,
			  false,
			  "mta-sts.%s exists only through a wildcard (%s): give the policy host "
			  "its own record",
			  d->text, st->chain);
	} else if (st->addr_count == 0 && st->outcome == OUTCOME_SKIPPED) {
		lint_emit(l, first, false,
			  "_mta-sts.%s announces a policy but mta-sts.%s has no address: senders "
			  "cannot fetch it",
			  d->text, d->text);
	} else if (st->outcome == OUTCOME_CERT_WARNING) {
		for (size_t k = 0; k < st->addr_count; k++) {
			if (st->addrs[k].cert == NULL || st->addrs[k].covers)
				continue;
			char ct[700];
			lint_cert_text(st->addrs[k].cert, ct, sizeof(ct));
			lint_emit(l, st->first_rr != ZONE_NONE && st->zone == l->z ? st->first_rr : first,
				  false, "%s, %s: senders refuse the policy (RFC 8461 3.3)",
				  st->chain, ct);
			break;
		}
	}
}

void rule_tls_rpt_txt(struct lint *l, struct mail_domain *d)
{
	uint32_t node = txt_node(l, "_smtp", "_tls", d);
	if (node == ZONE_NONE)
		return;
	uint32_t first = ZONE_NONE;
	char text[4096];
	unsigned n = versioned(l, node, "v=TLSRPTv1", &first, text, sizeof(text));
	if (n != 1) {
		size_t cursor = 0;
		uint32_t at = n ? first : zone_node_next(l->z, node, ZT_TXT, &cursor);
		lint_emit(l, at, false,
			  "_smtp._tls.%s has %u records starting with v=TLSRPTv1: reporting needs "
			  "exactly one",
			  d->text, n);
		return;
	}
	char rua[2048];
	if (!field(text, "rua", rua, sizeof(rua))) {
		lint_emit(l, first, false, "_smtp._tls.%s: the record has no rua= field", d->text);
		return;
	}
	char *save = NULL;
	for (char *uri = strtok_r(rua, ",", &save); uri != NULL; uri = strtok_r(NULL, ",", &save)) {
		while (*uri == ' ')
			uri++;
		if (strncasecmp(uri, "mailto:", 7) != 0 && strncasecmp(uri, "https:", 6) != 0) {
			lint_emit(l, first, false,
				  "_smtp._tls.%s: rua address \"%s\" is neither mailto: nor https:",
				  d->text, uri);
			break;
		}
	}
}

/* Every CalDAV/CardDAV service name of the zone: _caldav(s)/_carddav(s)._tcp.X */
static bool is_dav_service(const struct zone *z, uint32_t node)
{
	static const char *const labels[] = {"_caldav", "_caldavs", "_carddav", "_carddavs"};
	const struct zone_node *n = &z->nodes[node];
	if (n->parent == ZONE_NONE || zone_node_rr_count(z, node) == 0 || !zone_node_served(z, node))
		return false;
	const uint8_t *label = z->labels + n->label;
	const uint8_t *parent = z->labels + z->nodes[n->parent].label;
	if (parent[0] != 4 || strncasecmp((const char *)parent + 1, "_tcp", 4) != 0)
		return false;
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (label[0] == strlen(labels[i]) &&
		    strncasecmp((const char *)label + 1, labels[i], label[0]) == 0)
			return true;
	return false;
}

void rule_dav_srv_target(struct lint *l)
{
	const struct zone *z = l->z;
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (!(z->nodes[node].flags & ZN_IN_ZONE))
			continue;
		if (!is_dav_service(z, node))
			continue;
		size_t cursor = 0;
		uint32_t idx;
		while ((idx = zone_node_next(z, node, ZT_SRV, &cursor)) != ZONE_NONE) {
			const struct zone_rr *rr = &z->rrs[idx];
			if ((rr->span & ZONE_RR_DUPLICATE) || rr->rdlen < 7)
				continue;
			const uint8_t *target = zone_rr_rdata(z, rr) + 6;
			if (target[0] == 0)
				continue;
			char owner[ZONE_TEXT_NAME_MAX], t[ZONE_TEXT_NAME_MAX];
			zone_node_text(z, node, owner, sizeof(owner));
			lint_name(target, t, sizeof(t));
			uint8_t end[ZONE_NAME_MAX];
			bool a, aaaa;
			if (lint_rr_alias(l, idx, end))
				lint_emit(l, idx, false, "the SRV target %s of %s is an alias (RFC 2782)", t,
					  owner);
			else if (lint_rr_has_address(l, idx, &a, &aaaa) && !a && !aaaa)
				lint_emit(l, idx, false, "the SRV target %s of %s has no address record", t,
					  owner);
		}
	}
}

void rule_dav_srv_path(struct lint *l)
{
	const struct zone *z = l->z;
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (!(z->nodes[node].flags & ZN_IN_ZONE))
			continue;
		if (!is_dav_service(z, node) || !zone_node_has(z, node, ZT_TXT))
			continue;
		size_t cursor = 0;
		uint32_t idx, first = ZONE_NONE;
		unsigned paths = 0;
		bool good = false;
		while ((idx = zone_node_next(z, node, ZT_TXT, &cursor)) != ZONE_NONE) {
			const struct zone_rr *rr = &z->rrs[idx];
			if (first == ZONE_NONE)
				first = idx;
			/* RFC 6764 4: each character-string of the TXT is one key=value */
			const uint8_t *rd = zone_rr_rdata(z, rr);
			for (size_t k = 0; k < rr->rdlen;) {
				size_t n = rd[k++];
				if (k + n > rr->rdlen)
					break;
				if (n >= 5 && strncasecmp((const char *)rd + k, "path=", 5) == 0) {
					paths++;
					good = n > 5 && rd[k + 5] == '/';
				}
				k += n;
			}
		}
		char owner[ZONE_TEXT_NAME_MAX];
		zone_node_text(z, node, owner, sizeof(owner));
		if (paths != 1)
			lint_emit(l, first, false, "%s has %u path= values in its TXT records: clients "
				  "need exactly one",
				  owner, paths);
		else if (!good)
			lint_emit(l, first, false, "%s: the path= value must start with '/'", owner);
	}
}
