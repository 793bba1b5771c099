/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/engine.c: one lint run over one zone: find the mail domains, run
 * every enabled rule at its configured severity, drop what inline
 * "; zonelint: ignore RULE" comments silence, sort by file and line. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rules/internal.h"

/* The strings up to NULL, written at buf + n and cut at size - 1 bytes as
 * snprintf cuts. */
static void vjoin(char *buf, size_t size, size_t n, va_list ap)
{
	for (const char *s; (s = va_arg(ap, const char *)) != NULL;) {
		size_t len = strlen(s);
		if (len > size - 1 - n)
			len = size - 1 - n;
		memcpy(buf + n, s, len);
		n += len;
	}
	buf[n] = '\0';
}

void lint_put(char *buf, size_t size, ...)
{
	va_list ap;
	va_start(ap, size);
	vjoin(buf, size, 0, ap);
	va_end(ap);
}

void lint_add(char *buf, size_t size, ...)
{
	size_t n = strlen(buf);
	if (n + 1 >= size)
		return;
	va_list ap;
	va_start(ap, size);
	vjoin(buf, size, n, ap);
	va_end(ap);
}

/* Bytes zone_name_to_text writes as they are (RFC 1035 5.1: not the
 * special characters, nothing that needs \DDD). */
static bool plain_byte(uint8_t c)
{
	return c > 0x20 && c < 0x7f && c != '.' && c != '\\' && c != '"' && c != ';' && c != '(' &&
	       c != ')' && c != '@' && c != '$';
}

void lint_name_text(const uint8_t *name, char *out, size_t size)
{
	/* the usual name needs no escapes and fits: written here, a label
	 * at a time (zone_name_to_text looks at every byte twice) */
	size_t o = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1) {
		bool plain = o + *p + 2 <= size;
		for (unsigned i = 1; i <= *p && plain; i++)
			plain = plain_byte(p[i]);
		if (!plain) {
			zone_name_to_text(name, out, size);
			return;
		}
		memcpy(out + o, p + 1, *p);
		o += *p;
		out[o++] = '.';
	}
	if (o == 0) {
		if (size < 2) {
			zone_name_to_text(name, out, size);
			return;
		}
		out[o++] = '.';
	}
	out[o] = '\0';
}

void lint_name(const uint8_t *name, char *out, size_t size)
{
	lint_name_text(name, out, size);
	size_t n = strlen(out);
	if (n > 1 && out[n - 1] == '.')
		out[n - 1] = '\0';
}

char *lint_rr_text(const struct zone *z, const struct zone_rr *rr)
{
	char *text = zone_rr_to_text(z, rr, NULL);
	/* ldns separates the fields by tabs; a tab inside the data stays */
	char *p = text;
	for (int field = 0; field < 4 && (p = strchr(p, '\t')) != NULL; field++)
		*p++ = ' ';
	return text;
}

bool lint_lookup(struct lint *l, const uint8_t *name, uint16_t type, struct zone_result *r)
{
	zone_lookup(l->set, name, type, r);
	return r->step_count > 0 && r->steps[0].kind != ZONE_STEP_OUTSIDE;
}

/* The node a lookup of (name, A or AAAA) answers from directly, when it
 * is that simple: the name exists in its zone, served (not at or below a
 * cut, not below a DNAME, RFC 1034 4.3.2 step 3) and holds no CNAME, so no
 * chain, wildcard or referral can be involved. ZONE_NONE: ask the lookup.
 * Rules ask this for every MX, NS and SRV target: the answer is the same
 * as zone_lookup's, without building a response. */
static uint32_t plain_node(struct lint *l, const uint8_t *name, const struct zone **zone)
{
	/* the rules ask for a target's alias, then for its address */
	if (l->plain_memo_valid && zone_name_equal(l->plain_memo_name, name)) {
		*zone = l->plain_memo_zone;
		return l->plain_memo_node;
	}
	const struct zone *z = zone_set_find(l->set, name);
	uint32_t node = ZONE_NONE;
	if (z != NULL && z->apex != ZONE_NONE)
		node = z == l->z ? zone_lookup_node_near(z, name, l->near_node) : zone_lookup_node(z, name);
	if (node != ZONE_NONE) {
		uint16_t flags = z->nodes[node].flags;
		if (!(flags & ZN_IN_ZONE) || (flags & (ZN_OCCLUDED | ZN_CUT | ZN_HAS_CNAME)))
			node = ZONE_NONE;
	}
	memcpy(l->plain_memo_name, name, zone_name_len(name));
	l->plain_memo_valid = true;
	l->plain_memo_zone = z;
	l->plain_memo_node = node;
	*zone = z;
	return node;
}

