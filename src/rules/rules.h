/* SPDX-License-Identifier: BSD-3-Clause */
/* rules: the rule table and the findings the rules produce. A rule asks the
 * lookup and the certificate view and emits findings with their remedies;
 * it never prints. The mail-discovery simulation that the rules and
 * `explain` share lives here too (discovery.c).
 * This header is the module's whole public face. */
#ifndef ZONELINT_RULES_H
#define ZONELINT_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cert/cert.h"
#include "config/config.h"
#include "util/util.h"
#include "zone/zone.h"

struct lint;
struct mail_domain;
struct discovery;

/* One row of the rule table. */
struct rule {
	const char *id;               /* "autodiscover-wildcard" */
	enum zl_severity severity;    /* default */
	const char *summary;          /* one line, for SARIF shortDescription and --help */
	const char *help;             /* why it matters and how to fix it (SARIF help, man page) */
	const char *references;       /* "RFC 4592 3.3.1; MS-OXDISCO 3.1.5.2" */
	/* one of the two: a check over the whole zone, or one over a mail
	 * domain (all of a domain's checks run together, so that what they
	 * look up is looked up once: its Autodiscover simulation, its names) */
	void (*check)(struct lint *l);
	void (*check_domain)(struct lint *l, struct mail_domain *d);
};

/* The table, in a fixed order. */
const struct rule *rules_all(size_t *count);
const struct rule *rules_find(const char *id);
/* The rule id nearest to id, at most three edits away, or NULL: for "did
 * you mean". */
const char *rules_nearest(const char *id);

/* ---- findings ---- */
enum remedy_action {
	REMEDY_ADD,     /* add record (presentation form, absolute names) */
	REMEDY_DELETE,  /* remove the record at file:line (span more lines) */
	REMEDY_REPLACE, /* replace the record at file:line by record */
};

struct remedy {
	const char *record;   /* the record's text when the remedy was made with it; NULL: made
			       * from the fields below (remedy_record) */
	const uint8_t *owner; /* ADD/REPLACE: owner (wire form), type, ttl and data of the record;
			       * NULL for a DELETE remedy, whose record is rr of the zone */
	const char *rdata;
	const char *file;     /* DELETE/REPLACE: where the record is */
	uint32_t line;
	uint32_t ttl;
	uint32_t rr;          /* DELETE/REPLACE: the record's index in the zone */
	uint16_t type;
	uint16_t span;        /* extra lines of a multi-line record */
	enum remedy_action action;
};

/* A finding is at column 1 of its line. Its text and remedies are kept
 * by the list that holds it (struct findings), not by the finding. */
struct finding {
	const struct rule *rule;
	const struct zone *zone;  /* the zone linted */
	const char *file;      /* the file of the record the finding is about */
	const char *owner;     /* presentation form, absolute */
	const char *domain;    /* the mail domain the finding is about (no final dot), or NULL */
	const char *message;
	struct remedy *fix;
	uint32_t line;         /* its first line (1 when the finding is about the zone) */
	uint32_t rr;           /* the record, or ZONE_NONE */
	uint32_t fix_count;
	enum zl_severity severity;
};

struct findings_block;

/* A list of findings. Their strings and remedies live in blocks that the
 * list owns (a large zone has many findings: few large allocations, not
 * several small ones a finding) and that die with it. */
struct findings {
	struct finding *v;
	size_t count, cap;
	size_t files;   /* zone files read */
	size_t records; /* records read */
	struct findings_block *text, *remedies; /* owned; the first is the one filled */
};
void findings_init(struct findings *f);
void findings_free(struct findings *f);
/* Counts by severity. */
size_t findings_count(const struct findings *f, enum zl_severity sev);
/* A copy of s (NULL: NULL) kept by fs until findings_free. */
const char *findings_text(struct findings *fs, const char *s);
/* A new remedy at the end of f->fix, zeroed but for action and rr
 * (ZONE_NONE), kept by fs: f's remedies move when f->fix is not the last
 * remedies fs made. */
struct remedy *findings_remedy(struct findings *fs, struct finding *f, enum remedy_action action);
/* Moves the findings of from to the end of to, and what from keeps with
 * them; from is left empty. */
void findings_move(struct findings *to, struct findings *from);
/* The record a remedy adds, deletes or writes, in presentation form
 * ("owner TTL IN TYPE RDATA", absolute names): r->record, else made from
 * its owner, TTL, type and data, else (a DELETE remedy) from record r->rr
 * of z. The caller frees it. */
char *remedy_record(const struct zone *z, const struct remedy *r);

/* ---- certificates as a lint run sees them ---- */
struct cert_view;
/* From the configuration (certificates: names/pem/hosts); host names are
 * resolved through set. With probe, certificates are read live from the
 * addresses instead (port probe_port, default 443). */
int cert_view_new(const struct config *cfg, const struct zone_set *set, bool probe,
		  unsigned probe_port, struct cert_view **out, struct zl_error *err);
void cert_view_free(struct cert_view *v);
/* The certificate a client connecting to address for host sees, or NULL
 * (unknown). The view owns it. */
const struct cert *cert_view_get(struct cert_view *v, const char *address, const char *host);
/* The certificate a client asking for sni sees on host, a name listed
 * under a certificate's hosts: in the configuration (so known to present
 * it whether or not the zones give it an address), or NULL: not listed, or
 * certificates are probed live. The view owns it. */
const struct cert *cert_view_on_host(struct cert_view *v, const char *host, const char *sni);

