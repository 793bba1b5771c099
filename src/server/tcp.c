/* SPDX-License-Identifier: BSD-3-Clause */
/* server/tcp.c: queries over TCP: RFC 1035 4.2.2 framing (a two-octet
 * length before each message), several queries on one connection answered
 * in order (RFC 7766 6.2.1), an idle timeout and a cap on connections with
 * the least recently active one closed to make room (RFC 7766 6.2.3), and
 * bounded buffers per connection: no new query is read while answers are
 * waiting for a slow reader. Zone transfers stream from here. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/internal.h"

#define IN_FIRST 512               /* grows to the frame being read, at most 2 + 65535 */
#define MIN_QUERY 17               /* header and the shortest question; NSD closes below */

static void unlink_conn(struct server *s, struct srv_conn *c)
{
	if (c->older)
		c->older->newer = c->newer;
	else
		s->oldest = c->newer;
	if (c->newer)
		c->newer->older = c->older;
	else
		s->newest = c->older;
	c->older = c->newer = NULL;
}

static void touch(struct server *s, struct srv_conn *c)
{
	c->active_ms = s->now_ms;
	if (s->newest == c)
		return;
	if (c->older != NULL || s->oldest == c)
		unlink_conn(s, c);
	c->older = s->newest;
	if (s->newest)
		s->newest->newer = c;
	else
		s->oldest = c;
	s->newest = c;
}

static void close_conn(struct server *s, struct srv_conn *c)
{
	unlink_conn(s, c);
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
	if (c->xfr.hold)
		srv_zoneset_release(c->xfr.hold);
	c->xfr.hold = NULL;
	c->xfr.active = false;
	free(c->in);
	free(c->out);
	c->in = c->out = NULL;
	/* epoll may still hold an event for it in the batch being handled */
	c->newer = s->graveyard;
	s->graveyard = c;
	s->conn_count--;
}

void srv_tcp_bury(struct server *s)
{
	while (s->graveyard) {
		struct srv_conn *c = s->graveyard;
		s->graveyard = c->newer;
		free(c);
	}
}

void srv_tcp_close_all(struct server *s)
{
	while (s->oldest)
		close_conn(s, s->oldest);
	srv_tcp_bury(s);
}

size_t srv_tcp_pending(const struct srv_conn *c)
{
	return c->out_len - c->out_off;
}

