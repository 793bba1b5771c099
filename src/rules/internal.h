/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/internal.h: what the rule files share: the state of one lint run
 * over one zone, emitting findings with remedies, and the checks. */
#ifndef ZONELINT_RULES_INTERNAL_H
#define ZONELINT_RULES_INTERNAL_H

#include "rules/rules.h"

/* A mail domain of the zone. */
struct mail_domain {
	const char *text;     /* the name for messages, no final dot (kept by
			       * lint.names; name follows its NUL) */
	const uint8_t *name;  /* wire form */
	uint32_t node;        /* its node in the zone */
	uint32_t mx_rr;       /* its first MX record (where domain findings point), or ZONE_NONE */
	/* its child _tcp, which the mail rules ask for many times, found once
	 * (ZONE_NONE: none) */
	bool tcp_known;
	uint32_t tcp;
	/* mailsrv.c's mail service names under _tcp (five rules read them),
	 * found once */
	bool services_known;
	uint32_t services[6];
};

/* The last few names discovery_reach resolved for the rules, with what it
 * found: a domain's rules reach its hosts many times. */
#define LINT_REACH_MEMO 4
#define LINT_KEPT 4
struct lint_reach_memo {
	uint8_t name[ZONE_NAME_MAX]; /* as asked: the step's text keeps its case */
	size_t len;                  /* 0: unused */
	struct discovery_step *step; /* owned */
};

struct lint_sink;

struct lint {
	const struct zone *z;
	const struct zone_set *set;
	const struct lint_options *opt;
	struct cert_view *certs;
	struct lint_sink *sink;   /* where the run's findings go (engine.c) */
	uint32_t item;            /* the part of the run's work being done */
	struct finding pending;   /* the last finding made, until lint_flush */
	bool has_pending;
	struct findings *store;   /* keeps the text and remedies of the findings l makes */
	const struct rule *rule;  /* the rule running */
	enum zl_severity severity; /* its effective severity */
	struct zone_result *res;  /* scratch results for lookups */
	struct zone_result *res2;
	struct mail_domain *domains;
	size_t domain_count, domain_cap;
	struct findings *names;   /* keeps the domains' text (a zone has a domain per customer) */
	const struct mail_domain *domain; /* the domain a rule is looking at, for findings */
	uint8_t *domain_nodes; /* bit per node of z: the node of a mail domain */
	/* the Autodiscover simulation of the domain being checked, run when a
	 * rule first asks (lint_discovery) */
	struct discovery *disc;     /* the lint run's own (NULL until needed) */
	struct discovery *explain;  /* explain's, for its domain (not owned) */
	size_t explained;           /* that domain's index, or SIZE_MAX */
	const struct discovery *disc_of; /* the simulation run for l->domain, or NULL */
	struct lint_reach_memo reach[LINT_REACH_MEMO];
	unsigned reach_next;        /* the entry to replace next */
	/* a byte a record of z: what lint_rr_alias and lint_rr_has_address
	 * found for its target (NULL until asked) */
	uint8_t *facts;
	uint8_t *traits; /* integrity.c's node traits, made once (NULL until asked) */
	/* autodiscover.c: where a remedy points domain srv_target_of's SRV
	 * record, or why nowhere (asked by up to three rules a domain) */
	const struct mail_domain *srv_target_of;
	bool srv_target_found;
	uint8_t srv_target[ZONE_NAME_MAX];
	char srv_target_why[2 * ZONE_TEXT_NAME_MAX + 1700];
	/* findings.c: the text of the last domain and the last few owners
	 * and data of added records, kept in store (a domain's findings
	 * repeat them) */
	const struct mail_domain *kept_domain;
	const char *kept_domain_text;
	const uint8_t *kept_name[LINT_KEPT];
	const char *kept_rdata[LINT_KEPT];
	unsigned kept_name_next, kept_rdata_next;
	/* the last answers of lint_has_address and lint_alias_end */
	bool addr_memo_valid, addr_memo_known, addr_memo_a, addr_memo_aaaa;
	uint8_t addr_memo_name[ZONE_NAME_MAX];
	bool alias_memo_valid, alias_memo_alias;
	uint8_t alias_memo_name[ZONE_NAME_MAX];
	uint8_t alias_memo_end[ZONE_NAME_MAX];
	/* a node of z near the name plain_node is asked for (the owner of the
	 * record whose target it is), or ZONE_NONE */
	uint32_t near_node;
	/* the last name answered from its node (engine.c plain_node) */
	bool plain_memo_valid;
	uint8_t plain_memo_name[ZONE_NAME_MAX];
	const struct zone *plain_memo_zone;
	uint32_t plain_memo_node;
};

