/* SPDX-License-Identifier: BSD-3-Clause */
/* cert/probe.c: the certificate a live TLS server presents for a given SNI
 * (RFC 6066 3), read without verification, for the names RFC 9525 6.3 checks.
 * One deadline bounds the TCP connect and the TLS handshake together. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "cert/cert.h"
#include "cert/internal.h"

/* One probe: everything a failure path has to release, in one place. */
struct probe {
	char label[INET6_ADDRSTRLEN + 16]; /* "192.0.2.25:443", "[2001:db8::1]:443" */
	unsigned timeout_ms;
	struct timespec deadline;
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *rbio; /* bytes from the server, fed by us (owned by ssl) */
	BIO *wbio; /* bytes for the server, sent by us (owned by ssl) */
};

static int fail(const struct probe *p, struct zl_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(const struct probe *p, struct zl_error *err, int code, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return zl_error_set(err, code, NULL, 0, "%s: %s", p->label, what);
}

static const char *errno_text(int e)
{
	switch (e) {
	case ECONNREFUSED: return "connection refused";
	case ECONNRESET: return "connection reset";
	case ENETUNREACH: return "network unreachable";
	case EHOSTUNREACH: return "host unreachable";
	case ETIMEDOUT: return "connection timed out";
	case EPIPE: return "connection closed";
	default: return strerror(e);
	}
}

/* Milliseconds left before the deadline, 0 when it has passed. */
static int remaining_ms(const struct probe *p)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ms = (long long)(p->deadline.tv_sec - now.tv_sec) * 1000 +
		       (p->deadline.tv_nsec - now.tv_nsec) / 1000000;
	return ms > 0 ? (int)ms : 0;
}

/* Waits for events on the socket until the deadline: 1 ready, 0 timed out,
 * -1 error (errno set). */
static int wait_for(const struct probe *p, short events)
{
	for (;;) {
		int left = remaining_ms(p);
		if (left == 0)
			return 0;
		struct pollfd pfd = {.fd = p->fd, .events = events};
		int n = poll(&pfd, 1, left);
		if (n > 0)
			return 1;
		if (n < 0 && errno != EINTR)
			return -1;
	}
}

static int open_socket(struct probe *p, const char *address, unsigned port, struct zl_error *err)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	memset(&ss, 0, sizeof(ss));
	char text[INET6_ADDRSTRLEN + 2];
	size_t len = strlen(address);
	if (len >= 2 && len < sizeof(text) && address[0] == '[' && address[len - 1] == ']') {
		memcpy(text, address + 1, len - 2);
		text[len - 2] = '\0';
	} else {
		snprintf(text, sizeof(text), "%s", address);
	}
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	if (len < sizeof(text) && inet_pton(AF_INET, text, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		sslen = sizeof(*sin);
		snprintf(p->label, sizeof(p->label), "%s:%u", text, port);
	} else if (len < sizeof(text) && inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		sslen = sizeof(*sin6);
		snprintf(p->label, sizeof(p->label), "[%s]:%u", text, port);
	} else {
		return zl_error_set(err, ZL_EUSAGE, NULL, 0,
				    "'%s' is not an IPv4 or IPv6 address", address);
	}
	if (port == 0 || port > 65535)
		return fail(p, err, ZL_EUSAGE, "port must be between 1 and 65535");

	p->fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (p->fd < 0)
		return fail(p, err, ZL_ENET, "cannot create a socket: %s", strerror(errno));
	int flags = fcntl(p->fd, F_GETFL);
	if (flags < 0 || fcntl(p->fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    fcntl(p->fd, F_SETFD, FD_CLOEXEC) < 0)
		return fail(p, err, ZL_ENET, "cannot set up the socket: %s", strerror(errno));

	if (connect(p->fd, (struct sockaddr *)&ss, sslen) == 0)
		return ZL_OK;
	if (errno != EINPROGRESS && errno != EINTR)
		return fail(p, err, ZL_ENET, "%s", errno_text(errno));
	int ready = wait_for(p, POLLOUT);
	if (ready == 0)
		return fail(p, err, ZL_ENET, "connection timed out after %u ms", p->timeout_ms);
	if (ready < 0)
		return fail(p, err, ZL_ENET, "%s", errno_text(errno));
	int so_error = 0;
	socklen_t so_len = sizeof(so_error);
	if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &so_error, &so_len) != 0)
		so_error = errno;
	if (so_error != 0)
		return fail(p, err, ZL_ENET, "%s", errno_text(so_error));
	return ZL_OK;
}

/* Sends what OpenSSL wrote into wbio. MSG_NOSIGNAL: a server that hangs up
 * must give an error here, not a SIGPIPE for the whole process. */
static int flush_out(struct probe *p, bool wait, struct zl_error *err)
{
	char buf[16384];
	int n;
	while ((n = BIO_read(p->wbio, buf, sizeof(buf))) > 0) {
		size_t off = 0;
		while (off < (size_t)n) {
			ssize_t w = send(p->fd, buf + off, (size_t)n - off, MSG_NOSIGNAL);
			if (w > 0) {
				off += (size_t)w;
				continue;
			}
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait) {
				int ready = wait_for(p, POLLOUT);
				if (ready > 0)
					continue;
				if (ready == 0)
					return fail(p, err, ZL_ENET,
						    "TLS handshake timed out after %u ms",
						    p->timeout_ms);
			}
			return fail(p, err, ZL_ENET, "%s during the TLS handshake",
				    errno_text(w < 0 ? errno : EPIPE));
		}
	}
	return ZL_OK;
}

