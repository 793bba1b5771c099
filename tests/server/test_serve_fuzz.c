/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/server/test_serve_fuzz.c: starts `zonelint serve` on 127.0.0.1 and
 * throws thousands of random and mutated messages at it, over UDP and TCP
 * (truncated, oversized, compression loops in the question, QR set, QDCOUNT
 * 0 and 2, huge counts, bad OPT and TSIG records, random opcodes; empty,
 * partial and garbage TCP frames; idle connections beyond the cap). Every
 * answer must parse; afterwards the server must still answer known
 * questions exactly as the in-process query path does and as zone_lookup
 * says, and stop with status 0 on SIGTERM. Seed: $FUZZ_SEED (default 1). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dnsclient.h"
#include "server/server.h"
#include "zone/zone.h"

#define UDP_ROUNDS 6000
#define TCP_CONNECTIONS 300
#define TCP_MAX 16

static pid_t server_pid = -1;
static unsigned failures, udp_answers, tcp_answers, checked;

static void stop_server(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGKILL);
		waitpid(server_pid, NULL, 0);
		server_pid = -1;
	}
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("FAIL: ", stdout);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	failures++;
}

/* xorshift: the same seed gives the same run */
static uint64_t rng_state = 1;
static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11);
}
static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

struct corpus {
	uint8_t (*names)[ZONE_NAME_MAX];
	size_t count;
};

static const uint16_t qtypes[] = {ZT_A, ZT_AAAA, ZT_CNAME, ZT_MX, ZT_SRV, ZT_TXT, ZT_NS,
				  ZT_SOA, ZT_PTR, ZT_DS, ZT_ANY, ZT_AXFR, ZT_IXFR, 0, 41, 250};

static size_t valid_query(const struct corpus *c, uint8_t *buf, size_t cap, uint16_t id)
{
	const uint8_t *name = c->names[below((uint32_t)c->count)];
	uint16_t qtype = qtypes[below(sizeof(qtypes) / sizeof(qtypes[0]))];
	unsigned edns = below(3) == 0 ? 0 : (below(2) ? 1232 : 4096);
	return dns_build_query(buf, cap, id, name, qtype, below(10) == 0 ? ZC_CH : ZC_IN, edns);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* One mutated message into buf (cap octets); returns its length. */
static size_t mutate(const struct corpus *c, uint8_t *buf, size_t cap)
{
	size_t len = valid_query(c, buf, cap, (uint16_t)rnd());
	switch (below(16)) {
	case 0: /* random bytes */
		len = below(600);
		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)rnd();
		break;
	case 1: /* flipped bits */
		for (unsigned n = 1 + below(8); n > 0; n--)
			buf[below((uint32_t)len)] ^= (uint8_t)(1u << below(8));
		break;
	case 2: /* truncated anywhere, also inside the header */
		len = below((uint32_t)len + 1);
		break;
	case 3: /* garbage after the message */
		for (unsigned n = 1 + below(64); n > 0 && len < cap; n--)
			buf[len++] = (uint8_t)rnd();
		break;
	case 4: /* a response: must be dropped */
		buf[2] |= 0x80;
		break;
	case 5: /* another opcode */
		buf[2] = (uint8_t)((buf[2] & 0x87) | (below(16) << 3));
		break;
	case 6: /* counts: 0, 2, huge */
		put16(buf + 4 + 2 * below(4), (uint16_t)(below(3) == 0 ? rnd() : below(3)));
		break;
	case 7: { /* compression pointers in the question: loops and chains */
		size_t q = 12;
		buf[q++] = 0xc0;
		buf[q++] = below(2) ? 12 : (uint8_t)below(40);
		if (below(2)) {
			buf[q++] = 0xc0;
			buf[q++] = 14;
		}
		memset(buf + q, 0, 4);
		buf[q + 1] = 1;
		buf[q + 3] = 1;
		len = q + 4;
		break;
	}
	case 8: { /* an OPT with a random version, length and options */
		if (len + 11 + 16 > cap)
			break;
		put16(buf + 10, (uint16_t)(1 + below(2)));
		uint8_t *p = buf + len;
		p[0] = below(4) == 0 ? 1 : 0;
		put16(p + 1, ZT_OPT);
		put16(p + 3, (uint16_t)rnd());
		p[5] = (uint8_t)below(2);
		p[6] = below(3) == 0 ? (uint8_t)rnd() : 0;
		put16(p + 7, (uint16_t)rnd());
		uint16_t rdlen = (uint16_t)below(17);
		put16(p + 9, below(4) == 0 ? (uint16_t)rnd() : rdlen);
		for (unsigned i = 0; i < rdlen; i++)
			p[11 + i] = (uint8_t)(below(3) ? below(8) : rnd());
		len += 11 + rdlen;
		break;
	}
	case 9: /* oversized */
		if (cap > 4000) {
			size_t target = 4000 + below((uint32_t)(cap - 4000));
			while (len < target)
				buf[len++] = (uint8_t)rnd();
		}
		break;
	case 10: /* random type and class */
		if (len >= 16) {
			put16(buf + len - 4, (uint16_t)rnd());
			put16(buf + len - 2, (uint16_t)rnd());
		}
		break;
	case 11: /* a broken label length */
		if (len > 13)
			buf[12 + below((uint32_t)(len - 12))] = (uint8_t)(0x3f + below(0xc1));
		break;
	case 12: { /* a TSIG-like record */
		if (len + 80 > cap)
			break;
		put16(buf + 10, 1);
		uint8_t *p = buf + len;
		size_t n = 0;
		p[n++] = 3;
		memcpy(p + n, "key", 3);
		n += 3;
		p[n++] = 0;
		put16(p + n, 250);
		put16(p + n + 2, below(4) ? 255 : (uint16_t)rnd());
		memset(p + n + 4, 0, 4);
		if (below(4) == 0)
			p[n + 7] = 1;
		size_t rd = n + 10;
		uint16_t rdlen = (uint16_t)(26 + below(30));
		put16(p + n + 8, below(4) ? rdlen : (uint16_t)rnd());
		for (unsigned i = 0; i < rdlen; i++)
			p[rd + i] = (uint8_t)(below(2) ? 0 : rnd());
		len += rd + rdlen;
		break;
	}
	case 13: /* empty, or just a header */
		len = below(2) ? 0 : 12;
		break;
	case 14: /* an IXFR with authority records, some broken */
		if (len >= 16 && len + 40 < cap) {
			put16(buf + len - 4, ZT_IXFR);
			put16(buf + 8, (uint16_t)(1 + below(3)));
			for (unsigned i = 0; i < 40; i++)
				buf[len + i] = (uint8_t)(below(2) ? 0 : rnd());
			len += 40;
		}
		break;
	default: /* unchanged: a well-formed query now and then */
		break;
	}
	return len;
}

