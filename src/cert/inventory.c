/* SPDX-License-Identifier: BSD-3-Clause */
/* cert/inventory.c: which certificate a TLS client sees on an address or a
 * host, with SNI selection among several (RFC 6066 3: the server picks by
 * server_name, else presents its default, which we take as the first given). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert/cert.h"
#include "cert/internal.h"

/* A host as the inventory compares it: an address literal in canonical text
 * ("2001:db8::1", never "2001:DB8:0::1"), or a host name in lower case
 * without the trailing dot. */
struct host {
	char *key;
	bool is_address;
};

struct entry {
	struct cert *cert;
	struct host *hosts;
	size_t host_count;
};

struct binding {
	char *name;    /* a host name key */
	char *address; /* an address key */
};

struct cert_inventory {
	struct entry *entries;
	size_t entry_count, entry_cap;
	struct binding *bindings;
	size_t binding_count, binding_cap;
	char **host_names; /* keys of the host names, each once, first-given order */
	size_t host_name_count, host_name_cap;
};

int cert_address_parse(const char *text, uint8_t bytes[16])
{
	char buf[INET6_ADDRSTRLEN + 2];
	size_t len = strlen(text);
	if (len >= sizeof(buf))
		return 0;
	if (len >= 2 && text[0] == '[' && text[len - 1] == ']') {
		memcpy(buf, text + 1, len - 2);
		buf[len - 2] = '\0';
	} else {
		memcpy(buf, text, len + 1);
	}
	memset(bytes, 0, 16);
	if (inet_pton(AF_INET, buf, bytes) == 1)
		return 4;
	if (inet_pton(AF_INET6, buf, bytes) == 1)
		return 6;
	return 0;
}

/* Canonical text of an IPv4/IPv6 literal (brackets allowed around IPv6),
 * or false when text is not one. */
static bool address_key(const char *text, char *out, size_t size)
{
	uint8_t bin[16];
	int family = cert_address_parse(text, bin);
	if (family == 0)
		return false;
	return inet_ntop(family == 4 ? AF_INET : AF_INET6, bin, out, (socklen_t)size) != NULL;
}

bool cert_is_address(const char *text)
{
	char addr[INET6_ADDRSTRLEN];
	return address_key(text, addr, sizeof(addr));
}

static struct host make_host(const char *text)
{
	char addr[INET6_ADDRSTRLEN];
	if (address_key(text, addr, sizeof(addr)))
		return (struct host){.key = zl_strdup(addr), .is_address = true};
	size_t len = strlen(text);
	if (len > 0 && text[len - 1] == '.')
		len--;
	char *key = zl_strndup(text, len);
	for (char *p = key; *p != '\0'; p++)
		*p = (char)zl_lower((uint8_t)*p);
	return (struct host){.key = key, .is_address = false};
}

struct cert_inventory *cert_inventory_new(void)
{
	return zl_calloc(1, sizeof(struct cert_inventory));
}

void cert_inventory_free(struct cert_inventory *inv)
{
	if (inv == NULL)
		return;
	for (size_t i = 0; i < inv->entry_count; i++) {
		struct entry *e = &inv->entries[i];
		cert_free(e->cert);
		for (size_t j = 0; j < e->host_count; j++)
			free(e->hosts[j].key);
		free(e->hosts);
	}
	free(inv->entries);
	for (size_t i = 0; i < inv->binding_count; i++) {
		free(inv->bindings[i].name);
		free(inv->bindings[i].address);
	}
	free(inv->bindings);
	/* the keys in host_names belong to the entries' hosts */
	free(inv->host_names);
	free(inv);
}

static bool has_host_name(const struct cert_inventory *inv, const char *key)
{
	for (size_t i = 0; i < inv->host_name_count; i++)
		if (strcmp(inv->host_names[i], key) == 0)
			return true;
	return false;
}

/* Takes ownership of cert. */
static void add_entry(struct cert_inventory *inv, struct cert *cert, const char *const *hosts,
		      size_t host_count)
{
	inv->entries = zl_grow(inv->entries, &inv->entry_cap, inv->entry_count + 1,
			       sizeof(*inv->entries));
	struct entry *e = &inv->entries[inv->entry_count++];
	e->cert = cert;
	e->hosts = zl_calloc(host_count, sizeof(*e->hosts));
	e->host_count = host_count;
	for (size_t i = 0; i < host_count; i++) {
		e->hosts[i] = make_host(hosts[i]);
		if (e->hosts[i].is_address || has_host_name(inv, e->hosts[i].key))
			continue;
		inv->host_names = zl_grow(inv->host_names, &inv->host_name_cap,
					  inv->host_name_count + 1, sizeof(*inv->host_names));
		inv->host_names[inv->host_name_count++] = e->hosts[i].key;
	}
}

