/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/index.c: the name index over the store. After loading it marks the
 * apex, zone cuts and occluded names (RFC 1034 4.2.1, RFC 2181 6, RFC 6672
 * 2.3), groups records by owner, and orders every node's children, hence
 * the whole zone, in canonical order (RFC 4034 6.1). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "zone/internal.h"

struct sort_item {
	uint64_t key; /* first 8 lower-cased octets, big-endian, zero padded */
	uint32_t node;
};

static int item_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct zone *z = ctx;
	const struct sort_item *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return zone_label_compare(z->labels + z->nodes[a->node].label, z->labels + z->nodes[b->node].label);
}

/* The first eight octets of a label, lower-cased, as a big-endian number
 * (zero-padded): read at once (the labels have ZONE_LABEL_SLACK octets of
 * room at their end). */
static uint64_t label_key(const uint8_t *label)
{
	uint64_t w;
	memcpy(&w, label + 1, sizeof(w));
	unsigned len = label[0];
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	if (len < 8)
		w &= ~(~(uint64_t)0 >> (8 * len));
	return zone_lower8(w);
#else
	if (len < 8)
		w &= ((uint64_t)1 << (8 * len)) - 1;
	return __builtin_bswap64(zone_lower8(w));
#endif
}

/* Sorts a[0..n) by key: MSD radix sort on the most significant octet in
 * which the keys differ (sibling labels usually share a prefix: one pass
 * finds where they part), insertion sort for small buckets. tmp holds n
 * items. */
static void sort_keys(struct sort_item *a, struct sort_item *tmp, size_t n)
{
	if (n <= 24) {
		for (size_t i = 1; i < n; i++) {
			struct sort_item v = a[i];
			size_t j = i;
			for (; j > 0 && a[j - 1].key > v.key; j--)
				a[j] = a[j - 1];
			a[j] = v;
		}
		return;
	}
	uint64_t diff = 0;
	for (size_t i = 1; i < n; i++)
		diff |= a[i].key ^ a[0].key;
	if (diff == 0)
		return;
	unsigned shift = (63 - (unsigned)__builtin_clzll(diff)) & ~7u;
	uint32_t count[256], start[256];
	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++)
		count[(a[i].key >> shift) & 0xff]++;
	uint32_t pos = 0;
	for (unsigned d = 0; d < 256; d++) {
		start[d] = pos;
		pos += count[d];
	}
	for (size_t i = 0; i < n; i++)
		tmp[start[(a[i].key >> shift) & 0xff]++] = a[i];
	memcpy(a, tmp, n * sizeof(*a));
	/* start[d] is now the end of bucket d */
	for (unsigned d = 0; d < 256; d++)
		if (count[d] > 1)
			sort_keys(a + start[d] - count[d], tmp, count[d]);
}

/* Canonical order of the items: by their 8-octet keys, then a comparison
 * of the whole labels inside runs of equal keys (long common prefixes). */
static void sort_items(const struct zone *z, struct sort_item *a, struct sort_item *tmp, size_t n)
{
	sort_keys(a, tmp, n);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && a[j].key == a[i].key)
			j++;
		if (j - i > 1)
			qsort_r(a + i, j - i, sizeof(*a), item_cmp, (void *)z);
		i = j;
	}
}

static void sort_children(const struct zone *z, uint32_t *c, size_t n, struct sort_item *items,
			  struct sort_item *tmp)
{
	if (n < 2)
		return;
	if (n <= 16) {
		for (size_t i = 1; i < n; i++) {
			uint32_t v = c[i];
			const uint8_t *lv = z->labels + z->nodes[v].label;
			size_t j = i;
			while (j > 0 && zone_label_compare(z->labels + z->nodes[c[j - 1]].label, lv) > 0) {
				c[j] = c[j - 1];
				j--;
			}
			c[j] = v;
		}
		return;
	}
	for (size_t i = 0; i < n; i++) {
		items[i].key = label_key(z->labels + z->nodes[c[i]].label);
		items[i].node = c[i];
	}
	sort_items(z, items, tmp, n);
	for (size_t i = 0; i < n; i++)
		c[i] = items[i].node;
}