bool lint_has_address(struct lint *l, const uint8_t *name, bool *has_a, bool *has_aaaa)
{
	/* many records name the same host (every MX of a large zone): remember the last */
	if (l->addr_memo_valid && zone_name_equal(l->addr_memo_name, name)) {
		*has_a = l->addr_memo_a;
		*has_aaaa = l->addr_memo_aaaa;
		return l->addr_memo_known;
	}
	*has_a = *has_aaaa = false;
	const uint16_t types[2] = {ZT_A, ZT_AAAA};
	bool known = false, inside = true;
	const struct zone *pz;
	uint32_t plain = plain_node(l, name, &pz);
	if (plain != ZONE_NONE) {
		/* answered from the node: its addresses, or NODATA */
		known = true;
		*has_a = (pz->nodes[plain].flags & ZN_HAS_A) != 0;
		*has_aaaa = (pz->nodes[plain].flags & ZN_HAS_AAAA) != 0;
	}
	for (int i = 0; i < 2 && inside && plain == ZONE_NONE; i++) {
		if (!lint_lookup(l, name, types[i], l->res2)) {
			inside = false;
			break;
		}
		const struct zone_step *last = zone_result_last(l->res2);
		if (last->kind != ZONE_STEP_OUTSIDE && last->kind != ZONE_STEP_REFERRAL)
			known = true;
		for (size_t k = 0; k < l->res2->answer.count; k++) {
			if (l->res2->answer.rrs[k].type == types[i]) {
				if (i == 0)
					*has_a = true;
				else
					*has_aaaa = true;
			}
		}
	}
	bool result = inside && (known || *has_a || *has_aaaa);
	memcpy(l->addr_memo_name, name, zone_name_len(name));
	l->addr_memo_valid = true;
	l->addr_memo_known = result;
	l->addr_memo_a = *has_a;
	l->addr_memo_aaaa = *has_aaaa;
	return result;
}

bool lint_alias_end(struct lint *l, const uint8_t *target, uint8_t *out)
{
	if (l->alias_memo_valid && zone_name_equal(l->alias_memo_name, target)) {
		if (l->alias_memo_alias)
			memcpy(out, l->alias_memo_end, zone_name_len(l->alias_memo_end));
		return l->alias_memo_alias;
	}
	bool alias = false;
	const uint8_t *end = NULL;
	const struct zone *pz;
	/* a served node without CNAME answers without an alias */
	if (plain_node(l, target, &pz) == ZONE_NONE && lint_lookup(l, target, ZT_A, l->res2)) {
		for (size_t i = 0; i < l->res2->answer.count; i++) {
			const struct zone_answer_rr *a = &l->res2->answer.rrs[i];
			if (a->type == ZT_CNAME) {
				alias = true;
				end = a->rdata;
			}
		}
	}
	alias = alias && end != NULL;
	memcpy(l->alias_memo_name, target, zone_name_len(target));
	l->alias_memo_valid = true;
	l->alias_memo_alias = alias;
	if (alias) {
		memcpy(l->alias_memo_end, end, zone_name_len(end));
		memcpy(out, end, zone_name_len(end));
	}
	return alias;
}

/* what a record's byte in lint.facts holds */
enum {
	FACT_ALIAS_KNOWN = 1,
	FACT_ALIAS = 2,
	FACT_ADDR_KNOWN = 4,
	FACT_ADDR = 8, /* lint_has_address's result */
	FACT_A = 16,
	FACT_AAAA = 32,
};

static uint8_t *fact(struct lint *l, uint32_t rr)
{
	if (l->facts == NULL)
		l->facts = zl_calloc(l->z->rr_count ? l->z->rr_count : 1, 1);
	return &l->facts[rr];
}

bool lint_rr_alias(struct lint *l, uint32_t rr, uint8_t *end)
{
	uint8_t *f = fact(l, rr);
	/* an alias is asked again for the end of its chain (and is rare) */
	if ((*f & FACT_ALIAS_KNOWN) && !(*f & FACT_ALIAS))
		return false;
	const uint8_t *target = zone_rr_target(l->z, &l->z->rrs[rr]);
	/* the lookups start near the record's owner */
	l->near_node = l->z->rrs[rr].node;
	bool alias = lint_alias_end(l, target, end);
	*f |= FACT_ALIAS_KNOWN | (alias ? FACT_ALIAS : 0);
	/* answered from the target's node (the usual case): its addresses are
	 * known too, as lint_has_address would find them */
	const struct zone *pz;
	uint32_t plain = alias ? ZONE_NONE : plain_node(l, target, &pz);
	if (plain != ZONE_NONE && !(*f & FACT_ADDR_KNOWN)) {
		uint16_t flags = pz->nodes[plain].flags;
		*f |= FACT_ADDR_KNOWN | FACT_ADDR | (flags & ZN_HAS_A ? FACT_A : 0) |
		      (flags & ZN_HAS_AAAA ? FACT_AAAA : 0);
	}
	l->near_node = ZONE_NONE;
	return alias;
}

bool lint_rr_has_address(struct lint *l, uint32_t rr, bool *has_a, bool *has_aaaa)
{
	uint8_t *f = fact(l, rr);
	if (!(*f & FACT_ADDR_KNOWN)) {
		bool a, aaaa;
		l->near_node = l->z->rrs[rr].node;
		bool known = lint_has_address(l, zone_rr_target(l->z, &l->z->rrs[rr]), &a, &aaaa);
		l->near_node = ZONE_NONE;
		*f |= FACT_ADDR_KNOWN | (known ? FACT_ADDR : 0) | (a ? FACT_A : 0) |
		      (aaaa ? FACT_AAAA : 0);
	}
	*has_a = (*f & FACT_A) != 0;
	*has_aaaa = (*f & FACT_AAAA) != 0;
	return (*f & FACT_ADDR) != 0;
}

void lint_txt_join(const uint8_t *rdata, uint16_t rdlen, char *out, size_t size)
{
	size_t o = 0;
	for (size_t i = 0; i < rdlen && o + 1 < size;) {
		size_t n = rdata[i++];
		for (size_t k = 0; k < n && i < rdlen && o + 1 < size; k++)
			out[o++] = (char)rdata[i++];
	}
	out[o] = '\0';
}

