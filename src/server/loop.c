/* SPDX-License-Identifier: BSD-3-Clause */
/* server/loop.c: opens the sockets (UDP and TCP on every address), runs
 * the event loop (epoll; signals only while waiting, so none is lost),
 * reloads on SIGHUP, stops on SIGTERM and SIGINT, and writes the log lines
 * through the command's function. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server/internal.h"

/* The one mutable global state: what the signal handlers saw. */
static volatile sig_atomic_t got_reload, got_stop;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		got_reload = 1;
	else
		got_stop = sig;
}

void srv_log(struct server *s, enum server_log_level level, const char *fmt, ...)
{
	if (s->cfg.log == NULL)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->line, sizeof(s->line), fmt, ap);
	va_end(ap);
	s->cfg.log(s->cfg.log_ctx, level, s->line);
}

void srv_addr_text(const struct sockaddr *sa, char *out, size_t size)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		port = ntohs(s4->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)(const void *)sa;
		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		port = ntohs(s6->sin6_port);
	}
	snprintf(out, size, "%s#%u", host, port);
}

static const char *rcode_name(int rcode)
{
	static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
					    "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
					    "NXRRSET", "NOTAUTH", "NOTZONE"};
	if (rcode >= 0 && (size_t)rcode < sizeof(names) / sizeof(names[0]))
		return names[rcode];
	return "RCODE?";
}

void srv_log_query(struct server *s, const struct server_client *c, const struct srv_query *q,
		   enum srv_verdict v, size_t len)
{
	char who[INET6_ADDRSTRLEN + 8], name[ZONE_TEXT_NAME_MAX] = "-", type[32] = "-";
	srv_addr_text(c->addr, who, sizeof(who));
	if (q->qname != NULL) {
		zone_name_to_text(q->qname, name, sizeof(name));
		zone_type_to_text(q->qtype, type, sizeof(type));
	}
	const char *proto = c->is_tcp ? "tcp" : "udp";
	const struct server_answerer *a = s->answerer;
	if (v == SRV_DROP || len == 0) {
		srv_log(s, SERVER_LOG_QUERY, "query %s %s %s %s: dropped", who, proto, name, type);
		return;
	}
	srv_log(s, SERVER_LOG_QUERY, "query %s %s %s %s class %u%s: %s%s%s%s an=%u ns=%u ar=%u %zu octets",
		who, proto, name, type, q->qclass, q->edns == SRV_EDNS_OK ? " edns" : "",
		v == SRV_BADVERS ? "BADVERS" : rcode_name(a->rcode), a->aa ? " aa" : "",
		a->tc ? " tc" : "", v == SRV_ANSWER ? "" : " (malformed or not supported)",
		a->ancount, a->nscount, a->arcount, len);
}

void srv_zoneset_release(struct srv_zoneset *zs)
{
	if (zs != NULL && --zs->refs == 0) {
		zone_set_free(&zs->set);
		free(zs);
	}
}

/* "ADDR:PORT", "[ADDR]:PORT" or "ADDR" (*has_port false: SERVER_DEFAULT_PORT). */
static bool parse_listen(const char *text, struct sockaddr_storage *ss, socklen_t *len,
			 bool *has_port)
{
	char host[INET6_ADDRSTRLEN + 2];
	unsigned long port = SERVER_DEFAULT_PORT;
	const char *h = text, *colon = NULL;
	size_t hlen;
	if (text[0] == '[') {
		const char *close = strchr(text, ']');
		if (close == NULL)
			return false;
		h = text + 1;
		hlen = (size_t)(close - h);
		if (close[1] == ':')
			colon = close + 1;
		else if (close[1] != '\0')
			return false;
	} else {
		colon = strrchr(text, ':');
		/* more than one colon without brackets: an IPv6 address alone */
		if (colon != NULL && strchr(text, ':') != colon)
			colon = NULL;
		hlen = colon ? (size_t)(colon - text) : strlen(text);
	}
	if (hlen == 0 || hlen >= sizeof(host))
		return false;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	*has_port = colon != NULL;
	if (colon != NULL) {
		char *end;
		port = strtoul(colon + 1, &end, 10);
		if (colon[1] == '\0' || *end != '\0' || port > 65535)
			return false;
	}
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*len = sizeof(*s4);
		return true;
	}
	if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*s6);
		return true;
	}
	return false;
}

static void listener_text(const struct sockaddr_storage *ss, char *out, size_t size)
{
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port;
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		port = ntohs(s4->sin_port);
		snprintf(out, size, "%s:%u", host, port);
	} else {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		port = ntohs(s6->sin6_port);
		snprintf(out, size, "[%s]:%u", host, port);
	}
}

/* Opens one socket; returns the fd, or -1 with errno set. */
static int open_socket(const struct sockaddr_storage *ss, socklen_t len, bool tcp)
{
	int fd = socket(ss->ss_family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC,
			0);
	if (fd < 0)
		return -1;
	int on = 1;
	if (tcp)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	/* [::] is not 0.0.0.0: each family gets its own socket */
	if (ss->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, (const struct sockaddr *)ss, len) != 0 || (tcp && listen(fd, 128) != 0)) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static bool is_any_address(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_addr.s_addr == htonl(INADDR_ANY);
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
	return memcmp(&s6->sin6_addr, &in6addr_any, sizeof(in6addr_any)) == 0;
}