static bool answer_parses(const uint8_t *buf, size_t len)
{
	ldns_pkt *p = NULL;
	if (len < 12 || !(buf[2] & 0x80) || ldns_wire2pkt(&p, buf, len) != LDNS_STATUS_OK)
		return false;
	ldns_pkt_free(p);
	return true;
}

static int udp_socket(unsigned port)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int size = 1 << 20;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		perror("udp socket");
		exit(1);
	}
	return fd;
}

static int tcp_connect(unsigned port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void drain_udp(int fd, int wait_ms)
{
	static uint8_t buf[65536];
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, wait_ms) <= 0)
			return;
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return;
		udp_answers++;
		if (!answer_parses(buf, (size_t)n))
			fail("UDP: an answer of %zd octets does not parse", n);
	}
}

/* Reads framed answers until the server closes or wait_ms pass quietly. */
static void read_tcp_answers(int fd, int wait_ms)
{
	static uint8_t buf[2 + 65535 + 65536];
	size_t have = 0;
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		if (poll(&p, 1, wait_ms) <= 0)
			return;
		ssize_t n = recv(fd, buf + have, sizeof(buf) - have, 0);
		if (n <= 0)
			return;
		have += (size_t)n;
		while (have >= 2) {
			size_t flen = (size_t)buf[0] << 8 | buf[1];
			if (have < 2 + flen)
				break;
			tcp_answers++;
			if (!answer_parses(buf + 2, flen))
				fail("TCP: an answer of %zu octets does not parse", flen);
			memmove(buf, buf + 2 + flen, have - 2 - flen);
			have -= 2 + flen;
		}
	}
}

static void send_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n <= 0)
			return; /* the server may close on garbage: that is fine */
		p += n;
		len -= (size_t)n;
	}
}

/* The names of the zones: owners, a name below each, names outside. */
static void corpus_add(struct corpus *c, const uint8_t *name)
{
	c->names = realloc(c->names, (c->count + 1) * sizeof(*c->names));
	memcpy(c->names[c->count++], name, zone_name_len(name));
}

