/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/load.c: reads BIND-format zone files (RFC 1035 5) into the store with
 * libzscanner. libzscanner does the lexing and record data; this file adds
 * what it lacks or does differently: $GENERATE, $INCLUDE with a relative
 * origin, BIND's TTL defaults, the first line of multi-line records,
 * "; zonelint:" comments, and FILE:LINE errors. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <libzscanner/scanner.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zone/internal.h"

#define TTL_UNSET UINT32_MAX /* no $TTL yet: BIND's defaults apply */
#define INCLUDE_DEPTH_MAX 16
#define RELEASE_STEP (2u << 20) /* give back mapped input every 2 MiB parsed */
#define LOOKAHEAD (1u << 20)     /* text searched for directives ahead of the scanner */
#define FEED_MIN (1u << 20)      /* smaller files load in one thread */
#define FEED_RECHECK 16384       /* records between looks for an idle CPU */
#define READ_MAX (256u << 10)    /* smaller files are read, not mapped */
#define INDEX_TWO_MIN 65536      /* names from which the index is built in two threads */

struct source {
	const char *display; /* name in messages */
	char *dir;           /* directory for relative $INCLUDEs */
	const char *text;
	size_t len;
	void *map; /* non-NULL when text is a private mapping of the file */
	size_t map_len;
	char *owned; /* non-NULL when text was read into memory */
	size_t released;
	uintptr_t release_at; /* source_release has work from this position on */
	uint16_t file;
	struct stat st; /* of the file opened */
	dev_t dev; /* identity of the file (0, 0: text given in memory) */
	ino_t ino;
	const struct source *parent; /* the file that $INCLUDEs this one */
};

struct loader {
	struct zone *z;
	const struct zone_load_options *opt;
	struct zl_error *err;
	unsigned errors, max_errors;
	bool class_known;
	uint32_t last_ttl; /* RFC 1035 semantics without $TTL: the last explicit TTL */
	bool first_origin_known;
	uint8_t first_origin[ZONE_NAME_MAX];
	unsigned depth;
	bool stop; /* a limit was reached: no more records */
	struct zone_insert_cache cache;
	size_t records;  /* records added so far */
	uint32_t soa;    /* index of the first SOA record, ZONE_NONE */
	uint16_t rclass; /* class of the first record */
	struct zone_feed *feed; /* NULL: records go straight into the store */
	/* A load that starts in one thread takes the second one (a feed) once
	 * records reaches feed_at, if a CPU is idle then or feed_always; else
	 * it looks again FEED_RECHECK records later. SIZE_MAX: never. */
	size_t feed_at;
	bool feed_always;
	const char *feed_text; /* the file's text, which the store thread pages in */
	size_t feed_len;
	/* Directives are looked for ahead of the scanner (lazily) unless eager.
	 * When a scan went past a directive it had not seen, the load starts
	 * again eagerly (restart), and the messages already delivered are not
	 * delivered twice (delivered). */
	bool eager, restart;
	unsigned delivered;
	/* notes (see zone_load_options.on_note), counted as errors are, so
	 * that a load started again says none twice */
	unsigned notes, notes_delivered;
	/* the origin came from the file name (no --origin): whether the first
	 * record used it, decided at that record */
	bool origin_guessed, first_seen, origin_note;
	unsigned long first_line;
};

static void report(struct loader *ld, const char *file, unsigned long line, int code,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct loader *ld, const char *file, unsigned long line, int code,
		   const char *fmt, ...)
{
	struct zl_error e;
	zl_error_clear(&e);
	e.code = code;
	e.line = line;
	snprintf(e.file, sizeof(e.file), "%s", file);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e.message, sizeof(e.message), fmt, ap);
	va_end(ap);
	if (ld->errors == 0 && ld->err != NULL)
		*ld->err = e;
	/* after a restart, the messages before delivered went out already */
	if (ld->errors++ >= ld->delivered && ld->opt->on_error != NULL) {
		ld->opt->on_error(&e, ld->opt->ctx);
		if (ld->errors == ld->max_errors && ld->max_errors > 1) {
			snprintf(e.message, sizeof(e.message), "%u errors: stopped reading here",
				 ld->errors);
			ld->opt->on_error(&e, ld->opt->ctx);
		}
	}
}

static void note(struct loader *ld, const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Something worth saying that is no error: "FILE:LINE: note: ...". */
static void note(struct loader *ld, const char *file, unsigned long line, const char *fmt, ...)
{
	if (ld->opt->on_note == NULL || ld->notes++ < ld->notes_delivered)
		return;
	struct zl_error e;
	zl_error_clear(&e);
	e.line = line;
	snprintf(e.file, sizeof(e.file), "%s", file);
	int n = snprintf(e.message, sizeof(e.message), "note: ");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e.message + n, sizeof(e.message) - (size_t)n, fmt, ap);
	va_end(ap);
	ld->opt->on_note(&e, ld->opt->ctx);
}

static bool too_many_errors(const struct loader *ld)
{
	return ld->stop || ld->errors >= ld->max_errors;
}

/* ---- sources ---- */

