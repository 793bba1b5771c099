/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/registry.c: the one rule table. Ids are a contract (configuration,
 * inline suppressions, JSON, SARIF): change them only on purpose. */
#include <string.h>

#include "rules/internal.h"

static const struct rule table[] = {
	/* ---- Exchange Autodiscover (MS-OXDISCO 3.1.5) ---- */
	{"autodiscover-wildcard", ZL_SEV_ERROR,
	 "autodiscover.DOMAIN is answered by a wildcard",
	 "Outlook asks https://autodiscover.DOMAIN/ before the SRV record. When no record exists "
	 "for autodiscover.DOMAIN, a wildcard answers with the address of another host, whose "
	 "certificate does not name autodiscover.DOMAIN: a certificate warning at every start. "
	 "Deleting the autodiscover record does not help while the wildcard answers. Make the name "
	 "exist without an address (for example a TXT record), so that the wildcard stops "
	 "answering, and publish an _autodiscover._tcp SRV record.",
	 "RFC 4592 2.2, 3.3.1; MS-OXDISCO 3.1.5.2", NULL, rule_autodiscover_wildcard},
	{"autodiscover-cert-mismatch", ZL_SEV_ERROR,
	 "the host that autodiscover.DOMAIN (or DOMAIN) reaches presents a certificate that does not cover that name",
	 "TLS checks the name the client asked for; a CNAME does not change it. When "
	 "autodiscover.DOMAIN leads, directly, through a CNAME chain or through a wildcard, to a "
	 "host whose certificate does not list autodiscover.DOMAIN, Outlook shows a certificate "
	 "warning at every start. The same holds for DOMAIN itself, which Outlook tries first "
	 "(reported one severity lower). Add the name to the certificate, or replace the record "
	 "by a node without an address and an _autodiscover._tcp SRV record.",
	 "RFC 9525 6.3; RFC 2818 3.1; MS-OXDISCO 3.1.5.2", NULL, rule_autodiscover_cert_mismatch},
	{"autodiscover-srv-missing", ZL_SEV_WARNING,
	 "the mail domain has no _autodiscover._tcp SRV record and no autodiscover host with a covering certificate",
	 "Without a working https://autodiscover.DOMAIN/, Outlook finds the Exchange server through "
	 "_autodiscover._tcp.DOMAIN SRV (after a one-time prompt). Publish it, pointing at the "
	 "host whose certificate names itself.",
	 "MS-OXDISCO 3.1.5.3; RFC 2782", NULL, rule_autodiscover_srv_missing},
	{"autodiscover-srv-wildcard", ZL_SEV_ERROR,
	 "the _autodiscover._tcp name is answered by a wildcard",
	 "A wildcard synthesises records for _autodiscover._tcp.DOMAIN when no name exists at or "
	 "below _tcp.DOMAIN: a wildcard CNAME turns the SRV question into an alias of an unrelated "
	 "host. Publish the SRV record (its name then exists and the wildcard stops answering).",
	 "RFC 4592 3.3.1, 4.3", NULL, rule_autodiscover_srv_wildcard},
	{"autodiscover-srv-target", ZL_SEV_ERROR,
	 "the autodiscover SRV target is an alias, has no address, is '.', uses a port other than 443, or presents a certificate that does not cover it",
	 "Outlook and exchangelib build https://TARGET/autodiscover/autodiscover.xml from the SRV "
	 "record: the port must be 443 (exchangelib skips other ports), the target must be a host "
	 "name with an address (RFC 2782: not an alias) and its certificate must name the target. "
	 "A target with only an AAAA record is missed by clients that look up A only (reported one "
	 "severity lower).",
	 "RFC 2782; MS-OXDISCO 3.1.5.3", NULL, rule_autodiscover_srv_target},
	{"autodiscover-srv-ambiguous", ZL_SEV_WARNING,
	 "several _autodiscover._tcp SRV records with different priorities or weights",
	 "RFC 2782 clients take the lowest priority, exchangelib takes the highest and ignores the "
	 "weight, Outlook's choice is undocumented. Publish one record, or records that are equally "
	 "good.",
	 "RFC 2782", NULL, rule_autodiscover_srv_ambiguous},

	/* ---- RFC 6186 / RFC 8314 mail service records ---- */
	{"mail-srv-target-alias", ZL_SEV_ERROR,
	 "the target of a mail SRV record (_submission(s), _imap(s), _pop3(s)) is an alias",
	 "RFC 2782: the target of an SRV record must not be an alias. Point it at the canonical host "
	 "name.",
	 "RFC 2782; RFC 6186 3", NULL, rule_mail_srv_target_alias},
	{"mail-srv-target-no-address", ZL_SEV_ERROR,
	 "the target of a mail SRV record has no address",
	 "The target of an SRV record must have A or AAAA records. A target in the zone without "
	 "them makes the service unreachable.",
	 "RFC 2782; RFC 6186 3", NULL, rule_mail_srv_target_no_address},
	{"mail-srv-wildcard", ZL_SEV_ERROR,
	 "a mail service name (_submission._tcp, _imaps._tcp, ...) is answered by a wildcard",
	 "With no name at or below _tcp.DOMAIN, a wildcard CNAME or SRV answers for every service "
	 "name: mail clients are sent to an unrelated host. Publish the service records, or "
	 "'0 0 0 .' for services you do not offer.",
	 "RFC 4592 3.3.1; RFC 6186 3", NULL, rule_mail_srv_wildcard},
	{"mail-srv-cert-mismatch", ZL_SEV_ERROR,
	 "the target of a mail SRV record presents a certificate that does not cover it",
	 "Mail clients check the certificate of an SRV target against the target name (strict "
	 "RFC 6125 clients also accept the mail domain). A certificate that names neither fails.",
	 "RFC 6186 5; RFC 6125 6.2.1; RFC 7817 3", NULL, rule_mail_srv_cert_mismatch},
	{"mail-srv-port", ZL_SEV_WARNING,
	 "the port of a mail SRV record does not fit its service",
	 "_submissions is implicit TLS on 465, _submission STARTTLS on 587, _imaps 993, _imap 143, "
	 "_pop3s 995, _pop3 110. Another port is legal, but a TLS/STARTTLS mix-up breaks clients.",
	 "RFC 6186 3; RFC 8314 5.1, 7", NULL, rule_mail_srv_port},
	{"mail-srv-absent-mixed", ZL_SEV_ERROR,
	 "a '.' target (service not offered) shares its name with other SRV records",
	 "RFC 2782: target '.' means the service is decidedly not available; it must be the only "
	 "SRV record at that name.",
	 "RFC 2782", NULL, rule_mail_srv_absent_mixed},

	/* ---- other mail-client discovery names ---- */
	{"autoconfig-wildcard", ZL_SEV_WARNING,
	 "autoconfig.DOMAIN is answered by a wildcard CNAME",
	 "Thunderbird fetches https://autoconfig.DOMAIN/mail/config-v1.1.xml (and the http:// URL); "
	 "a wildcard CNAME hands the name to another platform, which may serve somebody else's "
	 "configuration. (A wildcard address record is harmless here: the TLS name check fails "
	 "silently and a web page is no configuration.) Give autoconfig.DOMAIN its own record, or "
	 "a node without an address.",
	 "RFC 4592 3.3.1; Thunderbird autoconfig", NULL, rule_autoconfig_wildcard},
	{"mta-sts-txt", ZL_SEV_ERROR,
	 "_mta-sts.DOMAIN TXT is not exactly one valid v=STSv1 record",
	 "Senders ignore the MTA-STS policy unless exactly one TXT record starts with v=STSv1; and "
	 "carries an id of 1 to 32 letters and digits.",
	 "RFC 8461 3.1", NULL, rule_mta_sts_txt},
	{"mta-sts-host", ZL_SEV_ERROR,
	 "mta-sts.DOMAIN has no address of its own, or its certificate does not cover it",
	 "The policy is fetched from https://mta-sts.DOMAIN/.well-known/mta-sts.txt; the host must "
	 "exist (not only through a wildcard) and present a certificate for mta-sts.DOMAIN.",
	 "RFC 8461 3.3", NULL, rule_mta_sts_host},
	{"tls-rpt-txt", ZL_SEV_ERROR,
	 "_smtp._tls.DOMAIN TXT is not exactly one valid v=TLSRPTv1 record",
	 "TLS reporting needs exactly one TXT record starting with v=TLSRPTv1; and an rua= list of "
	 "mailto: or https: addresses.",
	 "RFC 8460 3", NULL, rule_tls_rpt_txt},
	{"dav-srv-target", ZL_SEV_ERROR,
	 "the target of a CalDAV/CardDAV SRV record is an alias or has no address",
	 "RFC 6764 service records follow RFC 2782: the target is a host name with an address.",
	 "RFC 6764 3; RFC 2782", rule_dav_srv_target, NULL},
	{"dav-srv-path", ZL_SEV_WARNING,
	 "the TXT record beside a CalDAV/CardDAV SRV record does not hold one path=/... value",
	 "Clients read the context path from the TXT record at the service name: exactly one "
	 "path= key whose value starts with '/'.",
	 "RFC 6764 4", rule_dav_srv_path, NULL},

	/* ---- zone integrity (what named-checkzone checks) ---- */
	{"soa-missing", ZL_SEV_ERROR, "the zone has no SOA record at its apex",
	 "Every zone starts with one SOA record at its origin; without it no server loads the zone.",
	 "RFC 1035 5.2; RFC 1034 4.3.4", rule_soa_missing, NULL},
	{"soa-not-at-apex", ZL_SEV_ERROR, "an SOA record below the zone's apex",
	 "A zone has one SOA record, at its origin. An SOA at another name of the zone (often a "
	 "child zone's SOA pasted into the parent) makes named-checkzone refuse the whole zone. "
	 "Delete it; a child zone needs its own file and a delegation (NS records) here.",
	 "RFC 1035 5.2; RFC 1034 4.2.1", rule_soa_not_at_apex, NULL},
	{"ns-missing", ZL_SEV_ERROR, "the zone has no NS records at its apex",
	 "The apex needs NS records naming the zone's servers.", "RFC 1034 4.2.1", rule_ns_missing, NULL},
	{"singleton-type", ZL_SEV_ERROR, "more than one SOA, CNAME or DNAME record at one name",
	 "SOA, CNAME and DNAME are singletons: one record per name.",
	 "RFC 1035 5.2; RFC 2181 10.1; RFC 6672 2.4", rule_singleton_type, NULL},
	{"cname-and-other-data", ZL_SEV_ERROR, "a name with a CNAME record has other records",
	 "An alias holds no other data (DNSSEC records aside); servers answer one or the other. A "
	 "CNAME at the apex conflicts with SOA and NS.",
	 "RFC 1034 3.6.2; RFC 2181 10.1", rule_cname_and_other_data, NULL},
	{"mx-target-cname", ZL_SEV_ERROR, "an MX record points at an alias",
	 "RFC 2181 10.3: the name in an MX record must not be an alias. Point it at the host name.",
	 "RFC 2181 10.3; RFC 5321 5.1", rule_mx_target_cname, NULL},
	{"ns-target-cname", ZL_SEV_ERROR, "an NS record points at an alias",
	 "RFC 2181 10.3: the name in an NS record must not be an alias.", "RFC 2181 10.3",
	 rule_ns_target_cname, NULL},
	{"srv-target-cname", ZL_SEV_ERROR, "an SRV record points at an alias",
	 "RFC 2782: the SRV target must not be an alias.", "RFC 2782", rule_srv_target_cname, NULL},
	{"mx-target-no-address", ZL_SEV_ERROR, "an MX target in the zone has no address",
	 "Mail for the domain goes to the MX host; a host in the zone without A or AAAA cannot "
	 "receive it.",
	 "RFC 5321 5.1", rule_mx_target_no_address, NULL},
	{"srv-target-no-address", ZL_SEV_ERROR, "an SRV target in the zone has no address",
	 "RFC 2782: there must be one or more address records for the target.", "RFC 2782",
	 rule_srv_target_no_address, NULL},
	{"ns-missing-glue", ZL_SEV_ERROR, "a name server in the zone has no address (glue)",
	 "A name server named inside the zone, or inside a delegation of it, needs A or AAAA "
	 "records here (glue for a delegation): otherwise resolvers cannot reach it.",
	 "RFC 1034 4.2.1; RFC 9471", rule_ns_missing_glue, NULL},
	{"mx-target-is-address", ZL_SEV_WARNING, "an MX target looks like an IP address",
	 "MX holds a host name; a name made of digits and dots is almost always an address typed "
	 "where a name belongs.",
	 "RFC 1035 3.3.9", rule_mx_target_is_address, NULL},
	{"ns-target-is-address", ZL_SEV_WARNING, "an NS target looks like an IP address",
	 "NS holds the host name of a name server, never its address: 192.0.2.1 written there "
	 "becomes the name 192.0.2.1.ORIGIN (or 192.0.2.1.), which has no address. Write the "
	 "server's name and give it A or AAAA records (glue inside the zone).",
	 "RFC 1035 3.3.11; RFC 1034 4.2.1", rule_ns_target_is_address, NULL},
	{"bad-hostname", ZL_SEV_ERROR, "a host name is not letters, digits and hyphens",
	 "Owners of A and AAAA records and the names in MX, NS and SRV records are host names "
	 "(RFC 952, RFC 1123 2.1): labels of letters, digits and inner hyphens. named-checkzone "
	 "rejects the zone otherwise (check-names).",
	 "RFC 952; RFC 1123 2.1", rule_bad_hostname, NULL},
	{"null-mx-mixed", ZL_SEV_ERROR, "a null MX (MX 0 .) is not the only MX record of its name",
	 "RFC 7505 3: a domain that accepts no mail publishes exactly one MX record, '0 .'.",
	 "RFC 7505 3", rule_null_mx_mixed, NULL},
	{"duplicate-record", ZL_SEV_WARNING, "the same record appears more than once",
	 "Identical records are one record to a server; the copy is noise, often a merge mistake. "
	 "Names in the data (MX, SRV, NS, SOA...) compare without case, as BIND and NSD load them.",
	 "RFC 2181 5", rule_duplicate_record, NULL},
	{"spf-without-txt", ZL_SEV_WARNING,
	 "a name has an SPF-type record but no SPF policy in a TXT record",
	 "RFC 7208 3.1 publishes SPF policies as TXT records only; the SPF record type (99) is "
	 "obsolete and mail servers do not query it. Publish the same policy as TXT (and remove "
	 "the SPF-type record when nothing reads it).",
	 "RFC 7208 3.1, 14.1", rule_spf_without_txt, NULL},
	{"ttl-mismatch", ZL_SEV_WARNING, "the records of one RRset have different TTLs",
	 "RFC 2181 5.2: all records of an RRset share one TTL; servers and caches treat differing "
	 "TTLs differently.",
	 "RFC 2181 5.2", rule_ttl_mismatch, NULL},
	{"out-of-zone", ZL_SEV_WARNING, "a record is outside the zone and is ignored",
	 "A record whose owner is not at or below the origin belongs to another zone; servers "
	 "ignore it. Often a missing trailing dot or a wrong $ORIGIN.",
	 "RFC 1035 5.2", rule_out_of_zone, NULL},
	{"occluded-data", ZL_SEV_WARNING, "records below a delegation or a DNAME are never served",
	 "Below a zone cut only glue belongs in the parent; below a DNAME nothing is answered. "
	 "Move the data to the child zone or remove it.",
	 "RFC 1034 4.2.1; RFC 2181 6; RFC 6672 2.3", rule_occluded_data, NULL},
	{"wildcard-cname", ZL_SEV_WARNING, "a wildcard CNAME answers every missing name",
	 "A CNAME at *.NAME makes every name that does not exist an alias, service names and "
	 "autodiscover included, whose certificates then never match.",
	 "RFC 4592 4.3", rule_wildcard_cname, NULL},
	{"wildcard-special-type", ZL_SEV_WARNING, "a wildcard owns NS, DNAME or SOA records",
	 "RFC 4592 4: wildcard NS and DNAME records are undefined in practice, a wildcard SOA is "
	 "invalid.",
	 "RFC 4592 4.1, 4.2, 4.4", rule_wildcard_special_type, NULL},
	{"wildcard-not-leftmost", ZL_SEV_WARNING,
	 "a '*' that is not the whole left-most label: a literal, never a wildcard",
	 "RFC 4592 2.1.1: only a left-most label that is exactly '*' makes a wildcard. In "
	 "sub.*.example.net or a*.example.net the asterisk is an ordinary character: nothing is "
	 "synthesised from these names (and sub.*.example.net makes *.example.net exist).",
	 "RFC 4592 2.1.1", rule_wildcard_not_leftmost, NULL},
	{"target-doubled-origin", ZL_SEV_WARNING, "a name ends in the origin twice",
	 "mail.example.net.example.net. is the classic result of a missing trailing dot.",
	 "RFC 1035 5.1", rule_target_doubled_origin, NULL},

	/* ---- the zone file, its comments and its history ---- */
	/* made by cmd/ from the loader's errors, never by a check */
	{"syntax", ZL_SEV_ERROR, "the zone file cannot be read or parsed",
	 "BIND, NSD and Knot refuse a zone whole when a line of it (or of a file it includes) does "
	 "not parse. The message says where and why; the other zones of the run are still linted, "
	 "and the exit status is 2. Correct the line.",
	 "RFC 1035 5.1", NULL, NULL},
	/* made by the engine from the zone's "; zonelint:" comments */
	{"ignore-unknown-rule", ZL_SEV_ERROR,
	 "a '; zonelint: ignore' comment names a rule that does not exist",
	 "A mistyped rule id silences nothing: the finding it was meant for is still reported, "
	 "and the comment misleads the next reader. Write the id as zonelint lint --list-rules "
	 "lists it.",
	 "zonelint(1) CONFIGURATION", rule_ignore_unknown_rule, NULL},
	{"serial-not-increased", ZL_SEV_ERROR,
	 "the records changed since the previous version but the SOA serial did not increase",
	 "Secondaries transfer a zone only when its serial grows (RFC 1982 arithmetic): records "
	 "changed under the same serial stay stale on them. With --previous REV the zone and "
	 "every file it includes are compared with their versions in the git revision REV. "
	 "zonelint fix raises the serial (a date serial stays a date).",
	 "RFC 1034 4.3.5; RFC 1982 3.2; RFC 1996", rule_serial_not_increased, NULL},
};

const struct rule *rules_all(size_t *count)
{
	*count = sizeof(table) / sizeof(table[0]);
	return table;
}

const struct rule *rules_find(const char *id)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].id, id) == 0)
			return &table[i];
	return NULL;
}

const char *rules_nearest(const char *id)
{
	size_t best = 4; /* at most three edits away */
	const char *near = NULL;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		size_t d = zl_edit_distance(id, table[i].id);
		if (d < best) {
			best = d;
			near = table[i].id;
		}
	}
	return near;
}
