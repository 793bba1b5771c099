/* SPDX-License-Identifier: BSD-3-Clause */
/* fix/diff.c: unified diffs by line (the format of POSIX diff -u and GNU
 * diff: 3 lines of context, hunks merged when their context touches,
 * "\ No newline at end of file" markers) computed with Myers' O(ND)
 * algorithm in linear space ("An O(ND) Difference Algorithm", 1986, 4b). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix/fix.h"

#define CONTEXT 3

struct line {
	const char *text;
	size_t len; /* with the newline, when there is one */
};

struct side {
	struct line *lines;
	size_t count;
	size_t *id;   /* equal lines have equal ids */
	bool *change; /* the line is deleted (old) or inserted (new) */
};

static void split_lines(const char *text, size_t len, struct side *s)
{
	size_t count = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			count++;
	if (len > 0 && text[len - 1] != '\n')
		count++;
	s->lines = zl_calloc(count ? count : 1, sizeof(*s->lines));
	s->id = zl_calloc(count ? count : 1, sizeof(*s->id));
	s->change = zl_calloc(count ? count : 1, sizeof(*s->change));
	s->count = count;
	size_t n = 0, start = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n') {
			s->lines[n].text = text + start;
			s->lines[n++].len = i + 1 - start;
			start = i + 1;
		}
	}
	if (start < len) {
		s->lines[n].text = text + start;
		s->lines[n].len = len - start;
	}
}

static void side_free(struct side *s)
{
	free(s->lines);
	free(s->id);
	free(s->change);
}

/* ---- equal lines get one id, so that comparing is comparing numbers ---- */

static uint64_t hash_line(const struct line *l)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < l->len; i++) {
		h ^= (unsigned char)l->text[i];
		h *= 1099511628211u;
	}
	return h;
}

struct intern {
	const struct line **slot;
	size_t *slot_id;
	size_t mask;
	size_t next_id;
};

static void intern_side(struct intern *t, struct side *s)
{
	for (size_t i = 0; i < s->count; i++) {
		const struct line *l = &s->lines[i];
		size_t h = (size_t)hash_line(l) & t->mask;
		while (t->slot[h] != NULL &&
		       !(t->slot[h]->len == l->len && memcmp(t->slot[h]->text, l->text, l->len) == 0))
			h = (h + 1) & t->mask;
		if (t->slot[h] == NULL) {
			t->slot[h] = l;
			t->slot_id[h] = t->next_id++;
		}
		s->id[i] = t->slot_id[h];
	}
}

static void assign_ids(struct side *a, struct side *b)
{
	size_t size = 16;
	while (size < 2 * (a->count + b->count))
		size *= 2;
	struct intern t = {zl_calloc(size, sizeof(*t.slot)), zl_calloc(size, sizeof(size_t)),
			   size - 1, 0};
	intern_side(&t, a);
	intern_side(&t, b);
	free(t.slot);
	free(t.slot_id);
}

/* ---- Myers: mark the lines outside a longest common subsequence ---- */

struct myers {
	const size_t *a, *b;
	bool *del, *ins;
	long *v1, *v2; /* work arrays for the middle snake, 2 * max_d + 2 each */
};

static void mark_all(struct myers *m, size_t a0, size_t a1, size_t b0, size_t b1)
{
	for (size_t i = a0; i < a1; i++)
		m->del[i] = true;
	for (size_t j = b0; j < b1; j++)
		m->ins[j] = true;
}

static void compare(struct myers *m, size_t a0, size_t a1, size_t b0, size_t b1);

/* Finds a point (x, y) on an optimal edit path through the middle of the
 * edit graph of a[a0..a1) and b[b0..b1), walking from both corners at
 * once, and solves the two halves. Both ends differ (compare trims them). */
