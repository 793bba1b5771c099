/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz/fuzz_tcp.c: libFuzzer target for a TCP byte stream (RFC 1035 4.2.2
 * framing, RFC 7766 6.2.1 pipelining) through the server's own connection
 * code in src/server/tcp.c, without a socket: the stream arrives in chunks
 * of random size, the client reads the answers slowly or not at all for a
 * while, zone transfers stream out as it reads. The input buffer must stay
 * within one frame, the output within its bound, every answer must be a
 * whole DNS message that ldns parses, and answers come in the order of the
 * queries. The first octet seeds the chunk sizes; the rest is the stream.
 * Built and run by fuzz/fuzz.sh (make fuzz-smoke; make fuzz-run FUZZ_TARGET=tcp);
 * seeds in fuzz/corpus/tcp/, written by fuzz/make-seeds. */
#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "server/internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A zone big enough for an AXFR of several messages (SRV_XFR_MESSAGE). */
static const char zone_text[] =
	"$ORIGIN tcp.example.\n"
	"$TTL 300\n"
	"@ SOA ns1 hostmaster 1 3600 600 86400 60\n"
	"@ NS ns1\n@ MX 10 mail\n"
	"ns1 A 192.0.2.1\nmail A 192.0.2.25\nwww CNAME mail\n*.wild A 192.0.2.80\n"
	"sub NS ns.sub\nns.sub A 192.0.2.53\n"
	"$GENERATE 1-400 host$ TXT \"a record to make the transfer long: $\"\n"
	"$GENERATE 1-60 many A 203.0.113.$\n";

static struct server srv;
static struct sockaddr_in client_addr;

static void setup(void)
{
	struct zone *z = NULL;
	struct zl_error err;
	srv.zones = zl_calloc(1, sizeof(*srv.zones));
	srv.zones->refs = 1;
	zone_set_init(&srv.zones->set);
	if (zone_load_string(zone_text, sizeof(zone_text) - 1, "tcp.example.zone", NULL, &z,
			     &err) != ZL_OK ||
	    zone_set_add(&srv.zones->set, z, &err) != ZL_OK)
		abort();
	const char *allow[] = {"127.0.0.1"};
	if (server_acl_new(allow, 1, &srv.acl, &err) != ZL_OK)
		abort();
	srv.answerer = server_answerer_new();
	srv.scratch = zl_malloc(2 + SRV_TCP_MAX);
	srv.epfd = -1;
	srv.cfg.tcp_max = 1;
	srv.cfg.tcp_timeout_ms = 1000;
	client_addr.sin_family = AF_INET;
	client_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/* xorshift, seeded from the input */
static uint32_t rng;
static uint32_t next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* The queries as the reference framing sees them: the IDs of the frames
 * the server must answer, in order. */
struct queries {
	uint16_t id[70000];
	size_t count;
};
static struct queries sent;
static size_t answered;                  /* index into sent of the query being answered */
static uint8_t partial[2 + SRV_TCP_MAX]; /* an answer the client has read in part */
static size_t partial_len;

/* Reads the answers the client takes from the output buffer: each one
 * whole, parsable, and for a query sent at or after the one before. */
static void client_reads(struct srv_conn *c, size_t n)
{
	if (c == NULL) {
		if (partial_len != 0)
			abort(); /* an answer cut off when the connection ended cleanly */
		return;
	}
	const uint8_t *p = c->out + c->out_off;
	for (size_t i = 0; i < n; i++) {
		partial[partial_len++] = p[i];
		if (partial_len < 2 || partial_len < 2 + (size_t)srv_get16(partial))
			continue;
		size_t len = srv_get16(partial);
		if (len < SRV_HEADER)
			abort();
		ldns_pkt *pkt = NULL;
		if (ldns_wire2pkt(&pkt, partial + 2, len) != LDNS_STATUS_OK)
			abort();
		ldns_pkt_free(pkt);
		uint16_t id = srv_get16(partial + 2);
		while (answered < sent.count && sent.id[answered] != id)
			answered++;
		if (answered == sent.count)
			abort(); /* an answer to no query, or out of order */
		partial_len = 0;
	}
}

static void check_bounds(const struct srv_conn *c)
{
	/* the input holds at most one frame (or the first IN_FIRST octets) */
	if (c->in_len > c->in_cap || c->in_cap > 2 + SRV_TCP_MAX)
		abort();
	/* a slow reader holds up at most the high-water mark and one message */
	if (srv_tcp_pending(c) > SRV_TCP_OUT_HIGH + 2 + SRV_TCP_MAX)
		abort();
}

static void record_queries(const uint8_t *stream, size_t len)
{
	sent.count = 0;
	for (size_t off = 0; off + 2 <= len && sent.count < sizeof(sent.id) / sizeof(sent.id[0]);) {
		size_t flen = (size_t)(stream[off] << 8 | stream[off + 1]);
		if (off + 2 + flen > len)
			break;
		if (flen >= 2)
			sent.id[sent.count++] = (uint16_t)(stream[off + 2] << 8 | stream[off + 3]);
		off += 2 + flen;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (srv.answerer == NULL)
		setup();
	if (size < 1)
		return 0;
	rng = 0x9e3779b9u ^ data[0];
	const uint8_t *stream = data + 1;
	size_t len = size - 1;
	record_queries(stream, len);
	answered = 0;
	partial_len = 0;

	struct srv_conn *c = zl_calloc(1, sizeof(*c));
	c->kind = SRV_SRC_CONN;
	c->fd = -1;
	memcpy(&c->addr, &client_addr, sizeof(client_addr));
	bool open = true;
	size_t off = 0;
	unsigned rounds = 0;
	for (; open; rounds++) {
		if (rounds == 200000)
			abort(); /* a connection that makes no progress */
		srv.now_ms++;
		/* the client sends a chunk, when the server reads */
		bool reading = !c->xfr.active && srv_tcp_pending(c) < SRV_TCP_OUT_HIGH;
		if (reading && off < len) {
			size_t room = srv_tcp_in_room(c);
			size_t chunk = 1 + next_random() % (next_random() % 4 == 0 ? 600 : 40);
			if (chunk > room)
				chunk = room;
			if (chunk > len - off)
				chunk = len - off;
			memcpy(c->in + c->in_len, stream + off, chunk);
			off += chunk;
			srv_tcp_received(&srv, c, chunk);
		}
		open = srv_tcp_serve_frames(&srv, c);
		check_bounds(c);
		/* the client reads some of the answers, sometimes none */
		size_t pend = srv_tcp_pending(c);
		if (pend > 0 && next_random() % 3 != 0) {
			size_t n = 1 + next_random() % pend;
			client_reads(c, n);
			srv_tcp_sent(&srv, c, n);
			check_bounds(c);
		}
		/* the stream ended: what is left to answer is answered, then
		 * the connection closes (the server's EOF path) */
		if (off == len && srv_tcp_pending(c) == 0 && !c->xfr.active &&
		    !(c->in_len >= 2 && c->in_len >= 2 + (size_t)srv_get16(c->in)))
			break;
	}
	if (open && srv_tcp_pending(c) == 0 && !c->xfr.active)
		client_reads(NULL, 0);
	if (c->xfr.hold)
		srv_zoneset_release(c->xfr.hold);
	free(c->in);
	free(c->out);
	free(c);
	srv.oldest = srv.newest = NULL; /* the connection list held only c */
	return 0;
}
