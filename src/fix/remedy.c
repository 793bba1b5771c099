/* fix/remedy.c: the remedies of lint findings turned into edits of the zone
 * file, each once: records commented out, records added in the file's own
 * style after their owner's last record, the SOA serial bumped (RFC 1982). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fix/fix.h"

struct addition {
	const struct remedy *r;
	size_t after; /* line to insert after */
};

static bool same_record(const struct remedy *a, const struct remedy *b)
{
	return a->type == b->type && zone_name_equal(a->owner, b->owner) &&
	       strcasecmp(a->rdata, b->rdata) == 0;
}

/* Does the file change $ORIGIN to something other than the zone's origin?
 * Then relative names at the end of the file would mean something else:
 * new records get absolute names. */
static bool origin_changes(const struct fix_file *f, const struct zone *z)
{
	for (size_t n = 1; n <= f->line_count; n++) {
		size_t len;
		const char *line = fix_file_line(f, n, &len);
		if (len < 8 || strncasecmp(line, "$ORIGIN", 7) != 0 || (line[7] != ' ' && line[7] != '\t'))
			continue;
		char arg[ZONE_TEXT_NAME_MAX];
		size_t i = 7, k = 0;
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != ';' && line[i] != '\r' &&
		       k + 1 < sizeof(arg))
			arg[k++] = line[i++];
		arg[k] = '\0';
		uint8_t wire[ZONE_NAME_MAX];
		if (zone_name_from_text(arg, NULL, wire, NULL) != ZL_OK || !zone_name_equal(wire, z->origin))
			return true;
	}
	return false;
}

/* The last line of the last record of owner in the zone's main file, or 0. */
static size_t owner_end(const struct zone *z, const uint8_t *owner)
{
	uint32_t node = zone_find(z, owner);
	if (node == ZONE_NONE)
		return 0;
	size_t end = 0;
	for (uint32_t i = 0; i < z->nodes[node].rr_count; i++) {
		const struct zone_rr *rr = zone_node_rr(z, node, i);
		size_t last = rr->line + (rr->span & ZONE_RR_SPAN_MASK);
		if (rr->file == 0 && !(rr->span & ZONE_RR_GENERATED) && last > end)
			end = last;
	}
	return end;
}

/* A record that an edit must touch has to be a line of the main file. */
static int editable(const struct zone *z, uint32_t rr, struct zl_error *err)
{
	const struct zone_rr *rec = &z->rrs[rr];
	char *text = zone_rr_to_text(z, rec, NULL);
	int rc = ZL_OK;
	if (rec->file != 0)
		rc = zl_error_set(err, ZL_EREFUSED, z->path, 0,
				  "the record to change is in %s (line %u), which %s includes; zonelint "
				  "fix edits only the file it is given: change it there by hand: %s",
				  zone_rr_file(z, rec), rec->line, z->path, text);
	else if (rec->span & ZONE_RR_GENERATED)
		rc = zl_error_set(err, ZL_EREFUSED, z->path, rec->line,
				  "the record to change comes from a $GENERATE line; change the line by "
				  "hand: %s",
				  text);
	free(text);
	return rc;
}

int fix_plan_make(const struct zone *z, const struct findings *findings, const struct tm *today,
		  struct fix_plan *plan, struct zl_error *err)
{
	memset(plan, 0, sizeof(*plan));
	fix_edits_init(&plan->edits);
	int rc = fix_file_read(z->path, &plan->file, err);
	if (rc != ZL_OK)
		return rc;

	/* the remedies of this zone's findings, each once */
	const struct remedy **removals = NULL, **additions = NULL;
	size_t nrem = 0, nadd = 0;
	for (size_t i = 0; i < findings->count; i++) {
		const struct finding *f = &findings->v[i];
		if (f->zone != z)
			continue;
		for (size_t k = 0; k < f->fix_count; k++) {
			const struct remedy *r = &f->fix[k];
			bool dup = false;
			if (r->action != REMEDY_ADD) {
				for (size_t j = 0; j < nrem && !dup; j++)
					dup = removals[j]->rr == r->rr;
				if (!dup) {
					removals = zl_realloc(removals, (nrem + 1) * sizeof(*removals));
					removals[nrem++] = r;
				}
			}
			if (r->action == REMEDY_ADD || r->action == REMEDY_REPLACE) {
				dup = false;
				for (size_t j = 0; j < nadd && !dup; j++)
					dup = same_record(additions[j], r);
				if (!dup) {
					additions = zl_realloc(additions, (nadd + 1) * sizeof(*additions));
					additions[nadd++] = r;
				}
			}
		}
	}
	if (nrem == 0 && nadd == 0)
		goto done;
	for (size_t i = 0; i < nrem && rc == ZL_OK; i++)
		rc = editable(z, removals[i]->rr, err);
	if (rc == ZL_OK && (z->soa == ZONE_NONE || z->rrs[z->soa].file != 0))
		rc = zl_error_set(err, ZL_EREFUSED, z->path, 0,
				  "the SOA record is not in %s: zonelint fix cannot bump the serial",
				  z->path);
	if (rc != ZL_OK)
		goto done;

	struct fix_style style;
	fix_style_detect(&plan->file, z, &style);
	if (origin_changes(&plan->file, z))
		style.relative_owners = false;

	/* remove: comment the lines out; a replaced record's successor follows it */
	for (size_t i = 0; i < nrem; i++) {
		const struct zone_rr *rec = &z->rrs[removals[i]->rr];
		fix_edits_add(&plan->edits, FIX_EDIT_COMMENT_OUT, rec->line,
			      (size_t)(rec->span & ZONE_RR_SPAN_MASK) + 1, NULL);
		plan->removed++;
	}
	/* add: after the owner's last record, else at the end; records that
	 * join their owner go first, so that an end-of-file record placed after
	 * the same last line follows them */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nadd; i++) {
			const struct remedy *r = additions[i];
			size_t after = r->action == REMEDY_REPLACE ? r->line + r->span : owner_end(z, r->owner);
			if ((pass == 0) != (after != 0))
				continue;
			if (after == 0)
				after = plan->file.line_count;
			char *line = fix_style_record(&style, z->origin, r->owner, r->ttl, r->type, r->rdata);
			fix_edits_add(&plan->edits, FIX_EDIT_INSERT, after, 0, line);
			free(line);
			if (r->action == REMEDY_ADD)
				plan->added++;
		}
	}
	/* the serial (RFC 1982), only digits change on the SOA's line */
	const struct zone_rr *soa = &z->rrs[z->soa];
	const uint8_t *rd = zone_rr_rdata(z, soa);
	const uint8_t *serial = rd + zone_name_len(rd);
	serial += zone_name_len(serial);
	plan->old_serial = (uint32_t)serial[0] << 24 | (uint32_t)serial[1] << 16 |
			   (uint32_t)serial[2] << 8 | serial[3];
	plan->new_serial = fix_serial_next(plan->old_serial, today);
	rc = fix_serial_edit(&plan->file, soa->line, soa->span & ZONE_RR_SPAN_MASK, plan->old_serial,
			     plan->new_serial, &plan->edits, err);
	if (rc == ZL_OK)
		rc = fix_apply(&plan->file, &plan->edits, &plan->text, &plan->len, err);
	plan->changed = rc == ZL_OK;
done:
	free(removals);
	free(additions);
	return rc;
}

void fix_plan_free(struct fix_plan *plan)
{
	fix_file_free(&plan->file);
	fix_edits_free(&plan->edits);
	free(plan->text);
	memset(plan, 0, sizeof(*plan));
}
