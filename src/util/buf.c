/* SPDX-License-Identifier: BSD-3-Clause */
/* util/buf.c: growable NUL-terminated byte strings and whole-file reads. */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"

void zl_buf_init(struct zl_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void zl_buf_free(struct zl_buf *b)
{
	free(b->data);
	zl_buf_init(b);
}

void zl_buf_reset(struct zl_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static void reserve(struct zl_buf *b, size_t extra)
{
	b->data = zl_grow(b->data, &b->cap, b->len + extra + 1, 1);
}

void zl_buf_append(struct zl_buf *b, const void *data, size_t len)
{
	reserve(b, len);
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void zl_buf_puts(struct zl_buf *b, const char *s)
{
	zl_buf_append(b, s, strlen(s));
}

void zl_buf_putc(struct zl_buf *b, char c)
{
	zl_buf_append(b, &c, 1);
}

void zl_buf_vprintf(struct zl_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void zl_buf_printf(struct zl_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	zl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *zl_buf_steal(struct zl_buf *b)
{
	if (b->data == NULL) {
		reserve(b, 0);
		b->data[0] = '\0';
	}
	char *p = b->data;
	zl_buf_init(b);
	return p;
}

int zl_file_read(const char *path, char **data, size_t *len, struct zl_error *err)
{
	return zl_file_read_max(path, SIZE_MAX, data, len, err);
}

static int too_large(const char *path, size_t max, struct zl_error *err)
{
	if (max % (1u << 20) == 0)
		return zl_error_set(err, ZL_ELIMIT, path, 0, "larger than %zu MiB", max >> 20);
	return zl_error_set(err, ZL_ELIMIT, path, 0, "larger than %zu octets", max);
}

int zl_file_read_max(const char *path, size_t max, char **data, size_t *len,
		     struct zl_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return zl_error_set(err, ZL_EIO, path, 0, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		int e = S_ISDIR(st.st_mode) ? EISDIR : errno;
		close(fd);
		return zl_error_set(err, ZL_EIO, path, 0, "cannot read: %s", strerror(e));
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
		close(fd);
		return too_large(path, max, err);
	}
	struct zl_buf b;
	zl_buf_init(&b);
	reserve(&b, S_ISREG(st.st_mode) ? (size_t)st.st_size : 4096);
	for (;;) {
		reserve(&b, 65536);
		ssize_t n = read(fd, b.data + b.len, b.cap - b.len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			zl_buf_free(&b);
			return zl_error_set(err, ZL_EIO, path, 0, "cannot read: %s", strerror(e));
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		if (b.len > max) {
			close(fd);
			zl_buf_free(&b);
			return too_large(path, max, err);
		}
	}
	b.data[b.len] = '\0';
	close(fd);
	*len = b.len;
	*data = zl_buf_steal(&b);
	return ZL_OK;
}
