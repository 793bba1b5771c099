/* SPDX-License-Identifier: BSD-3-Clause */
/* server/wire.c: writes records into a response with name compression
 * (RFC 1035 4.1.4): every suffix of every name written is remembered in a
 * small hash table, and a later name points at its longest suffix already
 * in the message. Names inside RDATA are compressed only for the RFC 1035
 * types (RFC 3597 4), as NSD does, so that sizes and truncation match. */
#include <string.h>

#include "server/internal.h"

#define NO_ENTRY 0xffffu
#define MAX_POINTER 0x3fffu /* a pointer has 14 bits */

/* FNV-1a over the length octet and the label with bit 0x20 set in every
 * octet: names equal but for ASCII case (RFC 4343) hash the same without a
 * test per octet; the few other octets this folds together are told apart
 * by same_name. Chained from the right, one suffix after another. */
static uint32_t hash_label(uint32_t h, const uint8_t *label)
{
	for (unsigned i = 0; i <= label[0]; i++) {
		h ^= label[i] | 0x20u;
		h *= 16777619u;
	}
	return h;
}

void srv_writer_init(struct srv_writer *w, uint8_t *buf, size_t limit)
{
	/* clear only the buckets the previous message used */
	if (w->buf == NULL) {
		memset(w->buckets, 0xff, sizeof(w->buckets));
	} else {
		for (size_t i = 0; i < w->count; i++)
			w->buckets[w->entries[i].hash % SRV_COMPRESS_BUCKETS] = NO_ENTRY;
	}
	w->buf = buf;
	w->pos = 0;
	w->limit = limit;
	w->count = 0;
	w->cache_count = 0;
	w->cache_next = 0;
	w->names_stay = false;
}

void srv_writer_forget(struct srv_writer *w, size_t mark)
{
	/* entries were added in increasing offset order and each is the head
	 * of its bucket until a newer one comes: undo from the end */
	while (w->count > 0 && w->entries[w->count - 1].offset >= mark) {
		struct srv_compress_entry *e = &w->entries[--w->count];
		w->buckets[e->hash % SRV_COMPRESS_BUCKETS] = e->next;
	}
	unsigned kept = 0;
	for (unsigned i = 0; i < w->cache_count; i++)
		if (w->cache[i].offset < mark)
			w->cache[kept++] = w->cache[i];
	w->cache_count = kept;
	w->cache_next = kept % SRV_NAME_CACHE;
}

static void cache_name(struct srv_writer *w, const uint8_t *name, size_t offset)
{
	if (!w->names_stay || offset > MAX_POINTER)
		return;
	w->cache[w->cache_next].name = name;
	w->cache[w->cache_next].offset = (uint16_t)offset;
	w->cache_next = (w->cache_next + 1) % SRV_NAME_CACHE;
	if (w->cache_count < SRV_NAME_CACHE)
		w->cache_count++;
}

static void remember(struct srv_writer *w, uint32_t hash, size_t offset)
{
	if (offset > MAX_POINTER || w->count >= SRV_COMPRESS_ENTRIES)
		return;
	struct srv_compress_entry *e = &w->entries[w->count];
	uint16_t *head = &w->buckets[hash % SRV_COMPRESS_BUCKETS];
	e->hash = hash;
	e->offset = (uint16_t)offset;
	e->next = *head;
	*head = (uint16_t)w->count++;
}

/* True when the name at offset of the message (labels and pointers we
 * wrote) equals name, ignoring ASCII case (RFC 4343). */
static bool same_name(const uint8_t *buf, size_t offset, const uint8_t *name)
{
	for (unsigned hops = 0; hops < 128;) {
		uint8_t l = buf[offset];
		if ((l & 0xc0) == 0xc0) {
			offset = (size_t)(l & 0x3f) << 8 | buf[offset + 1];
			hops++;
			continue;
		}
		if (l != name[0])
			return false;
		if (l == 0)
			return true;
		for (unsigned i = 1; i <= l; i++)
			if (buf[offset + i] != name[i] && zl_lower(buf[offset + i]) != zl_lower(name[i]))
				return false;
		offset += (size_t)l + 1;
		name += l + 1;
	}
	return false;
}

/* Label offsets of a wire name and the hashes of its suffixes; returns the
 * number of labels. */
static unsigned suffix_hashes(const uint8_t *name, uint8_t *off, uint32_t *hash)
{
	unsigned n = 0;
	const uint8_t *p = name;
	while (*p != 0 && n < 127) {
		off[n++] = (uint8_t)(p - name);
		p += *p + 1;
	}
	uint32_t h = 2166136261u;
	for (unsigned i = n; i-- > 0;) {
		h = hash_label(h, name + off[i]);
		hash[i] = h;
	}
	return n;
}

void srv_writer_remember(struct srv_writer *w, size_t offset, const uint8_t *name)
{
	uint8_t off[128];
	uint32_t hash[128];
	unsigned n = suffix_hashes(name, off, hash);
	for (unsigned i = 0; i < n; i++)
		remember(w, hash[i], offset + off[i]);
}