static void build_children(struct zone *z)
{
	size_t n = z->node_count;
	/* a counting sort with no second array: counted one slot late
	 * (cf[p + 2]), summed so that cf[p + 1] is where p's children start,
	 * then filled through cf[p + 1], which ends where they end: cf[p] */
	uint32_t *cf = zone_big_alloc(n + 2, sizeof(uint32_t), true);
	size_t max_group = 0;
	for (size_t i = 1; i < n; i++)
		cf[z->nodes[i].parent + 2]++;
	for (size_t i = 0; i < n; i++) {
		if (cf[i + 2] > max_group)
			max_group = cf[i + 2];
		cf[i + 2] += cf[i + 1];
	}
	z->children = zone_big_alloc(n > 1 ? n - 1 : 1, sizeof(uint32_t), false);
	for (size_t i = 1; i < n; i++)
		z->children[cf[z->nodes[i].parent + 1]++] = (uint32_t)i;
	z->child_first = cf;

	struct sort_item *items = NULL, *tmp = NULL;
	if (max_group > 16) {
		items = zl_malloc(max_group * sizeof(*items));
		tmp = zl_malloc(max_group * sizeof(*tmp));
	}
	for (size_t i = 0; i < n; i++) {
		uint32_t first = z->child_first[i], end = z->child_first[i + 1];
		sort_children(z, z->children + first, end - first, items, tmp);
	}
	free(items);
	free(tmp);
}

/* Pre-order from the apex: a name sorts before its descendants. */
void zone_walk_start(struct zone_walk *w)
{
	w->top = 0;
	w->begun = false;
}

uint32_t zone_walk_next(const struct zone *z, struct zone_walk *w)
{
	if (!w->begun) {
		w->begun = true;
		if (z->apex == ZONE_NONE)
			return ZONE_NONE;
		w->node[0] = z->apex;
		w->next[0] = 0;
		w->top = 1;
		return z->apex;
	}
	while (w->top > 0) {
		unsigned t = w->top - 1;
		uint32_t node = w->node[t];
		if (w->next[t] < zone_child_count(z, node) && w->top < ZONE_WALK_DEPTH) {
			uint32_t child = zone_child(z, node, w->next[t]++);
			w->node[w->top] = child;
			w->next[w->top] = 0;
			w->top++;
			return child;
		}
		w->top--;
	}
	return ZONE_NONE;
}

/* The data of the types whose names compare as names: fixed octets (pre),
 * then names (names), then octets. */
static bool rdata_layout(uint16_t type, size_t *pre_out, int *names_out)
{
	size_t pre = 0;
	int names = 1;
	switch (type) {
	case ZT_NS: case 3: case 4: case ZT_CNAME: case 7: case 8: case 9: case ZT_PTR:
	case ZT_DNAME:
		break; /* NS, MD, MF, CNAME, MB, MG, MR, PTR, DNAME: one name */
	case ZT_SOA: case 14: case 17:
		names = 2; /* SOA, MINFO, RP: two names first */
		break;
	case ZT_MX: case 18: case 21: case ZT_KX:
		pre = 2; /* MX, AFSDB, RT, KX: preference, name */
		break;
	case 26:
		pre = 2; /* PX: preference, two names */
		names = 2;
		break;
	case ZT_SRV:
		pre = 6; /* priority, weight, port, target */
		break;
	default:
		return false;
	}
	*pre_out = pre;
	*names_out = names;
	return true;
}

bool zone_rdata_names_valid(uint16_t type, const uint8_t *rd, size_t len)
{
	size_t off = 0;
	int names = 0;
	if (!rdata_layout(type, &off, &names))
		return true;
	for (int k = 0; k < names; k++) {
		size_t start = off;
		for (;;) {
			if (off >= len || rd[off] > 63)
				return false; /* past the data, or a compression pointer */
			uint8_t l = rd[off];
			off += (size_t)l + 1;
			if (off - start > ZONE_NAME_MAX)
				return false;
			if (l == 0)
				break;
		}
	}
	/* what follows the names: SOA's five numbers, nothing for the others */
	return type == ZT_SOA ? len - off == 20 : off == len;
}