static unsigned long count_lines(const char *p, const char *end)
{
	unsigned long n = 0;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* Reads a pipe or device (or an empty file) to its end from the open fd; a
 * pipe cannot be opened twice. A NUL octet stops it: zone files are text,
 * and /dev/zero would never end. */
static int read_stream(int fd, const char *display, struct source *src, struct zl_error *err)
{
	struct zl_buf b;
	zl_buf_init(&b);
	for (;;) {
		if (b.cap - b.len < 65536 + 1)
			b.data = zl_grow(b.data, &b.cap, b.len + 65536 + 1, 1);
		ssize_t n = read(fd, b.data + b.len, 65536);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			zl_buf_free(&b);
			return zl_error_set(err, ZL_EIO, display, 0, "cannot read: %s", strerror(e));
		}
		if (n == 0)
			break;
		const char *nul = memchr(b.data + b.len, '\0', (size_t)n);
		if (nul != NULL) {
			unsigned long line = 1 + count_lines(b.data, nul);
			zl_buf_free(&b);
			return zl_error_set(err, ZL_EPARSE, display, line,
					    "binary data (a NUL octet): not a zone file");
		}
		b.len += (size_t)n;
	}
	b.data = zl_grow(b.data, &b.cap, b.len + 1, 1);
	b.data[b.len] = '\0';
	src->len = b.len;
	src->owned = zl_buf_steal(&b);
	src->text = src->owned;
	return ZL_OK;
}

/* Reads a regular file of size octets (as fstat gave it) to memory: the
 * octets a mapping of it would show, however it changes meanwhile. */
