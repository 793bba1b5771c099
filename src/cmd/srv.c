/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd/srv.c: "zonelint srv": print the SRV records a mail domain needs for
 * client discovery (RFC 2782, RFC 6186, RFC 8314, Autodiscover), one a
 * line, ready to paste into a zone or to $INCLUDE. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "fix/fix.h"

static const char usage[] =
	"Usage: zonelint srv DOMAIN --target HOST [OPTION]...\n"
	"Print SRV records for mail-client discovery of DOMAIN, one a line, absolute\n"
	"names, tab separated: ready to paste into a zone file or to $INCLUDE.\n"
	"\n"
	"  --target HOST        host offering the services (required); a name of one\n"
	"                       label (mail) is taken below DOMAIN (mail.DOMAIN)\n"
	"  --services LIST      comma list of services offered (default: autodiscover):\n"
	"                         autodiscover  443  (Outlook/Exchange Autodiscover)\n"
	"                         submissions   465  (RFC 8314)\n"
	"                         submission    587  (RFC 6186)\n"
	"                         imaps         993  (RFC 8314)\n"
	"                         imap          143  (RFC 6186)\n"
	"                         pop3s         995  (RFC 8314)\n"
	"                         pop3          110  (RFC 6186)\n"
	"  --absent LIST        comma list of services declared not offered:\n"
	"                       written as SRV 0 0 0 . (RFC 2782)\n"
	"  --port N             port instead of the service's own (one service only;\n"
	"                       0-65535)\n"
	"  --ttl TTL            TTL of the records: seconds, or with units as in zone\n"
	"                       files (1h, 30m, 1d, 1w, 1h30m); default 3600, at most\n"
	"                       2147483647 seconds\n"
	"  --priority N         SRV priority (default 0; 0-65535)\n"
	"  --weight N           SRV weight (default 0; 0-65535)\n"
	"  -h, --help           this help\n"
	"\n"
	"Example:\n"
	"  zonelint srv example.net --target mail.example.net\n"
	"  _autodiscover._tcp.example.net.\t3600\tIN\tSRV\t0 0 443 mail.example.net.\n"
	"\n"
	"Exit status: 0 records printed, 2 usage error.\n";

/* Decimal digits only, at most max. */
static bool parse_number(const char *text, unsigned long max, unsigned long *out)
{
	if (text[0] < '0' || text[0] > '9')
		return false;
	for (const char *p = text; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	unsigned long v = strtoul(text, NULL, 10);
	if (errno != 0 || v > max)
		return false;
	*out = v;
	return true;
}

/* A TTL as zone files write it (BIND): seconds, or numbers each followed
 * by a unit, s m h d w, in any case ("1h30m"); at most 2^31 - 1 seconds
 * (RFC 2181 8). */
static bool parse_ttl(const char *text, unsigned long *out)
{
	unsigned long long total = 0, n = 0;
	bool digits = false, units = false;
	if (*text == '\0')
		return false;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			n = n * 10 + (unsigned long long)(*p - '0');
			digits = true;
			if (n > 2147483647ull)
				return false;
			continue;
		}
		static const char unit_names[] = "smhdw";
		static const unsigned long long unit_secs[] = {1, 60, 3600, 86400, 604800};
		const char *u = *p != '\0' ? strchr(unit_names, *p | 0x20) : NULL;
		if (u == NULL || !digits)
			return false;
		total += n * unit_secs[u - unit_names];
		n = 0;
		digits = false;
		units = true;
		if (total > 2147483647ull)
			return false;
	}
	if (digits && units)
		return false; /* "1h30": a number without its unit */
	total += n;
	if (total > 2147483647ull)
		return false;
	*out = (unsigned long)total;
	return true;
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "zonelint: srv: ..." and the pointer to --help; exit status 2. */
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("zonelint: srv: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return cmd_usage_error("srv");
}

int cmd_srv(int argc, char **argv)
{
	static const struct option options[] = {
		{"target", required_argument, NULL, 't'},
		{"port", required_argument, NULL, 'p'},
		{"ttl", required_argument, NULL, 'T'},
		{"priority", required_argument, NULL, 'P'},
		{"weight", required_argument, NULL, 'w'},
		{"services", required_argument, NULL, 's'},
		{"absent", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct fix_srv_options o = {0};
	o.port = -1;
	o.ttl = 3600;
	unsigned long v;
	optind = 1;
	opterr = 0; /* our messages, in our format */
	int opt;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 't': o.target = optarg; break;
		case 's': o.services = optarg; break;
		case 'a': o.absent = optarg; break;
		case 'p':
			if (!parse_number(optarg, 65535, &v))
				return usage_error("bad port '%s': it must be 0-65535", optarg);
			o.port = (int)v;
			break;
		case 'T':
			if (!parse_ttl(optarg, &v))
				return usage_error("bad TTL '%s': seconds (0-2147483647, RFC 2181 8), or "
						   "with units: 1h, 30m, 1d, 1w, 1h30m",
						   optarg);
			o.ttl = (uint32_t)v;
			break;
		case 'P':
			if (!parse_number(optarg, 65535, &v))
				return usage_error("bad priority '%s': it must be 0-65535", optarg);
			o.priority = (unsigned)v;
			break;
		case 'w':
			if (!parse_number(optarg, 65535, &v))
				return usage_error("bad weight '%s': it must be 0-65535", optarg);
			o.weight = (unsigned)v;
			break;
		case 'h': fputs(usage, stdout); return EXIT_CLEAN;
		case ':': return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default: return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("%s", "no domain given");
	if (argc - optind > 1)
		return usage_error("one domain at a time; '%s' is one too many", argv[optind + 1]);
	o.domain = argv[optind];
	if (o.target == NULL)
		return usage_error("%s", "--target HOST is required");
	/* "mail": one label and no final dot would be the top-level name mail.;
	 * meant is the host of the domain, as a zone file would read it */
	char below[2 * ZONE_TEXT_NAME_MAX];
	size_t dl = strlen(o.domain);
	if (o.target[0] != '\0' && strchr(o.target, '.') == NULL && dl > 0) {
		snprintf(below, sizeof(below), "%s.%s%s", o.target, o.domain,
			 o.domain[dl - 1] == '.' ? "" : ".");
		fprintf(stderr,
			"zonelint: srv: note: --target %s is taken as %s (below %s); write %s. for "
			"the top-level name\n",
			o.target, below, o.domain, o.target);
		o.target = below;
	}

	struct zl_buf out;
	zl_buf_init(&out);
	struct zl_error err;
	zl_error_clear(&err);
	int rc = fix_srv_records(&o, &out, &err);
	if (rc != ZL_OK) {
		zl_buf_free(&out);
		if (rc == ZL_EUSAGE)
			return usage_error("%s", err.message);
		cmd_error("srv: %s", err.message);
		return EXIT_ERROR;
	}
	fwrite(out.data, 1, out.len, stdout);
	zl_buf_free(&out);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_error("srv: cannot write the records: %s", strerror(errno));
		return EXIT_ERROR;
	}
	return EXIT_CLEAN;
}