bool zone_rdata_equal(uint16_t type, const uint8_t *a, const uint8_t *b, size_t len)
{
	size_t pre = 0;
	int names = 1;
	if (!rdata_layout(type, &pre, &names))
		return memcmp(a, b, len) == 0;
	if (len < pre || memcmp(a, b, pre) != 0)
		return false;
	size_t off = pre;
	for (int k = 0; k < names && off < len; k++) {
		for (;;) {
			uint8_t l = a[off];
			if (b[off] != l || len - off - 1 < l)
				return memcmp(a + off, b + off, len - off) == 0;
			off++;
			for (uint8_t i = 0; i < l; i++, off++)
				if (zl_lower(a[off]) != zl_lower(b[off]))
					return false;
			if (l == 0 || off >= len)
				break;
		}
	}
	return memcmp(a + off, b + off, len - off) == 0;
}

void zone_rdata_lower(uint16_t type, uint8_t *rd, size_t len)
{
	size_t off = 0;
	int names = 0;
	if (!rdata_layout(type, &off, &names))
		return;
	for (int k = 0; k < names; k++) {
		for (;;) {
			if (off >= len || rd[off] > 63 || len - off - 1 < rd[off])
				return;
			uint8_t l = rd[off++];
			for (uint8_t i = 0; i < l; i++, off++)
				rd[off] = zl_lower(rd[off]);
			if (l == 0)
				break;
		}
	}
}

uint32_t zone_soa_serial(const struct zone *z)
{
	if (z->soa == ZONE_NONE)
		return 0;
	const struct zone_rr *soa = &z->rrs[z->soa];
	const uint8_t *rd = zone_rr_rdata(z, soa);
	size_t off = zone_name_len(rd);
	off += zone_name_len(rd + off);
	if (off + 4 > soa->rdlen)
		return 0;
	const uint8_t *s = rd + off;
	return (uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 | s[3];
}

/* Identical records (owner, type, data) are one record to a server: mark
 * the later ones so that answers and counts skip them. */
static void mark_duplicates(struct zone *z)
{
	for (size_t n = 0; n < z->node_count; n++) {
		const struct zone_node *node = &z->nodes[n];
		uint32_t count = zone_node_rr_count(z, (uint32_t)n);
		for (uint32_t i = 1; i < count; i++) {
			struct zone_rr *a = &z->rrs[z->rr_order[node->rr_first + i]];
			for (uint32_t j = 0; j < i; j++) {
				const struct zone_rr *b = &z->rrs[z->rr_order[node->rr_first + j]];
				if (a->type == b->type && a->rdlen == b->rdlen &&
				    !(b->span & ZONE_RR_DUPLICATE) &&
				    zone_rdata_equal(a->type, z->rdata + a->rdata, z->rdata + b->rdata, a->rdlen)) {
					a->span |= ZONE_RR_DUPLICATE;
					break;
				}
			}
		}
	}
}

/* The children of every node in canonical order: they read only the
 * nodes' parents and labels, which the other half never writes. */
static void *build_order(void *arg)
{
	build_children(arg);
	return NULL;
}

void zone_index_build(struct zone *z, bool two_threads)
{
	pthread_t order;
	bool started = false;
	if (two_threads)
		started = zl_thread_start(&order, build_order, z) == 0;

	/* Flags: parents were created before their children, so one forward
	 * pass sees every parent finished. */
	for (size_t i = 0; i < z->node_count; i++) {
		struct zone_node *n = &z->nodes[i];
		if (i == z->apex) {
			n->flags |= ZN_IN_ZONE | ZN_APEX;
			continue;
		}
		if (n->parent == ZONE_NONE)
			continue;
		const struct zone_node *p = &z->nodes[n->parent];
		if (!(p->flags & ZN_IN_ZONE))
			continue;
		n->flags |= ZN_IN_ZONE;
		/* RFC 1034 4.2.1: below a cut is the child's; RFC 6672 2.3:
		 * nothing below a DNAME is answered. */
		if ((p->flags & (ZN_OCCLUDED | ZN_CUT)) || (p->flags & ZN_HAS_DNAME))
			n->flags |= ZN_OCCLUDED;
		else if (n->flags & ZN_HAS_NS)
			n->flags |= ZN_CUT;
	}

	/* Records grouped by owner with a counting sort (file order kept). */
	/* rr_first holds each node's count: summed into where its group
	 * starts, used as the fill cursor (it then holds where the group
	 * ends, the next group's start), and moved back one node */
	uint32_t pos = 0;
	for (size_t i = 0; i < z->node_count; i++) {
		uint32_t count = z->nodes[i].rr_first;
		z->nodes[i].rr_first = pos;
		pos += count;
	}
	z->rr_order = zone_big_alloc(z->rr_count, sizeof(uint32_t), false);
	for (size_t i = 0; i < z->rr_count; i++)
		z->rr_order[z->nodes[z->rrs[i].node].rr_first++] = (uint32_t)i;
	for (size_t i = z->node_count; i-- > 1;)
		z->nodes[i].rr_first = z->nodes[i - 1].rr_first;
	z->nodes[0].rr_first = 0;

	mark_duplicates(z);
	if (started)
		pthread_join(order, NULL);
	else
		build_order(z);
	zone_denial_build(z);
}

uint32_t zone_find(const struct zone *z, const uint8_t *name)
{
	uint8_t off[128];
	unsigned labels = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1)
		off[labels++] = (uint8_t)(p - name);
	uint32_t node = 0;
	/* names of the zone (nearly every name asked) start at the apex */
	if (z->apex != ZONE_NONE) {
		unsigned depth = z->nodes[z->apex].depth;
		if (depth > 0 && labels >= depth &&
		    zone_name_equal(name + off[labels - depth], z->origin)) {
			node = z->apex;
			labels -= depth;
		}
	}
	while (labels > 0 && node != ZONE_NONE)
		node = zone_find_child(z, node, name + off[--labels]);
	return node;
}