/* cert_view_get for an address that an A or AAAA record's data holds
 * (address is its text): the same answer, without reading the text back. */
const struct cert *cert_view_get_record(struct cert_view *v, uint16_t type, const uint8_t *rdata,
					uint16_t rdlen, const char *address, const char *host);
/* May the view be used by several threads at once? (Not when it probes:
 * it keeps what it probed.) */
bool cert_view_shared(const struct cert_view *v);

/* A finding about record rr (ZONE_NONE: about the zone, at its SOA or line 1)
 * at the running rule's severity, or one lower when secondary (its text in
 * l->store). Returns the finding so that remedies can be attached, until
 * the next one is made: then, or at lint_flush, it joins the run's list. */
struct finding *lint_emit(struct lint *l, uint32_t rr, bool secondary, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Puts l's pending finding in the run's list, which the threads of a run
 * share. */
void lint_flush(struct lint *l);
/* n bytes kept by fs until findings_free (text that is not a C string). */
void *findings_bytes(struct findings *fs, size_t n);
/* Remedies of finding f (kept in l->store): add a record; delete record rr
 * of the zone; replace record rr by the same owner, TTL and type with new
 * data. */
void finding_fix_add(struct lint *l, struct finding *f, const uint8_t *owner, uint32_t ttl,
		     uint16_t type, const char *rdata);
void finding_fix_delete(struct lint *l, struct finding *f, uint32_t rr);
void finding_fix_replace(struct lint *l, struct finding *f, uint32_t rr, const char *rdata);

/* Resolves name for a TLS client (A and AAAA, chains, wildcards) and
 * judges the certificates of the addresses it reaches against name. */
void discovery_reach(const struct zone_set *set, struct cert_view *certs, const uint8_t *name,
		     struct discovery_step *st, struct zone_result *r);
/* discovery_reach for a rule, remembered for the next few names: the
 * step belongs to l and lasts until LINT_REACH_MEMO other names are
 * reached. */
const struct discovery_step *lint_reach(struct lint *l, const uint8_t *name);
/* The Autodiscover simulation of mail domain d (the domain being checked),
 * run on the first call for d. */
const struct discovery *lint_discovery(struct lint *l, struct mail_domain *d);
/* The address in an A or AAAA record's data as inet_ntop writes it (out
 * holds 46 bytes); false for other data. */
bool lint_address_text(uint16_t type, const uint8_t *rdata, uint16_t rdlen, char *out);
/* prefix.domain (one label prepended) in out. */
void discovery_name(const char *prefix, const uint8_t *domain, uint8_t *out);
/* "certificate covers mail.example.net only" / "... covers a, b" */
void lint_cert_text(const struct cert *c, char *out, size_t size);

/* When target resolves through a CNAME (or a wildcard CNAME), true with
 * the name the chain ends at in out. */
bool lint_alias_end(struct lint *l, const uint8_t *target, uint8_t *out);

/* lint_alias_end and lint_has_address for the target of record rr of the
 * zone (an MX, NS, SRV... record with a target other than the root),
 * remembered for the record: several rules ask about every target. */
bool lint_rr_alias(struct lint *l, uint32_t rr, uint8_t *end);
bool lint_rr_has_address(struct lint *l, uint32_t rr, bool *has_a, bool *has_aaaa);

/* The node label1.label2.DOMAIN (label2 may be NULL: label1.DOMAIN) when
 * the zone serves it, found from the domain's own node; else ZONE_NONE. */
uint32_t lint_domain_child(const struct lint *l, struct mail_domain *d, const char *label2,
			   const char *label1);
/* The TTL for records a remedy adds for domain d: that of its MX record,
 * else the SOA's, else 3600. */
uint32_t lint_default_ttl(const struct lint *l, const struct mail_domain *d);

/* The character-strings of a TXT record joined (RFC 7208 3.3 style). */
void lint_txt_join(const uint8_t *rdata, uint16_t rdlen, char *out, size_t size);

/* A record of the zone in presentation form with single spaces between its
 * fields, for messages; the caller frees it. */
char *lint_rr_text(const struct zone *z, const struct zone_rr *rr);

/* Text made of the strings up to NULL, cut at size - 1 bytes as snprintf
 * cuts (for sentences written for every mail domain: a format is read a
 * byte at a time): buf = the strings; buf += the strings (nothing once buf
 * is full). */
void lint_put(char *buf, size_t size, ...) __attribute__((sentinel));
void lint_add(char *buf, size_t size, ...) __attribute__((sentinel));

/* Name helpers for messages. */
void lint_name(const uint8_t *name, char *out, size_t size); /* without the final dot */
/* zone_name_to_text, quicker for names without escapes */
void lint_name_text(const uint8_t *name, char *out, size_t size);
/* The first node of a lookup result's path (exact or wildcard), with zone. */
bool lint_lookup(struct lint *l, const uint8_t *name, uint16_t type, struct zone_result *r);
/* Does name have an A or AAAA record (following CNAMEs inside the zones)?
 * *has_a / *has_aaaa say which; returns false for names in no loaded zone
 * (unknown). */
bool lint_has_address(struct lint *l, const uint8_t *name, bool *has_a, bool *has_aaaa);

/* the checks, one per rule, named after the rule id: over one mail domain
 * (l->domain is d), or over the whole zone */
void rule_autodiscover_wildcard(struct lint *l, struct mail_domain *d);
void rule_autodiscover_cert_mismatch(struct lint *l, struct mail_domain *d);
void rule_autodiscover_srv_missing(struct lint *l, struct mail_domain *d);
void rule_autodiscover_srv_wildcard(struct lint *l, struct mail_domain *d);
void rule_autodiscover_srv_target(struct lint *l, struct mail_domain *d);
void rule_autodiscover_srv_ambiguous(struct lint *l, struct mail_domain *d);
void rule_mail_srv_target_alias(struct lint *l, struct mail_domain *d);
void rule_mail_srv_target_no_address(struct lint *l, struct mail_domain *d);
void rule_mail_srv_wildcard(struct lint *l, struct mail_domain *d);
void rule_mail_srv_cert_mismatch(struct lint *l, struct mail_domain *d);
void rule_mail_srv_port(struct lint *l, struct mail_domain *d);
void rule_mail_srv_absent_mixed(struct lint *l, struct mail_domain *d);
void rule_autoconfig_wildcard(struct lint *l, struct mail_domain *d);
void rule_mta_sts_txt(struct lint *l, struct mail_domain *d);
void rule_mta_sts_host(struct lint *l, struct mail_domain *d);
void rule_tls_rpt_txt(struct lint *l, struct mail_domain *d);
void rule_dav_srv_target(struct lint *l);
void rule_dav_srv_path(struct lint *l);
void rule_soa_missing(struct lint *l);
void rule_soa_not_at_apex(struct lint *l);
void rule_ns_missing(struct lint *l);
void rule_singleton_type(struct lint *l);
void rule_cname_and_other_data(struct lint *l);
void rule_mx_target_cname(struct lint *l);
void rule_ns_target_cname(struct lint *l);
void rule_srv_target_cname(struct lint *l);
void rule_mx_target_no_address(struct lint *l);
void rule_srv_target_no_address(struct lint *l);
void rule_ns_missing_glue(struct lint *l);
void rule_mx_target_is_address(struct lint *l);
void rule_ns_target_is_address(struct lint *l);
void rule_bad_hostname(struct lint *l);
void rule_null_mx_mixed(struct lint *l);
void rule_duplicate_record(struct lint *l);
void rule_spf_without_txt(struct lint *l);
void rule_ttl_mismatch(struct lint *l);
void rule_out_of_zone(struct lint *l);
void rule_occluded_data(struct lint *l);
void rule_wildcard_cname(struct lint *l);
void rule_wildcard_special_type(struct lint *l);
void rule_wildcard_not_leftmost(struct lint *l);
void rule_target_doubled_origin(struct lint *l);
/* serial.c */
void rule_serial_not_increased(struct lint *l);
/* engine.c, beside the comments' reading */
void rule_ignore_unknown_rule(struct lint *l);

#endif