/* Feeds what the server sent into rbio, waiting until the deadline. */
static int fill_in(struct probe *p, struct zl_error *err)
{
	char buf[16384];
	for (;;) {
		ssize_t n = recv(p->fd, buf, sizeof(buf), 0);
		if (n > 0) {
			BIO_write(p->rbio, buf, (int)n);
			return ZL_OK;
		}
		if (n == 0)
			return fail(p, err, ZL_ENET,
				    "connection closed by the server during the TLS handshake");
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return fail(p, err, ZL_ENET, "%s during the TLS handshake",
				    errno_text(errno));
		int ready = wait_for(p, POLLIN);
		if (ready == 0)
			return fail(p, err, ZL_ENET, "TLS handshake timed out after %u ms",
				    p->timeout_ms);
		if (ready < 0)
			return fail(p, err, ZL_ENET, "%s", errno_text(errno));
	}
}

static int set_up_tls(struct probe *p, const char *sni, struct zl_error *err)
{
	p->ctx = SSL_CTX_new(TLS_client_method());
	if (p->ctx == NULL)
		return fail(p, err, ZL_ENET, "cannot set up TLS: %s", cert_openssl_reason());
	/* Only the names matter: accept any chain, and let old servers and
	 * weak keys through, since nothing secret is ever sent. */
	SSL_CTX_set_verify(p->ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_security_level(p->ctx, 0);
	SSL_CTX_set_min_proto_version(p->ctx, TLS1_VERSION);
	p->ssl = SSL_new(p->ctx);
	p->rbio = BIO_new(BIO_s_mem());
	p->wbio = BIO_new(BIO_s_mem());
	if (p->ssl == NULL || p->rbio == NULL || p->wbio == NULL) {
		BIO_free(p->rbio);
		BIO_free(p->wbio);
		p->rbio = p->wbio = NULL;
		return fail(p, err, ZL_ENET, "cannot set up TLS: %s", cert_openssl_reason());
	}
	/* An empty rbio means "wait for more", not end of stream. */
	BIO_set_mem_eof_return(p->rbio, -1);
	SSL_set_bio(p->ssl, p->rbio, p->wbio);
	SSL_set_connect_state(p->ssl);

	/* RFC 6066 3: SNI carries a host name without the trailing dot, never
	 * an address literal. */
	if (sni != NULL && sni[0] != '\0') {
		char name[256];
		size_t len = strlen(sni);
		if (sni[len - 1] == '.')
			len--;
		unsigned char bin[sizeof(struct in6_addr)];
		if (len == 0 || len >= sizeof(name))
			return fail(p, err, ZL_EUSAGE, "bad SNI name '%s'", sni);
		memcpy(name, sni, len);
		name[len] = '\0';
		if (inet_pton(AF_INET, name, bin) != 1 && inet_pton(AF_INET6, name, bin) != 1 &&
		    SSL_set_tlsext_host_name(p->ssl, name) != 1)
			return fail(p, err, ZL_EUSAGE, "bad SNI name '%s'", sni);
	}
	return ZL_OK;
}

static int handshake(struct probe *p, struct zl_error *err)
{
	for (;;) {
		int r = SSL_do_handshake(p->ssl);
		int rc = flush_out(p, true, err);
		if (rc != ZL_OK)
			return rc;
		if (r == 1)
			return ZL_OK;
		int e = SSL_get_error(p->ssl, r);
		if (e != SSL_ERROR_WANT_READ)
			return fail(p, err, ZL_ENET, "TLS handshake failed: %s",
				    cert_openssl_reason());
		rc = fill_in(p, err);
		if (rc != ZL_OK)
			return rc;
	}
}

int cert_probe(const char *address, unsigned port, const char *sni, unsigned timeout_ms,
	       struct cert **out, struct zl_error *err)
{
	*out = NULL;
	struct probe p = {.fd = -1, .timeout_ms = timeout_ms};
	clock_gettime(CLOCK_MONOTONIC, &p.deadline);
	p.deadline.tv_sec += timeout_ms / 1000;
	p.deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (p.deadline.tv_nsec >= 1000000000) {
		p.deadline.tv_sec++;
		p.deadline.tv_nsec -= 1000000000;
	}
	ERR_clear_error();

	int rc = open_socket(&p, address, port, err);
	if (rc == ZL_OK)
		rc = set_up_tls(&p, sni, err);
	if (rc == ZL_OK)
		rc = handshake(&p, err);
	if (rc == ZL_OK) {
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
		X509 *x = SSL_get1_peer_certificate(p.ssl);
#else
		X509 *x = SSL_get_peer_certificate(p.ssl);
#endif
		if (x == NULL) {
			rc = fail(&p, err, ZL_ENET, "the server presented no certificate");
		} else {
			char source[sizeof(p.label) + 8];
			snprintf(source, sizeof(source), "probe %s", p.label);
			*out = cert_from_x509(x, source);
			X509_free(x);
			/* A polite close_notify; the server's answer does not matter. */
			if (SSL_shutdown(p.ssl) >= 0)
				flush_out(&p, false, NULL);
		}
	}

	if (p.ssl != NULL)
		SSL_free(p.ssl); /* frees rbio and wbio */
	SSL_CTX_free(p.ctx);
	if (p.fd >= 0)
		close(p.fd);
	ERR_clear_error();
	return rc;
}
