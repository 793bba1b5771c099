/* SPDX-License-Identifier: BSD-3-Clause */
/* zone: the zone store (records of one zone in a few flat arrays), loading
 * with libzscanner, the name index (a hash trie of labels, RFC 4034 6.1
 * canonical order, empty non-terminals, cuts and wildcards known) and the
 * one lookup that knows DNS resolution (RFC 1034 4.3.2, RFC 4592, RFC 6672).
 * This header is the module's whole public face. */
#ifndef ZONELINT_ZONE_H
#define ZONELINT_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

#define ZONE_NONE UINT32_MAX
#define ZONE_NAME_MAX 255      /* RFC 1035 2.3.4, wire form */
#define ZONE_TEXT_NAME_MAX 1024 /* presentation form with escapes, with room */
#define ZONE_MAX_CHAIN 64      /* CNAME/DNAME steps followed by one lookup */

/* RR types the code names; any other type is a plain number. */
enum {
	ZT_A = 1, ZT_NS = 2, ZT_CNAME = 5, ZT_SOA = 6, ZT_PTR = 12, ZT_MX = 15,
	ZT_TXT = 16, ZT_AAAA = 28, ZT_SRV = 33, ZT_NAPTR = 35, ZT_KX = 36,
	ZT_DNAME = 39, ZT_OPT = 41, ZT_DS = 43, ZT_RRSIG = 46, ZT_NSEC = 47,
	ZT_DNSKEY = 48, ZT_NSEC3 = 50, ZT_SVCB = 64, ZT_HTTPS = 65,
	ZT_IXFR = 251, ZT_AXFR = 252, ZT_ANY = 255,
};
enum { ZC_IN = 1, ZC_CH = 3, ZC_HS = 4 };

/* One resource record: 24 bytes, owner by node, data by offset. */
struct zone_rr {
	uint32_t node;  /* owner (index into zone->nodes) */
	uint32_t ttl;
	uint32_t rdata; /* offset into zone->rdata */
	uint32_t line;  /* first line of the record in its file */
	uint16_t type;
	uint16_t rdlen;
	uint16_t file;  /* index into zone->files */
	uint16_t span;  /* last line - first line (saturated), | ZONE_RR_GENERATED */
};
#define ZONE_RR_GENERATED 0x8000u /* made by a $GENERATE line */
#define ZONE_RR_DUPLICATE 0x4000u /* same owner, type and data as an earlier record */
#define ZONE_RR_SPAN_MASK 0x3fffu

/* Node flags. */
enum {
	ZN_HAS_SOA = 1 << 0,
	ZN_HAS_NS = 1 << 1,
	ZN_HAS_CNAME = 1 << 2,
	ZN_HAS_DNAME = 1 << 3,
	ZN_HAS_DS = 1 << 4,
	ZN_HAS_A = 1 << 5,
	ZN_HAS_AAAA = 1 << 6,
	ZN_IN_ZONE = 1 << 7,  /* at or below the apex */
	ZN_APEX = 1 << 8,
	ZN_CUT = 1 << 9,      /* delegation point: NS below the apex, not itself occluded */
	ZN_OCCLUDED = 1 << 10, /* strictly below a cut or a DNAME: never answered as data */
	ZN_WILDCARD = 1 << 11, /* left-most label is exactly "*" (RFC 4592 2.1.1) */
};

/* One name of the trie: the root, every owner and every empty non-terminal
 * between an owner and the root. 16 bytes. */
struct zone_node {
	uint32_t label;    /* offset of the label (length byte, bytes) in zone->labels */
	uint32_t parent;   /* ZONE_NONE for the root */
	/* first slot in zone->rr_order; the records a node owns end where the
	 * next node's begin (zone_node_rr_count). While loading: how many it
	 * owns. */
	uint32_t rr_first;
	uint16_t flags;
	uint8_t depth;   /* labels below the root */
	uint8_t namelen; /* wire length of the whole name */
};

