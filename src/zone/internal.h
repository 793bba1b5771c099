/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/internal.h: what the files of the zone module share and nobody else
 * sees: building the store while loading, and finishing the index. */
#ifndef ZONELINT_ZONE_INTERNAL_H
#define ZONELINT_ZONE_INTERNAL_H

#include "zone/zone.h"

/* Remembers the path of the last inserted owner so that consecutive owners
 * sharing a suffix (the usual case) cost one hash probe. The left-most
 * label of the last owner is looked up one owner late (pending): the
 * probe's cache miss then overlaps the parsing of the next records. */
struct zone_insert_cache {
	uint8_t name[ZONE_NAME_MAX];
	uint8_t off[128];
	uint32_t path[128]; /* path[i]: node of the suffix starting at label i */
	unsigned labels;
	uint32_t node; /* path[0]; ZONE_NONE while pending */
	size_t len;
	bool pending;
	uint32_t pend_parent, pend_hash;
	size_t pend_first; /* records from here on are the pending owner's */
};

/* Eight octets of a label lower-cased at once (A-Z only, RFC 4343). */
/* RFC 4034 6.1: labels (length octet, octets) compare as lower-cased octet
 * strings, a label that is a prefix of a longer one first. */
static inline int zone_label_compare(const uint8_t *a, const uint8_t *b)
{
	unsigned la = a[0], lb = b[0], n = la < lb ? la : lb;
	for (unsigned i = 1; i <= n; i++) {
		uint8_t ca = zl_lower(a[i]), cb = zl_lower(b[i]);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return la == lb ? 0 : (la < lb ? -1 : 1);
}

static inline uint64_t zone_lower8(uint64_t x)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t low7 = x & ~high;
	uint64_t ge_a = low7 + ones * (0x80 - 'A');
	uint64_t gt_z = low7 + ones * (0x80 - 'Z' - 1);
	uint64_t upper = ge_a & ~gt_z & ~x & high;
	return x | (upper >> 2);
}

/* zone->labels always has this much room after its last label, so that
 * eight octets can be read from any label at once. */
#define ZONE_LABEL_SLACK 8

struct zone *zone_store_new(size_t size_hint);
/* Arrays of the store and the index, freed with zone_big_free: large ones
 * are mappings of their own, backed by huge pages where the kernel allows
 * it, and grow without being copied. */
void *zone_big_alloc(size_t count, size_t elem, bool zero);
void *zone_big_grow(void *ptr, size_t *cap, size_t need, size_t elem);
void zone_big_free(void *ptr);
/* Node of name, created with its ancestors when missing. */
uint32_t zone_store_insert_name(struct zone *z, const uint8_t *name, size_t len,
				struct zone_insert_cache *cache);
/* Adds a record (rdata copied into the store); owner NULL: the owner of the
 * previous record. Its owner may be resolved later: call zone_store_flush
 * before reading nodes or records. */
void zone_store_add_record(struct zone *z, const uint8_t *owner, size_t owner_len,
			   struct zone_insert_cache *cache, uint16_t type, uint32_t ttl,
			   const uint8_t *rdata, uint16_t rdlen, uint16_t file, uint32_t line,
			   uint16_t span);
void zone_store_flush(struct zone *z, struct zone_insert_cache *cache);
/* Gives back the unused room of the grown arrays once loading is done. */
void zone_store_trim(struct zone *z);
uint16_t zone_store_add_file(struct zone *z, const char *path);
void zone_store_add_directive(struct zone *z, uint16_t file, uint32_t line, const char *text,
			      size_t len);
/* Loading in two threads (feed.c): the scanning thread (the caller) hands
 * records to a store thread that adds them to z, in order, with an insert
 * cache of its own. Until zone_feed_finish the store thread owns z's
 * records, nodes, labels and data; the caller may still add files and
 * directives. NULL when no thread could be made. text is the main file:
 * the store thread maps its pages ahead of the scanner's position. */
struct zone_feed;
struct zone_feed *zone_feed_start(struct zone *z, const char *text, size_t len);
/* As zone_store_add_record, done by the store thread; pos: where the
 * scanner is in the text (the pages ahead of it are mapped). */
