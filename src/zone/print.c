/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/print.c: records and types in presentation form (RFC 1035 5.1,
 * RFC 3597 for unknown types), done by ldns from the wire form we store. */
#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zone/zone.h"

void zone_type_to_text(uint16_t type, char *out, size_t size)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);
	if (d != NULL && d->_name != NULL && strncmp(d->_name, "TYPE", 4) != 0)
		snprintf(out, size, "%s", d->_name);
	else
		snprintf(out, size, "TYPE%u", type);
}

uint16_t zone_type_from_text(const char *text)
{
	return (uint16_t)ldns_get_rr_type_by_name(text);
}

char *zone_record_to_text(const uint8_t *owner, uint16_t type, uint16_t rclass, uint32_t ttl,
			     const uint8_t *rdata, uint16_t rdlen)
{
	size_t olen = zone_name_len(owner);
	size_t len = olen + 10 + rdlen;
	uint8_t *wire = zl_malloc(len);
	memcpy(wire, owner, olen);
	uint8_t *p = wire + olen;
	p[0] = (uint8_t)(type >> 8);
	p[1] = (uint8_t)type;
	p[2] = (uint8_t)(rclass >> 8);
	p[3] = (uint8_t)rclass;
	p[4] = (uint8_t)(ttl >> 24);
	p[5] = (uint8_t)(ttl >> 16);
	p[6] = (uint8_t)(ttl >> 8);
	p[7] = (uint8_t)ttl;
	p[8] = (uint8_t)(rdlen >> 8);
	p[9] = (uint8_t)rdlen;
	memcpy(p + 10, rdata, rdlen);
	ldns_rr *rr = NULL;
	size_t pos = 0;
	char *text = NULL;
	if (ldns_wire2rr(&rr, wire, len, &pos, LDNS_SECTION_ANSWER) == LDNS_STATUS_OK) {
		char *s = ldns_rr2str(rr);
		if (s != NULL) {
			size_t n = strlen(s);
			while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
				s[--n] = '\0';
			text = zl_strdup(s);
			free(s);
		}
		ldns_rr_free(rr);
	}
	free(wire);
	if (text == NULL) {
		/* ldns could not read it: RFC 3597 generic form */
		char o[ZONE_TEXT_NAME_MAX], t[32];
		zone_name_to_text(owner, o, sizeof(o));
		zone_type_to_text(type, t, sizeof(t));
		struct zl_buf b;
		zl_buf_init(&b);
		zl_buf_printf(&b, "%s\t%u\t%s\t%s\t\\# %u", o, ttl, rclass == ZC_IN ? "IN" : "CLASS",
			      t, rdlen);
		if (rdlen > 0)
			zl_buf_putc(&b, ' ');
		for (unsigned i = 0; i < rdlen; i++)
			zl_buf_printf(&b, "%02x", rdata[i]);
		text = zl_buf_steal(&b);
	}
	return text;
}

char *zone_rr_to_text(const struct zone *z, const struct zone_rr *rr, const uint8_t *owner)
{
	uint8_t name[ZONE_NAME_MAX];
	if (owner == NULL) {
		zone_node_name(z, rr->node, name);
		owner = name;
	}
	return zone_record_to_text(owner, rr->type, z->rclass, rr->ttl, zone_rr_rdata(z, rr), rr->rdlen);
}

char *zone_rdata_to_text(uint16_t type, const uint8_t *rdata, uint16_t rdlen)
{
	static const uint8_t root[1] = {0};
	char *full = zone_record_to_text(root, type, ZC_IN, 0, rdata, rdlen);
	/* skip owner, TTL, class and type: four tab-separated fields */
	const char *p = full;
	for (int i = 0; i < 4 && p != NULL; i++) {
		p = strchr(p, '\t');
		if (p != NULL)
			p++;
	}
	char *out = zl_strdup(p != NULL ? p : "");
	free(full);
	return out;
}