static int read_small(int fd, size_t size, const char *display, struct source *src,
		      struct zl_error *err)
{
	char *text = zl_malloc(size + 1);
	size_t got = 0;
	while (got < size) {
		ssize_t n = pread(fd, text + got, size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(text);
			return zl_error_set(err, ZL_EIO, display, 0, "cannot read: %s", strerror(e));
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	text[got] = '\0';
	src->owned = text;
	src->text = text;
	src->len = got;
	return ZL_OK;
}

static int source_open(struct source *src, const char *path, const char *display,
		       bool regular_only, struct zl_error *err)
{
	memset(src, 0, sizeof(*src));
	src->display = display;
	/* opening a FIFO nobody writes waits forever: where only regular
	 * files will do, do not wait to find out that it is none */
	int fd = open(path, O_RDONLY | O_CLOEXEC | (regular_only ? O_NONBLOCK : 0));
	if (fd < 0)
		return zl_error_set(err, ZL_EIO, display, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return zl_error_set(err, ZL_EIO, display, 0, "cannot read: %s", strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return zl_error_set(err, ZL_EIO, display, 0, "is a directory");
	}
	src->st = st;
	src->dev = st.st_dev;
	src->ino = st.st_ino;
	/* an included device or pipe could be endless (/dev/zero) */
	if (regular_only && !S_ISREG(st.st_mode)) {
		close(fd);
		return zl_error_set(err, ZL_EIO, display, 0, "is not a regular file");
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size < READ_MAX) {
		/* a small file is read: mapping it, and unmapping it (which
		 * stops every thread of the process to flush their TLBs), costs
		 * more than the copy when many files are linted at once */
		int rc = read_small(fd, (size_t)st.st_size, display, src, err);
		if (rc != ZL_OK) {
			close(fd);
			return rc;
		}
		close(fd);
		goto dir;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			close(fd);
			(void)madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
			src->map = m;
			src->map_len = (size_t)st.st_size;
			src->release_at = (uintptr_t)m + RELEASE_STEP + 65536;
			src->text = m;
			src->len = (size_t)st.st_size;
			goto dir;
		}
	}
	{
		int rc = read_stream(fd, display, src, err);
		close(fd);
		if (rc != ZL_OK)
			return rc;
	}
dir:;
	char *copy = zl_strdup(path);
	src->dir = zl_strdup(dirname(copy));
	free(copy);
	return ZL_OK;
}

/* Files written on Windows end their lines in CR LF, which BIND reads and
 * libzscanner does not: when the first line ends so, the text is scanned
 * from a copy without the CR before each LF (line numbers stay). Only the
 * first line is looked at, so that a large file is not read twice; a CR
 * LF further down a file of LF lines is reported (scanner_error). */
static void source_strip_crlf(struct source *src)
{
	const char *nl = memchr(src->text, '\n', src->len);
	if (nl == NULL || nl == src->text || nl[-1] != '\r')
		return;
	char *copy = zl_malloc(src->len + 1);
	size_t n = 0;
	for (size_t i = 0; i < src->len; i++)
		if (src->text[i] != '\r' || i + 1 >= src->len || src->text[i + 1] != '\n')
			copy[n++] = src->text[i];
	copy[n] = '\0';
	if (src->map != NULL)
		munmap(src->map, src->map_len);
	src->map = NULL;
	free(src->owned);
	src->owned = copy;
	src->text = copy;
	src->len = n;
}

static void source_close(struct source *src)
{
	if (src->map != NULL)
		munmap(src->map, src->map_len);
	free(src->owned);
	free(src->dir);
}

/* Pages of a mapped file behind the scanner are not read again: hand them
 * back so that a large zone's text does not stay resident. */
static void source_release(struct source *src, const char *pos)
{
	if (src->map == NULL || pos < src->text || pos > src->text + src->len)
		return;
	size_t done = (size_t)(pos - src->text);
	if (done < src->released + RELEASE_STEP + 65536)
		return;
	size_t upto = (done - 65536) & ~((size_t)sysconf(_SC_PAGESIZE) - 1);
	(void)madvise(src->map, upto, MADV_DONTNEED);
	src->released = upto;
	src->release_at = (uintptr_t)src->text + upto + RELEASE_STEP + 65536;
}

/* ---- lines and comments ---- */

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl != NULL ? nl : end;
}

/* "; zonelint: ignore rule" -> store "ignore rule" for the line. */
static void note_directive(struct loader *ld, const struct source *src, unsigned long line,
			   const char *comment, size_t len)
{
	static const char tag[] = "zonelint:";
	const char *hit = memmem(comment, len, tag, sizeof(tag) - 1);
	if (hit == NULL)
		return;
	const char *t = hit + sizeof(tag) - 1, *e = comment + len;
	while (t < e && (*t == ' ' || *t == '\t'))
		t++;
	while (e > t && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\0'))
		e--;
	zone_store_add_directive(ld->z, src->file, (uint32_t)line, t, (size_t)(e - t));
}

/* libzscanner reports the line where a record ends; walk from where the
 * scanner started (p, on line) over blank lines, comments and directives to
 * the line where the record begins, noting "zonelint:" comments on the way. */
static unsigned long record_start(struct loader *ld, const struct source *src, const char *p,
				  const char *end, unsigned long line, const char *seg)
{
	bool at_line_start = p == seg || p[-1] == '\n';
	while (p < end) {
		char c = *p;
		if (c == '\n') {
			line++;
			p++;
			at_line_start = true;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			p++;
			at_line_start = false;
		} else if (c == ';') {
			const char *e = line_end(p, end);
			note_directive(ld, src, line, p + 1, (size_t)(e - p - 1));
			p = e;
		} else if (c == '$' && at_line_start) {
			p = line_end(p, end);
		} else if (c == ')') {
			p++; /* closes the record before (see record_close) */
			at_line_start = false;
		} else {
			break;
		}
	}
	return line;
}

/* libzscanner hands over a record whose data has a fixed length (A, AAAA)
 * as soon as the data is read, before the ')' that closes its parentheses
 * when that stands on a later line. The record goes on to that ')': the
 * line it is on, from line (where the scanner stopped at p). */
static unsigned long record_close(const char *p, const char *end, unsigned long line)
{
	unsigned long at = line;
	for (; p < end; p++) {
		if (*p == ')')
			return at;
		if (*p == ';')
			p = line_end(p, end) - 1;
		else if (*p == '\n')
			at++;
	}
	return line; /* not in this text: the record ends where the scanner says */
}

/* ---- records ---- */

static bool cpu_to_spare(void);

/* The records so far are in the store; from here on a second thread
 * builds it (see feed_at). */
static void take_second_thread(struct loader *ld)
{
	if (!ld->feed_always && !cpu_to_spare()) {
		ld->feed_at = ld->records + FEED_RECHECK;
		return;
	}
	ld->feed_at = SIZE_MAX;
	zone_store_flush(ld->z, &ld->cache);
	ld->feed = zone_feed_start(ld->z, ld->feed_text, ld->feed_len);
}

static void add_record(struct loader *ld, zs_scanner_t *s, const struct source *src,
		       unsigned long first, unsigned long last, bool generated)
{
	if (!ld->class_known) {
		ld->rclass = s->r_class;
		ld->class_known = true;
	} else if (s->r_class != ld->rclass) {
		char a[32], b[32];
		snprintf(a, sizeof(a), "%s", s->r_class == ZC_IN ? "IN" : s->r_class == ZC_CH ? "CH" : "other");
		snprintf(b, sizeof(b), "%s", ld->rclass == ZC_IN ? "IN" : ld->rclass == ZC_CH ? "CH" : "other");
		report(ld, src->display, first, ZL_EPARSE,
		       "record class %s (%u) differs from the zone's class %s (%u)", a, s->r_class, b,
		       ld->rclass);
		return;
	}
	uint32_t ttl = s->r_ttl;
	if (ttl == TTL_UNSET) {
		if (s->r_type == ZT_SOA && s->r_data_length >= 20) {
			/* BIND: the SOA MINIMUM, which then acts as $TTL */
			const uint8_t *m = s->r_data + s->r_data_length - 4;
			ttl = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
			s->default_ttl = ttl;
		} else if (ld->last_ttl != TTL_UNSET) {
			ttl = ld->last_ttl; /* RFC 1035 5.1: the last explicit TTL */
		} else {
			report(ld, src->display, first, ZL_EPARSE,
			       "no TTL specified: add a TTL to the record or a $TTL line before it");
			return;
		}
	} else if (s->default_ttl == TTL_UNSET) {
		ld->last_ttl = ttl;
	}
	if (!ld->first_origin_known) {
		memcpy(ld->first_origin, s->zone_origin, s->zone_origin_length);
		ld->first_origin_known = true;
	}
	if (!zone_rdata_names_valid(s->r_type, s->r_data, s->r_data_length)) {
		report(ld, src->display, first, ZL_EPARSE,
		       "bad data for type %u: a domain name in it is cut short, compressed or "
		       "followed by stray octets", s->r_type);
		return;
	}
	if (ld->opt->max_records != 0 && ld->records >= ld->opt->max_records) {
		report(ld, src->display, first, ZL_ELIMIT, "more than %zu records",
		       ld->opt->max_records);
		ld->stop = true;
		return;
	}
	unsigned long span = last > first ? last - first : 0;
	uint16_t sp = (uint16_t)(span > ZONE_RR_SPAN_MASK ? ZONE_RR_SPAN_MASK : span);
	if (generated)
		sp |= ZONE_RR_GENERATED;
	if (s->r_type == ZT_SOA && ld->soa == ZONE_NONE)
		ld->soa = (uint32_t)ld->records;
	if (ld->records >= ld->feed_at)
		take_second_thread(ld);
	ld->records++;
	if (ld->feed != NULL)
		zone_feed_record(ld->feed, s->r_owner, s->r_owner_length, s->r_type, ttl, s->r_data,
				 (uint16_t)s->r_data_length, src->file, (uint32_t)first, sp,
				 s->input.current);
	else
		zone_store_add_record(ld->z, s->r_owner, s->r_owner_length, &ld->cache, s->r_type,
				      ttl, s->r_data, (uint16_t)s->r_data_length, src->file,
				      (uint32_t)first, sp);
}

static void scanner_error(struct loader *ld, zs_scanner_t *s, const struct source *src,
			  const char *seg, size_t seglen, unsigned long line)
{
	char ctx[512], msg[256];
	/* at the end of the text the scanner reads from a buffer of its own */
	const char *pos = s->input.current;
	if (pos < seg || pos > seg + seglen)
		pos = seg + seglen;
	if (s->error.code == ZS_UNCLOSED_MULTILINE) {
		/* the record starts on the line of the last '(' */
		for (const char *open = pos; open > seg;) {
			if (*--open == '(') {
				line -= count_lines(open, pos);
				pos = open;
				break;
			}
		}
	}
	zone_line_context(seg, seglen, pos, ctx, sizeof(ctx));
	const char *b = NULL, *e = NULL;
	bool binary = false;
	if (zone_line_around(seg, seglen, pos, &b, &e) &&
	    zone_diagnose_line(s->error.code, b, e, msg, sizeof(msg)))
		binary = strncmp(msg, "binary data", 11) == 0;
	else
		snprintf(msg, sizeof(msg), "%s", zs_strerror(s->error.code));
	if (ctx[0] != '\0')
		report(ld, src->display, line, ZL_EPARSE, "%s in '%s'", msg, ctx);
	else
		report(ld, src->display, line, ZL_EPARSE, "%s", msg);
	if (binary)
		ld->stop = true; /* one message for a binary file, not fifty */
}

/* Does the first record, on line of the main file, take its owner from
 * the origin: no $ORIGIN line before it, and its owner is relative ("@",
 * a relative name, or blank: the origin itself)? Then a guessed origin
 * decides what the zone is. */
static bool uses_origin(const struct source *src, unsigned long line)
{
	const char *p = src->text, *end = src->text + src->len;
	for (unsigned long n = 1; n < line && p < end; n++) {
		if ((size_t)(end - p) >= 7 && strncasecmp(p, "$ORIGIN", 7) == 0)
			return false;
		p = line_end(p, end);
		if (p < end)
			p++;
	}
	if (p >= end || *p == ' ' || *p == '\t')
		return true;
	const char *e = p;
	while (e < end && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r' && *e != ';')
		e++;
	size_t backslashes = 0;
	for (const char *b = e - 1; b > p && b[-1] == '\\'; b--)
		backslashes++;
	/* absolute: ends in a dot that no backslash escapes */
	return !(e > p && e[-1] == '.' && backslashes % 2 == 0);
}

/* ---- the lazy search for directives ---- */

/* The text between two of our own directives goes to the scanner in one
 * piece (a segment). Rather than search the whole text for directives
 * first, the text the scanner may read next is searched just before it
 * does (LOOKAHEAD ahead, while the pages are being read anyway), and the
 * segment, and the scanner's input, end at the first directive found. The
 * scanner never reads past the end of its input, so this is the eager
 * search's segment, unless one record took the scanner more than
 * LOOKAHEAD ahead and across a directive: went_past tells, and the load
 * starts again eagerly. */
struct lookout {
	const char *text, *end; /* the source */
	const char *checked;    /* searched up to here */
	const char *found;      /* the directive that ends the segment, or NULL */
	int kind;               /* its enum directive */
};

static const char *next_directive(const char *p, const char *start, const char *limit,
				  const char *end, int *kind);

/* Searches [lk->checked, to); a directive found ends the segment there. */
static void look_for(struct lookout *lk, const char *to, zs_scanner_t *s, const char *seg,
		     size_t *seglen)
{
	int kind = 0;
	const char *d = next_directive(lk->checked, lk->text, to, lk->end, &kind);
	if (d == to) {
		lk->checked = to;
		return;
	}
	lk->found = lk->checked = d;
	lk->kind = kind;
	*seglen = (size_t)(d - seg);
	if (s->input.start == seg) /* still reading the segment, not the final "\n" */
		s->input.end = d;
}

static void look_ahead(struct lookout *lk, zs_scanner_t *s, const char *seg, size_t *seglen)
{
	const char *cur = s->input.current;
	/* the usual case first: far enough behind what was searched */
	if (s->input.start == seg && cur < lk->checked && (size_t)(lk->checked - cur) >= LOOKAHEAD)
		return;
	if (lk->found != NULL || lk->checked >= lk->end || s->input.start != seg ||
	    (lk->checked >= cur && (size_t)(lk->checked - cur) >= LOOKAHEAD))
		return;
	look_for(lk, (size_t)(lk->end - cur) > 2 * LOOKAHEAD ? cur + 2 * LOOKAHEAD : lk->end, s,
		 seg, seglen);
}

/* After a scanner call: has it read a directive it should have stopped at?
 * A directive right where it stopped ends the segment there. */
static bool went_past(struct lookout *lk, zs_scanner_t *s, const char *seg, size_t *seglen)
{
	const char *cur = s->input.current;
	if (lk->found != NULL || (s->input.start == seg && cur < lk->checked))
		return false;
	const char *segend = seg + *seglen;
	const char *reach = s->input.start == seg && cur <= segend ? cur : segend;
	if (reach < lk->checked)
		return false;
	look_for(lk, reach < segend ? reach + 1 : segend, s, seg, seglen);
	return lk->found != NULL && lk->found < reach;
}

/* Runs the scanner over seg. For generated text every record is given
 * gen_line. With lk, seg goes on to the end of the source until a
 * directive is found. Returns ZL_OK, or ZL_EPARSE when it had to stop. */
static int scan(struct loader *ld, zs_scanner_t *s, struct source *src, const char *seg,
		size_t seglen, unsigned long first_line, unsigned long gen_line, struct lookout *lk)
{
	if (zs_set_input_string(s, seg, seglen) != 0) {
		report(ld, src->display, first_line, ZL_EPARSE, "%s", zs_strerror(s->error.code));
		return ZL_EPARSE;
	}
	s->line_counter = first_line;
	for (;;) {
		if (lk != NULL)
			look_ahead(lk, s, seg, &seglen);
		const char *p0 = s->input.current;
		const char *pend = s->input.end;
		bool in_seg = p0 >= seg && p0 <= seg + seglen;
		unsigned long l0 = (unsigned long)s->line_counter;
		int parsed = zs_parse_record(s);
		if (lk != NULL && went_past(lk, s, seg, &seglen)) {
			ld->restart = true;
			return ZL_EPARSE;
		}
		if (parsed != 0) {
			if (s->state != ZS_STATE_ERROR)
				scanner_error(ld, s, src, seg, seglen, (unsigned long)s->line_counter);
			return ZL_EPARSE;
		}
		switch (s->state) {
		case ZS_STATE_DATA: {
			unsigned long last = (unsigned long)s->line_counter;
			if (s->multiline && !gen_line)
				last = record_close(s->input.current, s->input.end, last);
			unsigned long first = gen_line ? gen_line
					      : in_seg ? record_start(ld, src, p0, pend, l0, seg)
						       : last;
			if (first > last)
				first = last;
			if (!ld->first_seen) {
				ld->first_seen = true;
				ld->first_line = first;
				ld->origin_note = ld->origin_guessed && src->parent == NULL &&
						  !gen_line && uses_origin(src, first);
			}
			if (s->buffer_length > 0 && !gen_line)
				note_directive(ld, src, last, (const char *)s->buffer, s->buffer_length);
			add_record(ld, s, src, first, last, gen_line != 0);
			if (too_many_errors(ld))
				return ZL_EPARSE;
			if (src->release_at != 0 && (uintptr_t)s->input.current >= src->release_at)
				source_release(src, s->input.current);
			break;
		}
		case ZS_STATE_ERROR:
			scanner_error(ld, s, src, seg, seglen, (unsigned long)s->line_counter);
			if (s->error.fatal || too_many_errors(ld))
				return ZL_EPARSE;
			break;
		case ZS_STATE_INCLUDE:
			report(ld, src->display, (unsigned long)s->line_counter, ZL_EPARSE,
			       "$INCLUDE inside a record is not supported");
			return ZL_EPARSE;
		case ZS_STATE_EOF:
		case ZS_STATE_STOP:
			return ZL_OK;
		default:
			break;
		}
	}
}

/* ---- directives this loader handles itself ---- */

enum directive { DIR_NONE, DIR_INCLUDE, DIR_GENERATE };

/* The word ends the directive's name: blank, comment, line end or file end. */
static bool word_ends(const char *p, const char *end)
{
	return p == end || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ';';
}

static int directive_at(const char *p, const char *end)
{
	size_t left = (size_t)(end - p);
	if (left >= 8 && strncasecmp(p, "$INCLUDE", 8) == 0 && word_ends(p + 8, end))
		return DIR_INCLUDE;
	if (left >= 9 && strncasecmp(p, "$GENERATE", 9) == 0 && word_ends(p + 9, end))
		return DIR_GENERATE;
	return DIR_NONE;
}

/* Next $INCLUDE/$GENERATE at the start of a line, at or after p and before
 * limit (else limit), in the text from start to end. */
static const char *next_directive(const char *p, const char *start, const char *limit,
				  const char *end, int *kind)
{
	while (p < limit) {
		const char *d = memchr(p, '$', (size_t)(limit - p));
		if (d == NULL)
			return limit;
		if (d == start || d[-1] == '\n') {
			*kind = directive_at(d, end);
			if (*kind != DIR_NONE)
				return d;
		}
		p = d + 1;
	}
	return limit;
}

/* One whitespace-separated argument, possibly quoted. */
static bool next_arg(const char **pp, const char *end, char *out, size_t size)
{
	const char *p = *pp;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p == ';' || *p == '\r')
		return false;
	size_t n = 0;
	if (*p == '"') {
		p++;
		while (p < end && *p != '"') {
			if (*p == '\\' && p + 1 < end)
				p++;
			if (n + 1 < size)
				out[n++] = *p;
			p++;
		}
		if (p < end)
			p++;
	} else {
		while (p < end && *p != ' ' && *p != '\t' && *p != ';' && *p != '\r') {
			if (n + 1 < size)
				out[n++] = *p;
			p++;
		}
	}
	out[n] = '\0';
	*pp = p;
	return true;
}

static int load_source(struct loader *ld, struct source *src, const char *origin_text,
		       uint32_t default_ttl);

/* A relative $INCLUDE file name taken from dir. */
static void include_path(const char *dir, const char *file, char *out, size_t size)
{
	if (file[0] == '/' || strcmp(dir, ".") == 0)
		snprintf(out, size, "%s", file);
	else
		snprintf(out, size, "%s/%s", dir, file);
}

/* BIND reads a relative $INCLUDE file name from its working directory
 * (named.conf's directory; named-checkzone's -w DIR, else where it runs),
 * zonelint by default from the directory of the including file: when the
 * other way would read another file that exists, say so. */
static void include_note(struct loader *ld, const struct source *src, unsigned long line,
			 const char *file, const char *path)
{
	if (file[0] == '/')
		return;
	const char *opt_dir = ld->opt->include_dir;
	char other[8192];
	include_path(opt_dir != NULL ? src->dir : ".", file, other, sizeof(other));
	struct stat here, there;
	if (strcmp(other, path) == 0 || stat(other, &there) != 0 || !S_ISREG(there.st_mode))
		return;
	if (stat(path, &here) == 0 && here.st_dev == there.st_dev && here.st_ino == there.st_ino)
		return;
	if (opt_dir != NULL)
		note(ld, src->display, line,
		     "$INCLUDE %s reads %s (relative to -w %s, as named does); without -w, zonelint "
		     "would read %s, next to the including file",
		     file, path, opt_dir, other);
	else
		note(ld, src->display, line,
		     "$INCLUDE %s reads %s (next to the including file); named-checkzone run from "
		     "here would read %s: named reads relative names from its directory (give "
		     "-w DIR to read them as named does)",
		     file, path, other);
}

/* An $INCLUDEd file read through opt->read_include (a version in git). */
static int source_from_reader(struct loader *ld, struct source *src, const char *path,
			      struct zl_error *err)
{
	memset(src, 0, sizeof(*src));
	src->display = path;
	char *text = NULL;
	size_t len = 0;
	int rc = ld->opt->read_include(path, &text, &len, ld->opt->read_ctx, err);
	if (rc != ZL_OK)
		return rc;
	src->owned = text;
	src->text = text;
	src->len = len;
	char *copy = zl_strdup(path);
	src->dir = zl_strdup(dirname(copy));
	free(copy);
	return ZL_OK;
}

static int do_include(struct loader *ld, zs_scanner_t *s, struct source *src, const char *args,
		      const char *end, unsigned long line)
{
	char file[4096], origin_arg[ZONE_TEXT_NAME_MAX], origin_text[ZONE_TEXT_NAME_MAX];
	const char *p = args;
	if (!next_arg(&p, end, file, sizeof(file))) {
		report(ld, src->display, line, ZL_EPARSE, "$INCLUDE needs a file name");
		return ZL_EPARSE;
	}
	/* RFC 1035 5.1: the origin given applies to the included file only; a
	 * relative one is relative to the current origin (as BIND reads it). */
	if (next_arg(&p, end, origin_arg, sizeof(origin_arg))) {
		uint8_t wire[ZONE_NAME_MAX];
		struct zl_error e;
		if (zone_name_from_text(origin_arg, s->zone_origin, wire, &e) != ZL_OK) {
			report(ld, src->display, line, ZL_EPARSE, "$INCLUDE origin: %s", e.message);
			return ZL_EPARSE;
		}
		zone_name_to_text(wire, origin_text, sizeof(origin_text));
	} else {
		zone_name_to_text(s->zone_origin, origin_text, sizeof(origin_text));
	}
	if (ld->depth >= INCLUDE_DEPTH_MAX) {
		report(ld, src->display, line, ZL_ELIMIT, "$INCLUDE nested more than %d deep",
		       INCLUDE_DEPTH_MAX);
		return ZL_EPARSE;
	}
	char path[8192];
	const char *opt_dir = ld->opt->include_dir;
	include_path(opt_dir != NULL ? opt_dir : src->dir, file, path, sizeof(path));
	struct source inc;
	struct zl_error e;
	int opened;
	if (ld->opt->read_include != NULL) {
		opened = source_from_reader(ld, &inc, path, &e);
	} else {
		include_note(ld, src, line, file, path);
		opened = source_open(&inc, path, path, true, &e);
	}
	if (opened != ZL_OK) {
		report(ld, src->display, line, ZL_EIO, "$INCLUDE %s: %s", file, e.message);
		return ZL_EPARSE;
	}
	for (const struct source *open = src; open != NULL; open = open->parent) {
		if (open->dev == inc.dev && open->ino == inc.ino && open->dev != 0) {
			report(ld, src->display, line, ZL_EPARSE,
			       "$INCLUDE %s: an $INCLUDE loop: %s is being read already", file,
			       open->display);
			source_close(&inc);
			return ZL_EPARSE;
		}
	}
	inc.parent = src;
	inc.file = zone_store_add_file(ld->z, path);
	ld->depth++;
	int rc = load_source(ld, &inc, origin_text, (uint32_t)s->default_ttl);
	ld->depth--;
	source_close(&inc);
	return rc;
}

struct generate_ctx {
	struct loader *ld;
	zs_scanner_t *s;
	struct source *src;
	unsigned long line;
};

static int generate_emit(const char *text, size_t len, void *ctx)
{
	struct generate_ctx *g = ctx;
	int rc = scan(g->ld, g->s, g->src, text, len, g->line, g->line, NULL);
	return rc;
}

static int do_generate(struct loader *ld, zs_scanner_t *s, struct source *src, const char *args,
		       const char *end, unsigned long line)
{
	struct generate_ctx g = {ld, s, src, line};
	char msg[256];
	unsigned before = ld->errors;
	int rc = zone_generate(args, (size_t)(end - args), generate_emit, &g, msg, sizeof(msg));
	if (rc != ZL_OK && ld->errors == before)
		report(ld, src->display, line, rc, "%s", msg);
	return rc;
}

/* Scans a whole source: the text between our own directives goes to
 * libzscanner in one piece; $INCLUDE and $GENERATE are handled here. */
static int load_source(struct loader *ld, struct source *src, const char *origin_text,
		       uint32_t default_ttl)
{
	zs_scanner_t *s = zl_malloc_populated(sizeof(*s)); /* zs_init clears it whole */
	if (zs_init(s, origin_text, ZC_IN, default_ttl) != 0) {
		report(ld, src->display, 1, ZL_EPARSE, "bad origin '%s'", origin_text);
		free(s);
		return ZL_EPARSE;
	}
	free(s->path);
	s->path = zl_strdup(src->dir);
	source_strip_crlf(src);

	const char *start = src->text, *end = src->text + src->len, *p = start;
	unsigned long line = 1;
	int rc = ZL_OK;
	while (rc == ZL_OK && p <= end) {
		int kind = DIR_NONE;
		const char *d;
		if (ld->eager) {
			d = next_directive(p, start, end, end, &kind);
			if (d > p || d == end)
				rc = scan(ld, s, src, p, (size_t)(d - p), line, 0, NULL);
		} else if ((kind = directive_at(p, end)) != DIR_NONE) {
			d = p; /* p starts a line */
		} else {
			struct lookout lk = {start, end, p, NULL, DIR_NONE};
			rc = scan(ld, s, src, p, (size_t)(end - p), line, 0, &lk);
			d = lk.found != NULL ? lk.found : end;
			kind = lk.kind;
		}
		if (d == end)
			break;
		line += count_lines(p, d);
		const char *e = line_end(d, end);
		if (rc == ZL_OK) {
			size_t word = kind == DIR_INCLUDE ? 8 : 9;
			rc = kind == DIR_INCLUDE ? do_include(ld, s, src, d + word, e, line)
						 : do_generate(ld, s, src, d + word, e, line);
		}
		line++;
		p = e < end ? e + 1 : end;
		if (p == end)
			break;
	}
	zs_deinit(s);
	free(s);
	return ld->errors ? ZL_EPARSE : rc;
}

/* ---- entry points ---- */

bool zone_origin_from_filename(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	char name[1024];
	snprintf(name, sizeof(name), "%s", base);
	size_t len = strlen(name);
	static const char *const suffixes[] = {".zone", ".db", ".txt"};
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i]);
		if (len > sl && strcasecmp(name + len - sl, suffixes[i]) == 0) {
			name[len - sl] = '\0';
			len -= sl;
			break;
		}
	}
	char *n = name;
	if (strncasecmp(n, "db.", 3) == 0 && n[3] != '\0')
		n += 3;
	if (*n == '\0' || strchr(n, '/') != NULL)
		return false;
	uint8_t wire[ZONE_NAME_MAX];
	if (zone_name_from_text(n, NULL, wire, NULL) != ZL_OK)
		return false;
	zone_name_to_text(wire, out, size);
	return true;
}

