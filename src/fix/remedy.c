/* SPDX-License-Identifier: BSD-3-Clause */
/* fix/remedy.c: the remedies of lint findings turned into edits of the zone
 * file, each once: records commented out (owners that a following record
 * inherited written out, RFC 1035 5.1), records added in the file's own
 * style after their owner's last record or their domain's block, the SOA
 * serial bumped (RFC 1982). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix/fix.h"

/* Where an added record goes: after its owner's last record, after the
 * block of its nearest ancestor with records, or at the end. */
enum place { PLACE_OWNER, PLACE_ANCESTOR, PLACE_END, PLACE_COUNT };

struct addition {
	const struct remedy *r;
	size_t seq;   /* the order found in */
	size_t after; /* line to insert after */
	enum place place;
};

/* Additions in an order where equal records (type, owner, data) meet, the
 * first found first. */
static int addition_order(const void *pa, const void *pb)
{
	const struct addition *a = pa, *b = pb;
	if (a->r->type != b->r->type)
		return a->r->type < b->r->type ? -1 : 1;
	int c = zone_name_compare(a->r->owner, b->r->owner);
	if (c == 0)
		c = strcasecmp(a->r->rdata, b->r->rdata);
	if (c == 0)
		c = a->seq < b->seq ? -1 : (a->seq > b->seq ? 1 : 0);
	return c;
}

static int addition_seq(const void *pa, const void *pb)
{
	const struct addition *a = pa, *b = pb;
	return a->seq < b->seq ? -1 : (a->seq > b->seq ? 1 : 0);
}

/* Keeps the first of equal additions, in the order they were found
 * (sorting: a zone with many mail domains has many). Returns the count. */
