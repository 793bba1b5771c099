/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/certview.c: the certificates one lint run sees: the inventory from
 * the configuration with its host names resolved through the loaded zones,
 * or, with --probe, what each address presents live (asked once per
 * address and name). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules/internal.h"

struct probed {
	char address[64];
	char host[ZONE_TEXT_NAME_MAX];
	struct cert *cert; /* NULL: the probe failed */
};

/* An address in binary: 4 (IPv4) or 6 (IPv6) and its bytes. */
struct addr_key {
	uint8_t family;
	uint8_t bytes[16];
};

struct cert_view {
	struct cert_inventory *inv;
	bool probe;
	unsigned port;
	struct probed *probed;
	size_t probed_count, probed_cap;
	/* Without --probe: every address a certificate is presented on (the
	 * hosts: literals and the addresses of the hosts: names) and every
	 * host name listed, sorted: most names a lint run asks about are in
	 * neither, and are answered without asking the inventory. */
	struct addr_key *addrs;
	size_t addr_count, addr_cap;
	const char **names; /* the inventory's */
	size_t name_count;
};

/* text as the inventory reads an address literal */
static bool parse_address(const char *text, struct addr_key *k)
{
	int family = cert_address_parse(text, k->bytes);
	k->family = (uint8_t)family;
	return family != 0;
}

static int addr_order(const void *pa, const void *pb)
{
	const struct addr_key *a = pa, *b = pb;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}

static void add_addr(struct cert_view *v, const struct addr_key *k)
{
	v->addrs = zl_grow(v->addrs, &v->addr_cap, v->addr_count + 1, sizeof(*v->addrs));
	v->addrs[v->addr_count++] = *k;
}

static bool has_addr(const struct cert_view *v, const struct addr_key *k)
{
	return v->addr_count > 0 &&
	       bsearch(k, v->addrs, v->addr_count, sizeof(*v->addrs), addr_order) != NULL;
}