size_t zone_node_name(const struct zone *z, uint32_t node, uint8_t *out)
{
	size_t len = z->nodes[node].namelen;
	size_t pos = 0;
	for (uint32_t n = node; n != 0 && n != ZONE_NONE; n = z->nodes[n].parent) {
		const uint8_t *label = z->labels + z->nodes[n].label;
		memcpy(out + pos, label, (size_t)label[0] + 1);
		pos += (size_t)label[0] + 1;
	}
	out[pos] = 0;
	return len;
}

void zone_node_text(const struct zone *z, uint32_t node, char *out, size_t size)
{
	uint8_t name[ZONE_NAME_MAX];
	zone_node_name(z, node, name);
	zone_name_to_text(name, out, size);
}

const struct zone_rr *zone_node_rr(const struct zone *z, uint32_t node, size_t i)
{
	return &z->rrs[z->rr_order[z->nodes[node].rr_first + i]];
}

uint32_t zone_node_next(const struct zone *z, uint32_t node, uint16_t type, size_t *cursor)
{
	const struct zone_node *n = &z->nodes[node];
	uint32_t count = zone_node_rr_count(z, node);
	while (*cursor < count) {
		uint32_t idx = z->rr_order[n->rr_first + (*cursor)++];
		if (z->rrs[idx].type == type)
			return idx;
	}
	return ZONE_NONE;
}

bool zone_node_has(const struct zone *z, uint32_t node, uint16_t type)
{
	size_t cursor = 0;
	return zone_node_next(z, node, type, &cursor) != ZONE_NONE;
}

const char *zone_rr_file(const struct zone *z, const struct zone_rr *rr)
{
	return z->files[rr->file];
}

const uint8_t *zone_rr_target(const struct zone *z, const struct zone_rr *rr)
{
	const uint8_t *rd = zone_rr_rdata(z, rr);
	switch (rr->type) {
	case ZT_NS:
	case ZT_CNAME:
	case ZT_DNAME:
	case ZT_PTR:
		return rr->rdlen >= 1 ? rd : NULL;
	case ZT_MX:
	case ZT_KX:
		return rr->rdlen >= 3 ? rd + 2 : NULL;
	case ZT_SRV:
		return rr->rdlen >= 7 ? rd + 6 : NULL;
	default:
		return NULL;
	}
}