/* Threads runnable on the machine right now, this one included: the
 * fourth field of /proc/loadavg ("running/total"); 0 when unknown. */
static unsigned long runnable_now(void)
{
	int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	char buf[128];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	const char *p = buf;
	for (int field = 0; field < 3 && p != NULL; field++) {
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	return p != NULL ? strtoul(p, NULL, 10) : 0;
}

/* Whether a second thread would have a CPU of its own: this process may
 * run on two CPUs (taskset and cpusets count) and fewer threads than that
 * are runnable on the machine, this one included. A store thread that has
 * to share a CPU with other work costs the scanner more than it saves it
 * (the single thread is then faster). */
static bool cpu_to_spare(void)
{
	size_t cpus = zl_cpu_count();
	if (cpus < 2)
		return false;
	unsigned long runnable = runnable_now();
	return runnable == 0 || runnable < cpus;
}

/* From which record a load takes its second thread (SIZE_MAX: none; see
 * struct loader): a large file's at once when a CPU is idle, else once
 * one is. runnable_now is a moment, and a kernel thread or a process
 * starting beside this one (the other end of a pipe, as in `zonelint lint
 * big.zone | less`) is runnable for a moment: deciding once had kept 13
 * of 40 loads of 1M-record zones on an otherwise idle machine in one
 * thread, and 8 of 58 piped into cat, tr or head, each about 1.5 times as
 * long (looking again: 0 of 40, 0 of 58). */
static size_t second_thread_from(const struct zone_load_options *opt, size_t len, bool *always)
{
	*always = true;
	if (opt->threads >= 2)
		return opt->second_thread_after;
	if (opt->threads == 1 || len < FEED_MIN)
		return SIZE_MAX;
	if (cpu_to_spare())
		return 0;
	*always = false;
	return FEED_RECHECK;
}

static int load(struct source *src, const char *path, const struct zone_load_options *opt_in,
		struct zone **out, struct zl_error *err)
{
	struct zone_load_options defaults = {0};
	const struct zone_load_options *opt = opt_in != NULL ? opt_in : &defaults;
	char origin_text[ZONE_TEXT_NAME_MAX] = ".";
	uint8_t forced[ZONE_NAME_MAX];
	bool guessed = false;
	if (opt->origin != NULL) {
		if (zone_name_from_text(opt->origin, NULL, forced, err) != ZL_OK)
			return ZL_EUSAGE;
		zone_name_to_text(forced, origin_text, sizeof(origin_text));
	} else if (!zone_origin_from_filename(path, origin_text, sizeof(origin_text))) {
		snprintf(origin_text, sizeof(origin_text), ".");
	} else {
		guessed = true;
	}
	bool feed_always;
	size_t feed_at = second_thread_from(opt, src->len, &feed_always);

	struct loader ld;
	bool fed = false; /* the store was built by a second thread (in part) */
	unsigned delivered = 0, notes_delivered = 0;
	int rc;
	for (bool eager = false;; eager = true) {
		memset(&ld, 0, sizeof(ld));
		ld.opt = opt;
		ld.err = err;
		ld.max_errors = opt->max_errors ? opt->max_errors : 50;
		ld.last_ttl = TTL_UNSET;
		ld.soa = ZONE_NONE;
		ld.eager = eager;
		ld.delivered = delivered;
		ld.notes_delivered = notes_delivered;
		ld.origin_guessed = guessed;
		ld.z = zone_store_new(src->len);
		ld.z->path = zl_strdup(path);
		src->file = zone_store_add_file(ld.z, path);
		ld.feed_at = feed_at;
		ld.feed_always = feed_always;
		ld.feed_text = src->text;
		ld.feed_len = src->len;
		if (feed_at == 0)
			take_second_thread(&ld);
		rc = load_source(&ld, src, origin_text, TTL_UNSET);
		fed = ld.feed != NULL;
		if (fed)
			zone_feed_finish(ld.feed, rc == ZL_OK && ld.errors == 0 && !ld.restart);
		else
			zone_store_flush(ld.z, &ld.cache);
		ld.feed = NULL;
		if (!ld.restart)
			break;
		delivered = ld.errors > delivered ? ld.errors : delivered;
		notes_delivered = ld.notes > notes_delivered ? ld.notes : notes_delivered;
		zone_free(ld.z);
	}
	if (rc != ZL_OK || ld.errors > 0) {
		if (ld.errors == 0)
			report(&ld, path, 0, rc, "cannot load zone");
		zone_free(ld.z);
		return err != NULL && err->code ? err->code : ZL_EPARSE;
	}

	if (ld.origin_note)
		note(&ld, src->display, ld.first_line,
		     "the origin %s is taken from the file name: the first record's owner is "
		     "relative and no $ORIGIN comes before it; if the zone is another name, give "
		     "--origin NAME or begin the file with $ORIGIN NAME.",
		     origin_text);
	/* The apex: --origin, else the SOA owner, else the origin in effect at
	 * the first record ($ORIGIN or the file name). */
	struct zone *z = ld.z;
	if (ld.class_known)
		z->rclass = ld.rclass;
	z->soa = ld.soa;
	uint8_t apex[ZONE_NAME_MAX];
	if (opt->origin != NULL)
		memcpy(apex, forced, zone_name_len(forced));
	else if (z->soa != ZONE_NONE)
		zone_node_name(z, z->rrs[z->soa].node, apex);
	else if (ld.first_origin_known)
		memcpy(apex, ld.first_origin, zone_name_len(ld.first_origin));
	else
		zone_name_from_text(origin_text, NULL, apex, NULL);
	z->origin_len = (uint8_t)zone_name_len(apex);
	memcpy(z->origin, apex, z->origin_len);
	zone_name_to_text(apex, z->origin_text, sizeof(z->origin_text));
	z->apex = zone_store_insert_name(z, apex, z->origin_len, &ld.cache);
	zone_store_trim(z);
	/* the CPU the store thread had is likely idle still: a look at
	 * runnable_now would be another moment that may miss it */
	zone_index_build(z, opt->threads >= 2 || (opt->threads == 0 && z->node_count >= INDEX_TWO_MIN &&
						  (fed || cpu_to_spare())));
	*out = z;
	return ZL_OK;
}

int zone_load_file(const char *path, const struct zone_load_options *opt, struct zone **out,
		   struct zl_error *err)
{
	*out = NULL;
	struct source src;
	struct zl_error local;
	int rc = source_open(&src, path, path, false, &local);
	if (rc != ZL_OK) {
		if (opt != NULL && opt->on_error != NULL)
			opt->on_error(&local, opt->ctx);
		if (err != NULL)
			*err = local;
		return rc;
	}
	rc = load(&src, path, opt, out, err);
	if (rc == ZL_OK)
		(*out)->path_id = (struct zone_file_id){true, (uint64_t)src.st.st_dev,
							(uint64_t)src.st.st_ino, src.st.st_size,
							src.st.st_mtim.tv_sec, src.st.st_mtim.tv_nsec};
	source_close(&src);
	return rc;
}

int zone_load_string(const char *text, size_t len, const char *name,
		     const struct zone_load_options *opt, struct zone **out, struct zl_error *err)
{
	*out = NULL;
	struct source src;
	memset(&src, 0, sizeof(src));
	src.display = name;
	src.text = text;
	src.len = len;
	char *copy = zl_strdup(name);
	src.dir = zl_strdup(dirname(copy));
	free(copy);
	int rc = load(&src, name, opt, out, err);
	free(src.owned);
	free(src.dir);
	return rc;
}