static uint32_t child_named(const struct zone *z, uint32_t node, const char *text)
{
	uint8_t label[64];
	size_t len = strlen(text);
	label[0] = (uint8_t)len;
	memcpy(label + 1, text, len);
	return zone_lookup_child(z, node, label);
}

uint32_t lint_domain_child(const struct lint *l, struct mail_domain *d, const char *label2,
			   const char *label1)
{
	const struct zone *z = l->z;
	uint32_t node = d->node;
	if (node != ZONE_NONE && label2 != NULL && strcmp(label2, "_tcp") == 0) {
		/* the mail services' parent, asked for by every service rule */
		if (!d->tcp_known) {
			d->tcp = child_named(z, node, "_tcp");
			d->tcp_known = true;
		}
		node = d->tcp;
	} else if (node != ZONE_NONE && label2 != NULL) {
		node = child_named(z, node, label2);
	}
	if (node != ZONE_NONE)
		node = child_named(z, node, label1);
	if (node == ZONE_NONE || !zone_node_served(z, node))
		return ZONE_NONE;
	return node;
}

const struct discovery_step *lint_reach(struct lint *l, const uint8_t *name)
{
	size_t len = zone_name_len(name);
	for (unsigned i = 0; i < LINT_REACH_MEMO; i++) {
		struct lint_reach_memo *m = &l->reach[i];
		if (m->len == len && memcmp(m->name, name, len) == 0)
			return m->step;
	}
	struct lint_reach_memo *m = &l->reach[l->reach_next];
	l->reach_next = (l->reach_next + 1) % LINT_REACH_MEMO;
	if (m->step == NULL)
		m->step = zl_malloc(sizeof(*m->step));
	discovery_reach(l->set, l->certs, name, m->step, l->res);
	memcpy(m->name, name, len);
	m->len = len;
	return m->step;
}

const struct discovery *lint_discovery(struct lint *l, struct mail_domain *d)
{
	if (l->disc_of != NULL)
		return l->disc_of;
	struct discovery *run = l->disc;
	if (l->explain != NULL && l->explained != SIZE_MAX && d == &l->domains[l->explained]) {
		run = l->explain;
	} else if (run == NULL) {
		run = l->disc = zl_malloc_populated(sizeof(*l->disc));
		discovery_init(run);
	}
	discovery_run(l->set, l->certs, d->name, run);
	l->disc_of = run;
	return run;
}

uint32_t lint_default_ttl(const struct lint *l, const struct mail_domain *d)
{
	if (d != NULL && d->mx_rr != ZONE_NONE)
		return l->z->rrs[d->mx_rr].ttl;
	if (l->z->soa != ZONE_NONE)
		return l->z->rrs[l->z->soa].ttl;
	return 3600;
}

/* true when every MX record of the node is the null MX "0 ." (RFC 7505) */
static bool only_null_mx(const struct zone *z, uint32_t node)
{
	size_t cursor = 0;
	uint32_t idx;
	while ((idx = zone_node_next(z, node, ZT_MX, &cursor)) != ZONE_NONE) {
		const struct zone_rr *rr = &z->rrs[idx];
		if (!(rr->rdlen == 3 && zone_rr_rdata(z, rr)[2] == 0))
			return false;
	}
	return true;
}

/* configured: whether the name may already be there (listed twice in the
 * configuration); names from the zone's own nodes are distinct */
static void add_domain(struct lint *l, const uint8_t *name, uint32_t node, bool configured)
{
	for (size_t i = 0; configured && i < l->domain_count; i++)
		if (zone_name_equal(l->domains[i].name, name))
			return;
	l->domains = zl_grow(l->domains, &l->domain_cap, l->domain_count + 1, sizeof(*l->domains));
	struct mail_domain *d = &l->domains[l->domain_count++];
	memset(d, 0, sizeof(*d));
	/* text and name together, the size they need */
	char text[ZONE_TEXT_NAME_MAX];
	lint_name(name, text, sizeof(text));
	size_t tlen = strlen(text) + 1, nlen = zone_name_len(name);
	char *kept = findings_bytes(l->names, tlen + nlen);
	memcpy(kept, text, tlen);
	memcpy(kept + tlen, name, nlen);
	d->text = kept;
	d->name = (const uint8_t *)kept + tlen;
	d->node = node;
	d->mx_rr = ZONE_NONE;
	if (node != ZONE_NONE)
		l->domain_nodes[node / 8] |= (uint8_t)(1u << (node % 8));
	if (node != ZONE_NONE) {
		size_t cursor = 0;
		d->mx_rr = zone_node_next(l->z, node, ZT_MX, &cursor);
	}
}

bool lint_is_mail_domain(const struct zone *z, const struct config *cfg, const uint8_t *name)
{
	if (cfg != NULL && cfg->has_mail_domains) {
		for (size_t i = 0; i < cfg->mail_domain_count; i++) {
			uint8_t listed[ZONE_NAME_MAX];
			if (zone_name_from_text(cfg->mail_domains[i], NULL, listed, NULL) == ZL_OK &&
			    zone_name_equal(listed, name))
				return true;
		}
		return false;
	}
	uint32_t node = zone_find(z, name);
	return node != ZONE_NONE && zone_node_answers_data(z, node) && zone_node_has(z, node, ZT_MX) &&
	       !only_null_mx(z, node);
}

/* Mail domains: mail.domains from the configuration, else every name of
 * the zone (served by it: not occluded) that has MX records other than a
 * null MX. */
