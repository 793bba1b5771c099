/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/mailsrv.c: the mail service records of RFC 6186 and RFC 8314
 * (_submission(s), _imap(s), _pop3(s) under _tcp.DOMAIN): targets that are
 * aliases or have no address (RFC 2782), service names answered by a
 * wildcard (RFC 4592), certificates (RFC 6186 5), ports, and '.' targets
 * beside other records. */
#include <stdio.h>
#include <string.h>

#include "rules/internal.h"

static const struct mail_service {
	const char *label; /* "_imaps" */
	unsigned port;
	const char *what;
} services[] = {
	{"_submissions", 465, "message submission over implicit TLS (RFC 8314)"},
	{"_submission", 587, "message submission with STARTTLS"},
	{"_imaps", 993, "IMAP over implicit TLS"},
	{"_imap", 143, "IMAP with STARTTLS"},
	{"_pop3s", 995, "POP3 over implicit TLS"},
	{"_pop3", 110, "POP3 with STARTTLS"},
};
#define SERVICES (sizeof(services) / sizeof(services[0]))

static void service_name(const struct mail_domain *d, const struct mail_service *s, uint8_t *out)
{
	uint8_t tcp[ZONE_NAME_MAX];
	discovery_name("_tcp", d->name, tcp);
	discovery_name(s->label, tcp, out);
}

typedef void (*srv_check)(struct lint *l, const struct mail_service *svc, uint32_t node,
			  uint32_t rr, const uint8_t *target, unsigned port);

/* Calls check for every SRV record of every mail service of domain d
 * (duplicates once). */
static void each_service_record(struct lint *l, struct mail_domain *d, srv_check check)
{
	const struct zone *z = l->z;
	_Static_assert(SERVICES <= sizeof(d->services) / sizeof(d->services[0]), "d->services");
	if (!d->services_known) {
		for (size_t k = 0; k < SERVICES; k++)
			d->services[k] = lint_domain_child(l, d, "_tcp", services[k].label);
		d->services_known = true;
	}
	for (size_t k = 0; k < SERVICES; k++) {
		uint32_t node = d->services[k];
		if (node == ZONE_NONE)
			continue;
		size_t cursor = 0;
		uint32_t idx;
		while ((idx = zone_node_next(z, node, ZT_SRV, &cursor)) != ZONE_NONE) {
			const struct zone_rr *rr = &z->rrs[idx];
			if ((rr->span & ZONE_RR_DUPLICATE) || rr->rdlen < 7)
				continue;
			const uint8_t *rd = zone_rr_rdata(z, rr);
			check(l, &services[k], node, idx, rd + 6, (unsigned)(rd[4] << 8 | rd[5]));
		}
	}
}

static void check_alias(struct lint *l, const struct mail_service *svc, uint32_t node, uint32_t idx,
			const uint8_t *target, unsigned port)
{
	(void)svc;
	(void)node;
	(void)port;
	uint8_t end[ZONE_NAME_MAX];
	if (target[0] == 0 || !lint_alias_end(l, target, end))
		return;
	const struct zone *z = l->z;
	char t[ZONE_TEXT_NAME_MAX], e[ZONE_TEXT_NAME_MAX], owner[ZONE_TEXT_NAME_MAX];
	lint_name(target, t, sizeof(t));
	lint_name_text(end, e, sizeof(e));
	zone_node_text(z, z->rrs[idx].node, owner, sizeof(owner));
	struct finding *f = lint_emit(l, idx, false,
				      "the SRV target %s of %s is an alias (RFC 2782 forbids it): point "
				      "it at %.*s",
				      t, owner, (int)(strlen(e) - 1), e);
	const uint8_t *rd = zone_rr_rdata(z, &z->rrs[idx]);
	char rdata[ZONE_TEXT_NAME_MAX + 32];
	snprintf(rdata, sizeof(rdata), "%u %u %u %s", (unsigned)(rd[0] << 8 | rd[1]),
		 (unsigned)(rd[2] << 8 | rd[3]), (unsigned)(rd[4] << 8 | rd[5]), e);
	finding_fix_replace(l, f, idx, rdata);
}

void rule_mail_srv_target_alias(struct lint *l, struct mail_domain *d)
{
	each_service_record(l, d, check_alias);
}

static void check_no_address(struct lint *l, const struct mail_service *svc, uint32_t node,
			     uint32_t idx, const uint8_t *target, unsigned port)
{
	(void)svc;
	(void)node;
	(void)port;
	uint8_t end[ZONE_NAME_MAX];
	bool a, aaaa;
	if (target[0] == 0 || lint_alias_end(l, target, end))
		return;
	if (!lint_has_address(l, target, &a, &aaaa) || a || aaaa)
		return;
	char t[ZONE_TEXT_NAME_MAX], owner[ZONE_TEXT_NAME_MAX];
	lint_name(target, t, sizeof(t));
	zone_node_text(l->z, l->z->rrs[idx].node, owner, sizeof(owner));
	lint_emit(l, idx, false, "the SRV target %s of %s has no address record", t, owner);
}

void rule_mail_srv_target_no_address(struct lint *l, struct mail_domain *d)
{
	each_service_record(l, d, check_no_address);
}

static void check_cert(struct lint *l, const struct mail_service *svc, uint32_t node, uint32_t idx,
		       const uint8_t *target, unsigned port)
{
	(void)node;
	(void)port;
	if (target[0] == 0)
		return;
	const struct discovery_step *st = lint_reach(l, target);
	if (st->outcome != OUTCOME_CERT_WARNING)
		return;
	for (size_t i = 0; i < st->addr_count; i++) {
		const struct discovery_addr *a = &st->addrs[i];
		if (a->cert == NULL || a->covers)
			continue;
		char ct[700];
		lint_cert_text(a->cert, ct, sizeof(ct));
		lint_emit(l, idx, false, "%s (%s): %s, %s, not %s", svc->label + 1, svc->what, st->chain,
			  ct, st->host);
		return;
	}
}