/* "; zonelint: ..." comments found in the source, for inline suppression. */
struct zone_directive {
	uint16_t file;
	uint32_t line;
	char *text; /* what follows "zonelint:", trimmed */
};

/* The main file as zone_load_file opened it (not known for zones loaded
 * from memory): fix refuses to edit a file that is no longer that one. */
struct zone_file_id {
	bool known;
	uint64_t dev, ino;
	int64_t size, mtime_sec, mtime_nsec;
};

struct zone {
	char *path;           /* the file the zone was loaded from */
	struct zone_file_id path_id;
	uint8_t origin[ZONE_NAME_MAX];
	uint8_t origin_len;
	char origin_text[ZONE_TEXT_NAME_MAX];
	uint16_t rclass;
	uint32_t apex; /* node of the origin */
	uint32_t soa;  /* record index of the SOA, ZONE_NONE when missing */

	struct zone_rr *rrs;
	size_t rr_count, rr_cap;
	uint32_t *rr_order; /* record indices grouped by node, file order within a node */

	struct zone_node *nodes;
	size_t node_count, node_cap;
	uint64_t *slots;    /* (parent, label) -> node: hash << 32 | node, 0 empty */
	uint32_t slot_mask;
	uint32_t *children;  /* child node indices grouped by parent, canonical order */
	uint32_t *child_first; /* node -> first slot in children; child_first[n+1] ends it */

	uint8_t *labels;
	size_t labels_len, labels_cap;
	uint8_t *rdata;
	size_t rdata_len, rdata_cap;

	char **files; /* files[0] == path; then $INCLUDEd files */
	size_t file_count, file_cap;
	struct zone_directive *directives;
	size_t directive_count, directive_cap;

	struct zone_dnssec *dnssec; /* NSEC owners, NSEC3 chain (denial.c); NULL: unsigned */
};

/* Equal record data of one type (both len octets). Domain names in the
 * data of the types RFC 4034 6.2 lists (those RFC 3597 names as well-known)
 * compare as names, ASCII case aside: MX 10 MAIL and MX 10 mail are one
 * record to BIND and NSD. */
bool zone_rdata_equal(uint16_t type, const uint8_t *a, const uint8_t *b, size_t len);
/* The data of those types holds whole, uncompressed names where they
 * belong (data in RFC 3597's generic form is not checked by the scanner). */
bool zone_rdata_names_valid(uint16_t type, const uint8_t *rd, size_t len);
/* Lower-cases, in place, the names in the data of the types whose names
 * compare as names (zone_rdata_equal): the data of two records that
 * zone_rdata_equal finds equal is then the same octets. */
void zone_rdata_lower(uint16_t type, uint8_t *rd, size_t len);
/* The serial of the zone's SOA record (0 when it has none). */
uint32_t zone_soa_serial(const struct zone *z);
/* RFC 1982 3.2 with SERIAL_BITS = 32: is s1 greater than s2? */
static inline bool zone_serial_gt(uint32_t s1, uint32_t s2)
{
	return (s1 < s2 && s2 - s1 > 0x80000000u) || (s1 > s2 && s1 - s2 < 0x80000000u);
}

/* ---- names (wire form, uncompressed) ---- */
size_t zone_name_len(const uint8_t *name);
unsigned zone_name_labels(const uint8_t *name);
bool zone_name_equal(const uint8_t *a, const uint8_t *b); /* ASCII case-insensitive */
/* true when name is parent or below it */
bool zone_name_is_below(const uint8_t *name, const uint8_t *parent);
/* RFC 4034 6.1: <0, 0, >0 */
int zone_name_compare(const uint8_t *a, const uint8_t *b);
/* Presentation form with RFC 1035 escapes, always absolute ("." for the root). */
void zone_name_to_text(const uint8_t *name, char *out, size_t size);
/* Parses a name in presentation form; a relative name gets origin appended
 * (origin NULL: the root). out must hold ZONE_NAME_MAX bytes. */
int zone_name_from_text(const char *text, const uint8_t *origin, uint8_t *out, struct zl_error *err);
/* Lower-cases a wire name in place. */
void zone_name_lower(uint8_t *name);