static void find_mail_domains(struct lint *l)
{
	const struct zone *z = l->z;
	const struct config *cfg = l->opt->config;
	if (cfg != NULL && cfg->has_mail_domains) {
		l->domains = zl_grow(l->domains, &l->domain_cap, cfg->mail_domain_count,
				     sizeof(*l->domains));
		for (size_t i = 0; i < cfg->mail_domain_count; i++) {
			uint8_t name[ZONE_NAME_MAX];
			if (zone_name_from_text(cfg->mail_domains[i], NULL, name, NULL) != ZL_OK)
				continue;
			if (!zone_name_is_below(name, z->origin))
				continue;
			uint32_t node = zone_find(z, name);
			if (node != ZONE_NONE && !zone_node_served(z, node))
				continue;
			add_domain(l, name, node, true);
		}
		return;
	}
	/* the nodes in index order (their records in sequence), marked; then
	 * the marked ones in canonical order, which is the domains' order */
	size_t marked = 0;
	for (uint32_t node = 0; node < z->node_count; node++) {
		if (!zone_node_answers_data(z, node) || zone_node_rr_count(z, node) == 0)
			continue;
		if (!zone_node_has(z, node, ZT_MX) || only_null_mx(z, node))
			continue;
		l->domain_nodes[node / 8] |= (uint8_t)(1u << (node % 8));
		marked++;
	}
	bool any = marked > 0;
	/* as many as there are (a zone has a domain per customer) */
	if (any) {
		l->domains = zl_malloc(marked * sizeof(*l->domains));
		l->domain_cap = marked;
	}
	struct zone_walk walk;
	zone_walk_start(&walk);
	for (uint32_t node = zone_walk_next(z, &walk); node != ZONE_NONE && any;
	     node = zone_walk_next(z, &walk)) {
		if (!(l->domain_nodes[node / 8] & (1u << (node % 8))))
			continue;
		uint8_t name[ZONE_NAME_MAX];
		zone_node_name(z, node, name);
		add_domain(l, name, node, false);
	}
}

/* ---- inline suppression: "; zonelint: ignore RULE[, RULE...]" ---- */

static bool directive_silences(const char *text, const char *rule)
{
	if (strncmp(text, "ignore", 6) != 0 || (text[6] != '\0' && text[6] != ' ' && text[6] != '\t'))
		return false;
	const char *p = text + 6;
	bool any = false;
	size_t rlen = strlen(rule);
	while (*p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *w = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != ',')
			p++;
		size_t wlen = (size_t)(p - w);
		if (wlen == 0)
			continue;
		any = true;
		if (wlen == rlen && strncmp(w, rule, rlen) == 0)
			return true;
	}
	return !any; /* a bare "ignore" silences every rule */
}

/* Sorts idx[0..n) (indices into what ctx holds) by cmp; equal elements
 * keep their order (a merge sort: stable, n log n whatever the input). */
typedef int (*index_cmp)(const void *ctx, uint32_t a, uint32_t b);

static void sort_indices(uint32_t *idx, size_t n, index_cmp cmp, const void *ctx)
{
	uint32_t *tmp = zl_malloc((n ? n : 1) * sizeof(*tmp));
	uint32_t *from = idx, *to = tmp;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				to[k++] = cmp(ctx, from[j], from[i]) < 0 ? from[j++] : from[i++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		uint32_t *t = from;
		from = to;
		to = t;
	}
	if (from != idx)
		memcpy(idx, from, n * sizeof(*idx));
	free(tmp);
}

static uint32_t *identity(size_t n)
{
	uint32_t *v = zl_malloc((n ? n : 1) * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = (uint32_t)i;
	return v;
}

/* directives in file (by name) and line order */
static int directive_order(const void *ctx, uint32_t ia, uint32_t ib)
{
	const struct zone *z = ctx;
	const struct zone_directive *a = &z->directives[ia], *b = &z->directives[ib];
	int c = a->file == b->file ? 0 : strcmp(z->files[a->file], z->files[b->file]);
	if (c != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line ? 1 : 0;
}

/* Does a directive of file on lines [first, last] silence rule? With
 * inline (indexed as order), only a directive alone on its line counts. */
static bool silenced_on(const struct zone *z, const uint32_t *order, const bool *inline_at,
			const char *file, unsigned long first, unsigned long last, const char *rule)
{
	/* the first directive of the file at or after line first */
	size_t lo = 0, hi = z->directive_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct zone_directive *d = &z->directives[order[mid]];
		int c = strcmp(z->files[d->file], file);
		if (c < 0 || (c == 0 && d->line < first))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < z->directive_count; i++) {
		const struct zone_directive *d = &z->directives[order[i]];
		if (strcmp(z->files[d->file], file) != 0 || d->line > last)
			break;
		if ((inline_at == NULL || !inline_at[i]) && directive_silences(d->text, rule))
			return true;
	}
	return false;
}

/* For each directive (in the order of order): does a record begin on its
 * line, so that it is that record's comment, not one about the lines
 * below? */
static bool *directives_inline(const struct zone *z, const uint32_t *order)
{
	bool *at = zl_calloc(z->directive_count ? z->directive_count : 1, sizeof(bool));
	for (size_t r = 0; r < z->rr_count; r++) {
		const struct zone_rr *rr = &z->rrs[r];
		const char *file = z->files[rr->file];
		size_t lo = 0, hi = z->directive_count;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const struct zone_directive *d = &z->directives[order[mid]];
			int c = d->file == rr->file ? 0 : strcmp(z->files[d->file], file);
			if (c < 0 || (c == 0 && d->line < rr->line))
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t i = lo; i < z->directive_count; i++) {
			const struct zone_directive *d = &z->directives[order[i]];
			if (d->line != rr->line || strcmp(z->files[d->file], file) != 0)
				break;
			at[i] = true;
		}
	}
	return at;
}

