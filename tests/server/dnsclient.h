/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/server/dnsclient.h: a small DNS client for the tests: builds a
 * query, sends it over UDP or TCP (RFC 1035 4.2) with a timeout and parses
 * the response with ldns. */
#ifndef ZONELINT_TEST_DNSCLIENT_H
#define ZONELINT_TEST_DNSCLIENT_H

#include <ldns/ldns.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dns_target {
	char host[64]; /* IPv4 or IPv6 literal */
	unsigned port;
};

/* "127.0.0.1:5353", "[::1]:5353"; false when malformed. */
bool dns_target_parse(const char *text, struct dns_target *t);
/* A query for qname (wire form) in *out; edns_size 0 sends no OPT record.
 * edns_size | DNS_EDNS_DO also sets the DO bit (RFC 3225) in the OPT
 * record, here and in the functions below that take an edns_size. */
#define DNS_EDNS_DO 0x10000u
size_t dns_build_query(uint8_t *out, size_t size, uint16_t id, const uint8_t *qname,
		       uint16_t qtype, uint16_t qclass, unsigned edns_size);
/* Sends query and reads one response into resp. 0 on success, -1 on
 * timeout or error (message in errbuf). */
int dns_exchange(const struct dns_target *t, bool tcp, const uint8_t *query, size_t qlen,
		 uint8_t *resp, size_t *resp_len, int timeout_ms, char *errbuf, size_t errsize);
/* dns_build_query + dns_exchange with a given id: the response as it came
 * (resp holds *resp_len octets on entry, the length on return); retries
 * once on timeout and over TCP when a UDP answer is truncated (unless
 * tcp_on_tc is false). */
int dns_ask_wire(const struct dns_target *t, bool tcp, bool tcp_on_tc, const uint8_t *qname,
		 uint16_t qtype, unsigned edns_size, uint16_t id, uint8_t *resp, size_t *resp_len,
		 char *errbuf, size_t errsize);
/* dns_build_query + dns_exchange + ldns_wire2pkt; retries once on timeout
 * and over TCP when a UDP answer is truncated (unless tcp_on_tc is false). */
int dns_ask(const struct dns_target *t, bool tcp, bool tcp_on_tc, const uint8_t *qname,
	    uint16_t qtype, unsigned edns_size, ldns_pkt **out, char *errbuf, size_t errsize);

#endif
