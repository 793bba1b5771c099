/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/server/dnsclient.c: the test DNS client (RFC 1035 4.2.1 UDP, 4.2.2
 * TCP with a two-octet length, RFC 6891 OPT record in queries). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dnsclient.h"

bool dns_target_parse(const char *text, struct dns_target *t)
{
	const char *colon = strrchr(text, ':');
	if (colon == NULL)
		return false;
	const char *h = text;
	size_t hlen = (size_t)(colon - text);
	if (h[0] == '[' && hlen >= 2 && h[hlen - 1] == ']') {
		h++;
		hlen -= 2;
	}
	if (hlen == 0 || hlen >= sizeof(t->host))
		return false;
	memcpy(t->host, h, hlen);
	t->host[hlen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port <= 0 || port > 65535)
		return false;
	t->port = (unsigned)port;
	return true;
}

size_t dns_build_query(uint8_t *out, size_t size, uint16_t id, const uint8_t *qname,
		       uint16_t qtype, uint16_t qclass, unsigned edns_size)
{
	size_t nlen = 0;
	while (qname[nlen] != 0)
		nlen += qname[nlen] + 1;
	nlen++;
	size_t len = 12 + nlen + 4 + (edns_size ? 11 : 0);
	if (len > size)
		return 0;
	memset(out, 0, 12);
	out[0] = (uint8_t)(id >> 8);
	out[1] = (uint8_t)id;
	out[5] = 1; /* QDCOUNT */
	out[11] = edns_size ? 1 : 0;
	memcpy(out + 12, qname, nlen);
	uint8_t *p = out + 12 + nlen;
	p[0] = (uint8_t)(qtype >> 8);
	p[1] = (uint8_t)qtype;
	p[2] = (uint8_t)(qclass >> 8);
	p[3] = (uint8_t)qclass;
	if (edns_size) {
		p += 4;
		memset(p, 0, 11);
		p[2] = 41; /* OPT */
		p[3] = (uint8_t)(edns_size >> 8);
		p[4] = (uint8_t)edns_size;
		if (edns_size & DNS_EDNS_DO)
			p[7] = 0x80;
	}
	return len;
}

static int wait_for(int fd, short events, int timeout_ms)
{
	struct pollfd pfd = {fd, events, 0};
	int n;
	do
		n = poll(&pfd, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	return n;
}

static int read_all(int fd, uint8_t *buf, size_t len, int timeout_ms)
{
	size_t got = 0;
	while (got < len) {
		if (wait_for(fd, POLLIN, timeout_ms) <= 0)
			return -1;
		ssize_t n = recv(fd, buf + got, len - got, 0);
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return 0;
}

int dns_exchange(const struct dns_target *t, bool tcp, const uint8_t *query, size_t qlen,
		 uint8_t *resp, size_t *resp_len, int timeout_ms, char *errbuf, size_t errsize)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, t->host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)t->port);
		sslen = sizeof(*s4);
	} else if (inet_pton(AF_INET6, t->host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)t->port);
		sslen = sizeof(*s6);
	} else {
		snprintf(errbuf, errsize, "bad address %s", t->host);
		return -1;
	}
	int fd = socket(ss.ss_family, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd < 0) {
		snprintf(errbuf, errsize, "socket: %s", strerror(errno));
		return -1;
	}
	int rc = -1;
	if (connect(fd, (struct sockaddr *)&ss, sslen) != 0) {
		snprintf(errbuf, errsize, "connect %s:%u: %s", t->host, t->port, strerror(errno));
		goto out;
	}
	if (tcp) {
		uint8_t len[2] = {(uint8_t)(qlen >> 8), (uint8_t)qlen};
		if (send(fd, len, 2, MSG_NOSIGNAL) != 2 ||
		    send(fd, query, qlen, MSG_NOSIGNAL) != (ssize_t)qlen) {
			snprintf(errbuf, errsize, "send: %s", strerror(errno));
			goto out;
		}
		if (read_all(fd, len, 2, timeout_ms) != 0) {
			snprintf(errbuf, errsize, "no TCP answer from %s:%u", t->host, t->port);
			goto out;
		}
		size_t n = (size_t)len[0] << 8 | len[1];
		if (n > *resp_len || read_all(fd, resp, n, timeout_ms) != 0) {
			snprintf(errbuf, errsize, "short TCP answer from %s:%u", t->host, t->port);
			goto out;
		}
		*resp_len = n;
		rc = 0;
	} else {
		if (send(fd, query, qlen, 0) != (ssize_t)qlen) {
			snprintf(errbuf, errsize, "send: %s", strerror(errno));
			goto out;
		}
		for (;;) {
			if (wait_for(fd, POLLIN, timeout_ms) <= 0) {
				snprintf(errbuf, errsize, "no UDP answer from %s:%u", t->host, t->port);
				goto out;
			}
			ssize_t n = recv(fd, resp, *resp_len, 0);
			if (n < 0) {
				snprintf(errbuf, errsize, "recv: %s", strerror(errno));
				goto out;
			}
			/* ignore stray datagrams with another id */
			if (n >= 2 && resp[0] == query[0] && resp[1] == query[1]) {
				*resp_len = (size_t)n;
				rc = 0;
				break;
			}
		}
	}
out:
	close(fd);
	return rc;
}

int dns_ask_wire(const struct dns_target *t, bool tcp, bool tcp_on_tc, const uint8_t *qname,
		 uint16_t qtype, unsigned edns_size, uint16_t id, uint8_t *resp, size_t *resp_len,
		 char *errbuf, size_t errsize)
{
	uint8_t query[512];
	size_t cap = *resp_len;
	size_t qlen = dns_build_query(query, sizeof(query), id, qname, qtype, 1, edns_size);
	if (qlen == 0) {
		snprintf(errbuf, errsize, "query too long");
		return -1;
	}
	int rc = dns_exchange(t, tcp, query, qlen, resp, resp_len, 2000, errbuf, errsize);
	if (rc != 0 && !tcp) {
		*resp_len = cap;
		rc = dns_exchange(t, tcp, query, qlen, resp, resp_len, 2000, errbuf, errsize);
	}
	if (rc != 0)
		return rc;
	if (!tcp && tcp_on_tc && *resp_len >= 3 && (resp[2] & 0x02)) {
		*resp_len = cap;
		if (dns_exchange(t, true, query, qlen, resp, resp_len, 2000, errbuf, errsize) != 0)
			return -1;
	}
	return 0;
}

int dns_ask(const struct dns_target *t, bool tcp, bool tcp_on_tc, const uint8_t *qname,
	    uint16_t qtype, unsigned edns_size, ldns_pkt **out, char *errbuf, size_t errsize)
{
	uint8_t resp[65535];
	size_t rlen = sizeof(resp);
	uint16_t id = (uint16_t)(rand() & 0xffff);
	if (dns_ask_wire(t, tcp, tcp_on_tc, qname, qtype, edns_size, id, resp, &rlen, errbuf,
			 errsize) != 0)
		return -1;
	if (ldns_wire2pkt(out, resp, rlen) != LDNS_STATUS_OK) {
		snprintf(errbuf, errsize, "unparsable answer (%zu octets)", rlen);
		return -1;
	}
	return 0;
}
