/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz/fuzz_query.c: libFuzzer target for queries on the wire: parsing
 * (header, question, OPT, TSIG, an IXFR's SOA), the lookup and the writing
 * of the response (compression, truncation, EDNS, errors, zone transfers
 * streamed to the end), over UDP and TCP, from IPv4 and IPv6. Every answer
 * must fit its buffer and parse with ldns. Built and run by fuzz/fuzz.sh
 * (make fuzz-smoke; make fuzz-run FUZZ_TARGET=query); seeds in
 * fuzz/corpus/query/, written by fuzz/make-seeds. */
#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char zone_text[] =
	"$ORIGIN fuzz.example.\n"
	"$TTL 300\n"
	"@ SOA ns1 hostmaster 1 3600 600 86400 60\n"
	"@ NS ns1\n@ NS ns2.fuzz.example.\n@ NS ns.elsewhere.example.\n"
	"@ MX 10 mail\n@ MX 20 mx.wild\n@ TXT \"v=spf1 -all\"\n"
	"ns1 A 192.0.2.1\nns1 AAAA 2001:db8::1\nns2 A 192.0.2.2\n"
	"mail A 192.0.2.25\nwww CNAME mail\nloop1 CNAME loop2\nloop2 CNAME loop1\n"
	"*.wild A 192.0.2.80\n*.wild TXT \"wildcard\"\n"
	"sub NS ns.sub\nsub NS ns1\nns.sub A 192.0.2.53\nns.sub AAAA 2001:db8::53\n"
	"sub DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
	"d DNAME target.fuzz.example.\ntarget A 192.0.2.9\nx.target A 192.0.2.10\n"
	"_imaps._tcp SRV 0 0 993 mail\n"
	"ptr PTR www.fuzz.example.\n"
	"big TXT \"0123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"1123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"2123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"3123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"4123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"5123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"6123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"7123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"8123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"9123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"a123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"big TXT \"b123456789012345678901234567890123456789012345678901234567890123456789\"\n"
	"$GENERATE 1-40 host$ A 198.51.100.$\n"
	"$GENERATE 1-40 many A 203.0.113.$\n";

static struct zone_set zones;
static struct server_answerer *answerer;
static struct server_acl *acl;
static uint8_t out[2 + 65535];

static void setup(void)
{
	zone_set_init(&zones);
	struct zone *z = NULL;
	struct zl_error err;
	if (zone_load_string(zone_text, sizeof(zone_text) - 1, "fuzz.example.zone", NULL, &z,
			     &err) != ZL_OK ||
	    zone_set_add(&zones, z, &err) != ZL_OK)
		abort();
	answerer = server_answerer_new();
	const char *allow[] = {"127.0.0.0/8", "::1"};
	if (server_acl_new(allow, 2, &acl, &err) != ZL_OK)
		abort();
}

static void must_parse(const uint8_t *p, size_t len, size_t limit)
{
	if (len > limit)
		abort();
	if (len == 0)
		return;
	ldns_pkt *pkt = NULL;
	if (ldns_wire2pkt(&pkt, p, len) != LDNS_STATUS_OK)
		abort();
	ldns_pkt_free(pkt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (answerer == NULL)
		setup();
	struct sockaddr_in v4 = {0};
	v4.sin_family = AF_INET;
	v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct sockaddr_in6 v6 = {0};
	v6.sin6_family = AF_INET6;
	v6.sin6_addr = in6addr_loopback;
	const struct sockaddr *clients[2] = {(struct sockaddr *)&v4, (struct sockaddr *)&v6};
	for (int c = 0; c < 2; c++) {
		/* UDP: what the UDP transport hands over */
		struct server_client udp = {clients[c], false};
		size_t len = server_answer(answerer, &zones, acl, &udp, data, size, out, SRV_UDP_BUFFER);
		must_parse(out, len, SRV_UDP_BUFFER);
		/* TCP, with a transfer streamed to its end */
		struct server_client tcp = {clients[c], true};
		struct srv_xfr xfr;
		struct srv_query q;
		memset(&xfr, 0, sizeof(xfr));
		len = srv_answer(answerer, &zones, acl, &tcp, data, size, out, SRV_TCP_MAX, &xfr, &q);
		must_parse(out, len, SRV_TCP_MAX);
		for (int messages = 0; xfr.active; messages++) {
			if (messages > 1000)
				abort(); /* a transfer that does not end */
			len = srv_xfr_next(&xfr, &answerer->writer, out, SRV_TCP_MAX);
			must_parse(out, len, SRV_TCP_MAX);
		}
	}
	return 0;
}