/* Room for one more framed message in the output buffer. */
static uint8_t *out_reserve(struct srv_conn *c, size_t len)
{
	if (c->out_off > 0 && c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	if (c->out_cap - c->out_len < len) {
		if (c->out_off > 0) {
			memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
			c->out_len -= c->out_off;
			c->out_off = 0;
		}
		if (c->out_cap - c->out_len < len)
			c->out = zl_grow(c->out, &c->out_cap, c->out_len + len, 1);
	}
	return c->out + c->out_len;
}

/* The next messages of a zone transfer, while the reader keeps up. */
static void pump_xfr(struct server *s, struct srv_conn *c)
{
	while (c->xfr.active && srv_tcp_pending(c) < SRV_TCP_OUT_HIGH) {
		uint8_t *p = out_reserve(c, 2 + SRV_TCP_MAX);
		size_t len = srv_xfr_next(&c->xfr, &s->answerer->writer, p + 2, SRV_TCP_MAX);
		if (len == 0)
			break;
		srv_put16(p, (uint16_t)len);
		c->out_len += 2 + len;
	}
	if (!c->xfr.active && c->xfr.hold) {
		srv_zoneset_release(c->xfr.hold);
		c->xfr.hold = NULL;
	}
}

bool srv_tcp_serve_frames(struct server *s, struct srv_conn *c)
{
	size_t off = 0;
	bool keep = true;
	while (!c->xfr.active && srv_tcp_pending(c) < SRV_TCP_OUT_HIGH && c->in_len - off >= 2) {
		size_t flen = srv_get16(c->in + off);
		/* NSD drops the connection on empty and too short messages */
		if (flen < MIN_QUERY) {
			keep = false;
			break;
		}
		if (c->in_len - off < 2 + flen)
			break;
		struct server_client client = {(const struct sockaddr *)&c->addr, true};
		struct srv_query q;
		size_t len = srv_answer(s->answerer, &s->zones->set, s->acl, &client, c->in + off + 2,
					flen, s->scratch + 2, SRV_TCP_MAX, &c->xfr, &q);
		if (s->cfg.verbose)
			srv_log_query(s, &client, &q, s->answerer->verdict, len);
		off += 2 + flen;
		if (len == 0) {
			keep = false; /* a query NSD drops: it closes the connection too */
			break;
		}
		srv_put16(s->scratch, (uint16_t)len);
		memcpy(out_reserve(c, 2 + len), s->scratch, 2 + len);
		c->out_len += 2 + len;
		if (c->xfr.active) {
			c->xfr.hold = s->zones;
			s->zones->refs++;
			pump_xfr(s, c);
		}
	}
	if (off > 0) {
		memmove(c->in, c->in + off, c->in_len - off);
		c->in_len -= off;
	}
	return keep;
}

void srv_tcp_sent(struct server *s, struct srv_conn *c, size_t n)
{
	c->out_off += n;
	touch(s, c);
	if (srv_tcp_pending(c) == 0)
		c->out_off = c->out_len = 0;
	if (c->xfr.active)
		pump_xfr(s, c);
}

/* Writes what is pending. Returns false on a broken connection. */
static bool flush(struct server *s, struct srv_conn *c)
{
	while (srv_tcp_pending(c) > 0) {
		ssize_t n = send(c->fd, c->out + c->out_off, srv_tcp_pending(c),
				 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN || errno == EWOULDBLOCK;
		}
		srv_tcp_sent(s, c, (size_t)n);
	}
	return true;
}

size_t srv_tcp_in_room(struct srv_conn *c)
{
	size_t want = 2;
	if (c->in_len >= 2)
		want = 2 + (size_t)srv_get16(c->in);
	if (want < IN_FIRST)
		want = IN_FIRST;
	if (c->in_cap < want) {
		c->in = zl_realloc(c->in, want);
		c->in_cap = want;
	}
	return c->in_cap - c->in_len; /* 0: a whole frame is here */
}

void srv_tcp_received(struct server *s, struct srv_conn *c, size_t n)
{
	c->in_len += n;
	touch(s, c);
}

/* Reads what the client sent, as far as the buffer takes. Returns false
 * when the client closed or the connection broke. */
static bool fill_input(struct server *s, struct srv_conn *c)
{
	for (;;) {
		size_t room = srv_tcp_in_room(c);
		if (room == 0)
			return true;
		ssize_t n = recv(c->fd, c->in + c->in_len, room, MSG_DONTWAIT);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
		if (n == 0)
			return false;
		srv_tcp_received(s, c, (size_t)n);
		if ((size_t)n < room)
			return true;
	}
}

static void watch(struct server *s, struct srv_conn *c)
{
	uint32_t ev = 0;
	if (!c->eof && !c->xfr.active && srv_tcp_pending(c) < SRV_TCP_OUT_HIGH)
		ev |= EPOLLIN;
	if (srv_tcp_pending(c) > 0)
		ev |= EPOLLOUT;
	if (ev == c->events)
		return;
	struct epoll_event e = {ev, {.ptr = c}};
	epoll_ctl(s->epfd, EPOLL_CTL_MOD, c->fd, &e);
	c->events = ev;
}

void srv_tcp_event(struct server *s, struct srv_conn *c, uint32_t events)
{
	if (events & EPOLLERR) {
		close_conn(s, c);
		return;
	}
	/* one read per event: level-triggered epoll calls again for more */
	if ((events & (EPOLLIN | EPOLLHUP)) && (c->events & EPOLLIN) && !fill_input(s, c))
		c->eof = true; /* the client is done sending: answer what came */
	if (!srv_tcp_serve_frames(s, c) || !flush(s, c) ||
	    (c->eof && srv_tcp_pending(c) == 0 && !c->xfr.active)) {
		close_conn(s, c);
		return;
	}
	watch(s, c);
}

/* Each TCP connection is a descriptor (and the listeners, the UDP sockets,
 * epoll and stdio take some): ask for what --tcp-max needs. */
#define FD_RESERVE 64
#define ACCEPT_PAUSE_MS 1000
#define STARVED_LOG_MS 60000

void srv_tcp_raise_limit(struct server *s)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	rlim_t want = (rlim_t)s->cfg.tcp_max + FD_RESERVE;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want)
		srv_log(s, SERVER_LOG_INFO,
			"only %llu descriptors (ulimit -n): fewer than %u TCP connections at once; "
			"the least recently active ones are closed to make room",
			(unsigned long long)rl.rlim_cur, s->cfg.tcp_max);
}