/* Is f silenced by a directive on its lines or on the line before, or by
 * one alone on the line before its RRset's first record in its file (a
 * comment above an RRset speaks for all its records: a finding about its
 * second NS record is silenced by the comment above the first)? */
static bool suppressed(const struct zone *z, const uint32_t *order, const bool *inline_at,
		       const struct finding *f)
{
	unsigned long first = f->line, last = f->line;
	if (f->rr != ZONE_NONE)
		last = first + (z->rrs[f->rr].span & ZONE_RR_SPAN_MASK);
	if (silenced_on(z, order, NULL, f->file, first > 1 ? first - 1 : first, last, f->rule->id))
		return true;
	if (f->rr == ZONE_NONE)
		return false;
	const struct zone_rr *rec = &z->rrs[f->rr];
	for (uint32_t i = 0; i < zone_node_rr_count(z, rec->node); i++) {
		const struct zone_rr *r = zone_node_rr(z, rec->node, i);
		if (r->type != rec->type || r->file != rec->file)
			continue;
		/* the node's records are in file order: this one is the RRset's first */
		return r->line < first && r->line > 1 &&
		       silenced_on(z, order, inline_at, f->file, r->line - 1, r->line - 1,
				   f->rule->id);
	}
	return false;
}

/* ---- ignore-unknown-rule: what a "; zonelint:" comment names ---- */

/* Does word (len octets) name something to check: a hyphen, as every rule
 * id has but one, or a rule id near it? Other words are prose
 * ("; zonelint: ignore ttl-mismatch, the CDN wants it"). */
static bool looks_like_rule(const char *word, size_t len, const char **near)
{
	char w[80];
	if (len >= sizeof(w))
		return false;
	memcpy(w, word, len);
	w[len] = '\0';
	*near = rules_nearest(w);
	return memchr(w, '-', len) != NULL || *near != NULL;
}

/* A finding at a directive's line. */
static void directive_finding(struct lint *l, const struct zone_directive *d, const char *fmt,
			      const char *a, const char *b)
{
	struct finding *f = lint_emit(l, ZONE_NONE, false, fmt, a, b);
	f->file = l->z->files[d->file];
	f->line = d->line;
}

void rule_ignore_unknown_rule(struct lint *l)
{
	const struct zone *z = l->z;
	for (size_t i = 0; i < z->directive_count; i++) {
		const struct zone_directive *d = &z->directives[i];
		const char *p = d->text;
		size_t n = strcspn(p, " \t,");
		char word[16];
		if (n != 6 || strncmp(p, "ignore", 6) != 0) {
			/* "ingore", "ignroe": a directive meant, silencing nothing */
			if (n < sizeof(word)) {
				memcpy(word, p, n);
				word[n] = '\0';
				if (n > 0 && zl_edit_distance(word, "ignore") <= 2)
					directive_finding(l, d,
							  "'; zonelint: %s' is no zonelint comment (did you "
							  "mean '%s'?): it silences nothing",
							  word, "ignore");
			}
			continue;
		}
		for (p += n; *p != '\0';) {
			while (*p == ' ' || *p == '\t' || *p == ',')
				p++;
			size_t len = strcspn(p, " \t,");
			const char *near = NULL;
			if (len > 0 && looks_like_rule(p, len, &near)) {
				char *id = zl_strndup(p, len);
				if (rules_find(id) == NULL && near != NULL)
					directive_finding(l, d,
							  "'; zonelint: ignore' names rule '%s', which does not "
							  "exist (did you mean '%s'?): it silences nothing",
							  id, near);
				else if (rules_find(id) == NULL)
					directive_finding(l, d,
							  "'; zonelint: ignore' names rule '%s', which does not "
							  "exist%s: it silences nothing",
							  id, " (zonelint lint --list-rules lists them)");
				free(id);
			}
			p += len;
		}
	}
}

static int finding_order(const void *ctx, uint32_t ia, uint32_t ib)
{
	const struct finding *all = ctx;
	const struct finding *a = &all[ia], *b = &all[ib];
	int c = a->file == b->file ? 0 : strcmp(a->file, b->file);
	if (c != 0)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	/* the rule table's order: mail discovery first */
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return strcmp(a->message, b->message);
}

static enum zl_severity configured_severity(const struct config *cfg, const struct rule *rule)
{
	if (cfg != NULL)
		for (size_t i = 0; i < cfg->rule_count; i++)
			if (strcmp(cfg->rules[i].id, rule->id) == 0)
				return cfg->rules[i].severity;
	return rule->severity;
}

static int lint_run(const struct zone *z, const struct zone_set *set,
		    const struct lint_options *opt, unsigned threads, const uint8_t *domain,
		    struct discovery *sim, struct findings *out);

int lint_zone(const struct zone *z, const struct zone_set *set, const struct lint_options *opt,
	      struct findings *out, struct zl_error *err)
{
	(void)err;
	return lint_run(z, set, opt, 1, NULL, NULL, out);
}

