/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/store.c: the zone store. Records, labels and record data live in a
 * few flat arrays owned by struct zone and freed at once (zone_free); names
 * are nodes of a hash trie keyed by (parent, label), so an owner costs one
 * label, not one whole name, and ancestors (empty non-terminals, RFC 4592
 * 2.2.2) exist as soon as a descendant does. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "zone/internal.h"

#define HUGE_PAGE (2u << 20)

/* Large arrays are filled once and then read at random: huge pages make
 * that one page fault and one TLB entry per 2 MiB instead of 512 (where
 * the kernel offers them on request; elsewhere this changes nothing).
 * With whole, the advice covers all of [p, p + size) (p on a page
 * boundary), else the huge pages that lie whole inside it. */
static void advise_huge(void *p, size_t size, bool whole)
{
#ifdef MADV_HUGEPAGE
	uintptr_t a = (uintptr_t)p, e = (uintptr_t)p + size;
	if (!whole) {
		a = (a + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
		e &= ~(uintptr_t)(HUGE_PAGE - 1);
	}
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
	(void)whole;
#endif
}

/* Large arrays are anonymous mappings of their own, not malloc's: growing
 * one moves its pages (mremap) instead of copying them, so a growing
 * array is never resident twice, and freeing it gives it back at once.
 * BIG_HEAD octets before the array hold the length of its mapping (0: the
 * array is a small one from malloc). A mapped array starts on a huge page
 * boundary, one small page (the lead, holding the length) after the start
 * of its mapping: writing the length then makes one small page resident,
 * not a huge one. */
#define BIG_HEAD 64
#if defined(__SANITIZE_ADDRESS__)
#define BIG_MIN SIZE_MAX /* AddressSanitizer watches malloc's memory, not mappings */
#else
#define BIG_MIN (HUGE_PAGE / 2)
#endif

static size_t *big_head(void *ptr)
{
	return (size_t *)(void *)((uint8_t *)ptr - BIG_HEAD);
}

static size_t big_lead(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

/* The mapping of size octets: the lead, then whole huge pages. */
static size_t big_length(size_t size)
{
	return big_lead() + ((size + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1));
}

/* A new mapping of len octets whose octet lead (the array's first) is on
 * a huge page boundary, or NULL. */
static uint8_t *big_place(size_t len)
{
	size_t lead = big_lead();
	uint8_t *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return NULL;
	uintptr_t a = ((uintptr_t)m + lead + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	uint8_t *base = (uint8_t *)(a - lead);
	if (base > m)
		munmap(m, (size_t)(base - m));
	if (m + len + HUGE_PAGE > base + len)
		munmap(base + len, (size_t)(m + len + HUGE_PAGE - (base + len)));
	return base;
}

/* A new mapping for size octets (zeroed, as every new mapping), or NULL.
 * An array that grows has huge pages asked for all through, its lead
 * included (zone_store_trim gives back what it did not use): advice on
 * part of a mapping splits it in two, and mremap fails (EFAULT) on a
 * range of two mappings, which made growing copy the array and hold it
 * twice. One that does not grow (the index's arrays, written whole at
 * once, and the children table, 40 to 80% full: every small page of it
 * is written soon) has them where it fills them, its end too when it
 * fills three quarters of a huge page; else the small pages of its end
 * are mapped in one system call. A page fault each (about 12 us on this project's
 * virtual machine) had taken 10 ms of the 24 ms the index of a 1M-record
 * zone took; mapped at once they take about 4 us a page, a huge page less
 * but up to 2 MiB more memory. */
static void *big_map(size_t size, bool grows)
{
	size_t len = big_length(size), lead = big_lead();
	uint8_t *base = big_place(len);
	if (base == NULL)
		return NULL;
	size_t whole = size & ~(size_t)(HUGE_PAGE - 1);
	if (grows || size - whole >= HUGE_PAGE / 4 * 3) {
		advise_huge(base, len, true);
	} else {
		advise_huge(base, lead + size, false);
		zl_populate(base + lead + whole, size - whole);
	}
	uint8_t *array = base + lead;
	*big_head(array) = len;
	return array;
}

/* The mapping of an array (its lead at base, old octets) made len octets
 * long without copying it: in place when the room after it is free, else
 * moved to a new place whose huge pages line up with the old ones (a
 * move elsewhere would split every huge page it has). MAP_FAILED when
 * neither can be done. */
static void *big_remap(uint8_t *base, size_t old, size_t len)
{
	void *m = mremap(base, old, len, 0);
	if (m != MAP_FAILED)
		return m;
	uint8_t *to = big_place(len);
	if (to == NULL)
		return MAP_FAILED;
	m = mremap(base, old, len, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	if (m == MAP_FAILED)
		munmap(to, len);
	return m;
}

static void *big_alloc(size_t count, size_t elem, bool zero, bool grows)
{
	size_t size = (count ? count : 1) * elem;
	if (size >= BIG_MIN) {
		void *p = big_map(size, grows);
		if (p != NULL)
			return p;
	}
	size_t *h = zero ? zl_calloc(1, size + BIG_HEAD) : zl_malloc(size + BIG_HEAD);
	*h = 0;
	return (uint8_t *)h + BIG_HEAD;
}

void *zone_big_alloc(size_t count, size_t elem, bool zero)
{
	return big_alloc(count, elem, zero, false);
}

void *zone_big_grow(void *ptr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return ptr;
	if (ptr == NULL) {
		*cap = need;
		return big_alloc(need, elem, false, true);
	}
	size_t n = *cap ? *cap : 16;
	while (n < need) {
		if (n > (SIZE_MAX / 2 - 2 * HUGE_PAGE) / elem)
			zl_out_of_memory(SIZE_MAX);
		n *= 2;
	}
	size_t size = n * elem, *h = big_head(ptr);
	void *grown = NULL;
	if (*h != 0) {
		size_t len = big_length(size), lead = big_lead();
		uint8_t *base = (uint8_t *)ptr - lead;
		void *m = big_remap(base, *h, len);
		if (m != MAP_FAILED) {
			grown = (uint8_t *)m + lead;
			*big_head(grown) = len;
		} else {
			/* no room after it and no place to move it to (or a
			 * kernel that cannot move it there): copied once */
			if ((grown = big_map(size, true)) == NULL)
				zl_out_of_memory(len);
			memcpy(grown, ptr, *cap * elem);
			munmap(base, *h);
		}
	} else if (size >= BIG_MIN && (grown = big_map(size, true)) != NULL) {
		memcpy(grown, ptr, *cap * elem);
		free(h);
	} else {
		h = zl_realloc(h, size + BIG_HEAD);
		grown = (uint8_t *)h + BIG_HEAD;
	}
	*cap = n;
	return grown;
}

void zone_big_free(void *ptr)
{
	if (ptr == NULL)
		return;
	size_t *h = big_head(ptr);
	if (*h != 0)
		munmap((uint8_t *)ptr - big_lead(), *h);
	else
		free(h);
}

/* What a large array (ptr) holds past its first used octets is given
 * back: huge pages at its end would keep up to 2 MiB resident that
 * nothing reads. Growing it later maps the room again. */
static void big_trim(void *ptr, size_t used)
{
	if (ptr == NULL || *big_head(ptr) == 0)
		return;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)ptr + used + page - 1) & ~(uintptr_t)(page - 1);
	uintptr_t e = (uintptr_t)ptr - big_lead() + *big_head(ptr);
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_DONTNEED);
}

void zone_store_trim(struct zone *z)
{
	big_trim(z->rrs, z->rr_count * sizeof(*z->rrs));
	big_trim(z->nodes, z->node_count * sizeof(*z->nodes));
	big_trim(z->labels, z->labels_len + ZONE_LABEL_SLACK);
	big_trim(z->rdata, z->rdata_len + 1);
}

/* Hash of (parent, label), case-insensitive; never 0 in the top half of a
 * slot because slots hold (hash << 32 | node) and node 0 (the root) is
 * never a child. */
static uint32_t label_hash(uint32_t parent, const uint8_t *label)
{
	uint64_t h = ((uint64_t)parent << 8 | label[0]) * 0x9e3779b97f4a7c15u;
	const uint8_t *p = label + 1;
	unsigned left = label[0];
	while (left > 0) {
		uint64_t w = 0;
		unsigned n = left < 8 ? left : 8;
		memcpy(&w, p, n);
		h = (h ^ zone_lower8(w)) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
		p += n;
		left -= n;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 32;
	return (uint32_t)h;
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

/* The children table: open addressing with linear probing; a slot holds
 * (hash << 32 | node), 0 when empty. Kept at most 80% full. */
static void slots_resize(struct zone *z, size_t size)
{
	uint64_t *old = z->slots;
	size_t old_size = old != NULL ? (size_t)z->slot_mask + 1 : 0;
	/* zeroed: a large table is a new mapping, which the kernel zeroes as
	 * the thread that inserts names first writes it (see feed.c) */
	z->slots = zone_big_alloc(size, sizeof(uint64_t), true);
	z->slot_mask = (uint32_t)(size - 1);
	for (size_t i = 0; i < old_size; i++) {
		uint64_t e = old[i];
		if ((uint32_t)e == 0)
			continue;
		size_t j = (size_t)(e >> 32) & z->slot_mask;
		while (z->slots[j] != 0)
			j = (j + 1) & z->slot_mask;
		z->slots[j] = e;
	}
	zone_big_free(old);
}

struct zone *zone_store_new(size_t size_hint)
{
	struct zone *z = zl_calloc(1, sizeof(*z));
	z->apex = ZONE_NONE;
	z->soa = ZONE_NONE;
	z->rclass = ZC_IN;
	/* Room for what a file of size_hint octets usually holds (a record a
	 * line of 20-60 octets): large arrays are mapped on demand, so room
	 * never touched costs no memory, and growing is rarely needed. */
	size_t records = size_hint / 32 + 16;
	z->rrs = zone_big_grow(z->rrs, &z->rr_cap, records, sizeof(struct zone_rr));
	z->rdata = zone_big_grow(z->rdata, &z->rdata_cap, size_hint / 2 + 64, 1);
	z->labels = zone_big_grow(z->labels, &z->labels_cap, size_hint / 8 + 64, 1);
	z->nodes = zone_big_grow(z->nodes, &z->node_cap, records / 2 + 16, sizeof(struct zone_node));
	/* node 0 is the root, label offset 0 holds its empty label */
	z->labels[0] = 0;
	z->labels_len = 1;
	memset(&z->nodes[0], 0, sizeof(z->nodes[0]));
	z->nodes[0].parent = ZONE_NONE;
	z->nodes[0].namelen = 1;
	z->node_count = 1;
	size_t slots = 64;
	while (slots < records / 3)
		slots *= 2;
	slots_resize(z, slots);
	return z;
}

uint32_t zone_find_child(const struct zone *z, uint32_t parent, const uint8_t *label)
{
	uint32_t h = label_hash(parent, label);
	for (size_t i = h & z->slot_mask;; i = (i + 1) & z->slot_mask) {
		uint64_t e = z->slots[i];
		uint32_t n = (uint32_t)e;
		if (n == 0)
			return ZONE_NONE;
		if ((uint32_t)(e >> 32) == h && z->nodes[n].parent == parent &&
		    label_equal(z->labels + z->nodes[n].label, label))
			return n;
	}
}

/* Finds or makes the child of parent with label, whose hash is h. */
static uint32_t child_hashed(struct zone *z, uint32_t parent, const uint8_t *label, uint32_t h)
{
	size_t i = h & z->slot_mask;
	for (;; i = (i + 1) & z->slot_mask) {
		uint64_t e = z->slots[i];
		uint32_t n = (uint32_t)e;
		if (n == 0)
			break;
		if ((uint32_t)(e >> 32) == h && z->nodes[n].parent == parent &&
		    label_equal(z->labels + z->nodes[n].label, label))
			return n;
	}

	size_t len = (size_t)label[0] + 1;
	if (z->labels_len + len + ZONE_LABEL_SLACK > z->labels_cap)
		z->labels = zone_big_grow(z->labels, &z->labels_cap,
					  z->labels_len + len + ZONE_LABEL_SLACK, 1);
	uint32_t off = (uint32_t)z->labels_len;
	memcpy(z->labels + off, label, len);
	z->labels_len += len;

	if (z->node_count >= ZONE_NONE - 1)
		abort(); /* 4 billion names: beyond anything this tool can hold */
	if (z->node_count + 1 > z->node_cap)
		z->nodes = zone_big_grow(z->nodes, &z->node_cap, z->node_count + 1,
					 sizeof(struct zone_node));
	uint32_t n = (uint32_t)z->node_count++;
	const struct zone_node *p = &z->nodes[parent];
	struct zone_node *node = &z->nodes[n];
	node->label = off;
	node->parent = parent;
	node->rr_first = 0;
	node->flags = (label[0] == 1 && label[1] == '*') ? ZN_WILDCARD : 0;
	node->depth = (uint8_t)(p->depth + 1);
	node->namelen = (uint8_t)(p->namelen + len);
	z->slots[i] = (uint64_t)h << 32 | n;
	/* up to 80% full: a probe compares tags within a cache line or two
	 * and touches a node only when the tag matches */
	if (z->node_count > ((size_t)z->slot_mask + 1) / 5 * 4)
		slots_resize(z, ((size_t)z->slot_mask + 1) * 2);
	return n;
}

static void account(struct zone_node *n, uint16_t type)
{
	n->rr_first++; /* a count until the index is built */
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

void zone_store_flush(struct zone *z, struct zone_insert_cache *c)
{
	if (!c->pending)
		return;
	c->pending = false;
	uint32_t node = child_hashed(z, c->pend_parent, c->name + c->off[0], c->pend_hash);
	c->path[0] = node;
	c->node = node;
	struct zone_node *n = &z->nodes[node];
	for (size_t k = c->pend_first; k < z->rr_count; k++) {
		z->rrs[k].node = node;
		account(n, z->rrs[k].type);
	}
}

/* Walks name down from the longest suffix it shares with the previous
 * name; with defer, the left-most label is only hashed and its slot
 * prefetched, and zone_store_flush finishes it. */
static uint32_t walk(struct zone *z, const uint8_t *name, size_t len, struct zone_insert_cache *c,
		     bool defer)
{
	uint8_t off[128];
	unsigned labels = 0;
	for (const uint8_t *p = name; *p != 0; p += *p + 1)
		off[labels++] = (uint8_t)(p - name);

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
	unsigned last = defer && common < labels ? 1 : 0;
	for (unsigned i = labels - common; i-- > last;) {
		node = child_hashed(z, node, name + off[i], label_hash(node, name + off[i]));
		c->path[i] = node;
	}
	memcpy(c->name, name, len);
	memcpy(c->off, off, labels);
	c->labels = labels;
	c->len = len;
	if (last) {
		c->pending = true;
		c->pend_parent = node;
		c->pend_hash = label_hash(node, name + off[0]);
		c->pend_first = z->rr_count;
		__builtin_prefetch(&z->slots[c->pend_hash & z->slot_mask]);
		node = ZONE_NONE;
	}
	c->node = node;
	return node;
}

uint32_t zone_store_insert_name(struct zone *z, const uint8_t *name, size_t len,
				struct zone_insert_cache *c)
{
	zone_store_flush(z, c);
	if (c->len == len && memcmp(c->name, name, len) == 0)
		return c->node;
	return walk(z, name, len, c, false);
}

static uint32_t add_rdata(struct zone *z, const uint8_t *rdata, size_t len)
{
	if (z->rdata_len + len > UINT32_MAX)
		abort(); /* 4 GiB of record data */
	if (z->rdata_len + len + 1 > z->rdata_cap)
		z->rdata = zone_big_grow(z->rdata, &z->rdata_cap, z->rdata_len + len + 1, 1);
	uint32_t off = (uint32_t)z->rdata_len;
	memcpy(z->rdata + off, rdata, len);
	z->rdata_len += len;
	return off;
}

void zone_store_add_record(struct zone *z, const uint8_t *owner, size_t owner_len,
			   struct zone_insert_cache *c, uint16_t type, uint32_t ttl,
			   const uint8_t *rdata, uint16_t rdlen, uint16_t file, uint32_t line,
			   uint16_t span)
{
	/* Records of one owner usually follow each other: the owner of the
	 * previous record is looked up when this one differs (or at the
	 * end), by then its slot is in the cache. */
	uint32_t node;
	if (owner == NULL || (c->len == owner_len && memcmp(c->name, owner, owner_len) == 0)) {
		node = c->node;
	} else {
		zone_store_flush(z, c);
		node = walk(z, owner, owner_len, c, true);
	}
	if (z->rr_count + 1 > z->rr_cap)
		z->rrs = zone_big_grow(z->rrs, &z->rr_cap, z->rr_count + 1, sizeof(struct zone_rr));
	struct zone_rr *rr = &z->rrs[z->rr_count++];
	rr->node = node;
	rr->ttl = ttl;
	rr->rdata = add_rdata(z, rdata, rdlen);
	rr->line = line;
	rr->type = type;
	rr->rdlen = rdlen;
	rr->file = file;
	rr->span = span;
	if (node != ZONE_NONE)
		account(&z->nodes[node], type);
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
	zone_big_free(z->rrs);
	zone_big_free(z->rr_order);
	zone_big_free(z->nodes);
	zone_big_free(z->slots);
	zone_big_free(z->children);
	zone_big_free(z->child_first);
	zone_big_free(z->labels);
	zone_big_free(z->rdata);
	zone_denial_free(z);
	free(z);
}