void cert_inventory_add(struct cert_inventory *inv, const char *const *names, size_t name_count,
			const char *const *hosts, size_t host_count, const char *source)
{
	struct cert *c = cert_new(source);
	for (size_t i = 0; i < name_count; i++)
		cert_add_name(c, names[i], strlen(names[i]));
	add_entry(inv, c, hosts, host_count);
}

int cert_inventory_add_pem(struct cert_inventory *inv, const char *pem_path,
			   const char *const *hosts, size_t host_count, const char *source,
			   struct zl_error *err)
{
	struct cert *c = NULL;
	int rc = cert_load_pem(pem_path, &c, err);
	if (rc != ZL_OK)
		return rc;
	/* Messages then name both the file and the configuration line. */
	if (source != NULL && source[0] != '\0') {
		struct zl_buf b;
		zl_buf_init(&b);
		zl_buf_printf(&b, "%s (%s)", pem_path, source);
		free(c->source);
		c->source = zl_buf_steal(&b);
	}
	add_entry(inv, c, hosts, host_count);
	return ZL_OK;
}

size_t cert_inventory_host_names(const struct cert_inventory *inv, const char *const **names)
{
	*names = (const char *const *)inv->host_names;
	return inv->host_name_count;
}

static bool is_bound(const struct cert_inventory *inv, const char *name, const char *address)
{
	for (size_t i = 0; i < inv->binding_count; i++)
		if (strcmp(inv->bindings[i].name, name) == 0 &&
		    strcmp(inv->bindings[i].address, address) == 0)
			return true;
	return false;
}

void cert_inventory_bind(struct cert_inventory *inv, const char *host, const char *address)
{
	struct host h = make_host(host);
	struct host a = make_host(address);
	if (h.is_address || is_bound(inv, h.key, a.key)) {
		free(h.key);
		free(a.key);
		return;
	}
	inv->bindings = zl_grow(inv->bindings, &inv->binding_cap, inv->binding_count + 1,
				sizeof(*inv->bindings));
	inv->bindings[inv->binding_count++] = (struct binding){.name = h.key, .address = a.key};
}

static bool presented_on_address(const struct cert_inventory *inv, const struct entry *e,
				 const char *address)
{
	for (size_t i = 0; i < e->host_count; i++) {
		const struct host *h = &e->hosts[i];
		if (h->is_address ? strcmp(h->key, address) == 0 : is_bound(inv, h->key, address))
			return true;
	}
	return false;
}

static bool listed_by_name(const struct entry *e, const char *name)
{
	for (size_t i = 0; i < e->host_count; i++)
		if (!e->hosts[i].is_address && strcmp(e->hosts[i].key, name) == 0)
			return true;
	return false;
}

/* Among the entries that present on the key (by address or by name), the
 * first covering host, else the first; NULL when none presents there. */
static const struct cert *choose(const struct cert_inventory *inv, const char *key,
				 bool by_address, const char *host)
{
	const struct cert *first = NULL;
	for (size_t i = 0; i < inv->entry_count; i++) {
		const struct entry *e = &inv->entries[i];
		bool here = by_address ? presented_on_address(inv, e, key) : listed_by_name(e, key);
		if (!here)
			continue;
		if (host != NULL && cert_covers(e->cert, host))
			return e->cert;
		if (first == NULL)
			first = e->cert;
	}
	return first;
}

const struct cert *cert_inventory_lookup(const struct cert_inventory *inv, const char *address,
					 const char *host)
{
	const struct cert *found = NULL;
	if (address != NULL) {
		struct host a = make_host(address);
		found = choose(inv, a.key, true, host);
		free(a.key);
	}
	if (found == NULL && host != NULL) {
		struct host h = make_host(host);
		if (!h.is_address)
			found = choose(inv, h.key, false, host);
		free(h.key);
	}
	return found;
}

const struct cert *cert_inventory_on_host(const struct cert_inventory *inv, const char *host,
					  const char *sni)
{
	if (host == NULL)
		return NULL;
	struct host h = make_host(host);
	const struct cert *found = choose(inv, h.key, h.is_address, sni);
	free(h.key);
	return found;
}