int lint_zone_threads(const struct zone *z, const struct zone_set *set,
		      const struct lint_options *opt, unsigned threads, struct findings *out,
		      struct zl_error *err)
{
	(void)err;
	return lint_run(z, set, opt, threads, NULL, NULL, out);
}

int lint_zone_explain(const struct zone *z, const struct zone_set *set,
		      const struct lint_options *opt, const uint8_t *domain, struct discovery *sim,
		      struct findings *out, struct zl_error *err)
{
	(void)err;
	return lint_run(z, set, opt, 1, domain, sim, out);
}

/* finding_order's file, line and rule packed in a number, with the
 * finding: a sort of a large zone's findings then reads these in sequence
 * and the findings only to compare the messages of a tie. */
struct finding_key {
	uint64_t key;
	uint32_t pos;
};

static int pointer_order(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const char *const *)a, y = (uintptr_t)*(const char *const *)b;
	return x < y ? -1 : x > y;
}

static int text_order(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts idx[0..n) (positions in all) as sort_indices(finding_order) would. */
static void sort_findings(const struct finding *all, uint32_t *idx, size_t n)
{
	size_t rule_count;
	const struct rule *rules = rules_all(&rule_count);
	/* the files, ranked by name (a finding's file is one of its zone's) */
	const char **files = zl_malloc((n ? n : 1) * sizeof(*files));
	size_t nfiles = 0;
	bool packable = rule_count < 256;
	for (size_t i = 0; i < n && packable; i++) {
		if (nfiles == 0 || all[i].file != files[nfiles - 1])
			files[nfiles++] = all[i].file;
		/* a line is 32 bits: it fits */
		packable = all[i].rule >= rules && all[i].rule < rules + rule_count;
	}
	if (packable && nfiles > 1) {
		qsort(files, nfiles, sizeof(*files), pointer_order);
		size_t k = 0;
		for (size_t i = 0; i < nfiles; i++)
			if (k == 0 || files[i] != files[k - 1])
				files[k++] = files[i];
		nfiles = k;
		packable = nfiles < 65536;
	}
	if (!packable) {
		free(files);
		sort_indices(idx, n, finding_order, all);
		return;
	}
	const char **by_name = zl_malloc((nfiles ? nfiles : 1) * sizeof(*by_name));
	memcpy(by_name, files, nfiles * sizeof(*files));
	qsort(by_name, nfiles, sizeof(*by_name), text_order);
	struct finding_key *keys = zl_malloc((n ? n : 1) * sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = &all[idx[i]];
		const char **at = nfiles > 1 ? bsearch(&f->file, files, nfiles, sizeof(*files), pointer_order)
					     : files;
		/* the rank of its name: the first of equal names */
		size_t lo = 0, hi = nfiles;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(by_name[mid], *at) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		keys[i].key = (uint64_t)lo << 48 | (uint64_t)f->line << 8 | (uint64_t)(f->rule - rules);
		keys[i].pos = idx[i];
	}
	free(by_name);
	free(files);
	/* a stable merge sort on the keys; the messages break ties */
	struct finding_key *tmp = zl_malloc((n ? n : 1) * sizeof(*tmp));
	struct finding_key *from = keys, *to = tmp;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi) {
				bool right = from[j].key < from[i].key ||
					     (from[j].key == from[i].key &&
					      strcmp(all[from[j].pos].message, all[from[i].pos].message) < 0);
				to[k++] = right ? from[j++] : from[i++];
			}
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		struct finding_key *t = from;
		from = to;
		to = t;
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = from[i].pos;
	free(keys);
	free(tmp);
}

/* Where a run's threads put their findings, each with the item of the
 * work it came from. The findings are kept in pages mapped for them
 * (grown with mremap where there is one), which are given back as soon
 * as they are copied to the caller's list: a large zone has many, and
 * the copy would otherwise hold them twice. */
struct lint_sink {
	pthread_mutex_t lock;
	struct finding *v;
	size_t count, cap, bytes;
	bool mapped;       /* v is mapped (else from malloc: small, or no mapping to be had) */
	uint32_t *item_of; /* item of v[i] */
	size_t item_cap;
};

#define SINK_FIRST 4096
#define SINK_MAP_MIN (1u << 20) /* below this, malloc's memory: a zone of a few
				 * findings (one of many files) costs no mapping */

static void sink_grow(struct lint_sink *s)
{
	size_t bytes = s->bytes != 0 ? 2 * s->bytes : SINK_FIRST;
	void *p = MAP_FAILED;
	if (s->mapped) {
#ifdef MREMAP_MAYMOVE
		p = mremap(s->v, s->bytes, bytes, MREMAP_MAYMOVE);
#endif
	} else if (bytes >= SINK_MAP_MIN) {
		p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	}
	if (p != MAP_FAILED) {
		if (!s->mapped && s->v != NULL) {
			memcpy(p, s->v, s->count * sizeof(*s->v));
			free(s->v);
		}
		s->mapped = true;
	} else if (!s->mapped) {
		/* small, or no mapping to be had: the heap (where running out
		 * is fatal) */
		p = zl_realloc(s->v, bytes);
	} else {
		p = zl_malloc(bytes);
		memcpy(p, s->v, s->count * sizeof(*s->v));
		munmap(s->v, s->bytes);
		s->mapped = false;
	}
	s->v = p;
	s->bytes = bytes;
	s->cap = bytes / sizeof(*s->v);
}