/* UDP and TCP on one address. A default address that the machine lacks
 * is skipped (returns 1). */
static int open_address(struct server *s, const char *text, bool is_default, struct zl_error *err)
{
	struct sockaddr_storage ss;
	socklen_t len;
	bool has_port;
	if (!parse_listen(text, &ss, &len, &has_port))
		return zl_error_set(err, ZL_EUSAGE, NULL, 0,
				    "--listen %s: expected ADDR:PORT, [ADDR]:PORT or ADDR", text);
	if (!has_port && !is_default)
		srv_log(s, SERVER_LOG_INFO, "--listen %s: no port given, using the default, %u", text,
			SERVER_DEFAULT_PORT);
	int fds[2] = {-1, -1};
	for (int tcp = 0; tcp < 2; tcp++) {
		fds[tcp] = open_socket(&ss, len, tcp == 1);
		if (fds[tcp] >= 0)
			continue;
		int e = errno;
		if (fds[0] >= 0)
			close(fds[0]);
		char where[80];
		listener_text(&ss, where, sizeof(where));
		if (is_default && ss.ss_family == AF_INET6 &&
		    (e == EADDRNOTAVAIL || e == EAFNOSUPPORT)) {
			srv_log(s, SERVER_LOG_INFO, "no IPv6 loopback on this machine: not listening on %s",
				where);
			return 1;
		}
		return zl_error_set(err, ZL_ENET, NULL, 0, "cannot listen on %s (%s): %s", where,
				    tcp ? "TCP" : "UDP", strerror(e));
	}
	bool any = is_any_address(&ss);
	if (any && srv_udp_want_pktinfo(fds[0], ss.ss_family) != 0) {
		close(fds[0]);
		close(fds[1]);
		return zl_error_set(err, ZL_ENET, NULL, 0, "%s: cannot ask for packet information: %s",
				    text, strerror(errno));
	}
	for (int tcp = 0; tcp < 2; tcp++) {
		s->listeners = zl_grow(s->listeners, &s->listener_cap, s->listener_count + 1,
				       sizeof(*s->listeners));
		struct srv_listener *l = &s->listeners[s->listener_count++];
		l->kind = tcp ? SRV_SRC_TCP_LISTEN : SRV_SRC_UDP;
		l->fd = fds[tcp];
		l->family = ss.ss_family;
		l->any_address = any;
		listener_text(&ss, l->text, sizeof(l->text));
	}
	return ZL_OK;
}

int server_open(const struct server_config *cfg, struct server **out, struct zl_error *err)
{
	struct server *s = zl_calloc(1, sizeof(*s));
	s->cfg = *cfg;
	s->epfd = -1;
	if (s->cfg.tcp_timeout_ms == 0)
		s->cfg.tcp_timeout_ms = SERVER_TCP_TIMEOUT_MS;
	if (s->cfg.tcp_max == 0)
		s->cfg.tcp_max = SERVER_TCP_MAX;
	srv_tcp_raise_limit(s);
	int rc = server_acl_new(cfg->allow_axfr, cfg->allow_axfr_count, &s->acl, err);
	if (rc != ZL_OK)
		goto fail;
	if (cfg->listen_count == 0) {
		static const char *const defaults[] = {"127.0.0.1", "[::1]"};
		for (size_t i = 0; i < 2; i++) {
			rc = open_address(s, defaults[i], true, err);
			if (rc < 0)
				goto fail;
		}
	} else {
		for (size_t i = 0; i < cfg->listen_count; i++) {
			rc = open_address(s, cfg->listen[i], false, err);
			if (rc < 0)
				goto fail;
		}
	}
	s->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (s->epfd < 0) {
		rc = zl_error_set(err, ZL_ENET, NULL, 0, "epoll: %s", strerror(errno));
		goto fail;
	}
	for (size_t i = 0; i < s->listener_count; i++) {
		struct epoll_event e = {EPOLLIN, {.ptr = &s->listeners[i]}};
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->listeners[i].fd, &e) != 0) {
			rc = zl_error_set(err, ZL_ENET, NULL, 0, "epoll: %s", strerror(errno));
			goto fail;
		}
	}
	s->answerer = server_answerer_new();
	srv_cache_enable(s->answerer);
	s->udp = srv_udp_new();
	s->scratch = zl_malloc(2 + SRV_TCP_MAX);
	*out = s;
	return ZL_OK;
fail:
	server_close(s);
	return rc;
}