/* ---- RR types and presentation ---- */
/* "A", "SRV", or "TYPE65534". */
void zone_type_to_text(uint16_t type, char *out, size_t size);
/* 0 when unknown */
uint16_t zone_type_from_text(const char *text);
/* One record in presentation form: "owner TTL CLASS TYPE RDATA", via ldns.
 * The caller frees the result. owner NULL: the record's own owner. */
char *zone_rr_to_text(const struct zone *z, const struct zone_rr *rr, const uint8_t *owner);
/* Any record in presentation form (for records not in a zone, such as
 * synthesised ones in a lookup result). The caller frees the result. */
char *zone_record_to_text(const uint8_t *owner, uint16_t type, uint16_t rclass, uint32_t ttl,
			  const uint8_t *rdata, uint16_t rdlen);
/* The RDATA alone in presentation form; the caller frees it. */
char *zone_rdata_to_text(uint16_t type, const uint8_t *rdata, uint16_t rdlen);

/* ---- loading ---- */
struct zone_load_options {
	const char *origin; /* --origin, or NULL: $ORIGIN/SOA, else the file name */
	/* Called for every problem found while loading (also the first, which
	 * the load function returns in err); NULL to report only the first. */
	void (*on_error)(const struct zl_error *err, void *ctx);
	void *ctx;
	unsigned max_errors; /* 0: 50 */
	size_t max_records;  /* 0: no limit; more is an error (ZL_ELIMIT) */
	/* 0: scan and build the store in two threads when the file is large
	 * and this process may use two CPUs (from the start, or from when a
	 * CPU is idle); 1: one thread; 2: two threads whatever the size. The
	 * zone is the same either way. */
	unsigned threads;
	/* With threads 2: the records loaded in one thread before the second
	 * starts (0: none), as a load that found the CPUs busy does. */
	size_t second_thread_after;
	/* Relative $INCLUDE file names: NULL reads them from the directory of
	 * the file that includes them; a directory reads them from there, as
	 * named reads them from its `directory` (named-checkzone -w DIR). */
	const char *include_dir;
	/* Called (with ctx) for what is worth saying and is no error, as
	 * "note: ..." in err->message: the origin taken from the file name
	 * and used by the first record; an $INCLUDE that BIND's way of
	 * resolving it (or, with include_dir, zonelint's) would read from
	 * another existing file. NULL: not said. */
	void (*on_note)(const struct zl_error *note, void *ctx);
	/* When set, $INCLUDEd files are read through it instead of from the
	 * file system (the version of a file in a git revision): *text (NUL
	 * terminated, len octets) becomes the loader's, freed with free. */
	int (*read_include)(const char *path, char **text, size_t *len, void *read_ctx,
			    struct zl_error *err);
	void *read_ctx;
};
/* Loads one zone file (with its $INCLUDEs). On success *out is a zone the
 * caller frees with zone_free; on failure nothing is returned and err says
 * FILE:LINE: why. */
int zone_load_file(const char *path, const struct zone_load_options *opt, struct zone **out,
		   struct zl_error *err);
/* The same for zone text in memory; name is used in messages and for the
 * directory of relative $INCLUDEs. */
int zone_load_string(const char *text, size_t len, const char *name,
		     const struct zone_load_options *opt, struct zone **out, struct zl_error *err);
void zone_free(struct zone *z);
/* Origin guessed from a file name: example.net.zone, db.example.net,
 * example.net.db, example.net. Returns false when nothing sensible remains. */
bool zone_origin_from_filename(const char *path, char *out, size_t size);

