/* SPDX-License-Identifier: BSD-3-Clause */
/* server: a small authoritative DNS server for the zones of a zone_set:
 * UDP and TCP (RFC 1035 4.2, RFC 7766), EDNS(0) (RFC 6891), AXFR (RFC
 * 5936) and IXFR answered as AXFR (RFC 1995 4), answering exactly as NSD
 * 4.6 does. This header is the module's whole public face. */
#ifndef ZONELINT_SERVER_H
#define ZONELINT_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "util/util.h"
#include "zone/zone.h"

/* 5353 is mDNS's, which avahi holds on most desktops; 5300 is left alone
 * by the common services (and is not in the kernel's ephemeral range) */
#define SERVER_DEFAULT_PORT 5300
#define SERVER_EDNS_SIZE 1232         /* our UDP payload size (NSD's default) */
#define SERVER_TCP_TIMEOUT_MS 10000   /* default idle timeout of a TCP connection */
#define SERVER_TCP_MAX 128            /* default cap on open TCP connections */

enum server_log_level { SERVER_LOG_INFO, SERVER_LOG_ERROR, SERVER_LOG_QUERY };

/* The server prints nothing itself: every line goes through this function
 * (one line, no newline). */
typedef void (*server_log_fn)(void *ctx, enum server_log_level level, const char *line);

/* Called on SIGHUP: fills *out with freshly loaded zones, which the server
 * then owns, or returns a negative status with err filled (the server logs
 * it and keeps answering from the zones it has). */
typedef int (*server_reload_fn)(void *ctx, struct zone_set *out, struct zl_error *err);

struct server_config {
	/* "ADDR:PORT", "[ADDR]:PORT" or "ADDR" (SERVER_DEFAULT_PORT, with a note
	 * in the log); none: 127.0.0.1 and [::1] on SERVER_DEFAULT_PORT, the
	 * latter skipped with a note where the machine has no IPv6 loopback. */
	const char *const *listen;
	size_t listen_count;
	/* "ADDR/PREFIX" or "ADDR": clients allowed to transfer zones (AXFR, IXFR) */
	const char *const *allow_axfr;
	size_t allow_axfr_count;
	bool verbose;             /* log every query */
	unsigned tcp_timeout_ms;  /* 0: SERVER_TCP_TIMEOUT_MS */
	unsigned tcp_max;         /* 0: SERVER_TCP_MAX */
	server_log_fn log;
	void *log_ctx;
	server_reload_fn reload;  /* NULL: SIGHUP only logs */
	void *reload_ctx;
};

struct server;

/* Checks the configuration and opens every socket (so that a port in use
 * is an error before anything runs). On success *out is a server the
 * caller frees with server_close. */
int server_open(const struct server_config *cfg, struct server **out, struct zl_error *err);
/* Answers queries until SIGTERM or SIGINT; SIGHUP reloads through
 * cfg->reload. Takes ownership of *zones (left empty). Returns 0 after a
 * clean stop, a negative status when the event loop failed. */
int server_run(struct server *s, struct zone_set *zones, struct zl_error *err);
void server_close(struct server *s);

/* ---- the query path without sockets (tests, fuzzing) ---- */

/* Scratch memory for answering queries (a lookup result, a compression
 * table), reused from query to query so that answering allocates nothing.
 * Owner: the caller; free with server_answerer_free. */
struct server_answerer;
struct server_answerer *server_answerer_new(void);
void server_answerer_free(struct server_answerer *a);

/* Who asked, as far as the answer depends on it. */
struct server_client {
	const struct sockaddr *addr; /* NULL: transfers are refused */
	bool is_tcp;
};

/* Networks allowed to transfer zones; parsed from "ADDR/PREFIX" strings. */
struct server_acl;
int server_acl_new(const char *const *specs, size_t count, struct server_acl **out,
		   struct zl_error *err);
void server_acl_free(struct server_acl *acl);
bool server_acl_allows(const struct server_acl *acl, const struct sockaddr *addr);

/* Answers one query (wire form) as NSD would. Returns the response length
 * written to out (size must be at least 65535 over TCP, 4096 over UDP), or 0
 * when the query is dropped (over TCP the connection is then closed). A
 * zone transfer over TCP answers only its first message here; the
 * transports stream the rest. acl may be NULL (no transfers). */
size_t server_answer(struct server_answerer *a, const struct zone_set *zones,
		     const struct server_acl *acl, const struct server_client *client,
		     const uint8_t *query, size_t qlen, uint8_t *out, size_t size);

#endif
