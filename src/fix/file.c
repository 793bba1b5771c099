/* SPDX-License-Identifier: BSD-3-Clause */
/* fix/file.c: a zone file as read for editing: its exact bytes, an index of
 * its lines, and the identity (device, inode, size, mtime, mode) that
 * fix_write_atomic checks before it replaces the file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fix/fix.h"

/* Reads all of fd; the buffer is NUL-terminated and owned by the caller. */
static int read_all(int fd, const char *path, size_t hint, char **data, size_t *len,
		    struct zl_error *err)
{
	struct zl_buf b;
	zl_buf_init(&b);
	b.data = zl_grow(b.data, &b.cap, hint + 1, 1);
	for (;;) {
		if (b.cap - b.len < 4096)
			b.data = zl_grow(b.data, &b.cap, b.len + 65536, 1);
		ssize_t n = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			zl_buf_free(&b);
			return zl_error_set(err, ZL_EIO, path, 0, "cannot read: %s", strerror(e));
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
	}
	b.data[b.len] = '\0';
	*len = b.len;
	*data = b.data;
	return ZL_OK;
}

/* line_start gets one entry a line plus one for the end, so that line n
 * always ends where line n+1 starts. */
static void index_lines(struct fix_file *f)
{
	size_t count = 0;
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] == '\n')
			count++;
	if (f->len > 0 && f->text[f->len - 1] != '\n')
		count++; /* a last line without newline is still a line */
	f->line_count = count;
	f->line_start = zl_malloc((count + 1) * sizeof(size_t));
	size_t n = 0;
	if (count > 0)
		f->line_start[n++] = 0;
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] == '\n' && i + 1 < f->len)
			f->line_start[n++] = i + 1;
	f->line_start[n] = f->len;
}

int fix_file_read(const char *path, struct fix_file *f, struct zl_error *err)
{
	memset(f, 0, sizeof(*f));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return zl_error_set(err, ZL_EIO, path, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return zl_error_set(err, ZL_EIO, path, 0, "cannot read: %s", strerror(e));
	}
	/* Only a regular file can be replaced by rename without surprises. */
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return zl_error_set(err, ZL_EIO, path, 0, "not a regular file");
	}
	char *text = NULL;
	size_t len = 0;
	int rc = read_all(fd, path, (size_t)st.st_size, &text, &len, err);
	close(fd);
	if (rc != ZL_OK)
		return rc;
	f->path = zl_strdup(path);
	f->text = text;
	f->len = len;
	f->dev = st.st_dev;
	f->ino = st.st_ino;
	f->size = st.st_size;
	f->mtime = st.st_mtim;
	f->mode = st.st_mode & 07777;
	index_lines(f);
	return ZL_OK;
}

void fix_file_free(struct fix_file *f)
{
	if (f == NULL)
		return;
	free(f->path);
	free(f->text);
	free(f->line_start);
	memset(f, 0, sizeof(*f));
}

const char *fix_file_line(const struct fix_file *f, size_t n, size_t *len)
{
	if (n == 0 || n > f->line_count) {
		*len = 0;
		return NULL;
	}
	size_t start = f->line_start[n - 1], end = f->line_start[n];
	if (end > start && f->text[end - 1] == '\n')
		end--;
	*len = end - start;
	return f->text + start;
}
