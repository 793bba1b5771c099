/* SPDX-License-Identifier: BSD-3-Clause */
/* tests/cert/probe_client.c: a small driver for tests/cli/test_probe.sh.
 *   probe_client probe ADDRESS PORT SNI TIMEOUT_MS  runs cert_probe, prints
 *       names=, from_cn=, source= (or error=) and elapsed_ms=
 *   probe_client silent-server SECONDS  listens on 127.0.0.1 at a free port,
 *       prints port=N, completes TCP handshakes (the kernel does) and never
 *       says a word, then exits after SECONDS
 *   probe_client closed-port  prints a port on 127.0.0.1 nobody listens on */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cert/cert.h"

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A socket bound to 127.0.0.1 at a port the kernel picks. */
static int bind_loopback(unsigned *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in sin = {.sin_family = AF_INET};
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(sin);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

static int probe(const char *address, const char *port, const char *sni, const char *timeout)
{
	struct cert *c = NULL;
	struct zl_error err;
	zl_error_clear(&err);
	long long start = now_ms();
	int rc = cert_probe(address, (unsigned)strtoul(port, NULL, 10), sni,
			    (unsigned)strtoul(timeout, NULL, 10), &c, &err);
	long long elapsed = now_ms() - start;
	if (rc == ZL_OK) {
		char names[1024];
		cert_names_text(c, names, sizeof(names));
		printf("names=%s\nfrom_cn=%d\nsource=%s\n", names, c->from_cn ? 1 : 0, c->source);
		cert_free(c);
	} else {
		char msg[2200];
		zl_error_format(&err, msg, sizeof(msg));
		printf("error=%s\ncode=%d\n", msg, rc);
	}
	printf("elapsed_ms=%lld\n", elapsed);
	return rc == ZL_OK ? 0 : 1;
}

static int silent_server(const char *seconds)
{
	unsigned port = 0;
	int fd = bind_loopback(&port);
	if (fd < 0 || listen(fd, 16) != 0) {
		perror("silent-server");
		return 2;
	}
	printf("port=%u\n", port);
	fflush(stdout);
	/* never accept(): connections complete in the backlog and stay mute */
	sleep((unsigned)strtoul(seconds, NULL, 10));
	close(fd);
	return 0;
}

static int closed_port(void)
{
	unsigned port = 0;
	int fd = bind_loopback(&port);
	if (fd < 0) {
		perror("closed-port");
		return 2;
	}
	close(fd);
	printf("%u\n", port);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "probe") == 0)
		return probe(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 3 && strcmp(argv[1], "silent-server") == 0)
		return silent_server(argv[2]);
	if (argc == 2 && strcmp(argv[1], "closed-port") == 0)
		return closed_port();
	fprintf(stderr, "usage: probe_client probe ADDRESS PORT SNI TIMEOUT_MS | "
			"silent-server SECONDS | closed-port\n");
	return 2;
}
