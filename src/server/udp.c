/* SPDX-License-Identifier: BSD-3-Clause */
/* server/udp.c: queries over UDP (RFC 1035 4.2.1, RFC 768): batches of
 * datagrams in with recvmmsg and out with sendmmsg (one system call for
 * many queries), answers leaving from the address the query came to
 * (IP_PKTINFO, RFC 3542 6) when the socket is bound to the any-address. */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "server/internal.h"

#define BATCH 32
#define BATCHES_PER_WAKEUP 8 /* then TCP and signals get their turn */
#define QUERY_BUFFER 65536   /* any datagram whole; pages are touched only as used */
/* Buffers a power of two apart would all fall into the same sets of the
 * CPU's data cache: one cache line more each spreads them out. */
#define QUERY_STRIDE (QUERY_BUFFER + 64)
#define RESPONSE_STRIDE (SRV_UDP_BUFFER + 64)

union pktinfo_space {
	size_t align; /* as a struct cmsghdr needs */
	uint8_t v4[CMSG_SPACE(sizeof(struct in_pktinfo))];
	uint8_t v6[CMSG_SPACE(sizeof(struct in6_pktinfo))];
};

struct srv_udp {
	struct mmsghdr in[BATCH], out[BATCH];
	struct iovec in_iov[BATCH], out_iov[BATCH];
	struct sockaddr_storage from[BATCH];
	union pktinfo_space in_ctl[BATCH], out_ctl[BATCH];
	uint8_t *queries;   /* BATCH * QUERY_STRIDE */
	uint8_t *responses; /* BATCH * RESPONSE_STRIDE */
	/* the receive headers are set up for this listener but for the
	 * first `used` ones, which the last recvmmsg wrote into */
	const struct srv_listener *ready_for;
	int used;
};

struct srv_udp *srv_udp_new(void)
{
	struct srv_udp *u = zl_calloc(1, sizeof(*u));
	u->queries = zl_malloc((size_t)BATCH * QUERY_STRIDE);
	u->responses = zl_malloc((size_t)BATCH * RESPONSE_STRIDE);
	for (int i = 0; i < BATCH; i++) {
		u->in_iov[i].iov_base = u->queries + (size_t)i * QUERY_STRIDE;
		u->in_iov[i].iov_len = QUERY_BUFFER;
		u->in[i].msg_hdr.msg_name = &u->from[i];
		u->in[i].msg_hdr.msg_iov = &u->in_iov[i];
		u->in[i].msg_hdr.msg_iovlen = 1;
	}
	return u;
}

/* Resets what recvmmsg changes (lengths of the address and the control
 * data) in the first count headers, for listener l. */
static void reset_headers(struct srv_udp *u, const struct srv_listener *l, int count)
{
	for (int i = 0; i < count; i++) {
		struct msghdr *h = &u->in[i].msg_hdr;
		h->msg_namelen = sizeof(u->from[i]);
		h->msg_control = l->any_address ? &u->in_ctl[i] : NULL;
		h->msg_controllen = l->any_address ? sizeof(u->in_ctl[i]) : 0;
	}
}

void srv_udp_free(struct srv_udp *u)
{
	if (u == NULL)
		return;
	free(u->queries);
	free(u->responses);
	free(u);
}

int srv_udp_want_pktinfo(int fd, int family)
{
	int on = 1;
	if (family == AF_INET)
		return setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
	return setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on));
}

/* The destination of a query as the source of its answer. */
static size_t answer_from(const struct msghdr *in, union pktinfo_space *ctl)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(in); c != NULL;
	     c = CMSG_NXTHDR((struct msghdr *)in, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo info;
			memcpy(&info, CMSG_DATA(c), sizeof(info));
			info.ipi_spec_dst = info.ipi_addr;
			info.ipi_ifindex = 0;
			memset(ctl, 0, sizeof(*ctl));
			struct cmsghdr *o = (struct cmsghdr *)(void *)ctl;
			o->cmsg_level = IPPROTO_IP;
			o->cmsg_type = IP_PKTINFO;
			o->cmsg_len = CMSG_LEN(sizeof(info));
			memcpy(CMSG_DATA(o), &info, sizeof(info));
			return CMSG_SPACE(sizeof(info));
		}
		if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo info;
			memcpy(&info, CMSG_DATA(c), sizeof(info));
			memset(ctl, 0, sizeof(*ctl));
			struct cmsghdr *o = (struct cmsghdr *)(void *)ctl;
			o->cmsg_level = IPPROTO_IPV6;
			o->cmsg_type = IPV6_PKTINFO;
			o->cmsg_len = CMSG_LEN(sizeof(info));
			memcpy(CMSG_DATA(o), &info, sizeof(info));
			return CMSG_SPACE(sizeof(info));
		}
	}
	return 0;
}

void srv_udp_serve(struct server *s, struct srv_listener *l)
{
	struct srv_udp *u = s->udp;
	for (int round = 0; round < BATCHES_PER_WAKEUP; round++) {
		reset_headers(u, l, u->ready_for == l ? u->used : BATCH);
		u->ready_for = l;
		u->used = 0;
		int n = recvmmsg(l->fd, u->in, BATCH, MSG_DONTWAIT, NULL);
		if (n > 0)
			u->used = n;
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				srv_log(s, SERVER_LOG_ERROR, "%s: receive: %s", l->text, strerror(errno));
			return;
		}
		int k = 0;
		for (int i = 0; i < n; i++) {
			struct server_client client = {(const struct sockaddr *)&u->from[i], false};
			uint8_t *resp = u->responses + (size_t)k * RESPONSE_STRIDE;
			struct srv_query q;
			size_t len = srv_answer(s->answerer, &s->zones->set, s->acl, &client,
						u->in_iov[i].iov_base, u->in[i].msg_len, resp,
						SRV_UDP_BUFFER, NULL, &q);
			if (s->cfg.verbose)
				srv_log_query(s, &client, &q, s->answerer->verdict, len);
			if (len == 0)
				continue;
			u->out_iov[k].iov_base = resp;
			u->out_iov[k].iov_len = len;
			struct msghdr *h = &u->out[k].msg_hdr;
			memset(h, 0, sizeof(*h));
			h->msg_name = &u->from[i];
			h->msg_namelen = u->in[i].msg_hdr.msg_namelen;
			h->msg_iov = &u->out_iov[k];
			h->msg_iovlen = 1;
			if (l->any_address) {
				size_t ctl = answer_from(&u->in[i].msg_hdr, &u->out_ctl[k]);
				h->msg_control = ctl ? &u->out_ctl[k] : NULL;
				h->msg_controllen = ctl;
			}
			k++;
		}
		for (int sent = 0; sent < k;) {
			int m = sendmmsg(l->fd, u->out + sent, (unsigned)(k - sent), MSG_DONTWAIT);
			if (m < 0) {
				if (errno == EINTR)
					continue;
				/* a full send buffer or an unreachable client: UDP
				 * answers may be lost, skip this one */
				if (errno != EAGAIN && errno != EWOULDBLOCK && s->cfg.verbose)
					srv_log(s, SERVER_LOG_ERROR, "%s: send: %s", l->text,
						strerror(errno));
				sent++;
				continue;
			}
			sent += m;
		}
		if (n < BATCH)
			return;
	}
}
