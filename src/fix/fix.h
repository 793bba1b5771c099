/* SPDX-License-Identifier: BSD-3-Clause */
/* fix: edits of zone files by line (comments, blank lines, layout and
 * record order of every untouched line stay byte for byte), the SOA serial
 * (RFC 1982 arithmetic, date form kept), unified diffs, atomic writes, new
 * records in the file's own style, and SRV records for mail discovery
 * (RFC 2782, RFC 6186, RFC 8314).
 * This header is the module's whole public face. */
#ifndef ZONELINT_FIX_H
#define ZONELINT_FIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "rules/rules.h"
#include "util/util.h"
#include "zone/zone.h"

/* ---- a zone file as read ---- */
struct fix_file {
	char *path;
	char *text; /* exactly the bytes read, NUL-terminated */
	size_t len;
	size_t line_count;   /* a last line without newline counts */
	size_t *line_start;  /* line n (1-based) is text[line_start[n-1] .. line_start[n]) */
	/* identity when read, to refuse writing over a file changed since */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	mode_t mode;
};
int fix_file_read(const char *path, struct fix_file *f, struct zl_error *err);
void fix_file_free(struct fix_file *f);
/* Line n (1-based) without its newline; *len gets its length. */
const char *fix_file_line(const struct fix_file *f, size_t n, size_t *len);

/* ---- edits ---- */
enum fix_edit_kind {
	FIX_EDIT_COMMENT_OUT, /* lines [line, line+count): each becomes "; zonelint: was: " + line */
	FIX_EDIT_REPLACE,     /* lines [line, line+count) are replaced by text */
	FIX_EDIT_INSERT,      /* text goes after line (0: before the first line) */
};

struct fix_edit {
	enum fix_edit_kind kind;
	size_t line;
	size_t count;
	char *text; /* whole lines, each ending in "\n"; owned by the edit list */
};

struct fix_edits {
	struct fix_edit *v;
	size_t count, cap;
};
void fix_edits_init(struct fix_edits *e);
void fix_edits_free(struct fix_edits *e);
/* Adds an edit; text is copied (may be NULL for COMMENT_OUT). */
void fix_edits_add(struct fix_edits *e, enum fix_edit_kind kind, size_t line, size_t count,
		   const char *text);
/* The text of f with the edits applied, in line order; several inserts
 * after the same line keep the order they were added in. Overlapping
 * comment-out/replace ranges are an error. A file without a final newline
 * gets one only where a line is inserted after its last line. Caller frees
 * *out. */
int fix_apply(const struct fix_file *f, const struct fix_edits *e, char **out, size_t *out_len,
	      struct zl_error *err);

/* ---- the SOA serial ---- */
/* The serial that follows old (RFC 1982 3.1): a date serial YYYYMMDDnn
 * (a valid date from 1990 on) becomes today's date with nn = 00 when that
 * is later, else old + 1; any other serial is old + 1 (4294967295 wraps to
 * 0). today is local time. */
uint32_t fix_serial_next(uint32_t old, const struct tm *today);
/* Adds a REPLACE edit for the line of the SOA record (first line soa_line,
 * span more lines) that holds the serial old, writing new in its place;
 * nothing else on the line changes. Fails when the serial is not found as
 * the seventh field of the record (e.g. written by $GENERATE). */
int fix_serial_edit(const struct fix_file *f, size_t soa_line, size_t span, uint32_t old,
		    uint32_t new_serial, struct fix_edits *e, struct zl_error *err);

/* ---- output ---- */
/* A unified diff (diff -u style, headers "--- PATH" and "+++ PATH") from
 * old to new text that "patch -p0" or "patch PATH" applies. Empty when
 * equal. Caller frees. */
char *fix_diff(const char *path, const char *old, size_t old_len, const char *new_text,
	       size_t new_len);
/* Replaces f->path with text: writes a temporary file in the same
 * directory, fsyncs it, gives it f's mode, renames it over the original
 * and fsyncs the directory. Refuses with ZL_ECHANGED when the file is no
 * longer what f read (size, mtime, inode), and leaves the original
 * untouched on any error. */
int fix_write_atomic(const struct fix_file *f, const char *text, size_t len, struct zl_error *err);

/* ---- the file's own style for new records ---- */
struct fix_style {
	bool relative_owners; /* the file writes owners relative to $ORIGIN */
	bool relative_data;   /* and the host names its MX, NS, SRV... records end in */
	bool has_class;       /* records name their class ("IN") */
	bool has_ttl;         /* records carry an explicit TTL */
	bool tabs;            /* fields separated by tabs rather than spaces */
	unsigned owner_width; /* column where the field after the owner starts (spaces) */
	unsigned type_width;  /* width given to the type field */
	/* columns where the class and the type start, so that they line up
	 * with the file's records too (0: one separator) */
	unsigned class_column;
	unsigned type_column;
};
/* Learns the style from the records of z that live in f. */
void fix_style_detect(const struct fix_file *f, const struct zone *z, struct fix_style *s);
/* One record line ending in "\n", in style s: owner relative to origin
 * when the file writes relative owners (and the owner is below origin;
 * "@" for the origin itself), else absolute; the host name that MX, NS,
 * SRV, CNAME, PTR and DNAME data end in likewise when the file writes
 * those relative. ttl is written when the style has TTLs. rdata is
 * presentation form. Caller frees. */