void rule_mail_srv_cert_mismatch(struct lint *l, struct mail_domain *d)
{
	each_service_record(l, d, check_cert);
}

static void check_port(struct lint *l, const struct mail_service *svc, uint32_t node, uint32_t idx,
		       const uint8_t *target, unsigned port)
{
	(void)node;
	if (target[0] == 0 || port == svc->port)
		return;
	/* the usual mix-up: the implicit-TLS port under the STARTTLS name or
	 * the other way round */
	const char *other = NULL;
	for (size_t k = 0; k < SERVICES; k++)
		if (services[k].port == port && &services[k] != svc)
			other = services[k].label;
	if (other != NULL)
		lint_emit(l, idx, false,
			  "%s uses port %u, the port of %s: %s is %s on port %u; clients speak the "
			  "wrong protocol",
			  svc->label, port, other, svc->label, svc->what, svc->port);
	else
		lint_emit(l, idx, true, "%s uses port %u: %s is %s, usually on port %u", svc->label,
			  port, svc->label, svc->what, svc->port);
}

void rule_mail_srv_port(struct lint *l, struct mail_domain *d)
{
	each_service_record(l, d, check_port);
}

static void check_absent_mixed(struct lint *l, const struct mail_service *svc, uint32_t node,
			       uint32_t idx, const uint8_t *target, unsigned port)
{
	(void)svc;
	(void)port;
	if (target[0] != 0)
		return;
	const struct zone *z = l->z;
	size_t cursor = 0, others = 0;
	uint32_t k;
	while ((k = zone_node_next(z, node, ZT_SRV, &cursor)) != ZONE_NONE)
		if (k != idx && !(z->rrs[k].span & ZONE_RR_DUPLICATE))
			others++;
	if (others == 0)
		return;
	char owner[ZONE_TEXT_NAME_MAX];
	zone_node_text(z, node, owner, sizeof(owner));
	struct finding *f = lint_emit(l, idx, false,
				      "%s has a '.' target (service not offered) and %zu other SRV "
				      "record%s: '.' must be the only one",
				      owner, others, others == 1 ? "" : "s");
	finding_fix_delete(l, f, idx);
}

void rule_mail_srv_absent_mixed(struct lint *l, struct mail_domain *d)
{
	each_service_record(l, d, check_absent_mixed);
}

static const uint8_t wildcard_label[2] = {1, '*'};

void rule_mail_srv_wildcard(struct lint *l, struct mail_domain *d)
{
	/* RFC 4592 3.3.1: a wildcard answers only at the closest encloser.
	 * When _tcp.DOMAIN exists in the zone without a *._tcp.DOMAIN, the
	 * closest encloser of a service name is _tcp.DOMAIN or the name itself
	 * (or a cut or DNAME intervenes): no wildcard of this zone answers,
	 * and the six lookups are not needed. */
	if (d->node != ZONE_NONE) {
		if (!d->tcp_known) {
			uint8_t tcp[5] = {4, '_', 't', 'c', 'p'};
			d->tcp = zone_lookup_child(l->z, d->node, tcp);
			d->tcp_known = true;
		}
		if (d->tcp != ZONE_NONE && zone_lookup_child(l->z, d->tcp, wildcard_label) == ZONE_NONE)
			return;
	}
	/* one finding a wildcard: list the service names it answers */
	char names[1024] = "";
	uint32_t wildcard = ZONE_NONE;
	const struct zone *wz = NULL;
	char what[ZONE_TEXT_NAME_MAX + 64] = "";
	for (size_t k = 0; k < SERVICES; k++) {
		uint8_t name[ZONE_NAME_MAX];
		service_name(d, &services[k], name);
		if (!lint_lookup(l, name, ZT_SRV, l->res) || l->res->answer.count == 0)
			continue;
		const struct zone_step *first = &l->res->steps[0];
		if (first->kind != ZONE_STEP_WILDCARD || first->zone != l->z)
			continue;
		if (wildcard == ZONE_NONE) {
			wz = first->zone;
			size_t cursor = 0;
			wildcard = zone_node_next(wz, first->node, ZT_CNAME, &cursor);
			if (wildcard == ZONE_NONE) {
				cursor = 0;
				wildcard = zone_node_next(wz, first->node, ZT_SRV, &cursor);
			}
			const struct zone_answer_rr *a = &l->res->answer.rrs[0];
			char t[ZONE_TEXT_NAME_MAX];
			lint_name(a->type == ZT_CNAME ? a->rdata
						       : (a->rdlen > 6 ? a->rdata + 6 : a->rdata),
				  t, sizeof(t));
			snprintf(what, sizeof(what), "%s %s", a->type == ZT_CNAME ? "an alias of" : "an SRV record for",
				 t);
		}
		size_t n = strlen(names);
		snprintf(names + n, sizeof(names) - n, "%s%s", n ? ", " : "", services[k].label);
	}
	if (wildcard == ZONE_NONE)
		return;
	char wn[ZONE_TEXT_NAME_MAX];
	uint8_t wire[ZONE_NAME_MAX];
	zone_node_name(wz, wz->rrs[wildcard].node, wire);
	lint_name(wire, wn, sizeof(wn));
	lint_emit(l, wildcard, false,
		  "the wildcard %s answers the mail service names %s of %s with %s: publish "
		  "the services, or '0 0 0 .' for those not offered",
		  wn, names, d->text, what);
}
