/* SPDX-License-Identifier: BSD-3-Clause */
/* server/internal.h: what the files of the server module share and nobody
 * else sees: the parsed query, the response writer with its compression
 * table (RFC 1035 4.1.4), zone transfer state and the transports' hooks. */
#ifndef ZONELINT_SERVER_INTERNAL_H
#define ZONELINT_SERVER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server/server.h"

#define SRV_HEADER 12
#define SRV_UDP_MAX 512           /* RFC 1035 4.2.1, without EDNS */
#define SRV_TCP_MAX 65535         /* RFC 1035 4.2.2: the two-octet length */
#define SRV_OPT_LEN 11            /* an OPT record without options */
#define SRV_UDP_BUFFER 4096       /* room for any UDP answer we write */
#define SRV_XFR_MESSAGE 16384     /* soft size of one AXFR message */
/* NSD's "minimal responses": optional records stop at this size over UDP */
#define SRV_MINIMAL_V4 1232
#define SRV_MINIMAL_V6 1220

enum { SRV_OP_QUERY = 0, SRV_OP_NOTIFY = 4 };
enum {
	SRV_RCODE_NOERROR = 0, SRV_RCODE_FORMERR = 1, SRV_RCODE_SERVFAIL = 2,
	SRV_RCODE_NXDOMAIN = 3, SRV_RCODE_NOTIMP = 4, SRV_RCODE_REFUSED = 5,
	SRV_RCODE_NOTAUTH = 9,
};
enum { SRV_TYPE_TSIG = 250 };
/* RFC 8914 extended errors NSD 4.6 sends */
enum { SRV_EDE_NONE = -1, SRV_EDE_PROHIBITED = 18, SRV_EDE_NOT_AUTHORITATIVE = 20,
       SRV_EDE_NOT_SUPPORTED = 21 };

/* Header flag bits (RFC 1035 4.1.1, RFC 4035 3.2) in the second 16 bits. */
#define SRV_F_QR 0x8000u
#define SRV_F_AA 0x0400u
#define SRV_F_TC 0x0200u
#define SRV_F_RD 0x0100u
#define SRV_F_AD 0x0020u
#define SRV_F_OPCODE 0x7800u
#define SRV_F_RCODE 0x000fu

enum srv_edns { SRV_EDNS_NONE, SRV_EDNS_OK, SRV_EDNS_BADVERS };

/* What to do with a query, decided while parsing (query.c). */
enum srv_verdict {
	SRV_DROP,        /* no answer (and over TCP: close) */
	SRV_NOTIMP,      /* opcode other than QUERY: header only */
	SRV_FORMERR,     /* header only, RD kept */
	SRV_FORMERR_BARE, /* header only, every flag cleared (QDCOUNT != 1) */
	SRV_EDNS_ONLY,   /* QDCOUNT 0 with an OPT: NSD answers with the OPT alone */
	SRV_NOTAUTH_TSIG, /* a TSIG record: we know no keys (RFC 8945 5.2.1 BADKEY) */
	SRV_BADVERS,     /* EDNS version above 0 (RFC 6891 6.1.3) */
	SRV_ANSWER,      /* a well-formed query */
};

struct srv_query {
	const uint8_t *wire;
	size_t len;
	uint16_t id, flags;
	uint16_t qdcount, ancount, nscount, arcount;
	/* the question as it came, case kept; qname points into wire */
	const uint8_t *qname;
	size_t qname_len;
	size_t question_end; /* offset after QTYPE and QCLASS */
	uint16_t qtype, qclass;
	enum srv_edns edns;
	uint16_t edns_size;
	bool edns_do;
	/* IXFR: the client's serial from the SOA in the authority section */
	bool has_serial;
	uint32_t serial;
	/* TSIG: where its parts are, to echo them in the BADKEY reply */
	size_t tsig_owner, tsig_alg;            /* offsets of the (maybe compressed) names */
	size_t tsig_fixed;                      /* offset of Time Signed (6), Fudge (2) */
	size_t tsig_orig_id;                    /* offset of Original ID */
	size_t tsig_other;                      /* offset of Other Len and data */
};

/* Parses a query the way NSD 4.6 does (query.c: query_process) and says
 * what kind of answer it gets. Never reads outside wire[0..len). */
enum srv_verdict srv_query_parse(struct srv_query *q, const uint8_t *wire, size_t len);

/* ---- writing responses (wire.c) ---- */

#define SRV_COMPRESS_ENTRIES 2048
#define SRV_COMPRESS_BUCKETS 1024

struct srv_compress_entry {
	uint32_t hash;
	uint16_t offset;
	uint16_t next; /* next entry in the bucket, 0xffff: none */
};

#define SRV_NAME_CACHE 16

/* A response being written: the buffer, the limit the records must stay
 * within, and the names written so far for compression. */
