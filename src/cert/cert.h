/* SPDX-License-Identifier: BSD-3-Clause */
/* cert: which certificate a TLS client sees when it connects to an address,
 * and whether that certificate covers the name the client asked for
 * (RFC 6125 6.4 / RFC 9525 6.3). Certificates come from the configuration
 * (names, or PEM files read with OpenSSL) or from a live TLS probe.
 * This header is the module's whole public face. */
#ifndef ZONELINT_CERT_H
#define ZONELINT_CERT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

/* One certificate, reduced to what name checks need. */
struct cert {
	char **names;      /* SAN dNSNames, lower-case; the subject CN when there is no SAN dNSName */
	size_t name_count;
	bool from_cn;      /* names[0] is the subject CN: no SAN (RFC 9525 would not accept it) */
	char *source;      /* where it came from: "zones/.zonelint.yaml:5", "certs/web.pem",
			      "probe 192.0.2.25:443" */
};

/* RFC 9525 6.3: case-insensitive; a wildcard only as the whole left-most
 * label, matching exactly one label ("*.example.com" covers
 * "autodiscover.example.com", not "example.com" nor "a.b.example.com");
 * no partial wildcards ("auto*.example.com" covers nothing); the name may
 * end in a dot. */
bool cert_covers(const struct cert *c, const char *name);
/* "mail.example.net" / "mail.example.net, www.example.net" (for messages). */
void cert_names_text(const struct cert *c, char *out, size_t size);
void cert_free(struct cert *c);
/* Is name something a certificate's SAN dNSName (RFC 5280 4.2.1.6: the
 * RFC 1034 3.5 host name syntax as RFC 1123 2.1 relaxed it) or a host can
 * be: labels of letters, digits and inner hyphens, 1 to 63 characters,
 * 253 in all (a final dot allowed), the last label not all digits (an
 * address or a number is not a name), and with wildcard_ok a '*' in the
 * left-most label? When not, why says so ("its last label is all digits")
 * for "'NAME' is not a DNS name: WHY". */
bool cert_name_check(const char *name, bool wildcard_ok, char *why, size_t size);
/* Is text an IPv4 or IPv6 address literal (IPv6 may be in brackets)? */
bool cert_is_address(const char *text);
/* An IPv4 or IPv6 literal ([IPv6] brackets allowed, IPv4 tried first) in
 * bytes (16, zero-filled past the address): 4 or 6, or 0 when text is not
 * one. */
int cert_address_parse(const char *text, uint8_t bytes[16]);

/* Reads the names from a PEM certificate file: SAN dNSNames, else the
 * subject CN (from_cn set). Errors name the file. Caller frees *out. */
int cert_load_pem(const char *path, struct cert **out, struct zl_error *err);

/* Connects to address:port (IPv4 or IPv6 literal) with TLS, SNI = sni,
 * reads the presented certificate (no verification: only its names
 * matter) and returns it. timeout_ms bounds connect and handshake.
 * Caller frees *out. */
int cert_probe(const char *address, unsigned port, const char *sni, unsigned timeout_ms,
	       struct cert **out, struct zl_error *err);

/* The certificates a site presents, and on which hosts. */
struct cert_inventory;

struct cert_inventory *cert_inventory_new(void);
void cert_inventory_free(struct cert_inventory *inv);
/* Adds a certificate with the given names presented by hosts (host names
 * or IPv4/IPv6 address literals). Copies everything. */
void cert_inventory_add(struct cert_inventory *inv, const char *const *names, size_t name_count,
			const char *const *hosts, size_t host_count, const char *source);
/* The same with the names read from a PEM file. */
int cert_inventory_add_pem(struct cert_inventory *inv, const char *pem_path,
			   const char *const *hosts, size_t host_count, const char *source,
			   struct zl_error *err);
/* Host names (not address literals) of all certificates, each once, in the
 * order first given, for the caller to resolve; the inventory owns them. */
size_t cert_inventory_host_names(const struct cert_inventory *inv, const char *const **names);
/* Records that host name resolves to address (text form). */
void cert_inventory_bind(struct cert_inventory *inv, const char *host, const char *address);
/* The certificate a TLS client sees when it connects to address (text
 * form, may be NULL when unknown) asking for host (SNI):
 * - the certificates presented on that address: those listing it, or a
 *   host name bound to it; failing that, those listing host by name;
 * - none: NULL (unknown);
 * - one: that one; several: the first that covers host (SNI selection),
 *   else the first (the server's default).
 * The inventory owns the result. */
const struct cert *cert_inventory_lookup(const struct cert_inventory *inv, const char *address,
					 const char *host);
/* The certificate a TLS client asking for sni sees on the host listed by
 * name (or address) under hosts:, whatever its addresses: the first that
 * covers sni, else the first; NULL when no certificate lists host. The
 * inventory owns the result. */
const struct cert *cert_inventory_on_host(const struct cert_inventory *inv, const char *host,
					  const char *sni);

#endif