char *fix_style_record(const struct fix_style *s, const uint8_t *origin, const uint8_t *owner,
		       uint32_t ttl, uint16_t type, const char *rdata);

/* ---- SRV records for mail discovery ---- */
struct fix_srv_options {
	const char *domain;   /* the mail domain */
	const char *target;   /* the host offering the services */
	int port;             /* -1: the service's own port (autodiscover 443) */
	uint32_t ttl;         /* default 3600 */
	unsigned priority;    /* default 0 */
	unsigned weight;      /* default 0 */
	const char *services; /* comma list: autodiscover, submissions, submission, imaps,
				 imap, pop3s, pop3 (default "autodiscover") */
	const char *absent;   /* comma list of services declared absent: SRV 0 0 0 . */
};
/* Appends one line a record to out, in presentation form with absolute
 * names, tab separated ("_autodiscover._tcp.example.net.\t3600\tIN\tSRV\t0 0
 * 443 mail.example.net.\n"), records built and printed by ldns. Bad names,
 * unknown services, ports or TTLs out of range are ZL_EUSAGE errors. */
int fix_srv_records(const struct fix_srv_options *o, struct zl_buf *out, struct zl_error *err);

/* ---- the remedies of findings, as edits of one zone file ---- */
/* A finding at warning or above that no remedy addresses: what a fix
 * leaves for the admin. */
struct fix_left {
	const struct rule *rule;
	enum zl_severity severity;
	char *file;
	unsigned long line;
	unsigned long line_after; /* its line in the fixed text (fix_plan_keep_left), else line */
	char *owner;   /* presentation form, absolute */
	char *message;
	/* A finding whose remedies change a record fix cannot edit (in an
	 * $INCLUDEd file, or made by $GENERATE): what to do by hand, one
	 * action a line, each ending in "\n" ("delete line 10 of hosts.inc:
	 * www.example.net. 3600 IN A 192.0.2.1"). NULL for a finding that no
	 * remedy addresses. */
	char *by_hand;
};

struct fix_plan {
	struct fix_file file;   /* the zone file as read */
	struct fix_edits edits;
	char *text;             /* the file with the edits applied */
	size_t len;
	uint32_t old_serial, new_serial;
	size_t serial_line;     /* the line the serial is on */
	unsigned added, removed; /* records added; records commented out */
	unsigned owners_written; /* lines that got their inherited owner written out */
	bool changed;           /* there was something to do */
	uint32_t *removed_rrs;  /* the records commented out (indices in the zone) */
	char *added_records;    /* the records added or replacing others, one a line,
				   absolute names (presentation form) */
	struct fix_left *left;  /* findings no remedy addresses */
	size_t left_count;
};
/* Collects the remedies of the findings about zone z (loaded from
 * z->path) each once, and turns them into edits of z->path:
 * - removed records are commented out ("; zonelint: was: "); when the
 *   next record that stays has a blank owner (RFC 1035 5.1: it repeats the
 *   last owner) and would now inherit another owner, its owner is written
 *   out on its first line, in the file's style and columns;
 * - a replaced record is commented out with the new one after it;
 * - new records go after the last record of their owner in the file; a
 *   record whose owner has none there goes after the last record of its
 *   nearest ancestor that has records (for _autodiscover._tcp.DOMAIN the
 *   block of DOMAIN, e.g. the apex MX and NS lines), else at the end; in the
 *   file's style;
 * - the SOA serial is bumped (fix_serial_next with today); beyond
 *   *previous_serial too when it is given (the serial of the zone's
 *   previous version, lint --previous), and then also when a
 *   serial-not-increased finding is the only thing to do.
 * A finding whose remedies change a record in an $INCLUDEd file or made
 * by $GENERATE is not applied: it goes to plan->left with what to do by
 * hand (fix_left.by_hand); so do findings at warning or above without
 * remedies.
 * Refuses with ZL_ECHANGED when z->path is not the file z was loaded from
 * (device, inode, size or mtime differ: it changed in between, and line
 * edits would hit other text), with ZL_EUSAGE when z was not loaded from a
 * file, and with ZL_EREFUSED (err says why) when the serial cannot be
 * found in z->path. Nothing to do: ZL_OK with changed false. */
int fix_plan_make(const struct zone *z, const struct findings *findings, const struct tm *today,
		  const uint32_t *previous_serial, struct fix_plan *plan, struct zl_error *err);
/* Checks that fixed (plan->text loaded) holds exactly the records of z less
 * those commented out, plus those added, with the new serial: same owners,
 * types, data, and TTLs for every record kept. Anything else (an owner or
 * TTL inherited from another line, a record lost) is ZL_EREFUSED with the
 * first record that differs. */
int fix_plan_check(const struct zone *z, const struct fix_plan *plan, const struct zone *fixed,
		   struct zl_error *err);
/* Drops from plan->left what now is not reported any more (same rule and
 * owner at warning or above), and notes the line of what is (line_after). */
void fix_plan_keep_left(struct fix_plan *plan, const struct findings *now);
void fix_plan_free(struct fix_plan *plan);

#endif