void lint_flush(struct lint *l)
{
	if (!l->has_pending)
		return;
	struct lint_sink *s = l->sink;
	pthread_mutex_lock(&s->lock);
	if (s->count == s->cap)
		sink_grow(s);
	s->v[s->count] = l->pending;
	s->item_of = zl_grow(s->item_of, &s->item_cap, s->count + 1, sizeof(*s->item_of));
	s->item_of[s->count] = l->item;
	s->count++;
	pthread_mutex_unlock(&s->lock);
	l->has_pending = false;
}

/* Appends the findings of s to out, the pages of s given back as they are
 * copied; s keeps its item_of. */
static void sink_drain(struct lint_sink *s, struct findings *out)
{
	size_t n = s->count;
	if (n > 0 && out->cap < out->count + n) {
		out->v = zl_realloc(out->v, (out->count + n) * sizeof(*out->v));
		out->cap = out->count + n;
	}
	if (s->v == NULL)
		return;
	if (!s->mapped) {
		memcpy(out->v + out->count, s->v, n * sizeof(*s->v));
		out->count += n;
		free(s->v);
		s->v = NULL;
		return;
	}
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t step = 16 * page / sizeof(*s->v) + 1, released = 0;
	for (size_t done = 0; done < n;) {
		size_t k = n - done < step ? n - done : step;
		memcpy(out->v + out->count, s->v + done, k * sizeof(*s->v));
		out->count += k;
		done += k;
		/* the whole pages copied */
		size_t upto = done * sizeof(*s->v) / page * page;
		if (upto > released) {
			munmap((char *)s->v + released, upto - released);
			released = upto;
		}
	}
	if (s->bytes > released)
		munmap((char *)s->v + released, s->bytes - released);
	s->v = NULL;
}

/* Appends the run's findings (in s, as the threads made them) to out in
 * file and line order, without those an inline comment silences. Equal
 * findings (one rule, line and message) stay in the order one thread
 * makes them: item by item, a rule's findings domain by domain. Sorted
 * where they are kept: a large zone has many. */
static void keep_findings(const struct zone *z, struct lint_sink *s, size_t items,
			  struct findings *out)
{
	size_t first = out->count, n = s->count;
	sink_drain(s, out);
	if (n == 0)
		return; /* nothing to order, and out->v may be NULL */
	struct finding *all = out->v + first;
	/* the order one thread makes them in: by item (a counting sort keeps
	 * each item's findings in the order they came) */
	size_t *start = zl_calloc(items + 1, sizeof(*start));
	for (size_t i = 0; i < n; i++)
		start[s->item_of[i] + 1]++;
	for (size_t k = 0; k < items; k++)
		start[k + 1] += start[k];
	uint32_t *idx = zl_malloc((n ? n : 1) * sizeof(*idx));
	for (size_t i = 0; i < n; i++)
		idx[start[s->item_of[i]]++] = (uint32_t)i;
	free(start);
	sort_findings(all, idx, n);
	/* all[k] = all[idx[k]], a cycle at a time */
	for (size_t k = 0; k < n; k++) {
		if (idx[k] == k)
			continue;
		struct finding held = all[k];
		size_t j = k;
		while (idx[j] != k) {
			size_t from = idx[j];
			all[j] = all[from];
			idx[j] = (uint32_t)j;
			j = from;
		}
		all[j] = held;
		idx[j] = (uint32_t)j;
	}
	free(idx);
	if (z->directive_count > 0) {
		uint32_t *order = identity(z->directive_count);
		sort_indices(order, z->directive_count, directive_order, z);
		bool *inline_at = directives_inline(z, order);
		/* what a comment silences goes (its text stays with the rest) */
		size_t kept = 0;
		for (size_t i = 0; i < n; i++)
			if (!suppressed(z, order, inline_at, &all[i]))
				all[kept++] = all[i];
		out->count = first + kept;
		free(inline_at);
		free(order);
	}
}

/* A lint run's work, shared by its threads: item 0 is the rules over the
 * whole zone, item i > 0 the domain rules over the i-th slice of the
 * domains; each finding goes to the run's sink with its item, so that the
 * findings can be put in the order one thread makes them. */
struct lint_work {
	const struct lint *setup; /* the zone, its domains, explain's */
	const struct rule *rules;
	const enum zl_severity *severity;
	size_t rule_count;
	bool domain_rules;
	size_t slice, items;
	atomic_size_t next;
};

/* Domains a slice: enough to spread them over the threads, few enough
 * that a slice's findings are a small part of the run's. */
#define LINT_SLICE 64
/* Below this many records and one slice of domains, one thread. */
#define LINT_THREAD_RECORDS 20000

static void run_zone_rules(struct lint *l, const struct lint_work *w)
{
	for (size_t i = 0; i < w->rule_count; i++) {
		if (w->severity[i] == ZL_SEV_OFF || w->rules[i].check == NULL)
			continue;
		l->rule = &w->rules[i];
		l->severity = w->severity[i];
		l->rule->check(l);
	}
}

/* A domain at a time, all of its rules together: what they look up (its
 * names, its simulation) is still at hand for the next rule. */
static void run_domain_rules(struct lint *l, const struct lint_work *w, size_t first, size_t end)
{
	for (size_t d = first; d < end; d++) {
		l->domain = &l->domains[d];
		l->disc_of = NULL;
		/* explain reads its domain's simulation whatever the rules ask */
		if (d == l->explained && l->explain != NULL)
			lint_discovery(l, &l->domains[d]);
		for (size_t i = 0; i < w->rule_count && w->domain_rules; i++) {
			if (w->severity[i] == ZL_SEV_OFF || w->rules[i].check_domain == NULL)
				continue;
			l->rule = &w->rules[i];
			l->severity = w->severity[i];
			l->rule->check_domain(l, &l->domains[d]);
		}
	}
	l->domain = NULL;
}