static size_t unique_additions(struct addition *v, size_t n)
{
	if (n < 2)
		return n;
	qsort(v, n, sizeof(*v), addition_order);
	size_t kept = 1;
	for (size_t i = 1; i < n; i++) {
		const struct remedy *p = v[kept - 1].r, *r = v[i].r;
		if (r->type == p->type && zone_name_equal(r->owner, p->owner) &&
		    strcasecmp(r->rdata, p->rdata) == 0)
			continue;
		v[kept++] = v[i];
	}
	qsort(v, kept, sizeof(*v), addition_seq);
	return kept;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Does the line start with the directive word (e.g. "$INCLUDE")? */
static bool is_directive(const char *line, size_t len, const char *word)
{
	size_t n = strlen(word);
	return len >= n && strncasecmp(line, word, n) == 0 && (len == n || is_blank(line[n]));
}

/* Does the file change $ORIGIN to something other than the zone's origin?
 * Then relative names at the end of the file would mean something else:
 * new records get absolute names. */
static bool origin_changes(const struct fix_file *f, const struct zone *z)
{
	for (size_t n = 1; n <= f->line_count; n++) {
		size_t len;
		const char *line = fix_file_line(f, n, &len);
		if (!is_directive(line, len, "$ORIGIN") || len < 8)
			continue;
		char arg[ZONE_TEXT_NAME_MAX];
		size_t i = 7, k = 0;
		while (i < len && is_blank(line[i]))
			i++;
		while (i < len && !is_blank(line[i]) && line[i] != ';' && line[i] != '\r' &&
		       k + 1 < sizeof(arg))
			arg[k++] = line[i++];
		arg[k] = '\0';
		uint8_t wire[ZONE_NAME_MAX];
		if (zone_name_from_text(arg, NULL, wire, NULL) != ZL_OK || !zone_name_equal(wire, z->origin))
			return true;
	}
	return false;
}

/* The last line of the last record of node in the zone's main file, or 0. */
static size_t node_end(const struct zone *z, uint32_t node)
{
	size_t end = 0;
	for (uint32_t i = 0; i < zone_node_rr_count(z, node); i++) {
		const struct zone_rr *rr = zone_node_rr(z, node, i);
		size_t last = rr->line + (rr->span & ZONE_RR_SPAN_MASK);
		if (rr->file == 0 && !(rr->span & ZONE_RR_GENERATED) && last > end)
			end = last;
	}
	return end;
}

/* Where a new record of owner goes (see fix_plan_make). A name that has
 * records only in $INCLUDEd files, or whose nearest ancestor with records
 * has them only there, goes to the end. */
static size_t place_of(const struct zone *z, const struct fix_file *f, const uint8_t *owner,
		       enum place *place)
{
	uint32_t node = zone_find(z, owner);
	if (node != ZONE_NONE && zone_node_rr_count(z, node) > 0) {
		size_t end = node_end(z, node);
		*place = end != 0 ? PLACE_OWNER : PLACE_END;
		return end != 0 ? end : f->line_count;
	}
	/* _autodiscover._tcp.DOMAIN joins the block of DOMAIN, the records the
	 * domain owns (its MX and NS lines) */
	const uint8_t *name = owner;
	while (name[0] != 0 && zone_name_is_below(name, z->origin) &&
	       !zone_name_equal(name, z->origin)) {
		name += name[0] + 1;
		node = zone_find(z, name);
		if (node != ZONE_NONE && zone_node_rr_count(z, node) > 0) {
			size_t end = node_end(z, node);
			*place = end != 0 ? PLACE_ANCESTOR : PLACE_END;
			return end != 0 ? end : f->line_count;
		}
	}
	*place = PLACE_END;
	return f->line_count;
}

/* An edit can touch a record only on a line of the main file that is not
 * made by $GENERATE. */
static bool editable(const struct zone *z, uint32_t rr)
{
	const struct zone_rr *rec = &z->rrs[rr];
	return rec->file == 0 && !(rec->span & ZONE_RR_GENERATED);
}

/* Does a remedy of f change a record that no edit can touch? */
static bool needs_hand(const struct zone *z, const struct finding *f)
{
	for (uint32_t k = 0; k < f->fix_count; k++) {
		const struct remedy *r = &f->fix[k];
		if (r->action != REMEDY_ADD && r->rr < z->rr_count && !editable(z, r->rr))
			return true;
	}
	return false;
}

/* What to do by hand for f, one action a line: the place (file, line) and
 * the record. The caller frees it. */
static char *hand_actions(const struct zone *z, const struct finding *f)
{
	struct zl_buf b;
	zl_buf_init(&b);
	for (uint32_t k = 0; k < f->fix_count; k++) {
		const struct remedy *r = &f->fix[k];
		char *record = remedy_record(z, r);
		if (r->action == REMEDY_ADD) {
			zl_buf_printf(&b, "add %s\n", record);
		} else {
			const struct zone_rr *rec = r->rr < z->rr_count ? &z->rrs[r->rr] : NULL;
			const char *file = r->file != NULL ? r->file : z->path;
			const char *made = rec != NULL && (rec->span & ZONE_RR_GENERATED)
						   ? " (the $GENERATE line that makes it)"
						   : "";
			if (r->action == REMEDY_DELETE) {
				zl_buf_printf(&b, "delete line %u of %s%s: %s\n", r->line, file, made,
					      record);
			} else {
				zl_buf_printf(&b, "change line %u of %s%s to: %s\n", r->line, file, made,
					      record);
			}
		}
		free(record);
	}
	return zl_buf_steal(&b);
}

/* Line edits are only right for the text the zone was parsed from. */
static int same_source(const struct zone *z, const struct fix_file *f, struct zl_error *err)
{
	const struct zone_file_id *id = &z->path_id;
	if (!id->known)
		return zl_error_set(err, ZL_EUSAGE, z->path, 0,
				  "the zone was not loaded from this file: zonelint fix edits only the "
				  "file a zone was read from");
	if (id->dev != (uint64_t)f->dev || id->ino != (uint64_t)f->ino || id->size != f->size ||
	    id->mtime_sec != f->mtime.tv_sec || id->mtime_nsec != f->mtime.tv_nsec)
		return zl_error_set(err, ZL_ECHANGED, z->path, 0,
				  "the file changed after the zone was read from it (%s): the fix "
				  "would edit other lines than those it checked; nothing done, run "
				  "zonelint fix again",
				  id->ino != (uint64_t)f->ino || id->dev != (uint64_t)f->dev
					  ? "it was replaced"
					  : id->size != f->size ? "its size differs" : "its mtime differs");
	return ZL_OK;
}

static void left_add(struct fix_plan *plan, const struct finding *f, char *by_hand)
{
	for (size_t i = 0; i < plan->left_count; i++) {
		const struct fix_left *l = &plan->left[i];
		if (l->rule == f->rule && l->line == f->line && strcmp(l->owner, f->owner) == 0 &&
		    strcmp(l->message, f->message) == 0) {
			free(by_hand);
			return;
		}
	}
	plan->left = zl_realloc(plan->left, (plan->left_count + 1) * sizeof(*plan->left));
	struct fix_left *l = &plan->left[plan->left_count++];
	l->rule = f->rule;
	l->severity = f->severity;
	l->file = zl_strdup(f->file != NULL ? f->file : "");
	l->line = f->line;
	l->line_after = f->line;
	l->owner = zl_strdup(f->owner != NULL ? f->owner : "");
	l->message = zl_strdup(f->message != NULL ? f->message : "");
	l->by_hand = by_hand;
}

/* A record the plan adds anyway (for another finding) is not for the
 * admin to add: its line goes from every by_hand list. */
static void drop_applied(struct fix_plan *plan)
{
	for (size_t i = 0; i < plan->left_count; i++) {
		char *a = plan->left[i].by_hand;
		if (a == NULL)
			continue;
		char *to = a;
		for (const char *p = a; *p != '\0';) {
			size_t n = strcspn(p, "\n");
			bool applied = false;
			if (n > 4 && strncmp(p, "add ", 4) == 0) {
				/* a line of added_records, which holds one a line */
				for (const char *q = plan->added_records; q != NULL && *q != '\0' && !applied;) {
					size_t m = strcspn(q, "\n");
					applied = m == n - 4 && memcmp(q, p + 4, m) == 0;
					q += m + (q[m] == '\n');
				}
			}
			size_t len = n + (p[n] == '\n');
			if (!applied) {
				memmove(to, p, len);
				to += len;
			}
			p += len;
		}
		*to = '\0';
	}
}

/* line (without its newline) with owner written in front, in place of the
 * blanks that stood for "the last owner": the rest of the line starts in
 * the same column where it can, separated as the blanks were (tabs or
 * spaces), and keeps every byte. Ends in "\n". Caller frees. */
static char *line_with_owner(const char *line, size_t len, const char *owner)
{
	size_t i = 0;
	unsigned col = 0;
	bool tabs = false;
	for (; i < len && is_blank(line[i]); i++) {
		if (line[i] == '\t') {
			tabs = true;
			col = (col / 8 + 1) * 8;
		} else {
			col++;
		}
	}
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_puts(&b, owner);
	unsigned at = (unsigned)strlen(owner);
	do {
		zl_buf_putc(&b, tabs ? '\t' : ' ');
		at = tabs ? (at / 8 + 1) * 8 : at + 1;
	} while (at < col);
	zl_buf_append(&b, line + i, len - i);
	zl_buf_putc(&b, '\n');
	return zl_buf_steal(&b);
}

/* The owner of a record as the file would write it in its first field. */
static void owner_field(const struct fix_style *s, const struct zone *z, const uint8_t *owner,
			char *out, size_t size)
{
	/* fix_style_record writes "OWNER<sep>..." : its first field is the owner */
	char *rec = fix_style_record(s, z->origin, owner, 0, ZT_TXT, "\"\"");
	size_t n = strcspn(rec, " \t");
	snprintf(out, size, "%.*s", (int)n, rec);
	free(rec);
}

struct owner_write {
	size_t line;
	char name[ZONE_TEXT_NAME_MAX];
};

/* RFC 1035 5.1: a record line that starts with a blank repeats the last
 * owner. Walks the main file as the edits leave it (records commented out
 * drop away, inserted records state their owners) and lists every kept
 * record whose blank owner would now stand for another name, with the
 * owner to write out on its first line. Returns how many, listed in *out
 * (the caller frees it). */

static size_t write_inherited_owners(const struct zone *z, const struct fix_file *f,
				     const struct fix_style *style, const uint32_t *at_line,
				     const bool *gone, const uint8_t *const *inserted_owner,
				     struct owner_write **out)
{
	size_t count = 0;
	uint8_t last[ZONE_NAME_MAX], own[ZONE_NAME_MAX];
	bool has_last = false, touched = false, uncertain = false;
	for (size_t n = 1; n <= f->line_count; n++) {
		size_t len;
		const char *line = fix_file_line(f, n, &len);
		uint32_t idx = at_line[n];
		if (idx == ZONE_NONE) {
			/* what a blank owner repeats after these is the loader's affair */
			if (is_directive(line, len, "$INCLUDE") || is_directive(line, len, "$GENERATE"))
				uncertain = true;
		} else {
			const struct zone_rr *rec = &z->rrs[idx];
			size_t span = rec->span & ZONE_RR_SPAN_MASK;
			zone_node_name(z, rec->node, own);
			if (gone[n]) {
				touched = true;
			} else if (len > 0 && !is_blank(line[0])) {
				memcpy(last, own, zone_name_len(own));
				has_last = true;
				touched = uncertain = false;
			} else {
				if (touched && (uncertain || !has_last || !zone_name_equal(last, own))) {
					*out = zl_realloc(*out, (count + 1) * sizeof(**out));
					(*out)[count].line = n;
					owner_field(style, z, own, (*out)[count].name,
						    sizeof((*out)[count].name));
					count++;
				}
				memcpy(last, own, zone_name_len(own));
				has_last = true;
				touched = uncertain = false;
			}
			n += span;
			if (n > f->line_count)
				break;
		}
		if (inserted_owner[n] != NULL) {
			memcpy(last, inserted_owner[n], zone_name_len(inserted_owner[n]));
			has_last = true;
			touched = true;
			uncertain = false;
		}
	}
	return count;
}

int fix_plan_make(const struct zone *z, const struct findings *findings, const struct tm *today,
		  const uint32_t *previous_serial, struct fix_plan *plan, struct zl_error *err)
{
	memset(plan, 0, sizeof(*plan));
	fix_edits_init(&plan->edits);
	int rc = fix_file_read(z->path, &plan->file, err);
	if (rc != ZL_OK)
		return rc;
	rc = same_source(z, &plan->file, err);
	if (rc != ZL_OK)
		return rc;
	const struct fix_file *file = &plan->file;

	/* the remedies of this zone's findings, each once; findings without
	 * one are left to the admin */
	const struct remedy **removals = NULL;
	struct addition *additions = NULL;
	size_t nrem = 0, nadd = 0, rem_cap = 0, add_cap = 0;
	bool *removing = zl_calloc(z->rr_count ? z->rr_count : 1, sizeof(*removing));
	/* serial-not-increased: the bump below is its remedy */
	const struct rule *serial_rule = rules_find("serial-not-increased");
	bool raise = false;
	for (size_t i = 0; i < findings->count; i++) {
		const struct finding *f = &findings->v[i];
		if (f->zone != z)
			continue;
		if (f->rule == serial_rule && serial_rule != NULL) {
			raise = true;
			continue;
		}
		if (f->fix_count == 0 && f->severity >= ZL_SEV_WARNING)
			left_add(plan, f, NULL);
		/* a record only the admin can change: all of the finding's
		 * remedies are said, none is applied (a part would not do) */
		if (needs_hand(z, f)) {
			left_add(plan, f, hand_actions(z, f));
			continue;
		}
		for (size_t k = 0; k < f->fix_count; k++) {
			const struct remedy *r = &f->fix[k];
			if (r->action != REMEDY_ADD && r->rr < z->rr_count && !removing[r->rr]) {
				removing[r->rr] = true;
				removals = zl_grow(removals, &rem_cap, nrem + 1, sizeof(*removals));
				removals[nrem++] = r;
			}
			if (r->action == REMEDY_ADD || r->action == REMEDY_REPLACE) {
				additions = zl_grow(additions, &add_cap, nadd + 1, sizeof(*additions));
				additions[nadd].r = r;
				additions[nadd].seq = nadd;
				nadd++;
			}
		}
	}
	free(removing);
	nadd = unique_additions(additions, nadd);
	uint32_t *at_line = NULL;
	bool *gone = NULL;
	const uint8_t **inserted_owner = NULL;
	struct owner_write *writes = NULL;
	size_t nwrites = 0;
	if (nrem == 0 && nadd == 0 && !raise)
		goto done;
	if (z->soa == ZONE_NONE || z->rrs[z->soa].file != 0)
		rc = zl_error_set(err, ZL_EREFUSED, z->path, 0,
				  "the SOA record is not in %s: zonelint fix cannot bump the serial",
				  z->path);
	if (rc != ZL_OK)
		goto done;

	struct fix_style style;
	fix_style_detect(file, z, &style);
	if (origin_changes(file, z))
		style.relative_owners = style.relative_data = false;

	/* the records of the main file by their first line */
	at_line = zl_malloc((file->line_count + 2) * sizeof(*at_line));
	for (size_t n = 0; n <= file->line_count + 1; n++)
		at_line[n] = ZONE_NONE;
	for (size_t i = 0; i < z->rr_count; i++) {
		const struct zone_rr *rec = &z->rrs[i];
		if (rec->file == 0 && !(rec->span & ZONE_RR_GENERATED) && rec->line >= 1 &&
		    rec->line <= file->line_count)
			at_line[rec->line] = (uint32_t)i;
	}

	/* remove: comment the lines out; a replaced record's successor follows it */
	gone = zl_calloc(file->line_count + 2, sizeof(*gone));
	plan->removed_rrs = zl_calloc(nrem ? nrem : 1, sizeof(*plan->removed_rrs));
	for (size_t i = 0; i < nrem; i++) {
		const struct zone_rr *rec = &z->rrs[removals[i]->rr];
		fix_edits_add(&plan->edits, FIX_EDIT_COMMENT_OUT, rec->line,
			      (size_t)(rec->span & ZONE_RR_SPAN_MASK) + 1, NULL);
		gone[rec->line] = true;
		plan->removed_rrs[plan->removed++] = removals[i]->rr;
	}
	/* add: records that join their owner first, then those that join their
	 * domain's block, then those at the end, so that inserts after one line
	 * come in that order */
	struct zl_buf added;
	zl_buf_init(&added);
	zl_buf_append(&added, "", 0);
	inserted_owner = zl_calloc(file->line_count + 2, sizeof(*inserted_owner));
	for (size_t i = 0; i < nadd; i++) {
		struct addition *a = &additions[i];
		if (a->r->action == REMEDY_REPLACE) {
			a->after = a->r->line + a->r->span;
			a->place = PLACE_OWNER;
		} else {
			a->after = place_of(z, file, a->r->owner, &a->place);
		}
	}
	for (int pass = 0; pass < PLACE_COUNT; pass++) {
		for (size_t i = 0; i < nadd; i++) {
			const struct addition *a = &additions[i];
			if ((int)a->place != pass)
				continue;
			char *line = fix_style_record(&style, z->origin, a->r->owner, a->r->ttl, a->r->type,
						      a->r->rdata);
			fix_edits_add(&plan->edits, FIX_EDIT_INSERT, a->after, 0, line);
			free(line);
			inserted_owner[a->after] = a->r->owner;
			char *record = remedy_record(z, a->r);
			zl_buf_printf(&added, "%s\n", record);
			free(record);
			if (a->r->action == REMEDY_ADD)
				plan->added++;
		}
	}
	plan->added_records = zl_buf_steal(&added);
	drop_applied(plan);

	nwrites = write_inherited_owners(z, file, &style, at_line, gone, inserted_owner, &writes);

	/* the serial (RFC 1982), only digits change on the SOA's line */
	const struct zone_rr *soa = &z->rrs[z->soa];
	plan->old_serial = zone_soa_serial(z);
	plan->new_serial = fix_serial_next(plan->old_serial, today);
	/* beyond the previous version's serial too (RFC 1982), which may be
	 * the greater (a serial lowered by mistake) */
	if (previous_serial != NULL && !zone_serial_gt(plan->new_serial, *previous_serial))
		plan->new_serial = fix_serial_next(*previous_serial, today);
	rc = fix_serial_edit(file, soa->line, soa->span & ZONE_RR_SPAN_MASK, plan->old_serial,
			     plan->new_serial, &plan->edits, err);
	if (rc != ZL_OK)
		goto done;
	/* an owner to write out on the serial's own line goes into that edit */
	size_t serial_edit = plan->edits.count - 1;
	plan->serial_line = plan->edits.v[serial_edit].line;
	for (size_t i = 0; i < nwrites; i++) {
		struct fix_edit *se = &plan->edits.v[serial_edit];
		size_t len;
		const char *line = fix_file_line(file, writes[i].line, &len);
		if (writes[i].line == se->line) {
			line = se->text;
			len = strcspn(se->text, "\n");
		}
		char *text = line_with_owner(line, len, writes[i].name);
		if (writes[i].line == se->line) {
			free(se->text);
			se->text = text;
		} else {
			fix_edits_add(&plan->edits, FIX_EDIT_REPLACE, writes[i].line, 1, text);
			free(text);
		}
		plan->owners_written++;
	}
	rc = fix_apply(file, &plan->edits, &plan->text, &plan->len, err);
	plan->changed = rc == ZL_OK;
done:
	free(writes);
	free(at_line);
	free(gone);
	free(inserted_owner);
	free(removals);
	free(additions);
	return rc;
}

void fix_plan_keep_left(struct fix_plan *plan, const struct findings *now)
{
	size_t kept = 0;
	for (size_t i = 0; i < plan->left_count; i++) {
		struct fix_left *l = &plan->left[i];
		/* the same finding in the fixed text: rule and owner, the same
		 * message when there is one that has it */
		const struct finding *match = NULL;
		for (size_t k = 0; k < now->count; k++) {
			const struct finding *f = &now->v[k];
			if (f->rule != l->rule || f->severity < ZL_SEV_WARNING ||
			    strcmp(f->owner, l->owner) != 0)
				continue;
			if (match == NULL || strcmp(f->message, l->message) == 0)
				match = f;
			if (strcmp(f->message, l->message) == 0)
				break;
		}
		if (match != NULL) {
			l->line_after = match->line;
			plan->left[kept++] = *l;
		} else {
			free(l->file);
			free(l->owner);
			free(l->message);
			free(l->by_hand);
		}
	}
	plan->left_count = kept;
}

void fix_plan_free(struct fix_plan *plan)
{
	fix_file_free(&plan->file);
	fix_edits_free(&plan->edits);
	free(plan->text);
	free(plan->removed_rrs);
	free(plan->added_records);
	for (size_t i = 0; i < plan->left_count; i++) {
		free(plan->left[i].file);
		free(plan->left[i].owner);
		free(plan->left[i].message);
		free(plan->left[i].by_hand);
	}
	free(plan->left);
	memset(plan, 0, sizeof(*plan));
}