void server_close(struct server *s)
{
	if (s == NULL)
		return;
	srv_tcp_close_all(s);
	for (size_t i = 0; i < s->listener_count; i++)
		close(s->listeners[i].fd);
	free(s->listeners);
	if (s->epfd >= 0)
		close(s->epfd);
	srv_zoneset_release(s->zones);
	server_acl_free(s->acl);
	server_answerer_free(s->answerer);
	srv_udp_free(s->udp);
	free(s->scratch);
	free(s);
}

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* "a. b. c." for the log, cut short with "..." */
static void zone_list(const struct zone_set *set, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < set->count; i++) {
		const char *name = set->zones[i]->origin_text;
		if (used + strlen(name) + 6 > size) {
			snprintf(out + used, size - used, " ...");
			return;
		}
		used += (size_t)snprintf(out + used, size - used, "%s%s", i ? " " : "", name);
	}
}

static void reload(struct server *s)
{
	if (s->cfg.reload == NULL) {
		srv_log(s, SERVER_LOG_INFO, "SIGHUP: nothing to reload");
		return;
	}
	struct srv_zoneset *fresh = zl_calloc(1, sizeof(*fresh));
	zone_set_init(&fresh->set);
	struct zl_error err;
	zl_error_clear(&err);
	if (s->cfg.reload(s->cfg.reload_ctx, &fresh->set, &err) != ZL_OK) {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		srv_log(s, SERVER_LOG_ERROR, "SIGHUP: reload failed, still serving the zones loaded before: %s",
			msg);
		zone_set_free(&fresh->set);
		free(fresh);
		return;
	}
	/* transfers still streaming keep the old zones until they are done */
	fresh->refs = 1;
	srv_zoneset_release(s->zones);
	s->zones = fresh;
	srv_cache_clear(s->answerer); /* the answers kept were the old zones' */
	char list[1024];
	zone_list(&fresh->set, list, sizeof(list));
	srv_log(s, SERVER_LOG_INFO, "SIGHUP: reloaded %zu zone%s: %s", fresh->set.count,
		fresh->set.count == 1 ? "" : "s", list);
}

int server_run(struct server *s, struct zone_set *zones, struct zl_error *err)
{
	srv_zoneset_release(s->zones);
	s->zones = zl_calloc(1, sizeof(*s->zones));
	s->zones->set = *zones;
	s->zones->refs = 1;
	zone_set_init(zones);
	srv_cache_clear(s->answerer);

	/* the signals wait while we work and arrive only inside epoll_pwait */
	sigset_t handled, saved, during_wait;
	sigemptyset(&handled);
	sigaddset(&handled, SIGHUP);
	sigaddset(&handled, SIGTERM);
	sigaddset(&handled, SIGINT);
	sigprocmask(SIG_BLOCK, &handled, &saved);
	during_wait = saved;
	sigdelset(&during_wait, SIGHUP);
	sigdelset(&during_wait, SIGTERM);
	sigdelset(&during_wait, SIGINT);
	struct sigaction sa, old_hup, old_term, old_int;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, &old_hup);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGINT, &sa, &old_int);
	got_reload = 0;
	got_stop = 0;

	char where[1024] = "";
	size_t used = 0;
	for (size_t i = 0; i < s->listener_count; i++)
		if (s->listeners[i].kind == SRV_SRC_UDP && used + 90 < sizeof(where))
			used += (size_t)snprintf(where + used, sizeof(where) - used, "%s%s",
						 used ? " " : "", s->listeners[i].text);
	char list[1024];
	zone_list(&s->zones->set, list, sizeof(list));
	srv_log(s, SERVER_LOG_INFO, "listening on %s (UDP and TCP); %zu zone%s: %s", where,
		s->zones->set.count, s->zones->set.count == 1 ? "" : "s", list);

	int rc = ZL_OK;
	struct epoll_event events[64];
	while (!got_stop) {
		s->now_ms = now_ms();
		int timeout = srv_tcp_expire(s);
		int n = epoll_pwait(s->epfd, events, 64, timeout, &during_wait);
		if (n < 0) {
			if (errno == EINTR) {
				if (got_reload) {
					got_reload = 0;
					reload(s);
				}
				continue;
			}
			rc = zl_error_set(err, ZL_ENET, NULL, 0, "epoll: %s", strerror(errno));
			break;
		}
		s->now_ms = now_ms();
		for (int i = 0; i < n; i++) {
			enum srv_source_kind *kind = events[i].data.ptr;
			switch (*kind) {
			case SRV_SRC_UDP:
				srv_udp_serve(s, (struct srv_listener *)(void *)kind);
				break;
			case SRV_SRC_TCP_LISTEN:
				srv_tcp_accept(s, (struct srv_listener *)(void *)kind);
				break;
			case SRV_SRC_CONN: {
				/* one closed earlier in this batch (to make room)
				 * waits in the graveyard until the batch is done */
				struct srv_conn *c = (struct srv_conn *)(void *)kind;
				if (c->fd >= 0)
					srv_tcp_event(s, c, events[i].events);
				break;
			}
			}
		}
		srv_tcp_bury(s);
		if (got_reload) {
			got_reload = 0;
			reload(s);
		}
	}
	if (got_stop)
		srv_log(s, SERVER_LOG_INFO, "%s: stopping", got_stop == SIGINT ? "SIGINT" : "SIGTERM");
	srv_tcp_close_all(s);
	sigaction(SIGHUP, &old_hup, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	return rc;
}