/* ---- the index ---- */
/* Node of a name, or ZONE_NONE. Case-insensitive. */
uint32_t zone_find(const struct zone *z, const uint8_t *name);
/* Child of parent with the given label (length byte first), or ZONE_NONE. */
uint32_t zone_find_child(const struct zone *z, uint32_t parent, const uint8_t *label);
/* Wire name of a node (case as first written); returns its length. */
size_t zone_node_name(const struct zone *z, uint32_t node, uint8_t *out);
/* Presentation form of a node's name. */
void zone_node_text(const struct zone *z, uint32_t node, char *out, size_t size);
/* The i-th record of a node (file order). */
const struct zone_rr *zone_node_rr(const struct zone *z, uint32_t node, size_t i);
/* Index of the first record of type at node at or after *cursor; ZONE_NONE at the end.
 * Pass *cursor = 0 to start. */
uint32_t zone_node_next(const struct zone *z, uint32_t node, uint16_t type, size_t *cursor);
bool zone_node_has(const struct zone *z, uint32_t node, uint16_t type);
static inline const uint8_t *zone_rr_rdata(const struct zone *z, const struct zone_rr *rr)
{
	return z->rdata + rr->rdata;
}
static inline uint32_t zone_rr_index(const struct zone *z, const struct zone_rr *rr)
{
	return (uint32_t)(rr - z->rrs);
}
const char *zone_rr_file(const struct zone *z, const struct zone_rr *rr);
/* The files the zone was read from: 0 the zone file, then every file it
 * $INCLUDEs (to any depth), as the loader named them. */
static inline size_t zone_file_count(const struct zone *z)
{
	return z->file_count;
}
static inline const char *zone_file_name(const struct zone *z, size_t i)
{
	return z->files[i];
}
/* The domain name inside a record's data that names another host: NS, CNAME,
 * DNAME, PTR target; MX exchange; SRV target; NULL for other types. */
const uint8_t *zone_rr_target(const struct zone *z, const struct zone_rr *rr);
/* Children of a node in canonical order. */
static inline size_t zone_child_count(const struct zone *z, uint32_t node)
{
	return z->child_first[node + 1] - z->child_first[node];
}
static inline uint32_t zone_child(const struct zone *z, uint32_t node, size_t i)
{
	return z->children[z->child_first[node] + i];
}
/* The zone's names (its nodes from the apex down) in canonical order (RFC
 * 4034 6.1), a name before its descendants: zone_walk_start, then
 * zone_walk_next until it gives ZONE_NONE. Walked from the children
 * lists, so that no array of the order is kept. */
#define ZONE_WALK_DEPTH 129 /* the apex and up to 128 labels below it */
struct zone_walk {
	unsigned top;
	bool begun;
	uint32_t node[ZONE_WALK_DEPTH];
	uint32_t next[ZONE_WALK_DEPTH]; /* the child of node[i] to visit next */
};
void zone_walk_start(struct zone_walk *w);
uint32_t zone_walk_next(const struct zone *z, struct zone_walk *w);

/* The records node owns (0: an empty non-terminal, or above the apex). */
static inline uint32_t zone_node_rr_count(const struct zone *z, uint32_t node)
{
	uint32_t end = node + 1 < z->node_count ? z->nodes[node + 1].rr_first : (uint32_t)z->rr_count;
	return end - z->nodes[node].rr_first;
}

/* True for an empty non-terminal inside the zone (RFC 4592 2.2.2). */
static inline bool zone_node_is_ent(const struct zone *z, uint32_t node)
{
	return zone_node_rr_count(z, node) == 0 && (z->nodes[node].flags & ZN_IN_ZONE);
}

/* ---- DNSSEC (denial.c) ---- */
/* Is the zone signed, as NSD decides (an RRSIG over the apex DNSKEY RRset):
 * then answers to DO-bit queries carry RRSIGs and NSEC proofs. */
bool zone_is_signed(const struct zone *z);

/* ---- a set of zones: what one server or one lint run answers for ---- */
struct zone_set {
	struct zone **zones;
	size_t count, cap;
	/* zone_set_index: origins in an open-addressed table (zone position
	 * + 1, 0 empty), so that finding a name's zone costs a probe a label,
	 * not a comparison a zone; NULL: compare with every zone. */
	uint32_t *index;
	size_t index_mask;
	/* when not NULL: answers for its own origin in place of the set's zone
	 * of that origin, which the set must hold (one file's view of many
	 * zones, see cmd/lint.c) */
	const struct zone *primary;
};
void zone_set_init(struct zone_set *set);
/* The set takes ownership of z. Fails (ZL_EUSAGE) when a zone with the same
 * origin is already present. */
