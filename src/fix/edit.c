/* SPDX-License-Identifier: BSD-3-Clause */
/* fix/edit.c: line edits of a zone file (comment out, replace, insert after)
 * applied so that every untouched byte stays as it was, and the atomic
 * replacement of the file (temporary file, fsync, rename, directory fsync). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fix/fix.h"

#define COMMENT_PREFIX "; zonelint: was: "

void fix_edits_init(struct fix_edits *e)
{
	e->v = NULL;
	e->count = 0;
	e->cap = 0;
}

void fix_edits_free(struct fix_edits *e)
{
	for (size_t i = 0; i < e->count; i++)
		free(e->v[i].text);
	free(e->v);
	fix_edits_init(e);
}

void fix_edits_add(struct fix_edits *e, enum fix_edit_kind kind, size_t line, size_t count,
		   const char *text)
{
	e->v = zl_grow(e->v, &e->cap, e->count + 1, sizeof(*e->v));
	struct fix_edit *ed = &e->v[e->count++];
	ed->kind = kind;
	ed->line = line;
	ed->count = count;
	ed->text = text != NULL ? zl_strdup(text) : NULL;
}

/* ---- applying ---- */

struct order {
	const struct fix_edit *ed;
	size_t added; /* position in the list: inserts at one line keep it */
};

/* By line; at one line a range edit first (inserts after that line go
 * after what the range became), then inserts in the order they came. */
static int compare_order(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;
	if (a->ed->line != b->ed->line)
		return a->ed->line < b->ed->line ? -1 : 1;
	bool ai = a->ed->kind == FIX_EDIT_INSERT, bi = b->ed->kind == FIX_EDIT_INSERT;
	if (ai != bi)
		return ai ? 1 : -1;
	return a->added < b->added ? -1 : (a->added > b->added ? 1 : 0);
}

static bool has_text(const char *text)
{
	return text != NULL && text[0] != '\0';
}

/* Whether an insert with text follows line n, starting at o[k]. */
static bool text_inserted_after(const struct order *o, size_t count, size_t k, size_t n)
{
	for (; k < count && o[k].ed->line == n; k++)
		if (o[k].ed->kind == FIX_EDIT_INSERT && has_text(o[k].ed->text))
			return true;
	return false;
}

static const char *kind_name(enum fix_edit_kind k)
{
	switch (k) {
	case FIX_EDIT_COMMENT_OUT: return "comment-out";
	case FIX_EDIT_REPLACE: return "replace";
	case FIX_EDIT_INSERT: return "insert";
	}
	return "?";
}

/* Every edit within the file; range edits do not overlap one another, and no
 * insert lands strictly inside a range (its place would be ambiguous). */
static int check_edits(const struct fix_file *f, const struct order *o, size_t n,
		       struct zl_error *err)
{
	size_t range_end = 0; /* last line of the latest range edit, 0: none */
	size_t range_first = 0;
	for (size_t i = 0; i < n; i++) {
		const struct fix_edit *ed = o[i].ed;
		if (ed->kind == FIX_EDIT_INSERT) {
			if (ed->line > f->line_count)
				return zl_error_set(err, ZL_EUSAGE, f->path, 0,
						    "insert after line %zu, but the file has %zu lines",
						    ed->line, f->line_count);
			if (range_end != 0 && ed->line >= range_first && ed->line < range_end)
				return zl_error_set(err, ZL_EUSAGE, f->path, ed->line,
						    "insert inside lines %zu-%zu, which another edit changes",
						    range_first, range_end);
			continue;
		}
		if (ed->kind != FIX_EDIT_COMMENT_OUT && ed->kind != FIX_EDIT_REPLACE)
			return zl_error_set(err, ZL_EUSAGE, f->path, 0, "unknown edit kind %d",
					    (int)ed->kind);
		if (ed->line == 0 || ed->count == 0 || ed->count > f->line_count ||
		    ed->line > f->line_count - ed->count + 1)
			return zl_error_set(err, ZL_EUSAGE, f->path, 0,
					    "%s of lines %zu-%zu, but the file has %zu lines",
					    kind_name(ed->kind), ed->line, ed->line + ed->count - 1,
					    f->line_count);
		if (range_end != 0 && ed->line <= range_end)
			return zl_error_set(err, ZL_EUSAGE, f->path, ed->line,
					    "overlapping edits: %s of lines %zu-%zu meets lines %zu-%zu",
					    kind_name(ed->kind), ed->line, ed->line + ed->count - 1,
					    range_first, range_end);
		range_first = ed->line;
		range_end = ed->line + ed->count - 1;
	}
	return ZL_OK;
}