struct srv_writer {
	uint8_t *buf;
	size_t pos;
	size_t limit; /* records must end at or before this */
	size_t count;
	struct srv_compress_entry entries[SRV_COMPRESS_ENTRIES];
	uint16_t buckets[SRV_COMPRESS_BUCKETS];
	/* names written whole, by address: the records of an RRset share their
	 * owner, and the owners of additional records are the targets in the
	 * data written before, so most names are found here without hashing */
	struct {
		const uint8_t *name;
		uint16_t offset; /* where the name is first in the message */
	} cache[SRV_NAME_CACHE];
	unsigned cache_count, cache_next;
	bool names_stay; /* names passed stay at their address for the message: cache them */
};

void srv_writer_init(struct srv_writer *w, uint8_t *buf, size_t limit);
/* Forgets every name written at or after offset mark (records taken back). */
void srv_writer_forget(struct srv_writer *w, size_t mark);
/* Registers the suffixes of a name already in the buffer at offset. */
void srv_writer_remember(struct srv_writer *w, size_t offset, const uint8_t *name);
/* Writes one record; false (and nothing written) when it does not fit.
 * Names in the data of RFC 1035 types are compressed, others written as
 * they are (RFC 3597 4), as NSD does. */
bool srv_write_rr(struct srv_writer *w, const uint8_t *owner, uint16_t type, uint16_t rclass,
		  uint32_t ttl, const uint8_t *rdata, uint16_t rdlen);

/* ---- DNSSEC (dnssec.c) ---- */
/* Writes the RRSIGs that cover the RRset whose first record is set (zone
 * signed, DO bit set by the caller's choice); counts them in *added.
 * false when one does not fit (those written stay: the caller takes the
 * RRset back whole). */
bool srv_write_rrsigs(struct srv_writer *w, const struct zone_answer_rr *set, unsigned *added);

static inline void srv_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline uint16_t srv_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}
static inline uint32_t srv_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- zone transfers (axfr.c) ---- */

struct srv_zoneset; /* a refcounted zone_set (loop.c) */

struct srv_xfr {
	bool active;             /* more messages to send */
	const struct zone *zone;
	struct srv_zoneset *hold; /* keeps the zones alive while streaming (may be NULL) */
	uint16_t id, flags;
	struct zone_walk walk;   /* the zone's names in canonical order */
	uint32_t node;           /* the name being sent (ZONE_NONE: none left) */
	size_t rr;               /* record of that node */
	bool soa_sent;
	bool edns;
	bool edns_do;
};

enum srv_xfr_mode {
	SRV_XFR_SOA, /* IXFR from a client as new as we are: the SOA alone */
	SRV_XFR_UDP, /* IXFR over UDP: the whole zone if it fits, else the SOA */
	SRV_XFR_TCP, /* AXFR, IXFR over TCP: the zone in as many messages as it takes */
};
/* The answer to an AXFR or IXFR query once the zone and the client are
 * known to be fine (answer.c checks): writes the first message into out
 * (size octets at most) and, over TCP, sets x up for the rest. Returns the
 * length. */
size_t srv_xfr_start(struct srv_xfr *x, const struct srv_query *q, const struct zone *z,
		     enum srv_xfr_mode mode, struct srv_writer *w, uint8_t *out, size_t size);
/* The next message of a transfer (at most size octets); sets x->active
 * false after the last. */
size_t srv_xfr_next(struct srv_xfr *x, struct srv_writer *w, uint8_t *out, size_t size);
/* The zone whose apex is name exactly, or NULL. */
const struct zone *srv_zone_at_apex(const struct zone_set *set, const uint8_t *name);

/* ---- answering (answer.c) ---- */

struct srv_rrset;
struct srv_cache;
struct server_answerer {
	struct zone_result result;
	struct srv_writer writer;
	struct srv_rrset *sets; /* the RRsets of the response being written */
	size_t set_count, set_cap;
	struct srv_cache *cache; /* answers kept for repeated questions; NULL: none */
	/* the last answer, for the query log */
	enum srv_verdict verdict;
	int rcode;
	bool aa, tc;
	unsigned ancount, nscount, arcount;
};

/* The answer cache (answer.c): the event loop turns it on; server_answer
 * alone answers without it. Clear it whenever the zones change. */
void srv_cache_enable(struct server_answerer *a);
void srv_cache_clear(struct server_answerer *a);

/* server_answer with the transfer state for the TCP transport. */
size_t srv_answer(struct server_answerer *a, const struct zone_set *zones,
		  const struct server_acl *acl, const struct server_client *client,
		  const uint8_t *query, size_t qlen, uint8_t *out, size_t size, struct srv_xfr *xfr,
		  struct srv_query *parsed);

/* ---- the event loop and transports (loop.c, udp.c, tcp.c) ---- */