static void build_corpus(const struct zone_set *set, struct corpus *c)
{
	for (size_t z = 0; z < set->count; z++) {
		const struct zone *zone = set->zones[z];
		struct zone_walk walk;
		zone_walk_start(&walk);
		for (uint32_t node; (node = zone_walk_next(zone, &walk)) != ZONE_NONE;) {
			uint8_t name[ZONE_NAME_MAX], below_name[ZONE_NAME_MAX];
			size_t len = zone_node_name(zone, node, name);
			corpus_add(c, name);
			if (len + 4 <= ZONE_NAME_MAX) {
				memcpy(below_name, "\003zzz", 4);
				memcpy(below_name + 4, name, len);
				corpus_add(c, below_name);
			}
		}
	}
	uint8_t out[ZONE_NAME_MAX];
	zone_name_from_text("nowhere.invalid.", NULL, out, NULL);
	corpus_add(c, out);
}

/* A known question: the server must answer as the in-process path does,
 * and with zone_lookup's rcode and answer count. */
static void check_question(const struct dns_target *t, bool tcp, const struct zone_set *set,
			   struct server_answerer *a, const struct server_acl *acl,
			   const uint8_t *name, uint16_t qtype, unsigned edns)
{
	uint8_t query[512], got[65535], want[65535];
	uint16_t id = (uint16_t)rnd();
	size_t qlen = dns_build_query(query, sizeof(query), id, name, qtype, ZC_IN, edns);
	size_t glen = sizeof(got);
	char err[256];
	char text[ZONE_TEXT_NAME_MAX];
	zone_name_to_text(name, text, sizeof(text));
	checked++;
	if (dns_exchange(t, tcp, query, qlen, got, &glen, 2000, err, sizeof(err)) != 0) {
		fail("%s %s type %u: no answer: %s", tcp ? "TCP" : "UDP", text, qtype, err);
		return;
	}
	struct sockaddr_in sa = {0};
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct server_client client = {(struct sockaddr *)&sa, tcp};
	size_t wlen = server_answer(a, set, acl, &client, query, qlen, want, sizeof(want));
	if (wlen != glen || memcmp(want, got, glen) != 0)
		fail("%s %s type %u: the server's answer (%zu octets) is not the in-process one (%zu)",
		     tcp ? "TCP" : "UDP", text, qtype, glen, wlen);
	struct zone_result r;
	zone_result_init(&r);
	zone_lookup(set, name, qtype, &r);
	unsigned rcode = got[3] & 0x0f;
	unsigned ancount = (unsigned)got[6] << 8 | got[7];
	bool tc = (got[2] & 0x02) != 0;
	if ((int)rcode != r.rcode || (!tc && ancount != r.answer.count))
		fail("%s %s type %u: rcode %u with %u answers, zone_lookup says %d with %zu",
		     tcp ? "TCP" : "UDP", text, qtype, rcode, ancount, r.rcode, r.answer.count);
	zone_result_free(&r);
}

static void check_known(unsigned port, const struct zone_set *set, const struct corpus *c)
{
	struct server_answerer *a = server_answerer_new();
	struct server_acl *acl;
	const char *allow[] = {"127.0.0.1/32"};
	server_acl_new(allow, 1, &acl, NULL);
	struct dns_target t;
	snprintf(t.host, sizeof(t.host), "127.0.0.1");
	t.port = port;
	static const uint16_t types[] = {ZT_A, ZT_AAAA, ZT_MX, ZT_TXT, ZT_NS, ZT_SOA, ZT_SRV, ZT_ANY};
	for (unsigned i = 0; i < 40; i++) {
		const uint8_t *name = c->names[(i * 7919u) % c->count];
		uint16_t type = types[i % (sizeof(types) / sizeof(types[0]))];
		check_question(&t, false, set, a, acl, name, type, i % 2 ? 1232 : 0);
		check_question(&t, true, set, a, acl, name, type, i % 3 ? 1232 : 0);
	}
	server_acl_free(acl);
	server_answerer_free(a);
}