/* ---- running the rules ---- */
/* The version of a zone in a git revision (lint --previous REV), for
 * serial-not-increased. */
struct lint_previous {
	const char *revision; /* as given, for messages: "HEAD" */
	uint32_t serial;      /* its SOA serial */
	uint64_t digest;      /* lint_records_digest of it */
};
struct lint_options {
	const struct config *config;  /* severities, mail domains, autodiscover host */
	struct cert_view *certs;      /* may be NULL: every certificate unknown */
	const struct lint_previous *previous; /* NULL: none (serial-not-increased is off) */
};
/* A digest of the records a server would load from z: owners, types,
 * classes, TTLs and data (names in them without case, RFC 4034 6.2), the
 * SOA serial left out; the same whatever the order of the records, their
 * files and comments, and duplicates. Two versions that differ in it
 * serve different records. */
uint64_t lint_records_digest(const struct zone *z);
/* Is name a mail domain of z as lint sees it: listed under mail: domains:
 * when the configuration has that list, else a name served by z with MX
 * records other than a null MX? */
bool lint_is_mail_domain(const struct zone *z, const struct config *cfg, const uint8_t *name);
/* Runs every enabled rule over zone z (looking names up in set, which
 * holds z and may hold other zones), applies severities and inline
 * suppressions, and appends the findings sorted by file and line. */
int lint_zone(const struct zone *z, const struct zone_set *set, const struct lint_options *opt,
	      struct findings *out, struct zl_error *err);
/* The same with up to threads threads (the caller's included) checking
 * the mail domains, when the certificate view allows (not with --probe):
 * the findings are the same, in the same order, whatever the number. */
int lint_zone_threads(const struct zone *z, const struct zone_set *set,
		      const struct lint_options *opt, unsigned threads, struct findings *out,
		      struct zl_error *err);
/* The same for explain: domain (in z) is checked as a mail domain too,
 * whatever its MX records and mail: domains: say, and its simulation is
 * run in sim (initialised with discovery_init) and left there, so that the
 * rules and explain read one simulation. */
int lint_zone_explain(const struct zone *z, const struct zone_set *set,
		      const struct lint_options *opt, const uint8_t *domain, struct discovery *sim,
		      struct findings *out, struct zl_error *err);

/* ---- the mail-client simulation (shared by the rules and explain) ---- */
enum discovery_outcome {
	OUTCOME_WORKS,        /* a TLS session with a certificate that covers the name */
	OUTCOME_CERT_WARNING, /* the certificate does not cover the name: the user is prompted */
	OUTCOME_SKIPPED,      /* fails cleanly (no address, NXDOMAIN, NODATA): the client moves on */
	OUTCOME_UNKNOWN,      /* an address, but no certificate known for it */
	OUTCOME_NOT_TRIED,    /* an earlier step decided */
};

struct discovery_addr {
	char address[256];       /* an address, or the host name for by_name */
	const struct cert *cert; /* NULL: unknown */
	bool covers;
	bool by_name;            /* no address known: a certificate host (hosts:) named in the chain */
};

struct discovery_step {
	int number;                 /* 1..4 */
	const char *what;           /* "https://example.net/autodiscover/autodiscover.xml" */
	char url[2 * ZONE_TEXT_NAME_MAX + 80];
	char host[ZONE_TEXT_NAME_MAX];      /* the name TLS checks */
	char chain[4096];           /* "autodiscover.example.net → CNAME mail.example.net → 192.0.2.25" */
	bool via_wildcard;          /* the first name was synthesised from a wildcard */
	bool delegated;             /* the name is below a zone cut: not ours to judge */
	bool known_good;            /* Exchange Online's autodiscover.outlook.com */
	uint32_t wildcard_rr;       /* the wildcard's first record (for messages), or ZONE_NONE */
	uint32_t first_rr;          /* the record the name resolved through first, or ZONE_NONE */
	const struct zone *zone;    /* zone of first_rr / wildcard_rr */
	struct discovery_addr addrs[8];
	size_t addr_count;
	enum discovery_outcome outcome;
	char note[2 * ZONE_TEXT_NAME_MAX + 600]; /* what happens, in a sentence */
};

struct discovery_srv {
	uint16_t priority, weight, port;
	char target[ZONE_TEXT_NAME_MAX];
	uint32_t rr;                /* the SRV record (ZONE_NONE when synthesised) */
	struct discovery_step reach; /* resolving the target and its certificate */
};

struct discovery {
	char domain[ZONE_TEXT_NAME_MAX];
	struct discovery_step step[4]; /* root https, autodiscover https, http redirect, SRV */
	bool srv_exists;               /* _autodiscover._tcp has SRV records */
	bool srv_via_wildcard;         /* records for the SRV question were synthesised from a wildcard */
	uint32_t srv_wildcard_rr;
	struct discovery_srv srv[8];
	size_t srv_count;
	int decided_by;                /* step that decides (1..4), 0 when none works */
	struct zone_result *scratch[2]; /* lookups (owned; reused from run to run) */
};

/* A simulation ready to run (for many domains in turn); discovery_free
 * releases what it owns, not d itself. */
void discovery_init(struct discovery *d);
void discovery_free(struct discovery *d);
/* Simulates what Outlook does for a user @domain (MS-OXDISCO 3.1.5; the
 * Outlook 2016 order): https://domain/, https://autodiscover.domain/, the
 * HTTP redirect, the SRV record. */
void discovery_run(const struct zone_set *set, struct cert_view *certs, const uint8_t *domain,
		   struct discovery *d);

#endif
