/* SPDX-License-Identifier: BSD-3-Clause */
/* rules/findings.c: findings and their remedies: what a rule emits. A list
 * of findings (struct findings) keeps their text and remedies in blocks of
 * its own, filled in turn and freed together: a large zone has tens of
 * thousands of findings, and a few allocations a finding would cost more
 * than the text they hold. */
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/internal.h"

/* A block of a list's storage: strings, or arrays of remedies. */
struct findings_block {
	struct findings_block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

/* The first block of a list holds 1 KiB (a small zone's findings fit), the
 * next ones twice the last, up to 64 KiB. */
#define BLOCK_FIRST 1024
#define BLOCK_MAX (65536 - sizeof(struct findings_block))

void findings_init(struct findings *f)
{
	memset(f, 0, sizeof(*f));
}

static void blocks_free(struct findings_block *b)
{
	while (b != NULL) {
		struct findings_block *next = b->next;
		free(b);
		b = next;
	}
}

void findings_free(struct findings *f)
{
	free(f->v);
	blocks_free(f->text);
	blocks_free(f->remedies);
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

static struct findings_block *block_new(size_t size)
{
	struct findings_block *b = zl_malloc(sizeof(*b) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

/* n bytes aligned to align (a power of two) from the list of blocks at
 * *head: from the first block while it has room, else from a new one. */
static void *block_alloc(struct findings_block **head, size_t n, size_t align)
{
	struct findings_block *b = *head;
	size_t at = b != NULL ? (b->used + align - 1) & ~(align - 1) : 0;
	if (b != NULL && at <= b->size && n <= b->size - at) {
		b->used = at + n;
		return b->data + at;
	}
	if (n > BLOCK_MAX / 4 && b != NULL) {
		/* a long one gets a block of its own, behind the one being filled */
		struct findings_block *big = block_new(n);
		big->used = n;
		big->next = b->next;
		b->next = big;
		return big->data;
	}
	size_t size = b != NULL ? 2 * b->size : BLOCK_FIRST;
	if (size > BLOCK_MAX)
		size = BLOCK_MAX;
	if (size < n)
		size = n;
	struct findings_block *fresh = block_new(size);
	fresh->next = b;
	fresh->used = n;
	*head = fresh;
	return fresh->data;
}

static char *text_alloc(struct findings *fs, size_t n)
{
	return block_alloc(&fs->text, n, 1);
}

static const char *text_copy(struct findings *fs, const char *s, size_t len)
{
	char *copy = text_alloc(fs, len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}

void *findings_bytes(struct findings *fs, size_t n)
{
	return text_alloc(fs, n);
}

const char *findings_text(struct findings *fs, const char *s)
{
	return s != NULL ? text_copy(fs, s, strlen(s)) : NULL;
}

struct remedy *findings_remedy(struct findings *fs, struct finding *f, enum remedy_action action)
{
	struct findings_block *b = fs->remedies;
	size_t one = sizeof(struct remedy);
	/* f's remedies are the last ones made, with room after them: one more */
	if (f->fix_count > 0 && b != NULL &&
	    (unsigned char *)(f->fix + f->fix_count) == b->data + b->used && b->size - b->used >= one) {
		b->used += one;
	} else {
		size_t n = ((size_t)f->fix_count + 1) * one;
		struct remedy *v;
		if (n > BLOCK_MAX / 4) {
			/* a finding with many remedies (the records of a large
			 * node): a block twice its size, first, so that the next
			 * ones go after them */
			struct findings_block *many = block_new(2 * n);
			many->used = n;
			many->next = fs->remedies;
			fs->remedies = many;
			v = (struct remedy *)many->data;
		} else {
			v = block_alloc(&fs->remedies, n, alignof(struct remedy));
		}
		if (f->fix_count > 0)
			memcpy(v, f->fix, f->fix_count * one);
		f->fix = v;
	}
	struct remedy *r = &f->fix[f->fix_count++];
	memset(r, 0, sizeof(*r));
	r->action = action;
	r->rr = ZONE_NONE;
	return r;
}

/* Puts the blocks of *from behind the first block of *to (which stays the
 * one being filled). */
static void blocks_splice(struct findings_block **to, struct findings_block **from)
{
	if (*from == NULL)
		return;
	if (*to == NULL) {
		*to = *from;
	} else {
		struct findings_block *last = *from;
		while (last->next != NULL)
			last = last->next;
		last->next = (*to)->next;
		(*to)->next = *from;
	}
	*from = NULL;
}

void findings_move(struct findings *to, struct findings *from)
{
	if (to->v == NULL) {
		/* nothing there yet: take the array */
		to->v = from->v;
		to->cap = from->cap;
		to->count = from->count;
	} else if (from->count > 0) {
		to->v = zl_grow(to->v, &to->cap, to->count + from->count, sizeof(*to->v));
		memcpy(to->v + to->count, from->v, from->count * sizeof(*to->v));
		to->count += from->count;
		free(from->v);
	} else {
		free(from->v);
	}
	to->files += from->files;
	to->records += from->records;
	blocks_splice(&to->text, &from->text);
	blocks_splice(&to->remedies, &from->remedies);
	findings_init(from);
}

static enum zl_severity lower(enum zl_severity s)
{
	return s == ZL_SEV_ERROR ? ZL_SEV_WARNING : ZL_SEV_NOTE;
}

/* The text of mail domain d, kept once for the findings l makes about it. */
static const char *domain_text(struct lint *l, const struct mail_domain *d)
{
	if (l->kept_domain != d) {
		l->kept_domain = d;
		l->kept_domain_text = findings_text(l->store, d->text);
	}
	return l->kept_domain_text;
}

struct finding *lint_emit(struct lint *l, uint32_t rr, bool secondary, const char *fmt, ...)
{
	lint_flush(l);
	struct finding *f = &l->pending;
	memset(f, 0, sizeof(*f));
	l->has_pending = true;
	f->rule = l->rule;
	f->severity = secondary ? lower(l->severity) : l->severity;
	f->zone = l->z;
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
	if (rr != ZONE_NONE) {
		char owner[ZONE_TEXT_NAME_MAX];
		zone_node_text(z, z->rrs[rr].node, owner, sizeof(owner));
		f->owner = findings_text(l->store, owner);
	} else {
		f->owner = findings_text(l->store, z->origin_text);
	}
	f->domain = l->domain != NULL ? domain_text(l, l->domain) : NULL;
	/* formatted once, unless longer than the buffer */
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(buf)) {
		f->message = text_copy(l->store, buf, (size_t)n);
	} else {
		char *message = text_alloc(l->store, (size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(message, (size_t)n + 1, fmt, ap);
		va_end(ap);
		f->message = message;
	}
	return f;
}

/* Owners and data of added records, kept once for the last few remedies
 * that name them: a domain's findings add the same records. */
static const uint8_t *keep_name(struct lint *l, const uint8_t *name)
{
	size_t len = zone_name_len(name);
	for (unsigned i = 0; i < LINT_KEPT; i++) {
		const uint8_t *k = l->kept_name[i];
		if (k != NULL && zone_name_len(k) == len && memcmp(k, name, len) == 0)
			return k;
	}
	uint8_t *copy = (uint8_t *)text_alloc(l->store, len);
	memcpy(copy, name, len);
	l->kept_name[l->kept_name_next] = copy;
	l->kept_name_next = (l->kept_name_next + 1) % LINT_KEPT;
	return copy;
}

static const char *keep_rdata(struct lint *l, const char *rdata)
{
	for (unsigned i = 0; i < LINT_KEPT; i++) {
		const char *k = l->kept_rdata[i];
		if (k != NULL && strcmp(k, rdata) == 0)
			return k;
	}
	const char *copy = findings_text(l->store, rdata);
	l->kept_rdata[l->kept_rdata_next] = copy;
	l->kept_rdata_next = (l->kept_rdata_next + 1) % LINT_KEPT;
	return copy;
}

void finding_fix_add(struct lint *l, struct finding *f, const uint8_t *owner, uint32_t ttl,
		     uint16_t type, const char *rdata)
{
	struct remedy *r = findings_remedy(l->store, f, REMEDY_ADD);
	r->owner = keep_name(l, owner);
	r->type = type;
	r->ttl = ttl;
	r->rdata = keep_rdata(l, rdata);
}

/* Where record rr of the zone is, for a remedy that changes it. */
static void remedy_at(struct remedy *r, const struct zone *z, uint32_t rr)
{
	const struct zone_rr *rec = &z->rrs[rr];
	r->file = zone_rr_file(z, rec);
	r->line = rec->line;
	r->span = (uint16_t)(rec->span & ZONE_RR_SPAN_MASK);
	r->rr = rr;
}

void finding_fix_delete(struct lint *l, struct finding *f, uint32_t rr)
{
	/* the record's text is the zone's: remedy_record prints it */
	remedy_at(findings_remedy(l->store, f, REMEDY_DELETE), l->z, rr);
}

void finding_fix_replace(struct lint *l, struct finding *f, uint32_t rr, const char *rdata)
{
	const struct zone *z = l->z;
	struct remedy *r = findings_remedy(l->store, f, REMEDY_REPLACE);
	remedy_at(r, z, rr);
	uint8_t name[ZONE_NAME_MAX];
	zone_node_name(z, z->rrs[rr].node, name);
	r->owner = keep_name(l, name);
	r->type = z->rrs[rr].type;
	r->ttl = z->rrs[rr].ttl;
	r->rdata = keep_rdata(l, rdata);
}

static char *record_text(const uint8_t *owner, uint32_t ttl, uint16_t type, const char *rdata)
{
	char name[ZONE_TEXT_NAME_MAX], t[32];
	lint_name_text(owner, name, sizeof(name));
	zone_type_to_text(type, t, sizeof(t));
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

char *remedy_record(const struct zone *z, const struct remedy *r)
{
	if (r->record != NULL)
		return zl_strdup(r->record);
	if (r->owner != NULL && r->rdata != NULL)
		return record_text(r->owner, r->ttl, r->type, r->rdata);
	if (z == NULL || r->rr >= z->rr_count)
		return zl_strdup("");
	const struct zone_rr *rec = &z->rrs[r->rr];
	uint8_t owner[ZONE_NAME_MAX];
	zone_node_name(z, rec->node, owner);
	char *rdata = zone_rdata_to_text(rec->type, zone_rr_rdata(z, rec), rec->rdlen);
	char *text = record_text(owner, rec->ttl, rec->type, rdata);
	free(rdata);
	return text;
}