static void bisect(struct myers *m, size_t a0, size_t a1, size_t b0, size_t b1)
{
	long n = (long)(a1 - a0), mm = (long)(b1 - b0);
	const size_t *a = m->a + a0, *b = m->b + b0;
	long max_d = (n + mm + 1) / 2;
	long off = max_d, vlen = 2 * max_d + 2;
	long *v1 = m->v1, *v2 = m->v2;
	for (long i = 0; i < vlen; i++)
		v1[i] = v2[i] = -1;
	v1[off + 1] = 0;
	v2[off + 1] = 0;
	long delta = n - mm;
	bool front = (delta & 1) != 0; /* odd delta: the paths meet going forward */
	long k1start = 0, k1end = 0, k2start = 0, k2end = 0;
	for (long d = 0; d < max_d; d++) {
		for (long k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
			long k1o = off + k1, x1;
			if (k1 == -d || (k1 != d && v1[k1o - 1] < v1[k1o + 1]))
				x1 = v1[k1o + 1];
			else
				x1 = v1[k1o - 1] + 1;
			long y1 = x1 - k1;
			while (x1 < n && y1 < mm && a[x1] == b[y1]) {
				x1++;
				y1++;
			}
			v1[k1o] = x1;
			if (x1 > n) {
				k1end += 2;
			} else if (y1 > mm) {
				k1start += 2;
			} else if (front) {
				long k2o = off + delta - k1;
				if (k2o >= 0 && k2o < vlen && v2[k2o] != -1 && x1 >= n - v2[k2o]) {
					compare(m, a0, a0 + (size_t)x1, b0, b0 + (size_t)y1);
					compare(m, a0 + (size_t)x1, a1, b0 + (size_t)y1, b1);
					return;
				}
			}
		}
		for (long k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
			long k2o = off + k2, x2;
			if (k2 == -d || (k2 != d && v2[k2o - 1] < v2[k2o + 1]))
				x2 = v2[k2o + 1];
			else
				x2 = v2[k2o - 1] + 1;
			long y2 = x2 - k2;
			while (x2 < n && y2 < mm && a[n - x2 - 1] == b[mm - y2 - 1]) {
				x2++;
				y2++;
			}
			v2[k2o] = x2;
			if (x2 > n) {
				k2end += 2;
			} else if (y2 > mm) {
				k2start += 2;
			} else if (!front) {
				long k1o = off + delta - k2;
				if (k1o >= 0 && k1o < vlen && v1[k1o] != -1) {
					long x1 = v1[k1o], y1 = off + x1 - k1o;
					if (x1 >= n - x2) {
						compare(m, a0, a0 + (size_t)x1, b0, b0 + (size_t)y1);
						compare(m, a0 + (size_t)x1, a1, b0 + (size_t)y1, b1);
						return;
					}
				}
			}
		}
	}
	/* no common line at all */
	mark_all(m, a0, a1, b0, b1);
}

static void compare(struct myers *m, size_t a0, size_t a1, size_t b0, size_t b1)
{
	while (a0 < a1 && b0 < b1 && m->a[a0] == m->b[b0]) {
		a0++;
		b0++;
	}
	while (a0 < a1 && b0 < b1 && m->a[a1 - 1] == m->b[b1 - 1]) {
		a1--;
		b1--;
	}
	if (a0 == a1 || b0 == b1) {
		mark_all(m, a0, a1, b0, b1);
		return;
	}
	bisect(m, a0, a1, b0, b1);
}

/* ---- hunks ---- */

/* One run of changed lines: old [a, a_end) became new [b, b_end). */
struct change {
	size_t a, a_end, b, b_end;
};

static struct change *collect_changes(const struct side *o, const struct side *n, size_t *count)
{
	struct change *v = NULL;
	size_t cap = 0, c = 0, i = 0, j = 0;
	while (i < o->count || j < n->count) {
		if (i < o->count && j < n->count && !o->change[i] && !n->change[j]) {
			i++;
			j++;
			continue;
		}
		struct change ch = {i, i, j, j};
		while (ch.a_end < o->count && o->change[ch.a_end])
			ch.a_end++;
		while (ch.b_end < n->count && n->change[ch.b_end])
			ch.b_end++;
		if (ch.a_end == i && ch.b_end == j) {
			/* cannot happen with consistent marks; never loop */
			ch.a_end = i < o->count ? i + 1 : i;
			ch.b_end = j < n->count ? j + 1 : j;
		}
		v = zl_grow(v, &cap, c + 1, sizeof(*v));
		v[c++] = ch;
		i = ch.a_end;
		j = ch.b_end;
	}
	*count = c;
	return v;
}