/* host names compared as the inventory keys them: any case, no final dot */
static int name_cmp(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	if (blen > 0 && b[blen - 1] == '.')
		blen--;
	for (size_t i = 0; i < alen && i < blen; i++) {
		uint8_t x = zl_lower((uint8_t)a[i]), y = zl_lower((uint8_t)b[i]);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int name_order(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
	size_t alen = strlen(a);
	if (alen > 0 && a[alen - 1] == '.')
		alen--;
	return name_cmp(a, alen, b);
}

static bool has_name(const struct cert_view *v, const char *host)
{
	size_t len = strlen(host);
	if (len > 0 && host[len - 1] == '.')
		len--;
	size_t lo = 0, hi = v->name_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = name_cmp(host, len, v->names[mid]);
		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

/* Every A and AAAA address of name (CNAMEs followed) in the zones. */
static void bind_host(struct cert_view *v, const struct zone_set *set, const char *host,
		      struct zone_result *r)
{
	struct cert_inventory *inv = v->inv;
	uint8_t name[ZONE_NAME_MAX];
	if (zone_name_from_text(host, NULL, name, NULL) != ZL_OK)
		return;
	const uint16_t types[2] = {ZT_A, ZT_AAAA};
	for (int t = 0; t < 2; t++) {
		zone_lookup(set, name, types[t], r);
		for (size_t i = 0; i < r->answer.count; i++) {
			const struct zone_answer_rr *a = &r->answer.rrs[i];
			char addr[64];
			struct addr_key k;
			memset(&k, 0, sizeof(k));
			if (!lint_address_text(a->type, a->rdata, a->rdlen, addr))
				continue;
			k.family = a->type == ZT_A ? 4 : 6;
			memcpy(k.bytes, a->rdata, a->rdlen);
			cert_inventory_bind(inv, host, addr);
			add_addr(v, &k);
		}
	}
}

int cert_view_new(const struct config *cfg, const struct zone_set *set, bool probe,
		  unsigned probe_port, struct cert_view **out, struct zl_error *err)
{
	struct cert_view *v = zl_calloc(1, sizeof(*v));
	v->probe = probe;
	v->port = probe_port ? probe_port : 443;
	if (!probe) {
		v->inv = cert_inventory_new();
		for (size_t i = 0; cfg != NULL && i < cfg->certificate_count; i++) {
			const struct config_certificate *c = &cfg->certificates[i];
			char where[1200];
			snprintf(where, sizeof(where), "%s:%lu", cfg->path, c->line);
			const char *const *hosts = (const char *const *)c->hosts;
			/* names: and hosts: hold DNS names (hosts: also addresses) */
			for (size_t k = 0; k < c->name_count + c->host_count; k++) {
				bool is_name = k < c->name_count;
				const char *n = is_name ? c->names[k] : c->hosts[k - c->name_count];
				char why[200];
				struct addr_key key;
				if (!is_name && parse_address(n, &key)) {
					add_addr(v, &key);
					continue;
				}
				if (!cert_name_check(n, is_name, why, sizeof(why))) {
					zl_error_set(err, ZL_ECONFIG, cfg->path, c->line,
						     "certificates: %s: '%s' is not a DNS name: %s",
						     is_name ? "names" : "hosts",
						     n, why);
					cert_view_free(v);
					return ZL_ECONFIG;
				}
			}
			if (c->pem != NULL) {
				if (cert_inventory_add_pem(v->inv, c->pem, hosts, c->host_count, where,
							   err) != ZL_OK) {
					/* the error names the PEM file; say which entry too */
					if (err != NULL && err->line == 0) {
						char msg[512];
						snprintf(msg, sizeof(msg), "%.500s", err->message);
						snprintf(err->file, sizeof(err->file), "%s", cfg->path);
						err->line = c->line;
						snprintf(err->message, sizeof(err->message), "%s: %s", c->pem,
							 msg);
					}
					cert_view_free(v);
					return ZL_ECONFIG;
				}
			}
			if (c->name_count > 0)
				cert_inventory_add(v->inv, (const char *const *)c->names, c->name_count,
						   hosts, c->host_count, where);
		}
		const char *const *names;
		size_t n = cert_inventory_host_names(v->inv, &names);
		struct zone_result *r = zl_malloc(sizeof(*r));
		zone_result_init(r);
		r->answer_only = true; /* the addresses are in the answer */
		for (size_t i = 0; i < n; i++)
			bind_host(v, set, names[i], r);
		zone_result_free(r);
		free(r);
		if (v->addr_count > 1)
			qsort(v->addrs, v->addr_count, sizeof(*v->addrs), addr_order);
		v->names = zl_malloc((n ? n : 1) * sizeof(*v->names));
		if (n > 0)
			memcpy(v->names, names, n * sizeof(*names));
		v->name_count = n;
		if (n > 1)
			qsort(v->names, n, sizeof(*v->names), name_order);
	}
	*out = v;
	return ZL_OK;
}

bool cert_view_shared(const struct cert_view *v)
{
	return v == NULL || !v->probe;
}

void cert_view_free(struct cert_view *v)
{
	if (v == NULL)
		return;
	cert_inventory_free(v->inv);
	for (size_t i = 0; i < v->probed_count; i++)
		cert_free(v->probed[i].cert);
	free(v->probed);
	free(v->addrs);
	free(v->names);
	free(v);
}

const struct cert *cert_view_get(struct cert_view *v, const char *address, const char *host)
{
	if (v == NULL)
		return NULL;
	if (!v->probe) {
		struct addr_key k;
		if (address != NULL && (!parse_address(address, &k) || has_addr(v, &k)))
			return cert_inventory_lookup(v->inv, address, host);
		/* no certificate is presented on the address: one listed for
		 * host by name, if any */
		if (host == NULL || !has_name(v, host))
			return NULL;
		return cert_inventory_lookup(v->inv, NULL, host);
	}
	if (address == NULL)
		return NULL;
	for (size_t i = 0; i < v->probed_count; i++)
		if (strcmp(v->probed[i].address, address) == 0 &&
		    strcasecmp(v->probed[i].host, host) == 0)
			return v->probed[i].cert;
	v->probed = zl_grow(v->probed, &v->probed_cap, v->probed_count + 1, sizeof(*v->probed));
	struct probed *p = &v->probed[v->probed_count++];
	snprintf(p->address, sizeof(p->address), "%s", address);
	snprintf(p->host, sizeof(p->host), "%s", host);
	p->cert = NULL;
	struct zl_error err;
	if (cert_probe(address, v->port, host, 3000, &p->cert, &err) != ZL_OK)
		p->cert = NULL; /* unreachable: unknown, as without an inventory */
	return p->cert;
}

const struct cert *cert_view_get_record(struct cert_view *v, uint16_t type, const uint8_t *rdata,
					uint16_t rdlen, const char *address, const char *host)
{
	if (v == NULL || v->probe || !((type == ZT_A && rdlen == 4) || (type == ZT_AAAA && rdlen == 16)))
		return cert_view_get(v, address, host);
	struct addr_key k;
	memset(&k, 0, sizeof(k));
	k.family = type == ZT_A ? 4 : 6;
	memcpy(k.bytes, rdata, rdlen);
	if (has_addr(v, &k))
		return cert_inventory_lookup(v->inv, address, host);
	/* as cert_view_get: a certificate listed for host by name, if any */
	if (host == NULL || !has_name(v, host))
		return NULL;
	return cert_inventory_lookup(v->inv, NULL, host);
}

const struct cert *cert_view_on_host(struct cert_view *v, const char *host, const char *sni)
{
	if (v == NULL || v->probe || host == NULL)
		return NULL;
	struct addr_key k;
	if (parse_address(host, &k) ? !has_addr(v, &k) : !has_name(v, host))
		return NULL; /* nothing is presented there */
	return cert_inventory_on_host(v->inv, host, sni);
}
