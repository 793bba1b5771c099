/* rules/findings.c: findings and their remedies: what a rule emits, owned
 * by struct findings and freed with it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/internal.h"

void findings_init(struct findings *f)
{
	memset(f, 0, sizeof(*f));
}

static void remedy_free(struct remedy *r)
{
	free(r->record);
	free(r->owner);
	free(r->rdata);
}

void finding_release(struct finding *f)
{
	for (size_t i = 0; i < f->fix_count; i++)
		remedy_free(&f->fix[i]);
	free(f->fix);
	free(f->owner);
	free(f->domain);
	free(f->message);
}

void findings_free(struct findings *f)
{
	for (size_t i = 0; i < f->count; i++)
		finding_release(&f->v[i]);
	free(f->v);
	findings_init(f);
}

size_t findings_count(const struct findings *f, enum zl_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < f->count; i++)
		if (f->v[i].severity == sev)
			n++;
	return n;
}

static enum zl_severity lower(enum zl_severity s)
{
	return s == ZL_SEV_ERROR ? ZL_SEV_WARNING : ZL_SEV_NOTE;
}

struct finding *lint_emit(struct lint *l, uint32_t rr, bool secondary, const char *fmt, ...)
{
	struct findings *out = l->out;
	out->v = zl_grow(out->v, &out->cap, out->count + 1, sizeof(*out->v));
	struct finding *f = &out->v[out->count++];
	memset(f, 0, sizeof(*f));
	f->rule = l->rule;
	f->severity = secondary ? lower(l->severity) : l->severity;
	f->zone = l->z;
	f->column = 1;
	f->rr = rr;
	const struct zone *z = l->z;
	/* a finding about the zone points at its SOA record, else the file's start */
	uint32_t at = rr != ZONE_NONE ? rr : z->soa;
	if (at != ZONE_NONE) {
		const struct zone_rr *r = &z->rrs[at];
		f->file = zone_rr_file(z, r);
		f->line = r->line;
	} else {
		f->file = z->files[0];
		f->line = 1;
	}
	char owner[ZONE_TEXT_NAME_MAX];
	if (rr != ZONE_NONE)
		zone_node_text(z, z->rrs[rr].node, owner, sizeof(owner));
	else
		snprintf(owner, sizeof(owner), "%s", z->origin_text);
	f->owner = zl_strdup(owner);
	f->domain = l->domain != NULL ? zl_strdup(l->domain->text) : NULL;
	/* a large zone has many findings: the message gets the bytes it
	 * needs (formatted once, unless longer than the buffer) */
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	f->message = zl_malloc((size_t)n + 1);
	if ((size_t)n < sizeof(buf)) {
		memcpy(f->message, buf, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(f->message, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	return f;
}

static struct remedy *new_remedy(struct finding *f, enum remedy_action action)
{
	f->fix = zl_realloc(f->fix, (f->fix_count + 1) * sizeof(*f->fix));
	struct remedy *r = &f->fix[f->fix_count++];
	memset(r, 0, sizeof(*r));
	r->action = action;
	r->rr = ZONE_NONE;
	return r;
}

static uint8_t *name_copy(const uint8_t *name)
{
	size_t len = zone_name_len(name);
	uint8_t *copy = zl_malloc(len);
	memcpy(copy, name, len);
	return copy;
}

/* The owner of record rr, sized to the name. */
static uint8_t *node_name_copy(const struct zone *z, uint32_t rr)
{
	uint8_t name[ZONE_NAME_MAX];
	zone_node_name(z, z->rrs[rr].node, name);
	return name_copy(name);
}

static char *record_text(const uint8_t *owner, uint32_t ttl, uint16_t type, const char *rdata)
{
	char name[ZONE_TEXT_NAME_MAX], t[32];
	lint_name_text(owner, name, sizeof(name));
	zone_type_to_text(type, t, sizeof(t));
	/* as long as it is: a large zone has a remedy a customer */
	char buf[2048];
	int n = snprintf(buf, sizeof(buf), "%s %u IN %s %s", name, ttl, t, rdata);
	if (n < 0)
		n = 0;
	char *text = zl_malloc((size_t)n + 1);
	if ((size_t)n < sizeof(buf))
		memcpy(text, buf, (size_t)n + 1);
	else
		snprintf(text, (size_t)n + 1, "%s %u IN %s %s", name, ttl, t, rdata);
	return text;
}

void finding_fix_add(struct finding *f, const uint8_t *owner, uint32_t ttl, uint16_t type,
		     const char *rdata)
{
	struct remedy *r = new_remedy(f, REMEDY_ADD);
	r->owner = name_copy(owner);
	r->type = type;
	r->ttl = ttl;
	r->rdata = zl_strdup(rdata);
	r->record = record_text(owner, ttl, type, rdata);
}

/* The data of record rec as text, from l's memo when the last record
 * asked had the same type and data. */
static char *rdata_text(struct lint *l, const struct zone_rr *rec, const uint8_t *rdata)
{
	if (l->rdata_memo == NULL || l->rdata_memo_type != rec->type ||
	    l->rdata_memo_len != rec->rdlen || memcmp(l->rdata_memo, rdata, rec->rdlen) != 0) {
		free(l->rdata_memo);
		free(l->rdata_memo_text);
		l->rdata_memo = zl_malloc(rec->rdlen ? rec->rdlen : 1);
		memcpy(l->rdata_memo, rdata, rec->rdlen);
		l->rdata_memo_type = rec->type;
		l->rdata_memo_len = rec->rdlen;
		l->rdata_memo_text = zone_rdata_to_text(rec->type, rdata, rec->rdlen);
	}
	return zl_strdup(l->rdata_memo_text);
}

void finding_fix_delete(struct lint *l, struct finding *f, uint32_t rr)
{
	const struct zone *z = l->z;
	struct remedy *r = new_remedy(f, REMEDY_DELETE);
	const struct zone_rr *rec = &z->rrs[rr];
	r->file = zone_rr_file(z, rec);
	r->line = rec->line;
	r->span = rec->span & ZONE_RR_SPAN_MASK;
	r->rr = rr;
	r->owner = node_name_copy(z, rr);
	r->type = rec->type;
	r->ttl = rec->ttl;
	r->rdata = rdata_text(l, rec, zone_rr_rdata(z, rec));
	r->record = record_text(r->owner, r->ttl, r->type, r->rdata);
}

void finding_fix_replace(struct finding *f, const struct zone *z, uint32_t rr, const char *rdata)
{
	struct remedy *r = new_remedy(f, REMEDY_REPLACE);
	const struct zone_rr *rec = &z->rrs[rr];
	r->file = zone_rr_file(z, rec);
	r->line = rec->line;
	r->span = rec->span & ZONE_RR_SPAN_MASK;
	r->rr = rr;
	r->owner = node_name_copy(z, rr);
	r->type = rec->type;
	r->ttl = rec->ttl;
	r->rdata = zl_strdup(rdata);
	r->record = record_text(r->owner, r->ttl, r->type, r->rdata);
}