int zone_set_add(struct zone_set *set, struct zone *z, struct zl_error *err);
void zone_set_free(struct zone_set *set); /* frees the zones too */
/* Indexes the origins of the zones (call after the last zone is in; the
 * first zone of an origin wins). The set owns the index. */
void zone_set_index(struct zone_set *set);
/* The zone with the longest origin at or above name, or NULL. */
const struct zone *zone_set_find(const struct zone_set *set, const uint8_t *name);

/* ---- lookup ---- */
enum zone_step_kind {
	ZONE_STEP_EXACT,    /* the name exists and was answered from its node */
	ZONE_STEP_WILDCARD, /* answered by the source of synthesis (node: the wildcard) */
	ZONE_STEP_CNAME,    /* a CNAME was followed (rr: the CNAME) */
	ZONE_STEP_DNAME,    /* a DNAME rewrote the name (rr: the DNAME) */
	ZONE_STEP_REFERRAL, /* at or below a zone cut (node: the cut) */
	ZONE_STEP_NXDOMAIN, /* no such name (node: the closest encloser) */
	ZONE_STEP_NODATA,   /* the name exists without the type (node: the name or wildcard) */
	ZONE_STEP_OUTSIDE,  /* the name is in none of the zones */
	ZONE_STEP_LOOP,     /* a CNAME/DNAME loop or a chain longer than ZONE_MAX_CHAIN */
	ZONE_STEP_YXDOMAIN, /* DNAME substitution overflowed (RFC 6672 2.2) */
};

struct zone_step {
	enum zone_step_kind kind;
	const struct zone *zone; /* NULL for ZONE_STEP_OUTSIDE */
	uint32_t node;           /* see the kinds above */
	uint32_t rr;             /* the CNAME or DNAME followed, else ZONE_NONE */
	const uint8_t *name;     /* the name this step looked up */
};

/* One record of a response. owner and rdata point into the zone or into the
 * result; rr is ZONE_NONE for a record made by DNAME substitution. */
struct zone_answer_rr {
	const struct zone *zone;
	uint32_t rr;
	const uint8_t *owner;
	const uint8_t *rdata;
	uint32_t ttl;
	uint16_t type;
	uint16_t rclass;
	uint16_t rdlen;
};

struct zone_section {
	struct zone_answer_rr *rrs;
	size_t count, cap;
};

enum { ZONE_RCODE_NOERROR = 0, ZONE_RCODE_NXDOMAIN = 3, ZONE_RCODE_REFUSED = 5,
       ZONE_RCODE_YXDOMAIN = 6, ZONE_RCODE_SERVFAIL = 2 };

/* What an authoritative server answers for (qname, qtype). Reuse one result
 * for many lookups; zone_result_free releases it. */
struct zone_result {
	/* set by the caller (zone_result_init clears it): fill in the answer
	 * section and the path only, for callers that read nothing else (the
	 * rules); authority and additional stay empty, all else is the same */
	bool answer_only;
	/* set by the caller: the query has the DO bit (RFC 3225): NSEC or NSEC3
	 * proofs go into the authority section, DS or its denial into
	 * referrals, and ANY leaves RRSIG out (RRSIGs themselves are the
	 * server's to add beside each RRset) */
	bool dnssec_ok;
	int rcode;
	const char *servfail_reason; /* NSD's extended error text (RFC 8914) for a SERVFAIL */
	bool aa;
	struct zone_section answer, authority, additional;
	struct zone_section additional_aaaa; /* internal: AAAA glue, appended to additional */
	struct zone_step steps[2 * ZONE_MAX_CHAIN + 4]; /* two a CNAME or DNAME followed */
	size_t step_count;
	/* names the result points to (materialised owners, DNAME products) */
	uint8_t names[(ZONE_MAX_CHAIN + 2) * 3 * ZONE_NAME_MAX];
	size_t names_len;
};