/* Bytes of line n with its newline, if it has one. */
static void put_line(struct zl_buf *b, const struct fix_file *f, size_t n)
{
	size_t start = f->line_start[n - 1], end = f->line_start[n];
	zl_buf_append(b, f->text + start, end - start);
}

/* Does the file end its lines with CR LF (its first line decides)? New
 * lines are then written so too, so that no file gets mixed endings. */
static bool uses_crlf(const struct fix_file *f)
{
	const char *nl = memchr(f->text, '\n', f->len);
	return nl != NULL && nl > f->text && nl[-1] == '\r';
}

/* A line end in the file's style. */
static void put_newline(struct zl_buf *b, bool crlf)
{
	if (crlf)
		zl_buf_putc(b, '\r');
	zl_buf_putc(b, '\n');
}

/* Text made of whole lines, each ending in the file's style; a missing
 * last newline is supplied. */
static void put_text(struct zl_buf *b, const char *text, bool crlf)
{
	if (text == NULL || text[0] == '\0')
		return;
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\n' && (p == text || p[-1] != '\r'))
			put_newline(b, crlf);
		else
			zl_buf_putc(b, *p);
	}
	if (b->data[b->len - 1] != '\n')
		put_newline(b, crlf);
}

int fix_apply(const struct fix_file *f, const struct fix_edits *e, char **out, size_t *out_len,
	      struct zl_error *err)
{
	*out = NULL;
	*out_len = 0;
	struct order *o = zl_calloc(e->count ? e->count : 1, sizeof(*o));
	for (size_t i = 0; i < e->count; i++) {
		o[i].ed = &e->v[i];
		o[i].added = i;
	}
	qsort(o, e->count, sizeof(*o), compare_order);
	int rc = check_edits(f, o, e->count, err);
	if (rc != ZL_OK) {
		free(o);
		return rc;
	}

	bool final_newline = f->len == 0 || f->text[f->len - 1] == '\n';
	bool crlf = uses_crlf(f);
	struct zl_buf b;
	zl_buf_init(&b);
	zl_buf_append(&b, "", 0);
	size_t k = 0; /* next edit in o */
	for (size_t n = 0; n <= f->line_count;) {
		size_t last = n; /* the line after which inserts come */
		if (n > 0) {
			const struct fix_edit *ed =
				k < e->count && o[k].ed->line == n && o[k].ed->kind != FIX_EDIT_INSERT
					? o[k].ed
					: NULL;
			if (ed == NULL) {
				put_line(&b, f, n);
			} else if (ed->kind == FIX_EDIT_COMMENT_OUT) {
				for (size_t i = n; i < n + ed->count; i++) {
					zl_buf_puts(&b, COMMENT_PREFIX);
					put_line(&b, f, i);
				}
				last = n + ed->count - 1;
				k++;
			} else {
				size_t before = b.len;
				put_text(&b, ed->text, crlf);
				last = n + ed->count - 1;
				k++;
				/* The file's last line had no newline: keep it that
				 * way unless a line is inserted after it. */
				if (last == f->line_count && !final_newline &&
				    !text_inserted_after(o, e->count, k, last) &&
				    b.len > before) {
					b.len -= crlf && b.len - before >= 2 ? 2 : 1;
					b.data[b.len] = '\0';
				}
			}
		}
		while (k < e->count && o[k].ed->line == last) {
			/* o[k] is an insert: check_edits refused the rest. After
			 * a last line without newline, the insert supplies one. */
			const char *text = o[k].ed->text;
			if (has_text(text) && b.len > 0 && b.data[b.len - 1] != '\n')
				put_newline(&b, crlf);
			put_text(&b, text, crlf);
			k++;
		}
		n = last + 1;
	}
	free(o);
	*out_len = b.len;
	*out = zl_buf_steal(&b);
	return ZL_OK;
}

/* ---- atomic write ---- */

