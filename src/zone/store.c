/* zone/store.c: the zone store. Records, labels and record data live in a
 * few flat arrays owned by struct zone and freed at once (zone_free); names
 * are nodes of a hash trie keyed by (parent, label), so an owner costs one
 * label, not one whole name, and ancestors (empty non-terminals, RFC 4592
 * 2.2.2) exist as soon as a descendant does. */
#include <stdlib.h>
#include <string.h>

#include "zone/internal.h"

static uint32_t label_hash(uint32_t parent, const uint8_t *label)
{
	uint32_t h = 2166136261u ^ (parent * 0x9e3779b1u);
	for (unsigned i = 1; i <= label[0]; i++)
		h = (h ^ zl_lower(label[i])) * 16777619u;
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return h;
}

static bool label_equal(const uint8_t *a, const uint8_t *b)
{
	if (a[0] != b[0])
		return false;
	for (unsigned i = 1; i <= a[0]; i++)
		if (zl_lower(a[i]) != zl_lower(b[i]))
			return false;
	return true;
}

static void rehash(struct zone *z, size_t buckets)
{
	free(z->buckets);
	z->buckets = zl_malloc(buckets * sizeof(uint32_t));
	memset(z->buckets, 0xff, buckets * sizeof(uint32_t));
	z->bucket_mask = (uint32_t)(buckets - 1);
	for (uint32_t n = 1; n < z->node_count; n++) {
		struct zone_node *node = &z->nodes[n];
		uint32_t b = label_hash(node->parent, z->labels + node->label) & z->bucket_mask;
		node->hash_next = z->buckets[b];
		z->buckets[b] = n;
	}
}

struct zone *zone_store_new(void)
{
	struct zone *z = zl_calloc(1, sizeof(*z));
	z->apex = ZONE_NONE;
	z->soa = ZONE_NONE;
	z->rclass = ZC_IN;
	/* node 0 is the root, label offset 0 holds its empty label */
	z->labels = zl_grow(z->labels, &z->labels_cap, 1, 1);
	z->labels[0] = 0;
	z->labels_len = 1;
	z->nodes = zl_grow(z->nodes, &z->node_cap, 1, sizeof(struct zone_node));
	memset(&z->nodes[0], 0, sizeof(z->nodes[0]));
	z->nodes[0].parent = ZONE_NONE;
	z->nodes[0].hash_next = ZONE_NONE;
	z->nodes[0].namelen = 1;
	z->node_count = 1;
	rehash(z, 1024);
	return z;
}

uint32_t zone_find_child(const struct zone *z, uint32_t parent, const uint8_t *label)
{
	uint32_t n = z->buckets[label_hash(parent, label) & z->bucket_mask];
	while (n != ZONE_NONE) {
		const struct zone_node *node = &z->nodes[n];
		if (node->parent == parent && label_equal(z->labels + node->label, label))
			return n;
		n = node->hash_next;
	}
	return ZONE_NONE;
}

static uint32_t new_child(struct zone *z, uint32_t parent, const uint8_t *label)
{
	size_t len = (size_t)label[0] + 1;
	z->labels = zl_grow(z->labels, &z->labels_cap, z->labels_len + len, 1);
	uint32_t off = (uint32_t)z->labels_len;
	memcpy(z->labels + off, label, len);
	z->labels_len += len;

	if (z->node_count >= ZONE_NONE - 1)
		abort(); /* 4 billion names: beyond anything this tool can hold */
	z->nodes = zl_grow(z->nodes, &z->node_cap, z->node_count + 1, sizeof(struct zone_node));
	uint32_t n = (uint32_t)z->node_count++;
	const struct zone_node *p = &z->nodes[parent];
	struct zone_node *node = &z->nodes[n];
	node->label = off;
	node->parent = parent;
	node->rr_first = 0;
	node->rr_count = 0;
	node->flags = (label[0] == 1 && label[1] == '*') ? ZN_WILDCARD : 0;
	node->depth = (uint8_t)(p->depth + 1);
	node->namelen = (uint8_t)(p->namelen + len);
	if (z->node_count > (size_t)z->bucket_mask + 1) {
		rehash(z, ((size_t)z->bucket_mask + 1) * 2);
	} else {
		uint32_t b = label_hash(parent, label) & z->bucket_mask;
		node->hash_next = z->buckets[b];
		z->buckets[b] = n;
	}
	return n;
}