void zone_result_init(struct zone_result *r);
void zone_result_free(struct zone_result *r);
/* Answers (qname, qtype) as an authoritative server for the zones of set
 * would: rcode, AA, answer (in-zone CNAME/DNAME chains followed, wildcards
 * expanded with the query name as owner), authority (SOA for NXDOMAIN and
 * NODATA, NS for referrals) and additional (glue and addresses of NS, MX and
 * SRV targets), and the path taken. qname is wire form, any case. */
int zone_lookup(const struct zone_set *set, const uint8_t *qname, uint16_t qtype,
		struct zone_result *r);
/* The last step, which decided the outcome. */
static inline const struct zone_step *zone_result_last(const struct zone_result *r)
{
	return r->step_count ? &r->steps[r->step_count - 1] : NULL;
}

/* zone_find_child as the lookups search: a parent with few children (a
 * customer domain, its _tcp) is searched in its own list of children,
 * which is contiguous, in canonical order and shared by the lookups of
 * neighbouring names, so that it stays in the cache; a parent with many
 * (the apex of a large zone) costs one hash probe. The same answer. */
uint32_t zone_lookup_child(const struct zone *z, uint32_t parent, const uint8_t *label);
/* The node of name in z, which must be at or below z's apex (as zone_find
 * would find it, by zone_lookup_child), or ZONE_NONE. */
uint32_t zone_lookup_node(const struct zone *z, const uint8_t *name);
/* The same, walking down from the nearest ancestor of node near (a node
 * of z) that is also an ancestor of name, rather than from the apex: the
 * target of a record is usually a neighbour of its owner, whose part of
 * the tree is in the cache. */
uint32_t zone_lookup_node_near(const struct zone *z, const uint8_t *name, uint32_t near);

/* Questions about one zone's tree that the rules ask instead of reading
 * node flags, each answered as zone_lookup would resolve the name. Names
 * are wire form, any case; a name outside z gets ZONE_NONE. */
/* The delegation point (RFC 1034 4.2.1) at or above name in z, the first
 * on the way down from the apex; ZONE_NONE when z serves name itself. */
uint32_t zone_cut_above(const struct zone *z, const uint8_t *name);
/* The node whose DNAME rewrites name (RFC 6672 3.1: strictly above it, not
 * behind a cut), or ZONE_NONE. */
uint32_t zone_dname_above(const struct zone *z, const uint8_t *name);
/* The wildcard that answers for name (RFC 4592 3.3.1: the source of
 * synthesis at its closest encloser), or ZONE_NONE when name exists, is
 * at or below a cut or a DNAME, or its closest encloser has no wildcard. */
uint32_t zone_wildcard_for(const struct zone *z, const uint8_t *name);
/* The wildcard that would answer for the name of node once the records at
 * node are deleted, or ZONE_NONE: the name still exists (it has names
 * below it), or no wildcard would answer. Empty non-terminals left empty
 * by the deletion vanish too (RFC 4592 2.2.2). */
uint32_t zone_wildcard_behind(const struct zone *z, uint32_t node);
/* The cut or DNAME that hides node (RFC 1034 4.2.1, RFC 6672 2.3), the
 * first on the way down from the apex, or ZONE_NONE when node is served. */
uint32_t zone_node_occluder(const struct zone *z, uint32_t node);
/* Does the zone answer from node: inside the zone and not below a cut or
 * a DNAME (a cut itself answers with a referral)? */
static inline bool zone_node_served(const struct zone *z, uint32_t node)
{
	uint16_t flags = z->nodes[node].flags;
	return (flags & ZN_IN_ZONE) && !(flags & ZN_OCCLUDED);
}
/* Does the zone answer data from node, not a referral: served and not a
 * delegation point? */
static inline bool zone_node_answers_data(const struct zone *z, uint32_t node)
{
	return zone_node_served(z, node) && !(z->nodes[node].flags & ZN_CUT);
}

#endif