static bool same_file(const struct fix_file *f, const struct stat *st)
{
	return st->st_dev == f->dev && st->st_ino == f->ino && st->st_size == f->size &&
	       st->st_mtim.tv_sec == f->mtime.tv_sec && st->st_mtim.tv_nsec == f->mtime.tv_nsec;
}

static int changed_error(const struct fix_file *f, struct zl_error *err)
{
	return zl_error_set(err, ZL_ECHANGED, NULL, 0,
			    "cannot write %s: it changed since it was read; nothing written",
			    f->path);
}

static int write_error(const struct fix_file *f, int e, struct zl_error *err)
{
	return zl_error_set(err, ZL_EIO, NULL, 0, "cannot write %s: %s", f->path, strerror(e));
}

static int write_all(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The directory of path and its last component, for the temporary file and
 * the directory fsync. Both are owned by the caller. */
static void split_path(const char *path, char **dir, char **base)
{
	char *d = zl_strdup(path), *b = zl_strdup(path);
	*dir = zl_strdup(dirname(d));
	*base = zl_strdup(basename(b));
	free(d);
	free(b);
}

/* fsync of the directory makes the rename itself durable (the file's own
 * fsync does not cover the directory entry). Some filesystems refuse to
 * fsync a directory (EINVAL): nothing more can be done there. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	int e = 0;
	if (fsync(fd) != 0 && errno != EINVAL)
		e = errno;
	close(fd);
	return e;
}

int fix_write_atomic(const struct fix_file *f, const char *text, size_t len, struct zl_error *err)
{
	struct stat st;
	if (stat(f->path, &st) != 0) {
		if (errno == ENOENT)
			return changed_error(f, err);
		return write_error(f, errno, err);
	}
	if (!same_file(f, &st))
		return changed_error(f, err);
	/* A file nobody may write was made read-only on purpose: replacing it
	 * by rename would get around that, so refuse (root included). */
	if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 ||
	    faccessat(AT_FDCWD, f->path, W_OK, AT_EACCESS) != 0)
		return write_error(f, EACCES, err);

	/* Replace the file a symbolic link points to, not the link. */
	char *real = realpath(f->path, NULL);
	if (real == NULL)
		return write_error(f, errno, err);
	char *dir, *base;
	split_path(real, &dir, &base);
	struct zl_buf tmp;
	zl_buf_init(&tmp);
	zl_buf_printf(&tmp, "%s/.%s.zonelint-XXXXXX", dir, base);

	int rc = ZL_OK;
	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		rc = write_error(f, errno, err);
		goto out;
	}
	if (write_all(fd, text, len) != 0 || fsync(fd) != 0 || fchmod(fd, f->mode) != 0) {
		rc = write_error(f, errno, err);
		close(fd);
		goto remove;
	}
	/* Keep owner and group where we may (root editing a file of bind's);
	 * where we may not, the file becomes ours, as with any editor. */
	if (st.st_uid != geteuid() || st.st_gid != getegid()) {
		if (fchown(fd, st.st_uid, st.st_gid) != 0 && fchown(fd, (uid_t)-1, st.st_gid) != 0) {
			/* neither: keep our own ownership */
		}
		/* chown may clear set-id bits: give the mode back */
		if (fchmod(fd, f->mode) != 0) {
			rc = write_error(f, errno, err);
			close(fd);
			goto remove;
		}
	}
	if (close(fd) != 0) {
		rc = write_error(f, errno, err);
		goto remove;
	}
	/* Last look before the rename: another writer may have been at work
	 * while we wrote. What happens between this stat and the rename cannot
	 * be seen without locks that zone editors do not take. */
	if (stat(f->path, &st) != 0 || !same_file(f, &st)) {
		rc = changed_error(f, err);
		goto remove;
	}
	if (rename(tmp.data, real) != 0) {
		rc = write_error(f, errno, err);
		goto remove;
	}
	int e = sync_dir(dir);
	if (e != 0)
		rc = zl_error_set(err, ZL_EIO, NULL, 0,
				  "%s was replaced, but syncing its directory failed: %s", f->path,
				  strerror(e));
	goto out;
remove:
	unlink(tmp.data);
out:
	zl_buf_free(&tmp);
	free(dir);
	free(base);
	free(real);
	return rc;
}
