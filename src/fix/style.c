/* SPDX-License-Identifier: BSD-3-Clause */
/* fix/style.c: the layout a zone file uses for its records (RFC 1035 5.1
 * presentation format: relative or absolute owners, "@" for the origin,
 * TTL and class written or left out, tabs or spaces, column widths), learnt
 * from its records, and new record lines written the same way. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "fix/fix.h"

#define TAB_STOP 8
#define MAX_COLUMN 128 /* wider columns are not alignment, just long names */

struct field {
	size_t start, len;
	unsigned column; /* with tabs expanded */
	bool blank_before, tab_before;
};

/* The fields of one line up to a comment, '(' and ')' counted as fields of
 * their own (they start the data of a multi-line record). */
static size_t split_fields(const char *line, size_t len, struct field *v, size_t max)
{
	size_t n = 0, i = 0;
	unsigned col = 0;
	while (i < len && n < max) {
		size_t blank_start = i;
		bool has_tab = false;
		while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) {
			if (line[i] == '\t') {
				has_tab = true;
				col = (col / TAB_STOP + 1) * TAB_STOP;
			} else {
				col++;
			}
			i++;
		}
		if (i >= len || line[i] == ';')
			break;
		v[n].blank_before = i > blank_start;
		v[n].tab_before = has_tab;
		size_t start = i;
		if (line[i] == '(' || line[i] == ')') {
			i++;
		} else if (line[i] == '"') {
			for (i++; i < len && line[i] != '"'; i++)
				if (line[i] == '\\' && i + 1 < len)
					i++;
			if (i < len)
				i++;
		} else {
			while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' &&
			       line[i] != ';' && line[i] != '(' && line[i] != ')') {
				if (line[i] == '\\' && i + 1 < len)
					i++;
				i++;
			}
		}
		v[n].start = start;
		v[n].len = i - start;
		v[n].column = col;
		col += (unsigned)(i - start);
		n++;
	}
	return n;
}

static bool field_is(const char *line, const struct field *fl, const char *word)
{
	return fl->len == strlen(word) && strncasecmp(line + fl->start, word, fl->len) == 0;
}

static bool field_is_class(const char *line, const struct field *fl)
{
	if (field_is(line, fl, "IN") || field_is(line, fl, "CH") || field_is(line, fl, "HS") ||
	    field_is(line, fl, "CS"))
		return true;
	if (fl->len > 5 && strncasecmp(line + fl->start, "CLASS", 5) == 0) {
		for (size_t i = 5; i < fl->len; i++)
			if (!isdigit((unsigned char)line[fl->start + i]))
				return false;
		return true;
	}
	return false;
}

static bool field_is_ttl(const char *line, const struct field *fl)
{
	return fl->len > 0 && isdigit((unsigned char)line[fl->start]);
}

/* Absolute when the name ends in an unescaped dot. */
static bool owner_is_absolute(const char *line, const struct field *fl)
{
	if (fl->len == 0 || line[fl->start + fl->len - 1] != '.')
		return false;
	size_t backslashes = 0;
	for (size_t i = fl->start + fl->len - 1; i > fl->start && line[i - 1] == '\\'; i--)
		backslashes++;
	return backslashes % 2 == 0;
}

struct votes {
	size_t relative, absolute;
	size_t data_relative, data_absolute; /* the names in MX, NS, SRV... data */
	size_t ttl, no_ttl;
	size_t cls, no_cls;
	size_t tabs, spaces;
	/* histograms, [0] for records other than SOA, [1] for the SOA */
	size_t owner_col[2][MAX_COLUMN];
	size_t class_col[2][MAX_COLUMN];
	size_t type_col[2][MAX_COLUMN];
	size_t type_width[2][MAX_COLUMN];
	size_t measured[2];
};

static void count(size_t *hist, unsigned value)
{
	if (value < MAX_COLUMN)
		hist[value]++;
}

/* The most frequent value; a tie goes to the wider one. */
static unsigned mode(const size_t *hist)
{
	unsigned best = 0;
	for (unsigned i = 1; i < MAX_COLUMN; i++)
		if (hist[i] >= hist[best] && hist[i] > 0)
			best = i;
	return hist[best] > 0 ? best : 0;
}