/* A thread of a lint run, with the store that keeps the text and
 * remedies of the findings it makes. */
struct lint_thread {
	struct lint_work *w;
	struct findings store;
};

/* One thread: takes items until none is left. Its lookups, memos and
 * simulation are its own; the zone, the domains and the certificates are
 * read (a domain's lazily found nodes are written by the one thread that
 * checks it). */
static void *run_items(void *arg)
{
	struct lint_thread *self = arg;
	struct lint_work *w = self->w;
	struct lint l = *w->setup;
	l.store = &self->store;
	l.res = zl_malloc(sizeof(*l.res));
	l.res2 = zl_malloc(sizeof(*l.res2));
	zone_result_init(l.res);
	zone_result_init(l.res2);
	/* the rules read the answer and the path only */
	l.res->answer_only = l.res2->answer_only = true;
	for (;;) {
		size_t item = atomic_fetch_add(&w->next, 1);
		if (item >= w->items)
			break;
		l.item = (uint32_t)item;
		if (item == 0) {
			run_zone_rules(&l, w);
		} else {
			size_t first = (item - 1) * w->slice;
			size_t end = first + w->slice < l.domain_count ? first + w->slice : l.domain_count;
			run_domain_rules(&l, w, first, end);
		}
		lint_flush(&l);
	}
	if (l.disc != NULL)
		discovery_free(l.disc);
	free(l.disc);
	for (size_t i = 0; i < LINT_REACH_MEMO; i++)
		free(l.reach[i].step);
	free(l.facts);
	free(l.traits);
	zone_result_free(l.res);
	zone_result_free(l.res2);
	free(l.res);
	free(l.res2);
	return NULL;
}

static int lint_run(const struct zone *z, const struct zone_set *set,
		    const struct lint_options *opt, unsigned threads, const uint8_t *domain,
		    struct discovery *sim, struct findings *out)
{
	struct lint l;
	memset(&l, 0, sizeof(l));
	struct findings names;
	findings_init(&names);
	l.names = &names;
	l.z = z;
	l.set = set;
	l.opt = opt;
	l.certs = opt->certs;
	l.domain_nodes = zl_calloc(z->node_count / 8 + 1, 1);
	find_mail_domains(&l);
	/* explain's domain, checked like a mail domain whatever the zone says */
	l.explained = SIZE_MAX;
	l.explain = sim;
	l.near_node = ZONE_NONE;
	if (domain != NULL && zone_name_is_below(domain, z->origin)) {
		for (size_t i = 0; i < l.domain_count && l.explained == SIZE_MAX; i++)
			if (zone_name_equal(l.domains[i].name, domain))
				l.explained = i;
		if (l.explained == SIZE_MAX) {
			uint32_t node = zone_find(z, domain);
			if (node != ZONE_NONE && !zone_node_served(z, node))
				node = ZONE_NONE;
			add_domain(&l, domain, node, false);
			l.explained = l.domain_count - 1;
		}
	}

	struct lint_work w;
	memset(&w, 0, sizeof(w));
	w.setup = &l;
	w.rules = rules_all(&w.rule_count);
	enum zl_severity *severity = zl_malloc(w.rule_count * sizeof(*severity));
	for (size_t i = 0; i < w.rule_count; i++) {
		severity[i] = configured_severity(opt->config, &w.rules[i]);
		if (severity[i] != ZL_SEV_OFF && w.rules[i].check_domain != NULL)
			w.domain_rules = true;
	}
	w.severity = severity;
	w.slice = LINT_SLICE;
	w.items = 1 + (l.domain_count + w.slice - 1) / w.slice;
	atomic_init(&w.next, 0);
	struct lint_sink sink;
	memset(&sink, 0, sizeof(sink));
	pthread_mutex_init(&sink.lock, NULL);
	l.sink = &sink;
	/* more threads only when the certificates are read from the
	 * configuration (probing keeps its state in the view) */
	if (!cert_view_shared(l.certs))
		threads = 1;
	/* a small zone is done before a thread would have started (start-up
	 * of a pre-commit run counts) */
	if (l.domain_count <= w.slice && z->rr_count < LINT_THREAD_RECORDS)
		threads = 1;
	if (threads > w.items)
		threads = w.items;
	if (threads > 16)
		threads = 16;
	pthread_t tid[16];
	struct lint_thread self[16];
	for (size_t t = 0; t < threads; t++) {
		self[t].w = &w;
		findings_init(&self[t].store);
	}
	size_t started = 0;
	for (size_t t = 1; t < threads; t++)
		if (zl_thread_start(&tid[started], run_items, &self[1 + started]) == 0)
			started++;
	run_items(&self[0]);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	free(severity);
	/* the findings keep their own text: the domains go before the
	 * findings are gathered */
	findings_free(&names);
	free(l.domains);
	free(l.domain_nodes);

	/* keep what no inline comment silences, in file and line order */
	keep_findings(z, &sink, w.items, out);
	free(sink.item_of);
	pthread_mutex_destroy(&sink.lock);
	/* and their text and remedies */
	for (size_t t = 0; t < 1 + started; t++)
		findings_move(out, &self[t].store);
	out->files += z->file_count;
	out->records += z->rr_count;
	return ZL_OK;
}