/* The zones answered from, kept alive by the loop and by every transfer
 * still streaming from them (a reload replaces the loop's reference). */
struct srv_zoneset {
	struct zone_set set;
	unsigned refs;
};
void srv_zoneset_release(struct srv_zoneset *zs);

/* What an epoll event points at: the first member of each source. */
enum srv_source_kind { SRV_SRC_UDP, SRV_SRC_TCP_LISTEN, SRV_SRC_CONN };

struct srv_listener {
	enum srv_source_kind kind;
	int fd;
	int family;
	bool any_address;  /* bound to 0.0.0.0 or ::: answers name their source */
	char text[80];     /* "127.0.0.1:5300" for the logs */
};

struct srv_udp; /* udp.c: receive and send batches */

struct srv_conn {
	enum srv_source_kind kind;
	int fd;
	struct sockaddr_storage addr;
	uint8_t *in;            /* two-octet length, then the message (RFC 1035 4.2.2) */
	size_t in_len, in_cap;
	uint8_t *out;           /* framed responses not yet written */
	size_t out_off, out_len, out_cap;
	uint64_t active_ms;     /* last read or write, for the idle timeout */
	struct srv_conn *older, *newer; /* least recently active first */
	struct srv_xfr xfr;
	uint32_t events;        /* what epoll watches now */
	bool eof;               /* the client sent its last octet */
};

struct server {
	struct server_config cfg;
	struct server_acl *acl;
	struct server_answerer *answerer;
	struct srv_zoneset *zones;
	int epfd;
	struct srv_listener *listeners;
	size_t listener_count, listener_cap;
	struct srv_udp *udp;
	uint8_t *scratch;       /* one TCP response being built: length + message */
	struct srv_conn *oldest, *newest;
	struct srv_conn *graveyard; /* closed in this batch of events, freed after it */
	size_t conn_count;
	uint64_t accept_resume_ms;  /* TCP listeners paused until then (0: not paused) */
	uint64_t starved_logged_ms; /* when running out of descriptors was last logged */
	uint64_t now_ms;
	char line[2048];        /* a log line being built */
};

void srv_log(struct server *s, enum server_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A one-line log of a query (--verbose). */
void srv_log_query(struct server *s, const struct server_client *c, const struct srv_query *q,
		   enum srv_verdict v, size_t len);
/* "ADDR#PORT" of a socket address. */
void srv_addr_text(const struct sockaddr *sa, char *out, size_t size);

/* udp.c */
struct srv_udp *srv_udp_new(void);
void srv_udp_free(struct srv_udp *u);
/* Answers the queries waiting on a UDP socket (a bounded number of
 * batches, so that TCP gets its turn). */
void srv_udp_serve(struct server *s, struct srv_listener *l);
/* Asks the kernel for the destination address of queries on a socket
 * bound to the any-address, so that answers leave from it. */
int srv_udp_want_pktinfo(int fd, int family);

/* tcp.c */
#define SRV_TCP_OUT_HIGH (64 * 1024) /* answers waiting: stop reading queries */
void srv_tcp_accept(struct server *s, struct srv_listener *l);
void srv_tcp_event(struct server *s, struct srv_conn *c, uint32_t events);
/* Closes connections idle past the timeout and resumes paused listeners;
 * returns the milliseconds until the next such event (-1: none). */
int srv_tcp_expire(struct server *s);
/* Raises the soft limit on descriptors towards what cfg.tcp_max needs, as
 * far as the hard limit allows, and logs when it stays short. */
void srv_tcp_raise_limit(struct server *s);
void srv_tcp_close_all(struct server *s);
/* Frees the connections closed since the last call. */
void srv_tcp_bury(struct server *s);
/* The framing of a connection without its socket (RFC 1035 4.2.2), as the
 * transport above drives it and fuzz/fuzz_tcp.c does. srv_tcp_in_room
 * makes c->in big enough for the frame being read and returns how many
 * octets may be read into c->in + c->in_len now (0: a whole frame is
 * there); srv_tcp_received counts n octets put there. */
size_t srv_tcp_in_room(struct srv_conn *c);
void srv_tcp_received(struct server *s, struct srv_conn *c, size_t n);
/* Answers every whole query in c->in, in order, into c->out (framed),
 * until SRV_TCP_OUT_HIGH octets wait there or a transfer streams. Returns
 * false when the connection is to be closed. */
bool srv_tcp_serve_frames(struct server *s, struct srv_conn *c);
/* Octets of c->out not yet written, from c->out + c->out_off. */
size_t srv_tcp_pending(const struct srv_conn *c);
/* Counts n octets of c->out as written; the transfer streaming on c, if
 * any, refills the buffer. */
void srv_tcp_sent(struct server *s, struct srv_conn *c, size_t n);

#endif