/* Types whose data ends in the one host name a fix writes. */
static bool ends_in_name(uint16_t type)
{
	return type == ZT_MX || type == ZT_NS || type == ZT_CNAME || type == ZT_SRV ||
	       type == ZT_PTR || type == ZT_DNAME;
}

static void learn_line(struct votes *v, const char *line, size_t len, uint16_t type)
{
	bool is_soa = type == ZT_SOA;
	struct field fl[8];
	size_t n = split_fields(line, len, fl, 8);
	if (n == 0)
		return;
	/* RFC 1035 5.1: a line starting with a blank repeats the last owner */
	bool has_owner = fl[0].column == 0;
	size_t i = 0;
	if (has_owner) {
		if (owner_is_absolute(line, &fl[0]))
			v->absolute++;
		else
			v->relative++;
		i = 1;
	}
	size_t after_owner = i;
	bool ttl = false, cls = false;
	int h = is_soa ? 1 : 0;
	for (; i < n; i++) {
		if (!ttl && field_is_ttl(line, &fl[i])) {
			ttl = true;
		} else if (!cls && field_is_class(line, &fl[i])) {
			cls = true;
			count(v->class_col[h], fl[i].column);
		} else {
			break;
		}
	}
	if (ttl)
		v->ttl++;
	else
		v->no_ttl++;
	if (cls)
		v->cls++;
	else
		v->no_cls++;
	v->measured[h]++;
	/* tabs or spaces: the separators up to the data, not those inside it
	 * ("10 mail", "0 0 443 host") */
	for (size_t k = 0; k < n && k <= i + 1; k++) {
		if (!fl[k].blank_before)
			continue;
		if (fl[k].tab_before)
			v->tabs++;
		else
			v->spaces++;
	}
	if (after_owner < n)
		count(v->owner_col[h], fl[after_owner].column);
	if (i < n) {
		count(v->type_col[h], fl[i].column);
		if (i + 1 < n)
			count(v->type_width[h], fl[i + 1].column - fl[i].column);
	}
	/* the name at the end of the data, when it is on this line */
	if (ends_in_name(type) && n > i + 1 && line[fl[n - 1].start] != '(' &&
	    line[fl[n - 1].start] != ')') {
		if (owner_is_absolute(line, &fl[n - 1]))
			v->data_absolute++;
		else
			v->data_relative++;
	}
}

/* The file index in z that is f: by name, else by device and inode. */
static bool zone_file_is(const struct zone *z, size_t idx, const struct fix_file *f)
{
	if (strcmp(z->files[idx], f->path) == 0)
		return true;
	struct stat st;
	return stat(z->files[idx], &st) == 0 && st.st_dev == f->dev && st.st_ino == f->ino;
}

void fix_style_detect(const struct fix_file *f, const struct zone *z, struct fix_style *s)
{
	struct votes *v = zl_calloc(1, sizeof(*v));
	size_t nfiles = z->file_count;
	bool *mine = zl_calloc(nfiles ? nfiles : 1, sizeof(bool));
	for (size_t i = 0; i < nfiles; i++)
		mine[i] = zone_file_is(z, i, f);
	for (size_t r = 0; r < z->rr_count; r++) {
		const struct zone_rr *rr = &z->rrs[r];
		if (rr->file >= nfiles || !mine[rr->file] || (rr->span & ZONE_RR_GENERATED))
			continue;
		size_t len;
		const char *line = fix_file_line(f, rr->line, &len);
		if (line != NULL)
			learn_line(v, line, len, rr->type);
	}
	free(mine);

	/* Without records to learn from: what ldns prints. */
	s->relative_owners = v->relative > v->absolute;
	s->relative_data = v->data_relative > v->data_absolute;
	s->has_ttl = v->ttl >= v->no_ttl;
	s->has_class = v->cls >= v->no_cls;
	s->tabs = v->tabs >= v->spaces;
	/* The SOA is often laid out on its own; other records decide. */
	int h = v->measured[0] > 0 ? 0 : 1;
	s->owner_width = mode(v->owner_col[h]);
	s->class_column = mode(v->class_col[h]);
	s->type_column = mode(v->type_col[h]);
	s->type_width = mode(v->type_width[h]);
	free(v);
}