static unsigned free_port(void)
{
	for (int attempt = 0; attempt < 50; attempt++) {
		int u = socket(AF_INET, SOCK_DGRAM, 0);
		struct sockaddr_in sa = {0};
		sa.sin_family = AF_INET;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		socklen_t len = sizeof(sa);
		if (bind(u, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
		    getsockname(u, (struct sockaddr *)&sa, &len) != 0) {
			close(u);
			continue;
		}
		int t = socket(AF_INET, SOCK_STREAM, 0);
		bool ok = bind(t, (struct sockaddr *)&sa, sizeof(sa)) == 0;
		close(t);
		close(u);
		if (ok)
			return ntohs(sa.sin_port);
	}
	return 0;
}

static bool server_alive(void)
{
	return server_pid > 0 && waitpid(server_pid, NULL, WNOHANG) == 0;
}

static void start_server(const char *zonelint, unsigned port, char **files, int nfiles,
			 const char *log)
{
	char listen[64], tcpmax[16];
	snprintf(listen, sizeof(listen), "127.0.0.1:%u", port);
	snprintf(tcpmax, sizeof(tcpmax), "%d", TCP_MAX);
	char *argv[32];
	int n = 0;
	argv[n++] = (char *)zonelint;
	argv[n++] = "serve";
	argv[n++] = "--listen";
	argv[n++] = listen;
	argv[n++] = "--allow-axfr";
	argv[n++] = "127.0.0.1/32";
	argv[n++] = "--tcp-max";
	argv[n++] = tcpmax;
	argv[n++] = "--tcp-timeout";
	argv[n++] = "2";
	for (int i = 0; i < nfiles && n < 31; i++)
		argv[n++] = files[i];
	argv[n] = NULL;
	server_pid = fork();
	if (server_pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd >= 0) {
			dup2(fd, 2);
			close(fd);
		}
		execv(zonelint, argv);
		_exit(127);
	}
	/* bounded wait for "listening on" in the log */
	for (int i = 0; i < 200; i++) {
		char text[4096] = "";
		FILE *f = fopen(log, "r");
		if (f != NULL) {
			size_t got = fread(text, 1, sizeof(text) - 1, f);
			text[got] = '\0';
			fclose(f);
		}
		if (strstr(text, "listening on") != NULL)
			return;
		if (!server_alive()) {
			printf("zonelint serve did not start:\n%s\n", text);
			exit(1);
		}
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	printf("zonelint serve did not start in 10 s\n");
	exit(1);
}

int main(void)
{
	const char *zonelint = getenv("ZONELINT");
	const char *srcdir = getenv("top_srcdir");
	if (zonelint == NULL || srcdir == NULL) {
		fprintf(stderr, "test_serve_fuzz: set ZONELINT and top_srcdir (make check does)\n");
		return 1;
	}
	const char *seed = getenv("FUZZ_SEED");
	rng_state = seed ? strtoull(seed, NULL, 10) : 1;
	if (rng_state == 0)
		rng_state = 1;
	printf("seed %llu\n", (unsigned long long)rng_state);
	atexit(stop_server);
	signal(SIGPIPE, SIG_IGN);

	static const char *const names[] = {"tests/zones/truncation.zone", "zones/example.net.zone",
					    "tests/zones/chains.zone", "tests/zones/dname.zone",
					    "tests/zones/delegation.zone"};
	char *files[8];
	int nfiles = 0;
	struct zone_set set;
	zone_set_init(&set);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[2048];
		snprintf(path, sizeof(path), "%s/%s", srcdir, names[i]);
		struct zone *z;
		struct zl_error err;
		if (zone_load_file(path, NULL, &z, &err) != ZL_OK || zone_set_add(&set, z, &err) != ZL_OK) {
			printf("cannot load %s: %s\n", path, err.message);
			return 1;
		}
		files[nfiles++] = strdup(path);
	}
	struct corpus corpus = {NULL, 0};
	build_corpus(&set, &corpus);

	unsigned port = free_port();
	char log[] = "/tmp/zonelint-fuzz-XXXXXX";
	int lfd = mkstemp(log);
	if (lfd < 0 || port == 0) {
		printf("no log file or no free port\n");
		return 1;
	}
	close(lfd);
	start_server(zonelint, port, files, nfiles, log);
	time_t start = time(NULL);

	/* UDP: random and mutated messages, answers read as they come */
	static uint8_t buf[65507];
	int u = udp_socket(port);
	for (unsigned i = 0; i < UDP_ROUNDS; i++) {
		size_t len = mutate(&corpus, buf, sizeof(buf));
		send(u, buf, len, 0);
		if (i % 32 == 31)
			drain_udp(u, 0);
	}
	drain_udp(u, 500);
	close(u);
	printf("UDP: %u messages sent, %u answers, all parsed\n", UDP_ROUNDS, udp_answers);
	if (!server_alive())
		fail("the server died during the UDP part");

	/* TCP: mutated frames, empty, partial and garbage frames, pipelining */
	for (unsigned i = 0; i < TCP_CONNECTIONS && server_alive(); i++) {
		int fd = tcp_connect(port);
		if (fd < 0) {
			fail("TCP: connection %u refused", i);
			continue;
		}
		static uint8_t frame[2 + 65535];
		for (unsigned k = 1 + below(8); k > 0; k--) {
			size_t len = mutate(&corpus, frame + 2, 65535);
			switch (below(10)) {
			case 0: /* an empty frame */
				send_all(fd, (const uint8_t *)"\0\0", 2);
				break;
			case 1: /* a length that promises more than comes */
				put16(frame, (uint16_t)(len + 1 + below(100)));
				send_all(fd, frame, 2 + len);
				k = 1;
				break;
			case 2: /* bytes without framing */
				send_all(fd, frame + 2, len);
				break;
			case 3: /* the frame in small pieces */
				put16(frame, (uint16_t)len);
				for (size_t off = 0; off < 2 + len;) {
					size_t piece = 1 + below(7);
					if (piece > 2 + len - off)
						piece = 2 + len - off;
					send_all(fd, frame + off, piece);
					off += piece;
				}
				break;
			default:
				put16(frame, (uint16_t)len);
				send_all(fd, frame, 2 + len);
				break;
			}
		}
		if (below(4) == 0)
			shutdown(fd, SHUT_WR);
		read_tcp_answers(fd, below(4) == 0 ? 200 : 20);
		close(fd);
	}
	printf("TCP: %u connections, %u answers, all parsed\n", TCP_CONNECTIONS, tcp_answers);

	/* pipelining: 200 queries in one write, 200 answers in order */
	{
		int fd = tcp_connect(port);
		static uint8_t burst[200 * 300];
		size_t blen = 0;
		for (unsigned i = 0; i < 200; i++) {
			size_t len = valid_query(&corpus, burst + blen + 2, 298, (uint16_t)i);
			put16(burst + blen, (uint16_t)len);
			blen += 2 + len;
		}
		unsigned before = tcp_answers;
		send_all(fd, burst, blen);
		read_tcp_answers(fd, 2000);
		if (tcp_answers - before != 200)
			fail("pipelining: %u answers to 200 queries", tcp_answers - before);
		close(fd);
	}

	/* idle connections beyond the cap: the newest still gets answers */
	int idle[3 * TCP_MAX];
	for (int i = 0; i < 3 * TCP_MAX; i++) {
		idle[i] = tcp_connect(port);
		if (idle[i] >= 0 && i % 2)
			send_all(idle[i], (const uint8_t *)"\0\x40\x12", 3); /* a partial frame */
	}
	{
		struct dns_target t = {"127.0.0.1", port};
		uint8_t q[512], r[65535];
		size_t qlen = valid_query(&corpus, q, sizeof(q), 7), rlen = sizeof(r);
		char err[256];
		if (dns_exchange(&t, true, q, qlen, r, &rlen, 2000, err, sizeof(err)) != 0)
			fail("a connection beyond the cap of idle ones got no answer: %s", err);
	}
	/* a client that asks for a transfer and never reads */
	int slow = tcp_connect(port);
	{
		uint8_t q[512];
		uint8_t name[ZONE_NAME_MAX];
		zone_name_from_text("big.example.", NULL, name, NULL);
		size_t qlen = dns_build_query(q + 2, sizeof(q) - 2, 9, name, ZT_AXFR, ZC_IN, 0);
		put16(q, (uint16_t)qlen);
		for (int i = 0; i < 20; i++)
			send_all(slow, q, qlen + 2);
	}
	check_known(port, &set, &corpus);
	for (int i = 0; i < 3 * TCP_MAX; i++)
		if (idle[i] >= 0)
			close(idle[i]);
	close(slow);
	printf("%u known questions checked against the in-process answer and zone_lookup\n", checked);

	if (!server_alive()) {
		fail("the server died");
	} else {
		kill(server_pid, SIGTERM);
		int status = -1;
		for (int i = 0; i < 100; i++) {
			if (waitpid(server_pid, &status, WNOHANG) == server_pid) {
				server_pid = -1;
				break;
			}
			struct timespec ts = {0, 50 * 1000 * 1000};
			nanosleep(&ts, NULL);
		}
		if (server_pid != -1)
			fail("the server did not stop on SIGTERM");
		else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail("the server stopped with status %d", status);
	}
	if (failures > 0) {
		printf("server log (%s):\n", log);
		FILE *f = fopen(log, "r");
		char line[1024];
		for (int n = 0; f != NULL && fgets(line, sizeof(line), f) != NULL && n < 30; n++)
			fputs(line, stdout);
		if (f != NULL)
			fclose(f);
	}
	unlink(log);
	printf("%ld s\n", (long)(time(NULL) - start));
	/* the known questions, and the UDP, TCP, pipelining, cap and SIGTERM checks */
	unsigned total = checked + 5;
	printf("test_serve_fuzz: %u passed, %u failed\n", total > failures ? total - failures : 0,
	       failures);
	for (int i = 0; i < nfiles; i++)
		free(files[i]);
	free(corpus.names);
	zone_set_free(&set);
	return failures ? 1 : 0;
}