static void listeners_watch(struct server *s, uint32_t events)
{
	for (size_t i = 0; i < s->listener_count; i++) {
		struct srv_listener *l = &s->listeners[i];
		if (l->kind != SRV_SRC_TCP_LISTEN)
			continue;
		struct epoll_event e = {events, {.ptr = l}};
		epoll_ctl(s->epfd, EPOLL_CTL_MOD, l->fd, &e);
	}
}

/* accept failed for want of descriptors or memory: make room as at the
 * cap, by closing the least recently active connection (returns true: try
 * again); with none of ours to close, stop accepting for a moment rather
 * than spin on a listener that stays readable. Logged once a minute. */
static bool out_of_descriptors(struct server *s, const struct srv_listener *l, int e)
{
	if (s->starved_logged_ms == 0 || s->now_ms - s->starved_logged_ms >= STARVED_LOG_MS) {
		srv_log(s, SERVER_LOG_ERROR, "%s: accept: %s: %s", l->text, strerror(e),
			s->oldest != NULL ? "closing the least recently active TCP connections to make room"
					  : "not accepting TCP connections for a second");
		s->starved_logged_ms = s->now_ms ? s->now_ms : 1;
	}
	if (s->oldest != NULL) {
		close_conn(s, s->oldest);
		return true;
	}
	listeners_watch(s, 0);
	s->accept_resume_ms = s->now_ms + ACCEPT_PAUSE_MS;
	return false;
}

void srv_tcp_accept(struct server *s, struct srv_listener *l)
{
	for (int i = 0; i < 64; i++) {
		struct sockaddr_storage addr;
		socklen_t alen = sizeof(addr);
		int fd = accept4(l->fd, (struct sockaddr *)&addr, &alen, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			int e = errno;
			if ((e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM) &&
			    out_of_descriptors(s, l, e))
				continue;
			if (e != EAGAIN && e != EWOULDBLOCK && e != EINTR && e != ECONNABORTED &&
			    e != EMFILE && e != ENFILE && e != ENOBUFS && e != ENOMEM)
				srv_log(s, SERVER_LOG_ERROR, "%s: accept: %s", l->text, strerror(e));
			return;
		}
		/* at the cap the least recently active connection makes room */
		if (s->conn_count >= s->cfg.tcp_max && s->oldest)
			close_conn(s, s->oldest);
		int on = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
		struct srv_conn *c = zl_calloc(1, sizeof(*c));
		c->kind = SRV_SRC_CONN;
		c->fd = fd;
		memcpy(&c->addr, &addr, sizeof(addr));
		c->events = EPOLLIN;
		struct epoll_event e = {EPOLLIN, {.ptr = c}};
		if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &e) != 0) {
			close(fd);
			free(c);
			continue;
		}
		s->conn_count++;
		touch(s, c);
	}
}

int srv_tcp_expire(struct server *s)
{
	uint64_t timeout = s->cfg.tcp_timeout_ms;
	while (s->oldest && s->now_ms - s->oldest->active_ms >= timeout)
		close_conn(s, s->oldest);
	if (s->accept_resume_ms != 0 && s->now_ms >= s->accept_resume_ms) {
		listeners_watch(s, EPOLLIN);
		s->accept_resume_ms = 0;
	}
	int wait = -1;
	if (s->oldest != NULL)
		wait = (int)(s->oldest->active_ms + timeout - s->now_ms);
	if (s->accept_resume_ms != 0) {
		int resume = (int)(s->accept_resume_ms - s->now_ms);
		if (wait < 0 || resume < wait)
			wait = resume;
	}
	return wait;
}
