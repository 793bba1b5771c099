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

struct cert_view {
	struct cert_inventory *inv;
	bool probe;
	unsigned port;
	struct probed *probed;
	size_t probed_count, probed_cap;
};

/* Every A and AAAA address of name (CNAMEs followed) in the zones. */
static void bind_host(struct cert_inventory *inv, const struct zone_set *set, const char *host,
		      struct zone_result *r)
{
	uint8_t name[ZONE_NAME_MAX];
	if (zone_name_from_text(host, NULL, name, NULL) != ZL_OK)
		return;
	const uint16_t types[2] = {ZT_A, ZT_AAAA};
	for (int t = 0; t < 2; t++) {
		zone_lookup(set, name, types[t], r);
		for (size_t i = 0; i < r->answer.count; i++) {
			const struct zone_answer_rr *a = &r->answer.rrs[i];
			char addr[64];
			if (a->type == ZT_A && a->rdlen == 4)
				inet_ntop(AF_INET, a->rdata, addr, sizeof(addr));
			else if (a->type == ZT_AAAA && a->rdlen == 16)
				inet_ntop(AF_INET6, a->rdata, addr, sizeof(addr));
			else
				continue;
			cert_inventory_bind(inv, host, addr);
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
				if (!is_name && cert_is_address(n))
					continue;
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
		for (size_t i = 0; i < n; i++)
			bind_host(v->inv, set, names[i], r);
		zone_result_free(r);
		free(r);
	}
	*out = v;
	return ZL_OK;
}

void cert_view_free(struct cert_view *v)
{
	if (v == NULL)
		return;
	cert_inventory_free(v->inv);
	for (size_t i = 0; i < v->probed_count; i++)
		cert_free(v->probed[i].cert);
	free(v->probed);
	free(v);
}

const struct cert *cert_view_get(struct cert_view *v, const char *address, const char *host)
{
	if (v == NULL)
		return NULL;
	if (!v->probe)
		return cert_inventory_lookup(v->inv, address, host);
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

const struct cert *cert_view_on_host(struct cert_view *v, const char *host, const char *sni)
{
	if (v == NULL || v->probe)
		return NULL;
	return cert_inventory_on_host(v->inv, host, sni);
}