/* ---- writing ---- */

struct line_out {
	struct zl_buf b;
	unsigned col;
	bool tabs;
};

static void put(struct line_out *o, const char *s)
{
	zl_buf_puts(&o->b, s);
	o->col += (unsigned)strlen(s);
}

/* At least one separator, then up to column target. */
static void pad(struct line_out *o, unsigned target)
{
	do {
		if (o->tabs) {
			zl_buf_putc(&o->b, '\t');
			o->col = (o->col / TAB_STOP + 1) * TAB_STOP;
		} else {
			zl_buf_putc(&o->b, ' ');
			o->col++;
		}
	} while (o->col < target);
}

/* The owner as the file would write it. */
static void owner_text(const struct fix_style *s, const uint8_t *origin, const uint8_t *owner,
		       char *out, size_t size)
{
	if (s->relative_owners && origin != NULL && zone_name_is_below(owner, origin)) {
		unsigned keep = zone_name_labels(owner) - zone_name_labels(origin);
		if (keep == 0) {
			snprintf(out, size, "@");
			return;
		}
		uint8_t prefix[ZONE_NAME_MAX];
		const uint8_t *p = owner;
		size_t len = 0;
		for (unsigned i = 0; i < keep; i++) {
			memcpy(prefix + len, p, (size_t)*p + 1);
			len += (size_t)*p + 1;
			p += *p + 1;
		}
		prefix[len] = 0;
		zone_name_to_text(prefix, out, size);
		size_t n = strlen(out);
		if (n > 0 && out[n - 1] == '.')
			out[n - 1] = '\0';
		return;
	}
	zone_name_to_text(owner, out, size);
}

/* rdata with the host name it ends in written relative to origin, as the
 * file writes such names (and it is below origin). The caller frees it. */
static char *data_text(const struct fix_style *s, const uint8_t *origin, uint16_t type,
		       const char *rdata)
{
	const char *last = strrchr(rdata, ' ');
	last = last != NULL ? last + 1 : rdata;
	uint8_t name[ZONE_NAME_MAX];
	if (!s->relative_data || origin == NULL || !ends_in_name(type) ||
	    zone_name_from_text(last, NULL, name, NULL) != ZL_OK ||
	    !zone_name_is_below(name, origin))
		return zl_strdup(rdata);
	struct fix_style rel = *s;
	rel.relative_owners = true;
	char text[ZONE_TEXT_NAME_MAX];
	owner_text(&rel, origin, name, text, sizeof(text));
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_append(&b, rdata, (size_t)(last - rdata));
	zl_buf_puts(&b, text);
	return zl_buf_steal(&b);
}

char *fix_style_record(const struct fix_style *s, const uint8_t *origin, const uint8_t *owner,
		       uint32_t ttl, uint16_t type, const char *rdata)
{
	struct line_out o;
	zl_buf_init(&o.b);
	o.col = 0;
	o.tabs = s->tabs;
	char name[ZONE_TEXT_NAME_MAX];
	owner_text(s, origin, owner, name, sizeof(name));
	put(&o, name);
	unsigned owner_target = s->owner_width;
	if (!s->has_ttl && !s->has_class && s->type_column > owner_target)
		owner_target = s->type_column;
	pad(&o, owner_target);
	if (s->has_ttl) {
		char num[16];
		snprintf(num, sizeof(num), "%lu", (unsigned long)ttl);
		put(&o, num);
		pad(&o, s->has_class ? s->class_column : s->type_column);
	}
	if (s->has_class) {
		put(&o, "IN");
		pad(&o, s->type_column);
	}
	char t[32];
	zone_type_to_text(type, t, sizeof(t));
	unsigned type_start = o.col;
	put(&o, t);
	pad(&o, type_start + s->type_width);
	char *data = data_text(s, origin, type, rdata);
	put(&o, data);
	free(data);
	zl_buf_putc(&o.b, '\n');
	return zl_buf_steal(&o.b);
}