static void put_line(struct zl_buf *out, char mark, const struct line *l)
{
	zl_buf_putc(out, mark);
	zl_buf_append(out, l->text, l->len);
	if (l->len == 0 || l->text[l->len - 1] != '\n')
		zl_buf_puts(out, "\n\\ No newline at end of file\n");
}

/* "start,count", with diff -u's conventions: ",1" left out, and an empty
 * range named by the line before it. */
static void put_range(struct zl_buf *out, size_t first, size_t count)
{
	if (count == 1)
		zl_buf_printf(out, "%zu", first + 1);
	else
		zl_buf_printf(out, "%zu,%zu", count == 0 ? first : first + 1, count);
}

static void put_hunk(struct zl_buf *out, const struct side *o, const struct side *n,
		     const struct change *ch, size_t count)
{
	/* context before the first change and after the last: the same lines
	 * on both sides */
	size_t pre = ch[0].a < CONTEXT ? ch[0].a : CONTEXT;
	size_t after = o->count - ch[count - 1].a_end;
	size_t post = after < CONTEXT ? after : CONTEXT;
	size_t a_first = ch[0].a - pre, b_first = ch[0].b - pre;
	size_t a_last = ch[count - 1].a_end + post, b_last = ch[count - 1].b_end + post;
	zl_buf_puts(out, "@@ -");
	put_range(out, a_first, a_last - a_first);
	zl_buf_puts(out, " +");
	put_range(out, b_first, b_last - b_first);
	zl_buf_puts(out, " @@\n");
	size_t i = a_first;
	for (size_t c = 0; c < count; c++) {
		for (; i < ch[c].a; i++)
			put_line(out, ' ', &o->lines[i]);
		for (size_t k = ch[c].a; k < ch[c].a_end; k++)
			put_line(out, '-', &o->lines[k]);
		for (size_t k = ch[c].b; k < ch[c].b_end; k++)
			put_line(out, '+', &n->lines[k]);
		i = ch[c].a_end;
	}
	for (; i < a_last; i++)
		put_line(out, ' ', &o->lines[i]);
}

char *fix_diff(const char *path, const char *old, size_t old_len, const char *new_text,
	       size_t new_len)
{
	struct zl_buf out;
	zl_buf_init(&out);
	if (old_len == new_len && memcmp(old, new_text, old_len) == 0)
		return zl_buf_steal(&out);
	struct side o, n;
	split_lines(old, old_len, &o);
	split_lines(new_text, new_len, &n);
	assign_ids(&o, &n);
	size_t max_d = (o.count + n.count + 1) / 2;
	struct myers m = {o.id, n.id, o.change, n.change,
			  zl_calloc(2 * max_d + 2, sizeof(long)),
			  zl_calloc(2 * max_d + 2, sizeof(long))};
	compare(&m, 0, o.count, 0, n.count);
	free(m.v1);
	free(m.v2);

	size_t count;
	struct change *ch = collect_changes(&o, &n, &count);
	zl_buf_printf(&out, "--- %s\n+++ %s\n", path, path);
	/* Changes whose unchanged gap is at most twice the context share one
	 * hunk, as diff -u does. */
	for (size_t first = 0; first < count;) {
		size_t last = first;
		while (last + 1 < count && ch[last + 1].a - ch[last].a_end <= 2 * CONTEXT)
			last++;
		put_hunk(&out, &o, &n, ch + first, last - first + 1);
		first = last + 1;
	}
	free(ch);
	side_free(&o);
	side_free(&n);
	return zl_buf_steal(&out);
}