static bool write_name(struct srv_writer *w, const uint8_t *name, bool compress)
{
	size_t len = zone_name_len(name);
	if (!compress) {
		if (w->limit - w->pos < len)
			return false;
		memcpy(w->buf + w->pos, name, len);
		w->pos += len;
		return true;
	}
	if (name[0] == 0)
		goto literal; /* the root: one octet, shorter than a pointer */
	for (unsigned i = 0; i < w->cache_count; i++) {
		if (w->cache[i].name == name) {
			if (w->limit - w->pos < 2)
				return false;
			srv_put16(w->buf + w->pos, (uint16_t)(0xc000u | w->cache[i].offset));
			w->pos += 2;
			return true;
		}
	}
	uint8_t off[128];
	uint32_t hash[128];
	unsigned n = suffix_hashes(name, off, hash);
	for (unsigned i = 0; i < n; i++) {
		/* the earliest copy, as NSD points at where a name first was */
		const struct srv_compress_entry *best = NULL;
		for (uint16_t e = w->buckets[hash[i] % SRV_COMPRESS_BUCKETS]; e != NO_ENTRY;
		     e = w->entries[e].next) {
			const struct srv_compress_entry *c = &w->entries[e];
			if (c->hash == hash[i] && same_name(w->buf, c->offset, name + off[i]))
				best = c;
		}
		if (best == NULL)
			continue;
		/* the labels before this suffix, then a pointer to it */
		size_t head = off[i];
		if (w->limit - w->pos < head + 2)
			return false;
		memcpy(w->buf + w->pos, name, head);
		for (unsigned k = 0; k < i; k++)
			remember(w, hash[k], w->pos + off[k]);
		cache_name(w, name, i == 0 ? best->offset : w->pos);
		w->pos += head;
		srv_put16(w->buf + w->pos, (uint16_t)(0xc000u | best->offset));
		w->pos += 2;
		return true;
	}
	if (w->limit - w->pos < len)
		return false;
	memcpy(w->buf + w->pos, name, len);
	for (unsigned k = 0; k < n; k++)
		remember(w, hash[k], w->pos + off[k]);
	cache_name(w, name, w->pos);
	w->pos += len;
	return true;
literal:
	if (w->limit - w->pos < 1)
		return false;
	w->buf[w->pos++] = 0;
	return true;
}

/* Length of the uncompressed name at rdata[off] within rdlen, or 0. */
static size_t rdata_name(const uint8_t *rdata, size_t rdlen, size_t off)
{
	size_t start = off;
	for (;;) {
		if (off >= rdlen)
			return 0;
		uint8_t l = rdata[off];
		if (l == 0)
			break;
		if ((l & 0xc0) || off + l + 1 >= rdlen)
			return 0;
		off += (size_t)l + 1;
	}
	off++;
	return off - start > ZONE_NAME_MAX ? 0 : off - start;
}

/* RDATA with up to two names at fixed places: compressed names for the
 * types of RFC 1035 (RFC 3597 4), bytes as they are otherwise and for
 * data that does not have the expected shape. */
static bool write_rdata(struct srv_writer *w, uint16_t type, const uint8_t *rdata, uint16_t rdlen)
{
	size_t prefix = 0; /* octets before the first name */
	unsigned names = 0;
	switch (type) {
	case ZT_NS: case 3 /* MD */: case 4 /* MF */: case ZT_CNAME: case 7 /* MB */:
	case 8 /* MG */: case 9 /* MR */: case ZT_PTR:
		names = 1;
		break;
	case ZT_SOA: case 14 /* MINFO */:
		names = 2;
		break;
	case ZT_MX:
		prefix = 2;
		names = 1;
		break;
	default:
		break;
	}
	size_t n1 = 0, n2 = 0;
	if (names > 0 && rdlen > prefix) {
		n1 = rdata_name(rdata, rdlen, prefix);
		if (n1 != 0 && names == 2)
			n2 = rdata_name(rdata, rdlen, prefix + n1);
	}
	bool shaped = names > 0 && n1 != 0 && (names == 1 || n2 != 0);
	if (shaped) {
		size_t rest = prefix + n1 + n2;
		/* SOA: five 32-bit numbers follow; the others end with the names */
		shaped = type == ZT_SOA ? rdlen - rest == 20 : rdlen == rest;
	}
	if (!shaped) {
		if (w->limit - w->pos < rdlen)
			return false;
		memcpy(w->buf + w->pos, rdata, rdlen);
		w->pos += rdlen;
		return true;
	}
	if (w->limit - w->pos < prefix)
		return false;
	memcpy(w->buf + w->pos, rdata, prefix);
	w->pos += prefix;
	if (!write_name(w, rdata + prefix, true))
		return false;
	if (names == 2 && !write_name(w, rdata + prefix + n1, true))
		return false;
	size_t tail = rdlen - (prefix + n1 + n2);
	if (w->limit - w->pos < tail)
		return false;
	memcpy(w->buf + w->pos, rdata + prefix + n1 + n2, tail);
	w->pos += tail;
	return true;
}

bool srv_write_rr(struct srv_writer *w, const uint8_t *owner, uint16_t type, uint16_t rclass,
		  uint32_t ttl, const uint8_t *rdata, uint16_t rdlen)
{
	size_t mark = w->pos;
	if (!write_name(w, owner, true) || w->limit - w->pos < 10)
		goto undo;
	uint8_t *p = w->buf + w->pos;
	srv_put16(p, type);
	srv_put16(p + 2, rclass);
	srv_put16(p + 4, (uint16_t)(ttl >> 16));
	srv_put16(p + 6, (uint16_t)ttl);
	size_t rdlen_at = w->pos + 8;
	w->pos += 10;
	size_t start = w->pos;
	if (!write_rdata(w, type, rdata, rdlen))
		goto undo;
	srv_put16(w->buf + rdlen_at, (uint16_t)(w->pos - start));
	return true;
undo:
	w->pos = mark;
	srv_writer_forget(w, mark);
	return false;
}