void zone_feed_record(struct zone_feed *f, const uint8_t *owner, size_t owner_len,
		      uint16_t type, uint32_t ttl, const uint8_t *rdata, uint16_t rdlen,
		      uint16_t file, uint32_t line, uint16_t span, const char *pos);
/* Waits for the store thread to add (keep) or drop every record handed over,
 * flushes the store and frees f. */
void zone_feed_finish(struct zone_feed *f, bool keep);
/* Expands the arguments of a $GENERATE line into record lines, each passed
 * to emit (which returns a status). On a bad directive msg says why. */
int zone_generate(const char *args, size_t len,
		  int (*emit)(const char *line, size_t len, void *ctx), void *ctx, char *msg,
		  size_t msize);
/* The line of text[0..len) around pos, from its first non-blank octet (*b)
 * to its end (*e); false when pos is not in the text. */
bool zone_line_around(const char *text, size_t len, const char *pos, const char **b,
		      const char **e);
/* That line for a message: at most 100 octets, control characters and
 * octets that are not UTF-8 written as \DDD, so that a binary file prints
 * as text. */
void zone_line_context(const char *text, size_t len, const char *pos, char *out, size_t size);
/* A clearer message than libzscanner's for error code (ZS_...) on the line
 * b..e, when there is one: fills msg and returns true. A message that
 * starts "binary data" means the text is no zone file at all. */
bool zone_diagnose_line(int code, const char *b, const char *e, char *msg, size_t size);
/* Computes flags, groups records by node and orders names canonically.
 * Called once after the last record and the apex; with two_threads the
 * canonical order is built by a second thread meanwhile. */
void zone_index_build(struct zone *z, bool two_threads);

/* ---- denial of existence (denial.c) ---- */
/* Finds what a zone proves with (its NSEC owners, its NSEC3 chain) once
 * the index is built; zone_denial_free releases it. */
void zone_denial_build(struct zone *z);
void zone_denial_free(struct zone *z);
enum zone_denial { ZONE_DENIAL_NONE, ZONE_DENIAL_NSEC, ZONE_DENIAL_NSEC3 };
/* NSEC3 when the zone has a usable NSEC3 chain (signed or not, as NSD),
 * else NSEC when it is signed, else none. */
enum zone_denial zone_denial_kind(const struct zone *z);
/* The node owns NSEC3 records and nothing but their RRSIGs: a hashed
 * owner, which is no name of the zone (RFC 5155 7.2.8). */
bool zone_node_only_nsec3(const struct zone *z, uint32_t node);

/* The owners of the NSEC or NSEC3 RRsets a proof needs, in the order NSD
 * adds them to the authority section. */
struct zone_proof {
	uint32_t node[8];
	unsigned count;
	bool collision; /* the next closer name's hash is an owner's: NSD's SERVFAIL */
	bool failed;    /* hashing failed (out of memory) */
};
/* A wildcard answered for qname (RFC 4035 3.1.3.3, RFC 5155 7.2.6);
 * start: where NSD looks for the NSEC covering the name. */
void zone_denial_wildcard(const struct zone *z, const uint8_t *qname, const uint8_t *start,
			  uint32_t wildcard, struct zone_proof *p);
/* No such name below encloser (RFC 4035 3.1.3.2, RFC 5155 7.2.2). */
void zone_denial_nxdomain(const struct zone *z, const uint8_t *qname, const uint8_t *start,
			  uint32_t encloser, struct zone_proof *p);
/* The name (or wildcard) original has no qtype (RFC 4035 3.1.3.1, 3.1.3.4,
 * RFC 5155 7.2.3-5). */
void zone_denial_nodata(const struct zone *z, uint32_t original, uint16_t qtype,
			struct zone_proof *p);
/* No DS at the delegation cut (RFC 4035 3.1.4, RFC 5155 7.2.7). */
void zone_denial_referral(const struct zone *z, uint32_t cut, struct zone_proof *p);

#endif