uint32_t zone_store_insert_name(struct zone *z, const uint8_t *name, size_t len,
				struct zone_insert_cache *c)
{
	if (c->len == len && memcmp(c->name, name, len) == 0)
		return c->node;

	uint8_t off[128];
	unsigned labels = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1)
		off[labels++] = (uint8_t)(p - name);

	/* Reuse the longest common suffix with the previous owner. */
	unsigned common = 0;
	while (common < labels && common < c->labels) {
		const uint8_t *a = name + off[labels - 1 - common];
		const uint8_t *b = c->name + c->off[c->labels - 1 - common];
		if (a[0] != b[0] || memcmp(a + 1, b + 1, a[0]) != 0)
			break;
		common++;
	}
	uint32_t node = common ? c->path[c->labels - common] : 0;
	/* path is indexed from the left-most label: shift the shared part */
	memmove(&c->path[labels - common], &c->path[c->labels - common], common * sizeof(uint32_t));
	for (unsigned i = labels - common; i-- > 0;) {
		const uint8_t *label = name + off[i];
		uint32_t child = zone_find_child(z, node, label);
		node = child != ZONE_NONE ? child : new_child(z, node, label);
		c->path[i] = node;
	}
	memcpy(c->name, name, len);
	memcpy(c->off, off, labels);
	c->labels = labels;
	c->len = len;
	c->node = node;
	return node;
}

uint32_t zone_store_add_rdata(struct zone *z, const uint8_t *rdata, size_t len)
{
	if (z->rdata_len + len > UINT32_MAX)
		abort(); /* 4 GiB of record data */
	z->rdata = zl_grow(z->rdata, &z->rdata_cap, z->rdata_len + len + 1, 1);
	uint32_t off = (uint32_t)z->rdata_len;
	memcpy(z->rdata + off, rdata, len);
	z->rdata_len += len;
	return off;
}

void zone_store_add_rr(struct zone *z, uint32_t node, uint16_t type, uint32_t ttl,
		       uint32_t rdata, uint16_t rdlen, uint16_t file, uint32_t line, uint16_t span)
{
	z->rrs = zl_grow(z->rrs, &z->rr_cap, z->rr_count + 1, sizeof(struct zone_rr));
	struct zone_rr *rr = &z->rrs[z->rr_count++];
	rr->node = node;
	rr->ttl = ttl;
	rr->rdata = rdata;
	rr->line = line;
	rr->type = type;
	rr->rdlen = rdlen;
	rr->file = file;
	rr->span = span;
	struct zone_node *n = &z->nodes[node];
	n->rr_count++;
	switch (type) {
	case ZT_SOA: n->flags |= ZN_HAS_SOA; break;
	case ZT_NS: n->flags |= ZN_HAS_NS; break;
	case ZT_CNAME: n->flags |= ZN_HAS_CNAME; break;
	case ZT_DNAME: n->flags |= ZN_HAS_DNAME; break;
	case ZT_DS: n->flags |= ZN_HAS_DS; break;
	case ZT_A: n->flags |= ZN_HAS_A; break;
	case ZT_AAAA: n->flags |= ZN_HAS_AAAA; break;
	default: break;
	}
}

uint16_t zone_store_add_file(struct zone *z, const char *path)
{
	for (size_t i = 0; i < z->file_count; i++)
		if (strcmp(z->files[i], path) == 0)
			return (uint16_t)i;
	z->files = zl_grow(z->files, &z->file_cap, z->file_count + 1, sizeof(char *));
	z->files[z->file_count] = zl_strdup(path);
	return (uint16_t)z->file_count++;
}

void zone_store_add_directive(struct zone *z, uint16_t file, uint32_t line, const char *text,
			      size_t len)
{
	z->directives = zl_grow(z->directives, &z->directive_cap, z->directive_count + 1,
				sizeof(struct zone_directive));
	struct zone_directive *d = &z->directives[z->directive_count++];
	d->file = file;
	d->line = line;
	d->text = zl_strndup(text, len);
}

void zone_free(struct zone *z)
{
	if (z == NULL)
		return;
	for (size_t i = 0; i < z->file_count; i++)
		free(z->files[i]);
	for (size_t i = 0; i < z->directive_count; i++)
		free(z->directives[i].text);
	free(z->files);
	free(z->directives);
	free(z->path);
	free(z->rrs);
	free(z->rr_order);
	free(z->nodes);
	free(z->buckets);
	free(z->canonical);
	free(z->children);
	free(z->child_first);
	free(z->labels);
	free(z->rdata);
	free(z);
}
